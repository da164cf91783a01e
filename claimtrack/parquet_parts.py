"""Draft bundles as Parquet: the parts `extract --dask … --part-format parquet` writes and
`load` reads.

One row per article's bundle, in three columns: `article` (a struct of the article's
fields, its text included, so `load` checks every quote against it), `actors` (a list
of the actors the bundle declares) and `statements` (a list of statement structs with
the fields of the load format; `evidence`, whose shape is the extractor's business, as
a JSON string). The schema is fixed, so every part of a run has the same one and DuckDB
or Polars read a folder of parts as one table. A field a bundle holds that the schema
lacks is an error, never dropped in silence. pyarrow is optional: imported here only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from claimtrack.model import STATEMENT_FIELDS, ClaimtrackError

INSTALL_HINT = "Parquet parts need pyarrow: pip install 'claimtrack[parquet]'"
#: Bundles per row group: a part is written as its articles are drafted.
ROW_GROUP = 256
_ARTICLE_COLUMNS = ("id", "title", "outlet", "url", "published", "published_basis", "text")
_ACTOR_COLUMNS = ("id", "name", "side", "kind", "parent", "aliases")
_STATEMENT_COLUMNS = (*STATEMENT_FIELDS, "evidence")
_INTEGERS = {"start", "end"}
_LISTS = {"aliases", "replies_to"}


def require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ClaimtrackError(INSTALL_HINT) from None


def bundle_schema() -> Any:
    import pyarrow as pa

    def struct(names: tuple[str, ...]) -> Any:
        return pa.struct([(name, _column_type(name)) for name in names])

    return pa.schema(
        [
            ("article", struct(_ARTICLE_COLUMNS)),
            ("actors", pa.list_(struct(_ACTOR_COLUMNS))),
            ("statements", pa.list_(struct(_STATEMENT_COLUMNS))),
        ]
    )


def _column_type(name: str) -> Any:
    import pyarrow as pa

    if name in _INTEGERS:
        return pa.int64()
    if name in _LISTS:
        return pa.list_(pa.string())
    return pa.string()


def write_bundles(bundles: Iterable[dict[str, Any]], target: Path) -> None:
    """Write the bundles to `target`, a row group at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = bundle_schema()
    with pq.ParquetWriter(target, schema) as writer:
        group: list[dict[str, Any]] = []
        for bundle in bundles:
            group.append(_row(bundle))
            if len(group) == ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(group, schema=schema))
                group = []
        writer.write_table(pa.Table.from_pylist(group, schema=schema))


def _row(bundle: dict[str, Any]) -> dict[str, Any]:
    where = f"bundle of article {bundle.get('article', {}).get('id')!r}"
    statements = []
    for statement in bundle.get("statements", []):
        statement = dict(statement)
        if "evidence" in statement:
            statement["evidence"] = json.dumps(statement["evidence"], ensure_ascii=False)
        statements.append(_known(statement, _STATEMENT_COLUMNS, where))
    return {
        "article": _known(bundle.get("article", {}), _ARTICLE_COLUMNS, where),
        "actors": [_known(a, _ACTOR_COLUMNS, where) for a in bundle.get("actors", [])],
        "statements": statements,
    }


def _known(record: dict[str, Any], columns: tuple[str, ...], where: str) -> dict[str, Any]:
    unknown = set(record) - set(columns)
    if unknown:
        raise ClaimtrackError(f"{where}: field {sorted(unknown)[0]!r} has no Parquet column")
    return record


def read_bundles(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number from 1, bundle) for every row of a part; a field left empty is left
    out of the bundle, as it was when written."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ClaimtrackError(f"{path}: {INSTALL_HINT}") from None
    try:
        handle = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a file it cannot read
        raise ClaimtrackError(f"{path}: not a Parquet file ({exc})") from None
    wanted = {"article", "actors", "statements"}
    if not wanted <= set(handle.schema_arrow.names):
        raise ClaimtrackError(
            f"{path}: not a part of draft bundles (expected the columns article, actors, "
            "statements that extract --part-format parquet writes)"
        )
    number = 0
    for batch in handle.iter_batches(columns=sorted(wanted)):
        for row in batch.to_pylist():
            number += 1
            yield number, _bundle(row)


def _bundle(row: dict[str, Any]) -> dict[str, Any]:
    statements = []
    for statement in row["statements"] or []:
        statement = _present(statement)
        if isinstance(statement.get("evidence"), str):
            statement["evidence"] = json.loads(statement["evidence"])
        statements.append(statement)
    bundle: dict[str, Any] = {"statements": statements}
    if row["article"] is not None:
        bundle["article"] = _present(row["article"])
    if row["actors"]:
        bundle["actors"] = [_present(a) for a in row["actors"]]
    return bundle


def _present(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value is not None}

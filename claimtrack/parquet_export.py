"""The database as Parquet files, for the analysis engines people already use.

`claimtrack export parquet DIR` writes one file per table (statements, actors, aliases,
articles, reply_links) and one for the comparison view, so DuckDB, Polars, Spark or
pandas read claimtrack's data without SQLite. Rows stream out in batches; column types
follow the SQLite declarations (an undeclared view column takes the type of its first
value) unless _COMPUTED names it. pyarrow is optional: imported here only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtrack.model import ClaimtrackError

INSTALL_HINT = "export parquet needs pyarrow: pip install 'claimtrack[parquet]'"
#: What is exported, in this order: the tables, then the view `compare` prints.
RELATIONS = ("statements", "actors", "aliases", "articles", "reply_links", "comparison")
_BATCH = 50_000
#: View columns computed by an expression carry no declared type.
_COMPUTED = {("comparison", "lag_days"): "INTEGER"}


@dataclass
class ExportReport:
    written: list[tuple[Path, int]]

    def summary(self) -> str:
        parts = ", ".join(f"{path.stem} {rows}" for path, rows in self.written)
        folder = self.written[0][0].parent if self.written else ""
        return f"wrote {len(self.written)} Parquet files to {folder} (rows: {parts})"


def export_parquet(conn: sqlite3.Connection, out: Path) -> ExportReport:
    """Write every relation of RELATIONS to out/<name>.parquet."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ClaimtrackError(INSTALL_HINT) from None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClaimtrackError(f"{out}: cannot create folder ({exc.strerror or exc})") from None
    return ExportReport([(out / f"{name}.parquet", _write(conn, name, out)) for name in RELATIONS])


def _write(conn: sqlite3.Connection, name: str, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (column, _arrow_type(conn, name, column, declared))
            for column, declared in _columns(conn, name)
        ]
    )
    cursor = conn.execute(f"SELECT {', '.join(schema.names)} FROM {name}")
    target = out / f"{name}.parquet"
    count = 0
    try:
        with pq.ParquetWriter(target, schema) as writer:
            while rows := cursor.fetchmany(_BATCH):
                columns = [list(values) for values in zip(*rows)]
                writer.write_table(pa.Table.from_arrays(columns, schema=schema))
                count += len(rows)
            if not count:
                writer.write_table(schema.empty_table())
    except OSError as exc:
        raise ClaimtrackError(f"{target}: cannot write ({exc})") from None
    return count


def _columns(conn: sqlite3.Connection, name: str) -> list[tuple[str, str]]:
    return [(row[1], row[2].upper()) for row in conn.execute(f"PRAGMA table_info({name})")]


def _arrow_type(conn: sqlite3.Connection, name: str, column: str, declared: str) -> Any:
    import pyarrow as pa

    declared = declared or _COMPUTED.get((name, column), "")
    if not declared:
        row = conn.execute(
            f"SELECT typeof({column}) FROM {name} WHERE {column} IS NOT NULL LIMIT 1"
        ).fetchone()
        declared = {"integer": "INTEGER", "real": "REAL"}.get(row[0] if row else "", "TEXT")
    if "INT" in declared:
        return pa.int64()
    if any(word in declared for word in ("REAL", "FLOA", "DOUB")):
        return pa.float64()
    return pa.string()

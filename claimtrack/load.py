"""Loading bundles (.json), statements (.jsonl, .csv) and folders of them.

A load is all or nothing: every record is read and checked first (fields, actors, dates,
quotes against their article's text, reply links), and only a load with no error
writes, in one transaction. Errors name the file, the line or record, the field and what
was expected, so the user can fix the input without guessing.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.actors import Actor, ActorRegistry
from claimtrack.dates import PartialDate, parse_date, resolve_phrase
from claimtrack.db import write_transaction
from claimtrack.model import (
    ACTOR_FIELDS,
    ARTICLE_FIELDS,
    BUNDLE_KEYS,
    REPLY_KINDS,
    ROLES,
    SIDES,
    STATEMENT_INPUT_FIELDS,
    ClaimtrackError,
)
from claimtrack.store import (
    existing_rows,
    load_registry,
    replace_aliases,
    set_curated_links,
    statement_roles,
    upsert_rows,
)

LOADABLE_SUFFIXES = (".json", ".jsonl", ".csv")


@dataclass
class Record:
    """One input record and where it came from, for error messages."""

    where: str
    data: dict[str, Any]
    folder: Path
    from_csv: bool = False

    def fail(self, field_name: str | None, expected: str) -> ClaimtrackError:
        name = f": field '{field_name}'" if field_name else ""
        return ClaimtrackError(f"{self.where}{name}: {expected}")


@dataclass
class LoadReport:
    """What a load found and did, counted per table."""

    files: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False

    def count(self, table: str, outcome: str, n: int = 1) -> None:
        per_table = self.counts.setdefault(table, {"new": 0, "updated": 0, "unchanged": 0})
        per_table[outcome] = per_table.get(outcome, 0) + n

    def summary(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        parts = []
        for table in ("statements", "articles", "actors", "links"):
            c = self.counts.get(table)
            if not c:
                continue
            text = f"{table}: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged"
            if c.get("removed"):
                text += f", {c['removed']} removed"
            parts.append(text)
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        return f"{verb} {files}; " + "; ".join(parts or ["nothing to load"])

    @property
    def changed(self) -> bool:
        return any(c["new"] or c["updated"] or c.get("removed") for c in self.counts.values())


# ---------------------------------------------------------------- reading files


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The loadable files named, folders walked in sorted order (actors.json first, so a
    registry loads before the bundles that use it, though order does not matter)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in LOADABLE_SUFFIXES and p.is_file()
                )
                if not found:
                    raise ClaimtrackError(f"{path}: no .json, .jsonl or .csv files in this folder")
                files.extend(found)
            elif path.is_file():
                if path.suffix.lower() not in LOADABLE_SUFFIXES:
                    raise ClaimtrackError(
                        f"{path}: cannot load a '{path.suffix}' file; expected .json (bundle), "
                        ".jsonl or .csv (statements)"
                    )
                files.append(path)
            else:
                raise ClaimtrackError(f"{path}: no such file or folder")
        except OSError as exc:
            raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return files


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ClaimtrackError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_file(path: Path) -> Iterator[tuple[str, Record]]:
    """Yield ("article" | "actor" | "statement", record) for every record in a file."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        yield from _read_bundle(path)
    elif suffix == ".jsonl":
        yield from _read_jsonl(path)
    else:
        yield from _read_csv(path)


def _read_bundle(path: Path) -> Iterator[tuple[str, Record]]:
    text = _read_text(path)
    if not text.strip():
        raise ClaimtrackError(f"{path}: empty file, expected a JSON bundle object")
    try:
        bundle = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClaimtrackError(
            f"{path}:{exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    if not isinstance(bundle, dict):
        raise ClaimtrackError(
            f'{path}: expected a bundle object {{"article", "actors", "statements"}}, '
            f"got a JSON {type(bundle).__name__}"
        )
    unknown = set(bundle) - BUNDLE_KEYS
    if unknown:
        raise ClaimtrackError(
            f"{path}: unknown key '{sorted(unknown)[0]}'; a bundle has article, actors, statements"
        )
    if "article" in bundle:
        yield "article", Record(f"{path}: article", bundle["article"], path.parent)
    for key, kind in (("actors", "actor"), ("statements", "statement")):
        items = bundle.get(key, [])
        if not isinstance(items, list):
            raise ClaimtrackError(f"{path}: '{key}' must be a list")
        for index, item in enumerate(items):
            label = f"{path}: {key}[{index}]"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f" (id {item['id']})"
            yield kind, Record(label, item, path.parent)


def _read_jsonl(path: Path) -> Iterator[tuple[str, Record]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        empty = True
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                empty = False
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ClaimtrackError(
                        f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno})"
                    ) from None
                yield "statement", Record(f"{path}:{number}", item, path.parent)
        except UnicodeDecodeError as exc:
            raise ClaimtrackError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if empty:
        raise ClaimtrackError(f"{path}: empty file, expected one JSON statement per line")


def _read_csv(path: Path) -> Iterator[tuple[str, Record]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        try:
            reader = csv.DictReader(handle)
            if not reader.fieldnames:
                raise ClaimtrackError(f"{path}: empty file, expected a CSV header row")
            unknown = [f for f in reader.fieldnames if f not in STATEMENT_INPUT_FIELDS]
            if unknown:
                raise ClaimtrackError(
                    f"{path}:1: unknown column '{unknown[0]}'; expected columns from: "
                    + ", ".join(sorted(STATEMENT_INPUT_FIELDS))
                )
            rows = 0
            for row in reader:
                rows += 1
                where = f"{path}:{reader.line_num}"
                if None in row:
                    raise ClaimtrackError(f"{where}: more cells than the header has columns")
                item = {k: (v if v != "" else None) for k, v in row.items()}
                if "replies_to" in item:
                    raw = item["replies_to"] or ""
                    item["replies_to"] = [p.strip() for p in raw.split(";") if p.strip()]
                yield "statement", Record(where, item, path.parent, from_csv=True)
        except csv.Error as exc:
            raise ClaimtrackError(f"{path}:{reader.line_num}: not valid CSV ({exc})") from None
        except UnicodeDecodeError as exc:
            raise ClaimtrackError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    if not rows:
        raise ClaimtrackError(f"{path}: no statement rows under the header")


# ---------------------------------------------------------------- field checks


def _require_object(record: Record, what: str) -> dict[str, Any]:
    if not isinstance(record.data, dict):
        raise record.fail(
            None, f"expected a JSON object ({what}), got {type(record.data).__name__}"
        )
    return record.data


def _check_fields(record: Record, allowed: frozenset[str]) -> None:
    import difflib

    for name in record.data:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise record.fail(name, f"unknown field{hint}")


def _text(record: Record, name: str, required: bool = False) -> str | None:
    value = record.data.get(name)
    if value is None:
        if required:
            raise record.fail(name, "missing; expected a non-empty string")
        return None
    if not isinstance(value, str):
        raise record.fail(name, f"expected a string, got {type(value).__name__} {value!r}")
    if required and not value.strip():
        raise record.fail(name, "empty; expected a non-empty string")
    return value


def _choice(record: Record, name: str, choices: Iterable[str], required: bool) -> str | None:
    value = _text(record, name, required)
    if value is None:
        return None
    choices = tuple(choices)
    if value not in choices:
        raise record.fail(name, f"expected one of {', '.join(choices)}; got {value!r}")
    return value


def _offset(record: Record, name: str) -> int | None:
    value = record.data.get(name)
    if value is None:
        return None
    if record.from_csv and isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise record.fail(name, f"expected a non-negative integer, got {value!r}")
    return value


def _date(record: Record, name: str) -> PartialDate | None:
    value = _text(record, name)
    if value is None or not value.strip():
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise record.fail(name, f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY): {exc}") from None


# ---------------------------------------------------------------- the plan


@dataclass
class LoadPlan:
    """Everything a load will write, checked and in database form."""

    actors: dict[str, Actor] = field(default_factory=dict)
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)
    statements: dict[str, dict[str, Any]] = field(default_factory=dict)
    replies: dict[str, list[str]] = field(default_factory=dict)
    files: int = 0


def plan_load(conn: sqlite3.Connection, paths: Iterable[str | Path]) -> LoadPlan:
    """Read and check every record of every file; raise ClaimtrackError at the first problem."""
    files = collect_files(paths)
    plan = LoadPlan(files=len(files))
    records: dict[str, list[Record]] = {"article": [], "actor": [], "statement": []}
    for path in files:
        for kind, record in read_file(path):
            records[kind].append(record)

    registry = load_registry(conn)
    _plan_actors(plan, registry, records["actor"])
    _plan_articles(plan, records["article"])
    _plan_statements(plan, conn, registry, records["statement"])
    return plan


def _plan_actors(plan: LoadPlan, registry: ActorRegistry, records: list[Record]) -> None:
    seen: dict[str, str] = {}
    for record in records:
        _require_object(record, "an actor")
        _check_fields(record, ACTOR_FIELDS)
        actor_id = _text(record, "id", required=True)
        if actor_id in seen:
            raise record.fail("id", f"duplicate actor id {actor_id!r}, first at {seen[actor_id]}")
        seen[actor_id] = record.where
        aliases = record.data.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise record.fail("aliases", "expected a list of strings")
        actor = Actor(
            id=actor_id,
            name=_text(record, "name", required=True),
            side=_choice(record, "side", SIDES, required=True),
            kind=_text(record, "kind"),
            parent=_text(record, "parent"),
            aliases=list(dict.fromkeys(aliases)),
        )
        try:
            registry.add(actor)
        except ClaimtrackError as exc:
            raise record.fail("aliases", str(exc)) from None
        plan.actors[actor_id] = actor
    for record in records:
        actor = plan.actors[record.data["id"]]
        if actor.parent:
            try:
                actor.parent = registry.resolve(actor.parent).id
            except ClaimtrackError as exc:
                raise record.fail("parent", str(exc)) from None
            if actor.id in registry.lineage(actor.parent):
                raise record.fail("parent", f"{actor.parent!r} would make a cycle of parents")


def _plan_articles(plan: LoadPlan, records: list[Record]) -> None:
    seen: dict[str, str] = {}
    for record in records:
        _require_object(record, "an article")
        _check_fields(record, ARTICLE_FIELDS)
        article_id = _text(record, "id", required=True)
        if article_id in seen:
            raise record.fail(
                "id", f"duplicate article id {article_id!r}, first at {seen[article_id]}"
            )
        seen[article_id] = record.where
        text = _text(record, "text")
        text_file = _text(record, "text_file")
        if text is None and text_file is None:
            raise record.fail("text", "missing; give the article's text or a text_file")
        if text is None:
            path = record.folder / text_file
            if not path.is_file():
                raise record.fail("text_file", f"no such file {str(path)!r}")
            text = _read_text(path)
        published = _date(record, "published")
        plan.articles[article_id] = {
            "id": article_id,
            "title": _text(record, "title"),
            "outlet": _text(record, "outlet"),
            "url": _text(record, "url"),
            "published": published.iso if published else None,
            "published_basis": _text(record, "published_basis"),
            "text": text,
        }


def _plan_statements(
    plan: LoadPlan, conn: sqlite3.Connection, registry: ActorRegistry, records: list[Record]
) -> None:
    seen: dict[str, str] = {}
    texts: dict[str, tuple[str, str | None]] = {}
    replies_where: dict[str, Record] = {}
    for record in records:
        _require_object(record, "a statement")
        _check_fields(record, STATEMENT_INPUT_FIELDS)
        statement_id = _text(record, "id", required=True)
        if statement_id in seen:
            raise record.fail("id", f"duplicate id {statement_id!r}, first at {seen[statement_id]}")
        seen[statement_id] = record.where
        row = _statement_row(record, registry, _article_text(plan, conn, texts, record))
        plan.statements[statement_id] = row
        replies = record.data.get("replies_to")
        if replies is not None:
            if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
                raise record.fail("replies_to", "expected a list of statement ids")
            if replies and row["role"] != "response":
                raise record.fail("replies_to", "only a response can reply to allegations")
            plan.replies[statement_id] = list(dict.fromkeys(replies))
            replies_where[statement_id] = record
    _check_replies(plan, conn, replies_where)


def _article_text(
    plan: LoadPlan,
    conn: sqlite3.Connection,
    cache: dict[str, tuple[str, str | None]],
    record: Record,
) -> tuple[str, str, str | None]:
    article_id = _text(record, "article", required=True)
    if article_id in plan.articles:
        article = plan.articles[article_id]
        return article_id, article["text"], article["published"]
    if article_id not in cache:
        row = conn.execute(
            "SELECT text, published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise record.fail(
                "article",
                f"no article {article_id!r} in this load or the database; load its bundle",
            )
        cache[article_id] = (row[0], row[1])
    text, published = cache[article_id]
    return article_id, text, published


def _statement_row(
    record: Record, registry: ActorRegistry, article: tuple[str, str, str | None]
) -> dict[str, Any]:
    article_id, text, published = article
    role = _choice(record, "role", ROLES, required=True)
    kind = _choice(record, "kind", REPLY_KINDS, required=role == "response")
    if role == "allegation" and kind is not None:
        raise record.fail("kind", "an allegation has no reply kind; leave it empty")
    speaker = _actor(record, registry, "speaker", required=True)
    target = _actor(record, registry, "target", required=role == "allegation")
    if kind == "counter-accusation" and target is None:
        raise record.fail("target", "a counter-accusation needs the actor it accuses")
    for name, actor in (("speaker_side", speaker), ("target_side", target)):
        side = _choice(record, name, SIDES, required=False)
        if side and actor and side != actor.side:
            raise record.fail(
                name, f"{actor.name!r} is on side {actor.side!r} in the registry, not {side!r}"
            )

    quote = _text(record, "quote", required=True)
    start, end = _offset(record, "start"), _offset(record, "end")
    if start is None and end is None:
        start = text.find(quote)
        if start < 0:
            raise record.fail(
                "quote", f"not found in the text of article {article_id!r}; quote it exactly"
            )
        end = start + len(quote)
    elif start is None or end is None:
        raise record.fail(
            "start" if start is None else "end", "give both start and end, or neither"
        )
    elif text[start:end] != quote:
        where = text.find(quote)
        hint = (
            f"; the quote is at {where}-{where + len(quote)}"
            if where >= 0
            else "; quote not in the text"
        )
        raise record.fail(
            "quote", f"text[{start}:{end}] of article {article_id!r} is not the quote{hint}"
        )

    phrase = _text(record, "date_phrase")
    when = _date(record, "date")
    if when is None and phrase and published:
        when = resolve_phrase(
            phrase,
            date.fromisoformat(published[:10])
            if len(published) == 10
            else parse_date(published).last,
        )
    topic = _text(record, "topic")
    return {
        "id": record.data["id"],
        "article_id": article_id,
        "role": role,
        "speaker_id": speaker.id,
        "target_id": target.id if target else None,
        "kind": kind,
        "topic": " ".join(topic.lower().split()) if topic else None,
        "summary": _text(record, "summary"),
        "quote": quote,
        "quote_start": start,
        "quote_end": end,
        "date": when.iso if when else None,
        "date_first": when.first.isoformat() if when else None,
        "date_last": when.last.isoformat() if when else None,
        "date_phrase": phrase,
    }


def _actor(record: Record, registry: ActorRegistry, name: str, required: bool) -> Actor | None:
    value = _text(record, name, required)
    if value is None:
        return None
    try:
        return registry.resolve(value)
    except ClaimtrackError as exc:
        raise record.fail(name, str(exc)) from None


def _check_replies(plan: LoadPlan, conn: sqlite3.Connection, where: dict[str, Record]) -> None:
    wanted = {a for ids in plan.replies.values() for a in ids} - set(plan.statements)
    known = statement_roles(conn, wanted)
    for response_id, allegation_ids in plan.replies.items():
        for allegation_id in allegation_ids:
            row = plan.statements.get(allegation_id) or known.get(allegation_id)
            if row is None:
                raise where[response_id].fail(
                    "replies_to", f"no statement {allegation_id!r} in this load or the database"
                )
            if not (
                row["role"] == "allegation"
                or (row["kind"] == "counter-accusation" and row["target_id"])
            ):
                raise where[response_id].fail(
                    "replies_to",
                    f"{allegation_id!r} is a {row['kind']} response, not an allegation",
                )
            if allegation_id == response_id:
                raise where[response_id].fail("replies_to", "a statement cannot reply to itself")


# ---------------------------------------------------------------- writing


def load_paths(
    conn: sqlite3.Connection, paths: Iterable[str | Path], dry_run: bool = False
) -> LoadReport:
    """Check everything, then write it all in one transaction (or nothing, on --dry-run)."""
    with write_transaction(conn):
        plan = plan_load(conn, paths)
        report = LoadReport(files=plan.files, dry_run=dry_run)
        _write(conn, plan, report)
        if dry_run:
            conn.execute("ROLLBACK")
    return report


def _write(conn: sqlite3.Connection, plan: LoadPlan, report: LoadReport) -> None:
    actor_rows = {
        a.id: {"id": a.id, "name": a.name, "side": a.side, "kind": a.kind, "parent": a.parent}
        for a in plan.actors.values()
    }
    _upsert_changed(conn, report, "actors", actor_rows)
    for actor in plan.actors.values():
        replace_aliases(conn, actor.id, actor.aliases)
    _upsert_changed(conn, report, "articles", plan.articles)
    _upsert_changed(conn, report, "statements", plan.statements)
    for response_id, allegation_ids in plan.replies.items():
        added, kept, removed = set_curated_links(conn, response_id, allegation_ids)
        report.count("links", "new", added)
        report.count("links", "unchanged", kept)
        report.count("links", "removed", removed)


def _upsert_changed(
    conn: sqlite3.Connection, report: LoadReport, table: str, rows: dict[str, dict[str, Any]]
) -> None:
    """Upsert only rows that are new or differ, so a re-load writes nothing at all."""
    before = existing_rows(conn, table, list(rows))
    changed = []
    for row_id, row in rows.items():
        old = before.get(row_id)
        if old is None:
            report.count(table, "new")
        elif any(old[k] != v for k, v in row.items()):
            report.count(table, "updated")
        else:
            report.count(table, "unchanged")
            continue
        changed.append(row)
    if changed:
        upsert_rows(conn, table, changed)


def bundled_fixtures() -> Path:
    """The fixtures shipped with claimtrack: inside the installed package, or at the top
    of a source checkout (editable install)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "fixtures", here.parent / "fixtures"):
        if (candidate / "actors.json").is_file():
            return candidate
    raise ClaimtrackError(
        "the bundled fixtures are missing from this installation; reinstall claimtrack"
    )

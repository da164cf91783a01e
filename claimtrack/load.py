"""Loading bundles (.json), statements (.jsonl, .csv) and folders of them.

A load is all or nothing: every record is checked (fields, actors, dates, quotes against
their article's text, reply links) and the load writes in one transaction that commits
only when no record failed, so an error, a --dry-run or a crash leaves the database as
it was. Errors name the file, the line or record, the field and what was expected, so
the user can fix the input without guessing.

Records stream: each is checked as it is read and written in batches, and a load keeps
only the ids it has seen and a few recent article texts, so a million statements load
in the memory of a thousand. Reply links wait in a scratch table until every statement
is in, since a response may name an allegation that comes later in the load.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from claimtrack.actors import Actor, name_key
from claimtrack.dates import PartialDate, parse_date, resolve_phrase
from claimtrack.db import SearchIndexFilledOnce, write_transaction

# extract.py finds the fixtures through here until its rewrite (issue 11) lands.
from claimtrack.fixtures import bundled_fixtures  # noqa: F401
from claimtrack.model import (
    ACTOR_FIELDS,
    ARTICLE_FIELDS,
    BUNDLE_KEYS,
    REPLY_KINDS,
    ROLES,
    SIDES,
    STATEMENT_INPUT_FIELDS,
    ClaimtrackError,
    is_allegation,
    misplaced_quote,
)
from claimtrack.store import (
    ACTOR_ROW,
    ARTICLE_ROW,
    STATEMENT_ROW,
    apply_curated_links,
    article_text,
    close_link_stage,
    existing_rows,
    first_bad_link,
    last_rowid,
    load_registry,
    open_link_stage,
    repeated_statements,
    replace_aliases,
    stage_links,
    upsert_rows,
)

LOADABLE_SUFFIXES = (".json", ".jsonl", ".csv")
#: Statements (and articles) written per batch, and article texts kept for the
#: statements that follow them.
_BATCH = 2000
_ARTICLE_BATCH = 200
_TEXTS_KEPT = 64
_WARNINGS_SHOWN = 20


@dataclass(slots=True)
class Record:
    """One input record and where it came from, for error messages."""

    where: str
    data: dict[str, Any]
    folder: Path
    from_csv: bool = False
    #: Its place in the load (records are numbered as read), for listing errors in order.
    seq: int = 0

    def fail(self, field_name: str | None, expected: str) -> ClaimtrackError:
        name = f": field {_quoted(field_name)}" if field_name else ""
        return ClaimtrackError(f"{self.where}{name}: {expected}")


def _quoted(name: str) -> str:
    """A name from the input in quotes, escaped when it would break the one-line message."""
    return f"'{name}'" if name.isprintable() and "'" not in name else repr(name)


@dataclass(frozen=True)
class LoadOptions:
    """How to read the input: `dayfirst` reads "09/03/2023" as 9 March (True) or
    September 3 (False); left None, such a date is refused as ambiguous. `delimiter`
    separates CSV cells (detected from the header when None). A load lists up to
    `max_errors` bad records before it stops."""

    dayfirst: bool | None = None
    delimiter: str | None = None
    max_errors: int = 20
    #: The largest record read (a JSONL line, a bundle, a CSV cell, a text file), in MB.
    max_record_mb: float = 16


class LoadErrors(ClaimtrackError):
    """Every bad record a load found (up to --max-errors), one line each, in load order;
    nothing was written. One bad record reads exactly as a single error does."""

    def __init__(self, problems: list[str], stopped: bool) -> None:
        self.problems = problems
        lines = list(problems)
        if len(problems) > 1 or stopped:
            count = len(problems)
            lines.append(
                f"stopped after {count} bad records (--max-errors {count}); nothing was written"
                if stopped
                else f"{count} bad records; nothing was written"
            )
        super().__init__("\n".join(lines))


#: The record size limit of the load being read, in characters (LoadOptions.max_record_mb).
_record_limit: ContextVar[int] = ContextVar("record_limit", default=16 * 2**20)


def _too_large(where: str, limit: int) -> ClaimtrackError:
    return ClaimtrackError(
        f"{where}: record larger than {limit / 2**20:g} MB; if it is meant to be, raise the "
        "limit with --max-record-mb"
    )


def _check_size(path: Path) -> None:
    """A whole-file record (a bundle, an article text) within the limit, before reading it."""
    limit = _record_limit.get()
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it reports why
    if size > limit:
        raise _too_large(str(path), limit)


@dataclass
class LoadReport:
    """What a load found and did, counted per table."""

    files: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    #: Date phrases ("recently", "next week") that resolve to no date, and a few of them.
    unresolved_phrases: int = 0
    unresolved_examples: list[str] = field(default_factory=list)

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

    def unresolved(self, phrase: str) -> None:
        self.unresolved_phrases += 1
        if len(self.unresolved_examples) < 3 and phrase not in self.unresolved_examples:
            self.unresolved_examples.append(phrase)

    def notes(self) -> list[str]:
        """Warnings for stderr: repeated statements, date phrases left unresolved."""
        notes = list(self.warnings)
        if self.unresolved_phrases:
            shown = ", ".join(repr(p) for p in self.unresolved_examples)
            notes.append(
                f"{self.unresolved_phrases} date phrase{'s' if self.unresolved_phrases != 1 else ''}"
                f" could not be resolved to a date ({shown}{', …' if self.unresolved_phrases > 3 else ''});"
                " their dates are left empty"
            )
        return notes

    @property
    def changed(self) -> bool:
        return any(c["new"] or c["updated"] or c.get("removed") for c in self.counts.values())


# ---------------------------------------------------------------- reading files


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The loadable files named, folders walked in sorted order (actors.json first, so a
    registry loads before the bundles that use it, though order does not matter).

    A loadable name that cannot be read (a symlink loop, a dangling link, a pipe) is an
    error, not a file silently left out of an all-or-nothing load."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                found = []
                for p in sorted(path.rglob("*")):
                    if p.suffix.lower() not in LOADABLE_SUFFIXES or p.is_dir():
                        continue
                    _require_regular(p)
                    found.append(p)
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
            elif os.path.lexists(path):
                _require_regular(path)
            else:
                raise ClaimtrackError(f"{path}: no such file or folder")
        except OSError as exc:
            raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return files


#: How standard input is named in messages.
STDIN_NAME = "<stdin>"


@contextlib.contextmanager
def stdin_as_file(paths: Sequence[str], stdin: IO[bytes], fmt: str) -> Iterator[list[str]]:
    """The paths with `-` replaced by a temporary file holding standard input (as .`fmt`),
    so stdin loads like any file, which a load may read more than once. Messages name
    it <stdin>."""
    if "-" not in paths:
        yield list(paths)
        return
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="claimtrack-stdin-") as folder:
        spooled = Path(folder) / f"stdin.{fmt}"
        with spooled.open("wb") as handle:
            shutil.copyfileobj(stdin, handle)
        try:
            yield [str(spooled) if p == "-" else p for p in paths]
        except ClaimtrackError as problem:
            problem.args = (str(problem).replace(str(spooled), STDIN_NAME),)
            raise


def _require_regular(path: Path) -> None:
    """ClaimtrackError naming the file, with the system's reason, unless it is a file."""
    if path.is_file():
        return
    try:
        os.stat(path)
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    raise ClaimtrackError(f"{path}: not a regular file")


def _read_text(path: Path) -> str:
    """The file's text exactly as stored: CRLF stays CRLF, so offsets computed on the
    file's characters hold."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from None
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _not_utf8(path: Path, exc: UnicodeDecodeError) -> ClaimtrackError:
    """The error for a file that is not UTF-8, naming the encoding it most likely is and
    how to convert it."""
    encoding = _likely_encoding(path)
    return ClaimtrackError(
        f"{path}: not UTF-8 text (byte {exc.start}); it looks like {encoding}: convert it "
        f"with `iconv -f {encoding.split()[0]} -t UTF-8 {path} > converted{path.suffix}`"
    )


def _likely_encoding(path: Path) -> str:
    """A guess from the first 64 KiB: a UTF-16 byte-order mark; Chinese text in GB18030
    (what Windows in China writes); bytes 0x80-0x9F, which Windows-1252 uses for curly
    quotes and dashes; else Latin-1."""
    try:
        with path.open("rb") as handle:
            sample = handle.read(65536)
    except OSError:
        return "another encoding"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    try:
        text = sample.decode("gb18030")
        wide = sum("\u4e00" <= c <= "\u9fff" for c in text)
        if wide and wide * 2 >= sum(not c.isascii() for c in text):
            return "GB18030 (Chinese)"
    except UnicodeDecodeError:
        pass
    if any(0x80 <= b <= 0x9F for b in sample):
        return "CP1252 (Windows Western)"
    return "LATIN1 (ISO-8859-1)"


def read_file(path: Path, delimiter: str | None = None) -> Iterator[tuple[str, Record]]:
    """Yield ("article" | "actor" | "statement", record) for every record in a file, and
    ("error", record) for a record that cannot be read (record.data is the message), so
    one bad line does not hide the next. A file that cannot be read at all raises
    ClaimtrackError. `delimiter` separates CSV cells (detected when None)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        yield from _read_bundle(path)
    elif suffix == ".jsonl":
        yield from _read_jsonl(path)
    else:
        yield from _read_csv(path, delimiter)


def _may_hold_bundles(path: Path) -> bool:
    """A .json file is a bundle; a .jsonl file may hold a bundle a line."""
    return path.suffix.lower() in (".json", ".jsonl")


def _read_bundle(path: Path) -> Iterator[tuple[str, Record]]:
    _check_size(path)
    text = _read_text(path)
    if not text.strip():
        raise ClaimtrackError(f"{path}: empty file, expected a JSON bundle object")
    try:
        bundle = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClaimtrackError(
            f"{path}:{exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    except RecursionError:
        raise ClaimtrackError(f"{path}: not a bundle (JSON nested too deeply)") from None
    if isinstance(bundle, list):
        # A JSON array of statement records, as `claimtrack allegations --json` prints.
        for index, item in enumerate(bundle):
            yield "statement", Record(_item_label(f"{path}: [", index, item), item, path.parent)
        return
    if not isinstance(bundle, dict):
        raise ClaimtrackError(
            f'{path}: expected a bundle object {{"article", "actors", "statements"}} or a '
            f"list of statements, got a JSON {type(bundle).__name__}"
        )
    yield from _bundle_records(bundle, str(path), path.parent)


def _bundle_records(
    bundle: dict[str, Any], where: str, folder: Path
) -> Iterator[tuple[str, Record]]:
    """The records of one bundle object, from a .json file or a line of a .jsonl file."""
    unknown = set(bundle) - BUNDLE_KEYS
    if unknown:
        raise ClaimtrackError(
            f"{where}: unknown key {_quoted(sorted(unknown)[0])}; a bundle has article, actors, "
            "statements"
        )
    if "article" in bundle:
        yield "article", Record(f"{where}: article", bundle["article"], folder)
    for key, kind in (("actors", "actor"), ("statements", "statement")):
        items = bundle.get(key, [])
        if not isinstance(items, list):
            raise ClaimtrackError(f"{where}: '{key}' must be a list")
        prefix = f"{where}: {key}["
        for index, item in enumerate(items):
            yield kind, Record(_item_label(prefix, index, item), item, folder)


def _item_label(prefix: str, index: int, item: Any) -> str:
    """Where a record of a JSON list is: "file: statements[3] (id 000-a1)"."""
    label = f"{prefix}{index}]"
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        label += f" (id {item['id']})"
    return label


def _read_jsonl(path: Path) -> Iterator[tuple[str, Record]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    folder = path.parent
    limit = _record_limit.get()
    with handle:
        empty = True
        number = 0
        try:
            # readline with a limit: a line of hundreds of megabytes is refused after the
            # limit is read, not held whole in memory first.
            while line := handle.readline(limit + 1):
                number += 1
                if len(line) > limit and not line.endswith("\n"):
                    raise _too_large(f"{path}:{number}", limit)
                if not line.strip():
                    continue
                empty = False
                where = f"{path}:{number}"
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    problem = f"not valid JSON ({exc.msg} at column {exc.colno})"
                    yield "error", Record(where, problem, folder)
                    continue
                except RecursionError:
                    yield "error", Record(where, "not a statement (JSON nested too deeply)", folder)
                    continue
                if isinstance(item, dict) and "statements" in item:
                    # A bundle a line: what `extract` writes for several articles.
                    yield from _bundle_records(item, where, folder)
                else:
                    yield "statement", Record(where, item, folder)
        except UnicodeDecodeError as exc:
            raise _not_utf8(path, exc) from None
    if empty:
        raise ClaimtrackError(f"{path}: empty file, expected one JSON statement per line")


def _read_csv(path: Path, delimiter: str | None = None) -> Iterator[tuple[str, Record]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    folder = path.parent
    with handle:
        try:
            if delimiter is None:
                delimiter = _csv_delimiter(handle.readline())
                handle.seek(0)
            csv.field_size_limit(_record_limit.get())
            reader = csv.DictReader(handle, delimiter=delimiter)
            if not reader.fieldnames:
                raise ClaimtrackError(f"{path}: empty file, expected a CSV header row")
            twice = next(
                (f for i, f in enumerate(reader.fieldnames) if f in reader.fieldnames[:i]), None
            )
            if twice is not None:
                raise ClaimtrackError(
                    f"{path}:1: column {_quoted(twice)} appears twice in the header"
                )
            unknown = [f for f in reader.fieldnames if f not in STATEMENT_INPUT_FIELDS]
            if unknown:
                raise ClaimtrackError(
                    f"{path}:1: unknown column {_quoted(unknown[0])}; expected columns from: "
                    + ", ".join(sorted(STATEMENT_INPUT_FIELDS))
                    + " (cells separated by something else? give --delimiter)"
                )
            rows = 0
            for row in reader:
                rows += 1
                where = f"{path}:{reader.line_num}"
                if None in row:
                    yield "error", Record(where, "more cells than the header has columns", folder)
                    continue
                item = {k: (v if v != "" else None) for k, v in row.items()}
                if "replies_to" in item:
                    raw = item["replies_to"] or ""
                    item["replies_to"] = [p.strip() for p in raw.split(";") if p.strip()]
                yield "statement", Record(where, item, folder, from_csv=True)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _too_large(f"{path}:{reader.line_num + 1}", _record_limit.get()) from None
            raise ClaimtrackError(f"{path}:{reader.line_num}: not valid CSV ({exc})") from None
        except UnicodeDecodeError as exc:
            raise _not_utf8(path, exc) from None
    if not rows:
        raise ClaimtrackError(f"{path}: no statement rows under the header")


def _csv_delimiter(header: str) -> str:
    """The separator a CSV header uses: the one of comma, semicolon (what spreadsheets
    write where the comma is the decimal mark) and tab that splits it into the most
    field names claimtrack knows; comma when none does."""
    names = {
        sep: sum(cell.strip().strip('"') in STATEMENT_INPUT_FIELDS for cell in header.split(sep))
        for sep in (",", ";", "\t")
    }
    best = max(names, key=lambda sep: names[sep])
    return best if names[best] > names[","] else ","


# ---------------------------------------------------------------- field checks


def _require_object(record: Record, what: str) -> dict[str, Any]:
    if not isinstance(record.data, dict):
        raise record.fail(
            None, f"expected a JSON object ({what}), got {type(record.data).__name__}"
        )
    return record.data


def _declaration(data: dict[str, Any]) -> tuple:
    """What an actor declaration says, for telling a repeat from a contradiction."""
    aliases = data.get("aliases") or []
    if isinstance(aliases, list):
        aliases = tuple(dict.fromkeys(a for a in aliases if isinstance(a, str)))
    return tuple(data.get(k) for k in ("name", "side", "kind", "parent")) + (aliases,)


def _check_fields(record: Record, allowed: frozenset[str]) -> None:
    if allowed.issuperset(record.data):
        return
    import difflib

    for name in record.data:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise record.fail(name, f"unknown field{hint}")


def _unicode(record: Record, name: str, value: str) -> str:
    """The value, if SQLite can store it: JSON escapes can make lone surrogates, which
    are not Unicode text."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise record.fail(
                name, f"not valid Unicode text (unpaired surrogate at character {exc.start})"
            ) from None
    return value


def _text(record: Record, name: str, required: bool = False) -> str | None:
    value = record.data.get(name)
    if type(value) is str and value.isascii() and (not required or value and not value.isspace()):
        return value
    if value is None:
        if required:
            raise record.fail(name, "missing; expected a non-empty string")
        return None
    if not isinstance(value, str):
        raise record.fail(name, f"expected a string, got {type(value).__name__} {value!r}")
    if required and (not value or value.isspace()):
        raise record.fail(name, "empty; expected a non-empty string")
    return _unicode(record, name, value)


def _choice(record: Record, name: str, choices: tuple[str, ...], required: bool) -> str | None:
    value = _text(record, name, required)
    if value is None or value in choices:
        return value
    raise record.fail(name, f"expected one of {', '.join(choices)}; got {value!r}")


def _offset(record: Record, name: str) -> int | None:
    value = record.data.get(name)
    if value is None:
        return None
    if record.from_csv and isinstance(value, str):
        digits = value.strip()
        if digits.isascii() and digits.isdigit():
            return int(digits)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise record.fail(name, f"expected a non-negative integer, got {value!r}")
    return value


#: Dates repeat across a corpus (a few thousand days); parsing each once saves most of
#: the date work of a large load.
_parse_date = functools.lru_cache(maxsize=8192)(parse_date)


@functools.lru_cache(maxsize=8192)
def _date_span(iso: str) -> tuple[str, str]:
    when = PartialDate(iso)
    return when.first.isoformat(), when.last.isoformat()


@functools.lru_cache(maxsize=4096)
def _topic(topic: str) -> str:
    """Topics compare in lower case with single spaces."""
    return " ".join(topic.lower().split())


@functools.lru_cache(maxsize=8192)
def _resolve(phrase: str, published: str) -> PartialDate | None:
    anchor = (
        date.fromisoformat(published[:10]) if len(published) == 10 else _parse_date(published).last
    )
    return resolve_phrase(phrase, anchor)


def _date(record: Record, name: str, dayfirst: bool | None = None) -> PartialDate | None:
    value = _text(record, name)
    if value is None or not value.strip():
        return None
    try:
        return _parse_date(value, dayfirst)
    except ValueError as exc:
        raise record.fail(name, f"expected a date (YYYY-MM-DD, YYYY-MM or YYYY): {exc}") from None


def _text_file(record: Record, name: str) -> Path:
    """The article text file a bundle names: a regular file in the bundle's folder or
    below it, once symlinks are followed. A bundle from a scraper or a colleague could
    otherwise load /etc/passwd or /proc/self/environ into the database."""
    folder = record.folder.resolve()
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise record.fail(
            "text_file", f"{name!r} is outside the bundle's folder; put the text file beside it"
        )
    if not path.is_file():
        problem = "not a regular file" if path.exists() else "no such file"
        raise record.fail("text_file", f"{problem} {str(folder / name)!r}")
    _check_size(path)
    return path


def _fail_at(where: str, field_name: str, expected: str) -> ClaimtrackError:
    return ClaimtrackError(f"{where}: field {_quoted(field_name)}: {expected}")


# ---------------------------------------------------------------- the load


class _Restart(Exception):
    """A record read late changes what an earlier record was checked against: load
    again, reading every bundle's actors and articles first."""


class _Loader:
    """One load, record by record: check, then write in batches inside the caller's
    transaction; nothing is kept per record.

    The first attempt reads the files once, in order. Actors and articles usually come
    before the statements that name them (a registry file, then bundles). When a later
    bundle changes an actor or article an earlier statement was checked against
    (`_Restart`), or a statement fails while bundles remain unread (they may declare
    what it lacks), the caller rolls back and loads again with `two_pass`: first the
    actors and articles of every bundle, then every statement, as if all of them came
    first.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        files: list[Path],
        two_pass: bool,
        progress: Callable[[Sequence[Path]], Iterable[Path]] = iter,
        options: LoadOptions = LoadOptions(),
        search_index: SearchIndexFilledOnce | None = None,
    ) -> None:
        self.conn = conn
        self.options = options
        self.files = files
        self.two_pass = two_pass
        self.progress = progress
        self.report = LoadReport(files=len(files))
        self.registry = load_registry(conn)
        self.names: dict[str, Actor] = {}  # names already resolved, as written
        self.actors: dict[str, tuple[Actor, Record]] = {}  # declared in this load
        self.articles: dict[str, str] = {}  # id -> where this load declares it
        self.from_db: set[str] = set()  # articles statements found only in the database
        self.texts: OrderedDict[str, tuple[str, str | None]] = OrderedDict()  # recent
        self.statements_read = 0
        self.checked_id: str | None = None  # the statement being checked, once its id is
        self.batch_ids: set[str] = set()
        # Rows with a larger rowid were written by this load; older rows it met so far:
        self.start_rowid = last_rowid(conn, "statements")
        self.seen_before: set[str] = set()
        self.pending_articles: list[tuple] = []
        self.pending: list[tuple] = []
        self.pending_replies: list[tuple[str]] = []
        self.pending_links: list[tuple[str, str]] = []
        self.any_replies = False
        self.counts = {"new": 0, "updated": 0, "unchanged": 0}
        self.later_bundles = 0
        # Bad records found so far, by their place in the load; the load goes on reading
        # to report them all (up to options.max_errors) and then writes nothing.
        self.errors: list[tuple[int, str]] = []
        self.bundles_after_first_error = 0
        self.records_read = 0
        self.pending_seq: list[int] = []
        self.search_index = search_index

    def run(self) -> LoadReport:
        """Load every file; raise LoadErrors listing every bad record, if any."""
        open_link_stage(self.conn)
        handlers = {"statement": self.statement, "actor": self.actor, "article": self.article}
        if self.two_pass:
            self.actors_and_articles()
            for path in self.progress(self.files):
                # What cannot be read in a file that may hold bundles was reported with
                # the actors.
                for kind, record in self._records(path, report=not _may_hold_bundles(path)):
                    if kind == "statement":
                        self._check(self.statement, record)
        else:
            bundles_left = sum(map(_may_hold_bundles, self.files))
            for path in self.progress(self.files):
                bundles_left -= _may_hold_bundles(path)
                self.later_bundles = bundles_left
                for kind, record in self._records(path):
                    self._check(handlers[kind], record)
            self.finish_actors()
        self.flush()
        if self.errors:
            raise self.failure()
        self.finish_links()
        close_link_stage(self.conn)
        repeats = repeated_statements(self.conn, self.start_rowid)
        for new_id, old_id in repeats[:_WARNINGS_SHOWN]:
            self.report.warnings.append(
                f"statement {new_id!r} repeats {old_id!r} (same article, speaker, target and quote) "
                "under a new id"
            )
        if len(repeats) > _WARNINGS_SHOWN:
            more = len(repeats) - _WARNINGS_SHOWN
            self.report.warnings.append(f"… and {more} more statements repeated under new ids")
        if self.statements_read:
            for outcome, n in self.counts.items():
                self.report.count("statements", outcome, n)
        return self.report

    def actors_and_articles(self) -> None:
        """Every bundle's actors (then their parents), then every bundle's articles."""
        for wanted, handle in (("actor", self.actor), ("article", self.article)):
            for path in self.files:
                if _may_hold_bundles(path):
                    for kind, record in self._records(path, report=wanted == "actor"):
                        if kind == wanted:
                            self._check(handle, record)
            if wanted == "actor":
                self.finish_actors()
        self.flush()

    # ------------------------------------------------------------ errors

    def _records(self, path: Path, report: bool = True) -> Iterator[tuple[str, Record]]:
        """The file's readable records, numbered in load order. A record that cannot be
        read, or a file that cannot be read at all, is counted as a bad record (when
        `report`: a file read twice reports once)."""
        try:
            for kind, record in read_file(path, self.options.delimiter):
                self.records_read += 1
                record.seq = self.records_read
                if kind != "error":
                    yield kind, record
                elif report:
                    self._collect(ClaimtrackError(f"{record.where}: {record.data}"), record.seq)
        except ClaimtrackError as unreadable:
            if report:
                self._collect(unreadable, self.records_read + 1)

    def _check(self, handle: Callable[[Record], None], record: Record) -> None:
        try:
            handle(record)
        except ClaimtrackError as problem:
            self._collect(problem, record.seq)

    def _collect(self, problem: ClaimtrackError, position: int) -> None:
        """Note a bad record and read on; stop at options.max_errors."""
        if not self.errors:
            self.bundles_after_first_error = self.later_bundles
        self.errors.append((position, str(problem)))
        if len(self.errors) >= self.options.max_errors:
            raise self.failure(stopped=True)

    def failure(self, stopped: bool = False) -> LoadErrors:
        """Every bad record found, in load order."""
        return LoadErrors([m for _, m in sorted(self.errors, key=lambda e: e[0])], stopped)

    # ------------------------------------------------------------ actors

    def actor(self, record: Record) -> None:
        _require_object(record, "an actor")
        _check_fields(record, ACTOR_FIELDS)
        actor_id = _text(record, "id", required=True)
        if actor_id in self.actors:
            # Bundles that each declare the same actor identically load together (every
            # extracted bundle carries its own new actors); a different declaration is an error.
            first = self.actors[actor_id][1]
            if _declaration(first.data) == _declaration(record.data):
                return
            raise record.fail("id", f"actor {actor_id!r} is declared differently at {first.where}")
        aliases = record.data.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise record.fail("aliases", "expected a list of strings")
        for alias in aliases:
            _unicode(record, "aliases", alias)
        actor = Actor(
            id=actor_id,
            name=_text(record, "name", required=True),
            side=_choice(record, "side", SIDES, required=True),
            kind=_text(record, "kind"),
            parent=_text(record, "parent"),
            aliases=list(dict.fromkeys(aliases)),
        )
        if not self.two_pass and self.statements_read and self._changes(actor):
            raise _Restart
        try:
            self.registry.add(actor)
        except ClaimtrackError as exc:
            raise record.fail("aliases", str(exc)) from None
        self.actors[actor_id] = (actor, record)
        self.names.clear()

    def _changes(self, actor: Actor) -> bool:
        """Would this actor change how an already-registered name resolves?"""
        old = self.registry.actors.get(actor.id)
        if old is None:
            return False
        keys = {name_key(n) for n in (old.name, *old.aliases)}
        return (old.name, old.side) != (actor.name, actor.side) or keys != {
            name_key(n) for n in (actor.name, *actor.aliases)
        }

    def finish_actors(self) -> None:
        """Resolve parents (which may be declared anywhere in the load), then write."""
        registry = self.registry
        for actor, record in self.actors.values():
            if actor.parent:
                try:
                    actor.parent = registry.resolve(actor.parent).id
                except ClaimtrackError as exc:
                    self._collect(record.fail("parent", str(exc)), record.seq)
                    continue
                if actor.id in registry.lineage(actor.parent):
                    problem = f"{actor.parent!r} would make a cycle of parents"
                    self._collect(record.fail("parent", problem), record.seq)
        rows = [(a.id, a.name, a.side, a.kind, a.parent) for a, _ in self.actors.values()]
        self._upsert_changed("actors", ACTOR_ROW, rows)
        for actor, _ in self.actors.values():
            replace_aliases(self.conn, actor.id, actor.aliases)

    def _actor(self, record: Record, name: str, required: bool) -> Actor | None:
        """The actor a field names (resolved names are remembered for the load)."""
        value = record.data.get(name)
        actor = self.names.get(value) if type(value) is str else None
        if actor is not None:
            return actor
        value = _text(record, name, required)
        if value is None:
            return None
        try:
            actor = self.registry.resolve(value)
        except ClaimtrackError as exc:
            raise record.fail(name, str(exc)) from None
        self.names[value] = actor
        return actor

    # ------------------------------------------------------------ articles

    def article(self, record: Record) -> None:
        _require_object(record, "an article")
        _check_fields(record, ARTICLE_FIELDS)
        article_id = _text(record, "id", required=True)
        if article_id in self.articles:
            raise record.fail(
                "id", f"duplicate article id {article_id!r}, first at {self.articles[article_id]}"
            )
        if not self.two_pass and article_id in self.from_db:
            raise _Restart
        self.articles[article_id] = record.where
        text = _text(record, "text")
        text_file = _text(record, "text_file")
        if text is None and text_file is None:
            raise record.fail("text", "missing; give the article's text or a text_file")
        if text is None:
            text = _unicode(record, "text_file", _read_text(_text_file(record, text_file)))
        published = _date(record, "published", self.options.dayfirst)
        row = (
            article_id,
            _text(record, "title"),
            _text(record, "outlet"),
            _text(record, "url"),
            published.iso if published else None,
            _text(record, "published_basis"),
            text,
        )
        self.pending_articles.append(row)
        self._remember(article_id, text, row[4])
        if len(self.pending_articles) >= _ARTICLE_BATCH:
            self.flush()

    def _remember(self, article_id: str, text: str, published: str | None) -> None:
        self.texts[article_id] = (text, published)
        if len(self.texts) > _TEXTS_KEPT:
            self.texts.popitem(last=False)

    def _article_for(self, record: Record) -> tuple[str, str, str | None]:
        """(id, text, published) of the statement's article: from this load or the
        database."""
        article_id = _text(record, "article", required=True)
        known = self.texts.get(article_id)
        if known is None:
            if self.pending_articles:
                self.flush()
            known = article_text(self.conn, article_id)
            if known is None:
                raise record.fail(
                    "article",
                    f"no article {article_id!r} in this load or the database; load its bundle",
                )
            if article_id not in self.articles:
                self.from_db.add(article_id)
            self._remember(article_id, *known)
        else:
            self.texts.move_to_end(article_id)
        return article_id, known[0], known[1]

    # ------------------------------------------------------------ statements

    def statement(self, record: Record) -> None:
        self.checked_id = None
        try:
            self._statement(record)
        except ClaimtrackError as problem:
            # A statement that repeats an id already loaded is reported as a duplicate,
            # whatever else is wrong with it.
            raise self._own_duplicate() or problem from None

    def _statement(self, record: Record) -> None:
        """Check one statement and queue its row. Ids are checked against the batch here
        and against the rest of the load when the batch is written (`flush`), through
        the rows this load wrote: the load keeps no id it has already written."""
        data = record.data
        if type(data) is not dict or not STATEMENT_INPUT_FIELDS.issuperset(data):
            _require_object(record, "a statement")
            _check_fields(record, STATEMENT_INPUT_FIELDS)
        statement_id = _text(record, "id", required=True)
        if statement_id in self.batch_ids:
            first = self._wheres(statement_id, 1)[0]
            raise record.fail("id", f"duplicate id {statement_id!r}, first at {first}")
        self.batch_ids.add(statement_id)
        self.checked_id = statement_id
        self.statements_read += 1
        row = self._statement_row(record, self._article_for(record))
        replies = data.get("replies_to")
        if replies is not None:
            if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
                raise record.fail("replies_to", "expected a list of statement ids")
            if replies and row[2] != "response":
                raise record.fail("replies_to", "only a response can reply to allegations")
            for reply in replies:
                _unicode(record, "replies_to", reply)
            self.any_replies = True
            self.pending_replies.append((statement_id,))
            self.pending_links.extend((statement_id, a) for a in dict.fromkeys(replies))
        self.pending.append(row)
        self.pending_seq.append(record.seq)
        if len(self.pending) >= _BATCH:
            self.flush()

    def _statement_row(self, record: Record, article: tuple[str, str, str | None]) -> tuple:
        """The statement as a row of STATEMENT_ROW. The checks run in a fixed order, so the
        first problem of a record is the one reported; a field that is plainly valid skips
        the helper that would explain why it is not (most of the time of a large load)."""
        article_id, text, published = article
        data = record.data
        role = data.get("role")
        if role not in ROLES:
            role = _choice(record, "role", ROLES, required=True)
        kind = data.get("kind")
        if kind not in REPLY_KINDS and (kind is not None or role == "response"):
            kind = _choice(record, "kind", REPLY_KINDS, required=role == "response")
        if role == "allegation" and kind is not None:
            raise record.fail("kind", "an allegation has no reply kind; leave it empty")
        speaker = self._actor(record, "speaker", required=True)
        target = None
        if data.get("target") is not None or role == "allegation":
            target = self._actor(record, "target", required=role == "allegation")
        if kind == "counter-accusation" and target is None:
            raise record.fail("target", "a counter-accusation needs the actor it accuses")
        if data.get("speaker_side") is not None or data.get("target_side") is not None:
            for name, actor in (("speaker_side", speaker), ("target_side", target)):
                side = _choice(record, name, SIDES, required=False)
                if side and actor and side != actor.side:
                    raise record.fail(
                        name,
                        f"{actor.name!r} is on side {actor.side!r} in the registry, not {side!r}",
                    )

        quote = _text(record, "quote", required=True)
        start = end = None
        if data.get("start") is not None or data.get("end") is not None:
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
        else:
            problem = misplaced_quote(text, start, end, quote, of=f" of article {article_id!r}")
            if problem:
                raise record.fail("quote", problem)

        phrase = _text(record, "date_phrase") if data.get("date_phrase") is not None else None
        when = (
            _date(record, "date", self.options.dayfirst) if data.get("date") is not None else None
        )
        if when is None and phrase:
            try:
                when = _resolve(phrase, published) if published else None
            except (ValueError, OverflowError):
                raise record.fail(
                    "date_phrase",
                    f"cannot resolve {phrase!r} against the article's date {published}",
                ) from None
            if when is None:
                self.report.unresolved(phrase)
        first, last = _date_span(when.iso) if when else (None, None)
        if when and published and first > _date_span(published)[1]:
            raise record.fail(
                "date" if data.get("date") is not None else "date_phrase",
                f"{when.iso} is after the article's date {published}; an article reports "
                "what was said by the time it appeared",
            )
        topic = _text(record, "topic") if data.get("topic") is not None else None
        return (
            data["id"],
            article_id,
            role,
            speaker.id,
            target.id if target else None,
            kind,
            _topic(topic) if topic else None,
            _text(record, "summary") if data.get("summary") is not None else None,
            quote,
            start,
            end,
            when.iso if when else None,
            first,
            last,
            phrase,
        )

    def _wheres(self, statement_id: str, count: int) -> list[str]:
        """Where the load gives this statement id, the first `count` times. Read again
        from the files only for an error message: a load keeps no location per record."""
        found: list[str] = []
        for path in self.files:
            for kind, record in _readable(path, self.options.delimiter):
                data = record.data
                if (
                    kind == "statement"
                    and isinstance(data, dict)
                    and data.get("id") == statement_id
                ):
                    found.append(record.where)
                    if len(found) == count:
                        return found
        return found + [statement_id] * (count - len(found))

    def _duplicate(self, statement_id: str) -> ClaimtrackError:
        first, again = self._wheres(statement_id, 2)
        return _fail_at(again, "id", f"duplicate id {statement_id!r}, first at {first}")

    def _is_duplicate(self, statement_id: str, rowid: int) -> bool:
        """A row this load wrote, or a row from before the load that it already met."""
        return rowid > self.start_rowid or statement_id in self.seen_before

    def _own_duplicate(self) -> ClaimtrackError | None:
        """The duplicate-id error of the statement being checked, when its id (read
        before its error) is one this load already wrote or met."""
        if self.checked_id is None:
            return None
        old = existing_rows(self.conn, "statements", ("id", "rowid"), [self.checked_id])
        row = old.get(self.checked_id)
        if row and self._is_duplicate(self.checked_id, row[-1]):
            return self._duplicate(self.checked_id)
        return None

    # ------------------------------------------------------------ writing

    def flush(self) -> None:
        """Write the pending articles and statements (only those new or changed, so a
        re-load writes nothing) and stage their reply links."""
        if self.pending_articles:
            self._upsert_changed("articles", ARTICLE_ROW, self.pending_articles)
            self.pending_articles = []
        if self.pending:
            rows = self.pending
            columns = (*STATEMENT_ROW, "rowid") if self.start_rowid else ("id", "rowid")
            before = existing_rows(self.conn, "statements", columns, [r[0] for r in rows])
            changed = []
            for row, seq in zip(rows, self.pending_seq):
                old = before.get(row[0])
                if old is None:
                    outcome = "new"
                elif self._is_duplicate(row[0], old[-1]):
                    self._collect(self._duplicate(row[0]), seq)
                    continue
                else:
                    self.seen_before.add(row[0])
                    outcome = "unchanged" if old[:-1] == row else "updated"
                self.counts[outcome] += 1
                if outcome != "unchanged":
                    changed.append(row)
            if self.search_index and len(before) < len(rows):
                self.search_index.before_new_rows()
            upsert_rows(self.conn, "statements", STATEMENT_ROW, changed)
            self.pending, self.pending_seq = [], []
            self.batch_ids = set()
        if self.pending_replies:
            stage_links(self.conn, self.pending_replies, self.pending_links)
            self.pending_replies, self.pending_links = [], []

    def _upsert_changed(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        before = existing_rows(self.conn, table, columns, [r[0] for r in rows])
        changed = []
        for row in rows:
            old = before.get(row[0])
            outcome = "new" if old is None else "unchanged" if old == row else "updated"
            self.report.count(table, outcome)
            if outcome != "unchanged":
                changed.append(row)
        if changed:
            upsert_rows(self.conn, table, columns, changed)

    def finish_links(self) -> None:
        """Check every staged link now that every statement is in, then store them."""
        if not self.any_replies:
            return
        bad = first_bad_link(self.conn)
        if bad:
            response_id, allegation_id, row = bad
            where = self._wheres(response_id, 1)[0]
            if row is None:
                problem = f"no statement {allegation_id!r} in this load or the database"
            elif not is_allegation(row["role"], row["kind"], row["target_id"]):
                problem = f"{allegation_id!r} is a {row['kind']} response, not an allegation"
            else:
                problem = "a statement cannot reply to itself"
            raise _fail_at(where, "replies_to", problem)
        added, kept, removed = apply_curated_links(self.conn)
        self.report.count("links", "new", added)
        self.report.count("links", "unchanged", kept)
        self.report.count("links", "removed", removed)


def load_paths(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    dry_run: bool = False,
    progress: Callable[[Sequence[Path]], Iterable[Path]] = iter,
    options: LoadOptions = LoadOptions(),
) -> LoadReport:
    """Check and write everything in one transaction (rolled back on --dry-run or at the
    first error, so the database is then exactly as before). `progress` wraps the list
    of files as they are read (a progress bar)."""
    limit = _record_limit.set(int(options.max_record_mb * 2**20))
    try:
        return _load(conn, paths, dry_run, progress, options)
    except MemoryError:
        # Raised by Python or SQLite wherever a huge record is being handled; the
        # transaction has rolled back.
        named = [str(p) for p in paths]
        where = named[0] + (f" and {len(named) - 1} more" if len(named) > 1 else "")
        raise ClaimtrackError(
            f"out of memory while loading {where}; nothing was written. A record takes about "
            f"5 times its size: lower --max-record-mb (now {options.max_record_mb:g}) or give "
            "claimtrack more memory"
        ) from None
    finally:
        _record_limit.reset(limit)


def _load(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    dry_run: bool,
    progress: Callable[[Sequence[Path]], Iterable[Path]],
    options: LoadOptions,
) -> LoadReport:
    with write_transaction(conn):
        # Rows may name rows written later in the same load (an actor declared in the
        # last bundle); every reference is checked here, and SQLite checks them at COMMIT.
        conn.execute("PRAGMA defer_foreign_keys = ON")
        files = collect_files(paths)
        search_index = SearchIndexFilledOnce(conn)
        conn.execute("SAVEPOINT load")
        streaming = _Loader(conn, files, False, progress, options, search_index)
        try:
            try:
                report = streaming.run()
            except (_Restart, LoadErrors) as problem:
                # A bundle read after a bad record may declare or change what it lacks:
                # only a load in which every actor and article comes first knows.
                if isinstance(problem, LoadErrors) and not streaming.bundles_after_first_error:
                    raise
                conn.execute("ROLLBACK TO load")
                report = _Loader(conn, files, True, progress, options, search_index).run()
        except ClaimtrackError:
            conn.execute("ROLLBACK TO load")
            raise
        conn.execute("RELEASE load")
        search_index.finish()
        report.dry_run = dry_run
        if dry_run:
            conn.execute("ROLLBACK")
        else:
            from claimtrack.claims.store import regroup

            regroup(conn)
    return report


def _readable(path: Path, delimiter: str | None) -> Iterator[tuple[str, Record]]:
    """The records of a file that can be read, for looking a record up again; a file
    that cannot be read has none."""
    try:
        yield from (item for item in read_file(path, delimiter) if item[0] != "error")
    except ClaimtrackError:
        return

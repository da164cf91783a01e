"""Reading the input of a load: bundles (.json), statements (.jsonl, .csv), Parquet parts of
bundles (.parquet), standard input and folders of them, as records that say where they
came from.

Reading knows file formats and nothing of what a record means: it yields ("article" |
"actor" | "statement", Record) in file order, ("error", Record) for a record that does
not parse, and fails, naming the file, only when a whole file cannot be read. Checking a
record's fields is claimtrack.checking's job; keeping the load's state and writing the
rows, claimtrack.load's.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any

from claimtrack.model import BUNDLE_KEYS, STATEMENT_INPUT_FIELDS, ClaimtrackError

LOADABLE_SUFFIXES = (".json", ".jsonl", ".csv", ".parquet")


class Record:
    """One input record and where it came from, for error messages.

    `where` names the file and the line or list item ("file: statements[3] (id 000-a1)").
    A load reads a million records and names only the few that are wrong, so a list
    item's name is spelled when it is first asked for. `plain` says that
    no string in the record can be a lone surrogate (see `may_hold_surrogates`), so
    checking its text fields skips that test."""

    __slots__ = ("_where", "_index", "data", "folder", "from_csv", "plain", "seq")

    def __init__(
        self,
        where: str,
        data: Any,
        folder: Path,
        from_csv: bool = False,
        plain: bool = False,
        index: int = -1,
    ) -> None:
        self._where = where
        #: For item `index` of a JSON list, `where` is the list's prefix ("file: statements[").
        self._index = index
        self.data = data
        self.folder = folder
        self.from_csv = from_csv
        self.plain = plain
        #: Its place in the load (records are numbered as read), for listing errors in order.
        self.seq = 0

    @property
    def where(self) -> str:
        if self._index >= 0:
            label = f"{self._where}{self._index}]"
            if isinstance(self.data, dict) and isinstance(self.data.get("id"), str):
                label += f" (id {self.data['id']})"
            self._where, self._index = label, -1
        return self._where

    def fail(self, field_name: str | None, expected: str) -> ClaimtrackError:
        name = f": field {quoted(field_name)}" if field_name else ""
        return ClaimtrackError(f"{self.where}{name}: {expected}")


def quoted(name: str) -> str:
    """A name from the input in quotes, escaped when it would break the one-line message."""
    return f"'{name}'" if name.isprintable() and "'" not in name else repr(name)


#: The record size limit of the load being read, in characters (LoadOptions.max_record_mb).
record_limit: ContextVar[int] = ContextVar("record_limit", default=16 * 2**20)


def too_large(where: str, limit: int) -> ClaimtrackError:
    return ClaimtrackError(
        f"{where}: record larger than {limit / 2**20:g} MB; if it is meant to be, raise the "
        "limit with --max-record-mb"
    )


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
                found = _loadable_in(path)
                if not found:
                    raise ClaimtrackError(
                        f"{path}: no .json, .jsonl, .csv or .parquet files in this folder"
                    )
                files.extend(found)
            elif path.is_file():
                if path.suffix.lower() not in LOADABLE_SUFFIXES:
                    raise ClaimtrackError(
                        f"{path}: cannot load a '{path.suffix}' file; expected .json (bundle), "
                        ".jsonl or .csv (statements), .parquet (parts of bundles)"
                    )
                files.append(path)
            elif os.path.lexists(path):
                _require_regular(path)
            else:
                raise ClaimtrackError(f"{path}: no such file or folder")
        except OSError as exc:
            raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return files


def _loadable_in(folder: Path) -> list[Path]:
    """The loadable files under `folder`, in the order of `sorted(folder.rglob("*"))`
    (names compared folder by folder), symlinked folders not entered, as rglob does.

    Walked with os.scandir, whose entries know their type: at 6,000 bundles, pathlib's
    rglob, its sort and two stat calls per file cost a load 0.04 s of CPU. Anything but
    a plain file is looked at through pathlib, in that order, so the first dangling link,
    loop or pipe is reported as before."""
    found: list[tuple[tuple[str, ...], Path, bool]] = []  # (names, path, a plain file)
    _walk(str(folder), (), found)
    files = []
    for _, path, plain in sorted(found, key=lambda item: item[0]):
        if not plain:
            if path.is_dir():
                continue
            _require_regular(path)
        files.append(path)
    return files


def _walk(
    directory: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], Path, bool]]
) -> None:
    """Add the loadable entries under `directory` to `found` (see `_loadable_in`)."""
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except PermissionError:
        return  # as rglob does
    for entry in entries:
        name = entry.name
        if not entry.is_symlink() and entry.is_dir():
            _walk(entry.path, (*parts, name), found)
        elif _suffix(name) in LOADABLE_SUFFIXES:
            plain = not entry.is_symlink() and entry.is_file()
            found.append(((*parts, name), Path(entry.path), plain))


def _suffix(name: str) -> str:
    """A file name's suffix in lower case, as `Path(name).suffix.lower()` gives it."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


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


def read_text(path: Path, record: bool = False) -> str:
    """The file's text exactly as stored: CRLF stays CRLF, so offsets computed on the
    file's characters hold. A file read whole as one `record` (a bundle, an article
    text) is refused before it is read when it is over the record size limit."""
    try:
        return _read_bytes(path, record_limit.get() if record else None).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from None
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _read_bytes(path: Path, limit: int | None) -> bytes:
    """The whole file, read with os.read into a buffer of the size fstat gives, then on
    to the end (a file may grow, or not know its size): 1.8 µs a small file against
    4.6 µs through a Python file object, which a load of 6,000 bundles pays 6,000 times."""
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if limit is not None and size > limit:
            raise too_large(str(path), limit)
        chunks = []
        while chunk := os.read(fd, max(size + 1, 1 << 16)):
            chunks.append(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


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


class NotJSON(ValueError):
    """Text that is not the JSON it should be: the problem in words, and the line of a
    multi-line document it is on (None when the document is too deeply nested)."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.line = line


_raw_decode = json.JSONDecoder().raw_decode
#: What JSON counts as whitespace (json.loads allows it around the value).
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def json_value(text: str, what: str) -> Any:
    """The JSON value `text` holds; NotJSON naming the problem otherwise, with `what` the
    text should have been ("a bundle") for JSON nested deeper than Python's recursion
    limit. Every reader of JSON input (bundles, JSONL statements, article streams)
    reports a bad record the same way through this.

    Text that starts with a JSON value is decoded by the decoder's raw_decode, without
    json.loads's two layers of checks around it (at 50,000 JSONL lines about 0.04 s of
    CPU); text with anything but JSON whitespace after the value, or before it, goes
    through json.loads, for its errors."""
    try:
        value, end = _raw_decode(text)
    except (ValueError, RecursionError):
        pass
    else:
        if text[end:] == "\n" or _JSON_SPACE.fullmatch(text, end):
            return value
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotJSON(f"not valid JSON ({exc.msg} at column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise NotJSON(f"not {what} (JSON nested too deeply)", None) from None


def read_file(path: Path, delimiter: str | None = None) -> Iterator[tuple[str, Record]]:
    """Yield ("article" | "actor" | "statement", record) for every record in a file, and
    ("error", record) for a record that cannot be read (record.data is the message), so
    one bad line does not hide the next. A file that cannot be read at all raises
    ClaimtrackError. `delimiter` separates CSV cells (detected when None)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_bundle(path)
    if suffix == ".jsonl":
        return _read_jsonl(path)
    if suffix == ".parquet":
        return _read_parquet(path)
    return _read_csv(path, delimiter)


def _read_parquet(path: Path) -> Iterator[tuple[str, Record]]:
    from claimtrack.parquet_parts import read_bundles

    for number, bundle in read_bundles(path):
        yield from _bundle_records(bundle, f"{path}: row {number}", path.parent, False)


def may_hold_bundles(path: Path) -> bool:
    """A .json file is a bundle; a .jsonl file may hold a bundle a line; a .parquet part
    holds a bundle a row."""
    return path.suffix.lower() in (".json", ".jsonl", ".parquet")


def _read_bundle(path: Path) -> Iterator[tuple[str, Record]]:
    text = read_text(path, record=True)
    if not text or text.isspace():
        raise ClaimtrackError(f"{path}: empty file, expected a JSON bundle object")
    try:
        bundle = json_value(text, "a bundle")
    except NotJSON as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise ClaimtrackError(f"{where}: {exc}") from None
    plain = not may_hold_surrogates(text)
    if isinstance(bundle, list):
        # A JSON array of statement records, as `claimtrack allegations --json` prints.
        prefix = f"{path}: ["
        for index, item in enumerate(bundle):
            yield "statement", Record(prefix, item, path.parent, False, plain, index)
        return
    if not isinstance(bundle, dict):
        raise ClaimtrackError(
            f'{path}: expected a bundle object {{"article", "actors", "statements"}} or a '
            f"list of statements, got a JSON {type(bundle).__name__}"
        )
    yield from _bundle_records(bundle, str(path), path.parent, plain)


#: The JSON escapes of the surrogate code points, U+D800 to U+DFFF.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def may_hold_surrogates(json_text: str) -> bool:
    """Whether JSON text may decode to strings holding lone surrogates, which are not
    Unicode text and which SQLite cannot store. Decoding UTF-8 never makes one; only a
    `\\uD800`-`\\uDFFF` escape does. One search per file or line (a regular expression:
    `in` is slower on text full of `\\n` escapes) spares a test of every text field of
    every record."""
    return "\\" in json_text and _SURROGATE_ESCAPE.search(json_text) is not None


def _bundle_records(
    bundle: dict[str, Any], where: str, folder: Path, plain: bool
) -> Iterator[tuple[str, Record]]:
    """The records of one bundle object, from a .json file or a line of a .jsonl file."""
    unknown = set(bundle) - BUNDLE_KEYS
    if unknown:
        raise ClaimtrackError(
            f"{where}: unknown key {quoted(sorted(unknown)[0])}; a bundle has article, actors, "
            "statements"
        )
    if "article" in bundle:
        yield "article", Record(f"{where}: article", bundle["article"], folder, plain=plain)
    for key, kind in (("actors", "actor"), ("statements", "statement")):
        items = bundle.get(key, [])
        if not isinstance(items, list):
            raise ClaimtrackError(f"{where}: '{key}' must be a list")
        prefix = f"{where}: {key}["
        for index, item in enumerate(items):
            yield kind, Record(prefix, item, folder, False, plain, index)


def _read_jsonl(path: Path) -> Iterator[tuple[str, Record]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    folder = path.parent
    name = str(path)
    limit = record_limit.get()
    with handle:
        empty = True
        number = 0
        try:
            # readline with a limit: a line of hundreds of megabytes is refused after the
            # limit is read, not held whole in memory first.
            while line := handle.readline(limit + 1):
                number += 1
                if len(line) > limit and not line.endswith("\n"):
                    raise too_large(f"{path}:{number}", limit)
                if line.isspace():
                    continue
                empty = False
                where = f"{name}:{number}"
                try:
                    item = json_value(line, "a statement")
                except NotJSON as exc:
                    yield "error", Record(where, str(exc), folder)
                    continue
                plain = not may_hold_surrogates(line)
                if isinstance(item, dict) and "statements" in item:
                    # A bundle a line: what `extract` writes for several articles.
                    yield from _bundle_records(item, where, folder, plain)
                else:
                    yield "statement", Record(where, item, folder, plain=plain)
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
            csv.field_size_limit(record_limit.get())
            reader = csv.DictReader(handle, delimiter=delimiter)
            if not reader.fieldnames:
                raise ClaimtrackError(f"{path}: empty file, expected a CSV header row")
            twice = next(
                (f for i, f in enumerate(reader.fieldnames) if f in reader.fieldnames[:i]), None
            )
            if twice is not None:
                raise ClaimtrackError(
                    f"{path}:1: column {quoted(twice)} appears twice in the header"
                )
            if "alt_quotes" in reader.fieldnames:
                raise ClaimtrackError(
                    f"{path}:1: column 'alt_quotes' is a list of quotes, which a CSV cell "
                    "cannot hold; give them in a .json bundle or a .jsonl file"
                )
            unknown = [f for f in reader.fieldnames if f not in STATEMENT_INPUT_FIELDS]
            if unknown:
                raise ClaimtrackError(
                    f"{path}:1: unknown column {quoted(unknown[0])}; expected columns from: "
                    + ", ".join(sorted(STATEMENT_INPUT_FIELDS - {"alt_quotes"}))
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
                # Decoded from UTF-8, a CSV cell holds no lone surrogate.
                yield "statement", Record(where, item, folder, from_csv=True, plain=True)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise too_large(f"{path}:{reader.line_num + 1}", record_limit.get()) from None
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


def readable_records(path: Path, delimiter: str | None) -> Iterator[tuple[str, Record]]:
    """The records of a file that can be read, for looking a record up again; a file
    that cannot be read has none."""
    try:
        yield from (item for item in read_file(path, delimiter) if item[0] != "error")
    except ClaimtrackError:
        return

"""Articles to extract from: plain .txt files and JSONL streams, gzipped or not, and folders.

News-crawl tools write one article a line (`id`, `url`, `title`, `outlet`, `published`,
`text`); a folder of such files is an archive. Articles stream one at a time, so an
archive never has to fit in memory. A bad line is an error naming file:line and the
field; with `skip_bad` it is counted and skipped instead, so one broken line does not
stop a night's run.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from claimtrack.dates import PartialDate, parse_date
from claimtrack.model import ClaimtrackError
from claimtrack.reading import NotJSON, json_value, read_text

STREAM_SUFFIXES = (".jsonl", ".jsonl.gz")
ARTICLE_SUFFIXES = (".txt", *STREAM_SUFFIXES)
#: The fields a stream line may carry that extraction uses; other fields (a crawler's
#: language, download date, ...) are ignored.
_TEXT_FIELDS = ("url", "title", "outlet")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]")
#: Messages of skipped lines kept to show the user; the rest are only counted.
_SHOWN = 5


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One article to extract from, and where it was read (file or file:line)."""

    id: str
    text: str
    where: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: PartialDate | None = None


@dataclass
class Skipped:
    """Bad lines passed over under --skip-bad: how many, and the first few messages."""

    count: int = 0
    messages: list[str] = field(default_factory=list)

    def add(self, error: ClaimtrackError) -> None:
        self.count += 1
        if len(self.messages) < _SHOWN:
            self.messages.append(str(error))

    def merge(self, other: Skipped) -> None:
        self.count += other.count
        self.messages.extend(other.messages[: _SHOWN - len(self.messages)])

    def summary(self) -> str:
        return f"skipped {self.count} bad line{'s' * (self.count != 1)}"


#: The file name that stands for standard input: one article, its id "stdin".
STDIN = "-"


def article_id(path: Path) -> str:
    """The id a .txt file's article gets: its name without the extension."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-") or "article"


def is_article_file(path: Path) -> bool:
    return path.name.lower().endswith(ARTICLE_SUFFIXES)


def article_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, folders walked in sorted order for .txt, .jsonl and .jsonl.gz."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == STDIN:
            files.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if is_article_file(p) and p.is_file())
            if not found:
                raise ClaimtrackError(f"{path}: no .txt, .jsonl or .jsonl.gz files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ClaimtrackError(f"{path}: no such file or folder")
    return files


def read_articles(path: Path, skipped: Skipped | None = None) -> Iterator[ArticleRecord]:
    """The articles of one file: a .txt file is one article (its id from the file name);
    any other file is read as a JSONL stream (gzipped when its name ends in .gz)."""
    if str(path) == STDIN:
        yield ArticleRecord("stdin", sys.stdin.buffer.read().decode("utf-8-sig"), "stdin")
        return
    if path.name.lower().endswith(".txt"):
        yield ArticleRecord(article_id(path), read_text(path), str(path))
        return
    with _open_stream(path) as handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):  # noqa: B007
                if not line.strip():
                    continue
                try:
                    yield stream_record(line, f"{path}:{number}")
                except ClaimtrackError as error:
                    if skipped is None:
                        raise
                    skipped.add(error)
        except UnicodeDecodeError as exc:
            raise ClaimtrackError(
                f"{path}:{number + 1}: not UTF-8 text (byte {exc.start})"
            ) from None
        except (OSError, EOFError) as exc:
            raise ClaimtrackError(f"{path}:{number + 1}: cannot read ({exc})") from None


def _open_stream(path: Path) -> IO[str]:
    try:
        if path.name.lower().endswith(".gz"):
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None


def stream_record(line: str, where: str) -> ArticleRecord:
    """One JSONL line as an article; ClaimtrackError saying what is wrong otherwise."""
    try:
        data = json_value(line, "an article")
    except NotJSON as exc:
        raise ClaimtrackError(f"{where}: {exc}") from None
    if not isinstance(data, dict):
        raise ClaimtrackError(
            f"{where}: expected an article object {{id, text, ...}}, got a JSON {type(data).__name__}"
        )
    for name in ("id", "text"):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ClaimtrackError(f"{where}: field '{name}': expected a non-empty string")
    extra = {}
    for name in _TEXT_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise ClaimtrackError(f"{where}: field '{name}': expected a string or null")
        extra[name] = value or None
    return ArticleRecord(
        data["id"], data["text"], where, published=_published(data.get("published"), where), **extra
    )


def _published(value: object, where: str) -> PartialDate | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ClaimtrackError(f"{where}: field 'published': expected a date string or null")
    if _ISO_DATETIME.match(value):
        value = value[:10]
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ClaimtrackError(f"{where}: field 'published': {exc}") from None


def stream_articles(
    files: Iterable[Path], skipped: Skipped | None = None
) -> Iterator[ArticleRecord]:
    """Every article of every file, in order. Two articles with one id are an error (the
    second would silently replace the first in the database); under --skip-bad the
    second is skipped."""
    seen: set[str] = set()
    for path in files:
        for article in read_articles(path, skipped):
            if article.id in seen:
                error = ClaimtrackError(
                    f"{article.where}: field 'id': article {article.id!r} was read before"
                )
                if skipped is None:
                    raise error
                skipped.add(error)
                continue
            seen.add(article.id)
            yield article

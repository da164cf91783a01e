"""From article files to the database: extract drafts, write or load them, pair them.

`claimtrack extract` writes the drafts for review; `claimtrack ingest` loads them (all
or nothing, through the ordinary loader, so a draft is checked exactly as a hand-written
bundle is) and runs the pairing engine over what it added.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from claimtrack.article_stream import Skipped, article_files, stream_articles
from claimtrack.dates import PartialDate
from claimtrack.drafting import Draft, DraftSetting, draft_stream
from claimtrack.extract import Extraction, merged_registry
from claimtrack.model import ClaimtrackError, Rows
from claimtrack.render import write_json

DRAFT_COLUMNS = (
    "id",
    "role",
    "kind",
    "speaker",
    "speaker_side",
    "target",
    "topic",
    "date",
    "date_phrase",
    "quote",
    "rule",
    "cues",
)
#: What a terminal table shows (every format else, and --columns, has all of them).
DRAFT_TABLE_COLUMNS = ("id", "role", "kind", "speaker", "speaker_side", "target", "date", "quote")


def draft_setting(
    conn: sqlite3.Connection | None, published: PartialDate | None = None
) -> DraftSetting:
    """What extraction runs against: the database's actors and the shipped registry; the
    bundles declare whatever actors the database does not hold yet."""
    if conn is None:
        return DraftSetting(merged_registry(None), published=published)
    from claimtrack.store import load_registry

    stored = load_registry(conn)
    return DraftSetting(merged_registry(stored), frozenset(stored.actors), published)


def extract_articles(
    setting: DraftSetting,
    paths: Sequence[str | Path],
    jobs: int = 1,
    skipped: Skipped | None = None,
    progress: Callable[[Iterable[Any]], Iterable[Any]] = iter,
) -> Iterator[Draft]:
    """The drafts of every article the paths hold (.txt files, JSONL streams, folders),
    in input order, made by `jobs` processes. Each bundle declares the actors it uses
    that the database lacks, so the drafts load together or one by one alike."""
    articles = stream_articles(article_files(paths), skipped)
    return iter(progress(draft_stream(articles, setting, jobs)))


def write_bundles(extractions: Sequence[Extraction | Draft], out: Path) -> list[Path]:
    """Write the bundles: into `out` as a folder (one <id>.json each), or, for a single
    article and a name ending in .json, to that file."""
    if out.suffix.lower() == ".json" and not out.is_dir():
        if len(extractions) != 1:
            raise ClaimtrackError(
                f"{out}: {len(extractions)} articles need a folder, not one .json file"
            )
        targets = [out]
    else:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ClaimtrackError(f"{out}: cannot create folder ({exc.strerror or exc})") from None
        targets = [out / f"{e.bundle['article']['id']}.json" for e in extractions]
    for extraction, target in zip(extractions, targets):
        try:
            with target.open("w", encoding="utf-8") as handle:
                write_json(extraction.bundle, handle)
        except OSError as exc:
            raise ClaimtrackError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return targets


def draft_rows(
    extractions: Sequence[Extraction | Draft], columns: Sequence[str] = DRAFT_COLUMNS
) -> Rows:
    """The drafted statements as rows, for a reviewer: with the rule and its cues."""
    rows = []
    for extraction in extractions:
        for s in extraction.bundle["statements"]:
            evidence = s["evidence"]
            cue_words = "; ".join(
                f"{c['text']} ({c['means']})" for c in evidence["cues"] if c["text"]
            )
            rows.append(
                (
                    s["id"],
                    s["role"],
                    s["kind"],
                    s["speaker"],
                    s["speaker_side"],
                    s["target"],
                    s["topic"],
                    s["date"],
                    s["date_phrase"],
                    s["quote"],
                    evidence["rule"],
                    cue_words,
                )
            )
    picks = [DRAFT_COLUMNS.index(c) for c in columns]
    return Rows(tuple(columns), [tuple(row[i] for i in picks) for row in rows])


@dataclass
class IngestReport:
    """What `ingest` loaded and linked."""

    load: str
    pairing: str = ""


def ingest(
    conn: sqlite3.Connection,
    extractions: Sequence[Extraction | Draft],
    review: bool = False,
    progress: Callable[[Sequence[Any]], Iterable[Any]] = iter,
) -> IngestReport:
    """Load the drafts (checked by the loader) and store the pairing engine's proposals
    that involve them as 'auto' links, in one transaction: an error, Ctrl-C or SIGTERM
    leaves the database as it was. With `review`, check only.

    An article already in the database with the same text is left as it is, not drafted
    again: a second run over the same files changes nothing, and a draft or curated
    bundle someone has corrected since is never overwritten by a fresh draft.
    """
    from claimtrack.db import write_transaction
    from claimtrack.load import load_paths

    fresh = [e for e in extractions if not _already_loaded(conn, e.bundle["article"])]
    kept = len(extractions) - len(fresh)
    with (
        stopped_by_signals("ingest") as guard,
        tempfile.TemporaryDirectory(prefix="claimtrack-ingest-") as folder,
    ):
        files = write_bundles(fresh, Path(folder)) if fresh else []
        if review:
            report = load_paths(conn, files, dry_run=True) if files else None
            return IngestReport(_load_summary(report, kept, review))
        with write_transaction(conn):
            report = load_paths(conn, files) if files else None
            result = IngestReport(_load_summary(report, kept, review))
            if fresh:
                result.pairing = _pair_new(conn, fresh, progress)
        guard.written = True
    return result


def _already_loaded(conn: sqlite3.Connection, article: dict[str, Any]) -> bool:
    row = conn.execute("SELECT text FROM articles WHERE id = ?", (article["id"],)).fetchone()
    return row is not None and row[0] == article.get("text")


def _load_summary(report: Any, kept: int, review: bool) -> str:
    parts = [report.summary()] if report else []
    if kept:
        verb = "would be left" if review else "left"
        articles = "article" if kept == 1 else "articles"
        parts.append(
            f"{kept} {articles} already in the database with the same text {verb} as they are"
        )
    return "; ".join(parts) or "nothing to load"


def _pair_new(
    conn: sqlite3.Connection,
    extractions: list[Extraction],
    progress: Callable[[Sequence[Any]], Iterable[Any]],
) -> str:
    """Store the proposals that involve the new statements as 'auto' links."""
    from claimtrack.model import Filters
    from claimtrack.pairing import apply_proposals, propose

    new = {s["id"] for e in extractions for s in e.bundle["statements"]}
    run = propose(conn, Filters(), progress=progress)
    mine = [p for p in run.proposals if p.response_id in new or p.allegation_id in new]
    applied = apply_proposals(conn, replace(run, proposals=mine))
    return f"{len(mine)} pairs proposed for the new statements; {applied.summary()}"


class stopped_by_signals:
    """Ctrl-C, SIGTERM and SIGHUP end the command by an exception saying so, so the open
    transaction rolls back and temporary files are removed (Python's default for SIGTERM
    and SIGHUP ends the process on the spot, leaving article texts in the temporary
    folder). Only SIGKILL can still leave them; the database is safe even then."""

    SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self, what: str) -> None:
        self.what = what
        self.previous: dict[int, Any] = {}
        #: Set once the transaction has committed: a signal then waits until the
        #: temporary files are gone and takes its usual course.
        self.written = False
        self.pending: int | None = None

    def __enter__(self) -> stopped_by_signals:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            for name in self.SIGNALS:
                number = getattr(signal, name, None)
                # A signal the caller ignores (a background job's Ctrl-C) stays ignored.
                if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                    self.previous[number] = signal.signal(number, self._stop)
        return self

    def _stop(self, signum: int, frame: object) -> None:
        import signal

        from claimtrack.db import Stopped

        if self.written:
            self.pending = signum
            return

        name = signal.Signals(signum).name
        cause = "interrupted (Ctrl-C)" if name == "SIGINT" else f"stopped by {name}"
        raise Stopped(f"{self.what}: {cause}; nothing was written", 128 + signum)

    def __exit__(self, exc_type, exc, tb) -> None:
        import signal

        for number, handler in self.previous.items():
            signal.signal(number, handler)
        if self.pending is not None:
            os.kill(os.getpid(), self.pending)

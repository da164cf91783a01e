"""The map step: one article and the actor registry in, one draft bundle out.

Extraction is a pure function of (article, registry): an article gives the same draft
whatever else is in the batch. So the drafts of an archive can be made anywhere, in any
order, by any number of workers, and put back in input order: the output is the same
byte for byte with one process, `--jobs N` worker processes (`draft_stream`) or a Dask
cluster (claimtrack.cluster), all of which call `draft_article`.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from claimtrack.actors import ActorRegistry
from claimtrack.article_stream import ArticleRecord
from claimtrack.dates import PartialDate
from claimtrack.extract import Extraction, Extractor

#: Articles sent to a worker at a time, and batches in flight per worker: enough to keep
#: every worker busy, few enough that a million articles never sit in memory at once.
BATCH = 16
IN_FLIGHT = 4
PUBLISHED_BASIS = "the published field of the article record"


@dataclass(frozen=True)
class DraftSetting:
    """What every worker needs to draft: the registry, the ids of the actors the target
    database already has (bundles declare the others) and --published."""

    registry: ActorRegistry
    stored: frozenset[str] = frozenset()
    published: PartialDate | None = None

    def extractor(self) -> Extractor:
        return Extractor(self.registry, stored=set(self.stored))


def draft_article(
    article: ArticleRecord, extractor: Extractor, setting: DraftSetting
) -> Extraction:
    """The draft bundle of one article. The record's own published date wins over
    --published; its title, url and outlet go into the bundle's article."""
    if article.published is not None:
        published, basis = article.published, PUBLISHED_BASIS
    else:
        published, basis = setting.published, None
    extraction = extractor.extract(article.text, article.id, published, basis)
    meta = extraction.bundle["article"]
    for name in ("title", "url", "outlet"):
        value = getattr(article, name)
        if value is not None:
            meta[name] = value
    return extraction


class Draft:
    """One article's draft bundle and its warnings, as it comes back from a worker.

    A worker turns the bundle into its JSON line itself: the line is what most runs
    write, and making it where the cores are leaves the process that keeps input order
    (which runs on one core) only the writing. `bundle` parses the line back for the
    callers that need the dict (rows, ingest); in one process the dict is kept instead."""

    __slots__ = ("_bundle", "_line", "warnings")

    def __init__(
        self, warnings: list[str], bundle: dict[str, Any] | None = None, line: str | None = None
    ) -> None:
        self.warnings = warnings
        self._bundle = bundle
        self._line = line

    @property
    def bundle(self) -> dict[str, Any]:
        if self._bundle is None:
            self._bundle = json.loads(self._line or "")
        return self._bundle

    @property
    def line(self) -> str:
        """The bundle as one line of JSON (no newline), as `extract` prints several."""
        if self._line is None:
            self._line = json.dumps(self._bundle, ensure_ascii=False)
        return self._line


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def draft_stream(
    articles: Iterable[ArticleRecord], setting: DraftSetting, jobs: int = 1
) -> Iterator[Draft]:
    """The drafts of `articles`, in input order, made by `jobs` worker processes (in this
    process when jobs is 1). Articles are read as the workers need them."""
    if jobs <= 1:
        extractor = setting.extractor()
        for article in articles:
            extraction = draft_article(article, extractor, setting)
            yield Draft(extraction.warnings, bundle=extraction.bundle)
        return
    import multiprocessing

    with multiprocessing.get_context().Pool(jobs, _start_worker, (setting,)) as pool:
        waiting: deque = deque()
        for batch in _batches(articles, BATCH):
            waiting.append(pool.apply_async(_draft_batch, (batch,)))
            if len(waiting) >= jobs * IN_FLIGHT:
                yield from waiting.popleft().get()
        while waiting:
            yield from waiting.popleft().get()


def _batches(articles: Iterable[ArticleRecord], size: int) -> Iterator[list[ArticleRecord]]:
    batch: list[ArticleRecord] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_worker: tuple[Extractor, DraftSetting] | None = None


def _start_worker(setting: DraftSetting) -> None:
    """Build the worker's extractor once: the registry crosses to it once, not per
    article."""
    global _worker
    import signal

    # Ctrl-C reaches every process of the terminal's group: the parent stops the pool and
    # says so once, instead of each worker printing a KeyboardInterrupt traceback. A
    # worker ends at the pool's SIGTERM as a plain process does, not through the parent's
    # handler it inherited.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _worker = (setting.extractor(), setting)


def _draft_batch(batch: list[ArticleRecord]) -> list[Draft]:
    assert _worker is not None, "worker started without _start_worker"
    extractor, setting = _worker
    drafts = []
    for article in batch:
        extraction = draft_article(article, extractor, setting)
        drafts.append(Draft(extraction.warnings, line=Draft([], extraction.bundle).line))
    return drafts

"""claimtrack on a Dask cluster: extraction mapped over a Dask bag, pairing's blocks scored
on workers.

The bag's partitions are the input files (a JSONL stream each, or runs of .txt files),
in input order. A worker reads its partition, drafts each article with the very function
`--jobs` uses, and writes `part-NNNNN.jsonl` into the output folder: one bundle per line,
what `claimtrack extract` prints for several articles, so the parts concatenated in name
order are byte for byte the output of `extract --jobs 1`, and `claimtrack load DIR`
reads them; or `part-NNNNN.parquet`, one bundle a row (claimtrack.parquet_parts). Workers therefore need the input and output folders at the same paths (a
shared file system) and claimtrack installed.

Pairing follows `load`: the client plans the blocks of articles from the database
(claimtrack.pairing.blocks) and ships each, with the corpus statistics sent once to every
worker, to `score_block`; workers need no database. The proposals come back and are
merged in block order, so they are those of `claimtrack pair` in one process.

Dask is optional: imported here only. On a terminal, stderr shows the partitions or
blocks done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimtrack.article_stream import Skipped, article_files, stream_articles
from claimtrack.drafting import Draft, DraftSetting, draft_article
from claimtrack.model import ClaimtrackError

if TYPE_CHECKING:
    from claimtrack.pairing.blocks import DatabaseBlocks, Found, Scoring

#: Wraps the work as it completes, for a progress bar (`iter` for none).
Progress = Callable[[Sequence[Any]], Iterable[Any]]
INSTALL_HINT = "--dask needs Dask: pip install 'claimtrack[dask]'"
#: .txt files (one article each) per partition; a JSONL stream is a partition of its own.
TXT_PER_PARTITION = 64
PART_GLOB = "part-*"


@dataclass
class ClusterReport:
    """What the cluster drafted, summed over the partitions."""

    partitions: int = 0
    articles: int = 0
    statements: int = 0
    warnings: int = 0
    skipped: Skipped = field(default_factory=Skipped)

    def summary(self, out: Path) -> str:
        text = (
            f"wrote {self.statements} draft statements from {self.articles} articles "
            f"to {self.partitions} parts in {out}"
        )
        if self.warnings:
            text += f"; {self.warnings} warnings in {out}/warnings-*.txt"
        return text


def partitions(files: Sequence[Path]) -> list[list[str]]:
    """The input files in order, cut into partitions: each stream alone, .txt files in
    runs of TXT_PER_PARTITION. Paths are absolute, for workers with another folder."""
    cut: list[list[str]] = []
    run: list[str] = []
    for path in files:
        name = str(path.resolve())
        if path.name.lower().endswith(".txt"):
            run.append(name)
            if len(run) == TXT_PER_PARTITION:
                cut.append(run)
                run = []
            continue
        if run:
            cut.append(run)
            run = []
        cut.append([name])
    if run:
        cut.append(run)
    return cut


def draft_partition(
    numbered: tuple[int, list[str]],
    out: str,
    setting: DraftSetting,
    skip_bad: bool,
    part_format: str = "jsonl",
) -> dict[str, Any]:
    """Runs on a worker: draft one partition's articles into out/part-NNNNN.jsonl (or
    .parquet) and their warnings into out/warnings-NNNNN.txt; returns the counts. The
    part is written under a temporary name and renamed when complete."""
    number, names = numbered
    skipped = Skipped() if skip_bad else None
    extractor = setting.extractor()
    counts: dict[str, Any] = {"articles": 0, "statements": 0, "warnings": 0}
    target = Path(out) / f"part-{number:05d}.{part_format}"
    partial = target.with_name(target.name + ".partial")
    warnings: list[str] = []

    def bundles() -> Iterator[dict[str, Any]]:
        for article in stream_articles([Path(n) for n in names], skipped):
            extraction = draft_article(article, extractor, setting)
            counts["articles"] += 1
            counts["statements"] += len(extraction.bundle["statements"])
            warnings.extend(extraction.warnings)
            yield extraction.bundle

    if part_format == "parquet":
        from claimtrack.parquet_parts import write_bundles

        write_bundles(bundles(), partial)
    else:
        with partial.open("w", encoding="utf-8") as handle:
            for bundle in bundles():
                handle.write(Draft([], bundle).line + "\n")
    partial.replace(target)
    if warnings:
        text = "".join(f"warning: {w}\n" for w in warnings)
        (Path(out) / f"warnings-{number:05d}.txt").write_text(text, encoding="utf-8")
    counts["warnings"] = len(warnings)
    counts["skipped"] = skipped or Skipped()
    return counts


def extract_on_dask(
    scheduler: str,
    paths: Sequence[str | Path],
    out: Path,
    setting: DraftSetting,
    skip_bad: bool = False,
    workers: int = 2,
    progress: Progress = iter,
    part_format: str = "jsonl",
) -> ClusterReport:
    """Draft every article the paths hold on the cluster at `scheduler` (a tcp://
    address, or "local" for a LocalCluster of `workers` processes on this machine) into
    parts of `part_format` (jsonl or parquet); `progress` wraps the partitions as they
    complete."""
    check_dask(scheduler)
    if part_format == "parquet":
        from claimtrack.parquet_parts import require_pyarrow

        require_pyarrow()
    import dask.bag
    from distributed import as_completed

    files = article_files(paths)
    _prepare(out)
    cut = partitions(files)
    with dask_client(scheduler, workers) as client:
        bag = dask.bag.from_sequence(list(enumerate(cut)), npartitions=len(cut))
        drafted = bag.map(
            draft_partition,
            out=str(out.resolve()),
            setting=setting,
            skip_bad=skip_bad,
            part_format=part_format,
        )
        futures = client.compute(drafted.to_delayed())
        for future in progress(_Counted(as_completed(futures), len(futures))):
            future.result()  # a worker's error (a bad line) stops the run here
        results = [counts for partition in client.gather(futures) for counts in partition]
    report = ClusterReport(partitions=len(cut))
    for counts in results:
        report.articles += counts["articles"]
        report.statements += counts["statements"]
        report.warnings += counts["warnings"]
        report.skipped.merge(counts["skipped"])
    return report


def score_on_dask(
    scoring: Scoring,
    blocks: DatabaseBlocks,
    min_score: float,
    scheduler: str,
    workers: int = 2,
    progress: Progress = iter,
) -> Iterator[Found]:
    """Pairing's blocks scored on the cluster, their proposals merged in block order.
    The blocks are planned here as workers free up (a few per worker in flight, so the
    client never holds them all); `scoring` crosses to each worker once."""
    from claimtrack.pairing.blocks import score_block

    merged: dict[int, list[Found]] = {}
    with dask_client(scheduler, workers) as client:
        from distributed import as_completed

        [shared] = client.scatter([scoring], broadcast=True, hash=False)
        limit = 2 * max(len(client.scheduler_info()["workers"]), 1) + 2
        planned = iter(blocks)
        running = as_completed()

        def submit_next() -> None:
            block = next(planned, None)
            if block is not None:
                running.add(client.submit(score_block, shared, block, min_score, pure=False))

        for _ in range(limit):
            submit_next()
        for future in progress(_Counted(running, len(blocks))):
            number, found = future.result()
            merged[number] = found
            submit_next()
    for number in sorted(merged):
        yield from merged[number]


class _Counted:
    """Work in the order it completes, with how much there is known before (what a
    progress bar needs)."""

    def __init__(self, completing: Iterable[Any], count: int) -> None:
        self.completing = completing
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Any]:
        return iter(self.completing)


def _prepare(out: Path) -> None:
    """An output folder with no parts of an earlier run, which `load` would read too."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClaimtrackError(f"{out}: cannot create folder ({exc.strerror or exc})") from None
    if any(out.glob(PART_GLOB)):
        raise ClaimtrackError(f"{out}: holds parts of an earlier run; give an empty folder")


def check_dask(scheduler: str) -> None:
    """Dask installed and `scheduler` an address or "local": checked before any work."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise ClaimtrackError(INSTALL_HINT) from None
    if scheduler != "local" and "://" not in scheduler:
        raise ClaimtrackError(
            f"--dask {scheduler!r}: expected a scheduler address such as tcp://host:8786, or local"
        )


@contextmanager
def dask_client(scheduler: str, workers: int) -> Iterator[Any]:
    """A Dask client on the scheduler, or on a LocalCluster made (and closed) here."""
    check_dask(scheduler)
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ClaimtrackError(f"--dask {scheduler}: cannot reach the scheduler ({exc})") from None
    with client:
        yield client

"""Extraction on a Dask cluster: the map step of claimtrack.drafting over a Dask bag.

The bag's partitions are the input files (a JSONL stream each, or runs of .txt files),
in input order. A worker reads its partition, drafts each article with the very function
`--jobs` uses, and writes `part-NNNNN.jsonl` into the output folder: one bundle per line,
what `claimtrack extract` prints for several articles, so the parts concatenated in name
order are byte for byte the output of `extract --jobs 1`, and `claimtrack load DIR`
reads them. Workers therefore need the input and output folders at the same paths (a
shared file system) and claimtrack installed. Dask is optional: imported here only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.article_stream import Skipped, article_files, stream_articles
from claimtrack.drafting import Draft, DraftSetting, draft_article
from claimtrack.model import ClaimtrackError

INSTALL_HINT = "--dask needs Dask: pip install 'claimtrack[dask]'"
#: .txt files (one article each) per partition; a JSONL stream is a partition of its own.
TXT_PER_PARTITION = 64
PART_GLOB = "part-*.jsonl"


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
    numbered: tuple[int, list[str]], out: str, setting: DraftSetting, skip_bad: bool
) -> dict[str, Any]:
    """Runs on a worker: draft one partition's articles into out/part-NNNNN.jsonl (and
    their warnings into out/warnings-NNNNN.txt); returns the counts."""
    number, names = numbered
    skipped = Skipped() if skip_bad else None
    extractor = setting.extractor()
    counts: dict[str, Any] = {"articles": 0, "statements": 0, "warnings": 0}
    target = Path(out) / f"part-{number:05d}.jsonl"
    partial = target.with_suffix(".jsonl.partial")
    warnings: list[str] = []
    with partial.open("w", encoding="utf-8") as handle:
        for article in stream_articles([Path(n) for n in names], skipped):
            extraction = draft_article(article, extractor, setting)
            handle.write(Draft([], extraction.bundle).line + "\n")
            counts["articles"] += 1
            counts["statements"] += len(extraction.bundle["statements"])
            warnings.extend(extraction.warnings)
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
) -> ClusterReport:
    """Draft every article the paths hold on the cluster at `scheduler` (a tcp://
    address, or "local" for a LocalCluster of `workers` processes on this machine)."""
    try:
        import dask.bag
    except ImportError:
        raise ClaimtrackError(INSTALL_HINT) from None
    files = article_files(paths)
    _prepare(out)
    cut = partitions(files)
    with _client(scheduler, workers):
        bag = dask.bag.from_sequence(list(enumerate(cut)), npartitions=len(cut))
        results = bag.map(
            draft_partition, out=str(out.resolve()), setting=setting, skip_bad=skip_bad
        ).compute()
    report = ClusterReport(partitions=len(cut))
    for counts in results:
        report.articles += counts["articles"]
        report.statements += counts["statements"]
        report.warnings += counts["warnings"]
        report.skipped.merge(counts["skipped"])
    return report


def _prepare(out: Path) -> None:
    """An output folder with no parts of an earlier run, which `load` would read too."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClaimtrackError(f"{out}: cannot create folder ({exc.strerror or exc})") from None
    if any(out.glob(PART_GLOB)):
        raise ClaimtrackError(f"{out}: holds parts of an earlier run; give an empty folder")


@contextmanager
def _client(scheduler: str, workers: int) -> Iterator[Any]:
    """A Dask client on the scheduler, or on a LocalCluster made (and closed) here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClaimtrackError(INSTALL_HINT) from None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        with cluster, Client(cluster) as client:
            yield client
        return
    if "://" not in scheduler:
        raise ClaimtrackError(
            f"--dask {scheduler!r}: expected a scheduler address such as tcp://host:8786, or local"
        )
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ClaimtrackError(f"--dask {scheduler}: cannot reach the scheduler ({exc})") from None
    with client:
        yield client

"""How well the grouping finds claims: pairwise precision and recall on republished copies.

    python -m claimtrack.claims.evaluate           # fixtures and development set, 2 copies of each kind

The originals (the curated fixtures and the development set) and their copies
(`republish`) are grouped together, as a database holding all of them would be. Every
pair of statements is then either truly one claim (a copy and what it copies, or two
copies of one statement) or not, and either grouped together or not. Pairs are counted
under the hardest kind of copy in them (original < exact < trimmed < reworded), so the
figures say how well each kind of copy is found. Separately, the false merges that
matter most are counted: different claims by the same speaker on the same day.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from claimtrack.claims.grouping import (
    COMMON_RUN,
    DEFAULT_MIN_SCORE,
    DEFAULT_WINDOW,
    Appearance,
    day_ordinal,
    group,
)
from claimtrack.claims.republish import COPY_KINDS, copies, devset_sources, fixture_sources

KIND_ORDER = ("original", *COPY_KINDS)
EVALUATION_COLUMNS = (
    "copy_kind",
    "true_pairs",
    "grouped_pairs",
    "correct_pairs",
    "precision",
    "recall",
)


@dataclass
class _Record:
    appearance: Appearance
    truth: str
    kind: str


@dataclass
class Evaluation:
    """Per copy kind: (true pairs, grouped pairs, correct pairs); and the false merges of
    the same speaker on the same day, as (statement, statement, reason)."""

    counts: dict[str, list[int]]
    same_day_false_merges: list[tuple[str, str, str]]
    false_merges: int
    statements: int
    claims: int

    def rows(self) -> list[tuple]:
        out = []
        totals = [0, 0, 0]
        for kind in KIND_ORDER:
            true, grouped, correct = self.counts.get(kind, [0, 0, 0])
            totals = [t + v for t, v in zip(totals, (true, grouped, correct))]
            if true or grouped:
                out.append(
                    (kind, true, grouped, correct, _ratio(correct, grouped), _ratio(correct, true))
                )
        true, grouped, correct = totals
        out.append(("all", true, grouped, correct, _ratio(correct, grouped), _ratio(correct, true)))
        return out


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _appearance(s: dict[str, Any], article: str, published: str | None) -> Appearance:
    speaker = " ".join(str(s["speaker"]).casefold().split())
    target = " ".join(str(s["target"]).casefold().split()) if s.get("target") else None
    return Appearance(
        id=s["id"],
        speaker=speaker,
        role=s["role"],
        article=article,
        day=day_ordinal(s.get("date")) or day_ordinal(published),
        quote=s["quote"],
        target=target,
        kind=s.get("kind"),
        answers=tuple(s.get("replies_to") or ()),
    )


def evaluation_set(
    fixtures: Path, devset: Path | None, per_kind: int = 2, seed: int = 17
) -> list[_Record]:
    """The originals and their copies as appearances, each with its true claim."""
    sources = fixture_sources(fixtures) + (devset_sources(devset) if devset else [])
    records = [
        _Record(_appearance(s, source.id, source.published), s["id"], "original")
        for source in sources
        for s in source.statements
    ]
    for copy in copies(sources, per_kind, seed):
        for s in copy.statements:
            appearance = _appearance(s, copy.article["id"], copy.article["published"])
            records.append(_Record(appearance, copy.truth[s["id"]], copy.kind))
    return records


def evaluate(
    records: list[_Record],
    window: int = DEFAULT_WINDOW,
    min_score: float = DEFAULT_MIN_SCORE,
    small_block: int = COMMON_RUN,
) -> Evaluation:
    """Group the records and count pairs per copy kind. `small_block` 0 finds every
    candidate through the rare-word index, as for speakers with many statements."""
    grouping = group(
        [r.appearance for r in records],
        window=window,
        min_score=min_score,
        small_block=small_block,
    )
    by_id = {r.appearance.id: r for r in records}
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    predicted: dict[str, list[str]] = defaultdict(list)
    true: dict[str, list[str]] = defaultdict(list)
    for r in records:
        predicted[grouping.memberships[r.appearance.id].claim].append(r.appearance.id)
        true[r.truth].append(r.appearance.id)

    def kind_of(a: str, b: str) -> str:
        return max(by_id[a].kind, by_id[b].kind, key=rank.__getitem__)

    grouped_pairs = {tuple(sorted(p)) for ids in predicted.values() for p in combinations(ids, 2)}
    true_pairs = {tuple(sorted(p)) for ids in true.values() for p in combinations(ids, 2)}
    for a, b in true_pairs:
        counts[kind_of(a, b)][0] += 1
    same_day = []
    for a, b in grouped_pairs:
        counts[kind_of(a, b)][1] += 1
        if (a, b) in true_pairs:
            counts[kind_of(a, b)][2] += 1
            continue
        left, right = by_id[a].appearance, by_id[b].appearance
        if left.speaker == right.speaker and left.day is not None and left.day == right.day:
            reason = grouping.memberships[a].reason
            same_day.append((a, b, reason))
    return Evaluation(
        dict(counts),
        sorted(same_day),
        len(grouped_pairs - true_pairs),
        len(records),
        grouping.claims,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claimtrack.claims.evaluate", description=__doc__.splitlines()[0]
    )
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--fixtures", type=Path, default=root / "fixtures")
    parser.add_argument("--devset", type=Path, default=root / "eval" / "devset")
    parser.add_argument("--copies", type=int, default=2, help="copies of each kind per article")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--window", type=int, default=DEFAULT_WINDOW)
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument(
        "--index-only",
        action="store_true",
        help="find every candidate through the rare-word index (as for speakers with "
        "many statements), not by comparing all of a small block",
    )
    args = parser.parse_args(argv)
    devset = args.devset if args.devset.exists() else None
    records = evaluation_set(args.fixtures, devset, args.copies, args.seed)
    small_block = 0 if args.index_only else COMMON_RUN
    result = evaluate(records, args.window, args.min_score, small_block)
    print(" | ".join(EVALUATION_COLUMNS))
    for row in result.rows():
        print(" | ".join("" if v is None else str(v) for v in row))
    print(
        f"{result.statements} statements in {result.claims} claims; "
        f"{result.false_merges} falsely grouped pairs, "
        f"{len(result.same_day_false_merges)} of them the same speaker on the same day",
        file=sys.stderr,
    )
    for a, b, reason in result.same_day_false_merges:
        print(f"  same speaker, same day, different claims: {a} + {b} ({reason})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a claim says about itself: its canonical statement, where it was first reported,
and how many appearances and outlets it has."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


class Sighting(NamedTuple):
    """One appearance with what the summary needs: its claim, its article's date and
    outlet, and its own date (ISO; the article's date stands in when it has none).

    A named tuple: grouping a load makes one per statement, and a frozen dataclass cost
    five times as much to make."""

    statement: str
    claim: str
    article: str
    published: str | None
    outlet: str | None
    date: str | None = None


@dataclass(frozen=True)
class ClaimSummary:
    claim_id: str
    canonical: str
    first_reported: str | None
    first_outlet: str | None
    appearances: int
    outlets: int


def _order(sighting: Sighting) -> tuple:
    """Earliest said first (the statement's day, else its article's), undated last, ties
    by article and statement id: the order in which grouping names a claim."""
    return (sighting.date is None, sighting.date or "", sighting.article, sighting.statement)


def _reported(sighting: Sighting) -> tuple:
    """Earliest published first; an article without a date counts by the statement's."""
    when = sighting.published or sighting.date
    return (when is None, when or "", sighting.article, sighting.statement)


def summarise(sightings: Iterable[Sighting]) -> list[ClaimSummary]:
    """One summary per claim. The canonical statement is the earliest (the original a
    syndicated copy repeats; the claim is named after it); first_reported is the earliest
    date an article carrying it was published and first_outlet that article's outlet.
    Outlets are counted once whatever their letter case."""
    by_claim: dict[str, list[Sighting]] = {}
    for sighting in sightings:
        by_claim.setdefault(sighting.claim, []).append(sighting)
    out = []
    for claim, members in sorted(by_claim.items()):
        canonical = min(members, key=_order)
        first = min(members, key=_reported)
        outlets = {" ".join(m.outlet.casefold().split()) for m in members if m.outlet}
        out.append(
            ClaimSummary(
                claim,
                canonical.statement,
                first.published or first.date,
                first.outlet,
                len(members),
                len(outlets),
            )
        )
    return out

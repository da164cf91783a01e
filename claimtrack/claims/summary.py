"""What a claim says about itself: its canonical statement, where it was first reported,
and how many appearances and outlets it has."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sighting:
    """One appearance with what the summary needs: its claim, its article's date and
    outlet, and its own date (ISO; the article's date stands in when it has none)."""

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
    """Earliest first; undated last; ties by article and statement id (stable)."""
    when = sighting.published or sighting.date
    return (when is None, when or "", sighting.article, sighting.statement)


def summarise(sightings: Iterable[Sighting]) -> list[ClaimSummary]:
    """One summary per claim. The canonical statement is the earliest reported (the
    original a syndicated copy repeats); first_reported is its article's date and
    first_outlet its outlet. Outlets are counted once whatever their letter case."""
    by_claim: dict[str, list[Sighting]] = {}
    for sighting in sightings:
        by_claim.setdefault(sighting.claim, []).append(sighting)
    out = []
    for claim, members in sorted(by_claim.items()):
        members.sort(key=_order)
        first = members[0]
        outlets = {" ".join(m.outlet.casefold().split()) for m in members if m.outlet}
        out.append(
            ClaimSummary(
                claim,
                first.statement,
                first.published or first.date,
                first.outlet,
                len(members),
                len(outlets),
            )
        )
    return out

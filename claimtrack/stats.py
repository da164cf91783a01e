"""Response rates, reply kinds and lags, computed from the comparison rows.

The aggregation is done in Python over the compare rows (per claim by default, per
appearance with --appearances), so the numbers always agree with what `claimtrack
compare` prints under the same filters. Whether a reply answers
its allegation comes from the database's `answers` view, never decided here.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from claimtrack.model import Filters, Rows

RATE_COLUMNS = (
    "allegations",
    "answered",
    "response_rate",
    "answered_strict",
    "strict_response_rate",
    "median_lag_days",
    "p90_lag_days",
)
_GROUP_COLUMN = {"side": "target_side", "topic": "topic", "speaker": "alleged_by", "month": "month"}


def percentile(values: list[int], share: float) -> float | None:
    """Nearest-rank percentile (the 90th of ten lags is the ninth smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    mean = (ordered[middle - 1] + ordered[middle]) / 2
    return int(mean) if mean.is_integer() else mean


def stats(
    conn: sqlite3.Connection, filters: Filters, group: str = "side", claims: bool = False
) -> Rows:
    """Response rates grouped by targeted side, topic, speaker or month; or, with
    group "kind", how often each side replies with each kind. With `claims`, an
    allegation or reply carried by many articles counts once (claims.answers)."""
    if claims:
        from claimtrack.claims.answers import compare_claims as compare
    else:
        from claimtrack.queries import compare
    if group == "kind":
        # Reply kinds belong to the side that replies: --side selects it, not the alleger.
        result = compare(conn, replace(filters, side=None))
        rows = [dict(zip(result.columns, r)) for r in result.rows]
        return _kinds([r for r in rows if filters.side in (None, r["replier_side"])])
    result = compare(conn, filters, answers=True)
    rows = [dict(zip(result.columns, r)) for r in result.rows]
    return _rates(_allegations(rows), _GROUP_COLUMN[group])


def _allegations(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per allegation: answered (by its target's side), answered with
    substance, and the lag to the first answer."""
    by_id: dict[str, dict[str, Any]] = {}
    for row in rows:
        record = by_id.setdefault(
            row["allegation_id"],
            {
                "target_side": row["target_side"],
                "topic": row["topic"],
                "alleged_by": row["alleged_by"],
                "month": (row["alleged_on"] or "")[:7] or None,
                "answered": False,
                "answered_strict": False,
                "lags": [],
            },
        )
        if row["answers"]:
            record["answered"] = True
            if row["answers_strictly"]:
                record["answered_strict"] = True
            if row["lag_days"] is not None:
                record["lags"].append(row["lag_days"])
    return list(by_id.values())


def _rates(allegations: list[dict[str, Any]], column: str) -> Rows:
    groups: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for record in allegations:
        groups[record[column]].append(record)
    out = []
    for key in sorted(groups, key=lambda k: (k is None, k or "")):
        members = groups[key]
        answered = sum(r["answered"] for r in members)
        strict = sum(r["answered_strict"] for r in members)
        lags = [min(r["lags"]) for r in members if r["lags"]]
        out.append(
            (
                key,
                len(members),
                answered,
                round(answered / len(members), 3),
                strict,
                round(strict / len(members), 3),
                median(lags),
                percentile(lags, 0.9),
            )
        )
    return Rows((column, *RATE_COLUMNS), out)


def _kinds(rows: list[dict[str, Any]]) -> Rows:
    """Replies per side and kind, each reply counted once however many claims it answers."""
    seen: dict[str, tuple[str, str]] = {}
    for row in rows:
        if row["reply_id"]:
            seen[row["reply_id"]] = (row["replier_side"], row["reply_kind"])
    counts = Counter(seen.values())
    per_side = Counter(side for side, _ in seen.values())
    out = [
        (side, kind, n, round(n / per_side[side], 3))
        for (side, kind), n in sorted(counts.items(), key=lambda item: (item[0][0], -item[1]))
    ]
    return Rows(("replier_side", "reply_kind", "replies", "share_of_side"), out)

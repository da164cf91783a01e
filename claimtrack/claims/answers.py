"""Replies at the level of the claim: compare and unanswered with one row per claim.

The per-appearance rows (`queries.compare`, `queries.unanswered`) are collapsed here:

- a reply linked to any appearance of an allegation answers the claim, so a claim is
  unanswered only when none of its appearances is answered;
- a reply that itself appears many times is one reply: compare has one row per
  allegation claim and reply claim;
- a row shows the claim's canonical appearance where the filters selected it (else the
  first selected one) and adds `claim_id`, `appearances`, `outlets`, `first_reported`
  and `first_outlet`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timezone

from claimtrack.model import Filters, Rows

CLAIM_COLUMNS = ("claim_id", "appearances", "outlets", "first_reported", "first_outlet")
#: The compare columns that describe the reply (and the link to it); the rest describe
#: the allegation.
_REPLY_PART = (
    "reply_id",
    "replied_on",
    "replied_by",
    "replier_side",
    "reply_kind",
    "reply",
    "reply_quote",
    "lag_days",
    "link_origin",
    "link_score",
)
_BATCH = 500


def _claims(conn: sqlite3.Connection, statement_ids: Iterable[str]) -> dict[str, str]:
    """statement id -> claim id."""
    ids = sorted({i for i in statement_ids if i})
    found: dict[str, str] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        found.update(
            conn.execute(
                f"SELECT id, claim_id FROM statements WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        )
    return {k: v or f"c-{k}" for k, v in found.items()}


def _summaries(conn: sqlite3.Connection, claim_ids: Iterable[str]) -> dict[str, tuple]:
    """claim id -> (canonical, appearances, outlets, first_reported, first_outlet)."""
    ids = sorted(set(claim_ids))
    found: dict[str, tuple] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        for row in conn.execute(
            "SELECT id, canonical_id, appearances, outlets, first_reported, first_outlet "
            f"FROM claims WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            found[row[0]] = tuple(row[1:])
    return found


def _claim_values(summary: tuple | None, claim: str) -> tuple:
    if summary is None:
        return (claim, 1, None, None, None)
    _, appearances, outlets, first_reported, first_outlet = summary
    return (claim, appearances, outlets, first_reported, first_outlet)


def compare_claims(conn: sqlite3.Connection, filters: Filters, answers: bool = False) -> Rows:
    """One row per allegation claim and reply claim (a claim with no reply: one row with
    empty reply columns), in the order of the per-appearance rows."""
    from claimtrack.queries import compare

    result = compare(conn, filters, answers=answers)
    columns = result.columns
    rows = list(result.rows)
    at = {name: i for i, name in enumerate(columns)}
    reply_part = [at[c] for c in _REPLY_PART]
    answer_part = [i for c, i in at.items() if c in ("answers", "answers_strictly")]
    claim_of = _claims(conn, [r[at["allegation_id"]] for r in rows] + [r[at["reply_id"]] for r in rows])
    summaries = _summaries(conn, claim_of.values())

    def canonical(claim: str) -> str | None:
        return summaries[claim][0] if claim in summaries else None

    lead: dict[str, tuple] = {}
    groups: dict[tuple[str, str | None], list[tuple]] = {}
    for row in rows:
        allegation = row[at["allegation_id"]]
        a_claim = claim_of[allegation]
        if a_claim not in lead or (
            allegation == canonical(a_claim) != lead[a_claim][at["allegation_id"]]
        ):
            lead[a_claim] = row
        reply = row[at["reply_id"]]
        groups.setdefault((a_claim, claim_of[reply] if reply else None), []).append(row)
    answered_claims = {a for a, r in groups if r is not None}
    out = []
    for (a_claim, r_claim), members in groups.items():
        if r_claim is None and a_claim in answered_claims:
            continue
        chosen = next(
            (m for m in members if r_claim and m[at["reply_id"]] == canonical(r_claim)),
            members[0],
        )
        values = list(lead[a_claim])
        for i in reply_part:
            values[i] = chosen[i]
        for i in answer_part:
            values[i] = any(m[i] for m in members)
        out.append((*values, *_claim_values(summaries.get(a_claim), a_claim)))
    return Rows((*columns, *CLAIM_COLUMNS), out)


def unanswered_claims(
    conn: sqlite3.Connection,
    filters: Filters,
    strict: bool = False,
    as_of: date | None = None,
    older_than: int | None = None,
) -> Rows:
    """Allegation claims none of whose appearances the targeted side has answered (as
    known on `as_of`), one row per claim."""
    from claimtrack.queries import unanswered

    day = (as_of or datetime.now(timezone.utc).date()).isoformat()
    result = unanswered(conn, filters, strict=strict, as_of=as_of, older_than=older_than)
    rows = list(result.rows)
    answered = {
        row[0]
        for row in conn.execute(
            f"""SELECT s.claim_id FROM answers an
            JOIN statements s ON s.id = an.allegation_id
            JOIN statements r ON r.id = an.reply_id
            JOIN articles ra ON ra.id = r.article_id
            WHERE coalesce(r.date_first, ra.published, '') <= ?{" AND an.strict" if strict else ""}""",
            (day,),
        )
    }
    claim_of = _claims(conn, (r[0] for r in rows))
    summaries = _summaries(conn, claim_of.values())
    chosen: dict[str, tuple] = {}
    for row in rows:
        claim = claim_of[row[0]]
        if claim in answered:
            continue
        canonical = summaries[claim][0] if claim in summaries else None
        if claim not in chosen or (row[0] == canonical and chosen[claim][0] != canonical):
            chosen[claim] = row
    out = [(*row, *_claim_values(summaries.get(claim), claim)) for claim, row in chosen.items()]
    return Rows((*result.columns, *CLAIM_COLUMNS), out)

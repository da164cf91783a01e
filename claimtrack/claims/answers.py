"""Replies at the level of the claim: compare and unanswered with one row per claim.

The rows are the database views' (`comparison`, `unanswered`, db.py), selected by the
filters through the per-appearance rows (`queries.compare`, `queries.unanswered`):

- a reply linked to any appearance of an allegation answers the claim, so a claim is
  unanswered only when none of its appearances is answered;
- a reply that itself appears many times is one reply: compare has one row per
  allegation claim and reply claim, showing the canonical appearance of each;
- every row adds `claim_id`, `appearances`, `outlets`, `first_reported` and
  `first_outlet`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, timezone

from claimtrack.model import COMPARE_COLUMNS, Filters, Rows

CLAIM_COLUMNS = ("claim_id", "appearances", "outlets", "first_reported", "first_outlet")
ANSWER_COLUMNS = ("answers", "answers_strictly")
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
    """The `comparison` view's rows (one per allegation claim and reply claim) that the
    filters select: a claim pair is selected when the filters select a pair of its
    appearances in `queries.compare`, and a claim whose selected appearance has no reply
    shows every reply of the claim. With `answers`, a claim pair answers when any pair
    of appearances does.

    With no filter every claim pair is selected, so the view's rows stream as SQLite
    yields them: the first row comes at once and memory stays flat (selecting through
    the appearances holds every row of both views, 390 MB and twice the view's time at
    100k statements)."""
    if not answers and filters == Filters():
        columns = (*COMPARE_COLUMNS, *CLAIM_COLUMNS)
        cursor = conn.execute(f"SELECT {', '.join(columns)} FROM comparison")
        cursor.row_factory = None
        return Rows(columns, cursor)
    return _selected_claims(conn, filters, answers)


def _selected_claims(conn: sqlite3.Connection, filters: Filters, answers: bool) -> Rows:
    from claimtrack.queries import compare

    selected = compare(conn, filters, answers=answers)
    at = {name: i for i, name in enumerate(selected.columns)}
    rows = list(selected.rows)
    claim_of = _claims(conn, [r[0] for r in rows] + [r[at["reply_id"]] for r in rows])
    flags: dict[tuple[str, str | None], list[bool]] = {}
    for row in rows:
        reply = row[at["reply_id"]]
        key = (claim_of[row[0]], claim_of[reply] if reply else None)
        mark = flags.setdefault(key, [False, False])
        if answers:
            mark[0] |= bool(row[at["answers"]])
            mark[1] |= bool(row[at["answers_strictly"]])
    whole_claims = {a for a, r in flags if r is None}
    columns = (*COMPARE_COLUMNS, *CLAIM_COLUMNS)
    view = conn.execute(f"SELECT {', '.join(columns)} FROM comparison").fetchall()
    reply_claims = _claims(conn, [r[COMPARE_COLUMNS.index("reply_id")] for r in view])
    out = []
    for row in view:
        claim = row[len(COMPARE_COLUMNS)]
        reply = row[COMPARE_COLUMNS.index("reply_id")]
        key = (claim, reply_claims[reply] if reply else None)
        if key in flags:
            out.append((*row, *flags[key]) if answers else tuple(row))
        elif claim in whole_claims:
            out.append((*row, *_any_answer(flags, claim)) if answers else tuple(row))
    return Rows((*columns, *ANSWER_COLUMNS) if answers else columns, out)


def _any_answer(flags: dict[tuple[str, str | None], list[bool]], claim: str) -> list[bool]:
    return [
        any(f[i] for (a, _), f in flags.items() if a == claim) for i in range(len(ANSWER_COLUMNS))
    ]


def unanswered_claims(
    conn: sqlite3.Connection,
    filters: Filters,
    strict: bool = False,
    as_of: date | None = None,
    older_than: int | None = None,
) -> Rows:
    """Allegation claims none of whose appearances the targeted side has answered (as
    known on `as_of`), one row per claim: its canonical appearance when the filters
    select it, else the first one they select (the `unanswered` views' rule)."""
    from claimtrack.queries import unanswered

    day = (as_of or datetime.now(timezone.utc).date()).isoformat()
    result = unanswered(conn, filters, strict=strict, as_of=as_of, older_than=older_than)
    rows = list(result.rows)
    answered = {
        row[0]
        for row in conn.execute(
            f"""SELECT x.claim_id FROM answers an
            JOIN statements x ON x.id = an.allegation_id
            JOIN statements r ON r.id = an.reply_id
            JOIN articles ra ON ra.id = r.article_id
            WHERE coalesce(r.date_first, ra.published, '') <= ?{" AND an.strict" if strict else ""}""",
            (day,),
        )
    }
    claim_of = _claims(conn, (r[0] for r in rows))
    summaries = _summaries(conn, claim_of.values())
    chosen: dict[str, int] = {}
    for index, row in enumerate(rows):
        claim = claim_of[row[0]]
        if claim in answered:
            continue
        canonical = summaries[claim][0] if claim in summaries else None
        if claim not in chosen or (row[0] == canonical and rows[chosen[claim]][0] != canonical):
            chosen[claim] = index
    out = [
        (*rows[i], *_claim_values(summaries.get(claim), claim))
        for claim, i in sorted(chosen.items(), key=lambda item: item[1])
    ]
    return Rows((*result.columns, *CLAIM_COLUMNS), out)

"""Every appearance of a claim, each checkable against its own article."""

from __future__ import annotations

import sqlite3

from claimtrack.model import ClaimtrackError, Rows

APPEARANCE_COLUMNS = (
    "claim_id",
    "statement_id",
    "canonical",
    "outlet",
    "url",
    "published",
    "date",
    "article",
    "quote",
    "claim_score",
    "claim_reason",
)


def names_a_claim(conn: sqlite3.Connection, name: str) -> bool:
    """Is `name` a claim id and not also a statement's id (a statement wins)?"""
    return (
        conn.execute("SELECT 1 FROM claims WHERE id = ?", (name,)).fetchone() is not None
        and conn.execute("SELECT 1 FROM statements WHERE id = ?", (name,)).fetchone() is None
    )


def appearances(conn: sqlite3.Connection, claim_id: str) -> Rows:
    """One row per appearance, first published first: the outlet, url and date of its
    article and the exact quote there (copies can differ by a word), with the score and
    reason that put it in the claim. Raises ClaimtrackError for an unknown claim."""
    if not names_a_claim(conn, claim_id):
        raise ClaimtrackError(f"no claim with id {claim_id!r}; claim ids are in compare's claim_id")
    rows = conn.execute(
        """SELECT s.claim_id, s.id, s.id = c.canonical_id, art.outlet, art.url, art.published,
            s.date, s.article_id, s.quote, s.claim_score, s.claim_reason
        FROM statements s
        JOIN claims c ON c.id = s.claim_id
        JOIN articles art ON art.id = s.article_id
        WHERE s.claim_id = ?
        ORDER BY art.published IS NULL, art.published, s.article_id, s.id""",
        (claim_id,),
    ).fetchall()
    return Rows(APPEARANCE_COLUMNS, [(*r[:2], bool(r[2]), *r[3:]) for r in rows])


def appearance_articles(conn: sqlite3.Connection, claim_ids: list[str]) -> dict[str, list[str]]:
    """claim id -> the ids of the articles it appears in, first published first."""
    found: dict[str, list[str]] = {}
    ids = sorted(set(claim_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for claim, article in conn.execute(
            f"""SELECT s.claim_id, s.article_id FROM statements s
            JOIN articles art ON art.id = s.article_id
            WHERE s.claim_id IN ({", ".join("?" * len(chunk))})
            ORDER BY art.published IS NULL, art.published, s.article_id""",
            chunk,
        ):
            found.setdefault(claim, []).append(article)
    return found

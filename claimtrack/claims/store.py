"""Claims in the database: grouping what a load added, and the corrections made by hand.

Every statement carries `claim_id`, with the `claim_score` and `claim_reason` of the
evidence that put it there; the `claims` table holds each claim's canonical statement,
first report and counts. A load or ingest regroups the speakers whose statements have
no claim yet (all of a speaker's statements, so a new copy can join an old claim), and
writes only what changed: loading the same files again writes nothing.

`claimtrack merge` and `split` record corrections in `claim_corrections` ('merge': two
statements share a claim; 'split': they never do), which every later grouping obeys, as
`rejected_links` is obeyed by pairing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from claimtrack.claims.summary import Sighting, summarise
from claimtrack.model import ClaimtrackError, is_allegation_sql


def create_schema(conn: sqlite3.Connection) -> None:
    """The claim columns of statements, the claims table and the corrections table."""
    for column, kind in (("claim_id", "TEXT"), ("claim_score", "REAL"), ("claim_reason", "TEXT")):
        conn.execute(f"ALTER TABLE statements ADD COLUMN {column} {kind}")
    conn.execute("CREATE INDEX statements_claim ON statements(claim_id)")
    conn.execute(
        """CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    canonical_id TEXT NOT NULL,
    first_reported TEXT,
    first_outlet TEXT,
    appearances INTEGER NOT NULL,
    outlets INTEGER NOT NULL
)"""
    )
    conn.execute(
        """CREATE TABLE claim_corrections (
    statement_id TEXT NOT NULL,
    other_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    made_at TEXT,
    PRIMARY KEY (statement_id, other_id)
)"""
    )


@dataclass
class RegroupReport:
    """What a regrouping looked at and changed."""

    statements: int = 0
    changed: int = 0
    claims: int = 0


#: The day a statement counts as made for grouping: its own, else its article's.
_DAY = """CASE WHEN length(s.date) = 10 THEN s.date
    WHEN length(art.published) = 10 THEN art.published END"""
_APPEARANCES_SQL = f"""
SELECT s.id, s.speaker_id, CASE WHEN s.role = 'allegation' THEN 'allegation' ELSE 'response' END,
    s.article_id, {_DAY}, s.quote, s.target_id, s.kind,
    (SELECT group_concat(l.allegation_id, char(31)) FROM reply_links l WHERE l.response_id = s.id),
    s.claim_id, s.claim_score, s.claim_reason, art.published, art.outlet,
    {is_allegation_sql("s")}
FROM statements s JOIN articles art ON art.id = s.article_id"""


def regroup(
    conn: sqlite3.Connection, everything: bool = False, statements: list[str] = ()
) -> RegroupReport:
    """Group the statements of every speaker who has a statement without a claim, or
    who said one of `statements` (or, with `everything`, of all speakers), and store
    what changed. Runs inside the caller's transaction.

    One speaker at a time (claims never span speakers), allegations first so that
    replies can be compared by the claims they answer: memory holds one speaker's
    statements, not the load's."""
    if everything:
        speakers_sql, params = "SELECT DISTINCT speaker_id FROM statements", []
    else:
        marks = ", ".join("?" * len(statements))
        speakers_sql = (
            f"SELECT DISTINCT speaker_id FROM statements WHERE claim_id IS NULL OR id IN ({marks})"
        )
        params = list(statements)
    return _regroup_speakers(conn, [r[0] for r in conn.execute(speakers_sql, params)])


def _regroup_speakers(
    conn: sqlite3.Connection, speakers: list[str], stale: set[str] | None = None
) -> RegroupReport:
    """Regroup these speakers and rewrite the summaries of the claims that changed, and
    of those in `stale` (claims whose summary row must be rewritten)."""
    report = RegroupReport()
    corrections = conn.execute(
        "SELECT statement_id, other_id, action FROM claim_corrections"
    ).fetchall()
    stale = set(stale or ())
    changes: list[tuple] = []
    for allegations in (True, False):
        for speaker in speakers:
            _regroup_block(conn, speaker, allegations, corrections, report, stale, changes)
            if len(changes) >= _CHANGES_PER_WRITE:
                _write_changes(conn, changes)
            if len(stale) >= _SUMMARIES_PER_WRITE:
                _write_changes(conn, changes)
                _summarise(conn, stale)
                stale.clear()
        # Replies are grouped by the claims of what they answer, read from the table.
        _write_changes(conn, changes)
    _summarise(conn, stale)
    return report


#: Claim columns written together, in the order of statement ids: one speaker's
#: statements lie all over the table, and updating them speaker by speaker cost 0.56 s
#: at 50k statements against 0.19 s for the same rows in id order (bench/run.py's
#: corpus). Grouping reads other speakers' claims only after a role's pass (replies
#: read their allegations') and summaries only after a write, so the rows wait.
_CHANGES_PER_WRITE = 20_000


def _write_changes(conn: sqlite3.Connection, changes: list[tuple]) -> None:
    """Write (claim_id, claim_score, claim_reason, id) rows in id order, and empty the list."""
    changes.sort(key=lambda change: change[3])
    conn.executemany(
        "UPDATE statements SET claim_id = ?, claim_score = ?, claim_reason = ? WHERE id = ?",
        changes,
    )
    changes.clear()


def claims_touched_by(conn: sqlite3.Connection, statement_ids: list[str]) -> tuple[list, set]:
    """(speakers, claim ids) that deleting these statements changes: their own, and
    those of the replies linked to them (replies are grouped by what they answer).
    Call before deleting, and `regroup_after_delete` after."""
    speakers: set[str] = set()
    claims: set[str] = set()
    for start in range(0, len(statement_ids), 500):
        chunk = statement_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for speaker, claim in conn.execute(
            f"""SELECT speaker_id, claim_id FROM statements WHERE id IN ({marks})
            OR id IN (SELECT response_id FROM reply_links WHERE allegation_id IN ({marks}))""",
            chunk * 2,
        ):
            speakers.add(speaker)
            if claim:
                claims.add(claim)
    return sorted(speakers), claims


def regroup_after_delete(conn: sqlite3.Connection, speakers: list[str], claims: set[str]) -> None:
    """Regroup these speakers and rewrite these claims' summaries: a claim that lost
    appearances counts them again, one named after a deleted statement takes its
    earliest remaining appearance's name, and one left with none is gone."""
    _regroup_speakers(conn, speakers, claims)


#: Claim summaries rewritten together: grouping reads statements.claim_id, never the
#: claims table, so the summaries wait and are written many thousands at a time rather
#: than once per speaker (five statements each) at a load's 400 speaker blocks; as many
#: as the claim columns written together, which must be written before.
_SUMMARIES_PER_WRITE = 20_000


def _regroup_block(
    conn: sqlite3.Connection,
    speaker: str,
    allegations: bool,
    corrections: list[tuple[str, str, str]],
    report: RegroupReport,
    stale: set[str],
    writes: list[tuple],
) -> None:
    """Group one speaker's allegations (or replies), add the claim columns that changed
    to `writes`, and the claims whose summaries they change to `stale`."""
    role = "s.role = 'allegation'" if allegations else "s.role <> 'allegation'"
    rows = conn.execute(
        f"{_APPEARANCES_SQL} WHERE s.speaker_id = ? AND {role}", (speaker,)
    ).fetchall()
    if not rows:
        return
    # Imported here: the engine and rapidfuzz cost a command 10 ms to import, and a new
    # database (migration m006) or a load (claims.waiting) reaches this module without
    # grouping anything.
    from claimtrack.claims.grouping import Appearance, day_ordinal, group

    appearances = [
        Appearance(
            r[0],
            r[1],
            r[2],
            r[3],
            day_ordinal(r[4]),
            r[5],
            r[6],
            r[7],
            tuple(r[8].split("\x1f")) if r[8] else (),
        )
        for r in rows
    ]
    ids = {r[0] for r in rows}
    together = [
        (a, b) for a, b, action in corrections if action == "merge" and a in ids and b in ids
    ]
    apart = [(a, b) for a, b, action in corrections if action == "split" and a in ids and b in ids]
    answered = sorted({a for item in appearances for a in item.answers})
    grouping = group(
        appearances,
        together=together,
        apart=apart,
        known=_claims_of(conn, answered),
        named={r[0]: r[9] for r in rows if r[9]},
    )
    changes = []
    for r in rows:
        m = grouping.memberships[r[0]]
        if (r[9], r[10], r[11]) != (m.claim, m.score, m.reason):
            changes.append((m.claim, m.score, m.reason, r[0]))
    writes.extend(changes)
    if changes:
        stale.update(r[9] for r in rows if r[9])
        stale.update(c[0] for c in changes)
    report.statements += len(rows)
    report.changed += len(changes)
    report.claims += grouping.claims


def _claims_of(conn: sqlite3.Connection, statement_ids: list[str]) -> dict[str, str]:
    """The stored claim of each of these statements (those that have one)."""
    found: dict[str, str] = {}
    for start in range(0, len(statement_ids), 500):
        chunk = statement_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found.update(
            conn.execute(
                f"SELECT id, claim_id FROM statements WHERE claim_id IS NOT NULL AND id IN ({marks})",
                chunk,
            ).fetchall()
        )
    return found


def _summarise(conn: sqlite3.Connection, claim_ids: set[str]) -> None:
    """Rewrite the `claims` rows of these claims from their appearances."""
    if not claim_ids:
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched_claims (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.touched_claims")
    conn.executemany(
        "INSERT OR IGNORE INTO temp.touched_claims (id) VALUES (?)", [(c,) for c in claim_ids]
    )
    conn.execute("DELETE FROM claims WHERE id IN (SELECT id FROM temp.touched_claims)")
    sightings = [
        Sighting(*row)
        for row in conn.execute(
            f"""SELECT s.id, s.claim_id, s.article_id, art.published, art.outlet, {_DAY}
            FROM statements s JOIN articles art ON art.id = s.article_id
            WHERE s.claim_id IN (SELECT id FROM temp.touched_claims)"""
        )
    ]
    conn.executemany(
        """INSERT INTO claims (id, canonical_id, first_reported, first_outlet, appearances, outlets)
        VALUES (?, ?, ?, ?, ?, ?)""",
        [
            (c.claim_id, c.canonical, c.first_reported, c.first_outlet, c.appearances, c.outlets)
            for c in summarise(sightings)
        ],
    )
    conn.execute("DROP TABLE temp.touched_claims")


def claim_members(conn: sqlite3.Connection, claim_or_statement: str) -> tuple[str, list[str]]:
    """(claim id, its statement ids) for a claim id or the id of one of its statements.
    Raises ClaimtrackError for an id that is neither."""
    row = conn.execute(
        "SELECT claim_id FROM statements WHERE id = ? OR claim_id = ? LIMIT 1",
        (claim_or_statement, claim_or_statement),
    ).fetchone()
    if row is None or row[0] is None:
        raise ClaimtrackError(
            f"no claim or statement with id {claim_or_statement!r}; see `claimtrack compare`"
        )
    members = [
        r[0]
        for r in conn.execute("SELECT id FROM statements WHERE claim_id = ? ORDER BY id", (row[0],))
    ]
    return row[0], members


def _record(conn: sqlite3.Connection, a: str, b: str, action: str) -> None:
    first, second = sorted((a, b))
    conn.execute(
        """INSERT INTO claim_corrections (statement_id, other_id, action, made_at)
        VALUES (?, ?, ?, ?) ON CONFLICT (statement_id, other_id) DO UPDATE SET
        action = excluded.action, made_at = excluded.made_at""",
        (first, second, action, datetime.now(timezone.utc).isoformat(timespec="seconds")),
    )


def merge_claims(conn: sqlite3.Connection, ids: list[str]) -> str:
    """Make the claims (or statements' claims) named by `ids` one claim, remembered as a
    correction. Returns the claim id."""
    claims = [claim_members(conn, i) for i in ids]
    heads = [
        conn.execute(
            f"SELECT {is_allegation_sql('s')}, s.speaker_id FROM statements s WHERE s.id = ?",
            (members[0],),
        ).fetchone()
        for _, members in claims
    ]
    if len({allegation for allegation, _ in heads}) > 1:
        raise ClaimtrackError("an allegation and a reply cannot be one claim")
    speakers = sorted({speaker for _, speaker in heads})
    if len(speakers) > 1:
        # Grouping runs per speaker: a claim is what one speaker said, however often reported.
        raise ClaimtrackError(
            f"a claim is one speaker's, and these have {len(speakers)}: {', '.join(speakers)}; "
            "merge only appearances of the same speaker"
        )
    everyone = sorted({m for _, members in claims for m in members})
    conn.executemany(
        "DELETE FROM claim_corrections WHERE action = 'split' AND statement_id = ? AND other_id = ?",
        [(a, b) for i, a in enumerate(everyone) for b in everyone[i + 1 :]],
    )
    anchor = claims[0][1][0]
    for _, members in claims[1:]:
        for member in members:
            if member != anchor:
                _record(conn, anchor, member, "merge")
    regroup(conn, statements=[m for _, members in claims for m in members])
    return claim_members(conn, anchor)[0]


def split_statement(conn: sqlite3.Connection, statement_id: str) -> str:
    """Take a statement out of its claim, remembered as a correction: it never joins
    the others again. Returns the statement's new claim id."""
    if conn.execute("SELECT 1 FROM statements WHERE id = ?", (statement_id,)).fetchone() is None:
        raise ClaimtrackError(f"no statement with id {statement_id!r}; split takes a statement id")
    _, members = claim_members(conn, statement_id)
    others = [m for m in members if m != statement_id]
    if not others:
        raise ClaimtrackError(
            f"{statement_id!r} is the only appearance of its claim; nothing to split"
        )
    conn.execute(
        "DELETE FROM claim_corrections WHERE action = 'merge' AND (statement_id = ? OR other_id = ?)",
        (statement_id, statement_id),
    )
    for other in others:
        _record(conn, statement_id, other, "split")
    regroup(conn, statements=members)
    return claim_members(conn, statement_id)[0]

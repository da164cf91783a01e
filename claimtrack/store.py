"""Row-level reads and writes shared by load, link and unlink.

Writes are upserts (`INSERT ... ON CONFLICT DO UPDATE`, in plain SQL: at a hundred
thousand rows a wrapper's per-row work costs more than SQLite's), never INSERT OR
REPLACE: replacing deletes the old row first, and with foreign keys on that cascades
into the reply links of the statement being updated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from claimtrack.actors import Actor, ActorRegistry, name_key
from claimtrack.model import ClaimtrackError, is_allegation, is_allegation_sql

_BATCH = 500


def load_registry(conn: sqlite3.Connection) -> ActorRegistry:
    """Every actor in the database with its aliases."""
    aliases: dict[str, list[str]] = {}
    for actor_id, alias in conn.execute("SELECT actor_id, alias FROM aliases ORDER BY rowid"):
        aliases.setdefault(actor_id, []).append(alias)
    registry = ActorRegistry()
    rows = conn.execute("SELECT id, name, side, kind, parent FROM actors ORDER BY rowid").fetchall()
    for actor_id, name, side, kind, parent in rows:
        registry.add(Actor(actor_id, name, side, kind, parent, aliases.get(actor_id, [])))
    return registry


#: Column order of the rows `load` writes, table by table.
ACTOR_ROW = ("id", "name", "side", "kind", "parent")
ARTICLE_ROW = ("id", "title", "outlet", "url", "published", "published_basis", "text")
STATEMENT_ROW = (
    "id",
    "article_id",
    "role",
    "speaker_id",
    "target_id",
    "kind",
    "topic",
    "summary",
    "quote",
    "quote_start",
    "quote_end",
    "date",
    "date_first",
    "date_last",
    "date_phrase",
)


def existing_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], ids: Sequence[str]
) -> dict[str, tuple]:
    """The rows of `table` with these ids, as tuples of `columns` (id first), by id."""
    found: dict[str, tuple] = {}
    cursor = conn.cursor()
    cursor.row_factory = None
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        marks = ",".join("?" * len(chunk))
        for row in cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id IN ({marks})", chunk
        ):
            found[row[0]] = row
    return found


def write_rows(
    conn: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    new: list[Sequence[Any]],
    changed: list[Sequence[Any]] = (),
) -> None:
    """Insert the `new` rows and update the `changed` ones in place, keyed on id (an
    upsert, so the reply links of an updated statement stay).

    Raw sqlite3 `executemany`, as measured fastest on bench/run.py's 50k-statement corpus
    now that a load fills the full-text index once at its end
    (db.SearchIndexFilledOnce): one INSERT ... SELECT from json_each per batch, faster
    only while the index trigger fired for every statement SQLite ran, cost 0.3 s more
    CPU, and an upsert of the new rows too (which the caller knows are new) 0.2 s more
    than a plain INSERT of them."""
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    if new:
        conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", new)
    if changed:
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
        conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            changed,
        )


def last_rowid(conn: sqlite3.Connection, table: str) -> int:
    """The largest rowid in `table` (0 when empty): rows inserted later have larger ones."""
    return conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]


def article_text(conn: sqlite3.Connection, article_id: str) -> tuple[str, str | None] | None:
    """(text, published) of an article in the database, or None."""
    row = conn.execute(
        "SELECT text, published FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    return (row[0], row[1]) if row else None


def replace_aliases(conn: sqlite3.Connection, actor_id: str, aliases: list[str]) -> None:
    """Make the actor's aliases exactly these (only when they differ, to write nothing on
    a re-load)."""
    wanted = {name_key(a): a for a in aliases}
    have = dict(conn.execute("SELECT key, alias FROM aliases WHERE actor_id = ?", (actor_id,)))
    if have == wanted:
        return
    conn.execute("DELETE FROM aliases WHERE actor_id = ?", (actor_id,))
    conn.executemany(
        "INSERT INTO aliases (key, alias, actor_id) VALUES (?, ?, ?)",
        [(key, alias, actor_id) for key, alias in wanted.items()],
    )


# ---------------------------------------------------------------- a load's reply links
#
# A load stages the reply links it reads in two temporary tables, because a response may
# name an allegation that comes later in the load: once every statement is written, the
# links are checked and made the curated links of their responses in a few set-based
# statements, without holding them in memory.


def open_link_stage(conn: sqlite3.Connection) -> None:
    """Empty scratch tables for the links of one load (temporary: this connection only).

    They have no index while the load fills them (each response comes once in a load
    that succeeds, with each of its links once): `apply_curated_links` indexes the
    links in one pass, which costs less than keeping two indexes row by row."""
    conn.execute("DROP TABLE IF EXISTS temp.load_replies")
    conn.execute("DROP TABLE IF EXISTS temp.load_links")
    conn.execute("CREATE TEMP TABLE load_replies (response_id TEXT NOT NULL)")
    conn.execute(
        """CREATE TEMP TABLE load_links (
        seq INTEGER PRIMARY KEY,
        response_id TEXT NOT NULL,
        allegation_id TEXT NOT NULL)"""
    )


def close_link_stage(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE IF EXISTS temp.load_replies")
    conn.execute("DROP TABLE IF EXISTS temp.load_links")


def stage_links(
    conn: sqlite3.Connection, responses: Iterable[tuple[str]], links: Iterable[tuple[str, str]]
) -> None:
    """Record responses whose curated links the load sets, and the links they want (in
    order, each pair once)."""
    conn.executemany("INSERT INTO temp.load_replies (response_id) VALUES (?)", responses)
    conn.executemany(
        "INSERT INTO temp.load_links (response_id, allegation_id) VALUES (?, ?)", links
    )


def first_bad_link(conn: sqlite3.Connection) -> tuple[str, str, dict[str, Any] | None] | None:
    """The first staged link (in load order) whose allegation is missing, is not an
    allegation, or is the response itself: (response id, allegation id, the allegation's
    {role, kind, target_id} or None when there is no such statement)."""
    row = conn.execute(
        f"""SELECT l.response_id, l.allegation_id, s.id IS NOT NULL, s.role, s.kind, s.target_id
        FROM temp.load_links l LEFT JOIN statements s ON s.id = l.allegation_id
        WHERE s.id IS NULL
           OR NOT {is_allegation_sql("s")}
           OR l.allegation_id = l.response_id
        ORDER BY l.seq LIMIT 1"""
    ).fetchone()
    if row is None:
        return None
    found = {"role": row[3], "kind": row[4], "target_id": row[5]} if row[2] else None
    return row[0], row[1], found


def apply_curated_links(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """Make the curated links of every staged response exactly its staged links; manual
    and auto links stay. A pair already linked by hand or by the pairing engine becomes
    curated; a pair the user unlinked (`rejected_links`) stays unlinked. Returns (added,
    kept, removed); writes nothing when nothing changes."""
    conn.execute("CREATE INDEX temp.load_links_pair ON load_links (response_id, allegation_id)")
    removed = conn.execute(
        """DELETE FROM reply_links
        WHERE origin = 'curated'
          AND response_id IN (SELECT response_id FROM temp.load_replies)
          AND NOT EXISTS (SELECT 1 FROM temp.load_links w
                          WHERE w.response_id = reply_links.response_id
                            AND w.allegation_id = reply_links.allegation_id)"""
    ).rowcount
    wanted = conn.execute(
        """SELECT count(*) FROM temp.load_links w
        WHERE NOT EXISTS (SELECT 1 FROM rejected_links x
                          WHERE x.response_id = w.response_id
                            AND x.allegation_id = w.allegation_id)"""
    ).fetchone()[0]
    added = conn.execute(
        """INSERT INTO reply_links (response_id, allegation_id, origin, score, reason)
        SELECT w.response_id, w.allegation_id, 'curated', 1.0, 'curated in a fixture bundle'
        FROM temp.load_links w
        WHERE NOT EXISTS (SELECT 1 FROM reply_links r
                          WHERE r.response_id = w.response_id
                            AND r.allegation_id = w.allegation_id
                            AND r.origin = 'curated')
          AND NOT EXISTS (SELECT 1 FROM rejected_links x
                          WHERE x.response_id = w.response_id
                            AND x.allegation_id = w.allegation_id)
        ORDER BY w.seq
        ON CONFLICT (response_id, allegation_id) DO UPDATE SET
            origin = 'curated', score = 1.0, reason = excluded.reason"""
    ).rowcount
    return added, wanted - added, removed


def _require_statement(conn: sqlite3.Connection, statement_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT id, role, kind, target_id FROM statements WHERE id = ?", (statement_id,)
    ).fetchone()
    if row is None:
        raise ClaimtrackError(
            f"no statement with id {statement_id!r}; see `claimtrack allegations`"
        )
    return row


def add_manual_link(conn: sqlite3.Connection, response_id: str, allegation_id: str) -> str:
    """Link a response to an allegation by hand. Returns "added", "kept" (already
    linked, origin unchanged) or "confirmed" (an auto link becomes manual)."""
    response = _require_statement(conn, response_id)
    allegation = _require_statement(conn, allegation_id)
    if response["role"] != "response":
        raise ClaimtrackError(f"{response_id!r} is an allegation; the first id must be a response")
    if not is_allegation(allegation["role"], allegation["kind"], allegation["target_id"]):
        raise ClaimtrackError(
            f"{allegation_id!r} is a {allegation['kind']} response, not an allegation; "
            "the second id must be an allegation or a counter-accusation"
        )
    if response_id == allegation_id:
        raise ClaimtrackError("a statement cannot reply to itself")
    origin = conn.execute(
        "SELECT origin FROM reply_links WHERE response_id = ? AND allegation_id = ?",
        (response_id, allegation_id),
    ).fetchone()
    # Linking a pair again lifts an earlier unlink.
    conn.execute(
        "DELETE FROM rejected_links WHERE response_id = ? AND allegation_id = ?",
        (response_id, allegation_id),
    )
    if origin and origin[0] != "auto":
        return "kept"
    conn.execute(
        """INSERT INTO reply_links (response_id, allegation_id, origin, score, reason)
        VALUES (?, ?, 'manual', 1.0, 'linked by hand')
        ON CONFLICT (response_id, allegation_id) DO UPDATE SET
            origin = 'manual', score = 1.0, reason = excluded.reason""",
        (response_id, allegation_id),
    )
    _regroup_reply(conn, response_id)
    return "confirmed" if origin else "added"


def _regroup_reply(conn: sqlite3.Connection, response_id: str) -> None:
    """Replies are grouped into claims by what they answer: a link made or removed by
    hand regroups the reply's speaker."""
    from claimtrack.claims.store import regroup

    regroup(conn, statements=[response_id])


def remove_link(conn: sqlite3.Connection, response_id: str, allegation_id: str) -> str:
    """Remove a reply link of any origin; returns the origin it had.

    The unlink is recorded (`rejected_links`) whatever the origin, so neither `pair` nor
    re-loading a bundle that curates the pair brings it back; `link` lifts it.
    """
    _require_statement(conn, response_id)
    _require_statement(conn, allegation_id)
    origin = conn.execute(
        "SELECT origin FROM reply_links WHERE response_id = ? AND allegation_id = ?",
        (response_id, allegation_id),
    ).fetchone()
    if origin is None:
        raise ClaimtrackError(
            f"{response_id!r} is not linked to {allegation_id!r}; nothing to unlink"
        )
    conn.execute(
        "DELETE FROM reply_links WHERE response_id = ? AND allegation_id = ?",
        (response_id, allegation_id),
    )
    from datetime import datetime, timezone

    conn.execute(
        """INSERT INTO rejected_links (response_id, allegation_id, rejected_at)
        VALUES (?, ?, ?) ON CONFLICT (response_id, allegation_id) DO NOTHING""",
        (response_id, allegation_id, datetime.now(timezone.utc).isoformat(timespec="seconds")),
    )
    _regroup_reply(conn, response_id)
    return origin[0]


# ---------------------------------------------------------------- deleting


def delete_statements(
    conn: sqlite3.Connection, statement_ids: Sequence[str], article_id: str | None = None
) -> tuple[list[str], int]:
    """Delete these statements, or every statement of the article and then the article,
    with their reply links (the foreign keys cascade), their search entries (the index's
    triggers) and their unlink records, and regroup the claims they were in. Returns
    (ids deleted, reply links deleted).

    Raises ClaimtrackError, before deleting anything, for an id that does not exist.
    """
    ids = list(dict.fromkeys(statement_ids))
    for statement_id in ids:
        _require_statement(conn, statement_id)
    if article_id is not None:
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
            raise ClaimtrackError(f"no article with id {article_id!r}; see `claimtrack articles`")
        ids += [
            r[0]
            for r in conn.execute(
                "SELECT id FROM statements WHERE article_id = ? ORDER BY quote_start, id",
                (article_id,),
            )
            if r[0] not in ids
        ]
    from claimtrack.claims.store import claims_touched_by, regroup_after_delete

    touched = claims_touched_by(conn, ids)
    links = 0
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        marks = ",".join("?" * len(chunk))
        links += conn.execute(
            f"DELETE FROM reply_links WHERE response_id IN ({marks}) OR allegation_id IN ({marks})",
            chunk * 2,
        ).rowcount
        conn.execute(
            f"DELETE FROM rejected_links WHERE response_id IN ({marks}) OR allegation_id IN ({marks})",
            chunk * 2,
        )
        conn.execute(f"DELETE FROM statements WHERE id IN ({marks})", chunk)
    if article_id is not None:
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
    regroup_after_delete(conn, *touched)
    return ids, links


def repeated_statements(conn: sqlite3.Connection, after_rowid: int) -> list[tuple[str, str]]:
    """(new id, earlier id) for each statement written after `after_rowid` that repeats
    another's article, speaker and quote (at the same place in the text) under a
    different id: most likely the same statement given a new id by mistake. One
    sentence accusing two targets is two statements, so the target must match too.

    The unary `+` keep SQLite on the (article, position) index: left to itself the
    planner looks the earlier statement up by target (a handful of values), which made
    the check quadratic (35 s at 20k statements, 30 ms with the article index). The new
    rows are read by rowid, so a small load into a large database reads only its own.
    The EXISTS first asks the index alone whether an earlier statement sits at the same
    place (almost never), so the rows are compared only then: at 50k new statements the
    check takes 0.025 s instead of 0.048 s, and only the repeats come back."""
    found = conn.execute(
        """SELECT n.id,
            (SELECT o.id FROM statements o
             WHERE o.article_id = n.article_id AND o.quote_start = n.quote_start
               AND +o.rowid < n.rowid AND +o.speaker_id = n.speaker_id
               AND +o.target_id IS n.target_id AND +o.role = n.role AND o.quote = n.quote
             LIMIT 1)
        FROM statements n
        WHERE n.rowid > ?
          AND EXISTS (SELECT 1 FROM statements o
                      WHERE o.article_id = n.article_id AND o.quote_start = n.quote_start
                        AND +o.rowid < n.rowid)
        ORDER BY n.rowid""",
        (after_rowid,),
    )
    return [(new_id, earlier) for new_id, earlier in found if earlier is not None]

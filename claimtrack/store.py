"""Row-level reads and writes shared by load, link and unlink.

Writes are upserts (sqlite-utils' `INSERT ... ON CONFLICT DO UPDATE`), never INSERT OR
REPLACE: replacing deletes the old row first, and with foreign keys on that cascades
into the reply links of the statement being updated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from claimtrack.actors import Actor, ActorRegistry, name_key
from claimtrack.model import ClaimtrackError

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


def existing_rows(
    conn: sqlite3.Connection, table: str, ids: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The rows of `table` with these ids, as dicts, by id."""
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        marks = ",".join("?" * len(chunk))
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values))
            found[row["id"]] = row
    return found


def upsert_rows(conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Insert new rows and update existing ones in place, keyed on id."""
    import sqlite_utils

    sqlite_utils.Database(conn, execute_plugins=False).table(table).upsert_all(
        rows, pk="id", alter=False
    )


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


def statement_roles(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """id → {role, kind, target_id} for the statements that exist."""
    ids = list(ids)
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT id, role, kind, target_id FROM statements WHERE id IN ({marks})", chunk
        ):
            found[row[0]] = {"role": row[1], "kind": row[2], "target_id": row[3]}
    return found


def set_curated_links(
    conn: sqlite3.Connection, response_id: str, allegation_ids: list[str]
) -> tuple[int, int, int]:
    """Make the curated links of a response exactly these; manual and auto links stay.

    A pair already linked by hand or by the pairing engine becomes curated. Returns
    (added, kept, removed).
    """
    have = dict(
        conn.execute(
            "SELECT allegation_id, origin FROM reply_links WHERE response_id = ?", (response_id,)
        )
    )
    wanted = set(allegation_ids)
    removed = [a for a, origin in have.items() if origin == "curated" and a not in wanted]
    added = [a for a in allegation_ids if have.get(a) != "curated"]
    conn.executemany(
        "DELETE FROM reply_links WHERE response_id = ? AND allegation_id = ?",
        [(response_id, a) for a in removed],
    )
    conn.executemany(
        """INSERT INTO reply_links (response_id, allegation_id, origin, score, reason)
        VALUES (?, ?, 'curated', 1.0, 'curated in a fixture bundle')
        ON CONFLICT (response_id, allegation_id) DO UPDATE SET
            origin = 'curated', score = 1.0, reason = excluded.reason""",
        [(response_id, a) for a in added],
    )
    return len(added), len(wanted) - len(added), len(removed)


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
    if not (
        allegation["role"] == "allegation"
        or (allegation["kind"] == "counter-accusation" and allegation["target_id"])
    ):
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
    if origin and origin[0] != "auto":
        return "kept"
    conn.execute(
        """INSERT INTO reply_links (response_id, allegation_id, origin, score, reason)
        VALUES (?, ?, 'manual', 1.0, 'linked by hand')
        ON CONFLICT (response_id, allegation_id) DO UPDATE SET
            origin = 'manual', score = 1.0, reason = excluded.reason""",
        (response_id, allegation_id),
    )
    return "confirmed" if origin else "added"


def remove_link(conn: sqlite3.Connection, response_id: str, allegation_id: str) -> str:
    """Remove a reply link of any origin; returns the origin it had.

    Removing an 'auto' link records the rejection, so `pair` never proposes it again.
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
    if origin[0] == "auto":
        from datetime import datetime, timezone

        conn.execute(
            """INSERT INTO rejected_links (response_id, allegation_id, rejected_at)
            VALUES (?, ?, ?) ON CONFLICT (response_id, allegation_id) DO NOTHING""",
            (response_id, allegation_id, datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
    return origin[0]

"""The database file: opening it safely, its schema, migrations and views.

The schema is declared here and nowhere else. Each migration is a list of SQL
statements applied once, in order, and recorded in `PRAGMA user_version`, so a file made
by any earlier claimtrack opens with the current one and a file from a newer one is
refused instead of misread. The views `comparison` and `unanswered` are the answers the
commands print, so `sqlite3 claimtrack.db 'select * from unanswered'` or Datasette gives
the same rows as `claimtrack unanswered`.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from claimtrack.model import ClaimtrackError

_IS_ALLEGATION = (
    "({t}.role = 'allegation' OR ({t}.kind = 'counter-accusation' AND {t}.target_id IS NOT NULL))"
)

_ALLEGATION_COLUMNS = """
    a.id AS allegation_id,
    a.date AS alleged_on,
    sp.name AS alleged_by,
    sp.side AS alleger_side,
    tg.name AS target,
    tg.side AS target_side,
    a.topic AS topic,
    a.summary AS allegation"""

_ALLEGATION_FROM = """
FROM statements a
JOIN actors sp ON sp.id = a.speaker_id
JOIN actors tg ON tg.id = a.target_id"""


def _unanswered_view(name: str, reply_condition: str) -> list[str]:
    return [
        f"DROP VIEW IF EXISTS {name}",
        f"""CREATE VIEW {name} AS
SELECT {_ALLEGATION_COLUMNS},
    a.quote AS quote,
    a.article_id AS article
{_ALLEGATION_FROM}
WHERE {_IS_ALLEGATION.format(t="a")}
  AND NOT EXISTS (
    SELECT 1 FROM reply_links l
    JOIN statements r ON r.id = l.response_id
    JOIN actors rp ON rp.id = r.speaker_id
    WHERE l.allegation_id = a.id AND rp.side = tg.side {reply_condition})
ORDER BY a.article_id, a.quote_start, a.id""",
    ]


SCHEMA_V1 = [
    """CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    published_basis TEXT,
    text TEXT NOT NULL
)""",
    """CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('beijing', 'ottawa', 'other')),
    kind TEXT,
    parent TEXT REFERENCES actors(id)
)""",
    """CREATE TABLE aliases (
    key TEXT PRIMARY KEY,
    alias TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE
)""",
    """CREATE TABLE statements (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    role TEXT NOT NULL CHECK (role IN ('allegation', 'response')),
    speaker_id TEXT NOT NULL REFERENCES actors(id),
    target_id TEXT REFERENCES actors(id),
    kind TEXT CHECK (kind IS NULL OR kind IN ('denial', 'rejection', 'counter-accusation',
        'no-comment', 'deflection', 'protest', 'threat', 'acknowledgement', 'other')),
    topic TEXT,
    summary TEXT,
    quote TEXT NOT NULL,
    quote_start INTEGER NOT NULL,
    quote_end INTEGER NOT NULL,
    date TEXT,
    date_first TEXT,
    date_last TEXT,
    date_phrase TEXT
)""",
    "CREATE INDEX statements_article ON statements(article_id, quote_start)",
    "CREATE INDEX statements_speaker ON statements(speaker_id)",
    "CREATE INDEX statements_target ON statements(target_id)",
    "CREATE INDEX aliases_actor ON aliases(actor_id)",
    """CREATE TABLE reply_links (
    response_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    allegation_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'manual', 'auto')),
    score REAL,
    reason TEXT,
    PRIMARY KEY (response_id, allegation_id)
)""",
    "CREATE INDEX reply_links_allegation ON reply_links(allegation_id)",
    """CREATE VIEW comparison AS
SELECT {allegation},
    a.quote AS allegation_quote,
    r.id AS reply_id,
    r.date AS replied_on,
    rp.name AS replied_by,
    rp.side AS replier_side,
    r.kind AS reply_kind,
    r.summary AS reply,
    r.quote AS reply_quote,
    CASE WHEN length(a.date) = 10 AND length(r.date) = 10
         THEN CAST(julianday(r.date) - julianday(a.date) AS INTEGER) END AS lag_days,
    l.origin AS link_origin,
    l.score AS link_score,
    a.article_id AS article,
    r.article_id AS reply_article
{frm}
LEFT JOIN reply_links l ON l.allegation_id = a.id
LEFT JOIN statements r ON r.id = l.response_id
LEFT JOIN actors rp ON rp.id = r.speaker_id
WHERE {is_allegation}
ORDER BY a.article_id, a.quote_start, a.id, r.article_id, r.quote_start, r.id""".format(
        allegation=_ALLEGATION_COLUMNS,
        frm=_ALLEGATION_FROM,
        is_allegation=_IS_ALLEGATION.format(t="a"),
    ),
    *_unanswered_view("unanswered", ""),
    *_unanswered_view("unanswered_strict", "AND r.kind IS NOT 'no-comment'"),
]


def _unanswered_view_v2(name: str, reply_condition: str) -> list[str]:
    """Unanswered allegations with their age and how far the search for a reply went.

    `days_open` counts from the allegation's date (or, undated, its article's date) to
    today. `checked_until` is the latest published date of a loaded article in which
    the target's side speaks at all: a reply could only have been found up to there.
    """
    return [
        f"DROP VIEW IF EXISTS {name}",
        f"""CREATE VIEW {name} AS
WITH coverage AS (
    SELECT xa.side AS side, max(ar.published) AS checked_until
    FROM statements x
    JOIN actors xa ON xa.id = x.speaker_id
    JOIN articles ar ON ar.id = x.article_id
    GROUP BY xa.side)
SELECT {_ALLEGATION_COLUMNS},
    a.quote AS quote,
    a.article_id AS article,
    CAST(julianday(date('now')) - julianday(coalesce(a.date_first, art.published)) AS INTEGER)
        AS days_open,
    cv.checked_until AS checked_until
{_ALLEGATION_FROM}
JOIN articles art ON art.id = a.article_id
LEFT JOIN coverage cv ON cv.side = tg.side
WHERE {_IS_ALLEGATION.format(t="a")}
  AND NOT EXISTS (
    SELECT 1 FROM reply_links l
    JOIN statements r ON r.id = l.response_id
    JOIN actors rp ON rp.id = r.speaker_id
    WHERE l.allegation_id = a.id AND rp.side = tg.side {reply_condition})
ORDER BY a.article_id, a.quote_start, a.id""",
    ]


#: Full-text search over quotes and summaries, kept in sync with `statements` by
#: triggers, so every load, update and delete reaches the index without extra code.
SEARCH_AND_COVERAGE_V2 = [
    """CREATE VIRTUAL TABLE statements_fts USING fts5(
    quote, summary, content='statements', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
)""",
    """CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, quote, summary) VALUES (new.rowid, new.quote, new.summary);
END""",
    """CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, quote, summary)
    VALUES ('delete', old.rowid, old.quote, old.summary);
END""",
    """CREATE TRIGGER statements_fts_update AFTER UPDATE OF quote, summary ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, quote, summary)
    VALUES ('delete', old.rowid, old.quote, old.summary);
    INSERT INTO statements_fts (rowid, quote, summary) VALUES (new.rowid, new.quote, new.summary);
END""",
    "INSERT INTO statements_fts (statements_fts) VALUES ('rebuild')",
    # The comparison view, with exactly the columns of the design (no reply_article:
    # reply_id leads to the reply's article).
    "DROP VIEW IF EXISTS comparison",
    """CREATE VIEW comparison AS
SELECT {allegation},
    a.quote AS allegation_quote,
    r.id AS reply_id,
    r.date AS replied_on,
    rp.name AS replied_by,
    rp.side AS replier_side,
    r.kind AS reply_kind,
    r.summary AS reply,
    r.quote AS reply_quote,
    CASE WHEN length(a.date) = 10 AND length(r.date) = 10
         THEN CAST(julianday(r.date) - julianday(a.date) AS INTEGER) END AS lag_days,
    l.origin AS link_origin,
    l.score AS link_score,
    a.article_id AS article
{frm}
LEFT JOIN reply_links l ON l.allegation_id = a.id
LEFT JOIN statements r ON r.id = l.response_id
LEFT JOIN actors rp ON rp.id = r.speaker_id
WHERE {is_allegation}
ORDER BY a.article_id, a.quote_start, a.id, r.date_first, r.article_id, r.quote_start, r.id""".format(
        allegation=_ALLEGATION_COLUMNS,
        frm=_ALLEGATION_FROM,
        is_allegation=_IS_ALLEGATION.format(t="a"),
    ),
    *_unanswered_view_v2("unanswered", ""),
    *_unanswered_view_v2("unanswered_strict", "AND r.kind IS NOT 'no-comment'"),
]


#: Pairs a person unlinked after the pairing engine proposed them: `pair` never proposes
#: them again.
REJECTED_LINKS_V3 = [
    """CREATE TABLE rejected_links (
    response_id TEXT,
    allegation_id TEXT,
    rejected_at TEXT,
    PRIMARY KEY (response_id, allegation_id)
)""",
]


#: Migration n (1-based) brings a database from user_version n-1 to n. Append, never edit.
MIGRATIONS: list[list[str]] = [SCHEMA_V1, SEARCH_AND_COVERAGE_V2, REJECTED_LINKS_V3]
SCHEMA_VERSION = len(MIGRATIONS)


def open_db(path: str | os.PathLike, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) a claimtrack database with WAL, a busy timeout and
    foreign keys on, migrated to the current schema.

    Raises ClaimtrackError for a file that is not SQLite, a folder, or a database made by
    a newer claimtrack.
    """
    path = Path(path)
    if path.is_dir():
        raise ClaimtrackError(f"{path}: is a folder, expected a SQLite database file")
    if readonly:
        if not path.exists():
            raise ClaimtrackError(f"{path}: no such database; load something first")
        from urllib.request import pathname2url

        uri = "file:" + pathname2url(str(path.resolve())) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
    else:
        try:
            conn = sqlite3.connect(str(path))
        except sqlite3.OperationalError as exc:
            raise ClaimtrackError(f"{path}: cannot open database ({exc})") from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                _switch_to_wal(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise ClaimtrackError(f"{path}: busy: another process holds it ({exc})") from None
        raise ClaimtrackError(f"{path}: not a SQLite database ({exc})") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ClaimtrackError(f"{path}: not a SQLite database ({exc})") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise ClaimtrackError(
            f"{path}: made by a newer claimtrack (schema version {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade claimtrack to open it"
        )
    if version < SCHEMA_VERSION:
        if readonly:
            conn.close()
            raise ClaimtrackError(
                f"{path}: schema version {version} needs upgrading; run any writing "
                "command (e.g. `claimtrack load`) first"
            )
        _migrate(conn, version, path)
    return conn


def _switch_to_wal(conn: sqlite3.Connection, wait: float = 10.0) -> None:
    """PRAGMA journal_mode = WAL, waiting for other processes: the switch needs an
    exclusive lock, and SQLite answers "database is locked" at once instead of calling
    the busy handler (two commands creating the same new file at the same moment)."""
    import time

    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _migrate(conn: sqlite3.Connection, version: int, path: Path) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        # Checked under the write lock: another process may have just made the schema.
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if current == 0 and has_tables:
            raise ClaimtrackError(
                f"{path}: a SQLite database that claimtrack did not make; choose another --db"
            )
        for number in range(current + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        conn.close()
        raise
    if current and current < SCHEMA_VERSION:
        print(f"upgraded {path} from schema version {current} to {SCHEMA_VERSION}", file=sys.stderr)


class session:
    """Open a database for one command and close it after.

    A database file this command created is removed again when the command fails on bad
    input (ClaimtrackError), so bad input leaves the disk exactly as it was.
    """

    def __init__(self, path: str | os.PathLike, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.created = False
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        self.created = not self.readonly and not self.path.exists()
        self.conn = open_db(self.path, readonly=self.readonly)
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.created and exc_type is not None and issubclass(exc_type, ClaimtrackError):
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)


class write_transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error.

    IMMEDIATE takes the write lock up front, so two loads at once wait for each other
    (busy timeout) instead of failing with "database is locked" halfway through.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    #: How long a writer waits for another to finish: a load of a million statements takes
    #: about a minute, and the second of two loads should wait for it, not fail.
    WRITE_WAIT_MS = 600_000

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {self.WRITE_WAIT_MS}")
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise ClaimtrackError(f"cannot write to the database ({exc})") from None
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

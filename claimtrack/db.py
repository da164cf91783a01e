"""The database file: opening it safely, its schema, migrations and views.

The schema is declared here and nowhere else, through sqlite-utils: tables, indexes, the
full-text index with the triggers that keep it current, and the views. Each change to
the schema is a named migration, a function registered with `@migration` in order and
applied once through `sqlite_utils.migrations.Migrations`, which records it in
`_sqlite_migrations`; `PRAGMA user_version` keeps the count of applied migrations, so a
file made by any earlier claimtrack opens with the current one (and says so once on
stderr), and a file from a newer one is refused instead of misread. Append migrations;
never edit one that has shipped.

The views `comparison`, `unanswered` and `unanswered_strict` are the answers the
commands print (and `answers` lists the reply links that count as answers), so `sqlite3 claimtrack.db 'select * from unanswered'` or Datasette gives
the same rows as `claimtrack unanswered` (once the claims of the last load are grouped:
see claimtrack.claims.waiting). They depend on no history, so they are declared
once (`VIEWS`) and re-declared at the end of every upgrade: to change a view, change it
here and add a migration that says so (its body may be empty).

Importing sqlite-utils costs about 65 ms, more than the rest of a query command: an
up-to-date file is opened with the standard sqlite3 module alone, and sqlite-utils is
imported only when a migration is pending.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from claimtrack.claims.waiting import group_waiting, grouping_waits
from claimtrack.model import ClaimtrackError, is_allegation_sql

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

# ---------------------------------------------------------------- migrations

#: The migrations in the order they apply; the schema version of a file is how many of
#: them it has had.
MIGRATIONS: list[Callable[[Database], None]] = []


def migration(step: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register `step` as the next migration, recorded under its function name."""
    MIGRATIONS.append(step)
    return step


@migration
def m001_tables(db: Database) -> None:
    """Articles, actors and their aliases, statements, reply links, and their indexes.

    Tables whose columns carry CHECK constraints (the vocabulary: sides, roles, reply
    kinds, link origins) or ON DELETE CASCADE are written in SQL: sqlite-utils'
    `create` declares neither, and these constraints keep the file sound for every tool
    that writes to it, not only claimtrack's loader. They name the vocabulary as it was
    when this migration shipped; a later change to it is a migration of its own."""
    db["articles"].create(
        {
            "id": str,
            "title": str,
            "outlet": str,
            "url": str,
            "published": str,
            "published_basis": str,
            "text": str,
        },
        pk="id",
        not_null={"text"},
    )
    db.execute(
        """CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('beijing', 'ottawa', 'other')),
    kind TEXT,
    parent TEXT REFERENCES actors(id)
)"""
    )
    db.execute(
        """CREATE TABLE aliases (
    key TEXT PRIMARY KEY,
    alias TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE
)"""
    )
    db.execute(
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
)"""
    )
    db.execute(
        """CREATE TABLE reply_links (
    response_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    allegation_id TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('curated', 'manual', 'auto')),
    score REAL,
    reason TEXT,
    PRIMARY KEY (response_id, allegation_id)
)"""
    )
    for table, columns, name in (
        ("statements", ["article_id", "quote_start"], "statements_article"),
        ("statements", ["speaker_id"], "statements_speaker"),
        ("statements", ["target_id"], "statements_target"),
        ("aliases", ["actor_id"], "aliases_actor"),
        ("reply_links", ["allegation_id"], "reply_links_allegation"),
    ):
        db[table].create_index(columns, index_name=name)


#: The full-text index over quotes and summaries, and the tokenizer it uses.
FTS_COLUMNS = ["quote", "summary"]
FTS_TOKENIZER = "unicode61 remove_diacritics 2"


@migration
def m002_search_index(db: Database) -> None:
    """Full-text search over quotes and summaries, kept in sync with `statements` by
    triggers, so every load, update and delete reaches the index without extra code."""
    db["statements"].enable_fts(FTS_COLUMNS, tokenize=FTS_TOKENIZER, create_triggers=True)


@migration
def m003_rejected_links(db: Database) -> None:
    """Pairs a person unlinked after the pairing engine proposed them: `pair` never
    proposes them again."""
    db["rejected_links"].create(
        {"response_id": str, "allegation_id": str, "rejected_at": str},
        pk=("response_id", "allegation_id"),
    )


@migration
def m004_search_index_by_sqlite_utils(db: Database) -> None:
    """Files made before the schema was declared through sqlite-utils have a search
    index written by hand, with triggers of other names: rebuild it as m002 now makes
    it, so every file has the same index and triggers. (Like every upgrade, it ends by
    declaring the views: the view `answers` is new.)"""
    old = ("statements_fts_insert", "statements_fts_delete", "statements_fts_update")
    if not set(old) & set(db["statements"].triggers_dict):
        return
    for trigger in old:
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db["statements_fts"].drop()
    db["statements"].enable_fts(FTS_COLUMNS, tokenize=FTS_TOKENIZER, create_triggers=True)


#: The tokenizer search uses from m005 on: porter stems English words, so `station`
#: finds "stations" and `slander` finds "slanderous".
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2"


@migration
def m005_search_finds_word_forms(db: Database) -> None:
    """Rebuild the search index with the porter stemmer (SEARCH_TOKENIZER). (The views,
    re-declared after it, gain `date_basis`: the allegation's own date, or else its
    article's.)"""
    db["statements"].disable_fts()
    db["statements"].enable_fts(FTS_COLUMNS, tokenize=SEARCH_TOKENIZER, create_triggers=True)


@migration
def m006_claims(db: Database) -> None:
    """Claims: every statement is one appearance of one claim (`statements.claim_id`,
    with the score and reason of the grouping), the `claims` table (canonical statement,
    first report, counts) and `claim_corrections` (merge and split by hand). The
    statements already in the file are grouped now."""
    from claimtrack.claims.store import create_schema, regroup

    create_schema(db.conn)
    regroup(db.conn, everything=True)


#: The update trigger sqlite-utils' enable_fts makes, and the columns it needs to watch.
FTS_UPDATE_TRIGGER = "statements_au"


@migration
def m007_search_index_follows_the_text_only(db: Database) -> None:
    """The search index is rewritten only when a quote or a summary changes. sqlite-utils'
    update trigger fires on every UPDATE of a statement, so grouping a load's statements
    into claims (an UPDATE of claim_id per statement) took every new row out of the index
    and put it back: about a third of a load's time at 50k statements."""
    columns = ", ".join(f'"{c}"' for c in FTS_COLUMNS)
    db.execute(f"DROP TRIGGER IF EXISTS {FTS_UPDATE_TRIGGER}")
    db.execute(
        f"""CREATE TRIGGER "{FTS_UPDATE_TRIGGER}" AFTER UPDATE OF {columns} ON "statements"
BEGIN
  INSERT INTO "statements_fts" ("statements_fts", rowid, {columns})
    VALUES ('delete', old.rowid, old."quote", old."summary");
  INSERT INTO "statements_fts" (rowid, {columns}) VALUES (new.rowid, new."quote", new."summary");
END"""
    )


SCHEMA_VERSION = len(MIGRATIONS)

#: The trigger that adds each new statement to the full-text index (sqlite-utils' name).
FTS_INSERT_TRIGGER = "statements_ai"


class SearchIndexFilledOnce:
    """New statements reach the full-text index in one INSERT ... SELECT when a load
    ends, instead of one trigger call per row, as a careful hand-written load does: at
    50k statements the index work drops from about a third of a load to a tenth.

    Within the load's write transaction, `before_new_rows` drops the insert trigger just
    before the first new row is written (a load that adds nothing changes no byte of the
    file), and `finish` indexes every row added since the start and makes the trigger
    again. Other connections never see it missing, an error or a crash rolls the drop
    back with everything else, and after a rollback to a savepoint the trigger is simply
    there again and dropped again. Updates and deletes still go through their triggers.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        found = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (FTS_INSERT_TRIGGER,),
        ).fetchone()
        self.trigger_sql: str | None = found[0] if found else None
        self.start = conn.execute("SELECT coalesce(max(rowid), 0) FROM statements").fetchone()[0]

    def _trigger_present(self) -> bool:
        return bool(
            self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                (FTS_INSERT_TRIGGER,),
            ).fetchone()[0]
        )

    def before_new_rows(self) -> None:
        if self.trigger_sql and self._trigger_present():
            self.conn.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")

    def finish(self) -> None:
        if not self.trigger_sql or self._trigger_present():
            return
        columns = ", ".join(FTS_COLUMNS)
        self.conn.execute(
            f"INSERT INTO statements_fts (rowid, {columns}) "
            f"SELECT rowid, {columns} FROM statements WHERE rowid > ?",
            (self.start,),
        )
        self.conn.execute(self.trigger_sql)


def migrations() -> Migrations:
    """The migrations as a sqlite-utils migration set, built when a file needs them
    (importing sqlite-utils is the slow part of opening a database)."""
    from sqlite_utils.migrations import Migrations

    steps = Migrations("claimtrack")
    for step in MIGRATIONS:
        steps(name=step.__name__)(step)
    return steps


# ---------------------------------------------------------------- views

#: An allegation's date is its own, or else its article's published date (`date_basis`
#: says which), as every --since/--until reads it.
_ALLEGATION_COLUMNS = """
    a.id AS allegation_id,
    coalesce(a.date, art.published) AS alleged_on,
    CASE WHEN a.date IS NOT NULL THEN 'statement'
         WHEN art.published IS NOT NULL THEN 'article' END AS date_basis,
    sp.name AS alleged_by,
    sp.side AS alleger_side,
    tg.name AS target,
    tg.side AS target_side,
    a.topic AS topic,
    a.summary AS allegation"""

_ALLEGATION_FROM = """
FROM statements a
JOIN articles art ON art.id = a.article_id
JOIN actors sp ON sp.id = a.speaker_id
JOIN actors tg ON tg.id = a.target_id"""


#: What "answered" means, written once: a reply `r` (spoken by `rp`) linked to an
#: allegation answers it when it comes from the side of the allegation's target `tg`;
#: under --strict a no-comment does not. The unanswered views apply it where they look
#: for a reply, and the view `answers` lists every link it accepts (`strict` when a
#: --strict count accepts it too), for stats and ClaimReview to read.
_ANSWERS = "rp.side = tg.side"
_SUBSTANTIVE = "r.kind IS NOT 'no-comment'"

_ANSWERS_VIEW = f"""SELECT l.allegation_id AS allegation_id,
    l.response_id AS reply_id,
    {_SUBSTANTIVE} AS strict
FROM reply_links l
JOIN statements a ON a.id = l.allegation_id
JOIN actors tg ON tg.id = a.target_id
JOIN statements r ON r.id = l.response_id
JOIN actors rp ON rp.id = r.speaker_id
WHERE {_ANSWERS}"""


def unanswered_sql(strict: bool, as_of: str = "date('now')") -> str:
    """Allegations no reply answers (with substance, when `strict`) as known on the day
    `as_of` (an SQL expression: today in the views, a parameter for `unanswered
    --as-of`): allegations made by then that no reply made by then answers, with their
    age and how far the search for a reply went.

    A statement counts as made on its own date, or else (undated) its article's
    published date; with neither, it counts as made. `days_open` counts from that date
    to `as_of`. `checked_until` is the latest published date, up to `as_of`, of a loaded
    article in which the target's side speaks at all: a reply could only have been
    found up to there.
    """
    return f"""WITH coverage AS (
    SELECT xa.side AS side, max(ar.published) AS checked_until
    FROM statements x
    JOIN actors xa ON xa.id = x.speaker_id
    JOIN articles ar ON ar.id = x.article_id
    WHERE ar.published <= {as_of}
    GROUP BY xa.side)
SELECT {_ALLEGATION_COLUMNS},
    a.quote AS quote,
    a.article_id AS article,
    CAST(julianday({as_of}) - julianday(coalesce(a.date_first, art.published)) AS INTEGER)
        AS days_open,
    cv.checked_until AS checked_until
{_ALLEGATION_FROM}
LEFT JOIN coverage cv ON cv.side = tg.side
WHERE {is_allegation_sql("a")}
  AND coalesce(a.date_first, art.published, '') <= {as_of}
  AND NOT EXISTS (
    SELECT 1 FROM reply_links l
    JOIN statements r ON r.id = l.response_id
    JOIN actors rp ON rp.id = r.speaker_id
    JOIN articles ra ON ra.id = r.article_id
    WHERE l.allegation_id = a.id AND {_ANSWERS}{f" AND {_SUBSTANTIVE}" if strict else ""}
      AND coalesce(r.date_first, ra.published, '') <= {as_of})
ORDER BY a.article_id, a.quote_start, a.id"""


#: The quote, the reply and the lag of a comparison row (after the allegation columns).
_REPLY_COLUMNS = """    a.quote AS allegation_quote,
    r.id AS reply_id,
    r.date AS replied_on,
    rp.name AS replied_by,
    rp.side AS replier_side,
    r.kind AS reply_kind,
    r.summary AS reply,
    r.quote AS reply_quote,
    CASE WHEN length(a.date) = 10 AND length(r.date) = 10
         THEN CAST(julianday(r.date) - julianday(a.date) AS INTEGER) END AS lag_days,"""
_CLAIM_COLUMNS = """c.id AS claim_id,
    c.appearances AS appearances,
    c.outlets AS outlets,
    c.first_reported AS first_reported,
    c.first_outlet AS first_outlet"""
_LINK_RANK = "CASE l.origin WHEN 'curated' THEN 0 WHEN 'manual' THEN 1 ELSE 2 END"


def _claim_comparison_sql() -> str:
    """One row per allegation claim and reply claim: the canonical appearance of each,
    the strongest link between any of their appearances (curated over manual over auto,
    then the highest score), and the claim's counts. A claim with no reply has one row
    with empty reply columns."""
    return f"""WITH pairs AS (
    SELECT a.claim_id AS allegation_claim, r.claim_id AS reply_claim,
        min({_LINK_RANK}) AS origin_rank, max(l.score) AS link_score
    FROM reply_links l
    JOIN statements a ON a.id = l.allegation_id
    JOIN statements r ON r.id = l.response_id
    GROUP BY a.claim_id, r.claim_id)
SELECT {_ALLEGATION_COLUMNS},
{_REPLY_COLUMNS}
    CASE p.origin_rank WHEN 0 THEN 'curated' WHEN 1 THEN 'manual' WHEN 2 THEN 'auto' END
        AS link_origin,
    p.link_score AS link_score,
    a.article_id AS article,
    {_CLAIM_COLUMNS}
FROM claims c
JOIN statements a ON a.id = c.canonical_id
JOIN articles art ON art.id = a.article_id
JOIN actors sp ON sp.id = a.speaker_id
JOIN actors tg ON tg.id = a.target_id
LEFT JOIN pairs p ON p.allegation_claim = c.id
LEFT JOIN claims rc ON rc.id = p.reply_claim
LEFT JOIN statements r ON r.id = rc.canonical_id
LEFT JOIN actors rp ON rp.id = r.speaker_id
WHERE {is_allegation_sql("a")}
ORDER BY a.article_id, a.quote_start, a.id, r.date_first, r.article_id, r.quote_start, r.id"""


def claim_unanswered_sql(strict: bool, as_of: str = "date('now')") -> str:
    """Allegation claims none of whose appearances is answered (by a reply made by
    `as_of`), one row each: the canonical appearance as `unanswered_sql` gives it, and
    the claim's counts."""
    return f"""SELECT u.*, {_CLAIM_COLUMNS}
FROM ({unanswered_sql(strict, as_of)}) u
JOIN claims c ON c.canonical_id = u.allegation_id
JOIN statements s ON s.id = u.allegation_id
WHERE NOT EXISTS (
    SELECT 1 FROM answers an
    JOIN statements x ON x.id = an.allegation_id
    JOIN statements r ON r.id = an.reply_id
    JOIN articles ra ON ra.id = r.article_id
    WHERE x.claim_id = c.id AND coalesce(r.date_first, ra.published, '') <= {as_of}
      {"AND an.strict" if strict else ""})
ORDER BY u.article, s.quote_start, u.allegation_id"""


#: Every view, by name: SELECT statements declared with create_view(replace=True).
#: `comparison`, `unanswered` and `unanswered_strict` count claims (what the commands
#: print by default); the `_appearances` views have one row per statement (--appearances).
VIEWS = {
    "answers": _ANSWERS_VIEW,
    "comparison_appearances": f"""SELECT {_ALLEGATION_COLUMNS},
{_REPLY_COLUMNS}
    l.origin AS link_origin,
    l.score AS link_score,
    a.article_id AS article
{_ALLEGATION_FROM}
LEFT JOIN reply_links l ON l.allegation_id = a.id
LEFT JOIN statements r ON r.id = l.response_id
LEFT JOIN actors rp ON rp.id = r.speaker_id
WHERE {is_allegation_sql("a")}
ORDER BY a.article_id, a.quote_start, a.id, r.date_first, r.article_id, r.quote_start, r.id""",
    "unanswered_appearances": unanswered_sql(strict=False),
    "unanswered_strict_appearances": unanswered_sql(strict=True),
    "comparison": _claim_comparison_sql(),
    "unanswered": claim_unanswered_sql(strict=False),
    "unanswered_strict": claim_unanswered_sql(strict=True),
}


class Connection(sqlite3.Connection):
    """A writable connection, carrying how long its writes wait for another writer."""

    write_wait: float = 600.0


def open_db(
    path: str | os.PathLike, readonly: bool = False, catch_up: bool = True
) -> sqlite3.Connection:
    """Open a claimtrack database with WAL, a busy timeout and foreign keys on, migrated
    to the current schema; a writing command creates it when it does not exist.

    The file is looked at read-only first, so a file that is not SQLite, a SQLite file
    claimtrack did not make and a database from a newer claimtrack are refused with not
    a byte changed. `readonly` opens read-only (SQLite's mode=ro): it reads a database the
    user may not write to and never creates a file. A read-only open of an older schema
    upgrades it first when the user may write it, and so does one of a database whose
    last load left its statements' claims to the next command (`catch_up`; see
    claimtrack.claims.waiting; writers group them in `write_transaction`). Raises
    ClaimtrackError.
    """
    path = Path(path)
    if path.is_dir():
        raise ClaimtrackError(f"{path}: is a folder, expected a SQLite database file")
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:")
        conn.row_factory = sqlite3.Row
        _migrate(conn, 0, path)
        return conn
    if readonly:
        return _open_readonly(path, catch_up)
    version = _inspect(path).version if path.exists() else 0
    try:
        conn = sqlite3.connect(str(path), factory=Connection)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            _switch_to_wal(conn)
    except sqlite3.Error as exc:
        raise ClaimtrackError(describe_fault(exc, path, creating=version == 0)) from None
    if version < SCHEMA_VERSION:
        _migrate(conn, conn.execute("PRAGMA user_version").fetchone()[0], path)
    return conn


class _Look:
    """What a read-only look at a database file found."""

    def __init__(self, conn: sqlite3.Connection, version: int, tables: int) -> None:
        self.conn, self.version, self.tables = conn, version, tables


_SQLITE_HEADER = b"SQLite format 3\x00"


def _inspect(path: Path, keep_open: bool = False) -> _Look:
    """Open the file read-only and refuse it, unchanged, unless claimtrack can use it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if header and not header.startswith(_SQLITE_HEADER):
        raise ClaimtrackError(f"{path}: not a SQLite database; choose another --db")
    conn = _connect_readonly(path, header)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.Error as exc:
        conn.close()
        raise ClaimtrackError(describe_fault(exc, path)) from None
    if version == 0 and tables:
        conn.close()
        raise ClaimtrackError(
            f"{path}: a SQLite database that claimtrack did not make; choose another --db"
        )
    if version > SCHEMA_VERSION:
        conn.close()
        raise ClaimtrackError(
            f"{path}: made by a newer claimtrack (schema version {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade claimtrack to open it"
        )
    if not keep_open:
        conn.close()
    return _Look(conn, version, tables)


def _connect_readonly(path: Path, header: bytes) -> sqlite3.Connection:
    """A mode=ro connection. A WAL database needs its -shm file or a folder where SQLite
    may make one; when neither is there and no -wal file shows a writer at work, the file
    alone is the whole database and is read as immutable."""
    from urllib.request import pathname2url

    uri = "file:" + pathname2url(str(path.resolve())) + "?mode=ro"
    wal_mode = len(header) > 19 and header[18] == 2
    sidecar = Path(f"{path}-shm").exists() or Path(f"{path}-wal").exists()
    if wal_mode and not sidecar and not os.access(path.parent, os.W_OK | os.X_OK):
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ClaimtrackError(describe_fault(exc, path)) from None
    conn.row_factory = sqlite3.Row
    return conn


def _open_readonly(path: Path, catch_up: bool = True) -> sqlite3.Connection:
    if not path.exists():
        raise ClaimtrackError(f"{path}: no such database; check --db, or load something first")
    look = _inspect(path, keep_open=True)
    conn = look.conn
    if look.version == 0:
        conn.close()
        raise ClaimtrackError(f"{path}: an empty database; load something first")
    if look.version < SCHEMA_VERSION:
        conn.close()
        if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
            raise ClaimtrackError(
                f"{path}: schema version {look.version} needs upgrading, by someone who may "
                "write the file and its folder (any claimtrack command run by them does it)"
            )
        open_db(path).close()
        return _open_readonly(path, catch_up)
    conn.execute("PRAGMA busy_timeout = 10000")
    if catch_up and grouping_waits(conn):
        conn.close()
        _group_waiting_claims(path)
        return _open_readonly(path, catch_up)
    return conn


def _group_waiting_claims(path: Path) -> None:
    """Group the claims a load left waiting, for a command that only reads: in a write
    transaction of its own, so that the reader sees what grouping at load time gives."""
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
        raise ClaimtrackError(
            f"{path}: the last load left its statements' claims to be grouped, by someone "
            "who may write the file and its folder (any claimtrack command run by them does it)"
        )
    conn = open_db(path)
    try:
        with write_transaction(conn):
            pass
    finally:
        conn.close()


def describe_fault(exc: BaseException, path: str | os.PathLike, creating: bool = False) -> str:
    """One line naming the file and what went wrong in words a user can act on, for an
    error SQLite or the system reports while opening, reading or writing the database."""
    import resource

    path = Path(path)
    folder = path.parent
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{path}: busy: another process holds it ({text})"
    if "not a database" in text:
        return f"{path}: not a SQLite database; choose another --db"
    folder_writable = os.access(folder, os.W_OK | os.X_OK)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        if creating and not path.exists():
            reason = "folder not writable" if folder.is_dir() else "no such folder"
            return f"{path}: cannot create the database: {reason} ({folder})"
        if path.exists() and not os.access(path, os.W_OK):
            return f"{path}: read-only file; nothing was written"
        if not folder_writable:
            return (
                f"{path}: folder not writable ({folder}): SQLite keeps its -wal and -shm "
                "files beside the database; nothing was written"
            )
        return f"{path}: cannot open ({text})"
    if "disk is full" in text:
        return f"{path}: disk full; nothing was written"
    if "disk I/O error" in text:
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
        if limit != resource.RLIM_INFINITY:
            return (
                f"{path}: disk I/O error, most likely the file size limit ({limit} bytes, "
                "ulimit -f); nothing was written"
            )
        return f"{path}: disk I/O error; nothing was written"
    return f"{path}: {text}"


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
    """Apply the pending migrations, then declare the views, in one transaction.

    A file made before migrations were named records its first `user_version` of them as
    applied first. The write lock is taken before anything is read, so two commands
    creating the same new file make its schema once: the second finds nothing pending.
    """
    from sqlite_utils import Database

    conn.execute(f"PRAGMA busy_timeout = {int(WRITE_WAIT * 1000)}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        # Checked under the write lock: another process may have just made the schema.
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if current == 0 and has_tables:
            raise ClaimtrackError(
                f"{path}: a SQLite database that claimtrack did not make; choose another --db"
            )
        db = Database(conn, recursive_triggers=False, execute_plugins=False)
        steps = migrations()
        steps.ensure_migrations_table(db)
        applied = {m.name for m in steps.applied(db)}
        table = db[steps.migrations_table]
        for step in MIGRATIONS[:current]:
            if step.__name__ not in applied:
                table.insert(
                    {
                        "migration_set": steps.name,
                        "name": step.__name__,
                        "applied_at": f"before named migrations (schema version {current})",
                    }
                )
        steps.apply(db)
        for name, sql in VIEWS.items():
            db.create_view(name, sql, replace=True)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        raise
    conn.execute("PRAGMA busy_timeout = 10000")
    if current and current < SCHEMA_VERSION:
        print(f"upgraded {path} from schema version {current} to {SCHEMA_VERSION}", file=sys.stderr)


class session:
    """Open a database for one command and close it after.

    A database file this command created is removed again when the command fails on bad
    input (ClaimtrackError), so bad input leaves the disk exactly as it was; but only
    while it holds no data, since another command may have created the same new file at
    the same moment and loaded into it since.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        readonly: bool = False,
        create: bool = True,
        wait: float | None = None,
        catch_up: bool = True,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.catch_up = catch_up
        self.create = create
        self.wait = wait
        self.created = False
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        if not self.create and not self.readonly and not self.path.exists():
            self.conn = open_db(":memory:")
            return self.conn
        self.created = not self.readonly and not self.path.exists()
        self.conn = open_db(self.path, readonly=self.readonly, catch_up=self.catch_up)
        if self.wait is not None and isinstance(self.conn, Connection):
            self.conn.write_wait = self.wait
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        failed = exc_type is not None and issubclass(exc_type, ClaimtrackError)
        remove = self.created and failed and self.conn is not None and _holds_no_data(self.conn)
        if tb is not None:
            import traceback

            # Generators a failed or interrupted command left half-read hold cursors; let
            # them go while the connection is open (closed later, they print a traceback).
            traceback.clear_frames(tb)
        if self.conn is not None:
            self.conn.close()
        if remove:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)


def _holds_no_data(conn: sqlite3.Connection) -> bool:
    try:
        return not conn.execute(
            "SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM actors)"
        ).fetchone()[0]
    except sqlite3.Error:
        return True


class write_transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error.

    IMMEDIATE takes the write lock up front, so two loads at once wait for each other
    instead of failing with "database is locked" halfway through. The wait is a Python
    loop rather than SQLite's busy timeout, which sleeps in C where Ctrl-C cannot reach
    it: after a second and a half it says on stderr what it waits for, it gives up after
    `wait` seconds (the command's --wait), and Ctrl-C ends it at once, with nothing
    written. Inside a transaction already (ingest loads and pairs in one), it joins it.

    A new transaction first groups the claims the last load left waiting
    (claimtrack.claims.waiting), so that the command's own changes meet the database as
    grouping at load time would have left it, and a command that fails rolls that back
    too.
    """

    def __init__(self, conn: sqlite3.Connection, wait: float | None = None) -> None:
        self.conn = conn
        self.wait = getattr(conn, "write_wait", WRITE_WAIT) if wait is None else wait
        self.joined = False

    def __enter__(self) -> sqlite3.Connection:
        self.joined = self.conn.in_transaction
        if not self.joined:
            _begin_immediate(self.conn, self.wait)
            try:
                group_waiting(self.conn)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.joined:
            return
        if exc_type is None:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("COMMIT")
                except sqlite3.OperationalError as fault:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    path = database_file(self.conn)
                    raise ClaimtrackError(describe_fault(fault, path)) from None
            return
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        if issubclass(exc_type, KeyboardInterrupt):
            path = database_file(self.conn)
            raise Stopped(f"{path}: interrupted (Ctrl-C); nothing was written", 130) from None


#: Seconds a writer waits for another to finish, unless the command's --wait says
#: otherwise: a load of a million statements takes about a minute, and the second of two
#: loads should wait for it, not fail.
WRITE_WAIT = Connection.write_wait
#: After this long waiting, say so on stderr.
_ANNOUNCE_AFTER = 1.5


def _begin_immediate(conn: sqlite3.Connection, wait: float) -> None:
    import time

    path = database_file(conn)
    started = time.monotonic()
    announced = False
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise ClaimtrackError(describe_fault(exc, path)) from None
            waited = time.monotonic() - started
            if waited >= wait:
                unit = "second" if wait == 1 else "seconds"
                raise ClaimtrackError(
                    f"{path}: still busy after {wait:g} {unit}: another process is writing to "
                    "it; nothing was written (--wait SECONDS waits longer)"
                )
            if not announced and waited >= _ANNOUNCE_AFTER:
                print(
                    f"waiting for another process writing to {path} to finish "
                    f"(up to {wait:g} s in all; Ctrl-C stops)",
                    file=sys.stderr,
                    flush=True,
                )
                announced = True
            time.sleep(min(0.05, max(wait - waited, 0)))
    except KeyboardInterrupt:
        raise Stopped(
            f"{path}: interrupted while waiting for another writer; nothing was written", 130
        ) from None
    finally:
        conn.execute("PRAGMA busy_timeout = 10000")


def database_file(conn: sqlite3.Connection) -> str:
    """The file a connection writes to (for error messages)."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main":
            return row[2] or ":memory:"
    return ":memory:"


class Stopped(ClaimtrackError):
    """A query stopped by Ctrl-C (exit code 130, as a shell reports SIGINT) or a time limit."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class interruptible:
    """Ctrl-C, or `timeout` seconds, stops the connection's running query at once.

    SQLite runs a query in C, where Python's own Ctrl-C handling cannot reach it until a
    row comes back (a `count(*)` over an endless query never returns one). A progress
    handler, called every few thousand SQLite instructions, gives Python the moment to
    see the signal, and tells SQLite to stop: the query ends with "interrupted", which
    this turns into Stopped naming the cause.
    """

    def __init__(self, conn: sqlite3.Connection, timeout: float | None, what: str) -> None:
        self.conn = conn
        self.timeout = timeout
        self.what = what
        self.reason: str | None = None

    def __enter__(self) -> interruptible:
        import signal
        import threading
        import time

        self._clock = time.monotonic
        self.deadline = self._clock() + self.timeout if self.timeout else None
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._on_ctrl_c)
        self.conn.set_progress_handler(self._should_stop, 10_000)
        return self

    def _on_ctrl_c(self, signum: int, frame: object) -> None:
        self.reason = "ctrl-c"
        self.conn.interrupt()

    def _should_stop(self) -> int:
        if self.reason is None and self.deadline is not None and self._clock() > self.deadline:
            self.reason = "timeout"
        return 1 if self.reason else 0

    def __exit__(self, exc_type, exc, tb) -> None:
        import signal

        self.conn.set_progress_handler(None, 0)
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        if self.reason == "ctrl-c":
            raise Stopped(f"{self.what}: interrupted (Ctrl-C)", 130) from None
        if self.reason == "timeout" and exc_type is not None:
            raise Stopped(f"{self.what}: stopped after {self.timeout:g} seconds (--timeout)", 1)

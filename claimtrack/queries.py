"""Questions asked of the database: comparisons, unanswered claims, listings, threads, checks.

Every function takes an open connection and returns plain rows (a `Rows` of column names
and tuples); none of them knows how the rows will be shown. Filters reach SQL only as
parameters.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any

from claimtrack.dates import after_publication, resolve_phrase
from claimtrack.model import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    COMPARE_COLUMNS,
    REPLY_KINDS,
    STATEMENT_FIELDS,
    UNANSWERED_COLUMNS,
    ClaimtrackError,
    Filters,
    Rows,
    is_allegation_sql,
    misplaced_quote,
)
from claimtrack.store import load_registry


def _made_since(t: str) -> str:
    """SQL: statement `t` was made on or after :since, by its own date or else (undated)
    its article's published date, which counts to its last day when it is a month or a
    year ("2023-03" >= "2023-03", the first characters of :since)."""
    return (
        f"coalesce({t}.date_last >= :since, (SELECT p.published >= substr(:since, 1, "
        f"length(p.published)) FROM articles p WHERE p.id = {t}.article_id))"
    )


def _made_until(t: str) -> str:
    """SQL: statement `t` was made on or before :until, by its own date or else its
    article's published date (a shorter ISO date sorts before every day it contains)."""
    return (
        f"coalesce({t}.date_first <= :until,"
        f" (SELECT p.published <= :until FROM articles p WHERE p.id = {t}.article_id))"
    )


# SQL fragments, per listing, for each filter. `{by}` and `{against}` become the list of
# actor ids the name means (the actor and everyone under it).
_STATEMENT_FILTERS = {
    "side": "sp.side = :side",
    "by": "s.speaker_id IN ({by})",
    "against": "s.target_id IN ({against})",
    "topic": "s.topic = :topic",
    "kind": "s.kind = :kind",
    "article": "s.article_id = :article",
    "since": _made_since("s"),
    "until": _made_until("s"),
}
_COMPARE_FILTERS = {
    "side": "(c.alleger_side = :side OR c.replier_side = :side)",
    "by": "(c.allegation_id IN (SELECT id FROM statements WHERE speaker_id IN ({by}))"
    " OR c.reply_id IN (SELECT id FROM statements WHERE speaker_id IN ({by})))",
    "against": "c.allegation_id IN (SELECT id FROM statements WHERE target_id IN ({against}))",
    "topic": "c.topic = :topic",
    "kind": "c.reply_kind = :kind",
    "article": "(c.article = :article"
    " OR c.reply_id IN (SELECT id FROM statements WHERE article_id = :article))",
    "since": f"c.allegation_id IN (SELECT s.id FROM statements s WHERE {_made_since('s')})",
    "until": f"c.allegation_id IN (SELECT s.id FROM statements s WHERE {_made_until('s')})",
}
_UNANSWERED_FILTERS = {
    **{k: v.replace("s.", "x.") for k, v in _STATEMENT_FILTERS.items()},
    "side": "c.alleger_side = :side",
}
_UNANSWERED_FILTERS = {
    k: f"c.allegation_id IN (SELECT x.id FROM statements x WHERE {v})" if k != "side" else v
    for k, v in _UNANSWERED_FILTERS.items()
}


def check_filters(conn: sqlite3.Connection, filters: Filters, actor_kinds: bool = False) -> Filters:
    """The filters with --kind in lower case, once every value names something that
    exists: an unknown topic, article or kind is an error with the nearest names, as an
    unknown actor is, so a typo never reads as "nothing matches". `actor_kinds`: --kind
    is an actor's kind (the `actors` listing), not a reply kind."""
    if filters.kind is not None:
        kind = filters.kind.strip().lower()
        known = _actor_kinds(conn) if actor_kinds else REPLY_KINDS
        if kind not in known:
            raise ClaimtrackError(f"unknown kind {filters.kind!r}{_nearest(kind, known)}")
        filters = replace(filters, kind=kind)
    if filters.topic is not None:
        topic = " ".join(filters.topic.lower().split())
        if not _exists(conn, "SELECT 1 FROM statements WHERE topic = ? LIMIT 1", topic):
            topics = _values(conn, "SELECT DISTINCT topic FROM statements WHERE topic IS NOT NULL")
            raise ClaimtrackError(f"unknown topic {filters.topic!r}{_nearest(topic, topics)}")
    if filters.article is not None and not _exists(
        conn, "SELECT 1 FROM articles WHERE id = ?", filters.article
    ):
        ids = _values(conn, "SELECT id FROM articles")
        hint = _nearest(filters.article, ids, listing="claimtrack articles")
        raise ClaimtrackError(f"unknown article {filters.article!r}{hint}")
    return filters


def completions(conn: sqlite3.Connection, what: str) -> list[str]:
    """The values a shell may complete for a filter: "actor" names, "topic"s,
    "actor-kind"s or "article" ids, sorted."""
    sql = {
        "actor": "SELECT name FROM actors",
        "topic": "SELECT DISTINCT topic FROM statements WHERE topic IS NOT NULL",
        "actor-kind": "SELECT DISTINCT kind FROM actors WHERE kind IS NOT NULL",
        "article": "SELECT id FROM articles",
    }[what]
    return sorted(set(_values(conn, sql)))


def _actor_kinds(conn: sqlite3.Connection) -> list[str]:
    return _values(conn, "SELECT DISTINCT kind FROM actors WHERE kind IS NOT NULL")


def _exists(conn: sqlite3.Connection, sql: str, value: str) -> bool:
    return conn.execute(sql, (value,)).fetchone() is not None


def _values(conn: sqlite3.Connection, sql: str) -> list[str]:
    return [row[0] for row in conn.execute(sql)]


def _nearest(value: str, known: Iterable[str], listing: str = "") -> str:
    """ "; did you mean 'x'?" with the closest known values, or the ones there are."""
    import difflib

    known = sorted(set(known))
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    close = close or [k for k in known if value and value.casefold() in k.casefold()][:3]
    if close:
        return "; did you mean " + ", ".join(repr(c) for c in close) + "?"
    if listing:
        return f"; see `{listing}`"
    if not known:
        return "; there are none in this database"
    shown = ", ".join(known[:12]) + (", …" if len(known) > 12 else "")
    return f"; expected one of {shown}"


def _where(
    conn: sqlite3.Connection, filters: Filters, fragments: dict[str, str]
) -> tuple[str, dict]:
    """The WHERE clause and parameters for the filters that are set."""
    clauses, params = _clauses(conn, filters, fragments)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _clauses(
    conn: sqlite3.Connection, filters: Filters, fragments: dict[str, str]
) -> tuple[list[str], dict]:
    """SQL conditions and parameters for the filters that are set and have a fragment."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    registry = None
    for name, template in fragments.items():
        value = getattr(filters, name)
        if value is None:
            continue
        if name in ("by", "against"):
            registry = registry or load_registry(conn)
            ids = sorted(registry.descendants(registry.resolve(value).id))
            marks = []
            for i, actor_id in enumerate(ids):
                params[f"{name}{i}"] = actor_id
                marks.append(f":{name}{i}")
            clauses.append(template.format(**{name: ", ".join(marks)}))
            continue
        if name == "since":
            params[name] = value.first.isoformat()
        elif name == "until":
            params[name] = value.last.isoformat()
        elif name == "topic":
            params[name] = " ".join(value.lower().split())
        else:
            params[name] = value
        clauses.append(template)
    return clauses, params


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    """The cursor's rows as plain tuples, as SQLite yields them (no per-row copy)."""
    cursor.row_factory = None
    return cursor


#: What `compare(..., answers=True)` adds to each row: does the reply answer the
#: allegation, and does it under --strict (from the view `answers`, which decides).
ANSWER_COLUMNS = ("answers", "answers_strictly")


def compare(conn: sqlite3.Connection, filters: Filters, answers: bool = False) -> Rows:
    """One row per allegation–reply pair; allegations with no reply have empty reply columns.

    With `answers`, each row also says whether its reply answers the allegation
    (ANSWER_COLUMNS), for stats and ClaimReview to count without deciding it again."""
    filters = check_filters(conn, filters)
    where, params = _where(conn, filters, _COMPARE_FILTERS)
    cursor = conn.execute(
        f"SELECT {', '.join(COMPARE_COLUMNS)} FROM comparison_appearances c{where}", params
    )
    if not answers:
        return Rows(COMPARE_COLUMNS, _rows(cursor))
    strict = {
        (allegation, reply): bool(substantive)
        for allegation, reply, substantive in conn.execute(
            "SELECT allegation_id, reply_id, strict FROM answers"
        )
    }
    reply = COMPARE_COLUMNS.index("reply_id")
    marked = (
        (*row, (row[0], row[reply]) in strict, strict.get((row[0], row[reply]), False))
        for row in _rows(cursor)
    )
    return Rows((*COMPARE_COLUMNS, *ANSWER_COLUMNS), marked)


def unanswered(
    conn: sqlite3.Connection,
    filters: Filters,
    strict: bool = False,
    as_of: date | None = None,
    older_than: int | None = None,
) -> Rows:
    """Allegations no actor of the targeted side has replied to (a no-comment counts as
    a reply unless `strict`), as known on the day `as_of` (default today, UTC):
    allegations made by then that no reply made by then answers, with `days_open`
    counted to that day. The rule is the `unanswered` views' (db.unanswered_sql)."""
    from claimtrack.db import unanswered_sql

    filters = check_filters(conn, filters)
    where, params = _where(conn, filters, _UNANSWERED_FILTERS)
    params["as_of"] = (as_of or datetime.now(timezone.utc).date()).isoformat()
    columns = ", ".join(f"c.{name}" for name in UNANSWERED_COLUMNS)
    sql = f"""SELECT {columns}, s.quote_start AS position
    FROM ({unanswered_sql(strict, as_of=":as_of")}) c
    JOIN statements s ON s.id = c.allegation_id{where}"""
    if older_than is not None:
        sql = f"SELECT * FROM ({sql}) WHERE days_open > :older_than"
        params["older_than"] = older_than
    cursor = conn.execute(
        f"SELECT {', '.join(UNANSWERED_COLUMNS)} FROM ({sql}) "
        "ORDER BY article, position, allegation_id",
        params,
    )
    return Rows(UNANSWERED_COLUMNS, _rows(cursor))


_STATEMENT_SELECT = """
SELECT s.id, s.article_id, s.role, sp.name, sp.side, tg.name, tg.side, s.kind, s.topic,
    s.summary, s.quote, s.quote_start, s.quote_end, s.date, s.date_phrase,
    (SELECT group_concat(allegation_id, '\x1f') FROM
        (SELECT allegation_id FROM reply_links WHERE response_id = s.id ORDER BY allegation_id))
FROM statements s
JOIN actors sp ON sp.id = s.speaker_id
LEFT JOIN actors tg ON tg.id = s.target_id"""
_IS_ALLEGATION = is_allegation_sql("s")


def statements(conn: sqlite3.Connection, filters: Filters, role: str) -> Rows:
    """Statement records in the load format, so a listing can be fed back to `load`.

    `role` "allegation" includes counter-accusations, which are allegations too.
    """
    filters = check_filters(conn, filters)
    where, params = _where(conn, filters, _STATEMENT_FILTERS)
    role_clause = _IS_ALLEGATION if role == "allegation" else "s.role = 'response'"
    where = f"{where} AND {role_clause}" if where else f" WHERE {role_clause}"
    cursor = conn.execute(
        f"{_STATEMENT_SELECT}{where} ORDER BY s.article_id, s.quote_start, s.id", params
    )
    return Rows(STATEMENT_FIELDS, (_statement_tuple(row) for row in cursor))


def _statement_tuple(row: sqlite3.Row) -> tuple:
    values = list(row)
    values[-1] = values[-1].split("\x1f") if values[-1] else []
    return tuple(values)


_ACTOR_OWN_FILTERS = {"side": "a.side = :side", "kind": "a.kind = :kind", "by": "a.id IN ({by})"}
_ARTICLE_OWN_FILTERS = {"since": "a.published >= :since", "until": "a.published <= :until"}


def actors(conn: sqlite3.Connection, filters: Filters) -> Rows:
    """The actor registry. --side and --kind filter the actor itself, --by keeps an actor
    and everyone under it; the other filters keep actors who speak or are accused in the
    statements they select."""
    filters = check_filters(conn, filters, actor_kinds=True)
    clauses, params = _clauses(conn, filters, _ACTOR_OWN_FILTERS)
    in_statements = replace(filters, side=None, kind=None, by=None)
    where, more = _where(conn, in_statements, _STATEMENT_FILTERS)
    if where:
        statements_sql = f"FROM statements s JOIN actors sp ON sp.id = s.speaker_id{where}"
        clauses.append(
            f"a.id IN (SELECT s.speaker_id {statements_sql} UNION SELECT s.target_id {statements_sql})"
        )
        params.update(more)
    sql = "SELECT a.id, a.name, a.side, a.kind, a.parent FROM actors a"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    registry = load_registry(conn)
    rows = [
        (*row, "; ".join(registry.actors[row[0]].aliases))
        for row in conn.execute(sql + " ORDER BY a.side, a.id", params)
    ]
    return Rows(ACTOR_COLUMNS, rows)


def articles(conn: sqlite3.Connection, filters: Filters) -> Rows:
    """Articles with their statement counts. --since/--until filter the published date;
    the other filters keep articles holding a statement they select."""
    filters = check_filters(conn, filters)
    clauses, params = _clauses(conn, filters, _ARTICLE_OWN_FILTERS)
    where, more = _where(conn, replace(filters, since=None, until=None), _STATEMENT_FILTERS)
    if where:
        clauses.append(
            "a.id IN (SELECT s.article_id FROM statements s"
            f" JOIN actors sp ON sp.id = s.speaker_id{where})"
        )
        params.update(more)
    sql = f"""SELECT a.id, a.title, a.outlet, a.url, a.published, a.published_basis,
        (SELECT count(*) FROM statements s WHERE s.article_id = a.id AND {_IS_ALLEGATION}),
        (SELECT count(*) FROM statements s WHERE s.article_id = a.id AND s.role = 'response')
    FROM articles a"""
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return Rows(ARTICLE_COLUMNS, [tuple(r) for r in conn.execute(sql + " ORDER BY a.id", params)])


# ---------------------------------------------------------------- one statement as a thread

THREAD_COLUMNS = (
    "depth",
    "relation",
    "id",
    "role",
    "kind",
    "date",
    "date_basis",
    "speaker",
    "speaker_side",
    "target",
    "topic",
    "summary",
    "quote",
    "article",
    "link_origin",
)


def thread(conn: sqlite3.Connection, statement_id: str) -> Rows:
    """A statement as a thread: what it answers, then its replies, replies to those
    replies and so on, depth first. Raises ClaimtrackError for an unknown id."""
    top = _statement(conn, statement_id)
    if top is None:
        ids = (r[0] for r in conn.execute("SELECT id FROM statements"))
        hint = _nearest(statement_id, ids, listing="claimtrack allegations")
        raise ClaimtrackError(f"no statement with id {statement_id!r}{hint}")
    rows = []
    for answered, origin in conn.execute(
        "SELECT allegation_id, origin FROM reply_links WHERE response_id = ? ORDER BY allegation_id",
        (statement_id,),
    ):
        rows.append(_thread_row(0, "answers", _statement(conn, answered), origin))
    rows.append(_thread_row(0, "statement", top, None))
    rows.extend(_reply_rows(conn, statement_id, set()))
    return Rows(THREAD_COLUMNS, rows)


def _reply_rows(conn: sqlite3.Connection, root: str, shown: set[str]) -> Iterator[tuple]:
    """Replies to `root`, then replies to each of those, depth first, in date order.

    Walked with a stack, not recursion: a chain of counter-accusations thousands deep is
    as easy as a short one. Each statement's replies are listed once. A reply already
    listed in this thread is listed again without its replies: as relation "cycle" when
    it is one of its own ancestors (the thread loops back there), as "reply" when it
    answers two statements of the thread. Adds every statement listed to `shown`.
    """
    expanded = {root}
    shown.add(root)
    path: list[str] = [root]  # the ancestors of the statement being listed
    stack = [(reply, origin, 1) for reply, origin in reversed(_replies_to(conn, root))]
    while stack:
        reply_id, origin, depth = stack.pop()
        del path[depth:]
        relation = "cycle" if reply_id in path else "reply"
        yield _thread_row(depth, relation, _statement(conn, reply_id), origin)
        shown.add(reply_id)
        if reply_id in expanded:
            continue
        expanded.add(reply_id)
        path.append(reply_id)
        stack.extend(
            (reply, origin, depth + 1) for reply, origin in reversed(_replies_to(conn, reply_id))
        )


def _replies_to(conn: sqlite3.Connection, statement_id: str) -> list[tuple[str, str]]:
    return conn.execute(
        """SELECT l.response_id, l.origin FROM reply_links l
        JOIN statements r ON r.id = l.response_id
        WHERE l.allegation_id = ? ORDER BY r.date_first, r.article_id, r.quote_start""",
        (statement_id,),
    ).fetchall()


TIMELINE_COLUMNS = ("thread", *THREAD_COLUMNS)


def timeline(conn: sqlite3.Connection, filters: Filters) -> Rows:
    """Allegations in date order, each followed by its thread of replies.

    A thread starts at every allegation the filters select (counter-accusations appear
    inside the thread they answer). Counter-accusations that no such thread reaches (two
    that answer only each other) start threads of their own after them, so every
    allegation `compare` lists is somewhere. Undated statements take their article's date
    for ordering.
    """
    filters = check_filters(conn, filters)
    where, params = _where(conn, filters, _STATEMENT_FILTERS)
    select = f"""SELECT s.id FROM statements s
        JOIN actors sp ON sp.id = s.speaker_id
        JOIN articles art ON art.id = s.article_id
        {where} {"AND" if where else "WHERE"} {{condition}}
        ORDER BY coalesce(s.date_first, art.published), s.article_id, s.quote_start"""
    roots = conn.execute(select.format(condition="s.role = 'allegation'"), params).fetchall()

    def rows() -> Iterator[tuple]:
        shown: set[str] = set()
        for (root_id,) in roots:
            yield from _thread_rows(root_id, shown)
        counter = "s.kind = 'counter-accusation' AND s.target_id IS NOT NULL"
        for (root_id,) in conn.execute(select.format(condition=counter), params).fetchall():
            if root_id not in shown:
                yield from _thread_rows(root_id, shown)

    def _thread_rows(root_id: str, shown: set[str]) -> Iterator[tuple]:
        yield (root_id, *_thread_row(0, "statement", _statement(conn, root_id), None))
        for reply in _reply_rows(conn, root_id, shown):
            yield (root_id, *reply)

    return Rows(TIMELINE_COLUMNS, rows())


SEARCH_COLUMNS = (
    "id",
    "role",
    "kind",
    "date",
    "date_basis",
    "speaker",
    "speaker_side",
    "target",
    "topic",
    "summary",
    "snippet",
    "quote",
    "article",
)


def search(
    conn: sqlite3.Connection,
    text: str,
    filters: Filters,
    marks: tuple[str, str] = ("", ""),
) -> Rows:
    """Full-text search over quotes and summaries, best match first.

    `marks` surround the matched words in the `snippet` column (empty for machine
    formats). Raises ClaimtrackError for a malformed FTS5 query.
    """
    filters = check_filters(conn, filters)
    where, params = _where(conn, filters, _STATEMENT_FILTERS)
    params.update({"query": fts_query(text), "open": marks[0], "close": marks[1]})
    sql = f"""SELECT s.id, s.role, s.kind, coalesce(s.date, art.published),
        CASE WHEN s.date IS NOT NULL THEN 'statement'
             WHEN art.published IS NOT NULL THEN 'article' END,
        sp.name, sp.side, tg.name, s.topic, s.summary,
        snippet(statements_fts, -1, :open, :close, '…', 16), s.quote, s.article_id
    FROM statements_fts
    JOIN statements s ON s.rowid = statements_fts.rowid
    JOIN articles art ON art.id = s.article_id
    JOIN actors sp ON sp.id = s.speaker_id
    LEFT JOIN actors tg ON tg.id = s.target_id
    WHERE statements_fts MATCH :query{where.replace(" WHERE ", " AND ", 1)}
    ORDER BY bm25(statements_fts), s.id"""
    try:
        found = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise ClaimtrackError(
            f"search: {text!r} is not a valid full-text query ({exc}); close every double "
            "quote and parenthesis, and put AND, OR or NOT between two terms, e.g. "
            "'\"police stations\" OR consulate'"
        ) from None
    return Rows(SEARCH_COLUMNS, [tuple(r) for r in found])


#: A run of characters up to a space, quote, parenthesis or comma (NEAR's separator),
#: and what FTS5 reads as itself: an operator, or a word (or ^word, word*).
_SEARCH_WORD = re.compile(r'"[^"]*"|[^\s"(),]+')
_FTS_SYNTAX = re.compile(r"AND|OR|NOT|NEAR|\^?\w+\*?|\d+|(?:quote|summary):\S*")


def fts_query(text: str) -> str:
    """The user's search as an FTS5 query. Plain words stay as they are, so FTS5's own
    syntax works when written (AND, OR, NOT, NEAR(…), "phrases", prefix*, parentheses,
    column:); a word with punctuation in it (Canada's, counter-accusation, U.S.) becomes
    a quoted phrase, so it is searched as text instead of failing as syntax. A lone
    double quote stays, and FTS5 reports the unclosed phrase."""

    def word(match: re.Match) -> str:
        token = match.group(0)
        if token.startswith('"') or _FTS_SYNTAX.fullmatch(token):
            return token
        star = "*" if token.endswith("*") else ""
        return '"' + token.rstrip("*").replace('"', '""') + '"' + star

    return _SEARCH_WORD.sub(word, text)


def _statement(conn: sqlite3.Connection, statement_id: str) -> dict[str, Any] | None:
    """A statement record, with `date` its own or else its article's (`date_basis`)."""
    row = conn.execute(f"{_STATEMENT_SELECT} WHERE s.id = ?", (statement_id,)).fetchone()
    if row is None:
        return None
    record = dict(zip(STATEMENT_FIELDS, _statement_tuple(row)))
    record["date_basis"] = "statement" if record["date"] else None
    if not record["date"]:
        published = conn.execute(
            "SELECT published FROM articles WHERE id = ?", (record["article"],)
        ).fetchone()[0]
        record["date"], record["date_basis"] = published, "article" if published else None
    return record


def _thread_row(depth: int, relation: str, s: dict[str, Any], origin: str | None) -> tuple:
    return (
        depth,
        relation,
        s["id"],
        s["role"],
        s["kind"],
        s["date"],
        s["date_basis"],
        s["speaker"],
        s["speaker_side"],
        s["target"],
        s["topic"],
        s["summary"],
        s["quote"],
        s["article"],
        origin,
    )


# ---------------------------------------------------------------- checks

VERIFY_COLUMNS = ("statement_id", "article", "field", "problem")


def verify(conn: sqlite3.Connection) -> tuple[int, Rows]:
    """Check every quote against its article's text and every date against its article's
    date. Returns (statements checked, failures)."""
    failures = []
    texts: dict[str, tuple[str, str | None]] = {}
    checked = 0
    for sid, article_id, quote, start, end, when, phrase in conn.execute(
        "SELECT id, article_id, quote, quote_start, quote_end, date, date_phrase "
        "FROM statements ORDER BY article_id, quote_start, id"
    ):
        checked += 1
        if article_id not in texts:
            row = conn.execute(
                "SELECT text, published FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            texts[article_id] = (row[0], row[1])
        text, published = texts[article_id]
        problem = misplaced_quote(text, start, end, quote)
        if problem:
            failures.append((sid, article_id, "quote", problem))
        if when and published and after_publication(when, published):
            failures.append(
                (sid, article_id, "date", f"{when} is after the article's date {published}")
            )
        if when and phrase and published and len(published) == 10:
            resolved = resolve_phrase(phrase, date.fromisoformat(published))
            if resolved and resolved.iso != when:
                failures.append(
                    (
                        sid,
                        article_id,
                        "date",
                        f"{phrase!r} means {resolved.iso} for an article of {published}, not {when}",
                    )
                )
    return checked, Rows(VERIFY_COLUMNS, failures)


# ---------------------------------------------------------------- read-only SQL

_READ_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, 33}
_READ_PRAGMAS = {
    "table_info",
    "table_xinfo",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "integrity_check",
    "quick_check",
}
_ACTION_NAMES = {
    getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ").lower()
    for name in [
        "INSERT",
        "UPDATE",
        "DELETE",
        "ATTACH",
        "DETACH",
        "PRAGMA",
        "TRANSACTION",
        "SAVEPOINT",
        "ALTER_TABLE",
        "REINDEX",
        "ANALYZE",
        "CREATE_INDEX",
        "CREATE_TABLE",
        "CREATE_TRIGGER",
        "CREATE_VIEW",
        "CREATE_VTABLE",
        "CREATE_TEMP_INDEX",
        "CREATE_TEMP_TABLE",
        "CREATE_TEMP_TRIGGER",
        "CREATE_TEMP_VIEW",
        "DROP_INDEX",
        "DROP_TABLE",
        "DROP_TRIGGER",
        "DROP_VIEW",
        "DROP_VTABLE",
        "DROP_TEMP_INDEX",
        "DROP_TEMP_TABLE",
        "DROP_TEMP_TRIGGER",
        "DROP_TEMP_VIEW",
    ]
}


def run_sql(conn: sqlite3.Connection, sql: str, params: dict[str, str]) -> Rows:
    """Run one read-only statement with named parameters; the rows stream as SQLite
    yields them (an endless recursive query prints until stopped, in constant memory).

    The connection is read-only already; an authorizer also refuses ATTACH (and so
    VACUUM INTO), any PRAGMA that sets a value and fts3_tokenizer (which hands out and
    takes raw pointers), and says which part was refused. SQLite asks to "update"
    sqlite_master when it first connects a virtual table (FTS, pragma_* functions):
    that is allowed, as no statement can write it (writable_schema cannot be set and
    the connection is read-only).
    """
    refused: list[str] = []

    def authorize(action: int, arg1, arg2, db_name, _source) -> int:
        if action in _READ_ACTIONS and arg2 not in _REFUSED_FUNCTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (arg2 is None or arg1 in _READ_PRAGMAS):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and arg1 in _SCHEMA_TABLES:
            return sqlite3.SQLITE_OK
        detail = " ".join(str(a) for a in (arg1, arg2) if a)
        refused.append(f"{_ACTION_NAMES.get(action, action)} {detail}".strip())
        return sqlite3.SQLITE_DENY

    def failure(exc: Exception) -> ClaimtrackError:
        if refused:
            return ClaimtrackError(
                f"sql is read-only: refused {refused[0]}; use load, link or unlink to change data"
            )
        return ClaimtrackError(f"sql: {exc}")

    conn.set_authorizer(authorize)
    try:
        cursor = conn.execute(sql, params)
    except (sqlite3.Error, sqlite3.Warning) as exc:
        raise failure(exc) from None
    finally:
        conn.set_authorizer(None)
    cursor.row_factory = None
    columns = tuple(d[0] for d in cursor.description or ())

    def rows() -> Iterator[tuple]:
        try:
            # Not `yield from`: closing this generator would close the cursor through it.
            for row in cursor:  # noqa: UP028
                yield row
        except sqlite3.Error as exc:
            raise failure(exc) from None

    return Rows(columns, rows())


_REFUSED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension"})
_SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_temp_master", "sqlite_schema"})


# ---------------------------------------------------------------- pairing

#: What the pairing engine reads of a statement; `paragraph` counts the line breaks
#: before the quote in its article's text.
PAIRING_STATEMENT_COLUMNS = (
    "id",
    "article",
    "role",
    "speaker",
    "target",
    "kind",
    "topic",
    "quote",
    "summary",
    "position",
    "paragraph",
    "date",
    "date_first",
    "date_last",
    "published",
    "title",
)
_PAIRING_SELECT = """SELECT s.id, s.article_id, s.role, s.speaker_id, s.target_id, s.kind,
    s.topic, s.quote, s.summary, s.quote_start,
    length(substr(art.text, 1, s.quote_start))
        - length(replace(substr(art.text, 1, s.quote_start), char(10), '')),
    s.date, s.date_first, s.date_last, art.published, art.title
FROM statements s JOIN articles art ON art.id = s.article_id"""
#: SQLite's default limit on host parameters is 999 in old builds: stay well under it.
_PARAMETER_CHUNK = 500


def pairing_articles(conn: sqlite3.Connection) -> list[str]:
    """Every article id that holds a statement, oldest published first."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT a.id FROM articles a WHERE EXISTS "
            "(SELECT 1 FROM statements s WHERE s.article_id = a.id) ORDER BY a.published, a.id"
        )
    ]


def pairing_statements(
    conn: sqlite3.Connection,
    articles: list[str] | None = None,
    ids: list[str] | None = None,
) -> Iterator[tuple]:
    """Statements as the pairing engine reads them (PAIRING_STATEMENT_COLUMNS): all of
    them, streamed, or those of some articles (in text order), or some by id."""
    if articles is None and ids is None:
        yield from _rows(conn.execute(_PAIRING_SELECT))
        return
    column, values = ("s.article_id", articles) if articles is not None else ("s.id", ids)
    for i in range(0, len(values), _PARAMETER_CHUNK):
        chunk = values[i : i + _PARAMETER_CHUNK]
        marks = ", ".join("?" * len(chunk))
        yield from conn.execute(
            f"{_PAIRING_SELECT} WHERE {column} IN ({marks}) ORDER BY s.article_id, s.quote_start",
            chunk,
        )


_PROPOSALS_TABLE = """CREATE TEMP TABLE IF NOT EXISTS pair_proposals (
    response_id TEXT, allegation_id TEXT, score REAL, reason TEXT,
    PRIMARY KEY (response_id, allegation_id))"""
_PROPOSAL_COLUMNS_SQL = """SELECT a.id AS allegation_id,
    coalesce(a.date, aa.published) AS alleged_on,
    CASE WHEN a.date IS NOT NULL THEN 'statement'
         WHEN aa.published IS NOT NULL THEN 'article' END AS date_basis,
    sp.name AS alleged_by, sp.side AS alleger_side, tg.name AS target, tg.side AS target_side,
    a.topic AS topic, a.summary AS allegation, a.quote AS allegation_quote,
    r.id AS reply_id, r.date AS replied_on, rp.name AS replied_by, rp.side AS replier_side,
    r.kind AS reply_kind, r.summary AS reply, r.quote AS reply_quote,
    CASE WHEN length(a.date) = 10 AND length(r.date) = 10
         THEN CAST(julianday(r.date) - julianday(a.date) AS INTEGER) END AS lag_days,
    l.origin AS link_origin, l.score AS link_score, a.article_id AS article,
    p.score AS score, p.reason AS reason, a.quote_start AS position
FROM temp.pair_proposals p
JOIN statements a ON a.id = p.allegation_id
JOIN articles aa ON aa.id = a.article_id
JOIN actors sp ON sp.id = a.speaker_id
LEFT JOIN actors tg ON tg.id = a.target_id
JOIN statements r ON r.id = p.response_id
JOIN actors rp ON rp.id = r.speaker_id
LEFT JOIN reply_links l ON l.response_id = r.id AND l.allegation_id = a.id"""


def store_proposals(
    conn: sqlite3.Connection, proposals: Iterable[tuple[str, str, float, str]], filters: Filters
) -> None:
    """Keep (response id, allegation id, score, reason) proposals in a temporary table of
    this connection, less those the filters leave out (the filters mean for a proposal
    what they mean for a `compare` row)."""
    conn.execute(_PROPOSALS_TABLE)
    conn.execute("DELETE FROM temp.pair_proposals")
    conn.executemany("INSERT OR REPLACE INTO temp.pair_proposals VALUES (?, ?, ?, ?)", proposals)
    where, params = _where(conn, filters, _COMPARE_FILTERS)
    if where:
        conn.execute(
            f"""DELETE FROM temp.pair_proposals WHERE (response_id, allegation_id) NOT IN
            (SELECT c.reply_id, c.allegation_id FROM ({_PROPOSAL_COLUMNS_SQL}) c{where})""",
            params,
        )


def stored_proposals(conn: sqlite3.Connection) -> list[tuple[str, str, float, str]]:
    """The proposals `store_proposals` kept, best first per response."""
    return conn.execute(
        "SELECT response_id, allegation_id, score, reason FROM temp.pair_proposals "
        "ORDER BY response_id, score DESC, allegation_id"
    ).fetchall()


def proposal_rows(conn: sqlite3.Connection, columns: tuple[str, ...]) -> Rows:
    """The stored proposals as `compare` rows plus score and reason, in compare's order."""
    cursor = conn.execute(
        f"SELECT {', '.join(columns)} FROM ({_PROPOSAL_COLUMNS_SQL}) "
        "ORDER BY article, position, allegation_id, score DESC, reply_id"
    )
    return Rows(columns, _rows(cursor))


def reply_links(
    conn: sqlite3.Connection,
) -> dict[tuple[str, str], tuple[str, float | None, str | None]]:
    """Every stored link: (response id, allegation id) -> (origin, score, reason)."""
    return {
        (r, a): (origin, score, reason)
        for r, a, origin, score, reason in conn.execute(
            "SELECT response_id, allegation_id, origin, score, reason FROM reply_links"
        )
    }


def rejected_pairs(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """Pairs a person unlinked after the engine proposed them: never proposed again."""
    return {
        (r, a) for r, a in conn.execute("SELECT response_id, allegation_id FROM rejected_links")
    }


def store_auto_links(conn: sqlite3.Connection, links: list[tuple[str, str, float, str]]) -> None:
    """Write (response id, allegation id, score, reason) as 'auto' links; a link a person
    made is never changed."""
    conn.executemany(
        """INSERT INTO reply_links (response_id, allegation_id, origin, score, reason)
        VALUES (?, ?, 'auto', ?, ?)
        ON CONFLICT (response_id, allegation_id) DO UPDATE SET
            score = excluded.score, reason = excluded.reason
        WHERE reply_links.origin = 'auto'""",
        links,
    )


def human_links(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """(response id, allegation id) of every link a person made (curated or manual)."""
    return {
        (r, a)
        for r, a in conn.execute(
            "SELECT response_id, allegation_id FROM reply_links "
            "WHERE origin IN ('curated', 'manual')"
        )
    }

"""Loading bundles (.json), statements (.jsonl, .csv) and folders of them: the streaming
writer. claimtrack.reading turns files into records, claimtrack.checking checks a
record's fields; this module keeps the load's state (ids, actors, articles, batches,
errors) and writes.

A load is all or nothing: every record is checked (fields, actors, dates, quotes against
their article's text, reply links) and the load writes in one transaction that commits
only when no record failed, so an error, a --dry-run or a crash leaves the database as
it was. Errors name the file, the line or record, the field and what was expected, so
the user can fix the input without guessing.

Records stream: each is checked as it is read and written in batches, and a load keeps
only the ids it has seen and a few recent article texts, so a million statements load
in the memory of a thousand. Reply links wait in a scratch table until every statement
is in, since a response may name an allegation that comes later in the load.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack import checking as check
from claimtrack.actors import Actor, name_key
from claimtrack.claims.waiting import group_waiting
from claimtrack.db import SearchIndexFilledOnce, write_transaction
from claimtrack.model import (
    ACTOR_FIELDS,
    ARTICLE_FIELDS,
    STATEMENT_INPUT_FIELDS,
    ClaimtrackError,
    is_allegation,
)
from claimtrack.reading import (
    Record,
    collect_files,
    may_hold_bundles,
    read_file,
    readable_records,
    record_limit,
)
from claimtrack.store import (
    ACTOR_ROW,
    ARTICLE_ROW,
    STATEMENT_ROW,
    apply_curated_links,
    article_text,
    close_link_stage,
    existing_rows,
    first_bad_link,
    last_rowid,
    load_registry,
    open_link_stage,
    repeated_statements,
    replace_aliases,
    stage_links,
    write_rows,
)

#: Statements (and articles) written per batch, and article texts kept for the
#: statements that follow them.
_BATCH = 2000
_ARTICLE_BATCH = 200
_TEXTS_KEPT = 64
_WARNINGS_SHOWN = 20
#: SQLite's page cache during a load, in KiB (2 MB by default). A load writes articles,
#: statements and links in turns and looks ids up between them, and with the default
#: cache each turn pushed the others' pages out: at 50k statements a 32 MB cache takes
#: 0.04 s of CPU off the writes (a load writing one table at a time gains nothing from
#: it). It costs at most this much memory, on top of a load's own 45 to 130 MB.
_LOAD_CACHE_KIB = 32 * 1024


@dataclass(frozen=True)
class LoadOptions:
    """How to read the input: `dayfirst` reads "09/03/2023" as 9 March (True) or
    September 3 (False); left None, such a date is refused as ambiguous. `delimiter`
    separates CSV cells (detected from the header when None). A load lists up to
    `max_errors` bad records before it stops."""

    dayfirst: bool | None = None
    delimiter: str | None = None
    max_errors: int = 20
    #: The largest record read (a JSONL line, a bundle, a CSV cell, a text file), in MB.
    max_record_mb: float = 16


class LoadErrors(ClaimtrackError):
    """Every bad record a load found (up to --max-errors), one line each, in load order;
    nothing was written. One bad record reads exactly as a single error does."""

    def __init__(self, problems: list[str], stopped: bool) -> None:
        self.problems = problems
        lines = list(problems)
        if len(problems) > 1 or stopped:
            count = len(problems)
            lines.append(
                f"stopped after {count} bad records (--max-errors {count}); nothing was written"
                if stopped
                else f"{count} bad records; nothing was written"
            )
        super().__init__("\n".join(lines))


@dataclass
class LoadReport:
    """What a load found and did, counted per table."""

    files: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    #: Date phrases ("recently", "next week") that resolve to no date, and a few of them.
    unresolved_phrases: int = 0
    unresolved_examples: list[str] = field(default_factory=list)

    def count(self, table: str, outcome: str, n: int = 1) -> None:
        per_table = self.counts.setdefault(table, {"new": 0, "updated": 0, "unchanged": 0})
        per_table[outcome] = per_table.get(outcome, 0) + n

    def summary(self) -> str:
        verb = "would load" if self.dry_run else "loaded"
        parts = []
        for table in ("statements", "articles", "actors", "links"):
            c = self.counts.get(table)
            if not c:
                continue
            text = f"{table}: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged"
            if c.get("removed"):
                text += f", {c['removed']} removed"
            parts.append(text)
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        return f"{verb} {files}; " + "; ".join(parts or ["nothing to load"])

    def unresolved(self, phrase: str) -> None:
        self.unresolved_phrases += 1
        if len(self.unresolved_examples) < 3 and phrase not in self.unresolved_examples:
            self.unresolved_examples.append(phrase)

    def notes(self) -> list[str]:
        """Warnings for stderr: repeated statements, date phrases left unresolved."""
        notes = list(self.warnings)
        if self.unresolved_phrases:
            shown = ", ".join(repr(p) for p in self.unresolved_examples)
            notes.append(
                f"{self.unresolved_phrases} date phrase{'s' if self.unresolved_phrases != 1 else ''}"
                f" could not be resolved to a date ({shown}{', …' if self.unresolved_phrases > 3 else ''});"
                " their dates are left empty"
            )
        return notes

    @property
    def changed(self) -> bool:
        return any(c["new"] or c["updated"] or c.get("removed") for c in self.counts.values())


# ---------------------------------------------------------------- the load


class _Restart(Exception):
    """A record read late changes what an earlier record was checked against: load
    again, reading every bundle's actors and articles first."""


class _Loader:
    """One load, record by record: check, then write in batches inside the caller's
    transaction; nothing is kept per record.

    The first attempt reads the files once, in order. Actors and articles usually come
    before the statements that name them (a registry file, then bundles). When a later
    bundle changes an actor or article an earlier statement was checked against
    (`_Restart`), or a statement fails while bundles remain unread (they may declare
    what it lacks), the caller rolls back and loads again with `two_pass`: first the
    actors and articles of every bundle, then every statement, as if all of them came
    first.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        files: list[Path],
        two_pass: bool,
        progress: Callable[[Sequence[Path]], Iterable[Path]] = iter,
        options: LoadOptions = LoadOptions(),
        search_index: SearchIndexFilledOnce | None = None,
    ) -> None:
        self.conn = conn
        self.options = options
        self.files = files
        self.two_pass = two_pass
        self.progress = progress
        self.report = LoadReport(files=len(files))
        self.registry = load_registry(conn)
        self.names: dict[str, Actor] = {}  # names already resolved, as written
        self.actors: dict[str, tuple[Actor, Record]] = {}  # declared in this load
        self.articles: dict[str, str] = {}  # id -> where this load declares it
        self.from_db: set[str] = set()  # articles statements found only in the database
        # Recent articles as (id, text, published), the statements' view of them.
        self.texts: OrderedDict[str, tuple[str, str, str | None]] = OrderedDict()
        self.statements_read = 0
        self.checked_id: str | None = None  # the statement being checked, once its id is
        self.batch_ids: set[str] = set()
        # Rows with a larger rowid were written by this load; older rows it met so far:
        self.start_rowid = last_rowid(conn, "statements")
        self.seen_before: set[str] = set()
        self.pending_articles: list[tuple] = []
        self.pending: list[tuple] = []
        self.pending_replies: list[tuple[str]] = []
        self.pending_links: list[tuple[str, str]] = []
        self.any_replies = False
        self.counts = {"new": 0, "updated": 0, "unchanged": 0}
        self.later_bundles = 0
        # Bad records found so far, by their place in the load; the load goes on reading
        # to report them all (up to options.max_errors) and then writes nothing.
        self.errors: list[tuple[int, str]] = []
        self.bundles_after_first_error = 0
        self.records_read = 0
        self.pending_seq: list[int] = []
        self.search_index = search_index
        # What every statement's check is handed, looked up once.
        self.dayfirst = options.dayfirst
        self.unresolved = self.report.unresolved

    def run(self) -> LoadReport:
        """Load every file; raise LoadErrors listing every bad record, if any."""
        open_link_stage(self.conn)
        handlers = {"statement": self.statement, "actor": self.actor, "article": self.article}
        if self.two_pass:
            self.actors_and_articles()
            for path in self.progress(self.files):
                # What cannot be read in a file that may hold bundles was reported with
                # the actors.
                for kind, record in self._records(path, report=not may_hold_bundles(path)):
                    if kind == "statement":
                        self._check(self.statement, record)
        else:
            bundles_left = sum(map(may_hold_bundles, self.files))
            for path in self.progress(self.files):
                bundles_left -= may_hold_bundles(path)
                self.later_bundles = bundles_left
                for kind, record in self._records(path):
                    try:  # self._check, written out: this loop runs once per record
                        handlers[kind](record)
                    except ClaimtrackError as problem:
                        self._collect(problem, record.seq)
            self.finish_actors()
        self.flush()
        if self.errors:
            raise self.failure()
        self.finish_links()
        close_link_stage(self.conn)
        repeats = repeated_statements(self.conn, self.start_rowid)
        for new_id, old_id in repeats[:_WARNINGS_SHOWN]:
            self.report.warnings.append(
                f"statement {new_id!r} repeats {old_id!r} (same article, speaker, target and quote) "
                "under a new id"
            )
        if len(repeats) > _WARNINGS_SHOWN:
            more = len(repeats) - _WARNINGS_SHOWN
            self.report.warnings.append(f"… and {more} more statements repeated under new ids")
        if self.statements_read:
            for outcome, n in self.counts.items():
                self.report.count("statements", outcome, n)
        return self.report

    def actors_and_articles(self) -> None:
        """Every bundle's actors (then their parents), then every bundle's articles."""
        for wanted, handle in (("actor", self.actor), ("article", self.article)):
            for path in self.files:
                if may_hold_bundles(path):
                    for kind, record in self._records(path, report=wanted == "actor"):
                        if kind == wanted:
                            self._check(handle, record)
            if wanted == "actor":
                self.finish_actors()
        self.flush()

    # ------------------------------------------------------------ errors

    def _records(self, path: Path, report: bool = True) -> Iterator[tuple[str, Record]]:
        """The file's readable records, numbered in load order. A record that cannot be
        read, or a file that cannot be read at all, is counted as a bad record (when
        `report`: a file read twice reports once)."""
        try:
            for kind, record in read_file(path, self.options.delimiter):
                self.records_read += 1
                record.seq = self.records_read
                if kind != "error":
                    yield kind, record
                elif report:
                    self._collect(ClaimtrackError(f"{record.where}: {record.data}"), record.seq)
        except ClaimtrackError as unreadable:
            if report:
                self._collect(unreadable, self.records_read + 1)

    def _check(self, handle: Callable[[Record], None], record: Record) -> None:
        try:
            handle(record)
        except ClaimtrackError as problem:
            self._collect(problem, record.seq)

    def _collect(self, problem: ClaimtrackError, position: int) -> None:
        """Note a bad record and read on; stop at options.max_errors."""
        if not self.errors:
            self.bundles_after_first_error = self.later_bundles
        self.errors.append((position, str(problem)))
        if len(self.errors) >= self.options.max_errors:
            raise self.failure(stopped=True)

    def failure(self, stopped: bool = False) -> LoadErrors:
        """Every bad record found, in load order."""
        return LoadErrors([m for _, m in sorted(self.errors, key=lambda e: e[0])], stopped)

    # ------------------------------------------------------------ actors

    def actor(self, record: Record) -> None:
        actor_id = check.declared_id(record, "an actor", ACTOR_FIELDS)
        if actor_id in self.actors:
            # Bundles that each declare the same actor identically load together (every
            # extracted bundle carries its own new actors); a different declaration is an error.
            first = self.actors[actor_id][1]
            if check.declaration(first.data) == check.declaration(record.data):
                return
            raise record.fail("id", f"actor {actor_id!r} is declared differently at {first.where}")
        actor = check.actor_from(record)
        if not self.two_pass and self.statements_read and self._changes(actor):
            raise _Restart
        try:
            self.registry.add(actor)
        except ClaimtrackError as exc:
            raise record.fail("aliases", str(exc)) from None
        self.actors[actor_id] = (actor, record)
        self.names.clear()

    def _changes(self, actor: Actor) -> bool:
        """Would this actor change how an already-registered name resolves?"""
        old = self.registry.actors.get(actor.id)
        if old is None:
            return False
        keys = {name_key(n) for n in (old.name, *old.aliases)}
        return (old.name, old.side) != (actor.name, actor.side) or keys != {
            name_key(n) for n in (actor.name, *actor.aliases)
        }

    def finish_actors(self) -> None:
        """Resolve parents (which may be declared anywhere in the load), then write."""
        registry = self.registry
        for actor, record in self.actors.values():
            if actor.parent:
                try:
                    actor.parent = registry.resolve(actor.parent).id
                except ClaimtrackError as exc:
                    self._collect(record.fail("parent", str(exc)), record.seq)
                    continue
                if actor.id in registry.lineage(actor.parent):
                    problem = f"{actor.parent!r} would make a cycle of parents"
                    self._collect(record.fail("parent", problem), record.seq)
        rows = [(a.id, a.name, a.side, a.kind, a.parent) for a, _ in self.actors.values()]
        self._upsert_changed("actors", ACTOR_ROW, rows)
        for actor, _ in self.actors.values():
            replace_aliases(self.conn, actor.id, actor.aliases)

    def _actor(self, record: Record, name: str, required: bool) -> Actor | None:
        """The actor a field names (resolved names are remembered for the load)."""
        value = record.data.get(name)
        actor = self.names.get(value) if type(value) is str else None
        if actor is not None:
            return actor
        value = check.text_field(record, name, required)
        if value is None:
            return None
        try:
            actor = self.registry.resolve(value)
        except ClaimtrackError as exc:
            raise record.fail(name, str(exc)) from None
        self.names[value] = actor
        return actor

    # ------------------------------------------------------------ articles

    def article(self, record: Record) -> None:
        article_id = check.declared_id(record, "an article", ARTICLE_FIELDS)
        if article_id in self.articles:
            raise record.fail(
                "id", f"duplicate article id {article_id!r}, first at {self.articles[article_id]}"
            )
        if not self.two_pass and article_id in self.from_db:
            raise _Restart
        self.articles[article_id] = record.where
        row = check.article_row(record, article_id, self.dayfirst)
        self.pending_articles.append(row)
        self._remember(article_id, row[-1], row[4])
        if len(self.pending_articles) >= _ARTICLE_BATCH:
            self.flush()

    def _remember(self, article_id: str, text: str, published: str | None) -> None:
        self.texts[article_id] = (article_id, text, published)
        if len(self.texts) > _TEXTS_KEPT:
            self.texts.popitem(last=False)

    def _article_for(self, record: Record) -> tuple[str, str, str | None]:
        """(id, text, published) of the statement's article: from this load or the
        database."""
        article_id = record.data.get("article")
        known = self.texts.get(article_id) if type(article_id) is str else None
        if known is not None:
            # Equal to the id of an article already checked, so a valid one itself.
            self.texts.move_to_end(article_id)
            return known
        article_id = check.text_field(record, "article", required=True)
        if self.pending_articles:
            self.flush()
        found = article_text(self.conn, article_id)
        if found is None:
            raise record.fail(
                "article",
                f"no article {article_id!r} in this load or the database; load its bundle",
            )
        if article_id not in self.articles:
            self.from_db.add(article_id)
        self._remember(article_id, *found)
        return self.texts[article_id]

    # ------------------------------------------------------------ statements

    def statement(self, record: Record) -> None:
        self.checked_id = None
        try:
            self._statement(record)
        except ClaimtrackError as problem:
            # A statement that repeats an id already loaded is reported as a duplicate,
            # whatever else is wrong with it.
            raise self._own_duplicate() or problem from None

    def _statement(self, record: Record) -> None:
        """Check one statement and queue its row. Ids are checked against the batch here
        and against the rest of the load when the batch is written (`flush`), through
        the rows this load wrote: the load keeps no id it has already written."""
        data = record.data
        if type(data) is not dict or not STATEMENT_INPUT_FIELDS.issuperset(data):
            check.require_object(record, "a statement")
            check.known_fields(record, STATEMENT_INPUT_FIELDS)
        # Taken as it is when plainly a non-empty string, as statement_row takes the quote.
        statement_id = data.get("id")
        if (
            type(statement_id) is not str
            or not (record.plain or statement_id.isascii())
            or not statement_id
            or statement_id.isspace()
        ):
            statement_id = check.text_field(record, "id", required=True)
        if statement_id in self.batch_ids:
            first = self._wheres(statement_id, 1)[0]
            raise record.fail("id", f"duplicate id {statement_id!r}, first at {first}")
        self.batch_ids.add(statement_id)
        self.checked_id = statement_id
        self.statements_read += 1
        row = check.statement_row(
            record, self._article_for(record), self._actor, self.dayfirst, self.unresolved
        )
        replies = data.get("replies_to")
        if replies is not None:
            if not isinstance(replies, list) or not all(isinstance(r, str) for r in replies):
                raise record.fail("replies_to", "expected a list of statement ids")
            if replies and row[2] != "response":
                raise record.fail("replies_to", "only a response can reply to allegations")
            if not record.plain:
                for reply in replies:
                    check.unicode_text(record, "replies_to", reply)
            self.any_replies = True
            self.pending_replies.append((statement_id,))
            if len(replies) == 1:
                self.pending_links.append((statement_id, replies[0]))
            else:
                self.pending_links.extend((statement_id, a) for a in dict.fromkeys(replies))
        self.pending.append(row)
        self.pending_seq.append(record.seq)
        if len(self.pending) >= _BATCH:
            self.flush()

    def _wheres(self, statement_id: str, count: int) -> list[str]:
        """Where the load gives this statement id, the first `count` times. Read again
        from the files only for an error message: a load keeps no location per record."""
        found: list[str] = []
        for path in self.files:
            for kind, record in readable_records(path, self.options.delimiter):
                data = record.data
                if (
                    kind == "statement"
                    and isinstance(data, dict)
                    and data.get("id") == statement_id
                ):
                    found.append(record.where)
                    if len(found) == count:
                        return found
        return found + [statement_id] * (count - len(found))

    def _duplicate(self, statement_id: str) -> ClaimtrackError:
        first, again = self._wheres(statement_id, 2)
        return check.fail_at(again, "id", f"duplicate id {statement_id!r}, first at {first}")

    def _is_duplicate(self, statement_id: str, rowid: int) -> bool:
        """A row this load wrote, or a row from before the load that it already met."""
        return rowid > self.start_rowid or statement_id in self.seen_before

    def _own_duplicate(self) -> ClaimtrackError | None:
        """The duplicate-id error of the statement being checked, when its id (read
        before its error) is one this load already wrote or met."""
        if self.checked_id is None:
            return None
        old = existing_rows(self.conn, "statements", ("id", "rowid"), [self.checked_id])
        row = old.get(self.checked_id)
        if row and self._is_duplicate(self.checked_id, row[-1]):
            return self._duplicate(self.checked_id)
        return None

    # ------------------------------------------------------------ writing

    def flush(self) -> None:
        """Write the pending articles and statements (only those new or changed, so a
        re-load writes nothing) and stage their reply links."""
        if self.pending_articles:
            self._upsert_changed("articles", ARTICLE_ROW, self.pending_articles)
            self.pending_articles = []
        if self.pending:
            if self.start_rowid or not self._insert_new(self.pending):
                self._write_statements(self.pending)
            self.pending, self.pending_seq = [], []
            self.batch_ids = set()
        if self.pending_replies:
            stage_links(self.conn, self.pending_replies, self.pending_links)
            self.pending_replies, self.pending_links = [], []

    def _insert_new(self, rows: list[tuple]) -> bool:
        """Insert the batch into a table that held no statement when the load began:
        every row there is this load's, so an id already there is a duplicate, which the
        table's primary key refuses. That spares looking the batch's ids up (0.02 s of
        CPU at 50k statements). False, with nothing written, when the key refused one:
        `_write_statements` then finds and reports it."""
        if self.search_index:
            self.search_index.before_new_rows()
        self.conn.execute("SAVEPOINT batch")
        try:
            write_rows(self.conn, "statements", STATEMENT_ROW, rows)
        except sqlite3.IntegrityError:
            self.conn.execute("ROLLBACK TO batch")
            return False
        finally:
            self.conn.execute("RELEASE batch")
        self.counts["new"] += len(rows)
        return True

    def _write_statements(self, rows: list[tuple]) -> None:
        """Write the rows new or changed (an unchanged one is only counted) and report an
        id this load already wrote or met as a duplicate."""
        columns = (*STATEMENT_ROW, "rowid") if self.start_rowid else ("id", "rowid")
        before = existing_rows(self.conn, "statements", columns, [r[0] for r in rows])
        new, changed = rows, []
        if before:  # ids already in the database: a re-load, or a duplicate
            new = []
            for row, seq in zip(rows, self.pending_seq):
                old = before.get(row[0])
                if old is None:
                    new.append(row)
                elif self._is_duplicate(row[0], old[-1]):
                    self._collect(self._duplicate(row[0]), seq)
                elif old[:-1] == row:
                    self.seen_before.add(row[0])
                    self.counts["unchanged"] += 1
                else:
                    self.seen_before.add(row[0])
                    self.counts["updated"] += 1
                    changed.append(row)
        self.counts["new"] += len(new)
        if self.search_index and new:
            self.search_index.before_new_rows()
        write_rows(self.conn, "statements", STATEMENT_ROW, new, changed)

    def _upsert_changed(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        before = existing_rows(self.conn, table, columns, [r[0] for r in rows])
        new, changed = [], []
        for row in rows:
            old = before.get(row[0])
            outcome = "new" if old is None else "unchanged" if old == row else "updated"
            self.report.count(table, outcome)
            if outcome != "unchanged":
                (new if old is None else changed).append(row)
        write_rows(self.conn, table, columns, new, changed)

    def finish_links(self) -> None:
        """Check every staged link now that every statement is in, then store them."""
        if not self.any_replies:
            return
        bad = first_bad_link(self.conn)
        if bad:
            response_id, allegation_id, row = bad
            where = self._wheres(response_id, 1)[0]
            if row is None:
                problem = f"no statement {allegation_id!r} in this load or the database"
            elif not is_allegation(row["role"], row["kind"], row["target_id"]):
                problem = f"{allegation_id!r} is a {row['kind']} response, not an allegation"
            else:
                problem = "a statement cannot reply to itself"
            raise check.fail_at(where, "replies_to", problem)
        added, kept, removed = apply_curated_links(self.conn)
        self.report.count("links", "new", added)
        self.report.count("links", "unchanged", kept)
        self.report.count("links", "removed", removed)


def load_paths(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    dry_run: bool = False,
    progress: Callable[[Sequence[Path]], Iterable[Path]] = iter,
    options: LoadOptions = LoadOptions(),
    group_claims: bool = True,
) -> LoadReport:
    """Check and write everything in one transaction (rolled back on --dry-run or at the
    first error, so the database is then exactly as before). `progress` wraps the list
    of files as they are read (a progress bar). Without `group_claims` the new
    statements are left for the next command to group into claims (see
    claimtrack.claims.waiting)."""
    limit = record_limit.set(int(options.max_record_mb * 2**20))
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-_LOAD_CACHE_KIB}")
    try:
        return _load(conn, paths, dry_run, progress, options, group_claims)
    except MemoryError:
        # Raised by Python or SQLite wherever a huge record is being handled; the
        # transaction has rolled back.
        named = [str(p) for p in paths]
        where = named[0] + (f" and {len(named) - 1} more" if len(named) > 1 else "")
        raise ClaimtrackError(
            f"out of memory while loading {where}; nothing was written. A record takes about "
            f"5 times its size: lower --max-record-mb (now {options.max_record_mb:g}) or give "
            "claimtrack more memory"
        ) from None
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")
        record_limit.reset(limit)


def _load(
    conn: sqlite3.Connection,
    paths: Iterable[str | Path],
    dry_run: bool,
    progress: Callable[[Sequence[Path]], Iterable[Path]],
    options: LoadOptions,
    group_claims: bool,
) -> LoadReport:
    with write_transaction(conn):
        # Rows may name rows written later in the same load (an actor declared in the
        # last bundle); every reference is checked here, and SQLite checks them at COMMIT.
        conn.execute("PRAGMA defer_foreign_keys = ON")
        files = collect_files(paths)
        search_index = SearchIndexFilledOnce(conn)
        conn.execute("SAVEPOINT load")
        streaming = _Loader(conn, files, False, progress, options, search_index)
        try:
            try:
                report = streaming.run()
            except (_Restart, LoadErrors) as problem:
                # A bundle read after a bad record may declare or change what it lacks:
                # only a load in which every actor and article comes first knows.
                if isinstance(problem, LoadErrors) and not streaming.bundles_after_first_error:
                    raise
                conn.execute("ROLLBACK TO load")
                report = _Loader(conn, files, True, progress, options, search_index).run()
        except ClaimtrackError:
            conn.execute("ROLLBACK TO load")
            raise
        conn.execute("RELEASE load")
        search_index.finish()
        report.dry_run = dry_run
        if dry_run:
            conn.execute("ROLLBACK")
        elif group_claims:
            group_waiting(conn)
    return report

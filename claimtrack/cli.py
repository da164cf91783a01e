"""The claimtrack command line: click commands only.

Each command opens the database, calls one function of load/queries/store and renders
what it returns. Errors the user can fix end in one line on stderr and exit code 1; a
traceback only with --debug.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from claimtrack import __version__
from claimtrack.model import FORMATS, REPLY_KINDS, SIDES, ClaimtrackError


def _db_after_command(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["claimtrack.db"] = value  # also read by shell completion
        if isinstance(ctx.obj, dict):
            ctx.obj["db"] = value


class ClaimtrackGroup(click.Group):
    """Turns ClaimtrackError (and anything unexpected) into one line and exit code 1.

    Every command also takes --db after its name (`claimtrack compare --db x.db`), which
    wins over the one before it."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not isinstance(cmd, click.Group):
            cmd.params.append(
                click.Option(
                    ["--db"],
                    type=click.Path(dir_okay=False),
                    expose_value=False,
                    callback=_db_after_command,
                    help="Database file (as `claimtrack --db PATH COMMAND`).",
                )
            )
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimtrackError as exc:
            if ctx.meta.get("claimtrack.debug"):
                raise
            from claimtrack.render import visible

            # A path or a value from the input may hold escape codes: show them as text.
            # A load lists every bad record, one line each.
            for line in str(exc).split("\n"):
                click.echo(f"Error: {visible(line)}", err=True)
            ctx.exit(getattr(exc, "exit_code", 1))
        except BrokenPipeError:
            # The reader (e.g. `head`) went away: not an error of ours.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get("claimtrack.debug"):
                raise
            import sqlite3

            if isinstance(exc, sqlite3.Error) and ctx.obj:
                from claimtrack.db import describe_fault

                # A fault of the disk or the file met mid-command (disk full, ulimit -f).
                click.echo(f"Error: {describe_fault(exc, ctx.obj['db'])}", err=True)
                ctx.exit(1)
            click.echo(
                f"Error: unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)",
                err=True,
            )
            ctx.exit(1)


@click.group(cls=ClaimtrackGroup)
@click.version_option(__version__, prog_name="claimtrack")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    envvar="CLAIMTRACK_DB",
    default="claimtrack.db",
    show_default=True,
    help="Database file (also $CLAIMTRACK_DB); created on first use.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.option(
    "--no-pager", is_flag=True, help="Never page long output ($PAGER, `less` by default)."
)
@click.pass_context
def cli(ctx: click.Context, db_path: str, debug: bool, no_pager: bool) -> None:
    """Who alleged what, who answered, and what was never answered.

    claimtrack loads allegations and official responses taken from news articles into
    SQLite, pairs each allegation with Beijing's or Ottawa's reply and prints
    comparisons. Start with `claimtrack demo`.
    """
    ctx.obj = {"db": db_path}
    ctx.meta["claimtrack.debug"] = debug


def _db(ctx: click.Context, readonly: bool = False, create: bool = True):
    """The database for one command: read-only for commands that only read (they never
    create a file, and work on a database the user may not write); `create=False` checks
    against an empty database in memory when the file does not exist (a dry run)."""
    from claimtrack.db import session

    return session(ctx.obj["db"], readonly=readonly, create=create, wait=ctx.obj.get("wait"))


def wait_option(command: Callable) -> Callable:
    """--wait SECONDS for a command that writes: how long to wait for another writer."""

    def remember(ctx: click.Context, param: click.Parameter, value: float | None) -> None:
        if value is not None:
            ctx.obj["wait"] = value

    return click.option(
        "--wait",
        type=click.FloatRange(min=0),
        metavar="SECONDS",
        expose_value=False,
        callback=remember,
        help="Wait this long for another process writing to the database (default 600).",
    )(command)


# ---------------------------------------------------------------- shared options


def output_options(command: Callable) -> Callable:
    """--format and its shortcuts, --no-headers, --columns, --sort, --limit, --excel-safe.

    Hands the command one `output` argument (a render.Output holding all of them), so
    every listing command gets them by this one line and passes them on to `_render`.
    """

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        help="Output format. Default: table on a terminal, csv when piped.",
    )
    @click.option("--csv", "as_csv", is_flag=True, help="Short for --format csv.")
    @click.option("--tsv", "as_tsv", is_flag=True, help="Short for --format tsv.")
    @click.option("--json", "as_json", is_flag=True, help="Short for --format json.")
    @click.option(
        "--no-headers", is_flag=True, help="Omit the header row (csv, tsv, table, markdown)."
    )
    @click.option("--columns", metavar="A,B,C", help="Only these columns, in this order.")
    @click.option(
        "--sort",
        metavar="COLUMN[:desc],…",
        help="Sort rows on columns: a,b:desc sorts by a, then by b descending.",
    )
    @click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")
    @click.option(
        "--excel-safe",
        is_flag=True,
        help="csv/tsv: prefix cells starting with = + - @ so spreadsheets do not run them.",
    )
    @click.option("--no-pager", is_flag=True, help="Print to the terminal, not through $PAGER.")
    @functools.wraps(command)
    def wrapper(
        *args,
        fmt,
        as_csv,
        as_tsv,
        as_json,
        no_headers,
        columns,
        sort,
        limit,
        excel_safe,
        no_pager,
        **kwargs,
    ):
        chosen = [f for f, on in (("csv", as_csv), ("tsv", as_tsv), ("json", as_json)) if on]
        if fmt:
            chosen.insert(0, fmt)
        if len(set(chosen)) > 1:
            raise click.UsageError(f"choose one output format, not {' and '.join(chosen)}")
        default = "table" if sys.stdout.isatty() else "csv"
        from claimtrack.render import Output

        output = Output(
            format=chosen[0] if chosen else default,
            headers=not no_headers,
            columns=tuple(c.strip() for c in columns.split(",") if c.strip()) if columns else None,
            sort=sort,
            limit=limit,
            excel_safe=excel_safe,
            chosen=bool(chosen),
            pager=sys.stdout.isatty() and not no_pager and not _root_no_pager(),
        )
        return command(*args, output=output, **kwargs)

    return wrapper


class DateParam(click.ParamType):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        from claimtrack.dates import PartialDate, parse_date

        if isinstance(value, PartialDate):
            return value
        try:
            return parse_date(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _complete(what: str) -> Callable:
    """Shell completion of a filter's values from the database (`--db` or its default);
    nothing when there is no readable database yet."""

    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
        import sqlite3

        from claimtrack.db import session
        from claimtrack.queries import completions

        kind = "actor-kind" if what == "kind" and ctx.command.name == "actors" else what
        prefix = incomplete.casefold()
        if kind == "kind":
            return [k for k in REPLY_KINDS if k.startswith(prefix)]
        path = ctx.meta.get("claimtrack.db") or ctx.find_root().params.get("db_path")
        try:
            with session(path or "claimtrack.db", readonly=True) as conn:
                values = completions(conn, kind)
        except (ClaimtrackError, sqlite3.Error):
            return []
        return [v for v in values if v.casefold().startswith(prefix)]

    return complete


def filter_options(command: Callable | None = None, *, side: str = "") -> Callable:
    """The filters every listing command shares; passes one `filters` argument.

    `side` says, in the command's help, which side --side selects there (the speaker,
    the alleger or the replier, the actor's own side)."""
    if command is None:
        return functools.partial(filter_options, side=side)

    @click.option(
        "--side",
        type=click.Choice(SIDES, case_sensitive=False),
        help=side or "Keep records in which this side speaks.",
    )
    @click.option(
        "--by",
        "by",
        metavar="ACTOR",
        shell_complete=_complete("actor"),
        help="Said by this actor or anyone under it (id, name or alias).",
    )
    @click.option(
        "--against",
        metavar="ACTOR",
        shell_complete=_complete("actor"),
        help="Aimed at this actor or anyone under it.",
    )
    @click.option(
        "--topic", shell_complete=_complete("topic"), help="Topic, e.g. 'police stations'."
    )
    @click.option(
        "--kind",
        shell_complete=_complete("kind"),
        help=f"Reply kind, any case: {', '.join(REPLY_KINDS)} (actors: actor kind).",
    )
    @click.option(
        "--article", metavar="ID", shell_complete=_complete("article"), help="Only this article."
    )
    @click.option(
        "--since",
        type=DateParam(),
        help="On or after this date (2023, 2023-03, March 2023, 2023-03-09).",
    )
    @click.option(
        "--until", type=DateParam(), help="On or before this date (a month or year means its end)."
    )
    @functools.wraps(command)
    def wrapper(*args, side, by, against, topic, kind, article, since, until, **kwargs):
        from claimtrack.model import Filters

        filters = Filters(side, by, against, topic, kind, article, since, until)
        return command(*args, filters=filters, **kwargs)

    return wrapper


def _progress(description: str, verbose: bool = False) -> Callable:
    """A function that wraps a sequence in a progress bar on stderr (only in a terminal),
    or, `verbose`, that names each item on stderr as it starts."""
    from claimtrack.render import progress

    return functools.partial(progress, description=description, stream=sys.stderr, verbose=verbose)


def _root_no_pager() -> bool:
    """Was --no-pager given before the command (`claimtrack --no-pager compare`)?"""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("no_pager"))


def _render(result, output, layout: str = "") -> None:
    """Print the rows on stdout as the output options ask (a bad --columns or --sort is
    a usage error)."""
    try:
        output.print(result, sys.stdout, layout=layout, notes=sys.stderr)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


# ---------------------------------------------------------------- loading


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
@click.option(
    "--format",
    "stdin_format",
    type=click.Choice(("jsonl", "csv", "json")),
    default="jsonl",
    show_default=True,
    help="What `-` (standard input) holds.",
)
@click.option(
    "--delimiter",
    metavar="CHAR",
    help="CSV cell separator (default: found from the header: comma, semicolon or tab).",
)
@click.option(
    "--max-errors",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="List up to this many bad records, then stop.",
)
@click.option(
    "--dayfirst/--monthfirst",
    default=None,
    help="Read dates like 09/03/2023 as day first (9 March) or month first (September 3); "
    "without either they are refused as ambiguous.",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Name each file on stderr as loading reaches it."
)
@click.option(
    "--max-record-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=16,
    show_default=True,
    metavar="MB",
    help="The largest record read: a JSONL line, a bundle, a CSV cell or an article text.",
)
@wait_option
@click.pass_context
def load(
    ctx: click.Context,
    paths: tuple[str, ...],
    dry_run: bool,
    stdin_format: str,
    delimiter: str | None,
    max_errors: int,
    dayfirst: bool | None,
    verbose: bool,
    max_record_mb: float,
) -> None:
    """Load bundles (.json), statements (.jsonl, .csv) and folders of them; `-` reads
    standard input (--format).

    All or nothing: every bad record is listed (up to --max-errors) and nothing is
    written. Loading the same files again changes nothing.
    """
    from claimtrack.load import LoadOptions, load_paths
    from claimtrack.reading import stdin_as_file

    if delimiter is not None and len(delimiter) != 1:
        raise click.BadParameter("one character, e.g. ';'", param_hint="--delimiter")
    options = LoadOptions(
        dayfirst=dayfirst,
        delimiter=delimiter,
        max_errors=max_errors,
        max_record_mb=max_record_mb,
    )
    # Ctrl-C rolls the load back and says so (db.write_transaction).
    with (
        stdin_as_file(paths, sys.stdin.buffer, stdin_format) as files,
        _db(ctx, create=not dry_run) as conn,
    ):
        track = _progress("loading", verbose)
        report = load_paths(conn, files, dry_run=dry_run, progress=track, options=options)
    _warn(report.notes())
    click.echo(report.summary(), err=True)


@cli.command()
@output_options
@wait_option
@click.pass_context
def demo(ctx: click.Context, output) -> None:
    """Load the bundled fixtures (five articles) and print the comparison.

    Never paged: the demo is a one-shot showcase, read by scrolling back, and a pager
    would hold a first run (or a script driving a terminal) at its prompt."""
    import dataclasses

    from claimtrack.fixtures import bundled_fixtures
    from claimtrack.load import load_paths
    from claimtrack.model import Filters
    from claimtrack.queries import compare

    with _db(ctx) as conn:
        report = load_paths(conn, [bundled_fixtures()])
        click.echo(f"{report.summary()} (into {ctx.obj['db']})", err=True)
        _render(
            compare(conn, Filters()), dataclasses.replace(output, pager=False), layout="compare"
        )


# ---------------------------------------------------------------- listings


APPEARANCES = click.option(
    "--appearances",
    is_flag=True,
    help="One row per statement (every copy of a claim) instead of one per claim.",
)


@cli.command("compare")
@filter_options(side="Pairs in which this side alleges or replies.")
@output_options
@APPEARANCES
@click.pass_context
def compare_command(ctx: click.Context, filters, output, appearances: bool) -> None:
    """Each allegation claim beside the claims that reply to it; allegations with no
    reply included. A claim is one allegation or reply however many articles carried it
    (claim_id, appearances, outlets, first_reported, first_outlet).

    Dates filter on the allegation's date; --side and --by match the alleger or the replier.
    """
    from claimtrack.claims.answers import compare_claims
    from claimtrack.queries import compare

    with _db(ctx, readonly=True) as conn:
        rows = compare(conn, filters) if appearances else compare_claims(conn, filters)
        _render(rows, output, layout="compare")


@cli.command("unanswered")
@filter_options(side="Allegations made by this side (the alleger).")
@output_options
@click.option("--strict", is_flag=True, help="Count a no-comment as no reply.")
@click.option(
    "--as-of",
    type=DateParam(),
    help="Count days_open up to this day (default: today).",
)
@click.option(
    "--older-than",
    # The most days between two dates SQLite and Python both know (0001-01-01 to 9999-12-31).
    type=click.IntRange(min=0, max=3_652_058),
    metavar="DAYS",
    help="Only claims open longer.",
)
@APPEARANCES
@click.pass_context
def unanswered_command(
    ctx: click.Context, filters, output, strict: bool, as_of, older_than, appearances: bool
) -> None:
    """Allegations the targeted side has not replied to, with the exact quote.

    days_open counts from the allegation (or, undated, its article) to --as-of;
    checked_until is the latest article in which the target's side speaks at all, i.e.
    how far the search for a reply went. A claim is unanswered when no appearance of
    it is answered; it is listed once, with its first appearance among those selected.
    """
    from claimtrack.claims.answers import unanswered_claims
    from claimtrack.queries import unanswered

    query = unanswered if appearances else unanswered_claims
    with _db(ctx, readonly=True) as conn:
        rows = query(
            conn, filters, strict=strict, as_of=as_of.last if as_of else None, older_than=older_than
        )
        _render(rows, output, layout="unanswered")


@cli.command("allegations")
@filter_options(side="Allegations made by this side (the alleger).")
@output_options
@click.pass_context
def allegations_command(ctx: click.Context, filters, output) -> None:
    """Allegations (counter-accusations included), as statement records `load` reads back."""
    from claimtrack.queries import statements

    with _db(ctx, readonly=True) as conn:
        _render(statements(conn, filters, role="allegation"), output, layout="listing")


@cli.command("responses")
@filter_options(side="Responses made by this side (the replier).")
@output_options
@click.pass_context
def responses_command(ctx: click.Context, filters, output) -> None:
    """Responses, with the allegations each replies to."""
    from claimtrack.queries import statements

    with _db(ctx, readonly=True) as conn:
        _render(statements(conn, filters, role="response"), output, layout="listing")


@cli.command("actors")
@filter_options(side="Actors on this side.")
@output_options
@click.pass_context
def actors_command(ctx: click.Context, filters, output) -> None:
    """The actor registry with sides, parents and aliases."""
    from claimtrack.queries import actors

    with _db(ctx, readonly=True) as conn:
        _render(actors(conn, filters), output, layout="listing")


@cli.command("articles")
@filter_options(side="Articles in which this side says something.")
@output_options
@click.pass_context
def articles_command(ctx: click.Context, filters, output) -> None:
    """Articles with their statement counts."""
    from claimtrack.queries import articles

    with _db(ctx, readonly=True) as conn:
        _render(articles(conn, filters), output, layout="listing")


@cli.command("show")
@click.argument("statement_id")
@output_options
@click.pass_context
def show(ctx: click.Context, statement_id: str, output) -> None:
    """One allegation or response as a thread: what it answers, its replies, their replies.

    Given a claim id (compare's claim_id, e.g. c-003-r7), every appearance of the claim:
    outlet, url, date and the exact quote in each article."""
    from claimtrack.claims.provenance import appearances, names_a_claim
    from claimtrack.queries import thread

    with _db(ctx, readonly=True) as conn:
        if names_a_claim(conn, statement_id):
            _render(appearances(conn, statement_id), output)
        else:
            _render(thread(conn, statement_id), output, layout="thread")


# ---------------------------------------------------------------- analysis


@cli.command("search")
@click.argument("text")
@filter_options(side="Statements made by this side (the speaker).")
@output_options
@click.pass_context
def search_command(ctx: click.Context, text: str, filters, output) -> None:
    """Full-text search over quotes and summaries, best match first.

    Words match in any form (station finds stations); all must match. Words with
    punctuation (Canada's, counter-accusation) are searched as text; FTS5 syntax works
    when written: "exact phrases", OR, AND, NOT, NEAR(a b, 5), prefix*, parentheses.
    """
    from claimtrack.queries import search
    from claimtrack.render import HIGHLIGHT

    marks = HIGHLIGHT if output.format == "table" else ("", "")
    with _db(ctx, readonly=True) as conn:
        _render(search(conn, text, filters, marks=marks), output, layout="listing")


@cli.command("stats")
@filter_options(
    side="Pairs in which this side alleges or replies; with --group-by kind, the side that replies."
)
@click.option(
    "--group-by",
    "group",
    type=click.Choice(("side", "topic", "speaker", "month", "kind")),
    default="side",
    show_default=True,
    help="Response rates per targeted side, topic, speaker or month; or reply kinds per side.",
)
@output_options
@APPEARANCES
@click.pass_context
def stats_command(ctx: click.Context, filters, group: str, output, appearances: bool) -> None:
    """Response rates (answered / total, and under --strict rules), reply kinds, and the
    median and 90th-percentile lag in days from allegation to first reply.

    An allegation counts as answered when its target's side replied; answered_strict
    leaves out no-comments. The filters select pairs as they select compare's rows.
    Claims are counted, not copies, unless --appearances.
    """
    from claimtrack.stats import stats

    with _db(ctx, readonly=True) as conn:
        _render(stats(conn, filters, group=group, claims=not appearances), output)


@cli.command("timeline")
@filter_options(side="Threads opened by an allegation of this side (the alleger).")
@output_options
@click.pass_context
def timeline_command(ctx: click.Context, filters, output) -> None:
    """Allegations in date order, each with its thread of replies (a tree in a terminal;
    flat rows with a `thread` column otherwise)."""
    from claimtrack.queries import timeline

    with _db(ctx, readonly=True) as conn:
        _render(timeline(conn, filters), output, layout="timeline")


@cli.command("sql")
@click.argument("query")
@click.option(
    "-p",
    "--param",
    "params",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    help="A named parameter: -p topic 'police stations' for :topic.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Stop the query after this long (0: never). Default: none on a terminal, where "
    "Ctrl-C stops it; 300 when the output goes to a program.",
)
@output_options
@click.pass_context
def sql_command(ctx: click.Context, query: str, params, timeout: float | None, output) -> None:
    """Run one read-only SQL query (tables: articles, actors, aliases, statements,
    reply_links, claims, claim_corrections; views per claim: comparison, unanswered,
    unanswered_strict; per statement: the same names ending in _appearances)."""
    from claimtrack.db import interruptible
    from claimtrack.queries import run_sql

    if timeout is None and not sys.stdout.isatty():
        timeout = 300
    with _db(ctx, readonly=True) as conn, interruptible(conn, timeout or None, "sql"):
        _render(run_sql(conn, query, dict(params)), output)


def _web_url(value: str, param: click.Parameter, ctx: click.Context) -> str:
    from claimtrack.claimreview import web_url

    if web_url(value) is None:
        raise click.BadParameter(f"{value!r} is not an http or https URL", ctx, param)
    return value


@cli.group("export", cls=ClaimtrackGroup)
def export_group() -> None:
    """Export the data for publishing."""


@export_group.command("claimreview")
@filter_options(side="Allegations in which this side alleges or replies.")
@click.option(
    "--url-prefix",
    default="https://example.org/claims/",
    show_default=True,
    callback=lambda ctx, param, value: _web_url(value, param, ctx),
    help="Review URLs are this http(s) prefix plus the allegation id (percent-encoded).",
)
@click.option("--publisher", default="claimtrack", show_default=True, help="Author of the reviews.")
@click.option("--as-of", type=DateParam(), help="datePublished of the reviews (default today).")
@click.pass_context
def export_claimreview(ctx: click.Context, filters, url_prefix: str, publisher: str, as_of) -> None:
    """schema.org ClaimReview JSON-LD: one review per allegation, its reply status as the
    rating, the reply quotes in the body."""
    from datetime import datetime, timezone

    from claimtrack.claimreview import claim_reviews
    from claimtrack.render import write_json_array

    reviewed_on = as_of.last if as_of else datetime.now(timezone.utc).date()
    with _db(ctx, readonly=True) as conn:
        reviews = claim_reviews(conn, filters, url_prefix, publisher, reviewed_on)
        write_json_array(reviews, sys.stdout)


@export_group.command("parquet")
@click.argument("out", type=click.Path(file_okay=False))
@click.pass_context
def export_parquet_command(ctx: click.Context, out: str) -> None:
    """Statements, actors, aliases, articles, reply links and the comparison view as
    Parquet files in OUT, for DuckDB, Polars or Spark (needs pyarrow: the parquet extra)."""
    from pathlib import Path

    from claimtrack.parquet_export import export_parquet

    with _db(ctx, readonly=True) as conn:
        report = export_parquet(conn, Path(out))
    click.echo(report.summary(), err=True)


@cli.command("metadata")
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False), help="Write to this file (default stdout)."
)
@click.pass_context
def metadata_command(ctx: click.Context, out: str | None) -> None:
    """Datasette metadata for this database: `datasette claimtrack.db -m metadata.json`."""
    from pathlib import Path

    from claimtrack.metadata import datasette_metadata, write_metadata
    from claimtrack.render import script_safe_json

    document = script_safe_json(datasette_metadata(Path(ctx.obj["db"]).stem))
    if out:
        write_metadata(Path(out), document, database=Path(ctx.obj["db"]))
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(document, nl=False)


# ---------------------------------------------------------------- curation


@cli.command()
@click.argument("response_id")
@click.argument("allegation_id")
@wait_option
@click.pass_context
def link(ctx: click.Context, response_id: str, allegation_id: str) -> None:
    """Record by hand that RESPONSE_ID replies to ALLEGATION_ID."""
    from claimtrack.db import write_transaction
    from claimtrack.store import add_manual_link

    with _db(ctx) as conn, write_transaction(conn):
        outcome = add_manual_link(conn, response_id, allegation_id)
    messages = {
        "added": "linked",
        "kept": "already linked; nothing changed",
        "confirmed": "confirmed the automatic link as manual",
    }
    click.echo(f"{response_id} → {allegation_id}: {messages[outcome]}", err=True)


@cli.command()
@click.argument("response_id")
@click.argument("allegation_id")
@wait_option
@click.pass_context
def unlink(ctx: click.Context, response_id: str, allegation_id: str) -> None:
    """Remove the link between RESPONSE_ID and ALLEGATION_ID."""
    from claimtrack.db import write_transaction
    from claimtrack.store import remove_link

    with _db(ctx) as conn, write_transaction(conn):
        origin = remove_link(conn, response_id, allegation_id)
    click.echo(f"{response_id} → {allegation_id}: removed the {origin} link", err=True)


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@wait_option
@click.pass_context
def merge(ctx: click.Context, ids: tuple[str, ...]) -> None:
    """Make the claims named by IDS (claim ids or statement ids) one claim.

    The correction is remembered: later loads never separate them again."""
    from claimtrack.claims.store import merge_claims
    from claimtrack.db import write_transaction

    if len(ids) < 2:
        raise click.UsageError("merge needs two or more claim or statement ids")
    with _db(ctx) as conn, write_transaction(conn):
        claim = merge_claims(conn, list(ids))
    click.echo(f"merged {', '.join(ids)} into claim {claim}", err=True)


@cli.command()
@click.argument("statement_id")
@wait_option
@click.pass_context
def split(ctx: click.Context, statement_id: str) -> None:
    """Take STATEMENT_ID out of its claim: it is a claim of its own, remembered so that
    later loads never group it with those appearances again."""
    from claimtrack.claims.store import split_statement
    from claimtrack.db import write_transaction

    with _db(ctx) as conn, write_transaction(conn):
        claim = split_statement(conn, statement_id)
    click.echo(f"{statement_id} is now claim {claim}", err=True)


@cli.command()
@click.argument("statement_ids", nargs=-1)
@click.option("--article", metavar="ID", help="Delete this article and every statement in it.")
@click.option("--dry-run", is_flag=True, help="Say what would be deleted, delete nothing.")
@wait_option
@click.pass_context
def delete(
    ctx: click.Context, statement_ids: tuple[str, ...], article: str | None, dry_run: bool
) -> None:
    """Delete statements (or a whole article) with their reply links and search entries.

    One transaction: an unknown id deletes nothing. Re-loading the files they came from
    brings them back.
    """
    from claimtrack.db import write_transaction
    from claimtrack.store import delete_statements

    if not statement_ids and article is None:
        raise click.UsageError("give STATEMENT_IDS to delete, or --article ID")
    with _db(ctx) as conn, write_transaction(conn):
        deleted, links = delete_statements(conn, statement_ids, article)
        if dry_run:
            conn.execute("ROLLBACK")
    what = f"{len(deleted)} statement{'s' if len(deleted) != 1 else ''} and {links} reply link"
    what += "s" if links != 1 else ""
    if article is not None:
        what = f"article {article!r}, " + what
    shown = ", ".join(deleted[:10]) + (", …" if len(deleted) > 10 else "")
    verb = "would delete" if dry_run else "deleted"
    click.echo(f"{verb} {what}" + (f": {shown}" if shown else ""), err=True)


@cli.command()
@output_options
@click.pass_context
def verify(ctx: click.Context, output) -> None:
    """Check every quote against its article's text and every date against its article.

    Exit code 1 and a list of failures when anything is off.
    """
    from claimtrack.queries import verify as verify_all

    with _db(ctx, readonly=True) as conn:
        checked, failures = verify_all(conn)
    if failures.rows or output.format != "table":
        _render(failures, output)  # a script reads "[]" or a header row when all pass
    if failures.rows:
        raise ClaimtrackError(f"{len(failures.rows)} of {checked} statements failed verification")
    click.echo(f"verified {checked} statements: every quote and date checks out", err=True)


# ---------------------------------------------------------------- automatic pairing


@cli.command("pair")
@filter_options(side="Pairs in which this side alleges or replies.")
@output_options
@click.option(
    "--window",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    metavar="DAYS",
    help="Longest time between an allegation and a reply to it.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="Propose pairs scoring at least this (0 to 1).",
)
@click.option(
    "--apply",
    "apply_links",
    is_flag=True,
    help="Store the proposals as 'auto' links; curated and manual links are never changed.",
)
@click.option(
    "--evaluate",
    "gold",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[GOLD_DIR]",
    help="Measure precision, recall and F1 against the curated links, or against a gold "
    "folder in the development set's format (loaded without links into a scratch database).",
)
@wait_option
@click.pass_context
def pair_command(
    ctx: click.Context,
    filters,
    output,
    window: int,
    min_score: float,
    apply_links: bool,
    gold: str | None,
) -> None:
    """Propose which response answers which allegation, with a score and a reason.

    Rows are compare's columns plus `score` (0 to 1) and `reason`; `link_origin` shows a
    link already stored for the pair. Review them, then --apply; `unlink` an auto link
    you disagree with and it is never proposed again. The filters select proposals as
    they select compare rows.
    """
    from claimtrack.db import write_transaction
    from claimtrack.pairing import apply_proposals, propose
    from claimtrack.pairing.proposals import PAIR_COLUMNS, PAIR_TABLE_COLUMNS
    from claimtrack.queries import proposal_rows

    if apply_links and gold is not None:
        raise click.UsageError("--apply and --evaluate do not go together")
    if gold:
        from claimtrack.pairing.evaluate import evaluate_gold

        _render_evaluation(evaluate_gold(gold, window, min_score), output)
        return
    from claimtrack.queries import check_filters

    with _db(ctx, readonly=not apply_links) as conn:
        filters = check_filters(conn, filters)
        if gold is not None:
            from claimtrack.pairing.evaluate import evaluate_links

            result = evaluate_links(conn, filters, window=window, min_score=min_score)
            _render_evaluation(result, output)
            return
        track = _progress("pairing")
        if apply_links:
            with write_transaction(conn):
                run = propose(conn, filters, window=window, min_score=min_score, progress=track)
                report = apply_proposals(conn, run)
        else:
            run = propose(conn, filters, window=window, min_score=min_score, progress=track)
        table = output.format == "table" and not output.columns
        columns = PAIR_TABLE_COLUMNS if table else PAIR_COLUMNS
        _render(proposal_rows(conn, columns), output, layout="listing")
    click.echo(run.summary, err=True)
    if apply_links:
        click.echo(report.summary(), err=True)


def _render_evaluation(result, output) -> None:
    """Figures then one row per error in a terminal; one row per article otherwise."""
    from claimtrack.pairing.evaluate import SUMMARY_COLUMNS

    if output.format == "table" and not output.reshaped:
        _render(result.figures(SUMMARY_COLUMNS), output)
        _render(result.error_rows(), output)
    else:
        _render(result.figures(), output)
    click.echo(result.summary, err=True)


# ---------------------------------------------------------------- ingestion


def _warn(warnings: list[str]) -> None:
    from claimtrack.render import visible

    for warning in warnings:
        # Ids and text from the input may hold escape codes: show them as text.
        click.echo(f"warning: {visible(warning)}", err=True)


def _render_drafts(extractions, output) -> None:
    """Drafted statements as rows; a terminal table shows the columns that fit."""
    from claimtrack.ingest import DRAFT_COLUMNS, DRAFT_TABLE_COLUMNS, draft_rows

    table = output.format == "table" and not output.columns
    columns = DRAFT_TABLE_COLUMNS if table else DRAFT_COLUMNS
    _render(draft_rows(extractions, columns), output)


def stream_options(command: Callable) -> Callable:
    """What `extract` and `ingest` share: --published, --jobs and --skip-bad."""

    @click.option(
        "--published",
        type=DateParam(),
        help="The articles' date, for relative dates; wins over a date found in the text "
        "(a JSONL record's own 'published' wins over this).",
    )
    @click.option(
        "--jobs",
        type=click.IntRange(min=1),
        help="Worker processes for extraction (default: every core). The output is the same "
        "whatever the number.",
    )
    @click.option(
        "--skip-bad", is_flag=True, help="Skip and count bad JSONL lines instead of stopping."
    )
    @functools.wraps(command)
    def wrapper(*args, jobs: int | None, **kwargs):
        from claimtrack.drafting import default_jobs

        return command(*args, jobs=jobs or default_jobs(), **kwargs)

    return wrapper


def _report_skipped(skipped) -> None:
    if skipped is not None and skipped.count:
        for message in skipped.messages:
            click.echo(f"skipped: {message}", err=True)
        click.echo(skipped.summary(), err=True)


def _drafts(setting, articles, jobs: int, skipped):
    """The drafts, warnings on stderr as they come and a progress bar in a terminal."""
    from claimtrack.ingest import extract_articles
    from claimtrack.render import rate_progress

    progress = functools.partial(rate_progress, description="extracting", stream=sys.stderr)
    for extraction in extract_articles(setting, articles, jobs, skipped, progress):
        _warn(extraction.warnings)
        yield extraction


_ARTICLES = click.Path(exists=True, allow_dash=True)


@cli.command("extract")
@click.argument("articles", nargs=-1, type=_ARTICLES)
@stream_options
@click.option(
    "--out",
    type=click.Path(),
    help="Write the bundles here: a folder (one <id>.json per article), a .jsonl file (one "
    "bundle per line) or, for one article, a .json file. With --dask: the folder for the parts.",
)
@click.option(
    "--dask",
    "scheduler",
    metavar="SCHEDULER",
    help="Extract on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for "
    "--jobs worker processes here. Needs --out.",
)
@click.option(
    "--evaluate",
    "evaluate_dir",
    is_flag=False,
    flag_value="",
    default=None,
    type=click.Path(file_okay=False),
    metavar="[GOLD_DIR]",
    help="Score extraction against gold: a development-set folder (gold/ and articles/, "
    "as eval/devset) or curated bundles (default: the bundled fixtures).",
)
@click.option(
    "--misses", is_flag=True, help="With --evaluate: list the gold missed and the drafts extra."
)
@output_options
@click.pass_context
def extract_command(
    ctx: click.Context,
    articles: tuple[str, ...],
    published,
    jobs: int,
    skip_bad: bool,
    out: str | None,
    scheduler: str | None,
    evaluate_dir: str | None,
    misses: bool,
    output,
) -> None:
    """Draft allegations and replies from raw article text, for review and `load`.

    ARTICLES are .txt files (one article each), JSONL streams of articles (one
    {id, url, title, outlet, published, text} a line; .jsonl or .jsonl.gz), folders of
    them, or - for one article on stdin. By default it prints the bundle in the load
    format (JSON; several articles: one bundle per line, JSONL, which `load` reads as it
    is). Each statement carries its `evidence`: the rule that fired and its cue words
    with their offsets. Asked for a format (--format, --csv, …) it prints the drafted
    statements as rows instead. Each bundle declares every actor it uses that the
    database (if --db exists) lacks, parents included, so it loads on its own.

    --evaluate prints recall, precision, F1, and side, role and kind accuracy per
    article and overall (`eval/devset/README.md` gives the scoring rule); with --misses,
    the gold statements missed and the drafts that match none, and the figures on stderr.
    """
    import itertools
    from pathlib import Path

    if evaluate_dir is not None:
        if articles or out:
            raise click.UsageError("--evaluate takes a folder of gold, not articles or --out")
        from claimtrack.extract import merged_registry
        from claimtrack.extract.evaluate import evaluate
        from claimtrack.fixtures import bundled_fixtures

        folder = Path(evaluate_dir) if evaluate_dir else bundled_fixtures() / "articles"
        report = evaluate(folder, merged_registry(None))
        if misses:
            _render(report.misses, output)
            click.echo(f"extraction: {report.summary()}", err=True)
        else:
            _render(report.scores, output)
        return
    if misses:
        raise click.UsageError("--misses goes with --evaluate")
    if not articles:
        raise click.UsageError(
            "give ARTICLE.txt files (or - for stdin) to extract from, or --evaluate"
        )
    from claimtrack.article_stream import Skipped
    from claimtrack.ingest import draft_setting, write_bundles
    from claimtrack.render import write_json

    if Path(ctx.obj["db"]).exists():
        with _db(ctx, readonly=True) as conn:
            setting = draft_setting(conn, published)
    else:
        setting = draft_setting(None, published)
    skipped = Skipped() if skip_bad else None
    if scheduler:
        if not out:
            raise click.UsageError("--dask writes its parts to a folder: give --out DIR")
        from claimtrack.cluster import extract_on_dask

        report = extract_on_dask(scheduler, articles, Path(out), setting, skip_bad, jobs)
        _report_skipped(report.skipped)
        click.echo(report.summary(Path(out)), err=True)
        return
    drafts = _drafts(setting, articles, jobs, skipped)
    if out and Path(out).suffix.lower() == ".jsonl":
        count = 0
        with open(out, "w", encoding="utf-8") as handle:
            for draft in drafts:
                handle.write(draft.line + "\n")
                count += 1
        _report_skipped(skipped)
        click.echo(f"wrote {count} bundles to {out}", err=True)
        return
    if out or output.chosen:
        extractions = list(drafts)
        _report_skipped(skipped)
        if out:
            written = write_bundles(extractions, Path(out))
            count = sum(len(e.bundle["statements"]) for e in extractions)
            click.echo(
                f"wrote {count} draft statements to {len(written)} bundles in {out}", err=True
            )
        if output.chosen or output.format == "table":
            _render_drafts(extractions, output)
        return
    first = list(itertools.islice(drafts, 2))
    if len(first) == 1:
        write_json(first[0].bundle, sys.stdout)
    else:  # several: one bundle per line
        for draft in itertools.chain(first, drafts):
            sys.stdout.write(draft.line + "\n")
    _report_skipped(skipped)


for _param in extract_command.params:
    if _param.name == "fmt":
        _param.help = (
            "Print the drafted statements (with --evaluate: the scores) as rows in this "
            "format. Default: no rows, the bundle as JSON (one bundle per line for several "
            "articles)."
        )


@cli.command("ingest")
@click.argument("articles", nargs=-1, required=True, type=_ARTICLES)
@stream_options
@click.option(
    "--review", is_flag=True, help="Print what would be loaded, check it, and write nothing."
)
@output_options
@wait_option
@click.pass_context
def ingest_command(
    ctx: click.Context,
    articles: tuple[str, ...],
    published,
    jobs: int,
    skip_bad: bool,
    review: bool,
    output,
) -> None:
    """Extract, load and pair articles in one step.

    ARTICLES are .txt files, JSONL streams of articles and folders of them, as for
    `extract`. Each article is drafted as `extract` would, loaded (all or nothing,
    checked as any bundle is) and the pairing engine's proposals that involve the new
    statements are stored as 'auto' links. Review them with `claimtrack compare --article ID`.
    """
    from claimtrack.article_stream import Skipped

    skipped = Skipped() if skip_bad else None
    report, extractions = _ingest(ctx, articles, published, jobs, skipped, review)
    _report_skipped(skipped)
    if review:
        _render_drafts(extractions, output)
    click.echo(report.load, err=True)
    if report.pairing:
        click.echo(report.pairing, err=True)


def _ingest(ctx: click.Context, articles, published, jobs: int, skipped, review: bool):
    from pathlib import Path

    from claimtrack.db import open_db
    from claimtrack.ingest import draft_setting, ingest, stopped_by_signals

    def drafts(setting) -> list:
        # A signal while drafting stops the worker processes too; ingest() guards the rest.
        with stopped_by_signals("ingest"):
            return list(_drafts(setting, articles, jobs, skipped))

    if review and not Path(ctx.obj["db"]).exists():
        # Nothing to write to: check against an empty database in memory.
        conn = open_db(":memory:")
        try:
            extractions = drafts(draft_setting(None, published))
            report = ingest(conn, extractions, review=True)
        finally:
            conn.close()
    else:
        with _db(ctx) as conn:
            extractions = drafts(draft_setting(conn, published))
            report = ingest(conn, extractions, review=review, progress=_progress("pairing"))
    return report, extractions

"""The commands that question the whole database: search, stats, timeline, sql and
verify."""

from __future__ import annotations

import sys

import click

from claimtrack.commands.context import _db, _render
from claimtrack.commands.options import APPEARANCES, filter_options, output_options
from claimtrack.model import ClaimtrackError


@click.command("search")
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


@click.command("stats")
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


@click.command("timeline")
@filter_options(side="Threads opened by an allegation of this side (the alleger).")
@output_options
@click.pass_context
def timeline_command(ctx: click.Context, filters, output) -> None:
    """Allegations in date order, each with its thread of replies (a tree in a terminal;
    flat rows with a `thread` column otherwise)."""
    from claimtrack.queries import timeline

    with _db(ctx, readonly=True) as conn:
        _render(timeline(conn, filters), output, layout="timeline")


@click.command("sql")
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


@click.command()
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

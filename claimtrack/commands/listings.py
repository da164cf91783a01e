"""The listing commands: compare, unanswered, allegations, responses, actors, articles
and show."""

from __future__ import annotations

import click

from claimtrack.commands.context import _db, _render
from claimtrack.commands.options import APPEARANCES, DateParam, filter_options, output_options


@click.command("compare")
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


@click.command("unanswered")
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


@click.command("allegations")
@filter_options(side="Allegations made by this side (the alleger).")
@output_options
@click.pass_context
def allegations_command(ctx: click.Context, filters, output) -> None:
    """Allegations (counter-accusations included), as statement records `load` reads back."""
    from claimtrack.queries import statements

    with _db(ctx, readonly=True) as conn:
        _render(statements(conn, filters, role="allegation"), output, layout="listing")


@click.command("responses")
@filter_options(side="Responses made by this side (the replier).")
@output_options
@click.pass_context
def responses_command(ctx: click.Context, filters, output) -> None:
    """Responses, with the allegations each replies to."""
    from claimtrack.queries import statements

    with _db(ctx, readonly=True) as conn:
        _render(statements(conn, filters, role="response"), output, layout="listing")


@click.command("actors")
@filter_options(side="Actors on this side.")
@output_options
@click.pass_context
def actors_command(ctx: click.Context, filters, output) -> None:
    """The actor registry with sides, parents and aliases."""
    from claimtrack.queries import actors

    with _db(ctx, readonly=True) as conn:
        _render(actors(conn, filters), output, layout="listing")


@click.command("articles")
@filter_options(side="Articles in which this side says something.")
@output_options
@click.pass_context
def articles_command(ctx: click.Context, filters, output) -> None:
    """Articles with their statement counts."""
    from claimtrack.queries import articles

    with _db(ctx, readonly=True) as conn:
        _render(articles(conn, filters), output, layout="listing")


@click.command("show")
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

"""Corrections by hand: link, unlink, merge, split and delete."""

from __future__ import annotations

import click

from claimtrack.commands.context import _db
from claimtrack.commands.options import wait_option


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
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


@click.command()
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

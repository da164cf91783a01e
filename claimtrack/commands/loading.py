"""`load` and `demo`: files into the database."""

from __future__ import annotations

import sys

import click

from claimtrack.commands.context import _db, _progress, _render, _warn
from claimtrack.commands.options import output_options, wait_option


@click.command()
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
@click.option(
    "--group-claims",
    is_flag=True,
    help="Group the statements into claims before returning, for a database that other "
    "programs read (otherwise the next claimtrack command does it first).",
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
    group_claims: bool,
) -> None:
    """Load bundles (.json), statements (.jsonl, .csv) and folders of them; `-` reads
    standard input (--format).

    All or nothing: every bad record is listed (up to --max-errors) and nothing is
    written. Loading the same files again changes nothing. Grouping the new statements
    into claims is left to the next claimtrack command (--group-claims does it now).
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
        report = load_paths(conn, files, dry_run, track, options, group_claims=group_claims)
    _warn(report.notes())
    click.echo(report.summary(), err=True)


@click.command()
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

"""Publishing the data: `export claimreview`, `export parquet` and `metadata`."""

from __future__ import annotations

import sys

import click

from claimtrack.cli import ClaimtrackGroup
from claimtrack.commands.context import _db
from claimtrack.commands.options import DateParam, filter_options


def _web_url(value: str, param: click.Parameter, ctx: click.Context) -> str:
    from claimtrack.claimreview import web_url

    if web_url(value) is None:
        raise click.BadParameter(f"{value!r} is not an http or https URL", ctx, param)
    return value


@click.group("export", cls=ClaimtrackGroup)
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


@click.command("metadata")
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

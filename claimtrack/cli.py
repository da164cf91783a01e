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
from claimtrack.model import REPLY_KINDS, SIDES, ClaimtrackError

FORMAT_CHOICES = ("table", "csv", "tsv", "json", "jsonl", "markdown")


class ClaimtrackGroup(click.Group):
    """Turns ClaimtrackError (and anything unexpected) into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimtrackError as exc:
            if ctx.meta.get("claimtrack.debug"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
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
@click.pass_context
def cli(ctx: click.Context, db_path: str, debug: bool) -> None:
    """Who alleged what, who answered, and what was never answered.

    claimtrack loads allegations and official responses taken from news articles into
    SQLite, pairs each allegation with Beijing's or Ottawa's reply and prints
    comparisons. Start with `claimtrack demo`.
    """
    ctx.obj = {"db": db_path}
    ctx.meta["claimtrack.debug"] = debug


def _db(ctx: click.Context, readonly: bool = False):
    from claimtrack.db import session

    return session(ctx.obj["db"], readonly=readonly)


# ---------------------------------------------------------------- shared options


def output_options(command: Callable) -> Callable:
    """--format and its shortcuts, --no-headers, --columns, --sort, --limit, --excel-safe.

    Passes `fmt` and `headers` to the command; the row-shaping options travel in the
    click context to `_render`, so every listing command gets them by this one line.
    """

    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMAT_CHOICES),
        help="Output format. Default: table on a terminal, csv when piped.",
    )
    @click.option("--csv", "as_csv", is_flag=True, help="Short for --format csv.")
    @click.option("--tsv", "as_tsv", is_flag=True, help="Short for --format tsv.")
    @click.option("--json", "as_json", is_flag=True, help="Short for --format json.")
    @click.option(
        "--no-headers", is_flag=True, help="Omit the header row (csv, tsv, table, markdown)."
    )
    @click.option("--columns", metavar="A,B,C", help="Only these columns, in this order.")
    @click.option("--sort", metavar="COLUMN[:desc]", help="Sort rows on a column.")
    @click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")
    @click.option(
        "--excel-safe",
        is_flag=True,
        help="csv/tsv: prefix cells starting with = + - @ so spreadsheets do not run them.",
    )
    @functools.wraps(command)
    def wrapper(
        *args, fmt, as_csv, as_tsv, as_json, no_headers, columns, sort, limit, excel_safe, **kwargs
    ):
        chosen = [f for f, on in (("csv", as_csv), ("tsv", as_tsv), ("json", as_json)) if on]
        if fmt:
            chosen.insert(0, fmt)
        if len(set(chosen)) > 1:
            raise click.UsageError(f"choose one output format, not {' and '.join(chosen)}")
        if not chosen:
            chosen = ["table" if sys.stdout.isatty() else "csv"]
        click.get_current_context().meta["claimtrack.shape"] = {
            "columns": [c.strip() for c in columns.split(",") if c.strip()] if columns else None,
            "sort": sort,
            "limit": limit,
            "excel_safe": excel_safe,
        }
        return command(*args, fmt=chosen[0], headers=not no_headers, **kwargs)

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


def filter_options(command: Callable) -> Callable:
    """The filters every listing command shares; passes one `filters` argument."""

    @click.option(
        "--side", type=click.Choice(SIDES), help="Keep records in which this side speaks."
    )
    @click.option(
        "--by",
        "by",
        metavar="ACTOR",
        help="Said by this actor or anyone under it (id, name or alias).",
    )
    @click.option("--against", metavar="ACTOR", help="Aimed at this actor or anyone under it.")
    @click.option("--topic", help="Topic, e.g. 'police stations'.")
    @click.option("--kind", help=f"Reply kind: {', '.join(REPLY_KINDS)} (actors: actor kind).")
    @click.option("--article", metavar="ID", help="Only this article.")
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
        from claimtrack.queries import Filters

        filters = Filters(side, by, against, topic, kind, article, since, until)
        return command(*args, filters=filters, **kwargs)

    return wrapper


def _progress(description: str) -> Callable:
    """A function that wraps a sequence in a progress bar on stderr (only in a terminal)."""
    from claimtrack.render import progress

    return functools.partial(progress, description=description, stream=sys.stderr)


def _render(result, fmt: str, headers: bool, layout: str = "") -> None:
    """Shape the rows as --columns/--sort/--limit ask, then print them in `fmt`."""
    from claimtrack.render import render, reshape

    shape = click.get_current_context().meta.get("claimtrack.shape", {})
    if shape.get("columns") or shape.get("sort") or shape.get("limit") is not None:
        try:
            result = reshape(result, shape.get("columns"), shape.get("sort"), shape.get("limit"))
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        if layout in ("compare", "thread", "timeline", "unanswered") and fmt == "table":
            layout = "" if shape.get("columns") else layout
    render(
        result,
        fmt,
        sys.stdout,
        headers=headers,
        layout=layout,
        excel_safe=shape.get("excel_safe", False),
    )


# ---------------------------------------------------------------- loading


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...], dry_run: bool) -> None:
    """Load bundles (.json), statements (.jsonl, .csv) and folders of them.

    All or nothing: one bad record and nothing is written. Loading the same files
    again changes nothing.
    """
    from claimtrack.load import load_paths

    with _db(ctx) as conn:
        report = load_paths(conn, paths, dry_run=dry_run, progress=_progress("loading"))
    click.echo(report.summary(), err=True)


@cli.command()
@output_options
@click.pass_context
def demo(ctx: click.Context, fmt: str, headers: bool) -> None:
    """Load the bundled fixtures (five articles) and print the comparison."""
    from claimtrack.load import bundled_fixtures, load_paths
    from claimtrack.queries import Filters, compare

    with _db(ctx) as conn:
        report = load_paths(conn, [bundled_fixtures()])
        click.echo(f"{report.summary()} (into {ctx.obj['db']})", err=True)
        _render(compare(conn, Filters()), fmt, headers, layout="compare")


# ---------------------------------------------------------------- listings


@cli.command("compare")
@filter_options
@output_options
@click.pass_context
def compare_command(ctx: click.Context, filters, fmt: str, headers: bool) -> None:
    """Each allegation beside its replies; allegations with no reply included.

    Dates filter on the allegation's date; --side and --by match the alleger or the replier.
    """
    from claimtrack.queries import compare

    with _db(ctx) as conn:
        _render(compare(conn, filters), fmt, headers, layout="compare")


@cli.command("unanswered")
@filter_options
@output_options
@click.option("--strict", is_flag=True, help="Count a no-comment as no reply.")
@click.option(
    "--as-of",
    type=DateParam(),
    help="Count days_open up to this day (default: today).",
)
@click.option(
    "--older-than", type=click.IntRange(min=0), metavar="DAYS", help="Only claims open longer."
)
@click.pass_context
def unanswered_command(
    ctx: click.Context, filters, fmt: str, headers: bool, strict: bool, as_of, older_than
) -> None:
    """Allegations the targeted side has not replied to, with the exact quote.

    days_open counts from the allegation (or, undated, its article) to --as-of;
    checked_until is the latest article in which the target's side speaks at all, i.e.
    how far the search for a reply went.
    """
    from claimtrack.queries import unanswered

    with _db(ctx) as conn:
        rows = unanswered(
            conn, filters, strict=strict, as_of=as_of.last if as_of else None, older_than=older_than
        )
        _render(rows, fmt, headers, layout="unanswered")


@cli.command("allegations")
@filter_options
@output_options
@click.pass_context
def allegations_command(ctx: click.Context, filters, fmt: str, headers: bool) -> None:
    """Allegations (counter-accusations included), as statement records `load` reads back."""
    from claimtrack.queries import statements

    with _db(ctx) as conn:
        _render(statements(conn, filters, role="allegation"), fmt, headers)


@cli.command("responses")
@filter_options
@output_options
@click.pass_context
def responses_command(ctx: click.Context, filters, fmt: str, headers: bool) -> None:
    """Responses, with the allegations each replies to."""
    from claimtrack.queries import statements

    with _db(ctx) as conn:
        _render(statements(conn, filters, role="response"), fmt, headers)


@cli.command("actors")
@filter_options
@output_options
@click.pass_context
def actors_command(ctx: click.Context, filters, fmt: str, headers: bool) -> None:
    """The actor registry with sides, parents and aliases."""
    from claimtrack.queries import actors

    with _db(ctx) as conn:
        _render(actors(conn, filters), fmt, headers)


@cli.command("articles")
@filter_options
@output_options
@click.pass_context
def articles_command(ctx: click.Context, filters, fmt: str, headers: bool) -> None:
    """Articles with their statement counts."""
    from claimtrack.queries import articles

    with _db(ctx) as conn:
        _render(articles(conn, filters), fmt, headers)


@cli.command("show")
@click.argument("statement_id")
@output_options
@click.pass_context
def show(ctx: click.Context, statement_id: str, fmt: str, headers: bool) -> None:
    """One allegation or response as a thread: what it answers, its replies, their replies."""
    from claimtrack.queries import thread

    with _db(ctx) as conn:
        _render(thread(conn, statement_id), fmt, headers, layout="thread")


# ---------------------------------------------------------------- analysis


@cli.command("search")
@click.argument("text")
@filter_options
@output_options
@click.pass_context
def search_command(ctx: click.Context, text: str, filters, fmt: str, headers: bool) -> None:
    """Full-text search over quotes and summaries, best match first.

    TEXT is an SQLite FTS5 query: words (all must match), "exact phrases", OR, NOT,
    prefix* . Put words with hyphens in double quotes.
    """
    from claimtrack.queries import search
    from claimtrack.render import HIGHLIGHT

    marks = HIGHLIGHT if fmt == "table" else ("", "")
    with _db(ctx) as conn:
        _render(search(conn, text, filters, marks=marks), fmt, headers)


@cli.command("stats")
@click.option(
    "--by",
    "group",
    type=click.Choice(("side", "topic", "speaker", "month", "kind")),
    default="side",
    show_default=True,
    help="Response rates per targeted side, topic, speaker or month; or reply kinds per side.",
)
@click.option("--side", type=click.Choice(SIDES), help="Keep pairs in which this side speaks.")
@click.option("--against", metavar="ACTOR", help="Only allegations aimed at this actor.")
@click.option("--topic", help="Only this topic.")
@click.option("--article", metavar="ID", help="Only this article.")
@click.option("--since", type=DateParam(), help="Allegations on or after this date.")
@click.option("--until", type=DateParam(), help="Allegations on or before this date.")
@output_options
@click.pass_context
def stats_command(
    ctx: click.Context, group: str, side, against, topic, article, since, until, fmt, headers
) -> None:
    """Response rates (answered / total, and under --strict rules), reply kinds, and the
    median and 90th-percentile lag in days from allegation to first reply.

    An allegation counts as answered when its target's side replied; answered_strict
    leaves out no-comments.
    """
    from claimtrack.queries import Filters
    from claimtrack.stats import stats

    filters = Filters(
        side=side, against=against, topic=topic, article=article, since=since, until=until
    )
    with _db(ctx) as conn:
        _render(stats(conn, filters, group=group), fmt, headers)


@cli.command("timeline")
@filter_options
@output_options
@click.pass_context
def timeline_command(ctx: click.Context, filters, fmt: str, headers: bool) -> None:
    """Allegations in date order, each with its thread of replies (a tree in a terminal;
    flat rows with a `thread` column otherwise)."""
    from claimtrack.queries import timeline

    with _db(ctx) as conn:
        _render(timeline(conn, filters), fmt, headers, layout="timeline")


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
@output_options
@click.pass_context
def sql_command(ctx: click.Context, query: str, params, fmt: str, headers: bool) -> None:
    """Run one read-only SQL query (tables: articles, actors, aliases, statements,
    reply_links; views: comparison, unanswered, unanswered_strict)."""
    from claimtrack.queries import run_sql

    with _db(ctx, readonly=True) as conn:
        _render(run_sql(conn, query, dict(params)), fmt, headers)


@cli.group("export")
def export_group() -> None:
    """Export the data for publishing."""


@export_group.command("claimreview")
@filter_options
@click.option(
    "--url-prefix",
    default="https://example.org/claims/",
    show_default=True,
    help="Review URLs are this prefix plus the allegation id.",
)
@click.option("--publisher", default="claimtrack", show_default=True, help="Author of the reviews.")
@click.option("--as-of", type=DateParam(), help="datePublished of the reviews (default today).")
@click.pass_context
def export_claimreview(ctx: click.Context, filters, url_prefix: str, publisher: str, as_of) -> None:
    """schema.org ClaimReview JSON-LD: one review per allegation, its reply status as the
    rating, the reply quotes in the body."""
    import json
    from datetime import datetime, timezone

    from claimtrack.claimreview import claim_reviews

    reviewed_on = as_of.last if as_of else datetime.now(timezone.utc).date()
    with _db(ctx) as conn:
        reviews = claim_reviews(conn, filters, url_prefix, publisher, reviewed_on)
    click.echo(json.dumps(reviews, ensure_ascii=False, indent=2))


@cli.command("metadata")
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False), help="Write to this file (default stdout)."
)
@click.pass_context
def metadata_command(ctx: click.Context, out: str | None) -> None:
    """Datasette metadata for this database: `datasette claimtrack.db -m metadata.json`."""
    import json
    from pathlib import Path

    from claimtrack.metadata import datasette_metadata

    document = json.dumps(datasette_metadata(Path(ctx.obj["db"]).stem), indent=2) + "\n"
    if out:
        Path(out).write_text(document, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(document, nl=False)


# ---------------------------------------------------------------- curation


@cli.command()
@click.argument("response_id")
@click.argument("allegation_id")
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
@click.pass_context
def unlink(ctx: click.Context, response_id: str, allegation_id: str) -> None:
    """Remove the link between RESPONSE_ID and ALLEGATION_ID."""
    from claimtrack.db import write_transaction
    from claimtrack.store import remove_link

    with _db(ctx) as conn, write_transaction(conn):
        origin = remove_link(conn, response_id, allegation_id)
    click.echo(f"{response_id} → {allegation_id}: removed the {origin} link", err=True)


@cli.command()
@output_options
@click.pass_context
def verify(ctx: click.Context, fmt: str, headers: bool) -> None:
    """Check every quote against its article's text and every date against its article.

    Exit code 1 and a list of failures when anything is off.
    """
    from claimtrack.queries import verify as verify_all

    with _db(ctx) as conn:
        checked, failures = verify_all(conn)
    if failures.rows:
        _render(failures, fmt, headers)
        raise ClaimtrackError(f"{len(failures.rows)} of {checked} statements failed verification")
    click.echo(f"verified {checked} statements: every quote and date checks out", err=True)


# ---------------------------------------------------------------- automatic pairing


@cli.command("pair")
@filter_options
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
@click.pass_context
def pair_command(
    ctx: click.Context,
    filters,
    fmt: str,
    headers: bool,
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

        _render_evaluation(ctx, evaluate_gold(gold, window, min_score), fmt, headers)
        return
    with _db(ctx) as conn:
        if gold is not None:
            from claimtrack.pairing.evaluate import evaluate_links

            result = evaluate_links(conn, filters, window=window, min_score=min_score)
            _render_evaluation(ctx, result, fmt, headers)
            return
        track = _progress("pairing")
        if apply_links:
            with write_transaction(conn):
                run = propose(conn, filters, window=window, min_score=min_score, progress=track)
                report = apply_proposals(conn, run)
        else:
            run = propose(conn, filters, window=window, min_score=min_score, progress=track)
        chosen = ctx.meta.get("claimtrack.shape", {}).get("columns")
        columns = PAIR_TABLE_COLUMNS if fmt == "table" and not chosen else PAIR_COLUMNS
        _render(proposal_rows(conn, columns), fmt, headers)
    click.echo(run.summary, err=True)
    if apply_links:
        click.echo(report.summary(), err=True)


def _render_evaluation(ctx: click.Context, result, fmt: str, headers: bool) -> None:
    """Figures then one row per error in a terminal; one row per article otherwise."""
    from claimtrack.pairing.evaluate import SUMMARY_COLUMNS

    if fmt == "table" and not any(ctx.meta.get("claimtrack.shape", {}).values()):
        _render(result.figures(SUMMARY_COLUMNS), fmt, headers)
        _render(result.error_rows(), fmt, headers)
    else:
        _render(result.figures(), fmt, headers)
    click.echo(result.summary, err=True)


# ---------------------------------------------------------------- ingestion


def _format_given(ctx: click.Context) -> bool:
    """Did the user ask for an output format (rather than get the default)?"""
    from click.core import ParameterSource

    return any(
        ctx.get_parameter_source(name) not in (None, ParameterSource.DEFAULT)
        for name in ("fmt", "as_csv", "as_tsv", "as_json")
    )


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


def _render_drafts(extractions, fmt: str, headers: bool) -> None:
    """Drafted statements as rows; a terminal table shows the columns that fit."""
    from claimtrack.ingest import DRAFT_COLUMNS, DRAFT_TABLE_COLUMNS, draft_rows

    chosen = click.get_current_context().meta.get("claimtrack.shape", {}).get("columns")
    columns = DRAFT_TABLE_COLUMNS if fmt == "table" and not chosen else DRAFT_COLUMNS
    _render(draft_rows(extractions, columns), fmt, headers)


@cli.command("extract")
@click.argument("articles", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--published",
    type=DateParam(),
    help="The articles' date, for relative dates; wins over a date found in the text.",
)
@click.option(
    "--out",
    type=click.Path(),
    help="Write the bundles here: a folder (one <id>.json per article) or, for one article, a .json file.",
)
@click.option(
    "--evaluate",
    "evaluate_dir",
    is_flag=False,
    flag_value="",
    default=None,
    type=click.Path(file_okay=False),
    metavar="[BUNDLE_DIR]",
    help="Score extraction against curated bundles (default: the bundled fixtures).",
)
@output_options
@click.pass_context
def extract_command(
    ctx: click.Context,
    articles: tuple[str, ...],
    published,
    out: str | None,
    evaluate_dir: str | None,
    fmt: str,
    headers: bool,
) -> None:
    """Draft allegations and replies from raw article text, for review and `load`.

    Writes one bundle per article in the load format (stdout by default: a bundle, or one
    bundle per line for several articles), each statement with its `evidence`: the rule
    that fired and its cue words with their offsets. Asked for a format (--format,
    --csv, …), it prints the drafted statements as rows instead. Actors the database (if
    --db exists) and the shipped registry do not know are declared in the bundle.

    --evaluate prints recall, precision and side, role, kind and date accuracy per
    article and overall, and the speed in MB/s.
    """
    import json
    from pathlib import Path

    if evaluate_dir is not None:
        if articles or out:
            raise click.UsageError("--evaluate takes a folder of bundles, not articles or --out")
        from claimtrack.extract_eval import evaluate, registry_for
        from claimtrack.load import bundled_fixtures

        folder = Path(evaluate_dir) if evaluate_dir else bundled_fixtures() / "articles"
        _render(evaluate(folder, registry_for(folder)), fmt, headers)
        return
    if not articles:
        raise click.UsageError("give ARTICLE.txt files to extract from, or --evaluate")
    from claimtrack.ingest import bundle_json, extract_files, extractor_for, write_bundles

    paths = [Path(a) for a in articles]
    if Path(ctx.obj["db"]).exists():
        with _db(ctx, readonly=True) as conn:
            extractor = extractor_for(conn)
    else:
        extractor = extractor_for(None)
    extractions = extract_files(extractor, paths, published, _progress("extracting"))
    _warn([w for e in extractions for w in e.warnings])
    if out:
        written = write_bundles(extractions, Path(out))
        count = sum(len(e.bundle["statements"]) for e in extractions)
        click.echo(f"wrote {count} draft statements to {len(written)} bundles in {out}", err=True)
    if _format_given(ctx) or (fmt == "table" and out):
        _render_drafts(extractions, fmt, headers)
    elif not out:
        if len(extractions) == 1:
            click.echo(bundle_json(extractions[0].bundle), nl=False)
        else:
            for extraction in extractions:
                click.echo(json.dumps(extraction.bundle, ensure_ascii=False))


@cli.command("ingest")
@click.argument("articles", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--published",
    type=DateParam(),
    help="The articles' date, for relative dates; wins over a date found in the text.",
)
@click.option(
    "--review", is_flag=True, help="Print what would be loaded, check it, and write nothing."
)
@output_options
@click.pass_context
def ingest_command(
    ctx: click.Context,
    articles: tuple[str, ...],
    published,
    review: bool,
    fmt: str,
    headers: bool,
) -> None:
    """Extract, load and pair articles in one step.

    Each article is drafted as `extract` would, loaded (all or nothing, checked as any
    bundle is) and the pairing engine's proposals that involve the new statements are
    stored as 'auto' links. Review them with `claimtrack compare --article ID`.
    """
    from pathlib import Path

    from claimtrack.db import open_db
    from claimtrack.ingest import extract_files, extractor_for, ingest

    paths = [Path(a) for a in articles]
    if review and not Path(ctx.obj["db"]).exists():
        # Nothing to write to: check against an empty database in memory.
        conn = open_db(":memory:")
        try:
            extractions = extract_files(extractor_for(None), paths, published)
            report = ingest(conn, extractions, review=True)
        finally:
            conn.close()
    else:
        with _db(ctx) as conn:
            extractions = extract_files(
                extractor_for(conn), paths, published, _progress("extracting")
            )
            report = ingest(conn, extractions, review=review, progress=_progress("pairing"))
    _warn([w for e in extractions for w in e.warnings])
    if review:
        _render_drafts(extractions, fmt, headers)
    click.echo(report.load, err=True)
    if report.pairing:
        click.echo(report.pairing, err=True)

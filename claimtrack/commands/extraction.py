"""`extract` and `ingest`: raw article text to drafts, and drafts into the database."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

import click

from claimtrack.commands.context import _db, _progress, _render, _warn
from claimtrack.commands.options import DateParam, output_options, wait_option


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


@click.command("extract")
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
    "--part-format",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="With --dask: write the parts as JSONL (one bundle a line) or Parquet (one bundle "
    "a row; needs pyarrow, the parquet extra). `load` reads both.",
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
    part_format: str,
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
    if part_format != "jsonl" and not scheduler:
        raise click.UsageError("--part-format goes with --dask")
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

        track = _progress("extracting on Dask (partitions)")
        report = extract_on_dask(
            scheduler, articles, Path(out), setting, skip_bad, jobs, track, part_format
        )
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


@click.command("ingest")
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

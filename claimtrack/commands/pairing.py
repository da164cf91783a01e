"""`pair`: proposing, applying and evaluating reply links."""

from __future__ import annotations

import functools

import click

from claimtrack.commands.context import _db, _progress, _render
from claimtrack.commands.options import filter_options, output_options, wait_option


@click.command("pair")
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
@click.option(
    "--dask",
    "scheduler",
    metavar="SCHEDULER",
    help="Score the blocks of articles on a Dask cluster: a scheduler address "
    "(tcp://host:8786) or 'local' for --jobs worker processes here. Same proposals.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="With --dask local: its worker processes (default: every core).",
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
    scheduler: str | None,
    jobs: int | None,
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
    if scheduler and gold is not None:
        raise click.UsageError("--dask and --evaluate do not go together")
    if jobs and scheduler != "local":
        raise click.UsageError("--jobs goes with --dask local")
    score_blocks = _dask_scorer(scheduler, jobs) if scheduler else None
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
        pairing = functools.partial(
            propose,
            conn,
            filters,
            window=window,
            min_score=min_score,
            progress=_progress("pairing"),
            score_blocks=score_blocks,
        )
        if apply_links:
            with write_transaction(conn):
                run = pairing()
                report = apply_proposals(conn, run)
        else:
            run = pairing()
        table = output.format == "table" and not output.columns
        columns = PAIR_TABLE_COLUMNS if table else PAIR_COLUMNS
        _render(proposal_rows(conn, columns), output, layout="listing")
    click.echo(run.summary, err=True)
    if apply_links:
        click.echo(report.summary(), err=True)


def _dask_scorer(scheduler: str, jobs: int | None):
    """Scores pairing's blocks on the cluster (checked before the first pass starts)."""
    from claimtrack.cluster import check_dask, score_on_dask
    from claimtrack.drafting import default_jobs

    check_dask(scheduler)
    return functools.partial(
        score_on_dask,
        scheduler=scheduler,
        workers=jobs or default_jobs(),
        progress=_progress("pairing on Dask (blocks)"),
    )


def _render_evaluation(result, output) -> None:
    """Figures then one row per error in a terminal; one row per article otherwise."""
    from claimtrack.pairing.evaluate import SUMMARY_COLUMNS

    if output.format == "table" and not output.reshaped:
        _render(result.figures(SUMMARY_COLUMNS), output)
        _render(result.error_rows(), output)
    else:
        _render(result.figures(), output)
    click.echo(result.summary, err=True)

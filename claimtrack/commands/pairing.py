"""`pair`: proposing, applying and evaluating reply links."""

from __future__ import annotations

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

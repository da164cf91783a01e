"""The options commands share, each a decorator: the output options (one `output`
argument), the filters (one `filters` argument), --wait, dates as parameters, and
shell completion of filter values from the database."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from claimtrack.model import FORMATS, REPLY_KINDS, SIDES, ClaimtrackError


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
            # Completion never groups claims a load left waiting: it must answer at once.
            with session(path or "claimtrack.db", readonly=True, catch_up=False) as conn:
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


def _root_no_pager() -> bool:
    """Was --no-pager given before the command (`claimtrack --no-pager compare`)?"""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("no_pager"))


APPEARANCES = click.option(
    "--appearances",
    is_flag=True,
    help="One row per statement (every copy of a claim) instead of one per claim.",
)

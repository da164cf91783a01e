"""What a running command shares: its database session, rows printed on stdout as the
output options ask, and progress bars and warnings on stderr."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

import click


def _db(ctx: click.Context, readonly: bool = False, create: bool = True):
    """The database for one command: read-only for commands that only read (they never
    create a file, and work on a database the user may not write); `create=False` checks
    against an empty database in memory when the file does not exist (a dry run)."""
    from claimtrack.db import session

    return session(ctx.obj["db"], readonly=readonly, create=create, wait=ctx.obj.get("wait"))


def _progress(description: str, verbose: bool = False) -> Callable:
    """A function that wraps a sequence in a progress bar on stderr (only in a terminal),
    or, `verbose`, that names each item on stderr as it starts."""
    from claimtrack.render import progress

    return functools.partial(progress, description=description, stream=sys.stderr, verbose=verbose)


def _render(result, output, layout: str = "") -> None:
    """Print the rows on stdout as the output options ask (a bad --columns or --sort is
    a usage error)."""
    try:
        output.print(result, sys.stdout, layout=layout, notes=sys.stderr)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _warn(warnings: list[str]) -> None:
    from claimtrack.render import visible

    for warning in warnings:
        # Ids and text from the input may hold escape codes: show them as text.
        click.echo(f"warning: {visible(warning)}", err=True)

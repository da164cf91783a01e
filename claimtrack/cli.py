"""The claimtrack command line: the root group and the table of its commands.

The commands live in claimtrack/commands/, one module per family, and a module is
imported only when one of its commands runs or shows its own --help: `claimtrack
--help` and `--version` import click and this file, nothing else (click's "lazy loading
of subcommands" pattern). Errors the user can fix end in one line on stderr and exit
code 1; a traceback only with --debug.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from claimtrack import __version__

#: Every command: the module and attribute that define it, and the line `claimtrack
#: --help` shows for it (given here, so that listing the commands imports none of them;
#: it becomes the command's short_help when the command is loaded).
COMMANDS: dict[str, tuple[str, str]] = {
    "load": ("loading:load", "Load bundles, statements and folders of them."),
    "demo": ("loading:demo", "Load the bundled fixtures and print the comparison."),
    "compare": ("listings:compare_command", "Each allegation claim beside its replies."),
    "unanswered": ("listings:unanswered_command", "Allegations the targeted side left unanswered."),
    "allegations": ("listings:allegations_command", "Allegations, as statement records."),
    "responses": ("listings:responses_command", "Responses, with the allegations they reply to."),
    "actors": ("listings:actors_command", "The actor registry with sides, parents and aliases."),
    "articles": ("listings:articles_command", "Articles with their statement counts."),
    "show": ("listings:show", "One statement as a thread, or every appearance of a claim."),
    "search": ("analysis:search_command", "Full-text search over quotes and summaries."),
    "stats": ("analysis:stats_command", "Response rates, reply kinds and lags."),
    "timeline": ("analysis:timeline_command", "Allegations in date order with their replies."),
    "sql": ("analysis:sql_command", "Run one read-only SQL query."),
    "verify": ("analysis:verify", "Check every quote and date against its article."),
    "export": ("export:export_group", "Export the data for publishing."),
    "metadata": ("export:metadata_command", "Datasette metadata for this database."),
    "link": ("curation:link", "Record by hand that a response replies to an allegation."),
    "unlink": ("curation:unlink", "Remove a reply link, and remember its removal."),
    "merge": ("curation:merge", "Make several claims one claim."),
    "split": ("curation:split", "Take a statement out of its claim."),
    "delete": ("curation:delete", "Delete statements or an article, with their links."),
    "pair": ("pairing:pair_command", "Propose which response answers which allegation."),
    "extract": ("extraction:extract_command", "Draft allegations and replies from article text."),
    "ingest": ("extraction:ingest_command", "Extract, load and pair articles in one step."),
}


def _db_after_command(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta["claimtrack.db"] = value  # also read by shell completion
        if isinstance(ctx.obj, dict):
            ctx.obj["db"] = value


class ClaimtrackGroup(click.Group):
    """Turns ClaimtrackError (and anything unexpected) into one line and exit code 1.

    Every command also takes --db after its name (`claimtrack compare --db x.db`), which
    wins over the one before it. A group given `lazy` (name -> ("module:attribute",
    short help), modules under claimtrack.commands) imports a command's module only when
    the command is asked for by name."""

    def __init__(self, *args: Any, lazy: dict[str, tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            where, short_help = self.lazy[cmd_name]
            module, attribute = where.split(":")
            command = getattr(importlib.import_module(f"claimtrack.commands.{module}"), attribute)
            command.short_help = short_help
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of --help, from the table for commands not imported yet."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            rows.append((name, loaded.get_short_help_str(limit) if loaded else self.lazy[name][1]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not isinstance(cmd, click.Group):
            cmd.params.append(
                click.Option(
                    ["--db"],
                    type=click.Path(dir_okay=False),
                    expose_value=False,
                    callback=_db_after_command,
                    help="Database file (as `claimtrack --db PATH COMMAND`).",
                )
            )
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
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
            self._report(ctx, exc)

    @staticmethod
    def _report(ctx: click.Context, exc: Exception) -> None:
        """One line on stderr for an error met while a command ran, and its exit code."""
        import sqlite3

        from claimtrack.model import ClaimtrackError
        from claimtrack.render import visible

        if isinstance(exc, ClaimtrackError):
            # A path or a value from the input may hold escape codes: show them as text.
            # A load lists every bad record, one line each.
            for line in str(exc).split("\n"):
                click.echo(f"Error: {visible(line)}", err=True)
            ctx.exit(getattr(exc, "exit_code", 1))
        if isinstance(exc, sqlite3.Error) and ctx.obj:
            from claimtrack.db import describe_fault

            # A fault of the disk or the file met mid-command (disk full, ulimit -f).
            click.echo(f"Error: {describe_fault(exc, ctx.obj['db'])}", err=True)
            ctx.exit(1)
        click.echo(
            f"Error: unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)",
            err=True,
        )
        ctx.exit(1)


@click.group(cls=ClaimtrackGroup, lazy=COMMANDS)
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
@click.option(
    "--no-pager", is_flag=True, help="Never page long output ($PAGER, `less` by default)."
)
@click.pass_context
def cli(ctx: click.Context, db_path: str, debug: bool, no_pager: bool) -> None:
    """Who alleged what, who answered, and what was never answered.

    claimtrack loads allegations and official responses taken from news articles into
    SQLite, pairs each allegation with Beijing's or Ottawa's reply and prints
    comparisons. Start with `claimtrack demo`.
    """
    ctx.obj = {"db": db_path}
    ctx.meta["claimtrack.debug"] = debug

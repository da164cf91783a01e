"""The command line's shape: every command listed, every command's own help, and a
start-up that imports no command it does not run."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from claimtrack.cli import COMMANDS, cli

#: What the old, eager command line listed (a command added later is added here too).
EVERY_COMMAND = {
    "actors", "allegations", "articles", "compare", "delete", "demo", "export", "extract",
    "ingest", "link", "load", "merge", "metadata", "pair", "responses", "search", "show",
    "split", "sql", "stats", "timeline", "unanswered", "unlink", "verify",
}  # fmt: skip


def listed_commands(help_text: str) -> dict[str, str]:
    """The Commands section of a --help page: name -> short help."""
    section = help_text.split("Commands:\n", 1)[1]
    return dict(line.strip().split(None, 1) for line in section.splitlines() if line.strip())


def test_help_lists_every_command_with_its_short_help():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = listed_commands(result.stdout)
    assert set(listed) == EVERY_COMMAND == set(COMMANDS)
    assert listed["unanswered"] == "Allegations the targeted side left unanswered."
    assert all(not text.endswith("...") for text in listed.values())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_its_own_help_naming_its_options(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {name} ")
    command = cli.get_command(click.Context(cli), name)
    assert command.short_help == COMMANDS[name][1]
    if not isinstance(command, click.Group):
        assert "--db FILE" in result.stdout  # every command takes --db after its name
        assert command.help.split()[0] in result.stdout  # its docstring, in full


@pytest.mark.parametrize("name", ["claimreview", "parquet"])
def test_export_subcommands_have_their_help(name):
    result = CliRunner().invoke(cli, ["export", name, "--help"])
    assert result.exit_code == 0 and "--db FILE" in result.stdout


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["comapre"])
    assert result.exit_code == 2 and "No such command 'comapre'" in result.stderr


def imported_after(*args: str) -> set[str]:
    """The claimtrack modules a fresh interpreter has imported after running the CLI."""
    code = (
        "import sys\nfrom claimtrack.cli import cli\n"
        f"try:\n    cli({list(args)!r})\nexcept SystemExit:\n    pass\n"
        "print(*(m for m in sys.modules if m.startswith('claimtrack')), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(done.stderr.splitlines()[-1].split())


def test_help_and_version_import_no_command_module():
    for args in (["--help"], ["--version"]):
        imported = imported_after(*args)
        assert imported == {"claimtrack", "claimtrack.cli"}, imported


def test_a_command_imports_only_its_own_family(tmp_path):
    imported = imported_after("--db", str(tmp_path / "x.db"), "link", "--help")
    assert "claimtrack.commands.curation" in imported
    assert not imported & {"claimtrack.commands.listings", "claimtrack.commands.extraction"}

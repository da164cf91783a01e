"""Hostile text on its way out: escape codes never reach a terminal, CSV rows never
break and formulas stay text, published JSON-LD can sit inside a script tag.

The text comes in through an ordinary load, as it would from a scraper or a colleague.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import query, write_jsonl

QUOTE = "including three in the Greater Toronto Area"
ESCAPES = (
    "\x1b]0;owned\x07",  # retitles the window
    "\x1b[2J",  # clears the screen
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m",  # the one-byte C1 form of ESC [
    "\rfake line",  # returns to the start of the line and writes over it
)
HOSTILE_SUMMARY = "Summary " + " ".join(ESCAPES)


@pytest.fixture
def hostile(run, loaded, tmp_path):
    """An actor, an article and two statements full of terminal escapes."""
    text = query(loaded, "SELECT text FROM articles WHERE id = '001'")[0][0]
    assert QUOTE in text
    bundle = {
        "article": {
            "id": "evil\x1b[2J",
            "title": "Title \x1b]0;owned\x07",
            "outlet": "Outlet \x1b[2J",
            "url": "javascript:alert(1)",
            "published": "2023-03-10",
            "text": "Esc \x1b[2J quote. " + QUOTE,
        },
        "actors": [
            {"id": "esc-actor", "name": "Name \x1b]0;owned\x07", "side": "ottawa", "aliases": []}
        ],
        "statements": [
            {
                "id": "esc-1",
                "article": "001",
                "role": "allegation",
                "speaker": "esc-actor",
                "target": "china",
                "topic": "escapes",
                "summary": HOSTILE_SUMMARY,
                "quote": QUOTE,
            },
            {
                "id": "esc-2",
                "article": "001",
                "role": "response",
                "kind": "denial",
                "speaker": "china",
                "topic": "escapes",
                "summary": "Reply \x1b[2J",
                "quote": QUOTE,
                "replies_to": ["esc-1"],
            },
        ],
    }
    path = tmp_path / "escapes.json"
    path.write_text(json.dumps(bundle), "utf-8")
    result = run("load", str(path))
    assert result.exit_code == 0, result.stderr
    return loaded


TABLE_COMMANDS = (
    ("compare", "--topic", "escapes"),
    ("show", "esc-1"),
    ("show", "esc-2"),
    ("timeline", "--topic", "escapes"),
    ("articles",),
    ("search", "summary"),
    ("actors",),
    ("allegations", "--topic", "escapes"),
    ("sql", "select summary, summary as x_side from statements where id = 'esc-1'"),
)


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=lambda a: a[0])
def test_tables_show_escape_codes_as_visible_text(run, hostile, args):
    result = run(*args, "--format", "table")
    assert result.exit_code == 0, result.stderr
    # Not a terminal here, so rich adds no codes of its own: any ESC came from the data.
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    assert "\x07" not in result.stdout and "\r" not in result.stdout
    if args[0] not in ("articles", "actors", "unanswered"):
        assert r"\x1b[2J" in result.stdout.replace("\n", "")


def test_a_real_terminal_gets_only_claimtracks_own_colour_codes(hostile, tmp_path):
    """Under a pseudo-terminal, rich colours the output: the only escapes left are
    SGR colour codes (ESC [ ... m), none from the data."""
    script = shutil.which("script")
    if script is None:
        pytest.skip("no script(1) to provide a pseudo-terminal")
    command = f"{sys.executable} -m claimtrack --db {hostile} compare --topic escapes"
    result = subprocess.run(
        [script, "-qec", command, "/dev/null"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm", "COLUMNS": "200"},
    )
    output = result.stdout.decode("utf-8", "replace")
    assert result.returncode == 0, output
    assert "Summary" in output
    leftover = re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert "\x1b" not in leftover and "\x07" not in leftover


def test_rich_markup_in_data_is_not_interpreted(run, hostile):
    link = "[link=https://evil.example]click[/link]"
    for sql in (f"select '{link}' as side", f"select 1 as '{link}'"):
        result = run("sql", sql, "--format", "table")
        assert result.exit_code == 0, result.stderr
        assert "[link=https://evil.example]" in result.stdout.replace("\n", "")


def test_an_error_message_shows_escape_codes_as_text(run, hostile, tmp_path):
    result = run("show", "nope\x1b[2J")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    result = run("load", str(tmp_path / "title\x1b]0;owned\x07.json"))
    assert result.exit_code == 1
    assert result.stderr.endswith("title\\x1b]0;owned\\x07.json: no such file or folder\n")


def test_a_warning_shows_escape_codes_as_text(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    stream = tmp_path / "articles.jsonl"
    stream.write_text(json.dumps({"id": "a\x1b]0;owned\x07", "text": "No date here."}) + "\n")
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "x.db"), "extract", "--jobs", "1", str(stream)]
    )
    assert "warning: a\\x1b]0;owned\\x07" in result.stderr
    assert "\x1b" not in result.stderr


# ---------------------------------------------------------------- CSV


@pytest.fixture
def formulas(run, loaded, tmp_path):
    records = [
        {
            "id": f"f-{i}",
            "article": "001",
            "role": "allegation",
            "speaker": "rcmp",
            "target": "china",
            "quote": QUOTE,
            "topic": "formula",
            "summary": summary,
        }
        for i, summary in enumerate(
            [
                "ok\r=cmd|' /C calc'!A0",
                "two\nlines",
                "\t=1+1",
                "\r=1+1",
                '=HYPERLINK("http://evil")',
                'comma, and "quotes"',
            ]
        )
    ]
    assert run("load", str(write_jsonl(tmp_path / "f.jsonl", records))).exit_code == 0
    return records


def _summaries_back(text: str) -> list[str]:
    return [row["summary"] for row in csv.DictReader(io.StringIO(text, newline=""))]


def test_csv_reads_back_the_same_cells_with_the_csv_module(run, formulas):
    result = run("allegations", "--topic", "formula", "--csv")
    assert _summaries_back(result.stdout) == [r["summary"] for r in formulas]
    assert result.stdout.endswith("\n") and not result.stdout.endswith("\r\n")


def test_excel_safe_defuses_cells_starting_with_tab_or_carriage_return(run, formulas):
    result = run("allegations", "--topic", "formula", "--csv", "--excel-safe")
    back = _summaries_back(result.stdout)
    assert len(back) == len(formulas)
    assert back[0] == "ok\r=cmd|' /C calc'!A0"  # one cell, not a second row
    assert back[2:5] == ["'\t=1+1", "'\r=1+1", '\'=HYPERLINK("http://evil")']
    for line in result.stdout.split("\n")[1:]:
        assert not line.startswith(("=", "+", "-", "@")), line


def test_csv_reads_back_the_same_cells_with_csvkit(run, formulas, tmp_path):
    """csvkit reads files with universal newlines, so a carriage return inside a quoted
    cell comes back as a newline: the cells and rows are otherwise the same."""
    csvjson = shutil.which("csvjson", path=str(Path(sys.executable).parent))
    if csvjson is None:
        pytest.skip("csvkit is not installed (pip install -e '.[test]')")
    path = tmp_path / "out.csv"
    path.write_bytes(run("allegations", "--topic", "formula", "--csv").stdout_bytes)
    converted = subprocess.run(
        [csvjson, "--no-inference", str(path)], capture_output=True, text=True
    )
    assert converted.returncode == 0, converted.stderr
    assert [r["summary"] for r in json.loads(converted.stdout)] == [
        r["summary"].replace("\r", "\n") for r in formulas
    ]


# ---------------------------------------------------------------- published output


def test_claimreview_can_sit_inside_a_script_tag(run, loaded, tmp_path):
    text = query(loaded, "SELECT text FROM articles WHERE id = '001'")[0][0]
    bundle = {
        "article": {
            "id": "x</script>",
            "title": "</script><script>alert(1)</script>",
            "outlet": "A & B <i>",
            "url": "javascript:alert(1)",
            "published": "2023-03-10",
            "text": text,
        },
        "statements": [
            {
                "id": "a/../b?c=<d>#e",
                "article": "x</script>",
                "role": "allegation",
                "speaker": "rcmp",
                "target": "china",
                "quote": QUOTE,
                "topic": "script",
            }
        ],
    }
    path = tmp_path / "script.json"
    path.write_text(json.dumps(bundle), "utf-8")
    assert run("load", str(path)).exit_code == 0
    result = run("export", "claimreview", "--topic", "script", "--as-of", "2025-01-01")
    assert result.exit_code == 0, result.stderr
    for raw in ("<", ">", "&"):
        assert raw not in result.stdout
    (review,) = json.loads(result.stdout)
    assert review["itemReviewed"]["appearance"]["headline"] == bundle["article"]["title"]
    assert "url" not in review["itemReviewed"]["appearance"]
    assert review["url"] == "https://example.org/claims/a%2F..%2Fb%3Fc%3D%3Cd%3E%23e"


def test_claimreview_refuses_a_url_prefix_that_is_not_http(run, loaded):
    result = run("export", "claimreview", "--url-prefix", "javascript:alert(1)//")
    assert result.exit_code == 2
    assert "http" in result.stderr


def test_metadata_can_sit_inside_a_script_tag(run, tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    db = tmp_path / "x<script>&.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "metadata"])
    assert result.exit_code == 0, result.stderr
    assert "<" not in result.stdout and "&" not in result.stdout
    assert "x<script>&" in json.loads(result.stdout)["databases"]


def test_metadata_never_overwrites_a_database(run, loaded, tmp_path):
    before = loaded.read_bytes()
    result = run("metadata", "-o", str(loaded))
    assert result.exit_code == 1
    assert "a SQLite database; metadata will not overwrite it" in result.stderr
    other = tmp_path / "other.sqlite"
    other.write_bytes(before)
    assert run("metadata", "-o", str(other)).exit_code == 1
    assert loaded.read_bytes() == before and other.read_bytes() == before
    written = tmp_path / "metadata.json"
    assert run("metadata", "-o", str(written)).exit_code == 0
    assert json.loads(written.read_text("utf-8"))["title"] == "claimtrack"

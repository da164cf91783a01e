"""Reply threads of any depth and with cycles: walked without recursion, each statement
expanded once, a cycle shown where it closes, and nothing left out of `timeline`."""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_jsonl

from claimtrack.cli import cli

QUOTE = "including three in the Greater Toronto Area"
#: The tests run under a recursion limit of LIMIT frames and the thread is DEPTH deep, so
#: anything that walks or prints a thread by recursion fails here, as it would past
#: Python's default limit of 1000 in a user's run (a lower limit, a shorter thread: the
#: same test at a third of the rows to print).
LIMIT = 400
DEPTH = 600


@pytest.fixture(autouse=True)
def recursion_limit():
    default = sys.getrecursionlimit()
    sys.setrecursionlimit(LIMIT)
    yield
    sys.setrecursionlimit(default)


def counter(statement_id: str, answers: str, speaker: str, target: str) -> dict:
    return {
        "id": statement_id,
        "article": "001",
        "role": "response",
        "kind": "counter-accusation",
        "speaker": speaker,
        "target": target,
        "topic": "chain",
        "quote": QUOTE,
        "replies_to": [answers],
    }


@pytest.fixture(scope="module")
def deep_db(fixtures_db, tmp_path_factory) -> Path:
    """The curated articles and an allegation answered by a counter-accusation, answered
    by another, DEPTH deep: built once, read by every test through a copy (`deep`)."""
    folder = tmp_path_factory.mktemp("deep")
    db = folder / "deep.db"
    shutil.copyfile(fixtures_db, db)
    records = [
        {
            "id": "chain-0",
            "article": "001",
            "role": "allegation",
            "speaker": "rcmp",
            "target": "china",
            "topic": "chain",
            "quote": QUOTE,
        }
    ]
    for n in range(1, DEPTH + 1):
        speaker, target = ("china", "canada") if n % 2 else ("canada", "china")
        records.append(counter(f"chain-{n}", f"chain-{n - 1}", speaker, target))
    chain = write_jsonl(folder / "chain.jsonl", records)
    result = CliRunner().invoke(cli, ["--db", str(db), "load", str(chain)])
    assert result.exit_code == 0, result.stderr
    return db


@pytest.fixture
def deep(deep_db, db_path) -> Path:
    shutil.copyfile(deep_db, db_path)
    return db_path


@pytest.fixture
def loop(run, loaded, tmp_path):
    """Two counter-accusations that answer only each other."""
    records = [
        counter("loop-a", "loop-b", "china", "canada"),
        counter("loop-b", "loop-a", "canada", "china"),
    ]
    result = run("load", str(write_jsonl(tmp_path / "loop.jsonl", records)))
    assert result.exit_code == 0, result.stderr
    return loaded


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("fmt", ["--csv", "--json"])
def test_show_walks_a_thread_deeper_than_pythons_recursion_limit(run, deep, fmt):
    result = run("show", "chain-0", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "--csv":
        found = rows(result.stdout)
        assert [r["id"] for r in found] == [f"chain-{n}" for n in range(DEPTH + 1)]
        assert found[-1]["depth"] == str(DEPTH)


def test_show_and_timeline_print_a_deep_thread_as_a_table(run, deep):
    for args in (("show", "chain-0"), ("timeline", "--topic", "chain")):
        result = run(*args, "--format", "table")
        assert result.exit_code == 0, result.stderr
        assert f"chain-{DEPTH}" in result.stdout


def test_timeline_walks_a_deep_thread(run, deep):
    result = run("timeline", "--topic", "chain", "--csv")
    assert result.exit_code == 0, result.stderr
    assert len(rows(result.stdout)) == DEPTH + 1


def test_counter_accusations_answering_only_each_other_appear_in_timeline(run, loop):
    compare = rows(run("compare", "--topic", "chain", "--csv").stdout)
    assert {r["allegation_id"] for r in compare} == {"loop-a", "loop-b"}
    found = rows(run("timeline", "--topic", "chain", "--csv").stdout)
    assert {r["id"] for r in found} == {"loop-a", "loop-b"}
    assert [r["relation"] for r in found] == ["statement", "reply", "cycle"]
    assert found[0]["id"] == found[2]["id"] == found[0]["thread"]


def test_show_marks_where_a_cycle_closes(run, loop):
    found = rows(run("show", "loop-a", "--csv").stdout)
    assert [(r["relation"], r["id"]) for r in found] == [
        ("answers", "loop-b"),
        ("statement", "loop-a"),
        ("reply", "loop-b"),
        ("cycle", "loop-a"),
    ]
    table = run("show", "loop-a", "--format", "table")
    assert table.exit_code == 0 and "shown above" in table.stdout

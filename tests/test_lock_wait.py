"""Waiting behind another writer: said on stderr, bounded by --wait, ended by Ctrl-C with
nothing written."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import query, write_jsonl

RECORD = {
    "id": "wait-1",
    "article": "001",
    "role": "allegation",
    "speaker": "rcmp",
    "target": "china",
    "quote": "including three in the Greater Toronto Area",
}


@pytest.fixture
def held(loaded):
    """Another process's write transaction on the database, held until the test ends."""
    other = sqlite3.connect(loaded, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield loaded
    other.execute("ROLLBACK")
    other.close()


pytestmark = pytest.mark.slow


def start(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_until(stream, text: str, seconds: float) -> str:
    """Lines from `stream` until one holds `text` (or the time is up)."""
    seen = ""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = stream.readline()
        seen += line
        if text in line or not line:
            break
    return seen


def test_a_waiting_load_says_what_it_waits_for_and_ctrl_c_ends_it(held, tmp_path):
    path = write_jsonl(tmp_path / "new.jsonl", [RECORD])
    process = start(held, "load", str(path), "--wait", "120")
    try:
        said = read_until(process.stderr, "waiting", 10)
        assert f"waiting for another process writing to {held}" in said
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=20)[1]
    finally:
        process.kill()
    assert time.monotonic() - started < 5
    assert process.returncode == 130
    assert "nothing was written" in rest and "Traceback" not in rest


def test_wait_bounds_the_wait(held, tmp_path):
    path = write_jsonl(tmp_path / "new.jsonl", [RECORD])
    started = time.monotonic()
    process = start(held, "load", str(path), "--wait", "1")
    _, err = process.communicate(timeout=60)
    assert time.monotonic() - started < 30
    assert process.returncode == 1
    assert f"{held}: still busy after 1 second" in err and "nothing was written" in err


def test_link_waits_as_load_does(held):
    process = start(held, "link", "000-r1", "000-a2", "--wait", "0.5")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "still busy after 0.5 seconds" in err


def test_the_load_lands_once_the_other_writer_finishes(loaded, tmp_path):
    path = write_jsonl(tmp_path / "new.jsonl", [RECORD])
    other = sqlite3.connect(loaded, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    process = start(loaded, "load", str(path))
    said = read_until(process.stderr, "waiting", 10)
    assert "waiting for another process" in said
    other.execute("ROLLBACK")
    other.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert query(loaded, "SELECT count(*) FROM statements WHERE id = 'wait-1'") == [(1,)]

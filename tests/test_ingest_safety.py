"""`ingest` is one transaction, leaves no temporary file behind whatever stops it, and
changes nothing when run again on the same articles."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, query

DEVSET = ROOT / "eval" / "devset" / "articles"


@pytest.fixture
def articles(tmp_path) -> list[str]:
    folder = tmp_path / "articles"
    shutil.copytree(DEVSET, folder)
    return [str(p) for p in sorted(folder.glob("*.txt"))]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    return {
        table: query(db, f"SELECT * FROM {table} ORDER BY 1, 2")
        for table in ("articles", "actors", "aliases", "statements", "reply_links")
    }


def test_ingesting_the_same_articles_twice_changes_nothing_the_second_time(run, db_path, articles):
    first = run("ingest", *articles)
    assert first.exit_code == 0, first.stderr
    before = snapshot(db_path)
    assert before["statements"] and before["reply_links"]
    again = run("ingest", *articles)
    assert again.exit_code == 0, again.stderr
    assert snapshot(db_path) == before
    assert again.stderr.splitlines()[-1] == (
        "30 articles already in the database with the same text left as they are"
    )


def test_a_failure_while_pairing_writes_nothing(run, db_path, articles, monkeypatch):
    import claimtrack.pairing

    def broken(*args, **kwargs):
        raise claimtrack.model.ClaimtrackError("pairing failed on purpose")

    run("load", str(ROOT / "fixtures" / "actors.json"))
    before = snapshot(db_path)
    monkeypatch.setattr(claimtrack.pairing, "propose", broken)
    result = run("ingest", *articles)
    assert result.exit_code == 1
    assert snapshot(db_path) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "after"),
    [(signal.SIGTERM, 1.0), (signal.SIGTERM, 2.5), (signal.SIGINT, 1.5), (signal.SIGHUP, 2.0)],
)
def test_a_signal_during_ingest_leaves_all_or_nothing_and_no_temporary_files(
    tmp_path, articles, signum, after
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    complete = tmp_path / "complete.db"
    reference = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", str(complete), "ingest", *articles],
        capture_output=True,
        text=True,
    )
    assert reference.returncode == 0, reference.stderr
    db = tmp_path / "stopped.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "--db", str(db), "ingest", *articles],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        time.sleep(after)
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert "Traceback" not in err
    assert list(scratch.iterdir()) == []
    # All or nothing: the signal came after the commit (the process may still end by
    # it), or nothing of the ingest is in the database.
    if db.exists() and query(db, "SELECT count(*) FROM statements") != [(0,)]:
        assert snapshot(db) == snapshot(complete)
        return
    assert process.returncode != 0
    assert query(db, "SELECT count(*) FROM reply_links") == [(0,)] if db.exists() else True
    # Stopped while loading or pairing it says so; while drafting, before any write, a
    # Ctrl-C is click's "Aborted!" and a SIGTERM ends the process as usual.
    assert "nothing was written" in err or process.returncode in (
        1,
        -signal.SIGTERM,
        -signal.SIGHUP,
    )

"""Crash safety and concurrency, with real processes against real database files.

A load killed with SIGKILL at any point of its progress leaves the database exactly as before or exactly
as after; two loads at once both land; a reader during a write sees one consistent
snapshot. The loads run as `python -m claimtrack` subprocesses, as a user's would.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, query

from claimtrack.db import SCHEMA_VERSION
from claimtrack.synth import write_corpus

pytestmark = pytest.mark.slow


def claimtrack(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimtrack", *args]


def state(db: Path) -> tuple[int, ...]:
    """Row counts of every table, after checking the file's integrity and the search index."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')")
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "actors", "aliases", "statements", "reply_links")
        )
    finally:
        conn.close()


def copy_db(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    """A database holding the curated fixtures (checkpointed into one file), two synthetic
    corpora with ids of their own, and the counts before and after loading the first."""
    folder = tmp_path_factory.mktemp("crash")
    base = folder / "base.db"
    subprocess.run(claimtrack("--db", str(base), "load", str(FIXTURES)), check=True)
    conn = sqlite3.connect(base)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    one, two = folder / "one", folder / "two"
    write_corpus(one, 4000, 11, ("bundles", "jsonl"), prefix="one")
    write_corpus(two, 3000, 12, ("jsonl",), prefix="two")
    after = copy_db(base, folder / "after.db")
    loaded = subprocess.run(
        claimtrack(
            "--db", str(after), "load", str(one / "actors.json"), str(one / "bundles"), "-v"
        ),
        check=True,
        capture_output=True,
        text=True,
    )
    progress = loaded.stderr.splitlines()
    assert progress[0].startswith("loading 1/") and progress[-1].startswith("loaded ")
    assert len(progress) > 400
    return {
        "folder": folder,
        "base": base,
        "one": one,
        "two": two,
        "before": state(base),
        "after": state(after),
        "files": len(progress) - 1,
        "progress": progress[:-1],
    }


#: The load's stderr pipe holds this many bytes (the smallest Linux allows): a load that
#: runs ahead of the test's reading blocks after about 40 lines of progress.
PIPE_BYTES = 4096


def killed_after(db: Path, args: tuple[str, ...], lines: int) -> None:
    """Run a verbose load and SIGKILL it once it has printed `lines` lines on stderr (one
    per file it reaches, then the summary once it has committed). Its stderr is a pipe
    of PIPE_BYTES, so when the kill comes the load is at most that far past the point."""
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    process = subprocess.Popen(
        claimtrack("--db", str(db), *args, "--verbose"),
        stdout=subprocess.DEVNULL,
        stderr=write,
    )
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as progress:
        for _ in range(lines):
            assert progress.readline(), "the load ended before the kill point"
        process.send_signal(signal.SIGKILL)
        process.wait()


def test_a_load_killed_at_any_point_of_its_progress_leaves_before_or_after(corpus, tmp_path):
    """Kill points come from the load's own progress, not from the clock: after it
    reached the first file, files across the load, and after it reported the commit."""
    db = tmp_path / "trial.db"
    args = ("load", str(corpus["one"] / "actors.json"), str(corpus["one"] / "bundles"))
    files = corpus["files"]
    ahead = PIPE_BYTES // min(len(line) for line in corpus["progress"])
    for reached in (1, 2, files // 4, files // 2, files - 2 * ahead):
        copy_db(corpus["base"], db)
        killed_after(db, args, reached)
        assert state(db) == corpus["before"], f"killed after file {reached}"
    copy_db(corpus["base"], db)
    killed_after(db, args, files + 1)  # the summary, printed once the load committed
    assert state(db) == corpus["after"]
    # A killed database is a working one: loading again completes the load.
    copy_db(corpus["base"], db)
    killed_after(db, args, files // 2)
    subprocess.run(claimtrack("--db", str(db), *args), check=True, capture_output=True)
    assert state(db) == corpus["after"]


def both_loads(db: Path, corpus: dict) -> list[tuple[subprocess.Popen, str]]:
    """Start loading corpus one (bundles) and corpus two (articles and JSONL) into `db` at
    the same moment; each process once it ended, with its stderr."""
    one, two = corpus["one"], corpus["two"]
    loads = [
        subprocess.Popen(
            claimtrack("--db", str(db), "load", str(one / "actors.json"), str(one / "bundles")),
            stderr=subprocess.PIPE,
            text=True,
        ),
        subprocess.Popen(
            claimtrack(
                "--db",
                str(db),
                "load",
                str(two / "actors.json"),
                str(two / "articles"),
                str(two / "statements.jsonl"),
            ),
            stderr=subprocess.PIPE,
            text=True,
        ),
    ]
    return [(process, process.communicate(timeout=120)[1]) for process in loads]


def test_two_loads_of_different_files_at_once_both_land(corpus, tmp_path):
    for trial in range(3):
        db = copy_db(corpus["base"], tmp_path / f"both{trial}.db")
        for process, err in both_loads(db, corpus):
            assert process.returncode == 0, err
            assert "locked" not in err
        counts = state(db)
        assert counts[3] == corpus["before"][3] + 4000 + 3000


def test_two_loads_creating_the_same_new_database_both_land(corpus, tmp_path):
    """Both commands find no file, both open it: one makes the schema, the other waits
    for it and finds nothing left to make, and both loads land."""
    for trial in range(3):
        db = tmp_path / f"new{trial}.db"
        for process, err in both_loads(db, corpus):
            assert process.returncode == 0, err
            assert "upgraded" not in err
        assert state(db)[3] == 4000 + 3000
        assert query(db, "SELECT count(*) FROM _sqlite_migrations") == [(SCHEMA_VERSION,)]


def test_a_reader_during_a_load_sees_one_consistent_snapshot(corpus, tmp_path):
    db = copy_db(corpus["base"], tmp_path / "read.db")
    one = corpus["one"]
    before, after = corpus["before"], corpus["after"]
    process = subprocess.Popen(
        claimtrack("--db", str(db), "load", str(one / "actors.json"), str(one / "bundles")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen = set()
    reads = 0
    reader = sqlite3.connect(db, isolation_level=None, timeout=10)
    try:
        while process.poll() is None or reads < 3:
            reader.execute("BEGIN")
            first = tuple(
                reader.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "actors", "aliases", "statements", "reply_links")
            )
            time.sleep(0.02)
            again = tuple(
                reader.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "actors", "aliases", "statements", "reply_links")
            )
            reader.execute("COMMIT")
            assert first == again  # one snapshot for the whole read transaction
            assert first in (before, after), first
            seen.add(first)
            reads += 1
        process.wait()
        # The same reader connection, once the load has committed, sees all of it.
        last = tuple(
            reader.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "actors", "aliases", "statements", "reply_links")
        )
    finally:
        reader.close()
        process.wait()
    assert process.returncode == 0
    assert seen <= {before, after}
    assert last == after
    assert state(db) == after


def test_a_failed_load_leaves_the_wal_database_untouched(corpus, tmp_path):
    """The last statement is bad: thousands of rows were written inside the transaction
    before it, and all of them roll back."""
    db = copy_db(corpus["base"], tmp_path / "bad.db")
    lines = (corpus["two"] / "statements.jsonl").read_text("utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    last = lines[0].replace('"id": "', '"id": "late-').replace('"role": "', '"role": "x')
    bad.write_text("\n".join([*lines, last]) + "\n")
    result = subprocess.run(
        claimtrack(
            "--db",
            str(db),
            "load",
            str(corpus["two"] / "actors.json"),
            str(corpus["two"] / "articles"),
            str(bad),
        ),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{bad}:{len(lines) + 1}: field 'role'" in result.stderr
    assert state(db) == corpus["before"]
    assert os.path.getsize(db) == os.path.getsize(corpus["base"])

"""Shared test fixtures: real database files in tmp_path, the real CLI through CliRunner."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

#: Is this the quick run, `pytest -m "not slow"`? Then property tests try a fifth of their
#: examples (`examples`, and the "quick" hypothesis profile for the others); the full run,
#: `pytest` as CI runs it, tries them all.
QUICK_RUN = {"on": False}


#: Memory-backed scratch space for the tests' databases, where the machine has it.
SHARED_MEMORY = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import settings

    # The tests' SQLite files live in memory when they can (unless TMPDIR or --basetemp
    # says where): every commit and checkpoint syncs the file to disk, and on a virtual
    # disk those waits took longer than the tests' own work (quick run: 56 s against
    # 35 s on a busy machine). No test needs the disk: the crash tests kill claimtrack
    # (SIGKILL), which loses no write the kernel has, on disk or in memory.
    if (
        not config.option.basetemp
        and "TMPDIR" not in os.environ
        and os.access(SHARED_MEMORY, os.W_OK | os.X_OK)
    ):
        tempfile.tempdir = str(SHARED_MEMORY)
    settings.register_profile("quick", max_examples=20)
    if "not slow" in (config.getoption("markexpr") or ""):
        QUICK_RUN["on"] = True
        settings.load_profile("quick")


def examples(full: int) -> int:
    """How many examples a property test tries: `full` in the full run, a fifth of it in
    the quick run."""
    return max(10, full // 5) if QUICK_RUN["on"] else full


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "claimtrack.db"


@pytest.fixture
def run(db_path: Path):
    """Run the CLI against the test database; returns click's Result (stdout and stderr apart)."""

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        runner = CliRunner()
        return runner.invoke(cli, ["--db", str(db_path), *args], input=input, env=env)

    return invoke


@pytest.fixture(scope="session")
def fixtures_db(tmp_path_factory) -> Path:
    """The five curated articles loaded once per test session by `claimtrack load`, with
    their claims grouped (as the first command after a load does: tests read the file
    directly, and read commands must find nothing left to write) and the write-ahead
    log checkpointed into the file so that one copy holds everything."""
    path = tmp_path_factory.mktemp("fixtures-db") / "claimtrack.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "load", "--group-claims", str(FIXTURES)])
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def loaded(fixtures_db: Path, db_path: Path) -> Path:
    """A database of this test's own holding the five curated articles (a copy)."""
    shutil.copyfile(fixtures_db, db_path)
    return db_path


@pytest.fixture
def fixtures_copy(tmp_path: Path) -> Path:
    """A writable copy of fixtures/, for tests that break one file."""
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    return target


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path

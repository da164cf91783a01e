"""Faults of the disk and the database file: a refusal changes no byte, reading never
writes or creates, and a fault names the file and its real cause.

Permissions cannot be enforced on root, so the tests that need them run claimtrack
without the capability to bypass file permissions (setpriv), as an ordinary user would.
"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, write_jsonl

from claimtrack.cli import cli
from claimtrack.db import SCHEMA_VERSION

READ_COMMANDS = (
    ("compare",),
    ("unanswered",),
    ("allegations",),
    ("responses",),
    ("actors",),
    ("articles",),
    ("timeline",),
    ("stats",),
    ("verify",),
    ("show", "000-a1"),
    ("search", "slander"),
    ("sql", "select count(*) from statements"),
    ("export", "claimreview"),
)


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def data_in(folder: Path) -> dict[str, bytes]:
    """The files, leaving out what a read-only connection to a WAL database may leave
    beside it: SQLite's -shm file and an empty -wal (the next writer clears both)."""
    return {
        name: data
        for name, data in files_in(folder).items()
        if not name.endswith("-shm") and not (name.endswith("-wal") and not data)
    }


def claimtrack(db: Path, *args: str, unprivileged: bool = False, **kwargs):
    prefix = []
    if unprivileged and os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "claimtrack", "--db", str(db), *args],
        capture_output=True,
        text=True,
        **kwargs,
    )


# ---------------------------------------------------------------- refusals change nothing


@pytest.fixture
def foreign_db(tmp_path) -> Path:
    """A SQLite file some other program made, in the default rollback-journal mode."""
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def newer_db(tmp_path) -> Path:
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE statements (id TEXT)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    "args", [("load", str(FIXTURES)), ("compare",), ("demo",), ("sql", "select 1")]
)
def test_a_sqlite_file_claimtrack_did_not_make_is_refused_unchanged(foreign_db, args):
    before = files_in(foreign_db.parent)
    result = _run_at(foreign_db, *args)
    assert result.exit_code == 1
    assert "claimtrack did not make" in result.stderr
    assert files_in(foreign_db.parent) == before


@pytest.mark.parametrize("args", [("load", str(FIXTURES)), ("compare",), ("sql", "select 1")])
def test_a_database_from_a_newer_claimtrack_is_refused_unchanged(newer_db, args):
    before = files_in(newer_db.parent)
    result = _run_at(newer_db, *args)
    assert result.exit_code == 1
    assert "made by a newer claimtrack" in result.stderr
    assert files_in(newer_db.parent) == before


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("just some notes\n" * 20, "utf-8")
    before = files_in(tmp_path)
    for args in (("load", str(FIXTURES)), ("compare",)):
        result = _run_at(path, *args)
        assert result.exit_code == 1
        assert f"{path}: not a SQLite database" in result.stderr
    assert files_in(tmp_path) == before


# ---------------------------------------------------------------- reading never writes


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_a_read_on_a_mistyped_path_creates_nothing(tmp_path, args):
    missing = tmp_path / "claimtrak.db"
    result = _run_at(missing, *args)
    assert result.exit_code == 1
    assert f"{missing}: no such database" in result.stderr
    assert list(tmp_path.iterdir()) == []


def _run_at(db: Path, *args: str):
    """The command line in this process, for the checks that need no other user and no
    limit of their own."""
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_a_dry_run_creates_no_database(tmp_path):
    missing = tmp_path / "new.db"
    result = _run_at(missing, "load", "--dry-run", str(FIXTURES))
    assert result.exit_code == 0, result.stderr
    assert "would load 6 files; statements: 81 new" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: a[0])
def test_reading_changes_no_byte(loaded, args):
    """The database file stays byte for byte; a read-only connection to a WAL database
    may leave SQLite's -shm file and an empty -wal beside it (a writer clears them)."""
    before = files_in(loaded.parent)
    result = _run_at(loaded, *args)
    assert result.exit_code == 0, result.stderr
    assert data_in(loaded.parent) == before


@pytest.fixture
def locked_away(loaded, tmp_path):
    """The loaded database, in a folder and a file the user may only read."""
    folder = tmp_path / "shared"
    folder.mkdir()
    shutil.move(loaded, folder / "claimtrack.db")
    db = folder / "claimtrack.db"
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)
    db.chmod(0o644)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [("compare", "--csv"), ("sql", "select count(*) from statements"), ("show", "000-a1")]
)
def test_read_commands_work_on_a_database_the_user_may_not_write(locked_away, args):
    before = files_in(locked_away.parent)
    result = claimtrack(locked_away, *args, unprivileged=True)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) > 1
    assert files_in(locked_away.parent) == before


@pytest.mark.slow
def test_claims_a_load_left_wait_for_someone_who_may_write(tmp_path):
    """A reader who may not write cannot group the claims the last load left: the error
    says who can, and changes nothing; the first command its owner runs groups them."""
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "claimtrack.db"
    assert claimtrack(db, "load", str(FIXTURES)).returncode == 0
    before = files_in(folder)
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        refused = claimtrack(db, "compare", "--csv", unprivileged=True)
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "claims to be grouped, by someone who may write the file" in refused.stderr
    assert files_in(folder) == before
    grouped = claimtrack(db, "compare", "--csv")
    assert grouped.returncode == 0 and len(grouped.stdout.splitlines()) > 1


@pytest.mark.slow
def test_a_wal_database_in_a_read_only_folder_names_the_cause(loaded, tmp_path):
    """A writer left its -wal file (it still runs): a reader may not make the -shm file
    beside it, and says so rather than "not a SQLite database"."""
    folder = tmp_path / "shared"
    folder.mkdir()
    writer = sqlite3.connect(folder / "claimtrack.db")
    writer.execute("PRAGMA journal_mode = WAL")
    source = sqlite3.connect(loaded)
    source.backup(writer)
    source.close()
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("CREATE TABLE temp_marker (x)")
    writer.commit()
    try:
        (folder / "claimtrack.db-shm").unlink(missing_ok=True)
        shm_gone = not (folder / "claimtrack.db-shm").exists()
        folder.chmod(0o555)
        result = claimtrack(folder / "claimtrack.db", "compare", unprivileged=True)
    finally:
        folder.chmod(0o755)
        writer.close()
    assert result.returncode == 1
    assert "not a SQLite database" not in result.stderr
    assert "folder" in result.stderr and str(folder) in result.stderr
    assert shm_gone


# ---------------------------------------------------------------- faults in clear words


@pytest.mark.slow
def test_a_read_only_database_file_is_named_as_such(loaded, tmp_path):
    record = {
        "id": "ro-1",
        "article": "001",
        "role": "allegation",
        "speaker": "rcmp",
        "target": "china",
        "quote": "including three in the Greater Toronto Area",
    }
    (tmp_path / "inputs").mkdir()
    new = write_jsonl(tmp_path / "inputs" / "new.jsonl", [record])
    loaded.chmod(0o444)
    try:
        before = files_in(loaded.parent)
        result = claimtrack(loaded, "load", str(new), unprivileged=True)
    finally:
        loaded.chmod(0o644)
    assert result.returncode == 1
    assert "unexpected" not in result.stderr
    assert f"{loaded}: read-only" in result.stderr
    assert data_in(loaded.parent) == before


@pytest.mark.slow
def test_a_new_database_in_a_folder_that_is_not_writable(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = claimtrack(folder / "new.db", "load", str(FIXTURES), unprivileged=True)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert f"{folder / 'new.db'}: cannot create the database: folder not writable" in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_the_file_size_limit_is_named(tmp_path):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    db = tmp_path / "small.db"
    result = claimtrack(db, "load", str(FIXTURES), preexec_fn=limit)
    assert result.returncode == 1
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    assert str(db) in result.stderr and "file size limit" in result.stderr


def test_a_full_disk_is_named(tmp_path):
    from claimtrack.db import describe_fault

    full = sqlite3.OperationalError("database or disk is full")
    message = describe_fault(full, tmp_path / "x.db")
    assert message == f"{tmp_path / 'x.db'}: disk full; nothing was written"


# ---------------------------------------------------------------- dates and numbers


@pytest.mark.parametrize("text", ["-2023", "-0001-01-01", "+2023", "−2023"])
def test_a_signed_year_is_not_a_date(run, loaded, text):
    result = run("compare", "--since", text)
    assert result.exit_code == 2
    assert "not a date" in result.stderr


@pytest.mark.parametrize("days", ["99999999999", "999999999999999999999"])
def test_an_out_of_range_older_than_is_a_usage_error(run, loaded, days):
    result = run("unanswered", "--older-than", days)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "--since", "0001-01-01"),
        ("compare", "--until", "9999-12-31"),
        ("compare", "--since", "9999-12"),
        ("unanswered", "--as-of", "0001-01-01"),
        ("unanswered", "--as-of", "9999-12-31", "--older-than", "3652058"),
        ("stats", "--since", "0001", "--until", "9999"),
        ("timeline", "--since", "9999"),
        ("pair", "--window", "3652058"),
    ],
)
def test_extreme_dates_are_answered_without_error(run, loaded, args):
    result = run(*args, "--csv")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("text", ["10000", "0000-01-01", "2023-02-30", "99999-01-01"])
def test_impossible_dates_are_usage_errors(run, loaded, text):
    result = run("compare", "--since", text)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr

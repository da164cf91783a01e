"""Opening a database made by the first schema version upgrades it in place, keeps every
row, and says so once on stderr."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import query

from claimtrack.cli import cli
from claimtrack.db import SCHEMA_VERSION

V1 = Path(__file__).parent / "data" / "schema_v1.sqlite"
TABLES = ("articles", "actors", "aliases", "statements", "reply_links")


def snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def old_db(tmp_path) -> Path:
    target = tmp_path / "made by v1.db"
    shutil.copyfile(V1, target)
    return target


def claimtrack(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_the_fixture_is_a_first_version_database():
    assert query(V1, "PRAGMA user_version") == [(1,)]
    names = {r[0] for r in query(V1, "SELECT name FROM sqlite_master")}
    assert "statements_fts" not in names and "rejected_links" not in names
    assert SCHEMA_VERSION > 1


def test_opening_it_upgrades_in_place_keeping_every_row(old_db):
    before = snapshot(old_db)
    result = claimtrack(old_db, "compare", "--csv")
    assert result.exit_code == 0, result.stderr
    upgraded = f"upgraded {old_db} from schema version 1 to {SCHEMA_VERSION}"
    assert result.stderr.count("upgraded") == 1 and upgraded in result.stderr
    assert query(old_db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert snapshot(old_db) == before
    assert query(old_db, "SELECT origin, count(*) FROM reply_links GROUP BY 1 ORDER BY 1") == [
        ("curated", 116),
        ("manual", 1),
    ]
    # Every row shows in the commands, the new views and the new search index.
    assert len(result.stdout.splitlines()) > 49
    assert claimtrack(old_db, "verify").exit_code == 0
    found = claimtrack(old_db, "search", "slander", "--csv")
    assert found.exit_code == 0 and len(found.stdout.splitlines()) > 1


def test_the_upgrade_is_said_once(old_db):
    assert "upgraded" in claimtrack(old_db, "actors", "--csv").stderr
    again = claimtrack(old_db, "actors", "--csv")
    assert again.exit_code == 0
    assert again.stderr == ""


def test_a_read_only_command_asks_for_the_upgrade_first(old_db):
    before = old_db.read_bytes()
    result = claimtrack(old_db, "sql", "SELECT count(*) FROM statements")
    assert result.exit_code == 1
    assert "schema version 1 needs upgrading" in result.stderr
    assert old_db.read_bytes() == before


def test_loading_into_it_upgrades_then_loads(old_db, tmp_path):
    before = snapshot(old_db)
    result = claimtrack(old_db, "load", str(Path(__file__).parent.parent / "fixtures"))
    assert result.exit_code == 0, result.stderr
    assert "statements: 0 new, 0 updated, 81 unchanged" in result.stderr
    assert snapshot(old_db) == before

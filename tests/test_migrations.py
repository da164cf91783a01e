"""Opening a database made by any earlier schema version upgrades it in place, keeps every
row, and says so once on stderr; a database from a newer claimtrack is refused."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import query

from claimtrack.cli import cli
from claimtrack.db import MIGRATIONS, SCHEMA_VERSION
from claimtrack.store import ACTOR_ROW, ARTICLE_ROW, STATEMENT_ROW

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).parent.parent / "fixtures"
ACTORS = FIXTURES / "actors.json"
V1 = DATA / "schema_v1.sqlite"
#: A file made by each earlier schema version (see tests/data/README.md).
EARLIER = [DATA / f"schema_v{n}.sqlite" for n in (1, 2, 3, 6)]
TABLES = ("articles", "actors", "aliases", "statements", "reply_links", "rejected_links")


def snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in TABLES
            if t in names
        }
    finally:
        conn.close()


@pytest.fixture(params=EARLIER, ids=lambda p: p.stem)
def old_db(request, tmp_path) -> Path:
    target = tmp_path / f"made by {request.param.stem}.db"
    shutil.copyfile(request.param, target)
    return target


def old_values_kept(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> bool:
    """Every old row keeps every old value. Upgrades add columns at the end
    (statements gain claim_id, claim_score and claim_reason)."""
    kept = {t: [row[: len(rows[0])] for row in after[t]] for t, rows in before.items() if rows}
    return kept == {t: rows for t, rows in before.items() if rows}


def version_of(db: Path) -> int:
    return query(db, "PRAGMA user_version")[0][0]


def claimtrack(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_the_fixtures_are_databases_of_each_earlier_version():
    assert [version_of(path) for path in EARLIER] == [1, 2, 3, 6]
    names = {r[0] for r in query(V1, "SELECT name FROM sqlite_master")}
    assert "statements_fts" not in names and "rejected_links" not in names
    assert SCHEMA_VERSION > 6


def test_opening_it_upgrades_in_place_keeping_every_row(old_db):
    version = version_of(old_db)
    before = snapshot(old_db)
    result = claimtrack(old_db, "compare", "--csv")
    assert result.exit_code == 0, result.stderr
    upgraded = f"upgraded {old_db} from schema version {version} to {SCHEMA_VERSION}"
    assert result.stderr.count("upgraded") == 1 and upgraded in result.stderr
    assert version_of(old_db) == SCHEMA_VERSION
    assert old_values_kept(before, snapshot(old_db))
    origins = dict(query(old_db, "SELECT origin, count(*) FROM reply_links GROUP BY 1"))
    assert origins["curated"] == 116 and origins["manual"] == 1
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


@pytest.mark.slow
def test_a_read_command_asks_for_the_upgrade_when_it_may_not_write(old_db):
    """Run without the capability to bypass file permissions (even as root), on a file
    and folder the user may only read."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    before = old_db.read_bytes()
    old_db.chmod(0o444)
    old_db.parent.chmod(0o555)
    try:
        result = subprocess.run(
            [*(prefix if os.geteuid() == 0 else []), sys.executable, "-m", "claimtrack"]
            + ["--db", str(old_db), "sql", "SELECT count(*) FROM statements"],
            capture_output=True,
            text=True,
        )
    finally:
        old_db.parent.chmod(0o755)
        old_db.chmod(0o644)
    assert result.returncode == 1
    assert f"schema version {version_of(old_db)} needs upgrading, by someone who may" in (
        result.stderr
    )
    assert old_db.read_bytes() == before
    upgraded = claimtrack(old_db, "sql", "SELECT count(*) AS n FROM statements", "--csv")
    assert upgraded.exit_code == 0 and upgraded.stdout == "n\n81\n"


def as_loaded(db: Path) -> dict[str, dict[str, tuple]]:
    """The rows a load writes from the files, by table and id, in the store's columns
    (which every schema version has)."""
    tables = (("actors", ACTOR_ROW), ("articles", ARTICLE_ROW), ("statements", STATEMENT_ROW))
    return {
        table: {row[0]: row for row in query(db, f"SELECT {', '.join(columns)} FROM {table}")}
        for table, columns in tables
    }


def links(db: Path, origin: str) -> set[tuple]:
    """The reply links whose origin is (`= 'curated'`) or is not (`!= 'curated'`) one."""
    sql = f"SELECT response_id, allegation_id, origin FROM reply_links WHERE origin {origin}"
    return set(query(db, sql))


def test_loading_into_it_upgrades_then_loads(old_db, fixtures_db):
    """Today's fixtures loaded into an old file: every row the files give ends as a fresh
    load writes it, those the fixtures corrected since the file was made (an actor's
    kind, reply kinds, a statement's role) reported as updated; the rest of the file
    stays: its manual and automatic links and the links its user rejected."""
    old, before = as_loaded(old_db), snapshot(old_db)
    kept = links(old_db, "!= 'curated'")
    result = claimtrack(old_db, "load", str(FIXTURES))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("upgraded") == 1
    fresh = as_loaded(fixtures_db)
    assert as_loaded(old_db) == fresh
    for table in ("statements", "actors", "articles"):
        assert set(old[table]) == set(fresh[table])
        updated = sum(old[table][key] != row for key, row in fresh[table].items())
        unchanged = len(fresh[table]) - updated
        assert f"{table}: 0 new, {updated} updated, {unchanged} unchanged" in result.stderr
    assert old["actors"]["charles-poirier"][3] == "police"
    assert fresh["actors"]["charles-poirier"][3] == "person"
    assert links(old_db, "= 'curated'") == links(fixtures_db, "= 'curated'")
    assert links(old_db, "!= 'curated'") == kept and kept
    assert snapshot(old_db).get("rejected_links", []) == before.get("rejected_links", [])


def test_every_migration_is_recorded_by_name_once(old_db):
    claimtrack(old_db, "actors", "--csv")
    recorded = query(old_db, "SELECT name FROM _sqlite_migrations ORDER BY id")
    assert [name for (name,) in recorded] == [step.__name__ for step in MIGRATIONS]


def test_an_upgraded_file_has_the_schema_of_a_new_one(old_db, tmp_path):
    """Same tables and columns, indexes, triggers and views, whatever the history (the
    triggers and views with the same SQL)."""
    new = tmp_path / "new.db"
    assert claimtrack(new, "load", str(ACTORS)).exit_code == 0
    assert claimtrack(old_db, "actors", "--csv").exit_code == 0

    def shape(db: Path) -> list[tuple]:
        found = []
        for kind, name, sql in query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY 1, 2"):
            if kind == "table":
                found.append((name, query(db, f"PRAGMA table_info('{name}')")))
            elif kind == "index":
                found.append((name, query(db, f"PRAGMA index_info('{name}')")))
            else:
                found.append((name, sql))
        return found

    assert shape(old_db) == shape(new)


def test_the_search_index_of_an_upgraded_file_follows_new_statements(old_db, tmp_path):
    assert claimtrack(old_db, "actors", "--csv").exit_code == 0
    conn = sqlite3.connect(old_db)
    conn.execute("UPDATE statements SET summary = 'zanzibarian wording' WHERE id = '000-a1'")
    conn.commit()
    conn.execute("INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')")
    conn.close()
    found = claimtrack(old_db, "search", "zanzibarian", "--csv")
    assert found.stdout.splitlines()[1].startswith("000-a1,")


def test_an_update_outside_the_text_leaves_the_search_index_alone(old_db, fixtures_db, tmp_path):
    """Grouping writes claim_id into every new statement: that must not re-index it.
    total_changes counts the rows trigger programs change too."""
    new = tmp_path / "new.db"
    shutil.copyfile(fixtures_db, new)  # the fixtures, loaded by this claimtrack
    assert claimtrack(old_db, "actors", "--csv").exit_code == 0
    for db in (old_db, new):
        conn = sqlite3.connect(db)
        before = conn.total_changes
        conn.execute("UPDATE statements SET claim_score = 0.5 WHERE id = '000-a1'")
        assert conn.total_changes - before == 1
        before = conn.total_changes
        conn.execute("UPDATE statements SET summary = 'zanzibarian' WHERE id = '000-a1'")
        assert conn.total_changes - before > 2  # the row, out of the index and back in
        conn.rollback()
        conn.close()


def test_a_database_from_a_newer_claimtrack_is_refused(tmp_path):
    newer = tmp_path / "newer.db"
    assert claimtrack(newer, "load", str(ACTORS)).exit_code == 0
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = newer.read_bytes()
    result = claimtrack(newer, "actors", "--csv")
    assert result.exit_code == 1
    assert f"made by a newer claimtrack (schema version {SCHEMA_VERSION + 1}" in result.stderr
    assert newer.read_bytes() == before

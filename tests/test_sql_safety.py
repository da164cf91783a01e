"""`claimtrack sql`: read-only whatever the SQL says, streamed, stoppable.

The escape attempts that held in an adversarial test stay here, so a regression cannot
reopen them; the holes it found (a query that cannot be stopped, BLOB columns, FTS and
pragma functions refused as writes, fts3_tokenizer leaking a pointer) are tested too.
"""

from __future__ import annotations

import base64
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

INFINITE = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"

ESCAPES = (
    "delete from statements",
    "with x as (select 1) delete from statements",
    "with x as (select 1) insert into reply_links select * from reply_links",
    "with x as (select 1) update statements set summary = 'owned'",
    "vacuum into '{tmp}/stolen.db'",
    "vacuum",
    "attach database '{tmp}/a.db' as a",
    "attach '{tmp}/a.db' as a",
    "ATTACH ':memory:' AS m",
    "attach 'file:{tmp}/a.db?mode=rwc' as a",
    "select * from pragma_journal_mode('delete')",
    "pragma journal_mode = delete",
    "pragma main.journal_mode=DELETE",
    "pragma writable_schema = 1",
    "pragma user_version = 7",
    "pragma temp_store_directory = '{tmp}'",
    "update sqlite_master set sql = ''",
    "create temp table t (x)",
    "create table t (x)",
    "drop view comparison",
    "begin immediate",
    "savepoint s",
    "reindex",
    "analyze",
    "select load_extension('/lib/x.so')",
    "select fts3_tokenizer('simple')",
    "select fts3_tokenizer('simple', x'0000000000000000')",
    "insert into statements_fts (statements_fts) values ('delete-all')",
)


def claimtrack(db: Path, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.mark.parametrize("statement", ESCAPES)
def test_sql_escape_attempts_change_nothing(run, loaded, tmp_path, statement):
    before = loaded.read_bytes()
    result = run("sql", statement.format(tmp=tmp_path))
    assert result.exit_code == 1, result.stdout
    assert result.stderr.startswith("Error: sql") and result.stderr.count("\n") == 1
    assert loaded.read_bytes() == before
    assert not (tmp_path / "stolen.db").exists() and not (tmp_path / "a.db").exists()


def test_fts_tables_and_pragma_functions_are_readable(run, loaded):
    found = json.loads(
        run(
            "sql",
            "select rowid, quote from statements_fts where statements_fts match 'slander'",
            "--json",
        ).stdout
    )
    assert found and all("slander" in r["quote"].lower() for r in found)
    columns = run("sql", "select name from pragma_table_info('statements')", "--csv").stdout
    assert columns.splitlines()[:3] == ["name", "id", "article_id"]
    version = run("sql", "select * from pragma_user_version", "--csv").stdout
    assert version.splitlines()[0] == "user_version"
    mode = run("sql", "select * from pragma_journal_mode", "--csv")
    assert mode.exit_code == 0 and mode.stdout.splitlines() == ["journal_mode", "wal"]


def test_blob_columns_print_as_hex_or_base64(run, loaded):
    query = "select x'00ff10' as b, 1 as n"
    assert run("sql", query, "--csv").stdout == "b,n\n00ff10,1\n"
    assert run("sql", query, "--tsv").stdout == "b\tn\n00ff10\t1\n"
    assert json.loads(run("sql", query, "--json").stdout) == [
        {"b": base64.b64encode(b"\x00\xff\x10").decode(), "n": 1}
    ]
    assert json.loads(run("sql", query, "--format", "jsonl").stdout)["b"] == "AP8Q"
    assert "00ff10" in run("sql", query, "--format", "table").stdout


@pytest.mark.slow
def test_sql_streams_rows_of_an_endless_query(loaded):
    process = claimtrack(loaded, "sql", f"{INFINITE} SELECT x FROM c", "--csv")
    lines = [process.stdout.readline() for _ in range(4)]
    process.stdout.close()
    process.wait(timeout=30)
    assert lines == ["x\n", "1\n", "2\n", "3\n"]


@pytest.mark.slow
def test_ctrl_c_stops_a_query_that_yields_nothing(loaded):
    process = claimtrack(loaded, "sql", f"{INFINITE} SELECT count(*) FROM c")
    try:
        time.sleep(1.5)
        assert process.poll() is None
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    finally:
        process.kill()  # a query Ctrl-C cannot stop would run for ever
    assert time.monotonic() - started < 5
    assert process.returncode == 130
    assert err == "Error: sql: interrupted (Ctrl-C)\n"


def test_timeout_stops_a_query(run, loaded):
    started = time.monotonic()
    result = run("sql", f"{INFINITE} SELECT count(*) FROM c", "--timeout", "0.5")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert result.stderr == "Error: sql: stopped after 0.5 seconds (--timeout)\n"


def test_timeout_zero_means_no_limit_and_negative_is_a_usage_error(run, loaded):
    assert run("sql", "select 1", "--timeout", "0").exit_code == 0
    assert run("sql", "select 1", "--timeout", "-1").exit_code == 2

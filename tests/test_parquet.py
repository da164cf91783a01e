"""`claimtrack export parquet` and the DuckDB recipe the README gives over its files."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from claimtrack.db import open_db
from claimtrack.model import Rows
from claimtrack.render import render
from tests.conftest import ROOT, query

pq = pytest.importorskip("pyarrow.parquet")
duckdb = pytest.importorskip("duckdb")

TABLES = ("statements", "actors", "aliases", "articles", "reply_links")


def readme_duckdb_query() -> str:
    """The SQL block that follows the duckdb-compare marker in the README."""
    readme = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"<!-- duckdb-compare -->\s*```sql\n(.*?)```", readme, re.S)
    assert match, "the README lost its DuckDB recipe"
    return match.group(1)


@pytest.fixture
def paired(run, loaded) -> Path:
    """The curated fixtures plus the engine's proposals: curated and auto links, scores,
    replies with and without dates."""
    result = run("pair", "--apply", "--csv")
    assert result.exit_code == 0, result.stderr
    return loaded


def test_export_parquet_writes_every_table_and_the_comparison(run, paired, tmp_path):
    out = tmp_path / "claimtrack-parquet"
    result = run("export", "parquet", str(out))
    assert result.exit_code == 0, result.stderr
    assert "wrote 6 Parquet files" in result.stderr
    for name in (*TABLES, "comparison"):
        table = pq.read_table(out / f"{name}.parquet")
        columns = [row[1] for row in query(paired, f"PRAGMA table_info({name})")]
        assert table.column_names == columns
        assert table.num_rows == query(paired, f"SELECT count(*) FROM {name}")[0][0]
    statements = pq.read_table(out / "statements.parquet")
    assert str(statements.schema.field("quote_start").type) == "int64"
    assert sorted(statements.column("id").to_pylist()) == [
        row[0] for row in query(paired, "SELECT id FROM statements ORDER BY id")
    ]
    comparison = pq.read_table(out / "comparison.parquet")
    assert str(comparison.schema.field("lag_days").type) == "int64"
    assert str(comparison.schema.field("link_score").type) == "double"


def test_the_readme_duckdb_query_gives_the_rows_of_compare_csv(run, paired, tmp_path, monkeypatch):
    assert run("export", "parquet", str(tmp_path / "claimtrack-parquet")).exit_code == 0
    expected = run("compare", "--csv", "--appearances")
    assert expected.exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = duckdb.sql(readme_duckdb_query())
    rows = Rows(tuple(result.columns), result.fetchall())
    out = io.StringIO()
    render(rows, "csv", out, headers=True)
    assert out.getvalue() == expected.stdout
    assert expected.stdout.count("\n") > 50
    assert ",auto," in expected.stdout and ",curated," in expected.stdout


def test_an_empty_database_exports_empty_files_with_their_columns(run, db_path, tmp_path):
    open_db(db_path).close()
    result = run("export", "parquet", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(tmp_path / "out" / "comparison.parquet")
    assert table.num_rows == 0
    assert "allegation_id" in table.column_names


def test_without_pyarrow_export_parquet_says_how_to_install_it(run, loaded, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = run("export", "parquet", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "pip install 'claimtrack[parquet]'" in result.stderr
    assert not (tmp_path / "out").exists()

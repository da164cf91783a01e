"""Answers an analyst can trust: no silent empty results, no silently dropped rows,
curation that sticks, output that loads back (issue 14)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import FIXTURES, query, write_jsonl


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------- 1. filters that match nothing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compare", "--kind", "denail"), "unknown kind 'denail'; did you mean 'denial'?"),
        (("allegations", "--topic", "police station"), "did you mean 'police stations'?"),
        (("compare", "--article", "4"), "unknown article '4'; did you mean '004'?"),
        (("actors", "--kind", "stat"), "unknown kind 'stat'; did you mean 'state'?"),
        (("unanswered", "--topic", "zanzibar"), "unknown topic 'zanzibar'; expected one of"),
    ],
)
def test_an_unknown_topic_article_or_kind_is_an_error_with_a_suggestion(run, loaded, args, message):
    result = run(*args)
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_kind_is_case_insensitive(run, loaded):
    lower = csv_rows(run("responses", "--kind", "denial").stdout)
    assert lower and csv_rows(run("responses", "--kind", "Denial").stdout) == lower
    assert run("compare", "--side", "Beijing").exit_code == 0


def test_a_topic_that_exists_but_matches_no_row_is_fine(run, loaded):
    result = run("compare", "--topic", "police stations", "--article", "004")
    assert result.exit_code == 0 and csv_rows(result.stdout) == []


# ---------------------------------------------------------------- 4. output loads back


def test_a_json_array_of_statements_loads_back(run, loaded, tmp_path):
    path = tmp_path / "a.json"
    records = json.loads(run("allegations", "--json", "--article", "002").stdout)
    records[0]["summary"] = "Edited in a JSON array."
    path.write_text(json.dumps(records), "utf-8")
    result = run("load", str(path))
    assert result.exit_code == 0, result.stderr
    assert "statements: 0 new, 1 updated" in result.stderr
    assert query(loaded, "SELECT summary FROM statements WHERE id = ?", (records[0]["id"],)) == [
        ("Edited in a JSON array.",)
    ]


def test_a_bad_record_in_a_json_array_names_its_index(run, loaded, tmp_path):
    path = tmp_path / "a.json"
    records = json.loads(run("allegations", "--json", "--article", "002").stdout)
    records[1]["role"] = "accusation"
    path.write_text(json.dumps(records), "utf-8")
    result = run("load", str(path))
    assert result.exit_code == 1
    assert f"a.json: [1] (id {records[1]['id']}): field 'role'" in result.stderr


def test_verify_prints_an_empty_result_when_everything_passes(run, loaded):
    assert run("verify", "--json").stdout == "[]\n"
    assert run("verify", "--csv").stdout == "statement_id,article,field,problem\n"


# ---------------------------------------------------------------- 5. per-side answers


def test_stats_by_kind_with_side_counts_that_sides_replies(run, loaded):
    rows = csv_rows(run("stats", "--group-by", "kind", "--side", "ottawa").stdout)
    assert rows and {r["replier_side"] for r in rows} == {"ottawa"}
    beijing = csv_rows(run("stats", "--group-by", "kind", "--side", "beijing").stdout)
    assert {r["replier_side"] for r in beijing} == {"beijing"}


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("compare", "alleges or replies"),
        ("unanswered", "the alleger"),
        ("responses", "the replier"),
        ("search", "the speaker"),
        ("stats", "the side that replies"),
    ],
)
def test_the_help_says_which_side_side_selects(run, command, words):
    text = " ".join(run(command, "--help").stdout.split())
    assert words in text


# ---------------------------------------------------------------- 7. curation that sticks


def test_an_unlinked_curated_link_stays_unlinked_after_a_reload(run, loaded):
    pair = ("002-r1", "002-a1")
    assert query(
        loaded, "SELECT origin FROM reply_links WHERE response_id=? AND allegation_id=?", pair
    )
    assert run("unlink", *pair).exit_code == 0
    result = run("load", str(FIXTURES))
    assert result.exit_code == 0, result.stderr
    linked = "SELECT count(*) FROM reply_links WHERE response_id = ? AND allegation_id = ?"
    assert query(loaded, linked, pair) == [(0,)]
    assert run("link", *pair).exit_code == 0
    assert query(loaded, "SELECT count(*) FROM rejected_links") == [(0,)]
    assert query(loaded, linked, pair) == [(1,)]


def test_delete_removes_statements_links_and_search_entries_at_once(run, loaded):
    assert csv_rows(run("search", "embassy", "--article", "002").stdout)
    links = "SELECT count(*) FROM reply_links WHERE response_id = ? OR allegation_id = ?"
    assert query(loaded, links, ("002-a1", "002-a1"))[0][0] > 0
    preview = run("delete", "002-a1", "--dry-run")
    assert preview.exit_code == 0 and "would delete 1 statement" in preview.stderr
    assert query(loaded, "SELECT count(*) FROM statements WHERE id = '002-a1'") == [(1,)]
    result = run("delete", "002-a1")
    assert result.exit_code == 0 and "deleted 1 statement" in result.stderr
    assert query(loaded, "SELECT count(*) FROM statements WHERE id = '002-a1'") == [(0,)]
    assert query(loaded, links, ("002-a1", "002-a1")) == [(0,)]
    conn_check = query(
        loaded, "INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')"
    )
    assert conn_check == []


def test_delete_a_whole_article_and_an_unknown_id_deletes_nothing(run, loaded):
    before = query(loaded, "SELECT count(*) FROM statements")
    bad = run("delete", "002-a1", "nope")
    assert bad.exit_code == 1 and "no statement with id 'nope'" in bad.stderr
    assert query(loaded, "SELECT count(*) FROM statements") == before
    result = run("delete", "--article", "002")
    assert result.exit_code == 0, result.stderr
    assert query(loaded, "SELECT count(*) FROM statements WHERE article_id = '002'") == [(0,)]
    assert query(loaded, "SELECT count(*) FROM articles WHERE id = '002'") == [(0,)]
    found = csv_rows(run("search", "China", "--csv").stdout)
    assert found and all(r["article"] != "002" for r in found)


def test_load_warns_about_a_statement_repeated_under_a_new_id(run, loaded, tmp_path):
    record = json.loads(run("allegations", "--json", "--article", "002").stdout)[0]
    path = write_jsonl(tmp_path / "again.jsonl", [dict(record, id="002-copy")])
    result = run("load", str(path))
    assert result.exit_code == 0
    assert f"warning: statement '002-copy' repeats '{record['id']}'" in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- 8. --db after the command


def test_db_is_accepted_after_the_command_name(loaded, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(cli, ["compare", "--db", str(loaded), "--article", "002"])
    assert result.exit_code == 0, result.stderr
    assert len(csv_rows(result.stdout)) > 5
    nested = CliRunner().invoke(cli, ["export", "claimreview", "--db", str(loaded)])
    assert nested.exit_code == 0 and json.loads(nested.stdout)
    assert list(elsewhere.iterdir()) == []

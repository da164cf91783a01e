"""The command line as users meet it: comparisons, filters, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import FIXTURES, query, write_jsonl

from claimtrack.claims.answers import CLAIM_COLUMNS
from claimtrack.model import COMPARE_COLUMNS, UNANSWERED_COLUMNS


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------- compare and unanswered


def test_compare_pairs_the_police_station_allegation_with_beijings_replies(run, loaded):
    rows = csv_rows(run("compare", "--csv", "--article", "001").stdout)
    assert list(rows[0]) == [*COMPARE_COLUMNS, *CLAIM_COLUMNS]
    pairs = {(r["allegation_id"], r["reply_id"]) for r in rows}
    assert ("001-a2", "001-r2") in pairs
    row = next(r for r in rows if (r["allegation_id"], r["reply_id"]) == ("001-a2", "001-r1"))
    assert row == {
        **row,
        "alleged_on": "2023-03-09",
        "alleged_by": "Charles Poirier",
        "alleger_side": "ottawa",
        "target": "Chinese overseas police stations",
        "target_side": "beijing",
        "replied_on": "2023-03-10",
        "replied_by": "China",
        "replier_side": "beijing",
        "reply_kind": "rejection",
        "lag_days": "1",
        "link_origin": "curated",
        "article": "001",
    }


def test_compare_keeps_allegations_without_reply_with_empty_reply_columns(run, loaded):
    rows = json.loads(run("compare", "--json").stdout)
    lonely = [r for r in rows if r["reply_id"] is None]
    assert lonely, "some allegations have no reply"
    assert all(r["reply_kind"] is None and r["lag_days"] is None for r in lonely)
    allegation_ids = {r["allegation_id"] for r in rows}
    assert (
        len(allegation_ids)
        == query(
            loaded,
            "SELECT count(*) FROM statements WHERE role = 'allegation' OR kind = 'counter-accusation'",
        )[0][0]
    )


def test_compare_equals_the_comparison_view(run, loaded):
    rows = json.loads(run("compare", "--json").stdout)
    conn = sqlite3.connect(loaded)
    conn.row_factory = sqlite3.Row
    view = [dict(r) for r in conn.execute("SELECT * FROM comparison")]
    assert rows == view
    assert all(isinstance(r["lag_days"], int) for r in rows if r["lag_days"] is not None)


def test_unanswered_lists_counter_accusations_ottawa_never_answered(run, loaded):
    rows = csv_rows(run("unanswered", "--csv").stdout)
    assert list(rows[0]) == [*UNANSWERED_COLUMNS, *CLAIM_COLUMNS]
    ids = {r["allegation_id"] for r in rows}
    assert "004-r3" in ids  # "Canada's own human rights record is full of problems"
    row = next(r for r in rows if r["allegation_id"] == "004-r3")
    assert row["target_side"] == "ottawa"
    assert row["quote"] == "Canada's own human rights record is full of problems"
    assert len(rows) == 20


def test_unanswered_strict_counts_no_comment_as_silence(run, loaded, tmp_path):
    text = query(loaded, "SELECT text FROM articles WHERE id = '001'")[0][0]
    quote = "The spokeswoman did not comment on the existence of the police stations"
    assert quote in text
    write_jsonl(
        tmp_path / "nc.jsonl",
        [
            {
                "id": "t-a",
                "article": "001",
                "role": "allegation",
                "speaker": "rcmp",
                "target": "china",
                "quote": "Montreal and Brossard",
                "topic": "test",
            },
            {
                "id": "t-r",
                "article": "001",
                "role": "response",
                "kind": "no-comment",
                "speaker": "Mao Ning",
                "quote": quote,
                "topic": "test",
                "replies_to": ["t-a"],
            },
        ],
    )
    assert run("load", str(tmp_path / "nc.jsonl")).exit_code == 0
    lenient = {r["allegation_id"] for r in csv_rows(run("unanswered", "--topic", "test").stdout)}
    strict = {
        r["allegation_id"]
        for r in csv_rows(run("unanswered", "--strict", "--topic", "test").stdout)
    }
    assert lenient == set() and strict == {"t-a"}


def test_a_reply_from_the_wrong_side_does_not_answer(run, loaded, tmp_path):
    write_jsonl(
        tmp_path / "x.jsonl",
        [
            {
                "id": "t-a",
                "article": "001",
                "role": "allegation",
                "speaker": "rcmp",
                "target": "china",
                "quote": "Montreal and Brossard",
                "topic": "test",
            },
            {
                "id": "t-r",
                "article": "001",
                "role": "response",
                "kind": "denial",
                "speaker": "Justin Trudeau",
                "quote": "Canadian Prime Minister Justin Trudeau",
                "topic": "test",
                "replies_to": ["t-a"],
            },
        ],
    )
    run("load", str(tmp_path / "x.jsonl"))
    assert [r["allegation_id"] for r in csv_rows(run("unanswered", "--topic", "test").stdout)] == [
        "t-a"
    ]


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize("command", ["compare", "unanswered", "allegations", "responses"])
def test_side_filter_keeps_records_where_that_side_speaks(run, loaded, command):
    rows = csv_rows(run(command, "--side", "ottawa").stdout)
    assert rows
    for row in rows:
        sides = {row.get("alleger_side"), row.get("replier_side"), row.get("speaker_side")}
        assert "ottawa" in sides


def test_by_includes_everyone_under_the_actor(run, loaded):
    speakers = {
        r["speaker"] for r in csv_rows(run("responses", "--by", "Chinese Foreign Ministry").stdout)
    }
    assert {"Mao Ning", "Wang Wenbin"} <= speakers
    assert "China" not in speakers


def test_against_filters_on_the_target(run, loaded):
    rows = csv_rows(run("allegations", "--against", "Han Dong").stdout)
    assert {r["id"] for r in rows} == {"003-a2", "003-a3"}


def test_topic_kind_and_dates_filter(run, loaded):
    rows = csv_rows(run("compare", "--topic", "POLICE STATIONS", "--kind", "denial").stdout)
    assert rows and all(
        r["topic"] == "police stations" and r["reply_kind"] == "denial" for r in rows
    )
    march = csv_rows(run("allegations", "--since", "March 2023", "--until", "2023-03").stdout)
    published = dict(query(loaded, "SELECT id, published FROM articles"))
    assert march and all(
        (r["date"] or published[r["article"]]).startswith("2023-03") for r in march
    )
    december = csv_rows(run("responses", "--since", "2024-12-11").stdout)
    assert {r["article"] for r in december} == {"004"}


def test_hostile_filter_values_match_literally(run, loaded):
    for value in ("'; DROP TABLE statements; --", "%", "_"):
        result = run("compare", "--topic", value)
        assert result.exit_code == 1 and result.stderr.startswith("Error: unknown topic")
    assert query(loaded, "SELECT count(*) FROM statements") == [(81,)]


def test_unknown_actor_in_a_filter_suggests_names(run, loaded):
    result = run("compare", "--by", "Mao Nin")
    assert result.exit_code == 1
    assert "unknown actor 'Mao Nin'; did you mean 'Mao Ning'" in result.stderr


def test_bad_filter_date_is_a_usage_error(run, loaded):
    result = run("compare", "--since", "2023-02-30")
    assert result.exit_code == 2
    assert "not a real date" in result.stderr


# ---------------------------------------------------------------- output formats


@pytest.mark.parametrize(
    "command", ["compare", "unanswered", "allegations", "responses", "actors", "articles"]
)
def test_every_format_carries_the_same_rows(run, loaded, command):
    from_csv = csv_rows(run(command, "--csv").stdout)
    from_json = json.loads(run(command, "--json").stdout)
    from_jsonl = [
        json.loads(line) for line in run(command, "--format", "jsonl").stdout.splitlines()
    ]
    tsv = run(command, "--tsv").stdout.splitlines()
    markdown = run(command, "--format", "markdown").stdout.splitlines()
    assert len(from_csv) == len(from_json) == len(from_jsonl) == len(tsv) - 1 == len(markdown) - 2
    assert list(from_csv[0]) == list(from_json[0]) == tsv[0].split("\t")
    assert from_json == from_jsonl
    assert all(line.count("\t") == len(from_csv[0]) - 1 for line in tsv)


def test_no_headers_and_default_csv_when_piped(run, loaded):
    piped = run("articles").stdout
    assert piped.startswith("id,title,outlet,url,published")
    bare = run("articles", "--no-headers").stdout
    assert bare.splitlines() == piped.splitlines()[1:]


def test_two_format_flags_are_a_usage_error(run, loaded):
    result = run("compare", "--csv", "--json")
    assert result.exit_code == 2
    assert "choose one output format" in result.stderr


def test_json_lists_replies_to_as_a_list(run, loaded):
    rows = json.loads(run("responses", "--json", "--article", "003").stdout)
    r1 = next(r for r in rows if r["id"] == "003-r1")
    assert r1["replies_to"] == ["003-a1", "003-a2", "003-a3"]
    assert isinstance(r1["start"], int)


def test_table_in_a_terminal_shows_both_sides(run, loaded, monkeypatch):
    result = run(
        "compare", "--format", "table", "--article", "003", env={"COLUMNS": "120", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0
    assert "003-a3" in result.stdout and "Wang Wenbin" in result.stdout
    assert "\x1b[" not in result.stdout


# ---------------------------------------------------------------- show, link, unlink, verify


def test_show_gives_the_thread_with_replies_to_replies(run, loaded, tmp_path):
    write_jsonl(
        tmp_path / "chain.jsonl",
        [
            {
                "id": "t-r",
                "article": "004",
                "role": "response",
                "kind": "rejection",
                "speaker": "Melanie Joly",
                "quote": "Foreign Minister Melanie Joly",
                "topic": "human rights",
                "replies_to": ["004-r3"],
            },
        ],
    )
    run("load", str(tmp_path / "chain.jsonl"))
    rows = json.loads(run("show", "004-a1", "--json").stdout)
    by_id = {r["id"]: r for r in rows}
    assert by_id["004-a1"]["relation"] == "statement"
    assert by_id["004-r3"]["relation"] == "reply" and by_id["004-r3"]["depth"] == 1
    assert by_id["t-r"]["depth"] == 2
    answers = json.loads(run("show", "004-r3", "--json").stdout)
    assert [r["id"] for r in answers if r["relation"] == "answers"] == [
        "004-a1",
        "004-a2",
        "004-a4",
    ]


def test_show_unknown_id_is_exit_1(run, loaded):
    result = run("show", "000-a99")
    assert result.exit_code == 1
    assert "no statement with id '000-a99'; did you mean '000-a9'," in result.stderr
    # The nearest ids by difflib, as actor names are suggested: a mistyped prefix too.
    assert "did you mean '004-r1'," in run("show", "0004-r1").stderr


def test_link_and_unlink_by_hand(run, loaded):
    result = run("link", "004-r1", "004-a6")
    assert result.exit_code == 0, result.stderr
    assert query(
        loaded,
        "SELECT origin FROM reply_links WHERE response_id = '004-r1' AND allegation_id = '004-a6'",
    ) == [("manual",)]
    assert "already linked" in run("link", "004-r1", "004-a6").stderr
    assert run("unlink", "004-r1", "004-a6").exit_code == 0
    assert run("unlink", "004-r1", "004-a6").exit_code == 1


def test_link_validates_roles_and_ids(run, loaded):
    assert "the first id must be a response" in run("link", "004-a1", "004-a2").stderr
    assert "not an allegation" in run("link", "004-r1", "004-r2").stderr
    assert "no statement with id 'zzz'" in run("link", "zzz", "004-a2").stderr


def test_verify_reports_a_tampered_quote(run, loaded):
    conn = sqlite3.connect(loaded)
    conn.execute("UPDATE statements SET quote_start = quote_start + 1 WHERE id = '002-r1'")
    conn.execute("UPDATE statements SET date = '2030-01-01' WHERE id = '002-r2'")
    conn.commit()
    conn.close()
    result = run("verify", "--csv")
    assert result.exit_code == 1
    rows = csv_rows(result.stdout)
    assert {(r["statement_id"], r["field"]) for r in rows} == {
        ("002-r1", "quote"),
        ("002-r2", "date"),
    }
    assert "2 of 81 statements failed verification" in result.stderr


# ---------------------------------------------------------------- the database file


def test_a_file_that_is_not_sqlite_is_a_clean_error(run, db_path):
    db_path.write_text("hello, I am a text file\n" * 100)
    result = run("compare")
    assert result.exit_code == 1
    assert "not a SQLite database" in result.stderr and "Traceback" not in result.output


def test_a_database_from_a_newer_claimtrack_is_refused(run, db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    result = run("compare")
    assert result.exit_code == 1
    assert "made by a newer claimtrack (schema version 999" in result.stderr


def test_database_opens_in_wal_with_the_views(loaded):
    assert query(loaded, "PRAGMA journal_mode") == [("wal",)]
    names = {r[0] for r in query(loaded, "SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert {"comparison", "unanswered", "unanswered_strict"} <= names


def test_db_path_from_environment(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    target = tmp_path / "env.db"
    result = CliRunner().invoke(
        cli, ["load", str(FIXTURES / "actors.json")], env={"CLAIMTRACK_DB": str(target)}
    )
    assert result.exit_code == 0 and target.exists()


# ---------------------------------------------------------------- the installed console script


def console_script() -> str:
    scripts = Path(sysconfig.get_path("scripts"))
    candidate = scripts / "claimtrack"
    return str(candidate) if candidate.exists() else "claimtrack"


@pytest.mark.slow
def test_console_script_demo_piped_is_plain_csv(tmp_path):
    env = {**os.environ, "CLAIMTRACK_DB": str(tmp_path / "demo.db")}
    done = subprocess.run(
        [console_script(), "demo"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "━" not in done.stdout and "│" not in done.stdout
    rows = csv_rows(done.stdout)
    assert len({r["allegation_id"] for r in rows}) == 47
    assert "statements: 81 new" in done.stderr


@pytest.mark.slow
def test_python_dash_m_and_version(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("claimtrack, version ")
    bad = subprocess.run([console_script(), "nosuchcommand"], capture_output=True, text=True)
    assert bad.returncode == 2

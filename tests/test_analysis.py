"""The analyst and fact-checker tools: search, stats, timeline, unanswered age and
coverage, read-only SQL, ClaimReview export, Datasette metadata, row shaping."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from datetime import date

from conftest import query, write_jsonl

from claimtrack.db import SCHEMA_VERSION


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------- search


def test_search_ranks_matches_and_gives_a_plain_snippet(run, loaded):
    rows = csv_rows(run("search", '"police stations"', "--csv").stdout)
    assert rows and all("police stations" in (r["quote"] + r["summary"]).lower() for r in rows)
    assert all("\x02" not in r["snippet"] and "police" in r["snippet"].lower() for r in rows)
    assert list(rows[0])[:3] == ["id", "role", "kind"]


def test_search_highlights_in_a_terminal_table(run, loaded):
    """FORCE_COLOR makes rich write styles as a terminal would see them: the matched
    word is in bold reverse video, and no highlight mark is left in the text."""
    env = {"FORCE_COLOR": "1", "NO_COLOR": None, "COLUMNS": "200"}
    result = run("search", "slander", "--format", "table", env=env)
    assert result.exit_code == 0
    assert "\x1b[1;7mslander\x1b[0m" in result.stdout
    assert "\x02" not in result.stdout and "\x03" not in result.stdout
    plain = run("search", "slander", "--format", "table", env={**env, "FORCE_COLOR": None})
    assert "slander" in plain.stdout and "\x1b[" not in plain.stdout


def test_search_takes_the_shared_filters(run, loaded):
    rows = csv_rows(run("search", "interference", "--side", "beijing", "--article", "003").stdout)
    assert rows and {r["speaker_side"] for r in rows} == {"beijing"}
    assert {r["article"] for r in rows} == {"003"}


def test_malformed_search_is_a_one_line_error(run, loaded):
    result = run("search", '"police stations')
    assert result.exit_code == 1
    assert "not a valid full-text query" in result.stderr and result.stderr.count("\n") == 1


def test_search_index_follows_updates_and_deletes(run, loaded, tmp_path):
    records = json.loads(run("allegations", "--json", "--article", "002").stdout)
    records[0]["summary"] = "Zanzibarian wording for the test."
    run("load", str(write_jsonl(tmp_path / "edit.jsonl", records)))
    assert [r["id"] for r in csv_rows(run("search", "zanzibarian").stdout)] == [records[0]["id"]]
    conn = sqlite3.connect(loaded)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM statements WHERE id = ?", (records[0]["id"],))
    conn.commit()
    conn.close()
    assert csv_rows(run("search", "zanzibarian").stdout) == []


# ---------------------------------------------------------------- stats


def test_stats_by_side_counts_answered_allegations(run, loaded):
    rows = {r["target_side"]: r for r in csv_rows(run("stats").stdout)}
    beijing = rows["beijing"]
    unanswered_beijing = query(
        loaded, "SELECT count(*) FROM unanswered WHERE target_side = 'beijing'"
    )[0][0]
    assert int(beijing["allegations"]) - int(beijing["answered"]) == unanswered_beijing
    assert float(beijing["response_rate"]) == round(
        int(beijing["answered"]) / int(beijing["allegations"]), 3
    )
    assert beijing["median_lag_days"] == "1" and beijing["p90_lag_days"] == "3"


def test_stats_strict_leaves_out_no_comment_answers(run, loaded, tmp_path):
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
                "topic": "zz",
            },
            {
                "id": "t-r",
                "article": "001",
                "role": "response",
                "kind": "no-comment",
                "speaker": "Mao Ning",
                "quote": "The spokeswoman did not comment",
                "topic": "zz",
                "replies_to": ["t-a"],
            },
        ],
    )
    run("load", str(tmp_path / "nc.jsonl"))
    [row] = csv_rows(run("stats", "--group-by", "topic", "--topic", "zz").stdout)
    assert (row["answered"], row["answered_strict"], row["strict_response_rate"]) == (
        "1",
        "0",
        "0.0",
    )


def test_stats_kinds_and_months(run, loaded):
    kinds = csv_rows(run("stats", "--group-by", "kind").stdout)
    beijing = [r for r in kinds if r["replier_side"] == "beijing"]
    assert beijing[0]["reply_kind"] == "denial"
    assert abs(sum(float(r["share_of_side"]) for r in beijing) - 1) < 0.01
    months = [
        r["month"]
        for r in csv_rows(
            run("stats", "--group-by", "month", "--json").stdout
            and run("stats", "--group-by", "month").stdout
        )
    ]
    assert "2023-03" in months and "2024-12" in months
    assert json.loads(run("stats", "--json").stdout)[0]["target_side"] == "beijing"


def test_stats_takes_the_shared_filters_as_compare_does(run, loaded):
    """--by is the actor filter every listing has; the grouping is --group-by."""
    by_china = csv_rows(run("stats", "--group-by", "topic", "--by", "china").stdout)
    compared = csv_rows(run("compare", "--by", "china").stdout)
    assert sum(int(r["allegations"]) for r in by_china) == len(
        {r["allegation_id"] for r in compared}
    )
    assert sum(int(r["allegations"]) for r in csv_rows(run("stats").stdout)) == 47
    kinds = csv_rows(run("stats", "--group-by", "kind", "--kind", "denial").stdout)
    assert kinds and {r["reply_kind"] for r in kinds} == {"denial"}
    assert run("stats", "--by", "kind").exit_code == 1  # an actor filter now: no such actor


# ---------------------------------------------------------------- timeline


def test_timeline_orders_threads_by_date_with_a_thread_column(run, loaded):
    rows = csv_rows(run("timeline", "--article", "004").stdout)
    roots = [r for r in rows if r["relation"] == "statement"]
    assert roots[0]["thread"] == roots[0]["id"]
    dated = [r["date"] for r in roots if r["date"]]
    assert dated == sorted(dated)
    replies = [r for r in rows if r["thread"] == "004-a1" and r["relation"] == "reply"]
    assert {r["id"] for r in replies} >= {"004-r2", "004-r3"}


def test_timeline_tree_in_a_terminal(run, loaded):
    result = run("timeline", "--article", "003", "--format", "table", env={"NO_COLOR": "1"})
    assert "003-a3" in result.stdout and "└──" in result.stdout


# ---------------------------------------------------------------- unanswered for fact-checkers


def test_unanswered_gives_days_open_and_checked_until(run, loaded):
    rows = {
        r["allegation_id"]: r for r in csv_rows(run("unanswered", "--as-of", "2025-01-01").stdout)
    }
    counter = rows["004-r3"]  # dated 2024-12-11, Ottawa never answered
    assert counter["days_open"] == "21"
    assert counter["checked_until"] == "2024-12-11"
    undated = rows["000-a2"]  # undated: counted from its article's date, 2023-05-05
    assert undated["days_open"] == str((date(2025, 1, 1) - date(2023, 5, 5)).days)


def test_unanswered_older_than(run, loaded):
    rows = csv_rows(run("unanswered", "--as-of", "2025-01-01", "--older-than", "30").stdout)
    assert rows and all(int(r["days_open"]) > 30 for r in rows)
    assert "004-r3" not in {r["allegation_id"] for r in rows}


def test_checked_until_is_empty_when_the_side_never_speaks(run, db_path, tmp_path):
    from conftest import FIXTURES

    run("load", str(FIXTURES / "actors.json"))
    path = tmp_path / "b.json"
    path.write_text(
        json.dumps(
            {
                "article": {
                    "id": "n1",
                    "title": "t",
                    "published": "2024-01-10",
                    "text": "Ottawa accused Beijing.",
                },
                "statements": [
                    {
                        "id": "n1-a1",
                        "article": "n1",
                        "role": "allegation",
                        "speaker": "Canada",
                        "target": "China",
                        "quote": "Ottawa accused Beijing.",
                    }
                ],
            }
        )
    )
    run("load", str(path))
    [row] = csv_rows(run("unanswered").stdout)
    assert row["checked_until"] == ""


# ---------------------------------------------------------------- sql


def test_sql_reads_with_named_parameters_in_any_format(run, loaded):
    result = run(
        "sql",
        "select id, topic from statements where topic = :t order by id limit 2",
        "-p",
        "t",
        "police stations",
        "--json",
    )
    assert json.loads(result.stdout) == [
        {"id": "000-a15", "topic": "police stations"},
        {"id": "001-a1", "topic": "police stations"},
    ]


def test_sql_refuses_writes_attach_and_pragma_changes(run, loaded):
    before = loaded.read_bytes()
    for statement in (
        "delete from statements",
        "attach database 'x.db' as x",
        "pragma user_version = 7",
        "drop view comparison",
    ):
        result = run("sql", statement)
        assert result.exit_code == 1, statement
        assert "read-only" in result.stderr and result.stderr.count("\n") == 1
    assert loaded.read_bytes() == before
    version = run("sql", "pragma user_version").stdout.strip().splitlines()[-1]
    assert version == str(SCHEMA_VERSION)


def test_sql_syntax_error_is_a_one_line_error(run, loaded):
    result = run("sql", "selec 1")
    assert result.exit_code == 1 and "syntax error" in result.stderr


# ---------------------------------------------------------------- ClaimReview


def test_claimreview_has_googles_required_properties(run, loaded):
    result = run(
        "export", "claimreview", "--url-prefix", "https://fc.example/c/", "--as-of", "2025-01-01"
    )
    reviews = json.loads(result.stdout)
    allegations = query(
        loaded,
        "SELECT count(*) FROM statements WHERE role = 'allegation' OR kind = 'counter-accusation'",
    )[0][0]
    assert len(reviews) == allegations
    texts = dict(query(loaded, "SELECT id, text FROM articles"))
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["url"].startswith("https://fc.example/c/")
        assert review["author"]["name"] and review["datePublished"] == "2025-01-01"
        assert (
            review["reviewRating"]["@type"] == "Rating" and review["reviewRating"]["alternateName"]
        )
        claim = review["itemReviewed"]
        # An unknown source has no author rather than an invented one (test_trust).
        assert claim["@type"] == "Claim" and claim.get("author", {"name": "?"})["name"]
        assert claim["appearance"]["@type"] == "CreativeWork"
        assert any(review["claimReviewed"] in text for text in texts.values())
    by_url = {r["url"].rsplit("/", 1)[1]: r for r in reviews}
    assert by_url["004-r3"]["reviewRating"]["alternateName"] == "Unanswered by Ottawa"
    assert by_url["004-a1"]["reviewRating"]["alternateName"] == "Rejected by Beijing as slander"
    assert "Canada's own human rights record is full of problems" in by_url["004-a1"]["reviewBody"]


# ---------------------------------------------------------------- Datasette


def test_datasette_serves_the_comparison_view_exactly_as_compare_prints_it(run, loaded, tmp_path):
    from datasette.app import Datasette

    metadata = json.loads(run("metadata").stdout)
    assert "reply_kind" in metadata["databases"]["claimtrack"]["tables"]["comparison"]["facets"]

    async def fetch() -> list[dict]:
        datasette = Datasette([str(loaded)], metadata=metadata)
        try:
            response = await datasette.client.get(
                "/claimtrack/comparison.json?_shape=array&_size=max"
            )
        finally:
            # Datasette's worker threads would outlive the test, and a later test that
            # forks worker processes (extract --jobs) could fork while one holds a lock.
            datasette.executor.shutdown(wait=True)
        assert response.status_code == 200
        return response.json()

    assert asyncio.run(fetch()) == json.loads(run("compare", "--json").stdout)


def test_metadata_writes_a_file(run, loaded, tmp_path):
    target = tmp_path / "metadata.json"
    assert run("metadata", "-o", str(target)).exit_code == 0
    tables = json.loads(target.read_text())["databases"]["claimtrack"]["tables"]
    assert tables["unanswered"]["columns"]["checked_until"].startswith("Latest article")


# ---------------------------------------------------------------- shaping and safety


def test_columns_sort_and_limit(run, loaded):
    rows = csv_rows(
        run(
            "unanswered",
            "--columns",
            "allegation_id,alleged_on",
            "--sort",
            "alleged_on:desc",
            "--limit",
            "3",
        ).stdout
    )
    assert [list(r) for r in rows] == [["allegation_id", "alleged_on"]] * 3
    assert rows[0]["alleged_on"] == "2024-12-11"
    bad = run("compare", "--columns", "nope")
    assert bad.exit_code == 2 and "no column 'nope'" in bad.stderr
    assert run("compare", "--sort", "lag_days:sideways").exit_code == 2


def test_excel_safe_defuses_formulas(run, loaded, tmp_path):
    write_jsonl(
        tmp_path / "f.jsonl",
        [
            {
                "id": "f-1",
                "article": "001",
                "role": "allegation",
                "speaker": "rcmp",
                "target": "china",
                "quote": "Montreal",
                "summary": '=HYPERLINK("http://evil")',
                "topic": "formula",
            }
        ],
    )
    run("load", str(tmp_path / "f.jsonl"))
    plain = csv_rows(run("allegations", "--topic", "formula").stdout)[0]
    safe = csv_rows(run("allegations", "--topic", "formula", "--excel-safe").stdout)[0]
    assert plain["summary"].startswith("=") and safe["summary"].startswith("'=")
    assert safe["start"] == plain["start"]


def test_shell_completion_script_is_available(run):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    result = CliRunner().invoke(
        cli, [], env={"_CLAIMTRACK_COMPLETE": "bash_source"}, prog_name="claimtrack"
    )
    assert "_claimtrack_completion" in result.output


def test_progress_bar_only_when_stderr_is_a_terminal():
    from claimtrack.render import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    piped = io.StringIO()
    assert list(progress(list(range(5)), "pairing", piped)) == [0, 1, 2, 3, 4]
    assert piped.getvalue() == ""
    terminal = Terminal()
    assert list(progress(list(range(5)), "pairing", terminal)) == [0, 1, 2, 3, 4]
    assert "pairing" in terminal.getvalue()


def test_pair_prints_no_progress_when_piped(run, loaded):
    result = run("pair", "--min-score", "0.99")
    assert "━" not in result.stderr and "\x1b" not in result.stderr


def test_unanswered_in_a_terminal_shows_claim_quote_and_source(run, loaded):
    result = run(
        "unanswered",
        "--article",
        "004",
        "--format",
        "table",
        env={"NO_COLOR": "1", "COLUMNS": "250"},
    )
    assert result.exit_code == 0
    assert "Canada's own human rights record is full of problems" in result.stdout
    assert "checked until 2024-12-11" in result.stdout and "open " in result.stdout

"""Answers an analyst can trust: no silent empty results, no silently dropped rows,
curation that sticks, output that loads back (issue 14)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import FIXTURES, query, write_jsonl

from claimtrack.model import ARTICLE_COLUMNS


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


def load_edited_array(run, tmp_path, index: int, field: str, value: str):
    """Article 002's allegations as `allegations --json` prints them, one field of one
    record changed, loaded back from a .json file; returns (result, records)."""
    path = tmp_path / "a.json"
    records = json.loads(run("allegations", "--json", "--article", "002").stdout)
    records[index][field] = value
    path.write_text(json.dumps(records), "utf-8")
    return run("load", str(path)), records


def test_a_json_array_of_statements_loads_back(run, loaded, tmp_path):
    result, records = load_edited_array(run, tmp_path, 0, "summary", "Edited in a JSON array.")
    assert result.exit_code == 0, result.stderr
    assert "statements: 0 new, 1 updated" in result.stderr
    assert query(loaded, "SELECT summary FROM statements WHERE id = ?", (records[0]["id"],)) == [
        ("Edited in a JSON array.",)
    ]


def test_a_bad_record_in_a_json_array_names_its_index(run, loaded, tmp_path):
    result, records = load_edited_array(run, tmp_path, 1, "role", "accusation")
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


def test_load_warns_about_repeats_within_the_load_and_not_about_a_second_target(
    run, loaded, tmp_path
):
    record = json.loads(run("allegations", "--json", "--article", "002").stdout)[0]
    records = [
        dict(record, id="002-new-1"),  # repeats the curated statement
        dict(record, id="002-new-2"),  # repeats it too (the earliest is named)
        dict(record, id="002-new-3", target="canada", target_side=None),  # another target
    ]
    result = run("load", str(write_jsonl(tmp_path / "again.jsonl", records)))
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "repeats" in line]
    assert warned == [
        f"warning: statement '002-new-{n}' repeats '{record['id']}' (same article, speaker, "
        "target and quote) under a new id"
        for n in (1, 2)
    ]


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


# ---------------------------------------------------------------- 2. dates


def test_since_keeps_undated_statements_by_their_articles_date(run, loaded):
    everything = csv_rows(run("unanswered").stdout)
    assert any(r["date_basis"] == "article" for r in everything)
    assert csv_rows(run("unanswered", "--since", "2000").stdout) == everything
    assert run("stats", "--since", "2000").stdout == run("stats").stdout
    undated = query(loaded, "SELECT count(*) FROM statements WHERE date IS NULL")[0][0]
    listed = csv_rows(run("allegations", "--since", "2000").stdout)
    assert len(listed) == len(csv_rows(run("allegations").stdout)) and undated


def test_until_uses_the_articles_date_for_undated_statements(run, loaded):
    rows = csv_rows(run("compare", "--until", "2023-03-01", "--article", "002").stdout)
    undated = [r for r in rows if r["date_basis"] == "article"]
    assert undated and {r["alleged_on"] for r in undated} == {"2023-03-01"}
    assert csv_rows(run("compare", "--until", "2023-02-28", "--article", "002").stdout) == []


@pytest.mark.parametrize(
    ("command", "column"),
    [("compare", "date_basis"), ("unanswered", "date_basis"), ("timeline", "date_basis")],
)
def test_a_date_basis_column_says_whose_date_is_shown(run, loaded, command, column):
    rows = csv_rows(run(command).stdout)
    bases = {r[column] for r in rows}
    assert bases == {"statement", "article"}
    date_column = "alleged_on" if "alleged_on" in rows[0] else "date"
    assert all(r[date_column] for r in rows if r[column] == "article")


def test_search_shows_the_date_basis(run, loaded):
    rows = csv_rows(run("search", "embassy").stdout)
    assert {r["date_basis"] for r in rows} <= {"statement", "article"} and rows


def one_statement(loaded, **fields) -> dict:
    text = query(loaded, "SELECT text FROM articles WHERE id = '004'")[0][0]
    quote = text[200:260]
    record = {
        "id": "t-1",
        "article": "004",
        "role": "allegation",
        "speaker": "Canada",
        "target": "China",
        "quote": quote,
    }
    record.update(fields)
    return record


def test_load_refuses_a_date_after_the_articles_date(run, loaded, tmp_path):
    path = write_jsonl(tmp_path / "late.jsonl", [one_statement(loaded, date="2025-01-02")])
    result = run("load", str(path))
    assert result.exit_code == 1
    assert "late.jsonl:1: field 'date': 2025-01-02 is after the article's date 2024-12-11" in (
        result.stderr
    )
    assert query(loaded, "SELECT count(*) FROM statements WHERE id = 't-1'") == [(0,)]


def test_an_ambiguous_date_is_refused_unless_the_order_is_given(run, loaded, tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [one_statement(loaded, date="09/03/2023")])
    result = run("load", str(path))
    assert result.exit_code == 1
    assert "'09/03/2023' is ambiguous" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert run("load", "--dayfirst", str(path)).exit_code == 0
    assert query(loaded, "SELECT date FROM statements WHERE id = 't-1'") == [("2023-03-09",)]
    assert run("load", "--monthfirst", str(path)).exit_code == 0
    assert query(loaded, "SELECT date FROM statements WHERE id = 't-1'") == [("2023-09-03",)]
    unambiguous = write_jsonl(tmp_path / "u.jsonl", [one_statement(loaded, date="13/03/2023")])
    assert run("load", str(unambiguous)).exit_code == 0
    assert run("compare", "--since", "09/03/2023").exit_code == 2


def test_load_counts_date_phrases_it_cannot_resolve(run, loaded, tmp_path):
    records = [
        one_statement(loaded, date_phrase="recently"),
        one_statement(loaded, id="t-2", date_phrase="next week", target="Chinese Embassy"),
    ]
    result = run("load", str(write_jsonl(tmp_path / "vague.jsonl", records)))
    assert result.exit_code == 0, result.stderr
    assert "2 date phrases could not be resolved to a date ('recently', 'next week')" in (
        result.stderr
    )
    assert query(loaded, "SELECT date FROM statements WHERE id IN ('t-1', 't-2')") == [
        (None,),
        (None,),
    ]


# ---------------------------------------------------------------- 3. search


def test_search_finds_word_forms(run, loaded):
    station = csv_rows(run("search", "station").stdout)
    assert len(station) >= 11
    assert station == csv_rows(run("search", "stations").stdout)
    plain = csv_rows(run("search", "slander OR smear").stdout)
    assert len(plain) == len(csv_rows(run("search", "slander* OR smear*").stdout)) >= 5


@pytest.mark.parametrize("text", ["Canada's", "counter-accusation", "U.S.", "Mao Ning's remarks"])
def test_punctuation_is_searched_as_text(run, loaded, text):
    result = run("search", text)
    assert result.exit_code == 0, result.stderr


def test_fts_syntax_still_works_when_written(run, loaded):
    phrase = csv_rows(run("search", '"police stations"').stdout)
    near = csv_rows(run("search", "NEAR(police stations, 2)").stdout)
    assert phrase and near
    both = csv_rows(run("search", "(slander OR smear) AND China").stdout)
    assert both and all("china" in (r["quote"] + r["summary"]).lower() for r in both)
    canada = csv_rows(run("search", "Canada's").stdout)
    assert canada and all("canada" in (r["quote"] + r["summary"]).lower() for r in canada)


def test_a_malformed_query_is_exit_1_with_a_hint(run, loaded):
    result = run("search", "police AND")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "close every double quote and parenthesis" in result.stderr


def test_an_old_database_is_reindexed_with_the_stemmer(tmp_path):
    import shutil

    from conftest import ROOT

    from claimtrack.db import open_db

    old = tmp_path / "old.sqlite"
    shutil.copy(ROOT / "tests" / "data" / "schema_v1.sqlite", old)
    open_db(old).close()
    sql = query(old, "SELECT sql FROM sqlite_master WHERE name = 'statements_fts'")[0][0]
    assert "porter" in sql
    found = query(old, "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'station'")
    assert found[0][0] > 0


# ---------------------------------------------------------------- 5. point in time


def test_unanswered_as_of_shows_what_was_known_that_day(run, loaded):
    rows = csv_rows(run("unanswered", "--as-of", "2023-05-02").stdout)
    ids = {r["allegation_id"] for r in rows}
    assert "000-a6" in ids  # made 2023-05-01; the replies came on 2023-05-04 and after
    assert all(int(r["days_open"]) >= 0 for r in rows if r["days_open"])
    assert all(r["alleged_on"][:10] <= "2023-05-02" for r in rows)
    assert all(r["checked_until"] <= "2023-05-02" for r in rows if r["checked_until"])
    assert "000-a6" not in {r["allegation_id"] for r in csv_rows(run("unanswered").stdout)}


def test_unanswered_as_of_before_every_allegation_is_empty(run, loaded):
    result = run("unanswered", "--as-of", "1990-01-01")
    assert result.exit_code == 0 and csv_rows(result.stdout) == []
    ancient = csv_rows(run("unanswered", "--as-of", "2020-01-01").stdout)
    assert all(int(r["days_open"]) >= 0 for r in ancient if r["days_open"])


# ---------------------------------------------------------------- 6. ClaimReview


def schemaorg() -> dict:
    from conftest import ROOT

    return json.loads((ROOT / "tests" / "data" / "schemaorg_properties.json").read_text("utf-8"))


def properties_of(vocabulary: dict, type_name: str) -> set[str]:
    names: set[str] = set()
    while type_name:
        names.update(vocabulary[type_name])
        type_name = vocabulary["_parents"].get(type_name)
    return names


def schema_problems(node: dict, vocabulary: dict, path: str = "") -> list[str]:
    """Every property not defined for its node's @type, and every value of a type the
    property does not take."""
    problems = []
    allowed = properties_of(vocabulary, node["@type"])
    for name, value in node.items():
        if name in ("@type", "@context"):
            continue
        if name not in allowed:
            problems.append(f"{path}{node['@type']}.{name}")
        if isinstance(value, dict):
            expected = vocabulary["_ranges"].get(name)
            if expected and value.get("@type") not in expected:
                problems.append(f"{path}{name} is a {value.get('@type')}, not {expected}")
            problems += schema_problems(value, vocabulary, f"{path}{name}/")
    return problems


def reviews(run, *args) -> list[dict]:
    result = run("export", "claimreview", "--as-of", "2025-01-01", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_claimreview_uses_only_schema_org_properties(run, loaded):
    vocabulary = schemaorg()
    found = reviews(run)
    assert len(found) == 47
    for review in found:
        assert schema_problems(review, vocabulary) == []
        assert review["claimReviewed"] and review["reviewRating"]["alternateName"]


def test_claimreview_types_people_as_persons_and_omits_unknown_authors(run, loaded):
    authors = {}
    for review in reviews(run):
        author = review["itemReviewed"].get("author")
        if author:
            authors[author["name"]] = author["@type"]
        else:
            assert review["url"].rsplit("/", 1)[1] in {
                r[0]
                for r in query(
                    loaded,
                    "SELECT s.id FROM statements s JOIN actors a ON a.id = s.speaker_id"
                    " WHERE a.kind = 'unknown'",
                )
            }
    people = ("Mao Ning", "Melanie Joly", "Justin Trudeau", "Charles Poirier")  # an RCMP sergeant
    assert {authors[n] for n in people} == {"Person"}
    assert authors["China"] == authors["The Globe and Mail"] == "Organization"
    assert authors["Royal Canadian Mounted Police"] == "Organization"
    assert "Unattributed" not in authors


def test_claimreview_appearance_falls_back_to_the_article_id_and_date(run, loaded):
    appearances = {
        r["url"]: r["itemReviewed"]["appearance"] for r in reviews(run, "--article", "004")
    }
    assert appearances
    for appearance in appearances.values():
        assert appearance["identifier"] == "004"
        assert appearance["datePublished"] == "2024-12-11"
        assert "headline" not in appearance and "url" not in appearance


def test_claimreview_streams_the_same_bytes_as_one_document(run, loaded):
    from claimtrack.render import script_safe_json

    text = run("export", "claimreview", "--as-of", "2025-01-01").stdout
    assert text == script_safe_json(json.loads(text))
    assert (
        run("export", "claimreview", "--article", "004", "--topic", "police stations").stdout
        == "[]\n"
    )


# ---------------------------------------------------------------- 9. bad input all at once


def good_records(run) -> list[dict]:
    return json.loads(run("allegations", "--json", "--article", "002").stdout)


def test_every_bad_record_is_reported_in_one_run(run, loaded, tmp_path):
    records = good_records(run)
    records[0]["role"] = "allegaton"
    records[1]["speaker"] = "Mao Nign"
    records[2]["date"] = "2023-02-30"
    path = write_jsonl(tmp_path / "four.jsonl", records)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": \n')
    before = loaded.read_bytes()
    result = run("load", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().split("\n")
    assert [line.split(": field")[0].split(": not")[0] for line in lines[:4]] == [
        f"Error: {path}:1",
        f"Error: {path}:2",
        f"Error: {path}:3",
        f"Error: {path}:{len(records) + 1}",
    ]
    assert "did you mean 'Mao Ning'" in lines[1]
    assert lines[4] == "Error: 4 bad records; nothing was written"
    assert loaded.read_bytes() == before


def test_max_errors_stops_the_list(run, loaded, tmp_path):
    records = [dict(r, role="rumour") for r in good_records(run)]
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    result = run("load", "--max-errors", "2", str(path))
    lines = result.stderr.strip().split("\n")
    assert result.exit_code == 1 and len(lines) == 3
    assert lines[-1] == "Error: stopped after 2 bad records (--max-errors 2); nothing was written"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_load_reads_standard_input(run, loaded, fmt):
    record = good_records(run)[0]
    text = run("allegations", "--article", "002", "--format", fmt).stdout
    edited = text.replace(record["summary"], "Edited through standard input.", 1)
    result = run("load", "-", "--format", fmt, input=edited)
    assert result.exit_code == 0, result.stderr
    assert "statements: 0 new, 1 updated" in result.stderr
    summary = query(loaded, "SELECT summary FROM statements WHERE id = ?", (record["id"],))
    assert summary == [("Edited through standard input.",)]


def test_a_bad_record_on_standard_input_is_named_stdin(run, loaded):
    result = run("load", "-", input='{"id": \n')
    assert result.exit_code == 1
    assert result.stderr == "Error: <stdin>:1: not valid JSON (Expecting value at column 1)\n"


def test_csv_with_semicolons_is_detected_and_other_separators_given(run, loaded, tmp_path):
    table = list(csv.reader(io.StringIO(run("allegations", "--article", "002", "--csv").stdout)))
    for name, separator in (("semi.csv", ";"), ("pipes.csv", "|")):
        out = io.StringIO()
        csv.writer(out, delimiter=separator, lineterminator="\n").writerows(table)
        (tmp_path / name).write_text(out.getvalue(), "utf-8")
    result = run("load", str(tmp_path / "semi.csv"))
    assert result.exit_code == 0, result.stderr
    assert f"{len(table) - 1} unchanged" in result.stderr
    refused = run("load", str(tmp_path / "pipes.csv"))
    assert refused.exit_code == 1 and "give --delimiter" in refused.stderr
    result = run("load", "--delimiter", "|", str(tmp_path / "pipes.csv"))
    assert result.exit_code == 0, result.stderr
    assert f"{len(table) - 1} unchanged" in result.stderr


@pytest.mark.parametrize(
    ("encoding", "text", "named"),
    [
        ("cp1252", "The embassy called it \u201cslander\u201d \u2013 caf\u00e9", "CP1252"),
        ("latin-1", "Montr\u00e9al, caf\u00e9", "LATIN1"),
        ("utf-16", "Montr\u00e9al", "UTF-16"),
        ("gb18030", "\u5916\u4ea4\u90e8\u53d1\u8a00\u4eba\u8868\u793a", "GB18030"),
    ],
)
def test_a_file_that_is_not_utf8_names_its_likely_encoding(
    run, loaded, tmp_path, encoding, text, named
):
    path = tmp_path / "old.jsonl"
    record = {"id": "x", "article": "002", "role": "allegation", "quote": text}
    path.write_bytes(json.dumps(record, ensure_ascii=False).encode(encoding))
    result = run("load", str(path))
    assert result.exit_code == 1
    assert f"{path}: not UTF-8 text" in result.stderr and f"looks like {named}" in result.stderr
    assert "iconv -f" in result.stderr


def test_ctrl_c_says_nothing_was_written(run, db_path, monkeypatch):
    import claimtrack.load

    real = claimtrack.load.read_file
    files = []

    def interrupted(path, *args):
        files.append(path)
        if len(files) == 4:  # the registry and two bundles are in the transaction
            raise KeyboardInterrupt
        return real(path, *args)

    monkeypatch.setattr(claimtrack.load, "read_file", interrupted)
    result = run("load", str(FIXTURES))
    assert result.exit_code == 130
    assert result.stderr == f"Error: {db_path}: interrupted (Ctrl-C); nothing was written\n"
    # The file the load was creating is left without rows, or without tables at all.
    tables = query(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    for (table,) in tables:
        if table in ("statements", "actors", "articles", "reply_links"):
            assert query(db_path, f"SELECT count(*) FROM {table}") == [(0,)]


# ---------------------------------------------------------------- 10. at a terminal


def test_a_narrow_terminal_table_shows_the_columns_that_fit(run, loaded):
    result = run("allegations", "--format", "table", env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0
    header = result.stdout.splitlines()[1]
    assert [c.strip() for c in header.strip("┃ ").split("┃")] == [
        "id",
        "speaker",
        "kind",
        "summary",
    ]
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "4 of 16 columns fit this terminal" in result.stderr
    wide = run("allegations", "--format", "table", env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert "quote" not in header and "quote" in wide.stdout.splitlines()[1]


def test_columns_and_piped_formats_keep_every_column(run, loaded):
    chosen = run(
        "search",
        "police",
        "--format",
        "table",
        "--columns",
        "id,quote,article,date",
        env={"COLUMNS": "80"},
    )
    assert [c.strip() for c in chosen.stdout.splitlines()[1].strip("┃ ").split("┃")] == [
        "id",
        "quote",
        "article",
        "date",
    ]
    assert chosen.stderr == ""
    piped = csv_rows(run("articles", env={"COLUMNS": "80"}).stdout)
    assert tuple(piped[0]) == ARTICLE_COLUMNS


def test_sort_takes_several_keys(run, loaded):
    rows = csv_rows(run("compare", "--sort", "target_side,lag_days:desc").stdout)
    sides = [r["target_side"] for r in rows]
    assert sides == sorted(sides)
    for side in set(sides):
        lags = [int(r["lag_days"]) for r in rows if r["target_side"] == side and r["lag_days"]]
        assert lags == sorted(lags, reverse=True)
        empty = [r["lag_days"] for r in rows if r["target_side"] == side]
        assert empty[len(lags) :] == [""] * (len(empty) - len(lags))  # empty values last
    bad = run("compare", "--sort", "target_side,nope")
    assert bad.exit_code == 2 and "cannot sort on 'nope'" in bad.stderr


def complete(db, words: str) -> list[str]:
    from click.testing import CliRunner

    from claimtrack.cli import cli

    env = {
        "_CLAIMTRACK_COMPLETE": "bash_complete",
        "COMP_WORDS": words.replace("DB", str(db)),
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="claimtrack")
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def test_shell_completion_offers_actors_topics_kinds_and_articles(loaded):
    assert complete(loaded, "claimtrack --db DB compare --by Mao") == ["Mao Ning"]
    assert complete(loaded, "claimtrack compare --db DB --topic pol") == ["police stations"]
    assert complete(loaded, "claimtrack --db DB responses --kind de") == ["denial", "deflection"]
    assert complete(loaded, "claimtrack --db DB actors --kind sta") == ["state"]
    assert complete(loaded, "claimtrack --db DB unanswered --article ") == [
        "000",
        "001",
        "002",
        "003",
        "004",
    ]
    assert complete(loaded.parent / "none.db", "claimtrack --db DB compare --by M") == []
    assert not (loaded.parent / "none.db").exists()


def run_in_a_terminal(args: list[str], env: dict) -> tuple[int, str]:
    """Run claimtrack with stdout on a pseudo-terminal; returns (exit code, what the
    terminal showed)."""
    import os
    import subprocess
    import sys
    import threading

    master, slave = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", *args],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "100", "LINES": "20", "NO_COLOR": "1", **env},
    )
    os.close(slave)
    shown = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    code = process.wait(timeout=120)
    reader.join(timeout=10)
    os.close(master)
    return code, b"".join(shown).decode("utf-8", "replace")


@pytest.mark.slow
def test_long_output_at_a_terminal_goes_through_the_pager(loaded, tmp_path):
    paged = tmp_path / "paged.txt"
    env = {"PAGER": f"cat > {paged}"}
    code, shown = run_in_a_terminal(["--db", str(loaded), "allegations"], env)
    assert code == 0 and "000-a1" in paged.read_text("utf-8") and "000-a1" not in shown
    paged.unlink()
    for args in (["--no-pager", "allegations"], ["allegations", "--no-pager"]):
        code, shown = run_in_a_terminal(["--db", str(loaded), *args], env)
        assert code == 0 and "000-a1" in shown and not paged.exists()
    code, shown = run_in_a_terminal(["--db", str(loaded), "allegations"], {"PAGER": "cat"})
    assert code == 0 and "000-a1" in shown


@pytest.mark.slow
def test_demo_at_a_terminal_prints_without_the_pager(tmp_path):
    paged = tmp_path / "paged.txt"
    database = tmp_path / "demo.db"
    code, shown = run_in_a_terminal(["--db", str(database), "demo"], {"PAGER": f"cat > {paged}"})
    assert code == 0 and "000-a1" in shown and not paged.exists()

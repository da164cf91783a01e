"""Loading: every format, idempotence, dry runs, and every class of bad input.

Bad input must end in one line naming file, line or record, field and expectation;
exit code 1; the database byte-for-byte as it was.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, query, write_jsonl

from claimtrack.store import STATEMENT_ROW

TEXT = (
    "Ottawa accused Beijing of running police stations in Montreal, the RCMP said on Thursday. "
    "The Chinese embassy called the claims “baseless” on Friday. "
    "The embassy did not respond to a request for comment on Montreal."
)


def bundle(tmp_path: Path, statements: list[dict] | None = None, **article) -> Path:
    """A small self-contained bundle: one article, one new actor, two statements."""
    data = {
        "article": {
            "id": "t1",
            "title": "Test article",
            "outlet": "Test Wire",
            "url": None,
            "published": "2023-03-10",
            "published_basis": "explicit: test",
            "text": TEXT,
            **article,
        },
        "actors": [
            {
                "id": "test-ngo",
                "name": "Test NGO",
                "side": "other",
                "kind": "ngo",
                "aliases": ["TNGO"],
            }
        ],
        "statements": statements
        if statements is not None
        else [
            {
                "id": "t1-a1",
                "article": "t1",
                "role": "allegation",
                "speaker": "RCMP",
                "target": "china",
                "topic": "Police Stations",
                "summary": "Ottawa says Beijing runs police stations.",
                "quote": "Ottawa accused Beijing of running police stations in Montreal, the RCMP said on Thursday.",
                "date_phrase": "on Thursday",
            },
            {
                "id": "t1-r1",
                "article": "t1",
                "role": "response",
                "kind": "rejection",
                "speaker": "the Chinese Embassy",
                "topic": "police stations",
                "summary": "The embassy calls the claims baseless.",
                "quote": "The Chinese embassy called the claims “baseless” on Friday.",
                "date": "2023-03-10",
                "date_phrase": "on Friday",
                "replies_to": ["t1-a1"],
            },
        ],
    }
    path = tmp_path / "t1.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def snapshot(db: Path) -> bytes | None:
    return db.read_bytes() if db.exists() else None


def assert_rejected(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert "\n" not in message, message
    assert message.startswith("Error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in message, message


# ---------------------------------------------------------------- good input


def test_load_bundle_resolves_names_aliases_and_relative_dates(run, db_path, tmp_path):
    result = run("load", str(FIXTURES / "actors.json"), str(bundle(tmp_path)))
    assert result.exit_code == 0, result.stderr
    rows = query(
        db_path,
        "SELECT id, speaker_id, target_id, date, topic, quote_start FROM statements ORDER BY id",
    )
    assert rows == [
        ("t1-a1", "rcmp", "china", "2023-03-09", "police stations", 0),
        ("t1-r1", "china-embassy-canada", None, "2023-03-10", "police stations", 90),
    ]
    assert query(db_path, "SELECT origin FROM reply_links") == [("curated",)]


def test_reloading_the_same_files_changes_nothing_and_says_so(run, loaded):
    before = snapshot(loaded)
    result = run("load", str(FIXTURES))
    assert result.exit_code == 0
    assert "statements: 0 new, 0 updated, 81 unchanged" in result.stderr
    assert "links: 0 new, 0 updated, 114 unchanged" in result.stderr
    assert snapshot(loaded) == before


def test_reload_with_a_changed_summary_updates_in_place_and_keeps_links(run, db_path, tmp_path):
    path = bundle(tmp_path)
    run("load", str(FIXTURES / "actors.json"), str(path))
    data = json.loads(path.read_text("utf-8"))
    data["statements"][0]["summary"] = "Changed."
    path.write_text(json.dumps(data), "utf-8")
    result = run("load", str(path))
    assert "statements: 0 new, 1 updated, 1 unchanged" in result.stderr
    assert query(db_path, "SELECT summary FROM statements WHERE id = 't1-a1'") == [("Changed.",)]
    assert query(db_path, "SELECT count(*) FROM reply_links") == [(1,)]


def annotated(path: Path) -> Path:
    """The bundle at `path` with the development set's annotations on its statements."""
    data = json.loads(path.read_text("utf-8"))
    first, second = data["statements"]
    first.update(borderline=True, note="an act of state", alt_quotes=["police stations"])
    second.update(borderline=False, alt_quotes=[])
    annotated = path.with_name("annotated.json")
    annotated.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return annotated


def test_gold_annotations_load_and_the_database_keeps_none_of_them(run, db_path, tmp_path):
    """borderline, note and alt_quotes are for the evaluators, which read the files: a
    bundle carrying them loads the same rows as one without, and reloading either over
    the other changes nothing."""
    plain = bundle(tmp_path)
    assert run("load", str(FIXTURES / "actors.json"), str(annotated(plain))).exit_code == 0
    dump = f"SELECT {', '.join(STATEMENT_ROW)} FROM statements ORDER BY id"
    rows = query(db_path, dump)
    assert len(rows) == 2
    result = run("load", str(plain))
    assert result.exit_code == 0, result.stderr
    assert "statements: 0 new, 0 updated, 2 unchanged" in result.stderr
    assert query(db_path, dump) == rows
    columns = {r[1] for r in query(db_path, "PRAGMA table_info(statements)")}
    assert not columns & {"borderline", "note", "alt_quotes"}


def test_csv_carries_borderline_and_note_but_not_alt_quotes(run, loaded, tmp_path):
    path = tmp_path / "gold.csv"
    path.write_text(
        "id,article,role,speaker,kind,quote,borderline,note\n"
        "x-r1,004,response,Beijing,denial,Beijing denies the allegations.,TRUE,background\n"
        "x-r2,004,response,Beijing,denial,Beijing denies the allegations.,false,\n",
        "utf-8",
    )
    result = run("load", str(path))
    assert result.exit_code == 0, result.stderr
    assert query(loaded, "SELECT count(*) FROM statements WHERE id LIKE 'x-r%'") == [(2,)]
    path.write_text(path.read_text("utf-8").replace(",false,", ",no,"), "utf-8")
    assert_rejected(run("load", str(path)), f"{path}:3", "field 'borderline'", "true or false")
    quotes = tmp_path / "quotes.csv"
    quotes.write_text("id,article,role,speaker,quote,alt_quotes\n", "utf-8")
    before = snapshot(loaded)
    assert_rejected(run("load", str(quotes)), f"{quotes}:1", "'alt_quotes'", ".jsonl")
    assert snapshot(loaded) == before


def test_dry_run_validates_and_writes_nothing(run, db_path):
    run("load", str(FIXTURES / "actors.json"))  # a database holding only the actors
    before = snapshot(db_path)
    result = run("load", "--dry-run", str(FIXTURES))
    assert result.exit_code == 0
    assert result.stderr.startswith("would load 6 files; statements: 81 new")
    assert snapshot(db_path) == before
    assert query(db_path, "SELECT count(*) FROM statements") == [(0,)]


def test_jsonl_statements_load_against_an_article_already_in_the_database(run, loaded, tmp_path):
    path = write_jsonl(
        tmp_path / "extra.jsonl",
        [
            {
                "id": "x-1",
                "article": "001",
                "role": "allegation",
                "speaker": "safeguard defenders",
                "target": "CHINA",
                "topic": "police stations",
                "summary": "Stations in the Greater Toronto Area.",
                "quote": "including three in the Greater Toronto Area",
            }
        ],
    )
    result = run("load", str(path))
    assert result.exit_code == 0, result.stderr
    start, end = query(loaded, "SELECT quote_start, quote_end FROM statements WHERE id = 'x-1'")[0]
    text = query(loaded, "SELECT text FROM articles WHERE id = '001'")[0][0]
    assert text[start:end] == "including three in the Greater Toronto Area"


def test_csv_statements_with_semicolon_separated_replies(run, loaded, tmp_path):
    path = tmp_path / "extra.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "article", "role", "speaker", "kind", "quote", "replies_to", "start", "end"]
        )
        quote = "Beijing denies the allegations."
        text = query(loaded, "SELECT text FROM articles WHERE id = '004'")[0][0]
        start = text.index(quote)
        writer.writerow(
            [
                "x-r",
                "004",
                "response",
                "Beijing",
                "denial",
                quote,
                "004-a1; 004-a2",
                start,
                start + len(quote),
            ]
        )
    result = run("load", str(path))
    assert result.exit_code == 0, result.stderr
    assert query(
        loaded, "SELECT allegation_id FROM reply_links WHERE response_id = 'x-r' ORDER BY 1"
    ) == [
        ("004-a1",),
        ("004-a2",),
    ]


def test_listing_output_loads_back_unchanged(run, loaded, tmp_path):
    exported = run("allegations", "--json")
    records = json.loads(exported.stdout)
    path = write_jsonl(tmp_path / "roundtrip.jsonl", records)
    result = run("load", str(path))
    assert result.exit_code == 0, result.stderr
    assert "0 new, 0 updated, 47 unchanged" in result.stderr


# ---------------------------------------------------------------- bad input


def statement(**fields) -> dict:
    base = {
        "id": "t1-a9",
        "article": "t1",
        "role": "allegation",
        "speaker": "rcmp",
        "target": "china",
        "summary": "s",
        "quote": "Ottawa accused Beijing",
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not ...}


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("", ("empty file", "expected a JSON bundle")),
        ("not json", ("bad.json:1", "not valid JSON")),
        ('{"article": {"id": "t1", ', ("bad.json:1", "not valid JSON")),
        ("[1]", ("bad.json: [0]", "expected a JSON object (a statement), got int")),
        ("3", ("expected a bundle object", "or a list of statements, got a JSON int")),
        ('{"articel": {}}', ("unknown key 'articel'",)),
    ],
    ids=["empty", "not-json", "truncated", "array", "number", "unknown-key"],
)
def test_malformed_bundle_files(run, loaded, tmp_path, content, fragments):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    before = snapshot(loaded)
    assert_rejected(run("load", str(path)), str(path), *fragments)
    assert snapshot(loaded) == before


@pytest.mark.parametrize(
    ("record", "fragments"),
    [
        (statement(start="0", end=22), ("field 'start'", "expected a non-negative integer", "'0'")),
        (statement(summary=12), ("field 'summary'", "expected a string, got int")),
        (
            statement(role="claim"),
            ("field 'role'", "expected one of allegation, response", "'claim'"),
        ),
        (
            statement(role="response", kind="shrug", target=...),
            ("field 'kind'", "denial", "'shrug'"),
        ),
        (statement(role="response", kind=..., target=...), ("field 'kind'", "missing")),
        (
            statement(speaker="Mao Nign"),
            ("field 'speaker'", "unknown actor 'Mao Nign'", "did you mean 'Mao Ning'"),
        ),
        (statement(target=...), ("field 'target'", "missing")),
        (statement(date="2023-02-30"), ("field 'date'", "not a real date")),
        (
            statement(quote="Ottawa accused Moscow"),
            ("field 'quote'", "not found in the text of article 't1'"),
        ),
        (statement(start=1, end=23), ("field 'quote'", "text[1:23]", "the quote is at 0-22")),
        (statement(qoute="x"), ("field 'qoute'", "unknown field", "did you mean 'quote'")),
        (statement(article="nope"), ("field 'article'", "no article 'nope'")),
        (
            statement(speaker_side="ottawa", speaker="china"),
            ("field 'speaker_side'", "on side 'beijing'"),
        ),
        (
            statement(
                id="t1-r9", role="response", kind="denial", target=..., replies_to=["t1-a404"]
            ),
            ("field 'replies_to'", "no statement 't1-a404'"),
        ),
        (
            statement(id="t1-r9", role="response", kind="denial", target=..., replies_to=["t1-r1"]),
            ("field 'replies_to'", "'t1-r1' is a rejection response, not an allegation"),
        ),
        (statement(id="t1-a1"), ("field 'id'", "duplicate id 't1-a1'")),
        (
            statement(borderline="yes"),
            ("field 'borderline'", "expected true or false, got str 'yes'"),
        ),
        (statement(borderline=1), ("field 'borderline'", "expected true or false, got int 1")),
        (statement(note=["why"]), ("field 'note'", "expected a string, got list")),
        (
            statement(alt_quotes="Ottawa accused"),
            ("field 'alt_quotes'", "expected a list of quotes", "got str"),
        ),
        (
            statement(alt_quotes=["Ottawa accused", 3]),
            ("field 'alt_quotes'", "item 1: expected a non-empty string, got 3"),
        ),
        (
            statement(alt_quotes=["Ottawa accused Moscow"]),
            ("field 'alt_quotes'", "item 0 is not in the text of article 't1'"),
        ),
    ],
    ids=[
        "start-as-string",
        "summary-as-number",
        "unknown-role",
        "unknown-kind",
        "response-without-kind",
        "unknown-actor-with-suggestion",
        "allegation-without-target",
        "impossible-date",
        "quote-not-in-text",
        "offsets-off-by-one",
        "misspelt-field",
        "unknown-article",
        "side-contradicts-registry",
        "dangling-replies-to",
        "replies-to-a-response",
        "duplicate-id",
        "borderline-as-string",
        "borderline-as-number",
        "note-as-list",
        "alt-quotes-as-string",
        "alt-quote-not-a-string",
        "alt-quote-not-in-text",
    ],
)
def test_bad_statement_in_a_bundle_rejects_the_whole_load(
    run, db_path, tmp_path, record, fragments
):
    run("load", str(FIXTURES / "actors.json"))
    before = snapshot(db_path)
    path = bundle(tmp_path)
    data = json.loads(path.read_text("utf-8"))
    data["statements"].append(record)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = run("load", str(path))
    assert_rejected(result, f"{path}: statements[2]", *fragments)
    assert snapshot(db_path) == before
    assert query(db_path, "SELECT count(*) FROM statements") == [(0,)]


def test_a_file_of_good_records_with_one_bad_line_writes_nothing(run, loaded, tmp_path):
    good = statement(id="g-1", article="001", quote="Montreal and Brossard", target="china")
    records = [dict(good, id=f"g-{i}") for i in range(5)]
    records[3]["role"] = "allegaton"
    path = write_jsonl(tmp_path / "mixed.jsonl", records)
    before = snapshot(loaded)
    assert_rejected(run("load", str(path)), f"{path}:4", "field 'role'", "'allegaton'")
    assert snapshot(loaded) == before
    assert query(loaded, "SELECT count(*) FROM statements WHERE id LIKE 'g-%'") == [(0,)]


def test_bad_jsonl_line_names_its_line(run, loaded, tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('\n\n{"id": \n', "utf-8")
    assert_rejected(run("load", str(path)), f"{path}:3", "not valid JSON")


@pytest.mark.parametrize("form", ["jsonl", "bundle"])
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("quote", "Montreal and Brossard\ud800"),
        ("summary", "police \udc00stations"),
        ("topic", "\ud83d"),
        ("date_phrase", "on Friday\udfff"),
        ("speaker", "RCMP\ud800"),
        ("replies_to", ["001-a1\ud800"]),
        ("note", "background\udc00"),
        ("alt_quotes", ["Montreal\ud800"]),
    ],
)
def test_a_lone_surrogate_in_any_text_field_is_refused(run, loaded, tmp_path, form, name, value):
    # JSON escapes are the only way into a lone surrogate, which SQLite cannot store: the
    # reader spots them once per file or line, and every field is still checked.
    record = statement(id="s-1", article="001", quote="Montreal and Brossard")
    if name == "replies_to":
        record.update(role="response", kind="denial", target=None)
    record[name] = value
    if form == "jsonl":
        path = tmp_path / "odd.jsonl"
        path.write_text(json.dumps(record) + "\n", "utf-8")
        where = f"{path}:1"
    else:
        path = tmp_path / "odd.json"
        path.write_text(json.dumps({"statements": [record]}), "utf-8")
        where = f"{path}: statements[0] (id s-1)"
    before = snapshot(loaded)
    assert_rejected(
        run("load", str(path)), where, f"field '{name}'", "not valid Unicode text (unpaired"
    )
    assert snapshot(loaded) == before


def test_escaped_characters_outside_the_basic_plane_load_as_text(run, loaded, tmp_path):
    summary = "Police \U0001f693 stations, \u201cbaseless\u201d"
    record = statement(id="s-1", article="001", quote="Montreal and Brossard", summary=summary)
    path = tmp_path / "escaped.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")  # ensure_ascii: \ud83d\ude93
    assert "\\ud83d" in path.read_text("utf-8")
    assert run("load", str(path)).exit_code == 0
    assert query(loaded, "SELECT summary FROM statements WHERE id = 's-1'") == [(summary,)]


def test_csv_with_an_unknown_column_names_the_header(run, loaded, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,article,rolee\nx,001,allegation\n", "utf-8")
    assert_rejected(run("load", str(path)), f"{path}:1", "unknown column 'rolee'")


def test_bad_input_into_a_new_database_leaves_no_file(run, db_path, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{", "utf-8")
    assert_rejected(run("load", str(path)))
    assert not db_path.exists()


def test_unknown_actor_is_never_created_silently(run, loaded, tmp_path):
    path = write_jsonl(
        tmp_path / "x.jsonl", [statement(article="001", quote="Montreal", speaker="Justin Trudaeu")]
    )
    assert_rejected(
        run("load", str(path)), "unknown actor 'Justin Trudaeu'", "did you mean 'Justin Trudeau'"
    )
    assert query(loaded, "SELECT count(*) FROM actors WHERE name LIKE '%Trudaeu%'") == [(0,)]


def test_missing_path_and_wrong_suffix(run, loaded, tmp_path):
    assert_rejected(run("load", str(tmp_path / "nope.json")), "no such file or folder")
    other = tmp_path / "notes.txt"
    other.write_text("hello", "utf-8")
    assert_rejected(run("load", str(other)), "cannot load a '.txt' file")


def test_alias_that_already_means_another_actor(run, db_path, tmp_path):
    run("load", str(FIXTURES / "actors.json"))
    path = bundle(tmp_path)
    data = json.loads(path.read_text("utf-8"))
    data["actors"][0]["aliases"] = ["RCMP"]
    path.write_text(json.dumps(data), "utf-8")
    assert_rejected(run("load", str(path)), "field 'aliases'", "already means actor 'rcmp'")


def test_bundles_declaring_the_same_actor_identically_load_together(run, db_path, tmp_path):
    run("load", str(FIXTURES / "actors.json"))
    first = bundle(tmp_path)
    second_dir = tmp_path / "second"
    second_dir.mkdir()
    second = bundle(second_dir, statements=[], id="t2")
    assert run("load", str(first), str(second)).exit_code == 0
    data = json.loads(second.read_text("utf-8"))
    data["actors"][0]["side"] = "ottawa"
    second.write_text(json.dumps(data), "utf-8")
    assert_rejected(
        run("load", str(first), str(second)),
        "field 'id'",
        "actor 'test-ngo' is declared differently at",
    )


def search_index_state(db: Path) -> tuple:
    """(the insert trigger is there, the index passes its check, rows indexed)."""
    trigger = query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'statements_ai'")
    query(db, "INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')")
    indexed = query(db, "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'china'")
    return trigger[0][0], indexed[0][0]


def test_a_load_fills_the_search_index_once_and_keeps_its_trigger(run, loaded, tmp_path):
    """The load fills the index for its new rows after writing them; the insert trigger is
    back afterwards, whether the load committed, failed or was a dry run."""
    trigger, indexed = search_index_state(loaded)
    assert trigger == 1 and indexed > 20
    text = "Officials in China denied it; China's embassy protested."
    bundle = {
        "article": {"id": "new1", "text": text, "published": "2024-01-02"},
        "statements": [
            {
                "id": "new1-r1",
                "article": "new1",
                "role": "response",
                "kind": "denial",
                "speaker": "china",
                "quote": "Officials in China denied it",
            },
        ],
    }
    (tmp_path / "new.json").write_text(json.dumps(bundle), "utf-8")
    assert run("load", "--dry-run", str(tmp_path / "new.json")).exit_code == 0
    assert search_index_state(loaded) == (1, indexed)
    bad = {**bundle, "statements": [*bundle["statements"], {"id": "x", "role": "?"}]}
    (tmp_path / "bad.json").write_text(json.dumps(bad), "utf-8")
    assert run("load", str(tmp_path / "bad.json")).exit_code == 1
    assert search_index_state(loaded) == (1, indexed)
    assert run("load", str(tmp_path / "new.json")).exit_code == 0
    assert search_index_state(loaded) == (1, indexed + 1)
    found = list(csv.DictReader(run("search", "denied", "--article", "new1").stdout.splitlines()))
    assert [r["id"] for r in found] == ["new1-r1"]

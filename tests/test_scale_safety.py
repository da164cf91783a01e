"""Scale: the synthetic corpus, the streaming loader, streaming output and the benchmark.

The synthetic corpus is deterministic and loads in every form; the loader checks what
it always checked while holding only a batch in memory (duplicates across batches,
records that name actors and articles declared later in the load); CSV output starts
before the query ends; the benchmark runs end to end at a tiny size (a smoke test: no
figure is asserted).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, query, write_jsonl

import claimtrack.load
from claimtrack.cli import cli
from claimtrack.queries import Rows
from claimtrack.render import render
from claimtrack.synth import main as synth_main
from claimtrack.synth import write_corpus


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def load(db: Path, *paths: Path | str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), "load", *map(str, paths)])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def rows_of(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "statements": conn.execute("SELECT * FROM statements ORDER BY id").fetchall(),
            "links": conn.execute(
                "SELECT response_id, allegation_id, origin FROM reply_links ORDER BY 1, 2"
            ).fetchall(),
            "articles": conn.execute("SELECT * FROM articles ORDER BY id").fetchall(),
        }
    finally:
        conn.close()


#: The loader writes statements in batches of a few hundred here, so that a corpus of
#: SIZE statements crosses batch boundaries as a large load does (ids checked across
#: batches, a reload batch by batch), in a fifth of the time of 5,000 in batches of 2,000.
BATCH = 250
SIZE = 1200


@pytest.fixture(scope="module", autouse=True)
def small_batches():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(claimtrack.load, "_BATCH", BATCH)
        yield


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "corpus"
    write_corpus(folder, SIZE, 5, ("bundles", "jsonl", "csv"))
    return folder


# ---------------------------------------------------------------- the synthetic corpus


def test_the_same_seed_writes_the_same_bytes(tmp_path, capsys):
    for name in ("one", "two"):
        assert synth_main(["--statements", "400", "--seed", "9", str(tmp_path / name)]) == 0
    assert "wrote 400 statements" in capsys.readouterr().err
    assert digest(tmp_path / "one") == digest(tmp_path / "two")
    synth_main(["--statements", "400", "--seed", "10", str(tmp_path / "three")])
    assert digest(tmp_path / "three") != digest(tmp_path / "one")


def test_bad_synth_arguments_are_usage_errors(tmp_path):
    for args in (["--statements", "0"], ["--formats", "xml"], ["--prefix", "a b"]):
        with pytest.raises(SystemExit) as stopped:
            synth_main([*args, str(tmp_path / "out")])
        assert stopped.value.code == 2


@pytest.fixture(scope="module")
def form_dbs(synthetic, tmp_path_factory) -> dict[str, Path]:
    """The synthetic corpus loaded once in each form (bundles, JSONL, CSV), each into a
    database of its own, for the tests that read them or copy them."""
    manifest = json.loads((synthetic / "manifest.json").read_text("utf-8"))
    assert manifest["statements"] == SIZE
    folder = tmp_path_factory.mktemp("forms")
    dbs = {}
    for form in ("bundles", "jsonl", "csv"):
        dbs[form] = folder / f"{form}.db"
        summary = load(
            dbs[form], "--group-claims", *(synthetic / p for p in manifest["load"][form])
        )
        assert f"statements: {SIZE} new" in summary
        assert f"links: {manifest['links']} new" in summary
    return dbs


def test_every_form_loads_the_same_rows_and_every_quote_checks_out(form_dbs):
    loaded = {form: rows_of(db) for form, db in form_dbs.items()}
    assert loaded["bundles"] == loaded["jsonl"] == loaded["csv"]
    result = CliRunner().invoke(cli, ["--db", str(form_dbs["jsonl"]), "verify"])
    assert result.exit_code == 0, result.output
    statements = loaded["jsonl"]["statements"]
    assert {s[2] for s in statements} == {"allegation", "response"}
    assert sum(1 for s in statements if s[11]) > SIZE * 0.6  # most are dated: ISO or resolved
    assert any(not s[11] for s in statements)  # and some are not
    kinds = query(form_dbs["jsonl"], "SELECT DISTINCT kind FROM statements")
    assert len(kinds) >= 9  # every reply kind, and NULL for allegations


def test_corpora_with_different_prefixes_load_side_by_side(tmp_path):
    for prefix in ("aa", "bb"):
        write_corpus(tmp_path / prefix, 300, 1, ("jsonl",), prefix=prefix)
    db = tmp_path / "both.db"
    for prefix in ("aa", "bb"):
        folder = tmp_path / prefix
        load(db, folder / "actors.json", folder / "articles", folder / "statements.jsonl")
    assert query(db, "SELECT count(*) FROM statements") == [(600,)]


# ---------------------------------------------------------------- the streaming loader


@pytest.fixture
def many(synthetic, tmp_path) -> tuple[Path, list[str]]:
    """A database holding the synthetic articles, and the statement lines (more than two
    batches of them)."""
    db = tmp_path / "many.db"
    load(db, synthetic / "actors.json", synthetic / "articles")
    lines = (synthetic / "statements.jsonl").read_text("utf-8").splitlines()
    assert len(lines) > 2 * claimtrack.load._BATCH
    return db, lines


def rejected(db: Path, *paths: Path) -> str:
    before = db.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(db), "load", *map(str, paths)])
    assert result.exit_code == 1
    assert db.read_bytes() == before
    message = result.stderr.strip()
    assert message.count("\n") == 0
    return message


def test_a_duplicate_id_batches_apart_names_both_lines(many, tmp_path):
    db, lines = many
    path = tmp_path / "dup.jsonl"
    path.write_text("\n".join([*lines, lines[0]]) + "\n", "utf-8")
    first_id = json.loads(lines[0])["id"]
    message = rejected(db, path)
    assert message == (
        f"Error: {path}:{len(lines) + 1}: field 'id': duplicate id {first_id!r}, first at {path}:1"
    )


def test_a_duplicate_comes_before_a_later_problem_of_the_same_record(many, tmp_path):
    db, lines = many
    again = json.loads(lines[1])
    again["role"] = "rumour"
    path = write_jsonl(tmp_path / "dup.jsonl", [*map(json.loads, lines), again])
    assert f"duplicate id {again['id']!r}, first at {path}:2" in rejected(db, path)


def test_a_duplicate_of_a_row_already_in_the_database(many, tmp_path):
    db, lines = many
    load(db, write_jsonl(tmp_path / "first.jsonl", [json.loads(line) for line in lines[:10]]))
    records = [json.loads(line) for line in lines[:10]]
    path = write_jsonl(tmp_path / "again.jsonl", [*records, *records[3:4]])
    assert f"{path}:11: field 'id': duplicate id {records[3]['id']!r}" in rejected(db, path)


def test_reloading_many_batches_changes_nothing(synthetic, form_dbs, tmp_path):
    db = tmp_path / "reload.db"
    shutil.copyfile(form_dbs["bundles"], db)  # as loaded from these paths
    paths = [synthetic / "actors.json", synthetic / "bundles"]
    before = rows_of(db)
    summary = load(db, *paths)
    assert f"statements: 0 new, 0 updated, {SIZE} unchanged" in summary
    assert rows_of(db) == before


def test_statements_may_come_before_the_bundle_declaring_their_actor_and_article(
    run, db_path, tmp_path
):
    run("load", str(FIXTURES / "actors.json"))
    text = "The Test Council said on Monday that Beijing ran a covert campaign in Ottawa."
    bundle = {
        "article": {"id": "late", "published": "2024-03-08", "text": text},
        "actors": [{"id": "test-council", "name": "Test Council", "side": "other"}],
    }
    (tmp_path / "b.json").write_text(json.dumps(bundle), "utf-8")
    record = {
        "id": "late-a1",
        "article": "late",
        "role": "allegation",
        "speaker": "Test Council",
        "target": "Beijing",
        "quote": text,
        "date_phrase": "on Monday",
    }
    statements = write_jsonl(tmp_path / "a.jsonl", [record])
    result = run("load", str(statements), str(tmp_path / "b.json"))
    assert result.exit_code == 0, result.stderr
    assert query(db_path, "SELECT speaker_id, date FROM statements") == [
        ("test-council", "2024-03-04")
    ]


def test_a_later_bundle_that_changes_an_actor_is_applied_before_statements_are_checked(
    run, db_path, tmp_path
):
    """The statement says its speaker is on side ottawa, which only the later bundle
    makes true: the load must check it against the registry the whole load makes."""
    run("load", str(FIXTURES))
    text = query(db_path, "SELECT text FROM articles WHERE id = '001'")[0][0]
    quote = "including three in the Greater Toronto Area"
    record = {
        "id": "moved-1",
        "article": "001",
        "role": "allegation",
        "speaker": "safeguard-defenders",
        "speaker_side": "ottawa",
        "target": "china",
        "quote": quote,
    }
    assert quote in text
    registry = json.loads((FIXTURES / "actors.json").read_text("utf-8"))
    for actor in registry["actors"]:
        if actor["id"] == "safeguard-defenders":
            actor["side"] = "ottawa"
    (tmp_path / "z.json").write_text(json.dumps(registry), "utf-8")
    result = run("load", str(write_jsonl(tmp_path / "a.jsonl", [record])), str(tmp_path / "z.json"))
    assert result.exit_code == 0, result.stderr
    assert query(db_path, "SELECT side FROM actors WHERE id = 'safeguard-defenders'") == [
        ("ottawa",)
    ]


def test_a_file_that_does_not_parse_is_reported_before_a_bad_record(run, loaded, tmp_path):
    good = write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "article": "001", "role": "nope"}])
    broken = tmp_path / "b.jsonl"
    broken.write_text('{"id": \n', "utf-8")
    result = run("load", str(good), str(broken))
    assert result.exit_code == 1
    assert f"{broken}:1: not valid JSON" in result.stderr


def test_text_with_a_nul_character_is_stored_whole(run, loaded, tmp_path):
    """Batches go to SQLite as JSON, whose functions cut a string at NUL: such a batch
    must take the row-by-row path and keep every character."""
    text = query(loaded, "SELECT text FROM articles WHERE id = '001'")[0][0]
    quote = "including three in the Greater Toronto Area"
    record = {
        "id": "nul-1",
        "article": "001",
        "role": "allegation",
        "speaker": "safeguard-defenders",
        "target": "china",
        "summary": "before\u0000after",
        "quote": quote,
    }
    assert quote in text
    path = write_jsonl(tmp_path / "nul.jsonl", [record])
    assert run("load", str(path)).exit_code == 0
    assert query(loaded, "SELECT summary FROM statements WHERE id = 'nul-1'") == [
        ("before\x00after",)
    ]


@pytest.mark.slow
def test_loading_stays_in_bounded_memory(synthetic, tmp_path):
    """Thousands of statements peak near what a handful do: nothing accumulates per
    record (the full benchmark measures a million)."""
    big = tmp_path / "big"
    write_corpus(big, 20_000, 3, ("jsonl",))

    def peak(folder: Path) -> int:
        script = (
            "import resource, subprocess, sys;"
            "subprocess.run(sys.argv[1:], check=True, capture_output=True);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        db = tmp_path / f"{folder.name}.db"
        args = ["--db", str(db), "load", str(folder / "actors.json"), str(folder / "articles")]
        command = [sys.executable, "-m", "claimtrack", *args, str(folder / "statements.jsonl")]
        out = subprocess.run([sys.executable, "-c", script, *command], capture_output=True)
        return int(out.stdout) // 1024

    small = tmp_path / "small"
    write_corpus(small, 200, 3, ("jsonl",))
    assert peak(big) < peak(small) + 40


# ---------------------------------------------------------------- streaming output


def test_csv_output_starts_before_the_last_row_is_read():
    out = io.StringIO()
    seen_before_last = []

    def rows():
        for n in range(1000):
            if n == 999:
                seen_before_last.append(out.getvalue().count("\n"))
            yield (n, f"row {n}")

    for fmt in ("csv", "tsv", "jsonl", "json"):
        out.seek(0)
        out.truncate()
        seen_before_last.clear()
        render(Rows(("n", "text"), rows()), fmt, out)
        assert seen_before_last[0] > 100, fmt


def test_compare_hands_rows_over_as_the_query_yields_them(loaded):
    from claimtrack.db import open_db
    from claimtrack.queries import Filters, compare, unanswered

    conn = open_db(loaded)
    try:
        for result in (compare(conn, Filters()), unanswered(conn, Filters())):
            assert not isinstance(result.rows, (list, tuple))
            assert next(iter(result.rows))
    finally:
        conn.close()


# ---------------------------------------------------------------- the benchmark


@pytest.mark.slow
def test_the_benchmark_runs_at_a_tiny_size(tmp_path):
    """A smoke test of bench/run.py: every part runs and the report is written. The
    figures at this size mean nothing and are not checked."""
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--size",
            "tiny",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for measure in (
        "load 300 statements (bundles)",
        "compare --csv",
        "unanswered --csv",
        "peak memory",
        "pairing growth exponent",
        "grouping growth exponent 1,000 to 3,000",
        "extract",
        "extract 40 curated articles, jobs 2",
        "extract 40 curated articles, dask local 2",
        "on paper: one million articles",
        "pair 600 statements, Dask local 2 workers",
        "claimtrack --version",
        "claimtrack --help",
    ):
        assert measure in result.stdout, measure
    report = out.read_text("utf-8")
    assert report.startswith("# claimtrack benchmark results")
    assert "- date: " in report and "- cpu: " in report and "- sqlite: " in report

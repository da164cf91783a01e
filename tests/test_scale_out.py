"""Beyond one machine: article streams, --jobs, Dask, and what `load` reads back."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.article_stream import ArticleRecord
from claimtrack.cli import cli
from claimtrack.render import rate_progress
from tests.conftest import FIXTURES, ROOT, query, write_jsonl

DEVSET = ROOT / "eval" / "devset" / "articles"


def stream_records(folder: Path = DEVSET) -> list[dict]:
    """The development set's articles as a news-crawl tool writes them."""
    return [
        {
            "id": path.stem,
            "url": f"https://example.org/{path.stem}",
            "title": f"Title of {path.stem}",
            "outlet": "Example Wire",
            "published": "2023-03-10T08:30:00Z",
            "text": path.read_text("utf-8"),
            "language": "en",
        }
        for path in sorted(folder.glob("*.txt"))
    ]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A folder as an archive arrives: gzipped JSONL streams beside plain .txt files."""
    folder = tmp_path / "archive"
    folder.mkdir()
    records = stream_records()
    for number, start in enumerate(range(0, len(records), 12)):
        lines = "".join(json.dumps(r) + "\n" for r in records[start : start + 12])
        with gzip.open(folder / f"crawl-{number}.jsonl.gz", "wt", encoding="utf-8") as out:
            out.write(lines)
    for path in sorted(FIXTURES.glob("articles/*.txt")):
        (folder / path.name).write_text(path.read_text("utf-8"), "utf-8")
    return folder


def ids_in(output: str) -> list[str]:
    return [json.loads(line)["article"]["id"] for line in output.splitlines()]


# ---------------------------------------------------------------- streams


def test_extract_reads_gzipped_streams_and_txt_files_of_a_folder_in_order(run, archive):
    result = run("extract", "--jobs", "1", str(archive))
    assert result.exit_code == 0, result.stderr
    ids = ids_in(result.stdout)
    devset = [r["id"] for r in stream_records()]
    fixtures = [p.stem for p in sorted(FIXTURES.glob("articles/*.txt"))]
    # Folder order: the fixture .txt files (000_…) sort before crawl-*.jsonl.gz.
    assert ids == fixtures + devset
    first = json.loads(result.stdout.splitlines()[len(fixtures)])["article"]
    assert first["url"] == f"https://example.org/{devset[0]}"
    assert first["outlet"] == "Example Wire"
    assert first["title"] == f"Title of {devset[0]}"
    assert first["published"] == "2023-03-10"
    assert first["published_basis"] == "the published field of the article record"


def test_a_stream_record_date_anchors_relative_dates(run, tmp_path):
    text = (FIXTURES / "articles" / "000_0d7090bc34f0bb5b.txt").read_text("utf-8")
    stream = write_jsonl(
        tmp_path / "one.jsonl", [{"id": "a1", "text": text, "published": "2023-03-10"}]
    )
    result = run("extract", str(stream))
    assert result.exit_code == 0, result.stderr
    bundle = json.loads(result.stdout)
    friday = [s for s in bundle["statements"] if s["date_phrase"] == "on Friday"]
    assert friday and {s["date"] for s in friday} == {"2023-03-10"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "bad.jsonl:2: not valid JSON"),
        ('["a list"]', "bad.jsonl:2: expected an article object"),
        ('{"id": "x"}', "bad.jsonl:2: field 'text': expected a non-empty string"),
        ('{"id": 7, "text": "t"}', "bad.jsonl:2: field 'id': expected a non-empty string"),
        ('{"id": "x", "text": "t", "published": "2023-02-30"}', "bad.jsonl:2: field 'published'"),
        ('{"id": "x", "text": "t", "url": 3}', "bad.jsonl:2: field 'url': expected a string"),
        ('{"id": "good", "text": "again"}', "bad.jsonl:2: field 'id': article 'good' was read"),
    ],
)
def test_a_bad_stream_line_is_an_error_naming_file_line_and_field(run, tmp_path, line, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "good", "text": "China denied it."}) + "\n" + line + "\n")
    result = run("extract", str(bad))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_skip_bad_counts_bad_lines_and_extracts_the_rest(run, db_path, tmp_path):
    records = stream_records()[:4]
    lines = [json.dumps(r) for r in records]
    lines.insert(1, "{broken")
    lines.insert(3, json.dumps({"id": "no-text"}))
    stream = tmp_path / "mixed.jsonl"
    stream.write_text("\n".join(lines) + "\n", "utf-8")
    result = run("ingest", "--skip-bad", "--jobs", "1", str(stream))
    assert result.exit_code == 0, result.stderr
    assert "skipped 2 bad lines" in result.stderr
    assert f"{stream}:2: not valid JSON" in result.stderr
    assert f"{stream}:4: field 'text'" in result.stderr
    articles = [row[0] for row in query(db_path, "SELECT id FROM articles ORDER BY id")]
    assert articles == sorted(r["id"] for r in records)


def test_ingest_reads_a_stream_loads_and_pairs_every_article(run, db_path, archive):
    result = run("ingest", str(archive))
    assert result.exit_code == 0, result.stderr
    assert query(db_path, "SELECT count(*) FROM articles") == [(35,)]
    (loaded,) = query(db_path, "SELECT count(*) FROM statements")[0]
    assert loaded > 100
    assert query(db_path, "SELECT count(*) FROM reply_links WHERE origin = 'auto'")[0][0] > 0


def test_load_reads_the_bundle_lines_extract_writes(run, db_path, tmp_path, archive):
    drafts = tmp_path / "drafts.jsonl"
    result = run("extract", "--out", str(drafts), str(archive))
    assert result.exit_code == 0, result.stderr
    assert "wrote 35 bundles" in result.stderr
    folder = tmp_path / "bundles"
    assert run("extract", "--out", str(folder), str(archive)).exit_code == 0
    assert run("load", str(drafts)).exit_code == 0
    from_lines = query(db_path, "SELECT * FROM statements ORDER BY id")
    other = tmp_path / "other.db"
    assert CliRunner().invoke(cli, ["--db", str(other), "load", str(folder)]).exit_code == 0
    assert from_lines == query(other, "SELECT * FROM statements ORDER BY id")
    assert len(from_lines) > 100


def test_a_bad_bundle_line_names_the_line_and_the_record(run, tmp_path, archive):
    drafts = tmp_path / "drafts.jsonl"
    assert run("extract", "--out", str(drafts), str(archive)).exit_code == 0
    lines = drafts.read_text("utf-8").splitlines()
    broken = json.loads(lines[2])
    broken["statements"][0]["quote"] = "words the article never had"
    lines[2] = json.dumps(broken)
    drafts.write_text("\n".join(lines) + "\n", "utf-8")
    result = run("load", str(drafts))
    assert result.exit_code == 1
    assert f"{drafts}:3: statements[0]" in result.stderr
    assert "field 'quote'" in result.stderr
    db = tmp_path / "claimtrack.db"
    assert not db.exists() or not query(
        db, "SELECT name FROM sqlite_master WHERE name = 'articles'"
    )


# ---------------------------------------------------------------- all cores


def test_jobs_output_is_byte_identical_whatever_the_number(run, archive):
    one = run("extract", "--jobs", "1", str(archive))
    two = run("extract", "--jobs", "2", str(archive))
    three = run("extract", "--jobs", "3", str(archive))
    assert one.exit_code == two.exit_code == three.exit_code == 0
    assert len(one.stdout.splitlines()) == 35
    assert one.stdout == two.stdout == three.stdout
    assert one.stderr == two.stderr


def test_jobs_rows_are_the_same_as_in_one_process(run, archive):
    one = run("extract", "--jobs", "1", "--csv", str(archive))
    two = run("extract", "--jobs", "2", "--csv", str(archive))
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert one.stdout.count("\n") > 100


def test_progress_shows_articles_per_second_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    assert list(rate_progress(range(5), "extracting", terminal)) == list(range(5))
    assert list(rate_progress(range(5), "extracting", pipe)) == list(range(5))
    assert "articles/s" in terminal.getvalue()
    assert "extracting" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(run, archive):
    result = run("extract", "--jobs", "2", str(archive))
    assert "articles/s" not in result.stderr


def test_the_map_step_is_the_same_for_an_article_alone_or_in_a_batch():
    from claimtrack.drafting import DraftSetting, draft_article, draft_stream
    from claimtrack.extract import merged_registry

    setting = DraftSetting(merged_registry(None))
    records = [
        ArticleRecord(r["id"], r["text"], "test", published=None) for r in stream_records()[:6]
    ]
    batch = list(draft_stream(records, setting, jobs=2))
    alone = draft_article(records[4], setting.extractor(), setting)
    assert batch[4].bundle == alone.bundle


# ---------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def dask_cluster():
    """One LocalCluster of 2 worker processes for the module's tests, reached by its
    tcp:// address as a real cluster would be."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_dask_cluster_writes_the_same_statements_as_jobs_1(run, tmp_path, archive, dask_cluster):
    assert dask_cluster.startswith("tcp://")
    out = tmp_path / "parts"
    result = run("extract", "--dask", dask_cluster, "--out", str(out), str(archive))
    assert result.exit_code == 0, result.stderr
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) == 4  # the .txt files, then the three streams
    assert "from 35 articles to 4 parts" in result.stderr
    single = run("extract", "--jobs", "1", str(archive))
    assert "".join(p.read_text("utf-8") for p in parts) == single.stdout
    assert (out / "warnings-00000.txt").read_text("utf-8").startswith("warning: ")


@pytest.mark.slow
def test_load_reads_the_parts_a_cluster_wrote(run, db_path, tmp_path, archive, dask_cluster):
    out = tmp_path / "parts"
    assert run("extract", "--dask", dask_cluster, "--out", str(out), str(archive)).exit_code == 0
    result = run("load", str(out))
    assert result.exit_code == 0, result.stderr
    assert query(db_path, "SELECT count(*) FROM articles") == [(35,)]
    assert query(db_path, "SELECT count(*) FROM statements")[0][0] > 100


@pytest.mark.slow
def test_dask_local_runs_a_local_cluster_of_jobs_workers(run, tmp_path, archive):
    pytest.importorskip("distributed")
    out = tmp_path / "parts"
    result = run("extract", "--dask", "local", "--jobs", "2", "--out", str(out), str(archive))
    assert result.exit_code == 0, result.stderr
    single = run("extract", "--jobs", "1", str(archive))
    parts = sorted(out.glob("part-*.jsonl"))
    assert "".join(p.read_text("utf-8") for p in parts) == single.stdout


@pytest.mark.slow
def test_a_bad_line_on_the_cluster_names_file_and_line(run, tmp_path, dask_cluster):
    stream = tmp_path / "in" / "bad.jsonl"
    stream.parent.mkdir()
    good = {"id": "good", "text": "China denied the report on Friday."}
    stream.write_text(json.dumps(good) + '\n{"id": "x"}\n', "utf-8")
    out = tmp_path / "parts"
    result = run("extract", "--dask", dask_cluster, "--out", str(out), str(stream.parent))
    assert result.exit_code == 1
    assert f"{stream.resolve()}:2: field 'text'" in result.stderr
    skipping = run(
        "extract", "--dask", dask_cluster, "--skip-bad", "--out", str(tmp_path / "p2"), str(stream)
    )
    assert skipping.exit_code == 0, skipping.stderr
    assert "skipped 1 bad line" in skipping.stderr
    assert "from 1 articles" in skipping.stderr


def test_dask_refuses_a_folder_holding_parts_of_an_earlier_run(run, tmp_path, archive):
    out = tmp_path / "parts"
    out.mkdir()
    (out / "part-00000.jsonl").write_text("{}\n")
    result = run("extract", "--dask", "local", "--out", str(out), str(archive))
    assert result.exit_code == 1
    assert "holds parts of an earlier run" in result.stderr


def test_dask_needs_out_and_a_scheduler_address(run, archive, tmp_path):
    no_out = run("extract", "--dask", "local", str(archive))
    assert no_out.exit_code == 2
    assert "--out DIR" in no_out.stderr
    bad = run("extract", "--dask", "somewhere", "--out", str(tmp_path / "p"), str(archive))
    assert bad.exit_code == 1
    assert "expected a scheduler address such as tcp://host:8786, or local" in bad.stderr


def test_without_dask_the_option_says_how_to_install_it(run, archive, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    result = run("extract", "--dask", "local", "--out", str(tmp_path / "p"), str(archive))
    assert result.exit_code == 1
    assert "pip install 'claimtrack[dask]'" in result.stderr


# ---------------------------------------------------------------- pairing on Dask


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 4 articles instead of 400, so that a small database makes many blocks
    and the merge of their proposals is exercised."""
    monkeypatch.setattr("claimtrack.pairing.blocks.BLOCK_ARTICLES", 4)


def pair_both_ways(run, db_path: Path, scheduler: str) -> tuple[str, str]:
    """`pair --csv` in one process, then on the cluster, on copies of the same database."""
    single = run("pair", "--csv")
    assert single.exit_code == 0, single.stderr
    copy = db_path.with_name("dask.db")
    shutil.copyfile(db_path, copy)
    jobs = ["--jobs", "2"] if scheduler == "local" else []
    result = CliRunner().invoke(
        cli, ["--db", str(copy), "pair", "--dask", scheduler, *jobs, "--csv"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == single.stderr
    return single.stdout, result.stdout


@pytest.mark.slow
def test_pairing_on_dask_proposes_what_one_process_proposes_on_the_fixtures(
    run, loaded, dask_cluster, small_blocks
):
    single, distributed = pair_both_ways(run, loaded, dask_cluster)
    assert single.count("\n") > 10
    assert distributed == single


@pytest.mark.slow
def test_pairing_on_dask_matches_one_process_on_extracted_articles(
    run, db_path, tmp_path, archive, dask_cluster, small_blocks
):
    drafts = tmp_path / "drafts.jsonl"
    assert run("extract", "--out", str(drafts), str(archive)).exit_code == 0
    assert run("load", str(drafts)).exit_code == 0
    single, distributed = pair_both_ways(run, db_path, dask_cluster)
    assert single.count("\n") > 20
    assert distributed == single


@pytest.mark.slow
def test_pairing_on_dask_applies_the_same_links_over_many_blocks(
    run, db_path, tmp_path, dask_cluster, small_blocks
):
    from claimtrack.synth import write_corpus

    synth = tmp_path / "synth"
    write_corpus(synth, 1500, seed=3, formats=("bundles",))
    assert run("load", str(synth / "actors.json"), str(synth / "bundles")).exit_code == 0
    assert query(db_path, "SELECT count(*) FROM articles")[0][0] > 40  # > 10 blocks
    other = tmp_path / "other.db"
    shutil.copyfile(db_path, other)
    assert run("pair", "--apply", "--csv").exit_code == 0
    result = CliRunner().invoke(
        cli, ["--db", str(other), "pair", "--dask", dask_cluster, "--apply", "--csv"]
    )
    assert result.exit_code == 0, result.stderr
    links = "SELECT * FROM reply_links WHERE origin = 'auto' ORDER BY response_id, allegation_id"
    auto = query(db_path, links)
    assert len(auto) > 100
    assert query(other, links) == auto


@pytest.mark.slow
def test_pair_dask_local_starts_its_own_cluster_and_proposes_the_same(run, loaded):
    pytest.importorskip("distributed")
    single, distributed = pair_both_ways(run, loaded, "local")
    assert distributed == single


def test_pair_dask_checks_its_options_before_any_work(run, loaded, monkeypatch):
    assert run("pair", "--jobs", "2").exit_code == 2
    assert "--jobs goes with --dask local" in run("pair", "--jobs", "2").stderr
    both = run("pair", "--dask", "local", "--evaluate")
    assert both.exit_code == 2
    bad = run("pair", "--dask", "somewhere")
    assert bad.exit_code == 1
    assert "expected a scheduler address such as tcp://host:8786, or local" in bad.stderr
    monkeypatch.setitem(sys.modules, "distributed", None)
    missing = run("pair", "--dask", "local")
    assert missing.exit_code == 1
    assert missing.stderr.strip().endswith("pip install 'claimtrack[dask]'")
    assert missing.stdout == ""


def test_a_block_scores_the_same_after_crossing_to_another_process(loaded):
    """What a worker receives is pickled: the block and the corpus statistics must give
    the same proposals after the trip."""
    import pickle
    import sqlite3

    from claimtrack.pairing.blocks import DatabaseBlocks, Scoring, score_block
    from claimtrack.pairing.proposals import database_engine

    conn = sqlite3.connect(loaded)
    engine = database_engine(conn)
    scoring = Scoring.of(engine)
    blocks = list(DatabaseBlocks(conn, engine))
    conn.close()
    here = [score_block(scoring, b, 0.5) for b in blocks]
    shipped = pickle.loads(pickle.dumps((scoring, blocks)))
    there = [score_block(shipped[0], b, 0.5) for b in shipped[1]]
    assert there == here
    assert sum(len(found) for _, found in here) > 10
    pickle.dumps(engine)  # the whole engine, allegation index included, pickles too


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.slow
def test_dask_runs_show_progress_on_a_terminal_only(run, tmp_path, archive, dask_cluster):
    import functools
    import sqlite3

    from claimtrack.cluster import extract_on_dask, score_on_dask
    from claimtrack.drafting import DraftSetting
    from claimtrack.extract import merged_registry
    from claimtrack.pairing.blocks import DatabaseBlocks, Scoring
    from claimtrack.pairing.proposals import database_engine
    from claimtrack.render import progress

    terminal, pipe = Terminal(), io.StringIO()
    setting = DraftSetting(merged_registry(None))
    for stream, out in ((terminal, "parts"), (pipe, "parts-piped")):
        shown = functools.partial(progress, description="extracting on Dask", stream=stream)
        extract_on_dask(dask_cluster, [archive], tmp_path / out, setting, progress=shown)
    assert "extracting on Dask" in terminal.getvalue()
    assert pipe.getvalue() == ""
    assert run("load", str(tmp_path / "parts")).exit_code == 0
    conn = sqlite3.connect(tmp_path / "claimtrack.db")
    engine = database_engine(conn)
    blocks = DatabaseBlocks(conn, engine, [a for (a,) in conn.execute("SELECT id FROM articles")])
    blocks.articles = [[ids] for ids in sum(blocks.articles, [])]  # a block per article
    shown = functools.partial(progress, description="pairing on Dask", stream=terminal)
    assert list(score_on_dask(Scoring.of(engine), blocks, 0.5, dask_cluster, progress=shown))
    conn.close()
    assert "pairing on Dask" in terminal.getvalue()
    quiet = run("extract", "--dask", dask_cluster, "--out", str(tmp_path / "p3"), str(archive))
    assert quiet.stderr.splitlines()[-1].startswith("wrote ")
    assert "partitions" not in quiet.stderr
    assert quiet.stdout == ""


# ---------------------------------------------------------------- Parquet parts


@pytest.mark.slow
def test_parquet_parts_load_the_same_rows_as_jsonl_parts(
    run, db_path, tmp_path, archive, dask_cluster
):
    pytest.importorskip("pyarrow")
    out = tmp_path / "parts"
    result = run(
        "extract",
        "--dask",
        dask_cluster,
        "--part-format",
        "parquet",
        "--out",
        str(out),
        str(archive),
    )
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in sorted(out.glob("part-*"))] == [
        f"part-{n:05d}.parquet" for n in range(4)
    ]
    # Drafted before anything is loaded: bundles declare the actors --db lacks.
    drafts = tmp_path / "drafts.jsonl"
    assert run("extract", "--jobs", "1", "--out", str(drafts), str(archive)).exit_code == 0
    assert run("load", str(out)).exit_code == 0
    other = tmp_path / "other.db"
    assert CliRunner().invoke(cli, ["--db", str(other), "load", str(drafts)]).exit_code == 0
    for table in ("articles", "statements", "actors", "aliases", "reply_links"):
        rows = query(db_path, f"SELECT * FROM {table} ORDER BY 1, 2")
        assert rows == query(other, f"SELECT * FROM {table} ORDER BY 1, 2"), table
    assert len(query(db_path, "SELECT * FROM statements")) > 100


def test_a_parquet_part_holds_the_bundle_extract_prints(tmp_path, archive):
    pytest.importorskip("pyarrow")
    duckdb = pytest.importorskip("duckdb")
    from claimtrack.parquet_parts import read_bundles, write_bundles

    printed = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "extract", str(archive)])
    bundles = [json.loads(line) for line in printed.stdout.splitlines()]
    part = tmp_path / "part-00000.parquet"
    write_bundles(bundles, part)
    back = [bundle for _, bundle in read_bundles(part)]

    def present(bundle: dict) -> dict:
        """The bundle with its records' empty (null) fields left out, as a part gives it
        back (evidence comes back whole)."""

        def kept(record: dict) -> dict:
            return {k: v for k, v in record.items() if v is not None}

        return {
            "article": kept(bundle["article"]),
            "actors": [kept(a) for a in bundle["actors"]],
            "statements": [kept(s) for s in bundle["statements"]],
        }

    assert back == [present(b) for b in bundles]
    flat = duckdb.sql(
        f"SELECT s.id, s.quote FROM (SELECT unnest(statements) AS s FROM '{part}') ORDER BY 1"
    ).fetchall()
    expected = sorted((s["id"], s["quote"]) for b in bundles for s in b["statements"])
    assert flat == expected


def test_parquet_parts_without_pyarrow_say_how_to_install_it(run, tmp_path, archive, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "parts"
    result = run(
        "extract", "--dask", "local", "--part-format", "parquet", "--out", str(out), str(archive)
    )
    assert result.exit_code == 1
    assert result.stderr == "Error: Parquet parts need pyarrow: pip install 'claimtrack[parquet]'\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "part-00000.parquet").write_bytes(b"PAR1")
    loading = run("load", str(tmp_path / "in"))
    assert loading.exit_code == 1
    assert "pip install 'claimtrack[parquet]'" in loading.stderr
    assert run("extract", "--part-format", "parquet", str(archive)).exit_code == 2


def test_a_parquet_file_that_is_not_a_part_is_an_error_naming_it(run, tmp_path, loaded):
    pytest.importorskip("pyarrow")
    assert run("export", "parquet", str(tmp_path / "exported")).exit_code == 0
    result = run("load", str(tmp_path / "exported" / "statements.parquet"))
    assert result.exit_code == 1
    assert "statements.parquet: not a part of draft bundles" in result.stderr
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"not parquet at all")
    bad = run("load", str(garbage))
    assert bad.exit_code == 1
    assert "garbage.parquet: not a Parquet file" in bad.stderr

"""Hostile input: filter values that look like SQL or LIKE patterns, awkward paths, files
that cannot be read.

Filter values reach SQL only as parameters and match literally; paths with spaces and
non-ASCII names work for the database and the inputs alike; a symlink loop, a dangling
link, a pipe or an unreadable file is a one-line error naming the file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, query, write_jsonl

HOSTILE = ("'; DROP TABLE statements; --", '" OR 1=1 --', "%", "_", "%%", "\\", "*", "0x00\x00")
LISTINGS = ("compare", "unanswered", "allegations", "responses", "articles", "timeline")


def csv_rows(output: str) -> list[str]:
    return output.splitlines()[1:]


@pytest.fixture
def percent_topics(run, loaded, tmp_path) -> Path:
    """Two statements whose topics are the LIKE wildcards themselves."""
    text = query(loaded, "SELECT text FROM articles WHERE id = '001'")[0][0]
    quote = "including three in the Greater Toronto Area"
    assert quote in text
    base = {
        "article": "001",
        "role": "allegation",
        "speaker": "safeguard-defenders",
        "target": "china",
        "quote": quote,
    }
    path = write_jsonl(
        tmp_path / "wild.jsonl",
        [dict(base, id="w-1", topic="%"), dict(base, id="w-2", topic="a_b")],
    )
    assert run("load", str(path)).exit_code == 0
    return loaded


@pytest.mark.parametrize("command", LISTINGS)
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_are_unknown_and_change_nothing(run, loaded, command, value):
    before = query(loaded, "SELECT count(*) FROM statements")
    for option in ("--topic", "--article", "--kind"):
        result = run(command, option, value, "--csv")
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith(f"Error: unknown {option[2:]} ")
        assert result.stderr.count("\n") == 1
    assert query(loaded, "SELECT count(*) FROM statements") == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_actor_names_are_unknown_actors(run, loaded, value):
    result = run("compare", "--by", value)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown actor ")
    assert result.stderr.count("\n") == 1


def test_wildcards_in_a_topic_match_only_themselves(run, percent_topics):
    percent = csv_rows(run("allegations", "--topic", "%", "--csv").stdout)
    assert [row.split(",")[0] for row in percent] == ["w-1"]
    assert csv_rows(run("allegations", "--topic", "a_b", "--csv").stdout)[0].startswith("w-2,")
    assert csv_rows(run("allegations", "--topic", "axb", "--csv").stdout) == []
    assert csv_rows(run("compare", "--topic", "_", "--csv").stdout) == []


def test_show_with_a_wildcard_id_suggests_nothing_it_should_not(run, percent_topics):
    result = run("show", "%")
    assert result.exit_code == 1
    assert "no statement with id '%'" in result.stderr
    assert "000-" not in result.stderr


def test_hostile_text_in_a_record_is_stored_as_text(run, loaded, tmp_path):
    text = query(loaded, "SELECT text FROM articles WHERE id = '001'")[0][0]
    record = {
        "id": "x'); DROP TABLE statements; --",
        "article": "001",
        "role": "allegation",
        "speaker": "safeguard-defenders",
        "target": "china",
        "topic": "%' OR '1'='1",
        "summary": "<script>alert(1)</script>",
        "quote": "including three in the Greater Toronto Area",
    }
    assert record["quote"] in text
    assert run("load", str(write_jsonl(tmp_path / "x.jsonl", [record]))).exit_code == 0
    rows = json.loads(run("allegations", "--topic", "%' OR '1'='1", "--json").stdout)
    assert [(r["id"], r["summary"]) for r in rows] == [(record["id"], record["summary"])]
    assert query(loaded, "SELECT count(*) FROM statements")[0][0] == 82


# ---------------------------------------------------------------- paths


@pytest.mark.slow
def test_paths_with_spaces_and_non_ascii_names_work(tmp_path):
    folder = tmp_path / "press cuttings — Été 2023" / "статьи"
    shutil.copytree(FIXTURES, folder)
    (folder / "articles" / "004_fd73e206505fc8a3.json").rename(folder / "articles" / "报道 4.json")
    db = tmp_path / "data base #1 ?x=%20&é" / "база данных.db"
    db.parent.mkdir()

    def claimtrack(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "claimtrack", "--db", str(db), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )

    loaded = claimtrack("load", str(folder))
    assert loaded.returncode == 0, loaded.stderr
    assert "statements: 81 new" in loaded.stderr
    # `sql` opens the database read-only through a file: URI.
    counted = claimtrack("sql", "SELECT count(*) AS n FROM statements", "--csv")
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.splitlines() == ["n", "81"]
    assert claimtrack("verify").returncode == 0
    broken = claimtrack("load", str(folder / "nowhere ü.json"))
    assert broken.returncode == 1
    assert f"{folder / 'nowhere ü.json'}: no such file or folder" in broken.stderr


# ---------------------------------------------------------------- unreadable inputs


def test_a_symlink_loop_is_a_clean_error(run, loaded, tmp_path):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    result = run("load", str(loop))
    assert result.exit_code == 1
    assert (
        result.stderr.strip() == f"Error: {loop}: cannot read (Too many levels of symbolic links)"
    )


def test_a_symlink_loop_inside_a_folder_is_a_clean_error(run, loaded, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "articles", folder)
    (folder / "a.json").symlink_to(folder / "b.json")
    (folder / "b.json").symlink_to(folder / "a.json")
    before = query(loaded, "SELECT count(*) FROM statements")
    result = run("load", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'a.json'}: cannot read (Too many levels of symbolic links)" in result.stderr
    assert query(loaded, "SELECT count(*) FROM statements") == before


def test_a_dangling_link_and_a_pipe_are_clean_errors(run, loaded, tmp_path):
    dangling = tmp_path / "gone.jsonl"
    dangling.symlink_to(tmp_path / "never-there.jsonl")
    result = run("load", str(dangling))
    assert result.exit_code == 1
    assert "gone.jsonl: cannot read (No such file or directory)" in result.stderr
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)
    result = run("load", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")


def _without_file_privileges() -> list[str]:
    """A prefix that runs a command unable to bypass file permissions, even as root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_an_unreadable_file_is_a_clean_error(loaded, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    secret = folder / "secret.jsonl"
    secret.write_text('{"id": "x"}\n', "utf-8")
    secret.chmod(0)
    before = loaded.read_bytes()
    command = [*_without_file_privileges(), sys.executable, "-m", "claimtrack", "--db", str(loaded)]
    in_folder = subprocess.run([*command, "load", str(folder)], capture_output=True, text=True)
    assert in_folder.returncode == 1
    assert in_folder.stderr.strip() == f"Error: {secret}: cannot read (Permission denied)"
    named = subprocess.run([*command, "load", str(secret)], capture_output=True, text=True)
    assert named.returncode in (1, 2)  # click's own check of the argument answers 2
    assert "Traceback" not in named.stderr
    assert "not readable" in named.stderr or "Permission denied" in named.stderr
    assert loaded.read_bytes() == before


# ---------------------------------------------------------------- text files stay in the bundle


def _bundle_with_text_file(folder: Path, text_file: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    bundle = {"article": {"id": "leak", "published": "2023-03-10", "text_file": text_file}}
    path = folder / "leak.json"
    path.write_text(json.dumps(bundle), "utf-8")
    return path


@pytest.mark.parametrize(
    "text_file",
    [
        "../../../../../../../../proc/self/environ",
        "/etc/passwd",
        "../outside.txt",
        "sub/../../outside.txt",
    ],
)
def test_a_text_file_outside_the_bundles_folder_is_refused(run, loaded, tmp_path, text_file):
    (tmp_path / "outside.txt").write_text("secret", "utf-8")
    bundle = _bundle_with_text_file(tmp_path / "bundles", text_file)
    before = loaded.read_bytes()
    result = run("load", str(bundle))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bundle}: article: field 'text_file': ")
    assert "outside the bundle's folder" in result.stderr
    assert result.stderr.count("\n") == 1
    assert loaded.read_bytes() == before
    assert query(loaded, "SELECT count(*) FROM articles WHERE id = 'leak'") == [(0,)]


def test_a_symlink_leaving_the_bundles_folder_is_refused(run, loaded, tmp_path):
    (tmp_path / "outside.txt").write_text("secret", "utf-8")
    folder = tmp_path / "bundles"
    bundle = _bundle_with_text_file(folder, "text.txt")
    (folder / "text.txt").symlink_to(tmp_path / "outside.txt")
    result = run("load", str(bundle))
    assert result.exit_code == 1
    assert "outside the bundle's folder" in result.stderr


def test_a_text_file_that_is_not_a_regular_file_is_refused(run, loaded, tmp_path):
    folder = tmp_path / "bundles"
    bundle = _bundle_with_text_file(folder, "fifo.txt")
    os.mkfifo(folder / "fifo.txt")
    result = run("load", str(bundle))
    assert result.exit_code == 1
    assert "field 'text_file': not a regular file" in result.stderr


def test_text_files_in_the_bundles_folder_and_below_load(run, loaded, tmp_path):
    folder = tmp_path / "bundles"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "real.txt").write_text("Some text.", "utf-8")
    (folder / "texts" / "alias.txt").symlink_to(folder / "texts" / "real.txt")
    bundle = _bundle_with_text_file(folder, "texts/alias.txt")
    result = run("load", str(bundle))
    assert result.exit_code == 0, result.stderr
    assert query(loaded, "SELECT text FROM articles WHERE id = 'leak'") == [("Some text.",)]


# ---------------------------------------------------------------- CSV headers


def test_a_csv_column_named_twice_is_bad_input(run, loaded, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text(
        "id,article,role,speaker,target,target,quote\n"
        "t-1,001,allegation,rcmp,china,canada,including three in the Greater Toronto Area\n",
        "utf-8",
    )
    before = loaded.read_bytes()
    result = run("load", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}:1: column 'target' appears twice in the header\n"
    assert loaded.read_bytes() == before


def test_a_text_file_with_crlf_endings_keeps_its_bytes_and_offsets(run, loaded, tmp_path):
    folder = tmp_path / "crlf"
    folder.mkdir()
    raw = "Headline\r\n\r\nThe RCMP said China ran police stations.\r\n"
    (folder / "crlf.txt").write_bytes(raw.encode("utf-8"))
    quote = "China ran police stations"
    start = raw.index(quote)
    bundle = {
        "article": {"id": "crlf", "published": "2023-03-10", "text_file": "crlf.txt"},
        "statements": [
            {
                "id": "crlf-1",
                "article": "crlf",
                "role": "allegation",
                "speaker": "rcmp",
                "target": "china",
                "quote": quote,
                "start": start,
                "end": start + len(quote),
            }
        ],
    }
    (folder / "crlf.json").write_text(json.dumps(bundle), "utf-8")
    result = run("load", str(folder / "crlf.json"))
    assert result.exit_code == 0, result.stderr
    assert query(loaded, "SELECT text FROM articles WHERE id = 'crlf'") == [(raw,)]
    assert run("verify").exit_code == 0

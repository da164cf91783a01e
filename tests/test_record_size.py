"""One huge record: refused past --max-record-mb with a line naming the file and line,
after reading no more than the limit; within the limit it loads."""

from __future__ import annotations

import json

import pytest
from conftest import query

QUOTE = "including three in the Greater Toronto Area"


def statement(summary: str) -> dict:
    return {
        "id": "huge-1",
        "article": "001",
        "role": "allegation",
        "speaker": "rcmp",
        "target": "china",
        "quote": QUOTE,
        "summary": summary,
    }


@pytest.fixture(scope="module")
def huge_line(tmp_path_factory):
    """A JSONL file whose second line is a 20 MB record (written once; only read)."""
    path = tmp_path_factory.mktemp("huge") / "huge.jsonl"
    small = dict(statement("small"), id="small-1")
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(small) + "\n")
        out.write(json.dumps(statement("x" * 20 * 2**20)) + "\n")
    return path


def test_a_record_past_the_limit_is_refused_naming_file_and_line(run, loaded, huge_line):
    before = loaded.read_bytes()
    result = run("load", str(huge_line))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {huge_line}:2: record larger than 16 MB; if it is meant to be, raise the "
        "limit with --max-record-mb\n"
    )
    assert loaded.read_bytes() == before


def test_the_limit_can_be_raised(run, loaded, huge_line):
    result = run("load", "--max-record-mb", "32", str(huge_line))
    assert result.exit_code == 0, result.stderr
    assert query(loaded, "SELECT length(summary) FROM statements WHERE id = 'huge-1'") == [
        (20 * 2**20,)
    ]


def test_a_bundle_or_text_file_past_the_limit_is_refused(run, loaded, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text("y" * (2 * 2**20), "utf-8")
    bundle = folder / "big.json"
    bundle.write_text(json.dumps({"article": {"id": "big", "text_file": "big.txt"}}), "utf-8")
    result = run("load", "--max-record-mb", "1", str(bundle))
    assert result.exit_code == 1
    assert f"{folder / 'big.txt'}: record larger than 1 MB" in result.stderr
    inline = folder / "inline.json"
    inline.write_text(json.dumps({"article": {"id": "big", "text": "z" * 2**20 * 2}}), "utf-8")
    result = run("load", "--max-record-mb", "1", str(inline))
    assert result.exit_code == 1
    assert f"{inline}: record larger than 1 MB" in result.stderr


def test_a_csv_cell_past_the_limit_is_refused_naming_the_line(run, loaded, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(
        "id,article,role,speaker,target,quote,summary\n"
        f"c-1,001,allegation,rcmp,china,{QUOTE},small\n"
        f"c-2,001,allegation,rcmp,china,{QUOTE},{'w' * (2 * 2**20)}\n",
        "utf-8",
    )
    result = run("load", "--max-record-mb", "1", str(path))
    assert result.exit_code == 1
    assert f"{path}:3: record larger than 1 MB" in result.stderr


def test_a_zero_limit_is_a_usage_error(run, loaded, huge_line):
    assert run("load", "--max-record-mb", "0", str(huge_line)).exit_code == 2


@pytest.mark.slow
def test_running_out_of_memory_names_the_file(loaded, tmp_path):
    """Under a memory limit (ulimit -v) a huge record allowed by --max-record-mb ends in
    a line naming the file, not an unexpected MemoryError."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        # Room for claimtrack (about 130 MB of address space), not for a 60 MB record.
        resource.setrlimit(resource.RLIMIT_AS, (230 * 2**20, 230 * 2**20))

    huge_line = tmp_path / "huger.jsonl"
    huge_line.write_text(json.dumps(statement("x" * 60 * 2**20)) + "\n", "utf-8")
    before = loaded.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", str(loaded), "load"]
        + ["--max-record-mb", "1000", str(huge_line)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )
    assert done.returncode == 1
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
    assert f"out of memory while loading {huge_line}; nothing was written" in done.stderr
    assert loaded.read_bytes() == before

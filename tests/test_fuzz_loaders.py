"""Fuzzing the loaders and the date parser with hypothesis.

Whatever bytes or near-valid records a file holds, `claimtrack load` ends in exit 0, or in
exit 1 with one line saying what is wrong (never an "unexpected" error, never a
traceback), and after exit 1 the database file is byte for byte what it was.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimtrack.cli import cli
from claimtrack.dates import PartialDate, parse_date, resolve_phrase
from claimtrack.model import STATEMENT_FIELDS

FUZZ = settings(
    max_examples=examples(120),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

BUNDLE = json.loads((FIXTURES / "articles" / "004_fd73e206505fc8a3.json").read_text("utf-8"))
STATEMENTS = BUNDLE["statements"]
ARTICLE_TEXT = (FIXTURES / "articles" / BUNDLE["article"]["text_file"]).read_text("utf-8")


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """A database holding the five curated articles, in one file."""
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "base.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "load", str(FIXTURES)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db


class Workspace:
    """A fresh copy of the baseline database and a folder for input files, per example."""

    def __init__(self, baseline: Path) -> None:
        self.folder = baseline.parent / "work"
        self.baseline = baseline

    def reset(self) -> Path:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()
        shutil.copyfile(self.baseline, self.folder / "db.sqlite")
        return self.folder / "db.sqlite"

    def load(self, name: str, content: bytes) -> int:
        """Write `content` to a file called `name`, load it, check the outcome; returns
        the exit code."""
        db = self.reset()
        path = self.folder / name
        path.write_bytes(content)
        before = db.read_bytes()
        result = CliRunner().invoke(cli, ["--db", str(db), "load", str(path)])
        assert result.exit_code in (0, 1), (result.exit_code, result.output)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            message = result.stderr.strip()
            # One line per bad record; several end with a count.
            lines = message.split("\n")
            assert all(line.startswith("Error: ") for line in lines), message
            assert len(lines) == 1 or lines[-1].endswith("; nothing was written"), message
            assert "unexpected" not in message, message
            assert db.read_bytes() == before
        else:
            conn = sqlite3.connect(db)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            conn.close()
        return result.exit_code


@pytest.fixture
def workspace(baseline) -> Workspace:
    return Workspace(baseline)


# ---------------------------------------------------------------- arbitrary bytes


@FUZZ
@given(content=st.binary(max_size=600), suffix=st.sampled_from([".json", ".jsonl", ".csv"]))
@example(content=b"[" * 100_000, suffix=".json")
@example(content=b"[" * 100_000, suffix=".jsonl")
@example(content=b'{"id": "\\ud800"}', suffix=".jsonl")
@example(content=b"\xef\xbb\xbfid,article\n\x00,\x00\n", suffix=".csv")
def test_loading_arbitrary_bytes_fails_cleanly(workspace, content, suffix):
    workspace.load("input" + suffix, content)


@FUZZ
@given(text=st.text(max_size=400), suffix=st.sampled_from([".json", ".jsonl", ".csv"]))
def test_loading_arbitrary_text_fails_cleanly(workspace, text, suffix):
    workspace.load("input" + suffix, text.encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------- near-valid records

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(
        ["", " ", "2023-02-30", "0001-01-01", "on Friday", "Feb 29", "9999999 years ago", "china"]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
field_names = st.sampled_from(STATEMENT_FIELDS) | st.text(max_size=8)


@st.composite
def near_valid_statements(draw) -> list[dict]:
    """Curated statements (new ids, so a load can succeed) with a few fields changed,
    dropped or added."""
    records = []
    for n in range(draw(st.integers(min_value=1, max_value=4))):
        record = dict(draw(st.sampled_from(STATEMENTS)))
        record["id"] = f"fz-{n}"
        record["replies_to"] = [r for r in record.get("replies_to") or [] if r]
        for name in draw(st.lists(field_names, max_size=3)):
            if draw(st.booleans()):
                record[name] = draw(json_values)
            else:
                record.pop(name, None)
        records.append(record)
    return records


def _csv_cell(value) -> str:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return "" if value is None else str(value)


@FUZZ
@given(records=near_valid_statements(), form=st.sampled_from(["jsonl", "csv", "bundle"]))
@example(records=[dict(STATEMENTS[0], id="fz-0", date_phrase="Feb 29", date=None)], form="jsonl")
@example(records=[dict(STATEMENTS[0], id="fz-0", start="²", end=3)], form="csv")
def test_near_valid_records_load_or_fail_cleanly(workspace, records, form):
    if form == "jsonl":
        content = "".join(json.dumps(r) + "\n" for r in records)
        code = workspace.load("records.jsonl", content.encode("utf-8", "surrogatepass"))
    elif form == "csv":
        names = list(dict.fromkeys(k for r in records for k in r))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for r in records:
            writer.writerow([_csv_cell(r.get(k)) for k in names])
        code = workspace.load("records.csv", out.getvalue().encode("utf-8", "surrogatepass"))
    else:
        article = dict(BUNDLE["article"], id="fz-article", text=ARTICLE_TEXT)
        article.pop("text_file")
        for r in records:
            if r.get("article") == BUNDLE["article"]["id"]:
                r["article"] = "fz-article"
        bundle = {"article": article, "actors": [], "statements": records}
        code = workspace.load("bundle.json", json.dumps(bundle).encode("utf-8", "surrogatepass"))
    assert code in (0, 1)


@FUZZ
@given(
    article=st.dictionaries(
        st.sampled_from(sorted(BUNDLE["article"])) | st.text(max_size=6), json_values
    )
)
def test_near_valid_articles_load_or_fail_cleanly(workspace, article):
    record = dict(BUNDLE["article"], id="fz-article", text=ARTICLE_TEXT)
    record.pop("text_file")
    record.update(article)
    workspace.load("bundle.json", json.dumps({"article": record}).encode("utf-8", "surrogatepass"))


# ---------------------------------------------------------------- the date parser

phrases = st.lists(
    st.sampled_from(
        [
            "on",
            "Friday",
            "March",
            "last",
            "September",
            "2023",
            "12",
            "Dec",
            "10",
            "(",
            ")",
            "yesterday",
            "today",
            "0",
            "9999",
            "-",
            ",",
            "1st",
            "31",
            "Feb",
            "29",
            "2023-02",
        ]
    ),
    max_size=6,
).map(" ".join) | st.text(max_size=30)


@settings(max_examples=examples(500), deadline=None)
@given(text=phrases)
def test_the_date_parser_returns_a_date_or_a_value_error(text):
    try:
        parsed = parse_date(text)
    except ValueError as exc:
        assert str(exc)
        return
    assert isinstance(parsed, PartialDate)
    assert parsed.first <= parsed.last


@settings(max_examples=examples(500), deadline=None)
@given(text=phrases, anchor=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
@example(text="on Feb 29", anchor=date(2024, 1, 10))
def test_relative_phrases_resolve_or_give_none(text, anchor):
    resolved = resolve_phrase(text, anchor)
    assert resolved is None or isinstance(resolved, PartialDate)

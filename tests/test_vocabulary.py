"""The shared vocabulary has one home (claimtrack.model, claimtrack.fixtures) and every
reader agrees with it: the allegation rule in SQL and in Python, the topics the curated
bundles use, the answered rule the views, stats and ClaimReview share."""

from __future__ import annotations

import itertools
import json
import sqlite3

import pytest
from conftest import FIXTURES

from claimtrack.fixtures import fixture_registry, read_actors
from claimtrack.model import (
    REPLY_KINDS,
    ROLES,
    TOPICS,
    ClaimtrackError,
    Filters,
    is_allegation,
    is_allegation_sql,
)
from claimtrack.queries import compare, unanswered


def test_the_allegation_rule_reads_the_same_in_sql_and_python():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE s (role TEXT, kind TEXT, target_id TEXT)")
    cases = list(itertools.product((*ROLES, None), (*REPLY_KINDS, None), ("china", None)))
    conn.executemany("INSERT INTO s VALUES (?, ?, ?)", cases)
    in_sql = conn.execute(f"SELECT role, kind, target_id, {is_allegation_sql('s')} FROM s")
    assert [bool(flag) for *_, flag in in_sql] == [is_allegation(*case) for case in cases]
    assert is_allegation("response", "counter-accusation", "china")
    assert not is_allegation("response", "counter-accusation", None)


def test_every_curated_topic_is_in_the_vocabulary():
    used = {
        statement.get("topic")
        for bundle in (FIXTURES / "articles").glob("*.json")
        for statement in json.loads(bundle.read_text("utf-8"))["statements"]
    }
    assert used - {None} <= set(TOPICS)


def test_the_shipped_registry_reads_through_the_one_reader():
    registry = fixture_registry()
    assert registry.resolve("Mao Ning").side == "beijing"
    assert len(registry.actors) == len(json.loads((FIXTURES / "actors.json").read_text())["actors"])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "x", "name": "X", "side": "moon"}, "actors[0]: field 'side': expected one of"),
        ({"id": "x", "side": "other"}, "actors[0]: field 'name': expected a non-empty string"),
        ({"id": "x", "name": "X", "side": "other", "aliases": "X"}, "field 'aliases'"),
        ({"id": "x", "name": "X", "side": "other", "colour": "red"}, "field 'colour': unknown"),
        ("x", "actors[0]: expected an actor object"),
    ],
)
def test_a_broken_registry_names_the_entry_and_field(tmp_path, entry, message):
    path = tmp_path / "actors.json"
    path.write_text(json.dumps({"actors": [entry]}), "utf-8")
    with pytest.raises(ClaimtrackError) as caught:
        read_actors(path)
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value)


def test_stats_and_claimreview_count_exactly_what_the_views_call_unanswered(run, loaded):
    conn = sqlite3.connect(loaded)
    try:
        rows = compare(conn, Filters(), answers=True)
        marked = [dict(zip(rows.columns, r)) for r in rows.rows]
        answered = {r["allegation_id"] for r in marked if r["answers"]}
        strictly = {r["allegation_id"] for r in marked if r["answers_strictly"]}
        everyone = {r["allegation_id"] for r in marked}
        open_ = {r[0] for r in unanswered(conn, Filters()).rows}
        open_strict = {r[0] for r in unanswered(conn, Filters(), strict=True).rows}
    finally:
        conn.close()
    assert everyone - answered == open_ and everyone - strictly == open_strict
    assert open_ and open_ <= open_strict
    stats = run("stats", "--csv").stdout.splitlines()
    total = sum(int(line.split(",")[1]) for line in stats[1:])
    answered_total = sum(int(line.split(",")[2]) for line in stats[1:])
    assert (total, answered_total) == (len(everyone), len(answered))
    reviews = json.loads(run("export", "claimreview").stdout)
    unanswered_reviews = {
        r["url"].rsplit("/", 1)[1]
        for r in reviews
        if r["reviewRating"]["alternateName"].startswith("Unanswered")
    }
    assert unanswered_reviews == open_

"""Claims: grouping the appearances of one statement across articles, and measuring it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import query

from claimtrack.claims.answers import _selected_claims, compare_claims
from claimtrack.claims.evaluate import evaluate, evaluation_set
from claimtrack.claims.grouping import Appearance, group
from claimtrack.claims.republish import SITES, copies, devset_sources, fixture_sources, republish
from claimtrack.claims.summary import Sighting, summarise
from claimtrack.cli import cli
from claimtrack.db import open_db
from claimtrack.model import Filters

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2023, 3, 23).toordinal()


def said(sid, article, quote, speaker="mao-ning", role="response", day=DAY, **more):
    return Appearance(sid, speaker, role, article, day, quote, **more)


def claims_of(grouping) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for sid, membership in grouping.memberships.items():
        found.setdefault(membership.claim, set()).add(sid)
    return {frozenset(ids) for ids in found.values()}


# ---------------------------------------------------------------- grouping


def test_a_syndicated_copy_with_other_punctuation_is_the_same_claim():
    result = group(
        [
            said("a-1", "a", "“We firmly oppose the so-called police stations smear,” she said."),
            said("b-1", "b", '"We firmly oppose the so-called police stations smear," she said.'),
        ]
    )
    assert claims_of(result) == {frozenset({"a-1", "b-1"})}
    membership = result.memberships["b-1"]
    assert membership.claim == "c-a-1"
    assert membership.score == 1.0
    assert membership.reason.startswith("same quote; same speaker")


def test_a_reworded_copy_joins_the_claim_with_its_score_and_reason():
    result = group(
        [
            said(
                "a-1",
                "a",
                "Canada should immediately stop interfering in Hong Kong affairs and "
                "China's internal affairs, the embassy said.",
            ),
            said(
                "b-1",
                "b",
                "Canada should at once halt meddling in Hong Kong affairs and China's "
                "interior affairs, the embassy stated.",
                day=DAY + 2,
            ),
        ]
    )
    assert claims_of(result) == {frozenset({"a-1", "b-1"})}
    membership = result.memberships["b-1"]
    assert 0.7 <= membership.score < 1.0
    assert "alike" in membership.reason and "2 days apart" in membership.reason


def test_two_denials_at_one_briefing_answering_different_allegations_are_two_claims():
    """The same spokesperson, the same day, similar words: one report carries both, two
    other sites each carry one. Each denial answers its own allegation."""
    stations = "China firmly denies running any police stations in Canada, the spokesperson said."
    election = "China firmly denies interfering in any election in Canada, the spokesperson said."
    allegations = [
        said("x-a1", "x", "police stations operate in Toronto", "rcmp", "allegation"),
        said("x-a2", "x", "China interfered in the 2021 election", "csis", "allegation"),
    ]
    result = group(
        [
            *allegations,
            said("x-r1", "x", stations, kind="denial", answers=("x-a1",)),
            said("x-r2", "x", election, kind="denial", answers=("x-a2",)),
            said("y-r1", "y", stations, kind="denial", answers=("x-a1",)),
            said("z-r1", "z", election.replace("any", "an"), kind="denial", answers=("x-a2",)),
        ]
    )
    assert claims_of(result) >= {frozenset({"x-r1", "y-r1"}), frozenset({"x-r2", "z-r1"})}


def test_one_article_never_holds_two_appearances_of_a_claim():
    quote = "We have no interest in and will not interfere in Canada's internal affairs."
    result = group([said("a-1", "a", quote), said("a-2", "a", quote), said("b-1", "b", quote)])
    assert result.memberships["a-1"].claim != result.memberships["a-2"].claim
    assert len(claims_of(result)) == 2


def test_different_speakers_roles_or_weeks_make_different_claims():
    quote = "The accusations are groundless and a smear against China's consulate."
    result = group(
        [
            said("a-1", "a", quote),
            said("b-1", "b", quote, speaker="wang-wenbin"),
            said("c-1", "c", quote, role="allegation"),
            said("d-1", "d", quote, day=DAY + 30),
        ]
    )
    assert len(claims_of(result)) == 4


def test_a_short_generic_quote_needs_to_be_identical():
    result = group(
        [said("a-1", "a", "No comment on that."), said("b-1", "b", "No comment on this.")]
    )
    assert len(claims_of(result)) == 2


def test_different_targets_weigh_against_one_claim():
    base = "The embassy accused {} of spreading lies about the consulate in Vancouver."
    result = group(
        [
            said("a-1", "a", base.format("MP Han Dong"), role="allegation", target="han-dong"),
            said("b-1", "b", base.format("MP Michael Chong"), role="allegation", target="chong"),
        ]
    )
    assert len(claims_of(result)) == 2


def test_corrections_merge_and_split_win_over_the_engine():
    quote = "China will take necessary measures to defend its legitimate rights."
    appearances = [
        said("a-1", "a", quote),
        said("b-1", "b", quote),
        said("c-1", "c", "Something else entirely about trade and canola."),
    ]
    split = group(appearances, apart=[("a-1", "b-1")])
    assert split.memberships["a-1"].claim != split.memberships["b-1"].claim
    merged = group(appearances, together=[("a-1", "c-1")])
    assert merged.memberships["c-1"].claim == merged.memberships["a-1"].claim
    assert merged.memberships["c-1"].reason == "merged by hand"


def test_undated_statements_group_with_dated_ones():
    quote = "Beijing has insisted the cases are not linked, despite the timing."
    result = group([said("a-1", "a", quote, day=None), said("b-1", "b", quote)])
    assert len(claims_of(result)) == 1


def test_undated_statements_group_with_dated_ones_in_the_rare_word_index():
    quote = "Beijing has insisted the cases of Kovrig and Spavor are not linked to Meng."
    result = group(
        [said("a-1", "a", quote, day=None), said("b-1", "b", quote + " Really.")], small_block=0
    )
    assert len(claims_of(result)) == 1


def stock_answers(count: int, seed: int = 3, day: int = DAY) -> list[Appearance]:
    """One spokesperson's stock rejection, each time about something else (five words of
    a small vocabulary), in `count` articles on one day; every fourth carried again by
    another site in capitals."""
    import random

    rng = random.Random(seed)
    vocabulary = [f"place{i}" for i in range(400)]
    out = []
    for i in range(count):
        specifics = " ".join(rng.sample(vocabulary, 5))
        quote = f"We firmly oppose the so-called accusations about {specifics} and urge restraint"
        out.append(said(f"a{i}-r1", f"a{i}", quote, kind="rejection", day=day))
        if i % 4 == 0:
            out.append(said(f"a{i}c-r1", f"a{i}c", quote.upper(), kind="rejection", day=day))
    return out


def test_a_speaker_with_thousands_of_statements_in_one_window_scores_few_pairs():
    """Every statement looks at a bounded number of others however many its speaker
    makes in a window: 5,000 statements on one day (12.5 million pairs) score fewer
    than two pairs each, and every copy still finds its original."""
    appearances = stock_answers(4000)
    result = group(appearances)
    assert len(appearances) == 5000
    assert result.compared < 2 * len(appearances)
    assert all(
        result.memberships[f"a{i}-r1"].claim == result.memberships[f"a{i}c-r1"].claim
        for i in range(0, 4000, 4)
    )
    quarter = group(stock_answers(1000))
    assert result.compared < 4 * quarter.compared


BRIEFING = (
    "Foreign Ministry spokesperson Mao Ning said at the regular press briefing that the "
    "so-called accusations were baseless slander and that China firmly opposes them, "
    "regarding {}"
)


def briefings(count: int) -> list[Appearance]:
    """One spokesperson's stock answer at `count` briefings over a fortnight, each about
    five things of its own (made-up words no other briefing names)."""
    import random

    rng = random.Random(11)
    things = sorted({"".join(rng.choices("bcdfghklmnprstvz", k=7)) for _ in range(6 * count)})
    rng.shuffle(things)
    return [
        said(
            f"b{i}-r1",
            f"b{i}",
            BRIEFING.format(" ".join(things[5 * i : 5 * i + 5])),
            day=DAY + i % 14,
        )
        for i in range(count)
    ]


def test_a_stock_phrase_about_other_things_is_another_claim_in_a_large_block():
    """Among a speaker's many statements, word counts tell specifics from stock words:
    a quote in the stock phrase about other things is another claim, with the reason
    saying so, while a reworded copy keeps its specifics and joins."""
    appearances = briefings(60)
    first = appearances[0].quote
    reworded = first.replace("baseless", "groundless").replace("firmly", "resolutely")
    result = group([*appearances, said("copy-r1", "copy", reworded)])
    assert result.memberships["copy-r1"].claim == result.memberships["b0-r1"].claim
    assert len(claims_of(result)) == 60
    anything = group(appearances, min_score=0.0)
    reasons = {m.reason for m in anything.memberships.values()} - {""}
    assert reasons and all("rarest words in common" in r for r in reasons)


def test_a_claims_appearances_lie_within_the_window():
    """The same words said week after week are not chained into one claim: a claim's
    dated appearances are at most `window` days apart."""
    quote = "The accusations are groundless and a smear against China's consulate."
    days = (0, 10, 20, 30)
    result = group([said(f"{d}-1", f"art{d}", quote, day=DAY + d) for d in days])
    assert claims_of(result) == {frozenset({"0-1", "10-1"}), frozenset({"20-1", "30-1"})}


# ---------------------------------------------------------------- summary


def test_a_claim_names_its_earliest_appearance_first_outlet_and_counts_outlets():
    summaries = summarise(
        [
            Sighting("b-1", "c-x", "b", "2023-03-24", "Daily Syndicate"),
            Sighting("a-1", "c-x", "a", "2023-03-23", "The Canadian Press"),
            Sighting("c-1", "c-x", "c", "2023-03-25", "daily  syndicate"),
            Sighting("d-1", "c-y", "d", None, None, "2023-03-01"),
        ]
    )
    first, second = summaries
    assert (first.claim_id, first.canonical, first.first_reported, first.first_outlet) == (
        "c-x",
        "a-1",
        "2023-03-23",
        "The Canadian Press",
    )
    assert (first.appearances, first.outlets) == (3, 2)
    assert (second.first_reported, second.appearances, second.outlets) == ("2023-03-01", 1, 0)


# ---------------------------------------------------------------- the evaluation set


@pytest.fixture(scope="module")
def sources():
    return fixture_sources(ROOT / "fixtures") + devset_sources(ROOT / "eval" / "devset")


@pytest.mark.parametrize("kind", ["exact", "trimmed", "reworded"])
def test_every_quote_of_a_copy_is_in_its_text(sources, kind):
    for source in sources:
        copy = republish(source, kind, 1)
        assert copy.article["text"] != source.text
        for s in copy.statements:
            assert copy.article["text"][s["start"] : s["end"]] == s["quote"], s["id"]
            assert copy.truth[s["id"]].startswith(source.id)


def test_copies_vary_headline_and_dateline_and_trimmed_ones_lose_the_end(sources):
    source = next(s for s in sources if s.id == "d12")
    exact, trimmed = republish(source, "exact", 1), republish(source, "trimmed", 1)
    assert exact.article["outlet"] != source.outlet
    assert "(" + exact.article["outlet"] + ") — " in exact.article["text"]
    assert len(exact.statements) == len(source.statements)
    assert len(trimmed.statements) < len(source.statements)
    assert len(trimmed.article["text"]) < len(source.text)


def test_a_reworded_copy_changes_words_inside_quotes(sources):
    source = next(s for s in sources if s.id == "d01")
    copy = republish(source, "reworded", 1)
    originals = {s["id"]: s["quote"] for s in source.statements}
    changed = [s for s in copy.statements if s["quote"] != originals[copy.truth[s["id"]]]]
    assert changed
    assert republish(source, "reworded", 1).article == copy.article  # deterministic


def test_grouping_meets_the_targets_on_the_republished_set():
    result = evaluate(evaluation_set(ROOT / "fixtures", ROOT / "eval" / "devset"))
    figures = {row[0]: row for row in result.rows()}
    for kind, target in (("exact", 0.95), ("trimmed", 0.95), ("reworded", 0.85)):
        _, true_pairs, _, _, precision, recall = figures[kind]
        assert true_pairs > 100
        assert precision >= target and recall >= target, (kind, precision, recall)
    assert len(result.same_day_false_merges) <= 2


def test_the_evaluation_prints_a_table():
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack.claims.evaluate", "--copies", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "copy_kind | true_pairs | grouped_pairs | correct_pairs | precision | recall"
    assert [line.split(" | ")[0] for line in lines[1:]] == ["exact", "trimmed", "reworded", "all"]
    assert "the same speaker on the same day" in done.stderr


def test_the_fixture_copies_load_and_verify(tmp_path):
    out = tmp_path / "copies"
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack.claims.republish", str(out), "--copies", "1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    db = str(tmp_path / "copies.db")
    bundles = sorted(str(p) for p in out.glob("0*.json"))
    assert len(bundles) == 15
    for args in (["load", str(ROOT / "fixtures"), *bundles], ["verify"]):
        result = subprocess.run(
            [sys.executable, "-m", "claimtrack", "--db", db, *args],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- claims in the database


@pytest.fixture
def syndicated(tmp_path, run, db_path):
    """The fixtures and one copy of each kind of each, loaded."""
    folder = tmp_path / "copies"
    folder.mkdir()
    for copy in copies(fixture_sources(ROOT / "fixtures"), per_kind=1):
        bundle = {"article": copy.article, "actors": [], "statements": copy.statements}
        (folder / f"{copy.article['id']}.json").write_text(json.dumps(bundle), "utf-8")
    result = run("load", "--group-claims", str(ROOT / "fixtures"), str(folder))
    assert result.exit_code == 0, result.stderr
    return db_path


def rows_of(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_load_groups_every_copy_into_its_claim_with_a_score_and_reason(syndicated):
    assert query(syndicated, "SELECT count(*) FROM statements WHERE claim_id IS NULL") == [(0,)]
    members = query(
        syndicated,
        "SELECT id, claim_score, claim_reason FROM statements WHERE claim_id = 'c-003-r7' ORDER BY id",
    )
    assert [m[0] for m in members] == ["003-e1-r7", "003-r1-r7", "003-r7", "003-t1-r7"]
    assert all(m[1] >= 0.7 and "same speaker" in m[2] for m in members)
    claim = query(syndicated, "SELECT * FROM claims WHERE id = 'c-003-r7'")[0]
    assert claim == ("c-003-r7", "003-r7", "2023-03-23", "The Canadian Press", 4, 4)


def test_loading_the_same_files_again_changes_no_claim(syndicated, run):
    before = query(syndicated, "SELECT id, claim_id, claim_score, claim_reason FROM statements")
    claims = query(syndicated, "SELECT * FROM claims ORDER BY id")
    assert run("load", str(ROOT / "fixtures")).exit_code == 0
    assert (
        query(syndicated, "SELECT id, claim_id, claim_score, claim_reason FROM statements")
        == before
    )
    assert query(syndicated, "SELECT * FROM claims ORDER BY id") == claims


def test_compare_counts_claims_and_appearances_gives_every_statement(syndicated, run):
    claims = rows_of(run("compare", "--csv"))
    every = rows_of(run("compare", "--csv", "--appearances"))
    assert len({r["claim_id"] for r in claims}) == 47  # the fixtures' allegations
    assert len(every) > 3 * len(claims)
    row = next(r for r in claims if r["claim_id"] == "c-003-a3" and r["reply_id"] == "003-r7")
    assert (row["allegation_id"], row["appearances"], row["outlets"]) == ("003-a3", "4", "4")
    assert (row["first_reported"], row["first_outlet"]) == ("2023-03-23", "The Canadian Press")
    assert len([r for r in claims if r["claim_id"] == "c-003-a3"]) == len(
        [r for r in every if r["allegation_id"] == "003-a3"]
    )


def test_the_views_give_what_the_commands_print(syndicated, run):
    for view, args in (
        ("comparison", ["compare"]),
        ("comparison_appearances", ["compare", "--appearances"]),
        ("unanswered", ["unanswered"]),
        ("unanswered_appearances", ["unanswered", "--appearances"]),
    ):
        printed = rows_of(run(*args, "--csv"))
        viewed = rows_of(run("sql", f"SELECT * FROM {view}", "--csv"))
        drop = {"days_open"}
        assert [{k: v for k, v in r.items() if k not in drop} for r in printed] == [
            {k: v for k, v in r.items() if k not in drop} for r in viewed
        ], view


def test_compare_with_no_filter_streams_what_selecting_through_appearances_gives(syndicated):
    """The unfiltered fast path gives the very rows, in the same order, that selecting
    the claim pairs through their appearances gives (as any filter does)."""
    conn = open_db(syndicated)
    try:
        streamed = compare_claims(conn, Filters())
        assert not isinstance(streamed.rows, list)  # a cursor: rows come as SQLite yields
        selected = _selected_claims(conn, Filters(), answers=False)
        assert streamed.columns == selected.columns
        assert [tuple(r) for r in streamed.rows] == [tuple(r) for r in selected.rows]
    finally:
        conn.close()


def test_a_reply_linked_to_any_appearance_answers_the_claim(syndicated, run):
    before = rows_of(run("unanswered", "--csv"))
    assert [r["appearances"] for r in before if r["claim_id"] == "c-000-a2"] == ["4"]
    assert run("link", "000-e1-r1", "000-e1-a2").exit_code == 0
    after = rows_of(run("unanswered", "--csv"))
    assert "c-000-a2" not in {r["claim_id"] for r in after}
    assert len(after) == len(before) - 1
    # Each appearance on its own: the original and two copies are still unanswered.
    every = rows_of(run("unanswered", "--csv", "--appearances"))
    assert {"000-a2", "000-t1-a2", "000-r1-a2"} <= {r["allegation_id"] for r in every}
    assert "000-e1-a2" not in {r["allegation_id"] for r in every}


def test_stats_count_claims_not_copies(syndicated, run, tmp_path):
    claims = {r["target_side"]: r for r in rows_of(run("stats", "--csv"))}
    copies_counted = {r["target_side"]: r for r in rows_of(run("stats", "--csv", "--appearances"))}
    assert claims["beijing"]["allegations"] == "38"
    assert int(copies_counted["beijing"]["allegations"]) > 3 * 38
    kinds = rows_of(run("stats", "--group-by", "kind", "--csv"))
    reply_claims = query(
        syndicated, "SELECT count(DISTINCT claim_id) FROM statements WHERE role = 'response'"
    )[0][0]
    assert sum(int(r["replies"]) for r in kinds) == reply_claims < 45  # 39 in the fixtures


def test_show_a_claim_lists_every_appearance_with_its_exact_quote(syndicated, run):
    rows = rows_of(run("show", "c-003-r7", "--csv"))
    assert [r["statement_id"] for r in rows][0] == "003-r7"
    assert {r["outlet"] for r in rows} >= {"The Canadian Press"}
    assert len({r["outlet"] for r in rows}) == 4 and all(r["quote"] for r in rows)
    for r in rows:
        text = query(syndicated, "SELECT text FROM articles WHERE id = ?", (r["article"],))[0][0]
        assert r["quote"] in text
    assert [r["canonical"] for r in rows].count("True") == 1
    missing = run("show", "c-nothing")
    assert missing.exit_code == 1 and "no statement with id 'c-nothing'" in missing.stderr


def test_split_and_merge_are_remembered_across_loads(syndicated, run):
    result = run("split", "003-r1-r7")
    assert result.exit_code == 0 and "003-r1-r7 is now claim c-003-r1-r7" in result.stderr
    assert run("load", str(ROOT / "fixtures")).exit_code == 0
    claim_of = dict(
        query(syndicated, "SELECT id, claim_id FROM statements WHERE id LIKE '003-%r7'")
    )
    assert claim_of["003-r1-r7"] == "c-003-r1-r7" and claim_of["003-e1-r7"] == "c-003-r7"
    assert query(syndicated, "SELECT appearances FROM claims WHERE id = 'c-003-r7'") == [(3,)]
    result = run("merge", "c-003-r7", "003-r1-r7")
    assert result.exit_code == 0 and "into claim c-003-r7" in result.stderr
    assert query(syndicated, "SELECT appearances FROM claims WHERE id = 'c-003-r7'") == [(4,)]
    wrong = run("merge", "003-r7", "003-a1")
    assert wrong.exit_code == 1 and "an allegation and a reply cannot be one claim" in wrong.stderr
    speakers = run("merge", "003-r7", "003-r1")
    assert speakers.exit_code == 1
    assert "a claim is one speaker's" in speakers.stderr and "china, wang-wenbin" in speakers.stderr
    alone = run("split", "003-a4")
    assert alone.exit_code == 0
    again = run("split", "003-a4")
    assert again.exit_code == 1 and "only appearance" in again.stderr


def test_claimreview_names_every_appearance_and_the_first(syndicated, run):
    result = run("export", "claimreview", "--as-of", "2024-01-01")
    assert result.exit_code == 0, result.stderr
    reviews = json.loads(result.stdout)
    assert len(reviews) == 47
    review = next(r for r in reviews if r["url"].endswith("/003-a3"))
    claim = review["itemReviewed"]
    assert len(claim["appearance"]) == 4
    assert claim["firstAppearance"] == claim["appearance"][0]
    assert claim["firstAppearance"]["publisher"]["name"] == "The Canadian Press"
    assert {a["publisher"]["name"] for a in claim["appearance"][1:]} <= set(SITES)


def test_ingest_groups_two_copies_of_an_article(tmp_path, run, db_path):
    text = (ROOT / "fixtures" / "articles" / "003_3100205cfc43b103.txt").read_text("utf-8")
    first, second = tmp_path / "cp.txt", tmp_path / "portal.txt"
    first.write_text(text, "utf-8")
    second.write_text(text.replace("’", "'").replace("“", '"').replace("”", '"'), "utf-8")
    result = run("ingest", "--published", "2023-03-23", str(first), str(second))
    assert result.exit_code == 0, result.stderr
    statements, claims = query(
        db_path, "SELECT count(*), count(DISTINCT claim_id) FROM statements"
    )[0]
    assert statements > 4 and claims == statements // 2
    assert query(db_path, "SELECT count(*) FROM claims WHERE appearances = 2")[0][0] == claims


def test_metadata_describes_every_view_column_and_the_claim_tables(syndicated, run):
    result = run("metadata")
    assert result.exit_code == 0, result.stderr
    tables = json.loads(result.stdout)["databases"]["claimtrack"]["tables"]
    names = query(
        syndicated,
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE '%fts%' AND name NOT LIKE '\\_%' ESCAPE '\\' "
        "AND name NOT LIKE 'sqlite%'",
    )
    assert {"claims", "claim_corrections", "comparison_appearances"} <= {n for n, _ in names}
    for name, kind in names:
        assert tables[name]["description"], name
        if kind == "view" and name != "answers":
            columns = [r[1] for r in query(syndicated, f"PRAGMA table_info({name})")]
            assert list(tables[name]["columns"]) == columns, name
    for name in ("claims", "claim_corrections"):
        columns = [r[1] for r in query(syndicated, f"PRAGMA table_info({name})")]
        assert list(tables[name]["columns"]) == columns, name
    assert set(tables["statements"]["columns"]) == {"claim_id", "claim_score", "claim_reason"}
    assert "per claim" in tables["comparison"]["title"]
    assert "every copy" in tables["unanswered_appearances"]["description"]


# ---------------------------------------------------------------- links made after grouping

BRIEFINGS = {
    "stations": (
        "Canada accuses China of running police stations in Toronto\n\n"
        "OTTAWA — Canada's foreign minister Mélanie Joly on Monday accused China of running "
        "undeclared police stations in Toronto to intimidate members of the diaspora.\n\n"
    ),
    "detentions": (
        "Canada says Beijing detained two Canadians arbitrarily\n\n"
        "OTTAWA — Canada's foreign minister Mélanie Joly on Wednesday accused China of the "
        "arbitrary detention of two Canadian citizens in Beijing.\n\n"
    ),
}
#: One spokesperson's stock answer, given to each allegation at its own briefing.
STOCK_ANSWER = (
    "Chinese Foreign Ministry spokesperson Mao Ning said on {day} that the accusations were "
    "baseless slander and urged Canada to stop smearing China.\n"
)


def test_ingest_regroups_replies_by_the_links_its_pairing_makes(tmp_path, run, db_path):
    """The stock answer to two allegations is two reply claims: ingest groups the drafts
    as it loads them (they carry no links yet) and again once pairing has linked them."""
    files = []
    for (name, text), day in zip(BRIEFINGS.items(), ("Tuesday", "Thursday")):
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(text + STOCK_ANSWER.format(day=day), "utf-8")
    result = run("ingest", "--published", "2023-03-20", *map(str, files))
    assert result.exit_code == 0, result.stderr
    links = query(db_path, "SELECT response_id, allegation_id, origin FROM reply_links ORDER BY 1")
    assert links == [
        ("detentions-r1", "detentions-a1", "auto"),
        ("stations-r1", "stations-a1", "auto"),
    ]
    replies = query(
        db_path, "SELECT id, claim_id, claim_reason FROM statements WHERE role = 'response'"
    )
    assert len({claim for _, claim, _ in replies}) == 2, replies
    rows = rows_of(run("compare", "--csv"))
    assert {(r["allegation_id"], r["reply_id"]) for r in rows} == {
        ("stations-a1", "stations-r1"),
        ("detentions-a1", "detentions-r1"),
    }


@pytest.fixture
def stock_answers_loaded(tmp_path, run, db_path):
    """The two briefings loaded as bundles without replies_to: the stock answers are one
    reply claim, as nothing tells yet what each answers."""
    bundles = []
    for number, (name, text) in enumerate(BRIEFINGS.items()):
        answer = STOCK_ANSWER.format(day=("Tuesday", "Thursday")[number])
        topic = ("police stations", "detentions")[number]
        said = {"article": name, "topic": topic, "summary": "Canada and China disagree."}
        bundle = {
            "article": {
                "id": name,
                "title": text.split("\n")[0],
                "outlet": "Wire",
                "url": f"https://example.org/{name}",
                "published": f"2023-03-{21 + 2 * number}",
                "text": text + answer,
            },
            "statements": [
                {
                    **said,
                    "id": f"{name}-a1",
                    "role": "allegation",
                    "speaker": "Mélanie Joly",
                    "target": "China",
                    "quote": text.split("\n\n")[1].removeprefix("OTTAWA — "),
                },
                {
                    **said,
                    "id": f"{name}-r1",
                    "role": "response",
                    "speaker": "Mao Ning",
                    "kind": "rejection",
                    "quote": answer.strip(),
                },
            ],
        }
        bundles.append(tmp_path / f"{name}.json")
        bundles[-1].write_text(json.dumps(bundle, ensure_ascii=False), "utf-8")
    loaded = run(
        "load", "--group-claims", str(ROOT / "fixtures" / "actors.json"), *map(str, bundles)
    )
    assert loaded.exit_code == 0, loaded.stderr
    assert query(db_path, REPLY_CLAIMS) == [(1,)]
    return db_path


REPLY_CLAIMS = "SELECT count(DISTINCT claim_id) FROM statements WHERE role = 'response'"


def test_pair_apply_regroups_replies_by_what_they_answer(stock_answers_loaded, run):
    """Once `pair --apply` links each stock answer to its own allegation they are two."""
    result = run("pair", "--apply")
    assert result.exit_code == 0, result.stderr
    assert query(stock_answers_loaded, "SELECT count(*) FROM reply_links") == [(2,)]
    assert query(stock_answers_loaded, REPLY_CLAIMS) == [(2,)]
    assert query(stock_answers_loaded, "SELECT count(*) FROM claims WHERE appearances = 1") == [
        (4,)
    ]


def test_link_and_unlink_by_hand_regroup_the_reply(stock_answers_loaded, run):
    assert run("link", "stations-r1", "stations-a1").exit_code == 0
    assert query(stock_answers_loaded, REPLY_CLAIMS) == [(1,)]  # the other says nothing yet
    assert run("link", "detentions-r1", "detentions-a1").exit_code == 0
    assert query(stock_answers_loaded, REPLY_CLAIMS) == [(2,)]
    assert run("unlink", "detentions-r1", "detentions-a1").exit_code == 0
    assert query(stock_answers_loaded, REPLY_CLAIMS) == [(1,)]


# ---------------------------------------------------------------- claim ids


def test_an_earlier_copy_loaded_later_keeps_the_claim_id_and_the_corrections(
    tmp_path, run, db_path
):
    """Claim ids are stable: the original of 003, loaded after two of its copies, becomes
    the canonical statement of their claims without renaming them, and a split made
    before it came still holds."""
    folder = tmp_path / "copies"
    folder.mkdir()
    for copy in copies(fixture_sources(ROOT / "fixtures"), per_kind=1):
        if copy.article["id"] in ("003-e1", "003-r1"):
            bundle = {"article": copy.article, "actors": [], "statements": copy.statements}
            (folder / f"{copy.article['id']}.json").write_text(json.dumps(bundle), "utf-8")
    assert (
        run("load", "--group-claims", str(ROOT / "fixtures" / "actors.json"), str(folder)).exit_code
        == 0
    )
    claim_of = "SELECT id, claim_id FROM statements WHERE id LIKE '003-%r7' ORDER BY id"
    assert query(db_path, claim_of) == [("003-e1-r7", "c-003-e1-r7"), ("003-r1-r7", "c-003-e1-r7")]
    assert run("split", "003-r1-r7").exit_code == 0
    ids_before = dict(query(db_path, "SELECT id, claim_id FROM statements"))

    assert run("load", "--group-claims", str(ROOT / "fixtures")).exit_code == 0
    after = dict(query(db_path, "SELECT id, claim_id FROM statements"))
    assert {k: after[k] for k in ids_before} == ids_before
    assert after["003-r7"] == "c-003-e1-r7" and after["003-r1-r7"] == "c-003-r1-r7"
    assert after["003-a3"] == after["003-e1-a3"] == "c-003-e1-a3"
    claim = query(db_path, "SELECT * FROM claims WHERE id = 'c-003-e1-r7'")[0]
    assert claim == ("c-003-e1-r7", "003-r7", "2023-03-23", "The Canadian Press", 2, 2)
    shown = rows_of(run("show", "c-003-e1-r7", "--csv"))
    assert [r["statement_id"] for r in shown] == ["003-r7", "003-e1-r7"]
    # Regrouping everything from scratch names the claims the same way.
    assert run("merge", "003-r7", "003-e1-r7").exit_code == 0
    assert dict(query(db_path, "SELECT id, claim_id FROM statements")) == after


CLAIM_STATE = (
    "SELECT id, claim_id, claim_score, claim_reason FROM statements ORDER BY id",
    "SELECT * FROM claims ORDER BY id",
)


def test_claims_grouped_by_the_next_command_are_those_grouped_at_load(tmp_path):
    """`load` leaves grouping to the next command; `load --group-claims` groups at once,
    as every load did before. The same loads, corrections and reads, one database each
    way, give the same claim ids, scores, reasons and summaries: copies loaded before
    their original, a split, two loads in a row with nothing between, a merge, a
    re-load. What a read command prints in between is the same too."""
    folder = tmp_path / "copies"
    folder.mkdir()
    for copy in copies(fixture_sources(ROOT / "fixtures"), per_kind=1):
        bundle = {"article": copy.article, "actors": [], "statements": copy.statements}
        (folder / f"{copy.article['id']}.json").write_text(json.dumps(bundle), "utf-8")
    bundles = sorted(folder.glob("*.json"))
    early = [str(b) for b in bundles if b.stem in ("003-e1", "003-r1", "001-r1")]
    trimmed = [str(b) for b in bundles if b.stem.endswith("t1")]
    rest = [str(b) for b in bundles if str(b) not in early + trimmed]
    steps = [
        ("load", str(ROOT / "fixtures" / "actors.json"), *early),
        ("load", str(ROOT / "fixtures")),
        ("unanswered", "--csv"),
        ("split", "003-r1-r7"),
        ("load", *trimmed),
        ("load", *rest),
        ("merge", "003-r7", "003-r1-r7"),
        ("load", str(ROOT / "fixtures")),
        ("compare", "--csv"),
    ]
    printed, states = {}, {}
    for way in ("at load", "later"):
        db = tmp_path / f"{way}.db"
        printed[way] = []
        for step in steps:
            args = step[:1] + ("--group-claims",) * (way == "at load" and step[0] == "load")
            result = CliRunner().invoke(cli, ["--db", str(db), *args, *step[1:]])
            assert result.exit_code == 0, result.stderr
            printed[way].append(result.stdout)
        states[way] = [query(db, sql) for sql in CLAIM_STATE]
    assert printed["later"] == printed["at load"]
    assert states["later"] == states["at load"]
    statements, claims = states["later"]
    assert len(statements) > 300 and all(s[1] for s in statements)
    assert len(claims) < len(statements)


def test_a_load_leaves_its_claims_to_the_next_command(tmp_path, run, db_path):
    """The next command groups first: a read command before it reads, a writing one in
    its own transaction, which a failure rolls back with the rest."""
    waiting = "SELECT count(*) FROM statements WHERE claim_id IS NULL"
    assert run("load", str(ROOT / "fixtures")).exit_code == 0
    assert query(db_path, waiting) == [(81,)]
    assert query(db_path, "SELECT count(*) FROM claims") == [(0,)]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x-1", "article": "nowhere"}) + "\n", "utf-8")
    failed = run("load", str(bad))
    assert failed.exit_code == 1 and "nowhere" in failed.stderr
    assert query(db_path, waiting) == [(81,)]
    assert run("link", "003-r7", "003-a1").exit_code == 0
    assert query(db_path, waiting) == [(0,)]
    reload = next((ROOT / "fixtures" / "articles").glob("004_*.json"))
    assert run("load", str(reload)).exit_code == 0
    assert query(db_path, waiting) == [(0,)]  # nothing new: nothing left waiting
    again = tmp_path / "again.db"
    assert run("--db", str(again), "load", str(ROOT / "fixtures")).exit_code == 0
    assert query(again, waiting) == [(81,)]
    assert run("--db", str(again), "stats").exit_code == 0
    assert query(again, waiting) == [(0,)]
    assert query(again, "SELECT count(*) FROM claims") == query(
        db_path, "SELECT count(*) FROM claims"
    )


def test_a_claims_name_stays_with_the_statement_it_names():
    first = [said("x-r1", "x", "We firmly oppose the groundless accusations made by Canada.")]
    copy = said("y-r1", "y", "We firmly oppose the groundless accusations made by Canada!")
    earlier = said(
        "w-r1", "w", "We firmly oppose the groundless accusations made by Canada", day=DAY - 1
    )
    once = group(first + [copy])
    assert {m.claim for m in once.memberships.values()} == {"c-x-r1"}
    named = {sid: m.claim for sid, m in once.memberships.items()}
    again = group([*first, copy, earlier], named=named)
    assert {m.claim for m in again.memberships.values()} == {"c-x-r1"}
    fresh = group([*first, copy, earlier])
    assert {m.claim for m in fresh.memberships.values()} == {"c-w-r1"}
    apart = group([*first, copy, earlier], named=named, apart=[("x-r1", "y-r1"), ("x-r1", "w-r1")])
    assert apart.memberships["x-r1"].claim == "c-x-r1"
    assert apart.memberships["y-r1"].claim == apart.memberships["w-r1"].claim == "c-w-r1"


def test_deleting_appearances_recounts_renames_or_removes_their_claim(syndicated, run):
    assert query(syndicated, "SELECT appearances FROM claims WHERE id = 'c-003-r7'") == [(4,)]
    assert run("delete", "003-e1-r7").exit_code == 0
    assert query(syndicated, "SELECT appearances, outlets FROM claims WHERE id = 'c-003-r7'") == [
        (3, 3)
    ]
    assert run("delete", "003-r7").exit_code == 0
    assert query(syndicated, "SELECT count(*) FROM claims WHERE id = 'c-003-r7'") == [(0,)]
    remaining = query(
        syndicated, "SELECT DISTINCT claim_id FROM statements WHERE id LIKE '003-%r7'"
    )
    assert len(remaining) == 1 and remaining[0][0] != "c-003-r7"
    claim = query(
        syndicated, "SELECT canonical_id, appearances FROM claims WHERE id = ?", remaining[0]
    )
    assert claim[0][1] == 2 and "c-" + claim[0][0] == remaining[0][0]
    assert run("delete", "--article", "003-t1").exit_code == 0
    assert run("delete", "--article", "003-r1").exit_code == 0
    assert query(syndicated, "SELECT count(*) FROM claims WHERE id = ?", remaining[0]) == [(0,)]
    orphans = "SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.claim_id = c.id)"
    assert query(syndicated, orphans) == [(0,)]
    counts = """SELECT count(*) FROM claims c WHERE appearances <>
        (SELECT count(*) FROM statements s WHERE s.claim_id = c.id)"""
    assert query(syndicated, counts) == [(0,)]

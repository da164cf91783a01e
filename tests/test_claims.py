"""Claims: grouping the appearances of one statement across articles, and measuring it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claimtrack.claims.evaluate import evaluate, evaluation_set
from claimtrack.claims.grouping import Appearance, group
from claimtrack.claims.republish import devset_sources, fixture_sources, republish
from claimtrack.claims.summary import Sighting, summarise

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

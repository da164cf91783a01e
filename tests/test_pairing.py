"""Automatic pairing as analysts use it: proposals with a score and a reason, the side
and time rules, each piece of evidence on its own, --apply, rejections, and the
evaluation against the curated fixtures held to a floor."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from dataclasses import replace
from datetime import date

import pytest
from conftest import FIXTURES, query, write_jsonl
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.actors import Actor, ActorRegistry
from claimtrack.model import COMPARE_COLUMNS
from claimtrack.pairing import PAIR_COLUMNS, Pairer, Statement, side_of

# ---------------------------------------------------------------- a small world


@pytest.fixture
def registry() -> ActorRegistry:
    return ActorRegistry(
        [
            Actor("china", "China", "beijing", "state", None, ["Beijing"]),
            Actor("mfa", "Chinese Foreign Ministry", "beijing", "ministry", "china"),
            Actor("mao", "Mao Ning", "beijing", "spokesperson", "mfa", ["Mao"]),
            Actor("consulate", "Chinese Consulate in Toronto", "beijing", "consulate", "mfa"),
            Actor("stations", "Chinese police stations", "beijing", "police", "china"),
            Actor("canada", "Canada", "ottawa", "state", None, ["Ottawa"]),
            Actor("gac", "Global Affairs Canada", "ottawa", "ministry", "canada"),
            Actor("rcmp", "RCMP", "ottawa", "police", "canada", ["Mounties"]),
            Actor("mp", "Jane Doe", "ottawa", "mp", "canada", ["Doe"]),
            Actor("globe", "The Globe and Mail", "other", "media", None, ["the Globe"]),
        ]
    )


def day(text: str) -> date:
    return date.fromisoformat(text)


def make(id: str, role: str = "allegation", **fields) -> Statement:
    """A statement in article A1 (published 2023-03-10) unless told otherwise."""
    when = fields.pop("on", None)
    published = fields.pop("published", "2023-03-10")
    defaults = {
        "article": "A1",
        "speaker": "rcmp" if role == "allegation" else "mao",
        "target": "stations" if role == "allegation" else None,
        "kind": None if role == "allegation" else "denial",
        "position": 0,
        "paragraph": 0,
        "date": when,
        "first": day(when) if when else None,
        "last": day(when) if when else None,
        "published_first": day(published),
        "published_last": day(published),
    }
    return Statement(id=id, role=role, **{**defaults, **fields})


ALLEGATION = make(
    "a1",
    quote="The RCMP said it is investigating alleged police stations in Montreal and Brossard.",
    topic="police stations",
    on="2023-03-09",
    position=100,
    paragraph=1,
)
REPLY = make(
    "r1",
    "response",
    quote="Mao Ning said China strictly respects international law.",
    topic="police stations",
    on="2023-03-10",
    position=900,
    paragraph=5,
)


def score(registry, allegation: Statement, reply: Statement, *others: Statement, **options):
    engine = Pairer([allegation, reply, *others], registry, **options)
    return engine.score(reply.id, allegation.id), engine


# ---------------------------------------------------------------- who may answer


def test_the_accused_side_answers_through_the_actors_parents(registry):
    assert side_of(registry, "mao") == "beijing"  # Mao Ning -> ministry -> China
    proposal, _ = score(registry, ALLEGATION, REPLY)
    assert proposal is not None
    assert "beijing answers an allegation against beijing" in proposal.reason


def test_an_actor_filed_as_other_under_a_state_speaks_for_that_state(registry):
    registry.add(Actor("attache", "Press attache", "other", "diplomat", "consulate"))
    proposal, _ = score(registry, ALLEGATION, replace(REPLY, speaker="attache"))
    assert proposal is not None


def test_the_accusing_side_cannot_answer_its_own_allegation(registry):
    reply = replace(REPLY, speaker="gac")
    proposal, engine = score(registry, ALLEGATION, reply)
    assert proposal is None
    assert engine.rule_out("r1", "a1") == "ottawa cannot answer an allegation against beijing"


def test_an_allegation_that_names_the_other_side_as_agent_lets_it_answer(registry):
    allegation = make(
        "a2",
        speaker="globe",
        target="mp",
        quote="The Globe reported that Jane Doe received campaign help through Chinese officials.",
        topic="election interference",
        position=100,
    )
    proposal, _ = score(registry, allegation, replace(REPLY, topic="election interference"))
    assert proposal is not None
    assert "allegation against ottawa that implicates beijing" in proposal.reason
    victims = replace(allegation, quote="The Globe reported that Jane Doe met Chinese Canadians.")
    assert score(registry, victims, REPLY)[0] is None


# ---------------------------------------------------------------- when


def test_a_reply_dated_before_the_allegation_is_never_proposed(registry):
    proposal, engine = score(registry, ALLEGATION, replace(REPLY, **dated("2023-03-01")))
    assert proposal is None
    assert "earlier than the allegation" in engine.rule_out("r1", "a1")


def test_a_reply_beyond_the_window_is_not_proposed_unless_the_window_grows(registry):
    late = replace(REPLY, **dated("2023-06-01"))
    proposal, engine = score(registry, ALLEGATION, late)
    assert proposal is None
    assert engine.rule_out("r1", "a1") == "the reply is more than 60 days after the allegation"
    assert score(registry, ALLEGATION, late, window=90)[0] is not None


def test_undated_statements_in_one_article_are_ordered_by_their_position(registry):
    allegation = replace(ALLEGATION, **dated(None))
    after, _ = score(registry, allegation, replace(REPLY, **dated(None)))
    before, _ = score(registry, allegation, replace(REPLY, position=10, **dated(None)))
    assert "undated; the reply comes after it in the article" in after.reason
    assert "undated; the reply comes before it in the article" in before.reason
    assert before.score < after.score


def test_across_articles_an_undated_allegation_takes_its_articles_date(registry):
    allegation = replace(ALLEGATION, article="A0", published_first=day("2023-03-01"))
    allegation = replace(allegation, published_last=day("2023-03-01"), **dated(None))
    reply = replace(REPLY, article="A2", quote=REPLY.quote + " The Montreal and Brossard claims")
    proposal, _ = score(registry, allegation, reply)
    assert proposal is not None
    assert "9 days later (by article date)" in proposal.reason
    earlier = replace(reply, **dated("2023-02-20"))
    assert score(registry, allegation, earlier)[0] is None


def dated(when: str | None) -> dict:
    return {
        "date": when,
        "first": day(when) if when else None,
        "last": day(when) if when else None,
    }


# ---------------------------------------------------------------- each signal on its own

BARE_ALLEGATION = make("a1", quote="Officials described troubling activity.", position=100)
BARE_REPLY = make(
    "r1",
    "response",
    quote="The spokeswoman spoke to reporters at length.",
    position=5000,
    paragraph=9,
)
OTHER = (
    make("a0", quote="Unrelated words about trade tariffs.", position=2000, target="china"),
    make("a9", quote="Other words about fishing quotas.", position=3000, target="china"),
)


@pytest.mark.parametrize(
    ("evidence", "allegation", "reply", "reason"),
    [
        (
            "a shared named thing",
            {"quote": "Officials described troubling activity in Montreal."},
            {"quote": "The spokeswoman spoke about Montreal at length."},
            "shares 'Montreal'",
        ),
        (
            "a shared registry actor, under another alias",
            {"quote": "Officials described troubling activity by the Mounties."},
            {"quote": "The spokeswoman spoke about the RCMP at length."},
            "shares 'RCMP'",
        ),
        (
            "shared rare content terms",
            {"quote": "Officials described troubling surveillance of dissidents."},
            {"quote": "The spokeswoman said surveillance of dissidents is a fabrication."},
            "'surveillance'",
        ),
        (
            "the same topic",
            {"topic": "police stations"},
            {"topic": "police stations"},
            "same topic 'police stations'",
        ),
        (
            "a related topic",
            {"topic": "election interference"},
            {"topic": "foreign interference"},
            "related topics",
        ),
        (
            "the same paragraph",
            {"paragraph": 9},
            {},
            "same paragraph",
        ),
        (
            "the allegation reported just before the reply",
            {"position": 4000},
            {},
            "the allegation comes just before it",
        ),
        (
            "a reply within days of an allegation dated to the day",
            dated("2023-03-08"),
            dated("2023-03-10"),
            "2 days later",
        ),
        (
            "a counter-accusation aimed at the accuser",
            {},
            {"kind": "counter-accusation", "target": "canada"},
            "counter-accuses the accuser",
        ),
    ],
)
def test_each_piece_of_evidence_raises_the_score_and_is_named_in_the_reason(
    registry, evidence, allegation, reply, reason
):
    base, _ = score(registry, BARE_ALLEGATION, BARE_REPLY, *OTHER)
    more, _ = score(
        registry, replace(BARE_ALLEGATION, **allegation), replace(BARE_REPLY, **reply), *OTHER
    )
    assert more.score > base.score, evidence
    assert reason in more.reason
    assert reason not in base.reason


def test_a_different_topic_lowers_the_score(registry):
    same, _ = score(registry, replace(BARE_ALLEGATION, topic="xinjiang"), BARE_REPLY, *OTHER)
    other, _ = score(
        registry, replace(BARE_ALLEGATION, topic="xinjiang"), replace(BARE_REPLY, topic="trade")
    )
    assert other.score < same.score
    assert "different topics 'xinjiang' and 'trade'" in other.reason


def test_a_reference_cue_points_at_the_allegation_just_before_it(registry):
    cue = replace(BARE_REPLY, quote="The spokeswoman called these accusations groundless.")
    near = replace(BARE_ALLEGATION, position=4000)
    with_cue, _ = score(registry, near, cue, *OTHER)
    without, _ = score(registry, near, BARE_REPLY, *OTHER)
    assert with_cue.score > without.score
    assert "refers back ('these accusations')" in with_cue.reason
    after = replace(cue, position=10)
    assert score(registry, near, after, *OTHER)[0].score < with_cue.score


def test_the_same_article_counts_and_other_articles_need_more_evidence(registry):
    allegation = replace(BARE_ALLEGATION, **dated("2023-03-08"))
    reply = replace(BARE_REPLY, **dated("2023-03-10"))
    here, _ = score(registry, allegation, reply)
    elsewhere, _ = score(registry, allegation, replace(reply, article="A2"))
    assert "same article" in here.reason
    assert "across articles: the reply is in article A2" in elsewhere.reason
    assert elsewhere.score < here.score


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["police", "stations", "Montreal", "denies", "slander", "Chong"]),
        max_size=8,
    ),
    gap=st.integers(min_value=0, max_value=60),
    topic=st.sampled_from([None, "police stations", "xinjiang"]),
    same_article=st.booleans(),
)
def test_every_score_is_between_0_and_1_with_a_reason(words, gap, topic, same_article):
    registry = ActorRegistry(
        [
            Actor("china", "China", "beijing"),
            Actor("canada", "Canada", "ottawa"),
        ]
    )
    allegation = make("a1", speaker="canada", target="china", quote=" ".join(words) or "x")
    allegation = replace(allegation, topic=topic, **dated("2023-01-01"))
    when = date.fromordinal(day("2023-01-01").toordinal() + gap).isoformat()
    reply = make("r1", "response", speaker="china", quote=" ".join(reversed(words)) or "y")
    reply = replace(reply, topic="police stations", article="A1" if same_article else "A2")
    reply = replace(reply, **dated(when))
    proposal = Pairer([allegation, reply], registry).score("r1", "a1")
    assert 0.0 <= proposal.score <= 1.0
    assert proposal.reason


# ---------------------------------------------------------------- many to many


def test_one_reply_answers_several_allegations_and_a_counter_accusation_is_answered(registry):
    first = replace(ALLEGATION, id="a1")
    second = replace(ALLEGATION, id="a2", quote="Police stations in Montreal, says the RCMP.")
    counter = make(
        "r2",
        "response",
        speaker="mao",
        target="canada",
        kind="counter-accusation",
        quote="Mao said Canada should stop smearing China over the police stations in Montreal.",
        topic="police stations",
        on="2023-03-10",
        position=1000,
    )
    answer = make(
        "r3",
        "response",
        speaker="gac",
        quote="Global Affairs Canada rejected the smearing charge over the police stations.",
        topic="police stations",
        on="2023-03-11",
        position=1200,
    )
    proposals = Pairer([first, second, REPLY, counter, answer], registry).proposals()
    pairs = {(p.response_id, p.allegation_id) for p in proposals}
    assert {("r1", "a1"), ("r1", "a2")} <= pairs  # one reply, two allegations
    assert {("r1", "a1"), ("r2", "a1")} <= pairs  # one allegation, two replies
    assert ("r3", "r2") in pairs  # the counter-accusation is itself answered


def test_candidates_come_from_blocking_not_from_every_pair(registry):
    rng = random.Random(3)
    statements = []
    for n in range(400):
        when = date.fromordinal(day("2019-01-01").toordinal() + rng.randrange(2000)).isoformat()
        place = f"Place{rng.randrange(300)}"
        statements.append(
            make(f"a{n}", article=f"X{n}", quote=f"The RCMP cites {place} stations.", **dated(when))
        )
        statements.append(
            make(
                f"r{n}",
                "response",
                article=f"X{n}",
                quote=f"Mao denies {place} claims.",
                **dated(when),
            )
        )
    engine = Pairer(statements, registry)
    scored = []
    original = engine._score
    engine._score = lambda r, a: scored.append(1) or original(r, a)
    proposals = engine.proposals()
    assert len(scored) < 0.02 * 400 * 400
    assert {(f"r{n}", f"a{n}") for n in range(400)} <= {
        (p.response_id, p.allegation_id) for p in proposals
    }


# ---------------------------------------------------------------- the command


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def links(db) -> set[tuple]:
    return set(
        query(db, "SELECT response_id, allegation_id, origin, score, reason FROM reply_links")
    )


def test_pair_prints_compare_columns_plus_score_and_reason(run, loaded):
    result = run("pair", "--csv", "--article", "001")
    assert result.exit_code == 0, result.stderr
    rows = csv_rows(result.stdout)
    assert tuple(rows[0]) == PAIR_COLUMNS == (*COMPARE_COLUMNS, "score", "reason")
    row = next(r for r in rows if (r["reply_id"], r["allegation_id"]) == ("001-r4", "001-a2"))
    assert row["replied_by"] == "Mao Ning" and row["target_side"] == "beijing"
    assert row["link_origin"] == "curated"
    assert 0.5 <= float(row["score"]) <= 1.0
    assert "beijing answers an allegation against beijing" in row["reason"]
    assert "shares 'police stations'" in row["reason"]
    assert all("001" in (r["article"], r["reply_id"][:3]) for r in rows)
    assert "proposals scoring 0.5 or more" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "jsonl", "markdown"])
def test_pair_speaks_every_output_format(run, loaded, fmt):
    result = run("pair", "--format", fmt, "--article", "002")
    assert result.exit_code == 0, result.stderr
    assert "002-r1" in result.stdout
    assert "reason" in result.stdout or fmt == "table" and "embassy" in result.stdout.lower()


def test_min_score_keeps_only_the_confident_proposals(run, loaded):
    everything = json.loads(run("pair", "--json", "--min-score", "0").stdout)
    confident = json.loads(run("pair", "--json", "--min-score", "0.9").stdout)
    assert confident and len(confident) < len(everything)
    assert all(r["score"] >= 0.9 for r in confident)
    assert min(r["score"] for r in everything) < 0.5


def test_pair_filters_select_proposals_as_compare_does(run, loaded):
    rows = json.loads(run("pair", "--json", "--kind", "deflection").stdout)
    assert rows and {r["reply_kind"] for r in rows} == {"deflection"}
    rows = json.loads(run("pair", "--json", "--against", "Han Dong").stdout)
    assert rows and {r["target"] for r in rows} == {"Han Dong"}


def test_statements_loaded_without_links_get_their_replies_proposed(run, tmp_path):
    bundle = json.loads((FIXTURES / "articles" / "002_faed0194369c0b9c.json").read_text("utf-8"))
    shutil.copy(FIXTURES / "articles" / "002_faed0194369c0b9c.txt", tmp_path)
    statements = bundle.pop("statements")
    for s in statements:
        s.pop("replies_to", None)
    (tmp_path / "article.json").write_text(json.dumps(bundle), "utf-8")
    write_jsonl(tmp_path / "statements.jsonl", statements)
    result = run("load", str(FIXTURES / "actors.json"), str(tmp_path))
    assert result.exit_code == 0, result.stderr
    rows = csv_rows(run("pair", "--csv").stdout)
    pairs = {(r["reply_id"], r["allegation_id"]) for r in rows}
    assert {("002-r1", "002-a1"), ("002-r2", "002-a2"), ("002-r3", "002-a1")} <= pairs
    assert all(r["link_origin"] == "" for r in rows)


def test_a_reply_in_a_later_article_is_paired_with_the_allegation_it_names(run, loaded, tmp_path):
    text = (
        "China's foreign ministry on Sunday rejected claims that Han Dong took orders from "
        "a Chinese diplomat in Toronto, calling them slander."
    )
    bundle = {
        "article": {"id": "900", "title": "Beijing rejects claims", "published": "2023-03-26"}
        | {"text": text},
        "statements": [
            {
                "id": "900-r1",
                "article": "900",
                "role": "response",
                "speaker": "China's foreign ministry",
                "kind": "rejection",
                "topic": "foreign interference",
                "quote": text,
                "date_phrase": "on Sunday",
            }
        ],
    }
    (tmp_path / "900.json").write_text(json.dumps(bundle), "utf-8")
    assert run("load", str(tmp_path / "900.json")).exit_code == 0
    rows = json.loads(run("pair", "--json", "--article", "900").stdout)
    best = max(rows, key=lambda r: r["score"])
    assert (best["reply_id"], best["allegation_id"]) == ("900-r1", "003-a3")
    assert best["score"] >= 0.8
    assert "across articles: the reply is in article 900" in best["reason"]
    assert "'Han Dong'" in best["reason"] and "4 days later" in best["reason"]
    assert {r["allegation_id"][:3] for r in rows} == {"003"}


def test_pair_shapes_its_table_with_the_shared_row_options(run, loaded):
    result = run("pair", "--format", "table", "--columns", "reply_id,target,score", "--limit", "2")
    assert result.exit_code == 0, result.stderr
    assert "target" in result.stdout and "reason" not in result.stdout


def test_apply_stores_auto_links_and_running_it_twice_changes_nothing(run, loaded):
    first = run("pair", "--apply", "--csv")
    assert first.exit_code == 0, first.stderr
    after_first = links(loaded)
    auto = {link for link in after_first if link[2] == "auto"}
    assert auto and all(0.5 <= link[3] <= 1 and link[4] for link in auto)
    assert f"auto links: {len(auto)} new" in first.stderr
    second = run("pair", "--apply", "--csv")
    assert second.exit_code == 0, second.stderr
    assert links(loaded) == after_first
    assert f"0 new, 0 updated, {len(auto)} unchanged" in second.stderr
    rows = csv_rows(second.stdout)
    assert {r["link_origin"] for r in rows} <= {"curated", "auto"}


def test_apply_never_changes_a_curated_or_manual_link(run, loaded):
    proposals = csv_rows(run("pair", "--csv").stdout)
    new = next(r for r in proposals if not r["link_origin"])
    assert run("link", new["reply_id"], new["allegation_id"]).exit_code == 0
    people = {link for link in links(loaded) if link[2] in ("curated", "manual")}
    assert run("pair", "--apply", "--csv").exit_code == 0
    assert people <= links(loaded)
    origin = query(
        loaded,
        "SELECT origin FROM reply_links WHERE response_id = ? AND allegation_id = ?",
        (new["reply_id"], new["allegation_id"]),
    )
    assert origin == [("manual",)]


def test_unlinking_an_auto_link_remembers_the_rejection(run, loaded):
    assert run("pair", "--apply", "--csv").exit_code == 0
    response_id, allegation_id = query(
        loaded, "SELECT response_id, allegation_id FROM reply_links WHERE origin = 'auto' LIMIT 1"
    )[0]
    result = run("unlink", response_id, allegation_id)
    assert result.exit_code == 0, result.stderr
    assert query(loaded, "SELECT response_id, allegation_id FROM rejected_links") == [
        (response_id, allegation_id)
    ]
    rows = csv_rows(run("pair", "--csv", "--min-score", "0").stdout)
    assert (response_id, allegation_id) not in {(r["reply_id"], r["allegation_id"]) for r in rows}
    assert run("pair", "--apply", "--csv").exit_code == 0
    assert not query(
        loaded,
        "SELECT 1 FROM reply_links WHERE response_id = ? AND allegation_id = ?",
        (response_id, allegation_id),
    )


def test_unlinking_a_curated_link_is_remembered_too(run, loaded):
    assert run("unlink", "000-r8", "000-a14").exit_code == 0
    assert query(loaded, "SELECT response_id, allegation_id FROM rejected_links") == [
        ("000-r8", "000-a14")
    ]
    rows = csv_rows(run("pair", "--csv", "--min-score", "0").stdout)
    assert ("000-r8", "000-a14") not in {(r["reply_id"], r["allegation_id"]) for r in rows}


def test_apply_and_evaluate_do_not_go_together(run, loaded):
    result = run("pair", "--apply", "--evaluate")
    assert result.exit_code == 2
    assert "--apply and --evaluate" in result.stderr


# ---------------------------------------------------------------- evaluation


#: Floors under the measured figures (within F1 0.892, across 0.885 when written): a
#: change that makes pairing worse fails here.
FLOOR_OVERALL_F1 = 0.86
FLOOR_ARTICLE_F1 = 0.78


def test_evaluation_against_the_curated_links_stays_above_its_floor(run, loaded):
    result = run("pair", "--evaluate", "--json")
    assert result.exit_code == 0, result.stderr
    rows = {(r["mode"], r["article"]): r for r in json.loads(result.stdout)}
    assert set(rows) == {
        (mode, article)
        for mode in ("within", "across")
        for article in ("000", "001", "002", "003", "004", "all")
    }
    for mode in ("within", "across"):
        overall = rows[(mode, "all")]
        assert overall["links"] == 116
        assert overall["f1"] >= FLOOR_OVERALL_F1, overall
        assert overall["precision"] >= 0.8 and overall["recall"] >= 0.9, overall
        for article in ("000", "001", "002", "003", "004"):
            assert rows[(mode, article)]["f1"] >= FLOOR_ARTICLE_F1, rows[(mode, article)]
    assert "within articles: precision" in result.stderr
    assert "across all 5 articles" in result.stderr


def test_evaluation_lists_the_misses_and_the_false_links(run, loaded):
    rows = json.loads(run("pair", "--evaluate", "--json").stdout)
    overall = next(r for r in rows if r["mode"] == "within" and r["article"] == "all")
    assert len(overall["misses"]) == overall["links"] - overall["correct"]
    assert len(overall["false_links"]) == overall["proposed"] - overall["correct"]
    assert any("more than 60 days" in m for m in overall["misses"])
    table = run("pair", "--evaluate", "--format", "table")
    assert "false link" in table.stdout and "miss" in table.stdout


def test_evaluation_of_one_article_counts_only_its_links(run, loaded):
    result = run("pair", "--evaluate", "--json", "--article", "003")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["article"] for r in rows} == {"003", "all"}
    assert all(r["links"] == 17 for r in rows)
    assert "across all 5 articles" in result.stderr


def test_evaluation_needs_links_made_by_a_person(run, tmp_path, db_path):
    run("load", str(FIXTURES / "actors.json"))
    result = run("pair", "--evaluate")
    assert result.exit_code == 1
    assert "no curated or manual links" in result.stderr

"""Automatic pairing as analysts use it: the rules of who may answer and when, each
signal on short sentences, proposals with a score and a reason, --apply, rejections, the
evaluator on a gold folder, and the figures on the development set and the fixtures held
to floors."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from dataclasses import replace
from datetime import date

import pytest
from conftest import FIXTURES, ROOT, query, write_jsonl

from claimtrack.actors import Actor, ActorRegistry
from claimtrack.model import COMPARE_COLUMNS
from claimtrack.pairing import Pairer, Statement
from claimtrack.pairing.proposals import PAIR_COLUMNS
from claimtrack.pairing.scoring import weights
from claimtrack.pairing.signals import SIGNALS
from claimtrack.pairing.text import identity, names, terms

DEVSET = ROOT / "eval" / "devset"

# ---------------------------------------------------------------- a small world


@pytest.fixture
def registry() -> ActorRegistry:
    return ActorRegistry(
        [
            Actor("china", "China", "beijing", "state", None, ["Beijing"]),
            Actor("mfa", "Chinese Foreign Ministry", "beijing", "ministry", "china"),
            Actor("mao", "Mao Ning", "beijing", "spokesperson", "mfa", ["Mao"]),
            Actor("canada", "Canada", "ottawa", "state", None, ["Ottawa"]),
            Actor("gac", "Global Affairs Canada", "ottawa", "ministry", "canada"),
            Actor("joly", "Melanie Joly", "ottawa", "minister", "canada"),
            Actor("mp", "Jane Doe", "ottawa", "mp", "canada", ["Doe"]),
            Actor("iran", "Iran (Iranian government)", "other", "state", None),
            Actor("iran-army", "Iran (Iranian military)", "other", "military", None),
            Actor("uk", "UK government", "other", "state", None),
            Actor("globe", "The Globe and Mail", "other", "media", None),
        ]
    )


def day(text: str) -> date:
    return date.fromisoformat(text)


def dated(when: str | None) -> dict:
    return {"date": when, "first": day(when) if when else None, "last": day(when) if when else None}


def make(id: str, role: str = "allegation", **fields) -> Statement:
    """A statement of article A1 (published 2023-03-10) unless told otherwise."""
    when = fields.pop("on", None)
    defaults = {
        "article": "A1",
        "speaker": "joly" if role == "allegation" else "mao",
        "target": "china" if role == "allegation" else None,
        "kind": None if role == "allegation" else "denial",
        "published_first": day("2023-03-10"),
        "published_last": day("2023-03-10"),
        "title": "Ottawa and Beijing trade words",
        **dated(when),
    }
    return Statement(id=id, role=role, **{**defaults, **fields})


def engine(*statements: Statement, **options) -> Pairer:
    return Pairer.over(list(statements), options.pop("registry"), **options)


def scored(registry, *statements: Statement, response="r1", allegation="a1"):
    return engine(*statements, registry=registry).score(response, allegation)


ALLEGATION = make(
    "a1", quote="Joly accused Beijing of meddling in the election.", position=100, on="2023-03-09"
)
SIBLING = make(
    "a2", quote="Joly also said fishing boats entered the harbour.", position=300, paragraph=2
)
REPLY = make("r1", "response", quote="Mao Ning denied any interference.", position=900, paragraph=5)

# ---------------------------------------------------------------- words


def test_words_meet_through_stems_synonyms_and_places():
    assert set(terms("accused of meddling")) == set(terms("the accusation of interference"))
    assert "place:iran" in terms("Iranian officials") and "place:iran" in terms("Iran said")
    assert "place:us" in terms("the United States said") and "place:us" in terms("the US said")
    assert "place:us" not in terms("they told us")
    assert "spavor" in names("China freed Michael Spavor.") & names("They said Spavor left.")
    assert identity("Shou Zi Chew, TikTok CEO") & identity("TikTok and the Chinese government")
    assert "place:canada" not in identity("Embassy of the Russian Federation in Canada")


# ---------------------------------------------------------------- who may answer, and when


def test_the_targets_side_answers_through_the_actors_parents(registry):
    proposal = scored(registry, ALLEGATION, REPLY)
    assert proposal is not None
    assert "beijing answers an allegation against beijing" in proposal.reason


def test_the_accusing_side_cannot_answer_its_own_allegation(registry):
    pairer = engine(ALLEGATION, replace(REPLY, speaker="gac"), registry=registry)
    assert pairer.score("r1", "a1") is None
    assert pairer.rule_out("r1", "a1") == "ottawa cannot answer an allegation against beijing"


def test_a_third_state_answers_a_charge_against_it_by_name_not_every_other(registry):
    charge = make(
        "a1", quote="Trudeau said an Iranian missile downed the plane.", target="iran-army"
    )
    denial = make(
        "r1", "response", speaker="iran", quote="Iran is denying the reports.", position=500
    )
    bystander = replace(denial, id="r2", speaker="uk", quote="The UK is denying the reports.")
    pairer = engine(charge, denial, bystander, registry=registry)
    assert "the responder is the target by name" in pairer.score("r1", "a1").reason
    assert pairer.score("r2", "a1") is None


def test_nobody_answers_their_own_allegation_and_a_twin_is_answered_once(registry):
    counter = make(
        "r2",
        "response",
        speaker="mao",
        target="canada",
        kind="counter-accusation",
        quote="Canada itself spreads false information.",
        position=500,
    )
    twin = make("a3", speaker="mao", target="canada", quote=counter.quote, position=500)
    answer = make(
        "r3",
        "response",
        speaker="gac",
        quote="Canada rejects the false information charge.",
        position=700,
    )
    pairer = engine(ALLEGATION, counter, twin, answer, registry=registry)
    assert pairer.score("r3", "a3") is not None
    assert pairer.rule_out("r3", "r2") == "answered through its twin allegation"
    assert pairer.rule_out("r2", "a3") == "nobody answers their own allegation"


def test_an_allegation_that_names_the_other_side_as_agent_lets_it_answer(registry):
    charge = make(
        "a1",
        speaker="globe",
        target="mp",
        quote="The Globe reported that Jane Doe got help through Chinese officials.",
    )
    proposal = scored(registry, charge, REPLY)
    assert "beijing answers an allegation that implicates beijing" in proposal.reason
    victims = replace(charge, quote="The Globe reported that Jane Doe met Chinese Canadians.")
    assert scored(registry, victims, REPLY) is None


def test_in_one_article_a_reply_dated_before_a_restated_charge_still_answers_it(registry):
    restated = replace(ALLEGATION, **dated("2023-03-09"))
    earlier = replace(REPLY, **dated("2023-03-01"))
    proposal = scored(registry, restated, earlier)
    assert proposal is not None
    assert "8 days before this report of the charge" in proposal.reason


def test_across_articles_the_reply_comes_after_the_charge_and_within_the_window(registry):
    charge = replace(ALLEGATION, article="A0", **dated("2023-03-01"))
    reply = replace(
        REPLY, article="A2", quote=REPLY.quote + " Joly's election meddling claim is false."
    )
    pairer = engine(charge, replace(reply, **dated("2023-03-05")), registry=registry)
    assert "across articles: the reply is in article A2" in pairer.score("r1", "a1").reason
    early = engine(charge, replace(reply, **dated("2023-02-20")), registry=registry)
    assert "earlier than the allegation" in early.rule_out("r1", "a1")
    late = engine(charge, replace(reply, **dated("2023-06-01")), registry=registry)
    assert late.rule_out("r1", "a1") == "the reply is more than 60 days after the allegation"


# ---------------------------------------------------------------- each signal on its own

BARE_CHARGE = make("a1", quote="Joly described troubling activity.", position=100)
BARE_REPLY = make(
    "r1", "response", quote="The spokeswoman spoke at length.", position=900, paragraph=6
)


@pytest.mark.parametrize(
    ("signal", "charge", "reply", "reason"),
    [
        (
            "content",
            {"quote": "Joly accused Beijing of surveillance of dissidents."},
            {"quote": "The spokeswoman said the surveillance claim is false."},
            "shared words",
        ),
        (
            "accuser_named",
            {},
            {"quote": "The spokeswoman said Melanie Joly is wrong."},
            "names the accuser",
        ),
        (
            "at_accuser",
            {},
            {"kind": "counter-accusation", "target": "canada"},
            "counter-accuses the accuser",
        ),
        ("near", {"paragraph": 6}, {}, "same paragraph"),
        ("reply_first", {"position": 2000}, {}, "the reply is reported first"),
        ("topic", {"topic": "espionage"}, {"topic": "espionage"}, "same topic 'espionage'"),
        ("other_topic", {"topic": "espionage"}, {"topic": "trade"}, "different topics"),
        (
            "headline",
            {"quote": "Joly described troubling espionage."},
            {"title": "Ottawa alleges espionage"},
            "the headline's charge",
        ),
    ],
)
def test_each_signal_reads_its_evidence_moves_the_score_its_fitted_way_and_is_named(
    registry, signal, charge, reply, reason
):
    base = scored(registry, BARE_CHARGE, BARE_REPLY)
    more = scored(registry, replace(BARE_CHARGE, **charge), replace(BARE_REPLY, **reply))
    assert more.signals[signal] > base.signals[signal], signal
    assert reason in more.reason and reason not in base.reason
    if weights()[signal] > 0:
        assert more.score > base.score
    elif weights()[signal] < 0:
        assert more.score < base.score


def test_the_closest_sibling_in_words_stands_out(registry):
    pairer = engine(ALLEGATION, SIBLING, REPLY, registry=registry)
    near_one, far_one = pairer.score("r1", "a1"), pairer.score("r1", "a2")
    assert near_one.signals["closest"] == 1.0 and far_one.signals["closest"] < 1.0
    assert "the closest in words" in near_one.reason
    assert near_one.score > far_one.score


def test_one_reply_answers_several_sibling_allegations_of_one_incident(registry):
    first = make("a1", quote="Joly said Chinese diplomats harassed an MP in Toronto.", position=100)
    second = make(
        "a2", quote="Joly said the diplomats harassed the MP's family in Toronto.", position=300
    )
    reply = make(
        "r1",
        "response",
        quote="Mao said the claims of harassment by diplomats in Toronto are smears.",
        position=600,
    )
    pairs = {
        (p.response_id, p.allegation_id)
        for p in engine(first, second, reply, registry=registry).proposals()
    }
    assert {("r1", "a1"), ("r1", "a2")} <= pairs


def test_weak_evidence_alone_does_not_reach_the_threshold(registry):
    """Same article, on time, its side: with sibling charges to choose from and no word,
    name or topic in common, the reply is not paired."""
    pairer = engine(BARE_CHARGE, SIBLING, BARE_REPLY, registry=registry)
    assert pairer.score("r1", "a1").score < 0.5


def test_every_signal_has_a_fitted_weight_and_a_docstring():
    table = weights()
    assert set(SIGNALS) <= set(table) and "bias" in table
    assert all(signal.__doc__ for signal in SIGNALS.values())


def test_the_fit_learns_the_direction_of_a_signal_from_links():
    from claimtrack.pairing.fit import Example, fit

    data = [
        Example(f"r{i}", f"a{i}", {"content": i % 2, "near": 0.5}, bool(i % 2), f"x{i}", "s")
        for i in range(40)
    ]
    truth = {(ex.response_id, ex.allegation_id) for ex in data if ex.linked}
    learnt = fit(data, truth)
    assert learnt["content"] > 1.0


def test_candidates_come_from_blocking_not_from_every_pair(registry):
    rng = random.Random(3)
    statements = []
    for n in range(300):
        when = date.fromordinal(day("2019-01-01").toordinal() + rng.randrange(2000)).isoformat()
        place = f"Place{rng.randrange(300)}"
        statements.append(
            make(f"a{n}", article=f"X{n}", quote=f"Joly cites {place} spying.", **dated(when))
        )
        statements.append(
            make(
                f"r{n}",
                "response",
                article=f"X{n}",
                position=50,
                quote=f"Mao denies {place} claims.",
                **dated(when),
            )
        )
    pairer = Pairer.over(statements, registry)
    calls = []
    original = pairer.score_response
    pairer.score_response = lambda r: calls.append(len(pairer.cross_article_ids(r))) or original(r)
    found = {(p.response_id, p.allegation_id) for p in pairer.proposals()}
    assert max(calls) <= 5
    assert {(f"r{n}", f"a{n}") for n in range(300)} <= found


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
    assert "shared words 'stations', 'police'" in row["reason"]
    assert "same topic 'police stations'" in row["reason"]
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
    rows = json.loads(run("pair", "--json", "--article", "900", "--min-score", "0").stdout)
    best = max(rows, key=lambda r: r["score"])
    assert (best["reply_id"], best["allegation_id"]) == ("900-r1", "003-a3")
    assert "across articles: the reply is in article 900" in best["reason"]
    assert "'han'" in best["reason"] and "4 days later" in best["reason"]
    assert best["score"] >= 0.5  # strong evidence: names, words, topic, four days
    weak = [r for r in rows if r["allegation_id"] != "003-a3"]
    assert all(r["score"] < 0.5 for r in weak)  # another article is a strong prior against


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

#: Floors just under the measured figures (devset: precision 0.832, recall 0.957,
#: F1 0.890; fixtures: F1 0.879 when written): a change that makes pairing worse fails.
DEVSET_FLOOR = {"precision": 0.81, "recall": 0.93, "f1": 0.87}
FIXTURES_FLOOR_F1 = 0.85


def test_the_development_set_stays_above_its_floor(run):
    result = run("pair", "--evaluate", str(DEVSET), "--json")
    assert result.exit_code == 0, result.stderr
    rows = {r["article"]: r for r in json.loads(result.stdout)}
    overall = rows["all"]
    assert overall["links"] == 93
    for figure, floor in DEVSET_FLOOR.items():
        assert overall[figure] >= floor, overall
    assert len(overall["misses"]) == overall["links"] - overall["correct"]
    assert len(overall["false_links"]) == overall["proposed"] - overall["correct"]
    assert "pairing on " in result.stderr and "F1" in result.stderr


def test_the_fixtures_curated_links_stay_above_their_floor(run, loaded):
    result = run("pair", "--evaluate", "--json")
    assert result.exit_code == 0, result.stderr
    rows = {r["article"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"000", "001", "002", "003", "004", "all"}
    assert rows["all"]["links"] == 114
    assert rows["all"]["f1"] >= FIXTURES_FLOOR_F1, rows["all"]
    table = run("pair", "--evaluate", "--format", "table")
    assert "false link" in table.stdout and "miss" in table.stdout


def gold_folder(tmp_path, statements, text):
    (tmp_path / "gold").mkdir(parents=True)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "t01.txt").write_text(text, "utf-8")
    doc = {
        "file": "t01.txt",
        "headline": "Iran denies",
        "published": "2020-01-10",
        "statements": statements,
    }
    (tmp_path / "gold" / "t01.json").write_text(json.dumps(doc), "utf-8")
    return tmp_path


def test_evaluate_on_a_gold_folder_loads_it_without_links_and_counts_core_links(run, tmp_path):
    text = "Trudeau said an Iranian missile downed the plane. Iran denied the reports. A bystander spoke."
    statements = [
        {
            "id": "t01-a1",
            "role": "allegation",
            "speaker": "Justin Trudeau",
            "speaker_side": "ottawa",
            "target": "Iran (Iranian military)",
            "target_side": "other",
            "topic": "plane",
            "quote": "Trudeau said an Iranian missile downed the plane.",
            "borderline": False,
        },
        {
            "id": "t01-r1",
            "role": "response",
            "speaker": "Iran (Iranian government)",
            "speaker_side": "other",
            "kind": "denial",
            "quote": "Iran denied the reports.",
            "replies_to": ["t01-a1"],
            "borderline": False,
        },
    ]
    folder = gold_folder(tmp_path / "g", statements, text)
    result = run("pair", "--evaluate", str(folder), "--json")
    assert result.exit_code == 0, result.stderr
    overall = next(r for r in json.loads(result.stdout) if r["article"] == "all")
    assert (overall["links"], overall["proposed"], overall["correct"]) == (1, 1, 1)
    assert overall["f1"] == 1.0
    statements[1]["borderline"] = True
    folder = gold_folder(tmp_path / "h", statements, text)
    overall = next(
        r
        for r in json.loads(run("pair", "--evaluate", str(folder), "--json").stdout)
        if r["article"] == "all"
    )
    assert (overall["links"], overall["proposed"]) == (0, 0)


def test_evaluate_names_a_folder_that_is_not_gold(run, tmp_path):
    result = run("pair", "--evaluate", str(tmp_path))
    assert result.exit_code == 1
    assert "not a gold folder" in result.stderr


def test_evaluation_needs_links_made_by_a_person(run, tmp_path, db_path):
    run("load", str(FIXTURES / "actors.json"))
    result = run("pair", "--evaluate")
    assert result.exit_code == 1
    assert "no curated or manual links" in result.stderr

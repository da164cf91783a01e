"""Extraction: golden sentences per shape of attribution, the evaluator, the floors on
the development set and the fixtures, and the `extract` command's guarantees."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, query

from claimtrack.dates import parse_date
from claimtrack.extract import Extractor, merged_registry
from claimtrack.extract.evaluate import GoldArticle, evaluate, gold_items, overlaps, score_article
from claimtrack.extract.layout import read_layout
from claimtrack.extract.lexicon import _prefixes, cue_index, find_cues, reporting
from claimtrack.extract.mentions import Cast

PUBLISHED = "2024-03-08"  # a Friday
DEVSET = ROOT / "eval" / "devset"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(merged_registry(None))


def draft(extractor: Extractor, body: str, published: str | None = PUBLISHED) -> dict:
    """The bundle drafted from a headline and `body`."""
    text = "A headline for the test\n\n" + body
    when = parse_date(published) if published else None
    return extractor.extract(text, "t", when).bundle


def statements(extractor: Extractor, body: str, **kw) -> list[dict]:
    return draft(extractor, body, **kw)["statements"]


def only(extractor: Extractor, body: str, **kw) -> dict:
    found = statements(extractor, body, **kw)
    assert len(found) == 1, [s["quote"] for s in found]
    return found[0]


# ---------------------------------------------------------------- who speaks, by shape


@pytest.mark.parametrize(
    ("body", "side"),
    [
        # subject, reporting verb
        ("The Danish foreign ministry said the charges against it were baseless.", "other"),
        # quotation, then inverted verb and a name with an apposition
        (
            "“These claims are pure slander,” said Zhou Min, a spokeswoman for the Chinese consulate.",
            "beijing",
        ),
        # a participle opens the sentence
        (
            "Speaking in Geneva on Friday, Canadian envoy Ruth Adler accused Beijing of harassing activists.",
            "ottawa",
        ),
        # "according to" puts the source after the cue
        (
            "Beijing is behind the hacking of the ministry's servers, according to the Swedish government.",
            "other",
        ),
        # a colon frame
        ("Norway's prime minister declared: “We condemn this espionage.”", "other"),
        # a multi-word frame of the open class
        ("Ottawa hit back, calling the accusation groundless.", "ottawa"),
    ],
)
def test_the_speaker_and_side_come_from_the_attribution(extractor, body, side):
    assert only(extractor, body)["speaker_side"] == side


def test_a_title_alone_does_not_set_the_side(extractor):
    body = "A spokesperson for the Mexican embassy said the accusation was groundless."
    assert only(extractor, body)["speaker_side"] == "other"


def test_an_unplaced_official_speaks_for_the_state_the_clause_opens_with(extractor):
    body = (
        "Canada's foreign minister said China had hacked Canadian servers.\n\n"
        "In China, Li Hua, a government spokesman, said the charges were “groundless slander.”"
    )
    found = statements(extractor, body)
    assert (found[-1]["speaker"], found[-1]["speaker_side"]) == ("li-hua-china", "beijing")


def test_a_reporting_verb_in_the_passive_gives_its_subject_no_voice(extractor):
    assert statements(extractor, "Chinese diplomat Zhao Lin was accused of spying on Monday.") == []


def test_a_pronoun_refers_to_the_latest_speaker(extractor):
    body = (
        "Chinese Foreign Ministry spokesperson Tan Wei spoke on Monday.\n\n"
        "She said the sanctions were a gross interference in China's internal affairs."
    )
    found = only(extractor, body)
    assert found["speaker_side"] == "beijing"
    assert found["evidence"]["speaker"]["via"].startswith("pronoun")


@pytest.mark.parametrize(
    ("last", "side"),
    [("He said Norway would answer the smears.", "other"), ("She said Oslo lied.", "beijing")],
)
def test_a_pronoun_skips_a_person_whose_title_gives_the_other_gender(extractor, last, side):
    body = (
        "Norwegian Foreign Minister Lars Haugen accused China of spying on exiles.\n\n"
        "Chinese Foreign Ministry spokeswoman Tan Wei said the charges were groundless.\n\n" + last
    )
    assert statements(extractor, body)[-1]["speaker_side"] == side


def test_he_may_stand_for_a_body_a_person_spoke_for(extractor):
    body = (
        "Norwegian Foreign Minister Lars Haugen accused China of spying on exiles.\n\n"
        "A spokesman for the Chinese embassy said the charges were baseless. "
        "He added that Norway was smearing China."
    )
    found = statements(extractor, body)
    assert [(s["quote"][:8], s["speaker_side"]) for s in found] == [
        ("Norwegia", "other"),
        ("A spokes", "beijing"),
        ("He added", "beijing"),
    ]


def test_a_description_refers_back_to_the_actor_named_before(extractor):
    body = (
        "The Chilean embassy was asked about the report.\n\n"
        "The embassy said the claims were untrue and politically motivated."
    )
    found = only(extractor, body)
    assert found["speaker_side"] == "other"
    assert found["evidence"]["speaker"]["via"].startswith("description")


def test_a_document_speaks_for_its_issuer(extractor):
    body = (
        "The Chinese embassy in Ottawa issued a statement late on Thursday.\n\n"
        "The statement said Canada's accusations were groundless and a smear."
    )
    found = only(extractor, body)
    assert found["speaker_side"] == "beijing"
    assert found["kind"] == "rejection"


def test_a_quote_running_on_keeps_the_speaker_of_the_last_attribution(extractor):
    body = (
        "Trade Minister Ana Ruiz of Canada said the duties were unfair.\n\n"
        "“China has no basis for this investigation. We reject its findings.”"
    )
    found = statements(extractor, body)
    assert {s["speaker_side"] for s in found} == {"ottawa"}
    assert found[-1]["evidence"]["rule"] == "continued quote"


# ---------------------------------------------------------------- role and kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("The Chinese embassy said the report was groundless.", "rejection"),
        ("The Chinese embassy said China has never interfered in other countries.", "denial"),
        # a silence or an admission needs a charge to answer (here, named in the clause)
        (
            "The Chinese embassy did not respond to a request for comment on the accusations.",
            "no-comment",
        ),
        (
            "The Chinese embassy said Canada should ask its own agencies, which are better placed.",
            "deflection",
        ),
        ("The Chinese embassy said China was extremely dissatisfied with the decision.", "protest"),
        ("The Chinese embassy said China would take all necessary measures.", "threat"),
        (
            "The Chinese embassy acknowledged the report's claim that an official had visited "
            "the office.",
            "acknowledgement",
        ),
    ],
)
def test_each_reply_kind_has_its_cue(extractor, body, kind):
    found = only(extractor, body)
    assert (found["role"], found["kind"]) == ("response", kind)


def test_role_comes_from_what_is_said_not_from_the_side(extractor):
    accuses = only(extractor, "The Chinese embassy accused Canada of harassing its diplomats.")
    assert (accuses["role"], accuses["speaker_side"], accuses["target"]) == (
        "allegation",
        "beijing",
        "canada",
    )
    replies = only(extractor, "Ottawa said the charges were baseless.")
    assert (replies["role"], replies["speaker_side"]) == ("response", "ottawa")


def test_an_accusation_by_the_side_accused_before_is_a_counter_accusation(extractor):
    body = (
        "Canada's foreign minister accused China of interference in the election.\n\n"
        "The Chinese embassy said Canada was the one interfering in China's internal affairs."
    )
    first, second = statements(extractor, body)
    assert first["role"] == "allegation" and first["target"] == "china"
    assert (second["role"], second["kind"]) == ("response", "counter-accusation")


def test_an_allegation_against_a_third_state_targets_that_state(extractor):
    found = only(extractor, "The Estonian government accused Russia of cyber attacks.")
    assert found["target"] == "russia"
    assert found["target_side"] == "other"


def test_a_sentence_going_on_to_another_kind_is_cut_there(extractor):
    body = (
        "The Chinese embassy said the claims were groundless; it warned that China "
        "would take all necessary measures."
    )
    kinds = [s["kind"] for s in statements(extractor, body)]
    assert kinds == ["rejection", "threat"]


def test_sentences_without_attribution_or_cue_give_nothing(extractor):
    body = "The weather in Ottawa was mild. Trade between the two countries grew last year."
    assert statements(extractor, body) == []


# ---------------------------------------------------------------- layout, dates, evidence


def test_doubled_apostrophes_are_quotation_marks():
    layout = read_layout("Title here\n\nHe said ''this is a quote'' yesterday.")
    assert [layout.text[a:b] for a, b in layout.quotes] == ["''this is a quote''"]


def test_a_byte_order_mark_never_reaches_the_title(extractor):
    bundle = extractor.extract("\ufeffA title\n\nThe embassy said nothing.", "t").bundle
    assert bundle["article"]["title"] == "A title"


def test_date_phrases_resolve_against_the_published_date(extractor):
    found = only(extractor, "The Chinese embassy said on Tuesday the claims were groundless.")
    assert (found["date"], found["date_phrase"]) == ("2024-03-05", "on Tuesday")


def test_quotes_and_cues_index_the_original_text_exactly(extractor):
    bundle = draft(extractor, "Mexico's foreign ministry said the charges were “baseless lies”.")
    text = bundle["article"]["text"]
    for s in bundle["statements"]:
        assert text[s["start"] : s["end"]] == s["quote"]
        for cue in s["evidence"]["cues"]:
            assert text[cue["start"] : cue["end"]] == cue["text"]
        assert s["evidence"]["rule"]


def test_the_reporting_lexicon_is_an_open_class_of_at_least_60_lemmas():
    forms = reporting().verbs
    assert len(forms) >= 260
    assert {"said", "retorted", "labelled", "contended", "insists", "disclosed"} <= set(forms)


def test_a_lexicon_line_opening_with_a_look_behind_is_filed_under_its_letters():
    """Filed under "adm", the line is tried only at words starting so, and its
    look-behind still holds: a demand to admit is no admission."""
    assert cue_index().anywhere == []
    assert _prefixes(r"(?<!\bto\s)admit(?:s|ted)?") == {"adm"}
    text = "Oslo admitted the error. Sweden pressed Oslo to admit it."
    assert find_cues(text, 0, 24)["acknowledgement"][2] == "admitted"
    assert "acknowledgement" not in find_cues(text, 25, len(text))


# ---------------------------------------------------------------- the evaluator


def test_a_match_overlaps_by_at_least_half_the_shorter_span():
    assert overlaps((0, 100), (40, 60))
    assert overlaps((0, 10), (5, 30))
    assert not overlaps((0, 10), (6, 30))


def test_a_counter_accusation_twin_is_one_item_either_role_satisfies():
    text = "X said Canada is the real culprit. Y said nothing."
    quote = "Canada is the real culprit"
    gold = [
        {"id": "g-a1", "role": "allegation", "speaker_side": "beijing", "quote": quote},
        {
            "id": "g-r1",
            "role": "response",
            "kind": "counter-accusation",
            "speaker_side": "beijing",
            "quote": quote,
        },
        {
            "id": "g-r2",
            "role": "response",
            "kind": "denial",
            "speaker_side": "other",
            "quote": "Y said nothing",
            "borderline": True,
        },
    ]
    assert len(gold_items(gold, text)) == 2
    drafted = [
        {"id": "d1", "role": "allegation", "speaker_side": "beijing", "quote": quote},
        {
            "id": "d2",
            "role": "response",
            "kind": "denial",
            "speaker_side": "other",
            "quote": "Y said nothing",
        },
    ]
    misses: list[tuple] = []
    score = score_article(GoldArticle("g", text, None, gold), drafted, misses)
    assert (score.gold, score.found, score.extracted, score.role) == (1, 1, 1, 1)
    assert misses == []


def test_a_gold_quote_given_with_offsets_is_matched_where_they_put_it():
    """A bundle's quote may occur twice (a headline repeats the lede): the draft at the
    offsets matches, a draft at the other occurrence is extra."""
    text = "Beijing denies it\n\nOTTAWA - Beijing denies it, the embassy said."
    quote = "Beijing denies it"
    start = text.rindex(quote)
    gold = [
        {
            "id": "g-r1",
            "role": "response",
            "kind": "denial",
            "speaker_side": "beijing",
            "quote": quote,
            "start": start,
            "end": start + len(quote),
        }
    ]
    drafted = [
        {"id": f"d{n}", "role": "response", "kind": "denial", "speaker_side": "beijing"}
        for n in (1, 2)
    ]
    drafted[0]["quote"] = quote
    drafted[1]["quote"] = text[start:]
    misses: list[tuple] = []
    score = score_article(GoldArticle("g", text, None, gold), drafted, misses)
    assert (score.gold, score.found, score.extracted) == (1, 1, 2)
    assert [(m[1], m[2]) for m in misses] == [("extra", "d1")]


def test_extraction_on_the_development_set_stays_above_its_floor():
    report = evaluate(DEVSET, merged_registry(None))
    overall = dict(zip(report.scores.columns, report.overall))
    assert overall["gold"] == 136
    assert overall["recall"] >= 0.90
    assert overall["precision"] >= 0.86
    assert overall["side"] >= 0.95
    # 0.935: "so-called" naming another's charge makes a reply, which turns one draft
    # already matched to the wrong clause of d26 (and the wrong side) into a response.
    assert overall["role"] >= 0.93
    assert overall["kind"] >= 0.88


def test_extraction_on_the_fixtures_stays_above_its_floor():
    """What is reached (recall 39 of the 41 core items, the issue's 0.95; precision 0.975,
    side 0.974, role 1.0, kind 0.862): one statement lost or one more wrong side fails."""
    report = evaluate(FIXTURES / "articles", merged_registry(None))
    overall = dict(zip(report.scores.columns, report.overall))
    assert overall["gold"] == 41
    assert overall["recall"] >= 0.95
    assert overall["precision"] >= 0.97
    assert overall["side"] >= 0.97
    assert overall["role"] >= 0.97
    assert overall["kind"] >= 0.82


def test_extraction_on_the_written_set_stays_above_its_floor():
    """eval/written: 152 invented articles written blind to the rules (its README tells
    how). Just below what is reached (recall 0.822, precision 0.826, side 0.942)."""
    report = evaluate(ROOT / "eval" / "written", merged_registry(None))
    overall = dict(zip(report.scores.columns, report.overall))
    assert overall["gold"] == 1113
    assert overall["recall"] >= 0.81
    assert overall["precision"] >= 0.81
    assert overall["side"] >= 0.93


def test_evaluate_agrees_with_the_command(run):
    rows = list(
        csv.DictReader(io.StringIO(run("extract", "--evaluate", str(DEVSET), "--csv").stdout))
    )
    assert len(rows) == 31 and rows[-1]["article"] == "overall"
    misses = run("extract", "--evaluate", str(DEVSET / "gold"), "--misses", "--csv")
    assert misses.exit_code == 0
    assert "recall" in misses.stderr
    statuses = {r["status"] for r in csv.DictReader(io.StringIO(misses.stdout))}
    assert {"missed", "extra"} <= statuses
    wrong = statuses - {"missed", "extra"}
    assert wrong and all(s.startswith("wrong: ") for s in wrong)


# ---------------------------------------------------------------- the commands

ARTICLE = """China rejects Canadian interference claims

Published: June 2, 2023

OTTAWA — Canada on Monday expelled a Chinese diplomat accused of targeting an MP's relatives.

"Canada has been spreading lies for months," said Wang Di, a spokesperson for the Chinese embassy.

NDP MP Jenny Kwan said she too had been targeted by Beijing.
"""
SECOND = """Beijing protests again

Dec 10, 2024

Chinese foreign ministry spokesperson Lin Jian on Tuesday said China firmly opposes the expulsion and would take countermeasures.

Beijing said it was strongly dissatisfied with Ottawa.
"""


@pytest.fixture
def article_files(tmp_path: Path) -> list[Path]:
    first, second = tmp_path / "expulsion.txt", tmp_path / "protest.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    second.write_text(SECOND, encoding="utf-8")
    return [first, second]


def test_extract_prints_a_bundle_that_loads_alone_into_an_empty_database(
    run, db_path, tmp_path, article_files
):
    result = run("extract", str(article_files[0]))
    assert result.exit_code == 0, result.stderr
    bundle = json.loads(result.stdout)
    assert bundle["article"]["id"] == "expulsion"
    assert bundle["article"]["text"] == ARTICLE
    declared = {a["id"] for a in bundle["actors"]}
    used = {s["speaker"] for s in bundle["statements"]} | {
        s["target"] for s in bundle["statements"] if s["target"]
    }
    parents = {a["parent"] for a in bundle["actors"] if a["parent"]}
    assert used <= declared and parents <= declared
    saved = tmp_path / "draft.json"
    saved.write_text(result.stdout, encoding="utf-8")
    loaded = run("load", str(saved))
    assert loaded.exit_code == 0, loaded.stderr
    assert query(db_path, "SELECT count(*) FROM statements")[0][0] == len(bundle["statements"])
    assert run("verify").exit_code == 0


def test_the_same_article_gives_the_same_draft_whatever_the_batch(run, article_files):
    alone = run("extract", str(article_files[1])).stdout
    batch = run("extract", *map(str, article_files)).stdout.splitlines()
    assert json.loads(batch[1]) == json.loads(alone)


def test_several_articles_to_stdout_are_jsonl_that_load_takes(
    run, db_path, tmp_path, article_files
):
    lines = run("extract", *map(str, article_files)).stdout.splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["expulsion", "protest"]
    batch = tmp_path / "drafts.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("load", str(batch))
    assert result.exit_code == 0, result.stderr
    assert query(db_path, "SELECT count(*) FROM articles")[0][0] == 2


def test_extract_dash_reads_stdin(run):
    result = run("extract", "-", input=SECOND)
    assert result.exit_code == 0, result.stderr
    bundle = json.loads(result.stdout)
    assert bundle["article"]["id"] == "stdin"
    assert bundle["article"]["title"] == "Beijing protests again"


def test_extract_help_states_the_real_default_format(run):
    text = run("extract", "--help").stdout
    assert "the bundle as JSON" in " ".join(text.split())
    assert "csv when piped" not in text


def test_extract_out_folder_writes_bundles_that_load_together(
    run, db_path, tmp_path, article_files
):
    out = tmp_path / "drafts"
    result = run("extract", *map(str, article_files), "--out", str(out), "--csv")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["expulsion.json", "protest.json"]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["id"].split("-")[0] for r in rows} == {"expulsion", "protest"}
    assert run("load", str(out)).exit_code == 0
    kinds = query(db_path, "SELECT kind FROM statements WHERE article_id = 'protest'")
    assert {k for (k,) in kinds} >= {"threat", "protest"}


def test_extract_uses_the_database_actors_and_declares_only_the_missing(run, loaded, article_files):
    bundle = json.loads(run("extract", str(article_files[0])).stdout)
    assert "china" not in {a["id"] for a in bundle["actors"]}
    assert "wang-di-china" in {a["id"] for a in bundle["actors"]}


def test_extract_without_articles_is_a_usage_error(run):
    result = run("extract")
    assert result.exit_code == 2
    assert "--evaluate" in result.stderr


def test_extract_evaluate_defaults_to_the_fixtures_in_any_format(run):
    rows = list(csv.DictReader(io.StringIO(run("extract", "--evaluate", "--csv").stdout)))
    assert [r["article"] for r in rows] == ["000", "001", "002", "003", "004", "overall"]
    assert "| overall |" in run("extract", "--evaluate", "--format", "markdown").stdout


def test_ingest_loads_pairs_and_can_be_run_again(run, db_path, article_files):
    result = run("ingest", *map(str, article_files))
    assert result.exit_code == 0, result.stderr
    assert "loaded 2 files" in result.stderr
    again = run("ingest", *map(str, article_files))
    assert again.exit_code == 0, again.stderr
    assert "2 articles already in the database with the same text left as they are" in again.stderr


def test_ingest_review_on_an_existing_database_leaves_it_as_it_was(run, loaded, article_files):
    before = query(loaded, "SELECT count(*) FROM statements")
    assert run("ingest", "--review", str(article_files[0])).exit_code == 0
    assert query(loaded, "SELECT count(*) FROM statements") == before


def test_extract_as_a_program_writes_a_bundle(tmp_path, article_files):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimtrack",
            "--db",
            str(tmp_path / "x.db"),
            "extract",
            str(article_files[1]),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["statements"]


# ------------------------------------------------ clauses, quotations and narration


@pytest.mark.parametrize(
    ("body", "opening", "ending"),
    [
        # the attribution after the quotation
        (
            "“Norway never spies on its neighbours. How can we be accused of espionage?” "
            "the Norwegian embassy said in a statement.",
            "“Norway never spies",
            "espionage?”",
        ),
        # the quotation opened after the attribution
        (
            "Norway's foreign minister said: “We will not tolerate any form of interference "
            "in our affairs. Diplomats have been warned that they will be sent home.”",
            "Norway's foreign minister",
            "sent home.”",
        ),
    ],
)
def test_one_quotation_is_one_statement_whatever_its_sentences_add(
    extractor, body, opening, ending
):
    found = statements(extractor, body)
    assert len(found) == 1
    assert found[0]["quote"].startswith(opening)
    assert found[0]["quote"].endswith(ending)


def test_an_opening_phrase_ending_in_an_actor_is_no_apposition(extractor):
    found = only(
        extractor,
        "Asked about the vote in the Danish parliament, Chinese foreign ministry spokesperson "
        "Lin Wei insisted the accusations of espionage were groundless.",
    )
    assert found["speaker_side"] == "beijing"


def test_a_reporting_noun_after_a_determiner_is_no_verb(extractor):
    found = only(
        extractor,
        "Sweden has long watched foreign missions closely. Sweden expelled the "
        "attaché Li Bo on Monday, following an intelligence report that accused him of "
        "spying on exiled dissidents.",
    )
    # "report" is the document, whose relative clause accuses; Li Bo does not speak.
    assert (found["speaker"], found["role"]) == ("sweden", "allegation")
    assert found["evidence"]["speaker"]["via"] == "document 'report'"


def test_a_plural_form_after_a_noun_stays_a_verb(extractor):
    found = only(
        extractor, "The Chinese embassy claims that its staff never interfered in local affairs."
    )
    assert (found["role"], found["kind"]) == ("response", "denial")


def test_a_subordinate_clause_with_its_own_source_is_that_source_s(extractor):
    found = statements(
        extractor,
        "China on Wednesday told Denmark to stop its irresponsible remarks, after Danish "
        "Prime Minister Mette Frederiksen accused Beijing of economic coercion.",
    )
    by_side = {s["speaker_side"]: s for s in found}
    assert set(by_side) == {"beijing", "other"}
    assert by_side["other"]["quote"].startswith("after Danish Prime Minister")
    assert by_side["other"]["role"] == "allegation"


def test_a_sentence_about_a_document_does_not_run_on_from_the_last_speaker(extractor):
    found = statements(
        extractor,
        "Canada's foreign minister said Beijing had detained the two men arbitrarily. "
        "The report capped an inquiry into Chinese interference in two elections.",
    )
    assert [s["quote"][:20] for s in found] == ["Canada's foreign min"]


def test_a_sentence_about_a_person_does_not_run_on_from_the_last_speaker(extractor):
    found = statements(
        extractor,
        "Canada's foreign minister said Beijing had detained the two men arbitrarily. "
        "Kovrig hugged his wife after landing, free from detention at last.",
    )
    assert [s["quote"][:20] for s in found] == ["Canada's foreign min"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # "lies" the verb is no accusation of lying
        (
            "The Chinese embassy hit back: “The responsibility for the dispute lies with "
            "Denmark alone.”",
            "counter-accusation",
        ),
        # a demand that the other side admit something is no admission
        (
            "Beijing on Friday pressed Denmark to acknowledge its errors and to stop its smears.",
            "rejection",
        ),
    ],
)
def test_word_senses_that_change_the_kind(extractor, body, kind):
    assert only(extractor, body)["kind"] == kind


def test_a_possessive_state_is_named(extractor):
    found = only(
        extractor, "The Chinese embassy said Norway’s conduct was hypocritical and despicable."
    )
    assert (found["speaker_side"], found["role"], found["target"]) == (
        "beijing",
        "allegation",
        "norway",
    )


def test_a_charge_reported_as_a_noun_is_its_source_s_allegation(extractor):
    found = statements(
        extractor,
        "China on Friday dismissed accusations from Danish officials that its hackers "
        "had broken into the defence ministry, calling them baseless.",
    )
    by_role = {s["role"]: s for s in found}
    assert by_role["allegation"]["quote"] == (
        "accusations from Danish officials that its hackers had broken into the defence ministry"
    )
    assert by_role["allegation"]["speaker_side"] == "other"
    assert by_role["allegation"]["evidence"]["rule"] == "reported charge"
    assert by_role["response"]["speaker_side"] == "beijing"


def test_a_title_case_headline_names_nobody(extractor):
    bundle = extractor.extract(
        "Denmark Rebuffs Beijing’s Claims Over Trade Curbs\n\n"
        "Denmark’s trade minister said on Friday that China’s accusations of dumping were "
        "baseless.",
        "t",
        parse_date(PUBLISHED),
    ).bundle
    names = {a["name"] for a in bundle["actors"]}
    assert not any("Rebuffs" in n or "Trade Curbs" in n for n in names)


@pytest.mark.parametrize(
    "body",
    [
        # an infinitive reports no speech made
        "Denmark's ambassador was summoned to the Chinese foreign ministry to explain the "
        "espionage charges.",
        # a participle used as an adjective reports no speech either
        "Relations soured over alleged espionage by Danish officials.",
        # a silence answers no one when no charge was made
        "The Danish foreign ministry did not respond to a request for comment on the visit.",
        # a charge held back is none
        "Norway's prime minister said it was premature to be apportioning blame for the "
        "cyberattack on its parliament.",
        # an admission admits a wrong, not a cost
        "Canada's trade minister has said Ottawa will not back down on the tariffs. He "
        "conceded that the move could draw a challenge at the trade body.",
    ],
)
def test_words_that_look_like_attribution_but_report_nothing(extractor, body):
    assert statements(extractor, body) == []


def test_a_silence_after_a_charge_is_a_no_comment(extractor):
    found = statements(
        extractor,
        "Sweden's government accused China of harassing exiled dissidents. The Chinese "
        "embassy did not respond to a request for comment.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("other", "allegation", None),
        ("beijing", "response", "no-comment"),
    ]


def test_one_name_is_one_person_placed_where_first_met(extractor):
    found = statements(
        extractor,
        "Canada's foreign minister Anna Lind said Beijing had harassed Canadian diplomats.\n\n"
        "Chinese spokesperson Lin Wei dismissed remarks by Minister Anna Lind as smears.\n\n"
        "Earlier this month, Lind stood with the families of the detained and said Canada "
        "would not be intimidated by China.",
    )
    assert [s["speaker_side"] for s in found] == ["ottawa", "beijing", "ottawa"]
    assert found[0]["speaker"] == found[2]["speaker"]


def test_a_capitalised_phrase_with_digits_or_a_verb_of_a_name_is_no_speaker(extractor):
    bundle = draft(
        extractor,
        "Iran shot down Flight PS752 in January. The United States accused Iran of lying "
        "about the crash.",
    )
    assert not any("PS752" in a["name"] for a in bundle["actors"])
    assert [s["evidence"]["rule"] for s in bundle["statements"]] == ["reporting verb 'accused'"]


def test_clauses_before_the_act_are_what_the_statement_says(extractor):
    found = only(
        extractor,
        "Chinese spokesman Lin Wei took questions on Monday. He said that the claims raised "
        "by Norway's minister during the talks, and that Chinese customs had blocked "
        "Norwegian goods, were all baseless.",
    )
    assert found["quote"].startswith("He said that the claims raised by Norway")
    assert found["kind"] == "rejection"


def test_a_registry_person_named_in_full_is_then_named_by_surname(extractor):
    found = statements(
        extractor,
        "Chinese foreign ministry spokesperson Wang Wenbin spoke on Tuesday.\n\n"
        "In reply, Wang said Canada's accusations were groundless.",
    )
    assert [(s["speaker"], s["evidence"]["speaker"]["via"]) for s in found] == [
        ("wang-wenbin", "short name")
    ]


def test_words_inside_a_name_are_no_cue(extractor):
    assert (
        statements(
            extractor,
            "The Foreign Interference Commission said its hearings would resume in May.",
        )
        == []
    )


def test_an_actor_before_a_participle_is_its_subject(extractor):
    found = statements(
        extractor,
        "Ties soured, with Beijing blaming Oslo for the dispute and Norwegian authorities "
        "regularly accusing China of espionage.",
    )
    assert [(s["speaker_side"], s["quote"][:12]) for s in found] == [
        ("beijing", "Ties soured,"),
        ("other", "Norwegian au"),
    ]


@pytest.mark.parametrize(
    ("body", "side"),
    [
        # a participle closing the clause: what the subject did, not the object
        (
            "Norway expelled two Chinese diplomats on Monday, citing alleged spying on "
            "Norwegian exiles.",
            "other",
        ),
        # a participle as an aside of the actor before it: that actor's; and after
        # "accused" stands the accused, never the one who accuses
        (
            "Oslo sanctioned the firm after the Chinese embassy, citing Norwegian abuses, "
            "accused Norway of interference.",
            "beijing",
        ),
    ],
)
def test_a_participle_after_a_comma_takes_the_subject_of_its_clause(extractor, body, side):
    assert {s["speaker_side"] for s in statements(extractor, body)} == {side}


def test_adding_that_x_makes_x_what_is_said_and_the_spokesperson_the_body_s(extractor):
    body = (
        "Erik Dahl, a Norwegian lawmaker, accused China of spying on exiles.\n\n"
        "Norwegian Foreign Minister Kari Berg said Oslo had summoned China's ambassador.\n\n"
        "A spokesperson for the Chinese embassy in Oslo rejected the charge. "
        '"Norway has no right to make irresponsible remarks," the spokesperson said, '
        'adding that Dahl had "smeared China."'
    )
    last = statements(extractor, body)[-1]
    # The reply that only names the charge and its words right after are one statement.
    assert last["quote"].startswith("A spokesperson for the Chinese embassy")
    assert ('"Norway has no right' in last["quote"], last["speaker_side"]) == (True, "beijing")


def test_not_elaborating_is_no_denial(extractor):
    body = (
        "Norway accused China of hacking its parliament.\n\n"
        "Chinese foreign ministry spokesman Lin Tao called the charge groundless. "
        "He did not elaborate."
    )
    last = statements(extractor, body)[-1]
    assert (last["quote"], last["role"], last["kind"]) == (
        "He did not elaborate.",
        "response",
        "no-comment",
    )


def test_a_warning_that_reports_a_wrong_is_no_threat(extractor):
    body = "Norway's intelligence service has warned for years that Beijing targets exiles."
    assert [s["kind"] for s in statements(extractor, body)] == []


def test_an_infinitive_after_a_verb_of_causing_is_what_its_object_did(extractor):
    body = "Norway banned Chinese drones last spring, prompting Beijing to accuse Oslo of bias."
    found = only(extractor, body)
    assert (found["speaker_side"], found["role"]) == ("beijing", "allegation")


def test_a_place_is_no_one():
    cast = Cast(merged_registry(None))
    text = "Chinese ships rammed the boat near Bear Island Shoal, Norway's coast guard said."
    named = [text[m.start : m.end] for m in cast.mentions(text, 0, len(text))]
    assert named == ["Norway's coast guard"]


def test_a_cue_whose_source_is_no_actor_neither_borrows_a_speaker_nor_runs_on(extractor):
    body = (
        "“This is a deeply concerning case,” said Nils Berg, Norway's police chief.\n\n"
        "The two men deny the charges, according to their lawyers."
    )
    assert [s["quote"][:10] for s in statements(extractor, body)] == ["“This is a"]


def test_a_one_word_registry_alias_is_not_the_start_of_another_name():
    # the shipped registry knows Mao Ning as "Mao" too
    cast = Cast(merged_registry(None))
    text = "Mao said so. Mao Zedong said otherwise."
    actors = [(text[m.start : m.end], m.actor) for m in cast.mentions(text, 0, len(text))]
    assert ("Mao", "mao-ning") in actors
    assert all(actor != "mao-ning" for words, actor in actors if words.startswith("Mao Z"))
    assert len([a for a in actors if a[1] == "mao-ning"]) == 1


def test_a_relative_clause_whose_antecedent_speaks_is_that_speaker_s(extractor):
    body = (
        "The Chinese embassy in Oslo on Monday dismissed a Norwegian police report that "
        "accused Beijing of spying on exiles."
    )
    found = [(s["speaker_side"], s["role"], s["quote"][:12]) for s in statements(extractor, body)]
    assert found == [
        ("beijing", "response", "The Chinese "),
        ("other", "allegation", "that accused"),
    ]


def test_a_state_named_by_a_demonym_alone_is_the_target(extractor):
    body = "Norway said on Monday a Chinese fighter jet had fired on its helicopter."
    assert only(extractor, body)["target"] == "china"


@pytest.mark.parametrize(
    "body",
    [
        "Norway's spy agency believes Beijing funnelled money to candidates in Oslo.",
        "Norwegian police chief Lars Moe testified that Chinese agents secretly watched exiles.",
        "Norwegian officials say Beijing is behind the campaign.",
    ],
)
def test_believing_and_testifying_report_charges(extractor, body):
    found = only(extractor, body)
    assert (found["role"], found["target"]) == ("allegation", "china")


def test_the_government_before_any_state_is_the_home_state_s(extractor):
    body = (
        "The federal government has banned a Chinese app, saying it presents an "
        "unacceptable risk.\n\nThe Chinese embassy urged Canada to stop the ban."
    )
    assert statements(extractor, body)[0]["speaker"] == "canada"


def test_lashing_out_at_a_state_for_its_sanctions_blames_them(extractor):
    body = (
        "Chinese spokesperson Hu Li lashed out at Norway for imposing sanctions on Chinese firms."
    )
    found = only(extractor, body)
    assert (found["speaker_side"], found["role"]) == ("beijing", "allegation")


@pytest.mark.parametrize(
    ("charge", "answer", "kind"),
    [
        # defending a decision, or standing by a report, denies a wrong
        (
            "Norway accused China of dumping steel.",
            "Norwegian Trade Minister Kari Berg defended the probe on Monday, saying it "
            "followed complaints.",
            "denial",
        ),
        (
            "China accused Norway of slander over the report.",
            "“We stand by every word of this report,” Norwegian MP Erik Dahl said.",
            "denial",
        ),
        (
            "China accused Norway of spreading lies.",
            "A Norwegian foreign ministry spokesperson said Norway stands by its statements.",
            "denial",
        ),
        (
            "Norway accused China of hacking.",
            "The Chinese embassy said Oslo had ignored the facts.",
            "rejection",
        ),
        (
            "The Chinese embassy accused Canada of abusing state power.",
            "Canadian Public Safety Minister Dan Roy declined to say whether Canada had evidence.",
            "no-comment",
        ),
        (
            "Norway accused China of spying.",
            "Asked whether Oslo would expel diplomats, Norwegian Foreign Minister Kari Berg "
            "said all options were on the table.",
            "threat",
        ),
        (
            "Norway accused China of hacking.",
            "The Chinese embassy said it deplores Norway's decision.",
            "protest",
        ),
        (
            "Norway accused China of hacking.",
            "The Chinese embassy said the Norwegian report was biased.",
            "rejection",
        ),
        (
            "The Chinese embassy accused Norway of lying.",
            "Norwegian Foreign Minister Kari Berg did not say whether Oslo would respond.",
            "no-comment",
        ),
        (
            "China accused Norway of hypocrisy.",
            "Oslo has not yet responded.",
            "no-comment",
        ),
        # the question put to a speaker holds no act of theirs
        (
            "Norway accused China of spying.",
            "Asked whether China had spied on exiles, Chinese spokesperson Hu Li said: "
            "“Absolutely not.”",
            "denial",
        ),
        (
            "China accused Norway of lies.",
            "“We will not be lectured by Beijing,” Norwegian Foreign Minister Kari Berg said.",
            "counter-accusation",
        ),
        # lecturing others is a charge, made back
        (
            "Norway accused China of abuses in Xinjiang.",
            "“Norway should reflect on itself instead of lecturing others,” Chinese "
            "spokesperson Hu Li said.",
            "counter-accusation",
        ),
    ],
)
def test_the_kind_of_an_answer_to_a_charge(extractor, charge, answer, kind):
    assert statements(extractor, f"{charge}\n\n{answer}")[-1]["kind"] == kind


@pytest.mark.parametrize(
    ("body", "side"),
    [
        # an organ named with a capitalised word between
        ("A Chinese Defence Ministry spokesperson said Norway had abused its position.", "beijing"),
        # a body named just before a name is its title
        ("CSIS director Dana Ross testified that China's interference was a threat.", "ottawa"),
        # the state that comes first in a title owns it
        (
            "Norway accused China of spying.\n\nChina's Taiwan Affairs Office spokesperson Chen "
            "Hua said the charge was groundless.",
            "beijing",
        ),
        (
            "Norway accused China of spying.\n\nChinese Ambassador to Norway Chen Hua said the "
            "charge was groundless.",
            "beijing",
        ),
        # a lower-case title placed by the capital its clause opens in
        (
            "Norway accused Chinese ships of ramming a fishing boat.\n\nIn Beijing, foreign "
            "ministry spokesman Hu Bin said the charges were groundless.",
            "beijing",
        ),
        # a spokesperson with no state speaks for the last ministry met
        (
            "Norway's foreign ministry said it was studying the report.\n\nChina's foreign "
            "ministry also weighed in. “We urge the Norwegian side to stop smearing China,” "
            "spokeswoman Hu Li told reporters.",
            "beijing",
        ),
        # anyone else unplaced is the home state's
        (
            "The Chinese embassy said the report was a fabrication.\n\nFormer mayor Ken Lau, "
            "named in the report, denied taking help from any foreign government in Canada's "
            "election.",
            "ottawa",
        ),
        # a state in the reported clause does not place the title after its comma
        (
            "Norway has expelled a diplomat for harassing an MP's relatives in Hong Kong, "
            "Foreign Minister Kari Berg announced.\n\nChina had meddled in Norway's affairs, "
            "Foreign Minister Kari Berg said.",
            "other",
        ),
    ],
)
def test_whose_side_a_titled_speaker_is_on(extractor, body, side):
    assert statements(extractor, body)[-1]["speaker_side"] == side


@pytest.mark.parametrize(
    ("answer", "side", "kind", "ends"),
    [
        # "Ms." ends no clause: the quote runs to the end of the sentence
        ("“Beijing firmly rejects such smears,” Ms. Mao said.", "beijing", "rejection", "said."),
        # after "told" stands whom it was told to, not who told it
        (
            "China's ambassador to Norway, Hu Bin, told NRK that the charges were baseless.",
            "beijing",
            "rejection",
            "baseless.",
        ),
        # "the embassy" met before any embassy is the foreign state's
        (
            "“Norway's claims are a farce,” the embassy's statement read.",
            "beijing",
            "rejection",
            "read.",
        ),
    ],
)
def test_answers_in_common_shapes(extractor, answer, side, kind, ends):
    body = f"Norway accused China of interfering in its elections.\n\n{answer}"
    last = statements(extractor, body)[-1]
    assert (last["speaker_side"], last["kind"]) == (side, kind)
    assert last["quote"].endswith(ends)


def test_a_deeply_troubling_conduct_is_a_charge(extractor):
    body = "Asked about it, Norway's foreign minister said Beijing's conduct was deeply troubling."
    assert only(extractor, body)["role"] == "allegation"


def test_a_clause_is_cut_where_its_own_subject_opens_it(extractor):
    body = (
        "Norway and China clashed at the United Nations on Tuesday, with Oslo's envoy "
        "accusing Beijing of repression and China's delegate dismissing the charges as lies."
    )
    found = [(s["speaker_side"], s["role"], s["quote"][:14]) for s in statements(extractor, body)]
    assert found == [
        ("other", "allegation", "Norway and Chi"),
        ("beijing", "response", "China's delega"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Norway accused China of spying, while Beijing said the claims were groundless.",
        "Norway accused China of spying, but the Chinese embassy said the charges were lies.",
        "Norway accused China of spying, a charge the Chinese embassy dismissed as nonsense.",
        "Norwegian officials accused China of spying, and Beijing said the claims were lies.",
    ],
)
def test_two_speakers_in_one_sentence_each_keep_their_words(extractor, body):
    found = [(s["speaker_side"], s["role"]) for s in statements(extractor, body)]
    assert found == [("other", "allegation"), ("beijing", "response")]


def test_a_clause_joined_to_another_speaker_s_is_not_their_words(extractor):
    body = (
        "Erik Dahl spent two years in detention before being charged, and Norwegian "
        "officials said China had denied them consular access."
    )
    assert [s["quote"][:9] for s in statements(extractor, body)] == ["Norwegian"]


def test_a_comma_relative_clause_whose_subject_speaks_is_theirs(extractor):
    body = (
        "The Chinese embassy denied the report, which Norway's spy agency had said showed "
        "Chinese interference."
    )
    found = [(s["speaker_side"], s["role"]) for s in statements(extractor, body)]
    assert found == [("beijing", "response"), ("other", "allegation")]


def test_a_speaker_replying_in_one_clause_is_still_replying_in_the_next(extractor):
    body = (
        "The Chinese embassy said the accusations were slander and urged Norway to stop "
        "its anti-China farce."
    )
    assert {s["role"] for s in statements(extractor, body)} == {"response"}


@pytest.mark.parametrize(
    "dateline",
    ["OSLO (Reuters) - ", "BEIJING/OSLO, May 20 (Reuters) - ", "OSLO — ", "(Oslo) "],
)
def test_a_dateline_is_no_part_of_a_statement(extractor, dateline):
    body = dateline + "Norway accused China of spying on exiles."
    assert only(extractor, body)["quote"] == "Norway accused China of spying on exiles."


def test_a_verb_joined_by_and_shares_the_subject_and_accuses_its_own_object(extractor):
    body = "Norway's foreign ministry thanked Canada and accused China of intimidation."
    found = only(extractor, body)
    assert (found["speaker_side"], found["role"], found["target"]) == (
        "other",
        "allegation",
        "china",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. accused China.", [("U.S.", "united-states"), ("China", "china")]),
        ("U.S. officials spoke.", [("U.S. officials", "united-states-officials")]),
        (
            "U.S. National Security Council spokesperson Ann Lee spoke.",
            [
                ("U.S.", "united-states"),
                ("National Security Council", "org-national-security-council"),
                ("Ann Lee", "ann-lee-united-states"),
            ],
        ),
    ],
)
def test_an_abbreviated_state_keeps_its_full_stops(text, expected):
    cast = Cast(merged_registry(None))
    assert [(text[m.start : m.end], m.actor) for m in cast.mentions(text, 0, len(text))] == (
        expected
    )


def test_taking_the_wrong_side_is_a_charge(extractor):
    body = (
        "Norwegian Foreign Minister Kari Berg met Chinese Foreign Minister Wang Yi.\n\n"
        "Wang told Berg that Norway had taken the wrong side on Taiwan."
    )
    last = statements(extractor, body)[-1]
    assert (last["speaker_side"], last["role"], last["target"]) == (
        "beijing",
        "allegation",
        "norway",
    )


def test_a_lede_summing_up_a_later_quotation_is_one_statement_with_it(extractor):
    found = statements(
        extractor,
        "The Chinese embassy in Oslo rejected Norway's espionage accusations as groundless.\n\n"
        "Relations have been strained for years.\n\n"
        "“Norway's accusations of espionage are groundless and we reject them,” the "
        "embassy said.",
    )
    assert len(found) == 1
    assert found[0]["quote"].startswith("“Norway's accusations")
    assert "the lede restates it" in [c["means"] for c in found[0]["evidence"]["cues"]]


def test_a_measure_in_the_lede_is_not_restated_by_a_later_quotation(extractor):
    body = (
        "China on Monday imposed sanctions on a Norwegian MP, saying he had spread lies.\n\n"
        "The move drew criticism in Oslo.\n\n"
        "“Norway has no right to make irresponsible remarks about China’s sanctions on the "
        "MP,” the Chinese embassy said."
    )
    kinds = [s["kind"] for s in statements(extractor, body)]
    assert kinds[0] == "other" and "rejection" in kinds


def test_a_lede_with_scare_quotes_is_still_a_summary(extractor):
    found = statements(
        extractor,
        "China “firmly opposes” Norway's groundless espionage accusations, the Chinese "
        "embassy in Oslo said.\n\n"
        "“Norway's accusations of espionage are groundless and we firmly oppose them,” "
        "the embassy said.",
    )
    assert [s["quote"][:8] for s in found] == ["“Norway'"]


def test_its_in_a_trailing_attribution_is_the_sentence_s_subject(extractor):
    found = only(
        extractor,
        "China firmly opposes Norway's groundless espionage accusations, its embassy in Oslo said.",
    )
    assert found["speaker_side"] == "beijing"


def test_a_charge_levelled_by_a_state_s_body_is_the_body_s_words_only(extractor):
    found = statements(
        extractor,
        "The embassy made the comments after accusations levelled by Canada’s Communications "
        "Security Establishment claiming that Chinese hackers had targeted Canadian "
        "ministries.",
    )
    assert [(s["speaker"], s["quote"][:23]) for s in found] == [("cse", "accusations levelled by")]


def test_a_damaged_boat_names_no_act(extractor):
    assert (
        statements(
            extractor,
            "A Philippine ship later reached the damaged boat to help, according to the "
            "Philippine military.",
        )
        == []
    )


def test_a_registry_name_matches_only_when_written_as_a_name(extractor):
    found = statements(extractor, "Officials around the globe said China was spying on exiles.")
    assert [s["speaker"] for s in found] == []
    found = statements(extractor, "The Globe said China was spying on exiles.")
    assert [s["speaker"] for s in found] == ["globe-and-mail"]


def test_a_state_is_accused_before_a_group_or_person_the_clause_names(extractor):
    found = statements(
        extractor,
        "China has long been suspected of hacking abroad.\n\n"
        "Canada's cyber agency accused the hacker group Volt Storm of breaking into "
        "Canadian ministries.",
    )
    assert [(s["speaker_side"], s["target"]) for s in found] == [("ottawa", "china")]


def test_a_label_of_a_hyphenated_name_accuses(extractor):
    found = only(
        extractor,
        "Iran's foreign ministry labelled Canadian minister Jean-Paul Berg a “liar”.",
    )
    assert found["role"] == "allegation"


@pytest.mark.parametrize(
    ("body", "sides"),
    [
        # "he" is the person this paragraph named, not the last paragraph's speaker
        (
            "China's foreign ministry spokesperson Lin Wei said the trial was lawful.\n\n"
            "The activist Tomas Berg was detained in 2021. He was accused of spying, a "
            "charge he has always rejected.",
            ["beijing"],
        ),
        # a definite description prefers the body that has been speaking
        (
            "The Hong Kong government said the bounties were lawful.\n\n"
            "Australia's foreign minister called the bounties an act of repression. The "
            "government said the remarks were irresponsible smears.",
            ["beijing", "other", "beijing"],
        ),
        # one capitalised word that speaks is a body, and its statement is its own
        (
            "China's embassy in Oslo said in a statement that Norway's charges were "
            "groundless.\n\n"
            "The executive was held at the request of Washington, Telenord said in a written "
            "statement.\n\n"
            "“The company is not aware of any wrongdoing,” the statement read.",
            ["beijing"],
        ),
        # an unnamed person a sentence opens on is whom "he" means there
        (
            "Australia's foreign minister Anne Ward confirmed the sentence on Monday.\n\n"
            "The Australian citizen, a writer, has been jailed since 2019 on espionage "
            "charges, which he has denied all along.",
            [],
        ),
    ],
)
def test_who_speaks_from_one_sentence_to_the_next(extractor, body, sides):
    assert [s["speaker_side"] for s in statements(extractor, body)] == sides


def test_a_verb_saying_how_a_document_came_out_reports_nothing(extractor):
    body = (
        "Denmark's prime minister said China was bullying its neighbours.\n\n"
        "In a statement posted on its website, the Chinese embassy in Copenhagen said "
        "Denmark was spreading groundless smears."
    )
    found = statements(extractor, body)[-1]
    assert found["speaker"].startswith("china-embassy")
    assert found["evidence"]["rule"] == "reporting verb 'said'"


def test_an_attempt_to_influence_is_a_charge(extractor):
    found = only(extractor, "Denmark's prime minister said Moscow sought to influence the vote.")
    assert (found["role"], found["speaker_side"]) == ("allegation", "other")


def test_an_actor_accused_of_a_wrong_is_not_its_speaker(extractor):
    body = (
        "Denmark expelled a Chinese diplomat accused of spying on exiles, "
        "a move the Chinese embassy called a grave provocation."
    )
    found = only(extractor, body)
    assert found["quote"].startswith("a move the Chinese embassy")
    assert found["speaker"].startswith("china-embassy")


def test_saying_it_hit_back_makes_the_speaker_s_next_words_a_reply(extractor):
    body = (
        "Denmark expelled two Chinese diplomats on Friday.\n\n"
        "The Chinese embassy hit back on Monday. “China strongly condemns this and has "
        "lodged stern representations,” an embassy spokesperson said."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker_side"], found["role"], found["kind"]) == (
        "beijing",
        "response",
        "protest",
    )


@pytest.mark.parametrize(
    ("body", "speaker", "side"),
    [
        # an actor followed by a verb opens what is said; it is no inverted subject
        ("Peter Holm, a Conservative MP, said China was bullying him.", "peter-holm", "ottawa"),
        ("The MP, Conservative lawmaker Peter Holm, said China was lying.", "peter-holm", "ottawa"),
        ("Lawmaker Peter Holm said China was bullying exiles.", "peter-holm", "ottawa"),
        ("“China is bullying us,” said Conservative MP Peter Holm.", "peter-holm", "ottawa"),
        ("“China is bullying us,” said Peter Holm, a Liberal MP.", "peter-holm", "ottawa"),
        # a demonym before a title places the person; the party's state yields to it
        ("Australian Liberal MP Peter Holm said China was bullying him.", "peter-holm", "other"),
        ("Japanese Prime Minister Taro Ueda said China was bullying Japan.", "taro-ueda", "other"),
    ],
)
def test_who_a_titled_person_is_and_where_they_belong(extractor, body, speaker, side):
    lead = "Canada expelled a diplomat, a Canadian official said.\n\n"
    found = statements(extractor, lead + body)[-1]
    assert found["speaker"].startswith(speaker)
    assert found["speaker_side"] == side


def test_a_person_s_kind_comes_from_their_title(extractor):
    body = (
        "Japanese Prime Minister Taro Ueda said China was bullying Japan.\n\n"
        "The spokesman said Japan was spreading lies about China."
    )
    assert [s["speaker"] for s in statements(extractor, body)] == ["taro-ueda-japan"]


def test_a_body_s_name_keeps_its_title_like_words(extractor):
    body = (
        "The Global Herald, a tabloid run by a party newspaper, said in an editorial that "
        "Denmark was a lackey of Washington and had spread lies about China."
    )
    assert only(extractor, body)["speaker"] == "org-global-herald"


def test_a_name_after_a_spokesperson_for_a_body_speaks_for_its_state(extractor):
    body = (
        "China's foreign ministry accused Canada of meddling.\n\n"
        "A spokesperson for Global Affairs Canada, Anna Roy, added: “We will not be intimidated.”"
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["speaker_side"]) == ("anna-roy-canada", "ottawa")


def test_what_it_called_is_the_subject_s_words(extractor):
    body = (
        "Norway joined Britain and the European Union on Monday in imposing sanctions "
        "on Chinese officials over what it called grave human rights violations."
    )
    found = only(extractor, body)
    assert (found["speaker"], found["role"]) == ("norway", "allegation")


def test_military_ranks_are_titles_and_the_surname_is_the_same_person(extractor):
    body = (
        "In Beijing, a defence ministry spokesman, Senior Colonel Li Wen, said Norway "
        "was provoking tensions.\n\n"
        "“Norway's actions seriously undermine peace,” Li said."
    )
    assert {s["speaker"] for s in statements(extractor, body)} == {"li-wen-china"}


@pytest.mark.parametrize(
    "charge",
    [
        "Beijing had violated Danish sovereignty",
        "China ran illegal police stations in Aarhus",
        "Chinese agents had infiltrated the harbour authority",
        "China orchestrated a campaign against the MP",
        "Chinese officials were plotting to silence critics",
        "China had recruited local politicians",
    ],
)
def test_breaking_rules_and_covert_schemes_are_charges(extractor, charge):
    found = only(extractor, f"Denmark's justice minister said {charge}.")
    assert (found["role"], found["speaker_side"]) == ("allegation", "other")


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("The Chinese embassy brushed off the accusations as “ridiculous”.", "rejection"),
        ("The Chinese embassy said it had no information about the case.", "no-comment"),
        (
            "Chinese officials would not confirm whether the hackers worked for Beijing.",
            "no-comment",
        ),
        ("A Chinese embassy spokesperson referred questions to the police.", "deflection"),
        ("“Denmark should look in the mirror,” the Chinese embassy said.", "counter-accusation"),
    ],
)
def test_more_answers_in_common_shapes(extractor, answer, kind):
    charge = "Denmark's foreign minister said China had hacked Danish ministries.\n\n"
    found = statements(extractor, charge + answer)[-1]
    assert (found["speaker_side"], found["role"], found["kind"]) == ("beijing", "response", kind)


def test_an_optional_space_in_a_lexicon_line_matches_none():
    text = "China ran cyberattacks and cannot be reached"
    found = find_cues(text, 0, len(text))
    assert found["accusation (wrongs)"][2] == "cyberattacks"
    assert found["no-comment"][2] == "cannot be reached"


def test_a_reply_ends_before_the_charge_it_answers(extractor):
    body = (
        "China on Monday accused Denmark of smearing its reputation over allegations that "
        "it runs secret police posts in Aarhus."
    )
    found = only(extractor, body)
    assert found["quote"] == "China on Monday accused Denmark of smearing its reputation"
    assert (found["role"], found["kind"]) == ("response", "rejection")


def test_a_state_s_spokesperson_goes_on_with_the_reply_its_ministry_began(extractor):
    body = (
        "Denmark's prime minister accused China of abuses in Xinjiang.\n\n"
        "China's foreign ministry condemned the move, saying it grossly interfered in "
        "China's internal affairs.\n\n"
        "“Denmark's own human rights record is full of problems... it has wantonly smeared "
        "other countries,” ministry spokesperson Li Hua told reporters."
    )
    found = statements(extractor, body)[-2:]
    assert [(s["role"], s["kind"]) for s in found] == [
        ("response", "counter-accusation"),
        ("response", "rejection"),
    ]


def test_state_between_a_noun_and_and_is_a_noun(extractor):
    body = (
        "Denmark's prime minister accused China of coercion.\n\n"
        "Chinese foreign ministry spokesperson Li Hua said Denmark is a master of coercion "
        "by abusing national security and state power, and by turning to lies."
    )
    assert len(statements(extractor, body)) == 2


def test_a_speaker_who_also_speaks_goes_on_with_its_reply(extractor):
    body = (
        "Denmark's prime minister accused China of running police posts.\n\n"
        "The Chinese embassy said all its consulates abide by the Vienna Convention.\n\n"
        "The embassy also says it has agreements with Denmark that require its diplomats "
        "to behave openly."
    )
    found = statements(extractor, body)[-1]
    assert found["quote"].startswith("The embassy also says")
    assert (found["role"], found["kind"]) == ("response", "denial")


def test_a_transcript_s_answers_are_the_answerer_s(extractor):
    body = (
        "China's foreign ministry on Monday rejected a Danish report, according to the "
        "transcript of its regular briefing.\n\n"
        "Q: Denmark's intelligence service said China is the main espionage threat to "
        "Denmark. What is your response?\n\n"
        "A: The so-called espionage threat is a groundless smear.\n\n"
        "It is Denmark that interferes in China's internal affairs.\n\n"
        "Q: Will China take countermeasures?\n\n"
        "A: We urge Denmark to stop spreading disinformation.\n\n"
        "The ministry's spokesman, Li Hua, took ten questions."
    )
    found = statements(extractor, body)
    answers = [s for s in found if s["evidence"]["rule"] == "transcript answer"]
    assert [(s["speaker_side"], s["role"]) for s in answers] == [("beijing", "response")] * 3
    assert answers[1]["quote"].startswith("It is Denmark")
    assert not any(s["quote"].startswith("The ministry's spokesman") for s in found)
    assert any(s["speaker_side"] == "other" and s["role"] == "allegation" for s in found)


def test_a_place_in_the_phrase_a_sentence_opens_on_places_a_lower_case_title(extractor):
    body = (
        "Denmark's foreign ministry accused China of spying.\n\n"
        "At a regular briefing in Beijing on Tuesday, foreign ministry spokesman Li Hua "
        "said the charges were groundless."
    )
    assert statements(extractor, body)[-1]["speaker"] == "li-hua-china"


def test_a_private_person_is_on_no_state_s_side_an_official_is(extractor):
    body = (
        "Kai Lam, a Hong Kong democracy activist, said Hong Kong police were harassing "
        "his family.\n\n"
        "Lu Wen, China's envoy to Denmark, said Denmark was smearing China."
    )
    assert [s["speaker_side"] for s in statements(extractor, body)] == ["other", "beijing"]


def test_the_department_is_a_ministry_met_before_and_no_court(extractor):
    body = (
        "Denmark's foreign ministry has condemned a Chinese court's decision to sentence a "
        "Danish citizen to death.\n\n"
        "The citizen was sentenced on Tuesday by a court in Shenzhen.\n\n"
        "In a statement, the department said China had denied him a fair trial."
    )
    assert statements(extractor, body)[-1]["speaker_side"] == "other"


def test_a_quotation_after_a_colon_belongs_to_whom_the_colon_sentence_names(extractor):
    body = (
        "The Chinese embassy said the report was groundless.\n\n"
        "Here is the key passage from Norwegian intelligence director Ola Berg's testimony:\n\n"
        "“We assess that Chinese officials attempted to covertly fund two candidates.”"
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["role"]) == ("ola-berg-norway", "allegation")


def test_provinces_and_regions_are_no_one_and_a_relative_clause_names_no_subject(extractor):
    body = (
        "Norway's fisheries minister said China was using customs to punish Norway.\n\n"
        "The Consulate General of China in Bergen, which covers Western Norway, rejected "
        "the suggestion as groundless.\n\n"
        "A Nova Scotia seafood company says Chinese customs blocked its shipments unfairly."
    )
    found = statements(extractor, body)
    assert found[1]["speaker_side"] == "beijing"
    assert all("nova-scotia" not in s["speaker"] for s in found)


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Bergen North MP Kari Holm said China was bullying Norway.", "kari-holm-norway"),
        (
            "Fisheries Minister Craig d'Entremont said China was bullying Norway.",
            "craig-d-entremont-norway",
        ),
    ],
)
def test_a_title_inside_a_capitalised_phrase_ends_what_comes_before_the_name(
    extractor, body, speaker
):
    assert only(extractor, "Norway protested.\n\n" + body)["speaker"] == speaker


def test_a_relative_clause_at_the_end_is_no_trailing_attribution(extractor):
    body = (
        "Japan's foreign minister, Kenji Ono, said Tokyo was “seriously concerned” about "
        "Chinese ships near the Senkaku Islands, which China claims as the Diaoyu."
    )
    found = only(extractor, body)
    assert (found["speaker_side"], found["role"]) == ("other", "allegation")
    assert found["speaker"].startswith("japan")


def test_an_office_before_a_name_places_the_name_and_opens_its_clause(extractor):
    body = (
        "Australia's foreign minister, Ruth Kane, pointed to China's campaign of coercion, "
        "and Britain's Indo-Pacific minister, Tom Hale, accused Beijing of intimidation."
    )
    found = statements(extractor, body)
    assert [(s["speaker"].split("-")[0], s["role"]) for s in found] == [
        ("australia", "allegation"),
        ("united", "allegation"),
    ]


def test_a_plain_negation_does_not_turn_a_charge_into_a_denial(extractor):
    body = (
        "Lithuania's deputy foreign minister said China punished a small country for a "
        "sovereign decision Beijing does not like."
    )
    assert only(extractor, body)["role"] == "allegation"


def test_a_body_of_a_state_body_is_on_its_side_and_so_is_its_spokesperson(extractor):
    body = (
        "The Northern Theater Command of the Chinese People's Liberation Army tracked a "
        "Danish frigate in the Taiwan Strait on Monday.\n\n"
        "Senior Colonel Li Wen, spokesperson for the command, said Denmark had "
        "deliberately provoked China."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["speaker_side"]) == ("li-wen-china", "beijing")
    assert "taiwan" not in {a["id"] for a in draft(extractor, body)["actors"]}


def test_a_plain_negation_by_a_side_no_one_accused_is_no_reply(extractor):
    said = "“That is not acceptable on Danish soil,” the Danish foreign minister said."
    assert statements(extractor, said) == []
    charge = "China's foreign ministry accused Denmark of spreading lies.\n\n"
    denial = "“Denmark has not done that,” the Danish foreign minister said."
    assert statements(extractor, charge + denial)[-1]["kind"] == "denial"


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("The Chinese embassy said the arrangements were made in line with Chinese law.", "denial"),
        ("The Chinese embassy referred further questions to the court.", "deflection"),
        (
            "According to Danish media reports, China's defence ministry claimed the patrol "
            "was fully consistent with international law.",
            "denial",
        ),
    ],
)
def test_lawful_conduct_and_referring_questions_in_other_words(extractor, answer, kind):
    charge = "Denmark's foreign minister said China was bullying Danish fishermen.\n\n"
    found = statements(extractor, charge + answer)[-1]
    assert (found["speaker_side"], found["role"], found["kind"]) == ("beijing", "response", kind)


def test_buying_influence_is_a_charge(extractor):
    body = "“Beijing has been buying influence in our city councils,” the Danish minister said."
    assert only(extractor, body)["role"] == "allegation"


def test_a_measure_after_another_state_s_words_is_its_subject_s_act(extractor):
    body = (
        "Denmark's trade minister said China was dumping steel at unfair prices.\n\n"
        "China retaliated by imposing tariffs on Danish pork."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["role"], found["kind"]) == ("china", "response", "other")
    assert found["evidence"]["rule"] == "act of state"


def test_spokesperson_as_a_capitalised_title_speaks_for_the_state_speaking(extractor):
    body = (
        "China firmly opposes Denmark's so-called sanctions, a Foreign Ministry "
        "spokesperson said Thursday.\n\n"
        "Spokesperson Lin Hao made the remarks at a regular press briefing.\n\n"
        "“The so-called forced labour is a lie concocted by anti-China forces,” Lin said."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["role"], found["kind"]) == (
        "lin-hao-china",
        "response",
        "rejection",
    )


def test_an_office_then_a_titled_name_places_the_name(extractor):
    body = (
        "Denmark accused Chinese pilots of reckless manoeuvres.\n\n"
        "China's Defence Ministry spokesperson, Colonel Ren Hua, said Denmark had "
        "distorted the facts."
    )
    assert statements(extractor, body)[-1]["speaker"] == "ren-hua-china"


def test_the_spokesman_after_a_body_s_spokesman_is_that_body_s(extractor):
    body = (
        "Denmark's foreign ministry condemned the arrest warrants.\n\n"
        "In a statement, a Hong Kong government spokesman said it strongly condemned the "
        "Danish remarks.\n\n"
        "“The Danish side is grossly interfering in Hong Kong affairs,” the spokesman said."
    )
    assert statements(extractor, body)[-1]["speaker_side"] == "beijing"


def test_a_body_owned_through_several_of_is_its_owner_s(extractor):
    body = (
        "Denmark's foreign ministry condemned Hong Kong's arrest warrants.\n\n"
        "The Office of the Commissioner of the Chinese Ministry of Foreign Affairs in Hong "
        "Kong weighed in on Thursday, urging Denmark to “immediately stop meddling”."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker_side"], found["role"]) == ("beijing", "response")


def test_he_mid_sentence_before_a_name_is_a_surname(extractor):
    body = (
        "Denmark imposed duties on Chinese wind towers.\n\n"
        "A spokesperson for China's Ministry of Ecology, He Lina, said Denmark had abused "
        "trade remedy measures."
    )
    assert statements(extractor, body)[-1]["speaker"] == "he-lina-china"


def test_a_model_number_is_no_body_and_the_defence_department_is_canada_s(extractor):
    body = (
        "China accused Canada of provoking it in the Taiwan Strait.\n\n"
        "The Department of National Defence said two Chinese J-16 fighter jets had "
        "harassed a Canadian helicopter."
    )
    bundle = draft(extractor, body)
    assert bundle["statements"][-1]["speaker"] == "canada-dnd"
    assert not any("j-16" in a["id"] for a in bundle["actors"])


@pytest.mark.parametrize(
    "charge",
    [
        "China was using Danes as bargaining chips",
        "Chinese authorities had held him without a lawyer",
        "Chinese hackers were preparing to disrupt Danish water utilities",
        "China had infringed on Danish sovereignty",
    ],
)
def test_hostage_diplomacy_and_harm_prepared_are_charges(extractor, charge):
    found = only(extractor, f"Denmark's justice minister said {charge}.")
    assert (found["role"], found["speaker_side"]) == ("allegation", "other")


def test_an_opposition_critic_is_a_legislator_of_the_party_s_state(extractor):
    body = (
        "Conservative foreign affairs critic Ana Lund said the case fits a pattern of "
        "Beijing using Canadians as bargaining chips."
    )
    assert only(extractor, body)["speaker_side"] == "ottawa"


def test_not_being_familiar_with_a_charge_is_no_comment(extractor):
    body = (
        "Denmark's security service said Chinese agents had hacked researchers' accounts.\n\n"
        "Chinese foreign ministry spokesperson Zheng Li said he was not familiar with the alert."
    )
    assert statements(extractor, body)[-1]["kind"] == "no-comment"


def test_answering_with_nothing_said_is_no_statement_but_makes_the_next_words_a_reply(
    extractor,
):
    body = (
        "Denmark's foreign minister accused China's consulate of meddling in an election.\n\n"
        "The Chinese embassy answered in writing on Wednesday evening.\n\n"
        "The embassy said the consulate had always performed its duties in strict "
        "accordance with the law."
    )
    found = statements(extractor, body)
    assert [s["role"] for s in found] == ["allegation", "response"]
    assert found[-1]["kind"] == "denial"


def test_not_having_answered_a_charge_is_no_comment(extractor):
    body = (
        "China's defence ministry accused Denmark of provoking it.\n\n"
        "Denmark has not publicly answered the charge."
    )
    assert statements(extractor, body)[-1]["kind"] == "no-comment"


def test_a_consul_general_named_before_a_name_places_it_and_any_part_names_a_person(
    extractor,
):
    body = (
        "Hong Kong authorities accused Denmark of harbouring criminals such as Wendy Lau "
        "Chi-ying.\n\n"
        "Denmark's consul general in Hong Kong, Margit Holm, declined to comment.\n\n"
        "Lau, reached by phone, said Hong Kong was persecuting her family."
    )
    found = statements(extractor, body)
    assert [(s["speaker_side"], s["kind"]) for s in found[1:]] == [
        ("other", "no-comment"),
        ("other", None),
    ]
    assert found[1]["speaker"].startswith("denmark-consul-general")
    assert found[2]["speaker"] == "wendy-lau-chi-ying"


def test_a_transcript_labelled_by_name_gives_each_turn_its_speaker(extractor):
    body = (
        "HOST (Karen Lie): Denmark's security service has accused China of spying on "
        "exiles. Here is Foreign Minister Jens Dahl, speaking this morning.\n\n"
        "DAHL (clip): Spying on people who fled here is intimidation, plain and simple.\n\n"
        "HOST: Any word from the Chinese embassy?\n\n"
        "REPORTER: The embassy hasn't answered our calls today."
    )
    found = statements(extractor, body)
    assert all("karen-lie" not in s["speaker"] and "host" not in s["speaker"] for s in found)
    turn = [s for s in found if s["evidence"]["rule"] == "transcript turn"]
    assert [(s["speaker"], s["speaker_side"]) for s in turn] == [("jens-dahl-denmark", "other")]
    assert (found[-1]["speaker_side"], found[-1]["kind"]) == ("beijing", "no-comment")


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (
            "Chinese foreign ministry spokesperson Li Hua said she was “not aware of the "
            "situation,” but added that Chinese diplomats always abide by the law.",
            ["no-comment", "denial"],
        ),
        (
            "Chinese foreign ministry spokesperson Li Hua said questions about the patrol "
            "should be referred to the competent authorities.",
            ["deflection"],
        ),
        ("The Chinese embassy would neither confirm nor deny the meeting.", ["no-comment"]),
    ],
)
def test_answers_after_a_quotation_and_to_the_competent_authorities(extractor, answer, kind):
    charge = "Denmark's foreign minister said Chinese diplomats were harassing exiles.\n\n"
    found = statements(extractor, charge + answer)[1:]
    assert [s["kind"] for s in found] == kind


@pytest.mark.parametrize(
    "charge",
    [
        "Chinese state actors are targeting our critical infrastructure",
        "one consular visit in seven weeks is not consistent with China's obligations",
    ],
)
def test_targeting_and_failing_obligations_are_charges(extractor, charge):
    found = only(extractor, f"Denmark's foreign minister said {charge}.")
    assert found["role"] == "allegation"


def test_an_abbreviation_in_brackets_names_the_body_from_then_on(extractor):
    body = (
        "Two Chinese coast guard vessels blocked a Norwegian fisheries ship, the Norwegian "
        "Coast Guard (NCG) said.\n\n"
        "According to NCG spokesperson Rear Admiral Olav Moe, the Chinese ships cut across "
        "its bow.\n\n"
        "“These are reckless and illegal actions,” Moe said."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["speaker_side"]) == ("olav-moe-norway", "other")


def test_such_and_a_noun_an_allegation_named_take_up_the_charge(extractor):
    body = (
        "A Norwegian police inspector said exiles had been victims of harassment by "
        "Chinese police stations in Oslo.\n\n"
        "The rights group Nordic Watch says China runs dozens of such stations around "
        "the world."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["role"]) == ("org-nordic-watch", "allegation")
    assert any(c["means"] == "accusation (anaphora)" for c in found["evidence"]["cues"])


def test_a_document_that_came_out_by_someone_is_its_issuer_s_subject(extractor):
    body = (
        "A report released Wednesday by Denmark's defence ministry alleges that Chinese "
        "firms bought farmland near air bases for espionage."
    )
    found = only(extractor, body)
    assert found["evidence"]["speaker"]["via"] == "document 'report'"
    assert found["role"] == "allegation"


def test_an_unnamed_spokesperson_speaks_for_the_body_met_before(extractor):
    body = (
        "Denmark accused a Chinese diplomat of following a Copenhagen activist.\n\n"
        "The Chinese embassy responded within hours. A spokesperson called the accusation "
        "“a groundless smear”.\n\n"
        "Denmark's foreign ministry said the diplomat must leave. The claim “has no basis "
        "at all”, an embassy spokesman said on Friday."
    )
    found = statements(extractor, body)
    assert [(s["speaker"], s["role"], s["kind"]) for s in found[1:]] == [
        ("china-embassy", "response", "rejection"),
        ("china-embassy", "response", "rejection"),
    ]


def test_a_trailing_unnamed_spokesperson_speaks_for_the_body_the_sentence_names(extractor):
    body = (
        "China accused Denmark's police of harassing Chinese students.\n\n"
        "The Danish police service denies the accusation, a spokesperson said."
    )
    assert statements(extractor, body)[-1]["speaker_side"] == "other"


def test_a_name_in_apposition_after_a_description_speaks(extractor):
    body = (
        "The Chinese embassy accused Denmark of smearing China.\n\n"
        "Its ambassador, Ole Berg, said the embassy was spreading lies about Denmark."
    )
    assert statements(extractor, body)[-1]["speaker"] == "ole-berg"


def test_a_measure_no_charge_prompted_and_the_charge_after_it_are_one_allegation(extractor):
    body = "Denmark expelled a Chinese diplomat on Tuesday, accusing him of spying on exiles."
    found = only(extractor, body)
    assert (found["speaker"], found["role"]) == ("denmark", "allegation")
    assert found["quote"] == body


@pytest.mark.parametrize(
    "warning",
    [
        "“Any further provocation will be met with a firm response,” a Chinese coast guard spokesperson said.",
        "“Our troops will resolutely counter any intrusion,” a Chinese defence ministry spokesperson said.",
    ],
)
def test_a_response_promised_is_a_threat(extractor, warning):
    body = "Denmark accused Chinese ships of ramming its patrol boat.\n\n" + warning
    found = statements(extractor, body)[-1]
    assert (found["role"], found["kind"]) == ("response", "threat")


def test_a_plural_noun_after_an_adjective_is_no_reporting_verb(extractor):
    body = (
        "Denmark accused China of harassing its fishing boats.\n\n"
        "A court found in 2019 that China's sweeping claims had no legal basis."
    )
    assert all("claims" not in s["evidence"]["rule"] for s in statements(extractor, body))


def test_where_a_place_lies_is_no_lie_and_silence_runs_on_to_nothing(extractor):
    body = (
        "Denmark accused Chinese ships of ramming its patrol boat.\n\n"
        "The Chinese embassy in Copenhagen did not reply to a request for comment.\n\n"
        "The island lies about 40 nautical miles off the coast."
    )
    found = statements(extractor, body)
    assert [s["kind"] for s in found] == [None, "no-comment"]


def test_a_side_a_counter_accusation_charged_may_keep_silent_in_reply(extractor):
    body = (
        "Denmark accused China of spying on its ports.\n\n"
        "The Chinese embassy in Copenhagen accused Denmark of an obvious overreaction.\n\n"
        "Denmark's foreign ministry did not respond to a request for comment."
    )
    found = statements(extractor, body)
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found[1:]] == [
        ("beijing", "response", "counter-accusation"),
        ("other", "response", "no-comment"),
    ]


@pytest.mark.parametrize(
    "charge", ["hegemonism", "a Cold War mentality", "gathering intelligence on its bases"]
)
def test_standing_counter_charges_and_intelligence_gathering_are_charges(extractor, charge):
    body = f"Denmark's defence minister accused China of {charge}."
    assert only(extractor, body)["role"] == "allegation"


def test_a_spokesperson_asked_about_a_charge_speaks_for_the_state_accused(extractor):
    body = (
        "China accused Denmark of provocations near its coast.\n\n"
        "Denmark's defence ministry said on Monday that a Chinese jet had harassed a "
        "Danish patrol plane.\n\n"
        "Asked about the incident at a news briefing, foreign ministry spokesperson Hu Lan "
        "said the Danish claims were groundless."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["speaker_side"]) == ("hu-lan-china", "beijing")


def test_a_new_document_a_sentence_opens_on_is_its_subject_s(extractor):
    body = (
        "Denmark's security service said China had harassed Danish dissidents.\n\n"
        "In an emailed statement to a newspaper, the Chinese embassy called the report "
        "groundless.\n\n"
        "“China has never interfered in Denmark's internal affairs,” the statement said."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker_side"], found["kind"]) == ("beijing", "denial")


def test_a_government_spokesman_who_replies_speaks_for_the_government_accused(extractor):
    body = (
        "The Danish consulate accused Hong Kong's authorities of silencing dissent.\n\n"
        "A government spokesman said the administration firmly rejects the slanderous "
        "remarks."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["kind"]) == ("hong-kong", "rejection")


def test_a_body_named_through_of_speaks_with_its_verb_after_the_whole_name(extractor):
    body = (
        "Denmark condemned the arrests.\n\n"
        "The Office of the Commissioner of the Chinese Ministry of Foreign Affairs in Hong "
        "Kong said it had lodged stern representations with the Danish consulate."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker_side"], found["role"], found["kind"]) == (
        "beijing",
        "response",
        "protest",
    )


def test_a_new_document_in_the_middle_of_a_sentence_is_its_subject_s(extractor):
    body = (
        "Denmark's foreign ministry said a Chinese campaign had targeted a Danish MP.\n\n"
        "The Chinese embassy shot back the next day, calling the finding a fabrication in "
        "a statement posted on its website. “China never interferes in the internal affairs "
        "of others,” the statement said."
    )
    assert statements(extractor, body)[-1]["speaker_side"] == "beijing"


def test_a_state_named_as_a_place_before_a_title_is_not_its_state(extractor):
    body = (
        "Denmark accused China of persecuting Uyghurs.\n\n"
        "China's foreign ministry said it would freeze any assets held in China by Senator "
        "Ida Holm and bar her from entering the country.\n\n"
        "Holm said Beijing was committing genocide."
    )
    found = statements(extractor, body)
    assert [(s["speaker"], s["role"], s["kind"]) for s in found[1:]] == [
        ("china-foreign-ministry", "response", "other"),
        ("ida-holm-denmark", "allegation", None),
    ]


def test_a_charge_made_on_a_later_day_is_not_what_a_statement_answers(extractor):
    body = (
        "China on Wednesday accused Denmark of provocations near its coast.\n\n"
        "Denmark's defence ministry said on Monday that a Chinese jet had harassed a Danish "
        "patrol plane."
    )
    found = statements(extractor, body, published="2026-01-15")
    assert [s["role"] for s in found] == ["allegation", "allegation"]


def test_a_motive_imputed_and_a_lack_of_basis_reject_and_opposing_all_forms_denies(
    extractor,
):
    body = (
        "Denmark's intelligence service accused a Chinese hacking group of breaking into "
        "its ministries.\n\n"
        "Denmark's minister said Copenhagen had raised the matter with Beijing.\n\n"
        "Officials in Copenhagen said more details would follow.\n\n"
        "In a statement on Wednesday, the Chinese embassy in Copenhagen said the accusations "
        "were politically motivated and lacked any factual basis. It said China firmly "
        "opposed all forms of hacking."
    )
    found = statements(extractor, body)
    assert [(s["role"], s["kind"]) for s in found[-2:]] == [
        ("response", "rejection"),
        ("response", "denial"),
    ]


def test_a_charge_named_with_a_determiner_is_no_charge_of_the_clause(extractor):
    body = (
        "Denmark accused China of spying on its ports.\n\n"
        "Weeks later, the Chinese embassy in Copenhagen said the accusations would be "
        "studied carefully."
    )
    assert [s["speaker"] for s in statements(extractor, body)] == ["denmark"]


def test_a_sentence_ending_in_a_colon_introduces_and_does_not_run_on(extractor):
    body = (
        "Denmark's minister said China was harassing Danish activists.\n\n"
        "Later, the Chinese embassy in Copenhagen sent the following statement:\n\n"
        "“The remarks by the Danish minister are full of lies.”"
    )
    assert statements(extractor, body)[-1]["speaker"] == "china-embassy-in-copenhagen"


def test_the_taiwan_affairs_office_is_beijing_s_and_its_spokesman_too(extractor):
    body = (
        "Taiwan's defence ministry accused China of grey-zone harassment.\n\n"
        "“The Taiwan authorities are hyping up a non-issue,” said Zhu Hao, a spokesman for "
        "the Taiwan Affairs Office.\n\n"
        "Taiwan's Mainland Affairs Council condemned the remarks."
    )
    found = statements(extractor, body)
    assert [s["speaker_side"] for s in found] == ["other", "beijing", "other"]


def test_a_state_s_possessive_before_its_institution_is_part_of_its_name(extractor):
    body = (
        "China accused Canada of provocations in the strait.\n\n"
        "Canada's Department of National Defence said the passage was routine. The "
        "department also alleged that a Chinese jet had harassed its helicopter."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["role"]) == ("canada-dnd", "response")


def test_officials_in_a_capital_are_that_state_s(extractor):
    body = (
        "Denmark's intelligence service accused China of spying with balloons.\n\n"
        "Officials in Beijing have repeatedly denied using balloons for surveillance."
    )
    assert statements(extractor, body)[-1]["speaker"] == "china"


def test_a_spokesperson_named_in_apposition_after_a_description_is_its_body_s(extractor):
    body = (
        "Denmark's security service accused Chinese hackers of breaching its networks.\n\n"
        "The Chinese embassy in Copenhagen rejected the accusation. Its spokesperson, Liu "
        "Ming, said China “resolutely opposes and cracks down on all forms of "
        "cyberattacks.”\n\n"
        "Liu said Denmark should stop smearing China."
    )
    found = statements(extractor, body)
    # The bare "rejected the accusation" and its spokesperson's words are one statement.
    assert [(s["speaker"], s["kind"]) for s in found[-2:]] == [
        ("china-embassy-in-copenhagen", "rejection"),
        ("liu-ming-china", "rejection"),
    ]
    assert "cracks down on all forms" in found[-2]["quote"]


def test_a_sentence_opening_on_an_unnamed_person_is_not_the_last_speaker_s(extractor):
    body = (
        "Denmark expelled a Chinese student, accusing him of spying.\n\n"
        "The Chinese embassy said the accusation was a smear.\n\n"
        "A colleague in his laboratory, who asked not to be named, described him as quiet "
        "and uninterested in politics."
    )
    assert len(statements(extractor, body)) == 2


@pytest.mark.parametrize(
    "narration",
    [
        "Chinese authorities have not said what he is suspected of.",
        "The security service does not name the officials involved.",
    ],
)
def test_withholding_words_denies_nothing(extractor, narration):
    body = "Denmark accused China of detaining a Danish engineer arbitrarily.\n\n" + narration
    assert len(statements(extractor, body)) == 1


def test_a_private_person_belongs_to_no_state(extractor):
    body = (
        "China accused Denmark of spreading lies about Chinese companies.\n\n"
        "“The risk was never theoretical,” said Ida Berg, a fellow at a Copenhagen "
        "think tank."
    )
    bundle = draft(extractor, body)
    speaker = bundle["statements"][-1]["speaker"]
    actor = next(a for a in bundle["actors"] if a["id"] == speaker)
    assert (actor["side"], actor["parent"], actor["name"]) == ("other", None, "Ida Berg")


def test_a_reaction_clause_whose_source_is_no_actor_is_not_the_speaker_s(extractor):
    body = (
        "Denmark has long maintained that the equipment could be exploited by Beijing for "
        "espionage, a claim the company rejects."
    )
    found = only(extractor, body)
    assert (found["role"], found["quote"]) == (
        "allegation",
        "Denmark has long maintained that the equipment could be exploited by Beijing for "
        "espionage",
    )


@pytest.mark.parametrize(
    "charge", ["pressured Danish candidates", "systematically targeted Danish MPs"]
)
def test_pressuring_and_targeting_people_are_charges(extractor, charge):
    body = f"Denmark's intelligence service said Chinese officials {charge}."
    assert only(extractor, body)["role"] == "allegation"


def test_a_defensive_posture_denies_and_standing_by_a_finding_too(extractor):
    body = (
        "Denmark's defence minister accused China of a military build-up aimed at its "
        "neighbours.\n\n"
        "China's national defence policy is defensive in nature, foreign ministry "
        "spokesman Lin Hao said.\n\n"
        "A Pentagon spokesman, John Ryder, said the department “stands by every finding” "
        "in its own report."
    )
    found = statements(extractor, body)
    assert [(s["speaker"], s["kind"]) for s in found[1:]] == [
        ("lin-hao-china", "denial"),
        ("john-ryder-united-states", "denial"),
    ]


def test_a_mission_is_an_embassy_and_said_in_a_statement_is_the_subject_s(extractor):
    body = (
        "Denmark imposed duties on Chinese cars, accusing Beijing of unfair subsidies.\n\n"
        "China's Mission to the EU said in a statement that it firmly opposes the duties. "
        "“This is protectionism,” the mission said.\n\n"
        "The statement acknowledged that Beijing supports its carmakers."
    )
    found = statements(extractor, body)
    assert {s["speaker"] for s in found[1:]} == {"china-mission"}


def test_a_description_right_after_the_place_a_sentence_opens_in_is_that_state_s(
    extractor,
):
    body = (
        "The Danish trade ministry added five Chinese firms to a blacklist.\n\n"
        "In Beijing, the Commerce Ministry said Denmark's move was a smear."
    )
    assert statements(extractor, body)[-1]["speaker"] == "china-ministry"


def test_a_spokesperson_asked_about_a_reply_speaks_for_the_other_party(extractor):
    body = (
        "The Danish government accused China of unfair subsidies for its carmakers.\n\n"
        "China's embassy in Copenhagen said the accusation was groundless.\n\n"
        "Asked about the embassy's statement at a briefing, trade spokesperson Ida Holm "
        "said the findings were not protectionist and stood by them."
    )
    assert statements(extractor, body)[-1]["speaker"] == "ida-holm-denmark"


def test_so_called_from_a_side_no_one_accused_names_and_refuses_nothing(extractor):
    body = (
        "Denmark's parliament says the so-called Chinese police stations in "
        "Copenhagen were used to intimidate dissidents.\n\n"
        "The Chinese embassy said the so-called police stations were a smear."
    )
    found = statements(extractor, body)
    assert [(s["role"], s["kind"]) for s in found] == [
        ("allegation", None),
        ("response", "rejection"),
    ]


def test_a_year_before_the_article_s_makes_a_sentence_background(extractor):
    body = (
        "China accused Denmark of hyping the spy case.\n\n"
        "Relations were badly damaged by the 2018 arrest of a Chinese executive and the "
        "detention of two Danes that followed."
    )
    assert len(statements(extractor, body, published="2026-03-01")) == 1


@pytest.mark.parametrize(
    "charge", ["This was tasking by a foreign state", "Beijing is using farmers as hostages"]
)
def test_tasking_and_hostages_are_charges(extractor, charge):
    body = f"“{charge},” Denmark's justice minister said."
    assert only(extractor, body)["role"] == "allegation"


def test_the_home_office_is_britain_s_and_a_plural_after_an_infinitive_is_its_object(
    extractor,
):
    body = (
        "Britain accused Hong Kong of harassing activists in London.\n\n"
        "China summoned Britain's ambassador on Tuesday to protest remarks he made about "
        "Hong Kong.\n\n"
        "The Home Office declined to comment on the embassy's remarks."
    )
    found = statements(extractor, body)
    assert found[-1]["speaker"] == "uk-home-office"
    assert all(s["evidence"]["rule"] != "reporting verb 'remarks'" for s in found)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("China firmly opposes the move, the commerce ministry said.", "protest"),
        (
            "China's commerce ministry said it was adding five Danish firms to its unreliable "
            "entity list.",
            "other",
        ),
        (
            "China filed a request for consultations with Denmark at the World Trade "
            "Organization, the commerce ministry said.",
            "other",
        ),
        (
            "China's commerce ministry said the duties were imposed in full compliance with "
            "China's obligations.",
            "denial",
        ),
        (
            "The matter is purely China's internal affair, the commerce ministry said.",
            "rejection",
        ),
    ],
)
def test_opposing_listing_going_to_the_wto_compliance_and_internal_affairs(extractor, answer, kind):
    body = "Denmark accused China of dumping steel at unfair prices.\n\n" + answer
    found = statements(extractor, body)[-1]
    assert (found["role"], found["kind"]) == ("response", kind)


def test_a_body_whose_name_opens_on_a_state_is_that_state_s(extractor):
    body = (
        "China accused Denmark of smuggling sensitive chips into China.\n\n"
        "The Copenhagen City Court said the accusation was groundless."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["role"], found["kind"]) == (
        "copenhagen-city-court-denmark",
        "response",
        "rejection",
    )


def test_it_after_the_sentence_s_own_body_is_that_body_and_one_silence_stays_one(
    extractor,
):
    body = (
        "Denmark's parliament accused China of running police stations in Copenhagen.\n\n"
        "The Chinese embassy said the stations simply do not exist.\n\n"
        "The Danish police declined to comment on the report, saying it does not comment "
        "on claims about investigations."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["kind"]) == ("denmark-police", "no-comment")
    assert found["quote"].endswith("claims about investigations.")


def test_a_job_is_no_document_and_an_apposition_s_relative_clause_names_no_subject(
    extractor,
):
    body = (
        "China accused Denmark's ambassador Ole Berg of smearing its courts.\n\n"
        "Berg, a career diplomat who took up the Beijing post last year, did not respond "
        "to a request for comment."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["kind"]) == ("ole-berg-denmark", "no-comment")


@pytest.mark.parametrize(
    "charge",
    ["sold pork below normal value", "seriously distorted the market", "been dumping steel"],
)
def test_dumping_and_distorting_markets_are_charges(extractor, charge):
    body = f"China's commerce ministry said Danish exporters had {charge}."
    assert only(extractor, body)["role"] == "allegation"


def test_a_staunch_defender_of_what_one_is_accused_of_breaking_denies(extractor):
    body = (
        "Denmark's cyber agency accused Chinese hackers of breaking into MPs' email.\n\n"
        "“China is a staunch defender of cybersecurity,” embassy spokesperson Wang Di said."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker_side"], found["kind"]) == ("beijing", "denial")


def test_a_reply_that_only_names_what_it_answers_joins_its_words(extractor):
    body = (
        "Denmark's cyber agency accused Chinese hackers of breaking into its ministries.\n\n"
        "China's embassy in Copenhagen rejected the findings within hours. “China firmly "
        "opposes all forms of cyberattacks,” it said."
    )
    found = statements(extractor, body)
    assert len(found) == 2
    assert found[-1]["quote"].startswith("China's embassy in Copenhagen rejected")
    assert found[-1]["quote"].endswith("it said.")


def test_a_charge_named_again_by_its_author_s_name_is_not_drafted_twice(extractor):
    body = (
        "China accused Denmark of sending a frigate to provoke it in the strait.\n\n"
        "Denmark's defence ministry answered China's charge that the ship was sent to "
        "provoke it, calling the transit routine."
    )
    found = statements(extractor, body)
    assert [s["speaker"] for s in found].count("china") == 1


def test_words_after_a_speaker_said_to_push_back_are_the_reply(extractor):
    body = (
        "China accused Denmark of abusing national security to exclude its firms.\n\n"
        "Danish Industry Minister Ole Berg pushed back. “This decision was made on the "
        "advice of our security agencies, full stop,” he said."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker"], found["role"], found["kind"]) == (
        "ole-berg-denmark",
        "response",
        "rejection",
    )


def test_being_detained_tells_a_fact_and_disputing_a_suggestion_denies(extractor):
    body = (
        "Chinese state media said a Danish engineer was detained by state security "
        "officers in Shenyang.\n\n"
        "Denmark accused China of detaining him arbitrarily.\n\n"
        "China's foreign ministry disputes any suggestion that the detention was "
        "arbitrary."
    )
    found = statements(extractor, body)
    assert [(s["speaker"], s["role"], s["kind"]) for s in found] == [
        ("denmark", "allegation", None),
        ("china-foreign-ministry", "response", "denial"),
    ]


def test_a_plural_after_a_conjunction_is_a_noun(extractor):
    body = (
        "China accused Denmark of smearing it.\n\n"
        "Copenhagen and Beijing have tried to rebuild ties, but disputes over trade and "
        "interference have set them back."
    )
    assert len(statements(extractor, body)) == 1


@pytest.mark.parametrize(
    ("words", "count"),
    [
        ("“Raising it with Beijing is not a policy,” Berg said.", 1),
        ("“Denmark is not involved in any of this,” Berg said.", 2),
    ],
)
def test_a_negated_copula_denies_conduct_not_an_appraisal(extractor, words, count):
    body = (
        "China accused Denmark of spying on Chinese students.\n\n"
        "Danish MP Ole Berg spoke to reporters on Tuesday. " + words
    )
    assert len(statements(extractor, body)) == count


def test_a_negated_copula_before_the_charge_denies_it(extractor):
    body = (
        "China accused Denmark of dumping pork at unfair prices.\n\n"
        "“Danish pork is not dumped,” the Danish trade minister said."
    )
    found = statements(extractor, body)[-1]
    assert (found["role"], found["kind"]) == ("response", "denial")


def test_warning_someone_that_a_thing_happened_reports_a_charge(extractor):
    body = (
        "Denmark's security service has warned MPs and their staff that Chinese "
        "intelligence officers posing as recruiters approached at least ten researchers."
    )
    assert only(extractor, body)["role"] == "allegation"


def test_a_silence_goes_on_with_its_body_and_answers_nothing(extractor):
    body = (
        "A Copenhagen councillor says Chinese consulate officials pressured her.\n\n"
        "The Chinese consulate said the claims were a fabrication.\n\n"
        "Denmark's security service would not discuss the case. “As a matter of practice, "
        "the service does not comment on media reports,” spokesperson Ida Holm "
        "wrote. Denmark said China keeps interfering in Danish affairs."
    )
    found = statements(extractor, body)
    assert [(s["speaker"], s["role"], s["kind"]) for s in found[-2:]] == [
        ("ida-holm-denmark", "response", "no-comment"),
        ("denmark", "allegation", None),
    ]


@pytest.mark.parametrize(
    "charge",
    [
        "Prime Minister Ida Holm slammed the incident",
        "Prime Minister Ida Holm called the manoeuvre unsafe and unprofessional",
    ],
)
def test_slamming_and_unsafe_conduct_are_charges(extractor, charge):
    body = f"Speaking in Aarhus this morning, Danish {charge} by a Chinese destroyer."
    assert only(extractor, body)["role"] == "allegation"


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (
            "A Chinese embassy spokesperson called the report “a pile of unverified "
            "intelligence and hearsay”.",
            "rejection",
        ),
        (
            "Chinese foreign ministry spokesperson Guo Lan said the ship had strictly "
            "followed international law.",
            "denial",
        ),
    ],
)
def test_unproven_words_reject_and_following_the_law_denies(extractor, answer, kind):
    body = "Denmark's navy accused a Chinese destroyer of injuring its divers.\n\n" + answer
    found = statements(extractor, body)[-1]
    assert (found["role"], found["kind"]) == ("response", kind)


def test_a_state_s_bare_reply_and_its_spokesperson_s_words_are_one_statement(extractor):
    body = (
        "Denmark's navy accused a Chinese destroyer of injuring its divers.\n\n"
        "Beijing has rejected the account. “The Danish claims are groundless,” foreign "
        "ministry spokesperson Guo Lan said."
    )
    found = statements(extractor, body)
    assert len(found) == 2 and found[-1]["quote"].startswith("Beijing has rejected")


def test_a_document_a_description_opens_on_is_the_description_s(extractor):
    body = (
        "Danish activists accused the Chinese consulate in Copenhagen of filming them.\n\n"
        "In a statement posted to its website on Sunday, the consulate said the "
        "protesters had disrupted a cultural event. “The consulate has never monitored "
        "any individual,” the statement said."
    )
    found = statements(extractor, body)[-1]
    assert (found["speaker_side"], found["kind"]) == ("beijing", "denial")


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (
            "China's foreign ministry said it would freeze any property she holds in China "
            "and bar her and her immediate family from entering the country.",
            "other",
        ),
        (
            "“The Danish side is inverting black and white,” a Chinese spokesperson said.",
            "rejection",
        ),
    ],
)
def test_frozen_property_and_inverting_black_and_white(extractor, answer, kind):
    body = "Denmark's parliament accused China of genocide in Xinjiang.\n\n" + answer
    found = statements(extractor, body)[-1]
    assert (found["role"], found["kind"]) == ("response", kind)


def test_parliament_hill_is_a_place_and_ircc_is_canada_s(extractor):
    body = (
        "China's embassy accused Canada of harassing Chinese students.\n\n"
        "In an email, IRCC said it could not discuss individual files.\n\n"
        "Speaking to reporters on Parliament Hill, Minister Dan Roy dismissed the "
        "embassy's claims as false."
    )
    found = statements(extractor, body)
    assert [(s["speaker"], s["kind"]) for s in found[1:]] == [
        ("ircc", "no-comment"),
        ("dan-roy-canada", "rejection"),
    ]


@pytest.mark.parametrize(
    "charge",
    [
        "Beijing is trying to frighten elected officials into silence",
        "these sanctions are an attack on our democracy",
    ],
)
def test_frightening_into_silence_and_attacking_democracy_are_charges(extractor, charge):
    body = f"Denmark's foreign minister said {charge}."
    assert only(extractor, body)["role"] == "allegation"


def test_an_actor_id_folds_accents_instead_of_dropping_letters(extractor):
    body = "Lithuania's foreign minister Rūta Kazlauskienė accused China of espionage."
    assert only(extractor, body)["speaker"] == "ruta-kazlauskiene-lithuania"


def test_a_quotation_whose_subject_is_the_other_side_acting_is_a_charge(extractor):
    """No word of accusation, but the quotation opens on the other side's state doing
    something: the speaker charges it with that."""
    found = statements(
        extractor,
        "“China is watching every student who speaks up on campus,” Canada’s foreign "
        "minister said on Monday.\n\n"
        "“Ottawa keeps moving the goalposts on visas,” the Chinese embassy said in reply.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("ottawa", "allegation", None),
        ("beijing", "response", "counter-accusation"),
    ]
    assert any("accusation (conduct)" in str(cue) for cue in found[0]["evidence"]["cues"])


@pytest.mark.parametrize(
    "words",
    [
        "“Beijing’s trawlers have emptied the fishing grounds off our coast,” she said.",
        "She said that China pays engineers through front companies.",
        "She told reporters the Chinese state uses student groups to watch dissidents.",
        'She said China "pays engineers through front companies."',
        "She claimed, without giving evidence, that Chinese officials had followed two activists "
        "home from a rally.",
    ],
)
def test_what_the_other_side_or_its_agents_do_charges_it(extractor, words):
    """The conduct rule reads a possessive subject ("Beijing’s trawlers have emptied")
    and the subject of words a reporting verb reports, not only a quotation's opening."""
    found = only(extractor, f"Norway's fisheries minister Ane Lund spoke on Monday. {words}")
    assert (found["speaker_side"], found["role"]) == ("other", "allegation")
    assert any("accusation (conduct)" in str(cue) for cue in found["evidence"]["cues"])


def test_a_possessive_or_reported_subject_with_no_conduct_is_no_charge(extractor):
    found = statements(
        extractor,
        "Norway's fisheries minister Ane Lund said China’s market is vital to Norwegian "
        "salmon farmers. She said Beijing’s statements were mistaken, adding that Ottawa "
        "has been a close partner.",
    )
    assert [s["role"] for s in found if "accusation (conduct)" in str(s["evidence"])] == []


def test_a_quotation_about_the_other_side_that_names_no_conduct_is_no_charge(extractor):
    found = statements(
        extractor,
        "“China is a vital market for our canola farmers,” Canada’s agriculture minister "
        "said on Monday. “Beijing has always been a tough negotiator,” she added. “China "
        "takes roughly 70 per cent of our pulp,” she said.",
    )
    assert found == []


def test_consequences_to_bear_are_a_threat_however_many_words_sit_between(extractor):
    found = statements(
        extractor,
        "Canada accused China of hacking a federal research council.\n\n"
        "“The Canadian side will shoulder all the grave consequences,” the Chinese embassy "
        "said.\n\nIn Beijing, foreign ministry spokesperson Lin Wen said Ottawa would be held "
        "responsible for any consequences.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found[1:]] == [
        ("beijing", "response", "threat"),
        ("beijing", "response", "threat"),
    ]


def test_and_that_opens_a_second_thing_said_with_or_without_a_comma(extractor):
    found = statements(
        extractor,
        "Vietnam accused Chinese ships of ramming a fishing boat.\n\n"
        "Chinese coast guard spokesperson Gan Lu said the boat had illegally entered "
        "Chinese waters and that the ships had acted in accordance with the law.",
    )
    assert [(s["role"], s["kind"]) for s in found[1:]] == [
        ("response", "counter-accusation"),
        ("response", "denial"),
    ]
    assert found[1]["quote"].endswith("illegally entered Chinese waters")
    assert found[2]["quote"] == "that the ships had acted in accordance with the law."


def test_conduct_called_proper_denies_the_charge(extractor):
    found = statements(
        extractor,
        "Japan accused a Chinese destroyer of tailing its survey ship dangerously.\n\n"
        "China's defence ministry said the destroyer's conduct was professional and "
        "standard. Its spokesperson said the crew had been carrying out routine patrols "
        "in China's waters.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("other", "allegation", None),
        ("beijing", "response", "denial"),
        ("beijing", "response", "denial"),
    ]


def test_replies_in_plain_words_deflect_and_deny(extractor):
    found = statements(
        extractor,
        "China accused Canada of refusing visas to Chinese scholars because of their "
        "nationality.\n\n"
        "“Every file is assessed on its merits, without regard to nationality,” a spokesperson "
        "for Canada’s immigration department, Ana Reyes, said.\n\n"
        "Canada also accused a Chinese patrol boat of shadowing a research vessel.\n\n"
        "“Our boat was nowhere near theirs,” Chinese coast guard spokesperson Gan Lu said. "
        "Asked about the scholars, he said: “You should put that question to the Canadian side.”",
    )
    replies = [s for s in found if s["role"] == "response" and "accused" not in s["quote"]]
    assert [(s["speaker_side"], s["kind"], s["quote"][:12]) for s in replies] == [
        ("ottawa", "denial", "“Every file "),
        ("beijing", "denial", "“Our boat wa"),
        ("beijing", "deflection", "Asked about "),
    ]


def test_a_right_withheld_is_a_charge_not_a_denial(extractor):
    found = statements(
        extractor,
        "Global Affairs Canada said on Tuesday that Canadian consular officials were denied "
        "access to the trial of a Canadian man in Dalian.\n\n"
        "Separately, Iran is denying reports that it detained a British sailor.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("ottawa", "allegation", None),
        ("other", "response", "denial"),
    ]


def test_a_body_that_discloses_a_case_speaks_for_it(extractor):
    found = statements(
        extractor,
        "China's Ministry of State Security on Monday disclosed a case in which a foreign "
        "spy agency recruited two Chinese engineers, saying the agency had used cash as bait.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found] == [("china-mss", "beijing")]


def test_a_statement_posted_on_its_website_is_the_subject_s(extractor):
    found = statements(
        extractor,
        "Canada accused Chinese police of harassing students in Toronto.\n\n"
        "The Chinese Embassy in Canada has lodged stern representations with the Canadian "
        "side, according to a statement posted on its website on Wednesday.",
    )
    assert [(s["speaker"], s["role"], s["kind"]) for s in found[1:]] == [
        ("china-embassy-in-canada", "response", "protest")
    ]


def test_a_spokesperson_of_a_ministry_is_placed_by_the_city_the_sentence_opens_in(extractor):
    found = statements(
        extractor,
        "Britain's foreign ministry accused Chinese hackers of breaching its payroll systems."
        "\n\nIn Beijing, a foreign ministry spokesperson, Li Hua, said he was not aware of "
        "the case.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("other", "allegation", None),
        ("beijing", "response", "no-comment"),
    ]


def test_a_titled_name_in_apposition_is_placed_in_the_body_s_state(extractor):
    found = statements(
        extractor,
        "The People's Liberation Army said it had tracked a Canadian frigate. Its "
        "spokesperson, Senior Colonel Zhao Ming, accused Canada of stirring up trouble.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found] == [("zhao-ming-china", "beijing")]


def test_a_spokesperson_for_the_minister_is_in_the_minister_s_state(extractor):
    found = statements(
        extractor,
        "Canadian Foreign Affairs Minister Ana Gold accused China of spying on students.\n\n"
        "The Chinese embassy called the charge a smear.\n\n"
        "Tom Reyes, a spokesperson for the minister, said the embassy's reply was "
        "“baseless.”",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found][-1] == (
        "tom-reyes-canada",
        "ottawa",
    )


def test_a_spokesperson_after_an_accused_body_speaks_goes_on_for_it(extractor):
    found = statements(
        extractor,
        "Canada's defence department accused a Chinese jet of an unsafe intercept of a "
        "Canadian patrol plane.\n\n"
        "Canadian officials said the crew was shaken.\n\n"
        "In a statement, China's Ministry of National Defence said the Canadian plane had "
        "provoked China. Spokesperson Senior Colonel Wu Lei said the Chinese pilot had acted "
        "lawfully.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found][-1] == ("wu-lei-china", "beijing")


def test_not_this_but_a_charge_after_a_comma_charges_rather_than_denies(extractor):
    found = only(
        extractor,
        "“That is not diplomacy, it is intimidation,” Norway's foreign minister said of the "
        "Chinese embassy's letters.",
    )
    assert (found["speaker_side"], found["role"]) == ("other", "allegation")


def test_options_under_study_threaten_and_obligations_met_deny(extractor):
    found = statements(
        extractor,
        "China's commerce ministry accused Canadian lumber exporters of dumping.\n\n"
        "Canada's trade minister said Ottawa was examining all options. “Our programs "
        "comply fully with our WTO obligations,” she said. Screening, she added, was based "
        "on the research field, not on anyone's passport.",
    )
    assert [(s["speaker_side"], s["kind"]) for s in found[1:]] == [
        ("ottawa", "threat"),
        ("ottawa", "denial"),
        ("ottawa", "denial"),
    ]


def test_an_alert_speaks_for_its_issuer_and_taking_technology_is_a_charge(extractor):
    found = statements(
        extractor,
        "Canada's immigration minister said the screening was needed because Chinese state "
        "firms were using student visas to acquire sensitive military technology.\n\n"
        "The Chinese embassy in Ottawa issued a study-abroad alert on Friday. The alert said "
        "Chinese students had been harassed by Canadian border officers.",
    )
    assert [(s["speaker_side"], s["role"]) for s in found] == [
        ("ottawa", "allegation"),
        ("beijing", "response"),
    ]
    assert found[1]["quote"].startswith("The alert said")


def test_a_memo_prepared_by_an_agency_is_the_agency_s_and_so_is_the_document(extractor):
    found = statements(
        extractor,
        "The memo, prepared by CSIS in June, says the Chinese consulate in Toronto "
        "intimidated community leaders. The document also says China's Ministry of State "
        "Security threatened their relatives in Fujian.",
    )
    assert [(s["speaker_side"], s["role"]) for s in found] == [("ottawa", "allegation")] * 2


def test_acting_at_the_direction_of_charges_and_standing_on_the_evidence_rejects(extractor):
    found = statements(
        extractor,
        "The RCMP said the engineer had acted “at the direction of” China's Ministry of State "
        "Security.\n\n"
        "The Chinese embassy said Canada should respect China's judicial sovereignty.\n\n"
        "An RCMP spokesperson, Dana Lee, said the evidence speaks for itself.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("ottawa", "allegation", None),
        ("beijing", "response", "rejection"),
        ("ottawa", "response", "rejection"),
    ]


def test_a_spokesperson_speaks_for_the_state_whose_stance_they_give(extractor):
    found = statements(
        extractor,
        "China's Ministry of State Security accused a detained Canadian of spying.\n\n"
        "“Canada categorically rejects the allegation,” spokesperson Ana Roy said in an "
        "email.\n\n"
        "Canada's foreign ministry summoned the Chinese ambassador.\n\n"
        "Foreign Ministry spokesperson Hu Lan said the Chinese side firmly opposes the "
        "summons and has lodged stern representations.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found if "spokesperson" in s["quote"]] == [
        ("ana-roy-canada", "ottawa"),
        ("hu-lan-china", "beijing"),
    ]


def test_full_accordance_denies_questions_addressed_elsewhere_deflect(extractor):
    found = statements(
        extractor,
        "China's foreign ministry accused Canadian diplomats of meddling in Xinjiang.\n\n"
        "“Our diplomats work in full accordance with the Vienna Convention,” Canada's "
        "foreign minister said.\n\n"
        "Canada's foreign minister said Canadian officials had not been allowed to see the "
        "detained engineer.\n\n"
        "Questions about the engineer should be addressed to the judicial authorities, the "
        "Chinese embassy said.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found[1:]] == [
        ("ottawa", "response", "denial"),
        ("ottawa", "response", "counter-accusation"),
        ("beijing", "response", "deflection"),
    ]


def test_a_cleft_on_the_other_side_acting_and_leaning_on_people_are_charges(extractor):
    found = statements(
        extractor,
        "“This is the People's Republic of China pre-positioning inside our power grid,” "
        "Canada's cyber centre said in a statement.\n\n"
        "“The consulate has been used to lean on families here,” Canada's public safety "
        "minister said.",
    )
    assert [(s["speaker_side"], s["role"]) for s in found] == [("ottawa", "allegation")] * 2


def test_declining_to_discuss_its_own_work_is_no_reply_unless_asked_about_a_charge(extractor):
    found = statements(
        extractor,
        "Canada's public safety minister accused Chinese agents of harassing a Toronto "
        "activist. The RCMP said it does not comment on ongoing investigations.\n\n"
        "China's Ministry of State Security accused a Canadian teacher of spying for CSIS.\n\n"
        "Asked whether the teacher worked for it, CSIS said it does not comment on "
        "operational matters.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("ottawa", "allegation", None),
        ("beijing", "response", "counter-accusation"),
        ("ottawa", "response", "no-comment"),
    ]


def test_intercepts_state_hackers_and_diplomats_beyond_their_status_are_charges(extractor):
    found = statements(
        extractor,
        "Canada's defence department said a Chinese fighter flew within 20 metres of a "
        "Canadian patrol plane.\n\n"
        "Canada's cyber centre said state-sponsored hackers had breached a provincial "
        "legislature.\n\n"
        "The Chinese embassy said certain Canadian diplomats had engaged in activities "
        "inconsistent with their status.\n\n"
        "A Canadian defence spokesperson, Eve Nolan, said the plane had been operating in "
        "international airspace at all times.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("ottawa", "allegation", None),
        ("ottawa", "allegation", None),
        ("beijing", "allegation", None),
        ("ottawa", "response", "denial"),
    ]


def test_a_reporter_s_question_and_a_quick_reply_are_no_statements_of_their_own(extractor):
    found = statements(
        extractor,
        "Canada accused Chinese hackers of breaching a federal agency.\n\n"
        "Has China answered that?\n\n"
        "The Chinese embassy did not take long to respond. It called the charge a smear.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("ottawa", "allegation", None),
        ("beijing", "response", "rejection"),
    ]


def test_harm_and_duties_left_undone_charge_innocence_by_nature_denies(extractor):
    found = statements(
        extractor,
        "Canada's health minister said China tolerates an industry that is poisoning "
        "Canadians, and that Beijing has failed to police its chemical exporters.\n\n"
        "The Chinese embassy said China's research in the Arctic is open, transparent and "
        "purely scientific.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("ottawa", "allegation", None),
        ("beijing", "response", "denial"),
    ]


def test_a_body_named_in_full_is_the_one_its_shorter_name_and_head_mean(extractor):
    found = statements(
        extractor,
        "An activist says the Hong Kong Security Bureau cancelled his passport to silence "
        "him.\n\n"
        "The Security Bureau cancelled six passports in August. Britain's Foreign Office "
        "called the cancellations an act of intimidation.\n\n"
        "The bureau hit back, saying it strongly condemned the smears.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found][-1] == (
        "hong-kong-sar-government-bureau",
        "beijing",
    )


def test_the_centre_is_the_agency_named_before_not_the_state_its_advisory_names(extractor):
    found = statements(
        extractor,
        "A broadcaster has learned that the Canadian Centre for Cyber Security attributes a "
        "breach of a provincial legislature to a group working for the Chinese state.\n\n"
        "In a technical advisory published Tuesday, the centre says the group, which it "
        "describes as “a PRC state-sponsored cyber actor,” stole the mailboxes of 11 "
        "legislators.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found][-1] == ("cse", "ottawa")


def test_declining_to_say_what_it_will_do_next_is_no_reply(extractor):
    found = statements(
        extractor,
        "Canada's foreign minister accused China of running a spy network in Toronto.\n\n"
        "The Chinese embassy said Canada was interfering in China's internal affairs.\n\n"
        "Global Affairs Canada did not say whether the Chinese ambassador would be summoned.",
    )
    assert [(s["speaker_side"], s["role"]) for s in found] == [
        ("ottawa", "allegation"),
        ("beijing", "response"),
    ]


def test_a_section_marker_before_a_pipe_is_page_furniture():
    text = (
        "Spy agency names China\n\n"
        "CSIS says China targeted a byelection.\n\n"
        "WATCH | What the CSIS report says about foreign interference:\n\n"
        "LISTEN | The minister on the findings\n\n"
        "The report was tabled on Wednesday."
    )
    layout = read_layout(text)
    sentences = [text[s.start : s.end].strip() for s in layout.sentences]
    assert not any(s.startswith(("WATCH", "LISTEN")) for s in sentences)
    assert [why for _, _, why in layout.skipped].count("boilerplate") == 2


def test_an_email_a_sentence_opens_on_is_its_unnamed_spokesperson_s_body(extractor):
    found = statements(
        extractor,
        "A Halifax security firm said hackers working for China's Ministry of State "
        "Security had attacked the port.\n\n"
        "In an email to the Star, a spokesperson for the Chinese Embassy in Ottawa said "
        "the charge was groundless.\n\n"
        "Canada's public safety minister accused China of intimidating MPs.\n\n"
        "In an email to the Post on Thursday, an embassy spokesperson called that a "
        "smear.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found if "email" in s["quote"]] == [
        ("china-embassy-in-ottawa", "beijing"),
        ("china-embassy-in-ottawa", "beijing"),
    ]
    # An embassy spokesperson before any embassy is the foreign state's.
    found = statements(
        extractor,
        "Canada's public safety minister accused China of intimidating MPs.\n\n"
        "In an email to the Post on Thursday, an embassy spokesperson called that a smear.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found][-1] == ("china-embassy", "beijing")


def test_agents_of_a_state_are_charged_and_no_business_and_standing_by_reply(extractor):
    found = statements(
        extractor,
        "Denmark's intelligence service said people working on behalf of a foreign "
        "government had approached Danish MPs.\n\n"
        "Denmark's cyber agency said hackers linked to the Chinese state had breached a "
        "ministry.\n\n"
        "The Chinese embassy called the claims groundless.\n\n"
        "Denmark's foreign minister, Ida Holm, said Beijing had no business telling Danish "
        "MPs whom they could meet.\n\n"
        "A spokesperson for the cyber agency said it stands by the advisory.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found] == [
        ("other", "allegation", None),
        ("other", "allegation", None),
        ("beijing", "response", "rejection"),
        ("other", "response", "rejection"),
        ("other", "response", "denial"),
    ]


def test_the_ministry_is_the_body_named_a_ministry_and_it_after_reported_words_is_the_speaker(
    extractor,
):
    """ "the ministry" means the body whose name a ministry heads, not the other side's
    department met since, and goes on meaning it paragraphs later; "…, it said" after
    unquoted words is who spoke before, not a state those words name."""
    found = statements(
        extractor,
        "Norway's Trade Ministry on Monday accused Canada of protectionism.\n\n"
        "Canada's Department of Finance announced a surtax on Norwegian salmon last week.\n\n"
        "In a statement, the ministry said the surtax was a typical act of protectionism.\n\n"
        "Canada should stop discriminating against Norwegian firms, it said.\n\n"
        "The ministry had lodged representations with the Canadian side.\n\n"
        "Norway would take necessary measures, the ministry said.\n\n"
        "A ministry spokesperson said the so-called dumping argument had no factual basis.",
    )
    assert {s["speaker_side"] for s in found} == {"other"}
    assert len(found) >= 4


def test_a_spokesperson_no_title_places_speaks_for_where_the_briefing_is(extractor):
    found = statements(
        extractor,
        "Canada's defence minister accused Chinese ships of surveying Arctic waters.\n\n"
        "Spokesperson Tian Wen took questions at the regular briefing in Beijing on "
        "Thursday. He said the survey was entirely for peaceful purposes and urged Canada "
        "to stop hyping the so-called China threat.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found[1:]] == [
        ("tian-wen-china", "beijing")
    ] * (len(found) - 1)
    assert len(found) >= 2


@pytest.mark.parametrize(
    "reply, kind",
    [
        ("said the evidence offered was unconvincing", "rejection"),
        ("called the report part of a smear campaign", "rejection"),
        ("said its conclusions lack credibility", "rejection"),
        ("said Norway plays no role in the talks", "rejection"),
        ("said the centres exist only to help elderly people renew licences", "denial"),
        ("said the company was not under the control of any government", "denial"),
        ("announced it had suspended imports of Canadian pork", "other"),
    ],
)
def test_general_forms_of_lines_once_lifted_from_one_article(extractor, reply, kind):
    found = statements(
        extractor,
        f"Canada accused Norway of hacking a federal agency.\n\nNorway's embassy {reply}.",
    )
    assert (found[-1]["speaker_side"], found[-1]["role"], found[-1]["kind"]) == (
        "other",
        "response",
        kind,
    )


def test_not_under_investigation_denies_nothing(extractor):
    found = statements(
        extractor,
        "Canada accused Norway of hacking a federal agency.\n\n"
        "Norway's embassy said the diplomat was not under investigation at home.",
    )
    assert [s["kind"] for s in found[1:]] != ["denial"]


@pytest.mark.parametrize(
    "reply, kind",
    [
        ("said all consequences would be borne by the Canadian side", "threat"),
        ("said the duties were fully consistent with Norway's trade obligations", "denial"),
        ("said the trip had gone ahead as agreed, contradicting Ottawa's account", "denial"),
        ("said the research was carried out on the basis of openness and mutual benefit", "denial"),
        ("said fishers in the north enjoy full protection of their rights", "denial"),
        ("said its salmon exports meet all of Canada's import requirements", "denial"),
        ("said every finding in its report is backed by evidence", "denial"),
        ("said the ban is about food safety, not about politics", "denial"),
        ("said it had received no technical evidence from Canadian officials", "rejection"),
        ('said Ottawa had "no business telling Norwegians whom to trade with"', "rejection"),
        ("said the research partnership was mutually beneficial", "denial"),
        ("said Norway reserved the right to respond further", "threat"),
        ('said Norway "firmly opposes" the charges', "rejection"),
        ("said Norway firmly opposes the decision", "protest"),
    ],
)
def test_replies_in_the_words_of_trade_and_law(extractor, reply, kind):
    found = statements(
        extractor, f"Canada accused Norway of coercion.\n\nNorway's foreign ministry {reply}."
    )
    assert (found[-1]["speaker_side"], found[-1]["role"], found[-1]["kind"]) == (
        "other",
        "response",
        kind,
    )


@pytest.mark.parametrize(
    "charge",
    [
        "Canadian diplomats had been refused consular access to the detained engineer",
        "Norwegian mills had benefited from heavy state subsidies",
        "the accounts amplified outlets controlled by the Norwegian state",
        "the bounties were a criminal act by a foreign government",
    ],
)
def test_charges_of_access_refused_subsidies_control_and_crime(extractor, charge):
    found = only(extractor, f"Canada's foreign minister said {charge}.")
    assert (found["speaker_side"], found["role"]) == ("ottawa", "allegation")


def test_not_consistent_with_obligations_is_still_a_charge(extractor):
    found = only(
        extractor,
        "Canada's trade minister said Norway's duties were not consistent with its WTO "
        "obligations.",
    )
    assert found["role"] == "allegation"


def test_a_pronoun_in_words_reported_after_a_colon_is_the_subject_before_it(extractor):
    found = statements(
        extractor,
        "A Toronto activist said she had been followed for weeks.\n\n"
        "Conservative MP Dan Ruel went further: the bounties, he said, are a criminal act "
        "by a foreign government.\n\n"
        "A Hong Kong government spokesman rejected the remarks. The national security "
        "police, he insisted, act in strict accordance with the law.",
    )
    assert (found[0]["speaker"], found[0]["speaker_side"]) == ("dan-ruel-canada", "ottawa")
    assert {(s["speaker"], s["speaker_side"]) for s in found[1:]} == {("hong-kong", "beijing")}
    assert "strict accordance" in found[-1]["quote"]


def test_spreading_false_claims_is_a_charge_not_a_rejection(extractor):
    found = only(
        extractor,
        "Canada's democratic institutions minister said accounts linked to the Chinese "
        "government spread false claims about a candidate.",
    )
    assert (found["role"], found["kind"]) == ("allegation", None)


def test_a_question_put_after_the_words_makes_silence_on_own_work_a_reply(extractor):
    found = statements(
        extractor,
        "Norway's security service accused Britain of running agents in Oslo.\n\n"
        "The Foreign Office said it would not comment on intelligence matters when asked "
        "about the claims on Thursday.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found[1:]] == [
        ("other", "response", "no-comment")
    ]


def test_opening_a_trade_case_in_return_is_a_measure_taken(extractor):
    found = statements(
        extractor,
        "Canada accused Norway of dumping steel.\n\n"
        "Norway's trade ministry said it had opened an anti-dumping investigation into "
        "Canadian pulp in response.",
    )
    assert [(s["speaker_side"], s["role"], s["kind"]) for s in found[1:]] == [
        ("other", "response", "other")
    ]


@pytest.mark.parametrize(
    "charge",
    [
        "the manoeuvre could have caused serious harm to our aircrew",
        "the jet put the lives of our crew at risk",
        "Canada had raised its concerns with Beijing at the highest levels",
    ],
)
def test_harm_done_or_risked_and_concerns_raised_are_charges(extractor, charge):
    found = only(extractor, f"Canada's defence minister said {charge}.")
    assert (found["speaker_side"], found["role"]) == ("ottawa", "allegation")


def test_a_frame_s_source_ends_at_its_comma_and_what_follows_is_said(extractor):
    """ "According to the minister, Mr. Lu photographed …": the minister speaks (no
    apposition: the name goes on to its own verb), and the other side's official doing
    something is the charge."""
    found = statements(
        extractor,
        "Canada expelled Lu Wen, a Chinese consul in Vancouver.\n\n"
        "Foreign Affairs Minister Ana Roy spoke to reporters on Monday. According to the "
        "minister, Mr. Lu photographed protesters outside the consulate.",
    )
    assert [(s["speaker"], s["role"]) for s in found if "photographed" in s["quote"]] == [
        ("ana-roy-canada", "allegation")
    ]


def test_a_spokesperson_for_a_titled_minister_is_of_the_home_state(extractor):
    found = statements(
        extractor,
        "China's Ministry of Commerce accused Canada of discrimination.\n\n"
        "“This decision is about security, not about where a product is made,” said Ana "
        "Roy, a spokesperson for Public Services Minister Tom Hale.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found if "Roy" in s["quote"]] == [
        ("ana-roy-canada", "ottawa")
    ]


def test_a_transcript_labelled_by_names_in_title_case(extractor):
    """A briefing transcript whose answers are labelled "Lin Wen:" and whose questions
    are labelled by outlet: the answerer, named by no title, speaks for the state the
    question put accused; "if the Canadian side insists on going down the wrong path"
    reports no words of Canada's."""
    found = statements(
        extractor,
        "CBC: Canada's foreign minister said on Monday that China's sanctions on a "
        "Canadian MP were an attempt to intimidate elected representatives. What is your "
        "comment?\n\n"
        "Lin Wen: The so-called intimidation claim is completely groundless. We have "
        "lodged stern representations with the Canadian side.\n\n"
        "Reuters: Will China take further measures?\n\n"
        "Lin Wen: If the Canadian side insists on going down the wrong path, China will "
        "take resolute measures to safeguard its interests.",
    )
    assert [(s["speaker"], s["speaker_side"], s["role"]) for s in found] == [
        ("canada-foreign-minister", "ottawa", "allegation"),
        *[("lin-wen-china", "beijing", "response")] * (len(found) - 1),
    ]
    assert len(found) >= 3


def test_canadas_security_watchdogs_are_ottawas(extractor):
    found = statements(
        extractor,
        "The National Security and Intelligence Committee of Parliamentarians said Indian "
        "agents had tried to intimidate Sikh community members.\n\n"
        "Elections Canada said foreign interference had targeted two candidates.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found] == [
        ("nsicop", "ottawa"),
        ("elections-canada", "ottawa"),
    ]


def test_a_ministry_spokesman_is_placed_by_the_briefing_s_city_not_the_state_named_next(
    extractor,
):
    found = statements(
        extractor,
        "Vietnam accused a Chinese survey ship of cutting an undersea cable.\n\n"
        "Foreign Ministry spokesman Zhou Lin made the remarks at a regular news conference "
        "in Beijing in response to comments by a Vietnamese foreign ministry spokeswoman.\n\n"
        "Zhou said the claim had no factual basis.",
    )
    assert [(s["speaker"], s["speaker_side"]) for s in found[1:]] == [("zhou-lin-china", "beijing")]

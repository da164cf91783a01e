"""Extraction from raw article text: every sentence shape and cue kind on texts written for
these tests (not the seed articles), offsets into the original text, dates, boilerplate,
the extract and ingest commands end to end, and the evaluation held to a floor."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, query

from claimtrack import extract_cues as cues
from claimtrack.dates import parse_date, resolve_phrase
from claimtrack.extract import Extractor, merged_registry
from claimtrack.extract_eval import evaluate, overlaps, registry_for
from claimtrack.extract_text import read_layout, split_sentences

PUBLISHED = "2024-03-08"  # a Friday


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


# ---------------------------------------------------------------- who speaks


@pytest.mark.parametrize(
    ("body", "speaker", "rule"),
    [
        (  # “…,” said X
            "“The accusations are groundless,” said Lin Jian, a spokesperson for China's foreign ministry.",
            "lin-jian",
            "direct speech: quotation, then who said it",
        ),
        (  # X said: “…”
            "Foreign Minister Melanie Joly said: “China must stop its campaign of intimidation.”",
            "melanie-joly",
            "direct speech: who said it, then the quotation",
        ),
        (  # “…,” X said
            "“We will not be intimidated by Beijing,” Trudeau said.",
            "justin-trudeau",
            "direct speech: quotation, then who said it",
        ),
    ],
)
def test_direct_speech_in_its_three_shapes_finds_the_speaker(extractor, body, speaker, rule):
    s = only(extractor, body)
    assert (s["speaker"], s["evidence"]["rule"]) == (speaker, rule)
    assert s["quote"] == body


def test_a_quotation_running_over_two_sentences_belongs_to_the_speaker_named_after_it(
    extractor,
):
    body = "“Canada has been spreading lies for months. The so-called intimidation is pure fabrication,” said Wang Di, a spokesperson for the Chinese embassy."
    found = statements(extractor, body)
    assert [s["speaker"] for s in found] == ["wang-di", "wang-di"]
    assert {s["kind"] for s in found} == {"rejection"}


def test_a_quote_only_sentence_continues_the_last_speaker(extractor):
    body = "“We have no interest in Canada's internal affairs,” Mao said.\n“There should be no irresponsible comments on this.”"
    found = statements(extractor, body)
    assert [s["speaker"] for s in found] == ["mao-ning", "mao-ning"]
    assert found[1]["evidence"]["rule"] == "direct speech: quotation continued"


@pytest.mark.parametrize(
    ("body", "speaker", "role", "kind"),
    [
        (
            "Canada's foreign ministry said that Chinese agents had harassed dissidents in Vancouver.",
            "global-affairs-canada",
            "allegation",
            None,
        ),
        (
            "According to the RCMP, Chinese officials ran two covert stations in Montreal.",
            "rcmp",
            "allegation",
            None,
        ),
        ("The Chinese embassy denied the report.", "china-embassy-canada", "response", "denial"),
        ("Beijing rejected the accusations.", "china", "response", "rejection"),
        ("Ottawa dismissed the claims as propaganda.", "canada", "response", "rejection"),
        ('Mao Ning called the reports "slander".', "mao-ning", "response", "rejection"),
        ("These accusations have been firmly denied by Beijing.", "china", "response", "denial"),
        (
            "China urges Canada to stop interfering in its internal affairs, Mao said.",
            "mao-ning",
            "response",
            "counter-accusation",
        ),
    ],
)
def test_reported_speech_finds_speaker_role_and_kind(extractor, body, speaker, role, kind):
    s = only(extractor, body)
    assert (s["speaker"], s["role"], s["kind"]) == (speaker, role, kind)


def test_an_accusation_names_its_targets_one_statement_each(extractor):
    body = "In an email, the Chinese Embassy accused certain Canadian agencies, as well as media, of spreading disinformation."
    found = statements(extractor, body)
    assert {s["target"] for s in found} == {"canadian-security-agencies", "canadian-media"}
    assert {(s["role"], s["kind"]) for s in found} == {("response", "counter-accusation")}


def test_a_list_of_speakers_gives_one_statement_each(extractor):
    body = "The United States, UK and the European Union have also imposed sanctions over alleged abuses in Tibet."
    found = statements(extractor, body)
    assert [s["speaker"] for s in found] == ["united-states", "united-kingdom", "european-union"]
    assert {s["role"] for s in found} == {"allegation"}


def test_two_accusers_in_one_sentence_split_it_into_two_clauses(extractor):
    body = "Tensions grew, with Beijing blaming Ottawa for the dispute and Canadian officials accusing China of espionage."
    first, second = statements(extractor, body)
    assert (first["speaker"], first["target"]) == ("china", "canada")
    assert (second["speaker"], second["target"]) == ("canada", "china")
    assert second["quote"] == "Canadian officials accusing China of espionage."


def test_a_sentence_going_on_to_another_kind_of_reply_is_cut_there(extractor):
    body = "China urges Canada to stop smearing it, Mao said, adding that the country will take necessary measures."
    first, second = statements(extractor, body)
    assert (first["kind"], second["kind"]) == ("counter-accusation", "threat")
    assert second["quote"] == "adding that the country will take necessary measures."


# ---------------------------------------------------------------- what kind of reply


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "The Chinese embassy said its diplomats have always abided by international law.",
            "denial",
        ),
        ("A Chinese foreign ministry spokesperson described the report as baseless.", "rejection"),
        (
            "“It is Canada that has been interfering in China's internal affairs,” Mao said.",
            "counter-accusation",
        ),
        ("The Chinese embassy did not respond to a request for comment.", "no-comment"),
        ("Beijing said it had nothing to say about the interference claims.", "no-comment"),
        (
            "Asked about the police stations, Mao said Beijing was not in a position to comment.",
            "deflection",
        ),
        ("Mao said reporters should ask the Canadian side about the detentions.", "deflection"),
        ("China lodged stern representations with Canada over the arrest.", "protest"),
        ("Beijing said it was strongly dissatisfied with the sanctions.", "protest"),
        ("Beijing warned it would take countermeasures.", "threat"),
        (
            "China's foreign ministry confirmed that two Canadians had been detained.",
            "acknowledgement",
        ),
    ],
)
def test_each_reply_kind_has_its_cue(extractor, body, kind):
    s = only(extractor, body)
    assert (s["role"], s["kind"], s["speaker_side"]) == ("response", kind, "beijing")
    assert any(c["means"] == kind for c in s["evidence"]["cues"])


@pytest.mark.parametrize(
    "body",
    [
        "Western researchers accuse Beijing of running forced labour camps.",
        "Canada's foreign ministry alleged that Chinese diplomats intimidated an MP.",
        "The RCMP claims that Chinese police stations operated in Quebec.",
        "Global News reported that a Chinese diplomat targeted an MP's relatives.",
        "Canada on Monday expelled a Chinese diplomat over the threats.",
    ],
)
def test_accusations_by_the_other_side_are_allegations_against_beijing(extractor, body):
    s = only(extractor, body)
    assert (s["role"], s["kind"]) == ("allegation", None)
    assert s["target"] and s["target"] != "canada"


def test_charges_in_the_narrators_voice_are_unattributed_allegations(extractor):
    hedged = only(
        extractor, "An official from the Chinese Consulate in Toronto is believed to be involved."
    )
    named = statements(
        extractor,
        "Trudeau is under pressure following allegations that China meddled in the election.",
    )
    assert (hedged["speaker"], hedged["target"]) == ("unattributed", "china-consulate-toronto")
    assert [(s["speaker"], s["quote"]) for s in named] == [
        ("unattributed", "allegations that China meddled in the election")
    ]


def test_a_charge_named_by_its_owner_is_that_owners_allegation(extractor):
    s = only(
        extractor, "Relations stayed tense, but Ottawa's allegations of Chinese meddling persisted."
    )
    assert (s["speaker"], s["target"]) == ("canada", "china")


def test_sentences_without_a_charge_or_a_reply_give_nothing(extractor):
    body = "Trade between the two countries grew last year.\nBeijing says the leaders discussed tourism.\nThe minister visited a farm in Saskatchewan."
    assert statements(extractor, body) == []


# ---------------------------------------------------------------- coreference


def test_pronouns_refer_to_the_latest_speaker(extractor):
    body = "Wang Wenbin told reporters the claims were fabricated.\nHe said China never interferes in other countries' affairs."
    assert [s["speaker"] for s in statements(extractor, body)] == ["wang-wenbin", "wang-wenbin"]
    second = statements(extractor, body)[1]
    assert second["evidence"]["speaker"]["via"] == "pronoun"


def test_the_spokeswoman_and_the_embassy_refer_back_to_the_actor_named_before(extractor):
    body = (
        "Foreign Ministry spokeswoman Mao Ning rejected the report.\n"
        "The spokeswoman did not comment on the police stations.\n"
        "The Chinese Embassy in Ottawa called the reports baseless.\n"
        "The embassy also says its consulates abide by the Vienna Convention."
    )
    found = statements(extractor, body)
    assert [s["speaker"] for s in found] == [
        "mao-ning",
        "mao-ning",
        "china-embassy-canada",
        "china-embassy-canada",
    ]
    assert [s["evidence"]["speaker"]["via"] for s in found][1::2] == ["reference", "reference"]


def test_an_organ_named_without_its_country_is_that_of_the_state_just_spoken_of(extractor):
    body = 'Canada imposed sanctions on Chinese officials, citing alleged abuses.\n"China is repressing its people," the foreign ministry said in a statement.'
    assert [s["speaker"] for s in statements(extractor, body)] == [
        "canada",
        "global-affairs-canada",
    ]


# ---------------------------------------------------------------- new actors


@pytest.mark.parametrize(
    ("body", "name", "side", "parent"),
    [
        (
            "Chinese foreign ministry spokesperson Lin Jian said the claims were slander.",
            "Lin Jian",
            "beijing",
            "china-mfa",
        ),
        ("NDP MP Jenny Kwan said she had been targeted by Beijing.", "Jenny Kwan", "ottawa", None),
        (
            "Amnesty International said the detainees were hostages of China.",
            "Amnesty International",
            "other",
            None,
        ),
        (
            "China's state broadcaster CGTN accused Canadian politicians of hyping the threat.",
            "CGTN",
            "beijing",
            "china",
        ),
        (
            "The Chinese consulate in Vancouver dismissed the claims as smears.",
            "Chinese consulate in Vancouver",
            "beijing",
            "china",
        ),
    ],
)
def test_a_speaker_the_registry_lacks_is_declared_with_a_side_from_cues(
    extractor, body, name, side, parent
):
    bundle = draft(extractor, body)
    (s,) = bundle["statements"]
    declared = {a["id"]: a for a in bundle["actors"]}
    actor = declared[s["speaker"]]
    assert (actor["name"], actor["side"], actor["parent"]) == (name, side, parent)
    assert s["speaker_side"] == side


def test_a_new_actor_is_called_by_the_family_name_later(extractor):
    body = "Chinese foreign ministry spokesperson Lin Jian called the report a smear.\n“Canada should stop hyping it,” Lin said."
    assert [s["speaker"] for s in statements(extractor, body)] == ["lin-jian", "lin-jian"]


def test_a_titled_official_without_a_nationality_is_a_flagged_guess(extractor):
    text = "Headline\n\nDefence Minister Anita Anand said Chinese balloons had spied on Canada.\n"
    result = extractor.extract(text, "t", parse_date(PUBLISHED))
    assert result.bundle["statements"][0]["speaker_side"] == "ottawa"
    assert any("Anita Anand" in w and "guess" in w for w in result.warnings)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Friday", "2024-03-08"),
        ("on Tuesday", "2024-03-05"),
        ("Wednesday night", "2024-03-06"),
        ("on Tuesday (March 5)", "2024-03-05"),
        ("today", "2024-03-08"),
        ("yesterday", "2024-03-07"),
        ("last week", "2024-03-01"),
        ("two days ago", "2024-03-06"),
        ("last month", "2024-02"),
        ("earlier this year", "2024"),
        ("last September", "2023-09"),
        ("in February 2021", "2021-02"),
        ("on March 1", "2024-03-01"),
    ],
)
def test_date_phrases_resolve_against_the_published_date(extractor, phrase, expected):
    s = only(
        extractor,
        f"Canada's foreign ministry said {phrase} that Chinese agents harassed dissidents.",
    )
    assert (s["date_phrase"], s["date"]) == (phrase, expected)


@pytest.mark.parametrize(
    ("phrase", "anchor", "expected"),
    [
        ("last week", date(2024, 3, 8), "2024-03-01"),
        ("earlier this week", date(2024, 3, 8), "2024-03-08"),
        ("last month", date(2024, 1, 15), "2023-12"),
        ("earlier this month", date(2024, 3, 8), "2024-03"),
        ("last year", date(2024, 3, 8), "2023"),
        ("three years ago", date(2024, 3, 8), "2021"),
        ("last fall", date(2023, 3, 10), "2022"),
        ("last Friday", date(2024, 3, 8), "2024-03-01"),
    ],
)
def test_relative_phrases_dates_py_now_reads(phrase, anchor, expected):
    assert resolve_phrase(phrase, anchor).iso == expected


def test_a_date_in_the_words_reported_is_not_the_date_they_were_said(extractor):
    s = only(extractor, "Joly said on Thursday that China had detained two Canadians in 2018.")
    assert (s["date_phrase"], s["date"]) == ("on Thursday", "2024-03-07")


def test_a_statement_without_a_date_phrase_takes_the_published_date_or_the_speakers_last(extractor):
    body = "Mao Ning on Tuesday denied the report.\nShe added that China never interferes.\nBeijing has long rejected such claims."
    dated = statements(extractor, body)
    assert [s["date"] for s in dated] == ["2024-03-05", "2024-03-05", None]


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("This report by The Canadian Press was first published March 23, 2023.", "2023-03-23"),
        ("date 2024-12-11", "2024-12-11"),
        ("Dec 10, 2024", "2024-12-10"),
        ("Published: June 2, 2023", "2023-06-02"),
    ],
)
def test_the_published_date_is_read_from_the_text(extractor, line, published):
    text = f"Headline\n{line}\nBeijing denied the allegations.\n"
    article = extractor.extract(text, "t").bundle["article"]
    assert article["published"] == published
    assert article["published_basis"].startswith("explicit: ")


def test_without_a_published_date_statements_stay_undated_with_a_warning(extractor):
    result = extractor.extract("Headline\n\nBeijing denied the report on Friday.\n", "t")
    (s,) = result.bundle["statements"]
    assert (s["date_phrase"], s["date"]) == ("on Friday", None)
    assert any("no published date" in w for w in result.warnings)


def test_published_given_on_the_command_line_wins(extractor):
    text = "Headline\ndate 2024-12-11\nBeijing denied the report on Friday.\n"
    bundle = extractor.extract(text, "t", parse_date("2024-03-08")).bundle
    assert bundle["article"]["published"] == "2024-03-08"
    assert bundle["statements"][0]["date"] == "2024-03-08"


# ---------------------------------------------------------------- layout and offsets

SCRAPED = """Connect with us
Beijing ‘rejects’  smear over embassy

Share this article
OTTAWA – The Chinese embassy on Friday rejected the “baseless” claims  of U.S. and Canadian officials.

Advertisement
Reaction

“We firmly oppose the smears,” said the embassy… It added that Sgt. Poirier was wrong.

Click to comment
To see in video
source site-12
"""


def test_boilerplate_headings_and_datelines_never_become_statements_but_keep_offsets():
    layout = read_layout(SCRAPED)
    skipped = {SCRAPED[a:b].strip(): why for a, b, why in layout.skipped}
    assert skipped["Connect with us"] == skipped["Share this article"] == "boilerplate"
    assert skipped["Advertisement"] == skipped["Click to comment"] == "boilerplate"
    assert skipped["To see in video"] == skipped["source site-12"] == "boilerplate"
    assert skipped["Reaction"] == "heading"
    assert skipped["OTTAWA –"] == "dateline"
    assert layout.title == "Beijing ‘rejects’  smear over embassy"
    bodies = [SCRAPED[p.start : p.end] for p in layout.paragraphs]
    assert bodies[0].startswith("The Chinese embassy on Friday")


def test_quotes_and_cues_index_the_original_text_exactly(extractor):
    bundle = extractor.extract(SCRAPED, "t", parse_date(PUBLISHED)).bundle
    assert bundle["article"]["text"] == SCRAPED
    assert len(bundle["statements"]) >= 2
    for s in bundle["statements"]:
        assert SCRAPED[s["start"] : s["end"]] == s["quote"]
        for cue in s["evidence"]["cues"]:
            assert SCRAPED[cue["start"] : cue["end"]] == cue["text"]
        speaker = s["evidence"]["speaker"]
        assert SCRAPED[speaker["start"] : speaker["end"]] == speaker["text"]
    assert "claims  of" in bundle["statements"][0]["quote"]  # double space kept


def test_sentences_survive_abbreviations_initials_and_ellipses_inside_quotes():
    text = "Sgt. Charles Poirier of the U.S. office spoke. “It is full of problems... it lies,” J. Smith said. Then he left."
    spans = split_sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == [
        "Sgt. Charles Poirier of the U.S. office spoke.",
        "“It is full of problems... it lies,” J. Smith said.",
        "Then he left.",
    ]


def test_evidence_names_the_rule_and_the_cue_words(extractor):
    s = only(extractor, "China on Friday accused Canada of smearing its reputation.")
    evidence = s["evidence"]
    assert evidence["rule"] == "accusation: who accuses, whom, of what"
    means = {c["text"]: c["means"] for c in evidence["cues"]}
    assert means["accused"] == "allegation"
    assert means["smearing"] == "rejection"
    assert means["on Friday"] == "date"
    assert (s["role"], s["kind"], s["target"]) == ("response", "counter-accusation", "canada")


# ---------------------------------------------------------------- compiled for speed, matching the same

#: Texts where case-insensitive matching and word boundaries are at their trickiest:
#: letters that fold onto ASCII ones (İ ı ſ K), curly quotes, hyphens, line breaks.
TRICKY = [
    "It's İt is ıt iS; the KISS, ſaid Kennedy’s aide—a spokesperson's counter-charge.",
    "“Groundless,” she said.\nLin Jian said the embassy… rejects, REJECTS, rejected it.",
    "the U.S.-China row; Chinese officials said (AP Photo/Jane Doe) in 2019-01-21 on Friday",
    "o’brien O'BRIEN obrien D’Arcy us US Us UN-backed lawmakers MPs' MP-led",
]


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("articles/*.txt"))] + [
        SCRAPED,
        *TRICKY,
    ]


def _same_matches(fast: re.Pattern[str], plain: re.Pattern[str]) -> None:
    for text in _texts():
        for start in range(0, len(text), 97):
            for end in (len(text), start + 40, start + 160):
                found = [(m.span(), m.groups()) for m in fast.finditer(text, start, end)]
                expected = [(m.span(), m.groups()) for m in plain.finditer(text, start, end)]
                assert found == expected, (plain.pattern[:60], start, end)


@pytest.mark.parametrize(
    ("source", "flags"),
    [
        *((source, re.I) for _, source in cues._KIND_PHRASES),
        *((source, flags) for _, source, flags in cues._TOPICS),
        ("|".join((cues.ACCUSE_VERBS, cues.ACT_VERBS, cues.SPEECH_VERBS)), re.I),
        (r"\b(?:(?:on|last|this past)\s+)?(?:Monday|Friday)(?:\s+night)?|\b[A-Z]{2,}\b", 0),
        (r"^[A-Z][a-z]+ \(Reuters\)|\bThis (?:report|story)|['’]s own\b|n['’]t\b", re.M),
        (r"(?i:us)|US|(?i:lin\s+jian)|Lin|[Ss]ſ|k[a-c-e]?", 0),
    ],
)
def test_lexicons_compiled_for_speed_match_exactly_as_written(source, flags):
    _same_matches(cues.alternation(source, flags), re.compile(f"(?:{source})", flags))
    named = cues.alternation(source, flags, not_after=r"[\w’'-]", then=r"(?![\w-])")
    _same_matches(named, re.compile(rf"(?<![\w’'-])(?:{source})(?![\w-])", flags))


def test_the_long_lexicons_are_the_ones_compiled_for_speed():
    """Each opens with the set of characters a match can start with (what makes it fast):
    a lexicon edited into a shape the rewrite does not know would quietly slow down."""
    for pattern in (cues.VERB.twin, cues.ANY_KIND_PHRASE, cues.ANY_TOPIC, cues.WRONGDOING):
        assert pattern.pattern.startswith(("[", "(?-i:[")), pattern.pattern[:40]


@pytest.mark.parametrize("name", ["VERB", "NOMINAL", "DEMONYM_MENTION"])
def test_patterns_with_groups_are_found_as_their_own_finditer_finds_them(name):
    twinned = getattr(cues, name)
    _same_matches(twinned, twinned.pattern)


def test_quotations_around_an_offset_are_found_as_by_looking_at_each():
    text = (
        "The embassy said “no” and then “never, ever” to it.\n\n"
        "“Go,” she said, and “this one runs on to the end\n\n"
        "“Last,” he said. The end."
    )
    layout = read_layout("Headline for the quotes\n\n" + text)
    assert len(layout.quotes) == 5  # one left open runs to the end of its paragraph
    for start in range(len(layout.text) + 1):
        inside = any(q0 < start < q1 for q0, q1 in layout.quotes)
        assert layout.in_quote(start) == inside
        for end in range(start, len(layout.text) + 1, 3):
            overlapping = [(q0, q1) for q0, q1 in layout.quotes if q0 < end and q1 > start]
            assert layout.quotes_in(start, end) == overlapping


# ---------------------------------------------------------------- evaluation


def test_a_match_overlaps_by_at_least_half_the_shorter_span():
    assert overlaps((0, 100), (40, 60))
    assert overlaps((0, 10), (5, 30))
    assert not overlaps((0, 10), (6, 30))


def test_extraction_on_the_fixtures_stays_above_its_floor():
    folder = FIXTURES / "articles"
    columns, rows = evaluate(folder, registry_for(folder), min_seconds=0.01)
    overall = dict(zip(columns, rows[-1]))
    assert overall["article"] == "overall"
    assert overall["recall"] >= 0.85
    assert overall["precision"] >= 0.80
    assert overall["side"] >= 0.95
    assert overall["role"] >= 0.90
    assert overall["kind"] >= 0.75
    assert overall["mb_per_s"] > 0


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


def test_extract_prints_a_bundle_that_load_takes_as_it_is(run, db_path, tmp_path, article_files):
    result = run("extract", str(article_files[0]))
    assert result.exit_code == 0, result.stderr
    bundle = json.loads(result.stdout)
    assert bundle["article"]["id"] == "expulsion"
    assert bundle["article"]["text"] == ARTICLE
    assert {a["id"] for a in bundle["actors"]} >= {"wang-di", "jenny-kwan", "canada"}
    saved = tmp_path / "draft.json"
    saved.write_text(result.stdout, encoding="utf-8")
    loaded = run("load", str(saved))
    assert loaded.exit_code == 0, loaded.stderr
    assert query(db_path, "SELECT count(*) FROM statements")[0][0] == len(bundle["statements"])
    assert run("verify").exit_code == 0


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
    assert {a["id"] for a in bundle["actors"]} == {"wang-di", "jenny-kwan"}


def test_extract_without_articles_is_a_usage_error(run):
    result = run("extract")
    assert result.exit_code == 2
    assert "--evaluate" in result.stderr


def test_extract_evaluate_prints_a_row_per_article_and_overall_in_any_format(run):
    rows = list(csv.DictReader(io.StringIO(run("extract", "--evaluate", "--csv").stdout)))
    assert [r["article"] for r in rows] == ["000", "001", "002", "003", "004", "overall"]
    assert float(rows[-1]["recall"]) >= 0.85
    as_json = json.loads(run("extract", "--evaluate", str(FIXTURES), "--json").stdout)
    assert as_json[-1]["article"] == "overall"
    assert "| overall |" in run("extract", "--evaluate", "--format", "markdown").stdout


def test_ingest_loads_pairs_and_can_be_run_again(run, db_path, article_files):
    result = run("ingest", *map(str, article_files))
    assert result.exit_code == 0, result.stderr
    assert "loaded 2 files" in result.stderr
    assert "auto links" in result.stderr
    links = query(db_path, "SELECT count(*) FROM reply_links WHERE origin = 'auto'")[0][0]
    assert links > 0
    again = run("ingest", *map(str, article_files))
    assert again.exit_code == 0, again.stderr
    assert "0 new, 0 updated" in again.stderr


def test_ingest_review_shows_the_drafts_and_writes_nothing(run, db_path, article_files):
    result = run("ingest", "--review", "--csv", str(article_files[0]))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["speaker"] for r in rows} >= {"wang-di", "jenny-kwan"}
    assert "would load 1 file" in result.stderr
    assert not db_path.exists()


def test_ingest_review_on_an_existing_database_leaves_it_as_it_was(run, loaded, article_files):
    before = query(loaded, "SELECT count(*) FROM statements")
    assert run("ingest", "--review", str(article_files[0])).exit_code == 0
    assert query(loaded, "SELECT count(*) FROM statements") == before


def test_extract_of_several_articles_prints_one_bundle_per_line_or_one_file_each(
    run, tmp_path, article_files
):
    lines = run("extract", *map(str, article_files)).stdout.splitlines()
    assert [json.loads(line)["article"]["id"] for line in lines] == ["expulsion", "protest"]
    single = tmp_path / "one.json"
    assert run("extract", str(article_files[0]), "--out", str(single)).exit_code == 0
    assert json.loads(single.read_text(encoding="utf-8"))["article"]["id"] == "expulsion"
    both = run("extract", *map(str, article_files), "--out", str(tmp_path / "two.json"))
    assert both.exit_code == 1
    assert "need a folder" in both.stderr

"""The extractor's faster paths find what the plain ones find: each is compared with
the straightforward reading it stands in for, on text that takes the fast path and on
text that does not (letters outside Latin-1 turn the lower-case copy off)."""

from __future__ import annotations

import re

import pytest

from claimtrack.extract import (
    Extractor,
    attribution,
    coreference,
    fixture_registry,
    folding,
    mentions,
)
from claimtrack.extract.lexicon import (
    PREFIX_LETTERS,
    cue_index,
    find_cues,
    gazetteer,
    reporting,
    word_trie,
)
from claimtrack.extract.mentions import SPOKESPERSON

SENTENCES = [
    "Foreign Ministry spokesperson Mao Ning said on Tuesday that China's embassy in "
    "Ottawa rejected the People's Republic of China allegations, the RCMP added.",
    "The Chinese Embassy of the Russian Federation denied it, saying Beijing's claims "
    "were baseless; Canadian officials Said, Accused and Told reporters otherwise.",
    "U.S. Secretary of State Antony Blinken told the United States' allies in Hong Kong "
    "that Prime Minister Justin Trudeau's government had warned Britain.",
    # words that hold a name ("Chinese-made"), which a clause's end may cut
    "Officials said the Chinese-made cameras and Canada-China ties were not at issue.",
    # Greek capitals: the lower-case copy is not used.
    "ΑΘΗΝΑ: the Greek embassy said China's Ministry of Commerce denied the reports.",
]


@pytest.mark.parametrize(
    "words",
    [{"said", "say", "says", "saying"}, {"a", "ab", "abc", "b"}, {"x"}, {"deny", "denied"}],
)
def test_word_trie_matches_exactly_its_words(words: set[str]) -> None:
    pattern = re.compile(rf"(?:{word_trie(words)})\Z")
    assert all(pattern.match(word) for word in words)
    prefixes = {w[:i] for w in words for i in range(len(w))} - words
    assert not any(pattern.match(p) for p in prefixes)
    assert not any(pattern.match(w + "z") for w in words)


@pytest.mark.parametrize("text", SENTENCES)
def test_verb_spans_are_the_words_that_are_verbs(text: str) -> None:
    verbs = reporting().verbs
    expected = [m.span() for m in attribution._WORD.finditer(text) if m.group(0).lower() in verbs]
    assert expected  # every sentence has a reporting verb
    assert attribution._verb_spans(text, 0, len(text)) == expected


@pytest.mark.parametrize("text", SENTENCES)
def test_mention_hits_are_each_tables_state_hits(text: str) -> None:
    g = gazetteer()
    tables = (g.by_name, g.by_demonym, g.institutions, g.leaders)
    expected = [mentions.state_hits(text, 0, len(text), table) for table in tables]
    assert mentions.mention_hits(text, 0, len(text)) == expected
    # a window inside the sentence reads its own words
    assert mentions.mention_hits(text, 10, len(text) - 5) == [
        mentions.state_hits(text, 10, len(text) - 5, table) for table in tables
    ]


def test_mention_hits_find_names_of_several_words_and_possessives() -> None:
    text = SENTENCES[2]
    by_name, by_demonym, institutions, leaders = mentions.mention_hits(text, 0, len(text))
    assert [key for _, _, key in by_name] == ["U.S.", "United States", "Hong Kong", "Britain"]
    # "the United States' allies": the possessive is not part of the name
    start = text.index("United States'")
    assert (start, start + len("United States"), "United States") in by_name
    assert [key for _, _, key in leaders] == ["Antony Blinken", "Justin Trudeau"]
    assert not institutions
    text = SENTENCES[0]
    _, by_demonym, institutions, _ = mentions.mention_hits(text, 0, len(text))
    assert [key for _, _, key in by_demonym] == ["China's", "People's Republic of China"]
    assert [key for _, _, key in institutions] == ["RCMP"]


@pytest.mark.parametrize("text", SENTENCES)
def test_a_clause_has_the_demonyms_a_look_up_of_the_clause_finds(text: str) -> None:
    """A clause's demonyms are taken from its sentence's hits where its ends cut no word
    or hit; any part, cut words included, has what a look-up of the part alone finds."""
    cast = mentions.Cast(fixture_registry())
    cast.mentions(text, 0, len(text))
    table = gazetteer().by_demonym
    for start in range(0, len(text), 5):
        for end in range(start, len(text) + 1, 9):
            alone = mentions.state_hits(text, start, end, table)
            assert cast._demonyms(text, start, end) == alone, (start, end)


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


@pytest.mark.parametrize("text", SENTENCES)
def test_registry_hits_as_a_look_up_of_every_word_finds_them(text: str, monkeypatch) -> None:
    """The trie of first words finds the words a look-up of each finds, and a name is
    extended past two words only where they start one: the same hits either way."""
    names = mentions.registry_names(fixture_registry())
    windows = [(0, len(text)), (3, len(text) - 4), (len(text) // 2, len(text))]
    fast = [mentions.registry_hits(text, a, b, names) for a, b in windows]
    monkeypatch.setattr(mentions, "_lowered", lambda text: "")
    monkeypatch.setattr(mentions, "_name_starts", lambda names: _Everything())
    assert [mentions.registry_hits(text, a, b, names) for a, b in windows] == fast


def test_registry_hits_find_names_written_as_names() -> None:
    names = mentions.registry_names(fixture_registry())
    text = SENTENCES[0]
    found = [text[a:b] for a, b, _ in mentions.registry_hits(text, 0, len(text), names)]
    assert found == ["Ministry spokesperson Mao Ning", "the RCMP"]


def test_an_indefinite_spokesperson_needs_what_its_titles_start_with() -> None:
    """Sentences without the string are not searched: every title the pattern ends on
    must start with it (change both together)."""
    titles = f"{SPOKESPERSON}|spokespeople"
    assert f"(?:{titles})" in coreference._INDEFINITE_SPOKESPERSON.pattern
    needs = coreference.INDEFINITE_SPOKESPERSON_NEEDS
    assert all(re.match(needs, title) for title in titles.split("|"))
    text = "An embassy spokeswoman said so, and a spokesperson for the ministry did not."
    assert [m.group(0) for m in coreference._INDEFINITE_SPOKESPERSON.finditer(text)] == [
        "An embassy spokeswoman"
    ]


def test_may_hold_reads_any_case_and_says_yes_where_it_cannot_tell() -> None:
    text = "The Ministry rejected the ACCUSATIONS made by Ottawa."
    assert folding.may_hold(text, 0, len(text), ("accusation",))
    assert not folding.may_hold(text, 0, len(text), ("claim", "charge"))
    assert not folding.may_hold(text, 0, 20, ("accusation",))  # outside the span
    # Outside Latin-1, IGNORECASE pairs letters lower() keeps apart: no answer but yes.
    assert folding.may_hold("\u212a" + text, 0, 10, ("claim",))


def test_charges_reported_with_a_source_name_a_charge_stem() -> None:
    """Sentences without a stem are not searched for a charge and its source."""
    assert attribution._CHARGE_BY.pattern.startswith(attribution._CHARGE_NOUN)
    for stem in attribution.CHARGE_STEMS:
        assert attribution._CHARGE_BY.match(f"{stem.upper()}S made by the ")


@pytest.mark.parametrize(
    ("window", "opens"),
    [
        ("In Canada, Foreign Affairs Minister", -1),
        ("said. In Canada, Foreign Affairs Minister", 4),
        ("“It is wrong,” said U.S. spokesperson", 13),
        ("no stop\nat all; U.S. National Security Council spokesperson", 14),
        ("", -1),
    ],
)
def test_the_last_clause_opens_after_its_last_stop(window: str, opens: int) -> None:
    """The last stop, found in one scan back, whatever stop it is; an abbreviation's full
    stop is none."""
    assert mentions._clause_opening(window, '.;:“”"\n') == opens
    found = mentions._last_stop('.;:“”"\n').match(window)
    assert (found.end() - 1 if found else -1) == max(window.rfind(c) for c in '.;:“”"\n')


def test_a_reported_charge_is_dated_by_its_own_words_not_its_sentences() -> None:
    """The sentence's date phrase is read lazily for its own statements; a charge it
    reports keeps the date of the charge's words (here none: the published day)."""
    text = (
        "China rejects US hacking charge\n\nPublished 2024-03-06\n\n"
        "On Monday, the Chinese embassy dismissed accusations from US officials that "
        "Beijing hacked the network, calling them groundless.\n"
    )
    statements = Extractor(fixture_registry()).extract(text, "t").bundle["statements"]
    dates = {s["role"]: s["date"] for s in statements}
    assert dates == {"response": "2024-03-04", "allegation": "2024-03-06"}


def _cues_trying_every_filed_line(text: str, start: int, end: int) -> dict:
    """find_cues as it reads without narrowing: at every word, every line filed under
    its first letters, longest prefix first."""
    index = cue_index()
    first: dict = {}
    for word in re.finditer(r"(?<![\w’'-])[A-Za-z]", text[:end]):
        at = word.start()
        if at < start:
            continue
        head = text[at : at + PREFIX_LETTERS].lower()
        for size in range(len(head), 0, -1):
            for group, pattern in index.by_prefix.get(head[:size], ()):
                m = group not in first and pattern.match(text, at, end)
                if m:
                    first[group] = (m.start(), m.end(), m.group(0))
    return first


CUE_SENTENCES = [
    *SENTENCES,
    "Canada's minister cannot comment, but the embassy flatly denied it and said it "
    "firmly opposes what it called groundless smears.",
    "In response, Ottawa accused Beijing of intimidation; Beijing lodged stern "
    "representations and refused to comment further.",
    "The spokesperson said she could not immediately comment and declined to discuss "
    "the allegations, calling them unfounded.",
    # letters outside ASCII: the narrowing by first letters is left off
    "Wanzhou’s spokesman İlkay rejected the charge as “baseless” and cannot confirm it.",
]


@pytest.mark.parametrize("text", CUE_SENTENCES)
def test_find_cues_finds_what_trying_every_filed_line_finds(text: str) -> None:
    expected = _cues_trying_every_filed_line(text, 0, len(text))
    assert find_cues(text, 0, len(text)) == expected
    cut = text.index(" ", len(text) // 2)
    assert find_cues(text, cut, len(text)) == _cues_trying_every_filed_line(text, cut, len(text))

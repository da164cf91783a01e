"""The faster paths of layout, mentions and coreference find what the plain readings
they stand in for find: each test compares the two on sentences written for it."""

from __future__ import annotations

import re

import pytest

from claimtrack.extract import coreference, fixture_registry, layout, mentions
from claimtrack.extract.lexicon import gazetteer, word_trie

#: Sentences written for these tests: names of several words, possessives, titles,
#: organs, names the registry knows and phrases a gazetteer name takes whole.
SENTENCES = [
    "Foreign Affairs Minister Mélanie Joly said the United States' allies and the "
    "People's Republic of China's envoy in Ottawa met the RCMP on Monday.",
    "The Chinese Embassy in Canada said Hong Kong's Chief Executive and the "
    "Taiwan Affairs Office spokesperson Zhu Fenglian were wrong.",
    "U.S. Secretary of State Mary Lee told the Globe and Mail that Canada's Department "
    "of National Defence, the Philippine Coast Guard (PCG) and South Korea agreed.",
    "In Beijing, Wang Wenbin, a foreign ministry spokesman, said China's Ministry of "
    "Commerce would answer Prime Minister Justin Trudeau's government.",
    "ΑΘΗΝΑ — Greek officials, the New Zealand Herald and Saudi Arabia's King said "
    "the United Kingdom's Foreign Office and the European Union disagreed.",
]

#: The outlet's pattern as one search (the plain reading `layout._outlet` stands in for).
_PLAIN_OUTLET = re.compile(
    r"\bThis (?:report|article|story) (?:by|from) (?P<outlet>[A-Z][\w&.'’ -]{1,60}?) was "
    r"(?:first )?published|^[A-Z][A-Za-z0-9 ,.]*\((?P<agency>Reuters|AP|AFP|CP|Xinhua)\)",
    re.M,
)


def _plain_outlet(text: str) -> str | None:
    found = _PLAIN_OUTLET.search(text)
    if not found:
        return None
    return found["outlet"] or layout._AGENCIES[found["agency"]]


@pytest.mark.parametrize(
    "text",
    [
        "OTTAWA (Reuters) - The ministry said.\nThis report by The Daily Post was published.",
        "This report by The Daily Post was first published.\nOTTAWA (AP) - It said.",
        "Budget talk.\nThis story from Bay News was published on Monday. (AFP)",
        "OTTAWA (CP) — Officials met. This is a report.",
        "AntiThis report by Bay News was published. This story by Star was published.",
        "No outlet here. This report was published.",
        "(Xinhua) opens the line without a capital.\nBEIJING (Xinhua) -- the second.",
    ],
)
def test_the_outlet_is_what_one_search_of_both_patterns_finds(text: str) -> None:
    assert layout._outlet(text) == _plain_outlet(text)


_CREDITS_AND_LINES = [
    "THE CANADIAN PRESS/Nathan Denette",
    "Officials meet in Ottawa. (AP Photo/Adrian Wyld)",
    "A minister speaks (Reuters Photo) at the summit",
    "Minister X at the summit. Getty Images",
    "The ministry (the foreign one) said it would respond.",
    "Trade and/or tariffs were discussed (in Ottawa).",
    "He said: “We have seen the report.”",
    "Canada rebuffs Beijing",
    "Canada rebuffs Beijing, says minister of trade and industry today",
    "“Canada rebuffs",
    "What comes next?",
]


@pytest.mark.parametrize("line", _CREDITS_AND_LINES)
def test_a_line_is_junk_for_the_reason_the_plain_tests_give(line: str) -> None:
    plain = None
    if layout._BOILERPLATE.match(line):
        plain = "boilerplate"
    elif layout._CREDIT.search(line):
        plain = "caption"
    elif layout._METADATA.search(line):
        plain = "metadata"
    elif (
        len(line.split()) <= 6
        and not re.search(r"[.!?:”\"]$", line)
        and line[0] not in layout._OPEN_QUOTES
    ):
        plain = "heading"
    assert layout._junk_reason(line) == plain


class _Everything:
    """A set that holds every word: with it, no look-up is spared."""

    def __contains__(self, item: object) -> bool:
        return True


@pytest.mark.parametrize("text", SENTENCES)
def test_runs_are_joined_only_when_their_last_word_ends_a_key(text: str, monkeypatch) -> None:
    fast = mentions.mention_hits(text, 0, len(text))
    monkeypatch.setattr(mentions, "_key_ends", lambda table: _Everything())
    monkeypatch.setattr(mentions, "_last_words", None)
    assert mentions.mention_hits(text, 0, len(text)) == fast
    assert any(b - a > len(key.split()[0]) for hits in fast for a, b, key in hits)


@pytest.mark.parametrize("text", SENTENCES)
def test_a_word_alone_is_the_key_the_longest_look_up_finds(text: str) -> None:
    """`mention_hits` takes a word that opens keys of one word only as the key it is
    (kept per word); `state_hits` looks each table up word by word."""
    g = gazetteer()
    tables = (g.by_name, g.by_demonym, g.institutions, g.leaders)
    for start, end in [(0, len(text)), (7, len(text) - 2)]:
        plain = [mentions.state_hits(text, start, end, table) for table in tables]
        assert mentions.mention_hits(text, start, end) == plain
    assert all(plain[:2])


_ORGANS_AFTER_STATES = [
    "Chinese foreign ministry spokesman Lin Jian and Canada's Ottawa embassy said.",
    "The Chinese Consul-General in Toronto and the Chinese consul  general met.",
    "China's Taiwan Affairs Office spokesperson and the Canadian MP's office agreed.",
    "A Chinese Foreign Affairs Ministry official, the Chinese consulates general, and "
    "Japan's Minister's ministry of foreign affairs in Ottawa replied.",
    "The Embassy of the Russian Federation, the Ministry of Foreign Affairs of China.",
]


@pytest.mark.parametrize("text", _ORGANS_AFTER_STATES)
def test_organ_patterns_as_tries_find_what_their_alternations_find(text: str) -> None:
    """Organs and titles as tries find, at every place, what the alternations of the
    organs longest first and of the titles find."""
    g = gazetteer()
    organ_trie = word_trie({o.lower() for o in g.organs}).replace(r"\ ", r"\s+")
    organs = "|".join(
        re.escape(o).replace(r"\ ", r"\s+") for o in sorted(g.organs, key=len, reverse=True)
    )
    title_trie = word_trie(mentions.TITLE_WORDS)
    titles = "|".join(sorted(mentions.TITLE_WORDS))
    found = 0
    for name in ("organ_tail", "organ_of"):
        fast = mentions._gazetteer_patterns()[name]
        assert organ_trie in fast.pattern
        plain = re.compile(fast.pattern.replace(organ_trie, organs).replace(title_trie, titles))
        for at in range(len(text)):
            for end in (len(text), at + 12):
                expected = plain.match(text, at, end)
                assert _match_parts(fast.match(text, at, end)) == _match_parts(expected)
                found += bool(expected)
    assert found > 5


def _match_parts(m: re.Match[str] | None) -> tuple | None:
    return m and (m.span(), m.groupdict())


@pytest.mark.parametrize("text", SENTENCES[1:4])
def test_a_clause_has_the_institutions_a_look_up_of_the_clause_finds(text: str) -> None:
    """An apposition's institutions (and demonyms) are taken from its sentence's hits
    where its ends cut no word or hit: any part has what a look-up of it alone finds."""
    cast = mentions.Cast(fixture_registry())
    cast.mentions(text, 0, len(text))
    g = gazetteer()
    for table in (g.institutions, g.by_demonym):
        assert mentions.state_hits(text, 0, len(text), table)
        for start in range(0, len(text), 3):
            for end in range(start, len(text) + 1, 7):
                alone = mentions.state_hits(text, start, end, table)
                assert cast._hits(text, start, end, table) == alone, (start, end)


def _all_mentions(texts: list[str]) -> list[list[tuple[int, int, str, str]]]:
    """Every sentence's mentions, read in order by one cast (as an article's are)."""
    cast = mentions.Cast(fixture_registry())
    return [
        [(m.start, m.end, m.actor, m.via) for m in cast.mentions(text, 0, len(text))]
        for text in texts
    ]


def test_a_phrase_taken_whole_is_not_read_for_a_name(monkeypatch) -> None:
    fast = _all_mentions(SENTENCES)
    monkeypatch.setattr(mentions, "_within", lambda spans, start, end: False)
    assert _all_mentions(SENTENCES) == fast


_PRONOUNS_AND_DESCRIPTIONS = [
    "He said HIS ministry and ITS embassy, their spokesperson and Their Officials agreed.",
    "This thesis, the theory of the thief, shows it-self; its’ their’s hers he’d she-wolf "
    "and this agency, it said.",
    "The Foreign Ministry said THE spokesman for the Chinese embassy and authorities met It.",
    "Its prime minister and that coast guard; officials in Beijing said it was theirs.",
    # descriptions that start inside another: "his ministry" in "the new his ministry"
    "She said the new his ministry and their own the embassy, this that office, she said.",
    # Greek capitals: the text is not read in lower case.
    "ΑΘΗΝΑ: He said the embassy and its ministry, they and their officials, agreed.",
]


@pytest.mark.parametrize("text", _PRONOUNS_AND_DESCRIPTIONS)
def test_one_scan_finds_the_descriptions_and_pronouns_each_pattern_finds(text: str) -> None:
    """`_descriptions_and_pronouns` reads descriptions and pronouns in one scan of the
    text in lower case: the spans and words (in lower case) each pattern finds alone."""
    for start, end in [(0, len(text)), (4, len(text) - 3)]:
        plain_descriptions = [
            (m.span(), [(g or "").lower() for g in (m.group(0), *m.groups())])
            for m in coreference._DESCRIPTION.finditer(text, start, end)
        ]
        plain_pronouns = [
            (m.start(), m.end(), m.group(0).lower())
            for m in coreference._PRONOUN.finditer(text, start, end)
        ]
        descriptions, pronouns = coreference._descriptions_and_pronouns(text, start, end)
        assert [
            (m.span(), [(g or "").lower() for g in (m.group(0), *m.groups())]) for m in descriptions
        ] == plain_descriptions
        assert pronouns == plain_pronouns
        assert start or (plain_descriptions and plain_pronouns)


def test_a_word_character_is_what_the_token_pattern_reads() -> None:
    chars = [chr(c) for c in (*range(0x3100), *range(0xFE00, 0x10000), 0x1D400, 0x1F600)]
    assert [mentions._word_char(c) for c in chars] == [
        bool(mentions._TOKEN_CHAR.match(c)) for c in chars
    ]


_GENDERED_PEOPLE = [
    "Spokeswoman Tan Wei and Mr. Lee Chen met Wang Fang, a ministry spokesman, and Liu "
    "Yang, the chairwoman, said foreign ministry spokesman Lin Jian.",
    "Ms Zhao Li, Senator Anna Berg, MRS. Kim Park and Chairman Ho Tak said Dong Yu, "
    "businessman, and Xu Bo, a former congresswoman, agreed.",
    # Greek capitals: the text is not read in lower case.
    "ΑΘΗΝΑ: Spokesman Lin Jian and Ms Tan Wei met Sun Li, the spokeswoman.",
]


@pytest.mark.parametrize("text", _GENDERED_PEOPLE)
def test_genders_are_what_the_gender_patterns_say_of_each_person(text: str) -> None:
    """`remember` tries the gender patterns only near a gendered word or before a
    comma: it finds the genders that trying them for every person finds."""
    cast = mentions.Cast(fixture_registry())
    found = cast.mentions(text, 0, len(text))
    discourse = coreference.Discourse(cast)
    discourse.remember(text, 0, found)
    plain: dict[str, str] = {}
    for m in found:
        if m.actor in plain or cast.kind(m.actor) not in mentions.PERSON_KINDS:
            continue
        for gender in ("m", "f"):
            before = max(0, m.start - coreference.GENDER_TITLE_CHARS)
            if (
                coreference._GENDER_WITHIN[gender].search(text, m.start, m.end)
                or coreference._GENDER_BEFORE[gender].search(text, before, m.start)
                or coreference._GENDER_AFTER[gender].match(text, m.end)
            ):
                plain[m.actor] = gender
                break
    assert discourse.genders == plain
    assert len(plain) >= 2


def test_a_phrase_is_read_alike_wherever_it_stands(monkeypatch) -> None:
    """`Cast._name` reads a phrase's title and name once per phrase: the same mentions
    come out of sentences read with the phrases kept as read afresh each time."""
    phrase = "Foreign Affairs Minister Mélanie Joly's"
    title, start, end, words, name = mentions._read_phrase(phrase, False)
    assert (title, phrase[start:end], words, name) == (
        ("Foreign", "Affairs", "Minister"),
        "Mélanie Joly",
        ["Mélanie", "Joly's"],
        "Mélanie Joly",
    )
    assert mentions._read_phrase("He Yating", True)[4] == "He Yating"
    assert mentions._read_phrase("The Minister", False) is None
    texts = SENTENCES + _GENDERED_PEOPLE + [f"Later, {text}" for text in SENTENCES]
    mentions._read_phrase.cache_clear()
    kept = _all_mentions(texts)
    assert mentions._read_phrase.cache_info().hits > 10
    monkeypatch.setattr(mentions, "_read_phrase", mentions._read_phrase.__wrapped__)
    assert _all_mentions(texts) == kept

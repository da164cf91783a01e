"""Patterns that ignore case, read on a lower-case copy of the text, find what they find
on the text itself: the same spans, the same words in their own case."""

from __future__ import annotations

import re

import pytest

from claimtrack.extract import folding

TEXTS = [
    "The Embassy SAID, in a Statement, that Canada's claims were baseless.",
    "Le COMMUNIQUÉ de l’ambassade: « Nous REJETONS ces accusations », a déclaré M. Lu.",
    # Letters IGNORECASE pairs with others that lower() keeps apart: the Kelvin sign
    # with "k", the long s with "s", the dotless and the dotted i with "i".
    "The \u212aremlin's ſtatement, ıt SAID; İstanbul officials said.",
    "中国外交部发言人 said the REPORT was a smear.",
]
PATTERNS = [
    re.compile(r"(?<![\w’'-])(?:said|statement|report|communiqu[eé])(?![\w-])", re.I),
    re.compile(r"(?P<who>[a-z]+)\s+said", re.I),
    re.compile(r"[A-Z][a-z]+", re.I),  # a capital in the source: read on the text itself
    re.compile(r"[!-~]tatement", re.I),  # a range holding capitals
    re.compile(r"(?-i:S)aid", re.I),  # an inline flag
    re.compile(r"kremlin|statement|it|istanbul", re.I),
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern)
def test_folded_reading_finds_what_the_pattern_finds(text: str, pattern: re.Pattern[str]) -> None:
    for start, end in ((0, len(text)), (4, len(text) - 3)):
        expected = [
            (m.span(), m.group(0), m.groupdict()) for m in pattern.finditer(text, start, end)
        ]
        found = [
            (m.span(), m.group(0), m.groupdict())
            for m in folding.finditer(pattern, text, start, end)
        ]
        assert found == expected
        first = folding.search(pattern, text, start, end)
        assert (first.span() if first else None) == (expected[0][0] if expected else None)


def test_the_fast_way_is_taken_only_when_it_is_safe() -> None:
    assert folding.folded(TEXTS[0]) == TEXTS[0].lower()
    assert folding.folded(TEXTS[1]) == TEXTS[1].lower()
    assert folding.folded(TEXTS[2]) is None  # the Kelvin sign, the long s, the Turkish i
    assert folding.folded(TEXTS[3]) == TEXTS[3].lower()
    assert folding.twin(PATTERNS[0]) is not None
    assert folding.twin(PATTERNS[1]) is not None
    assert [folding.twin(p) for p in PATTERNS[2:5]] == [None, None, None]


def test_latin1_and_general_punctuation_are_plain() -> None:
    """folded() trusts them without a look: none has a case IGNORECASE reads otherwise."""
    for code in [*range(0x100), *range(0x2000, 0x2070)]:
        assert folding._plain(chr(code))
        assert not folding._UNUSUAL.match(chr(code))
    assert folding._UNUSUAL.match("\u212a")

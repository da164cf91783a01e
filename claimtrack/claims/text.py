"""Quotes as the grouping compares them: normalised, tokenised, and scored for likeness.

Syndicated copies change what a reader does not notice: curly quotes become straight,
dashes become hyphens, spaces double, letters change case. Normalising those away makes
an exact copy compare equal. Reworded copies (a site that swaps words for synonyms)
keep most of the characters in order, which an edit-distance ratio measures, and
a quote cut short keeps its words, which the overlap of word sets measures.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Indel

_WORD = re.compile(r"[^\W_]+")
#: Quotes shorter than this many words are too generic to be the same claim on their
#: likeness alone ("We firmly oppose this."): they need to be identical.
SHORT_QUOTE_WORDS = 6


_ACCENTS = re.compile(r"[\u0300-\u036f]+")


def words(quote: str) -> list[str]:
    """The quote's words, case-folded, accents and punctuation dropped (interned: a
    million quotes share a vocabulary of a few thousand words)."""
    folded = quote.casefold()
    if not folded.isascii():
        folded = _ACCENTS.sub("", unicodedata.normalize("NFKD", folded))
    return list(map(sys.intern, _WORD.findall(folded)))


@dataclass(frozen=True)
class Likeness:
    """How alike two quotes are, in [0, 1], and the words that say why."""

    score: float
    reason: str


def likeness(a_words: list[str], b_words: list[str]) -> Likeness:
    """Compare two quotes given as their `words`.

    Identical words score 1. Otherwise the score is the larger of the character edit
    ratio of the normalised texts (reworded copies) and, when the shorter quote is long
    enough to be specific, the share of its words found in the longer one (a quote cut
    short or extended by a clause).
    """
    if a_words == b_words:
        return Likeness(1.0, "same quote")
    a_text, b_text = " ".join(a_words), " ".join(b_words)
    ratio = Indel.normalized_similarity(a_text, b_text)
    shorter = min(len(a_words), len(b_words))
    overlap = 0.0
    if shorter >= SHORT_QUOTE_WORDS:
        a_set, b_set = set(a_words), set(b_words)
        overlap = len(a_set & b_set) / min(len(a_set), len(b_set))
    if shorter < SHORT_QUOTE_WORDS:
        # A short quote must be nearly identical to count.
        ratio = ratio if ratio >= 0.9 else ratio * 0.5
    if overlap > ratio and overlap >= 0.9:
        return Likeness(round(0.95 * overlap, 3), f"{overlap:.0%} of the shorter quote's words")
    return Likeness(round(ratio, 3), f"quotes {ratio:.0%} alike")

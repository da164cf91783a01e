"""Dates: the phrase that says when a statement was made, resolved against the article.

The phrase is looked for in the sentence's own words (outside quotations: a date inside
the quoted words is what they speak of, not when they were said), most precise kind
first. Without one, a statement reported as news takes the published date.
"""

from __future__ import annotations

import functools
import re

from claimtrack.dates import MONTH_NAME, PartialDate, resolve_phrase
from claimtrack.extract import folding

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
#: Date phrases by how precisely they place a statement, most precise first.
DATE_PHRASES = [
    re.compile(
        rf"\b(?:(?:on|last|this past)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?"
        rf"(?:\s*\(\s*{MONTH_NAME}\s+\d{{1,2}}\s*\))?"
    ),
    re.compile(rf"\b(?:on\s+)?{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b(?!:)"),
    re.compile(r"\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening))\b", re.I),
]
#: What each of the DATE_PHRASES cannot match without (a weekday; a month's name before a
#: number; the word itself), found by a much faster search: a sentence without it is
#: passed over.
_NEEDED = [
    re.compile(_WEEKDAY),
    re.compile(rf"{MONTH_NAME}\s+\d"),
    re.compile(r"today|yesterday|tonight|this ", re.I),
]
#: Resolving goes through dateutil, slowly; a batch's articles repeat their phrases.
_resolve = functools.lru_cache(maxsize=4096)(resolve_phrase)


def date_phrase(text: str, start: int, end: int, outside) -> re.Match[str] | None:
    for pattern, needed in zip(DATE_PHRASES, _NEEDED, strict=True):
        if not folding.search(needed, text, start, end):
            continue
        for m in folding.finditer(pattern, text, start, end):
            if outside(m.start()):
                return m
    return None


def resolve(phrase: str, published: PartialDate | None) -> str | None:
    if published is None or published.precision != "day":
        return None
    resolved = _resolve(phrase, published.last)
    return resolved.iso if resolved else None

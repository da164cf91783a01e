"""Case-insensitive patterns read faster on a lower-case copy of the text.

Python's `re` tries a case-insensitive pattern at every position the slow way: each
letter is lowered and compared, and no branch of an alternation can be skipped by its
first letter. The same pattern without IGNORECASE, read on the text in lower case, finds
the same spans about twice as fast (the frames of attribution, the descriptions, the
clause separators). It does so only when lower case is all IGNORECASE knows, which this
module proves for each text and each pattern before it takes the fast way:

- the text's letters are Latin-1 or have no case at all (quotation marks, dashes, CJK):
  outside Latin-1, IGNORECASE also pairs letters lower() keeps apart (the Kelvin sign
  and "k", the long s and "s", Greek and Turkish letters);
- the pattern's source has no capital, no letter with a case outside Latin-1, no inline
  flag, no character given by its code point, and no range of characters but a-z and
  0-9 (a range such as "!-~" holds capitals without writing one).

Otherwise the pattern reads the text as it is. The matches handed back are always the
pattern's own on the original text (a match found on the lower-case copy is matched
again at its position), so their words keep their case.
"""

from __future__ import annotations

import re

_last_folded: tuple[str | None, str | None] = (None, None)


def folded(text: str) -> str | None:
    """`text` in lower case, character for character, when IGNORECASE reads it as
    lower() does; else None. Kept for the last text asked: an article is read sentence
    by sentence."""
    global _last_folded
    last = _last_folded  # one read: a tuple replaced whole is safe across threads
    if last[0] is not text:
        # Most characters are Latin-1 or general punctuation, all plain: only the others
        # are looked at one by one.
        unusual = set(_UNUSUAL.findall(text))
        low = text.lower() if all(_plain(c) for c in unusual) else None
        last = _last_folded = (text, low)
    return last[1]


def _plain(char: str) -> bool:
    """Is a character Latin-1, or without case?"""
    return char <= "\xff" or char.lower() == char == char.upper()


#: A character neither Latin-1 nor general punctuation (quotation marks, dashes, the
#: ellipsis), which are all plain.
_UNUSUAL = re.compile(r"[^\x00-\xff\u2000-\u206f]")


#: The parts of a pattern's source: an escape, a group's name, an inline flag, a character.
_PART = re.compile(r"\\.|\(\?P[<=][^>)]*[>)]|\(\?[aiLmsux-]+[:)]|.", re.S)
#: The only ranges of characters a safe class may hold.
_SAFE_RANGES = (("a", "z"), ("0", "9"))


#: Each pattern asked about (by id: hashing a pattern hashes its whole compiled code)
#: → (the pattern, its twin or None).
_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern without IGNORECASE, when its source is safe to read on folded text
    (see the module's docstring); else None."""
    kept = _TWINS.get(id(pattern))
    if kept is None or kept[0] is not pattern:
        sensitive = None
        if pattern.flags & re.IGNORECASE and _safe(pattern.pattern):
            sensitive = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        kept = _TWINS[id(pattern)] = (pattern, sensitive)
    return kept[1]


def _safe(source: str) -> bool:
    """Is a source free of capitals, of letters with a case outside Latin-1, of inline
    flags, of characters by code point, and of ranges but a-z and 0-9?"""
    parts = [m.group(0) for m in _PART.finditer(source)]
    in_class = False
    for i, part in enumerate(parts):
        if part.startswith("(?P") or (part.startswith("\\") and part[1] not in "xuUN0123456789"):
            continue  # a group's name, or an escape such as \s, \W, \.
        if len(part) > 1 or part != part.lower() or not _plain(part):
            return False  # an inline flag, a code point, a capital, a letter with a case
        if in_class and _range(parts, i) not in (None, *_SAFE_RANGES):
            return False
        if part == "[" and not in_class:
            in_class = True
        elif part == "]" and in_class and parts[i - 1] not in ("[", "^"):
            in_class = False
    return True


def _range(parts: list[str], i: int) -> tuple[str, str] | None:
    """The ends of the range whose dash is parts[i] inside a class, if it is one (a dash
    first or last in its class is the character itself)."""
    if parts[i] != "-" or i == 0 or i + 1 == len(parts) or parts[i - 1] == "[":
        return None
    return None if parts[i + 1] == "]" else (parts[i - 1], parts[i + 1])


def _reading(pattern: re.Pattern[str], text: str) -> tuple[str | None, re.Pattern[str] | None]:
    """The folded text and the pattern's twin, both None unless both are safe. The kept
    ones are read here without a call to `folded` or `twin`: this runs for every
    sentence and every pattern."""
    last = _last_folded
    low = last[1] if last[0] is text else folded(text)
    if low is None:
        return None, None
    kept = _TWINS.get(id(pattern))
    sensitive = kept[1] if kept is not None and kept[0] is pattern else twin(pattern)
    return (low, sensitive) if sensitive is not None else (None, None)


def finditer(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """`pattern.finditer(text, start, end)`, found on the folded text when that is safe."""
    low, sensitive = _reading(pattern, text)
    if sensitive is None:
        return list(pattern.finditer(text, start, end))
    # The same span, matched again on the text itself: its words keep their case.
    return [pattern.match(text, m.start(), end) for m in sensitive.finditer(low, start, end)]


def search(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """`pattern.search(text, start, end)`, found on the folded text when that is safe."""
    low, sensitive = _reading(pattern, text)
    if sensitive is None:
        return pattern.search(text, start, end)
    found = sensitive.search(low, start, end)
    return found and pattern.match(text, found.start(), end)


def may_hold(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Might text[start:end] hold one of `words` (in lower case) in any case? On the
    folded text a search for each as a string says so, much faster than a pattern that
    cannot match without one; where the text does not fold, it might."""
    low = _last_folded[1] if _last_folded[0] is text else folded(text)
    if low is None:
        return True
    for word in words:  # noqa: SIM110 (a loop: no generator to make per call)
        if low.find(word, start, end) >= 0:
            return True
    return False

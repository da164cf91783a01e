"""Role and kind, from what a clause does, not from who speaks.

A sentence is cut into clauses where it goes on to another act (";", ", adding",
", saying", "and accused"). Each clause is read against the lexicons: the cues of the
reply kinds (lexicons/reply_kinds.txt, first listed wins) make a response; words of
accusation (lexicons/accusations.txt) make an allegation, or a counter-accusation when
the speaker's side stands accused already or the sentence says it answers ("hit back").
Neighbouring clauses of the same role and kind are one statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.extract.lexicon import accusations, reply_kinds

_CLAUSE_SPLIT = re.compile(
    r";\s+"
    r"|,\s+(?:and\s+)?(?:adding|saying|stressing|insisting|noting|arguing|warning|claiming|accusing"
    r"|urging|calling|pressing|promising|vowing|stating|asserting|declaring|charging)\b"
    r"|,?\s+and\s+(?:also\s+)?(?:accused|said|added|warned|urged|called|charged|insisted|stressed"
    r"|vowed|promised|declared|stated|asserted)\b"
    r"|,\s+(?:while|but|whereas)\s+"
    r"|(?<=[.!?][”\"])\s+|(?<=[.!?])\s+(?=[“\"A-Z])"
)
#: Words saying that a statement answers another.
ANSWERING = re.compile(
    r"\b(?:hit|hits|fired|fires|shot)\s+back\b|\bin\s+(?:response|reply|retaliation)\b"
    r"|\brespon(?:d|ds|ded|ding|se)\b|\brepl(?:y|ied|ies)\b|\bretort(?:ed|s)?\b|\bcounter(?:ed|s)?\b",
    re.I,
)
#: Reply kinds that say what the reply is whatever else the clause holds.
_DECISIVE = ("no-comment", "threat", "protest", "deflection", "other", "acknowledgement")


@dataclass
class Act:
    """A clause's role and kind, with the cue words that decided them."""

    start: int
    end: int
    accusing: bool
    kind: str | None
    cues: list[tuple[int, int, str, str]]


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for m in _CLAUSE_SPLIT.finditer(text, start, end):
        if m.start() > cursor:
            spans.append((cursor, m.start()))
        cursor = m.start() if m.group(0)[:1].isalpha() or m.group(0).startswith(", ") else m.end()
        cursor = max(cursor, m.start())
        if m.group(0).startswith((";", " ")) or not m.group(0).strip():
            cursor = m.end()
    spans.append((cursor, end))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in spans) if b > a]


def read_act(text: str, start: int, end: int, outside) -> Act | None:
    """What one clause does: a reply of some kind, an accusation, both, or nothing."""
    found: list[tuple[int, int, str, str]] = []
    kind = None
    for name, pattern in reply_kinds():
        m = pattern.search(text, start, end)
        if m:
            found.append((m.start(), m.end(), m.group(0), name))
            if kind is None:
                kind = name
    accusing = None
    for group, pattern in accusations().items():
        m = pattern.search(text, start, end)
        if m:
            found.append((m.start(), m.end(), m.group(0), f"accusation ({group})"))
            accusing = accusing or m
    if kind is None and accusing is None:
        return None
    return Act(start, end, accusing is not None, kind, sorted(found))


def decide(act: Act, answering: bool) -> tuple[str, str | None]:
    """(role, kind) of a clause: `answering` when the speaker's side stands accused or
    the sentence says it answers."""
    if act.kind in _DECISIVE:
        return "response", act.kind
    if act.accusing and act.kind is None:
        return ("response", "counter-accusation") if answering else ("allegation", None)
    return "response", act.kind


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,;":
        start += 1
    while end > start and text[end - 1] in " \t\n,;":
        end -= 1
    return start, end

"""The lexicons, read once from the data files beside this module (lexicons/*.txt).

The words that attribute speech, the cues of each reply kind and of accusations, and the
gazetteer of states live in data files with a comment on each group, so that widening a
lexicon is an edit to a list, not to code. This module only reads them and compiles
them into regular expressions.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

LEXICONS = Path(__file__).parent / "lexicons"
#: What may sit between a word and the next in a multi-word cue.
_GAP = r"\s+"


def sections(name: str) -> dict[str, list[str]]:
    """The lines of a lexicon file by [section], comments and blank lines dropped."""
    found: dict[str, list[str]] = {}
    current = found.setdefault("", [])
    for raw in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = found.setdefault(line[1:-1], [])
            continue
        current.append(line)
    return found


def _regular_forms(lemma: str) -> list[str]:
    """-s, -ed and -ing forms of a regular verb ("state" → states, stated, stating)."""
    if lemma.endswith("e"):
        return [lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x")):
        return [lemma + "es", lemma + "ed", lemma + "ing"]
    return [lemma + "s", lemma + "ed", lemma + "ing"]


def _phrase(source: str) -> str:
    """A lexicon line as a pattern: spaces match any run of white space."""
    return source.replace(" ", _GAP)


def _alternation(lines: list[str]) -> str:
    return "|".join(f"(?:{_phrase(line)})" for line in sorted(lines, key=len, reverse=True))


def _bounded(body: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w’'-])(?:{body})(?![\w’-])", flags)


@dataclass(frozen=True)
class Reporting:
    """Reporting verbs (every form, with its group) and frames of attribution."""

    verbs: dict[str, str]
    verb_pattern: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    documents: re.Pattern[str]


@functools.cache
def reporting() -> Reporting:
    verbs: dict[str, str] = {}
    for group, lines in sections("reporting_verbs.txt").items():
        for line in lines:
            forms = line.split()
            for form in forms if len(forms) > 1 else [forms[0], *_regular_forms(forms[0])]:
                verbs.setdefault(form.lower(), group)
    frames = sections("frames.txt")
    return Reporting(
        verbs=verbs,
        verb_pattern=_bounded("|".join(sorted(map(re.escape, verbs), key=len, reverse=True))),
        before=_bounded(_alternation(frames["before"])),
        after=_bounded(_alternation(frames["after"])),
        documents=_bounded(_alternation(frames["document"])),
    )


@functools.cache
def reply_kinds() -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) in the order the file lists them: the first that matches wins."""
    return [
        (kind, _bounded(_alternation(lines)))
        for kind, lines in sections("reply_kinds.txt").items()
        if lines
    ]


@functools.cache
def accusations() -> dict[str, re.Pattern[str]]:
    """Accusing verbs and nouns ("verbs") and the wrongs states are accused of ("wrongs")."""
    return {
        group: _bounded(_alternation(lines))
        for group, lines in sections("accusations.txt").items()
        if lines
    }


@dataclass(frozen=True)
class State:
    id: str
    side: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """States, their organs, bodies named without their state, parties and leaders."""

    states: dict[str, State]
    #: Any way of naming a state (name, other name, capital) → state id.
    by_name: dict[str, str]
    #: Demonyms and possessives ("Chinese", "China's") → state id.
    by_demonym: dict[str, str]
    organs: dict[str, str]
    #: Any name of a body → (id, state id, kind, the name it is declared under).
    institutions: dict[str, tuple[str, str, str, str]]
    parties: dict[str, str]
    leaders: dict[str, tuple[str, str]]


def _items(field: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in field.split(",") if part.strip())


@functools.cache
def gazetteer() -> Gazetteer:
    data = sections("gazetteer.txt")
    states: dict[str, State] = {}
    by_name: dict[str, str] = {}
    by_demonym: dict[str, str] = {}
    for line in data["states"]:
        fields = [f.strip() for f in line.split("|")]
        state_id, side, name = fields[0], fields[1], fields[2]
        state = State(state_id, side, name, *(_items(f) for f in fields[3:6]))
        states[state_id] = state
        for n in (name, *state.names, *state.capitals):
            by_name.setdefault(n, state_id)
            by_demonym.setdefault(n + "’s", state_id)
            by_demonym.setdefault(n + "'s", state_id)
        for n in (name, *state.names, *state.demonyms):
            by_demonym.setdefault(n, state_id)
    organs: dict[str, str] = {}
    for line in data["organs"]:
        kind, words = (f.strip() for f in line.split("|"))
        for word in _items(words):
            organs[word] = kind
    #: Any name of a body → (id, state id, kind, the name it is declared under).
    institutions: dict[str, tuple[str, str, str, str]] = {}
    for line in data["institutions"]:
        body_id, state_id, kind, names = (f.strip() for f in line.split("|"))
        listed = _items(names)
        for n in listed:
            institutions[n] = (body_id, state_id, kind, listed[0])
    parties: dict[str, str] = {}
    for line in data["parties"]:
        state_id, names = (f.strip() for f in line.split("|"))
        for n in _items(names):
            parties[n] = state_id
    leaders: dict[str, tuple[str, str]] = {}
    for line in data["leaders"]:
        name, state_id, kind = (f.strip() for f in line.split("|"))
        leaders[name] = (state_id, kind)
    return Gazetteer(states, by_name, by_demonym, organs, institutions, parties, leaders)

"""The lexicons, read once from the data files beside this module (lexicons/*.txt).

The words that attribute speech, the cues of each reply kind and of accusations, and the
gazetteer of states live in data files with a comment on each group, so that widening a
lexicon is an edit to a list, not to code. This module only reads them and compiles
them into regular expressions.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from pathlib import Path

from claimtrack.extract import folding

LEXICONS = Path(__file__).parent / "lexicons"
#: What may sit between a word and the next in a multi-word cue.
_GAP = r"\s+"
_OPTIONAL_GAP = r"\s*"


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
    """A lexicon line as a pattern: spaces match any run of white space, and an optional
    space (" ?": "cyber ?attacks", "can ?not") any run or none."""
    return source.replace(" ?", _OPTIONAL_GAP).replace(" ", _GAP)


def _alternation(lines: list[str]) -> str:
    return "|".join(f"(?:{_phrase(line)})" for line in sorted(lines, key=len, reverse=True))


def _bounded(
    body: str, flags: int = re.IGNORECASE, lines: list[str] | None = None
) -> re.Pattern[str]:
    """A whole-word pattern. Given the lexicon lines, it opens with a look-ahead on the
    letters they can start with, which lets the regex engine skip most positions
    quickly (a long alternation is otherwise tried at every character)."""
    starts = set().union(*(_first_letters(line) or {""} for line in lines)) if lines else {""}
    ahead = ""
    if "" not in starts:
        # Ignoring case, lower case is enough, and it lets folding.finditer read the
        # pattern on the text in lower case.
        cases = (str.lower,) if flags & re.IGNORECASE else (str.lower, str.upper)
        letters = "".join(sorted({case(s) for s in starts for case in cases}))
        ahead = f"(?=[{letters}])"
    return re.compile(rf"{ahead}(?<![\w’'-])(?:{body})(?![\w’-])", flags)


def _first_letters(pattern: str) -> set[str] | None:
    """The letters a lexicon line can start with; None when it can start otherwise
    (a class, an escape): such a line gets no look-ahead."""
    starts = _prefixes(pattern, 1)
    if starts is None or "" in starts or not all(c.isalpha() for c in starts):
        return None
    return starts


@dataclass(frozen=True)
class Reporting:
    """Reporting verbs (every form, with its group) and frames of attribution."""

    verbs: dict[str, str]
    #: Verb forms that are also nouns: read as nouns after a determiner.
    nouns: frozenset[str]
    #: Participles that are also adjectives: read so after a determiner or preposition.
    adjectives: frozenset[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    documents: re.Pattern[str]
    #: How a document came out, right after it: "posted", "put out".
    published: re.Pattern[str]


@functools.cache
def reporting() -> Reporting:
    verbs: dict[str, str] = {}
    listed = sections("reporting_verbs.txt")
    nouns = frozenset(word.lower() for line in listed.pop("nouns too", []) for word in line.split())
    adjectives = frozenset(
        word.lower() for line in listed.pop("adjectives too", []) for word in line.split()
    )
    for group, lines in listed.items():
        for line in lines:
            forms = line.split()
            for form in forms if len(forms) > 1 else [forms[0], *_regular_forms(forms[0])]:
                verbs.setdefault(form.lower(), group)
    frames = sections("frames.txt")
    return Reporting(
        verbs=verbs,
        nouns=nouns,
        adjectives=adjectives,
        before=_bounded(_alternation(frames["before"]), lines=frames["before"]),
        after=_bounded(_alternation(frames["after"]), lines=frames["after"]),
        documents=_bounded(_alternation(frames["document"]), lines=frames["document"]),
        published=_bounded(_alternation(frames["published"]), lines=frames["published"]),
    )


def word_trie(words: set[str]) -> str:
    """A pattern matching exactly the given words, as a trie: the regex engine branches
    on one character at a time ("sa(?:id|ys?)"), where an alternation of hundreds of
    words would be tried word by word."""
    rests: dict[str, set[str]] = {}
    for word in words:
        rests.setdefault(word[:1], set()).add(word[1:])
    branches = []
    for char, after in sorted(rests.items()):
        longer = after - {""}
        if not char:
            continue
        if not longer:
            branches.append(re.escape(char))
        elif "" in after:  # a word ends here, and longer ones go on
            branches.append(f"{re.escape(char)}(?:{word_trie(longer)})?")
        else:
            branches.append(re.escape(char) + word_trie(longer))
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


_last_documents: tuple = (None, -1, -1, [])


def documents_in(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The documents text[start:end] names ("the statement", "a news release"), kept for
    the last span asked: coreference looks for a sentence's documents, then the reading
    of the sentence looks again for the issuer's."""
    global _last_documents
    last = _last_documents  # one read: a tuple replaced whole is safe across threads
    if last[0] is not text or last[1] != start or last[2] != end:
        found = folding.finditer(reporting().documents, text, start, end)
        last = _last_documents = (text, start, end, found)
    return last[3]


@functools.cache
def accusations() -> dict[str, re.Pattern[str]]:
    """Accusing verbs and nouns ("verbs") and the wrongs states are accused of ("wrongs")."""
    return {
        group: _bounded(_alternation(lines), lines=lines)
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
    #: Provinces, regions and cities: places, which are no one.
    places: frozenset[str] = frozenset()


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
    for table in (by_name, by_demonym):
        for key in list(table):
            for variant in (key.replace("'", "’"), key.replace("’", "'")):
                table.setdefault(variant, table[key])
    places = frozenset(name for line in data["places"] for name in _items(line))
    return Gazetteer(states, by_name, by_demonym, organs, institutions, parties, leaders, places)


#: How many letters of its start a lexicon line is filed under.
PREFIX_LETTERS = 3


def _prefixes(pattern: str, need: int = PREFIX_LETTERS) -> set[str] | None:
    """The literal starts (up to `need` characters, lower case) a lexicon line can match,
    or None when it can start with a class or an escape."""
    if need <= 0 or not pattern:
        return {""}
    char = pattern[0]
    if char.isalpha() or char in " -'’":
        rest = _prefixes(pattern[1:], need - 1)
        return None if rest is None else {char.lower() + r for r in rest}
    if pattern.startswith(("(?<!", "(?<=")):
        # A look-behind takes no characters: the line starts where what follows starts.
        return _prefixes(pattern[_group_end(pattern) + 1 :], need)
    if not pattern.startswith("(?:"):
        return {""} if char in "|)" else None
    close = _group_end(pattern)
    inner, rest = pattern[3:close], pattern[close + 1 :]
    optional = rest[:1] == "?"
    rest = rest[1:] if optional else rest
    found: set[str] = set()
    for alternative in _top_alternatives(inner) + ([""] if optional else []):
        starts = _prefixes(alternative + rest, need)
        if starts is None:
            return None
        found |= starts
    return found


def _group_end(pattern: str) -> int:
    """Where the group that opens `pattern` closes."""
    depth = 0
    for close, char in enumerate(pattern):
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return close
    return len(pattern) - 1


def _top_alternatives(pattern: str) -> list[str]:
    """The alternatives of a pattern split at its top-level bars."""
    parts, depth, part = [], 0, ""
    for char in pattern:
        if char == "|" and depth == 0:
            parts.append(part)
            part = ""
            continue
        depth += char == "("
        depth -= char == ")"
        part += char
    return [*parts, part]


#: How many letters of a line's first words narrow the lines tried at a word: filed
#: under "can", "cannot" is not tried at "Canada".
LEAD_LETTERS = 8


def _lead_letters(pattern: str, need: int = LEAD_LETTERS) -> set[str]:
    """The letters (lower case, up to `need`) a lexicon line's every match opens with, one
    member per way it can open; a member ends at the first character that is not a
    letter, or that a quantifier makes optional."""
    if need <= 0 or not pattern:
        return {""}
    char = pattern[0]
    if char.isalpha():
        if pattern[1:2] in ("?", "*", "{"):
            return {""}
        return {char.lower() + rest for rest in _lead_letters(pattern[1:], need - 1)}
    if pattern.startswith(("(?<!", "(?<=")):
        return _lead_letters(pattern[_group_end(pattern) + 1 :], need)
    if not pattern.startswith("(?:"):
        return {""}
    close = _group_end(pattern)
    rest = pattern[close + 1 :]
    if rest[:1] in ("?", "*", "{"):
        return {""}
    return {
        start
        for alternative in _top_alternatives(pattern[3:close])
        for start in _lead_letters(alternative + rest, need)
    }


@dataclass(frozen=True)
class CueIndex:
    """The reply-kind and accusation lexicons, each line compiled on its own and filed
    under the first letters it can start with: a clause is read by trying, at each word,
    only the few lines that can start there (an alternation of every line would be
    tried at every character)."""

    by_prefix: dict[str, list[tuple[str, re.Pattern[str]]]]
    #: Each line's pattern → the letters it opens with (`_lead_letters`).
    leads: dict[re.Pattern[str], frozenset[str]]
    #: Where a line may start, read on the text in lower case: a word opening with the
    #: letters of some line (or the prefix it is filed under, for a line whose first
    #: letters may be left out). Other words are not looked at one by one.
    starts: re.Pattern[str]
    #: Lines that can start with a class or an escape: searched through the clause.
    anywhere: list[tuple[str, re.Pattern[str]]]
    #: Groups by rank: the reply kinds in file order, then "accusation (…)".
    groups: tuple[str, ...]


@functools.cache
def cue_index() -> CueIndex:
    by_prefix: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    leads: dict[re.Pattern[str], frozenset[str]] = {}
    opens: set[str] = set()
    anywhere: list[tuple[str, re.Pattern[str]]] = []
    groups: list[str] = []
    for name, label in (("reply_kinds.txt", "{}"), ("accusations.txt", "accusation ({})")):
        for group, lines in sections(name).items():
            if not lines:
                continue
            groups.append(label.format(group))
            for line in (part for whole in lines for part in _top_alternatives(whole)):
                entry = (groups[-1], re.compile(rf"(?:{_phrase(line)})(?![\w’-])", re.I))
                leads[entry[1]] = frozenset(_lead_letters(line))
                starts = _prefixes(line)
                if starts is None or "" in starts:
                    anywhere.append(entry)
                    continue
                opens |= leads[entry[1]] if "" not in leads[entry[1]] else starts
                for start in starts:
                    by_prefix.setdefault(start, []).append(entry)
    where = re.compile(rf"(?<![\w’'-])(?={word_trie(opens)})")
    return CueIndex(by_prefix, leads, where, anywhere, tuple(groups))


_WORD_START = re.compile(r"(?<![\w’'-])[A-Za-z]")


@functools.lru_cache(maxsize=16384)
def _lines_starting(head: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The lines that can start at a word whose text opens with `head` (lower case,
    LEAD_LETTERS + 1 characters or fewer where the text ends): those filed under its
    first letters, longest prefix first, and whose opening letters it has."""
    index = cue_index()
    filed = tuple(
        entry
        for size in range(min(len(head), PREFIX_LETTERS), 0, -1)
        for entry in index.by_prefix.get(head[:size], ())
    )
    if not head.isascii():
        return filed  # lower() may change the length of a letter outside ASCII
    letters = len(head) - len(head.lstrip(string.ascii_lowercase))
    run = head[:letters]
    # Cut short by the head's length, the run of letters may go on past it.
    whole = letters < len(head) or len(head) <= LEAD_LETTERS
    return tuple(
        entry
        for entry in filed
        if any(
            run.startswith(lead) or (not whole and lead.startswith(run))
            for lead in index.leads[entry[1]]
        )
    )


def find_cues(text: str, start: int, end: int, skip=None) -> dict[str, tuple[int, int, str]]:
    """The first cue of each group in text[start:end]: group → (start, end, words).
    Positions where `skip(position)` holds (inside a name: the "Foreign Interference
    Commission") hold no cue."""
    index = cue_index()
    first: dict[str, tuple[int, int, str]] = {}
    low = folding.folded(text)
    words = (
        _WORD_START.finditer(text, start, end)
        if low is None
        else index.starts.finditer(low, start, end)
    )
    for word in words:
        at = word.start()
        for group, pattern in _lines_starting(text[at : at + LEAD_LETTERS + 1].lower()):
            if group in first:
                continue
            m = pattern.match(text, at, end)
            if m and not (skip and skip(at)):
                first[group] = (m.start(), m.end(), m.group(0))
    for group, pattern in index.anywhere:
        m = pattern.search(text, start, end)
        while m and (
            not (m.start() == start or _WORD_START.match(text, m.start()))
            or (skip and skip(m.start()))
        ):
            m = pattern.search(text, m.start() + 1, end)
        if m and (group not in first or m.start() < first[group][0]):
            first[group] = (m.start(), m.end(), m.group(0))
    return first

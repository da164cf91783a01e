"""Actors and their mentions: who the text names, with the side each belongs to.

Three sources, most specific first: the actor registry (the database's actors and the
shipped ones), the gazetteer of states with their organs, institutions, parties and
leaders (lexicons/gazetteer.txt), and people the article introduces with a title or an
apposition ("Mao Ning, Chinese Foreign Ministry spokesperson"). A person's side comes
from the state named in their title or apposition, never from the title alone: a
spokesperson is Beijing's only when the text says it is a Chinese one.

Every actor the article uses and the registry lacks is a new actor of the article's
`Cast`, declared in its bundle.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from claimtrack.actors import Actor, ActorRegistry
from claimtrack.actors import name_key as _name_key
from claimtrack.extract.layout import abbreviation_before
from claimtrack.extract.lexicon import gazetteer, reporting, word_trie

#: Capitalised words that start sentences or name things, never a person's first name.
NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "By",
        "For",
        "From",
        "Of",
        "To",
        "With",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "His",
        "Her",
        "Their",
        "We",
        "Our",
        "Us",
        "I",
        "You",
        "Your",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Earlier",
        "Later",
        "Last",
        "Next",
        "Also",
        "However",
        "Meanwhile",
        "According",
        "Asked",
        "Speaking",
        "Responding",
        "Under",
        "Despite",
        "Although",
        "Though",
        "Even",
        "Such",
        "Any",
        "Every",
        "Some",
        "Both",
        "Other",
        "Another",
        "One",
        "Two",
        "Three",
        "Many",
        "Several",
        "Most",
        "All",
        "No",
        "Not",
        "Yes",
        "Neither",
        "Either",
        "Nor",
        "Then",
        "Now",
        "Here",
        "There",
        "Why",
        "What",
        "How",
        "Where",
        "Who",
        "Whether",
        "Because",
        "Further",
        "Still",
        "Yet",
        "So",
        "Instead",
        "Until",
        "Over",
        "During",
        "Without",
        "Among",
        "Against",
        "Through",
    ]
)
#: Words of titles that stand before a name ("Foreign Affairs Minister Anita Anand").
TITLE_WORDS = frozenset(
    [
        "Minister",
        "Foreign",
        "Affairs",
        "Prime",
        "President",
        "Premier",
        "Senator",
        "Sen",
        "Secretary",
        "State",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Ambassador",
        "Envoy",
        "Consul",
        "Commissioner",
        "Chief",
        "Deputy",
        "Public",
        "Safety",
        "International",
        "Trade",
        "Defence",
        "Defense",
        "Justice",
        "Finance",
        "Agriculture",
        "Home",
        "Leader",
        "Chair",
        "Chairman",
        "Director",
        "General",
        "Governor",
        "Mayor",
        "Judge",
        "Justice",
        "Sergeant",
        "Sgt",
        "Corporal",
        "Inspector",
        "Superintendent",
        "Representative",
        "Rep",
        "Congressman",
        "Congresswoman",
        "Democratic",
        "Republican",
        "Conservative",
        "Liberal",
        "Party",
        "Member",
        "MP",
        "MPs",
        "Lawmaker",
        "Legislator",
        "Parliamentarian",
        "Opposition",
        "Former",
        "Acting",
        "Interim",
        "Vice",
        "Head",
        "Executive",
        "Officer",
        "CEO",
        "Founder",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Prof",
        "Professor",
        "Lord",
        "Lady",
        "Sir",
        "Dame",
        "Commander",
        "Senior",
        "Lieutenant",
        "Captain",
        "Brigadier",
        "Colonel",
        "General",
        "Admiral",
        "Lt",
        "Research",
        "Fellow",
        "Analyst",
        "Economist",
        "Immigration",
        "Industry",
        "Innovation",
        "Health",
        "Environment",
        "Global",
        "Canadian",
        "Chinese",
        "Attorney",
        "Solicitor",
        "Fisheries",
        "Oceans",
        "Minister's",
        "Ministry",
        "Department",
        "Dept",
    ]
)
#: Last words that make a capitalised phrase an organisation, not a person.
#: Last words of the name of a place, which is no one: "Second Thomas Shoal".
PLACE_WORDS = frozenset(
    [
        "Shoal",
        "Shoals",
        "Reef",
        "Reefs",
        "Island",
        "Islands",
        "Isles",
        "Sea",
        "Strait",
        "Bay",
        "Gulf",
        "River",
        "Lake",
        "Mountains",
        "Peninsula",
        "Province",
        "Region",
        "Prefecture",
        "County",
        "District",
        "Square",
        "Street",
        "Avenue",
        "Airport",
        "Harbour",
        "Harbor",
        "Port",
        "Valley",
        "Desert",
        "Coast",
        "Building",
        "Hall",
        "Tower",
        "Plaza",
        "Bridge",
    ]
)
ORG_WORDS = frozenset(
    [
        "Institute",
        "Institution",
        "Defenders",
        "Party",
        "Commission",
        "Times",
        "Post",
        "News",
        "Press",
        "Media",
        "Daily",
        "Agency",
        "Council",
        "Association",
        "University",
        "Foundation",
        "Centre",
        "Center",
        "Group",
        "Company",
        "Corporation",
        "Corp",
        "Inc",
        "Ltd",
        "Network",
        "Watch",
        "International",
        "Office",
        "Service",
        "Services",
        "Bureau",
        "Committee",
        "Coalition",
        "Alliance",
        "Union",
        "Court",
        "Tribunal",
        "Bank",
        "Fund",
        "Forum",
        "Review",
        "Journal",
        "Herald",
        "Star",
        "Globe",
        "Mail",
        "Telegraph",
        "Guardian",
        "Radio",
        "Television",
        "TV",
        "Broadcasting",
        "Olympics",
        "Games",
        "Organization",
        "Organisation",
        "Foundation",
        "Project",
        "Initiative",
        "Lab",
        "Labs",
        "Security",
        "Establishment",
        "Mechanism",
        "Assembly",
        "Parliament",
        "Congress",
        "Senate",
        "House",
        "Navy",
        "Army",
        "Guard",
        "Police",
        "Force",
        "Forces",
        "Authority",
        "Authorities",
        "Administration",
        "Department",
        "Ministry",
        "Embassy",
        "Consulate",
        "Mission",
        "Airlines",
        "Technologies",
        "Technology",
        "Telecom",
        "Holdings",
        "Club",
        "Command",
    ]
)
#: A capitalised word or an initial ("J."); a name runs over words on one line.
_WORD = r"(?:[A-Z]\.|[A-ZÀ-Ý][\w’'-]*)"
#: The first word's capital comes first in the pattern and the look-behinds after it (a
#: character further back): a pattern that opens on a class of characters lets the
#: regex engine skip to the next capital at once, a third faster than trying each
#: position. Then an initial ("J.") or the rest of the word.
_FIRST_WORD = r"[A-ZÀ-Ý](?<![\w’'-].)(?<!\w\..)(?:(?<=[A-Z])\.|[\w’'-]*)"
_NAME = re.compile(
    rf"{_FIRST_WORD}"
    # particles inside a name: "bin", "van", and "d'" glued to its word ("d'Entremont")
    rf"(?:[ \t]+(?:{_WORD}|(?:bin|van|de|von|al|da)(?![\w’'-])|[dl][’'][A-ZÀ-Ý][\w’'-]*))*"
)
_POSSESSIVE = re.compile(r"[’']s$")
_APOSTROPHES = re.compile(r"[’']")
#: Lower-case title words between an organ and a name ("Chinese embassy spokesperson X").
_TITLE_GAP = re.compile(r"\s*(?:[a-z-]+\s+){0,2}")
#: A phrase a sentence opens on before naming where it happens: "In Canada, Minister X"
#: (not "…relatives in Hong Kong, Minister X announced").
_OPENING_PLACE = re.compile(r"\s*(?:(?:In|At|From|Across|Inside)\s+)?(?:the\s+)?")
#: An adverbial phrase a sentence opens on: "At a briefing in Beijing on Tuesday, …".
_OPENING_PHRASE = re.compile(
    r"\s*(?:At|In|During|On|From|After|Before|Speaking|Addressing|Asked|Answering)\b"
)
#: "in" right before a place, in a phrase a sentence opens on.
_IN_PLACE = re.compile(r"(?<![\w’'-])(?:in|at|from)\s+$", re.I)
#: What may follow that place before the phrase's comma: "in Beijing on Tuesday,".
_PLACE_CLOSED = re.compile(r"(?:\s+(?:on|this|last)\s+[\w-]+)?\s*,")
#: A title in lower case right before a name ("ministry spokesman Lin Jian").
#: The titles that, in lower case right before a name, make it an official's.
_LOWER_TITLES = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "ambassador",
        "envoy",
        "diplomat",
        "secretary",
        "premier",
        "president",
        "mayor",
        "director",
    ]
)
#: The titles of someone speaking for a body, as a pattern to build on.
SPOKESPERSON = r"spokes(?:wo)?man|spokesperson"
_LOWER_TITLE_BEFORE = re.compile(
    rf"(?<![\w’'-])(?P<organ>(?:[a-z]+\s+){{0,2}})(?P<title>{SPOKESPERSON}"
    r"|minister|ambassador|envoy|diplomat|secretary|premier|president|mayor|director)\s+$"
)
#: A person named by a title, as a subject ("the ambassador", "Senator Wong" is a name).
PERSON_KINDS = frozenset(
    {"person", "spokesperson", "official", "minister", "prime-minister", "mp", "diplomat"}
    | {"head-of-state", "head-of-government"}
)
_PERSON_ORGANS = {
    "spokesperson": "spokesperson",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "ambassador": "diplomat",
    "envoy": "diplomat",
    "consul": "diplomat",
    "diplomat": "diplomat",
    "minister": "minister",
    "foreign minister": "minister",
    "prime minister": "prime-minister",
    "premier": "prime-minister",
    "president": "head-of-state",
}


def _opens_sentence(text: str, at: int) -> bool:
    """Does a sentence (or a quotation, or a clause after a colon) open at `at`?"""
    before = text[max(0, at - 20) : at].rstrip()
    return not before or before[-1] in '.!?:;"“”\n'


def _kind_of_title(title: list[str]) -> str:
    """What a person's title makes them: "Prime Minister" a prime minister, "Foreign
    Ministry spokesperson" a spokesperson; any other title an official."""
    if not title:
        return "person"
    words = " ".join(title).lower()
    found = [(words.rfind(t), len(t), kind) for t, kind in _PERSON_ORGANS.items() if t in words]
    return max(found)[2] if found else "official"


@dataclass
class Mention:
    """An actor named (or referred to) at a span of the text."""

    start: int
    end: int
    actor: str
    via: str


#: The registry's form of a name, kept for the names asked most (a person is named in
#: many sentences, and the same officials in many articles of a batch).
name_key = functools.lru_cache(maxsize=8192)(_name_key)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=8192)
def slug(words: str) -> str:
    """An actor id from a name: accents folded ("Rūta Kazlauskienė" → ruta-kazlauskiene),
    anything else not a letter or digit a dash."""
    folded = unicodedata.normalize("NFKD", name_key(words)).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", folded).strip("-") or "actor"


@functools.cache
def _gazetteer_patterns() -> dict[str, re.Pattern[str]]:
    g = gazetteer()

    def names(items) -> str:
        return "|".join(
            _APOSTROPHES.sub("['’]", re.escape(n).replace(r"\ ", r"\s+"))
            for n in sorted(set(items), key=len, reverse=True)
        )

    # A trie: the regex engine reads one letter at a time, where an alternation tries
    # every organ in turn. It finds the longest organ the text holds, as the longest
    # first would (the organs are in lower case, and ignoring case is all they ask).
    organs = word_trie({o.lower() for o in g.organs}).replace(r"\ ", r"\s+")
    states = names(g.by_name)
    # A title between a state and its organ is a whole word (white space follows it):
    # a trie finds it as the alternation would, a letter at a time.
    titles = word_trie(TITLE_WORDS)
    organ_initials = "".join(sorted({c for o in g.organs for c in (o[0].lower(), o[0].upper())}))
    place = rf"(?:\s+(?:in|to|at)\s+(?P<place>{states}))?"
    return {
        "organ_tail": re.compile(
            rf"\s+(?:(?:[A-Za-z][a-z]+(?:-[A-Za-z][a-z]+)?|{titles})\s+){{0,2}}?"
            rf"(?P<organ>(?i:{organs}))(?![\w’-]){place}"
        ),
        "organ_of": re.compile(
            rf"(?=[{organ_initials}])(?<![\w’'-])(?P<organ>(?i:{organs}))\s+of\s+(?:the\s+)?$"
        ),
        "place": re.compile(rf"\s+(?:in|to|at)\s+(?P<place>{states})(?![\w-])"),
        "state": re.compile(rf"(?=[A-Z])(?<![\w’'-])(?P<state>{states})(?![\w-])"),
    }


def registry_names(registry: ActorRegistry) -> dict[str, str]:
    """The registry's usable names in the form `name_words` gives them → actor id, built
    once per registry (and again when it grows)."""
    if _REGISTRY_NAMES.get("registry") is not registry or _REGISTRY_NAMES.get("size") != len(
        registry.actors
    ):
        names = {
            name_words(n): a.id
            for a in registry.actors.values()
            for n in (a.name, *a.aliases)
            if _usable_alias(n)
        }
        _REGISTRY_NAMES.update(registry=registry, size=len(registry.actors), names=names)
    return _REGISTRY_NAMES["names"]


_REGISTRY_NAMES: dict = {}
_TOKEN = re.compile(r"(?<![\w’'-])[\w’'.-]+")


def name_words(words: str) -> str:
    """Words compared as registry names are: lower case, straight apostrophes."""
    return " ".join(words.replace("’", "'").lower().split())


_last_lowered: tuple[str | None, str] = (None, "")


def _lowered(text: str) -> str:
    """The text as `name_words` compares words (lower case, straight apostrophes), kept
    for the last text asked; empty when lower case would move the offsets."""
    global _last_lowered
    last = _last_lowered  # one read: a tuple replaced whole is safe across threads
    if last[0] is not text:
        low = text.lower().replace("’", "'")
        last = _last_lowered = (text, low if len(low) == len(text) else "")
    return last[1]


def clear_of(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does text[start:end] overlap none of `spans`? (A loop: asked for every actor
    found, it makes no generator per call.)"""
    for taken_start, taken_end in spans:  # noqa: SIM110 (a loop, for speed)
        if end > taken_start and start < taken_end:
            return False
    return True


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does one of `spans` hold all of text[start:end]? (A loop, as `clear_of`.)"""
    for taken_start, taken_end in spans:  # noqa: SIM110 (a loop, for speed)
        if taken_start <= start and end <= taken_end:
            return True
    return False


def _capitalised(text: str, start: int, end: int) -> bool:
    """Is a name written as a name: its first word after "the" capitalised ("the Globe",
    not "around the globe")?"""
    words = text[start:end].split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return not words[0][:1].islower()


def registry_hits(
    text: str, start: int, end: int, names: dict[str, str]
) -> list[tuple[int, int, str]]:
    """(start, end, actor id) of the registry names in text[start:end], longest first,
    by a look-up of runs of words in any case, then kept only when written as a name."""
    spans = _first_words(names)
    hits = []
    resume = start  # where the text no hit has taken begins
    for a, b, first in _registry_openers(text, start, end, spans):
        if a < resume:
            continue
        if text[a].islower():
            # A name written as a name starts with a word not in lower case, or with
            # "the" before one (the next word starts at the next character of a word).
            after = _TOKEN_CHAR.search(text, b, end) if first == "the" else None
            if after is None or text[after.start()].islower():
                continue
        tokens = [(a, b)]
        for j in range(_last_word(text, end, spans[first], names, tokens), -1, -1):
            if j > 0 and text[tokens[j - 1][1] : tokens[j][0]].strip():
                continue
            b = tokens[j][1]
            # One word is `first` already in the form `name_words` gives.
            words = name_words(text[a:b]) if j > 0 else first
            key = words if words in names else words.rstrip(".")
            if key in names and _capitalised(text, a, b):
                if j == 0 and _goes_on(text, tokens, j):
                    break  # "Mao Zedong" is not the "Mao" of the registry
                hits.append((a, b - (len(words) - len(key)), names[key]))
                resume = b
                break
    return hits


def _last_word(
    text: str, end: int, reach: int, names: dict[str, str], tokens: list[tuple[int, int]]
) -> int:
    """Add to `tokens` (the first word) the words a registry name may run over and the
    one after it, and say which of them the name may end on: none past the first when
    the first two words start no name ("The ministry"), for the words up to any later
    one start with those two, full stops aside (in ASCII, where lower case changes no
    letter for what follows it); then only the word after the first is read (it starts
    at the next character a word holds)."""
    a, b = tokens[0]
    after = _TOKEN_CHAR.search(text, b, end)
    if after is None:
        return 0
    second = _TOKEN.match(text, after.start(), end)
    tokens.append(second.span())
    if reach > 1:
        lead = text[a : second.end()]
        if lead.isascii() and name_words(lead).rstrip(".") not in _name_starts(names):
            return 0
        words = _TOKEN.finditer(text, second.end(), end)
        tokens.extend(m.span() for m in islice(words, reach - 1))
    return min(len(tokens), reach) - 1


_NAME_STARTS: dict[int, tuple[dict, frozenset[str]]] = {}


def _name_starts(names: dict[str, str]) -> frozenset[str]:
    """Every start of a registry name, a whole name included (kept per table)."""
    kept = _NAME_STARTS.get(id(names))
    if kept is None or kept[0] is not names:
        starts = frozenset(name[:k] for name in names for k in range(1, len(name) + 1))
        kept = _NAME_STARTS[id(names)] = (names, starts)
    return kept[1]


def _registry_openers(
    text: str, start: int, end: int, spans: dict[str, int]
) -> list[tuple[int, int, str]]:
    """(start, end, words as `name_words` gives them) of the words of text[start:end]
    that open a registry name. Most words open none: on the text in lower case, one scan
    of a trie of the first words finds the others; else each word is looked up."""
    low = _lowered(text)
    # A scan from inside a word starts a word after a full stop ("U.|S." reads "S."):
    # only the word-by-word reading reads it so.
    if low and not (start and _TOKEN_CHAR.match(text, start - 1)):
        return [(*m.span(), m.group(0)) for m in _openers(spans).finditer(low, start, end)]
    words = (m.span() for m in _TOKEN.finditer(text, start, end))
    forms = ((a, b, low[a:b] if low else text[a:b].lower().replace("’", "'")) for a, b in words)
    return [(a, b, form) for a, b, form in forms if form in spans]


#: A character of a word as `_TOKEN` reads them.
_TOKEN_CHAR = re.compile(r"[\w’'.-]")


def _cuts_word(text: str, at: int) -> bool:
    """Does offset `at` fall inside a word (between two of its characters)?"""
    return 0 < at < len(text) and _word_char(text[at - 1]) and _word_char(text[at])


def _word_char(char: str) -> bool:
    """Is a character one of a word as `_TOKEN_CHAR` reads them? (`\\w` is what
    `isalnum` says, and the underscore; no regex call for one character.)"""
    return char.isalnum() or char in "_’'.-"


_OPENERS: dict[int, tuple[dict, re.Pattern[str]]] = {}


def _openers(spans: dict[str, int]) -> re.Pattern[str]:
    """The words `_TOKEN` finds that are a key of `spans`, on the text in lower case: a
    word starts after a character that is no word's and runs to the next such character
    (kept for the process's life, per table)."""
    kept = _OPENERS.get(id(spans))
    if kept is None or kept[0] is not spans:
        firsts = {w for w in spans if re.fullmatch(r"[\w’'.-]+", w)}
        trie = word_trie(firsts) if firsts else "(?!)"
        kept = _OPENERS[id(spans)] = (spans, re.compile(rf"(?<![\w’'.-])(?:{trie})(?![\w’'.-])"))
    return kept[1]


def _goes_on(text: str, tokens: list[tuple[int, int]], j: int) -> bool:
    """Does a capitalised word follow token j within the same name (one space apart)?"""
    if j + 1 >= len(tokens) or text[tokens[j][1] : tokens[j + 1][0]] != " ":
        return False
    return text[tokens[j + 1][0]].isupper()


def _usable_alias(name: str) -> bool:
    """Registry names the extractor looks for: proper names, not common words ("media",
    "researchers") nor a demonym and an organ ("Chinese Embassy"), which the gazetteer
    reads better because it keeps the place ("the Chinese embassy in London")."""
    if not any(c.isupper() for c in name) or len(name) < 2:
        return False
    g = gazetteer()
    words = name.replace("the ", "").split(None, 1)
    if len(words) == 2 and words[0] in g.by_demonym and words[1].lower() in g.organs:
        return False
    return not (name in g.by_name or name in g.by_demonym)


@functools.lru_cache(maxsize=4096)
def _read_phrase(
    phrase: str, surname: bool
) -> tuple[tuple[str, ...], int, int, list[str], str] | None:
    """What `Cast._name` reads in a capitalised phrase alone, kept per phrase (the same
    names come back sentence after sentence): the title words before the name, where
    the name starts and ends in the phrase, its words and the name without a
    possessive; None when no name is left. `surname`: the phrase opens on "He" as a
    surname, not a pronoun. (The words are not to be changed.)"""
    g = gazetteer()
    words = phrase.split()
    a = 0
    # Leading capitalised function words ("The", "In") and titles are not the name.
    title: list[str] = []
    # The name of a body keeps its title-like words ("The Global Times").
    body = words[-1] in ORG_WORDS
    while (
        words
        and not surname
        and (
            words[0] in NOT_NAMES
            or (words[0].rstrip(".") in TITLE_WORDS and not body)
            # a demonym before a title: "Japanese Prime Minister X", not "Saudi Arabia"
            or (
                not body
                and words[0] in g.by_demonym
                and words[1:2]
                and words[1].rstrip(".") in TITLE_WORDS
            )
        )
    ):
        if words[0] not in NOT_NAMES:
            title.append(words[0])
        a = phrase.index(words[0], a) + len(words[0])
        words = words[1:]
    if not words:
        return None
    # "West Nova MP Colleen Amirault": a title inside the phrase ends what goes
    # before the name (a riding, a province), which is part of the title.
    inner = [i for i, w in enumerate(words[:-1]) if w.rstrip(".") in TITLE_WORDS]
    if inner and not body and len(words) - inner[-1] > 1:
        for word in words[: inner[-1] + 1]:
            a = phrase.index(word, a) + len(word)
        title.extend(words[: inner[-1] + 1])
        words = words[inner[-1] + 1 :]
    a = phrase.index(words[0], a)
    b = len(phrase)
    while b > a and phrase[b - 1] == ".":  # a full stop is not part of the name
        b -= 1
    words = phrase[a:b].split()
    # "Meng's Vancouver arrest": a possessive ends the name.
    for i, word in enumerate(words[:-1]):
        if _POSSESSIVE.search(word):
            words = words[: i + 1]
            b = a + len(" ".join(words))
            break
    if not words or words[-1].rstrip("’'s") in TITLE_WORDS:
        return None
    name = " ".join(words)
    possessive = _POSSESSIVE.search(name)
    if possessive:
        name = name[: possessive.start()]
        b -= len(possessive.group(0))
    return tuple(title), a, b, words, name


#: The word after a name, to see whether the name speaks ("Huawei said").
_SPEAKS_NEXT = re.compile(r"\s+([a-z]+)\b")
#: The share of a line's longer words that are capitalised when the line is in title case.
TITLE_CASE_SHARE = 0.8


class Cast:
    """The actors of one article: registry actors, gazetteer actors and new people, with
    the short names ("Mao", "the RCMP") the article uses for them."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        self.new: dict[str, Actor] = {}
        self.short: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.home: str | None = None
        #: The state of the organ of each kind met last ("ministry" → china).
        self.recent: dict[str, str] = {}
        #: The state of the latest speaker who speaks for one.
        self.speaking_state: str | None = None
        #: The state the latest allegation or counter-accusation accuses.
        self.accused_state: str | None = None
        #: The state that spoke before the one speaking now, when they differ.
        self.spoke_before: str | None = None
        #: Does a question put to its speaker open the sentence read now ("Asked about
        #: the incident, spokesperson X said")? The state last accused answers it.
        self.asked = False
        #: Was the last statement a reply by the state speaking now?
        self.speaker_replied = False
        #: Does the sentence read now hold a reply's words? Asked only when needed.
        self.replies_here: Callable[[], bool] = lambda: False
        #: The first state the sentence read now names (a spokesperson with nothing
        #: else to place them speaks for it: "China's policy is defensive, foreign
        #: ministry spokesman X said").
        self.sentence_state: str | None = None
        self._registry_names = registry_names(registry)
        #: The people this article names, by their full names.
        self.people: dict[str, str] = {}
        #: The bodies this article names, by the words naming them ("Hong Kong Security
        #: Bureau"): a name they end in names them later ("the Security Bureau").
        self.bodies: dict[str, str] = {}
        #: Spans in title case (a headline), where capitals do not mark names.
        self.title_case: list[tuple[int, int]] = []
        self._lineages: dict[str, list[str]] = {}
        #: The text, start, end and hits of the last span `mentions` read, by table (its
        #: demonyms and institutions).
        self._sentence_hits: tuple = (None, 0, 0, {})
        #: The names of states and capitals in the sentence read last (`state_hits`).
        self._sentence_names: list[tuple[int, int, str]] = []

    # ---------------------------------------------------------------- actors

    def actor(self, actor_id: str) -> Actor:
        return self.new.get(actor_id) or self.registry.actors[actor_id]

    def side(self, actor_id: str) -> str:
        return self.actor(actor_id).side

    def kind(self, actor_id: str) -> str:
        role = self.roles.get(actor_id)
        if role:
            return role
        # `actor` written out: asked for every mention, often several times.
        return (self.new.get(actor_id) or self.registry.actors[actor_id]).kind or "person"

    def is_state_actor(self, actor_id: str) -> bool:
        """A state, or someone or something under one (a ministry, an official)."""
        root = self.actor(self.lineage(actor_id)[-1])
        return root.kind == "state" and root.side != "other" or root.id in gazetteer().states

    def spoke(self, actor_id: str) -> None:
        root = self.lineage(actor_id)[-1]
        if root in gazetteer().states:
            if self.speaking_state and self.speaking_state != root:
                self.spoke_before = self.speaking_state
            self.speaking_state = root

    def _answering_state(self) -> str | None:
        """The state a spokesperson with no state of their own answers for, asked a
        question or replying: the other party to the exchange, the last state that
        spoke before the one speaking now ("China's mission said … Asked about the
        statement, trade spokesperson X pushed back" is the other party's), else the
        state last accused."""
        return self.spoke_before or self.accused_state

    def states_by_demonym(self, text: str, start: int, end: int) -> list[str]:
        """The states the words name by a demonym or a possessive ("a Chinese jet")."""
        g = gazetteer()
        return [self.state(g.by_demonym[key]) for _, _, key in self._demonyms(text, start, end)]

    def names_state(self, text: str, start: int, end: int) -> bool:
        """Do the words name a state, or its people, anywhere (in quotes too)?"""
        return bool(self._demonyms(text, start, end))

    def _demonyms(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """`state_hits` of the demonyms in text[start:end]."""
        return self._hits(text, start, end, gazetteer().by_demonym)

    def _hits(self, text: str, start: int, end: int, table: dict) -> list[tuple[int, int, str]]:
        """`state_hits` of a table in text[start:end]. For a clause of the sentence read
        last (or an apposition in it), with the sentence's hits of that table kept, they
        are the sentence's hits inside it, unless an end of the clause cuts a word or a
        hit: the look-up goes from word to word, and a hit that stays on one side of a
        clause's end is found alike by a look-up of either side."""
        kept_text, s0, s1, by_table = self._sentence_hits
        hits = by_table.get(id(table)) if kept_text is text and s0 <= start <= end <= s1 else None
        if hits is None:
            return state_hits(text, start, end, table)
        for at in (start, end):
            if _cuts_word(text, at):
                return state_hits(text, start, end, table)
            for a, b, _ in hits:
                if a < at < b:
                    return state_hits(text, start, end, table)
        return [hit for hit in hits if start <= hit[0] and hit[1] <= end]

    def lineage(self, actor_id: str) -> list[str]:
        """The actor and its parents, up to the root (kept: an actor's parent is set when
        it is made; the list is not to be changed)."""
        chain = self._lineages.get(actor_id)
        if chain is None:
            chain = []
            parent = actor_id
            while parent and parent not in chain:
                chain.append(parent)
                parent = self.actor(parent).parent or ""
            self._lineages[actor_id] = chain
        return chain

    def _make(self, actor: Actor) -> str:
        if actor.id in self.registry.actors or actor.id in self.new:
            return actor.id
        self.new[actor.id] = actor
        return actor.id

    def state(self, state_id: str) -> str:
        state = gazetteer().states[state_id]
        if state_id in self.registry.actors:
            return state_id
        return self._make(Actor(state_id, state.name, state.side, "state", None, []))

    def organ(self, state_id: str, organ: str, place: str | None) -> str:
        """An organ of a state: its embassy (in a place), ministry, officials."""
        state = gazetteer().states[state_id]
        words = " ".join(organ.lower().split())
        kind = _PERSON_ORGANS.get(words) or gazetteer().organs.get(words, "ministry")
        if kind in ("official",):
            kind = "official"
        for word in words.split():
            self.recent[word] = state_id
        where = f" in {place}" if place else ""
        name = f"{state.name} {words}{where}"
        if kind == "ministry" and words in ("government", "authorities", "side", "regime"):
            return self.state(state_id)
        known = self.registry.find(name)
        if known:
            return known.id
        parent = self.state(state_id)
        return self._make(Actor(slug(name), name, state.side, kind, parent, []))

    def person(self, name: str, state_id: str | None, kind: str) -> str:
        """A person, declared the same way in every article that names them alike: the
        declared name carries the state, the declared kind is "person" (the role the text
        gives, "spokesperson", serves coreference only)."""
        known = self.registry.find(name) or self.registry.find(self.short.get(name_key(name), ""))
        if known:
            return known.id
        # One name is one person in an article, placed where the article first met them.
        met = self.people.get(name_key(name))
        if met:
            return met
        # A person with no title is a private person, on no state's side wherever they
        # are from ("Kelvin Lau, a Hong Kong activist"); an official is their state's.
        if kind == "person":
            state_id = None  # a private person is no part of any state
        side = gazetteer().states[state_id].side if state_id else "other"
        parent = self.state(state_id) if state_id else None
        # Placed by a state, the name says which: one name, one actor, in every batch.
        declared = f"{name} ({gazetteer().states[state_id].name})" if state_id else name
        actor_id = self._make(Actor(slug(declared), declared, side, "person", parent, []))
        self.people[name_key(name)] = actor_id
        self.roles.setdefault(actor_id, kind)
        if state_id:
            # "X, a spokesperson for the minister,": the minister's state, met last.
            self.recent[kind.lower()] = state_id
        self._short_names(name, actor_id)
        return actor_id

    def place(self, person_id: str, state_id: str, kind: str) -> str:
        """A person first met with no state, or with a state guessed from their sentence,
        placed by what the text says of them next ("Its spokesperson, Liu Jian,"): the
        same name is the placed person from then on."""
        actor = self.actor(person_id)
        placed = actor.parent in gazetteer().states and f" ({self.actor(actor.parent).name})"
        name = actor.name.removesuffix(placed) if placed else actor.name
        for table in (self.people, self.short):
            for key in [k for k, v in table.items() if v == person_id]:
                del table[key]
        return self.person(name, state_id, kind)

    def _short_names(self, name: str, actor_id: str) -> None:
        """A person named in full is then named by any part: "Mao Ning", then "Mao"."""
        tokens = [t for t in name.split() if t not in TITLE_WORDS]
        if len(tokens) >= 2:
            # any part: "Wendy Lau Chi-ying" is then "Lau" as well
            for token in set(tokens):
                key = name_key(token)
                if len(token) >= 2 and token not in NOT_NAMES:
                    # A short name two people share names neither.
                    self.short[key] = actor_id if self.short.get(key, actor_id) == actor_id else ""

    def _state_named_first(self, words: list[str]) -> str | None:
        """The state a name's first word (after "The") names, by name, capital or
        demonym."""
        g = gazetteer()
        first = words[1] if words[0] == "The" and len(words) > 1 else words[0]
        return g.by_demonym.get(first) or g.by_name.get(first)

    def _owner_after(self, text: str, end: int, found: list[Mention]) -> Mention | None:
        """ "The Eastern Theater Command of the Chinese People's Liberation Army": the
        state body (or state) named right after "of", which the body belongs to."""
        of = _OF_THE.match(text, end)
        if not of:
            return None
        owner = next(
            (
                m
                for m in found
                if of.end() <= m.start <= of.end() + OWNER_CHARS
                and _NAME_WORDS.fullmatch(text, of.end(), m.start)
            ),
            None,
        )
        if owner is None or self.kind(owner.actor) == "organisation":
            return None
        state_id = self.lineage(owner.actor)[-1]
        return owner if state_id in gazetteer().states else None

    def body_of(self, name: str, owner: str) -> str:
        """A body belonging to a state body, on its side ("the command" is then its
        state's, for a spokesperson "for the command")."""
        known = self.registry.find(name)
        if known:
            return known.id
        state_id = self.lineage(owner)[-1]
        self.recent[name.split()[-1].lower()] = state_id
        side = gazetteer().states[state_id].side
        # Declared with its owner: "Office (China foreign ministry)" says whose.
        declared = f"{name} ({self.actor(owner).name})"
        return self._make(Actor(slug(declared), declared, side, "agency", owner, []))

    def named_by(self, label: str) -> str | None:
        """The person a transcript's turn label names ("MARCHAND", "BAPTISTE (clip)"):
        one the article has named in full before, or the registry knows."""
        name = " ".join(word.capitalize() for word in label.split())
        known = self.short.get(name_key(name)) or self.people.get(name_key(name))
        if known:
            return known
        found = self.registry.find(name)
        return found.id if found and _usable_alias(name) else None

    def organisation(self, name: str) -> str:
        known = self.registry.find(name)
        if known:
            return known.id
        longer = next((b for words, b in self.bodies.items() if words.endswith(" " + name)), None)
        if longer:
            return longer  # "the Security Bureau" after "the Hong Kong Security Bureau"
        actor_id = "org-" + slug(name)
        return self._make(Actor(actor_id, name, "other", "organisation", None, []))

    # ---------------------------------------------------------------- mentions

    def mentions(self, text: str, start: int, end: int) -> list[Mention]:
        """Actors named in text[start:end], longest match first, in text order."""
        g = gazetteer()
        pat = _gazetteer_patterns()
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return clear_of(taken, a, b)

        def add(a: int, b: int, actor_id: str, via: str) -> None:
            if free(a, b):
                taken.append((a, b))
                found.append(Mention(a, b, actor_id, via))

        def drop(mention: Mention) -> None:
            found.remove(mention)
            taken.remove((mention.start, mention.end))

        name_hits, demonyms, institutions, leaders = mention_hits(text, start, end)
        # The first state the sentence names, for a spokesperson no state places.
        self.sentence_state = g.by_demonym[demonyms[0][2]] if demonyms else None
        self._sentence_hits = (
            text,
            start,
            end,
            {id(g.by_demonym): demonyms, id(g.institutions): institutions},
        )
        self._sentence_names = name_hits
        # Institutions first: "the Taiwan Affairs Office" is Beijing's, whatever state
        # its first word names.
        for a, b, key in institutions:
            body_id, state_id, kind, name = g.institutions[key]
            # "Canada's Department of National Defence": its state's possessive is part
            # of its name.
            owner = [
                d
                for d in demonyms
                if d[1] <= a
                and _POSSESSIVE_END.search(d[2])
                and not text[d[1] : a].strip()
                and g.by_demonym[d[2]] == state_id
            ]
            a = owner[-1][0] if owner else a
            if body_id in self.registry.actors:
                add(a, b, body_id, "institution")
            else:
                parent = self.state(state_id)
                side = g.states[state_id].side
                add(a, b, self._make(Actor(body_id, name, side, kind, parent, [])), "institution")
        for a, b, key in name_hits:
            # "the Embassy of the Russian Federation in Canada" ("of" or "of the" ends the
            # text before the name)
            lo = max(start, a - ORGAN_OF_CHARS)
            head = _ends_on(text, lo, a, ("of", "the")) and pat["organ_of"].search(text, lo, a)
            if head:
                place = pat["place"].match(text, b, end)
                where = place["place"] if place else None
                organ = self.organ(g.by_name[key], head["organ"], where)
                add(head.start(), place.end() if place else b, organ, "organ")
        for n, (a, b, key) in enumerate(demonyms):
            tail = pat["organ_tail"].match(text, b, end)
            if tail and key in g.by_name and _LOWER_WORD.search(text, b, tail.start("organ")):
                tail = None  # "China ran illegal police stations": a verb after a bare name
            if tail:
                state_id = g.by_demonym[key]
                owner = demonyms[n - 1] if n else None
                if owner and _POSSESSIVE_END.search(owner[2]) and not text[owner[1] : a].strip():
                    # "China's Taiwan Affairs Office spokesperson": the possessive owns it.
                    a, state_id = owner[0], g.by_demonym[owner[2]]
                organ = self.organ(state_id, tail["organ"], tail["place"])
                # "China's Ministry of Commerce": the organ's own name goes on after "of"
                named_on = _OF_NAME.match(text, tail.end(), end) if not tail["place"] else None
                add(a, named_on.end() if named_on else tail.end(), organ, "organ")
        for a, b, key in leaders:
            state_id, kind = g.leaders[key]
            add(a, b, self.person(key, state_id, kind), "leader")
        for a, b, actor_id in registry_hits(text, start, end, self._registry_names):
            add(a, b, actor_id, "registry")
            if self.kind(actor_id) in PERSON_KINDS:
                self._short_names(text[a:b], actor_id)
        for found_body in found:
            # "the Philippine Coast Guard (PCG)": the abbreviation names it from then on
            acronym = _ACRONYM_AFTER.match(text, found_body.end)
            if acronym and self.kind(found_body.actor) not in PERSON_KINDS:
                self.short.setdefault(name_key(acronym[1]), found_body.actor)
        # The lines in title case this span overlaps (most spans overlap none).
        title_case = [(t0, t1) for t0, t1 in self.title_case if t0 < end and start < t1]
        for m in _NAME.finditer(text, start, end):
            phrase = m.group(0)
            if phrase in NOT_NAMES or _gazetteer_word(phrase):
                continue  # "The", "China", "Chinese": `_name` would find no name in it
            if _within(taken, m.start(), m.end()):
                continue  # taken whole already: `_name` would find its name taken
            if not (title_case and any(t0 <= m.start() < t1 for t0, t1 in title_case)):
                self._name(text, m, add, free, found, drop)
        for a, b, key in name_hits:
            after = _NEXT_WORD.match(text, b)
            if after and after[1] in PLACE_WORDS:
                continue  # "the Taiwan Strait", "the South China Sea": a place
            add(a, b, self.state(g.by_name[key]), "state")
        found.sort(key=lambda x: x.start)
        for mention in found:
            if mention.via in ("institution", "organ") and " " in text[mention.start : mention.end]:
                self.bodies[text[mention.start : mention.end]] = mention.actor
        return found

    def _name(self, text: str, m: re.Match[str], add, free, found: list[Mention], drop) -> None:
        """A capitalised phrase: a person with a title or a known short name, a party
        member, or an organisation."""
        g = gazetteer()
        phrase = m.group(0)
        # "…, He Yating, said": mid-sentence, "He" before a name is a surname.
        first = phrase.split(None, 1)
        surname = first[0] == "He" and len(first) > 1 and not _opens_sentence(text, m.start())
        read = _read_phrase(phrase, surname)
        if read is None:
            return
        title_words, a, b, words, name = read
        title = list(title_words)
        a += m.start()
        b += m.start()
        # "foreign ministry spokesman Lin Jian": a title in lower case just before.
        before = text[max(0, a - 16) : a].split()
        lower_title = (
            not title
            and before
            and before[-1] in _LOWER_TITLES
            and _LOWER_TITLE_BEFORE.search(text, max(0, a - 40), a)
        )
        if lower_title:
            title.append(lower_title.group("title"))
        if not free(a, b) or name in g.by_name or name in g.by_demonym:
            return
        short = self.short.get(name_key(name))
        if short:
            add(a, b, short, "short name")
            return
        known = self.registry.find(name)
        if known and _usable_alias(name):
            add(a, b, known.id, "registry")
            return
        if (name.isupper() and LABEL_AFTER.match(text, b)) or _IN_LABEL.match(text, b):
            return  # "HOST (Marie-Claude Dufresne):", a transcript's label
        if words[-1] in PLACE_WORDS or name in g.places or words[-1] in g.by_name:
            return  # "Second Thomas Shoal", "Nova Scotia", "Atlantic Canada": places
        if words[-1] in ORG_WORDS or (
            # an acronym that speaks, not a model number ("two J-16 jets")
            len(words) == 1 and name.isupper() and len(name) > 2 and not _MODEL.search(name)
        ):
            owner = self._owner_after(text, b, found)
            if owner:
                # The body's mention runs to its owner's end, which it takes in: its
                # verb may come after a long name ("The Office of the Commissioner of
                # the Chinese Ministry of Foreign Affairs in Hong Kong said").
                drop(owner)
                add(a, owner.end, self.body_of(name, owner.actor), "body of a state's body")
            elif (state := self._state_named_first(words)) and words[-1] in _STATE_BODY_WORDS:
                # "Beijing No. 2 Intermediate People's Court", "Canada Revenue Agency": a
                # body of the state its name opens on.
                add(a, b, self.body_of(name, self.state(state)), "body named by its state")
            elif len(words) >= 2 or name.isupper():
                add(a, b, self.organisation(name), "organisation")
            return
        after = _SPEAKS_NEXT.match(text, b)
        if len(words) == 1 and not title and after and after[1] in reporting().verbs:
            # "…, Huawei said in a statement": one capitalised word that speaks is a
            # company or a body the article names by one word.
            add(a, b, self.organisation(name), "organisation")
            return
        if (len(words) < 2 and not title) or any(c.isdigit() for c in name):
            return  # a person's name is two words or a title and a name, with no digits
        party = self._party_of(text, a, b, title)
        if (
            party
            or LEGISLATORS.intersection(title)
            # The title ends the text before the name: its last two words hold it.
            or _legislator_before(text, a)
        ):
            # A demonym in the title wins over the party ("Australian Liberal MP").
            state_id = (
                next((g.by_demonym[w] for w in title if w in g.by_demonym), None)
                or self._state_near(text, m.start(), b, home=False)
                or party
                or self.home
            )
            add(a, b, self.person(name, state_id, "mp"), "titled name")
            return
        # An organ just before the name is its title: "Chinese embassy spokesperson X".
        titled = [
            f
            for f in found
            if (
                f.via in ("organ", "institution")
                or (f.via == "short name" and self.kind(f.actor) not in PERSON_KINDS)
            )
            and f.end <= a
            and (
                _TITLE_GAP.fullmatch(text, f.end, a) or _TITLE_GAP.fullmatch(text, f.end, m.start())
            )
        ]
        # "A spokesperson for Global Affairs Canada, Jason Kung,": the body named in the
        # title just before.
        speaks_for = [
            (f, title_for)
            for f in found
            if f.via in ("organ", "institution")
            and text[f.end : m.start()] == ", "
            and (title_for := _TITLE_FOR.search(text, max(0, f.start - 40), f.start))
        ]
        # "Japan's foreign minister, Haruki Tsunoda,", "China's Defence Ministry
        # spokesperson, Colonel X,": an office named just before, as an apposition.
        office = [
            f
            for f in found
            if f.via in ("organ", "institution")
            and (gap := _OFFICE_GAP.fullmatch(text, f.end, m.start()))
            and (gap["title"] or self.kind(f.actor) in PERSON_KINDS)
        ]
        if not titled and speaks_for:
            titled = [speaks_for[-1][0]]
            title.append(speaks_for[-1][1]["title"])
        elif not titled and office:
            titled = office[-1:]
        state_id = (
            (self.lineage(titled[0].actor)[-1] if titled else None)
            or self._state_in_apposition(text, b, a)
            or self._state_after(text, b)
            or (self._state_near(text, m.start(), b, home=False) if title else None)
            # "Spokesperson Lin Haoran": the state that has been speaking, as for a
            # spokesperson in lower case
            or (
                (self._stance_state() or self._place_state(text) or self._spokesperson_state())
                if any(w.startswith("Spokes") for w in title)
                else None
            )
            or (self.home if title and not lower_title else None)
            or (self._state_of_title(lower_title) if lower_title else None)
        )
        if titled:
            title.append(text[titled[0].start : titled[0].end])
        kind = _kind_of_title(title)
        if kind == "person" and _OFFICIAL_APPOSITION.match(text, b):
            kind = "official"  # "Lu Shaye, China's envoy to Canada,"
        add(a, b, self.person(name, state_id, kind), "name")

    def _party_of(self, text: str, start: int, end: int, title: list[str]) -> str | None:
        """The state of a party a name is given as a member of: in its title
        ("Conservative MP X"), before it ("Liberal lawmaker X") or in an apposition
        ("X, a New Democrat MP,")."""
        parties = gazetteer().parties
        words = list(title)
        before = _legislator_before(text, start, max(0, start - TITLE_STATE_CHARS))
        if before:
            words.append(before["party"])
        if text.startswith(", ", end):
            stop = _APPOSITION_END.search(text, end + 1, end + APPOSITION_CHARS)
            words.extend(text[end + 1 : stop.start() if stop else end + APPOSITION_CHARS].split())
        return next((parties[w] for w in words if w in parties), None)

    def _state_of_title(self, title: re.Match[str]) -> str | None:
        """ "…,” spokeswoman Mao Li told reporters": a title in lower case that names no
        state speaks for the state of the last organ its words name ("embassy
        spokesman"), a spokesperson for the state a question put to them asks to answer,
        or for the state of the place the sentence is set in, else for that of the last
        ministry met or else of the state that has been speaking; anyone else ("former mayor X") for the article's home state."""
        words = title.group("organ").split()
        spokesperson = title.group("title").startswith("spokes")
        if spokesperson and self._stance_state():
            return self._stance_state()
        if spokesperson and self.asked and self._answering_state():
            return self._answering_state()
        placed = self._place_state(self._sentence_hits[0]) if spokesperson else None
        if placed:
            return placed  # "… spokesman X made the remarks at a briefing in Beijing"
        if spokesperson:
            words.append("ministry")
        known = [self.recent[w] for w in reversed(words) if w in self.recent]
        if known:
            return known[0]
        return (
            self._spokesperson_state() or self.sentence_state if spokesperson else None
        ) or self.home

    def _stance_state(self) -> str | None:
        """The state whose stance the sentence gives in its own name ("“Canada
        categorically rejects the allegation,” spokesperson X said", "said the Chinese
        side firmly opposes"): whom a spokesperson whose title names no state speaks for."""
        text, _, end, by_table = self._sentence_hits
        for _, b, key in by_table.get(id(gazetteer().by_demonym), []):
            if _OWN_STANCE.match(text, b, end):
                return gazetteer().by_demonym[key]
        return None

    def _place_state(self, text: str) -> str | None:
        """The state whose capital or name the sentence read last is set in ("took
        questions at the regular briefing in Beijing"): where a spokesperson no state
        places speaks for."""
        for a, b, key in self._sentence_names:
            if _SET_IN.search(text, max(0, a - 5), a) and not text.startswith(("'", "’"), b):
                return gazetteer().by_name[key]
        return None

    def _spokesperson_state(self) -> str | None:
        """Whom a spokesperson whose title names no state speaks for: the state last
        accused when a question is put to them or their sentence replies ("…, a
        foreign ministry spokesman said" after another state's charge), else the
        state that has been speaking."""
        # A reply after the speaking state's own reply goes on with it ("CSIS would not
        # discuss the case. “CSIS does not comment …,” spokesperson X wrote.").
        answers = self.asked or (self.replies_here() and not self.speaker_replied)
        return (self._answering_state() if answers else None) or self.speaking_state

    def _state_in_apposition(self, text: str, end: int, start: int) -> str | None:
        """The state of an apposition after a name: "Lu Shaye, China's envoy to Canada,"."""
        if not text.startswith(",", end):
            return None
        first = text[end + 1 : end + 30].split(maxsplit=1)
        if first and first[0].lower() in reporting().verbs:
            return None  # "X, said China was …": what follows is the verb, not a title
        stop = text.find(",", end + 1)
        stop = stop if 0 < stop < end + APPOSITION_CHARS else min(len(text), end + APPOSITION_CHARS)
        g = gazetteer()
        # "Zhu, a spokesman for the Taiwan Affairs Office,": an institution names its
        # state, whatever state its words name.
        bodies = self._hits(text, end, stop, g.institutions)
        if bodies:
            return g.institutions[bodies[0][2]][1]
        hits = self._hits(text, end, stop, g.by_demonym)
        if hits:
            return g.by_demonym[hits[0][2]]
        # "Zhao, a Foreign Ministry spokesman": the state of the ministry met last.
        organ = _ORGAN_WORD.search(text, end, stop)
        if not organ:
            return None
        if organ.group(0)[0].isupper() and _TITLED_NAME_AFTER.match(text, organ.end()):
            # "X, a spokesperson for Public Services Minister Tom Aberhart,": a titled
            # name placed by no state is of the article's home state, as it would be on
            # its own.
            return self.home
        return (
            self.recent.get(organ.group(0).lower())
            or self._state_opening_clause(text, start)
            or self.speaking_state
        )

    def _state_opening_clause(self, text: str, start: int) -> str | None:
        """ "Iran denies it, with X, a government spokesman, saying …": an unplaced
        official speaks for the state the clause before the name is about."""
        window = text[max(0, start - TITLE_STATE_CHARS) : start]
        cut = _clause_opening(window, '.;:“”"\n')
        found = state_hits(window, cut + 1, len(window), gazetteer().by_demonym)
        return gazetteer().by_demonym[found[0][2]] if found else None

    def _state_after(self, text: str, end: int) -> str | None:
        """ "Trade Minister X of Canada": the state named right after the name."""
        after = _OF_STATE.match(text, end)
        if not after:
            return None
        m = _gazetteer_patterns()["state"].match(text, after.end())
        return gazetteer().by_name[_norm(m["state"])] if m else None

    def _state_near(self, text: str, start: int, end: int, home: bool = True) -> str | None:
        """The state of a title just before a name ("Canadian Foreign Minister X"), or
        named earlier in the same clause ("In Canada, Foreign Affairs Minister X"); else,
        given `home`, the article's home state."""
        window = text[max(0, start - TITLE_STATE_CHARS) : start]
        cut = _clause_opening(window, '.;:“”"\n')
        window = window[cut + 1 :]
        g = gazetteer()
        for table in (g.by_demonym, g.by_name):
            hits = state_hits(window, 0, len(window), table)
            # The title's own words: the state that comes first owns it ("China's Taiwan
            # Affairs Office spokesperson", "Chinese Ambassador to Canada").
            own = [
                hit
                for hit in hits
                if "," not in window[hit[1] :]
                and not _PLACE_BEFORE.search(window, 0, hit[0])
                and not _BY_AFTER.match(window, hit[1])
            ]
            if own:
                return table[own[0][2]]
            # "In Beijing, foreign ministry spokesman X", "At a briefing in Beijing on
            # Tuesday, spokesman X": a place the sentence opens on.
            opening = [
                hit
                for hit in hits
                if _OPENING_PLACE.fullmatch(window, 0, hit[0])
                and window[hit[1] :].lstrip().startswith(",")
            ]
            if opening:
                return table[opening[0][2]]
        return (
            self._state_of_opening_phrase(text, start)
            or self._state_in_apposition(text, end, start)
            or (self.home if home else None)
        )

    def _state_of_opening_phrase(self, text: str, start: int) -> str | None:
        """ "At a regular briefing in Beijing on Tuesday, foreign ministry spokesman X":
        the place in the phrase the sentence opens on, when the title follows it."""
        window = text[max(0, start - OPENING_PHRASE_CHARS) : start]
        window = window[_clause_opening(window, '.;:“”"\n') + 1 :]
        phrase = _OPENING_PHRASE.match(window)
        comma = window.find(",")
        if not phrase or comma < 0 or "," in window[comma + 1 :]:
            return None
        g = gazetteer()
        for table in (g.by_demonym, g.by_name):
            for a, b, key in state_hits(window, 0, comma, table):
                if _IN_PLACE.search(window, 0, a) and _PLACE_CLOSED.match(window, b):
                    return table[key]
        return None

    def mark_title_case(self, text: str, spans: list[tuple[int, int]]) -> None:
        """Remember which of these lines are in title case ("Canada Rebuffs Beijing's
        Allegation"): most of their longer words are capitalised."""
        for start, end in spans:
            words = [w for w in text[start:end].split() if len(w) > 3 and w[0].isalpha()]
            if words and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words):
                self.title_case.append((start, end))

    def find_home(self, text: str) -> None:
        """The state an article's officials belong to when their title names none: the
        state other than China it names most ("Trade Minister X" in a report from
        Ottawa), China when it names no other."""
        counts: dict[str, int] = {}
        g = gazetteer()
        for word in _CAPITALISED.findall(text):
            state_id = g.by_demonym.get(word)
            if state_id and g.states[state_id].side != "beijing":
                counts[state_id] = counts.get(state_id, 0) + 1
        self.home = max(counts, key=lambda k: (counts[k], k)) if counts else "china"


#: Titles of members of a legislature: "Senator X", "Lawmaker X".
LEGISLATORS = frozenset(
    {"MP", "MPs", "Senator", "Sen", "Lawmaker", "Legislator", "Parliamentarian"}
    | {"Congressman", "Congresswoman", "Representative", "Rep"}
)
#: Where an apposition ends: "X, a Conservative MP, said", "said X, a Liberal MP.".
_APPOSITION_END = re.compile(r"[,;]|[.!?](?:\s|$)")
#: An apposition giving a person an office: "X, China's envoy to Canada,", "X, a
#: spokeswoman for the Foreign Ministry,".
_OFFICIAL_APPOSITION = re.compile(
    rf",\s+[^,.;]{{0,60}}?(?<![\w’'-])(?:{SPOKESPERSON}|minister|ministry|envoy"
    r"|ambassador|diplomat|official|embassy|consul\w*|government|secretary|president|premier"
    r"|mayor|director|commissioner|officer|department|agency|police|military|army|navy"
    r"|senator|MP|lawmaker|legislator|councillor|councilor)s?(?![\w’'-])",
    re.I,
)
#: Between an office and the name after it as an apposition, maybe a title in lower case.
_OFFICE_GAP = re.compile(
    rf"(?:\s+(?P<title>{SPOKESPERSON}|official|ambassador|envoy|minister"
    r"|director|chief|head))?,\s+"
)
#: A title before the body it serves: "a spokesperson for Global Affairs Canada", "a
#: spokesperson for China's Ministry of Commerce".
_TITLE_FOR = re.compile(
    rf"(?<![\w’'-])(?P<title>{SPOKESPERSON}|representative|official)"
    r"\s+(?:for|of|at)\s+(?:the\s+)?(?:[A-Z][\w-]*[’']s\s+)?$",
    re.I,
)
#: A legislator's title in lower case just before a name, after a party's name or
#: another word: "Conservative lawmaker X", "veteran legislator X", "Conservative
#: foreign affairs critic X".
_LEGISLATOR_TITLES = ("lawmaker", "legislator", "parliamentarian", "senator", "critic")
_LEGISLATOR_BEFORE = re.compile(
    rf"(?P<party>[\w’'-]+)\s+(?:[a-z]+\s+){{0,2}}(?:{'|'.join(_LEGISLATOR_TITLES)})\s+$"
)


def _legislator_before(text: str, end: int, floor: int = 0) -> re.Match[str] | None:
    """`_LEGISLATOR_BEFORE` in text[floor:end]. It spans four words: a search from the
    fourth word back finds what a search from further back finds. It ends on a title
    and white space: without one (`\\s` is what `isspace` says is white space) there is
    no search."""
    if not _ends_on(text, floor, end, _LEGISLATOR_TITLES):
        return None
    return _LEGISLATOR_BEFORE.search(text, max(floor, _words_back(text, end, 4)), end)


def _ends_on(text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    """Does text[start:end], white space at its end aside, end with one of `words`? A
    pattern that must end so is not searched for otherwise (no copy of the text made)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text.endswith(words, start, end)


@functools.lru_cache(maxsize=4096)
def _gazetteer_word(words: str) -> bool:
    """Is a capitalised phrase one word that names a state or its people as it stands
    ("China", "Chinese"), with no full stop or possessive to take off? `Cast._name`
    finds no name in it (it leaves states to the gazetteer), so it is not asked. (Kept
    per phrase: the same names come back sentence after sentence.)"""
    g = gazetteer()
    return (
        (words in g.by_name or words in g.by_demonym)
        and not any(c.isspace() for c in words)
        and not words.endswith(".")
        and not _POSSESSIVE.search(words)
    )


def _words_back(text: str, at: int, count: int) -> int:
    """Where the last `count` runs of characters other than white space before `at`
    begin (0 when there are fewer): a pattern anchored at `at` that spans at most that
    many words is found by a search from there as by a search from the text's start,
    without reading all the text before."""
    for _ in range(count):
        while at > 0 and text[at - 1].isspace():
            at -= 1
        while at > 0 and not text[at - 1].isspace():
            at -= 1
    return at


#: A stance a state takes in its own name, right after it: "Canada categorically
#: rejects", "the Chinese side firmly opposes", "China has lodged".
_OWN_STANCE = re.compile(
    r"(?:\s+(?:side|government|authorities))?\s+(?:(?:firmly|strongly|categorically|resolutely"
    r"|completely|flatly|totally|strenuously)\s+)?(?:rejects|opposes|condemns|deplores"
    r"|disapproves|protests|urges|calls\s+on|(?:has|had)\s+lodged)(?![\w’'-])"
)
#: A name right after a capitalised title: "Minister Tom Aberhart".
_TITLED_NAME_AFTER = re.compile(r"\s+[A-Z][\w’'-]+\s+[A-Z][\w’'-]+")
_ORGAN_WORD = re.compile(
    r"\b(?:ministry|embassy|consulate|government|department|office|mission|command|bureau"
    r"|agency|minister|premier|president|ambassador)\b",
    re.I,
)
#: The word right after a name.
_NEXT_WORD = re.compile(r"\s+([\w’'-]+)")
#: "of" before the body a body belongs to, and how far after it that body may start
#: ("of the Chinese People's Liberation Army", "of the Commissioner of the Chinese
#: Ministry of Foreign Affairs").
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
OWNER_CHARS = 40
#: What follows a transcript's label: "HOST (name):", "BAPTISTE (clip):".
LABEL_AFTER = re.compile(r"(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*:")
#: The end of a name in a transcript's label: "(Marie-Claude Dufresne):".
_IN_LABEL = re.compile(r"[ \t]*\)[ \t]*:")
#: An abbreviation in brackets right after a body's name: "(PCG)".
_ACRONYM_AFTER = re.compile(r"[ \t]*\(([A-Z]{2,6})\)")
#: A model number, not a body: "J-16", "F-35" (but "MI5" is a body).
_MODEL = re.compile(r"-\d")
#: An organ's name going on after "of": "Ministry of Commerce", "Department of National
#: Defence".
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*)*")
#: Capitalised words, "of" and "the" between a body and its owner ("the Office of the
#: Commissioner of the Chinese Ministry of Foreign Affairs").
_NAME_WORDS = re.compile(r"(?:(?:[A-Z][\w’'-]*|of|the)\s+)*")
#: A word in lower case: between a state's bare name and an organ it says the name is a
#: subject ("China ran illegal police stations"), not part of the organ's name.
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]")
#: A possessive at the end of a word or name ("Beijing's", "the United States'").
_POSSESSIVE_END = re.compile(r"[’'](?:s)?$")
#: A place a sentence is set in: "at the briefing in Beijing".
_SET_IN = re.compile(r"(?<![\w’'-])in\s+$")
#: Words a state's name is made of: capitalised ones, and "of"/"the" inside a name
#: ("People's Republic of China").
#: (The first character first, the look-behind after it: see _NAME.)
_NAME_TOKEN = re.compile(r"[A-Zot](?<![\w’'-].)(?:(?<=[A-Z])[\w’'.-]*|(?<=o)f|(?<=t)he)(?![\w-])")


_FIRST_WORDS: dict[int, tuple[dict, dict[str, int]]] = {}
_COVERED: dict[int, tuple[dict, dict[str, int], bool]] = {}


def _first_words(table: dict) -> dict[str, int]:
    """For a gazetteer table (kept for the process's life): each key's first word and
    the most words a key starting with it has."""
    kept = _FIRST_WORDS.get(id(table))
    if kept is None or kept[0] is not table:
        spans: dict[str, int] = {}
        for key in table:
            words = key.split()
            spans[words[0]] = max(spans.get(words[0], 0), len(words))
        kept = _FIRST_WORDS[id(table)] = (table, spans)
    return kept[1]


_KEY_ENDS: dict[int, tuple[dict, frozenset[str]]] = {}


def _key_ends(table: dict) -> frozenset[str]:
    """For a gazetteer table (kept for the process's life): the last words of its keys
    of several words."""
    kept = _KEY_ENDS.get(id(table))
    if kept is None or kept[0] is not table:
        ends = frozenset(key.rsplit(" ", 1)[1] for key in table if " " in key)
        kept = _KEY_ENDS[id(table)] = (table, ends)
    return kept[1]


def _first_words_covered(table: dict) -> tuple[dict[str, int], bool]:
    """`_first_words(table)`, and whether each of them is a gazetteer table's first
    word, so the tokens `_NameWords` sifted for those serve this table as well."""
    kept = _COVERED.get(id(table))
    if kept is None or kept[0] is not table:
        spans = _first_words(table)
        kept = _COVERED[id(table)] = (table, spans, spans.keys() <= _gazetteer_openers())
    return kept[1], kept[2]


@functools.cache
def _gazetteer_openers() -> frozenset[str]:
    """Every first word of a key of the gazetteer tables a sentence is looked up in."""
    g = gazetteer()
    tables = (g.by_name, g.by_demonym, g.institutions, g.leaders, g.parties)
    return frozenset(word for table in tables for word in _first_words(table))


class _NameWords:
    """The name words of one span of text, read once for every gazetteer table it is
    looked up in (a sentence is looked up in four or five in a row): their spans, each
    one's words as written, without a full stop and without a possessive too, the
    words that may open a key of any table, and the runs of words already joined."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.tokens = [m.span() for m in _NAME_TOKEN.finditer(text, start, end)]
        self.raws = [text[a:b] for a, b in self.tokens]
        self.heads = [raw.rstrip(".") for raw in self.raws]
        self.bare = [_POSSESSIVE_END.sub("", h) if h[-1] in "s’'" else h for h in self.heads]
        # A hit starts with a capital (`state_hits` keeps no other), so "the" and "of"
        # open none, whatever keys start with them. Most words open none: sifting them
        # out in one comprehension spares the look-up loops a turn for each.
        openers = _gazetteer_openers()
        self.openers = [
            i
            for i, head in enumerate(self.heads)
            if head[0].isupper()
            and (head in openers or self.bare[i] in openers or self.raws[i] in openers)
        ]
        #: (i, j) → tokens i to j as one key, or None when they are not one run of words.
        self._runs: dict[tuple[int, int], tuple[str, str] | None] = {}

    def openings(self, spans: dict[str, int], covered: bool) -> list[int]:
        """The indices of the tokens that may open a key of a table whose first words
        are `spans`, in any of the forms a key may take ("People's", "Beijing" of
        "Beijing's", "U.S."); `covered` when those first words are all gazetteer ones."""
        heads, bare, raws = self.heads, self.bare, self.raws
        return [
            i
            for i in (self.openers if covered else range(len(heads)))
            if heads[i][0].isupper() and (heads[i] in spans or bare[i] in spans or raws[i] in spans)
        ]

    def run(self, i: int, j: int) -> tuple[str, str] | None:
        """Tokens i to j (j > i) as a key, with its possessive taken off as well ("the
        United States'"); None when white space alone does not part tokens j - 1 and j."""
        key = (i, j)
        if key not in self._runs:
            text, tokens = self.text, self.tokens
            if text[tokens[j - 1][1] : tokens[j][0]].strip():
                self._runs[key] = None
            else:
                words = " ".join(text[tokens[i][0] : tokens[j][1]].split()).rstrip(".")
                self._runs[key] = (words, _POSSESSIVE_END.sub("", words))
        return self._runs[key]


_last_words: _NameWords | None = None


def _name_words(text: str, start: int, end: int) -> _NameWords:
    """The name words of text[start:end], kept for the last span asked."""
    global _last_words
    last = _last_words  # one read: an object replaced whole is safe across threads
    if last is None or last.text is not text or last.start != start or last.end != end:
        last = _last_words = _NameWords(text, start, end)
    return last


def state_hits(
    text: str, start: int, end: int, table: dict[str, str]
) -> list[tuple[int, int, str]]:
    """(start, end, key) of the gazetteer names of `table` in text[start:end], longest
    first, by a look-up of runs of capitalised words: a dictionary finds them much faster
    than an alternation of hundreds of names tried at every capital."""
    words_of = _name_words(text, start, end)
    spans, covered = _first_words_covered(table)
    hits: list[tuple[int, int, str]] = []
    resume = 0  # the first token a hit has not taken
    for i in words_of.openings(spans, covered):
        if i >= resume:
            reach = _reach(spans, words_of.heads[i], words_of.bare[i], words_of.raws[i])
            resume = _longest(words_of, i, reach, table, hits) or resume
    return hits


def mention_hits(text: str, start: int, end: int) -> list[list[tuple[int, int, str]]]:
    """`state_hits` of the tables every sentence is looked up in (names of states,
    demonyms, institutions, leaders), in one pass over the words that open a key."""
    tables = _mention_tables()
    words_of = _name_words(text, start, end)
    hits: list[list[tuple[int, int, str]]] = [[] for _ in tables]
    resume = [0] * len(tables)
    heads, bare, raws, tokens = words_of.heads, words_of.bare, words_of.raws, words_of.tokens
    for i in words_of.openers:
        for n, (reach, single) in enumerate(_mention_reaches(heads[i], bare[i], raws[i])):
            if not reach or i < resume[n]:
                continue
            if reach > 1:
                resume[n] = _longest(words_of, i, reach, tables[n], hits[n]) or resume[n]
            elif single:
                # A word that opens only keys of one word: the key it is, kept per word.
                hits[n].append(_hit(text, tokens[i], single))
                resume[n] = i + 1
    return hits


def _mention_tables() -> tuple[dict, ...]:
    """The gazetteer tables `Cast.mentions` looks every sentence up in, in its order."""
    g = gazetteer()
    return (g.by_name, g.by_demonym, g.institutions, g.leaders)


@functools.lru_cache(maxsize=4096)
def _mention_reaches(head: str, bare: str, raw: str) -> tuple[tuple[int, str | None], ...]:
    """`_reach` of a word in each of `_mention_tables`, by its forms, and the key of
    that table the word is alone (as `_longest` finds it), if any (a look-up of the
    lexicon, kept per word)."""
    found = []
    for table in _mention_tables():
        words = head if head in table else raw if raw in table else bare
        single = words if words in table and words[0].isupper() else None
        found.append((_reach(_first_words(table), head, bare, raw), single))
    return tuple(found)


def _reach(spans: dict[str, int], head: str, bare: str, raw: str) -> int:
    """The most words a key that a word opens has (0: it opens none), by its forms:
    "People's Republic" keeps its possessive; "Beijing's allegations" drops it; "U.S."
    keeps its full stops."""
    return spans.get(head) or spans.get(bare) or spans.get(raw) or 0


def _longest(
    words_of: _NameWords,
    i: int,
    reach: int,
    table: dict[str, str],
    hits: list[tuple[int, int, str]],
) -> int:
    """Add the longest key of `table` of at most `reach` words that token i opens to
    `hits`: the token after it (0 when it opens none)."""
    head, raw, bare = words_of.heads[i], words_of.raws[i], words_of.bare[i]
    tokens, heads, bares = words_of.tokens, words_of.heads, words_of.bare
    ends = _key_ends(table)
    for j in range(min(len(tokens), i + reach) - 1, i - 1, -1):
        if j > i:
            # A run ends on token j as it stands or without its possessive: a key
            # ending on neither is not joined and looked up.
            if heads[j] not in ends and bares[j] not in ends:
                continue
            run = words_of.run(i, j)
            if run is None:
                continue
            words = run[0] if run[0] in table else run[1]
        else:
            words = head if head in table else raw if raw in table else bare
        if words in table and words[0].isupper():
            hits.append(_hit(words_of.text, (tokens[i][0], tokens[j][1]), words))
            return j + 1
    return 0


def _hit(text: str, span: tuple[int, int], key: str) -> tuple[int, int, str]:
    """A hit of a key on the words at `span`: up to the key's end where the text holds
    it as written (a possessive or full stop after it is not the name's), else all."""
    a = span[0]
    return (a, a + len(key) if text.startswith(key, a) else span[1], key)


#: A capitalised word, possessive included ("Canada's"), for counting states fast.
#: (The capital first, the look-behind after it: see _NAME.)
_CAPITALISED = re.compile(r"[A-Z](?<![\w’'-].)[\w.]*(?:[’']s)?")
_OF_STATE = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?")
#: The last words of a state's own bodies, named after the state: "Beijing Intermediate
#: People's Court", "Canada Revenue Agency" (not "China Daily", which is a newspaper).
_STATE_BODY_WORDS = frozenset(
    [
        "Court",
        "Tribunal",
        "Procuratorate",
        "Bureau",
        "Office",
        "Commission",
        "Agency",
        "Service",
        "Ministry",
        "Department",
        "Police",
        "Administration",
        "Authority",
    ]
)
#: A state named as a place ("assets held in China by Senator X"), or as what someone
#: does something in, is not the state of a title after it.
_PLACE_BEFORE = re.compile(r"(?<![\w’'-])(?:in|from|into|at|to)\s+$")
_BY_AFTER = re.compile(r"\s+by(?![\w’'-])")
#: How far before a state's name "Embassy of" may start.
ORGAN_OF_CHARS = 45
#: How far an apposition after a name may run, and how far back a title's state.
APPOSITION_CHARS = 90
#: How far back the phrase a sentence opens on is looked for.
OPENING_PHRASE_CHARS = 120
TITLE_STATE_CHARS = 60


def _clause_opening(window: str, stops: str) -> int:
    """Where the last clause of `window` opens: after its last stop, a full stop that
    ends an abbreviation ("U.S. National Security Council spokesperson") excepted."""
    last = _last_stop(stops)
    cut = len(window)
    while True:
        found = last.match(window, 0, cut)
        cut = found.end() - 1 if found else -1
        if cut < 0 or window[cut] != "." or not abbreviation_before(window, cut):
            return cut


@functools.cache
def _last_stop(stops: str) -> re.Pattern[str]:
    """The text up to its last stop (one scan back from the end, where a search for
    each stop would read the text once per stop)."""
    return re.compile(rf".*[{re.escape(stops)}]", re.S)


@functools.lru_cache(maxsize=4096)
def _norm(words: str) -> str:
    """A gazetteer key as the text wrote it: single spaces, curly apostrophes as the
    gazetteer lists them where it lists them so."""
    plain = " ".join(words.split())
    g = gazetteer()
    for candidate in (plain, plain.replace("'", "’"), plain.replace("’", "'")):
        if (
            candidate in g.by_name
            or candidate in g.by_demonym
            or candidate in g.institutions
            or candidate in g.leaders
            or candidate in g.parties
        ):
            return candidate
    lowered = {k.lower(): k for k in (*g.by_name, *g.by_demonym, *g.institutions, *g.leaders)}
    return lowered.get(plain.lower(), plain)

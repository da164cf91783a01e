"""What a statement's words are, normalised: stems, synonym concepts, places and names.

Pairing compares what a reply and an allegation talk about. Newsrooms word the same thing
differently ("accused" / "allegations", "meddling" / "interfere", "Iranian" / "Iran"), so
every word is folded (accents, curly quotes), stemmed (Snowball English stemmer), mapped
to its synonym group's concept and places are mapped to one key. The word lists are data
(`data/lexicon.json`), general vocabulary of accusations and replies.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib import resources

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'.-]*[A-Za-z0-9]|[A-Za-z0-9]")
_LOCATING = frozenset({"in", "to", "at", "from"})
#: Curly quotes and dashes and their plain forms (str.replace beats str.translate here).
_FOLD_PAIRS = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
)


@functools.cache
def lexicon() -> dict:
    """The word lists in data/lexicon.json, read once."""
    text = resources.files("claimtrack.pairing").joinpath("data/lexicon.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lowercase word: accusation, accused, accuses meet at 'accus'."""
    return _stemmer().stemWord(word)


@functools.cache
def _tables() -> tuple[frozenset[str], dict[str, str], dict[str, str], frozenset[str]]:
    words = lexicon()
    stopwords = frozenset(words["stopwords"])
    concepts: dict[str, str] = {}
    for group in words["synonyms"]:
        for word in group:
            concepts.setdefault(stem(word), group[0])
    places = dict(words["demonyms"])
    generic = frozenset(words["generic_name_words"])
    return stopwords, concepts, places, generic


@functools.cache
def _place_starts() -> frozenset[str]:
    """First words of the places named in two words ("united" of "united states")."""
    return frozenset(p.split()[0] for p in _tables()[2] if " " in p)


def fold(text: str) -> str:
    """Curly quotes straightened, dashes made plain and accents removed."""
    if text.isascii():
        return text
    for curly, plain in _FOLD_PAIRS:
        text = text.replace(curly, plain)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of folded text as written (possessive 's and trailing dots dropped)."""
    found = []
    for word in _WORD.findall(text):
        if word.endswith("'s"):
            word = word[:-2]
        found.append(word.strip("'.-"))
    return [w for w in found if w]


@functools.lru_cache(maxsize=200_000)
def term(word: str) -> str | None:
    """The term a word counts as: 'place:<key>' for a place or its people, the synonym
    group's concept, else the stem; None for a word that carries no evidence."""
    stopwords, concepts, places, _ = _tables()
    lower = word.lower()
    if lower in places:
        return f"place:{places[lower]}"
    if len(lower) < 3 or lower in stopwords or (lower.isdigit() and len(lower) < 4):
        return None
    stemmed = stem(lower)
    return concepts.get(stemmed, stemmed)


def tokens(text: str) -> list[tuple[str | None, str]]:
    """(term or None, lowercase word) for each word of a text, in order; a two-word
    place ("United States") is one token."""
    found: list[tuple[str | None, str]] = []
    written = words(fold(text))
    lower = [w.lower() for w in written]
    stopwords, _, places, _ = _tables()
    starts = _place_starts()
    i = 0
    while i < len(lower):
        pair = f"{lower[i]} {lower[i + 1]}" if lower[i] in starts and i + 1 < len(lower) else ""
        if pair in places:
            found.append((f"place:{places[pair]}", pair))
            i += 2
            continue
        if lower[i] in stopwords and written[i].islower():
            found.append((None, lower[i]))  # "told us" is not the US
        else:
            found.append((term(lower[i]), lower[i]))
        i += 1
    return found


def terms(text: str) -> list[str]:
    """The terms of a text, in order, repeats kept (for term frequency)."""
    return [t for t, _ in tokens(text) if t]


def names(text: str) -> set[str]:
    """Proper names in a text: each capitalised word not at a sentence's start and not a
    common word, by its term ('Spavor', 'Huawei', 'place:iran'). "Michael Spavor" and
    "Spavor" meet on 'spavor'."""
    stopwords, _, places, generic = _tables()
    found = set()
    folded = fold(text)
    for match in re.finditer(r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9'.-]*)", folded):
        word = match.group(1).rstrip("'.-")
        if word.endswith("'s"):
            word = word[:-2]
        lower = word.lower()
        if lower in places:
            found.add(f"place:{places[lower]}")
            continue
        if len(lower) < 2 or lower in stopwords or lower in generic:
            continue
        before = folded[: match.start()].rstrip(" \"'([-")
        if before and before[-1] not in ".!?:;\n":
            found.add(stem(lower))
    return found


def identity(name: str) -> set[str]:
    """Who an actor's name says it is: its places and proper words, without the words
    that say only what kind of actor it is. "Saudi Ministry of Foreign Affairs" and
    "Saudi government" share 'place:saudi arabia'; "Shou Zi Chew, TikTok CEO" and
    "TikTok and the Chinese government" share 'tiktok'."""
    _, _, places, generic = _tables()
    tokens = words(fold(name))
    lower = [w.lower() for w in tokens]
    found = set()
    skip = False
    for i, word in enumerate(lower):
        if skip:
            skip = False
            continue
        pair = f"{word} {lower[i + 1]}" if i + 1 < len(lower) else ""
        # "ambassador to Canada", "embassy in Ottawa": where it sits, not who it is.
        located = i > 0 and lower[i - 1] in _LOCATING
        if pair in places:
            if not located:
                found.add(f"place:{places[pair]}")
            skip = True
        elif word in places:
            if not located:
                found.add(f"place:{places[word]}")
        elif word not in generic and tokens[i][:1].isupper() and len(word) > 1:
            found.add(stem(word))
    return found

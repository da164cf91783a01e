"""The statements as the pairing engine reads them, and what it derives from each once.

A `Statement` is plain data (from the database through `queries.pairing_statements`, or
built by a test). `Prepared` adds what scoring needs: the term vector (TF-IDF over the
whole database), proper names, who the speaker and the target are by name, and which
sides may answer it. Statements are prepared a block at a time, never all at once.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from claimtrack.actors import ActorRegistry
from claimtrack.model import is_allegation
from claimtrack.pairing.text import identity, lexicon, names, tokens


@dataclass
class Statement:
    """What the engine knows of one statement.

    `first`/`last` are the first and last day its date can mean (None when undated);
    `published_first`/`published_last` the same for its article's published date;
    `paragraph` counts the line breaks before the quote in the article text.
    """

    id: str
    article: str
    role: str
    speaker: str
    target: str | None = None
    kind: str | None = None
    topic: str | None = None
    quote: str = ""
    summary: str | None = None
    position: int = 0
    paragraph: int = 0
    date: str | None = None
    first: date | None = None
    last: date | None = None
    published_first: date | None = None
    published_last: date | None = None
    title: str | None = None

    @property
    def is_response(self) -> bool:
        return self.role == "response"

    @property
    def may_be_answered(self) -> bool:
        """Allegations, and counter-accusations with a target, which accuse too."""
        return is_allegation(self.role, self.kind, self.target)

    @property
    def start(self) -> date | None:
        """The first day it can mean: its own date, else its article's."""
        return self.first or self.published_first

    @property
    def end(self) -> date | None:
        return self.last if self.first else self.published_last


@dataclass
class Prepared:
    """A statement with its evidence read: term vector, names, identities and sides."""

    statement: Statement
    side: str
    vector: dict[str, float]
    names: set[str]
    speaker_identity: set[str]
    target_identity: set[str]
    target_side: str | None
    implicated: set[str] = field(default_factory=set)
    twin: bool = False
    surface: dict[str, str] = field(default_factory=dict)  # term -> a word that gave it


class Corpus:
    """Document frequencies of terms over every statement in the database, so a word
    shared by two statements counts by how rare it is."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.total = 0

    def add(self, found_terms: Iterable[str]) -> None:
        self.total += 1
        self.df.update(set(found_terms))

    def idf(self, key: str) -> float:
        return math.log((self.total + 1) / (self.df.get(key, 0) + 1)) + 1


def statement_text(s: Statement) -> str:
    """The words a statement is compared by: quote, summary and topic."""
    return "\n".join((s.quote, s.summary or "", s.topic or ""))


class Reader:
    """Prepares statements against the registry (sides and names through parents) and
    the corpus statistics; remembers what it worked out per actor."""

    def __init__(self, registry: ActorRegistry, corpus: Corpus) -> None:
        self.registry = registry
        self.corpus = corpus
        self._sides: dict[str | None, str] = {}
        self._identities: dict[str | None, set[str]] = {}
        self._side_places = lexicon()["side_places"]

    def side(self, actor_id: str | None) -> str:
        """An actor's side through its parents: its own, or the first state side above
        it (a spokesperson filed as 'other' under a ministry speaks for that state)."""
        if actor_id not in self._sides:
            found = "other"
            for ancestor in self.registry.lineage(actor_id) if actor_id else []:
                if self.registry.actors[ancestor].side != "other":
                    found = self.registry.actors[ancestor].side
                    break
            self._sides[actor_id] = found
        return self._sides[actor_id]

    def identity(self, actor_id: str | None) -> set[str]:
        """Who an actor is by name: the places and proper words of its name, its
        aliases and its parents' names (Mao Ning -> ministry -> China gives 'place:china')."""
        if actor_id not in self._identities:
            found: set[str] = set()
            for ancestor in self.registry.lineage(actor_id) if actor_id else []:
                actor = self.registry.actors[ancestor]
                for name in (actor.name, *actor.aliases):
                    found |= identity(name)
            self._identities[actor_id] = found
        return self._identities[actor_id]

    def prepare(self, s: Statement) -> Prepared:
        read = tokens(statement_text(s))
        counts = Counter(t for t, _ in read if t)
        idf = self.corpus.idf
        weights = {t: (1 + math.log(n)) * idf(t) for t, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        found_names = names(f"{s.quote}\n{s.summary or ''}")
        target_side = self.side(s.target) if s.target else None
        implicated = self.implicated(s, read) if s.may_be_answered else set()
        return Prepared(
            statement=s,
            side=self.side(s.speaker),
            vector={t: w / norm for t, w in weights.items()},
            names=found_names,
            speaker_identity=self.identity(s.speaker),
            target_identity=self.identity(s.target) if s.target else set(),
            target_side=target_side,
            implicated=implicated,
            surface={t: w for t, w in reversed(read) if t},
        )

    def implicated(self, s: Statement, read: list[tuple[str | None, str]]) -> set[str]:
        """State sides other than the speaker's that an allegation names as actors: a
        side's place before an agent noun ("Chinese officials", "Canadian intelligence");
        `read` is the statement's `tokens`."""
        found = set()
        agents = _agent_nouns()
        for (place, _), (_, after) in zip(read, read[1:]):
            if place and place.startswith("place:") and after in agents:
                side = self._side_places.get(place[6:])
                if side:
                    found.add(side)
        return found - {self.side(s.speaker), "other"}


@functools.cache
def _agent_nouns() -> frozenset[str]:
    return frozenset(lexicon()["agent_nouns"])


def mark_twins(statements: list[Prepared]) -> None:
    """A response recorded twice, as a response and as an allegation with the same quote
    (a counter-accusation), is answered through its allegation only."""
    allegation_quotes = {
        (p.statement.article, p.statement.quote)
        for p in statements
        if p.statement.role == "allegation"
    }
    for p in statements:
        s = p.statement
        p.twin = s.is_response and (s.article, s.quote) in allegation_quotes

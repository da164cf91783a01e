"""Automatic pairing: which response answers which allegation, with a score and a reason.

Curated links exist only where a person wrote them; statements loaded from JSONL or CSV
and everything `extract` drafts have none. The engine proposes links from evidence a
reviewer can check:

- who may answer: the responder's side (found through the actor's parents) is the side
  of the allegation's target, or a side the allegation implicates by name ("... received
  support through Chinese officials" implicates beijing although an MP is the target);
- when: a response is not earlier than the allegation and at most `window` days later;
  in one article an undated statement is ordered by its position in the text, across
  articles it takes its article's published date;
- what: shared named things (registry actors under any alias, proper names such as
  Montreal), shared content terms weighted by rarity (TF-IDF), the same or a related
  topic, the same article and paragraph, cues that point back at an allegation ("these
  accusations", "so-called"), a counter-accusation aimed at the accuser, and a reply
  within days of an allegation dated to the day.

Each signal adds or removes evidence on a log-odds scale (`WEIGHTS`); the sum goes
through the logistic function, so a score is in [0, 1] and 0.5 means as much evidence
for as against. A pair that breaks the side or time rules is never scored, and
cross-article candidates come only from an inverted index of rare terms and names inside
the date window, never from a scan of all pairs.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from claimtrack.actors import ActorRegistry, name_key
from claimtrack.model import COMPARE_COLUMNS
from claimtrack.queries import Filters, Rows

DEFAULT_WINDOW = 60
DEFAULT_MIN_SCORE = 0.5
PAIR_COLUMNS = (*COMPARE_COLUMNS, "score", "reason")
#: What a terminal table shows of a proposal; csv/json carry every column.
PAIR_TABLE_COLUMNS = (
    "allegation_id",
    "allegation",
    "reply_id",
    "reply_kind",
    "reply",
    "score",
    "reason",
    "link_origin",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Log-odds weights of the signals. A signal is a number in [0, 1]; see the README.
WEIGHTS = {
    "bias": -2.0,
    "same_article": 1.0,
    "other_article": -1.0,
    "implicated_only": -0.5,
    "topic_same": 2.0,
    "topic_related": 0.5,
    "topic_other": -2.0,
    "named": 1.5,
    "terms": 2.0,
    "paragraph_same": 1.0,
    "paragraph_next": 0.5,
    "just_before": 1.0,
    "cue_just_before": 0.5,
    "text_before": -0.7,
    "refers_back_before": -1.0,
    "at_accuser": 0.5,
    "prompt": 1.0,
    "lag": -1.0,
}

#: Words that carry no evidence of what a statement is about.
STOPWORDS = _words(
    """a about above according across added adding after again against all almost also
    although always am among an and another any are around as asked at be because been
    before being below between both but by can could did do does doing done during each
    either else even ever every few for from further had has have having he her here hers
    herself him himself his how however i if in including into is it its itself just last
    later least less like made make many may me might more most much must my myself near
    need never new no nor not now of off often on once one only or other others our ours
    ourselves out over own per previously rather said same say saying says she should
    since so some still such than that the their theirs them themselves then there these
    they this those though through thus to told too toward under until up upon us very
    was we were what when where whether which while who whom whose why will with within
    without would yet you your yours yourself two three four five six seven eight nine
    ten"""
)
#: Capitalised words that are dates, not names.
DATE_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec today yesterday"""
)
#: Words that name a state side. Before an agent noun they implicate that side ("Chinese
#: officials", "Canadian intelligence"); elsewhere ("Chinese Canadians") they do not.
SIDE_WORDS = {
    "beijing": ("chinese", "china", "beijing", "prc"),
    "ottawa": ("canadian", "canada", "ottawa"),
}
AGENT_NOUNS = _words(
    """official officials diplomat diplomats consulate consulates embassy embassies
    agent agents operative operatives police authorities authority government state
    intelligence spies spy interference meddling influence pressure regime military
    security ministry envoy envoys ambassador"""
)
#: Topics that belong together although they are named differently.
TOPIC_FAMILIES = (
    frozenset({"foreign interference", "election interference"}),
    frozenset({"human rights", "xinjiang", "tibet", "falun gong"}),
)
#: Words the news uses interchangeably for one thing; each group counts as one term.
SYNONYMS = (
    ("allegation", "allege", "accusation", "accuse", "claim", "charge"),
    ("interfere", "interference", "meddle", "meddling"),
    ("diplomat", "diplomatic", "consulate", "consular", "embassy", "ambassador", "envoy"),
    ("detain", "detention", "imprison", "imprisonment", "arrest", "jail"),
    ("election", "electoral", "vote", "voting", "ballot"),
    ("uyghur", "uighur"),
    ("intimidate", "intimidation", "harass", "harassment", "threaten", "coerce", "coercion"),
)
#: Phrases by which a response points back at something reported before it ("these
#: accusations", "the move"), and phrases that mark it as a reply ("so-called", "asked
#: about", "the Canadian side").
_BACK_REFERENCE = re.compile(
    r"\b(?:the|these|those|such|this|that)\s+(?:\w+\s+)?"
    r"(?:allegations?|accusations?|claims?|reports?|charges?|rumou?rs?|smears?|remarks?"
    r"|issue|matter|case|move|measures?|sanctions?|decision)\b",
    re.IGNORECASE,
)
_REPLY_CUE = re.compile(
    r"\b(?:so-called|the (?:\w+ )?side|(?:when |was |were )?asked (?:about|on|whether|if)"
    r"|in (?:response|reply|reaction) to|responding to|reacting to)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9]+")
_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_SUFFIXES = ("ences", "ence", "ations", "ation", "ings", "ing", "ied", "ed", "es", "s", "e")
#: A key in more than this share of the statements is too common to look candidates up by.
_COMMON = 0.3
#: Cross-article candidates: a response looks up its rarest keys, visits the postings of
#: each nearest in time first, ranks what it found by the rarity of the keys it shares,
#: and scores the best few. A bounded amount of work per response, so time grows
#: linearly with the number of statements.
_LOOKUP_KEYS = 6
_LOOKUP_POSTINGS = 20
_LOOKUP_BEST = 5


# ---------------------------------------------------------------- the records


@dataclass
class Statement:
    """What the engine knows of one statement: plain data, from the database or a test.

    `first`/`last` are the first and last day its date can mean (None when undated);
    `published_first`/`published_last` the same for its article's published date.
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

    @property
    def is_allegation(self) -> bool:
        """Allegations, and counter-accusations, which accuse too and may be answered."""
        return self.role == "allegation" or (
            self.kind == "counter-accusation" and self.target is not None
        )

    @property
    def is_response(self) -> bool:
        return self.role == "response"


@dataclass
class Proposal:
    """One proposed link: the response answers the allegation, with the score and why."""

    response_id: str
    allegation_id: str
    score: float
    reason: str
    signals: dict[str, float] = field(default_factory=dict)


class _Read(NamedTuple):
    """A statement's terms and names, read before the corpus statistics exist."""

    statement: Statement
    counts: Counter[str]
    named: dict[str, str]
    quote: str
    summary: str


@dataclass
class _Prepared:
    """A statement with what scoring needs: side, index keys, term vector, names, cues."""

    statement: Statement
    side: str
    sides: dict[str, bool]
    vector: dict[str, float]
    named: dict[str, str]
    keys: list[str]
    cue: str | None
    back_reference: bool
    start: date | None
    end: date | None
    just_before: tuple[str, ...] = ()


# ---------------------------------------------------------------- text


def fold(text: str) -> str:
    """Curly quotes straightened, dashes made plain and accents removed."""
    text = text.translate(_FOLD)
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light suffix stripper: accusation, accused, accuses and accusing meet at 'accus'."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_SIDE_WORD_SET = frozenset(w for words in SIDE_WORDS.values() for w in words)
_CONCEPTS = {stem(word): group[0] for group in SYNONYMS for word in group}


def _is_side_word(word: str) -> bool:
    return word in _SIDE_WORD_SET


@functools.lru_cache(maxsize=200_000)
def _term(word: str) -> str | None:
    """The term a lowercase word counts as, or None for a word that carries no evidence."""
    if len(word) < 3 or word in STOPWORDS or word in _SIDE_WORD_SET:
        return None
    if word.isdigit() and len(word) < 4:
        return None
    term = stem(word)
    return _CONCEPTS.get(term, term)


def terms(text: str) -> list[tuple[str, str]]:
    """(term, word) for each content word of folded text: its stem, or its synonym
    group's first word. Words that name a side are left out: the side rules use them."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        term = _term(word)
        if term:
            found.append((term, word))
    return found


def related_topics(one: str | None, two: str | None) -> str:
    """ "same", "related", "other", or "unknown" when either topic is missing."""
    if not one or not two:
        return "unknown"
    if one == two:
        return "same"
    if any(one in family and two in family for family in TOPIC_FAMILIES):
        return "related"
    return "related" if (set(one.split()) & set(two.split())) - STOPWORDS else "other"


def side_of(registry: ActorRegistry, actor_id: str | None) -> str:
    """An actor's side through its parents: its own, or the first state side above it
    (a spokesperson filed as 'other' under a ministry still speaks for that state)."""
    chain = registry.lineage(actor_id) if actor_id else []
    for ancestor in chain:
        if registry.actors[ancestor].side != "other":
            return registry.actors[ancestor].side
    return "other"


class _Names:
    """Finds the registry's actors (under any alias) and other proper names in text."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        self.phrases: dict[str, str] = {}
        self.proper: dict[str, str] = {}
        for actor in registry.actors.values():
            for name in (actor.name, *actor.aliases):
                words = [w.lower() for w in _WORD.findall(fold(name_key(name)))]
                bare = _WORD.findall(fold(re.sub(r"^\s*the\s+", "", name, flags=re.IGNORECASE)))
                if len(words) > 1:
                    self.phrases.setdefault(" ".join(words), actor.id)
                elif len(bare) == 1 and any(c.isupper() for c in bare[0]):
                    # One-word aliases only as written ("US", not "us"; "Dong").
                    self.proper.setdefault(bare[0], actor.id)
        self.starts: dict[str, int] = {}
        for phrase in self.phrases:
            first, length = phrase.split()[0], len(phrase.split())
            self.starts[first] = max(self.starts.get(first, 0), length)

    def find(self, folded: str) -> dict[str, str]:
        """key → the words as written in folded text: 'actor:<id>' for actors,
        'name:<stem>' for each word of other capitalised names (so "Michael Spavor" and
        "Spavor" meet)."""
        tokens = list(_WORD.finditer(folded))
        words = [m.group() for m in tokens]
        lower = [w.lower() for w in words]
        found: dict[str, str] = {}
        i = 0
        while i < len(words):
            step = 0
            longest = self.starts.get(lower[i], 0)
            for n in range(min(longest, len(words) - i), 1, -1):
                actor_id = self.phrases.get(" ".join(lower[i : i + n]))
                if actor_id:
                    found.setdefault(f"actor:{actor_id}", " ".join(words[i : i + n]))
                    step = n
                    break
            if not step and words[i] in self.proper:
                found.setdefault(f"actor:{self.proper[words[i]]}", words[i])
                step = 1
            if not step and words[i][0].isupper() and not _sentence_start(folded, tokens[i]):
                j = i
                while j < len(words) and (
                    (words[j][0].isupper() and lower[j] not in STOPWORDS)
                    or (lower[j] == "of" and j + 1 < len(words) and words[j + 1][0].isupper())
                ):
                    j += 1
                whole = " ".join(words[i : max(j, i + 1)])
                for k in range(i, max(j, i + 1)):
                    word = lower[k]
                    if len(word) > 2 and not (
                        word in DATE_WORDS or word in STOPWORDS or _is_side_word(word)
                    ):
                        found.setdefault(f"name:{stem(word)}", whole)
                step = max(j - i, 1)
            i += step or 1
        return found

    def implicated(self, folded: str, named: Iterable[str]) -> set[str]:
        """State sides folded text names as actors: a registry actor of that side, or its
        adjective before an agent noun ("Chinese officials", "Canadian intelligence")."""
        sides = {side_of(self.registry, key[6:]) for key in named if key.startswith("actor:")}
        lower = [w.lower() for w in _WORD.findall(folded)]
        for word, after in zip(lower, lower[1:]):
            for side, side_words in SIDE_WORDS.items():
                if word in side_words and after in AGENT_NOUNS:
                    sides.add(side)
        return sides - {"other"}


def _one_day(s: Statement) -> bool:
    """Dated, to the day."""
    return s.first is not None and s.first == s.last


def _sentence_start(text: str, match: re.Match) -> bool:
    before = text[: match.start()].rstrip(" \"'([-")
    return not before or before[-1] in ".!?:;\n"


# ---------------------------------------------------------------- the engine


class Pairer:
    """Scores response → allegation pairs over one set of statements.

    Building it prepares every statement once (terms, names, sides, dates) and indexes
    the allegations; `proposals()` then looks up each response's candidates and scores
    them. `same_article_only` keeps candidates inside each article; `rejected` pairs
    (response id, allegation id) are never proposed.
    """

    def __init__(
        self,
        statements: Sequence[Statement],
        registry: ActorRegistry,
        window: int = DEFAULT_WINDOW,
        same_article_only: bool = False,
        rejected: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.registry = registry
        self.window = window
        self.same_article_only = same_article_only
        self.rejected = set(rejected)
        self.names = _Names(registry)
        self.states = {a.id for a in registry.actors.values() if not a.parent and a.side != "other"}
        self._sides: dict[str | None, str] = {}
        self._lineages: dict[str, set[str]] = {}
        self._surface_of: tuple[str, dict[str, str]] = ("", {})
        raw = [self._read(s) for s in statements]
        self.df: Counter[str] = Counter()
        for read in raw:
            self.df.update(set(read.counts) | set(read.named))
        self.df.update(f"topic:{s.topic}" for s in statements if s.topic)
        self.total = max(len(raw), 1)
        self.idf = {k: math.log((self.total + 1) / (n + 1)) + 1 for k, n in self.df.items()}
        self.features = [self._prepare(read) for read in raw]
        self.by_id = {f.statement.id: f for f in self.features}
        self._index()

    # ------------------------------------------------------------ preparing statements

    def side(self, actor_id: str | None) -> str:
        """`side_of`, remembered per actor."""
        if actor_id not in self._sides:
            self._sides[actor_id] = side_of(self.registry, actor_id)
        return self._sides[actor_id]

    def _read(self, s: Statement) -> _Read:
        """Terms and names of a statement, before the corpus statistics exist."""
        quote, summary = fold(s.quote), fold(s.summary or "")
        found = terms(f"{quote}\n{summary}")
        named = self.names.find(quote)
        for key, surface in self.names.find(summary).items():
            named.setdefault(key, surface)
        if s.target in self.registry.actors:
            named.setdefault(f"actor:{s.target}", self.registry.actors[s.target].name)
        named = {k: v for k, v in named.items() if k[6:] not in self.states}
        return _Read(s, Counter(term for term, _ in found), named, quote, summary)

    def _prepare(self, read: _Read) -> _Prepared:
        s, counts, named = read.statement, read.counts, read.named
        weights = {t: (1 + math.log(n)) * self.idf[t] for t, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        side = self.side(s.speaker)
        sides: dict[str, bool] = {}
        if s.is_allegation:
            sides[self.side(s.target)] = True
            for other in self.names.implicated(f"{read.quote}\n{read.summary}", named):
                if other != side:
                    sides.setdefault(other, False)
        keys = [*counts, *named, *([f"topic:{s.topic}"] if s.topic else [])]
        if self.total >= 10:
            keys = [k for k in keys if self.df[k] <= _COMMON * self.total]
        keys.sort(key=lambda k: (-self.idf.get(k, 0.0), k))
        start, end = (s.first, s.last) if s.first else (s.published_first, s.published_last)
        back = _BACK_REFERENCE.search(read.quote) if s.is_response else None
        cue = back or (_REPLY_CUE.search(read.quote) if s.is_response else None)
        return _Prepared(
            statement=s,
            side=side,
            sides=sides,
            vector={t: w / norm for t, w in weights.items()},
            named=named,
            keys=keys,
            cue=cue.group() if cue else None,
            back_reference=back is not None,
            start=start,
            end=end,
        )

    def _index(self) -> None:
        """Allegations by article, and per (side, key) by date for the window lookups;
        for each response, the two allegations reported just before it."""
        self.by_article: dict[str, list[_Prepared]] = defaultdict(list)
        postings: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        self.allegations = [f for f in self.features if f.statement.is_allegation]
        for number, f in enumerate(self.allegations):
            self.by_article[f.statement.article].append(f)
            if f.end is None or self.same_article_only:
                continue
            for side in f.sides:
                for key in f.keys:
                    postings[(side, key)].append((f.end.toordinal(), number))
        self.postings = {k: sorted(v) for k, v in postings.items()}
        for article in self.by_article.values():
            article.sort(key=lambda f: (f.statement.position, f.statement.id))
        for f in self.features:
            if f.statement.is_response:
                here = self.by_article.get(f.statement.article, [])
                before = [
                    a.statement.id
                    for a in here
                    if a.statement.position < f.statement.position and a is not f
                ]
                f.just_before = tuple(before[-2:])

    # ------------------------------------------------------------ candidates and scores

    def proposals(
        self,
        min_score: float = DEFAULT_MIN_SCORE,
        progress: Callable[[Sequence[Any]], Iterable[Any]] = iter,
    ) -> list[Proposal]:
        """Every candidate pair scoring at least `min_score`, best first per response.
        `progress` wraps the responses as they are worked through (a progress bar)."""
        found = []
        responses = [f for f in self.features if f.statement.is_response]
        for response in progress(responses):
            scored = []
            for allegation in self._candidates(response):
                proposal = self._score(response, allegation)
                if proposal and proposal.score >= min_score:
                    scored.append(proposal)
            scored.sort(key=lambda p: (-p.score, p.allegation_id))
            found.extend(scored)
        return found

    def score(self, response_id: str, allegation_id: str) -> Proposal | None:
        """The proposal for one pair by ids, or None when a rule forbids the pair."""
        response, allegation = self.by_id[response_id], self.by_id[allegation_id]
        if not response.statement.is_response or not allegation.statement.is_allegation:
            return None
        if self.same_article_only and response.statement.article != allegation.statement.article:
            return None
        return self._score(response, allegation)

    def rule_out(self, response_id: str, allegation_id: str) -> str | None:
        """Which rule forbids this pair, in words; None when it may be scored."""
        response, allegation = self.by_id[response_id], self.by_id[allegation_id]
        r, a = response.statement, allegation.statement
        if not r.is_response or not a.is_allegation or r.id == a.id:
            return "not a response and an allegation"
        if (r.id, a.id) in self.rejected:
            return "rejected by a person"
        if self.same_article_only and r.article != a.article:
            return "in different articles"
        if response.side not in allegation.sides:
            return f"{response.side} cannot answer an allegation against {self.side(a.target)}"
        if self._timing(response, allegation, r.article == a.article) is not None:
            return None
        if response.start is None or allegation.start is None:
            return "undated, in different articles without a published date"
        if response.end < allegation.start:
            return f"the reply ({r.date or 'undated'}) is earlier than the allegation"
        return f"the reply is more than {self.window} days after the allegation"

    def _candidates(self, response: _Prepared) -> list[_Prepared]:
        """Every allegation of the same article its side may answer; across articles, the
        few within the window that share the most of the response's rarest keys."""
        s = response.statement
        chosen = [
            a
            for a in self.by_article.get(s.article, ())
            if a.statement.id != s.id and response.side in a.sides
        ]
        if self.same_article_only or response.start is None:
            return chosen
        low = response.start.toordinal() - self.window
        high = response.end.toordinal() + 31
        shared: dict[int, float] = defaultdict(float)
        for key in response.keys[:_LOOKUP_KEYS]:
            posting = self.postings.get((response.side, key))
            if not posting:
                continue
            lo = bisect.bisect_left(posting, (low, -1))
            hi = bisect.bisect_right(posting, (high, len(self.allegations)))
            weight = self.idf[key]
            for _, number in posting[max(lo, hi - _LOOKUP_POSTINGS) : hi]:
                shared[number] += weight
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
        for number, _ in best[:_LOOKUP_BEST]:
            allegation = self.allegations[number]
            if allegation.statement.article != s.article:
                chosen.append(allegation)
        return chosen

    def _score(self, response: _Prepared, allegation: _Prepared) -> Proposal | None:
        r, a = response.statement, allegation.statement
        if r.id == a.id or (r.id, a.id) in self.rejected:
            return None
        if response.side not in allegation.sides:
            return None
        same_article = r.article == a.article
        timing = self._timing(response, allegation, same_article)
        if timing is None:
            return None
        lag, when = timing
        signals: dict[str, float] = {}
        reasons: list[str] = []
        if same_article:
            signals["same_article"] = 1.0
            reasons.append("same article")
        else:
            signals["other_article"] = 1.0
            reasons.append(f"across articles: the reply is in article {r.article}")
        target_side = self.side(a.target)
        if allegation.sides[response.side]:
            reasons.append(f"{response.side} answers an allegation against {target_side}")
        else:
            signals["implicated_only"] = 1.0
            reasons.append(
                f"{response.side} answers an allegation against {target_side} "
                f"that implicates {response.side}"
            )
        if r.kind == "counter-accusation" and self._at_accuser(r.target, a.speaker):
            signals["at_accuser"] = 1.0
            reasons.append("counter-accuses the accuser")
        topic = related_topics(r.topic, a.topic)
        if topic == "same":
            signals["topic_same"] = 1.0
            reasons.append(f"same topic '{a.topic}'")
        elif topic == "related":
            signals["topic_related"] = 1.0
            reasons.append(f"related topics '{a.topic}' and '{r.topic}'")
        elif topic == "other":
            signals["topic_other"] = 1.0
            reasons.append(f"different topics '{a.topic}' and '{r.topic}'")
        self._content(response, allegation, signals, reasons)
        if same_article:
            self._layout(response, allegation, signals, reasons)
        if lag is not None and lag <= 7 and _one_day(r) and _one_day(a):
            signals["prompt"] = 1.0
        if lag is not None and not same_article and self.window:
            signals["lag"] = min(1.0, lag / self.window)
        reasons.append(when)
        logit = WEIGHTS["bias"] + sum(WEIGHTS[k] * v for k, v in signals.items())
        score = round(1 / (1 + math.exp(-logit)), 3)
        return Proposal(r.id, a.id, score, "; ".join(reasons), signals)

    def _content(
        self, response: _Prepared, allegation: _Prepared, signals: dict, reasons: list
    ) -> None:
        """Shared names (weighted by how specific they are) and shared terms (TF-IDF)."""
        shared_named = [k for k in response.named if k in allegation.named]
        if shared_named:
            shared_named.sort(key=lambda k: (-self.idf.get(k, 0.0), k))
            signals["named"] = min(1.0, sum(self._specificity(k) for k in shared_named))
            shown = list(dict.fromkeys(response.named[k] for k in shared_named))[:3]
            reasons.append("shares " + ", ".join(f"'{name}'" for name in shown))
        shared = [t for t in response.vector if t in allegation.vector]
        if shared:
            similarity = sum(response.vector[t] * allegation.vector[t] for t in shared)
            signals["terms"] = min(1.0, similarity / 0.3)
            named_words = " ".join(response.named.values()).lower()
            surface = self._surface(response.statement)
            words = [
                surface[t]
                for t in sorted(shared, key=lambda t: (-self.idf.get(t, 0.0), t))
                if surface[t] not in named_words
            ]
            if words:
                reasons.append("terms " + ", ".join(repr(w) for w in words[:3]))

    def _layout(
        self, response: _Prepared, allegation: _Prepared, signals: dict, reasons: list
    ) -> None:
        """Where the two sit in their article: paragraph, order, back-references."""
        r, a = response.statement, allegation.statement
        gap = abs(r.paragraph - a.paragraph)
        if gap == 0:
            signals["paragraph_same"] = 1.0
            reasons.append("same paragraph")
        elif gap == 1:
            signals["paragraph_next"] = 1.0
            reasons.append("next paragraph")
        if a.id in response.just_before:
            signals["just_before"] = 1.0
            reasons.append("the allegation comes just before it")
            if response.cue:
                signals["cue_just_before"] = 1.0
                reasons.append(f"refers back ('{response.cue}')")
        if r.position < a.position:
            if r.first is None or a.first is None:
                signals["text_before"] = 1.0
            if response.back_reference:
                signals["refers_back_before"] = 1.0

    def _timing(
        self, response: _Prepared, allegation: _Prepared, same_article: bool
    ) -> tuple[int | None, str] | None:
        """(lag in days or None, the words for the reason), or None when the response
        would be earlier than the allegation or later than the window allows."""
        r, a = response.statement, allegation.statement
        if same_article and (r.first is None or a.first is None):
            order = "after" if r.position > a.position else "before"
            return None, f"undated; the reply comes {order} it in the article"
        if response.start is None or allegation.start is None:
            return None
        if response.end < allegation.start:
            return None
        gap = (response.start - allegation.end).days
        if gap > self.window:
            return None
        lag = max(0, (response.start - allegation.start).days)
        if response.start == response.end and allegation.start == allegation.end:
            text = "same day" if lag == 0 else f"{lag} day{'s' if lag != 1 else ''} later"
        else:
            text = f"within {gap} days" if gap > 0 else "same period"
        if r.first is None or a.first is None:
            text += " (by article date)"
        return lag, text

    def _surface(self, s: Statement) -> dict[str, str]:
        """term → the first word that gave it, for the reason; one response at a time."""
        if self._surface_of[0] != s.id:
            found = terms(fold(f"{s.quote}\n{s.summary or ''}"))
            self._surface_of = (s.id, {term: word for term, word in reversed(found)})
        return self._surface_of[1]

    def _specificity(self, key: str) -> float:
        """1 for a name in at most a tenth of the statements, falling towards 0 for one in
        all; a few statements are too few to call a name common, so the count starts as
        if 20 more statements lacked it."""
        df = self.df.get(key, 0)
        if not df:
            return 0.0
        return max(0.0, min(1.0, math.log((self.total + 20) / df) / math.log(10)))

    def _lineage(self, actor_id: str) -> set[str]:
        if actor_id not in self._lineages:
            self._lineages[actor_id] = set(self.registry.lineage(actor_id))
        return self._lineages[actor_id]

    def _at_accuser(self, target: str | None, accuser: str) -> bool:
        """The counter-accusation's target is the accuser, above or below it, or (for
        state sides) on the accuser's side."""
        if not target:
            return False
        if (
            target == accuser
            or target in self._lineage(accuser)
            or accuser in self._lineage(target)
        ):
            return True
        side = self.side(target)
        return side != "other" and side == self.side(accuser)


# ---------------------------------------------------------------- the database


def load_statements(conn: sqlite3.Connection) -> list[Statement]:
    """Every statement in the database as the engine sees it, with its paragraph number
    and its article's published date."""
    from claimtrack.dates import PartialDate

    articles: dict[str, tuple[date | None, date | None, list[int]]] = {}
    for article_id, published, text in conn.execute("SELECT id, published, text FROM articles"):
        breaks = [m.start() for m in re.finditer(r"\n\s*", text or "")]
        when = PartialDate(published) if published else None
        articles[article_id] = (
            when.first if when else None,
            when.last if when else None,
            breaks,
        )
    found = []
    for row in conn.execute(
        """SELECT id, article_id, role, speaker_id, target_id, kind, topic, quote, summary,
            quote_start, date, date_first, date_last
        FROM statements ORDER BY article_id, quote_start, id"""
    ):
        published_first, published_last, breaks = articles[row[1]]
        found.append(
            Statement(
                id=row[0],
                article=row[1],
                role=row[2],
                speaker=row[3],
                target=row[4],
                kind=row[5],
                topic=row[6],
                quote=row[7],
                summary=row[8],
                position=row[9],
                paragraph=bisect.bisect_right(breaks, row[9]),
                date=row[10],
                first=date.fromisoformat(row[11]) if row[11] else None,
                last=date.fromisoformat(row[12]) if row[12] else None,
                published_first=published_first,
                published_last=published_last,
            )
        )
    return found


def rejected_pairs(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """Pairs a person unlinked after the engine proposed them: never proposed again."""
    return {
        (r, a) for r, a in conn.execute("SELECT response_id, allegation_id FROM rejected_links")
    }


def pair_filter(
    registry: ActorRegistry, statements: dict[str, Statement], filters: Filters
) -> Callable[[str, str], bool]:
    """A test of (response id, allegation id) with the meaning the filters have for
    `compare`: --side, --by and --article match either statement, --against, --topic
    and the dates the allegation, --kind the reply."""
    by = registry.descendants(registry.resolve(filters.by).id) if filters.by else None
    against = (
        registry.descendants(registry.resolve(filters.against).id) if filters.against else None
    )
    topic = " ".join(filters.topic.lower().split()) if filters.topic else None
    since = filters.since.first if filters.since else None
    until = filters.until.last if filters.until else None

    def side(actor_id: str | None) -> str | None:
        actor = registry.actors.get(actor_id or "")
        return actor.side if actor else None

    def keep(response_id: str, allegation_id: str) -> bool:
        r, a = statements[response_id], statements[allegation_id]
        checks = (
            filters.side is None or filters.side in (side(a.speaker), side(r.speaker)),
            by is None or a.speaker in by or r.speaker in by,
            against is None or a.target in against,
            topic is None or a.topic == topic,
            filters.kind is None or r.kind == filters.kind,
            filters.article is None or filters.article in (a.article, r.article),
            since is None or (a.last is not None and a.last >= since),
            until is None or (a.first is not None and a.first <= until),
        )
        return all(checks)

    return keep


@dataclass
class PairRun:
    """The outcome of `propose`: the proposals, the statements they refer to, and the
    links already stored (origin, score, reason by pair)."""

    proposals: list[Proposal]
    statements: dict[str, Statement]
    registry: ActorRegistry
    existing: dict[tuple[str, str], tuple[str, float | None, str | None]]
    summary: str = ""


def propose(
    conn: sqlite3.Connection,
    filters: Filters,
    window: int = DEFAULT_WINDOW,
    min_score: float = DEFAULT_MIN_SCORE,
    progress: Callable[[Sequence[Any]], Iterable[Any]] = iter,
) -> PairRun:
    """Run the engine over every statement in the database and keep the proposals the
    filters select. Rejected pairs are left out; pairs already linked are kept (their
    stored origin shows in `link_origin`)."""
    from claimtrack.store import load_registry

    registry = load_registry(conn)
    statements = load_statements(conn)
    engine = Pairer(statements, registry, window=window, rejected=rejected_pairs(conn))
    by_id = {s.id: s for s in statements}
    keep = pair_filter(registry, by_id, filters)
    proposals = [
        p for p in engine.proposals(min_score, progress) if keep(p.response_id, p.allegation_id)
    ]
    existing = {
        (r, a): (origin, score, reason)
        for r, a, origin, score, reason in conn.execute(
            "SELECT response_id, allegation_id, origin, score, reason FROM reply_links"
        )
    }
    fresh = sum((p.response_id, p.allegation_id) not in existing for p in proposals)
    summary = (
        f"{len(proposals)} proposals scoring {min_score} or more ({fresh} not linked yet); "
        f"the engine read {sum(s.is_response for s in statements)} responses and "
        f"{sum(s.is_allegation for s in statements)} allegations"
    )
    return PairRun(proposals, by_id, registry, existing, summary)


def proposal_rows(run: PairRun, columns: Sequence[str] = PAIR_COLUMNS) -> Rows:
    """The proposals as `compare` rows plus score and reason, in compare's order (only
    `columns`, e.g. PAIR_TABLE_COLUMNS for a terminal)."""
    registry, statements = run.registry, run.statements

    def name(actor_id: str | None) -> str | None:
        return registry.actors[actor_id].name if actor_id in registry.actors else None

    def side(actor_id: str | None) -> str | None:
        return registry.actors[actor_id].side if actor_id in registry.actors else None

    ordered = sorted(
        run.proposals,
        key=lambda p: (
            statements[p.allegation_id].article,
            statements[p.allegation_id].position,
            p.allegation_id,
            -p.score,
            p.response_id,
        ),
    )
    rows = []
    for p in ordered:
        a, r = statements[p.allegation_id], statements[p.response_id]
        origin, stored, _ = run.existing.get((p.response_id, p.allegation_id), (None,) * 3)
        lag = None
        if a.date and r.date and len(a.date) == 10 and len(r.date) == 10:
            lag = (r.first - a.first).days
        values = {
            "allegation_id": a.id,
            # As in compare: the allegation's own date, or else its article's.
            "alleged_on": a.date or (a.published_first and a.published_first.isoformat()),
            "date_basis": "statement" if a.date else "article" if a.published_first else None,
            "alleged_by": name(a.speaker),
            "alleger_side": side(a.speaker),
            "target": name(a.target),
            "target_side": side(a.target),
            "topic": a.topic,
            "allegation": a.summary,
            "allegation_quote": a.quote,
            "reply_id": r.id,
            "replied_on": r.date,
            "replied_by": name(r.speaker),
            "replier_side": side(r.speaker),
            "reply_kind": r.kind,
            "reply": r.summary,
            "reply_quote": r.quote,
            "lag_days": lag,
            "link_origin": origin,
            "link_score": stored,
            "article": a.article,
            "score": p.score,
            "reason": p.reason,
        }
        rows.append(tuple(values[c] for c in columns))
    return Rows(tuple(columns), rows)


@dataclass
class ApplyReport:
    """What `--apply` did with the proposals, by outcome."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0

    def summary(self) -> str:
        return (
            f"auto links: {self.added} new, {self.updated} updated, {self.unchanged} unchanged; "
            f"{self.kept} pairs already linked by a person left as they were"
        )


def apply_proposals(conn: sqlite3.Connection, run: PairRun) -> ApplyReport:
    """Store the proposals as links of origin 'auto'. A curated or manual link is never
    changed; an auto link gets the new score and reason; the same proposals twice write
    nothing the second time."""
    report = ApplyReport()
    writes = []
    for p in run.proposals:
        key = (p.response_id, p.allegation_id)
        origin, score, reason = run.existing.get(key, (None,) * 3)
        if origin in ("curated", "manual"):
            report.kept += 1
            continue
        if origin == "auto":
            if score == p.score and reason == p.reason:
                report.unchanged += 1
                continue
            report.updated += 1
        else:
            report.added += 1
        writes.append((*key, p.score, p.reason))
        run.existing[key] = ("auto", p.score, p.reason)
    conn.executemany(
        """INSERT INTO reply_links (response_id, allegation_id, origin, score, reason)
        VALUES (?, ?, 'auto', ?, ?)
        ON CONFLICT (response_id, allegation_id) DO UPDATE SET
            score = excluded.score, reason = excluded.reason
        WHERE reply_links.origin = 'auto'""",
        writes,
    )
    return report

"""The evidence that a reply answers an allegation, one signal at a time.

Each signal is a number in [0, 1] read from the two statements (and, for the relative
ones, the reply's other candidates), with the words that go into the `reason`. Their
weights are not set here: `fit.py` fits them to the development set's links and writes
them to `data/weights.json`; `scoring.py` adds them up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimtrack.pairing.statements import Corpus, Prepared


@dataclass
class Pair:
    """A response, an allegation it may answer, and what the engine knows around them."""

    response: Prepared
    allegation: Prepared
    basis: str  # why this responder may answer: "side", "named", "implicated"
    corpus: Corpus
    title_vector: dict[str, float]
    best_content: float = 0.0  # the response's highest content similarity to any candidate
    candidates: int = 1  # how many allegations of its article the response may answer
    lag: int | None = None


Reading = tuple[float, str | None]


def cosine(one: dict[str, float], two: dict[str, float]) -> float:
    if len(two) < len(one):
        one, two = two, one
    return sum(w * two[t] for t, w in one.items() if t in two)


def _shown(keys: list[str]) -> str:
    return ", ".join(repr(k.split(":", 1)[-1]) for k in keys[:3])


def content(pair: Pair) -> Reading:
    """Shared words of quote and summary (stems, synonym groups, places), TF-IDF cosine."""
    r, a = pair.response.vector, pair.allegation.vector
    value = cosine(r, a)
    if value <= 0:
        return 0.0, None
    shared = sorted((t for t in r if t in a), key=lambda t: -r[t] * a[t])
    words = [pair.response.surface.get(t, t) for t in shared]
    return min(1.0, value), f"shared words {_shown(words)} ({value:.2f})"


def topic(pair: Pair) -> Reading:
    """Both carry a topic (a curator's or an extractor's label): 1 when it is the same
    topic. Replies loaded without a topic say nothing here."""
    one, two = pair.response.statement.topic, pair.allegation.statement.topic
    if one and two and one == two:
        return 1.0, f"same topic '{one}'"
    return 0.0, None


def other_topic(pair: Pair) -> Reading:
    """Both carry a topic and the topics differ."""
    one, two = pair.response.statement.topic, pair.allegation.statement.topic
    if one and two and one != two:
        return 1.0, f"different topics '{two}' and '{one}'"
    return 0.0, None


def closest(pair: Pair) -> Reading:
    """The allegation is the one the reply is closest to in words among those it may
    answer in its article (share of the best similarity)."""
    if pair.candidates < 2 or pair.best_content <= 0:
        return 0.0, None
    value = cosine(pair.response.vector, pair.allegation.vector) / pair.best_content
    return value, "the closest in words" if value >= 0.999 else None


def accuser_named(pair: Pair) -> Reading:
    """The reply names who made the allegation ("the UK's hype", "Trudeau's remarks")."""
    accuser = pair.allegation.speaker_identity - pair.response.speaker_identity
    said = pair.response.names | {t for t in pair.response.vector if t.startswith("place:")}
    found = sorted(accuser & said)
    return (1.0, f"names the accuser ({_shown(found)})") if found else (0.0, None)


def at_accuser(pair: Pair) -> Reading:
    """A counter-accusation aimed at the accuser."""
    r = pair.response
    if r.statement.kind != "counter-accusation" or not r.target_identity:
        return 0.0, None
    if r.target_identity & pair.allegation.speaker_identity:
        return 1.0, "counter-accuses the accuser"
    return 0.0, None


def by_name(pair: Pair) -> Reading:
    """The responder answers for the target by name rather than by side (a third state
    answering a charge against it, a company's chief for the company)."""
    return (1.0, "answers for the named target") if pair.basis == "named" else (0.0, None)


def implicated(pair: Pair) -> Reading:
    """The responder's side is only implicated ('received help through Chinese
    officials'), not the target."""
    return (1.0, "its side is implicated") if pair.basis == "implicated" else (0.0, None)


def near(pair: Pair) -> Reading:
    """How close the two are in the article: 1 in the same paragraph, 1/2 in the next…"""
    r, a = pair.response.statement, pair.allegation.statement
    if r.article != a.article:
        return 0.0, None
    gap = abs(r.paragraph - a.paragraph)
    value = 1 / (1 + gap)
    return value, ("same paragraph" if gap == 0 else f"{gap} paragraphs apart")


def reply_first(pair: Pair) -> Reading:
    """The reply is reported before the allegation (the usual news lead, so weak)."""
    r, a = pair.response.statement, pair.allegation.statement
    if r.article == a.article and r.position < a.position:
        return 1.0, "the reply is reported first"
    return 0.0, None


def headline(pair: Pair) -> Reading:
    """How much the allegation is what the article's headline is about (the main charge,
    which the replies of a story answer)."""
    if pair.response.statement.article != pair.allegation.statement.article:
        return 0.0, None
    value = min(1.0, cosine(pair.allegation.vector, pair.title_vector))
    return (value, "the headline's charge") if value >= 0.2 else (value, None)


def several(pair: Pair) -> Reading:
    """The reply may answer several allegations of its article (siblings of one incident
    share the reply, so each alone is less certain): 1 - 1/candidates."""
    value = 1 - 1 / max(1, pair.candidates)
    if pair.candidates < 2:
        return value, None
    return value, f"one of {pair.candidates} allegations it may answer here"


def other_article(pair: Pair) -> Reading:
    """The reply is in another article."""
    r, a = pair.response.statement, pair.allegation.statement
    if r.article != a.article:
        return 1.0, f"across articles: the reply is in article {r.article}"
    return 0.0, None


#: Every signal by name, in the order the reason lists them.
SIGNALS: dict[str, Callable[[Pair], Reading]] = {
    "other_article": other_article,
    "by_name": by_name,
    "implicated": implicated,
    "content": content,
    "topic": topic,
    "other_topic": other_topic,
    "closest": closest,
    "accuser_named": accuser_named,
    "at_accuser": at_accuser,
    "headline": headline,
    "near": near,
    "reply_first": reply_first,
    "several": several,
}


def read_signals(pair: Pair) -> tuple[dict[str, float], list[str]]:
    """Every signal's value, and the reason's words in signal order."""
    values: dict[str, float] = {}
    reasons: list[str] = []
    for name, signal in SIGNALS.items():
        value, reason = signal(pair)
        values[name] = value
        if reason:
            reasons.append(reason)
    return values, reasons

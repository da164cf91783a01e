"""Which statements are appearances of one claim: blocking, candidates, scores, clusters.

Two statements are the same claim when the same speaker says the same thing in the same
role within a few days: the same quote, a near-identical one, or a reworded report of it.
The engine never compares all pairs:

- blocking: only statements with the same speaker and role are compared, and only
  within `window` days of each other (a statement's own date, else its article's);
- candidates: inside a block, statements sharing an identical normalised quote, or
  `SHARED_WORDS` of each other's rarest words (their "signature"), are the only pairs
  scored, each statement looking at a bounded number of others. A word too common in a
  block's window to tell claims apart is skipped;
- score: how alike the quotes are (`text.likeness`), less evidence against: different
  targets, different reply kinds, replies answering different claims, and (in a
  block large enough for word counts to mean something) rare words not in common. The
  reason names each piece of evidence, as pairing's reasons do;
- clusters: accepted pairs are joined best first, except that a claim never holds two
  statements of one article (an article reports a claim once; two denials by one
  spokesperson in one report are two claims), nor two statements a person split apart,
  nor dated appearances more than `window` days apart;
- names: a claim is `c-` and the id of its earliest appearance when it is first grouped,
  and keeps that name while that statement stays in it (`named`), so that an earlier
  copy loaded later becomes its canonical statement without renaming it.

Allegations are grouped first, so that replies can be compared by the claims they answer.
"""

from __future__ import annotations

import bisect
import gc
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from claimtrack.claims.text import Likeness, likeness, words

CLAIM_ID_PREFIX = "c-"
DEFAULT_WINDOW = 14
DEFAULT_MIN_SCORE = 0.7
#: How many of its rarest words a statement is indexed under.
SIGNATURE_WORDS = 8
#: How many of those two statements must share to be compared.
SHARED_WORDS = 3
#: A word shared by more statements than this inside one block's window is too common
#: to find candidates with.
COMMON_RUN = 48
#: Score lost for each piece of evidence that two statements say different things.
PENALTIES = {"target": 0.25, "kind": 0.25, "answers": 0.4, "rare words": 0.4}
#: Below this share of the rarest words in common, two quotes say different things.
RARE_WORDS_KEPT = 0.5


def day_ordinal(value: str | None) -> int | None:
    """An ISO day (YYYY-MM-DD) as a date ordinal; None for a month, a year or nothing."""
    if value and len(value) == 10:
        try:
            return date.fromisoformat(value).toordinal()
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class Appearance:
    """One statement as the grouping sees it.

    `day` is a date ordinal (the statement's date, else its article's; None when neither
    is known); `answers` the ids of the allegations a response replies to.
    """

    id: str
    speaker: str
    role: str
    article: str
    day: int | None
    quote: str
    target: str | None = None
    kind: str | None = None
    answers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Membership:
    """The claim a statement belongs to, with the score and reason of the strongest
    evidence that put it there (None and "" for a claim of one appearance)."""

    claim: str
    score: float | None
    reason: str


@dataclass
class Grouping:
    """The result: every statement's membership, and how much work it took."""

    memberships: dict[str, Membership]
    compared: int = 0
    accepted: int = 0

    @property
    def claims(self) -> int:
        return len({m.claim for m in self.memberships.values()})


@dataclass(slots=True)
class _Item:
    appearance: Appearance
    words: list[str]
    signature: tuple[str, ...] = ()
    #: In a block large enough for word counts to tell specifics from stock phrases
    #: (a speaker's statements are grouped alike whether alone, as a load does, or
    #: among everyone's, as the evaluation does).
    counted: bool = False
    answers: frozenset[str] = field(default_factory=frozenset)


def group(
    appearances: Iterable[Appearance],
    window: int = DEFAULT_WINDOW,
    min_score: float = DEFAULT_MIN_SCORE,
    together: Iterable[tuple[str, str]] = (),
    apart: Iterable[tuple[str, str]] = (),
    progress: Callable[[Sequence], Iterable] = iter,
    small_block: int = COMMON_RUN,
    known: dict[str, str] | None = None,
    named: dict[str, str] | None = None,
) -> Grouping:
    """Group statements into claims.

    `together` and `apart` are corrections made by hand (`claimtrack merge` and
    `split`): pairs that must share a claim, and pairs that must not. A speaker with
    at most `small_block` statements has all their pairs in the window scored; 0
    makes every block use the rare-word index, as large ones do. `known` gives the
    claims of allegations outside `appearances` that replies in it answer; `named` the
    claim each statement had before, whose names are kept (see `_Clusters.memberships`).

    The cycle collector is paused meanwhile: grouping makes millions of small objects
    and no cycles, and at a million statements the collector walking them all again and
    again cost a sixth of the time.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _group(
            appearances, window, min_score, together, apart, progress, small_block, known, named
        )
    finally:
        if collecting:
            gc.enable()


def _group(
    appearances: Iterable[Appearance],
    window: int,
    min_score: float,
    together: Iterable[tuple[str, str]],
    apart: Iterable[tuple[str, str]],
    progress: Callable[[Sequence], Iterable],
    small_block: int,
    known: dict[str, str] | None,
    named: dict[str, str] | None,
) -> Grouping:
    by_role: dict[str, list[_Item]] = defaultdict(list)
    for appearance in appearances:
        by_role[appearance.role].append(_Item(appearance, words(appearance.quote)))
    clusters = _Clusters(apart, window)
    for a, b in together:
        clusters.force(a, b)
    result = Grouping({})
    claim_of: dict[str, str] = dict(known or {})
    for role in sorted(by_role, key=lambda r: r != "allegation"):
        items = by_role[role]
        for item in items:
            clusters.add(item.appearance)
            answered = item.appearance.answers
            if answered and all(i in claim_of for i in answered):
                item.answers = frozenset(claim_of[i] for i in answered)
        edges = []
        for left, right in progress(list(_candidates(items, window, small_block))):
            result.compared += 1
            score, reason = _score(left, right)
            if score >= min_score:
                edges.append((score, left.appearance.id, right.appearance.id, reason))
        edges.sort(key=lambda e: (-e[0], e[1], e[2]))
        for score, a, b, reason in edges:
            if clusters.join(a, b, score, reason):
                result.accepted += 1
        role_memberships = clusters.memberships([item.appearance for item in items], named or {})
        result.memberships.update(role_memberships)
        claim_of.update({sid: m.claim for sid, m in role_memberships.items()})
    return result


def _candidates(items: list[_Item], window: int, small_block: int) -> Iterable[tuple[_Item, _Item]]:
    """Pairs worth scoring: same speaker and role, within the window, and either in a
    block of at most `small_block` statements (all pairs: cheap) or sharing the whole
    normalised quote or `SHARED_WORDS` of their rarest words.

    Several rare words, not one: statements that share one specific word by chance grow
    with the square of a block's size; several by chance almost never, while a copy,
    even reworded, keeps most of its names and specific words."""
    # Rarity is counted per speaker first (a speaker's own name is in most of their
    # quotes), then over everyone (a small block cannot tell its words apart).
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        blocks[item.appearance.speaker].append(index)
    frequency = {
        speaker: Counter(chain.from_iterable(set(items[i].words) for i in members))
        for speaker, members in blocks.items()
    }
    overall: Counter[str] = Counter()
    for counted in frequency.values():
        overall.update(counted)
    for item in items:
        item.signature = _signature(item.words, frequency[item.appearance.speaker], overall)
    del frequency, overall
    for members in blocks.values():
        _by_day(members, items)
        if len(members) <= small_block:
            pairs: Iterable[tuple[int, int]] = _within_window(members, items, window)
        else:
            for index in members:
                items[index].counted = True
            pairs = _large_block_pairs(members, items, window)
        for left, right in pairs:
            yield items[left], items[right]


def _by_day(members: list[int], items: list[_Item]) -> None:
    """Sort item indexes undated first, then by day (then by index, for a fixed order)."""
    members.sort(
        key=lambda i: (items[i].appearance.day is not None, items[i].appearance.day or 0, i)
    )


def _within_window(
    members: list[int], items: list[_Item], window: int
) -> Iterator[tuple[int, int]]:
    """Every pair of members (sorted by `_by_day`) at most `window` days apart; an
    undated member goes with everyone. For small blocks only: it is quadratic."""
    days = [items[i].appearance.day for i in members]
    undated = sum(1 for d in days if d is None)
    for i in range(undated):
        for other in members[i + 1 :]:
            yield min(members[i], other), max(members[i], other)
    keys = days[undated:]
    for i in range(undated, len(members)):
        end = undated + bisect.bisect_right(keys, days[i] + window, lo=i - undated + 1)
        for other in members[i + 1 : end]:
            yield min(members[i], other), max(members[i], other)


def _large_block_pairs(
    members: list[int], items: list[_Item], window: int
) -> Iterator[tuple[int, int]]:
    """The candidate pairs of one speaker's many statements (sorted by `_by_day`), each
    statement looking only at a bounded number of others:

    - identical normalised quotes: each linked to the previous one within the window
      (one chain per quote, as many pairs as copies);
    - shared rare words: walking the statements by day, each looks up its signature
      words among the statements of the last `window` days (an index that forgets what
      falls out of the window), skipping a word posted more than `COMMON_RUN` times
      there, and pairs with those sharing `SHARED_WORDS` of its words (all of them when
      a signature is shorter). An undated statement looks up the whole block's index.

    So a statement costs at most `SIGNATURE_WORDS` x `COMMON_RUN` look-ups however many
    statements its speaker makes in a window, and memory holds one window's index."""
    chained: set[tuple[int, int]] = set()
    previous: dict[str, int] = {}
    for index in members:
        quote = " ".join(items[index].words)
        before = previous.get(quote)
        day, other_day = items[index].appearance.day, None
        if before is not None:
            other_day = items[before].appearance.day
            if day is None or other_day is None or day - other_day <= window:
                chained.add((min(before, index), max(before, index)))
        previous[quote] = index
    del previous
    yield from sorted(chained)
    undated = [i for i in members if items[i].appearance.day is None]
    if undated:
        everywhere: dict[str, list[int]] = defaultdict(list)
        for index in members:
            for word in items[index].signature:
                everywhere[word].append(index)
        for index in undated:
            shared = _shared(everywhere[w] for w in items[index].signature)
            for other, count in sorted(shared.items()):
                dated_other = items[other].appearance.day is not None
                if (dated_other or other > index) and _enough(count, items[index], items[other]):
                    pair = (min(index, other), max(index, other))
                    if pair not in chained:
                        yield pair
        del everywhere
    recent: dict[str, deque[int]] = defaultdict(deque)
    for index in members[len(undated) :]:
        item = items[index]
        oldest = item.appearance.day - window
        postings = []
        for word in item.signature:
            posted = recent[word]
            while posted and items[posted[0]].appearance.day < oldest:
                posted.popleft()
            postings.append(posted)
        shared = _shared(postings)
        for other, count in sorted(shared.items()):
            pair = (min(index, other), max(index, other))
            if _enough(count, item, items[other]) and pair not in chained:
                yield pair
        for posted in postings:
            posted.append(index)


def _shared(postings: Iterable[Sequence[int]]) -> dict[int, int]:
    """How many of a statement's signature words each other statement shares, given the
    postings of those words (those posted too often to tell claims apart are skipped)."""
    shared: dict[int, int] = {}
    for posted in postings:
        if len(posted) <= COMMON_RUN:
            for other in posted:
                shared[other] = shared.get(other, 0) + 1
    return shared


def _enough(count: int, left: _Item, right: _Item) -> bool:
    return count >= min(SHARED_WORDS, len(left.signature), len(right.signature))


def _signature(
    item_words: list[str], frequency: Counter[str], overall: Counter[str]
) -> tuple[str, ...]:
    """The statement's rarest words (longer than two letters where it has enough), in
    a fixed order so that two statements name a pair of them alike."""
    distinct = set(item_words)
    longer = [w for w in distinct if len(w) > 2] or list(distinct)
    rarest = sorted(longer, key=lambda w: (frequency[w], overall[w], w))[:SIGNATURE_WORDS]
    return tuple(sorted(rarest))


def _rare_words_kept(left: _Item, right: _Item) -> float:
    """The share of the shorter quote's signature words found in the other quote. A
    copy, even reworded or cut, keeps its names and specifics; two claims in one
    speaker's stock phrase ("rejected the accusations as baseless slander, adding …")
    share the phrase and not their own words. Only in a block large enough for word
    counts to tell a specific word from a stock one (in a handful of quotes, the rarest
    words are simply those that differ)."""
    short, other = sorted((left, right), key=lambda item: len(item.words))
    if not short.signature:
        return 1.0
    words = set(other.words)
    return sum(1 for w in short.signature if w in words) / len(short.signature)


def _score(left: _Item, right: _Item) -> tuple[float, str]:
    """The likeness of the quotes less the evidence that they say different things."""
    a, b = left.appearance, right.appearance
    alike: Likeness = likeness(left.words, right.words)
    score = alike.score
    reasons = [alike.reason, "same speaker"]
    if left.counted and alike.score < 1.0:
        kept = _rare_words_kept(left, right)
        if kept < RARE_WORDS_KEPT:
            score -= PENALTIES["rare words"]
            reasons.append(f"{kept:.0%} of the rarest words in common")
    if a.target and b.target:
        if a.target == b.target:
            reasons.append("same target")
        else:
            score -= PENALTIES["target"]
            reasons.append("different targets")
    if a.kind and b.kind:
        if a.kind == b.kind:
            reasons.append(f"both {a.kind}")
        else:
            score -= PENALTIES["kind"]
            reasons.append(f"different kinds ({a.kind}, {b.kind})")
    if left.answers and right.answers:
        if left.answers & right.answers:
            reasons.append("answer the same claim")
        else:
            score -= PENALTIES["answers"]
            reasons.append("answer different claims")
    if a.day is not None and b.day is not None:
        gap = abs(a.day - b.day)
        reasons.append("same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart")
    return round(max(0.0, min(1.0, score)), 3), "; ".join(reasons)


class _Clusters:
    """Union-find over statements that refuses joins an article, a person or the window
    forbids: a claim's dated appearances lie within `window` days of each other, so that
    a speaker's stock phrase, said week after week, is not chained into one claim."""

    def __init__(self, apart: Iterable[tuple[str, str]], window: int) -> None:
        self.window = window
        self.span: dict[str, tuple[int, int] | None] = {}
        self.parent: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.articles: dict[str, set[str]] = {}
        self.first: dict[str, tuple] = {}
        self.order: dict[str, tuple] = {}
        self.best: dict[str, tuple[float, str]] = {}
        self.apart: dict[str, set[str]] = defaultdict(set)
        for a, b in apart:
            self.apart[a].add(b)
            self.apart[b].add(a)
        self.forced: list[tuple[str, str]] = []

    def add(self, appearance: Appearance) -> None:
        sid = appearance.id
        self.parent[sid] = sid
        self.members[sid] = [sid]
        self.articles[sid] = {appearance.article}
        day = appearance.day
        self.span[sid] = None if day is None else (day, day)
        order = (appearance.day is None, appearance.day or 0, appearance.article, sid)
        self.first[sid] = order
        self.order[sid] = order
        for a, b in list(self.forced) if self.forced else ():
            if a in self.parent and b in self.parent:
                self._union(self.find(a), self.find(b))
                self._note(a, 1.0, "merged by hand")
                self._note(b, 1.0, "merged by hand")
                self.forced.remove((a, b))

    def force(self, a: str, b: str) -> None:
        self.forced.append((a, b))

    def find(self, sid: str) -> str:
        root = sid
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[sid] != root:
            self.parent[sid], sid = root, self.parent[sid]
        return root

    def join(self, a: str, b: str, score: float, reason: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.articles[ra] & self.articles[rb]:
            return False
        span = self._span(ra, rb)
        if span is not None and span[1] - span[0] > self.window:
            return False
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        if self.apart:
            others = set(self.members[large])
            if any(self.apart.get(m, set()) & others for m in self.members[small]):
                return False
        self._union(ra, rb)
        self._note(a, score, reason)
        self._note(b, score, reason)
        return True

    def _union(self, ra: str, rb: str) -> None:
        if ra == rb:
            return
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        self.parent[small] = large
        self.members[large].extend(self.members.pop(small))
        self.articles[large] |= self.articles.pop(small)
        self.first[large] = min(self.first[large], self.first.pop(small))
        self.span[large] = self._span(ra, rb)
        del self.span[small]

    def _span(self, ra: str, rb: str) -> tuple[int, int] | None:
        """The first and last day of two clusters' dated appearances together."""
        a, b = self.span[ra], self.span[rb]
        if a is None or b is None:
            return a or b
        return min(a[0], b[0]), max(a[1], b[1])

    def _note(self, sid: str, score: float, reason: str) -> None:
        if sid not in self.best or score > self.best[sid][0]:
            self.best[sid] = (score, reason)

    def memberships(
        self, appearances: list[Appearance], named: dict[str, str]
    ) -> dict[str, Membership]:
        """Each statement's claim. A claim named before after one of its statements keeps
        that name (the earliest such statement's, when claims were joined); a new one is
        named after its earliest statement. A name is a member's id, so no two claims
        share one."""
        kept: dict[str, tuple] = {}
        for appearance in appearances:
            before = named.get(appearance.id)
            if before and before.startswith(CLAIM_ID_PREFIX):
                statement = before.removeprefix(CLAIM_ID_PREFIX)
                if statement in self.parent:
                    root = self.find(statement)
                    if root == self.find(appearance.id) and (
                        root not in kept or self.order[statement] < kept[root]
                    ):
                        kept[root] = self.order[statement]
        out = {}
        for appearance in appearances:
            root = self.find(appearance.id)
            claim = CLAIM_ID_PREFIX + kept.get(root, self.first[root])[-1]
            score, reason = self.best.get(appearance.id, (None, ""))
            out[appearance.id] = Membership(claim, score, reason)
        return out

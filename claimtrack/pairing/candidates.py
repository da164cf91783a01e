"""Which allegations a reply may answer, found without an all-pairs scan.

Rules, before any evidence is weighed:

- who: the responder is on the side of the allegation's target (for `beijing` and
  `ottawa`), or it is the target by name (a third state answering a charge against it:
  "Iran (Iranian government)" for "Iran (Iranian military)"), or its state side is
  implicated as an actor in the allegation ("through Chinese officials"); nobody answers
  their own allegation, and a counter-accusation recorded also as an allegation is
  answered through that allegation only;
- when: in one article the dates only weigh (a reply dated before a restatement of a
  standing charge still answers it); across articles the reply is not earlier than the
  allegation and at most `window` days later.

Candidates: every allegation of the reply's own article; across articles, allegations
are indexed per (side, key) by date, where a key is one of their rarest terms, and a
reply looks up its own rarest keys inside the date window (a bounded amount of work per
reply, so time grows linearly).
"""

from __future__ import annotations

import bisect
import functools
from array import array
from collections import defaultdict
from collections.abc import Iterable

from claimtrack.pairing.statements import Corpus, Prepared, Statement

#: A key in more than this share of the statements is too common to look candidates up by.
COMMON = 0.3
#: Across articles: look up this many of a reply's rarest keys, visit at most this many
#: postings of each (nearest in time first) and keep this many best allegations.
LOOKUP_KEYS = 6
LOOKUP_POSTINGS = 20
LOOKUP_BEST = 5
#: Allegations reported up to this many days after a reply may still be the charge it
#: answers when dates are imprecise (an article's date for an undated statement).
SLACK_DAYS = 31


def may_answer(response: Prepared, allegation: Prepared) -> str | None:
    """Why this responder may answer this allegation ("side", "named", "implicated"),
    or None when it may not."""
    r, a = response.statement, allegation.statement
    if r.id == a.id or not r.is_response or not a.may_be_answered or allegation.twin:
        return None
    if r.speaker == a.speaker or (r.article == a.article and r.quote == a.quote):
        return None
    if response.side != "other" and response.side == allegation.target_side:
        return "side"
    own = response.speaker_identity - allegation.speaker_identity
    if own & allegation.target_identity:
        return "named"
    if response.side in allegation.implicated:
        return "implicated"
    return None


def who_reason(response: Prepared, allegation: Prepared, basis: str) -> str:
    if basis == "side":
        return f"{response.side} answers an allegation against {allegation.target_side}"
    if basis == "named":
        return "the responder is the target by name"
    return f"{response.side} answers an allegation that implicates {response.side}"


def timing(response: Statement, allegation: Statement, window: int) -> tuple[bool, int | None]:
    """(allowed, lag in days when both are dated to the day). Across articles a reply
    earlier than the allegation, or more than `window` days after it, is not allowed."""
    lag = None
    one_day = response.first and response.first == response.last
    if one_day and allegation.first and allegation.first == allegation.last:
        lag = (response.first - allegation.first).days
    if response.article == allegation.article:
        return True, lag
    if response.start is None or allegation.start is None:
        return False, lag
    if response.end < allegation.start:
        return False, lag
    if (response.start - allegation.end).days > window:
        return False, lag
    return True, lag


def when_reason(response: Statement, allegation: Statement, lag: int | None) -> str:
    if lag is not None:
        if lag < 0:
            return f"{-lag} day{'s' if lag != -1 else ''} before this report of the charge"
        return "same day" if lag == 0 else f"{lag} day{'s' if lag != 1 else ''} later"
    if response.article == allegation.article:
        order = "after" if response.position > allegation.position else "before"
        return f"the reply comes {order} it in the article"
    return "by article date"


def lookup_keys(terms: Iterable[str], corpus: Corpus) -> list[str]:
    """A statement's rarest terms, the common ones left out."""
    keys = set(terms)
    if corpus.total >= 10:
        keys = {k for k in keys if corpus.df.get(k, 0) <= COMMON * corpus.total}
    return sorted(keys, key=lambda k: (-corpus.idf(k), k))


class AllegationIndex:
    """Allegations of the whole database by (side that may answer, key), sorted by
    their last possible day, holding only ids and day numbers (compact arrays); common
    keys are left out."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.ends = array("l")
        # A partial, not a lambda: the index pickles (to ship it to another process).
        self._raw: dict[tuple[str, str], array] = defaultdict(functools.partial(array, "l"))
        self.postings: dict[tuple[str, str], array] = {}

    def add(self, allegation_id: str, end_ordinal: int, sides: Iterable[str], keys: list[str]):
        number = len(self.ids)
        self.ids.append(allegation_id)
        self.ends.append(end_ordinal)
        for side in sides:
            for key in keys:
                self._raw[(side, key)].append(number)

    def freeze(self) -> None:
        """Sort each posting list by day, once every allegation is in."""
        ends = self.ends
        for key, numbers in self._raw.items():
            self.postings[key] = array("l", sorted(numbers, key=lambda n: (ends[n], n)))
        self._raw.clear()

    def lookup(self, side: str, keys: list[str], low: int, high: int, corpus: Corpus) -> list[str]:
        """Ids of the allegations inside [low, high] (day numbers) sharing the most
        rarity with `keys`, best first."""
        shared: dict[int, float] = defaultdict(float)
        ends = self.ends
        for key in keys[:LOOKUP_KEYS]:
            posting = self.postings.get((side, key))
            if not posting:
                continue
            days = _Days(posting, ends)
            lo = bisect.bisect_left(days, low)
            hi = bisect.bisect_right(days, high)
            weight = corpus.idf(key)
            for number in posting[max(lo, hi - LOOKUP_POSTINGS) : hi]:
                shared[number] += weight
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:LOOKUP_BEST]
        return [self.ids[number] for number, _ in best]


class _Days:
    """The days of a posting list, as a sequence `bisect` can search without a copy."""

    def __init__(self, posting: array, ends: array) -> None:
        self.posting, self.ends = posting, ends

    def __len__(self) -> int:
        return len(self.posting)

    def __getitem__(self, i: int) -> int:
        return self.ends[self.posting[i]]


def answering_sides(allegation: Prepared) -> set[str]:
    """The sides whose replies look this allegation up across articles."""
    sides = set(allegation.implicated)
    if allegation.target_side:
        sides.add(allegation.target_side)
    return sides

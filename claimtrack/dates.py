"""Dates as news text gives them: ISO or free-form, absolute or relative to an article's date.

A date keeps the precision the text had: "March 2023" is a month, not the 1st or the
day dateutil happens to borrow from today. Relative phrases ("on Friday", "last
September", "on Tuesday (Dec 10)") are resolved against an anchor, the article's
published date.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
#: A month's name as news writes it, whole or cut short ("Jan.", "Sept", "December"):
#: the one spelling of the rule, for the date parser here and for extraction.
MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_EXPLICIT_DAY = re.compile(
    rf"\b{MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{MONTH_NAME}(?:\s+\d{{4}})?\b",
    re.I,
)
_LAST_MONTH = re.compile(r"\b(?:last|this past)\s+(" + "|".join(MONTHS) + r")\b", re.I)
_TODAY = re.compile(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b")
_YESTERDAY = re.compile(r"\byesterday\b")
_LEADING_PREPOSITION = re.compile(r"^(?:on|in|since|at|from|by)\s+", re.I)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    iso: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.iso)]

    @property
    def first(self) -> date:
        """The first day the date can mean."""
        parts = [int(p) for p in self.iso.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    @property
    def last(self) -> date:
        """The last day the date can mean."""
        year, *rest = (int(p) for p in self.iso.split("-"))
        if not rest:
            return date(year, 12, 31)
        if len(rest) == 1:
            return date(year, rest[0], calendar.monthrange(year, rest[0])[1])
        return date(year, rest[0], rest[1])

    def __str__(self) -> str:
        return self.iso


def day(d: date) -> PartialDate:
    return PartialDate(d.isoformat())


#: Day and month as numbers, in either order: "09/03/2023", "9.3.23".
_NUMERIC_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")


def parse_date(text: str, dayfirst: bool | None = None) -> PartialDate:
    """Read an absolute date in any form dateutil reads, keeping its precision.

    A date whose day and month are both numbers of 12 or less ("09/03/2023") is 9 March
    in most of the world and September 3 in the United States: it is refused unless
    `dayfirst` says which (True: day first, False: month first).

    Raises ValueError with a message fit for the user when the text is not a real date.
    """
    text = text.strip()
    if text[:1] in ("-", "+", "\u2212"):
        # dateutil would skip the sign and read "-2023" as 2023.
        raise ValueError(f"{text!r} is not a date (no signed years; years run from 1 to 9999)")
    match = _ISO.fullmatch(text)
    if match:
        year, month, dom = match.groups()
        try:
            date(int(year), int(month or 1), int(dom or 1))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        return PartialDate(text)
    numeric = _NUMERIC_DAY.fullmatch(text)
    if numeric and dayfirst is None:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first != second and first <= 12 and second <= 12:
            raise ValueError(
                f"{text!r} is ambiguous (day {first} of month {second}, or month {first} "
                f"day {second}?); write it as YYYY-MM-DD, or load with --dayfirst or --monthfirst"
            )
    from dateutil import parser

    # Two different defaults reveal which fields the text itself gave.
    try:
        one = parser.parse(text, default=datetime(2000, 1, 1), dayfirst=bool(dayfirst))
        two = parser.parse(text, default=datetime(2001, 2, 2), dayfirst=bool(dayfirst))
    except (ValueError, OverflowError) as exc:
        # dateutil's message may repeat the text with its line breaks: one line only.
        reason = " ".join(str(exc).split())
        raise ValueError(f"{text!r} is not a date dateutil can read ({reason})") from None
    if one.year != two.year:
        raise ValueError(f"{text!r} has no year; write it as YYYY-MM-DD")
    if one.month != two.month:
        return PartialDate(f"{one.year:04d}")
    if one.day != two.day:
        return PartialDate(f"{one.year:04d}-{one.month:02d}")
    return PartialDate(one.date().isoformat())


def after_publication(when: str, published: str) -> bool:
    """Is a statement dated `when` surely later than its article's `published` date
    (the first day it can mean after the last day the article can mean)? Such a date
    is a mistake: an article reports what was said by the time it appeared."""
    return PartialDate(when).first > PartialDate(published).last


def resolve_phrase(phrase: str, anchor: date) -> PartialDate | None:
    """Resolve a date phrase as written in an article against the article's date.

    Explicit dates win ("on Tuesday (Dec 10)" is Dec 10); a weekday is the latest such
    day on or before the anchor ("last Friday" the one before it); "today", "yesterday",
    "last September", "last week", "earlier this year", "two months ago", "last fall" and
    absolute months or years are read as a reader of the article would. Returns None when the
    phrase gives no date.
    """
    return _rule(phrase)(anchor)


#: How a phrase counts from its anchor, given the anchor.
Rule = Callable[[date], "PartialDate | None"]


@functools.lru_cache(maxsize=4096)
def _rule(phrase: str) -> Rule:
    """What the phrase says, read once per phrase: a corpus repeats a few phrases ("on
    Friday", "yesterday") against thousands of article dates, and reading one (several
    regular expressions) cost ten times counting from the anchor."""
    lowered = phrase.lower()
    rule = _counted_rule(phrase, lowered)
    explicit = _EXPLICIT_DAY.search(phrase)
    if explicit:
        text = explicit.group(0)
        return lambda anchor: _explicit_day(text, anchor) or rule(anchor)
    return rule


def _counted_rule(phrase: str, lowered: str) -> Rule:
    if _TODAY.search(lowered):
        return day
    if _YESTERDAY.search(lowered):
        return lambda anchor: day(anchor - timedelta(days=1))
    relative = _relative_rule(lowered)
    if relative:
        return relative
    weekday = _WEEKDAY.search(phrase)
    if weekday:
        wanted = WEEKDAYS.index(weekday.group(1).lower())
        return lambda anchor: day(_weekday_on_or_before(anchor, wanted))
    last_month = _LAST_MONTH.search(phrase)
    if last_month:
        month = MONTHS.index(last_month.group(1).lower()) + 1
        return lambda anchor: PartialDate(
            f"{anchor.year if month < anchor.month else anchor.year - 1:04d}-{month:02d}"
        )
    try:
        fixed = parse_date(_LEADING_PREPOSITION.sub("", phrase.strip()))
    except ValueError:
        fixed = None
    return lambda anchor: fixed


_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_AGO = re.compile(r"\b(\d+|an?|one|two|three|four|five|six)\s+(day|week|month|year)s?\s+ago\b")
_THIS_OR_LAST = re.compile(r"\b(last|this past|earlier this|this)\s+(week|month|year)\b")
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_LAST_SEASON = re.compile(r"\b(?:last|this past)\s+(spring|summer|fall|autumn|winter)\b")
_LAST_WEEKDAY = re.compile(r"\blast\s+(" + "|".join(WEEKDAYS) + r")\b")


def _relative_rule(lowered: str) -> Rule | None:
    """Phrases that count back from the anchor: "last week", "earlier this year", "two
    months ago", "last fall", "last Friday". Each keeps the precision it names: a week is
    given as the day it most likely means (a week before, or the anchor itself for "this
    week"), a month as a month, a year or a season as a year."""
    from dateutil.relativedelta import relativedelta

    ago = _AGO.search(lowered)
    if ago:
        count = _NUMBER_WORDS.get(ago.group(1)) or int(ago.group(1))
        unit = ago.group(2)

        def counted_back(anchor: date) -> PartialDate:
            then = anchor - relativedelta(**{unit + "s": count})
            return {"day": day(then), "week": day(then)}.get(unit) or (
                PartialDate(f"{then.year:04d}-{then.month:02d}")
                if unit == "month"
                else PartialDate(f"{then.year:04d}")
            )

        return counted_back
    span = _THIS_OR_LAST.search(lowered)
    if span:
        back = 1 if span.group(1) in ("last", "this past") else 0
        unit = span.group(2)
        if unit == "week":
            return lambda anchor: day(anchor - relativedelta(weeks=back))
        if unit == "month":

            def month_of(anchor: date) -> PartialDate:
                then = anchor - relativedelta(months=back)
                return PartialDate(f"{then.year:04d}-{then.month:02d}")

            return month_of
        return lambda anchor: PartialDate(f"{anchor.year - back:04d}")
    season = _LAST_SEASON.search(lowered)
    if season:
        start = _SEASONS[season.group(1)]

        def season_year(anchor: date) -> PartialDate:
            # The season counts as over once its three months have passed this year.
            over = anchor.month >= start + 3 or (start == 12 and anchor.month >= 3)
            return PartialDate(f"{anchor.year if over and start != 12 else anchor.year - 1:04d}")

        return season_year
    last_weekday = _LAST_WEEKDAY.search(lowered)
    if last_weekday:
        wanted = WEEKDAYS.index(last_weekday.group(1))
        return lambda anchor: day(_weekday_on_or_before(anchor - timedelta(days=1), wanted))
    return None


def _weekday_on_or_before(anchor: date, wanted: int) -> date:
    """The latest day on or before `anchor` that falls on weekday `wanted` (Monday 0),
    as dateutil's relativedelta(weekday=WE(-1)) gives it, without its cost (about a
    tenth of a 50k-statement load's checking, most of whose phrases name a weekday)."""
    return anchor - timedelta(days=(anchor.weekday() - wanted) % 7)


def _explicit_day(text: str, anchor: date) -> PartialDate | None:
    """A day-and-month with or without a year; without one, the latest not after the anchor."""
    try:
        resolved = parse_date(text)
    except ValueError:
        from dateutil import parser

        try:
            # A leap year as default, so "Feb 29" reads; the year is chosen below.
            guess = parser.parse(text, default=datetime(2000, 1, 1)).date()
        except (ValueError, OverflowError):
            return None
        for year in range(anchor.year, anchor.year - 9, -1):
            try:
                candidate = date(year, guess.month, guess.day)
            except ValueError:
                continue  # Feb 29 in a common year
            if candidate <= anchor:
                return day(candidate)
        return None
    return resolved if resolved.precision == "day" else None

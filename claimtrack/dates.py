"""Dates as news text gives them: ISO or free-form, absolute or relative to an article's date.

A date keeps the precision the text had: "March 2023" is a month, not the 1st or the
day dateutil happens to borrow from today. Relative phrases ("on Friday", "last
September", "on Tuesday (Dec 10)") are resolved against an anchor, the article's
published date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH_ABBR = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_EXPLICIT_DAY = re.compile(
    rf"\b{_MONTH_ABBR}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH_ABBR}(?:\s+\d{{4}})?\b",
    re.I,
)
_LAST_MONTH = re.compile(r"\b(?:last|this past)\s+(" + "|".join(MONTHS) + r")\b", re.I)


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


def parse_date(text: str) -> PartialDate:
    """Read an absolute date in any form dateutil reads, keeping its precision.

    Raises ValueError with a message fit for the user when the text is not a real date.
    """
    text = text.strip()
    match = _ISO.fullmatch(text)
    if match:
        year, month, dom = match.groups()
        try:
            date(int(year), int(month or 1), int(dom or 1))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        return PartialDate(text)
    from dateutil import parser

    # Two different defaults reveal which fields the text itself gave.
    try:
        one = parser.parse(text, default=datetime(2000, 1, 1))
        two = parser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{text!r} is not a date dateutil can read ({exc})") from None
    if one.year != two.year:
        raise ValueError(f"{text!r} has no year; write it as YYYY-MM-DD")
    if one.month != two.month:
        return PartialDate(f"{one.year:04d}")
    if one.day != two.day:
        return PartialDate(f"{one.year:04d}-{one.month:02d}")
    return PartialDate(one.date().isoformat())


def resolve_phrase(phrase: str, anchor: date) -> PartialDate | None:
    """Resolve a date phrase as written in an article against the article's date.

    Explicit dates win ("on Tuesday (Dec 10)" is Dec 10); a weekday is the latest such
    day on or before the anchor; "today", "yesterday", "last September" and absolute
    months or years are read as a reader of the article would. Returns None when the
    phrase gives no date.
    """
    lowered = phrase.lower()
    explicit = _EXPLICIT_DAY.search(phrase)
    if explicit:
        resolved = _explicit_day(explicit.group(0), anchor)
        if resolved:
            return resolved
    if re.search(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", lowered):
        return day(anchor)
    if re.search(r"\byesterday\b", lowered):
        return day(anchor - timedelta(days=1))
    weekday = _WEEKDAY.search(phrase)
    if weekday:
        wanted = WEEKDAYS.index(weekday.group(1).lower())
        from dateutil.relativedelta import relativedelta
        from dateutil.relativedelta import weekday as rd_weekday

        return day(anchor + relativedelta(weekday=rd_weekday(wanted)(-1)))
    last_month = _LAST_MONTH.search(phrase)
    if last_month:
        month = MONTHS.index(last_month.group(1).lower()) + 1
        year = anchor.year if month < anchor.month else anchor.year - 1
        return PartialDate(f"{year:04d}-{month:02d}")
    try:
        return parse_date(re.sub(r"^(?:on|in|since|at|from|by)\s+", "", phrase.strip(), flags=re.I))
    except ValueError:
        return None


def _explicit_day(text: str, anchor: date) -> PartialDate | None:
    """A day-and-month with or without a year; without one, the latest not after the anchor."""
    try:
        resolved = parse_date(text)
    except ValueError:
        from dateutil import parser

        try:
            guess = parser.parse(text, default=datetime(anchor.year, 1, 1)).date()
        except (ValueError, OverflowError):
            return None
        if guess > anchor:
            guess = guess.replace(year=guess.year - 1)
        return day(guess)
    return resolved if resolved.precision == "day" else None

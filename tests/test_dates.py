"""Dates keep the precision the text had; relative phrases resolve against the article."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.dates import WEEKDAYS, parse_date, resolve_phrase


@pytest.mark.parametrize(
    ("text", "iso", "last"),
    [
        ("2023-03-09", "2023-03-09", "2023-03-09"),
        ("2023-03", "2023-03", "2023-03-31"),
        ("March 2023", "2023-03", "2023-03-31"),
        ("2024-02", "2024-02", "2024-02-29"),
        ("2023", "2023", "2023-12-31"),
        ("9 March 2023", "2023-03-09", "2023-03-09"),
        ("March 23, 2023", "2023-03-23", "2023-03-23"),
    ],
)
def test_parse_date_keeps_precision(text, iso, last):
    parsed = parse_date(text)
    assert parsed.iso == iso and parsed.last.isoformat() == last


@pytest.mark.parametrize("text", ["2023-02-30", "2023-13", "March 30", "yesterday-ish", ""])
def test_parse_date_rejects_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("phrase", "anchor", "expected"),
    [
        ("on Friday", date(2023, 5, 5), "2023-05-05"),  # a Friday: that same day
        ("on Monday", date(2023, 5, 5), "2023-05-01"),
        ("Thursday", date(2023, 3, 10), "2023-03-09"),
        ("Wednesday night", date(2023, 3, 23), "2023-03-22"),
        ("on Tuesday (Dec 10)", date(2024, 12, 11), "2024-12-10"),
        ("today", date(2023, 3, 23), "2023-03-23"),
        ("yesterday", date(2023, 3, 1), "2023-02-28"),
        ("last September", date(2023, 3, 10), "2022-09"),
        ("in February 2021", date(2023, 5, 5), "2021-02"),
        ("Dec 30", date(2024, 1, 2), "2023-12-30"),
    ],
)
def test_resolve_phrase_against_the_article_date(phrase, anchor, expected):
    assert resolve_phrase(phrase, anchor).iso == expected


def test_resolve_phrase_without_a_date_gives_none():
    assert resolve_phrase("at the time", date(2023, 5, 5)) is None


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), st.integers(0, 6))
def test_a_weekday_resolves_to_the_latest_such_day_on_or_before_the_anchor(anchor, weekday):
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    resolved = date.fromisoformat(resolve_phrase(f"on {name}", anchor).iso)
    assert resolved.weekday() == weekday
    assert timedelta(0) <= anchor - resolved < timedelta(days=7)


@given(st.text(max_size=30))
def test_parse_date_never_raises_anything_but_value_error(text):
    try:
        parsed = parse_date(text)
    except ValueError:
        return
    assert parsed.first <= parsed.last


@given(st.dates(min_value=date(1, 1, 15)), st.integers(min_value=0, max_value=6))
def test_a_weekday_is_the_one_dateutil_counts_back_to(anchor, wanted):
    """A phrase "on Friday" is the latest Friday on or before the article's date, "last Friday"
    the latest before it: the same days dateutil's relativedelta gives, which the
    resolver no longer calls (it cost a tenth of a large load's checking)."""
    from dateutil.relativedelta import relativedelta
    from dateutil.relativedelta import weekday as weekday_of

    name = WEEKDAYS[wanted].capitalize()
    on = anchor + relativedelta(weekday=weekday_of(wanted)(-1))
    last = anchor - timedelta(days=1) + relativedelta(weekday=weekday_of(wanted)(-1))
    assert resolve_phrase(f"on {name}", anchor).iso == on.isoformat()
    assert resolve_phrase(f"last {name}", anchor).iso == last.isoformat()


def test_a_date_dateutil_cannot_read_is_refused_in_one_line():
    """dateutil's own message repeats the text, line breaks and all; the error a user
    sees stays on one line (found by the loaders' fuzz test: a `published` of "0\\n0")."""
    with pytest.raises(ValueError) as refused:
        parse_date("0\n0")
    assert "\n" not in str(refused.value)
    assert "is not a date dateutil can read" in str(refused.value)

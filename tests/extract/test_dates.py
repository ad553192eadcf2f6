"""Dates follow the text and the calendar: direction from the grammar, precision as written,
and the announcement, effective and lifting dates kept apart."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract.dates import find_dates, read_dates
from tracker.records import Period

MONTHS = range(1, 13)


def _read(text: str, article: dt.date, future: bool = False):
    return read_dates(text, 0, len(text), article, future)


@pytest.mark.parametrize("month", MONTHS)
def test_a_planned_effective_date_lies_ahead_of_the_article(month: int) -> None:
    article = dt.date(2024, month, 15)
    dates = _read("The duty will take effect on July 14.", article, future=True)
    expected = dt.date(2024 if (month, 15) <= (7, 14) else 2025, 7, 14)
    assert dates.effective == Period.day(expected)
    assert dates.announced == Period.day(article)


@pytest.mark.parametrize("month", MONTHS)
def test_a_month_told_in_the_past_lies_behind_the_article(month: int) -> None:
    article = dt.date(2024, month, 10)
    dates = _read("Ankara imposed the levy in March.", article)
    year = 2024 if month >= 3 else 2023
    assert dates.announced == Period(dt.date(year, 3, 1), dt.date(year, 3, 31), "month")


@pytest.mark.parametrize("month", MONTHS)
def test_last_month_name_is_always_in_the_past(month: int) -> None:
    article = dt.date(2023, month, 20)
    dates = _read("Seoul lifted the ban last March.", article)
    assert dates.announced is not None and dates.announced.start < article
    assert dates.announced.start.month == 3 and dates.announced.precision == "month"


def test_a_december_arrival_in_a_november_article_is_next_month() -> None:
    dates = _read("Manila agreed to buy rice for a December arrival.", dt.date(2024, 11, 3), future=True)
    assert dates.effective == Period(dt.date(2024, 12, 1), dt.date(2024, 12, 31), "month")


def test_a_vague_date_keeps_its_precision() -> None:
    dates = _read("In late August 2025, Washington raised the tariff.", dt.date(2025, 9, 1))
    assert dates.announced == Period(dt.date(2025, 8, 21), dt.date(2025, 8, 31), "part-of-month")
    assert dates.announced.label() == "late Aug 2025"
    early = _read("The quota was cut in early February.", dt.date(2024, 3, 1)).announced
    assert early == Period(dt.date(2024, 2, 1), dt.date(2024, 2, 10), "part-of-month")
    assert early.label() == "early Feb 2024"
    mid = _read("Talks resumed in mid-June.", dt.date(2024, 7, 1)).announced
    assert mid is not None and mid.label() == "mid Jun 2024"


@pytest.mark.parametrize(("text", "precision", "label"), [
    ("Exports fell in the third quarter of 2023.", "quarter", "Q3 2023"),
    ("The ban was imposed in 2019.", "year", "2019"),
    ("Shipments resumed in the first half of 2022.", "part-of-year", "H1 2022"),
    ("The duty was raised on Aug. 6, 2025.", "day", "2025-08-06"),
    ("The duty was raised on 6 August 2025.", "day", "2025-08-06"),
])
def test_precision_and_label(text: str, precision: str, label: str) -> None:
    announced = _read(text, dt.date(2025, 9, 30)).announced
    assert announced is not None and (announced.precision, announced.label()) == (precision, label)


@pytest.mark.parametrize("text", [
    "Separately, Oslo said talks would continue.",
    "Prime Minister Theresa May said Britain would respond.",
    "Officials may impose the duty later.",
    "Marchers protested outside the embassy.",
])
def test_discourse_words_and_names_are_not_dates(text: str) -> None:
    assert find_dates(text, 0, len(text), dt.date(2024, 6, 1), False) == []


def test_may_with_a_day_or_preposition_is_a_date() -> None:
    assert _read("The tariff took effect on May 3.", dt.date(2024, 6, 1)).effective == Period.day(dt.date(2024, 5, 3))
    assert _read("The levy was imposed in May.", dt.date(2024, 6, 1)).announced.start == dt.date(2024, 5, 1)


def test_the_three_dates_are_kept_apart() -> None:
    text = "On March 3 Rome announced a quota that applies from April 1 until Dec. 31."
    dates = _read(text, dt.date(2024, 3, 5), future=True)
    assert dates.announced == Period.day(dt.date(2024, 3, 3))
    assert dates.effective == Period.day(dt.date(2024, 4, 1))
    assert dates.lifted == Period.day(dt.date(2024, 12, 31))


@pytest.mark.parametrize(("weekday_text", "article", "future", "expected"), [
    ("The duty took effect on Friday.", dt.date(1987, 4, 20), False, dt.date(1987, 4, 17)),
    ("The duty will take effect on Friday.", dt.date(1987, 4, 20), True, dt.date(1987, 4, 24)),
    ("The ban starts next Monday.", dt.date(2024, 1, 10), True, dt.date(2024, 1, 15)),
])
def test_weekdays_follow_the_tense(weekday_text: str, article: dt.date, future: bool, expected: dt.date) -> None:
    dates = _read(weekday_text, article, future)
    found = dates.effective or dates.announced
    assert found == Period.day(expected)


def test_relative_periods() -> None:
    article = dt.date(2024, 5, 15)
    assert _read("Sales fell last month.", article).announced == Period(dt.date(2024, 4, 1), dt.date(2024, 4, 30), "month")
    assert _read("The quota expires next year.", article, True).effective is None
    assert _read("China bought the oil yesterday.", article).announced == Period.day(dt.date(2024, 5, 14))


def test_no_article_date_gives_no_dates() -> None:
    assert _read("The ban took effect in May.", None).announced is None  # type: ignore[arg-type]

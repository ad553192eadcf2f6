"""Figures and dates as wire copy and modern news write them."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract.dates import resolve_dates
from tracker.extract.figures import find_figures
from tracker.extract.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("300 mln dlrs", 300_000_000, "usd"),
        ("1.8 billion dlrs", 1_800_000_000, "usd"),
        ("$750 billion", 750_000_000_000, "usd"),
        ("one pct", 1, "percent"),
        ("50%", 50, "percent"),
        ("25 per cent", 25, "percent"),
        ("$60 a barrel", 60, "usd_per_barrel"),
        ("2.25 mln tonnes", 2_250_000, "tonnes"),
        ("12 million metric tons", 12_000_000, "tonnes"),
        ("909,000 barrels per day", 909_000, "barrels_per_day"),
        ("500,000 bpd", 500_000, "barrels_per_day"),
        ("428 mln Australian dlrs", None, None),
        ("C$30 billion", None, None),
        ("106 mln crowns", None, None),
        ("40 mln bushels", None, None),
    ],
)
def test_figure_value_and_unit(text: str, value, unit) -> None:
    (figure,) = find_figures(text)
    assert (figure.value, figure.unit) == (value, unit)


def test_month_without_year_is_the_latest_before_the_article() -> None:
    text = "In late August, Washington acted."  # late August starts on the 21st (tests/extract/test_dates.py)
    assert resolve_dates(text, 0, len(text), dt.date(2025, 9, 1))[0] == dt.date(2025, 8, 21)
    assert resolve_dates(text, 0, len(text), dt.date(2025, 3, 1))[0] == dt.date(2024, 8, 21)


def test_effective_date_is_told_apart_from_the_announcement() -> None:
    text = "Tokyo said on March 3 that the quota applies from April 1."
    assert resolve_dates(text, 0, len(text), dt.date(1987, 3, 5)) == (dt.date(1987, 3, 3), dt.date(1987, 4, 1))


def test_weekday_is_the_latest_such_day() -> None:
    text = "The duty took effect on Friday."  # the day it took effect, kept apart from the announcement
    assert resolve_dates(text, 0, len(text), dt.date(1987, 4, 20))[1] == dt.date(1987, 4, 17)


def test_sentences_survive_wire_abbreviations() -> None:
    text = "The U.S. Is angry. Officials met on Sept. 1 at Toshiba Corp. in Tokyo.\nNew paragraph."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The U.S. Is angry.", "Officials met on Sept. 1 at Toshiba Corp. in Tokyo.", "New paragraph."]

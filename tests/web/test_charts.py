"""Chart geometry: dates map left to right, values bottom to top."""

from __future__ import annotations

import datetime as dt

from tracker.web import charts


def test_marks_and_series_share_one_axis():
    d1, d2 = dt.date(2023, 1, 1), dt.date(2025, 1, 1)
    c = charts.build(
        "t",
        [("A → B", [charts.Mark(d1, "x", "#m1", "k-tariff"), charts.Mark(d2, "y", "#m2", "k-tariff")])],
        [charts.Series("A → B", "dir-a", [(d1, 10.0), (d2, 50.0)])],
    )
    xs = [m["x"] for m in c.lanes[0]["marks"]]
    assert xs[0] == charts.LEFT and xs[1] == charts.WIDTH - charts.RIGHT
    dots = c.series[0]["dots"]
    assert dots[1]["y"] < dots[0]["y"]  # the higher rate is drawn higher
    assert c.ticks[0][1] == "2023-01"


def test_no_dates_means_no_chart():
    assert charts.build("t", [("A → B", [])]).empty


def test_any_stored_date_or_value_can_be_drawn():
    """A year-1 or year-9999 date once overflowed (OverflowError: a 500 on every page showing it)."""
    lo, hi = dt.date.min, dt.date.max
    for dates in ([lo], [hi], [lo, hi], [hi, hi], [dt.date(2025, 1, 1), hi]):
        marks = [charts.Mark(d, "x", "#m", "k-tariff", until=hi) for d in dates]
        c = charts.build("t", [("A → B", marks)], [charts.Series("s", "dir-a", [(d, 1e308) for d in dates])])
        assert not c.empty and all(charts.LEFT <= m["x"] <= charts.WIDTH - charts.RIGHT for m in c.lanes[0]["marks"])
    huge = charts.build("t", [], [charts.Series("s", "dir-a", [(lo, float("inf")), (hi, float("nan")), (hi, -5.0)])])
    assert not huge.empty

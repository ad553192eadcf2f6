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

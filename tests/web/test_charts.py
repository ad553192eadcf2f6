"""Chart geometry: dates left to right, values bottom to top, outliers apart, labels never on each other."""

from __future__ import annotations

import datetime as dt
import itertools

from tracker.web import charts


def _boxes(layout: charts.Layout) -> list[tuple[float, float, str]]:
    """The horizontal extent of every tick label, from the widths the layout assumed."""
    out = []
    for t in layout.ticks:
        w = charts.text_width(t["label"])
        left = t["x"] if t["anchor"] == "start" else t["x"] - w if t["anchor"] == "end" else t["x"] - w / 2
        out.append((left, left + w, t["label"]))
    return sorted(out)


def test_marks_and_series_share_one_axis():
    d1, d2 = dt.date(2023, 1, 1), dt.date(2025, 1, 1)
    c = charts.build(
        "t",
        [("A → B", [charts.Mark(d1, "x", "#m1", "k-tariff"), charts.Mark(d2, "y", "#m2", "k-tariff")])],
        [charts.Series("A → B", "dir-a", [(d1, 10.0), (d2, 50.0)])],
    )
    for layout in (c.wide, c.narrow):
        assert layout is not None
        xs = [m["x"] for m in layout.lanes[0]["marks"]]
        assert xs[0] == layout.left and xs[1] == layout.plot_right
        dots = layout.series[0]["dots"]
        assert dots[1]["y"] < dots[0]["y"]  # the higher rate is drawn higher
        assert layout.ticks[0]["label"] == "2023-01"
    assert c.narrow.width < c.wide.width  # type: ignore[union-attr]


def test_no_dates_means_no_chart():
    assert charts.build("t", [("A → B", [])]).empty


def test_any_stored_date_or_value_can_be_drawn():
    """A year-1 or year-9999 date once overflowed (OverflowError: a 500 on every page showing it)."""
    lo, hi = dt.date.min, dt.date.max
    for dates in ([lo], [hi], [lo, hi], [hi, hi], [dt.date(2025, 1, 1), hi]):
        marks = [charts.Mark(d, "x", "#m", "k-tariff", until=hi) for d in dates]
        c = charts.build("t", [("A → B", marks)], [charts.Series("s", "dir-a", [(d, 1e308) for d in dates])])
        assert not c.empty
        for layout in (c.wide, c.narrow):
            assert all(layout.left <= m["x"] <= layout.width - charts.RIGHT for m in layout.lanes[0]["marks"])
    huge = charts.build("t", [], [charts.Series("s", "dir-a", [(lo, float("inf")), (hi, float("nan")), (hi, -5.0)])])
    assert not huge.empty


def test_one_distant_date_is_set_apart_and_the_dense_ones_fill_the_axis():
    dense = [dt.date(1987, 1, 1) + dt.timedelta(days=9 * i) for i in range(20)]
    marks = [charts.Mark(d, f"m{i}", f"#m{i}", "k-tariff") for i, d in enumerate(dense)]
    marks.append(charts.Mark(dt.date(1983, 6, 1), "old", "#old", "k-quota"))
    c = charts.build("t", [("USA → JPN", marks, "dir-b")])
    for layout in (c.wide, c.narrow):
        assert layout is not None
        drawn = {m["href"]: m for m in layout.lanes[0]["marks"]}
        assert "outlier" in drawn["#old"]["css"] and drawn["#old"]["x"] < layout.left + 40
        first, last = drawn["#m0"]["x"], drawn["#m19"]["x"]
        assert last - first > 0.8 * (layout.plot_right - layout.left - 40)  # 1987 spans the axis
        assert layout.breaks and any(t.get("outlier") and t["label"] == "1983" for t in layout.ticks)
        boxes = _boxes(layout)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(boxes)), boxes


def test_dense_range_keeps_evenly_spread_dates_whole():
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=200 * i) for i in range(8)]
    assert charts.dense_range(days) == ([], days, [])
    later = [dt.date(2020, 1, 1), dt.date(2020, 2, 1), dt.date(2020, 3, 1), dt.date(2020, 4, 1), dt.date(2031, 1, 1)]
    assert charts.dense_range(later) == ([], later[:4], [dt.date(2031, 1, 1)])


def test_tick_labels_never_overlap_at_any_width():
    for days in (10, 100, 1000, 10_000):
        start = dt.date(2000, 1, 1)
        c = charts.build("t", [("A → B", [charts.Mark(start, "a", "#a", "k"),
                                          charts.Mark(start + dt.timedelta(days=days), "b", "#b", "k")])])
        for layout in (c.wide, c.narrow):
            boxes = _boxes(layout)  # type: ignore[arg-type]
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(boxes)), (days, boxes)


def test_line_labels_ending_together_are_moved_apart():
    d1, d2 = dt.date(2025, 1, 1), dt.date(2025, 6, 1)
    c = charts.build("t", [("A → B", [charts.Mark(d1, "x", "#m1", "k")])],
                     [charts.Series("a", "dir-a", [(d1, 10.0), (d2, 25.0)]),
                      charts.Series("b", "dir-b", [(d1, 20.0), (d2, 25.0)])])
    ys = sorted(s["last"]["y"] for s in c.wide.series)  # type: ignore[union-attr]
    assert ys[1] - ys[0] >= charts.FONT


def test_a_direction_keeps_its_colour_when_the_sides_are_swapped():
    from types import SimpleNamespace

    from tracker.web.views.ledger import ledger_chart

    usa, jpn = SimpleNamespace(code="USA"), SimpleNamespace(code="JPN")
    tariff = SimpleNamespace(id=1, actor_code="USA", target_code="JPN", commodity="cars", kind="tariff",
                             status="in_force", announced_on=dt.date(1987, 4, 17), first_reported_on=None,
                             last_reported_on=None)
    report = SimpleNamespace(measure_on=dt.date(1987, 4, 17), reported_on=None, value=100.0)
    one = ledger_chart(usa, jpn, [tariff], [], [(tariff, report)])  # type: ignore[arg-type]
    other = ledger_chart(jpn, usa, [], [tariff], [(tariff, report)])  # type: ignore[arg-type]
    assert one.wide.series[0]["css"] == other.wide.series[0]["css"]  # type: ignore[union-attr]
    lane_css = {lane["label"]: lane["css"] for lane in one.wide.lanes}  # type: ignore[union-attr]
    assert lane_css == {lane["label"]: lane["css"] for lane in other.wide.lanes}  # type: ignore[union-attr]

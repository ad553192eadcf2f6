"""Timeline charts as plain geometry, drawn by a template as inline SVG.

No JavaScript and no external files, so a chart works offline and under a strict
Content-Security-Policy; colours come from CSS classes, never style attributes.

Every chart is laid out twice, for a wide screen and a narrow one (`Chart.wide`,
`Chart.narrow`; the stylesheet shows one): an SVG scales its text with its width, so
one drawing cannot be legible on both a laptop and a phone. Each layout places its
labels from their estimated widths, so none overlaps another.

The time axis covers where the dates are dense: a date far from all the others (one
1983 report among dozens from 1987) is drawn in a margin of its own, behind a break
in the axis and labelled with its year, instead of squeezing every other mark to one
edge. Any stored date and value can be drawn: the axis stops at the ends of the
calendar, and values that are not finite are left out of the rate panel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
from collections.abc import Sequence
from typing import Any

WIDTH = 720  # the wide layout, in SVG units (about CSS pixels on a laptop)
NARROW_WIDTH = 360  # the narrow one (about CSS pixels on a phone)
LEFT = 112
RIGHT = 44
LANE_HEIGHT = 34
RATE_HEIGHT = 150
TOP = 26
FONT = 12  # SVG units; the stylesheet draws chart text at this size
CHAR = 0.62 * FONT  # a generous average glyph width, for placing labels apart
OUTLIER_GAP_DAYS = 180
OUTLIER_SHARE = 0.2  # at most this share of the dates are drawn as outliers
# Rates above this are drawn at it: a figure misread as 1e308 must not stretch the axis to infinity.
MAX_VALUE = 1e12


@dataclasses.dataclass(frozen=True)
class Mark:
    """One dated event on a lane: a measure announced, or a report of it."""

    on: dt.date
    label: str
    href: str
    css: str
    until: dt.date | None = None  # drawn as a bar from `on` to `until`


@dataclasses.dataclass(frozen=True)
class Series:
    """A stepped line of dated values, such as one tariff's rate."""

    label: str
    css: str
    points: Sequence[tuple[dt.date, float]]


@dataclasses.dataclass
class Layout:
    """One chart drawn at one width: everything the template needs, in SVG units."""

    width: int
    height: int
    left: int
    plot_right: int
    lanes: list[dict[str, Any]]
    ticks: list[dict[str, Any]]
    breaks: list[float]  # x of each break in the axis, beside an outlier margin
    series: list[dict[str, Any]]
    y_ticks: list[tuple[float, str]]
    rate_top: float
    rate_bottom: float


@dataclasses.dataclass
class Chart:
    title: str
    empty: bool
    wide: Layout | None = None
    narrow: Layout | None = None


def text_width(text: str) -> float:
    return len(text) * CHAR


def _shift(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, stopping at the ends of the calendar (stored dates may sit there)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _drawable(value: float) -> float | None:
    """A value as the rate panel can draw it: finite, at least 0 and at most MAX_VALUE; None to leave it out."""
    if not math.isfinite(value):
        return None
    return min(max(value, 0.0), MAX_VALUE)


def _nice_ceiling(value: float) -> float:
    """The next round number at or above value (10, 20, 25, 50, 100, 200, 250, 500, ...)."""
    value = min(value, MAX_VALUE * 1.1)
    scale = 1.0
    while True:
        for step in (1, 2, 2.5, 5):
            if step * 10 * scale >= value:
                return step * 10 * scale
        scale *= 10


def dense_range(dates: Sequence[dt.date]) -> tuple[list[dt.date], list[dt.date], list[dt.date]]:
    """(outliers before, the dense dates, outliers after): a few dates far from the rest are set apart."""
    days = sorted(dates)
    before: list[dt.date] = []
    after: list[dt.date] = []
    for _side in range(2):
        if len(days) < 3:
            break
        gaps = [((days[i + 1] - days[i]).days, i) for i in range(len(days) - 1)]
        gap, at = max(gaps)
        low, high = days[: at + 1], days[at + 1 :]
        small, rest = (low, high) if len(low) <= len(high) else (high, low)
        span = (rest[-1] - rest[0]).days
        if len(small) > OUTLIER_SHARE * len(dates) or gap < max(OUTLIER_GAP_DAYS, 2 * span):
            break
        if small is low:
            before += low
        else:
            after = high + after
        days = rest
    return before, days, after


def _ticks(start: dt.date, end: dt.date, x: Any, room: float) -> list[dict[str, Any]]:
    """As many evenly spaced dates as fit without their labels touching."""
    span = (end - start).days
    fmt = "%Y-%m" if span > 400 else "%Y-%m-%d"
    label_width = text_width(start.strftime(fmt)) + 2 * CHAR
    # The first label starts at its tick and the next is centred on its own: 1.5 widths apart at least.
    count = max(2, min(6, int(room // (1.5 * label_width)) + 1))
    ticks = []
    for i in range(count):
        day = _shift(start, round(span * i / (count - 1)))
        anchor = "start" if i == 0 else "end" if i == count - 1 else "middle"
        ticks.append({"x": x(day), "label": day.strftime(fmt), "anchor": anchor})
    return ticks


def _years(dates: Sequence[dt.date]) -> str:
    """"1983", or "1979–83" for outliers over several years; "" for none."""
    years = sorted({d.year for d in dates})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{str(years[-1])[2:]}"


def _spread(labels: list[dict[str, Any]], height: float) -> None:
    """Move the line-end labels of several series apart vertically, top to bottom, so none overlaps."""
    labels.sort(key=lambda label: label["y"])
    for previous, label in itertools.pairwise(labels):
        if label["y"] - previous["y"] < height:
            label["y"] = previous["y"] + height


def layout(
    width: int,
    left: int,
    lanes: Sequence[tuple[str, Sequence[Mark], str]],
    series: Sequence[Series],
    unit: str,
) -> Layout | None:
    dates = [d for _, marks, _ in lanes for m in marks for d in (m.on, m.until) if d]
    dates += [d for s in series for d, _ in s.points]
    if not dates:
        return None
    before, dense, after = dense_range(dates)
    start, end = dense[0], dense[-1]
    if (end - start).days < 60:
        start, end = _shift(start, -30), _shift(end, 30)
    # An outlier column on either side: the years it holds, and a break in the axis.
    before_label, after_label = _years(before), _years(after)
    before_margin = text_width(before_label) + 20 if before else 0
    after_margin = text_width(after_label) + 20 if after else 0
    plot_left = left + before_margin
    plot_right = width - RIGHT - after_margin
    span = max((end - start).days, 1)

    def x(d: dt.date) -> float:
        if d < start:
            return round(left + (before_margin - 8) / 2, 1)
        if d > end:
            return round(width - RIGHT - (after_margin - 8) / 2, 1)
        return round(plot_left + (plot_right - plot_left) * (d - start).days / span, 1)

    lane_rows: list[dict[str, Any]] = []
    for i, (label, marks, css) in enumerate(lanes):
        lane_y = TOP + LANE_HEIGHT * i + LANE_HEIGHT / 2
        rows = []
        for m in sorted(marks, key=lambda m: m.on):
            outlier = m.on < start or m.on > end
            x2 = x(min(m.until, end)) if m.until and m.until > m.on and not outlier else None
            rows.append({"x": x(m.on), "x2": x2, "y": lane_y, "label": f"{m.label} ({m.on.isoformat()})",
                         "href": m.href, "css": m.css + (" outlier" if outlier else "")})
        lane_rows.append({"label": label, "y": lane_y, "css": css, "marks": rows})
    height = TOP + LANE_HEIGHT * len(lanes) + 28
    ticks = _ticks(start, end, x, plot_right - plot_left)
    for label, at in ((before_label, x(_shift(start, -1))), (after_label, x(_shift(end, 1)))):
        if label:
            ticks.append({"x": at, "label": label, "anchor": "middle", "outlier": True})
    breaks = ([plot_left - 8] if before else []) + ([plot_right + 8] if after else [])
    series_rows: list[dict[str, Any]] = []
    y_ticks: list[tuple[float, str]] = []
    rate_top = rate_bottom = 0.0
    if any(s.points for s in series):
        rate_top = height + 22
        rate_bottom = rate_top + RATE_HEIGHT
        top_value = _nice_ceiling(max(v for s in series for _, v in s.points) * 1.1)

        def rate_y(v: float) -> float:
            return round(rate_bottom - (rate_bottom - rate_top) * v / top_value, 1)

        ends: list[dict[str, Any]] = []
        for s in series:
            pts = sorted(s.points)
            if not pts:
                continue
            path: list[tuple[float, float]] = []
            for j, (d, v) in enumerate(pts):
                if j:
                    path.append((x(d), path[-1][1]))
                path.append((x(d), rate_y(v)))
            path.append((plot_right, path[-1][1]))
            text = f"{pts[-1][1]:g}{unit}"
            end_label = {"x": min(x(pts[-1][0]) + 6, width - text_width(text) - 2), "y": rate_y(pts[-1][1]) - 6,
                         "text": text}
            ends.append(end_label)
            series_rows.append(
                {
                    "label": s.label,
                    "css": s.css,
                    "points": " ".join(f"{px},{py}" for px, py in path),
                    "last": end_label,
                    "dots": [
                        {"x": x(d), "y": rate_y(v), "label": f"{s.label}: {v:g}{unit} ({d.isoformat()})"} for d, v in pts
                    ],
                }
            )
        _spread(ends, FONT + 2)
        y_ticks = [(rate_y(v), f"{v:g}{unit}") for v in (0, top_value / 2, top_value)]
        height = int(max([rate_bottom + 30] + [e["y"] + 8 for e in ends]))
    return Layout(width, int(height), left, int(plot_right), lane_rows, ticks, breaks, series_rows, y_ticks, rate_top, rate_bottom)


def build(
    title: str,
    lanes: Sequence[tuple[str, Sequence[Mark]] | tuple[str, Sequence[Mark], str]],
    series: Sequence[Series] = (),
    unit: str = "%",
    today: dt.date | None = None,
) -> Chart:
    """Lay out lanes of marks (each optionally with its own CSS class) above a panel of stepped series,
    on one shared time axis, once for a wide screen and once for a narrow one."""
    rows = [(lane[0], lane[1], lane[2] if len(lane) > 2 else "") for lane in lanes]
    series = [
        dataclasses.replace(s, points=[(d, v) for d, raw in s.points if (v := _drawable(raw)) is not None])
        for s in series
    ]
    longest = max((text_width(label) for label, _, _ in rows), default=0.0)
    wide = layout(WIDTH, max(LEFT, int(longest) + 16), rows, series, unit)
    if wide is None:
        return Chart(title, True)
    narrow = layout(NARROW_WIDTH, max(64, int(longest) + 12), rows, series, unit)
    return Chart(title, False, wide, narrow)

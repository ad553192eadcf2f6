"""Timeline charts as plain geometry, drawn by a template as inline SVG.

No JavaScript and no external files, so a chart works offline and under a strict
Content-Security-Policy; colours come from CSS classes, never style attributes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

WIDTH = 720
LEFT = 112
RIGHT = 44
LANE_HEIGHT = 34
RATE_HEIGHT = 150
TOP = 26
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
class Chart:
    title: str
    height: int
    lanes: list[dict[str, Any]]
    ticks: list[tuple[float, str]]
    series: list[dict[str, Any]]
    y_ticks: list[tuple[float, str]]
    rate_top: float
    rate_bottom: float
    empty: bool


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


def _ticks(start: dt.date, end: dt.date, n: int = 5) -> list[dt.date]:
    span = (end - start).days
    return [start + dt.timedelta(days=round(span * i / (n - 1))) for i in range(n)]


def build(
    title: str,
    lanes: Sequence[tuple[str, Sequence[Mark]]],
    series: Sequence[Series] = (),
    unit: str = "%",
    today: dt.date | None = None,
) -> Chart:
    """Lay out lanes of marks above a panel of stepped series, on one shared time axis.

    Any stored date and value can be drawn: the axis stops at the ends of the calendar,
    and values that are not finite are left out of the rate panel.
    """
    series = [
        dataclasses.replace(s, points=[(d, v) for d, raw in s.points if (v := _drawable(raw)) is not None])
        for s in series
    ]
    dates = [d for _, marks in lanes for m in marks for d in (m.on, m.until) if d]
    dates += [d for s in series for d, _ in s.points]
    if not dates:
        return Chart(title, 0, [], [], [], [], 0, 0, True)
    start, end = min(dates), max(dates)
    if (end - start).days < 60:
        start, end = _shift(start, -30), _shift(end, 30)
    span = max((end - start).days, 1)
    plot = WIDTH - LEFT - RIGHT

    def x(d: dt.date) -> float:
        return round(LEFT + plot * (d - start).days / span, 1)

    lane_rows: list[dict[str, Any]] = []
    for i, (label, marks) in enumerate(lanes):
        lane_y = TOP + LANE_HEIGHT * i + LANE_HEIGHT / 2
        lane_rows.append(
            {
                "label": label,
                "y": lane_y,
                "marks": [
                    {"x": x(m.on), "x2": x(m.until) if m.until and m.until > m.on else None, "y": lane_y,
                     "label": m.label, "href": m.href, "css": m.css}
                    for m in sorted(marks, key=lambda m: m.on)
                ],
            }
        )
    height = TOP + LANE_HEIGHT * len(lanes) + 28
    series_rows: list[dict[str, Any]] = []
    y_ticks: list[tuple[float, str]] = []
    rate_top = rate_bottom = 0.0
    if any(s.points for s in series):
        rate_top = height + 14
        rate_bottom = rate_top + RATE_HEIGHT
        top_value = _nice_ceiling(max(v for s in series for _, v in s.points) * 1.1)

        def rate_y(v: float) -> float:
            return round(rate_bottom - (rate_bottom - rate_top) * v / top_value, 1)

        for s in series:
            pts = sorted(s.points)
            if not pts:
                continue
            path: list[tuple[float, float]] = []
            for j, (d, v) in enumerate(pts):
                if j:
                    path.append((x(d), path[-1][1]))
                path.append((x(d), rate_y(v)))
            path.append((x(end), path[-1][1]))
            series_rows.append(
                {
                    "label": s.label,
                    "css": s.css,
                    "points": " ".join(f"{px},{py}" for px, py in path),
                    "last": {"x": x(pts[-1][0]), "y": rate_y(pts[-1][1]), "text": f"{pts[-1][1]:g}{unit}"},
                    "dots": [
                        {"x": x(d), "y": rate_y(v), "label": f"{s.label}: {v:g}{unit} ({d.isoformat()})"} for d, v in pts
                    ],
                }
            )
        y_ticks = [(rate_y(v), f"{v:g}{unit}") for v in (0, top_value / 2, top_value)]
        height = int(rate_bottom + 28)
    long_span = span > 400
    ticks = [(x(d), d.strftime("%Y-%m") if long_span else d.isoformat()) for d in _ticks(start, end)]
    return Chart(title, int(height), lane_rows, ticks, series_rows, y_ticks, rate_top, rate_bottom, False)

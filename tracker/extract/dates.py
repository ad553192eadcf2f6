"""Dates in a sentence resolved against the article date ("in late August", "last Friday").

News states dates relative to publication; a bare month after the article's
month belongs to the previous year, and a weekday means the latest such day.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|"
          r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_DATE = re.compile(
    r"\b(?:" + _MONTH + r"(?:\s+(?P<day>\d{1,2})\b)?(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    r"|(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?P<rel>last|this|next)\s+(?P<unit>week|month|year)"
    r"|(?P<today>today|yesterday|tomorrow))"
)
_EFFECTIVE = re.compile(r"\b(?:from|effective|starting|as of|takes? effect on|take effect|from next|by)\s*$", re.I)


def _month_only(article: dt.date, month: int, future: bool) -> tuple[int, int]:
    year = article.year
    if not future and month > article.month:
        year -= 1
    if future and month < article.month:
        year += 1
    return year, month


def resolve_dates(text: str, start: int, end: int, article: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """(date the measure refers to, date it takes effect) for one clause."""
    if article is None:
        return None, None
    when: dt.date | None = None
    effective: dt.date | None = None
    for match in _DATE.finditer(text, start, end):
        is_effective = bool(_EFFECTIVE.search(text[max(start, match.start() - 20) : match.start()]))
        day = _resolve(match, article, future=is_effective)
        if day is None:
            continue
        if is_effective and effective is None:
            effective = day
        elif when is None:
            when = day
    return when or article, effective


def _resolve(match: re.Match[str], article: dt.date, future: bool) -> dt.date | None:
    try:
        if match.group("month"):
            month = _MONTHS[match.group("month")[:3].lower()]
            if match.group("year"):
                year = int(match.group("year"))
            else:
                year, month = _month_only(article, month, future)
            return dt.date(year, month, int(match.group("day") or 1))
        if match.group("weekday"):
            back = (article.weekday() - _WEEKDAYS.index(match.group("weekday").lower())) % 7
            return article + dt.timedelta(days=(7 - back) % 7 if future else -back)
        if match.group("rel"):
            step = {"last": -1, "this": 0, "next": 1}[match.group("rel")]
            unit = match.group("unit")
            if unit == "week":
                return article + dt.timedelta(weeks=step)
            if unit == "month":
                month = article.month + step
                year = article.year + (month - 1) // 12
                return dt.date(year, (month - 1) % 12 + 1, 1)
            return dt.date(article.year + step, 1, 1)
        if match.group("today"):
            return article + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[match.group("today")])
    except ValueError:
        return None
    return None

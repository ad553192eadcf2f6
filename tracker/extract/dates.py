"""Dates in a statement, resolved against the article date in the direction the grammar gives.

News states dates relative to publication and often vaguely. A date keeps the precision it
was written with: "late August 2025" is the period 2025-08-21 to 2025-08-31 with precision
`part-of-month`, not 2025-08-01. A bare month or weekday is resolved backwards for something
that happened ("imposed in March", "took effect on Friday") and forwards for something
planned ("will take effect in July", "from Aug. 1" in an announcement). Words that only look
like months are not dates: "Separately" is not September, "Theresa May" and the modal "may"
are not May.

Each date is given a role from the words before it: when the measure takes effect ("from",
"effective", "takes effect on", "by"), when it ends ("until", "expires on"), or otherwise when
it was announced or taken.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tracker.records import Dates, Period

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
           "nov": 11, "dec": 12}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|"
          r"Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![\w-])")
_PART = r"(?P<part>early|mid|late|the (?:end|start|beginning|middle) of|end-|mid-)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE = re.compile(
    r"(?<![\w.])(?:"
    r"(?:" + _PART + r"[\s-]?)?(?P<month>" + _MONTH + r")(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+" + _YEAR + r"\b)?"
    r"|(?P<dayfirst>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + _MONTH + r")(?:,?\s+(?P<year2>(?:19|20)\d\d)\b)?"
    r"|(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|(?P<rel>last|this|next|earlier this|later this)\s+(?P<unit>week|month|year)\b"
    r"|(?P<today>today|yesterday|tomorrow)\b"
    r"|(?P<quarter>(?:the\s+)?(?P<ordinal>first|second|third|fourth)\s+quarter|Q(?P<qnum>[1-4]))(?:\s+(?:of\s+)?(?P<qyear>(?:19|20)\d\d))?\b"
    r"|(?P<half>(?:the\s+)?(?P<hordinal>first|second)\s+half)(?:\s+(?:of\s+)?(?P<hyear>(?:19|20)\d\d))?\b"
    r"|(?P<yearprep>(?:in|since|from|until|by|during|of|through|early|late|mid-?)\s+)(?P<lone_year>(?:19|20)\d\d)\b(?!\s*(?:pct|%|per|tonnes|dlrs))"
    r")"
)
# "May" is a month only beside a day, a year, or a preposition of time.
_MAY_CONTEXT = re.compile(r"(?:\b(?:in|on|since|from|until|by|early|mid|late|last|next|this|of|through|end of|start of)\s+|-)$",
                          re.IGNORECASE)
_EFFECTIVE = re.compile(r"\b(?:from|effective|starting|beginning|as of|as from|takes? effect(?: on| from)?|took effect(?: on)?|"
                        r"take effect(?: on| from)?|comes? into force(?: on)?|came into force(?: on)?|enters? into force(?: on)?|"
                        r"kicks? in(?: on)?|apply from|applies from|by|no later than|before)\s*(?:on\s+)?$", re.IGNORECASE)
_ENDING = re.compile(r"\b(?:until|till|through|expir\w*(?: on)?|laps\w*(?: on)?|end(?:s|ing)? on|valid until)\s*(?:on\s+)?$",
                     re.IGNORECASE)
_DONE = re.compile(r"\b(?:took|came|entered|kicked|went|was|were|had|since|expired|lapsed|ended)\b", re.IGNORECASE)
_PAST_WORD = re.compile(r"\blast\s*$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\b(?:next|coming)\s*$", re.IGNORECASE)


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_period(year: int, month: int, part: str | None) -> Period:
    last = _month_end(year, month)
    if not part:
        return Period(dt.date(year, month, 1), dt.date(year, month, last), "month")
    part = part.lower().rstrip("-")
    if part in ("early", "the start of", "the beginning of"):
        return Period(dt.date(year, month, 1), dt.date(year, month, 10), "part-of-month")
    if part in ("mid", "the middle of"):
        return Period(dt.date(year, month, 11), dt.date(year, month, 20), "part-of-month")
    return Period(dt.date(year, month, 21), dt.date(year, month, last), "part-of-month")  # late, the end of, end


def _year_for_month(article: dt.date, month: int, future: bool, anchor: str) -> int:
    """The year of a month named without one: the grammar says which way to look."""
    if _PAST_WORD.search(anchor):
        return article.year - 1 if month >= article.month else article.year
    if _NEXT_WORD.search(anchor):
        return article.year + 1 if month <= article.month else article.year
    if future:
        return article.year + 1 if month < article.month else article.year
    return article.year - 1 if month > article.month else article.year


def _resolve(match: re.Match[str], text: str, article: dt.date, future: bool) -> Period | None:
    anchor = text[max(0, match.start() - 12) : match.start()]
    try:
        month_text = match.group("month") or match.group("month2")
        if month_text:
            if month_text == "May" and not (match.group("day") or match.group("year") or match.group("dayfirst")
                                            or match.group("part") or _MAY_CONTEXT.search(text[max(0, match.start() - 12) : match.start()])):
                return None
            month = _MONTHS[month_text[:3].lower()]
            year_text = match.group("year") or match.group("year2")
            year = int(year_text) if year_text else _year_for_month(article, month, future, anchor)
            day_text = match.group("day") or match.group("dayfirst")
            if day_text:
                day = dt.date(year, month, int(day_text))
                if not year_text and future and day < article and month == article.month:
                    day = dt.date(year + 1, month, int(day_text))
                return Period.day(day)
            return _month_period(year, month, match.group("part"))
        if match.group("weekday"):
            back = (article.weekday() - _WEEKDAYS.index(match.group("weekday").lower())) % 7
            if _NEXT_WORD.search(anchor) or (future and not _PAST_WORD.search(anchor)):
                return Period.day(article + dt.timedelta(days=(7 - back) % 7 or 7))
            return Period.day(article - dt.timedelta(days=back or (7 if _PAST_WORD.search(anchor) else 0)))
        if match.group("rel"):
            return _relative(match.group("rel").lower(), match.group("unit"), article)
        if match.group("today"):
            shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[match.group("today").lower()]
            return Period.day(article + dt.timedelta(days=shift))
        if match.group("quarter"):
            number = int(match.group("qnum")) if match.group("qnum") else \
                ("first", "second", "third", "fourth").index(match.group("ordinal").lower()) + 1
            year = int(match.group("qyear")) if match.group("qyear") else article.year
            first = 3 * (number - 1) + 1
            return Period(dt.date(year, first, 1), dt.date(year, first + 2, _month_end(year, first + 2)), "quarter")
        if match.group("half"):
            year = int(match.group("hyear")) if match.group("hyear") else article.year
            first = 1 if match.group("hordinal").lower() == "first" else 7
            return Period(dt.date(year, first, 1), dt.date(year, first + 5, _month_end(year, first + 5)), "part-of-year")
        if match.group("lone_year"):
            year = int(match.group("lone_year"))
            prep = match.group("yearprep").strip().lower().rstrip("-")
            if prep in ("early", "mid", "late"):
                first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[prep]
                return Period(dt.date(year, first, 1), dt.date(year, last, _month_end(year, last)), "part-of-year")
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    except ValueError:
        return None
    return None


def _relative(rel: str, unit: str, article: dt.date) -> Period:
    step = {"last": -1, "this": 0, "next": 1, "earlier this": 0, "later this": 0}[rel]
    if unit == "week":
        start = article - dt.timedelta(days=article.weekday()) + dt.timedelta(weeks=step)
        return Period(start, start + dt.timedelta(days=6), "week")
    if unit == "month":
        month = article.month + step
        year = article.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return Period(dt.date(year, month, 1), dt.date(year, month, _month_end(year, month)), "month")
    year = article.year + step
    if rel == "earlier this":
        return Period(dt.date(year, 1, 1), article, "part-of-year")
    if rel == "later this":
        return Period(article, dt.date(year, 12, 31), "part-of-year")
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def find_dates(text: str, start: int, end: int, article: dt.date, future: bool) -> list[tuple[str, Period, int]]:
    """(role, period, offset) of every date between `start` and `end`; role is announced,
    effective or lifted."""
    found: list[tuple[str, Period, int]] = []
    for match in _DATE.finditer(text, start, end):
        before = text[max(start, match.start() - 28) : match.start()]
        role = "effective" if _EFFECTIVE.search(before) else "lifted" if _ENDING.search(before) else "announced"
        ahead = future
        if role in ("effective", "lifted"):
            # "applies from April 1" looks ahead whatever the tense; "took effect on Friday" looks back
            ahead = not _DONE.search(before)
        period = _resolve(match, text, article, ahead)
        if period is not None and future and role == "announced" and period.precision == "day":
            recent = _resolve(match, text, article, False)
            if recent is not None and dt.timedelta(0) <= article - recent.start <= dt.timedelta(days=14):
                period = recent  # "On March 3 Rome announced ... will apply": the announcement is recent news
        if period is not None:
            found.append((role, period, match.start()))
    return found


def read_dates(text: str, start: int, end: int, article: dt.date | None, future: bool = False) -> Dates:
    """The dates one statement gives, the first of each role; the announcement defaults to
    the article date when the text names none."""
    if article is None:
        return Dates()
    roles: dict[str, Period] = {}
    for role, period, _ in find_dates(text, start, end, article, future):
        roles.setdefault(role, period)
    announced = roles.get("announced")
    if announced is None or (future and announced.start > article):
        if announced is not None and "effective" not in roles:
            roles["effective"] = announced  # "will impose tariffs in July": the plan's date is when it applies
        announced = Period.day(article)
    return Dates(announced, roles.get("effective"), roles.get("lifted"))


def resolve_dates(text: str, start: int, end: int, article: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """(date the measure refers to, date it takes effect), as day-precise starts (compatibility)."""
    dates = read_dates(text, start, end, article)
    return (dates.announced.start if dates.announced else None,
            dates.effective.start if dates.effective else None)

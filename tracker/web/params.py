"""Query-string filters, checked up front: a bad value is a 400 that says what is wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable

from flask import abort, request

from tracker.records import KINDS, STATUSES
from tracker.store.listing import DEFAULT_SORT, SORTS, Cursor, MeasureFilter

_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
DIRECTIONS = ("both", "forward", "backward")


def _values(name: str) -> list[str]:
    """Repeated (?kind=a&kind=b) and comma-separated (?kind=a,b) forms alike; blanks ignored."""
    out: list[str] = []
    for raw in request.args.getlist(name):
        out.extend(v.strip() for v in raw.split(",") if v.strip())
    return out


def _one(name: str) -> str:
    return (request.args.get(name) or "").strip()


def _choices(name: str, allowed: Iterable[str]) -> tuple[str, ...]:
    allowed = tuple(allowed)
    values = tuple(v.lower() for v in _values(name))
    bad = [v for v in values if v not in allowed]
    if bad:
        abort(400, f"Unknown {name} {bad[0]!r}; use one of: {', '.join(allowed)}.")
    return values


def parse_date(name: str) -> dt.date | None:
    raw = _one(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, f"{name}={raw!r} is not a date; write it as YYYY-MM-DD.")


def parse_code(name: str) -> str | None:
    raw = _one(name).upper()
    if not raw:
        return None
    if not _CODE.match(raw):
        abort(400, f"{name}={raw!r} is not a country code; use ISO 3166-1 alpha-3 such as USA or IND.")
    return raw


@dataclasses.dataclass(frozen=True)
class Filters:
    """The filters a listing was asked for, as given (for the form) and as a MeasureFilter."""

    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    commodity: str = ""
    actor: str | None = None
    target: str | None = None
    direction: str = "both"

    def measure_filter(self, **scope: object) -> MeasureFilter:
        """The store's filter; `scope` (a page's own pair or country) overrides the query string."""
        fields: dict[str, object] = {
            "kinds": self.kinds,
            "statuses": self.statuses,
            "since": self.since,
            "until": self.until,
            "commodity": self.commodity or None,
            "actor": self.actor,
            "target": self.target,
        }
        return MeasureFilter(**{**fields, **scope})  # type: ignore[arg-type]

    @property
    def active(self) -> bool:
        return bool(
            self.kinds or self.statuses or self.since or self.until or self.commodity or self.actor or self.target
            or self.direction != "both"
        )


def query_filters(*, with_actors: bool = False, with_direction: bool = False) -> Filters:
    """The listing filters of this request's query string; a 400 naming the bad value otherwise."""
    since, until = parse_date("since"), parse_date("until")
    if since and until and since > until:
        abort(400, f"since ({since}) is after until ({until}).")
    direction = _one("direction").lower() or "both"
    if with_direction and direction not in DIRECTIONS:
        abort(400, f"Unknown direction {direction!r}; use one of: {', '.join(DIRECTIONS)}.")
    commodity = _one("commodity")
    if len(commodity) > 200:
        abort(400, "commodity is longer than 200 characters.")
    return Filters(
        kinds=_choices("kind", KINDS),
        statuses=_choices("status", STATUSES),
        since=since,
        until=until,
        commodity=commodity,
        actor=parse_code("actor") if with_actors else None,
        target=parse_code("target") if with_actors else None,
        direction=direction if with_direction else "both",
    )


def sort() -> str:
    value = _one("sort") or DEFAULT_SORT
    if value not in SORTS:
        abort(400, f"Unknown sort {value!r}; use one of: {', '.join(SORTS)}.")
    return value


def cursor(sort_key: str) -> Cursor | None:
    """`after=<value>~<id>` (value empty in the undated tail), as written by `cursor_param`."""
    raw = _one("after")
    if not raw:
        return None
    value, sep, ident = raw.rpartition("~")
    column = SORTS[sort_key][0]
    try:
        if not sep or not ident.isdigit():
            raise ValueError
        if value == "":
            parsed: dt.date | float | None = None
        elif column == "value":
            parsed = float(value)
        else:
            parsed = dt.date.fromisoformat(value)
    except ValueError:
        abort(400, f"after={raw!r} is not a page position; follow the 'Next page' link instead.")
    return Cursor(parsed, int(ident))


def cursor_param(c: Cursor) -> str:
    value = "" if c.value is None else (c.value.isoformat() if isinstance(c.value, dt.date) else repr(float(c.value)))
    return f"{value}~{c.id}"

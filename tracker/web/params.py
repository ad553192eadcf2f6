"""Query-string filters, checked up front: a bad value is a 400 that says what is wrong.

What a request asked for is only ever read through here, and links are only ever built
from what passed (`Filters.query`, remembered for the page's other formats by
`validated_query`): a query string never reaches `url_for` as keyword arguments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence

from flask import abort, g, request
from werkzeug.routing import IntegerConverter

from tracker.names import UnknownCountry, country_code
from tracker.records import KINDS, STATUSES
from tracker.store.listing import DEFAULT_SORT, SORTS, Cursor, MeasureFilter
from tracker.store.models import MAX_ID
from tracker.store.text import CONTROL

# C0 controls (and DEL) other than tab, newline and carriage return: no parameter has a use for them,
# and PostgreSQL cannot even compare text holding a NUL. The store strips the same ones from what it keeps.
_CONTROL = CONTROL
DIRECTIONS = ("both", "forward", "backward")

Query = Mapping[str, str | Sequence[str]]


class IdConverter(IntegerConverter):
    """`<id:name>`: a row id, 1 to MAX_ID; any other number names no row and is a 404 without a query."""

    def __init__(self, map, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(map, min=1, max=MAX_ID)


def refuse_control_characters() -> None:
    """Before every request: a parameter name or value holding a control character is a 400."""
    for name, value in request.args.items(multi=True):
        found = _CONTROL.search(name) or _CONTROL.search(value)
        if found:
            abort(400, f"Parameter {_CONTROL.sub('?', name)!r} holds the control character "
                       f"U+{ord(found.group()):04X}, which no parameter may contain.")


def _values(name: str) -> list[str]:
    """Repeated (?kind=a&kind=b) and comma-separated (?kind=a,b) forms alike; blanks ignored."""
    out: list[str] = []
    for raw in request.args.getlist(name):
        out.extend(v.strip() for v in raw.split(",") if v.strip())
    return out


def _one(name: str) -> str:
    return (request.args.get(name) or "").strip()


def one(name: str) -> str:
    """A single query-string value, trimmed ("" when absent)."""
    return _one(name)


def _choices(name: str, allowed: Iterable[str]) -> tuple[str, ...]:
    allowed = tuple(allowed)
    values = tuple(dict.fromkeys(v.lower() for v in _values(name)))
    bad = [v for v in values if v not in allowed]
    if bad:
        abort(400, f"Unknown {name} {bad[0]!r}; use one of: {', '.join(allowed)}.")
    return values


_FLAGS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def flag(name: str) -> bool:
    """A yes/no option such as ?bom=1 (absent or empty is no); a 400 for anything else."""
    raw = _one(name).lower()
    if raw in ("", *_FLAGS):
        return _FLAGS.get(raw, False)
    abort(400, f"{name}={raw[:20]!r} is neither 1 nor 0.")


SEARCH_CHARS = 200


def search_text() -> str:
    """What the search box asked for (?q=), spaces tidied, at most SEARCH_CHARS; kept for the page's links."""
    text = " ".join(_one("q").split())[:SEARCH_CHARS]
    if text:
        _remember({"q": text})
    return text


def search_scope(scopes: Sequence[str]) -> str:
    """Which list of results pages (?in=evidence or articles; the first by default)."""
    scope = _one("in").lower() or scopes[0]
    if scope not in scopes:
        abort(400, f"in={scope[:20]!r}: search in one of {', '.join(scopes)}.")
    if scope != scopes[0]:
        _remember({"in": scope})
    return scope


def parse_date(name: str) -> dt.date | None:
    raw = _one(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        abort(400, f"{name}={raw!r} is not a date; write it as YYYY-MM-DD.")


def parse_code(name: str) -> str | None:
    """The canonical code of a country parameter, however it was typed (JPN, JP, Japan); a 400 otherwise."""
    raw = _one(name)
    if not raw:
        return None
    try:
        return country_code(raw[:100])
    except UnknownCountry as exc:
        abort(400, f"{name}: {exc}.")


def named_otherwise(chosen: Filters) -> bool:
    """Whether this request named a country otherwise than by its code (?actor=Japan): then it is
    answered by a redirect to its validated query (`validated_query`), where the code stands."""
    return any((code := getattr(chosen, name)) and _one(name) != code for name in ("actor", "target"))


def validated_query() -> dict[str, str | list[str]]:
    """What this request's filters and sort were validated as, as query parameters (for its links)."""
    remembered: dict[str, str | list[str]] = g.get("tracker_query", {})
    return dict(remembered)


def _remember(query: Query) -> None:
    g.tracker_query = {**g.get("tracker_query", {}), **query}


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

    def query(self) -> dict[str, str | list[str]]:
        """These filters as query parameters, the only ones a link to a listing carries."""
        out: dict[str, str | list[str]] = {}
        if self.kinds:
            out["kind"] = list(self.kinds)
        if self.statuses:
            out["status"] = list(self.statuses)
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.commodity:
            out["commodity"] = self.commodity
        if self.actor:
            out["actor"] = self.actor
        if self.target:
            out["target"] = self.target
        if self.direction != "both":
            out["direction"] = self.direction
        return out

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
    filters = Filters(
        kinds=_choices("kind", KINDS),
        statuses=_choices("status", STATUSES),
        since=since,
        until=until,
        commodity=commodity,
        actor=parse_code("actor") if with_actors else None,
        target=parse_code("target") if with_actors else None,
        direction=direction if with_direction else "both",
    )
    _remember(filters.query())
    return filters


def sort() -> str:
    value = _one("sort") or DEFAULT_SORT
    if value not in SORTS:
        abort(400, f"Unknown sort {value!r}; use one of: {', '.join(SORTS)}.")
    if value != DEFAULT_SORT:
        _remember({"sort": value})
    return value


def cursor(sort_key: str) -> Cursor | None:
    """`after=<value>~<id>` (value empty in the undated tail), as written by `cursor_param`."""
    return _cursor(float if SORTS[sort_key][0] == "value" else dt.date.fromisoformat)


def day_cursor() -> Cursor | None:
    """`after=<date>~<id>` of a listing newest first (search results)."""
    return _cursor(dt.date.fromisoformat)


def _cursor(parse: Callable[[str], dt.date | float]) -> Cursor | None:
    raw = _one("after")
    if not raw:
        return None
    value, sep, ident = raw.rpartition("~")
    try:
        if not sep or not (ident.isascii() and ident.isdigit()) or not 0 <= int(ident) <= MAX_ID:
            raise ValueError
        parsed = None if value == "" else parse(value)
        if isinstance(parsed, float) and not math.isfinite(parsed):
            raise ValueError
    except ValueError:
        abort(400, f"after={raw!r} is not a page position; follow the 'Next page' link instead.")
    return Cursor(parsed, int(ident))


def cursor_param(c: Cursor) -> str:
    value = "" if c.value is None else (c.value.isoformat() if isinstance(c.value, dt.date) else repr(float(c.value)))
    return f"{value}~{c.id}"

"""Listings of measures: one filter, a stable order, keyset pages.

Every listing (the explorer, a ledger, a country page, their CSV and Atom) is built
from one `MeasureFilter`, so a page and its downloads cannot drift apart, and pages are
read by keyset (where the last page ended), never by counting or offsetting through
the whole table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.models import Evidence, Measure


@dataclasses.dataclass(frozen=True)
class MeasureFilter:
    """Which measures a listing shows. `pair` means either direction between two actors."""

    actor: str | None = None
    target: str | None = None
    pair: tuple[str, str] | None = None
    country: str | None = None  # as actor or as target
    kinds: Sequence[str] = ()
    statuses: Sequence[str] = ()
    commodity: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    ids: Sequence[int] | None = None  # only these measures (one measure's page; () for none)
    article: int | None = None  # only measures this article reported

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
        if self.ids is not None:
            clauses.append(Measure.id.in_(list(self.ids)))
        if self.article is not None:
            clauses.append(Measure.id.in_(sa.select(Evidence.measure_id).where(Evidence.article_id == self.article)))
        if self.actor:
            clauses.append(Measure.actor_code == self.actor)
        if self.target:
            clauses.append(Measure.target_code == self.target)
        if self.pair:
            a, b = self.pair
            clauses.append(
                sa.or_(
                    sa.and_(Measure.actor_code == a, Measure.target_code == b),
                    sa.and_(Measure.actor_code == b, Measure.target_code == a),
                )
            )
        if self.country:
            clauses.append(sa.or_(Measure.actor_code == self.country, Measure.target_code == self.country))
        if self.kinds:
            clauses.append(Measure.kind.in_(list(self.kinds)))
        if self.statuses:
            clauses.append(Measure.status.in_(list(self.statuses)))
        if self.commodity:
            clauses.append(Measure.commodity_key.contains(self.commodity.lower(), autoescape=True))
        if self.since:
            clauses.append(Measure.last_reported_on >= self.since)
        if self.until:
            clauses.append(Measure.first_reported_on <= self.until)
        return clauses


def select_measures(flt: MeasureFilter) -> sa.Select[Measure]:
    """Every measure the filter matches, as ORM rows, in no particular order."""
    return sa.select(Measure).where(*flt.where())


SORTS: dict[str, tuple[str, bool]] = {
    "-reported": ("last_reported_on", True),
    "reported": ("last_reported_on", False),
    "-announced": ("announced_on", True),
    "announced": ("announced_on", False),
    "-value": ("value", True),
    "value": ("value", False),
}
DEFAULT_SORT = "-reported"


@dataclasses.dataclass(frozen=True)
class Cursor:
    """Where a page ends: the sort value (None once into the undated tail) and the id."""

    value: dt.date | float | None
    id: int


@dataclasses.dataclass
class Page:
    """One page of measures, and where the next one starts (None on the last page)."""

    measures: list[Measure]
    next: Cursor | None


def measure_page(
    session: so.Session, flt: MeasureFilter, *, sort: str = DEFAULT_SORT, after: Cursor | None = None, limit: int = 50
) -> Page:
    """One page in a stable order, keyset-paginated and without counting the whole table.

    Rows with a value come first, then the rows without one, each read by its own
    indexed query; this keeps the order identical on SQLite and PostgreSQL, which
    disagree on where NULLs sort. A country filter (actor OR target) is read as two
    single-column lookups merged here, so each side walks its own index.
    """
    name, desc = SORTS[sort]
    if flt.country:
        sides = [
            dataclasses.replace(flt, country=None, actor=flt.country),
            dataclasses.replace(flt, country=None, target=flt.country),
        ]
        rows = sorted(
            (m for side in sides for m in _page_rows(session, side, name, desc, after, limit)),
            key=_sort_key(name, desc),
        )[: limit + 1]
    else:
        rows = _page_rows(session, flt, name, desc, after, limit)
    if len(rows) > limit:
        last = rows[limit - 1]
        return Page(rows[:limit], Cursor(getattr(last, name), last.id))
    return Page(rows, None)


def _sort_key(name: str, desc: bool) -> Callable[[Measure], tuple[int, float, int]]:
    """Python twin of the SQL order: values first (desc or asc), then undated; ties by id."""
    sign = -1 if desc else 1

    def key(m: Measure) -> tuple[int, float, int]:
        value = getattr(m, name)
        if value is None:
            return (1, 0, sign * m.id)
        ordinal = value.toordinal() if isinstance(value, dt.date) else value
        return (0, sign * ordinal, sign * m.id)

    return key


def _page_rows(
    session: so.Session, flt: MeasureFilter, name: str, desc: bool, after: Cursor | None, limit: int
) -> list[Measure]:
    col = getattr(Measure, name)

    def step(column: Any, value: Any) -> sa.ColumnElement[bool]:
        return column < value if desc else column > value  # type: ignore[no-any-return]

    order = [col.desc(), Measure.id.desc()] if desc else [col.asc(), Measure.id.asc()]
    rows: list[Measure] = []
    if after is None or after.value is not None:
        stmt = select_measures(flt).where(col.is_not(None))
        if after is not None:
            stmt = stmt.where(sa.or_(step(col, after.value), sa.and_(col == after.value, step(Measure.id, after.id))))
        rows = list(session.scalars(stmt.order_by(*order).limit(limit + 1)))
    if len(rows) <= limit:
        stmt = select_measures(flt).where(col.is_(None))
        if after is not None and after.value is None:
            stmt = stmt.where(step(Measure.id, after.id))
        id_order = Measure.id.desc() if desc else Measure.id.asc()
        rows += list(session.scalars(stmt.order_by(id_order).limit(limit + 1 - len(rows))))
    return rows



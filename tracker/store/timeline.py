"""Measures as they stood: on a day as then reported, within a window of dates, and month by month.

A listing picks which measures to show (`listing.MeasureFilter`); this module says what
each looked like then. As of a day, that is read again from the evidence published by
then (`history.as_known`): a measure reported on 1 September does not exist as of
1 August, and one lifted on 1 October is in force as of 15 September. Within a window,
it is the last of the stored periods that held in it. The measures handed back are
copies, never attached to a session, so nothing shown can be written back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.records import KINDS
from tracker.store import history
from tracker.store.listing import MeasureFilter
from tracker.store.merging import statement_from
from tracker.store.models import Article, Evidence, Measure, MeasurePeriod

_COLUMNS = tuple(c.key for c in Measure.__table__.columns)


def copy_measure(m: Measure, **changes: object) -> Measure:
    """A transient copy of a measure with some columns changed (never in a session, so never written).

    Built without the ORM's per-attribute events: a listing copies dozens of measures.
    """
    copy: Measure = Measure.__mapper__.class_manager.new_instance()
    copy.__dict__.update({name: getattr(m, name) for name in _COLUMNS}, **changes)
    return copy


def step_of(p: MeasurePeriod) -> history.Step:
    return history.Step(p.status, p.value, p.unit, history.stored_period(p.start_on, p.start_end, p.start_precision),
                        p.end_on, p.known_on)


def periods_of(session: so.Session, measure_ids: Iterable[int]) -> dict[int, list[MeasurePeriod]]:
    """Each measure's stored periods, oldest first."""
    ids = sorted(set(measure_ids))
    found: dict[int, list[MeasurePeriod]] = {i: [] for i in ids}
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        stmt = (sa.select(MeasurePeriod).where(MeasurePeriod.measure_id.in_(chunk))
                .order_by(MeasurePeriod.measure_id, MeasurePeriod.position))
        for p in session.scalars(stmt):
            found[p.measure_id].append(p)
    return found


def as_seen(session: so.Session, measures: Sequence[Measure], flt: MeasureFilter) -> list[Measure]:
    """The measures of a listing as its filter's dates see them (unchanged when it has none)."""
    if flt.as_of:
        return as_of(session, measures, flt.seen_on or flt.as_of)
    if flt.since or flt.until:
        return in_window(session, measures, flt.since, flt.until)
    return list(measures)


def as_of(session: so.Session, measures: Sequence[Measure], day: dt.date) -> list[Measure]:
    """Each measure as reported by the end of `day` (those not yet reported are left out)."""
    if not measures:
        return []
    said = [c for c in Evidence.__table__.columns if c.key not in ("quote", "extractor_version", "created_at")]
    rows = session.connection().execute(  # plain rows, not ORM objects: a statement needs only their values
        sa.select(*said, Article.sketch, Article.url, Article.source_id, Article.publisher)
        .join(Article, Article.id == Evidence.article_id)
        .where(Evidence.measure_id.in_([m.id for m in measures]), Evidence.reported_on <= day)
        .order_by(Evidence.measure_id, Evidence.id)
    ).all()
    by_measure: dict[int, list[Any]] = {}
    for row in rows:
        by_measure.setdefault(row.measure_id, []).append(row)
    shown: list[Measure] = []
    for m in measures:
        mine = by_measure.get(m.id)
        if not mine:
            continue
        known, steps = history.as_known([statement_from(r) for r in mine], day)
        if not steps:
            continue
        shown.append(copy_measure(
            m, **history.current_state(known, steps),
            **history.source_counts((r.article_id, r.sketch, r.url, r.source_id, r.publisher) for r in mine),
        ))
    return shown


def in_window(session: so.Session, measures: Sequence[Measure], since: dt.date | None,
              until: dt.date | None) -> list[Measure]:
    """Each measure with the status and rate that held last within [since, until]."""
    periods = periods_of(session, [m.id for m in measures])
    shown: list[Measure] = []
    for m in measures:
        held = history.state_in([step_of(p) for p in periods[m.id]], since, until)
        shown.append(copy_measure(m, status=held.status, value=held.value, unit=held.unit) if held else m)
    return shown


# --- Month by month ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Month:
    """One month of one direction of a pair: the highest tariff rate and the measures in force."""

    month: dt.date  # its first day
    actor: str
    target: str
    highest_tariff: float | None
    in_force: dict[str, int]  # kind -> measures in force at some time that month

    @property
    def total(self) -> int:
        return sum(self.in_force.values())


MAX_MONTHS = 1200  # a series covers at most the last hundred years before its end


def _month_end(first: dt.date) -> dt.date:
    if first.month == 12:
        return dt.date(first.year, 12, 31)
    return dt.date(first.year, first.month + 1, 1) - dt.timedelta(days=1)


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months from `start` to `end`, the last MAX_MONTHS of them at most."""
    out: list[dt.date] = []
    current = dt.date(end.year, end.month, 1)
    while current >= dt.date(start.year, start.month, 1) and len(out) < MAX_MONTHS:
        out.append(current)
        if current.year == dt.MINYEAR and current.month == 1:
            break
        current = dt.date(current.year - (current.month == 1), (current.month - 2) % 12 + 1, 1)
    return out[::-1]


def monthly(session: so.Session, a: str, b: str, *, until: dt.date, as_of: dt.date | None = None) -> list[Month]:
    """Both directions of a pair, month by month from the first period in force to `until`.

    The highest tariff in percent in force at some time in the month, and how many
    measures of each kind were; as of a day, from the periods reported by then.
    """
    pair = sa.or_(sa.and_(Measure.actor_code == a, Measure.target_code == b),
                  sa.and_(Measure.actor_code == b, Measure.target_code == a))
    stmt = (
        sa.select(Measure.actor_code, Measure.kind, MeasurePeriod.value, MeasurePeriod.unit, MeasurePeriod.start_on,
                  MeasurePeriod.end_on, MeasurePeriod.measure_id)
        .join(MeasurePeriod, MeasurePeriod.measure_id == Measure.id)
        .where(pair, MeasurePeriod.status == "in_force", MeasurePeriod.start_on.is_not(None),
               MeasurePeriod.start_on <= until)
    )
    if as_of is not None:
        stmt = stmt.where(MeasurePeriod.known_on <= as_of)
    periods = session.execute(stmt).all()
    if not periods:
        return []
    calendar = months(min(p.start_on for p in periods), until)
    index = {m: i for i, m in enumerate(calendar)}
    periods = [p for p in periods if p.end_on is None or p.end_on > calendar[0]]

    def span(p: Any) -> tuple[int, int]:
        """The months (first, last index) a period held in, at least one day each."""
        first_day = max(p.start_on, calendar[0])
        last_day = min(p.end_on - dt.timedelta(days=1), until) if p.end_on else until
        last_day = max(last_day, first_day)
        return index[dt.date(first_day.year, first_day.month, 1)], index[dt.date(last_day.year, last_day.month, 1)]

    size = len(calendar)
    counts = {side: {k: [0] * (size + 1) for k in KINDS} for side in (a, b)}
    rates: dict[str, list[dict[float, int]]] = {side: [{} for _ in range(size + 1)] for side in (a, b)}
    by_measure: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
    for p in periods:
        first, last = span(p)
        by_measure.setdefault((p.actor_code, p.kind, p.measure_id), []).append((first, last))
        if p.kind == "tariff" and p.unit == "percent" and p.value is not None:
            for marks, step in ((rates[p.actor_code][first], 1), (rates[p.actor_code][last + 1], -1)):
                marks[p.value] = marks.get(p.value, 0) + step
    for (side, kind, _measure), spans in by_measure.items():
        spans.sort()
        merged = [list(spans[0])]
        for first, last in spans[1:]:
            if first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        for first, last in merged:
            counts[side][kind][first] += 1
            counts[side][kind][last + 1] -= 1
    out: list[Month] = []
    running = {side: dict.fromkeys(KINDS, 0) for side in (a, b)}
    active: dict[str, dict[float, int]] = {a: {}, b: {}}
    for i, month in enumerate(calendar):
        for actor, target in ((a, b), (b, a)):
            for kind in KINDS:
                running[actor][kind] += counts[actor][kind][i]
            for value, step in rates[actor][i].items():
                active[actor][value] = active[actor].get(value, 0) + step
            highest = max((v for v, n in active[actor].items() if n > 0), default=None)
            out.append(Month(month, actor, target, highest, {k: n for k, n in running[actor].items() if n}))
    return out

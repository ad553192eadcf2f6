"""Threats read back: a listing with their outcomes, and each country's record of carrying them out.

The outcomes themselves are decided on every write (`merging.refresh_threats`, by the
rules of `history.threat_outcome`); here they are only read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.db import read_session
from tracker.store.models import Threat

OUTCOMES = ("fulfilled", "withdrawn", "open")


@dataclasses.dataclass(frozen=True)
class ThreatFilter:
    actor: str | None = None
    target: str | None = None
    kinds: Sequence[str] = ()
    outcomes: Sequence[str] = ()
    since: dt.date | None = None  # threatened on or after
    until: dt.date | None = None  # threatened on or before

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
        if self.actor:
            clauses.append(Threat.actor_code == self.actor)
        if self.target:
            clauses.append(Threat.target_code == self.target)
        if self.kinds:
            clauses.append(Threat.kind.in_(list(self.kinds)))
        if self.outcomes:
            clauses.append(Threat.outcome.in_(list(self.outcomes)))
        if self.since:
            clauses.append(Threat.threatened_on >= self.since)
        if self.until:
            clauses.append(Threat.threatened_on <= self.until)
        return clauses


@dataclasses.dataclass(frozen=True)
class ThreatCursor:
    value: dt.date
    id: int


@dataclasses.dataclass
class ThreatPage:
    threats: list[Threat]
    next: ThreatCursor | None


def threat_page(session: so.Session, flt: ThreatFilter, *, after: ThreatCursor | None = None,
                limit: int = 50) -> ThreatPage:
    """Newest threats first, a keyset page at a time."""
    stmt = sa.select(Threat).where(*flt.where())
    if after is not None:
        stmt = stmt.where(sa.or_(Threat.threatened_on < after.value,
                                 sa.and_(Threat.threatened_on == after.value, Threat.id < after.id)))
    rows = list(session.scalars(stmt.order_by(Threat.threatened_on.desc(), Threat.id.desc()).limit(limit + 1)))
    if len(rows) > limit:
        rows = rows[:limit]
        return ThreatPage(rows, ThreatCursor(rows[-1].threatened_on, rows[-1].id))
    return ThreatPage(rows, None)


THREAT_COLUMNS = (
    "threat_id", "kind", "actor", "target", "commodity", "status", "value", "unit", "threatened_on",
    "threatened_end", "threatened_precision", "deadline_on", "outcome", "outcome_on", "days", "measure_id",
    "outcome_measure_id",
)
CODED = ("actor", "target")  # columns that hold actor codes


def stream_threat_rows(engine: sa.Engine, flt: ThreatFilter, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Every threat the filter matches as a plain row of THREAT_COLUMNS, in id order, a batch per short read."""
    stmt = (
        sa.select(Threat.id, Threat.kind, Threat.actor_code, Threat.target_code, Threat.commodity, Threat.status,
                  Threat.value, Threat.unit, Threat.threatened_on, Threat.threatened_end, Threat.threatened_precision,
                  Threat.deadline_on, Threat.outcome, Threat.outcome_on, Threat.days, Threat.measure_id,
                  Threat.outcome_measure_id)
        .where(*flt.where())
        .order_by(Threat.id)
        .limit(batch)
    )
    last = 0
    while True:
        with read_session(engine) as session:
            rows = [tuple(r) for r in session.execute(stmt.where(Threat.id > last))]
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1][0]


@dataclasses.dataclass(frozen=True)
class Record:
    """How a country's threats turned out: "carried out 7 of 12 threats since 2025, median 41 days"."""

    threats: int
    fulfilled: int
    withdrawn: int
    open: int
    since: dt.date | None  # the earliest threat counted
    median_days: float | None

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "since": self.since.isoformat() if self.since else None,
                "sentence": self.sentence()}

    def sentence(self) -> str:
        if not self.threats:
            return "No threats recorded."
        since = f" since {self.since.year}" if self.since else ""
        text = f"Carried out {self.fulfilled} of {self.threats} threat{'s' if self.threats != 1 else ''}{since}"
        if self.median_days is not None:
            text += f", median {self.median_days:g} days from threat to force"
        return text + f"; {self.withdrawn} withdrawn, {self.open} open."


def record(session: so.Session, actor: str, *, since: dt.date | None = None, until: dt.date | None = None) -> Record:
    """An actor's threats and their outcomes, in two grouped, indexed reads."""
    flt = ThreatFilter(actor=actor, since=since, until=until)
    counts: dict[str, int] = {}
    first: dt.date | None = None
    for outcome, n, earliest in session.execute(
        sa.select(Threat.outcome, sa.func.count(), sa.func.min(Threat.threatened_on)).where(*flt.where())
        .group_by(Threat.outcome)
    ):
        counts[outcome] = n
        first = earliest if first is None or (earliest and earliest < first) else first
    days = [d for d in session.scalars(
        sa.select(Threat.days).where(*flt.where(), Threat.outcome == "fulfilled", Threat.days.is_not(None))
    ) if d is not None]
    return Record(sum(counts.values()), counts.get("fulfilled", 0), counts.get("withdrawn", 0), counts.get("open", 0),
                  first, statistics.median(days) if days else None)

"""Counts over many measures: a country's partners, kinds, the busiest pairs."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.listing import MeasureFilter
from tracker.store.models import Measure


@dataclasses.dataclass
class PartnerStats:
    """Measures between one country and one partner, by direction and kind."""

    code: str
    applied: dict[str, int] = dataclasses.field(default_factory=dict)  # kind -> count, country → partner
    received: dict[str, int] = dataclasses.field(default_factory=dict)  # kind -> count, partner → country
    applied_total: int = 0
    received_total: int = 0

    @property
    def total(self) -> int:
        return self.applied_total + self.received_total


def country_partners(session: so.Session, code: str) -> list[PartnerStats]:
    """Partners ranked by measures in either direction; two grouped, index-only reads."""
    partners: dict[str, PartnerStats] = {}
    outgoing = (
        sa.select(Measure.target_code, Measure.kind, sa.func.count())
        .where(Measure.actor_code == code)
        .group_by(Measure.target_code, Measure.kind)
    )
    for partner, kind, n in session.execute(outgoing):
        stats = partners.setdefault(partner, PartnerStats(partner))
        stats.applied[kind] = n
        stats.applied_total += n
    incoming = (
        sa.select(Measure.actor_code, Measure.kind, sa.func.count())
        .where(Measure.target_code == code)
        .group_by(Measure.actor_code, Measure.kind)
    )
    for partner, kind, n in session.execute(incoming):
        stats = partners.setdefault(partner, PartnerStats(partner))
        stats.received[kind] = n
        stats.received_total += n
    return sorted(partners.values(), key=lambda p: (-p.total, p.code))


def kind_counts(session: so.Session, flt: MeasureFilter | None = None) -> dict[str, int]:
    stmt = sa.select(Measure.kind, sa.func.count()).group_by(Measure.kind)
    if flt is not None:
        stmt = stmt.where(*flt.where())
    return dict(sorted(((k, n) for k, n in session.execute(stmt)), key=lambda kn: -kn[1]))


def recent_active_pairs(session: so.Session, window: int = 5000, limit: int = 12) -> list[tuple[str, str, int]]:
    """Most active pairs among the latest `window` measures: cheap at any table size."""
    recent = (
        sa.select(Measure.actor_code, Measure.target_code)
        .where(Measure.last_reported_on.is_not(None))
        .order_by(Measure.last_reported_on.desc(), Measure.id.desc())
        .limit(window)
        .subquery()
    )
    lo = sa.case((recent.c.actor_code < recent.c.target_code, recent.c.actor_code), else_=recent.c.target_code)
    hi = sa.case((recent.c.actor_code < recent.c.target_code, recent.c.target_code), else_=recent.c.actor_code)
    stmt = (
        sa.select(lo.label("a"), hi.label("b"), sa.func.count().label("n"))
        .group_by(lo, hi)
        .order_by(sa.func.count().desc(), lo, hi)
        .limit(limit)
    )
    return [(a, b, n) for a, b, n in session.execute(stmt)]



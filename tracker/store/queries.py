"""The read side: every listing the web app and the CLI show comes from here.

Listings are built from one `MeasureFilter`, so a page, its CSV and its JSON
cannot drift apart, and large exports are read in keyset-paginated batches so
memory stays flat whatever the size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.models import Actor, Article, Evidence, Measure


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

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
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
            clauses.append(Measure.commodity_key.contains(self.commodity.lower()))
        if self.since:
            clauses.append(Measure.last_reported_on >= self.since)
        if self.until:
            clauses.append(Measure.first_reported_on <= self.until)
        return clauses


def select_measures(flt: MeasureFilter) -> sa.Select[tuple[Measure]]:
    return sa.select(Measure).where(*flt.where())


def list_measures(session: so.Session, flt: MeasureFilter, limit: int = 100, offset: int = 0) -> list[Measure]:
    stmt = (
        select_measures(flt)
        .order_by(Measure.last_reported_on.desc().nulls_last(), Measure.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def iter_measures(session: so.Session, flt: MeasureFilter, batch: int = 2000) -> Iterator[Measure]:
    """Every matching measure by id, fetched a batch at a time (keyset pagination)."""
    last_id = 0
    while True:
        rows = list(
            session.scalars(select_measures(flt).where(Measure.id > last_id).order_by(Measure.id).limit(batch))
        )
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        session.expunge_all()


def measure_evidence(session: so.Session, measure_id: int) -> list[tuple[Evidence, Article]]:
    """A measure's evidence, oldest report first: its history."""
    stmt = (
        sa.select(Evidence, Article)
        .join(Article, Article.id == Evidence.article_id)
        .where(Evidence.measure_id == measure_id)
        .order_by(Evidence.reported_on.asc().nulls_first(), Evidence.id)
    )
    return [(e, a) for e, a in session.execute(stmt)]


def evidence_for(session: so.Session, measure_ids: Sequence[int]) -> dict[int, list[tuple[Evidence, Article]]]:
    """Evidence of several measures at once, newest report first within each."""
    found: dict[int, list[tuple[Evidence, Article]]] = {mid: [] for mid in measure_ids}
    if not measure_ids:
        return found
    stmt = (
        sa.select(Evidence, Article)
        .join(Article, Article.id == Evidence.article_id)
        .where(Evidence.measure_id.in_(list(measure_ids)))
        .order_by(Evidence.reported_on.desc().nulls_last(), Evidence.id.desc())
    )
    for e, a in session.execute(stmt):
        found[e.measure_id].append((e, a))
    return found


def actor(session: so.Session, code: str) -> Actor | None:
    return session.get(Actor, code.upper())


def actor_names(session: so.Session) -> dict[str, str]:
    return {code: name for code, name in session.execute(sa.select(Actor.code, Actor.name))}


def active_pairs(session: so.Session, limit: int = 20) -> list[tuple[str, str, int]]:
    """Most active pairs, each counted once whatever the direction."""
    lo = sa.case(
        (Measure.actor_code < Measure.target_code, Measure.actor_code), else_=Measure.target_code
    )
    hi = sa.case((Measure.actor_code < Measure.target_code, Measure.target_code), else_=Measure.actor_code)
    stmt = (
        sa.select(lo.label("a"), hi.label("b"), sa.func.count().label("n"))
        .group_by(lo, hi)
        .order_by(sa.func.count().desc(), lo, hi)
        .limit(limit)
    )
    return [(a, b, n) for a, b, n in session.execute(stmt)]


def article(session: so.Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def article_evidence(session: so.Session, article_id: int) -> list[tuple[Evidence, Measure]]:
    stmt = (
        sa.select(Evidence, Measure)
        .join(Measure, Measure.id == Evidence.measure_id)
        .where(Evidence.article_id == article_id)
        .order_by(Evidence.field, Evidence.start)
    )
    return [(e, m) for e, m in session.execute(stmt)]

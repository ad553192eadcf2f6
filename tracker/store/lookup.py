"""What a search box finds, through the full-text index (`fulltext`): actors, commodities,
evidence sentences and articles, each matched on whole words and phrases.

Evidence and articles come newest first, a page at a time, by keyset (the date and id
where the last page ended), so every match can be reached however many there are:
nothing is cut off at "the newest N rows".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store import fulltext
from tracker.store.details import EVIDENCE_SAID, HEADLINE
from tracker.store.listing import Cursor
from tracker.store.models import Actor, Article, Evidence, Measure


def find_actors(
    session: so.Session, codes: Sequence[str] = (), query: fulltext.Query | None = None, limit: int = 20
) -> list[Actor]:
    """The actors with these codes, in that order, then those whose name has every word of `query`."""
    found: dict[str, Actor] = {}
    if codes:
        by_code = {a.code: a for a in session.scalars(sa.select(Actor).where(Actor.code.in_(list(codes))))}
        found.update((c, by_code[c]) for c in codes if c in by_code)
    if query:
        stmt = (
            sa.select(Actor)
            .where(Actor.code.in_(fulltext.matching(session, "actors", query)))
            .order_by(Actor.kind, Actor.name)
            .limit(limit)
        )
        for a in session.scalars(stmt):
            found.setdefault(a.code, a)
    return list(found.values())[:limit]


@dataclasses.dataclass(frozen=True)
class CommodityHit:
    """Measures on one commodity (its spelling-insensitive key), how many, and the latest report of them."""

    commodity: str
    measures: int
    last_reported_on: dt.date | None


def find_commodities(session: so.Session, query: fulltext.Query, limit: int = 20) -> list[CommodityHit]:
    """Commodities whose name has every word of `query`, the most measured first."""
    if not query:
        return []
    n = sa.func.count().label("n")
    stmt = (
        sa.select(Measure.commodity_key, n, sa.func.max(Measure.last_reported_on))
        .where(Measure.id.in_(fulltext.matching(session, "measures", query)), Measure.commodity_key != "")
        .group_by(Measure.commodity_key)
        .order_by(n.desc(), Measure.commodity_key)
        .limit(limit)
    )
    return [CommodityHit(key, count, last) for key, count, last in session.execute(stmt)]


@dataclasses.dataclass
class Hits:
    """One page of matches, newest first, and where the next page starts (None on the last)."""

    rows: list[Any]
    next: Cursor | None


def _keyset_page(
    session: so.Session, stmt: sa.Select[*tuple[Any, ...]], day: Any, ident: Any, after: Cursor | None, limit: int
) -> tuple[list[Any], Cursor | None]:
    """Rows of `stmt` newest `day` first (ties by `ident`), then the undated ones, from `after` on.

    Two indexed reads rather than one ORDER BY with NULLs, which SQLite and PostgreSQL place differently.
    """
    rows: list[Any] = []
    if after is None or after.value is not None:
        dated = stmt.where(day.is_not(None))
        if after is not None:
            dated = dated.where(sa.or_(day < after.value, sa.and_(day == after.value, ident < after.id)))
        rows = list(session.execute(dated.order_by(day.desc(), ident.desc()).limit(limit + 1)))
    if len(rows) <= limit:
        undated = stmt.where(day.is_(None))
        if after is not None and after.value is None:
            undated = undated.where(ident < after.id)
        rows += list(session.execute(undated.order_by(ident.desc()).limit(limit + 1 - len(rows))))
    if len(rows) > limit:
        return rows[:limit], Cursor(rows[limit - 1][-2], rows[limit - 1][-1])
    return rows, None


@dataclasses.dataclass(frozen=True)
class EvidenceSearch:
    """Reports whose quote has every word and phrase of `query`, of measures between all of `parties`
    (each one the actor or the target) when the search named countries besides its words."""

    query: fulltext.Query
    parties: tuple[str, ...] = ()

    def where(self, session: so.Session) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = [Evidence.id.in_(fulltext.matching(session, "evidence", self.query))]
        if self.parties:
            clauses.append(
                Evidence.measure_id.in_(
                    sa.select(Measure.id).where(
                        *(sa.or_(Measure.actor_code == code, Measure.target_code == code) for code in self.parties)
                    )
                )
            )
        return clauses


def find_evidence(
    session: so.Session, search: EvidenceSearch, *, after: Cursor | None = None, limit: int = 20
) -> Hits:
    """Reports a search finds, as (evidence, measure, article), newest first."""
    if not search.query:
        return Hits([], None)
    stmt = (
        sa.select(Evidence, Measure, Article, Evidence.reported_on, Evidence.id)
        .options(EVIDENCE_SAID, HEADLINE)
        .join(Measure, Measure.id == Evidence.measure_id)
        .join(Article, Article.id == Evidence.article_id)
        .where(*search.where(session))
    )
    rows, cursor = _keyset_page(session, stmt, Evidence.reported_on, Evidence.id, after, limit)
    return Hits([(e, m, a) for e, m, a, _day, _id in rows], cursor)


def find_articles(
    session: so.Session, query: fulltext.Query, *, after: Cursor | None = None, limit: int = 20
) -> Hits:
    """Articles whose title or text has every word and phrase of `query`, newest first."""
    if not query:
        return Hits([], None)
    stmt = (
        sa.select(Article, Article.published_on, Article.id)
        .options(HEADLINE)
        .where(Article.id.in_(fulltext.matching(session, "articles", query)))
    )
    rows, cursor = _keyset_page(session, stmt, Article.published_on, Article.id, after, limit)
    return Hits([a for a, _day, _id in rows], cursor)

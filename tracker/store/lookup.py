"""What a search box finds: actors by code or name, commodities, and evidence sentences."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.details import EVIDENCE_SAID
from tracker.store.models import Actor, Evidence, Measure


def find_actors(session: so.Session, codes: Sequence[str] = (), name_part: str = "", limit: int = 20) -> list[Actor]:
    """Actors by code, then by a piece of their name, in that order, without duplicates."""
    found: dict[str, Actor] = {}
    if codes:
        by_code = {a.code: a for a in session.scalars(sa.select(Actor).where(Actor.code.in_(list(codes))))}
        found.update((c, by_code[c]) for c in codes if c in by_code)
    if name_part:
        like = f"%{_escape_like(name_part.lower())}%"
        stmt = (
            sa.select(Actor)
            .where(sa.func.lower(Actor.name).like(like, escape="\\"))
            .order_by(Actor.kind, Actor.name)
            .limit(limit)
        )
        for a in session.scalars(stmt):
            found.setdefault(a.code, a)
    return list(found.values())[:limit]


SEARCH_WINDOW = 100_000  # rows: text search reads the newest this many, so it stays fast at any size


def _newest(column: sa.orm.InstrumentedAttribute[int], window: int) -> sa.ColumnElement[bool]:
    newest = sa.select(sa.func.coalesce(sa.func.max(column), 0)).scalar_subquery()
    return column > newest - window


def find_commodities(
    session: so.Session, text: str, limit: int = 20, window: int = SEARCH_WINDOW
) -> list[tuple[str, int]]:
    """Commodities whose name contains `text`, among the newest measures, with how many name them."""
    key = f"%{_escape_like(text.lower())}%"
    stmt = (
        sa.select(Measure.commodity_key, sa.func.count())
        .where(_newest(Measure.id, window), Measure.commodity_key.like(key, escape="\\"))
        .group_by(Measure.commodity_key)
        .order_by(sa.func.count().desc(), Measure.commodity_key)
        .limit(limit)
    )
    return [(k, n) for k, n in session.execute(stmt)]


def find_evidence(
    session: so.Session, text: str, limit: int = 20, window: int = SEARCH_WINDOW
) -> list[tuple[Evidence, Measure]]:
    """Evidence sentences containing `text`, newest first, among the newest reports."""
    like = f"%{_escape_like(text.lower())}%"
    stmt = (
        sa.select(Evidence, Measure)
        .options(EVIDENCE_SAID)
        .join(Measure, Measure.id == Evidence.measure_id)
        .where(_newest(Evidence.id, window), sa.func.lower(Evidence.quote).like(like, escape="\\"))
        .order_by(Evidence.id.desc())
        .limit(limit)
    )
    return [(e, m) for e, m in session.execute(stmt)]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

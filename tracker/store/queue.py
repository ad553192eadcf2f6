"""The review queue: measures no person has looked at, in the order they most need it, and the pair views that order them.

A measure's place (`review_rank`, lowest first) is kept on its row by the merge step
(`tracker.store.overlay.rank_expression`): least confident first, then the pairs readers
open most. Ledger views are counted in memory by the web app and added here now and then
(`add_pair_views`), which re-ranks that pair's unreviewed measures: one indexed update
per pair, not a write per page view. The queue is read by keyset on (rank, id) from its
own index, so any page costs the same at any size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.listing import MeasureFilter
from tracker.store.models import Measure, PairView
from tracker.store.overlay import rank_expression
from tracker.store.types import utcnow
from tracker.store.upsert import insert_ignore


@dataclasses.dataclass(frozen=True)
class QueueCursor:
    rank: int
    id: int


@dataclasses.dataclass
class QueuePage:
    measures: list[Measure]
    next: QueueCursor | None


def queue_page(session: so.Session, flt: MeasureFilter, *, after: QueueCursor | None = None, limit: int = 50) -> QueuePage:
    """Unreviewed, visible measures matching the filter, most in need of a look first."""
    stmt = sa.select(Measure).where(Measure.review_state == "machine", *flt.where())
    if after is not None:
        stmt = stmt.where(sa.or_(Measure.review_rank > after.rank,
                                 sa.and_(Measure.review_rank == after.rank, Measure.id > after.id)))
    rows = list(session.scalars(stmt.order_by(Measure.review_rank, Measure.id).limit(limit + 1)))
    if len(rows) > limit:
        last = rows[limit - 1]
        return QueuePage(rows[:limit], QueueCursor(last.review_rank, last.id))
    return QueuePage(rows, None)


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def add_pair_views(session: so.Session, counts: Mapping[tuple[str, str], int]) -> None:
    """Add ledger views (by pair, either order) and re-rank those pairs' unreviewed measures."""
    now = utcnow()
    for (a, b), n in sorted(counts.items()):
        low, high = pair(a, b)
        insert_ignore(session, PairView, [{"low_code": low, "high_code": high, "views": 0, "updated_at": now}],
                      ["low_code", "high_code"])
        session.execute(sa.update(PairView).where(PairView.low_code == low, PairView.high_code == high)
                        .values(views=PairView.views + n, updated_at=now))
        session.execute(
            sa.update(Measure)
            .where(Measure.review_state == "machine",
                   sa.or_(sa.and_(Measure.actor_code == low, Measure.target_code == high),
                          sa.and_(Measure.actor_code == high, Measure.target_code == low)))
            .values(review_rank=rank_expression())
        )


def pair_views(session: so.Session, a: str, b: str) -> int:
    low, high = pair(a, b)
    return session.scalar(sa.select(PairView.views).where(PairView.low_code == low, PairView.high_code == high)) or 0

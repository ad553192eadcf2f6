"""One measure, article or actor, with the evidence that ties them together."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.models import Actor, Article, Evidence, Measure, Source

# Evidence listings show an article's title, link and publisher, never its (long) text.
HEADLINE = so.load_only(
    Article.id, Article.title, Article.url, Article.published_on, Article.publisher, raiseload=True
)
# ...and of the evidence itself, what was said and when (not bookkeeping such as created_at).
EVIDENCE_SAID = so.load_only(
    Evidence.id, Evidence.measure_id, Evidence.article_id, Evidence.quote, Evidence.status, Evidence.value,
    Evidence.unit, Evidence.commodity, Evidence.measure_on, Evidence.effective_on, Evidence.reported_on,
    raiseload=True,
)


def measure(session: so.Session, measure_id: int) -> Measure | None:
    return session.get(Measure, measure_id)


def measure_evidence(session: so.Session, measure_id: int) -> list[tuple[Evidence, Article]]:
    """A measure's evidence, oldest report first: its history."""
    stmt = (
        sa.select(Evidence, Article)
        .options(HEADLINE)
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
        .options(HEADLINE, EVIDENCE_SAID)
        .join(Article, Article.id == Evidence.article_id)
        .where(Evidence.measure_id.in_(list(measure_ids)))
        .order_by(Evidence.reported_on.desc().nulls_last(), Evidence.id.desc())
    )
    for e, a in session.execute(stmt):
        found[e.measure_id].append((e, a))
    return found


def latest_evidence(
    session: so.Session, measure_ids: Sequence[int], per_measure: int
) -> dict[int, list[tuple[Evidence, Article]]]:
    """The newest `per_measure` reports of each measure, in one query (a window function)."""
    found: dict[int, list[tuple[Evidence, Article]]] = {mid: [] for mid in measure_ids}
    if not measure_ids:
        return found
    rank = (
        sa.select(
            Evidence.id,
            sa.func.row_number()
            .over(
                partition_by=Evidence.measure_id,
                order_by=(Evidence.reported_on.desc().nulls_last(), Evidence.id.desc()),
            )
            .label("n"),
        )
        .where(Evidence.measure_id.in_(list(measure_ids)))
        .subquery()
    )
    stmt = (
        sa.select(Evidence, Article)
        .options(HEADLINE, EVIDENCE_SAID)
        .join(rank, rank.c.id == Evidence.id)
        .join(Article, Article.id == Evidence.article_id)
        .where(rank.c.n <= per_measure)
        .order_by(Evidence.measure_id, rank.c.n)
    )
    for e, a in session.execute(stmt):
        found[e.measure_id].append((e, a))
    return found


def actor(session: so.Session, code: str) -> Actor | None:
    return session.get(Actor, code.upper())


def article(session: so.Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def article_source(session: so.Session, article: Article) -> Source:
    """Where an article came from (a feed, a seed folder, a corpus)."""
    return session.get_one(Source, article.source_id)


def article_evidence(session: so.Session, article_id: int) -> list[tuple[Evidence, Measure]]:
    stmt = (
        sa.select(Evidence, Measure)
        .join(Measure, Measure.id == Evidence.measure_id)
        .where(Evidence.article_id == article_id)
        .order_by(Evidence.field, Evidence.start)
    )
    return [(e, m) for e, m in session.execute(stmt)]



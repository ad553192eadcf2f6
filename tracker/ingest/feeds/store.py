"""Storing a feed's articles in batches: the same per-article outcome, far fewer transactions.

A feed page brings tens or hundreds of entries, most of them unchanged on
every pass. One query finds the unchanged ones; the rest are extracted
outside any transaction and stored `BATCH` at a time in one write
transaction each, through the same `save_article` every source uses. A batch
commits whole articles or none; if it fails, its articles are retried one by
one, so one bad article still costs only itself.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.records import ExtractedMeasure
from tracker.ingest.pipeline import RunStats, process_article
from tracker.records import IncomingArticle
from tracker.store.articles import SaveOutcome, save_article
from tracker.store.db import read_session, write_session
from tracker.store.measures import commodity_key
from tracker.store.models import Article, Evidence, Measure

log = logging.getLogger(__name__)

BATCH = 50
LOOKUP = 500
ATTEMPTS = 4
# PostgreSQL's "deadlock detected" and "could not serialize": the transaction did nothing and may simply be run again.
RETRYABLE_SQLSTATES = {"40P01", "40001"}

T = TypeVar("T")


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, sa.exc.DBAPIError) and getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def with_retries(work: Callable[[], T]) -> T:
    """Run a transaction again when the database aborted it only to break a deadlock between workers."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return work()
        except sa.exc.DBAPIError as exc:
            if attempt == ATTEMPTS or not is_retryable(exc):
                raise
            log.info("transaction aborted by the database (%s); retrying", getattr(exc.orig, "sqlstate", "?"))
            time.sleep(random.uniform(0.05, 0.2) * attempt)
    raise AssertionError("unreachable")


def _stored_versions(engine: sa.Engine, source_id: int, identities: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    with read_session(engine) as session:
        rows = session.execute(
            sa.select(Article.identity, Article.content_hash, Article.extractor_version).where(
                Article.source_id == source_id, Article.identity.in_(list(identities))
            )
        ).all()
    return {row.identity: (row.content_hash, row.extractor_version) for row in rows}


def known_identities(engine: sa.Engine, source_id: int, identities: Sequence[str]) -> set[str]:
    """Which of these entries the feed has already brought in."""
    found: set[str] = set()
    for start in range(0, len(identities), LOOKUP):
        found |= set(_stored_versions(engine, source_id, identities[start : start + LOOKUP]))
    return found


def _lock_measures_in_order(
    session: so.Session, source_id: int, extracted: Sequence[tuple[IncomingArticle, Sequence[ExtractedMeasure]]]
) -> None:
    """On PostgreSQL, lock every existing measure the batch will touch, lowest id first.

    Batches from several workers often touch the same busy measures; taking
    them all up front in one order keeps two batches from each holding what
    the other needs. SQLite needs none of this: BEGIN IMMEDIATE admits one
    writer at a time.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = {(m.kind, m.actor, m.target, commodity_key(m.commodity)) for _, measures in extracted for m in measures}
    identities = [article.identity for article, _ in extracted]
    ids: set[int] = set()
    if keys:
        key = sa.tuple_(Measure.kind, Measure.actor_code, Measure.target_code, Measure.commodity_key)
        ids |= set(session.scalars(sa.select(Measure.id).where(key.in_(sorted(keys)))))
    ids |= set(
        session.scalars(
            sa.select(Evidence.measure_id)
            .join(Article, Article.id == Evidence.article_id)
            .where(Article.source_id == source_id, Article.identity.in_(identities))
        )
    )
    if ids:
        session.execute(
            sa.select(Measure.id).where(Measure.id.in_(sorted(ids))).order_by(Measure.id).with_for_update(key_share=True)
        ).all()


def _store_batch(engine: sa.Engine, source_id: int, batch: Sequence[IncomingArticle], stats: RunStats) -> None:
    extracted = [(article, extract(article.text, article.published_on, article.title)) for article in batch]

    def save_all() -> list[SaveOutcome]:
        with write_session(engine) as session:
            _lock_measures_in_order(session, source_id, extracted)
            return [save_article(session, source_id, a, measures, EXTRACTOR_VERSION) for a, measures in extracted]

    try:
        outcomes = with_retries(save_all)
    except Exception:
        log.warning("a batch of %d articles failed; storing them one by one", len(batch), exc_info=True)
        for article in batch:
            try:
                stats.record(with_retries(lambda: process_article(engine, source_id, article)))
            except Exception as exc:  # one bad article never stops the feed
                log.exception("failed to store %s", article.identity)
                stats.error(f"{article.identity}: {type(exc).__name__}: {exc}")
        return
    for outcome in outcomes:
        stats.record(outcome)


def store_articles(engine: sa.Engine, source_id: int, articles: Sequence[IncomingArticle], stats: RunStats) -> None:
    """Store a feed's articles, each once; counts go to `stats` as with `ingest_stream`."""
    unique: dict[str, IncomingArticle] = {}
    for article in articles:  # a feed repeating an entry: the later copy wins
        unique[article.identity] = article
    stats.add("entries_seen", len(articles))
    pending = list(unique.values())
    for start in range(0, len(pending), LOOKUP):
        chunk = pending[start : start + LOOKUP]
        stored = _stored_versions(engine, source_id, [a.identity for a in chunk])
        changed = []
        for article in chunk:
            if stored.get(article.identity) == (article.content_hash, EXTRACTOR_VERSION):
                stats.add("articles_unchanged")
            else:
                changed.append(article)
        for first in range(0, len(changed), BATCH):
            _store_batch(engine, source_id, changed[first : first + BATCH], stats)
    stats.add("articles_unchanged", len(articles) - len(unique))

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
from collections.abc import Sequence

import sqlalchemy as sa

from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.ingest.pipeline import RunStats, process_article
from tracker.store.articles import IncomingArticle, save_article
from tracker.store.db import read_session, write_session
from tracker.store.models import Article

log = logging.getLogger(__name__)

BATCH = 50
LOOKUP = 500


def _stored_versions(engine: sa.Engine, source_id: int, identities: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    with read_session(engine) as session:
        rows = session.execute(
            sa.select(Article.identity, Article.content_hash, Article.extractor_version).where(
                Article.source_id == source_id, Article.identity.in_(list(identities))
            )
        ).all()
    return {row.identity: (row.content_hash, row.extractor_version) for row in rows}


def _store_batch(engine: sa.Engine, source_id: int, batch: Sequence[IncomingArticle], stats: RunStats) -> None:
    extracted = [(article, extract(article.text, article.published_on, article.title)) for article in batch]
    try:
        outcomes = []
        with write_session(engine) as session:
            for article, measures in extracted:
                outcomes.append(save_article(session, source_id, article, measures, EXTRACTOR_VERSION))
    except Exception:
        log.warning("a batch of %d articles failed; storing them one by one", len(batch), exc_info=True)
        for article in batch:
            try:
                stats.record(process_article(engine, source_id, article))
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

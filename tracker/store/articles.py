"""Storing articles: each one once, its measures re-read whenever it changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.records import ExtractedMeasure, IncomingArticle
from tracker.store.measures import add_evidence, refresh_measures, remove_article_evidence
from tracker.store.models import Article, Source
from tracker.store.types import utcnow
from tracker.store.upsert import get_or_create_id


@dataclasses.dataclass
class SaveOutcome:
    article_id: int
    state: str  # new | updated | unchanged
    measures_new: int = 0
    measures_updated: int = 0


def get_or_create_source(session: so.Session, kind: str, url: str, name: str) -> int:
    source_id, _ = get_or_create_id(session, Source, {"url": url}, {"kind": kind, "name": name, "status": "ok"})
    return source_id


def duplicate_of(session: so.Session, source_id: int, incoming: IncomingArticle) -> int | None:
    """The id of an article stored under another name with exactly this content.

    The same story arrives twice: syndicated to two feeds, copied into two seed
    folders, or (Reuters) filed again under a new id. Stored once, it counts as
    one source for its measures.
    """
    return session.execute(
        sa.select(Article.id)
        .where(
            Article.content_hash == incoming.content_hash,
            sa.or_(Article.source_id != source_id, Article.identity != incoming.identity),
        )
        .order_by(Article.id)
        .limit(1)
    ).scalar_one_or_none()


def stored_copy(
    session: so.Session, source_id: int, incoming: IncomingArticle, extractor_version: str
) -> int | None:
    """The id of the stored article this one already is, or None when it must be (re-)read.

    It already is one when its own row has the same content and was read by
    this extractor, or when the same content is stored under another name.
    """
    row = session.execute(
        sa.select(Article.id, Article.content_hash, Article.extractor_version).where(
            Article.source_id == source_id, Article.identity == incoming.identity
        )
    ).one_or_none()
    if row is None:
        return duplicate_of(session, source_id, incoming)
    if row.content_hash == incoming.content_hash and row.extractor_version == extractor_version:
        return row.id
    return None


def save_article(
    session: so.Session,
    source_id: int,
    incoming: IncomingArticle,
    measures: Sequence[ExtractedMeasure],
    extractor_version: str,
) -> SaveOutcome:
    """Store or update one article with its measures, inside the caller's transaction."""
    content_hash = incoming.content_hash
    now = utcnow()
    fields = {
        "url": incoming.url,
        "title": incoming.title,
        "text": incoming.text,
        "content_hash": content_hash,
        "published_on": incoming.published_on,
        "published_at": incoming.published_at,
        "extractor_version": extractor_version,
        "updated_at": now,
    }
    stored_row = sa.select(Article.id, Article.content_hash, Article.extractor_version)
    current = session.execute(
        stored_row.where(Article.source_id == source_id, Article.identity == incoming.identity)
    ).one_or_none()
    if current is None:
        original = duplicate_of(session, source_id, incoming)
        if original is not None:
            return SaveOutcome(original, "unchanged")
        article_id, created = get_or_create_id(
            session,
            Article,
            {"source_id": source_id, "identity": incoming.identity},
            {**fields, "created_at": now},
        )
        if not created:  # another worker stored it in the meantime
            current = session.execute(stored_row.where(Article.id == article_id)).one()
    if current is None:
        state = "new"
        stale: set[int] = set()
    else:
        article_id = current.id
        if current.content_hash == content_hash and current.extractor_version == extractor_version:
            return SaveOutcome(article_id, "unchanged")
        state = "updated"
        stale = remove_article_evidence(session, article_id)
        session.execute(sa.update(Article).where(Article.id == article_id).values(**fields))
    new_ids, touched_ids = add_evidence(
        session, article_id, incoming.published_on, measures, extractor_version
    )
    refresh_measures(session, stale | new_ids | touched_ids)
    return SaveOutcome(article_id, state, len(new_ids), len(touched_ids))

"""The feed list as data: rows in `sources` with kind 'feed'.

Adding, listing, pausing and removing feeds all go through here, so the
CLI, the importer and the health page agree on what a feed's state means.
Whether a URL can be fetched at all is for ingest to say
(`tracker.ingest.feeds.fetch.validate_url`) before a feed is added: the store
keeps the URL it is given, and refuses only what it can judge itself, a
duplicate, an unknown id or an interval under a minute.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from urllib.parse import urlsplit

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.errors import StorageError
from tracker.store import fulltext
from tracker.store.db import read_session, write_session
from tracker.store.merging import refresh_measures
from tracker.store.models import Article, Evidence, Source
from tracker.store.types import utcnow

FEED = "feed"
MAX_INTERVAL_MINUTES = 366 * 24 * 60  # a year: beyond it a date overflows long before a fetch is due
MAX_URL = 2000  # the length `sources.url` holds


class FeedRegistryError(StorageError):
    """A feed operation that cannot be done (unknown id, duplicate, bad interval)."""


@dataclasses.dataclass(frozen=True)
class FeedState:
    """One feed as the CLI and the health page show it."""

    id: int
    url: str
    name: str
    status: str
    enabled: bool
    interval_minutes: int
    full_text: bool
    last_fetched_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_new_article_at: dt.datetime | None
    next_fetch_at: dt.datetime | None
    failing_since: dt.datetime | None
    claimed_until: dt.datetime | None
    claimed_by: int | None
    error_count: int
    failed_entries: int
    last_error: str | None
    last_warning: str | None
    articles: int

    def backing_off(self, now: dt.datetime | None = None) -> bool:
        """Failing and waiting longer than its usual interval before the next try."""
        return self.status == "failing" and self.next_fetch_at is not None and self.next_fetch_at > (now or utcnow())

    def as_json(self) -> dict[str, object]:
        out = dataclasses.asdict(self)
        for key, value in out.items():
            if isinstance(value, dt.datetime):
                out[key] = value.isoformat()
        return out


def default_name(url: str) -> str:
    return urlsplit(url).hostname or url


def add_feed(
    engine: sa.Engine,
    url: str,
    *,
    name: str | None = None,
    interval_minutes: int = 60,
    full_text: bool = False,
) -> int:
    """The new feed's id; FeedRegistryError for a URL already listed."""
    if not 1 <= interval_minutes <= MAX_INTERVAL_MINUTES:
        raise FeedRegistryError(f"the interval must be between 1 and {MAX_INTERVAL_MINUTES} minutes, not {interval_minutes}")
    if len(url) > MAX_URL:
        raise FeedRegistryError(f"the URL is longer than {MAX_URL} characters; shorten it")
    with write_session(engine) as session:
        existing = session.scalar(sa.select(Source.id).where(Source.url == url))
        if existing is not None:
            raise FeedRegistryError(f"{url} is already listed (id {existing})")
        source = Source(
            kind=FEED,
            url=url,
            name=(name or default_name(url))[:300],
            enabled=True,
            interval_minutes=interval_minutes,
            full_text=full_text,
            status="new",
            error_count=0,
            next_fetch_at=utcnow(),
            created_at=utcnow(),
        )
        session.add(source)
        session.flush()
        return source.id


def _feed(session: so.Session, feed_id: int) -> Source:
    source = session.get(Source, feed_id)
    if source is None or source.kind != FEED:
        raise FeedRegistryError(f"no feed with id {feed_id}")
    return source


def set_enabled(engine: sa.Engine, feed_id: int, enabled: bool) -> None:
    """Pause or resume a feed; a resumed feed is due at once and keeps its history."""
    with write_session(engine) as session:
        source = _feed(session, feed_id)
        source.enabled = enabled
        if enabled:
            source.status = (
                "failing" if source.error_count
                else "errors" if source.failed_entries
                else "ok" if source.last_success_at else "new"
            )
            source.next_fetch_at = utcnow()
        else:
            source.status = "disabled"


def remove_feed(engine: sa.Engine, feed_id: int) -> int:
    """Delete a feed and its articles, re-deriving the measures they supported; returns articles removed."""
    with write_session(engine) as session:
        source = _feed(session, feed_id)
        article_ids = list(session.scalars(sa.select(Article.id).where(Article.source_id == source.id)))
        evidence = session.execute(
            sa.select(Evidence.id, Evidence.measure_id).where(Evidence.article_id.in_(article_ids))
        ).all()
        session.execute(sa.delete(Evidence).where(Evidence.article_id.in_(article_ids)))
        session.execute(sa.delete(Article).where(Article.source_id == source.id))
        session.execute(sa.delete(Source).where(Source.id == source.id))
        refresh_measures(session, {measure_id for _, measure_id in evidence})
        fulltext.reindex(session, evidence=[evidence_id for evidence_id, _ in evidence], articles=article_ids)
        return len(article_ids)


def list_feeds(engine: sa.Engine) -> list[FeedState]:
    counts = (
        sa.select(Article.source_id, sa.func.count().label("n")).group_by(Article.source_id).subquery()
    )
    with read_session(engine) as session:
        rows = session.execute(
            sa.select(Source, sa.func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.source_id == Source.id)
            .where(Source.kind == FEED)
            .order_by(Source.id)
        ).all()
    return [
        FeedState(
            id=s.id,
            url=s.url,
            name=s.name,
            status=s.status if s.enabled else "disabled",
            enabled=s.enabled,
            interval_minutes=s.interval_minutes,
            full_text=s.full_text,
            last_fetched_at=s.last_fetched_at,
            last_success_at=s.last_success_at,
            last_new_article_at=s.last_new_article_at,
            next_fetch_at=s.next_fetch_at,
            failing_since=s.failing_since,
            claimed_until=s.claimed_until,
            claimed_by=s.claimed_by,
            error_count=s.error_count,
            failed_entries=s.failed_entries,
            last_error=s.last_error,
            last_warning=s.last_warning,
            articles=int(n),
        )
        for s, n in rows
    ]

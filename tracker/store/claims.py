"""Sharing due feeds between workers, and what a fetch's outcome does to a feed.

A worker claims one feed at a time by setting a lease (`claimed_until`) in
the same transaction that picks it: `FOR UPDATE SKIP LOCKED` on PostgreSQL,
the write lock of `BEGIN IMMEDIATE` on SQLite. Other workers skip a leased
feed. A claim names the run holding it (`claimed_by`): when that run is over or
its process gone (`tracker.store.runs.release_claims_of_gone_runs`, called before
every pass), the claim is released at once; otherwise it lapses with its lease.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Collection

import sqlalchemy as sa

from tracker.store.db import is_sqlite, read_session, write_session
from tracker.store.feeds import FEED
from tracker.store.models import Source
from tracker.store.text import without_controls
from tracker.store.types import utcnow


@dataclasses.dataclass(frozen=True)
class ClaimedFeed:
    """What a worker needs to fetch one feed, copied out of the claiming transaction."""

    id: int
    url: str
    name: str
    etag: str | None
    last_modified: str | None
    interval_minutes: int
    full_text: bool
    error_count: int


def _due(now: dt.datetime, forced_since: dt.datetime | None = None) -> sa.ColumnElement[bool]:
    """Enabled, not leased, and due; a forced pass instead takes every feed not fetched since it began."""
    free = sa.or_(Source.claimed_until.is_(None), Source.claimed_until <= now)
    if forced_since is None:
        wanted = sa.or_(Source.next_fetch_at.is_(None), Source.next_fetch_at <= now)
    else:
        wanted = sa.or_(Source.last_fetched_at.is_(None), Source.last_fetched_at < forced_since)
    return sa.and_(Source.kind == FEED, Source.enabled.is_(True), free, wanted)


def count_due_feeds(engine: sa.Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Source).where(_due(utcnow()))) or 0


def claim_next_feed(
    engine: sa.Engine,
    *,
    lease: dt.timedelta,
    forced_since: dt.datetime | None = None,
    skip_ids: Collection[int] = (),
    run_id: int | None = None,
) -> ClaimedFeed | None:
    """Lease the most overdue free feed to this worker, or None when nothing is due.

    With `forced_since`, every enabled feed not fetched since then counts as
    due, so forced passes running at once still share the feeds out.
    """
    now = utcnow()
    query = sa.select(Source).where(_due(now, forced_since)).order_by(Source.next_fetch_at.asc().nulls_first(), Source.id).limit(1)
    if skip_ids:
        query = query.where(Source.id.not_in(list(skip_ids)))
    if not is_sqlite(engine):
        query = query.with_for_update(skip_locked=True)
    with write_session(engine) as session:
        source = session.scalars(query).first()
        if source is None:
            return None
        source.claimed_until = now + lease
        source.claimed_by = run_id
        return ClaimedFeed(
            id=source.id,
            url=source.url,
            name=source.name,
            etag=source.etag,
            last_modified=source.last_modified,
            interval_minutes=source.interval_minutes,
            full_text=source.full_text,
            error_count=source.error_count,
        )


def release_claim(engine: sa.Engine, feed_id: int) -> None:
    """Give a feed back untouched (its fetch was abandoned): due again at once, validators unchanged."""
    with write_session(engine) as session:
        session.execute(sa.update(Source).where(Source.id == feed_id).values(claimed_until=None, claimed_by=None))


@dataclasses.dataclass(frozen=True)
class HeldFeed:
    """A feed another run holds, which a forced pass therefore left alone."""

    id: int
    url: str
    claimed_by: int | None
    claimed_until: dt.datetime


def feeds_held_elsewhere(engine: sa.Engine, since: dt.datetime, skip_ids: Collection[int]) -> list[HeldFeed]:
    """Enabled feeds not fetched since `since` (nor by us) because another run's claim is still on them."""
    now = utcnow()
    stmt = sa.select(Source.id, Source.url, Source.claimed_by, Source.claimed_until).where(
        Source.kind == FEED, Source.enabled.is_(True), Source.claimed_until > now,
        sa.or_(Source.last_fetched_at.is_(None), Source.last_fetched_at < since),
    )
    if skip_ids:
        stmt = stmt.where(Source.id.not_in(list(skip_ids)))
    with read_session(engine) as session:
        return [HeldFeed(r.id, r.url, r.claimed_by, r.claimed_until) for r in session.execute(stmt.order_by(Source.id))]


def _unless_disabled(status: str) -> sa.ColumnElement[str]:
    """A feed disabled while it was being fetched stays disabled."""
    return sa.case((Source.enabled.is_(True), status), else_="disabled")


def backoff_delay(interval_minutes: int, failures: int, cap_minutes: int, rng: random.Random | None = None) -> dt.timedelta:
    """Exponential backoff from the feed's interval, with jitter, never beyond the cap.

    Half the delay is fixed and half random ("equal jitter"), so feeds that
    failed together spread out instead of retrying in lockstep.
    """
    uniform = rng.uniform if rng is not None else random.uniform
    exponent = min(max(failures - 1, 0), 30)
    ceiling = min(float(cap_minutes), float(interval_minutes) * (2**exponent))
    minutes = ceiling / 2 + uniform(0, ceiling / 2)
    return dt.timedelta(minutes=max(minutes, 1.0))


def record_success(
    engine: sa.Engine,
    feed: ClaimedFeed,
    *,
    etag: str | None,
    last_modified: str | None,
    new_articles: int,
    warning: str | None,
    keep_warning: bool = False,
    moved_to: str | None = None,
    failed_entries: int = 0,
    entry_error: str | None = None,
) -> str | None:
    """Mark a fetch that worked; returns a note if a permanent redirect could not be remembered.

    Entries of it that could not be stored (`failed_entries`, the first one's error in
    `entry_error`) are errors of the feed: its status is "errors" and its last error says
    so, until a fetch stores every entry. They do not back the feed off: its other
    entries, and new ones, are still wanted at the usual interval.
    """
    now = utcnow()
    note = None
    last_error = None
    if failed_entries:
        noun = "entry" if failed_entries == 1 else "entries"
        last_error = without_controls(f"{failed_entries} {noun} could not be stored: {entry_error or 'unknown error'}")[:2000]
    values: dict[str, object] = {
        "status": _unless_disabled("errors" if failed_entries else "ok"),
        "last_fetched_at": now,
        "last_success_at": now,
        "failing_since": None,
        "error_count": 0,
        "failed_entries": failed_entries,
        "last_error": last_error,
        "last_warning": without_controls(warning)[:2000] if warning else None,
        "etag": etag[:500] if etag else None,
        "last_modified": last_modified[:100] if last_modified else None,
        "next_fetch_at": now + dt.timedelta(minutes=feed.interval_minutes),
        "claimed_until": None,
        "claimed_by": None,
    }
    if keep_warning:  # a 304 says nothing new about how the feed parses
        del values["last_warning"]
    if new_articles:
        values["last_new_article_at"] = now
    with write_session(engine) as session:
        if moved_to and moved_to != feed.url:
            taken = session.scalar(sa.select(Source.id).where(Source.url == moved_to, Source.id != feed.id))
            if taken is None:
                values["url"] = moved_to
            else:
                note = f"moved permanently to {moved_to}, which feed {taken} already fetches"
        session.execute(sa.update(Source).where(Source.id == feed.id).values(**values))
    return note


def record_failure(
    engine: sa.Engine,
    feed: ClaimedFeed,
    error: str,
    *,
    cap_minutes: int,
    retry_after: dt.datetime | None = None,
) -> dt.datetime:
    """Count a failed fetch and back off; the feed stays listed and is retried later. Returns the next try."""
    now = utcnow()
    with write_session(engine) as session:
        current = session.execute(
            sa.select(Source.error_count, Source.failing_since, Source.interval_minutes).where(Source.id == feed.id)
        ).one_or_none()
        if current is None:  # removed while we were fetching
            return now
        failures = current.error_count + 1
        delay = backoff_delay(current.interval_minutes, failures, cap_minutes)
        next_fetch = now + delay
        if retry_after is not None:
            next_fetch = min(max(retry_after, now), now + dt.timedelta(minutes=cap_minutes))
        session.execute(
            sa.update(Source)
            .where(Source.id == feed.id)
            .values(
                status=_unless_disabled("failing"),
                last_fetched_at=now,
                failing_since=current.failing_since or now,
                error_count=failures,
                last_error=without_controls(error)[:2000],
                next_fetch_at=next_fetch,
                claimed_until=None,
                claimed_by=None,
            )
        )
        return next_fetch

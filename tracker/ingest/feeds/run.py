"""One pass over the due feeds, and the scheduler jobs that repeat it.

Each feed is claimed, fetched, parsed and stored on its own, inside its own
try/except and under its own deadline: a feed that fails is recorded and
backed off, and never delays or breaks another. Several threads work through
the due feeds at once, and several processes may do the same against one
database: claims keep any feed from being fetched twice at the same time.

Stopping (SIGTERM, Ctrl-C, the scheduler shutting down) sets a stop event: a fetch
in progress is cut, articles not yet stored are left, and the feed is handed back
untouched (its validators unchanged, due again), so the next pass fetches it whole;
nothing is half-stored, since each article is stored in one transaction. A failure
of the database itself ends the whole pass with one `StorageError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from apscheduler.schedulers.base import BaseScheduler
from tqdm import tqdm

from tracker.config import Settings
from tracker.errors import StorageError
from tracker.ingest.feeds.entries import entry_to_article
from tracker.ingest.feeds.fetch import FetchError, FetchPolicy, FetchStopped, fetch
from tracker.ingest.feeds.fulltext import fetch_full_text
from tracker.ingest.feeds.parse import FeedError, parse_feed
from tracker.ingest.pipeline import RunStats, ingest_articles, recorded_run
from tracker.ingest.window import DateWindow
from tracker.records import IncomingArticle
from tracker.store.articles import known_identities
from tracker.store.claims import (
    ClaimedFeed,
    claim_next_feed,
    count_due_feeds,
    feeds_held_elsewhere,
    record_failure,
    record_success,
    release_claim,
)
from tracker.store.db import describe, is_storage_failure, storage_error
from tracker.store.runs import release_claims_of_gone_runs
from tracker.store.types import utcnow

log = logging.getLogger(__name__)


def _with_full_text(article: IncomingArticle, policy: FetchPolicy) -> IncomingArticle:
    """The article with its linked page's text when that says more than the entry; else unchanged."""
    if not article.url:
        return article
    try:
        text = fetch_full_text(article.url, policy)
    except FetchError as exc:
        log.info("full text of %s not fetched: %s", article.url, exc)
        return article
    if len(text) <= len(article.text):
        return article
    return IncomingArticle(
        identity=article.identity,
        title=article.title,
        text=text,
        published_on=article.published_on,
        published_at=article.published_at,
        url=article.url,
    )


def ingest_feed(
    engine: sa.Engine,
    feed: ClaimedFeed,
    policy: FetchPolicy,
    settings: Settings,
    stats: RunStats,
    stop: threading.Event | None = None,
) -> None:
    """Fetch, parse and store one claimed feed, recording the outcome on its row.

    Raises only `StorageError` (the database failed: the pass must end); when `stop` is
    set, the feed is handed back untouched with whatever was not yet stored.
    """
    stats.add("sources_seen")
    cap = settings.feeds.max_backoff_minutes
    stop = stop or threading.Event()
    try:
        result = fetch(feed.url, policy, etag=feed.etag, last_modified=feed.last_modified)
        if result.not_modified:
            note = record_success(
                engine,
                feed,
                etag=result.etag or feed.etag,
                last_modified=result.last_modified or feed.last_modified,
                new_articles=0,
                warning=None,
                keep_warning=True,
                moved_to=result.permanent_url,
            )
            if note:
                log.warning("feed %s: %s", feed.id, note)
            return
        parsed = parse_feed(result.body, content_type=result.content_type, url=result.url)
        fetched_at = utcnow()
        window = DateWindow.from_settings(settings.ingest)
        articles = [a for a in (entry_to_article(e, fetched_at, window) for e in parsed.entries) if a is not None]
        if feed.full_text:
            # Pages are fetched for new entries only: a stored article already has its
            # full text, and the entry's teaser must not overwrite it on the next pass.
            known = known_identities(engine, feed.id, [a.identity for a in articles])
            stats.add("entries_seen", sum(1 for a in articles if a.identity in known))
            stats.add("articles_unchanged", sum(1 for a in articles if a.identity in known))
            articles = [_with_full_text(a, policy) for a in articles if a.identity not in known]
        before = stats.counts.get("articles_new", 0)
        errors_before = len(stats.errors)
        ingest_articles(engine, feed.id, articles, stats, progress=False, stop=stop)
        if stop.is_set():
            _abandon(engine, feed)
            return
        failed = stats.errors[errors_before:]
        if parsed.problem:
            log.warning("feed %s (%s) parsed with problems: %s", feed.id, feed.url, parsed.problem)
        note = record_success(
            engine,
            feed,
            etag=result.etag,
            last_modified=result.last_modified,
            new_articles=stats.counts.get("articles_new", 0) - before,
            warning=parsed.problem,
            moved_to=result.permanent_url,
            failed_entries=len(failed),
            entry_error=failed[0] if failed else None,
        )
        if note:
            log.warning("feed %s: %s", feed.id, note)
    except FetchStopped:
        _abandon(engine, feed)
    except (FetchError, FeedError) as exc:
        _fail(engine, feed, str(exc), cap, getattr(exc, "retry_after", None), stats)
    except StorageError:
        raise
    except Exception as exc:  # whatever goes wrong with one feed stays with that feed
        if is_storage_failure(exc):
            raise
        log.exception("feed %s (%s) failed unexpectedly", feed.id, feed.url)
        _fail(engine, feed, f"{type(exc).__name__}: {exc}", cap, None, stats)


def _abandon(engine: sa.Engine, feed: ClaimedFeed) -> None:
    """Stopping: hand the feed back as it was, so the next pass fetches it whole."""
    log.info("feed %s: stopping; handed back for the next pass", feed.id)
    try:
        release_claim(engine, feed.id)
    except Exception as exc:  # the run's finish releases it too, and otherwise the lease lapses
        log.warning("feed %s: claim not released: %s", feed.id, exc)


def _fail(
    engine: sa.Engine, feed: ClaimedFeed, error: str, cap: int, retry_after: dt.datetime | None, stats: RunStats
) -> None:
    stats.error(f"feed {feed.id} ({feed.url}): {error}")
    try:
        next_try = record_failure(engine, feed, error, cap_minutes=cap, retry_after=retry_after)
        log.info("feed %s: next try at %s", feed.id, next_try.isoformat())
    except Exception as exc:  # the lease will lapse and the feed will be tried again
        if is_storage_failure(exc):
            raise
        log.exception("could not record the failure of feed %s", feed.id)


def ingest_due_feeds(
    engine: sa.Engine,
    settings: Settings,
    *,
    force: bool = False,
    progress: bool | None = None,
    stop: threading.Event | None = None,
    policy: FetchPolicy | None = None,
) -> RunStats:
    """One recorded run over the feeds that are due (every enabled feed with `force`).

    Claims left by runs that are over or whose process is gone are released first. A
    forced pass lists in `stats.skipped` the feeds it left because another live run holds
    them. A failure of the database ends the pass: the other threads stop taking feeds,
    and one `StorageError` is raised.
    """
    stop = stop or threading.Event()
    policy = dataclasses.replace(policy or FetchPolicy.from_settings(settings.feeds), cancel=stop)
    lease = dt.timedelta(minutes=settings.feeds.claim_lease_minutes)
    threads = settings.feeds.concurrency
    forced_since = utcnow() if force else None
    release_claims_of_gone_runs(engine)
    failed = threading.Event()  # the database failed: no thread takes another feed
    claiming = threading.Lock()
    handled: set[int] = set()
    bar = tqdm(unit="feed", disable=None if progress is None else not progress, leave=False)
    with recorded_run(engine, "feeds", stop=stop) as stats:
        run_id = stats.run_id

        def work() -> None:
            while not stop.is_set() and not failed.is_set():
                with claiming:  # claim and note it at once, so no thread takes a feed another just finished
                    feed = claim_next_feed(
                        engine, lease=lease, forced_since=forced_since, skip_ids=handled, run_id=run_id
                    )
                    if feed is None:
                        return
                    handled.add(feed.id)
                part = RunStats(run_id=run_id)
                try:
                    ingest_feed(engine, feed, policy, settings, part, stop)
                finally:
                    stats.merge(part)
                    bar.update()

        problem: BaseException | None = None
        try:
            with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="feeds") as pool:
                for future in [pool.submit(work) for _ in range(threads)]:
                    try:
                        future.result()
                    except Exception as exc:  # the database failed: end the pass, say it once
                        failed.set()
                        problem = problem or exc
        finally:
            bar.close()
        if problem is not None:
            raise problem
        if forced_since is not None:
            for held in feeds_held_elsewhere(engine, forced_since, handled):
                holder = f"run {held.claimed_by}" if held.claimed_by else "another worker"
                stats.skipped.append(
                    f"feed {held.id} ({held.url}): being fetched by {holder} (claimed until "
                    f"{held.claimed_until:%Y-%m-%d %H:%M} UTC); not fetched again now"
                )
    return stats


def poll_feeds(engine: sa.Engine, settings: Settings, stop: threading.Event | None = None) -> None:
    """The scheduler job: a recorded run when some feed is due, nothing at all otherwise."""
    try:
        if count_due_feeds(engine) == 0:
            return
        stats = ingest_due_feeds(engine, settings, progress=False, stop=stop)
    except StorageError as exc:  # one line: the run record has the rest
        log.error("feeds: %s", exc)
        return
    except sa.exc.SQLAlchemyError as exc:  # before a run could even be recorded
        log.error("feeds: %s", storage_error(exc, describe(engine)))
        return
    log.info("feeds: %s", stats.summary("entries"))


def schedule_feed_jobs(
    scheduler: BaseScheduler, engine: sa.Engine, settings: Settings, stop: threading.Event | None = None
) -> None:
    """Poll for due feeds every `scheduler.feeds_poll_seconds`, starting now."""
    scheduler.add_job(
        poll_feeds,
        "interval",
        seconds=settings.scheduler.feeds_poll_seconds,
        args=(engine, settings),
        kwargs={"stop": stop},
        id="feeds",
        name="fetch due feeds",
        replace_existing=True,
        next_run_time=utcnow(),
    )

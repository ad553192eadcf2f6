"""One pass over the due feeds, and the scheduler jobs that repeat it.

Each feed is claimed, fetched, parsed and stored on its own, inside its own
try/except and under its own deadline: a feed that fails is recorded and
backed off, and never delays or breaks another. Several threads work through
the due feeds at once, and several processes may do the same against one
database: claims keep any feed from being fetched twice at the same time.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from apscheduler.schedulers.base import BaseScheduler
from tqdm import tqdm

from tracker.config import Settings
from tracker.ingest.feeds.entries import entry_to_article
from tracker.ingest.feeds.fetch import FetchError, FetchPolicy, fetch
from tracker.ingest.feeds.fulltext import fetch_full_text
from tracker.ingest.feeds.parse import FeedError, parse_feed
from tracker.ingest.pipeline import RunStats, ingest_articles
from tracker.records import IncomingArticle
from tracker.store.articles import known_identities
from tracker.store.claims import ClaimedFeed, claim_next_feed, count_due_feeds, record_failure, record_success
from tracker.store.runs import finish_run, start_run
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


def ingest_feed(engine: sa.Engine, feed: ClaimedFeed, policy: FetchPolicy, settings: Settings, stats: RunStats) -> None:
    """Fetch, parse and store one claimed feed, recording the outcome on its row. Never raises."""
    stats.add("sources_seen")
    cap = settings.feeds.max_backoff_minutes
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
        articles = [a for a in (entry_to_article(e, fetched_at) for e in parsed.entries) if a is not None]
        if feed.full_text:
            # Pages are fetched for new entries only: a stored article already has its
            # full text, and the entry's teaser must not overwrite it on the next pass.
            known = known_identities(engine, feed.id, [a.identity for a in articles])
            stats.add("entries_seen", sum(1 for a in articles if a.identity in known))
            stats.add("articles_unchanged", sum(1 for a in articles if a.identity in known))
            articles = [_with_full_text(a, policy) for a in articles if a.identity not in known]
        before = stats.counts.get("articles_new", 0)
        ingest_articles(engine, feed.id, articles, stats, progress=False)
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
        )
        if note:
            log.warning("feed %s: %s", feed.id, note)
    except (FetchError, FeedError) as exc:
        _fail(engine, feed, str(exc), cap, getattr(exc, "retry_after", None), stats)
    except Exception as exc:  # whatever goes wrong with one feed stays with that feed
        log.exception("feed %s (%s) failed unexpectedly", feed.id, feed.url)
        _fail(engine, feed, f"{type(exc).__name__}: {exc}", cap, None, stats)


def _fail(
    engine: sa.Engine, feed: ClaimedFeed, error: str, cap: int, retry_after: dt.datetime | None, stats: RunStats
) -> None:
    stats.error(f"feed {feed.id} ({feed.url}): {error}")
    try:
        next_try = record_failure(engine, feed, error, cap_minutes=cap, retry_after=retry_after)
        log.info("feed %s: next try at %s", feed.id, next_try.isoformat())
    except Exception:  # the lease will lapse and the feed will be tried again
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
    """One recorded run over the feeds that are due (every enabled feed with `force`)."""
    policy = policy or FetchPolicy.from_settings(settings.feeds)
    lease = dt.timedelta(minutes=settings.feeds.claim_lease_minutes)
    threads = settings.feeds.concurrency
    stop = stop or threading.Event()
    forced_since = utcnow() if force else None
    run_id = start_run(engine, "feeds")
    stats = RunStats(run_id=run_id)
    lock = threading.Lock()
    claiming = threading.Lock()
    handled: set[int] = set()
    bar = tqdm(unit="feed", disable=None if progress is None else not progress, leave=False)

    def work() -> None:
        while not stop.is_set():
            with claiming:  # claim and note it at once, so no thread takes a feed another just finished
                feed = claim_next_feed(engine, lease=lease, forced_since=forced_since, skip_ids=handled)
                if feed is None:
                    return
                handled.add(feed.id)
            part = RunStats()
            ingest_feed(engine, feed, policy, settings, part)
            with lock:
                stats.merge(part)
                bar.update()

    try:
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="feeds") as pool:
            for future in [pool.submit(work) for _ in range(threads)]:
                try:
                    future.result()
                except Exception as exc:  # a claim that failed (database gone): record it, end the pass
                    log.exception("feed worker thread failed")
                    with lock:
                        stats.error(f"feed worker: {type(exc).__name__}: {exc}")
    finally:
        bar.close()
        finish_run(engine, run_id, stats.counts, stats.errors)
    return stats


def poll_feeds(engine: sa.Engine, settings: Settings, stop: threading.Event | None = None) -> None:
    """The scheduler job: a recorded run when some feed is due, nothing at all otherwise."""
    if count_due_feeds(engine) == 0:
        return
    stats = ingest_due_feeds(engine, settings, progress=False, stop=stop)
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

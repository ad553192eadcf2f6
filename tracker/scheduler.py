"""Background ingestion: a thin APScheduler shell around the ingest pipeline.

One scheduler per deployment: `tracker serve` starts it in-process (never
once per web worker), `tracker worker` runs it on its own. Jobs never
overlap (max_instances=1) and missed runs are coalesced into one.
"""

from __future__ import annotations

import logging
import threading

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from tracker.config import Settings
from tracker.errors import TrackerError
from tracker.ingest.feeds.run import schedule_feed_jobs
from tracker.ingest.pipeline import ingest_seeds
from tracker.ingest.window import DateWindow
from tracker.store.db import describe, storage_error

log = logging.getLogger(__name__)

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


def reingest_seeds(engine: sa.Engine, settings: Settings, stop: threading.Event | None = None) -> None:
    """The seeds job; a run that fails says so in one log line (the run record has the rest)."""
    directory = settings.ingest.seeds_dir
    if not directory.is_dir():
        log.warning("seeds directory %s does not exist; skipping", directory)
        return
    try:
        stats = ingest_seeds(engine, directory, progress=False, window=DateWindow.from_settings(settings.ingest),
                             follow_links=settings.ingest.follow_links, stop=stop)
    except TrackerError as exc:
        log.error("seeds: %s", exc)
        return
    except sa.exc.SQLAlchemyError as exc:  # before the run could even be recorded
        log.error("seeds: %s", storage_error(exc, describe(engine)))
        return
    log.info("seeds: %s", stats.summary("files"))


def add_jobs(
    scheduler: BaseScheduler, engine: sa.Engine, settings: Settings, stop: threading.Event | None = None
) -> None:
    scheduler.add_job(
        reingest_seeds,
        "interval",
        minutes=settings.ingest.seeds_interval_minutes,
        args=(engine, settings),
        kwargs={"stop": stop},
        id="seeds",
        name="re-ingest seed files",
        replace_existing=True,
    )
    schedule_feed_jobs(scheduler, engine, settings, stop=stop)


def start_scheduler(engine: sa.Engine, settings: Settings, stop: threading.Event | None = None) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    add_jobs(scheduler, engine, settings, stop)
    scheduler.start()
    return scheduler

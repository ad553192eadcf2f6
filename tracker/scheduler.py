"""Background ingestion: a thin APScheduler shell around the ingest pipeline.

One scheduler per deployment: `tracker serve` starts it in-process (never
once per web worker), `tracker worker` runs it on its own. Jobs never
overlap (max_instances=1) and missed runs are coalesced into one.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from tracker.config import Settings
from tracker.ingest.feeds.run import schedule_feed_jobs
from tracker.ingest.pipeline import ingest_seeds

log = logging.getLogger(__name__)

JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 300}


def reingest_seeds(engine: sa.Engine, settings: Settings) -> None:
    directory = settings.ingest.seeds_dir
    if not directory.is_dir():
        log.warning("seeds directory %s does not exist; skipping", directory)
        return
    stats = ingest_seeds(engine, directory, progress=False)
    log.info("seeds: %s", stats.summary("files"))


def add_jobs(scheduler: BaseScheduler, engine: sa.Engine, settings: Settings) -> None:
    scheduler.add_job(
        reingest_seeds,
        "interval",
        minutes=settings.ingest.seeds_interval_minutes,
        args=(engine, settings),
        id="seeds",
        name="re-ingest seed files",
        replace_existing=True,
    )
    schedule_feed_jobs(scheduler, engine, settings)


def start_scheduler(engine: sa.Engine, settings: Settings) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    add_jobs(scheduler, engine, settings)
    scheduler.start()
    return scheduler

"""The scheduler is a thin shell: jobs that never overlap and re-ingest on an interval."""

from pathlib import Path

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler

from tracker.scheduler import JOB_DEFAULTS, add_jobs, reingest_seeds
from tracker.store.db import read_session
from tracker.store.models import Article, IngestRun

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_the_seed_job_is_scheduled_on_the_configured_interval_without_overlap(engine: sa.Engine, settings) -> None:  # type: ignore[no-untyped-def]
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    add_jobs(scheduler, engine, settings.with_overrides(ingest={"seeds_interval_minutes": 7}))
    scheduler.start(paused=True)
    try:
        job = scheduler.get_job("seeds")
        assert job is not None
        assert job.trigger.interval.total_seconds() == 7 * 60
        assert job.max_instances == 1 and job.coalesce is True
    finally:
        scheduler.shutdown(wait=False)


def test_the_seed_job_ingests_the_seed_directory(engine: sa.Engine, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeds = settings.ingest.seeds_dir
    seeds.mkdir(parents=True)
    (seeds / "seed.txt").write_bytes((FIXTURES / "seed-article.txt").read_bytes())
    reingest_seeds(engine, settings)
    reingest_seeds(engine, settings)
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 1
        assert [r.articles_new for r in session.scalars(sa.select(IngestRun).order_by(IngestRun.id))] == [1, 0]


def test_a_missing_seed_directory_is_skipped_not_fatal(engine: sa.Engine, settings) -> None:  # type: ignore[no-untyped-def]
    reingest_seeds(engine, settings)
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(IngestRun)) == 0

"""Scheduled ingestion: a poll job inside `tracker serve`, and `tracker worker` on its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler

from tests.ingest.feeds.feed_server import FeedServer
from tracker.config import Settings
from tracker.scheduler import JOB_DEFAULTS, add_jobs
from tracker.store import migrate
from tracker.store.db import make_engine, read_session
from tracker.store.feeds import add_feed
from tracker.store.models import Article, IngestRun


def test_serve_scheduler_gets_one_coalescing_non_overlapping_feed_job(engine: sa.Engine, settings: Settings) -> None:
    scheduler = BackgroundScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    add_jobs(scheduler, engine, settings)
    scheduler.start(paused=True)
    try:
        job = scheduler.get_job("feeds")
        assert job is not None
        assert job.trigger.interval.total_seconds() == settings.scheduler.feeds_poll_seconds
        assert job.coalesce and job.max_instances == 1
    finally:
        scheduler.shutdown(wait=False)


def test_wsgi_module_builds_the_app_without_a_scheduler(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib

    import tracker.scheduler

    started: list[object] = []
    monkeypatch.setattr(tracker.scheduler, "start_scheduler", lambda *a, **k: started.append(a))
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    migrate.upgrade(url)  # the app opens a database; only `tracker db upgrade` creates one
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    sys.modules.pop("tracker.wsgi", None)
    module = importlib.import_module("tracker.wsgi")
    assert module.app.name == "tracker.web" and started == []


@pytest.mark.slow
def test_worker_ingests_due_feeds_and_stops_cleanly_on_sigterm(tmp_path: Path, feed_server: FeedServer) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    add_feed(engine, feed_server.serve_fixture("trade-pressure-sample.rss"))
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": url,
        "TRACKER_ALLOW_PRIVATE_NETWORKS": "1",
        "TRACKER_SEEDS_DIR": str(tmp_path / "no-seeds"),
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", "from tracker.cli import main; main()", "worker", "--poll-seconds", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        stored = 0
        while time.monotonic() < deadline and stored < 3:
            time.sleep(0.3)
            with read_session(engine) as session:
                stored = session.scalar(sa.select(sa.func.count()).select_from(Article)) or 0
        assert stored == 3
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert "worker stopped" in err
    with read_session(engine) as session:
        statuses = set(session.scalars(sa.select(IngestRun.status).where(IngestRun.kind == "feeds")))
    assert statuses == {"ok"}
    engine.dispose()

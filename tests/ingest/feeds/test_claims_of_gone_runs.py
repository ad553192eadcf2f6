"""A killed run never blocks its feeds: its claims are released, `--force` says what it skipped, the worker stops in time."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.ingest.feeds.feed_server import FeedServer
from tracker.store import migrate
from tracker.store.db import make_engine, read_session, write_session
from tracker.store.feeds import add_feed, list_feeds
from tracker.store.models import IngestRun, Source
from tracker.store.types import utcnow


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _held_by(engine: sa.Engine, feed_id: int, *, host: str, pid: int, heartbeat_age: dt.timedelta) -> int:
    """A feed claimed for 30 minutes by a run said to be running on `host` as `pid`."""
    now = utcnow()
    with write_session(engine) as session:
        run = IngestRun(kind="feeds", status="running", host=host, pid=pid, started_at=now - heartbeat_age,
                        heartbeat_at=now - heartbeat_age)
        session.add(run)
        session.flush()
        session.execute(sa.update(Source).where(Source.id == feed_id).values(
            claimed_until=now + dt.timedelta(minutes=30), claimed_by=run.id))
        return run.id


@pytest.mark.parametrize(
    "holder",
    [
        {"host": socket.gethostname(), "pid": None, "heartbeat_age": dt.timedelta(seconds=1)},  # killed here
        {"host": "another-machine", "pid": 4242, "heartbeat_age": dt.timedelta(minutes=10)},  # silent elsewhere
    ],
)
def test_a_claim_of_a_gone_run_is_released_and_the_feed_fetched(runner, engine, feed_server: FeedServer, holder) -> None:  # type: ignore[no-untyped-def]
    feed = add_feed(engine, feed_server.serve_fixture("trade-pressure-sample.rss"))
    holder = {**holder, "pid": holder["pid"] or _dead_pid()}
    run = _held_by(engine, feed, **holder)
    listed = runner.invoke("feeds", "list")
    assert f"being fetched by run {run}" in listed.output
    result = runner.invoke("ingest", "--feeds", "--force", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "3 entries" in result.output and "skipped" not in result.output
    with read_session(engine) as session:
        assert session.get(IngestRun, run).status == "interrupted"
    state = next(s for s in list_feeds(engine) if s.id == feed)
    assert state.claimed_until is None and state.articles == 3


def test_force_says_which_feeds_a_live_run_holds(runner, engine, feed_server: FeedServer, client) -> None:  # type: ignore[no-untyped-def]
    feed = add_feed(engine, feed_server.serve_fixture("trade-pressure-sample.rss"))
    run = _held_by(engine, feed, host=socket.gethostname(), pid=os.getppid(), heartbeat_age=dt.timedelta(seconds=1))
    result = runner.invoke("ingest", "--feeds", "--force", "--no-progress")
    assert result.exit_code == 0
    assert f"skipped feed {feed}" in result.output and f"being fetched by run {run}" in result.output
    assert "1 skipped" in result.output
    page = client.get("/feeds").get_data(as_text=True)
    assert f"run {run}</a>" in page


@pytest.mark.slow
def test_the_worker_stops_within_seconds_of_sigterm_mid_fetch(tmp_path: Path, feed_server: FeedServer) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    feed = add_feed(engine, feed_server.url("/hostile/slow-drip"))
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_ALLOW_PRIVATE_NETWORKS": "1",
           "TRACKER_SEEDS_DIR": str(tmp_path / "no-seeds"), "TRACKER_FEEDS_FETCH_DEADLINE_SECONDS": "120",
           "TRACKER_FEEDS_READ_TIMEOUT_SECONDS": "120"}
    worker = subprocess.Popen([sys.executable, "-m", "tracker", "worker", "--poll-seconds", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not feed_server.seen("/hostile/slow-drip") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert feed_server.seen("/hostile/slow-drip")
        time.sleep(0.5)
        signalled = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        _out, err = worker.communicate(timeout=30)
        took = time.monotonic() - signalled
    finally:
        if worker.poll() is None:
            worker.kill()
    assert took < 10, (took, err)
    assert worker.returncode == 0, err
    state = next(s for s in list_feeds(engine) if s.id == feed)
    assert state.claimed_until is None and state.error_count == 0  # handed back, not failed
    with read_session(engine) as session:
        assert session.scalars(sa.select(IngestRun.status)).all() == ["interrupted"]
    engine.dispose()

"""Several worker processes on one PostgreSQL share the due feeds: each fetched once, each article stored once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

import pytest
import sqlalchemy as sa

from tests.ingest.feeds.feed_server import FeedServer, generated_feed
from tests.support.postgres import PostgresDatabases
from tracker.store import migrate
from tracker.store.db import make_engine, read_session
from tracker.store.feeds import add_feed
from tracker.store.models import Article, Evidence, IngestRun, Measure

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WORKERS = 3
FIXTURE_FEEDS = {"rsparser-livemint.xml": 25, "rsparser-macworld.rss": 30, "miniflux-rdf_UTF8.xml": 60, "trade-pressure-sample.rss": 3}
GENERATED = 24
ITEMS = 10


def run_workers(url: str, *args: str) -> list[subprocess.CompletedProcess[str]]:
    """`tracker ingest --feeds ARGS` in WORKERS processes at once, as separate hosts would."""
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_ALLOW_PRIVATE_NETWORKS": "1", "TRACKER_FEEDS_CONCURRENCY": "2"}
    command: Sequence[str] = [sys.executable, "-c", "from tracker.cli import main; main()", "ingest", "--feeds", *args]
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(WORKERS)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_three_workers_share_the_feeds_and_store_everything_once(postgres: PostgresDatabases, feed_server: FeedServer) -> None:
    url = postgres.new_database()
    migrate.upgrade(url)
    engine = make_engine(url)
    paths = []
    for name in FIXTURE_FEEDS:
        feed_url = feed_server.serve_fixture(name)
        feed_server.routes[f"/feeds/{name}"].delay = 0.3  # type: ignore[union-attr]
        add_feed(engine, feed_url)
        paths.append(f"/feeds/{name}")
    for number in range(GENERATED):
        add_feed(engine, feed_server.serve(f"/gen/{number}.rss", generated_feed(number, ITEMS), delay=0.3))
        paths.append(f"/gen/{number}.rss")

    results = run_workers(url)

    for result in results:
        assert result.returncode == 0, result.stderr
    assert all(len(feed_server.seen(path)) == 1 for path in paths), {p: len(feed_server.seen(p)) for p in paths}
    expected_articles = sum(FIXTURE_FEEDS.values()) + GENERATED * ITEMS
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == expected_articles
        runs = session.scalars(sa.select(IngestRun).where(IngestRun.kind == "feeds")).all()
        assert len(runs) == WORKERS and all(r.status == "ok" for r in runs)
        assert sum(r.sources_seen for r in runs) == len(paths)
        assert sum(r.articles_new for r in runs) == expected_articles
        assert sum(1 for r in runs if r.sources_seen) >= 2  # the work really was shared
        measures = session.execute(sa.select(Measure.kind, Measure.actor_code, Measure.target_code, Measure.commodity_key)).all()
        assert len(measures) == len(set(measures))
        supported = session.scalar(sa.select(sa.func.count(sa.distinct(Evidence.article_id))))
        assert supported is not None and supported >= GENERATED * ITEMS

    again = run_workers(url, "--force")
    for result in again:
        assert result.returncode == 0, result.stderr
        assert "articles 0 new" in result.stdout
    for path in paths:  # forced passes share the feeds too, give or take a worker that started late
        second_round = feed_server.seen(path)[1:]
        assert 1 <= len(second_round) <= WORKERS and all(r.status == 304 for r in second_round), path
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == expected_articles
    engine.dispose()

"""On SQLite the web app keeps reading while a feed pass writes: WAL, busy timeout, BEGIN IMMEDIATE."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.ingest.feeds.conftest import TIGHT_FEEDS
from tests.ingest.feeds.feed_server import FeedServer
from tracker.config import load_settings
from tracker.ingest.feeds.run import ingest_due_feeds
from tracker.store import migrate
from tracker.store.db import make_engine
from tracker.store.feeds import add_feed
from tracker.web import create_app

FEEDS = [
    "miniflux-encoding_ISO-8859-1.xml",
    "miniflux-rdf_UTF8.xml",
    "rsparser-bio.rdf",
    "rsparser-livemint.xml",
    "rsparser-aktuality.rss",
    "rsparser-macworld.rss",
    "trade-pressure-sample.rss",
]


def test_web_reads_during_an_ingest_never_see_a_locked_database(tmp_path: Path, feed_server: FeedServer) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    migrate.upgrade(url)
    settings = load_settings(environ={}).with_overrides(database={"url": url}, feeds=TIGHT_FEEDS)
    engine = make_engine(url, busy_timeout_ms=30_000)
    for name in FEEDS:
        add_feed(engine, feed_server.serve_fixture(name))
    client = create_app(settings, engine=make_engine(url), test_config={"TESTING": True}).test_client()

    failures: list[str] = []
    done = threading.Event()

    def ingest() -> None:
        try:
            stats = ingest_due_feeds(engine, settings)
            if stats.errors:
                failures.extend(stats.errors)
        finally:
            done.set()

    writer = threading.Thread(target=ingest)
    writer.start()
    pages = 0
    while not done.is_set() or pages < 5:
        for path in ("/feeds", "/"):
            response = client.get(path)
            if response.status_code != 200 or "locked" in response.text:
                failures.append(f"{path}: {response.status_code}")
            pages += 1
    writer.join()
    assert failures == []
    assert pages >= 10

"""/feeds: each feed's state at a glance, the latest runs and their errors, all escaped."""

from __future__ import annotations

import sqlalchemy as sa

from tests.ingest.feeds.feed_server import FeedServer
from tracker.config import Settings
from tracker.ingest.feeds.run import ingest_due_feeds
from tracker.store.feeds import add_feed, set_enabled


def test_empty_page_says_how_to_add_feeds(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/feeds")
    assert page.status_code == 200
    assert "tracker feeds import config/feeds.opml" in page.text


def test_shows_ok_failing_backing_off_and_disabled_feeds_with_runs(  # type: ignore[no-untyped-def]
    client, engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer
) -> None:
    add_feed(engine, feed_server.serve_fixture("trade-pressure-sample.rss"), name="Sample wire")
    add_feed(engine, feed_server.url("/hostile/500"), name="Broken site")
    paused = add_feed(engine, "https://paused.example/rss", name="Paused")
    set_enabled(engine, paused, False)
    ingest_due_feeds(engine, feed_settings)

    page = client.get("/feeds").text

    assert "Sample wire" in page and "Broken site" in page and "Paused" in page
    assert 'class="status feed-ok"' in page and 'class="status feed-failing"' in page
    assert 'class="status feed-disabled"' in page
    assert "backing off until" in page and "since" in page
    assert "HTTP 500" in page  # last error, and the run's error log
    assert "Latest feed runs" in page and 'class="status run-errors"' in page


def test_everything_from_feeds_is_escaped(client, engine: sa.Engine) -> None:  # type: ignore[no-untyped-def]
    add_feed(engine, "https://evil.example/rss?<x>", name='<script>alert("name")</script>')
    page = client.get("/feeds").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in page

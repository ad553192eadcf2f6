"""A pass over the feeds: good feeds stored once, bad ones recorded, backed off and contained."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from tests.ingest.feeds.feed_server import FIXTURES, FeedServer
from tracker.config import Settings
from tracker.ingest.feeds.run import ingest_due_feeds, poll_feeds
from tracker.store.db import read_session
from tracker.store.feeds import add_feed, list_feeds, set_enabled
from tracker.store.models import Article, IngestRun, Measure, Source
from tracker.store.types import utcnow

GOOD_FEEDS = {
    "miniflux-encoding_ISO-8859-1.xml": 40,
    "miniflux-urdu_UTF8.xml": 26,
    "miniflux-rdf_UTF8.xml": 60,
    "miniflux-no_encoding_ISO-8859-1.xml": 9,  # the tenth item is empty
    "rsparser-bio.rdf": 30,
    "rsparser-livemint.xml": 25,
    "rsparser-aktuality.rss": 30,
    "rsparser-macworld.rss": 30,
    "rsparser-kc0011.rss": 20,
    "trade-pressure-sample.rss": 3,
}
HOSTILE = {
    "/hostile/slow-drip": "deadline|no answer",
    "/hostile/500": "HTTP 500",
    "/hostile/404": "HTTP 404",
    "/hostile/huge": "byte cap",
    "/hostile/gzip-bomb": "decompresses to over",
    "/hostile/entity-bomb": "entit",
    "/hostile/loop-a": "redirect loop",
    "/hostile/html": "not a feed",
    "/hostile/empty": "empty response",
    "/hostile/busy": "HTTP 429",
}


def source(engine: sa.Engine, feed_id: int) -> Source:
    with read_session(engine) as session:
        found = session.get(Source, feed_id)
        assert found is not None
        return found


def article_count(engine: sa.Engine, feed_id: int) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Article).where(Article.source_id == feed_id)) or 0


@pytest.fixture
def all_feeds(engine: sa.Engine, feed_server: FeedServer) -> dict[str, int]:
    ids = {name: add_feed(engine, feed_server.serve_fixture(name)) for name in GOOD_FEEDS}
    ids |= {path: add_feed(engine, feed_server.url(path)) for path in HOSTILE}
    ids["/hostile/invalid-utf8"] = add_feed(engine, feed_server.url("/hostile/invalid-utf8"))
    return ids


def test_hostile_feeds_fail_alone_while_real_feeds_are_stored(
    engine: sa.Engine, feed_settings: Settings, all_feeds: dict[str, int]
) -> None:
    stats = ingest_due_feeds(engine, feed_settings)

    for name, expected in GOOD_FEEDS.items():
        feed = source(engine, all_feeds[name])
        assert (feed.status, feed.error_count, feed.last_error) == ("ok", 0, None), name
        assert article_count(engine, feed.id) == expected, name
        assert feed.last_new_article_at is not None and feed.etag
    for path, message in HOSTILE.items():
        feed = source(engine, all_feeds[path])
        assert feed.status == "failing" and feed.error_count == 1, path
        assert re.search(message, feed.last_error or "", re.IGNORECASE), (path, feed.last_error)
        assert feed.failing_since is not None and feed.next_fetch_at is not None
        assert feed.claimed_until is None
    broken = source(engine, all_feeds["/hostile/invalid-utf8"])
    assert broken.status == "ok" and broken.last_warning and article_count(engine, broken.id) == 1

    assert stats.counts["articles_new"] == sum(GOOD_FEEDS.values()) + 1
    assert stats.counts["errors"] == len(HOSTILE)
    with read_session(engine) as session:
        run = session.get(IngestRun, stats.run_id)
        assert run is not None and run.status == "errors" and run.finished_at is not None
        assert run.sources_seen == len(all_feeds) and run.errors == len(HOSTILE)
        assert "/hostile/gzip-bomb" in (run.error_log or "")


def test_golden_titles_reach_the_database_as_unicode(
    engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer
) -> None:
    ids = [add_feed(engine, feed_server.serve_fixture(name)) for name in ("rsparser-kc0011.rss", "miniflux-no_encoding_ISO-8859-1.xml")]
    ingest_due_feeds(engine, feed_settings)
    with read_session(engine) as session:
        titles = set(session.scalars(sa.select(Article.title).where(Article.source_id.in_(ids))))
    assert "建国35周年纪念，华表，和平鸽" in titles
    assert "La criminalité liée surtout à... l'ennui ?" in titles


def test_second_pass_asks_conditionally_and_stores_nothing(
    engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer
) -> None:
    names = ["rsparser-livemint.xml", "trade-pressure-sample.rss"]
    for name in names:
        add_feed(engine, feed_server.serve_fixture(name))
    ingest_due_feeds(engine, feed_settings)

    assert ingest_due_feeds(engine, feed_settings).counts.get("sources_seen", 0) == 0  # nothing due yet
    again = ingest_due_feeds(engine, feed_settings, force=True)

    assert again.counts["sources_seen"] == 2
    assert again.counts.get("articles_new", 0) == 0 and again.counts.get("entries_seen", 0) == 0
    for name in names:
        second = feed_server.seen(f"/feeds/{name}")[-1]
        assert second.headers.get("If-None-Match") and second.headers.get("If-Modified-Since")
        assert second.status == 304


def test_updated_entry_updates_its_article_and_measures(
    engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer
) -> None:
    original = (FIXTURES / "trade-pressure-sample.rss").read_bytes()
    url = feed_server.serve("/live.rss", original)
    add_feed(engine, url)
    first = ingest_due_feeds(engine, feed_settings)
    assert first.counts["articles_new"] == 3 and first.counts["measures_new"] == 3

    feed_server.serve("/live.rss", original.replace(b"imposed 25% tariffs", b"imposed 50% tariffs"))
    second = ingest_due_feeds(engine, feed_settings, force=True)

    assert second.counts["articles_updated"] == 1 and second.counts["articles_unchanged"] == 2
    assert second.counts.get("articles_new", 0) == 0
    with read_session(engine) as session:
        tariff = session.scalars(sa.select(Measure).where(Measure.kind == "tariff")).one()
        assert (tariff.actor_code, tariff.target_code, tariff.value) == ("USA", "CHN", 50.0)
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 3


def test_entry_html_is_stored_as_text(engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer) -> None:
    add_feed(engine, feed_server.serve_fixture("trade-pressure-sample.rss"))
    ingest_due_feeds(engine, feed_settings)
    with read_session(engine) as session:
        texts = list(session.scalars(sa.select(Article.text)))
    assert all("<" not in t and "alert" not in t and "steal" not in t for t in texts)
    assert "The European Union adopted new sanctions against Russia targeting its oil exports.\nDiplomats said more could follow." in texts


def test_failures_back_off_exponentially_and_recover(
    engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.serve("/flaky", b"down", "text/plain", status=500, validators=False)
    feed_id = add_feed(engine, feed_server.url("/flaky"), interval_minutes=60)

    ingest_due_feeds(engine, feed_settings)
    first = source(engine, feed_id)
    wait = first.next_fetch_at - first.last_fetched_at  # type: ignore[operator]
    assert dt.timedelta(minutes=30) <= wait <= dt.timedelta(minutes=60)

    ingest_due_feeds(engine, feed_settings, force=True)
    ingest_due_feeds(engine, feed_settings, force=True)
    third = source(engine, feed_id)
    assert third.error_count == 3 and third.failing_since == first.failing_since
    wait = third.next_fetch_at - third.last_fetched_at  # type: ignore[operator]
    assert dt.timedelta(minutes=120) <= wait <= dt.timedelta(minutes=240)

    feed_server.serve_fixture("trade-pressure-sample.rss", "/flaky")
    ingest_due_feeds(engine, feed_settings, force=True)
    healed = source(engine, feed_id)
    assert (healed.status, healed.error_count, healed.failing_since, healed.last_error) == ("ok", 0, None, None)
    assert article_count(engine, feed_id) == 3


def test_backoff_never_exceeds_the_cap(engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer) -> None:
    capped = feed_settings.with_overrides(feeds={"max_backoff_minutes": 90})
    feed_id = add_feed(engine, feed_server.url("/hostile/500"), interval_minutes=60)
    for _ in range(5):
        ingest_due_feeds(engine, capped, force=True)
    feed = source(engine, feed_id)
    assert feed.error_count == 5 and feed.enabled and feed.status == "failing"
    assert feed.next_fetch_at - feed.last_fetched_at <= dt.timedelta(minutes=90)  # type: ignore[operator]


def test_retry_after_sets_the_next_fetch(engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer) -> None:
    feed_id = add_feed(engine, feed_server.url("/hostile/busy"), interval_minutes=5)
    ingest_due_feeds(engine, feed_settings)
    wait = source(engine, feed_id).next_fetch_at - utcnow()  # type: ignore[operator]
    assert dt.timedelta(minutes=115) < wait <= dt.timedelta(minutes=120)


def test_permanent_redirect_updates_the_feed_url(engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer) -> None:
    new_url = feed_server.serve_fixture("trade-pressure-sample.rss", "/moved-here.rss")
    feed_server.serve("/old.rss", b"", status=301, headers={"Location": "/moved-here.rss"}, validators=False)
    feed_id = add_feed(engine, feed_server.url("/old.rss"))
    ingest_due_feeds(engine, feed_settings)
    assert source(engine, feed_id).url == new_url
    assert article_count(engine, feed_id) == 3


def test_disabled_feeds_are_not_fetched(engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer) -> None:
    feed_id = add_feed(engine, feed_server.serve_fixture("rsparser-livemint.xml"))
    set_enabled(engine, feed_id, False)
    ingest_due_feeds(engine, feed_settings, force=True)
    assert feed_server.seen("/feeds/rsparser-livemint.xml") == []
    assert list_feeds(engine)[0].status == "disabled"


def test_full_text_is_fetched_from_the_linked_page(engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer) -> None:
    page = feed_server.serve(
        "/story.html",
        b"<html><body><nav>Menu</nav><article><p>The United States imposed 25% tariffs on steel imports "
        b"from China on Monday.</p><p>Officials said the measure takes effect at once.</p></article></body></html>",
        "text/html; charset=utf-8",
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Teaser</title>'
        f"<link>{page}</link><guid>story-1</guid><description>Short.</description></item></channel></rss>"
    )
    feed_id = add_feed(engine, feed_server.serve("/teasers.rss", feed.encode()), full_text=True)
    ingest_due_feeds(engine, feed_settings)
    feed_server.serve("/teasers.rss", feed.replace("<title>t</title>", "<title>t2</title>").encode())
    again = ingest_due_feeds(engine, feed_settings, force=True)

    with read_session(engine) as session:
        text = session.scalars(sa.select(Article.text).where(Article.source_id == feed_id)).one()
    assert "Officials said the measure takes effect at once." in text
    assert again.counts["articles_unchanged"] == 1  # the teaser never overwrites the full text
    assert len(feed_server.seen("/story.html")) == 1


def test_scheduler_poll_records_no_run_when_nothing_is_due(engine: sa.Engine, feed_settings: Settings) -> None:
    poll_feeds(engine, feed_settings)
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(IngestRun)) == 0


NUL_FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
    b"<item><guid>nul-1</guid><title>Tariffs&#0; rise</title><link>https://news.example/nul</link>"
    b"<description>Washington imposed a 25% tariff&#0; on Indian steel.</description></item>"
    b"</channel></rss>"
)


def test_an_entry_holding_nul_is_stored_without_it(engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer) -> None:
    feed = add_feed(engine, feed_server.serve("/nul.rss", NUL_FEED))
    stats = ingest_due_feeds(engine, feed_settings)
    assert stats.counts.get("errors", 0) == 0, stats.errors
    with read_session(engine) as session:
        title = session.scalars(sa.select(Article.title).where(Article.source_id == feed)).one()
    assert title == "Tariffs rise"


def test_an_entry_that_cannot_be_stored_is_an_error_of_its_feed(
    engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.ingest import pipeline

    real, real_batch = pipeline.read_measures, pipeline.read_batch

    def flaky(article):  # type: ignore[no-untyped-def]
        if "Russia" in article.text:
            raise ValueError("the reader choked")
        return real(article)

    def flaky_batch(articles):  # type: ignore[no-untyped-def]
        # One bad article fails its whole batch; the store then reads the batch article by article.
        if any("Russia" in article.text for article in articles):
            raise ValueError("the batch reader choked")
        return real_batch(articles)

    monkeypatch.setattr(pipeline, "read_measures", flaky)
    monkeypatch.setattr(pipeline, "read_batch", flaky_batch)
    feed = add_feed(engine, feed_server.serve_fixture("trade-pressure-sample.rss"))
    stats = ingest_due_feeds(engine, feed_settings)
    assert stats.counts["errors"] == 1 and stats.counts["articles_new"] == 2
    state = next(s for s in list_feeds(engine) if s.id == feed)
    assert state.status == "errors" and state.failed_entries == 1
    assert "1 entry could not be stored" in (state.last_error or "") and "choked" in (state.last_error or "")
    monkeypatch.setattr(pipeline, "read_measures", real)
    monkeypatch.setattr(pipeline, "read_batch", real_batch)
    ingest_due_feeds(engine, feed_settings, force=True)
    state = next(s for s in list_feeds(engine) if s.id == feed)
    assert (state.status, state.failed_entries, state.last_error) == ("ok", 0, None)

"""Credentials in a feed URL are used to fetch it and shown nowhere: not on /feeds, in `feeds list`, or in a log line."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from tests.ingest.feeds.feed_server import FeedServer
from tracker.config import Settings
from tracker.ingest.feeds.run import ingest_due_feeds
from tracker.redaction import Redactor

SECRETS = ("hunter2", "s3cr3tkey", "tok-123")


def test_userinfo_and_secret_parameters_are_masked_in_urls_and_text() -> None:
    r = Redactor()
    assert r.url("http://user:hunter2@host:8080/x?apikey=s3cr3tkey&page=2") == "http://***@host:8080/x?apikey=***&page=2"
    assert r.url("https://host/rss?Token=tok-123") == "https://host/rss?Token=***"
    assert r.text("redirect loop at https://a:b@h/x?key=1 then") == "redirect loop at https://***@h/x?key=*** then"
    assert r.text("no url here: key=1") == "no url here: key=1"
    assert Redactor.from_setting("sid, Session").url("http://h/?sid=1&session=2&key=3") == "http://h/?sid=***&session=***&key=3"


def test_feed_credentials_appear_on_no_page_export_or_log_line(
    engine: sa.Engine, feed_settings: Settings, feed_server: FeedServer, client, runner,  # type: ignore[no-untyped-def]
    caplog: pytest.LogCaptureFixture,
) -> None:
    runner.invoke("feeds", "list")  # installs the CLI's log redaction, as every command does
    url = feed_server.url("/hostile/500").replace("http://", "http://admin:hunter2@") + "?apikey=s3cr3tkey&token=tok-123"
    added = runner.invoke("feeds", "add", url)
    assert added.exit_code == 0 and "***" in added.output
    with caplog.at_level(logging.INFO):
        stats = ingest_due_feeds(engine, feed_settings)
    assert stats.errors
    shown = {
        "added": added.output,
        "page": client.get("/feeds").get_data(as_text=True),
        "list": runner.invoke("feeds", "list").output,
        "json": runner.invoke("feeds", "list", "--format", "json").output,
        "again": runner.invoke("feeds", "add", url).output,
        "logs": caplog.text,
    }
    for where, text in shown.items():
        for secret in SECRETS:
            assert secret not in text, (where, secret, text)
    assert "***@127.0.0.1" in shown["page"] and "apikey=***" in shown["list"]
    seen = feed_server.seen("/hostile/500?apikey=s3cr3tkey&token=tok-123")
    assert seen and seen[0].headers.get("Authorization") == "Basic YWRtaW46aHVudGVyMg=="  # used, never shown

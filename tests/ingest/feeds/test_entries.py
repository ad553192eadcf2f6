"""Entries to articles: one identity per story, real links only, plain text."""

from __future__ import annotations

import datetime as dt

from tests.ingest.feeds.feed_server import FIXTURES
from tracker.ingest.feeds.entries import entry_identity, entry_to_article
from tracker.ingest.feeds.parse import parse_feed

FETCHED = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)


def articles(name: str, content_type: str = "application/xml"):  # type: ignore[no-untyped-def]
    feed = parse_feed((FIXTURES / name).read_bytes(), content_type=content_type)
    return [entry_to_article(e, FETCHED) for e in feed.entries]


def test_guid_is_the_identity_and_the_link_the_url() -> None:
    first = articles("miniflux-encoding_ISO-8859-1.xml")[0]
    assert first.identity == "https://www.golem.de/1810/137358-rss.html"
    assert first.url is not None and first.url.endswith("-1810-137358-rss.html")


def test_numeric_guids_are_identities_never_urls() -> None:
    found = articles("rsparser-livemint.xml")
    assert found[0].identity == "1559104147038"
    assert all(a.url and a.url.startswith("https://www.livemint.com/") for a in found)
    assert len({a.identity for a in found}) == 25


def test_without_guids_the_link_is_the_identity() -> None:
    found = articles("rsparser-macworld.rss")
    assert all(a.identity == a.url for a in found)
    assert len({a.identity for a in found}) == 30


def test_an_item_with_no_guid_link_or_words_is_skipped() -> None:
    found = articles("miniflux-no_encoding_ISO-8859-1.xml", "application/xml; charset=ISO-8859-1")
    assert found[3] is None  # empty <title>, <link> and <description>
    kept = [a for a in found if a is not None]
    assert len({a.identity for a in kept}) == 9


def test_without_guid_or_link_a_content_hash_is_the_identity() -> None:
    article = entry_to_article({"title": "Untitled wire", "summary": "<p>Body</p>"}, FETCHED)
    assert article is not None and article.url is None
    assert article.identity.startswith("sha256:") and len(article.identity) == 71


def test_identity_is_stable_for_the_same_entry() -> None:
    entry = {"title": "t", "summary": "s"}
    assert entry_identity(entry, "t", "s") == entry_identity(dict(entry), "t", "s")


def test_html_in_entries_becomes_text() -> None:
    found = articles("rsparser-kc0011.rss")
    assert all("<" not in a.text and "onload" not in a.text for a in found)
    assert found[0].title == "建国35周年纪念，华表，和平鸽"


def test_dates_come_from_the_entry_or_the_fetch() -> None:
    livemint = articles("rsparser-livemint.xml")[0]
    assert livemint.published_at == dt.datetime(2019, 5, 29, 10, 16, tzinfo=dt.timezone.utc)
    assert livemint.published_on == dt.date(2019, 5, 29)
    undated = entry_to_article({"title": "No date", "summary": "Text"}, FETCHED)
    assert undated is not None and undated.published_at is None and undated.published_on == FETCHED.date()


def test_an_entry_with_no_words_is_skipped() -> None:
    assert entry_to_article({"link": "https://example.org/x"}, FETCHED) is None

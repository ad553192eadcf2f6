"""The fetch client: polite to good servers, bounded against bad ones."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import time

import pytest

from tests.ingest.feeds.feed_server import LAST_MODIFIED, FeedServer
from tracker.ingest.feeds.fetch import FetchError, FetchPolicy, fetch, parse_retry_after, validate_url
from tracker.ingest.feeds.netguard import is_public_address


def test_sends_our_user_agent_and_returns_validators(feed_server: FeedServer, policy: FetchPolicy) -> None:
    url = feed_server.serve_fixture("rsparser-livemint.xml")
    result = fetch(url, policy)
    assert result.status == 200
    assert result.body.startswith(b"<?xml")
    assert result.etag and result.last_modified == LAST_MODIFIED
    assert feed_server.seen("/feeds/rsparser-livemint.xml")[0].headers["User-Agent"] == policy.user_agent


def test_conditional_request_gets_304_with_no_body(feed_server: FeedServer, policy: FetchPolicy) -> None:
    url = feed_server.serve_fixture("rsparser-livemint.xml")
    first = fetch(url, policy)
    second = fetch(url, policy, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.body == b""
    sent = feed_server.seen("/feeds/rsparser-livemint.xml")[1]
    assert sent.headers["If-None-Match"] == first.etag
    assert sent.headers["If-Modified-Since"] == LAST_MODIFIED
    assert sent.status == 304


def test_gzip_bodies_are_decoded(feed_server: FeedServer, policy: FetchPolicy) -> None:
    import gzip

    url = feed_server.serve("/gz", gzip.compress(b"<rss/>"), headers={"Content-Encoding": "gzip"})
    assert fetch(url, policy).body == b"<rss/>"


def test_slow_drip_ends_at_the_deadline(feed_server: FeedServer, policy: FetchPolicy) -> None:
    patient = dataclasses.replace(policy, read_timeout=10, deadline=2)  # every byte arrives in time; the whole never does
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline"):
        fetch(feed_server.url("/hostile/slow-drip"), patient)
    # The drip would go on for a minute; generous slack keeps a loaded machine from failing this.
    assert time.monotonic() - started < patient.deadline + 15


def test_body_over_the_cap_is_refused(feed_server: FeedServer, policy: FetchPolicy) -> None:
    with pytest.raises(FetchError, match="byte cap"):
        fetch(feed_server.url("/hostile/huge"), policy)


def test_declared_length_over_the_cap_is_refused_before_reading(feed_server: FeedServer, policy: FetchPolicy) -> None:
    url = feed_server.serve("/big", b"x" * 100)
    with pytest.raises(FetchError, match="over the 50-byte cap"):
        fetch(url, dataclasses.replace(policy, max_body_bytes=50))


def test_gzip_bomb_stops_at_the_decompressed_cap(feed_server: FeedServer, policy: FetchPolicy) -> None:
    with pytest.raises(FetchError, match="decompresses to over"):
        fetch(feed_server.url("/hostile/gzip-bomb"), policy)


def test_redirect_loop_is_detected(feed_server: FeedServer, policy: FetchPolicy) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(feed_server.url("/hostile/loop-a"), policy)


def test_redirect_chain_longer_than_the_limit_is_refused(feed_server: FeedServer, policy: FetchPolicy) -> None:
    for hop in range(5):
        feed_server.serve(f"/hop{hop}", b"", status=302, headers={"Location": f"/hop{hop + 1}"}, validators=False)
    feed_server.serve("/hop5", b"<rss/>")
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(feed_server.url("/hop0"), policy)


def test_permanent_redirect_reports_the_new_url(feed_server: FeedServer, policy: FetchPolicy) -> None:
    target = feed_server.serve("/new-home", b"<rss/>")
    feed_server.serve("/old-home", b"", status=301, headers={"Location": "/new-home"}, validators=False)
    result = fetch(feed_server.url("/old-home"), policy)
    assert result.body == b"<rss/>" and result.permanent_url == target


def test_temporary_redirect_is_followed_but_not_remembered(feed_server: FeedServer, policy: FetchPolicy) -> None:
    feed_server.serve("/today", b"<rss/>")
    feed_server.serve("/usual", b"", status=302, headers={"Location": "/today"}, validators=False)
    result = fetch(feed_server.url("/usual"), policy)
    assert result.url.endswith("/today") and result.permanent_url is None


def test_429_carries_the_retry_after_moment(feed_server: FeedServer, policy: FetchPolicy) -> None:
    before = dt.datetime.now(dt.timezone.utc)
    with pytest.raises(FetchError) as caught:
        fetch(feed_server.url("/hostile/busy"), policy)
    assert caught.value.status == 429
    assert caught.value.retry_after is not None
    assert dt.timedelta(seconds=7190) < caught.value.retry_after - before < dt.timedelta(seconds=7300)


@pytest.mark.parametrize("path, message", [("/hostile/500", "HTTP 500"), ("/hostile/404", "HTTP 404")])
def test_http_errors_are_fetch_errors(feed_server: FeedServer, policy: FetchPolicy, path: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch(feed_server.url(path), policy)


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "javascript:alert(1)", "http:///nohost"])
def test_only_http_and_https_urls_are_fetched(url: str, policy: FetchPolicy) -> None:
    with pytest.raises(FetchError):
        fetch(url, policy)


def test_loopback_is_refused_unless_allowed(feed_server: FeedServer, policy: FetchPolicy) -> None:
    url = feed_server.serve_fixture("rsparser-livemint.xml")
    strict = dataclasses.replace(policy, address_allowed=is_public_address)
    with pytest.raises(FetchError, match="refused"):
        fetch(url, strict)
    assert feed_server.seen("/feeds/rsparser-livemint.xml") == []


def test_every_redirect_hop_is_checked(feed_server: FeedServer, policy: FetchPolicy) -> None:
    only_first = dataclasses.replace(policy, address_allowed=lambda a: a == ipaddress.ip_address("127.0.0.1"))
    feed_server.serve("/bounce", b"", status=302, headers={"Location": f"http://127.0.0.2:{feed_server.port}/x"}, validators=False)
    with pytest.raises(FetchError, match="refused"):
        fetch(feed_server.url("/bounce"), only_first)


@pytest.mark.parametrize(
    "address, public",
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_public_addresses_only(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
    assert parse_retry_after("120", now) == now + dt.timedelta(minutes=2)
    assert parse_retry_after("Sat, 28 Nov 2026 13:00:00 GMT", now) == now + dt.timedelta(hours=1)
    assert parse_retry_after("soon", now) is None


def test_validate_url_drops_the_fragment() -> None:
    assert validate_url("HTTPS://example.org/feed#top") == "https://example.org/feed"

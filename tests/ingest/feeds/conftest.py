"""Fixtures for feed tests: a live local feed server and settings with tight limits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ingest.feeds.feed_server import FeedServer
from tracker.config import Settings
from tracker.ingest.feeds.fetch import FetchPolicy
from tracker.ingest.feeds.netguard import any_address


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    yield server
    server.stop()


TIGHT_FEEDS = {
    "connect_timeout_seconds": 2,
    "read_timeout_seconds": 2,
    "fetch_deadline_seconds": 3,
    "max_body_bytes": 2_000_000,
    "max_decompressed_bytes": 5_000_000,
    "max_redirects": 3,
    "allow_private_networks": True,
    "concurrency": 4,
}


@pytest.fixture
def feed_settings(settings: Settings) -> Settings:
    """The test settings with limits small enough for hostile endpoints to hit them quickly."""
    return settings.with_overrides(feeds=TIGHT_FEEDS)


@pytest.fixture
def policy() -> FetchPolicy:
    return FetchPolicy(
        user_agent="tracker-tests/1.0 (+feed tests)",
        connect_timeout=2,
        read_timeout=2,
        deadline=3,
        max_body_bytes=2_000_000,
        max_decompressed_bytes=5_000_000,
        max_redirects=3,
        address_allowed=any_address,
    )

"""Claims: a leased feed belongs to one worker until it reports back or its lease lapses."""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from tracker.store.claims import backoff_delay, claim_next_feed, count_due_feeds, record_success
from tracker.store.db import write_session
from tracker.store.feeds import add_feed
from tracker.store.models import Source
from tracker.store.types import utcnow

LEASE = dt.timedelta(minutes=30)


def test_a_claimed_feed_is_not_handed_out_again(engine: sa.Engine) -> None:
    first_id = add_feed(engine, "https://one.example/rss")
    second_id = add_feed(engine, "https://two.example/rss")
    assert count_due_feeds(engine) == 2
    first = claim_next_feed(engine, lease=LEASE)
    second = claim_next_feed(engine, lease=LEASE)
    assert first is not None and second is not None
    assert {first.id, second.id} == {first_id, second_id}
    assert claim_next_feed(engine, lease=LEASE) is None
    assert count_due_feeds(engine) == 0


def test_a_lapsed_lease_frees_the_feed(engine: sa.Engine) -> None:
    feed_id = add_feed(engine, "https://one.example/rss")
    assert claim_next_feed(engine, lease=LEASE) is not None
    with write_session(engine) as session:  # the claimant died half an hour ago
        session.execute(sa.update(Source).where(Source.id == feed_id).values(claimed_until=utcnow() - dt.timedelta(seconds=1)))
    again = claim_next_feed(engine, lease=LEASE)
    assert again is not None and again.id == feed_id


def test_success_schedules_the_next_fetch_one_interval_on(engine: sa.Engine) -> None:
    add_feed(engine, "https://one.example/rss", interval_minutes=15)
    feed = claim_next_feed(engine, lease=LEASE)
    assert feed is not None
    record_success(engine, feed, etag='"v1"', last_modified=None, new_articles=2, warning=None)
    assert claim_next_feed(engine, lease=LEASE) is None
    forced = claim_next_feed(engine, lease=LEASE, forced_since=utcnow())
    assert forced is not None and forced.etag == '"v1"'


def test_backoff_doubles_from_the_interval_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(4)
    delays = [backoff_delay(60, failures, 1440, rng) for failures in range(1, 8)]
    ceilings = [60, 120, 240, 480, 960, 1440, 1440]
    for delay, ceiling in zip(delays, ceilings, strict=True):
        assert dt.timedelta(minutes=ceiling / 2) <= delay <= dt.timedelta(minutes=ceiling)
    assert backoff_delay(60, 1000, 1440, rng) <= dt.timedelta(minutes=1440)

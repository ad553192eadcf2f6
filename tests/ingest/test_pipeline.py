"""The pipeline every source shares: counts as the store's one write path reports them."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tracker.ingest.pipeline import RunStats, ingest_articles
from tracker.ingest.seeds import SeedError
from tracker.records import IncomingArticle
from tracker.store.articles import get_or_create_source
from tracker.store.db import read_session, write_session
from tracker.store.models import Article, Measure

DAY = dt.date(2026, 11, 2)


def wire(n: int, text: str = "The United States imposed 25% tariffs on steel imports from China.") -> IncomingArticle:
    return IncomingArticle(identity=f"wire-{n}", title=f"Wire {n}", text=f"{text} Story {n}.", published_on=DAY)


@pytest.fixture
def source_id(engine: sa.Engine) -> int:
    with write_session(engine) as session:
        return get_or_create_source(session, "feed", "https://wire.example/rss", "wire")


def test_new_unchanged_and_updated_are_counted(engine: sa.Engine, source_id: int) -> None:
    first = RunStats()
    ingest_articles(engine, source_id, [wire(n) for n in range(120)], first)
    assert first.counts["articles_new"] == 120 and first.counts["measures_new"] == 1

    second = RunStats()
    changed = [wire(n) for n in range(119)] + [wire(119, "The European Union adopted new sanctions against Russia.")]
    ingest_articles(engine, source_id, changed, second)
    assert second.counts["articles_unchanged"] == 119 and second.counts["articles_updated"] == 1
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 120
        tariff = session.scalars(sa.select(Measure).where(Measure.kind == "tariff")).one()
        assert tariff.source_count == 119


def test_a_repeated_entry_is_stored_once(engine: sa.Engine, source_id: int) -> None:
    stats = RunStats()
    ingest_articles(engine, source_id, [wire(1), wire(1)], stats)
    assert stats.counts["entries_seen"] == 2 and stats.counts["articles_new"] == 1
    assert stats.counts["articles_duplicate"] == 1 and "articles_unchanged" not in stats.counts
    assert "1 new / 0 updated / 0 unchanged / 1 duplicates" in stats.summary()


def test_an_unreadable_item_is_an_error_and_the_rest_go_on(engine: sa.Engine, source_id: int) -> None:
    stats = RunStats()
    ingest_articles(engine, source_id, [wire(1), SeedError("broken.txt: binary data"), wire(2)], stats)
    assert stats.counts["entries_seen"] == 3 and stats.counts["articles_new"] == 2
    assert stats.errors == ["broken.txt: binary data"]

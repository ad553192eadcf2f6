"""Batched storage: the same outcome as one article at a time, and one bad article costs only itself."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

import tracker.ingest.feeds.store as store_module
from tracker.ingest.feeds.store import store_articles
from tracker.ingest.pipeline import RunStats
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


def test_new_unchanged_and_updated_are_counted_like_the_pipeline(engine: sa.Engine, source_id: int) -> None:
    first = RunStats()
    store_articles(engine, source_id, [wire(n) for n in range(120)], first)
    assert first.counts["articles_new"] == 120 and first.counts["measures_new"] == 1

    second = RunStats()
    changed = [wire(n) for n in range(119)] + [wire(119, "The European Union adopted new sanctions against Russia.")]
    store_articles(engine, source_id, changed, second)
    assert second.counts["articles_unchanged"] == 119 and second.counts["articles_updated"] == 1
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 120
        tariff = session.scalars(sa.select(Measure).where(Measure.kind == "tariff")).one()
        assert tariff.source_count == 119


def test_a_repeated_entry_is_stored_once(engine: sa.Engine, source_id: int) -> None:
    stats = RunStats()
    store_articles(engine, source_id, [wire(1), wire(1)], stats)
    assert stats.counts["entries_seen"] == 2 and stats.counts["articles_new"] == 1
    assert stats.counts["articles_unchanged"] == 1


def test_a_failing_article_fails_alone(engine: sa.Engine, source_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    real_save = store_module.save_article

    def fussy_save(session, source, incoming, measures, version):  # type: ignore[no-untyped-def]
        if incoming.identity == "wire-7":
            raise ValueError("cannot store this one")
        return real_save(session, source, incoming, measures, version)

    monkeypatch.setattr(store_module, "save_article", fussy_save)
    monkeypatch.setattr("tracker.ingest.pipeline.save_article", fussy_save)
    stats = RunStats()
    store_articles(engine, source_id, [wire(n) for n in range(10)], stats)
    assert stats.counts["articles_new"] == 9 and stats.counts["errors"] == 1
    assert "wire-7: ValueError: cannot store this one" in stats.errors[0]
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 9


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_a_transaction_the_database_aborted_for_a_deadlock_is_run_again() -> None:
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sa.exc.OperationalError("UPDATE measures", {}, _Deadlock("deadlock detected"))
        return "stored"

    assert store_module.with_retries(flaky) == "stored" and len(calls) == 3


def test_other_database_errors_are_not_retried() -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

    with pytest.raises(sa.exc.OperationalError):
        store_module.with_retries(broken)
    assert len(calls) == 1

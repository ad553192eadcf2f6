"""Article dates outside the configured window are refused (seeds) or replaced by the fetch date (feeds), with a word."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.config import load_settings
from tracker.ingest.feeds.entries import entry_to_article
from tracker.ingest.pipeline import ingest_seeds
from tracker.ingest.window import DateWindow
from tracker.store.db import read_session
from tracker.store.models import Article

FETCHED = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
SENTENCE = "Washington imposed a 25% tariff on Indian steel."


def test_the_window_comes_from_the_settings() -> None:
    window = DateWindow.from_settings(load_settings(environ={}).ingest)
    today = dt.datetime.now(dt.timezone.utc).date()
    assert window.allows(dt.date(1900, 1, 1)) and window.allows(today + dt.timedelta(days=1))
    assert not window.allows(dt.date(1899, 12, 31)) and not window.allows(today + dt.timedelta(days=2))
    assert not window.allows(dt.date.max) and not window.allows(dt.date.min)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_a_seed_dated_outside_the_window_is_refused_as_an_error(engine: sa.Engine, tmp_path: Path, day: str) -> None:
    (tmp_path / "far.txt").write_text(f" date {day}\n{SENTENCE}\n")
    (tmp_path / "near.txt").write_text(f" date 2025-09-01\n{SENTENCE} Again.\n")
    stats = ingest_seeds(engine, tmp_path, window=DateWindow())
    assert stats.counts["articles_new"] == 1 and stats.counts["errors"] == 1
    assert "far.txt" in stats.errors[0] and day in stats.errors[0] and "outside" in stats.errors[0]
    with read_session(engine) as session:
        assert session.scalars(sa.select(Article.published_on)).all() == [dt.date(2025, 9, 1)]


@pytest.mark.parametrize("year", [9999, 1, 1850])
def test_a_feed_entry_dated_outside_the_window_is_dated_when_fetched(year: int, caplog: pytest.LogCaptureFixture) -> None:
    published = time.struct_time((year, 1, 2, 3, 4, 5, 0, 2, 0))
    entry = {"id": "x", "title": "Tariffs", "summary": SENTENCE, "published_parsed": published}
    with caplog.at_level(logging.WARNING):
        article = entry_to_article(entry, FETCHED, DateWindow(today=FETCHED.date()))
    assert article is not None and article.published_on == FETCHED.date() and article.published_at is None
    assert "outside" in caplog.text and str(year) in caplog.text

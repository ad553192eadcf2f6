"""NUL and other C0 controls never reach the database: PostgreSQL cannot store them, and no reader wants them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tracker.records import ExtractedMeasure, IncomingArticle
from tracker.store.articles import get_or_create_source, store_articles
from tracker.store.db import read_session, write_session
from tracker.store.models import Article, Evidence
from tracker.store.text import without_controls


def test_controls_other_than_tab_and_newlines_are_stripped() -> None:
    assert without_controls("a\x00b\x01c\x08d\x0be\x0cf\x1fg\x7fh\ti\nj\rk") == "abcdefgh\ti\nj\rk"
    assert without_controls("plain") == "plain"


def test_an_article_holding_nul_bytes_is_stored_without_them(engine: sa.Engine) -> None:
    seen: list[str] = []

    def read(article: IncomingArticle) -> list[ExtractedMeasure]:
        seen.append(article.text)
        return []

    with write_session(engine) as session:
        source = get_or_create_source(session, "feed", "test:nul", "nul")
    incoming = IncomingArticle("guid\x00-1", "Tariff\x00 news\x01", "Steel\x00 tariffs\x1b rose.\nAgain.",
                               dt.date(2025, 9, 1), url="https://news.example/a\x00")
    outcomes = list(store_articles(engine, source, [incoming], read=read, extractor_version="t"))
    assert [o.state for o in outcomes] == ["new"], outcomes
    assert seen == ["Steel tariffs rose.\nAgain."]  # the extractor reads the text as stored
    with read_session(engine) as session:
        article = session.scalars(sa.select(Article)).one()
        assert (article.identity, article.title, article.text, article.url) == (
            "guid-1", "Tariff news", "Steel tariffs rose.\nAgain.", "https://news.example/a")
        assert session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0
    again = list(store_articles(engine, source, [incoming], read=read, extractor_version="t"))
    assert [o.state for o in again] == ["unchanged"]

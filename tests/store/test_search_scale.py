"""Search past 100,000 matches: every one reachable by keyset pages, on SQLite and PostgreSQL.

A generated table (one measure, 100,050 reports, some undated) is loaded in bulk and
indexed by the same `fulltext.reindex` the write path calls. Then every match is
paged through, in order and each once, and a page deep in the results is as quick to
reach as the first (the times are printed: `pytest -s` shows them).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa

from tracker.store import fulltext
from tracker.store.articles import get_or_create_source
from tracker.store.db import read_session, write_session
from tracker.store.listing import Cursor
from tracker.store.lookup import EvidenceSearch, find_evidence
from tracker.store.models import Article, Evidence, Measure

pytestmark = pytest.mark.slow

ROWS = 100_050
UNDATED = 50  # the last ids have no date: they come last, after every dated one
DAY0 = dt.date(2000, 1, 1)


def generate(engine: sa.Engine) -> None:
    with write_session(engine) as session:
        source = get_or_create_source(session, "corpus", "test:scale", "scale")
        article = Article(source_id=source, identity="big", title="Big", text="", content_hash="x")
        measure = Measure(kind="tariff", actor_code="USA", target_code="CHN", status="in_force", commodity="steel")
        session.add_all([article, measure])
        session.flush()
        ids = (article.id, measure.id)
    evidence = Evidence.__table__
    for start in range(0, ROWS, 10_000):
        rows = [
            {"measure_id": ids[1], "article_id": ids[0], "field": "text", "start": i, "end": i + 1,
             "quote": f"Report {i}: a tariff on steel" + (" and rice" if i % 1000 == 0 else ""),
             "status": "in_force", "extractor_version": "test",
             "reported_on": None if i >= ROWS - UNDATED else DAY0 + dt.timedelta(days=i % 9000)}
            for i in range(start, min(start + 10_000, ROWS))
        ]
        with write_session(engine) as session:
            session.execute(sa.insert(evidence), rows)
    with write_session(engine) as session:
        fulltext.reindex(session, evidence=session.scalars(sa.select(Evidence.id)))
    if engine.dialect.name == "postgresql":  # as autovacuum would after a bulk load
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


def test_every_match_past_100000_is_reached_in_order(engine: sa.Engine) -> None:
    generate(engine)
    search = EvidenceSearch(fulltext.parse("steel tariff"))
    seen: list[tuple[dt.date | None, int]] = []
    after: Cursor | None = None
    with read_session(engine) as session:
        while True:
            page = find_evidence(session, search, after=after, limit=20_000)
            seen += [(e.reported_on, e.id) for e, _m, _a in page.rows]
            if page.next is None:
                break
            after = page.next
        assert len(seen) == ROWS and len({i for _, i in seen}) == ROWS
        dated = [s for s in seen if s[0] is not None]
        assert dated == sorted(dated, key=lambda s: (s[0], s[1]), reverse=True)
        assert [i for d, i in seen[-UNDATED:]] == sorted((i for d, i in seen if d is None), reverse=True)

        timings = {}
        for name, cursor in (("first page", None), ("page after 100,000", Cursor(*seen[99_999]))):
            started = time.perf_counter()
            page = find_evidence(session, search, after=cursor, limit=50)
            timings[name] = time.perf_counter() - started
            assert len(page.rows) == 50
        rare = find_evidence(session, EvidenceSearch(fulltext.parse("rice")), limit=200)
        assert len(rare.rows) == 101 and rare.next is None
    print(f"\n{engine.dialect.name}: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))


def test_the_web_pages_past_100000(engine: sa.Engine, client) -> None:  # type: ignore[no-untyped-def]
    generate(engine)
    with read_session(engine) as session:
        last_dated = session.execute(
            sa.select(Evidence.reported_on, Evidence.id).where(Evidence.reported_on.is_not(None))
            .order_by(Evidence.reported_on, Evidence.id).limit(1)
        ).one()
    after = f"{last_dated[0].isoformat()}~{last_dated[1]}"  # past every dated report: the undated tail
    client.get("/search.json?q=rice")  # loads the country names once, as a served app does before its first request
    started = time.perf_counter()
    data = client.get("/search.json", query_string={"q": "steel", "after": after}).get_json()
    elapsed = time.perf_counter() - started
    assert len(data["evidence"]) == UNDATED and all(e["reported_on"] is None for e in data["evidence"])
    print(f"\n{engine.dialect.name}: /search.json past 100,000 rows in {elapsed * 1000:.0f} ms")

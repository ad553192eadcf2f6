"""The read side: stable keyset pages, country aggregates, streamed exports, search helpers."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from tests.web.conftest import store
from tracker.store import queries
from tracker.store.models import Measure


def _bulk(engine: sa.Engine, n: int) -> None:
    """n measures USA → IND with repeating dates (ties) and some undated rows, no evidence."""
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    rows = [
        {
            "kind": "tariff", "actor_code": "USA", "target_code": "IND", "commodity_key": f"c{i}",
            "status": "in_force", "value": float(i % 4), "source_count": 1,
            "last_reported_on": None if i % 5 == 0 else dt.date(2025, 1, 1) + dt.timedelta(days=i % 3),
            "announced_on": None if i % 7 == 0 else dt.date(2024, 1, 1) + dt.timedelta(days=i % 2),
            "created_at": now, "updated_at": now,
        }
        for i in range(n)
    ]
    with so.Session(engine) as session, session.begin():
        session.execute(sa.insert(Measure), rows)


def test_keyset_pages_cover_every_row_once_in_order_for_every_sort(engine):
    _bulk(engine, 23)
    with so.Session(engine) as session:
        everything = session.scalars(sa.select(Measure)).all()
        for sort, (column, desc) in queries.SORTS.items():
            seen: list[Measure] = []
            after = None
            while True:
                page = queries.measure_page(session, queries.MeasureFilter(), sort=sort, after=after, limit=4)
                seen += page.measures
                if page.next is None:
                    break
                after = page.next
            assert sorted(m.id for m in seen) == sorted(m.id for m in everything), sort
            dated = [getattr(m, column) for m in seen if getattr(m, column) is not None]
            assert dated == sorted(dated, reverse=desc), sort
            first_undated = next((i for i, m in enumerate(seen) if getattr(m, column) is None), len(seen))
            assert all(getattr(m, column) is None for m in seen[first_undated:]), sort  # undated last


def test_country_partners_count_both_directions_by_kind(engine):
    seeded = store(engine)
    with so.Session(engine) as session:
        partners = queries.country_partners(session, "IND")
    assert [(p.code, p.applied, p.received, p.total) for p in partners] == [
        ("USA", {"import_ban": 1}, {"tariff": 1}, 2)
    ]
    assert seeded.steel


def test_stream_rows_follow_the_filter_in_id_order(engine):
    store(engine)
    with so.Session(engine) as session:
        rows = list(queries.stream_measure_rows(session, queries.MeasureFilter(country="USA"), batch=1))
    assert [r[1] for r in rows] == ["tariff", "import_ban"]
    assert [str(r[10]) for r in rows] == ["2025-08-01", "2025-09-01"]  # first_reported_on, ISO


def test_search_helpers(engine):
    store(engine)
    with so.Session(engine) as session:
        assert [a.code for a in queries.find_actors(session, ["IND"], "india")][0] == "IND"
        assert queries.find_commodities(session, "STEEL") == [("steel", 1)]
        assert queries.find_evidence(session, "100%") == []
        assert len(queries.find_evidence(session, "indian steel")) == 2


def test_recent_active_pairs_count_each_pair_once(engine):
    store(engine)
    with so.Session(engine) as session:
        assert queries.recent_active_pairs(session)[0] == ("IND", "USA", 2)
        assert queries.kind_counts(session) == {"tariff": 1, "import_ban": 1, "sanction": 1}


def test_country_pages_merge_both_sides_in_the_same_order(engine):
    _bulk(engine, 12)
    store(engine)
    with so.Session(engine) as session:
        for sort in queries.SORTS:
            merged, after = [], None
            while True:
                page = queries.measure_page(
                    session, queries.MeasureFilter(country="IND"), sort=sort, after=after, limit=5
                )
                merged += [m.id for m in page.measures]
                if page.next is None:
                    break
                after = page.next
            both = queries.measure_page(
                session, queries.MeasureFilter(pair=("USA", "IND")), sort=sort, limit=1000
            ).measures
            assert merged == [m.id for m in both], sort


def test_latest_evidence_keeps_the_newest_reports_of_each_measure(engine):
    seeded = store(engine)
    with so.Session(engine) as session:
        latest = queries.latest_evidence(session, [seeded.steel, seeded.almonds], per_measure=1)
    assert [e.value for e, _ in latest[seeded.steel]] == [50.0]
    assert len(latest[seeded.almonds]) == 1

"""Listings: stable keyset pages in every sort, and country pages merged from both sides."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from tests.web.conftest import store
from tracker.store.listing import SORTS, MeasureFilter, measure_page
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
        for sort, (column, desc) in SORTS.items():
            seen: list[Measure] = []
            after = None
            while True:
                page = measure_page(session, MeasureFilter(), sort=sort, after=after, limit=4)
                seen += page.measures
                if page.next is None:
                    break
                after = page.next
            assert sorted(m.id for m in seen) == sorted(m.id for m in everything), sort
            dated = [getattr(m, column) for m in seen if getattr(m, column) is not None]
            assert dated == sorted(dated, reverse=desc), sort
            first_undated = next((i for i, m in enumerate(seen) if getattr(m, column) is None), len(seen))
            assert all(getattr(m, column) is None for m in seen[first_undated:]), sort  # undated last


def test_country_pages_merge_both_sides_in_the_same_order(engine):
    _bulk(engine, 12)
    store(engine)
    with so.Session(engine) as session:
        for sort in SORTS:
            merged, after = [], None
            while True:
                page = measure_page(
                    session, MeasureFilter(country="IND"), sort=sort, after=after, limit=5
                )
                merged += [m.id for m in page.measures]
                if page.next is None:
                    break
                after = page.next
            both = measure_page(
                session, MeasureFilter(pair=("USA", "IND")), sort=sort, limit=1000
            ).measures
            assert merged == [m.id for m in both], sort

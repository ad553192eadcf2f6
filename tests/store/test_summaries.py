"""Counts over many measures: partners in both directions, kinds, the busiest pairs."""

from __future__ import annotations

import sqlalchemy.orm as so

from tests.web.conftest import store
from tracker.store.summaries import country_partners, kind_counts, recent_active_pairs


def test_country_partners_count_both_directions_by_kind(engine):
    seeded = store(engine)
    with so.Session(engine) as session:
        partners = country_partners(session, "IND")
    assert [(p.code, p.applied, p.received, p.total) for p in partners] == [
        ("USA", {"import_ban": 1}, {"tariff": 1}, 2)
    ]
    assert seeded.steel


def test_recent_active_pairs_count_each_pair_once(engine):
    store(engine)
    with so.Session(engine) as session:
        assert recent_active_pairs(session)[0] == ("IND", "USA", 2)
        assert kind_counts(session) == {"tariff": 1, "import_ban": 1, "sanction": 1}

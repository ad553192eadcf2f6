"""One measure's evidence: the newest reports of each, in one query."""

from __future__ import annotations

import sqlalchemy.orm as so

from tests.web.conftest import store
from tracker.store.details import latest_evidence


def test_latest_evidence_keeps_the_newest_reports_of_each_measure(engine):
    seeded = store(engine)
    with so.Session(engine) as session:
        latest = latest_evidence(session, [seeded.steel, seeded.almonds], per_measure=1)
    assert [e.value for e, _ in latest[seeded.steel]] == [50.0]
    assert len(latest[seeded.almonds]) == 1

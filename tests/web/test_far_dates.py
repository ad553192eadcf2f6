"""Pages showing a measure dated at the edge of the calendar still answer (the chart once overflowed)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tracker.records import EvidenceSpan, ExtractedMeasure, IncomingArticle
from tracker.store.articles import get_or_create_source, save_article
from tracker.store.db import write_session
from tracker.store.models import Measure


def _store(engine: sa.Engine, day: dt.date, identity: str, value: float) -> int:
    text = "Washington imposed a tariff on Indian steel."
    with write_session(engine) as session:
        source = get_or_create_source(session, "seed", "test:far", "far dates")
        save_article(session, source, IncomingArticle(identity, "", text, day), [
            ExtractedMeasure(kind="tariff", actor="USA", target="IND", status="in_force",
                             evidence=EvidenceSpan("text", 0, len(text), text), value=value, unit="percent",
                             commodity="steel", date=day)], "test")
        return session.scalars(sa.select(Measure.id)).one()


def test_a_measure_dated_year_1_and_year_9999_still_has_its_pages(client, engine):
    measure = _store(engine, dt.date.max, "far-future", 25.0)
    _store(engine, dt.date.min, "far-past", 1e308)
    for path in (f"/measures/{measure}", "/ledger/USA/IND", "/countries/IND", "/", "/measures?sort=reported"):
        assert client.get(path).status_code == 200, path

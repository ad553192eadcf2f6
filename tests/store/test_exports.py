"""Exports: every matching measure streamed as plain rows, in id order."""

from __future__ import annotations

import sqlalchemy.orm as so

from tests.web.conftest import store
from tracker.store.exports import stream_measure_rows
from tracker.store.listing import MeasureFilter
from tracker.tabular import SOURCE_COLUMNS


def test_stream_rows_follow_the_filter_in_id_order(engine):
    store(engine)
    with so.Session(engine) as session:
        rows = list(stream_measure_rows(session, MeasureFilter(country="USA"), SOURCE_COLUMNS, batch=1))
    assert [r.kind for r in rows] == ["tariff", "import_ban"]
    assert [str(r.first_reported_on) for r in rows] == ["2025-08-01", "2025-09-01"]  # ISO on both databases

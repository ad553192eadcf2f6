"""The streaming CSV fast path writes exactly what the record path writes."""

from __future__ import annotations

import sqlalchemy.orm as so

from tracker.store import queries
from tracker.tabular import MEASURE_COLUMNS, csv_lines, export_chunks, measure_record


def test_fast_export_matches_record_export(engine, seeded):
    with so.Session(engine) as session:
        names = queries.actor_names(session)
        slow = "".join(csv_lines(MEASURE_COLUMNS, (measure_record(m, names) for m in queries.iter_measures(
            session, queries.MeasureFilter()))))
        fast = "".join(export_chunks(queries.stream_measure_rows(session, queries.MeasureFilter()), names))
    assert fast == slow
    assert "'=HYPERLINK(almonds)" in fast

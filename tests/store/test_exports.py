"""Exports: every matching measure streamed as plain rows, in id order."""

from __future__ import annotations

from tests.web.conftest import store
from tracker.store.exports import stream_measure_rows
from tracker.store.listing import MeasureFilter
from tracker.tabular import SOURCE_COLUMNS


def test_stream_rows_follow_the_filter_in_id_order(engine):
    store(engine)
    rows = list(stream_measure_rows(engine, MeasureFilter(country="USA"), SOURCE_COLUMNS, batch=1))
    assert [r.kind for r in rows] == ["tariff", "import_ban"]
    assert [str(r.first_reported_on) for r in rows] == ["2025-08-01", "2025-09-01"]  # ISO on both databases


def test_a_paused_download_holds_no_snapshot_so_checkpoints_complete(engine, tmp_path):
    """A client that stops reading a CSV once kept SQLite's write-ahead log from being checkpointed."""
    import datetime as dt

    import sqlalchemy as sa

    from tracker.store.db import write_session
    from tracker.store.models import Measure
    from tracker.tabular import csv_chunks

    now = dt.datetime.now(dt.timezone.utc)
    with write_session(engine) as session:
        session.execute(sa.insert(Measure), [
            {"kind": "tariff", "actor_code": "USA", "target_code": "IND", "commodity_key": f"good {i}",
             "status": "announced", "source_count": 1, "created_at": now, "updated_at": now} for i in range(2500)])
    download = csv_chunks(stream_measure_rows(engine, MeasureFilter(), SOURCE_COLUMNS, batch=500))
    first = next(download)  # a thousand rows sent; the client stops reading here
    assert first.count("\r\n") == 1001
    with write_session(engine) as session:
        session.execute(sa.update(Measure).where(Measure.id == 1).values(status="lifted"))
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            busy, log_frames, done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        assert busy == 0 and log_frames == done
    rest = "".join(download)
    assert first.count("\r\n") + rest.count("\r\n") == 2501

"""Every measure a filter matches, streamed as plain rows for downloads and `tracker export`.

Which columns are read is the caller's to say (`tracker.tabular.SOURCE_COLUMNS`, from
the one description of a measure's columns), so a download and its header cannot
disagree. `stream_report_rows` does the same for the evidence download: one row per
report of each measure, with the measure's columns and what `REPORT_FIELDS` names.

Rows are read a batch at a time, each batch by its own short read (keyset: the rows after
the last one sent), and no transaction is held between batches. A client that stops
reading a download therefore pins nothing: on SQLite a read transaction held open for
the whole download kept the write-ahead log from being checkpointed (it grew to tens of
megabytes while a stalled client sat on a CSV). Each batch is a consistent snapshot and
every row is sent once, in order; a measure changed mid-download is sent as the
batch that reaches it finds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.db import read_session
from tracker.store.listing import MeasureFilter
from tracker.store.lookup import EvidenceSearch
from tracker.store.models import Article, Evidence, Measure, Source

BATCH = 2000

# What a report row may hold besides the `measures` columns, by the name a caller asks for.
REPORT_FIELDS: dict[str, sa.ColumnElement[Any]] = {
    "evidence_id": Evidence.__table__.c.id,
    "reported_on": Evidence.__table__.c.reported_on,
    "evidence_status": Evidence.__table__.c.status,
    "evidence_value": Evidence.__table__.c.value,
    "evidence_unit": Evidence.__table__.c.unit,
    "quote": Evidence.__table__.c.quote,
    "article_id": Article.__table__.c.id,
    "article_title": Article.__table__.c.title,
    "article_url": Article.__table__.c.url,
    "publisher": sa.func.coalesce(Article.__table__.c.publisher, Source.__table__.c.name),
}


def _as_text_if_date(column: sa.ColumnElement[Any], name: str) -> sa.ColumnElement[Any]:
    """Dates as the database gives them (ISO text on SQLite): exports only print them."""
    return sa.type_coerce(column, sa.String).label(name) if isinstance(column.type, sa.Date) else column.label(name)


Rows = Sequence[sa.Row[Any]]


def _batches(engine: sa.Engine, page: Callable[[so.Session, Any], Rows], batch: int) -> Iterator[sa.Row[Any]]:
    """Rows from `page(session, after)`, each call a short read of its own, until one comes back short."""
    after: Any = None
    while True:
        with read_session(engine) as session:  # Core, not ORM: no per-row ORM bookkeeping
            rows = page(session, after)
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1]


def stream_measure_rows(
    engine: sa.Engine, flt: MeasureFilter, columns: Sequence[str], batch: int = BATCH
) -> Iterator[sa.Row[Any]]:
    """Every matching measure as a plain row of these `measures` columns, in id order, a batch per short read.

    Plain rows (not ORM objects) keep exports fast. Dates are handed over as the
    database gives them (ISO text on SQLite), since exports only print them. A row's
    values are read by column name (`row.actor_code`), as on a `Measure`.
    """
    table = Measure.__table__
    ids = table.c.id
    cols = [_as_text_if_date(table.c[name], name) for name in columns]
    stmt = sa.select(*cols, ids.label("_after")).where(*flt.where()).order_by(ids).limit(batch)

    def page(session: so.Session, after: Any) -> Rows:
        last = 0 if after is None else after._after
        return cast(Rows, session.connection().execute(stmt.where(ids > last)).all())

    return _batches(engine, page, batch)


def stream_report_rows(
    engine: sa.Engine,
    columns: Sequence[str],
    *,
    measures: MeasureFilter | None = None,
    matching: EvidenceSearch | None = None,
    batch: int = BATCH,
) -> Iterator[sa.Row[Any]]:
    """Every report (evidence row) of the measures `measures` matches, or that the search `matching` finds,
    as plain rows of these columns (`measures` columns or `REPORT_FIELDS`), a batch per short read.

    By measure, then report, for a listing's download; newest report first for a search's, as its page.
    """
    table = Measure.__table__
    evidence, article, source = Evidence.__table__, Article.__table__, Source.__table__
    cols = [_as_text_if_date(REPORT_FIELDS[name] if name in REPORT_FIELDS else table.c[name], name) for name in columns]
    base = (
        sa.select(*cols, evidence.c.measure_id.label("_measure"), evidence.c.id.label("_report"),
                  evidence.c.reported_on.label("_day"))
        .select_from(evidence)
        .join(table, table.c.id == evidence.c.measure_id)
        .join(article, article.c.id == evidence.c.article_id)
        .join(source, source.c.id == article.c.source_id)
        .limit(batch)
    )
    if matching is None:
        stmt = base.where(*(measures or MeasureFilter()).where()).order_by(evidence.c.measure_id, evidence.c.id)

        def by_measure(session: so.Session, after: Any) -> Rows:
            query = stmt
            if after is not None:
                query = query.where(sa.tuple_(evidence.c.measure_id, evidence.c.id) > (after._measure, after._report))
            return cast(Rows, session.connection().execute(query).all())

        return _batches(engine, by_measure, batch)

    day = evidence.c.reported_on

    def newest_first(session: so.Session, after: Any) -> Rows:
        found = base.where(*matching.where(session))
        rows: list[sa.Row[Any]] = []
        if after is None or after._day is not None:  # the dated reports, newest first...
            dated = found.where(day.is_not(None))
            if after is not None:
                dated = dated.where(sa.or_(day < after._day, sa.and_(day == after._day, evidence.c.id < after._report)))
            rows = list(cast(Rows, session.connection().execute(dated.order_by(day.desc(), evidence.c.id.desc())).all()))
        if len(rows) < batch:  # ...then the undated ones
            undated = found.where(day.is_(None))
            if after is not None and after._day is None:
                undated = undated.where(evidence.c.id < after._report)
            undated = undated.order_by(evidence.c.id.desc()).limit(batch - len(rows))
            rows += cast(Rows, session.connection().execute(undated).all())
        return rows

    return _batches(engine, newest_first, batch)

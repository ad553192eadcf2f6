"""Every measure a filter matches, streamed as plain rows for downloads and `tracker export`.

Which columns are read is the caller's to say (`tracker.tabular.SOURCE_COLUMNS`, from
the one description of a measure's columns), so a download and its header cannot
disagree.

Rows are read a batch at a time, each batch by its own short read (keyset: the ids after
the last one sent), and no transaction is held between batches. A client that stops
reading a download therefore pins nothing: on SQLite a read transaction held open for
the whole download kept the write-ahead log from being checkpointed (it grew to tens of
megabytes while a stalled client sat on a CSV). Each batch is a consistent snapshot and
every row is sent once, in id order; a measure changed mid-download is sent as the
batch that reaches it finds it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

import sqlalchemy as sa

from tracker.store.db import read_session
from tracker.store.listing import MeasureFilter
from tracker.store.models import Measure

BATCH = 2000


def stream_measure_rows(
    engine: sa.Engine, flt: MeasureFilter, columns: Sequence[str], batch: int = BATCH
) -> Iterator[sa.Row[Any]]:
    """Every matching measure as a plain row of these `measures` columns, in id order, a batch per short read.

    Plain rows (not ORM objects) keep exports fast. Dates are handed over as the
    database gives them (ISO text on SQLite), since exports only print them. A row's
    values are read by column name (`row.actor_code`), as on a `Measure`.
    """
    table = Measure.__table__
    cols = [
        sa.type_coerce(c, sa.String).label(c.name) if isinstance(c.type, sa.Date) else c
        for c in (table.c[name] for name in columns)
    ]
    ids = table.c.id
    stmt = sa.select(*cols, ids.label("_after")).where(*flt.where()).order_by(ids).limit(batch)
    last = 0
    while True:
        with read_session(engine) as session:  # Core, not ORM: no per-row ORM bookkeeping
            rows = cast(Sequence[sa.Row[Any]], session.connection().execute(stmt.where(ids > last)).all())
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1]._after

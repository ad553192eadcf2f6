"""Every measure a filter matches, streamed as plain rows for downloads and `tracker export`.

Which columns are read is the caller's to say (`tracker.tabular.SOURCE_COLUMNS`, from
the one description of a measure's columns), so a download and its header cannot
disagree.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.listing import MeasureFilter
from tracker.store.models import Measure


def stream_measure_rows(
    session: so.Session, flt: MeasureFilter, columns: Sequence[str], batch: int = 2000
) -> Iterator[sa.Row[Any]]:
    """Every matching measure as a plain row of these `measures` columns, in id order, through one cursor.

    Plain rows (not ORM objects) keep exports fast; a server-side cursor on
    PostgreSQL and SQLite's lazy stepping keep memory flat. Dates are handed over
    as the database gives them (ISO text on SQLite), since exports only print them.
    A row's values are read by column name (`row.actor_code`), as on a `Measure`.
    """
    table = Measure.__table__
    cols = [
        sa.type_coerce(c, sa.String).label(c.name) if isinstance(c.type, sa.Date) else c
        for c in (table.c[name] for name in columns)
    ]
    stmt = sa.select(*cols).where(*flt.where()).order_by(table.c.id).execution_options(yield_per=batch)
    result = session.connection().execute(stmt)  # Core, not ORM: no per-row ORM bookkeeping
    try:
        yield from result
    finally:
        result.close()

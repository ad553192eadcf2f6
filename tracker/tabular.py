"""Measures as flat records, and CSV that is safe to open in a spreadsheet.

Shared by the web downloads and `tracker export`, so both write the same columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from tracker.store.models import Measure

MEASURE_COLUMNS: tuple[str, ...] = (
    "id",
    "kind",
    "actor",
    "actor_name",
    "target",
    "target_name",
    "status",
    "value",
    "unit",
    "commodity",
    "announced_on",
    "effective_on",
    "first_reported_on",
    "last_reported_on",
    "sources",
)

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def measure_record(m: Measure, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": m.id,
        "kind": m.kind,
        "actor": m.actor_code,
        "actor_name": names.get(m.actor_code, m.actor_code),
        "target": m.target_code,
        "target_name": names.get(m.target_code, m.target_code),
        "status": m.status,
        "value": m.value,
        "unit": m.unit,
        "commodity": m.commodity,
        "announced_on": m.announced_on,
        "effective_on": m.effective_on,
        "first_reported_on": m.first_reported_on,
        "last_reported_on": m.last_reported_on,
        "sources": m.source_count,
    }


def measure_row(m: Any, names: Mapping[str, str]) -> tuple[Any, ...]:
    """The same values as `measure_record`, as a tuple in MEASURE_COLUMNS order (the fast path)."""
    return (
        m.id, m.kind, m.actor_code, names.get(m.actor_code, m.actor_code), m.target_code,
        names.get(m.target_code, m.target_code), m.status, m.value, m.unit, m.commodity, m.announced_on,
        m.effective_on, m.first_reported_on, m.last_reported_on, m.source_count,
    )


def csv_cell(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if kind is float:
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return csv_cell(str(value))


_FORMULA_FIRST = frozenset(_FORMULA_PREFIXES)


def csv_chunks(columns: Iterable[str], rows: Iterable[Sequence[Any]], chunk_rows: int = 500) -> Iterator[str]:
    """Header line, then the rows, yielded a few hundred lines at a time so streaming stays cheap."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(columns))
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()


def csv_lines(columns: Iterable[str], records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Header line, then one line per record; yields as it goes."""
    cols = list(columns)
    yield from csv_chunks(cols, ([record.get(c) for c in cols] for record in records), chunk_rows=1)


def _text(value: str | None) -> str | None:
    return "'" + value if value and value[0] in _FORMULA_FIRST else value


def export_chunks(rows: Iterable[Sequence[Any]], names: Mapping[str, str], chunk_rows: int = 1000) -> Iterator[str]:
    """MEASURE_COLUMNS CSV from rows in `queries.EXPORT_COLUMNS` order: the streaming fast path.

    Same cells as `csv_chunks(measure_record(...))`, with the per-column work
    written out (every text cell neutralised, numbers and dates left to the
    writer), which keeps a million-row export to seconds.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MEASURE_COLUMNS)
    yield buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    # Codes and names repeat on every row: neutralise each once.
    actors: dict[str, tuple[str | None, str | None]] = {}

    def actor_cells(code: str) -> tuple[str | None, str | None]:
        cells = actors.get(code)
        if cells is None:
            cells = actors[code] = (_text(code), _text(names.get(code, code)))
        return cells

    batch: list[tuple[Any, ...]] = []
    for (ident, kind, actor, target, status, value, unit, commodity, announced, effective, first, last,
         sources) in rows:
        a_code, a_name = actors.get(actor) or actor_cells(actor)
        t_code, t_name = actors.get(target) or actor_cells(target)
        batch.append((
            ident, _text(kind), a_code, a_name, t_code, t_name, _text(status),
            int(value) if value is not None and value.is_integer() else value,
            _text(unit), _text(commodity), announced, effective, first, last, sources,
        ))
        if len(batch) >= chunk_rows:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if batch:
        writer.writerows(batch)
        yield buffer.getvalue()

"""Measures as flat records, and CSV that is safe to open in a spreadsheet.

Shared by the web downloads and `tracker export`, so both write the same columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping
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


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_lines(columns: Iterable[str], records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """Header line, then one line per record; yields as it goes."""
    cols = list(columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        out = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return out

    writer.writerow(cols)
    yield flush()
    for record in records:
        writer.writerow([csv_cell(record.get(c)) for c in cols])
        yield flush()

"""A measure's columns, described once, and the one way a measure becomes a record.

CSV downloads, `tracker export` and the JSON of every page take a measure's values
from `MEASURE_COLUMNS` through `measure_values`, so the header, the cells and the JSON
keys cannot drift apart; the store is asked for exactly `SOURCE_COLUMNS`. A row is
anything whose values can be read by column name: an ORM `Measure`, or a plain row
from `tracker.store.exports.stream_measure_rows` (the fast path for downloads).

Actor names come from the actor catalogue (`tracker.store.actors.actor_name`), the
same names the pages show and the actors table was filled from, so no query is needed.
CSV cells are safe to open in a spreadsheet: text starting like a formula is quoted.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

from tracker.store.actors import actor_name

ColumnKind = Literal["id", "text", "code", "name", "number", "date", "count"]


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """One column of a measure as people download it."""

    name: str  # the CSV header and the JSON key
    source: str  # the `measures` column its value is read from
    kind: ColumnKind  # how it is written: codes and names are looked up or quoted, numbers tidied
    doc: str


MEASURE_COLUMNS: tuple[Column, ...] = (
    Column("id", "id", "id", "the measure's id; its page is /measures/<id>"),
    Column("kind", "kind", "text", "tariff, quota, import_ban, ... (tracker/kinds.toml)"),
    Column("actor", "actor_code", "code", "who takes the measure: ISO 3166-1 alpha-3, or a bloc such as EU"),
    Column("actor_name", "actor_code", "name", "the actor's name"),
    Column("target", "target_code", "code", "whom it is aimed at, coded like the actor"),
    Column("target_name", "target_code", "name", "the target's name"),
    Column("status", "status", "text", "the latest status reported: threatened, announced, in_force, lifted, ..."),
    Column("value", "value", "number", "the latest figure reported, in `unit`"),
    Column("unit", "unit", "text", "percent, usd, usd_per_barrel, tonnes or barrels_per_day"),
    Column("commodity", "commodity", "text", "what it applies to, as the latest report names it"),
    Column("announced_on", "announced_on", "date", "the earliest date a report gives for it (YYYY-MM-DD)"),
    Column("effective_on", "effective_on", "date", "when it took effect, where a report says"),
    Column("first_reported_on", "first_reported_on", "date", "the date of the first article reporting it"),
    Column("last_reported_on", "last_reported_on", "date", "the date of the latest article reporting it"),
    Column("sources", "source_count", "count", "how many articles report it"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in MEASURE_COLUMNS)
SOURCE_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(c.source for c in MEASURE_COLUMNS))

_read = operator.attrgetter(*(c.source for c in MEASURE_COLUMNS))  # a row's values in column order
_NAMED = tuple(i for i, c in enumerate(MEASURE_COLUMNS) if c.kind == "name")
_DATES = tuple(i for i, c in enumerate(MEASURE_COLUMNS) if c.kind == "date")

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_FIRST = frozenset(("=", "+", "-", "@", "\t", "\r"))


def measure_values(row: Any, names: Callable[[str], str] = actor_name) -> list[Any]:
    """The measure's values in `MEASURE_COLUMNS` order: the one place a measure becomes a record."""
    values = list(_read(row))
    for i in _NAMED:
        values[i] = names(values[i])
    return values


def measure_json(row: Any) -> dict[str, Any]:
    """A measure as a JSON object: the download's columns, dates as ISO strings."""
    values = measure_values(row)
    for i in _DATES:
        if isinstance(values[i], dt.date):
            values[i] = values[i].isoformat()
    return dict(zip(COLUMN_NAMES, values, strict=True))


def safe_text(value: str | None) -> str | None:
    """Text a spreadsheet will show as text: a leading formula character is quoted away."""
    return "'" + value if value and value[0] in _FORMULA_FIRST else value


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and value.is_integer() else value


def _remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`convert` with its answers kept: codes, names, kinds and units repeat on every row."""
    known: dict[Any, Any] = {}

    def cell(value: Any) -> Any:
        try:
            return known[value]
        except KeyError:
            known[value] = found = convert(value)
            return found

    return cell


def _cell_writers(names: Callable[[str], str]) -> list[tuple[int, Callable[[Any], Any]]]:
    """(column index, conversion) for every column whose CSV cell is not its value as it is."""
    writers: list[tuple[int, Callable[[Any], Any]]] = []
    for i, column in enumerate(MEASURE_COLUMNS):
        if column.kind == "name":
            writers.append((i, _remembered(lambda code: safe_text(names(code)))))
        elif column.kind == "code" or (column.kind == "text" and column.name != "commodity"):
            writers.append((i, _remembered(safe_text)))
        elif column.kind == "text":
            writers.append((i, safe_text))  # commodities are too varied to be worth remembering
        elif column.kind == "number":
            writers.append((i, _number))
    return writers


def csv_chunks(rows: Iterable[Any], names: Callable[[str], str] = actor_name, chunk_rows: int = 1000) -> Iterator[str]:
    """The header, then every row as spreadsheet-safe CSV (UTF-8, CRLF, ISO dates), a chunk at a time.

    Yielding a thousand lines at a time keeps a streamed download cheap; the per-column
    work is decided once, before the first row, which keeps a million-row export to seconds.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    cells = _cell_writers(names)
    pending = 1  # the header
    for row in rows:
        values = list(_read(row))
        for i, convert in cells:
            values[i] = convert(values[i])
        writer.writerow(values)
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()

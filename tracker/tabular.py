"""A measure's columns, described once, and the one serialiser every format takes them from.

`MEASURE_COLUMNS` says what a downloaded measure holds: each column's name (the CSV header
and the JSON key), the `measures` column it is read from, how it is written, and what it
means. The CSV download and `tracker export` (`csv_chunks`, from plain rows of exactly
`SOURCE_COLUMNS`) and the JSON of every page (`measure_json`, from ORM `Measure`s) are all
derived from it, so header, cells and keys cannot drift apart.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
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

_read = operator.attrgetter(*(c.source for c in MEASURE_COLUMNS))  # a Measure's values in column order
_NAMED = tuple(i for i, c in enumerate(MEASURE_COLUMNS) if c.kind == "name")
_DATES = tuple(i for i, c in enumerate(MEASURE_COLUMNS) if c.kind == "date")

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_FIRST = frozenset(("=", "+", "-", "@", "\t", "\r"))


def measure_values(row: Any, names: Callable[[str], str] = actor_name) -> list[Any]:
    """A `Measure`'s values in `MEASURE_COLUMNS` order, actor codes looked up where a name is due."""
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


class _Remembered(dict[Any, Any]):
    """A conversion that keeps its answers: a lookup is one C-level dict access once a value is known."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, value: Any) -> Any:
        self[value] = cell = self.convert(value)
        return cell


def _cell_writer(column: Column, names: Callable[[str], str]) -> _Remembered | Callable[[Any], Any] | None:
    """What turns a column's value into its CSV cell, or None where the value is the cell.

    Codes, names, kinds, statuses and units repeat on every row, so their conversions keep
    their answers (`_Remembered`: a known value then costs one dict access); commodities
    vary too much to be worth it, and numbers are cheap. Ids, dates and counts are
    written as they are.
    """
    if column.kind == "name":
        return _Remembered(lambda code: safe_text(names(code)))
    if column.kind == "code" or (column.kind == "text" and column.name != "commodity"):
        return _Remembered(safe_text)
    if column.kind == "text":
        return safe_text
    if column.kind == "number":
        return _number
    return None


def _row_writer(names: Callable[[str], str]) -> Callable[[Sequence[Any]], list[Any]]:
    """One function from a row of SOURCE_COLUMNS to its CSV cells, built from MEASURE_COLUMNS per download.

    The function is generated (as `dataclasses` and `namedtuple` generate theirs) so that each
    row costs one call with every column's conversion written out, rather than a loop over
    the columns: a million-row download stays within seconds.
    """
    scope: dict[str, Any] = {}
    cells = []
    for i, column in enumerate(MEASURE_COLUMNS):
        value = f"row[{SOURCE_COLUMNS.index(column.source)}]"
        convert = _cell_writer(column, names)
        scope[f"cell_{i}"] = convert
        if convert is None:
            cells.append(value)
        elif isinstance(convert, _Remembered):
            cells.append(f"cell_{i}[{value}]")
        else:
            cells.append(f"cell_{i}({value})")
    exec(f"def write(row):\n    return [{', '.join(cells)}]\n", scope)
    write: Callable[[Sequence[Any]], list[Any]] = scope["write"]
    return write


def csv_chunks(
    rows: Iterable[Sequence[Any]], names: Callable[[str], str] = actor_name, chunk_rows: int = 1000
) -> Iterator[str]:
    """The header, then every row of SOURCE_COLUMNS as spreadsheet-safe CSV (UTF-8, CRLF, ISO dates).

    Yielding a thousand lines at a time keeps a streamed download cheap.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    write = _row_writer(names)
    remaining = iter(rows)
    while True:
        writer.writerows(map(write, islice(remaining, chunk_rows)))
        chunk = buffer.getvalue()
        if not chunk:
            return
        yield chunk
        buffer.seek(0)
        buffer.truncate()

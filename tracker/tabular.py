"""A measure's columns, described once, and the one serialiser every format takes them from.

`MEASURE_COLUMNS` says what a downloaded measure holds: each column's name (the CSV header
and the JSON key), the `measures` column it is read from, how it is written, and what it
means. The CSV download and `tracker export` (`csv_chunks`, from plain rows of exactly
`SOURCE_COLUMNS`) and the JSON of every page (`measure_json`, from ORM `Measure`s) are all
derived from it, so header, cells and keys cannot drift apart. `EVIDENCE_COLUMNS` add what
one report of a measure said and where (the quote, the article's title, URL and publisher),
for the evidence download: one row per report, the measure's columns first.

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

ColumnKind = Literal["id", "text", "prose", "code", "name", "number", "date", "count"]


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """One column of a measure as people download it."""

    name: str  # the CSV header and the JSON key
    source: str  # the `measures` column its value is read from
    kind: ColumnKind  # how it is written: codes and names looked up or quoted, numbers tidied; prose varies
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
    Column("commodity", "commodity", "prose", "what it applies to, as the latest report names it"),
    Column("announced_on", "announced_on", "date", "the earliest date a report gives for it (YYYY-MM-DD)"),
    Column("effective_on", "effective_on", "date", "when it took effect, where a report says"),
    Column("first_reported_on", "first_reported_on", "date", "the date of the first article reporting it"),
    Column("last_reported_on", "last_reported_on", "date", "the date of the latest article reporting it"),
    Column("sources", "source_count", "count", "how many articles report it"),
)
# What one report said, where: read from evidence, its article and the article's source
# (`tracker.store.exports.REPORT_SOURCES` names what each source is).
EVIDENCE_COLUMNS: tuple[Column, ...] = (
    Column("evidence_id", "evidence_id", "id", "the report's id; /measures/<id>#e<evidence_id> shows it"),
    Column("reported_on", "reported_on", "date", "the date of the article that made the report"),
    Column("evidence_status", "evidence_status", "text", "the status this report gave"),
    Column("evidence_value", "evidence_value", "number", "the figure this report gave, in evidence_unit"),
    Column("evidence_unit", "evidence_unit", "text", "the unit of evidence_value"),
    Column("quote", "quote", "prose", "the sentence the measure was read from, as the article wrote it"),
    Column("article_id", "article_id", "id", "the article's id; its page is /articles/<id>"),
    Column("article_title", "article_title", "prose", "the article's title (its first sentence when it had none)"),
    Column("article_url", "article_url", "prose", "the original article, where its source gave an address"),
    Column("publisher", "publisher", "prose", "who published it: the feed, the seed file's source line or name"),
)
REPORT_COLUMNS: tuple[Column, ...] = MEASURE_COLUMNS + EVIDENCE_COLUMNS


def sources(columns: Sequence[Column]) -> tuple[str, ...]:
    """What a row for these columns holds, in order: each source once."""
    return tuple(dict.fromkeys(c.source for c in columns))


COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in MEASURE_COLUMNS)
SOURCE_COLUMNS: tuple[str, ...] = sources(MEASURE_COLUMNS)
REPORT_SOURCES: tuple[str, ...] = sources(REPORT_COLUMNS)
BOM = "\ufeff"  # lets Excel on Windows read the file as UTF-8

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
    their answers (`_Remembered`: a known value then costs one dict access); prose
    (commodities, quotes, titles) varies too much to be worth it, and numbers are cheap. Ids, dates and counts are
    written as they are.
    """
    if column.kind == "name":
        return _Remembered(lambda code: safe_text(names(code)))
    if column.kind in ("code", "text"):
        return _Remembered(safe_text)
    if column.kind == "prose":
        return safe_text
    if column.kind == "number":
        return _number
    return None


def _row_writer(names: Callable[[str], str], columns: Sequence[Column]) -> Callable[[Sequence[Any]], list[Any]]:
    """One function from a row of `sources(columns)` to its CSV cells, built per download.

    The function is generated (as `dataclasses` and `namedtuple` generate theirs) so that each
    row costs one call with every column's conversion written out, rather than a loop over
    the columns: a million-row download stays within seconds.
    """
    scope: dict[str, Any] = {}
    cells = []
    order = sources(columns)
    for i, column in enumerate(columns):
        value = f"row[{order.index(column.source)}]"
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
    rows: Iterable[Sequence[Any]],
    names: Callable[[str], str] = actor_name,
    chunk_rows: int = 1000,
    *,
    columns: Sequence[Column] = MEASURE_COLUMNS,
    bom: bool = False,
) -> Iterator[str]:
    """The header, then every row of `sources(columns)` (SOURCE_COLUMNS for measures, REPORT_SOURCES
    for their evidence) as spreadsheet-safe CSV: UTF-8, CRLF, ISO dates, a byte-order mark if asked.

    Yielding a thousand lines at a time keeps a streamed download cheap.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    write = _row_writer(names, columns)
    remaining = iter(rows)
    while True:
        writer.writerows(map(write, islice(remaining, chunk_rows)))
        chunk = buffer.getvalue()
        if not chunk:
            return
        yield chunk
        buffer.seek(0)
        buffer.truncate()


def table_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> Iterator[str]:
    """Any other listing (feeds, say) as the same spreadsheet-safe CSV: text quoted away from formulas,
    dates and times in ISO 8601, nothing for None."""

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            return safe_text(value)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, float):
            return _number(value)
        return value

    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    yield buffer.getvalue()

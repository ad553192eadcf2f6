"""Loads the analyst-editable data files under `knowledge/` once per process.

Everything the extractor knows about names, leaders and trigger words lives in
those files, so that extending coverage is a data change, not a code change.
The loaded tables are immutable and cached; they never depend on the input.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

KNOWLEDGE_DIR = Path(__file__).with_name("knowledge")

# pycountry names that are ordinary English words or too ambiguous in news; countries.tsv
# decides case by case which of them it still lists.
_PYCOUNTRY_SKIP = frozenset({"Jersey", "Guernsey", "Chad", "Niger", "Georgia", "Jordan", "Turkey", "Man",
                             "Christmas Island", "Norfolk Island", "Isle of Man", "Guinea", "Dominica"})

FORMS = frozenset({"name", "adj", "seat", "body", "leader", "org", "ignore"})
HISTORICAL_CODES = frozenset({"SUN", "DDR", "YUG", "CSK"})  # Soviet Union, East Germany, Yugoslavia, Czechoslovakia
BLOC_CODES = frozenset({"EU", "G7"})

# The files that teach names, strongest first: a surface already read from an earlier file
# for an overlapping period is not redefined by a later one; different periods combine.
SOURCES = ("aliases.tsv", "agencies.tsv", "leaders.tsv", "organisations.tsv", "countries.tsv")


class KnowledgeError(ValueError):
    """A data file under knowledge/ is malformed; the message names the file and line."""


@dataclasses.dataclass(frozen=True, slots=True)
class Alias:
    """One reading of a surface string: which code it stands for, how, and when."""

    code: str
    form: str  # name | adj | seat | body | leader | org | ignore
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.valid_until is None
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def overlaps(self, other: Alias) -> bool:
        """Whether the two readings share at least one day."""
        starts_before_other_ends = not (other.valid_until and self.valid_from and self.valid_from > other.valid_until)
        ends_after_other_starts = not (other.valid_from and self.valid_until and self.valid_until < other.valid_from)
        return starts_before_other_ends and ends_after_other_starts


def _date(cell: str) -> dt.date | None:
    cell = cell.strip()
    return None if cell in ("", "-") else dt.date.fromisoformat(cell)


@functools.lru_cache(maxsize=1)
def valid_codes() -> frozenset[str] | None:
    """Every code a data file may use, or None when pycountry is not installed."""
    try:
        import pycountry
    except ImportError:
        return None
    return frozenset(c.alpha_3 for c in pycountry.countries) | HISTORICAL_CODES | BLOC_CODES


def table_rows(name: str, directory: Path = KNOWLEDGE_DIR, columns: tuple[int, int] | None = None) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a tab-separated data file; comments and blank lines skipped.

    Raises KnowledgeError naming the file and line when a row has the wrong number of
    columns or a cell is empty or padded with spaces, so a typo never goes unnoticed."""
    rows = []
    for number, line in enumerate((directory / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if columns and not columns[0] <= len(cells) <= columns[1]:
            expected = str(columns[0]) if columns[0] == columns[1] else f"{columns[0]} to {columns[1]}"
            raise KnowledgeError(f"{name}:{number}: expected {expected} tab-separated columns, found {len(cells)}: {line!r}")
        for cell in cells:
            if not cell or cell != cell.strip():
                raise KnowledgeError(f"{name}:{number}: empty cell or stray spaces in {line!r}")
        rows.append((number, cells))
    return rows


class _Reader:
    """Checks the cells of one row and reports problems with the file name and line."""

    def __init__(self, name: str, number: int) -> None:
        self.where = f"{name}:{number}"

    def fail(self, problem: str) -> KnowledgeError:
        return KnowledgeError(f"{self.where}: {problem}")

    def code(self, cell: str, form: str = "name") -> str:
        if form == "ignore":
            if cell != "-":
                raise self.fail(f"an ignore row takes code '-', not {cell!r}")
            return cell
        codes = valid_codes()
        if not re.fullmatch(r"[A-Z]{3}|[A-Z][A-Z0-9]", cell) or (codes is not None and cell not in codes):
            raise self.fail(f"unknown code {cell!r} (ISO alpha-3, {', '.join(sorted(HISTORICAL_CODES | BLOC_CODES))})")
        return cell

    def form(self, cell: str) -> str:
        if cell not in FORMS:
            raise self.fail(f"unknown form {cell!r} (one of {', '.join(sorted(FORMS))})")
        return cell

    def span(self, start: str, until: str) -> tuple[dt.date | None, dt.date | None]:
        try:
            first, last = _date(start), _date(until)
        except ValueError:
            raise self.fail(f"dates must be ISO (YYYY-MM-DD) or '-', not {start!r} / {until!r}") from None
        if first and last and last < first:
            raise self.fail(f"period ends ({until}) before it starts ({start})")
        return first, last

    def items(self, cell: str) -> list[str]:
        """A "|"-separated list; "-" is empty; "~name" is recorded but not matched."""
        if cell == "-":
            return []
        items = cell.split("|")
        if any(not item or item != item.strip() or item == "~" for item in items):
            raise self.fail(f"empty or padded item in list {cell!r}")
        return [item for item in items if not item.startswith("~")]


def _aliases_file(name: str, directory: Path) -> Iterable[tuple[str, Alias]]:
    for number, cells in table_rows(name, directory, (3, 5)):
        read = _Reader(name, number)
        surface, code, form, start, until = [*cells, "-", "-"][:5]
        form = read.form(form)
        yield surface, Alias(read.code(code, form), form, *read.span(start, until))


def _leaders_file(name: str, directory: Path) -> Iterable[tuple[str, Alias]]:
    for number, cells in table_rows(name, directory, (4, 5)):
        read = _Reader(name, number)
        surface, code, start, until = cells[:4]
        yield surface, Alias(read.code(code), "leader", *read.span(start, until))


def _organisations_file(name: str, directory: Path) -> Iterable[tuple[str, Alias]]:
    for number, cells in table_rows(name, directory, (7, 7)):
        read = _Reader(name, number)
        org, code, _kind, _sector, start, until, others = cells
        alias = Alias(read.code(code), "org", *read.span(start, until))
        for surface in [org, *read.items(others)]:
            yield surface, alias
            # "the SOCAR-owned STAR refinery" names an owner, not the party: the subsidiary
            # acts from where it is (Turkey), so the compound is no mention of Azerbaijan.
            yield f"{surface}-owned", Alias("-", "ignore")


_COUNTRY_FORMS = ("name", "adj", "name", "seat", "seat")  # names, adjectives, people, capitals, seats


def _countries_file(name: str, directory: Path) -> Iterable[tuple[str, Alias]]:
    for number, cells in table_rows(name, directory, (7, 7)):
        read = _Reader(name, number)
        code = read.code(cells[0])
        if cells[6] not in ("yes", "no"):
            raise read.fail(f"un_member is 'yes' or 'no', not {cells[6]!r}")
        for form, cell in zip(_COUNTRY_FORMS, cells[1:6], strict=True):
            for surface in read.items(cell):
                yield surface, Alias(code, form)


_READERS = {"aliases.tsv": _aliases_file, "agencies.tsv": _aliases_file, "leaders.tsv": _leaders_file,
            "organisations.tsv": _organisations_file, "countries.tsv": _countries_file}


def _pycountry_names() -> Iterable[tuple[str, str]]:
    try:
        import pycountry
    except ImportError:  # the data files alone still cover every country
        return
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name and name not in _PYCOUNTRY_SKIP:
                yield name, country.alpha_3


def build_aliases(directory: Path = KNOWLEDGE_DIR) -> dict[str, tuple[Alias, ...]]:
    """Surface string -> its possible readings, read from the data files in `directory`.

    Files are read strongest first (SOURCES); a reading from a later file is dropped when
    an earlier file already gives the surface for an overlapping period. pycountry names
    fill in what no file lists."""
    table: dict[str, list[Alias]] = {}
    for name in SOURCES:
        if not (directory / name).exists():
            continue
        before = {surface: tuple(readings) for surface, readings in table.items()}
        for surface, alias in _READERS[name](name, directory):
            if any(alias.overlaps(earlier) for earlier in before.get(surface, ())):
                continue
            readings = table.setdefault(surface, [])
            if alias not in readings:
                readings.append(alias)
    for name, code in _pycountry_names():
        if name not in table:
            table[name] = [Alias(code, "name")]
    return {surface: tuple(readings) for surface, readings in table.items()}


@functools.lru_cache(maxsize=1)
def aliases() -> dict[str, tuple[Alias, ...]]:
    """Surface string -> its possible readings (countries, agencies, leaders, organisations)."""
    return build_aliases(KNOWLEDGE_DIR)


def resolve(surface: str, day: dt.date | None, ignore_case: bool = False) -> Alias | None:
    """The reading of `surface` valid on `day` (undated articles get the current one)."""
    readings = aliases().get(surface) or (_folded().get(surface.lower(), ()) if ignore_case else ())
    for alias in readings:
        if alias.valid_on(day):
            return alias
    return None


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation factored as a prefix tree, so matching stays fast with thousands of names."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


# A name ends at a word boundary; "Chinese-made" still names China, "U.S.-based" the U.S.
_NAME_END = r"(?!\w|-(?!made|built|owned|based|flagged|origin|linked|backed|produced|controlled)|\.\w)"


@functools.lru_cache(maxsize=1)
def gazetteer_regex() -> re.Pattern[str]:
    """One compiled pattern for every known surface; longest match wins via the trie."""
    return re.compile(r"(?<![\w.\-])" + trie_pattern(aliases()) + _NAME_END)


@functools.lru_cache(maxsize=1)
def _folded() -> dict[str, tuple[Alias, ...]]:
    folded: dict[str, tuple[Alias, ...]] = {}
    for surface, readings in aliases().items():
        if len(surface) > 3:  # "US", "EC" in capitals are words in upper-case headlines
            folded.setdefault(surface.lower(), readings)
    return folded


@functools.lru_cache(maxsize=1)
def gazetteer_regex_ci() -> re.Pattern[str]:
    """Case-blind variant for upper-case wire headlines."""
    return re.compile(r"(?<![\w.\-])" + trie_pattern(_folded()) + _NAME_END, re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def triggers() -> dict[str, Any]:
    with (KNOWLEDGE_DIR / "triggers.toml").open("rb") as handle:
        return tomllib.load(handle)


def _words(fragments: Iterable[str]) -> str:
    return "|".join(f"(?:{fragment})" for fragment in fragments)


def cue_regex(section: str, key: str) -> re.Pattern[str]:
    return _cue_regex(section, key)


@functools.cache
def _cue_regex(section: str, key: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + _words(triggers()[section][key]) + r")(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _blocs() -> dict[str, Any]:
    with (KNOWLEDGE_DIR / "blocs.toml").open("rb") as handle:
        return tomllib.load(handle)


def is_member(code: str, bloc: str, day: dt.date | None) -> bool:
    """Whether `code` belongs to `bloc` on `day` (undated: membership today)."""
    span = _blocs().get(bloc, {}).get("members", {}).get(code)
    if not span:
        return False
    joined, left = (_date(part or "-") for part in span)
    if day is None:
        return left is None
    return (joined is None or joined <= day) and (left is None or day <= left)

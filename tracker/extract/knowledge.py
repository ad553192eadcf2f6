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

KNOWLEDGE_DIR = Path(__file__).with_name("knowledge")

# pycountry names that are ordinary English words or too ambiguous in news.
_PYCOUNTRY_SKIP = frozenset({"Jersey", "Guernsey", "Chad", "Niger", "Georgia", "Jordan", "Turkey", "Man",
                             "Christmas Island", "Norfolk Island", "Isle of Man", "Guinea", "Dominica"})


@dataclasses.dataclass(frozen=True, slots=True)
class Alias:
    """One reading of a surface string: which code it stands for, how, and when."""

    code: str
    form: str  # name | adj | seat | body | leader
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.valid_until is None
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


def _date(cell: str) -> dt.date | None:
    cell = cell.strip()
    return None if cell in ("", "-") else dt.date.fromisoformat(cell)


def _tsv_rows(name: str) -> Iterable[list[str]]:
    for line in (KNOWLEDGE_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _pycountry_names() -> Iterable[tuple[str, str]]:
    try:
        import pycountry
    except ImportError:  # the data file alone still covers the main countries
        return
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name and name not in _PYCOUNTRY_SKIP:
                yield name, country.alpha_3


@functools.lru_cache(maxsize=1)
def aliases() -> dict[str, tuple[Alias, ...]]:
    """Surface string -> its possible readings (ISO names, aliases, leaders)."""
    table: dict[str, list[Alias]] = {}
    for row in _tsv_rows("aliases.tsv"):
        surface, code, form, start, until = (row + ["-", "-"])[:5]
        table.setdefault(surface, []).append(Alias(code, form, _date(start), _date(until)))
    for row in _tsv_rows("leaders.tsv"):
        surface, code, start, until = (row + ["-", "-"])[:4]
        table.setdefault(surface, []).append(Alias(code, "leader", _date(start), _date(until)))
    for name, code in _pycountry_names():
        if name not in table:
            table[name] = [Alias(code, "name")]
    return {surface: tuple(readings) for surface, readings in table.items()}


def resolve(surface: str, day: dt.date | None, ignore_case: bool = False) -> Alias | None:
    """The reading of `surface` valid on `day` (undated articles get the current one)."""
    readings = aliases().get(surface) or (_folded().get(surface.lower(), ()) if ignore_case else ())
    for alias in readings:
        if alias.valid_on(day):
            return alias
    return None


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation factored as a prefix tree, so matching stays fast with thousands of names."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
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
    return re.compile(r"(?<![\w.\-])" + _trie_pattern(aliases()) + _NAME_END)


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
    return re.compile(r"(?<![\w.\-])" + _trie_pattern(_folded()) + _NAME_END, re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def triggers() -> dict:
    with (KNOWLEDGE_DIR / "triggers.toml").open("rb") as handle:
        return tomllib.load(handle)


def _words(fragments: Iterable[str]) -> str:
    return "|".join(f"(?:{fragment})" for fragment in fragments)


def cue_regex(section: str, key: str) -> re.Pattern[str]:
    return _cue_regex(section, key)


@functools.lru_cache(maxsize=None)
def _cue_regex(section: str, key: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + _words(triggers()[section][key]) + r")(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _blocs() -> dict:
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

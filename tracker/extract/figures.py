"""Numbers with units as trade news writes them ("300 mln dlrs", "50%", "$60 a barrel").

Units follow the gold README: dollars are USD unless another dollar is named;
other currencies and units keep their span but carry no value.
"""

from __future__ import annotations

import dataclasses
import re

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50, "hundred": 100,
}
_SCALES = {
    "thousand": 1e3, "mln": 1e6, "million": 1e6, "mn": 1e6, "m": 1e6, "bln": 1e9, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "trn": 1e12, "tln": 1e12,
}
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(_WORD_NUMBERS) + r")"
_SCALE = r"(?:\s*-?\s*(?P<scale>thousand|mln|million|mn|bln|billion|bn|trillion|trn|tln|m|b)\b)?"
_PREFIX = r"(?P<cur>US\$|U\.S\.\s?\$|\$|A\$|C\$|NZ\$|HK\$|S\$|NT\$|€|£|¥|euros?\s|yen\s|stg\s)?"
_SUFFIX = (
    r"(?P<unit>\s*(?:%|pct\b|per\s?cent\b|percent\b|percentage points?\b)"
    r"|\s+(?:(?:u\.?s\.?|american)\s+)?(?:dlrs?|dollars?)\b"
    r"|\s+(?:(?:australian|canadian|new zealand|nz|hong kong|taiwan|singapore|zimbabwe)\s+)(?:dlrs?|dollars?)\b"
    r"|\s+(?:euros?|yen|stg|sterling|pounds|crowns|francs|marks|lire|pesos|rupees|won|yuan|roubles|rubles)\b"
    r"|\s+(?:metric\s+)?(?:tonnes|tons|tonne|ton|mt)\b(?!\s+of\s+(?:short))"
    r"|\s+short\s+tons\b"
    r"|\s+(?:barrels|barrel|bbl)s?\s+(?:per|a)\s+day\b|\s+bpd\b|\s+b/d\b"
    r"|\s+(?:bushels|ounces|units|cars|vehicles|gallons)\b)?"
)
_FIGURE = re.compile(
    r"(?<![\w.])" + _PREFIX + r"\s?" + _NUM + _SCALE + _SUFFIX
    + r"(?P<barrel>[\s-]+(?:a|per)[\s-]+barrel\b)?"
    + r"(?P<worth>\s+(?:worth|of))?",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Figure:
    start: int
    end: int
    value: float | None
    unit: str | None
    quantity: str  # percent | money | per_barrel | volume | count | other


def _number(text: str) -> float:
    lowered = text.lower()
    if lowered in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[lowered])
    return float(text.replace(",", ""))


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every figure with a recognisable unit between `start` and `end`."""
    found: list[Figure] = []
    for match in _FIGURE.finditer(text, start, len(text) if end is None else end):
        figure = _classify(match)
        if figure is not None:
            found.append(figure)
    return found


def _classify(match: re.Match[str]) -> Figure | None:
    cur = (match.group("cur") or "").strip().lower()
    unit_text = (match.group("unit") or "").strip().lower()
    scale_text = (match.group("scale") or "").lower()
    if scale_text in ("m", "b") and not cur:
        return None  # "5 m" is a distance more often than money
    try:
        number = _number(match.group("num"))
    except ValueError:
        return None
    number *= _SCALES.get(scale_text, 1.0)
    span = (match.start("num") if not cur else match.start(), match.end())
    if match.group("barrel") and cur in ("$", "us$", "u.s.$", "u.s. $"):
        return Figure(*span, number, "usd_per_barrel", "per_barrel")
    if unit_text in ("%", "pct") or "cent" in unit_text or unit_text.startswith("percentage"):
        return Figure(*span, number, "percent", "percent")
    if cur in ("$", "us$", "u.s.$", "u.s. $") or re.fullmatch(r"(?:(?:u\.?s\.?|american)\s+)?(?:dlrs?|dollars?)", unit_text):
        if cur == "$" and match.group("barrel"):
            return Figure(*span, number, "usd_per_barrel", "per_barrel")
        if not cur and not scale_text and number < 1000 and not match.group("worth"):
            return None  # "five dollars" prices rather than trade values
        return Figure(*span, number, "usd", "money")
    if cur or re.search(r"dlr|dollar|euro|yen|stg|sterling|pound|crown|franc|mark|lire|peso|rupee|won|yuan|r[uo]ble", unit_text):
        return Figure(*span, None, None, "money")
    if "short" in unit_text:
        return Figure(*span, None, None, "volume")
    if re.search(r"tonne|ton\b|tons|\bmt\b", unit_text):
        return Figure(*span, number, "tonnes", "volume")
    if re.search(r"barrel|bpd|b/d|bbl", unit_text):
        return Figure(*span, number, "barrels_per_day", "volume")
    if unit_text:
        return Figure(*span, None, None, "other")
    return None

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


# ------------------------------------------------------------------------------------------
# Which figure a measure reports (gold README, "Which figure to use")
# ------------------------------------------------------------------------------------------

_SHARE_AFTER = re.compile(r"^\s*(?:of\b|owned|stake|share|rise|increase|drop|fall|decline|jump|gain|growth|higher|lower|"
                          r"more|less|from a low)", re.I)
_SHARE_BEFORE = re.compile(r"(?:\b(?:rose|fell|up|down|grew|increased|decreased|dropped|slipped|owned|gained|jumped|"
                           r"nearly|almost)\s+(?:by\s+)?(?:about\s+)?)$", re.I)
_TO_FIGURE = re.compile(r"\b(?:to|at|of)\s+(?:about\s+|around\s+|just\s+)?$", re.I)
_RAISED_TO = re.compile(r"\b(?:was|were|been|has|have|had|be)?\s*(?:\w+\s+)?(?:doubled|tripled|raised|increased|hiked|"
                        r"lifted|raise|increase|hike|jumps?|jumped|rises?|rose|climbs?|climbed)\s+to\s+(?:about\s+)?$", re.I)
_PLANNED_RISE = re.compile(r"\b(?:to|will|would|could|may|might|set to|due to)\s+(?:\w+\s+)?(?:rise|climb|increase|jump|"
                           r"double|be raised|be doubled|be increased)\s+to\s+", re.I)  # "to rise to 50% within a week"
_FROZEN = re.compile(r"\b(?:freez\w*|froze|frozen|seiz\w*|block\w*|confiscat\w*|immobili[sz]\w*)\s+(?:about\s+|some\s+|nearly\s+|over\s+)?$",
                     re.I)  # "freezing about $7 billion of its assets": the sum the sanction ties up
_OLD_RATE = re.compile(r"\b(?:from|up from|down from|instead of|than)\s+(?:the\s+|about\s+)?$", re.I)
_COST = re.compile(r"\b(?:cost\w*|lost|loss\w*|damage\w*|hurt|impact|effect|revenue|raise|bring in|collect\w*)\b[^;]{0,45}$",
                   re.I)
# Which quantities each kind reports, in order of preference (tracker/kinds.toml says which
# ones in words; the figure classes here are the parser's own names for them).
_QUANTITY = {"percent": "percent", "money": "money", "per_barrel": "per_barrel", "volume": "volume"}


def choose_figure(text: str, kind: str, trigger: tuple[int, int], figures: list[Figure],
                  preferences: tuple[str, ...], relief_target: bool = False) -> Figure | None:
    """The one figure the gold rules report for this kind, nearest to the trigger."""
    if not preferences:
        return None
    t_start, t_end = trigger

    def distance(fig: Figure) -> int:
        return t_start - fig.end if fig.end <= t_start else fig.start - t_end + 8

    reach = 260 if kind == "price_cap" else 140

    def usable(fig: Figure) -> bool:
        if distance(fig) > reach or fig.value is None:
            return False
        if fig.quantity == "percent" and "point" in text[fig.start : fig.end] and kind != "relief":
            return False  # "by 10 percentage points" is a change, not a rate
        if fig.quantity == "percent" and kind != "quota" and (
                _SHARE_AFTER.match(text, fig.end) or _SHARE_BEFORE.search(text[max(0, fig.start - 30) : fig.start])):
            return False
        return not (fig.quantity == "money" and _COST.search(text[max(0, fig.start - 50) : fig.start]))

    candidates = [fig for fig in figures if usable(fig)]
    if kind == "sanction":  # a sum of sanctions sits beside the word, or is what they freeze
        candidates = [fig for fig in candidates if distance(fig) <= 40
                      or _FROZEN.search(text[max(0, fig.start - 30) : fig.start])]
    if kind == "tariff":
        candidates = [fig for fig in candidates if not _OLD_RATE.search(text[max(0, fig.start - 16) : fig.start])]
        raised = [fig for fig in candidates if fig.start > t_end and fig.quantity == "percent"
                  and _RAISED_TO.search(text[max(t_end, fig.start - 40) : fig.start])
                  and not _PLANNED_RISE.search(text[max(t_end, fig.start - 40) : fig.start])]
        if raised:
            return raised[0]  # "the 10% tariff ... was doubled to 20%": the rate now
    if relief_target:
        lowered = [fig for fig in candidates if _TO_FIGURE.search(text[max(0, fig.start - 20) : fig.start])
                   and (fig.start > t_end or re.search(r"\b(?:lower\w*|cut|reduc\w*)\s+to\s+$",
                                                       text[max(0, fig.start - 20) : fig.start]))]
        if lowered:
            return min(lowered, key=distance)
    for quantity in preferences:
        matching = [fig for fig in candidates if fig.quantity == _QUANTITY[quantity]]
        if matching:
            return _upper_bound(text, min(matching, key=distance), matching)
    return None


_RANGE_JOIN = re.compile(r"\s*(?:to|-|–|and)\s*")


def _upper_bound(text: str, chosen: Figure, matching: list[Figure]) -> Figure:
    """A range's upper end: "duties of 15.6% to 62.4%", "between 10 and 25 percent" report the highest rate."""
    for fig in matching:
        if fig.start > chosen.end and _RANGE_JOIN.fullmatch(text, chosen.end, fig.start) \
                and fig.value is not None and chosen.value is not None and fig.value > chosen.value:
            return fig
    return chosen

"""What a measure covers or a flow moves, and whether a flow is worth a ledger line.

Gold convention 6: a purchase or supply is labelled when it is notable — a government deal,
strategic goods (oil, gas, grain, arms, dual-use goods, technology), or a figure — and never
when it is a trade statistic ("exports rose 5%", "the largest buyer of ...").
"""

from __future__ import annotations

import functools
import re

from tracker.extract import knowledge

_STATISTICS = re.compile(
    r"\b(?:surplus|deficit|trade balance|market share|share of the market|totall?ed|totals|rose|fell|jumped|"
    r"increased|decreased|declined|dropped|slipped|grew|surged|amounted|accounted for|rising|falling|growing|"
    r"declining|increasing|stood at|(?:increase|rise|fall|drop|decline|growth) in|decrease|fallen|"
    r"expected to (?:rise|fall|increase|decline|grow)|forecast|year-ago|a year earlier|"
    r"(?:were|was|been|is|are) (?:worth|over|around|about|valued|estimated)|can reach|averag(?:ed|ing)|"
    r"(?:total|overall) (?:exports|imports)|total trade|bilateral trade|two-way trade|"
    r"(?:slump|surge|boom|slowdown|rebound|recovery|plunge|jump|shortfall) in|(?:up|down) from|"
    r"against (?:total|overall)|compared with|versus|record high|record low|"
    r"(?:pct|per cent|percent|%) of (?:its|their|the country's|the nation's)|"
    r"(?:expected|likely|set|forecast) to (?:rise|fall|increase|decline|grow|drop|double))\b", re.I)
_POLICY_AIM = re.compile(r"\b(?:reduce|reducing|cut|cutting|narrow|narrowing|trim|shrink|defuse|ease|easing|correct)\b"
                         r"[^.;]{0,30}$", re.I)


@functools.cache
def commodity_regex() -> re.Pattern[str]:
    """One pattern for every commodity of the knowledge table, one named group each."""
    groups = [f"(?P<c{index}>{fragment})" for index, fragment in enumerate(knowledge.triggers()["commodities"].values())]
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b", re.IGNORECASE)


@functools.cache
def strategic_regex() -> re.Pattern[str]:
    """Only the commodities that make a flow notable on their own (the [notable] list)."""
    table = knowledge.triggers()
    fragments = [table["commodities"][name] for name in table["notable"]["commodities"]]
    return re.compile(r"\b(?:" + "|".join(f"(?:{f})" for f in fragments) + r")\b", re.IGNORECASE)


def commodity_near(text: str, start: int, end: int) -> str | None:
    """The first commodity named between `start` and `end`, by its knowledge-table name."""
    names = list(knowledge.triggers()["commodities"])
    match = commodity_regex().search(text, start, end)
    if not match or match.lastgroup is None:
        return None
    return str(names[int(match.lastgroup[1:])])


def is_statistic(text: str, trigger: tuple[int, int], start: int, end: int) -> bool:
    """Trade figures reported as statistics ("exports rose 5%", "are worth 2.5 billion dlrs a
    year") rather than a deal or flow of note; the whole statement counts."""
    for match in _STATISTICS.finditer(text, start, end):
        if not _POLICY_AIM.search(text, max(start, match.start() - 45), match.start()):
            return True
    return False


def ranks_partner(text: str, trigger: tuple[int, int], start: int) -> bool:
    """"the largest buyer of U.S. farm products": a superlative ranks a trade partner."""
    return bool(knowledge.cue_regex("context", "statistic").search(text, max(start, trigger[0] - 25), trigger[0]))

"""Whole-article reading: measures that continue across sentences, who "he" and "the
government" are, retaliation, the dateline, and passages that must yield nothing.

Each passage is invented for its construction (other countries and wording than any gold
set) and asserts every field of every measure: kind, actor, target, value, unit, status, and
the confidence band ("high" when both parties come from one clause of the tree, "medium"
through a pronoun or an earlier measure of the article, "low" through the dateline or the
article as a whole).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import extract

D = dt.date(2024, 6, 12)

Expected = tuple[str, str, str, float | None, str | None, str, str]  # kind, actor, target, value, unit, status, band


def band(confidence: float) -> str:
    return "high" if confidence >= 0.95 else "medium" if confidence >= 0.65 else "low"


PASSAGES: list[tuple[str, str, list[Expected]]] = [
    ("a later mention of the ban inherits its parties",
     "Vietnam banned imports of Thai pork in March. On Friday the farm ministry said the ban would be lifted in July.",
     [("import_ban", "VNM", "THA", None, None, "in_force", "high"),
      ("relief", "VNM", "THA", None, None, "announced", "medium")]),
    ("the duties, named again",
     "Ecuador imposed a 15 percent duty on Peruvian rice last year. The duties will be cut to 5 percent in August.",
     [("tariff", "ECU", "PER", 15, "percent", "in_force", "high"),
      ("relief", "ECU", "PER", 5, "percent", "announced", "medium")]),
    ("retaliation targets whoever struck first",
     "Canberra slapped tariffs on Indonesian steel in May. Jakarta hit back with duties of its own on Australian beef.",
     [("tariff", "AUS", "IDN", None, None, "in_force", "high"),
      ("tariff", "IDN", "AUS", None, None, "in_force", "high")]),
    ("retaliation with no target in its sentence",
     "Washington raised duties on Mexican tomatoes. Mexico City said it would retaliate.",
     [("tariff", "USA", "MEX", None, None, "in_force", "high"),
      ("sanction", "MEX", "USA", None, None, "announced", "medium")]),
    ("his government is the leader's",
     "Prime Minister Narendra Modi spoke in Delhi. He said his government would ban imports of Chinese kites.",
     [("import_ban", "IND", "CHN", None, None, "announced", "medium")]),
    ("an official's government",
     "A Brazilian trade official said his government would impose duties on Argentine wine.",
     [("tariff", "BRA", "ARG", None, None, "announced", "medium")]),
    ("the government of the dateline",
     "NAIROBI, June 3 – The government will double the duty on Ugandan sugar to 50 percent.",
     [("tariff", "KEN", "UGA", 50, "percent", "announced", "low")]),
    ("two measures of one kind with other goods and dates",
     "Japan will ban imports of Russian coal from August. It already bans Russian vodka.",
     [("import_ban", "JPN", "RUS", None, None, "announced", "high"),
      ("import_ban", "JPN", "RUS", None, None, "in_force", "medium")]),
    ("a rate that will drop is a relief, the old rate stands",
     "Beijing's 60% levy on Canadian canola will drop to 20% next month.",
     [("relief", "CHN", "CAN", 20, "percent", "announced", "high"),
      ("tariff", "CHN", "CAN", 60, "percent", "in_force", "high")]),
    ("a threat with a condition",
     "Turkey could impose tariffs on Greek cotton unless Athens drops its complaint.",
     [("tariff", "TUR", "GRC", None, None, "threatened", "high")]),
    ("hedged wording is no measure in force",
     "Manila is weighing a ban on Indonesian palm oil.",
     [("import_ban", "PHL", "IDN", None, None, "threatened", "high")]),
    ("a waiver benefits who secured it, not the sanctioned",
     "Egypt secured a one-year waiver from U.S. sanctions on Iranian gas.",
     [("relief", "USA", "EGY", None, None, "in_force", "high")]),
    ("a waiver granted to someone",
     "Washington granted Iraq a waiver from sanctions on Iranian electricity.",
     [("relief", "USA", "IRQ", None, None, "in_force", "high")]),
    ("stop buying is an import ban",
     "India will stop buying Russian oil.",
     [("import_ban", "IND", "RUS", None, None, "announced", "high")]),
    ("carrying from one country to another is a supply",
     "Tankers carrying crude from Angola to India were delayed.",
     [("supply", "AGO", "IND", None, None, "reported", "high")]),
    ("one side named, the other from a later measure of the article",
     "Spanish olive oil will face a 20 percent tariff from July, officials said. Morocco announced duties on Spanish tomatoes last week.",
     [("tariff", "MAR", "ESP", 20, "percent", "announced", "low")]),
    ("one side named, the other the country the article is about",
     "Peru and Bolivia signed a gas deal in May. Bolivian maize now faces a 10 percent duty, Peru's farm minister said.",
     [("tariff", "PER", "BOL", 10, "percent", "in_force", "low")]),
    ("the same measure by another actor, with its rate",
     "Canada imposed a 25 percent surtax on Chinese steel in October. Mexico announced the same surtax on Monday.",
     [("tariff", "CAN", "CHN", 25, "percent", "in_force", "high"),
      ("tariff", "MEX", "CHN", 25, "percent", "announced", "medium")]),
    # Passages that must yield nothing.
    ("one side named and no country the article is clearly about",
     "Ghana and Nigeria discussed trade on Monday. Nigerian rice now faces a 10 percent duty.", []),
    ("a measure that was averted", "Chile averted a ban on its salmon after talks with Beijing.", []),
    ("statistics are not flows", "Exports from Kenya to Tanzania rose 4 percent last year.", []),
    ("a sentence with no party after no measure", "The ban will be lifted in July, officials said.", []),
    ("a duty as an obligation", "It is the duty of Norway to protect its fishermen.", []),
]


def _key(measure) -> Expected:
    return (measure.kind, measure.actor, measure.target, measure.value, measure.unit, measure.status,
            band(measure.confidence))


@pytest.mark.parametrize(("construction", "passage", "expected"), PASSAGES, ids=[p[0] for p in PASSAGES])
def test_passage(construction: str, passage: str, expected: list[Expected]) -> None:
    got = sorted((_key(m) for m in extract(passage, D)), key=repr)
    assert got == sorted(expected, key=repr), construction

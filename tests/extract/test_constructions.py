"""The parser layer, construction by construction: who acts on whom is read from the tree.

Every sentence here is invented for its construction, with countries and wording that occur
in no gold set, and asserts kind, actor, target, status and value of every measure (an
empty list: the sentence must yield nothing).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import extract

D = dt.date(2024, 5, 15)
D1987 = dt.date(1987, 6, 10)

Expected = tuple[str, str, str, str, float | None]  # kind, actor, target, status, value

CASES: list[tuple[str, str, dt.date, list[Expected]]] = [
    # --- direct objects and subjects --------------------------------------------------------
    ("object", "Canada sanctioned Nicaragua on Tuesday.", D, [("sanction", "CAN", "NIC", "in_force", None)]),
    ("object", "Ghana blacklisted three Lebanese trading firms last week.", D,
     [("sanction", "GHA", "LBN", "in_force", None)]),
    ("object", "Peru boycotts Chilean wine.", D, [("sanction", "PER", "CHL", "in_force", None)]),
    ("subject of an infinitive", "Kenya agreed to buy 300,000 tonnes of wheat from Argentina.", D,
     [("purchase", "KEN", "ARG", "announced", 300000)]),
    ("object control", "Norway urged Iceland to lift its ban on Faroese fish.", D,
     [("relief", "ISL", "FRO", "proposed", None)]),
    # --- second clause with its own subject ---------------------------------------------------
    ("two clauses",
     "India's tariffs on Malaysian palm oil now stand at 30 per cent, and Kuala Lumpur has replied with "
     "20 per cent duties on Indian sugar.", D,
     [("tariff", "IND", "MYS", "in_force", 30), ("tariff", "MYS", "IND", "in_force", 20)]),
    ("subordinate clause", "Greece protested after Turkey imposed 45 per cent duties on Chinese coils.", D,
     [("tariff", "TUR", "CHN", "in_force", 45)]),
    # --- possessors and demonyms ---------------------------------------------------------------
    ("possessor of a decision", "Peru's decision to impose duties on Mexican cement angered Bogota.", D,
     [("tariff", "PER", "MEX", "in_force", None)]),
    ("demonym on goods", "Egypt banned imports of Sudanese cattle.", D, [("import_ban", "EGY", "SDN", "in_force", None)]),
    ("possessive measure", "Thailand's 15% levy on Vietnamese rice took effect on Monday.", D,
     [("tariff", "THA", "VNM", "in_force", 15)]),
    ("adjective author", "Argentine duties on Brazilian shoes rose to 35 percent.", D,
     [("tariff", "ARG", "BRA", "in_force", 35)]),
    # --- passives --------------------------------------------------------------------------------
    ("passive with agent", "Two Serbian banks were sanctioned by Switzerland.", D,
     [("sanction", "CHE", "SRB", "in_force", None)]),
    ("goods as subject", "Kenyan roses now face 12% Dutch duties.", D, [("tariff", "NLD", "KEN", "in_force", 12)]),
    ("passive participle", "Ecuador launched patrol boats supplied by South Korea.", D,
     [("supply", "KOR", "ECU", "reported", None)]),
    # --- flows -------------------------------------------------------------------------------------
    ("supply with", "Algeria supplied Tunisia with natural gas throughout the winter.", D,
     [("supply", "DZA", "TUN", "reported", None)]),
    ("sale to", "Brazil sold 2 million tonnes of soybeans to Egypt.", D, [("supply", "BRA", "EGY", "reported", 2000000)]),
    ("imports of", "Vietnam's imports of Qatari LNG reached 1.2 million tonnes in March.", D,
     [("purchase", "VNM", "QAT", "reported", 1200000)]),
    # --- restrictions: the kind follows what is restricted ------------------------------------------
    ("halted deliveries", "Azerbaijan halted oil deliveries to Armenia.", D,
     [("export_control", "AZE", "ARM", "in_force", None)]),
    ("export ban", "Indonesia imposed an export ban on nickel ore to China.", D,
     [("export_control", "IDN", "CHN", "in_force", None)]),
    ("ban on goods", "Saudi Arabia banned Lebanese fruit.", D, [("import_ban", "SAU", "LBN", "in_force", None)]),
    ("diplomatic sanction", "Chad severed diplomatic ties with Qatar.", D, [("sanction", "TCD", "QAT", "in_force", None)]),
    ("aviation sanction", "Lithuania closed its airspace to Belarusian airlines.", D,
     [("sanction", "LTU", "BLR", "in_force", None)]),
    # --- negation scope ------------------------------------------------------------------------------
    ("negated verb", "Mexico will not impose tariffs on Guatemalan coffee.", D, []),
    ("negated noun", "Japan has no plans to restrict exports of chip tools to Vietnam.", D, []),
    ("refusal", "Sweden refused to join the boycott of Israeli goods.", D, []),
    ("veto", "Russia and China vetoed a resolution to impose sanctions on Syria.", D, []),
    ("negation elsewhere", "Officials did not comment, but Oman banned imports of Yemeni honey.", D,
     [("import_ban", "OMN", "YEM", "in_force", None)]),
    # --- reported speech and status -----------------------------------------------------------------
    ("reported decision", "The Philippine government said it would impose a 20 percent duty on Thai cement.", D,
     [("tariff", "PHL", "THA", "announced", 20)]),
    ("threat", "Ottawa threatened to retaliate against Washington with tariffs on bourbon.", D,
     [("tariff", "CAN", "USA", "threatened", None)]),
    ("condition", "Ukraine will ban Polish grain unless Warsaw lifts its own embargo.", D,
     [("import_ban", "UKR", "POL", "threatened", None)]),
    ("proposal", "Lawmakers in Brazil proposed sanctions against Venezuela.", D,
     [("sanction", "BRA", "VEN", "proposed", None)]),
    # --- relative clauses --------------------------------------------------------------------------------
    ("relative clause", "The tariffs that Australia imposed on Chinese steel in March remain in force.", D,
     [("tariff", "AUS", "CHN", "in_force", None)]),
    ("reduced relative", "Sanctions imposed by Japan on North Korea were extended.", D,
     [("sanction", "JPN", "PRK", "in_force", None)]),
    # --- coordination ---------------------------------------------------------------------------------------
    ("coordinated actors", "Latvia, Estonia and Lithuania banned Russian timber.", D,
     [("import_ban", "LVA", "RUS", "in_force", None), ("import_ban", "EST", "RUS", "in_force", None),
      ("import_ban", "LTU", "RUS", "in_force", None)]),
    # --- parties that are not country names ---------------------------------------------------------------
    ("currency is not a country", "Chile bought US$20 billion of Bolivian gas.", D,
     [("purchase", "CHL", "BOL", "reported", 20000000000)]),
    # --- easing ------------------------------------------------------------------------------------------------
    ("lifted", "Tanzania lifted its ban on Kenyan maize.", D, [("import_ban", "TZA", "KEN", "lifted", None)]),
    ("cut to", "Morocco will cut its duty on Spanish olive oil to 5 percent.", D,
     [("relief", "MAR", "ESP", "announced", 5)]),
    # --- parts the parser tore apart ---------------------------------------------------------------------
    ("the flow a measure falls on", "Turkey will impose duties on steel imported from Ukraine, the ministry said.", D,
     [("tariff", "TUR", "UKR", "announced", None)]),
    ("a range of rates", "Mexico set duties of 5% to 35% on Chinese shoes.", D,
     [("tariff", "MEX", "CHN", "in_force", 35)]),
    ("the goods of the sentence", "Brazilian beef exporters lost a market when Chile banned imports last year.", D,
     [("import_ban", "CHL", "BRA", "in_force", None)]),
    ("a gerund after a preposition", "Seoul accused Pyongyang of supplying Moscow with ammunition.", D,
     [("supply", "PRK", "RUS", "alleged", None)]),
]


def _key(measure) -> Expected:
    value = measure.value
    return (measure.kind, measure.actor, measure.target, measure.status, value)


# Constructions the shipped parser misreads today (strict: a fixed one must lose its mark).
MISPARSED = {
    "passive participle": "the parser makes 'launched' a modifier of 'boats', so no clause subject receives what was supplied",
    "export ban": "the parser reads 'on nickel ore to China' as a clause with 'nickel' its verb; the destination is lost",
    "reduced relative": "the parser makes 'imposed' the main verb and hangs 'on North Korea' on 'Japan'",
}


def _case(construction: str, sentence: str, day: dt.date, expected: list[Expected]):  # type: ignore[no-untyped-def]
    reason = MISPARSED.get(construction)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(construction, sentence, day, expected, marks=marks, id=f"{construction}: {sentence[:50]}")


@pytest.mark.parametrize(("construction", "sentence", "day", "expected"), [_case(*c) for c in CASES])
def test_construction(construction: str, sentence: str, day: dt.date, expected: list[Expected]) -> None:
    got = sorted((_key(m) for m in extract(sentence, day)), key=repr)
    assert got == sorted(expected, key=repr), construction

"""The knowledge tables know every party: countries, agencies, leaders and organisations.

Written as specifications of the data files under tracker/extract/knowledge/: what every
table must cover, how its rows are read, and which readings win when files disagree.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
import shutil
from pathlib import Path

import pycountry
import pytest

from tracker.extract import knowledge
from tracker.extract.knowledge import KNOWLEDGE_DIR, KnowledgeError, build_aliases, resolve, table_rows
from tracker.extract.mentions import find_mentions

# The 193 member states of the United Nations, written out independently of countries.tsv.
UN_MEMBERS = (
    "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR", "BGD", "BRB",
    "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR", "BFA", "BDI", "CPV", "KHM",
    "CMR", "CAN", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "COD", "CRI", "CIV", "HRV", "CUB", "CYP",
    "CZE", "DNK", "DJI", "DMA", "DOM", "ECU", "EGY", "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN",
    "FRA", "GAB", "GMB", "GEO", "DEU", "GHA", "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "HUN",
    "ISL", "IND", "IDN", "IRN", "IRQ", "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "PRK",
    "KOR", "KWT", "KGZ", "LAO", "LVA", "LBN", "LSO", "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI", "MYS",
    "MDV", "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM", "MDA", "MCO", "MNG", "MNE", "MAR", "MOZ", "MMR",
    "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR", "OMN", "PAK", "PLW", "PAN", "PNG",
    "PRY", "PER", "PHL", "POL", "PRT", "QAT", "ROU", "RUS", "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP",
    "SAU", "SEN", "SRB", "SYC", "SLE", "SGP", "SVK", "SVN", "SLB", "SOM", "ZAF", "SSD", "ESP", "LKA", "SDN",
    "SUR", "SWE", "CHE", "SYR", "TJK", "TZA", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TKM", "TUV",
    "UGA", "UKR", "ARE", "GBR", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE",
)
ALLOWED_CODES = frozenset(c.alpha_3 for c in pycountry.countries) | {"SUN", "DDR", "YUG", "CSK", "EU", "G7"}

G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "RUS", "SAU",
       "ZAF", "TUR", "GBR", "USA", "EU")
SANCTIONED = ("IRN", "IRQ", "LBY", "PRK", "CUB", "SYR", "VEN", "RUS", "BLR", "MMR", "ZAF", "SRB", "ZWE", "SDN",
              "NIC", "AFG")
# A country's line of governments: the Soviet Union before Russia, Yugoslavia before Serbia.
CHAINS = {"RUS": {"SUN", "RUS"}, "SRB": {"YUG", "SRB"}}
SINCE = {"BLR": dt.date(1991, 8, 25), "ZWE": dt.date(1980, 4, 18)}
# Periods with no national government news could name: Iraq under occupation.
NO_GOVERNMENT = {"IRQ": (dt.date(2003, 4, 10), dt.date(2004, 6, 27))}
HEAD_ROLE = re.compile(r"\b(?:president|prime minister|premier|chancellor|king|leader|general secretary|"
                       r"head of state|chairman|state counsellor|military ruler)\b")
NOT_HEAD = re.compile(r"^(?:vice|deputy)\b")


def _date(cell: str) -> dt.date | None:
    return None if cell == "-" else dt.date.fromisoformat(cell)


def _list(cell: str) -> list[str]:
    return [] if cell == "-" else cell.split("|")


def _countries() -> list[list[str]]:
    return [cells for _, cells in table_rows("countries.tsv", columns=(7, 7))]


def _organisations() -> list[list[str]]:
    return [cells for _, cells in table_rows("organisations.tsv", columns=(7, 7))]


def _leaders() -> list[list[str]]:
    return [cells for _, cells in table_rows("leaders.tsv", columns=(4, 5))]


def _overlap(a_from, a_until, b_from, b_until) -> bool:
    return (a_from is None or b_until is None or a_from <= b_until) and (a_until is None or b_from is None or b_from <= a_until)


# --- countries.tsv -------------------------------------------------------------------------

def test_the_un_members_are_exactly_the_193_member_states() -> None:
    members = {cells[0] for cells in _countries() if cells[6] == "yes"}
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193
    assert members == set(UN_MEMBERS)


@pytest.mark.parametrize("column", [2, 4], ids=["adjective", "capital"])
def test_every_un_member_has_an_adjective_and_a_capital(column: int) -> None:
    missing = [cells[0] for cells in _countries() if cells[6] == "yes" and not _list(cells[column])]
    assert missing == []


def test_every_country_has_one_row() -> None:
    codes = [cells[0] for cells in _countries()]
    assert len(codes) == len(set(codes))
    assert {c.alpha_3 for c in pycountry.countries} <= set(codes)


# --- codes in every table ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["aliases.tsv", "agencies.tsv", "leaders.tsv", "organisations.tsv", "countries.tsv"])
def test_every_code_is_an_iso_code_or_an_allowed_historical_or_bloc_code(name: str) -> None:
    column = 0 if name == "countries.tsv" else 1
    codes = {cells[column] for _, cells in table_rows(name)
             if not (name in ("aliases.tsv", "agencies.tsv") and cells[2] == "ignore")}
    assert codes - ALLOWED_CODES == set()


# --- organisations.tsv ---------------------------------------------------------------------

def test_the_organisation_table_covers_at_least_500_entities_in_8_sectors() -> None:
    rows = _organisations()
    sectors = collections.Counter(cells[3] for cells in rows)
    assert len(rows) >= 500
    assert len([sector for sector, count in sectors.items() if count >= 10]) >= 8


def test_no_organisation_surface_means_two_countries_at_once() -> None:
    readings: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = collections.defaultdict(list)
    clashes = []
    for name, code, _type, _sector, start, until, others in _organisations():
        for surface in [name, *_list(others)]:
            reading = (code, _date(start), _date(until))
            clashes += [(surface, code, other[0]) for other in readings[surface]
                        if other[0] != code and _overlap(reading[1], reading[2], other[1], other[2])]
            readings[surface].append(reading)
    assert clashes == []


@pytest.mark.parametrize("name", ["organisations.tsv", "leaders.tsv", "agencies.tsv"])
def test_no_surface_of_a_later_file_is_hidden_by_a_different_reading_of_an_earlier_one(name: str) -> None:
    """A company, leader or agency whose surface is already a country's name would never be read."""
    earlier = knowledge.SOURCES[: knowledge.SOURCES.index(name)]
    later = knowledge.SOURCES[knowledge.SOURCES.index(name) + 1:]
    stronger = {s for n in earlier for s, _ in knowledge._READERS[n](n, KNOWLEDGE_DIR)}
    weaker = {s for n in later for s, _ in knowledge._READERS[n](n, KNOWLEDGE_DIR)}
    own = {s for s, alias in knowledge._READERS[name](name, KNOWLEDGE_DIR) if alias.form != "ignore"}
    assert own & weaker == set()
    assert {s for s in own & stronger if resolve(s, dt.date(2020, 1, 1)) is None and resolve(s, dt.date(1987, 6, 1)) is None} == set()


# --- leaders.tsv ---------------------------------------------------------------------------

def _head_spans(codes: set[str]) -> list[tuple[dt.date, dt.date]]:
    far_past, open_end = dt.date(1900, 1, 1), dt.date(2100, 1, 1)
    return sorted((_date(start) or far_past, _date(until) or open_end)
                  for surface, code, start, until, *role in _leaders()
                  if code in codes and role and HEAD_ROLE.search(role[0]) and not NOT_HEAD.match(role[0]))


@pytest.mark.parametrize("code", sorted(set(G20) | set(SANCTIONED)))
def test_every_g20_member_and_sanctioned_country_has_a_head_every_year_since_1980(code: str) -> None:
    spans = _head_spans(CHAINS.get(code, {code}))
    day, end = SINCE.get(code, dt.date(1980, 1, 1)), dt.date(2025, 12, 31)
    gaps = []
    while day <= end:
        covering = [until for start, until in spans if start <= day <= until]
        if covering:
            day = max(covering) + dt.timedelta(days=1)
            continue
        later = [start for start, _ in spans if start > day]
        resume = min(later) if later else end + dt.timedelta(days=1)
        allowed = NO_GOVERNMENT.get(code)
        if (resume - day).days > 120 and not (allowed and allowed[0] <= day and resume <= allowed[1] + dt.timedelta(days=1)):
            gaps.append((day, resume))
        day = resume
    assert gaps == []


def test_no_leader_surface_names_two_countries_on_the_same_day() -> None:
    by_surface = collections.defaultdict(list)
    for surface, code, start, until, *_ in _leaders():
        by_surface[surface].append((code, _date(start), _date(until)))
    clashes = [(surface, a[0], b[0]) for surface, rows in by_surface.items()
               for i, a in enumerate(rows) for b in rows[i + 1:]
               if a[0] != b[0] and _overlap(a[1], a[2], b[1], b[2])]
    assert clashes == []


# --- examples ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("surface", "day", "code", "form"),
    [
        ("Rostec", dt.date(2023, 1, 1), "RUS", "org"),
        ("Russian Technologies", dt.date(2023, 1, 1), "RUS", "org"),
        ("PDVSA", dt.date(2019, 1, 28), "VEN", "org"),
        ("Toshiba Machine", dt.date(1987, 6, 1), "JPN", "org"),
        ("Kongsberg", dt.date(1987, 6, 1), "NOR", "org"),
        ("Airbus", dt.date(2020, 1, 1), "EU", "org"),
        ("Aeroflot", dt.date(1987, 6, 1), "SUN", "org"),
        ("Aeroflot", dt.date(2022, 6, 1), "RUS", "org"),
        ("Anglo American", dt.date(1987, 6, 1), "ZAF", "org"),
        ("Anglo American", dt.date(2020, 6, 1), "GBR", "org"),
        ("Kremlin", dt.date(1987, 6, 1), "SUN", "seat"),
        ("Kremlin", dt.date(2023, 1, 1), "RUS", "seat"),
        ("Zhongnanhai", dt.date(2023, 1, 1), "CHN", "seat"),
        ("Downing Street", dt.date(2023, 1, 1), "GBR", "seat"),
        ("Blue House", dt.date(2019, 1, 1), "KOR", "seat"),
        ("Canberra", dt.date(2023, 1, 1), "AUS", "seat"),
        ("The Hague", dt.date(2023, 1, 1), "NLD", "seat"),
        ("Putin", dt.date(2023, 1, 1), "RUS", "leader"),
        ("Reagan", dt.date(1987, 6, 1), "USA", "leader"),
        ("Bush", dt.date(1991, 6, 1), "USA", "leader"),
        ("Bush", dt.date(2005, 6, 1), "USA", "leader"),
        ("Baldrige", dt.date(1987, 6, 1), "USA", "leader"),
        ("Gorbachev", dt.date(1987, 6, 1), "SUN", "leader"),
        ("Botha", dt.date(1987, 6, 1), "ZAF", "leader"),
        ("Milosevic", dt.date(1993, 6, 1), "YUG", "leader"),
        ("Kim Jong Un", dt.date(2023, 1, 1), "PRK", "leader"),
        ("Prodi", dt.date(2002, 1, 1), "EU", "leader"),
        ("Prodi", dt.date(2007, 1, 1), "ITA", "leader"),
        ("MITI", dt.date(1987, 6, 1), "JPN", "body"),
        ("METI", dt.date(2019, 6, 1), "JPN", "body"),
        ("USDA", dt.date(1987, 6, 1), "USA", "body"),
        ("Bundestag", dt.date(2023, 1, 1), "DEU", "body"),
        ("State Duma", dt.date(2023, 1, 1), "RUS", "body"),
        ("HM Treasury", dt.date(2023, 1, 1), "GBR", "body"),
        ("South Korea", dt.date(2023, 1, 1), "KOR", "name"),
        ("Holland", dt.date(1987, 6, 1), "NLD", "name"),
        ("Ivory Coast", dt.date(2020, 1, 1), "CIV", "name"),
        ("Türkiye", dt.date(2023, 1, 1), "TUR", "name"),
        ("Americans", dt.date(2023, 1, 1), "USA", "name"),
        ("the Soviets", dt.date(1987, 6, 1), "SUN", "name"),
        ("Japanese", dt.date(1987, 6, 1), "JPN", "adj"),
        ("Korean", dt.date(2023, 1, 1), "KOR", "adj"),
        ("North Korean", dt.date(2023, 1, 1), "PRK", "adj"),
        ("Zaire", dt.date(1987, 6, 1), "COD", "name"),
        ("Congo", dt.date(1987, 6, 1), "COG", "name"),
        ("Congo", dt.date(2020, 1, 1), "COD", "name"),
        ("Prague", dt.date(1987, 6, 1), "CSK", "seat"),
        ("Prague", dt.date(2020, 1, 1), "CZE", "seat"),
        ("Brazil's Congress", dt.date(2020, 1, 1), "BRA", "body"),
    ],
)
def test_examples_resolve_by_date(surface: str, day: dt.date, code: str, form: str) -> None:
    alias = resolve(surface, day)
    assert alias is not None and (alias.code, alias.form) == (code, form)


@pytest.mark.parametrize(
    ("surface", "day"),
    [
        ("Putin", dt.date(1987, 6, 1)),       # not yet in office
        ("MITI", dt.date(2010, 1, 1)),        # renamed METI in 2001
        ("Blue House", dt.date(2023, 1, 1)),  # the presidency left it in 2022
        ("Rostec", None) if False else ("British Aerospace", dt.date(2005, 1, 1)),  # BAE Systems since 1999
        ("Victoria", dt.date(2020, 1, 1)),    # ~: too ambiguous for the Seychelles
        ("Vienna", dt.date(2020, 1, 1)),      # ~: the venue of OPEC and IAEA meetings
        ("Total", dt.date(2020, 1, 1)),       # a word: only TotalEnergies|Total SA
        ("Apple", dt.date(2020, 1, 1)),       # a word: only Apple Inc
    ],
)
def test_names_out_of_period_or_too_ambiguous_are_no_party(surface: str, day: dt.date | None) -> None:
    alias = resolve(surface, day)
    assert alias is None or alias.form == "ignore"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Chad Bown, a senior fellow at the Peterson Institute, said tariffs would rise.", []),
        ("The opposition Congress party criticised the duties.", []),
        ("In Turkey, the SOCAR-owned STAR refinery bought four cargoes from Iraq.", ["TUR", "IRQ"]),
        ("The state arms conglomerate Rostec signed a deal with Hanwha.", ["RUS", "KOR"]),
        ("Kongsberg Vaapenfabrikk and Toshiba Machine sold milling machines to the Soviet Union.", ["NOR", "JPN", "SUN"]),
    ],
)
def test_mentions_in_text(text: str, codes: list[str]) -> None:
    found = [m.code for m in find_mentions(text, dt.date(2023, 1, 1) if "Soviet" not in text else dt.date(1987, 6, 1))
             if m.form != "pron"]
    assert found == codes


def test_an_organisation_acts_for_its_home_country() -> None:
    mention = find_mentions("Rostec supplied the drones.", dt.date(2023, 1, 1))[0]
    assert (mention.code, mention.form, mention.acting) == ("RUS", "org", True)


# --- reading the files ---------------------------------------------------------------------

def _files(tmp_path: Path, **contents: str) -> Path:
    for name, text in contents.items():
        (tmp_path / name).write_text(f"# test file\n{text}", encoding="utf-8")
    return tmp_path


def test_earlier_files_win_for_overlapping_periods_and_periods_combine(tmp_path: Path) -> None:
    folder = _files(
        tmp_path,
        **{
            "aliases.tsv": "Acme\tGBR\tname\t-\t1999-12-31\n",
            "agencies.tsv": "Acme Board\tFRA\tbody\t-\t-\n",
            "leaders.tsv": "Acme\tDEU\t1990-01-01\t2005-12-31\tchairman\nAcme Board\tITA\t-\t-\tpresident\n",
            "organisations.tsv": "Acme Corp\tJPN\tcompany\ttechnology\t2000-01-01\t-\tAcme|Acme Board\n",
            "countries.tsv": "USA\tAcme Corp|Acmeland\tAcmish\t-\t-\t-\tno\n",
        },
    )
    table = build_aliases(folder)
    assert [(a.code, a.form) for a in table["Acme"]] == [("GBR", "name"), ("JPN", "org")]  # DEU overlaps GBR; JPN follows it
    assert [a.code for a in table["Acme Board"]] == ["FRA"]
    assert [a.code for a in table["Acme Corp"]] == ["JPN"]
    assert [(a.code, a.form) for a in table["Acmish"]] == [("USA", "adj")]
    assert table["Acme Corp-owned"][0].form == "ignore"


@pytest.mark.parametrize(
    ("name", "row", "problem"),
    [
        ("aliases.tsv", "Fooland\tFOO\tname\t-\t-", "unknown code"),
        ("aliases.tsv", "Fooland\tFRA\tnoun\t-\t-", "unknown form"),
        ("aliases.tsv", "Fooland\tFRA\tname\t1990-13-01\t-", "dates"),
        ("aliases.tsv", "Fooland\tFRA\tname\t2000-01-01\t1990-01-01", "ends"),
        ("aliases.tsv", "Fooland FRA name - -", "columns"),
        ("agencies.tsv", "Foo Ministry\tFRA\tbody\t-\t-\textra", "columns"),
        ("leaders.tsv", "Foo\tFRA\tsoon\t-\tpresident", "dates"),
        ("leaders.tsv", "Foo \tFRA\t-\t-\tpresident", "spaces"),
        ("organisations.tsv", "Foo Corp\tFRA\tcompany\tenergy\t-\t-", "columns"),
        ("organisations.tsv", "Foo Corp\tXXX\tcompany\tenergy\t-\t-\t-", "unknown code"),
        ("organisations.tsv", "Foo Corp\tFRA\tcompany\tenergy\t-\t-\tFoo||Foo SA", "empty"),
        ("countries.tsv", "FRA\tFrance\tFrench\t-\tParis\t-\tmaybe", "un_member"),
        ("countries.tsv", "FRA\tFrance\t\t-\tParis\t-\tyes", "empty"),
    ],
)
def test_a_malformed_row_fails_loudly_naming_file_and_line(tmp_path: Path, name: str, row: str, problem: str) -> None:
    for source in knowledge.SOURCES:
        shutil.copy(KNOWLEDGE_DIR / source, tmp_path / source)
    path = tmp_path / name
    text = path.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 1
    path.write_text(text + row + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=rf"{re.escape(name)}:{line}: .*{problem}"):
        build_aliases(tmp_path)


def test_the_shipped_files_load_without_error() -> None:
    table = build_aliases(KNOWLEDGE_DIR)
    assert len(table) > 4000

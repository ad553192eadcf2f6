"""Names resolve against the article date, from data files an analyst can extend."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.extract import extract
from tracker.extract.knowledge import KNOWLEDGE_DIR, is_member, resolve
from tracker.extract.mentions import find_mentions


@pytest.mark.parametrize(
    ("surface", "day", "code"),
    [
        ("Moscow", dt.date(1987, 6, 1), "SUN"),
        ("Moscow", dt.date(2022, 6, 1), "RUS"),
        ("Kremlin", dt.date(1991, 12, 25), "SUN"),
        ("Kremlin", dt.date(1991, 12, 26), "RUS"),
        ("Russian", dt.date(1987, 6, 1), "SUN"),
        ("Soviet", dt.date(2020, 1, 1), "SUN"),
        ("Trump", dt.date(2019, 5, 1), "USA"),
        ("Trump", dt.date(2025, 9, 1), "USA"),
        ("Reagan", dt.date(1987, 4, 17), "USA"),
        ("Nakasone", dt.date(1987, 4, 17), "JPN"),
        ("Gorbachev", dt.date(1987, 4, 17), "SUN"),
        ("West Germany", dt.date(1987, 4, 17), "DEU"),
        ("East Germany", dt.date(1987, 4, 17), "DDR"),
        ("Pretoria", dt.date(1987, 4, 17), "ZAF"),
        ("European Community", dt.date(1987, 4, 17), "EU"),
        ("Group of Seven", dt.date(2022, 12, 5), "G7"),
        ("New Delhi", dt.date(2025, 9, 1), "IND"),
        ("Kyiv", dt.date(2025, 9, 1), "UKR"),
        ("Brussels", dt.date(2025, 9, 1), "EU"),
        ("MITI", dt.date(1987, 4, 17), "JPN"),
        ("Commerce Department", dt.date(1987, 4, 17), "USA"),
        ("Bhutan", dt.date(2025, 9, 1), "BTN"),  # from pycountry, not the alias file
    ],
)
def test_surface_resolves_by_date(surface: str, day: dt.date, code: str) -> None:
    alias = resolve(surface, day)
    assert alias is not None and alias.code == code


@pytest.mark.parametrize(("surface", "day"), [("Trump", dt.date(2022, 6, 1)), ("Reagan", dt.date(2025, 1, 1))])
def test_leader_out_of_office_is_no_actor(surface: str, day: dt.date) -> None:
    assert resolve(surface, day) is None


def test_names_inside_longer_names_are_not_countries() -> None:
    codes = [m.code for m in find_mentions("Latin America and the Indian Ocean", dt.date(2020, 1, 1))]
    assert codes == []


def test_it_refers_to_the_sentence_subject_and_its_to_the_latest_country() -> None:
    text = "Japan warned the United States it may retaliate. Trump put tariffs on India over its oil purchases."
    pronouns = [(text[m.start:m.end], m.code) for m in find_mentions(text, dt.date(2025, 9, 1)) if m.form == "pron"]
    assert pronouns == [("it", "JPN"), ("its", "IND")]


def test_every_data_file_explains_itself() -> None:
    for path in KNOWLEDGE_DIR.iterdir():
        assert path.read_text(encoding="utf-8").startswith("#"), path.name


@pytest.mark.parametrize(
    ("code", "bloc", "day", "member"),
    [
        ("ESP", "EU", dt.date(1987, 4, 1), True),
        ("SWE", "EU", dt.date(1987, 4, 1), False),
        ("SWE", "EU", dt.date(2022, 4, 1), True),
        ("GBR", "EU", dt.date(2019, 4, 1), True),
        ("GBR", "EU", dt.date(2021, 4, 1), False),
        ("CAN", "G7", dt.date(1987, 4, 1), True),
        ("CHN", "G7", dt.date(2025, 4, 1), False),
    ],
)
def test_bloc_membership_follows_the_date(code: str, bloc: str, day: dt.date, member: bool) -> None:
    assert is_member(code, bloc, day) is member


def test_a_bloc_does_not_pressure_its_own_member() -> None:
    text = "The European Commission threatened sanctions against Denmark over pig subsidies."
    assert extract(text, dt.date(1987, 4, 1)) == []
    assert [(m.actor, m.target) for m in extract(text.replace("Denmark", "Libya"), dt.date(1987, 4, 1))] == [("EU", "LBY")]

"""The `extract()` contract the CLI and the store rely on: pure, exact, total."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.records import KINDS, STATUSES, UNITS

SAMPLE = (
    "The U.S. Imposed 100 pct tariffs on 300 mln dlrs of Japanese electronic goods on Friday. "
    "Japan warned it may retaliate. Moscow bought 2.5 mln tonnes of U.S. corn last week."
)


def test_version_is_a_dotted_string() -> None:
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION.count(".") == 2


@pytest.mark.parametrize(
    ("text", "date", "title"),
    [
        ("", None, ""),
        ("   \n\n  ", dt.date(2025, 1, 1), ""),
        ("No country is named here, only tariffs and sanctions.", None, ""),
        ("Ünïcödé — «Japon» impose des droits de douane; 日本 は 関税 を 課した。", dt.date(2020, 1, 1), ""),
        ("tariff " * 50_000, dt.date(1987, 1, 1), ""),
        (SAMPLE, None, None),
        (None, None, "JAPAN WARNS U.S. OF RETALIATION"),
        (SAMPLE, "1987-04-10", ""),
        (SAMPLE * 200, dt.datetime(1987, 4, 10, 12, 0, tzinfo=dt.timezone.utc), ""),
    ],
    ids=["empty", "blank", "no-country", "non-ascii", "huge", "none-title", "none-text", "string-date", "datetime"],
)
def test_never_raises_and_returns_measures(text, date, title) -> None:
    result = extract(text, date, title)
    assert isinstance(result, list)


def test_items_use_the_shared_vocabulary() -> None:
    for measure in extract(SAMPLE, dt.date(1987, 4, 10)):
        assert measure.kind in KINDS
        assert measure.status in STATUSES
        assert measure.unit is None or measure.unit in UNITS


def test_evidence_is_an_exact_slice_of_its_field() -> None:
    found = extract(SAMPLE, dt.date(1987, 4, 10), title="U.S. TARIFFS ON JAPAN")
    assert found
    for measure in found:
        evidence = measure.evidence
        source = SAMPLE if evidence.field == "text" else "U.S. TARIFFS ON JAPAN"
        assert source[evidence.start : evidence.end] == evidence.text
        assert len(evidence.text.split()) <= 45


def test_title_is_read_when_the_article_has_no_body() -> None:
    found = extract("", dt.date(1987, 4, 10), title="U.S. SLAPS 100 PCT TARIFFS ON JAPANESE GOODS")
    assert [(m.kind, m.actor, m.target, m.evidence.field) for m in found] == [("tariff", "USA", "JPN", "title")]


def test_deterministic_and_serialisable() -> None:
    first = [m.to_json() for m in extract(SAMPLE, dt.date(1987, 4, 10))]
    second = [m.to_json() for m in extract(SAMPLE, dt.date(1987, 4, 10))]
    assert first == second
    assert all(dataclasses.is_dataclass(m) for m in extract(SAMPLE, dt.date(1987, 4, 10)))


def test_same_measure_repeated_is_one_item() -> None:
    text = ("Washington imposed sanctions on Cuba. The sanctions on Cuba will stay, "
            "the U.S. said of its sanctions against Cuba.")
    keys = [(m.kind, m.actor, m.target) for m in extract(text, dt.date(1987, 5, 1))]
    assert keys == [("sanction", "USA", "CUB")]


def test_distinct_figures_make_distinct_items() -> None:
    text = "Canada put a 100% tariff on Chinese cars. Canada also put a 25% tariff on Chinese steel."
    values = sorted(m.value for m in extract(text, dt.date(2025, 1, 1)))
    assert values == [25, 100]


def test_a_lifted_measure_and_a_standing_one_are_two_items() -> None:
    text = "Japan lifted its ban on U.S. beef in May. Japan still keeps its import ban on U.S. rice."
    statuses = sorted(m.status for m in extract(text, dt.date(1987, 6, 1)) if m.kind == "import_ban")
    assert statuses == ["in_force", "lifted"]


def test_words_of_one_kind_in_a_row_are_one_measure() -> None:
    text = "Beijing is scrapping the anti-dumping and countervailing duties on Australian barley."
    found = [(m.kind, m.actor, m.target, m.status) for m in extract(text, dt.date(2023, 8, 4))]
    assert found == [("tariff", "CHN", "AUS", "lifted")]

"""What a measure covers: the commodity (a category from triggers.toml) named by the
measure, never one named in the reason given for it."""

import datetime as dt

import pytest

from tracker.extract import extract

D2025 = dt.date(2025, 9, 1)


@pytest.mark.parametrize(
    ("sentence", "kind", "commodity"),
    [
        ("Washington imposed 25% tariffs on Brazilian steel over its trade practices.", "tariff", "metals"),
        ("The U.S. slapped 40% duties on Indonesia over its purchases of Russian oil.", "tariff", None),
        ("Japan banned imports of Iranian crude in response to its nuclear tests.", "import_ban", "crude oil"),
        ("Ottawa put 30% tariffs on Chinese goods because of its coal exports.", "tariff", "goods"),
    ],
)
def test_the_commodity_search_stops_at_the_reason(sentence: str, kind: str, commodity: str | None) -> None:
    found = [m for m in extract(sentence, D2025) if m.kind == kind]
    assert len(found) == 1
    assert found[0].commodity == commodity

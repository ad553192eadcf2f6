"""Countries as people type them: codes, alpha-2 codes, names and aliases, in any case."""

from __future__ import annotations

import pytest

from tracker.names import UnknownCountry, country_code, search_codes


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("JPN", "JPN"), ("jpn", "JPN"), ("JP", "JPN"), ("jp", "JPN"), ("Japan", "JPN"), ("JAPAN", "JPN"),
        ("US", "USA"), ("United States", "USA"), ("America", "USA"), ("Russia", "RUS"), ("UK", "GBR"),
        ("Türkiye", "TUR"), ("turkiye", "TUR"), ("Georgia", "GEO"), ("EU", "EU"), ("Soviet Union", "SUN"),
        ("  south   korea ", "KOR"), ("XKX", "XKX"),  # a code-like unknown is left for the database to judge
    ],
)
def test_a_country_is_its_code_however_it_is_typed(typed: str, code: str) -> None:
    assert country_code(typed) == code


@pytest.mark.parametrize("typed", ["Atlantis", "", "U$A", "x" * 300])
def test_text_that_names_no_country_says_what_to_type(typed: str) -> None:
    with pytest.raises(UnknownCountry, match="Japan"):
        country_code(typed)


def test_search_takes_short_codes_only_in_capitals() -> None:
    assert search_codes("US") == ["USA"]
    assert search_codes("us") == [] and search_codes("in") == []
    assert search_codes("IN") == ["IND"]
    assert search_codes("japanese") == ["JPN"] and search_codes("Kremlin") == ["RUS"]

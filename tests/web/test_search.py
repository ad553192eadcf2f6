"""Search as people use it: whole words, phrases, names and codes, ranked, dated and paged, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.web.conftest import _measure
from tracker.records import IncomingArticle
from tracker.store.articles import get_or_create_source, save_article
from tracker.store.db import write_session

PRICE_CAP = "The G7 agreed a price cap on Russian oil."
RICE = "Japan banned imports of American rice."
DUAL_USE = "Washington tightened controls on dual-use goods to Belarus."
CARS = "Türkiye raised tariffs on Chinese cars."
BANKS = "The EU extended its sanctions on Russian banks."


@pytest.fixture
def corpus(engine: sa.Engine, seeded):  # type: ignore[no-untyped-def]
    """The seeded ledger and five more reports, each written to catch one way search goes wrong."""
    stories = [
        ("a4", dt.date(2025, 10, 1), PRICE_CAP, {"kind": "price_cap", "actor": "G7", "target": "RUS", "commodity": "oil"}),
        ("a5", dt.date(2025, 10, 2), RICE, {"kind": "import_ban", "actor": "JPN", "target": "USA", "commodity": "rice"}),
        ("a6", dt.date(2025, 6, 1), DUAL_USE,
         {"kind": "export_control", "actor": "USA", "target": "BLR", "commodity": "dual-use goods"}),
        ("a7", dt.date(2025, 10, 3), CARS, {"kind": "tariff", "actor": "TUR", "target": "CHN", "commodity": "cars"}),
        ("a8", dt.date(2025, 10, 4), BANKS, {"kind": "sanction", "actor": "EU", "target": "RUS", "commodity": "banks"}),
    ]
    with write_session(engine) as session:
        src = get_or_create_source(session, "seed", "test:search", "search tests")
        for identity, day, text, fields in stories:
            save_article(session, src, IncomingArticle(identity, "", text, day),
                         [_measure(text, text, status="announced", **fields)], "test")
    return seeded


def search(client, q: str, **args: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    r = client.get("/search.json", query_string={"q": q, **args})
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def quotes(data: dict) -> list[str]:  # type: ignore[type-arg]
    return [e["quote"] for e in data["evidence"]]


def test_whole_words_only(client, corpus) -> None:  # type: ignore[no-untyped-def]
    data = search(client, "rice")
    assert quotes(data) == [RICE]  # not "price cap"
    assert [c["commodity"] for c in data["commodities"]] == ["rice"]
    assert quotes(search(client, "ban")) == []  # "banned", "banks" are other words...
    assert {RICE, BANKS} <= set(quotes(search(client, "ban*")))  # ...unless asked for by their start


def test_phrases(client, corpus) -> None:  # type: ignore[no-untyped-def]
    assert quotes(search(client, '"price cap"')) == [PRICE_CAP]
    assert quotes(search(client, '"cap price"')) == []
    assert quotes(search(client, "cap price")) == [PRICE_CAP]  # words in any order
    assert quotes(search(client, "dual use")) == [DUAL_USE]  # "dual-use" is the phrase "dual use"


def test_us_is_the_united_states_not_every_name_with_us_in_it(client, corpus) -> None:  # type: ignore[no-untyped-def]
    data = search(client, "US")
    assert data["countries"][0]["code"] == "USA"
    assert not {"AUS", "AUT", "BLR"} & {c["code"] for c in data["countries"]}
    assert DUAL_USE not in quotes(data)


@pytest.mark.parametrize("typed", ["Japan", "japan", "JPN", "JP", "Japanese"])
def test_countries_by_name_code_and_alias_come_first(client, corpus, typed: str) -> None:  # type: ignore[no-untyped-def]
    assert search(client, typed)["countries"][0]["code"] == "JPN"


def test_a_country_and_words_mean_that_countrys_reports(client, corpus) -> None:  # type: ignore[no-untyped-def]
    data = search(client, "Japan rice")
    assert data["countries"][0]["code"] == "JPN"
    assert [c["commodity"] for c in data["commodities"]] == ["rice"]
    assert quotes(data) == [RICE]
    assert quotes(search(client, "India rice")) == []
    assert search(client, "United States India")["ledgers"][0]["a"]["code"] == "USA"


def test_accents_and_case_do_not_matter(client, corpus) -> None:  # type: ignore[no-untyped-def]
    assert quotes(search(client, "turkiye")) == [CARS]
    assert quotes(search(client, "TÜRKIYE CARS")) == [CARS]


def test_ranked_countries_then_commodities_then_reports_newest_first(client, corpus) -> None:  # type: ignore[no-untyped-def]
    data = search(client, "tariff*")
    days = [e["reported_on"] for e in data["evidence"]]
    assert days == sorted(days, reverse=True) and days[0] == "2025-10-03"
    page = client.get("/search?q=Russian").get_data(as_text=True)
    assert page.index("Countries and blocs") < page.index("Reports") < page.index("Articles")
    assert "<time>2025-10-04</time>" in page  # every report and article shows its date


def test_pages_follow_to_the_last_match(app, client, corpus) -> None:  # type: ignore[no-untyped-def]
    app.config["PAGE_SIZE"] = 1
    everything = {e["id"] for e in search(client, "Russian")["evidence"]}
    seen, url = [], "/search.json?q=russian*"
    while url:
        data = client.get(url).get_json()
        seen += [e["id"] for e in data["evidence"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == 3 and everything <= set(seen)
    html = client.get("/search?q=russian*").get_data(as_text=True)
    assert 'rel="next"' in html and "after=" in html


def test_articles_are_searched_and_paged_too(app, client, corpus) -> None:  # type: ignore[no-untyped-def]
    data = search(client, "protested")  # in an article's text, in no report
    assert data["evidence"] == [] and [a["title"] for a in data["articles"]] == ["US tariff on steel"]
    app.config["PAGE_SIZE"] = 1
    first = search(client, "tariff*", **{"in": "articles"})
    assert len(first["articles"]) == 1 and first["next"] and "in=articles" in first["next"]
    assert client.get("/search?q=x&in=elsewhere").status_code == 400


def test_nothing_to_look_for_finds_nothing(client, corpus) -> None:  # type: ignore[no-untyped-def]
    for q in ("", "%%", '""', "*"):
        data = search(client, q)
        assert data["evidence"] == [] and data["countries"] == [], q

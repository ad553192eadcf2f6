"""Home page and search."""

from __future__ import annotations


def test_home_has_latest_pairs_counts_and_search(client, seeded):
    page = client.get("/").get_data(as_text=True)
    assert 'action="/search"' in page
    assert "import ban" in page and "tariff" in page and "sanction" in page
    assert 'href="/ledger/IND/USA"' in page  # most active pair, counted once
    assert 'type="application/atom+xml"' in page


def test_empty_home_says_how_to_fill_it(client):
    assert "tracker ingest" in client.get("/").get_data(as_text=True)


def test_search_finds_countries_by_name_code_and_alias(client, seeded):
    for q in ("India", "india", "IND"):
        page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
        assert 'href="/countries/IND"' in page, q


def test_search_for_two_countries_offers_their_ledger(client, seeded):
    page = client.get("/search?q=USA+India").get_data(as_text=True)
    assert 'href="/ledger/USA/IND"' in page


def test_search_finds_commodities_and_evidence_words(client, seeded):
    page = client.get("/search?q=steel").get_data(as_text=True)
    assert "/measures?commodity=steel" in page
    data = client.get("/search.json?q=protested").get_json()
    assert data["evidence"] == [] and [a["id"] for a in data["articles"]] == [seeded.articles[0]]
    assert "Nothing matches" in client.get("/search?q=embargoed").get_data(as_text=True)
    page = client.get("/search?q=raised its tariff").get_data(as_text=True)
    assert "Indian steel to 50%" in page


def test_search_treats_like_wildcards_literally(client, seeded):
    assert "Nothing matches" in client.get("/search?q=%25%25").get_data(as_text=True)

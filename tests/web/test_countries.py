"""The country page: partners ranked, pressure applied vs received by kind."""

from __future__ import annotations


def test_partners_and_pressure_by_kind(client, seeded):
    page = client.get("/countries/IND").get_data(as_text=True)
    assert "India" in page and "United States" in page
    assert 'href="/ledger/IND/USA"' in page
    data = client.get("/countries/IND.json").get_json()
    assert data["applied"] == {"import_ban": 1}
    assert data["received"] == {"tariff": 1}
    assert [p["code"] for p in data["partners"]] == ["USA"]
    assert data["partners"][0]["total"] == 2


def test_country_feeds_and_csv_follow_filters(client, seeded):
    csv_text = client.get("/countries/IND.csv?kind=tariff").get_data(as_text=True)
    assert csv_text.count("\r\n") == 2 and "tariff" in csv_text
    atom = client.get("/countries/IND.atom").get_data(as_text=True)
    assert atom.count("<entry>") == 2


def test_unknown_country_is_404_and_lower_case_redirects(client, seeded):
    assert client.get("/countries/QQQ").status_code == 404
    assert client.get("/countries/ind").headers["Location"].endswith("/countries/IND")

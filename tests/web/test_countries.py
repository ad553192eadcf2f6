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


def test_names_and_alpha2_codes_redirect_to_the_canonical_code(client, seeded):
    for typed in ("India", "india", "IN", "in"):
        r = client.get(f"/countries/{typed}?kind=tariff")
        assert r.status_code == 301, typed
        assert r.headers["Location"].endswith("/countries/IND?kind=tariff"), typed
    assert client.get("/countries/India.json").headers["Location"].endswith("/countries/IND.json")
    assert client.get("/ledger/United%20States/India").headers["Location"].endswith("/ledger/USA/IND")
    assert client.get("/ledger/US/IN.csv").headers["Location"].endswith("/ledger/USA/IND.csv")


def test_filters_take_names_and_redirect_to_codes(client, seeded):
    r = client.get("/measures?actor=United+States&target=in&kind=tariff")
    assert r.status_code == 301
    assert r.headers["Location"].endswith("/measures?kind=tariff&actor=USA&target=IND")
    assert client.get("/measures.json?actor=US").headers["Location"].endswith("/measures.json?actor=USA")


def test_an_unknown_country_is_a_clear_client_error(client, seeded):
    r = client.get("/countries/Atlantis")
    assert r.status_code == 404 and "Japan" in r.get_data(as_text=True)
    assert client.get("/ledger/USA/Atlantis").status_code == 404
    r = client.get("/measures?actor=Atlantis")
    assert r.status_code == 400 and "not a country" in r.get_data(as_text=True)
    assert client.get("/measures.json?target=Atlantis").get_json()["status"] == 400

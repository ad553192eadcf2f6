"""The explorer and the measure page."""

from __future__ import annotations

import csv
import io

from tests.web.conftest import STEEL_25, STEEL_50


def test_explorer_filters_by_actor_kind_status_and_commodity(client, seeded):
    assert [m["id"] for m in client.get("/measures.json?actor=USA").get_json()["measures"]] == [seeded.steel]
    assert [m["id"] for m in client.get("/measures.json?target=usa", follow_redirects=True).get_json()["measures"]] == [seeded.almonds]
    assert [m["id"] for m in client.get("/measures.json?kind=sanction").get_json()["measures"]] == [seeded.sanction]
    assert [m["id"] for m in client.get("/measures.json?status=in_force&commodity=steel").get_json()["measures"]] == [
        seeded.steel
    ]
    assert client.get("/measures.json?since=2026-01-01").get_json()["measures"] == []


def test_pages_are_stable_keyset_links_through_the_undated_tail(app, client, seeded):
    app.config["PAGE_SIZE"] = 1
    seen, url = [], "/measures.json"
    while url:
        data = client.get(url).get_json()
        seen += [m["id"] for m in data["measures"]]
        url = data["next"]
    # newest report first; the undated sanction last
    assert seen == [seeded.almonds, seeded.steel, seeded.sanction]
    html = client.get("/measures?sort=-reported").get_data(as_text=True)
    assert 'rel="next"' in html and "after=" in html


def test_every_sort_pages_through_everything(app, client, seeded):
    app.config["PAGE_SIZE"] = 2
    for sort in ("reported", "-announced", "announced", "-value", "value"):
        seen, url = [], f"/measures.json?sort={sort}"
        while url:
            data = client.get(url).get_json()
            seen += [m["id"] for m in data["measures"]]
            url = data["next"]
        assert sorted(seen) == sorted([seeded.steel, seeded.almonds, seeded.sanction]), sort


def test_explorer_csv_streams_all_matches_with_the_same_filters(client, seeded):
    rows = list(csv.reader(io.StringIO(client.get("/measures.csv?kind=tariff").get_data(as_text=True))))
    assert rows[0][0] == "id" and len(rows) == 2


def test_bad_explorer_parameters_say_what_is_wrong(client, seeded):
    for query, words in [
        ("kind=embargo", "Unknown kind"),
        ("status=x", "Unknown status"),
        ("sort=price", "Unknown sort"),
        ("after=nonsense", "page position"),
        ("since=2025-13-01", "YYYY-MM-DD"),
        ("since=2025-02-01&until=2025-01-01", "after"),
        ("actor=Q!", "not a country"),
        ("actor=QQQ", "No country"),
    ]:
        r = client.get(f"/measures?{query}")
        assert r.status_code == 400, query
        assert words in r.get_data(as_text=True), query


def test_measure_page_shows_history_from_evidence(client, seeded):
    page = client.get(f"/measures/{seeded.steel}").get_data(as_text=True)
    assert page.index(STEEL_25) < page.index(STEEL_50)  # oldest report first
    assert "25%" in page and "50%" in page and "changed" in page
    assert 'href="https://news.example/a1"' in page
    assert "javascript:" not in page  # an unsafe original link is dropped
    data = client.get(f"/measures/{seeded.steel}.json").get_json()
    assert [h["value"] for h in data["history"]] == [25.0, 50.0]
    assert data["history"][0]["article"]["url"] == "https://news.example/a1"


def test_missing_measure_is_404(client, seeded):
    assert client.get("/measures/999999").status_code == 404
    assert client.get("/measures/999999.json").get_json()["status"] == 404

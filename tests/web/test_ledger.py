"""The pair ledger: both directions, grouped by kind, chart, evidence, filters in the URL."""

from __future__ import annotations

import csv
import io

from tests.web.conftest import STEEL_25, STEEL_50


def test_ledger_shows_both_directions_with_evidence(client, seeded):
    page = client.get("/ledger/USA/IND").get_data(as_text=True)
    assert "United States → India" in page and "India → United States" in page
    assert "50%" in page and "steel" in page
    assert STEEL_25 in page and STEEL_50 in page
    assert "<details>" in page
    assert f'href="/measures/{seeded.steel}"' in page


def test_ledger_draws_an_inline_svg_timeline_with_tariff_rates(client, seeded):
    page = client.get("/ledger/USA/IND").get_data(as_text=True)
    # IND → USA comes first in code order: its colour is dir-a, USA → IND's dir-b, whichever side is first.
    assert "<svg" in page and 'class="rate dir-b"' in page
    assert "50%" in page.split("<svg", 1)[1]
    assert "style=" not in page  # the CSP forbids inline styles


def test_lower_case_codes_redirect_keeping_filters(client, seeded):
    r = client.get("/ledger/usa/ind?kind=tariff")
    assert r.status_code == 301
    assert r.headers["Location"].endswith("/ledger/USA/IND?kind=tariff")


def test_filters_by_kind_direction_and_dates(client, seeded):
    page = client.get("/ledger/USA/IND?kind=import_ban").get_data(as_text=True)
    assert "almonds" in page and "Indian steel" not in page
    page = client.get("/ledger/USA/IND?direction=forward").get_data(as_text=True)
    assert "Indian steel" in page and "American almonds" not in page
    page = client.get("/ledger/USA/IND?until=2025-08-15").get_data(as_text=True)
    assert "Indian steel" in page and "American almonds" not in page
    assert 'value="2025-08-15"' in page  # the form keeps what was asked


def test_csv_has_one_header_and_iso_dates(client, seeded):
    r = client.get("/ledger/IND/USA.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    tariff = next(row for row in rows if row["kind"] == "tariff")
    assert tariff["value"] == "50" and tariff["unit"] == "percent"
    assert tariff["first_reported_on"] == "2025-08-01" and tariff["last_reported_on"] == "2025-09-01"
    assert next(row for row in rows if row["kind"] == "import_ban")["commodity"] == "'=HYPERLINK(almonds)"


def test_json_carries_the_same_measures_and_evidence(client, seeded):
    data = client.get("/ledger/USA/IND.json?kind=tariff").get_json()
    assert [m["id"] for m in data["forward"]] == [seeded.steel]
    assert data["backward"] == []
    assert len(data["evidence"][str(seeded.steel)]) == 2


def test_unknown_code_bad_date_and_bad_direction_are_client_errors(client, seeded):
    assert client.get("/ledger/USA/XXX").status_code == 404
    assert client.get("/ledger/U$A/IND").status_code == 404
    r = client.get("/ledger/USA/IND?since=yesterday")
    assert r.status_code == 400 and "YYYY-MM-DD" in r.get_data(as_text=True)
    assert client.get("/ledger/USA/IND?direction=sideways").status_code == 400
    assert client.get("/ledger/USA/IND.json?status=maybe").get_json()["status"] == 400


def test_each_direction_shows_its_newest_measures_and_links_to_the_rest(client, engine, seeded, monkeypatch):
    import datetime as dt

    from tests.web.conftest import _measure
    from tracker.records import IncomingArticle
    from tracker.store.articles import get_or_create_source, save_article
    from tracker.store.db import write_session
    from tracker.web.views import ledger

    text = "Washington set a quota on Indian shrimp."
    with write_session(engine) as session:
        src = get_or_create_source(session, "seed", "test:web", "web tests")
        save_article(session, src, IncomingArticle("a4", "Quota", text, dt.date(2025, 10, 1)),
                     [_measure(text, text, kind="quota", actor="USA", target="IND", status="announced")], "test")
    monkeypatch.setattr(ledger, "DIRECTION_LIMIT", 1)
    page = client.get("/ledger/USA/IND").get_data(as_text=True)
    assert "Indian shrimp" in page and "Indian steel" not in page  # the newest only
    assert "/measures?actor=USA&amp;target=IND" in page
    assert "American almonds" in page  # the other direction is unaffected


def test_redirect_keeps_repeated_filters(client, seeded):
    r = client.get("/ledger/usa/ind?kind=tariff&kind=quota")
    assert r.headers["Location"].endswith("/ledger/USA/IND?kind=tariff&kind=quota")

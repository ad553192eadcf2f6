"""CSV, JSON and Atom renderings of the same listings."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_is_valid_with_stable_entry_ids(client, seeded):
    first = client.get("/ledger/USA/IND.atom")
    assert first.mimetype == "application/atom+xml"
    feed = ET.fromstring(first.data)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for tag in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
        assert entry.find(f"{ATOM}updated").text.endswith("Z")
    again = ET.fromstring(client.get("/measures.atom").data)
    ids = {e.find(f"{ATOM}id").text for e in again.findall(f"{ATOM}entry")}
    assert f"tag:tracker,2025:/measures/{seeded.steel}" in ids  # absolute only under web.public_url


def test_csv_neutralises_formulas_and_is_utf8(client, seeded):
    r = client.get("/measures.csv")
    assert r.mimetype_params["charset"].lower() == "utf-8"
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert len(rows) == 3
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell[:4].isdigit()


def test_json_dates_are_iso(client, seeded):
    m = client.get(f"/measures/{seeded.steel}.json").get_json()["measure"]
    assert m["announced_on"] == "2025-08-01" and m["url"] == f"/measures/{seeded.steel}"


def test_pages_link_their_other_formats(client, seeded):
    page = client.get("/measures?kind=tariff").get_data(as_text=True)
    assert "/measures.csv?kind=tariff" in page
    assert "/measures.json?kind=tariff" in page
    assert "/measures.atom?kind=tariff" in page


# --- Every page in every format, found by walking the app's routes -------------------------------

CONTENT_TYPES = {"html": "text/html", "json": "application/json", "csv": "text/csv", "atom": "application/atom+xml"}


def page_endpoints(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every page: the rules registered for HTML by `formats.route` (static files and the stylesheet are not pages)."""
    return sorted({r.endpoint for r in app.url_map.iter_rules() if (r.defaults or {}).get("fmt") == "html"})


def test_pages_are_found_by_walking_the_routes(app) -> None:  # type: ignore[no-untyped-def]
    endpoints = page_endpoints(app)
    assert {"pages.index", "pages.search", "ledger.pair", "countries.show", "measures.explore", "measures.show",
            "articles.show", "feeds.health"} <= set(endpoints)
    plain = [r.rule for r in app.url_map.iter_rules()
             if "GET" in (r.methods or ()) and r.endpoint not in endpoints and r.endpoint not in ("static", "styles.kinds")]
    assert plain == [], "serve pages through tracker.web.formats.route, so that they have every format"


def sample_args(rule, seeded) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A value for each part of a route's path: real ids and codes from the seeded ledger."""
    known: dict[str, object] = {"code": "IND", "a": "USA", "b": "IND", "measure_id": seeded.steel,
                                "article_id": seeded.articles[1]}
    out: dict[str, object] = {}
    for name in rule.arguments - {"fmt"}:
        converter = type(rule._converters.get(name)).__name__ if name in rule._converters else ""
        out[name] = known.get(name, seeded.steel if converter == "IntegerConverter" else "USA")
    return out


def test_every_page_answers_in_every_format_with_its_content_type(app, client, seeded) -> None:  # type: ignore[no-untyped-def]
    from flask import url_for
    from werkzeug.routing import BuildError

    problems = []
    for endpoint in page_endpoints(app):
        rule = next(r for r in app.url_map.iter_rules(endpoint) if (r.defaults or {}).get("fmt") == "html")
        args = sample_args(rule, seeded)
        for fmt, mimetype in CONTENT_TYPES.items():
            with app.test_request_context():
                try:
                    url = url_for(endpoint, fmt=fmt, **args)
                except BuildError:
                    problems.append(f"{rule.rule} has no .{fmt}")
                    continue
            r = client.get(url, follow_redirects=True)
            if r.status_code != 200 or r.mimetype != mimetype:
                problems.append(f"{url}: {r.status_code} {r.mimetype}, not 200 {mimetype}")
            elif fmt in ("csv", "json", "html"):
                assert (r.mimetype_params.get("charset") or "utf-8").lower() == "utf-8", url
            if fmt == "csv" and r.status_code == 200:
                with_bom = client.get(url, query_string={"bom": "1"}, follow_redirects=True).get_data(as_text=True)
                if not with_bom.startswith("\ufeff") or with_bom[1:] != r.get_data(as_text=True):
                    problems.append(f"{url}?bom=1 is not the same CSV after a byte-order mark")
    assert problems == []


def test_measure_listings_download_their_evidence(client, seeded) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/ledger/USA/IND.csv?evidence=1&kind=tariff")
    assert r.status_code == 200 and 'filename="ledger-USA-IND-evidence.csv"' in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [(row["id"], row["reported_on"], row["evidence_value"]) for row in rows] == [
        (str(seeded.steel), "2025-08-01", "25"), (str(seeded.steel), "2025-09-01", "50")]
    first = rows[0]
    assert first["quote"] == "Washington imposed a 25% tariff on Indian steel."
    assert (first["article_title"], first["article_url"], first["publisher"]) == (
        "US tariff on steel", "https://news.example/a1", "web tests")
    ban = list(csv.DictReader(io.StringIO(client.get("/ledger/USA/IND.csv?evidence=1&kind=import_ban").get_data(as_text=True))))
    assert ban[0]["commodity"] == "'=HYPERLINK(almonds)"  # the evidence download is as formula-safe
    assert client.get("/measures.csv?evidence=maybe").status_code == 400


def test_the_search_lists_its_reports_in_csv_and_atom(client, seeded) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv?q=indian+steel").get_data(as_text=True))))
    assert [row["reported_on"] for row in rows] == ["2025-09-01", "2025-08-01"]  # newest first, as on the page
    feed = ET.fromstring(client.get("/search.atom?q=indian+steel").data)
    ids = [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    assert len(ids) == 2 and all(i.startswith(f"tag:tracker,2025:/measures/{seeded.steel}#e") for i in ids)


def test_pages_say_how_to_open_the_csv_in_excel(client, seeded) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/ledger/USA/IND").get_data(as_text=True)
    assert "/ledger/USA/IND.csv?bom=1" in page and "Excel" in page
    assert "/ledger/USA/IND.csv?evidence=1" in page

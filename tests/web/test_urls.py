"""Links and redirects are built from validated filters only, and absolute only from the configured public URL.

The query string once went into `url_for` as keyword arguments: `?fmt=x`, `?_anchor=x`,
`?a=x` or `?code=x` were 500s, and `?_external=1` made every link absolute with whatever
Host the request carried.
"""

from __future__ import annotations

import itertools
import re
from xml.etree import ElementTree as ET

from tracker.web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
RESERVED = ["fmt", "_anchor", "_method", "_scheme", "_external", "a", "b", "code", "endpoint", "values"]
PAGES = ["/ledger/USA/IND", "/ledger/usa/ind", "/countries/IND", "/countries/ind", "/measures",
         "/measures?after=2025-09-01~1"]


def test_reserved_query_names_are_ignored_not_500(client, seeded):
    for name, page, suffix in itertools.product(RESERVED, PAGES, ["", ".csv", ".json", ".atom"]):
        path, _, query = page.partition("?")
        url = f"{path}{suffix}?{query + '&' if query else ''}{name}=1"
        response = client.get(url)
        assert response.status_code in (200, 301), (url, response.status_code)
        response.get_data()  # a streamed CSV fails while it is read
        location = response.headers.get("Location", "")
        assert not location.startswith(("http:", "https:", "//")), location


def test_external_in_the_query_makes_nothing_absolute(client, seeded):
    page = client.get("/measures?_external=1&kind=tariff", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in page
    assert not re.search(r'href="https?:', page.replace('href="https://news.example', ""))
    moved = client.get("/countries/ind?_external=1&kind=tariff", headers={"Host": "evil.example"})
    assert moved.status_code == 301 and moved.headers["Location"] == "/countries/IND?kind=tariff"


def test_links_keep_the_validated_filters_and_drop_the_rest(client, seeded):
    page = client.get("/measures?kind=tariff&status=in_force&fmt=x&junk=1").get_data(as_text=True)
    assert "/measures.csv?kind=tariff&amp;status=in_force" in page
    assert "junk" not in page and "fmt=" not in page


def test_next_and_first_page_links_are_built_from_the_filters(client, seeded):
    data = client.get("/measures.json?sort=reported&_anchor=x").get_json()
    assert data["next"] is None and data["first"] is None
    app_page = client.get("/measures.json?kind=tariff&after=2025-09-01~99999&code=x").get_json()
    assert app_page["first"] == "/measures.json?kind=tariff"


def _atom_links(feed: ET.Element) -> list[str]:
    found = [feed.find(f"{ATOM}id").text]
    found += [link.get("href") for link in feed.iter(f"{ATOM}link")]
    found += [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]
    return found


def test_atom_never_trusts_the_host_header(client, seeded):
    feed = ET.fromstring(client.get("/ledger/USA/IND.atom", headers={"Host": "evil.example"}).data)
    links = _atom_links(feed)
    assert links and not any("evil.example" in link or link.startswith("http") for link in links), links


def test_atom_links_are_absolute_under_the_public_url(settings, engine, seeded):
    app = create_app(settings.with_overrides(web={"public_url": "https://tracker.example/base/"}), engine=engine,
                     test_config={"TESTING": True})
    feed = ET.fromstring(app.test_client().get("/ledger/USA/IND.atom?kind=tariff", headers={"Host": "evil.example"}).data)
    links = _atom_links(feed)
    assert all(link.startswith("https://tracker.example/base/") for link in links), links
    assert feed.find(f"{ATOM}id").text == "https://tracker.example/base/ledger/USA/IND.atom?kind=tariff"
    assert f"https://tracker.example/base/measures/{seeded.steel}" in links


def test_the_host_is_checked_against_the_allowed_names_when_some_are_set(settings, engine, seeded):
    app = create_app(settings.with_overrides(web={"allowed_hosts": "tracker.example, localhost"}), engine=engine,
                     test_config={"TESTING": True})
    client = app.test_client()
    assert client.get("/", headers={"Host": "tracker.example"}).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/measures.atom", headers={"Host": "evil.example"}).status_code == 400

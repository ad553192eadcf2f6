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

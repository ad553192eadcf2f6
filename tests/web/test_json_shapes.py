"""Every JSON page is documented in tracker/web/static/openapi.json, and answers as documented.

One test per shape: each documented path is fetched on the seeded ledger (with a feed and
a run, so no list is empty) and checked key by key against its schema, undocumented keys
included (`tests.support.schema`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import tracker.web
from tests.support.schema import errors
from tracker.tabular import COLUMN_NAMES

OPENAPI = json.loads((Path(tracker.web.__file__).parent / "static" / "openapi.json").read_text(encoding="utf-8"))
PATHS = sorted(OPENAPI["paths"])


def documented_path(rule: str) -> str:
    """/ledger/<a>/<b>.<any(csv,json,atom):fmt> -> /ledger/{a}/{b}.json"""
    path = rule.split(".<", 1)[0] + ".json"
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", path)


def test_every_json_page_is_documented(app) -> None:  # type: ignore[no-untyped-def]
    served = {documented_path(r.rule) for r in app.url_map.iter_rules() if "fmt" in r.arguments and not r.defaults}
    assert served - set(PATHS) == set(), "document these in tracker/web/static/openapi.json"
    assert set(PATHS) - served == set(), "openapi.json documents pages the app does not serve"


@pytest.fixture
def lively(seeded, engine):  # type: ignore[no-untyped-def]
    """The seeded ledger, a feed and a finished run, so that every list in every shape has an item."""
    from tracker.store import feeds
    from tracker.store.runs import finish_run, start_run

    feeds.add_feed(engine, "https://news.example/feed.xml", name="Example news")
    run = start_run(engine, "feeds")
    finish_run(engine, run, {"entries_seen": 3, "articles_new": 2, "articles_duplicate": 1}, [])
    return seeded


@pytest.mark.parametrize("path", PATHS)
def test_the_json_shape_of(path: str, client, lively) -> None:  # type: ignore[no-untyped-def]
    values = {"code": "IND", "a": "USA", "b": "IND", "measure_id": lively.steel, "article_id": lively.articles[1]}
    url = path.format(**values) + ("?q=indian+steel" if path == "/search.json" else "")
    r = client.get(url)
    assert r.status_code == 200, url
    schema = OPENAPI["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    data = r.get_json()
    assert errors(data, schema, OPENAPI) == []
    assert any(isinstance(v, list) and v for v in data.values()), "the sample shows no list item: seed more"


def test_the_json_shape_of_an_error(client, seeded) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/measures/424242.json")
    assert r.status_code == 404
    assert errors(r.get_json(), {"$ref": "#/components/schemas/Error"}, OPENAPI) == []


def test_the_measure_schema_is_the_download_columns() -> None:
    documented = list(OPENAPI["components"]["schemas"]["Measure"]["properties"])
    assert documented == [*COLUMN_NAMES, "url"]


def test_the_checker_finds_undocumented_and_missing_keys() -> None:
    schema = {"$ref": "#/components/schemas/Error"}
    assert errors({"error": "x", "status": 404, "extra": 1}, schema, OPENAPI) == ["$: 'extra' is not documented"]
    assert errors({"error": "x"}, schema, OPENAPI) == ["$: lacks 'status'"]
    assert errors({"error": 1, "status": True}, schema, OPENAPI) != []

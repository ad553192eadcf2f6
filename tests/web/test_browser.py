"""The whole journey in a real headless Chromium: search, country, ledger, evidence, CSV.

Runs the real app on a free local port over the seed article as the real
pipeline stores it (and a US–Japan ledger with one far older measure, the case
that once squeezed a chart), and fails on any console or page error (a CSP
violation included). Every page is then laid out at a laptop's width (1,280 px)
and a phone's (390 px) and checked by `layout_check.LAYOUT_JS`. Skips only outside
CI when Playwright or Chromium is missing.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from tests.web.conftest import _measure
from tests.web.layout_check import LAYOUT_JS
from tracker.ingest.pipeline import ingest_seeds
from tracker.records import IncomingArticle
from tracker.store.articles import get_or_create_source, save_article
from tracker.store.db import write_session

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TRACKER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def store_us_japan(engine: sa.Engine) -> None:
    """A 1983 quota and a run of 1987 tariff reports with rising rates, both directions."""
    import datetime as dt

    reports = [("jp-1983", dt.date(1983, 5, 2), "Washington set a quota on Japanese motorcycles.",
                {"kind": "quota", "actor": "USA", "target": "JPN", "commodity": "motorcycles"})]
    for i in range(8):
        day = dt.date(1987, 3, 1) + dt.timedelta(days=19 * i)
        reports.append((f"jp-1987-{i}", day, f"The United States raised its tariff on Japanese chips to {25 + 10 * i}%.",
                        {"kind": "tariff", "actor": "USA", "target": "JPN", "commodity": "semiconductors",
                         "value": 25.0 + 10 * i, "unit": "percent"}))
    reports.append(("jp-1987-r", dt.date(1987, 6, 1), "Tokyo banned imports of American beef in response.",
                    {"kind": "import_ban", "actor": "JPN", "target": "USA", "commodity": "beef"}))
    with write_session(engine) as session:
        source = get_or_create_source(session, "seed", "test:browser", "browser tests")
        for identity, day, text, fields in reports:
            save_article(session, source, IncomingArticle(identity, "", text, day),
                         [_measure(text, text, status="in_force", date=day, **fields)], "test")


@pytest.fixture
def live_url(settings, engine: sa.Engine) -> Iterator[str]:  # type: ignore[no-untyped-def]
    stats = ingest_seeds(engine, REPO_ROOT / "seeds", progress=False)
    assert not stats.errors, stats.errors
    store_us_japan(engine)
    from tracker.web import create_app

    app = create_app(settings, engine=engine)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture
def browser_page():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        yield page, problems
        context.close()
        browser.close()


def test_search_to_ledger_evidence_and_csv(live_url: str, browser_page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page, problems = browser_page
    page.goto(live_url + "/")
    expect(page.locator("h2", has_text="Latest measures")).to_be_visible()

    page.fill("#q", "India")
    page.click(".big-search button[type=submit]")
    page.wait_for_url("**/search?q=India")
    page.click("text=India (IND)")
    page.wait_for_url("**/countries/IND")
    expect(page.locator("h1")).to_contain_text("India")

    page.click("a[href='/ledger/IND/USA']")
    page.wait_for_url("**/ledger/IND/USA")
    page.click("text=Swap sides")
    page.wait_for_url("**/ledger/USA/IND")
    expect(page.locator("h1")).to_contain_text("United States")

    section = page.locator("section.direction", has_text="United States → India")
    row = section.locator("tr.measure", has_text="50%")
    expect(row).to_be_visible()
    expect(row).to_contain_text("in force")
    chart = page.locator("figure.chart svg.chart-wide")
    expect(chart).to_be_visible()
    assert chart.locator("circle.mark").count() >= 1
    assert chart.bounding_box()["width"] > 200  # type: ignore[index]

    evidence = section.locator("details", has_text="Evidence").first
    evidence.locator("summary").click()
    expect(evidence.locator("q").first).to_contain_text("50% tariffs on India")

    with page.expect_download() as download_info:
        page.click("text=Download CSV")
    path = download_info.value.path()
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("id,kind,actor,")
    assert any(",tariff,USA," in line and ",50," in line for line in lines[1:])

    with page.expect_download() as download_info:
        page.click("text=CSV for Excel")
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b"id,kind,actor,")  # a byte-order mark, then the same file
    assert raw[3:] == Path(path).read_bytes()

    page.goto(live_url + "/ledger/USA/IND?kind=tariff&direction=forward")
    expect(page.locator("select[name=kind]")).to_have_value("tariff")
    assert problems == [], problems


def _fill(page, lane: str) -> str:  # type: ignore[no-untyped-def]
    label = page.locator("svg.chart-wide text.lane-label", has_text=lane)
    return str(label.evaluate("el => getComputedStyle(el).fill"))


def test_a_direction_keeps_its_colour_when_the_sides_are_swapped(live_url: str, browser_page) -> None:  # type: ignore[no-untyped-def]
    page, problems = browser_page
    page.goto(live_url + "/ledger/USA/JPN")
    before = (_fill(page, "USA → JPN"), _fill(page, "JPN → USA"))
    line = page.locator("svg.chart-wide polyline.rate").first.evaluate("el => getComputedStyle(el).stroke")
    page.click("text=Swap sides")
    page.wait_for_url("**/ledger/JPN/USA")
    assert (_fill(page, "USA → JPN"), _fill(page, "JPN → USA")) == before and before[0] != before[1]
    assert page.locator("svg.chart-wide polyline.rate").first.evaluate("el => getComputedStyle(el).stroke") == line
    assert problems == [], problems


PAGES = ("/", "/search?q=India", "/search?q=tariff*", "/countries/IND", "/countries/JPN", "/ledger/USA/IND",
         "/ledger/IND/USA", "/ledger/USA/JPN", "/ledger/JPN/USA", "/measures", "/feeds")


def test_every_page_fits_a_laptop_and_a_phone(live_url: str, browser_page) -> None:  # type: ignore[no-untyped-def]
    page, problems = browser_page
    page.goto(live_url + "/ledger/USA/JPN")
    details = [page.locator("a.kind, td a[href^='/measures/']").first.get_attribute("href")]
    page.goto(live_url + "/search?q=chips")
    details.append(page.locator("ul.hits a[href^='/articles/']").first.get_attribute("href"))
    found: list[str] = []
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for path in (*PAGES, *(d for d in details if d)):
            page.goto(live_url + path)
            found += [f"{width}px {path}: {p}" for p in page.evaluate(LAYOUT_JS)]
    assert found == []
    # The chart of the US–Japan ledger sets 1983 apart: the 1987 marks spread over the axis.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_url + "/ledger/USA/JPN")
    outlier = page.locator("svg.chart-wide text.tick.outlier")
    assert outlier.count() == 1 and outlier.text_content() == "1983"
    marks = page.locator("svg.chart-wide circle.mark").evaluate_all("els => els.map(e => +e.getAttribute('cx'))")
    assert max(marks) - sorted(marks)[1] > 300
    assert problems == [], problems

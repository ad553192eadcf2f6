"""The whole journey in a real headless Chromium: search, country, ledger, evidence, CSV.

Runs the real app on a free local port over the seed article as the real
pipeline stores it, and fails on any console or page error (a CSP violation
included). Skips only outside CI when Playwright or Chromium is missing.
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

from tracker.ingest.pipeline import ingest_seeds

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


@pytest.fixture
def live_url(settings, engine: sa.Engine) -> Iterator[str]:  # type: ignore[no-untyped-def]
    stats = ingest_seeds(engine, REPO_ROOT / "seeds", progress=False)
    assert not stats.errors, stats.errors
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
    chart = page.locator("figure.chart svg")
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

    page.goto(live_url + "/ledger/USA/IND?kind=tariff&direction=forward")
    expect(page.locator("select[name=kind]")).to_have_value("tariff")
    assert problems == [], problems


def test_an_editor_corrects_a_measure_and_readers_see_it(live_url: str, engine: sa.Engine, browser_page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from tracker.store.accounts import add_user

    add_user(engine, "editor", "editor", "a long enough password", "test")
    page, problems = browser_page
    page.goto(live_url + "/login")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "a long enough password")
    page.click("form.login button[type=submit]")
    page.wait_for_url(live_url + "/")
    expect(page.locator("header .account")).to_contain_text("editor")

    [tariff] = [m for m in page.request.get(live_url + "/ledger/USA/IND.json").json()["forward"] if m["kind"] == "tariff"]
    page.goto(f"{live_url}/measures/{tariff['id']}")
    form = page.locator("form.correct")
    form.locator("input[name=target]").fill("CHN")
    form.locator("input[name=reason]").fill("the article speaks of China")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_url}/measures/{tariff['id']}")
    expect(page.locator(".lede")).to_contain_text("China")
    expect(page.locator("dl.facts")).to_contain_text("corrected")
    expect(page.locator("#review-history")).to_contain_text("the article speaks of China")

    page.goto(live_url + "/ledger/USA/CHN")
    row = page.locator("section.direction", has_text="United States → China").locator("tr.measure", has_text="50%")
    expect(row).to_be_visible()
    expect(row).to_contain_text("corrected")
    with page.expect_download() as download_info:
        page.click("text=Download CSV")
    lines = Path(download_info.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",review,retired")
    assert any(",tariff,USA,United States,CHN,China," in line and ",corrected," in line for line in lines[1:])

    page.click("header .account button:has-text('Log out')")
    page.wait_for_url(live_url + "/")
    expect(page.locator("header .account")).to_contain_text("Log in")
    page.goto(f"{live_url}/measures/{tariff['id']}")
    expect(page.locator("dl.facts")).to_contain_text("corrected")
    assert page.locator("form.correct").count() == 0 and page.locator("#review").count() == 0
    assert problems == [], problems

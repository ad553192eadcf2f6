"""The whole journey in a real headless Chromium: search, country, ledger, evidence, CSV.

Runs the real app on a free local port over the seed article as the real
pipeline stores it, and fails on any console or page error (a CSP violation
included). Skips only outside CI when Playwright or Chromium is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from tests.support.reports import OVER, Newsroom, seed_like
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


@contextlib.contextmanager
def serving(settings, engine: sa.Engine) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The real app on a free local port, for as long as the block runs."""
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
def live_url(settings, engine: sa.Engine) -> Iterator[str]:  # type: ignore[no-untyped-def]
    stats = ingest_seeds(engine, REPO_ROOT / "seeds", progress=False)
    assert not stats.errors, stats.errors
    with serving(settings, engine) as url:
        yield url


@pytest.fixture
def live_chain_url(settings, engine: sa.Engine) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The seed's chain stored through the store as the extractor is to read it (never by extraction)."""
    seed_like(Newsroom(engine))
    with serving(settings, engine) as url:
        yield url


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
    chart = page.locator("figure#chart svg")
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


def test_from_the_ledger_through_the_chain_to_the_other_pair_and_back(live_chain_url: str, browser_page) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page, problems = browser_page
    page.goto(live_chain_url + "/ledger/USA/IND")
    section = page.locator("section.direction", has_text="United States → India")
    row = section.locator("tr.measure", has_text="50%")
    expect(row).to_contain_text("in force")
    expect(row).to_contain_text("late Aug 2025")
    reason = section.locator("li.reason-reason")
    expect(reason).to_contain_text("over: India ← ")
    expect(reason.locator("q")).to_have_text(OVER)

    reason.locator("a").click()
    page.wait_for_url("**/ledger/IND/RUS#m*")
    expect(page.locator("h1")).to_contain_text("India")
    purchase = page.locator("section.direction", has_text="India → ").locator("tr.measure", has_text="arms and energy")
    expect(purchase).to_be_visible()
    answer = page.locator("li.reason-answer")
    expect(answer).to_contain_text("taken over it: United States → India")

    answer.locator("a").click()
    page.wait_for_url("**/ledger/USA/IND#m*")
    expect(page.locator("section.direction", has_text="United States → India").locator("tr.measure")).to_contain_text("50%")

    page.click("text=Chains")
    page.wait_for_url("**/chains")
    chain = page.locator("tr.chain")
    expect(chain).to_contain_text("United States → India")
    chain.locator("a.chain-reason").click()
    page.wait_for_url("**/ledger/IND/RUS#m*")

    page.goto(live_chain_url + "/ledger/USA/IND?as_of=2025-07-01")
    expect(page.locator("p.as-of")).to_be_visible()
    assert page.locator("tr.measure").count() == 0
    assert problems == [], problems

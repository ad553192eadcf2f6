"""The home page (latest measures, busiest pairs, counts by kind) and search."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Blueprint, current_app

from tracker.store.exports import stream_report_rows
from tracker.store.listing import MeasureFilter, measure_page
from tracker.store.lookup import EvidenceSearch, find_evidence
from tracker.store.summaries import kind_counts, recent_active_pairs
from tracker.tabular import REPORT_COLUMNS, REPORT_SOURCES, csv_chunks
from tracker.web import atom, params
from tracker.web.db import session
from tracker.web.formats import HTML, Extra, Found, Listing, current_format, page_url, route
from tracker.web.search import SCOPES
from tracker.web.search import evidence_search as reports_for
from tracker.web.search import search as run_search

bp = Blueprint("pages", __name__)
COUNTS_TTL_SECONDS = 60
LATEST = 25


@dataclasses.dataclass(frozen=True)
class ActivePair:
    """Two actors (in code order) and how many of the latest measures are between them."""

    a: str
    b: str
    measures: int


def _kind_counts() -> dict[str, int]:
    """Counts by kind read the whole table, so they are cached for a minute."""
    cached = current_app.extensions.get("tracker_kind_counts")
    now = time.monotonic()
    if cached is None or now - cached[0] > COUNTS_TTL_SECONDS or current_app.testing:
        cached = (now, kind_counts(session()))
        current_app.extensions["tracker_kind_counts"] = cached
    return cached[1]


@route(bp, "/")
def index() -> Found:
    db = session()
    return Found(
        template="index.html",
        title="Latest measures",
        filename="measures",
        measures=MeasureFilter(),
        data={
            "latest": measure_page(db, MeasureFilter(), limit=LATEST).measures,
            "pairs": [ActivePair(a, b, n) for a, b, n in recent_active_pairs(db)],
            "kind_counts": _kind_counts(),
        },
    )


def _search_listing(reports: EvidenceSearch) -> Listing:
    """A search lists the reports it finds: every one in the CSV, the newest in Atom."""

    def chunks(bind: sa.Engine, bom: bool) -> Iterator[str]:
        rows = stream_report_rows(bind, REPORT_SOURCES, matching=reports)
        return csv_chunks(rows, columns=REPORT_COLUMNS, bom=bom)

    def entries() -> list[atom.Entry]:
        found = find_evidence(session(), reports, limit=atom.ENTRIES)
        return [atom.report_entry(e, m, a) for e, m, a in found.rows]

    return Listing(chunks, entries)


@route(bp, "/search")
def search() -> Found:
    text = params.search_text()
    scope = params.search_scope(SCOPES)
    after = params.day_cursor()
    results = run_search(session(), text, scope=scope, after=after, limit=current_app.config["PAGE_SIZE"])
    fmt = current_format()
    unpaged = params.validated_query()
    return Found(
        template="search.html",
        title=f"Search: {results.query}" if results.query else "Search",
        filename="search",
        listing=_search_listing(reports_for(text)),
        data={
            "query": results.query,
            "scope": results.scope,
            "countries": results.countries,
            "ledgers": results.ledgers,
            "commodities": results.commodities,
            "evidence": results.evidence,
            "articles": results.articles,
            "next": page_url("pages.search", {**unpaged, "after": params.cursor_param(results.next)}, fmt=fmt)
            if results.next else None,
            "first": page_url("pages.search", unpaged, fmt=fmt) if after else None,
        },
        extras={"empty": Extra(lambda: results.empty, HTML)},
    )

"""The home page (latest measures, busiest pairs, counts by kind) and search."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, render_template, request

from tracker.store.listing import MeasureFilter, measure_page
from tracker.store.summaries import kind_counts, recent_active_pairs
from tracker.web.db import session
from tracker.web.search import search as run_search

bp = Blueprint("pages", __name__)
COUNTS_TTL_SECONDS = 60


def _kind_counts() -> dict[str, int]:
    """Counts by kind read the whole table, so they are cached for a minute."""
    cached = current_app.extensions.get("tracker_kind_counts")
    now = time.monotonic()
    if cached is None or now - cached[0] > COUNTS_TTL_SECONDS or current_app.testing:
        cached = (now, kind_counts(session()))
        current_app.extensions["tracker_kind_counts"] = cached
    return cached[1]


@bp.get("/")
def index() -> str:
    db = session()
    latest = measure_page(db, MeasureFilter(), limit=25).measures
    return render_template(
        "index.html", latest=latest, pairs=recent_active_pairs(db), kind_counts=_kind_counts()
    )


@bp.get("/search")
def search() -> str:
    query = request.args.get("q", "")
    results = run_search(session(), query)
    return render_template("search.html", results=results)

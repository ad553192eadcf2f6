"""The feed health page: every feed's state at a glance, and the latest runs with their errors."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, render_template

from tracker.store.feeds import list_feeds
from tracker.store.runs import recent_runs
from tracker.store.types import utcnow
from tracker.web.db import engine, session

bp = Blueprint("feeds", __name__)

RECENT_RUNS = 20


@bp.get("/feeds")
def health() -> str:
    feeds = list_feeds(engine())
    runs = recent_runs(session(), "feeds", RECENT_RUNS)
    by_status = Counter(f.status for f in feeds)
    return render_template("feeds.html", feeds=feeds, runs=runs, by_status=by_status, now=utcnow())

"""The feed health page: every feed's state at a glance, and the latest runs with their errors."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from flask import Blueprint, render_template

from tracker.ingest.feeds.registry import list_feeds
from tracker.store.models import IngestRun
from tracker.store.types import utcnow
from tracker.web.db import engine, session

bp = Blueprint("feeds", __name__)

RECENT_RUNS = 20


@bp.get("/feeds")
def health() -> str:
    feeds = list_feeds(engine())
    runs = session().scalars(
        sa.select(IngestRun).where(IngestRun.kind == "feeds").order_by(IngestRun.started_at.desc(), IngestRun.id.desc()).limit(RECENT_RUNS)
    ).all()
    by_status = Counter(f.status for f in feeds)
    return render_template("feeds.html", feeds=feeds, runs=runs, by_status=by_status, now=utcnow())

"""The feed health page: every feed's state at a glance, and the latest runs with their errors.

As a listing, it is the feeds (one CSV row each) and, in Atom, the latest runs: subscribe
to be told when fetching starts failing. In every format, feed addresses, errors and run
logs are shown with their secrets masked (`tracker.redaction`), as the CLI shows them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app

from tracker.redaction import Redactor
from tracker.store.feeds import FeedState, list_feeds
from tracker.store.models import IngestRun
from tracker.store.runs import recent_runs
from tracker.store.types import utcnow
from tracker.tabular import table_chunks
from tracker.web import atom
from tracker.web.db import engine, session
from tracker.web.formats import HTML, RUN_FIELDS, Extra, Found, Listing, route

bp = Blueprint("feeds", __name__)

RECENT_RUNS = 20
FEED_COLUMNS = tuple(f.name for f in dataclasses.fields(FeedState))


def _redactor() -> Redactor:
    return Redactor.from_setting(current_app.config["TRACKER_SETTINGS"].feeds.secret_parameters)


def _masked(feed: FeedState, redactor: Redactor) -> FeedState:
    def text(value: str | None) -> str | None:
        return redactor.text(value) if value else value

    return dataclasses.replace(feed, url=redactor.text(feed.url), last_error=text(feed.last_error),
                               last_warning=text(feed.last_warning))


def _run(run: IngestRun, redactor: Redactor) -> dict[str, Any]:
    record = {name: getattr(run, name) for name in RUN_FIELDS}
    record["error_log"] = redactor.text(run.error_log) if run.error_log else run.error_log
    return record


@route(bp, "/feeds")
def health() -> Found:
    redactor = _redactor()
    feeds = [_masked(f, redactor) for f in list_feeds(engine())]
    runs = recent_runs(session(), "feeds", RECENT_RUNS)

    def _chunks(bind: sa.Engine, bom: bool) -> Iterator[str]:
        rows = ([getattr(f, name) for name in FEED_COLUMNS] for f in (_masked(f, redactor) for f in list_feeds(bind)))
        return table_chunks(FEED_COLUMNS, rows, bom=bom)

    return Found(
        template="feeds.html",
        title="Feed health",
        filename="feeds",
        listing=Listing(_chunks, lambda: [atom.run_entry(r) for r in runs]),
        data={"feeds": feeds, "runs": [_run(r, redactor) for r in runs], "by_status": dict(Counter(f.status for f in feeds))},
        extras={"now": Extra(utcnow, HTML)},
    )

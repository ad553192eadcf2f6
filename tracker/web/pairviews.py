"""Ledger views, counted cheaply: in memory per process, written to the store now and then.

The review queue puts the pairs readers open most first (`tracker.store.queue`). Counting
costs one dict update per ledger page; a daemon thread adds the counts to the database
every `auth.views_flush_seconds` (a test app writes them at once). Views counted since the
last write are lost if the process dies: a count of interest, not a record.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter

import sqlalchemy as sa
from flask import Flask, current_app

from tracker.store.db import write_session
from tracker.store.queue import add_pair_views, pair

log = logging.getLogger(__name__)


class ViewCounter:
    def __init__(self, engine: sa.Engine, flush_seconds: float, immediate: bool):
        self.engine, self.flush_seconds, self.immediate = engine, flush_seconds, immediate
        self.counts: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def count(self, a: str, b: str) -> None:
        with self.lock:
            self.counts[pair(a, b)] += 1
            start = not self.immediate and self.thread is None
            if start:
                self.thread = threading.Thread(target=self._run, name="tracker-pair-views", daemon=True)
        if self.immediate:
            self.flush()
        elif start and self.thread is not None:
            self.thread.start()

    def flush(self) -> None:
        with self.lock:
            counts, self.counts = self.counts, Counter()
        if not counts:
            return
        try:
            with write_session(self.engine) as session:
                add_pair_views(session, counts)
        except Exception as exc:  # a count of interest: never worth failing a page or the thread for
            log.warning("ledger views not recorded: %s", exc)

    def _run(self) -> None:
        stop = threading.Event()
        while not stop.wait(self.flush_seconds):
            self.flush()


def init_app(app: Flask, engine: sa.Engine) -> None:
    settings = app.config["TRACKER_SETTINGS"]
    app.extensions["tracker_views"] = ViewCounter(engine, settings.auth.views_flush_seconds, app.testing)


def count_ledger_view(a: str, b: str) -> None:
    counter: ViewCounter = current_app.extensions["tracker_views"]
    counter.count(a, b)

"""A read session per request, closed when the request ends."""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, g

from tracker.store.db import open_read_session


def engine() -> sa.Engine:
    bound: sa.Engine = current_app.extensions["tracker_engine"]
    return bound


def session() -> so.Session:
    if "db_session" not in g:
        g.db_session = open_read_session(engine())
    current: so.Session = g.db_session
    return current


def close_session(_exc: BaseException | None = None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()

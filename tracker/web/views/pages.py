"""The home page: latest measures and the most active pairs."""

from __future__ import annotations

from flask import Blueprint, render_template

from tracker.store import queries
from tracker.web.db import session

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    db = session()
    latest = queries.list_measures(db, queries.MeasureFilter(), limit=25)
    return render_template("index.html", latest=latest, pairs=queries.active_pairs(db, limit=20))

"""The audit trail: every change made by a person or by `tracker reextract`, newest first.

/audit filters by who, action, measure and dates, as HTML, JSON and CSV (spreadsheet-safe,
streamed in short reads). The trail is only ever read here: no route changes it. Entries
about accounts (user.*) are shown to admins only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user

from tracker.store.audit import ACTIONS, COLUMNS, AuditFilter, audit_page, entry_json, stream_audit_rows
from tracker.store.models import MAX_ID
from tracker.tabular import table_chunks
from tracker.web import params
from tracker.web.db import engine, session
from tracker.web.formats import page_url

bp = Blueprint("audit", __name__)
WHO_MAX = 100


def _filter() -> tuple[AuditFilter, dict[str, str]]:
    query: dict[str, str] = {}
    who = (request.args.get("who") or "").strip()
    if len(who) > WHO_MAX:
        abort(400, f"who is longer than {WHO_MAX} characters.")
    action = (request.args.get("action") or "").strip()
    if action and action not in ACTIONS:
        abort(400, f"Unknown action {action[:40]!r}; use one of: {', '.join(ACTIONS)}.")
    if action.startswith("user.") and not current_user.is_admin:
        abort(403, "Only admins may read the account entries.")
    measure = (request.args.get("measure") or "").strip()
    if measure and (not (measure.isascii() and measure.isdigit()) or not 1 <= int(measure) <= MAX_ID):
        abort(400, "measure must be a measure's number.")
    since, until = params.parse_date("since"), params.parse_date("until")
    if since and until and since > until:
        abort(400, f"since ({since}) is after until ({until}).")
    for name, value in (("who", who), ("action", action), ("measure", measure),
                        ("since", since.isoformat() if since else ""), ("until", until.isoformat() if until else "")):
        if value:
            query[name] = value
    flt = AuditFilter(who=who or None, action=action or None, measure_id=int(measure) if measure else None,
                      since=since, until=until)
    return flt, query


def _visible(entry_action: str) -> bool:
    return not entry_action.startswith("user.") or bool(current_user.is_admin)


def _before() -> int | None:
    raw = (request.args.get("before") or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID + 1:
        abort(400, f"before={raw[:40]!r} is not a place in the trail; follow the 'Older' link instead.")
    return int(raw)


@bp.get("/audit", defaults={"fmt": "html"})
@bp.get("/audit.<any(json,csv):fmt>")
def trail(fmt: str) -> Response | str:
    flt, query = _filter()
    if fmt == "csv":
        return _csv(flt)
    before = _before()
    entries, next_id = audit_page(session(), flt, before_id=before, limit=current_app.config["PAGE_SIZE"])
    shown = [e for e in entries if _visible(e.action)]
    older = page_url("audit.trail", {**query, "before": str(next_id)}, fmt=fmt) if next_id else None
    if fmt == "json":
        body = {"entries": [entry_json(e) for e in shown], "next": older, "filters": query}
        return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json")
    return render_template("audit.html", entries=shown, older=older, query=query, actions=ACTIONS,
                           newest=page_url("audit.trail", query) if before else None,
                           csv_url=page_url("audit.trail", query, fmt="csv"),
                           json_url=page_url("audit.trail", query, fmt="json"))


def _csv(flt: AuditFilter) -> Response:
    bind = engine()
    admin = bool(current_user.is_admin)
    action = COLUMNS.index("action")

    def rows() -> Iterator[tuple[Any, ...]]:
        for row in stream_audit_rows(bind, flt):
            if admin or not str(row[action]).startswith("user."):
                yield tuple(v.isoformat() if isinstance(v, dt.datetime) else v for v in row)

    return Response(table_chunks(COLUMNS, rows()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit.csv"'})

"""The audit trail: every change made by a person or by `tracker reextract`, newest first.

/audit filters by who, action, measure and dates, as HTML, JSON and CSV (spreadsheet-safe,
streamed in short reads). The trail is only ever read here: no route changes it. Entries
about accounts (user.*) are shown to admins only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, request, url_for
from flask_login import current_user

from tracker.store.audit import ACTIONS, COLUMNS, AuditFilter, audit_page, stream_audit_rows
from tracker.store.models import MAX_ID, AuditEntry
from tracker.web import atom, params
from tracker.web.db import session
from tracker.web.formats import HTML, Extra, Found, current_format, page_url, route, table_listing

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


def _entry(e: AuditEntry) -> atom.Entry:
    """An entry in the Atom feed: its measure's history on the measure page, or the trail itself."""
    title = f"{e.who}: {e.action}" + (f" of measure {e.measure_id}" if e.measure_id else (f" {e.subject}" if e.subject else ""))
    path = (url_for("measures.show", measure_id=e.measure_id) if e.measure_id else url_for("audit.trail")) + f"#audit-{e.id}"
    summary = title + (f": {e.reason}" if e.reason else "") + "."
    return atom.Entry(path, title, e.at, summary, e.action, e.at)


@route(bp, "/audit")
def trail() -> Found:
    """The trail, newest first, a page at a time; CSV has every entry the filters match (formula-safe)."""
    flt, query = _filter()
    params.remember(query)  # the page's other formats keep its filters
    fmt = current_format()
    before = _before()
    db = session()
    entries, next_id = audit_page(db, flt, before_id=before, limit=current_app.config["PAGE_SIZE"])
    shown = [e for e in entries if _visible(e.action)]
    older = page_url("audit.trail", {**query, "before": str(next_id)}, fmt=fmt) if next_id else None
    admin = bool(current_user.is_admin)
    action = COLUMNS.index("action")

    def rows(bind: sa.Engine) -> Iterator[tuple[Any, ...]]:
        for row in stream_audit_rows(bind, flt):
            if admin or not str(row[action]).startswith("user."):
                yield tuple(v.isoformat() if isinstance(v, dt.datetime) else v for v in row)

    def newest() -> list[atom.Entry]:
        latest, _ = audit_page(db, flt, limit=atom.ENTRIES)
        return [_entry(e) for e in latest if _visible(e.action)]

    return Found(
        template="audit.html",
        title="Audit trail",
        filename="audit",
        data={"entries": shown, "next": older, "filters": query},
        extras={
            "older": Extra(lambda: older, HTML),
            "query": Extra(lambda: query, HTML),
            "actions": Extra(lambda: ACTIONS, HTML),
            "newest": Extra(lambda: page_url("audit.trail", query) if before else None, HTML),
        },
        listing=table_listing(COLUMNS, rows, newest),
    )

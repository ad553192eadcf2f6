"""Reviewing measures: the forms of the measure page, the review queue, adding a measure by hand.

Every POST here needs an editor (anonymous visitors are sent to /login, anyone else gets
403) and a valid CSRF token (400 otherwise, checked before the view runs); a refused
request changes nothing. A decision is made in one write transaction together with its
audit entry (`tracker.store.review`).

The contract for scripts: `POST /measures/<id>/review` with `action=confirm|reject|correct`,
`reason`, the corrected fields under their JSON names (kind, actor, target, value, unit,
commodity, status, announced_on, effective_on) and `csrf_token`. It answers with a redirect
to the measure page, or with the measure's JSON when asked for (`Accept: application/json`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from tracker.records import KINDS, STATUSES, UNITS
from tracker.store import review as decisions
from tracker.store.db import read_session, write_session
from tracker.store.listing import MeasureFilter
from tracker.store.models import MAX_ID, Measure
from tracker.store.queue import QueueCursor, queue_page
from tracker.tabular import SOURCE_COLUMNS, csv_chunks, measure_json
from tracker.web import atom, params
from tracker.web.auth import editor, local_target
from tracker.web.db import engine, session
from tracker.web.formats import HTML, Extra, Found, Listing, current_format, page_url, route

bp = Blueprint("review", __name__)
REJECT_REASONS = ("not a measure", "wrong parties", "misread figure or status", "duplicate")


def _decided(work: Callable[[], Measure], back: str) -> BaseResponse:
    """Run a decision; a ReviewError is answered with its status and message, and nothing is stored."""
    try:
        measure = work()
    except decisions.ReviewError as exc:
        abort(exc.status, str(exc))
    if request.accept_mimetypes.best == "application/json":
        body = {"measure": {**measure_json(measure), "url": page_url("measures.show", measure_id=measure.id)},
                "review": decisions.review_of(measure)}
        return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json")
    target = local_target(request.form.get("next"), back or page_url("measures.show", measure_id=measure.id))
    return redirect(target, code=303)


def _fields_in_form() -> dict[str, str]:
    return {name: request.form.get(name, "") for name in decisions.FIELDS if name in request.form}


@bp.post("/measures/<id:measure_id>/review")
def review(measure_id: int) -> BaseResponse:
    who = editor()
    action = request.form.get("action", "")
    if action not in decisions.ACTIONS:
        abort(400, f"action must be one of: {', '.join(decisions.ACTIONS)}.")
    reason = request.form.get("reason")

    def work() -> Measure:
        with write_session(engine()) as session:
            changes = decisions.parse_fields(session, _fields_in_form()) if action == "correct" else {}
            return decisions.decide(session, measure_id, who, decisions.Decision(action, reason, changes))

    return _decided(work, page_url("measures.show", measure_id=measure_id))


def _measure_id(name: str) -> int:
    raw = (request.form.get(name) or "").strip().lstrip("#")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        abort(400, f"{name} must be a measure's number.")
    return int(raw)


@bp.post("/measures/<id:measure_id>/merge")
def merge(measure_id: int) -> BaseResponse:
    who = editor()
    into = _measure_id("into")

    def work() -> Measure:
        with write_session(engine()) as session:
            return decisions.merge(session, measure_id, into, who, request.form.get("reason"))

    return _decided(work, page_url("measures.show", measure_id=into))


@bp.post("/evidence/<id:evidence_id>/move")
def move(evidence_id: int) -> BaseResponse:
    who = editor()
    to = (request.form.get("to") or "").strip()
    to_id = None if to == "new" else _measure_id("to")

    def work() -> Measure:
        with write_session(engine()) as session:
            fields = decisions.parse_fields(session, _fields_in_form()) if to_id is None else None
            return decisions.move_evidence(session, evidence_id, who, request.form.get("reason"), to_id=to_id,
                                           new_fields=fields)

    return _decided(work, "")


@bp.get("/measures/new")
def new() -> str:
    editor()
    return render_template("measure_new.html", KINDS=KINDS, STATUSES=STATUSES, UNITS=UNITS, values={})


@bp.post("/measures/new")
def add() -> BaseResponse:
    who = editor()
    raw = (request.form.get("reported_on") or "").strip()
    try:
        reported = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        abort(400, "reported_on must be a date (YYYY-MM-DD).")

    def work() -> Measure:
        with write_session(engine()) as session:
            fields = decisions.parse_fields(session, _fields_in_form(), require=True)
            return decisions.add_measure(
                session, who, fields, source_url=request.form.get("source_url", ""),
                quote=request.form.get("quote", ""), reported_on=reported, title=request.form.get("title", ""),
                reason=request.form.get("reason"),
            )

    return _decided(work, "")


def _queue_cursor() -> QueueCursor | None:
    raw = (request.args.get("after") or "").strip()
    if not raw:
        return None
    rank, sep, ident = raw.rpartition("~")
    try:
        if not sep or not ident.isascii() or not ident.isdigit() or not 0 <= int(ident) <= MAX_ID:
            raise ValueError
        value = int(rank)
        if abs(value) > 2**62:
            raise ValueError
    except ValueError:
        abort(400, f"after={raw[:40]!r} is not a place in the queue; follow the 'Next page' link instead.")
    return QueueCursor(value, int(ident))


QUEUE_BATCH = 1000


def _queue_rows(bind: sa.Engine, flt: MeasureFilter) -> Iterator[Sequence[Any]]:
    """The whole queue in its order, as download rows: each batch one short read of its own."""
    after: QueueCursor | None = None
    while True:
        with read_session(bind) as db:
            page = queue_page(db, flt, after=after, limit=QUEUE_BATCH)
            yield from (tuple(getattr(m, c) for c in SOURCE_COLUMNS) for m in page.measures)
        if page.next is None:
            return
        after = page.next


def _queue_listing(flt: MeasureFilter) -> Listing:
    """CSV: every measure of the queue in its order; Atom: its head, the next ones to review."""
    return Listing(
        lambda bind, bom: csv_chunks(_queue_rows(bind, flt), bom=bom),
        lambda: [atom.measure_entry(m) for m in queue_page(session(), flt, limit=atom.ENTRIES).measures],
    )


@route(bp, "/review")
def queue() -> Found:
    """Measures no person has reviewed yet: least confident first, then the pairs readers open most."""
    chosen = params.query_filters(with_actors=True)
    after = _queue_cursor()
    flt = chosen.measure_filter()
    page = queue_page(session(), flt, after=after, limit=current_app.config["PAGE_SIZE"])
    unpaged = params.validated_query()
    fmt = current_format()
    next_url = None
    if page.next is not None:
        next_url = page_url("review.queue", {**unpaged, "after": f"{page.next.rank}~{page.next.id}"}, fmt=fmt)
    here = page_url("review.queue", {**unpaged, **({"after": request.args["after"]} if after else {})})
    return Found(
        template="review.html",
        title="Review queue",
        filename="review",
        listing=_queue_listing(flt),
        data={"filters": chosen, "measures": page.measures, "next": next_url,
              "first": page_url("review.queue", unpaged, fmt=fmt) if after else None},
        extras={"here": Extra(lambda: here, HTML), "reasons": Extra(lambda: REJECT_REASONS, HTML)},
    )

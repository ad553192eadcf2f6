"""The explorer (every measure, filtered and sorted, a page at a time) and one measure's page.

The blueprint is named `measures` after the URLs it serves (/measures, /measures/<id>).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, redirect
from werkzeug.wrappers import Response

from tracker.records import KINDS, STATUSES, UNITS
from tracker.store import chains, timeline
from tracker.store.audit import measure_history
from tracker.store.details import actor, measure, measure_evidence
from tracker.store.listing import SORTS, MeasureFilter, measure_page
from tracker.store.merging import statement_from
from tracker.store.review import anchors_of, corrected_fields, review_of
from tracker.web import charts, params
from tracker.web.db import session
from tracker.web.formats import HTML, Extra, Found, Report, current_format, page_url, route
from tracker.web.templating import kind_label

bp = Blueprint("measures", __name__)


@route(bp, "/measures")
def explore() -> Found | Response:
    chosen = params.query_filters(with_actors=True)
    sort = params.sort()
    if params.named_otherwise(chosen):  # ?actor=Japan answers at ?actor=JPN
        return redirect(page_url("measures.explore", params.validated_query(), fmt=current_format()), code=301)
    after = params.cursor(sort)
    db = session()
    for code in (chosen.actor, chosen.target):
        if code and actor(db, code) is None:
            abort(400, f"No country or bloc has the code {code!r}.")
    flt = chosen.measure_filter()
    page = measure_page(db, flt, sort=sort, after=after, limit=current_app.config["PAGE_SIZE"])
    fmt = current_format()
    unpaged = params.validated_query()
    next_url = None
    if page.next is not None:
        next_url = page_url("measures.explore", {**unpaged, "after": params.cursor_param(page.next)}, fmt=fmt)
    return Found(
        template="measures.html",
        title="Measures",
        filename="measures",
        measures=flt,
        data={
            "filters": chosen,
            "sort": sort,
            "measures": timeline.as_seen(db, page.measures, flt),
            "next": next_url,
            "first": page_url("measures.explore", unpaged, fmt=fmt) if after else None,
        },
        extras={"sorts": Extra(lambda: SORTS, HTML)},
    )


@route(bp, "/measures/<id:measure_id>")
def show(measure_id: int) -> Found | Response:
    db = session()
    found = measure(db, measure_id)
    if found is None:
        abort(404, f"Measure {measure_id} doesn't exist.")
    if found.merged_into_id is not None and found.retired == "merged":  # it is that one now
        return redirect(page_url("measures.show", measure_id=found.merged_into_id, fmt=current_format()), code=301)
    history = measure_evidence(db, measure_id)
    periods = timeline.periods_of(db, [found.id])[found.id]

    def chart() -> charts.Chart:
        """Each report on the day it speaks of, and the rate of each period in force, ending where lifted."""
        dated = [(when.start if (when := statement_from(e).when) else None, e) for e, _ in history]
        marks = [
            charts.Mark(on, f"{e.status.replace('_', ' ')}: {e.quote[:80]}", f"#e{e.id}", f"s-{e.status}")
            for on, e in dated
            if on is not None
        ]
        points: list[tuple[dt.date, float]] = [
            (p.start_on, p.value) for p in periods
            if p.status == "in_force" and p.start_on and p.value is not None and p.unit == found.unit
        ]
        stopped = next((p.start_on for p in reversed(periods) if p.status != "in_force"), None)
        until = stopped if stopped and points and stopped > points[-1][0] else None
        unit = "%" if found.unit == "percent" else f" {found.unit or ''}"
        series = [charts.Series(kind_label(found.kind), "dir-a", points, until)] if points else []
        return charts.build(f"History of measure {found.id}", [("reports", marks)], series, unit=unit)

    return Found(
        template="measure.html",
        title=f"Measure {found.id}",
        filename=f"measure-{found.id}",
        measures=MeasureFilter(ids=(found.id,), include_rejected=True, include_retired=True),
        data={
            "measure": found,
            "review": review_of(found),
            "corrected": corrected_fields(db, found.id),
            "history": [Report(e, a) for e, a in history],
            "periods": periods,
            "links": chains.related(db, [found.id])[found.id],
            "audit": measure_history(db, found.id),
        },
        extras={
            "chart": Extra(chart, HTML),
            "anchors": Extra(lambda: anchors_of(db, found.id) if not history else [], HTML),
            "choices": Extra(lambda: {"kinds": KINDS, "statuses": STATUSES, "units": UNITS}, HTML),
        },
    )

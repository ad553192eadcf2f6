"""The explorer (every measure, filtered and sorted, a page at a time) and one measure's page.

The blueprint is named `measures` after the URLs it serves (/measures, /measures/<id>).
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, redirect
from werkzeug.wrappers import Response

from tracker.store.details import actor, measure, measure_evidence
from tracker.store.listing import SORTS, MeasureFilter, measure_page
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
            "measures": page.measures,
            "next": next_url,
            "first": page_url("measures.explore", unpaged, fmt=fmt) if after else None,
        },
        extras={"sorts": Extra(lambda: SORTS, HTML)},
    )


@route(bp, "/measures/<id:measure_id>")
def show(measure_id: int) -> Found:
    db = session()
    found = measure(db, measure_id)
    if found is None:
        abort(404, f"Measure {measure_id} doesn't exist.")
    history = measure_evidence(db, measure_id)

    def chart() -> charts.Chart:
        dated = [(e.measure_on or e.reported_on, e) for e, _ in history]
        marks = [
            charts.Mark(on, f"{e.status.replace('_', ' ')}: {e.quote[:80]}", f"#e{e.id}", f"s-{e.status}")
            for on, e in dated
            if on is not None
        ]
        points: list[tuple[dt.date, float]] = [
            (on, e.value) for on, e in dated if on is not None and e.value is not None and e.unit == found.unit
        ]
        unit = "%" if found.unit == "percent" else f" {found.unit or ''}"
        series = [charts.Series(kind_label(found.kind), "dir-a", points)] if points else []
        return charts.build(f"History of measure {found.id}", [("reports", marks)], series, unit=unit)

    return Found(
        template="measure.html",
        title=f"Measure {found.id}",
        filename=f"measure-{found.id}",
        measures=MeasureFilter(ids=(found.id,)),
        data={"measure": found, "history": [Report(e, a) for e, a in history]},
        extras={"chart": Extra(chart, HTML)},
    )

"""The explorer (every measure, filtered and sorted, a page at a time) and one measure's page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, url_for

from tracker.store import queries
from tracker.web import charts, params
from tracker.web.db import session
from tracker.web.formats import respond, route

bp = Blueprint("measures", __name__)


@route(bp, "/measures")
def explore(fmt: str):  # type: ignore[no-untyped-def]
    chosen = params.filters(with_actors=True)
    sort = params.sort()
    after = params.cursor(sort)
    db = session()
    for code in (chosen.actor, chosen.target):
        if code and queries.actor(db, code) is None:
            abort(400, f"No country or bloc has the code {code!r}.")
    flt = chosen.measure_filter()
    page = queries.measure_page(db, flt, sort=sort, after=after, limit=_page_size())
    next_url = None
    if page.next is not None:
        args = {k: v for k, v in request.args.lists() if k != "after"}
        next_url = url_for("measures.explore", fmt=fmt, **args, after=params.cursor_param(page.next))
    first_url = url_for("measures.explore", fmt=fmt, **{k: v for k, v in request.args.lists() if k != "after"})
    data = {
        "filters": chosen,
        "sort": sort,
        "measures": page.measures,
        "next": next_url,
        "first": first_url if after else None,
    }
    return respond(fmt, template="measures.html", data=data, flt=flt, title="Measures", filename="measures",
                   html_extra=lambda: {"sorts": queries.SORTS})


def _page_size() -> int:
    return int(current_app.config.get("PAGE_SIZE", 50))


@bp.get("/measures/<int:measure_id>", defaults={"fmt": "html"})
@bp.get("/measures/<int:measure_id>.<any(json):fmt>")
def show(measure_id: int, fmt: str):  # type: ignore[no-untyped-def]
    db = session()
    found = queries.measure(db, measure_id)
    if found is None:
        abort(404, f"Measure {measure_id} doesn't exist.")
    history = queries.measure_evidence(db, measure_id)
    data = {"measure": found, "history": [{"evidence": e, "article": a} for e, a in history]}

    def html_extra() -> dict[str, object]:
        marks = [
            charts.Mark(e.measure_on or e.reported_on, f"{e.status.replace('_', ' ')}: {e.quote[:80]}",
                        f"#e{e.id}", f"s-{e.status}")
            for e, _ in history
            if e.measure_on or e.reported_on
        ]
        points = [(e.measure_on or e.reported_on, e.value) for e, _ in history
                  if (e.measure_on or e.reported_on) and e.value is not None and e.unit == found.unit]
        unit = "%" if found.unit == "percent" else f" {found.unit or ''}"
        series = [charts.Series(found.kind.replace("_", " "), "dir-a", points)] if points else []
        chart = charts.build(f"History of measure {found.id}", [("reports", marks)], series, unit=unit)
        return {"chart": chart}

    return respond(fmt, template="measure.html", data=data, flt=queries.MeasureFilter(),
                   title=f"Measure {found.id}", filename=f"measure-{found.id}", html_extra=html_extra)

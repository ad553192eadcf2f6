"""Country-pair ledgers: everything between two actors, both directions, with evidence."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, stream_with_context, url_for

from tracker.store import queries
from tracker.tabular import MEASURE_COLUMNS, csv_lines, measure_record
from tracker.web.codes import actor_or_404
from tracker.web.db import session

bp = Blueprint("ledger", __name__)


@bp.get("/ledger/<a>/<b>")
def pair(a: str, b: str):  # type: ignore[no-untyped-def]
    first, second = actor_or_404(a), actor_or_404(b)
    if (a, b) != (first.code, second.code):
        return redirect(url_for("ledger.pair", a=first.code, b=second.code), code=301)
    db = session()
    flt = queries.MeasureFilter(pair=(first.code, second.code))
    measures = queries.list_measures(db, flt, limit=1000)
    evidence = queries.evidence_for(db, [m.id for m in measures])
    forward = [m for m in measures if m.actor_code == first.code]
    backward = [m for m in measures if m.actor_code == second.code]
    return render_template(
        "ledger.html", a=first, b=second, forward=forward, backward=backward, evidence=evidence
    )


@bp.get("/ledger/<a>/<b>.csv")
def pair_csv(a: str, b: str) -> Response:
    first, second = actor_or_404(a), actor_or_404(b)
    flt = queries.MeasureFilter(pair=(first.code, second.code))
    db = session()
    names = queries.actor_names(db)

    def rows():  # type: ignore[no-untyped-def]
        records = (measure_record(m, names) for m in queries.iter_measures(db, flt))
        yield from csv_lines(MEASURE_COLUMNS, records)

    filename = f"ledger-{first.code}-{second.code}.csv"
    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

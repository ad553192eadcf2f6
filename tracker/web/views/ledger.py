"""Country-pair ledgers: everything between two actors, both directions, with evidence."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, redirect, request, url_for

from tracker.store import queries
from tracker.store.models import Actor, Measure
from tracker.web import charts, params
from tracker.web.codes import actor_or_404
from tracker.web.db import session
from tracker.web.formats import respond, route

bp = Blueprint("ledger", __name__)
LEDGER_LIMIT = 100  # most recently reported; the CSV and the explorer have the rest
EVIDENCE_SHOWN = 5  # per measure, newest first; the measure page has them all
RATE_SERIES = 12


def _scope(a: str, b: str, direction: str) -> dict[str, object]:
    if direction == "forward":
        return {"actor": a, "target": b}
    if direction == "backward":
        return {"actor": b, "target": a}
    return {"pair": (a, b)}


@route(bp, "/ledger/<a>/<b>")
def pair(a: str, b: str, fmt: str):  # type: ignore[no-untyped-def]
    first, second = actor_or_404(a), actor_or_404(b)
    if (a, b) != (first.code, second.code):
        return redirect(url_for("ledger.pair", a=first.code, b=second.code, fmt=fmt, **request.args), code=301)
    chosen = params.filters(with_direction=True)
    flt = chosen.measure_filter(**_scope(first.code, second.code, chosen.direction))
    db = session()
    measures = queries.list_measures(db, flt, limit=LEDGER_LIMIT)
    forward = [m for m in measures if m.actor_code == first.code]
    backward = [m for m in measures if m.actor_code == second.code]
    data = {
        "a": first,
        "b": second,
        "filters": chosen,
        "forward": forward,
        "backward": backward,
        "truncated": len(measures) >= LEDGER_LIMIT,
    }
    if fmt == "json":
        data["evidence"] = queries.evidence_for(db, [m.id for m in measures])

    def html_extra() -> dict[str, object]:
        evidence = queries.evidence_for(db, [m.id for m in measures])
        tariffs = [m for m in measures if m.kind == "tariff"][:RATE_SERIES]
        history = [(m, e) for m in tariffs for e, _ in reversed(evidence[m.id]) if e.unit == "percent"]
        return {"evidence": evidence, "evidence_shown": EVIDENCE_SHOWN, "chart": ledger_chart(first, second, forward, backward, history)}

    return respond(
        fmt,
        template="ledger.html",
        data=data,
        flt=flt,
        title=f"{first.name} – {second.name}",
        filename=f"ledger-{first.code}-{second.code}",
        html_extra=html_extra,
    )


def _mark(m: Measure) -> charts.Mark | None:
    on = m.announced_on or m.first_reported_on or m.last_reported_on
    if on is None:
        return None
    label = f"{m.kind.replace('_', ' ')} ({m.status.replace('_', ' ')})"
    if m.commodity:
        label += f" on {m.commodity}"
    until = m.last_reported_on if m.last_reported_on and m.last_reported_on > on else None
    return charts.Mark(on, label, f"#m{m.id}", f"k-{m.kind}", until)


def ledger_chart(a: Actor, b: Actor, forward: Sequence[Measure], backward: Sequence[Measure], history) -> charts.Chart:  # type: ignore[no-untyped-def]
    lanes = [
        (f"{a.code} → {b.code}", [mk for m in forward if (mk := _mark(m))]),
        (f"{b.code} → {a.code}", [mk for m in backward if (mk := _mark(m))]),
    ]
    by_measure: dict[int, tuple[Measure, list]] = {}
    for m, e in history:
        on = e.measure_on or e.reported_on
        if on is not None and e.value is not None:
            by_measure.setdefault(m.id, (m, []))[1].append((on, e.value))
    series = [
        charts.Series(
            f"{m.actor_code} → {m.target_code}" + (f" ({m.commodity})" if m.commodity else ""),
            "dir-a" if m.actor_code == a.code else "dir-b",
            pts,
        )
        for m, pts in by_measure.values()
    ]
    return charts.build(f"Measures and tariff rates between {a.code} and {b.code}", lanes, series)

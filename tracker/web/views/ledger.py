"""Country-pair ledgers: everything between two actors, both directions, with evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import Blueprint, redirect
from werkzeug.wrappers import Response

from tracker.store.details import evidence_for, latest_evidence
from tracker.store.listing import measure_page
from tracker.store.models import Actor, Evidence, Measure
from tracker.web import charts, params
from tracker.web.codes import actor_or_404
from tracker.web.db import session
from tracker.web.formats import HTML, JSON, Extra, Found, Report, current_format, page_url, route
from tracker.web.templating import direction_css, kind_label

bp = Blueprint("ledger", __name__)
DIRECTION_LIMIT = 50  # newest per direction; the explorer, JSON of it and the CSV have the rest
EVIDENCE_SHOWN = 2  # reports quoted per measure, newest first; the measure page has them all
RATE_SERIES = 12


def _scope(a: str, b: str, direction: str) -> dict[str, object]:
    if direction == "forward":
        return {"actor": a, "target": b}
    if direction == "backward":
        return {"actor": b, "target": a}
    return {"pair": (a, b)}


@route(bp, "/ledger/<a>/<b>")
def pair(a: str, b: str) -> Found | Response:
    first, second = actor_or_404(a), actor_or_404(b)
    chosen = params.query_filters(with_direction=True)
    if (a, b) != (first.code, second.code):
        canonical = page_url("ledger.pair", chosen.query(), a=first.code, b=second.code, fmt=current_format())
        return redirect(canonical, code=301)
    flt = chosen.measure_filter(**_scope(first.code, second.code, chosen.direction))
    db = session()
    # Each direction is its own indexed, newest-first read of at most DIRECTION_LIMIT rows.
    shown: dict[str, list[Measure]] = {"forward": [], "backward": []}
    more: dict[str, str | None] = {"forward": None, "backward": None}
    for name, (actor, target) in (("forward", (first, second)), ("backward", (second, first))):
        if chosen.direction in ("both", name):
            page = measure_page(db, chosen.measure_filter(actor=actor.code, target=target.code), limit=DIRECTION_LIMIT)
            kept = {**chosen.query(), "actor": actor.code, "target": target.code}
            kept.pop("direction", None)
            shown[name] = page.measures
            more[name] = page_url("measures.explore", kept) if page.next else None
    forward, backward = shown["forward"], shown["backward"]
    ids = [m.id for m in forward + backward]

    def chart() -> charts.Chart:
        tariffs = sorted((m for m in forward + backward if m.kind == "tariff"), key=lambda m: -m.id)[:RATE_SERIES]
        rates = evidence_for(db, [m.id for m in tariffs])
        history = [(m, e) for m in tariffs for e, _ in reversed(rates[m.id]) if e.unit == "percent"]
        return ledger_chart(first, second, forward, backward, history)

    return Found(
        template="ledger.html",
        title=f"{first.name} – {second.name}",
        filename=f"ledger-{first.code}-{second.code}",
        measures=flt,
        data={"a": first, "b": second, "filters": chosen, "forward": forward, "backward": backward, "more": more},
        extras={
            "latest_reports": Extra(lambda: latest_evidence(db, ids, EVIDENCE_SHOWN), HTML),
            "chart": Extra(chart, HTML),
            "evidence": Extra(lambda: {m: [Report(e, a) for e, a in rows] for m, rows in evidence_for(db, ids).items()}, JSON),
        },
    )


def _mark(m: Measure) -> charts.Mark | None:
    on = m.announced_on or m.first_reported_on or m.last_reported_on
    if on is None:
        return None
    label = f"{kind_label(m.kind)} ({m.status.replace('_', ' ')})"
    if m.commodity:
        label += f" on {m.commodity}"
    until = m.last_reported_on if m.last_reported_on and m.last_reported_on > on else None
    return charts.Mark(on, label, f"#m{m.id}", f"k-{m.kind}", until)


def ledger_chart(
    a: Actor,
    b: Actor,
    forward: Sequence[Measure],
    backward: Sequence[Measure],
    history: Sequence[tuple[Measure, Evidence]],
) -> charts.Chart:
    """Both directions as lanes of measures, and each tariff's rate over time as a line.

    A direction keeps its colour when the sides are swapped (`direction_css`).
    """
    lanes = [
        (f"{a.code} → {b.code}", [mk for m in forward if (mk := _mark(m))], direction_css(a.code, b.code)),
        (f"{b.code} → {a.code}", [mk for m in backward if (mk := _mark(m))], direction_css(b.code, a.code)),
    ]
    by_measure: dict[int, tuple[Measure, list[tuple[dt.date, float]]]] = {}
    for m, e in history:
        on = e.measure_on or e.reported_on
        if on is not None and e.value is not None:
            by_measure.setdefault(m.id, (m, []))[1].append((on, e.value))
    series = [
        charts.Series(
            f"{m.actor_code} → {m.target_code}" + (f" ({m.commodity})" if m.commodity else ""),
            direction_css(m.actor_code, m.target_code),
            pts,
        )
        for m, pts in by_measure.values()
    ]
    return charts.build(f"Measures and tariff rates between {a.code} and {b.code}", lanes, series)

"""Country-pair ledgers: everything between two actors, both directions, with evidence, reasons
and answers, their tit-for-tat, and a monthly series of what was in force."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import Blueprint, Response, redirect, render_template
from werkzeug.wrappers import Response as BaseResponse

from tracker.records import KINDS
from tracker.store import chains, timeline
from tracker.store.details import evidence_for, latest_evidence
from tracker.store.listing import MeasureFilter, measure_page
from tracker.store.models import Actor, Measure, MeasurePeriod
from tracker.web import atom, charts, params
from tracker.web.codes import actor_or_404
from tracker.web.db import session
from tracker.web.formats import HTML, JSON, Extra, Found, Report, current_format, page_url, route, table_listing
from tracker.web.pairviews import count_ledger_view
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


def _canonical(a: str, b: str, endpoint: str, query: params.Query, *, formats: bool = True
               ) -> tuple[Actor, Actor] | BaseResponse:
    """The two actors, or a permanent redirect to the page under their canonical codes (keeping `query`)."""
    first, second = actor_or_404(a), actor_or_404(b)
    if (a, b) != (first.code, second.code):
        route = {"fmt": current_format()} if formats else {}
        return redirect(page_url(endpoint, query, a=first.code, b=second.code, **route), code=301)
    return first, second


def today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


@route(bp, "/ledger/<a>/<b>")
def pair(a: str, b: str) -> Found | BaseResponse:
    chosen = params.query_filters(with_direction=True)
    found = _canonical(a, b, "ledger.pair", chosen.query())
    if isinstance(found, BaseResponse):
        return found
    first, second = found
    flt = chosen.measure_filter(**_scope(first.code, second.code, chosen.direction))
    if current_format() == "html":
        count_ledger_view(first.code, second.code)  # the review queue shows busy pairs first
    db = session()
    # Each direction is its own indexed, newest-first read of at most DIRECTION_LIMIT rows.
    shown: dict[str, list[Measure]] = {"forward": [], "backward": []}
    more: dict[str, str | None] = {"forward": None, "backward": None}
    for name, (actor, target) in (("forward", (first, second)), ("backward", (second, first))):
        if chosen.direction in ("both", name):
            side = chosen.measure_filter(actor=actor.code, target=target.code)
            page = measure_page(db, side, limit=DIRECTION_LIMIT)
            kept = {**chosen.query(), "actor": actor.code, "target": target.code}
            kept.pop("direction", None)
            shown[name] = timeline.as_seen(db, page.measures, side)
            more[name] = page_url("measures.explore", kept) if page.next else None
    forward, backward = shown["forward"], shown["backward"]
    ids = [m.id for m in forward + backward]
    seen_on = min(flt.seen_on or today(), today())  # a day to come shows today

    def chart() -> charts.Chart:
        tariffs = sorted((m for m in forward + backward if m.kind == "tariff"), key=lambda m: -m.id)[:RATE_SERIES]
        return ledger_chart(first, second, forward, backward, timeline.periods_of(db, [m.id for m in tariffs]),
                            tariffs, seen_on, chosen.as_of)

    return Found(
        template="ledger.html",
        title=f"{first.name} – {second.name}",
        filename=f"ledger-{first.code}-{second.code}",
        measures=flt,
        data={
            "a": first, "b": second, "filters": chosen, "forward": forward, "backward": backward, "more": more,
            "links": chains.related(db, ids),
            "tit_for_tat": chains.tit_for_tat(db, first.code, second.code, as_of=chosen.as_of),
        },
        extras={
            "latest_reports": Extra(lambda: latest_evidence(db, ids, EVIDENCE_SHOWN), HTML),
            "chart": Extra(chart, HTML),
            "evidence": Extra(lambda: {m: [Report(e, a) for e, a in rows] for m, rows in evidence_for(db, ids).items()}, JSON),
        },
    )


MONTHLY_COLUMNS = ("month", "actor", "target", "highest_tariff_percent", "in_force_total")


@route(bp, "/ledger/<a>/<b>/monthly")
def monthly(a: str, b: str) -> Found | BaseResponse:
    """Both directions month by month: the highest tariff in force and the measures in force by kind."""
    as_of = params.parse_date("as_of")
    query = {"as_of": as_of.isoformat()} if as_of else {}
    params.remember(query)
    found = _canonical(a, b, "ledger.monthly", query)
    if isinstance(found, BaseResponse):
        return found
    first, second = found
    db = session()
    rows = timeline.monthly(db, first.code, second.code, until=min(as_of or today(), today()), as_of=as_of)
    kinds = [k for k in KINDS if any(k in r.in_force for r in rows)]
    pair = MeasureFilter(pair=(first.code, second.code), as_of=as_of)

    def table_rows(_own: object) -> list[list[object]]:
        return [[r.month.isoformat()[:7], r.actor, r.target, r.highest_tariff, r.total,
                 *(r.in_force.get(k, 0) for k in kinds)] for r in rows]

    return Found(
        template="monthly.html",
        title=f"{first.name} – {second.name}, month by month",
        filename=f"monthly-{first.code}-{second.code}",
        data={"a": first, "b": second, "as_of": as_of, "kinds": kinds, "months": rows},
        extras={"charts": Extra(lambda: monthly_charts(first, second, rows), HTML)},
        # Atom: the pair's newest measures, each of which moves the series.
        listing=table_listing((*MONTHLY_COLUMNS, *(f"in_force_{k}" for k in kinds)), table_rows,
                              lambda: [atom.measure_entry(m) for m in measure_page(db, pair, limit=atom.ENTRIES).measures]),
    )


# Colours of the two directions in a standalone SVG (an image cannot read the page's stylesheet).
DIRECTION_COLOURS = {"dir-a": "#c0392b", "dir-b": "#1f618d"}


@bp.get("/ledger/<a>/<b>/monthly.svg")
def monthly_svg(a: str, b: str) -> BaseResponse:
    """The monthly series as a standalone SVG image, so a ledger shows it without computing it."""
    as_of = params.parse_date("as_of")
    found = _canonical(a, b, "ledger.monthly_svg", {"as_of": as_of.isoformat()} if as_of else {}, formats=False)
    if isinstance(found, BaseResponse):
        return found
    first, second = found
    rows = timeline.monthly(session(), first.code, second.code, until=min(as_of or today(), today()), as_of=as_of)
    panels, top = [], 0
    for chart in monthly_charts(first, second, rows) if rows else []:
        if not chart.empty:
            panels.append((chart, top))
            top += (chart.wide.height if chart.wide else 0) + 12
    body = render_template("monthly.svg", title=f"{first.name} – {second.name}, month by month", panels=panels,
                           height=max(top, 32), colours=DIRECTION_COLOURS)
    return Response(body, mimetype="image/svg+xml")


def monthly_charts(a: Actor, b: Actor, rows: Sequence[timeline.Month]) -> list[charts.Chart]:
    """The monthly series drawn: the highest tariff in force, and how many measures were in force."""
    out = []
    for title, panel, unit, value in (
        (f"Highest tariff in force each month, {a.code} and {b.code}", "Highest tariff", "%",
         lambda r: r.highest_tariff),
        (f"Measures in force each month, {a.code} and {b.code}", "In force", "", lambda r: float(r.total)),
    ):
        series = []
        for actor, target in ((a, b), (b, a)):
            css = direction_css(actor.code, target.code)
            points: list[tuple[dt.date, float]] = []
            for r in rows:  # a stepped line needs only the months where the value changes
                v = value(r)
                if r.actor == actor.code and v is not None and (not points or points[-1][1] != v):
                    points.append((r.month, v))
            if points:
                series.append(charts.Series(f"{actor.code} → {target.code}", css, points, rows[-1].month, dots=False))
        out.append(charts.build(title, [], series, unit=unit, panel=panel))
    return out


def _mark(m: Measure, seen_on: dt.date) -> charts.Mark | None:
    """A measure on its lane: from its first period to its lifting, today if in force, else its last report."""
    on = m.began_on or m.announced_on or m.first_reported_on
    if on is None:
        return None
    label = f"{kind_label(m.kind)} ({m.status.replace('_', ' ')})"
    if m.commodity:
        label += f" on {m.commodity}"
    if m.status == "in_force":
        until: dt.date | None = seen_on
    elif m.status == "lifted":
        until = m.lifted_on
    else:
        until = m.last_reported_on
    if until is not None and until > seen_on:
        until = seen_on
    return charts.Mark(on, label, f"#m{m.id}", f"k-{m.kind}", until if until and until > on else None)


def _rates(m: Measure, periods: Sequence[MeasurePeriod], seen_on: dt.date,
           as_of: dt.date | None) -> list[tuple[list[tuple[dt.date, float]], dt.date | None]]:
    """A tariff's runs of rates in force (percent), each with the day it stopped (None: still in force)."""
    usable = [p for p in periods if p.start_on and p.start_on <= seen_on
              and (as_of is None or (p.known_on is not None and p.known_on <= as_of))]
    runs: list[tuple[list[tuple[dt.date, float]], dt.date | None]] = []
    points: list[tuple[dt.date, float]] = []
    for p in usable:
        if p.status == "in_force" and p.value is not None and p.unit == "percent" and p.start_on:
            points.append((p.start_on, p.value))
        elif points:
            runs.append((points, p.start_on))
            points = []
    if points:
        end = usable[-1].end_on
        runs.append((points, end if end and end <= seen_on else None))
    return runs


def ledger_chart(
    a: Actor,
    b: Actor,
    forward: Sequence[Measure],
    backward: Sequence[Measure],
    periods: dict[int, list[MeasurePeriod]],  # of the tariffs
    tariffs: Sequence[Measure],
    seen_on: dt.date,
    as_of: dt.date | None = None,
) -> charts.Chart:
    """Both directions as lanes of measures, and each tariff's rate in force as a line (ending where lifted).

    A direction keeps its colour when the sides are swapped (`direction_css`).
    """
    lanes = [
        (f"{a.code} → {b.code}", [mk for m in forward if (mk := _mark(m, seen_on))], direction_css(a.code, b.code)),
        (f"{b.code} → {a.code}", [mk for m in backward if (mk := _mark(m, seen_on))], direction_css(b.code, a.code)),
    ]
    series = [
        charts.Series(
            f"{m.actor_code} → {m.target_code}" + (f" ({m.commodity})" if m.commodity else ""),
            direction_css(m.actor_code, m.target_code),
            points,
            until,
        )
        for m in tariffs
        for points, until in _rates(m, periods.get(m.id, []), seen_on, as_of)
    ]
    return charts.build(f"Measures and tariff rates between {a.code} and {b.code}", lanes, series, today=seen_on)

"""Country pages: who this country pressures, who pressures it, and how."""

from __future__ import annotations

from flask import Blueprint, redirect, request, url_for

from tracker.store import queries
from tracker.web import params
from tracker.web.codes import actor_or_404
from tracker.web.db import session
from tracker.web.formats import respond, route

bp = Blueprint("countries", __name__)
LATEST = 20
PARTNER_ROWS = 60  # in HTML; JSON lists every partner


@route(bp, "/countries/<code>")
def show(code: str, fmt: str):  # type: ignore[no-untyped-def]
    country = actor_or_404(code)
    if code != country.code:
        target = url_for("countries.show", code=country.code, fmt=fmt, **request.args.to_dict(flat=False))
        return redirect(target, code=301)
    chosen = params.filters()
    flt = chosen.measure_filter(country=country.code)
    db = session()
    partners = queries.country_partners(db, country.code)
    applied: dict[str, int] = {}
    received: dict[str, int] = {}
    for p in partners:
        for kind, n in p.applied.items():
            applied[kind] = applied.get(kind, 0) + n
        for kind, n in p.received.items():
            received[kind] = received.get(kind, 0) + n
    kinds = sorted(set(applied) | set(received), key=lambda k: -(applied.get(k, 0) + received.get(k, 0)))
    data = {
        "country": country,
        "filters": chosen,
        "partners": partners,
        "applied": applied,
        "received": received,
        "kinds": kinds,
        "latest": queries.measure_page(db, flt, limit=LATEST).measures,
    }
    return respond(
        fmt,
        template="country.html",
        data=data,
        flt=flt,
        title=f"{country.name} ({country.code})",
        filename=f"country-{country.code}",
        html_extra=lambda: {"partner_rows": PARTNER_ROWS},
    )

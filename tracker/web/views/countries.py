"""Country pages: who this country pressures, who pressures it, and how."""

from __future__ import annotations

from flask import Blueprint, redirect
from werkzeug.wrappers import Response

from tracker.store.listing import measure_page
from tracker.store.summaries import country_partners
from tracker.web import params
from tracker.web.codes import actor_or_404
from tracker.web.db import session
from tracker.web.formats import HTML, Extra, Found, current_format, page_url, route

bp = Blueprint("countries", __name__)
LATEST = 20
PARTNER_ROWS = 60  # in HTML; JSON lists every partner


@route(bp, "/countries/<code>")
def show(code: str) -> Found | Response:
    country = actor_or_404(code)
    chosen = params.query_filters()
    if code != country.code:
        return redirect(page_url("countries.show", chosen.query(), code=country.code, fmt=current_format()), code=301)
    flt = chosen.measure_filter(country=country.code)
    db = session()
    partners = country_partners(db, country.code)
    applied: dict[str, int] = {}
    received: dict[str, int] = {}
    for p in partners:
        for kind, n in p.applied.items():
            applied[kind] = applied.get(kind, 0) + n
        for kind, n in p.received.items():
            received[kind] = received.get(kind, 0) + n
    kinds = sorted(set(applied) | set(received), key=lambda k: -(applied.get(k, 0) + received.get(k, 0)))
    return Found(
        template="country.html",
        title=f"{country.name} ({country.code})",
        filename=f"country-{country.code}",
        measures=flt,
        data={
            "country": country,
            "filters": chosen,
            "partners": partners,
            "applied": applied,
            "received": received,
            "kinds": kinds,
            "latest": measure_page(db, flt, limit=LATEST).measures,
        },
        extras={"partner_rows": Extra(lambda: PARTNER_ROWS, HTML)},
    )

"""Country pages: who this country pressures, who pressures it, and how."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, request, url_for
from werkzeug.wrappers import Response

from tracker.store.listing import measure_page
from tracker.store.summaries import country_partners
from tracker.web import params
from tracker.web.codes import actor_or_404
from tracker.web.db import session
from tracker.web.formats import HTML, Extra, Found, current_format, route

bp = Blueprint("countries", __name__)
LATEST = 20
PARTNER_ROWS = 60  # in HTML; JSON lists every partner


@route(bp, "/countries/<code>")
def show(code: str) -> Found | Response:
    country = actor_or_404(code)
    if code != country.code:
        args: dict[str, Any] = request.args.to_dict(flat=False)
        return redirect(url_for("countries.show", code=country.code, fmt=current_format(), **args), code=301)
    chosen = params.query_filters()
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

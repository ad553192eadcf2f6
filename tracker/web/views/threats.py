"""Threats and whether they were carried out (`/threats`), in every format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, url_for

from tracker.store import threats
from tracker.store.actors import actor_name
from tracker.store.models import Threat
from tracker.tabular import named_columns, named_rows
from tracker.web import params
from tracker.web.atom import Entry
from tracker.web.db import session
from tracker.web.formats import Found, current_format, page_url, route, table_listing
from tracker.web.templating import format_value, kind_label

bp = Blueprint("threats", __name__)

COLUMNS = named_columns(threats.THREAT_COLUMNS, threats.CODED)


def entry(t: Threat) -> Entry:
    title = f"{actor_name(t.actor_code)} → {actor_name(t.target_code)}: {kind_label(t.kind)} {t.status.replace('_', ' ')}"
    if t.value is not None:
        title += f" ({format_value(t.value, t.unit)})"
    summary = f"{title} on {t.threatened_on}; {t.outcome}"
    if t.outcome_on:
        summary += f" on {t.outcome_on} ({t.days} days)"
    if t.deadline_on:
        summary += f"; deadline {t.deadline_on}"
    page = url_for("measures.show", measure_id=t.measure_id)
    return Entry(f"{page}#threat-{t.threatened_on.isoformat()}", title, t.known_on, summary + ".", t.kind,
                 t.threatened_on)


@route(bp, "/threats")
def index() -> Found:
    chosen = params.query_filters(with_actors=True)
    outcomes = params.choices("outcome", threats.OUTCOMES)
    params.remember({"outcome": list(outcomes)})
    flt = threats.ThreatFilter(actor=chosen.actor, target=chosen.target, kinds=chosen.kinds, outcomes=outcomes,
                               since=chosen.since, until=chosen.until)
    after = params.date_cursor()
    db = session()
    cursor = threats.ThreatCursor(after[0], after[1]) if after and after[0] else None
    page = threats.threat_page(db, flt, after=cursor, limit=current_app.config["PAGE_SIZE"])
    fmt = current_format()
    unpaged = params.validated_query()
    following = None
    if page.next is not None:
        following = page_url("threats.index",
                             {**unpaged, "after": params.date_cursor_param(page.next.value, page.next.id)}, fmt=fmt)

    def rows(bind: sa.Engine) -> Iterator[list[Any]]:
        return named_rows(threats.THREAT_COLUMNS, threats.CODED, threats.stream_threat_rows(bind, flt))

    return Found(
        template="threats.html",
        title="Threats and what became of them",
        filename="threats",
        data={
            "filters": chosen, "outcomes": flt.outcomes, "threats": page.threats, "next": following,
            "first": page_url("threats.index", unpaged, fmt=fmt) if after else None,
            "record": threats.record(db, chosen.actor, since=chosen.since, until=chosen.until) if chosen.actor else None,
        },
        listing=table_listing(COLUMNS, rows, lambda: [entry(t) for t in threats.threat_page(db, flt, limit=50).threats]),
    )

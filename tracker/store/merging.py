"""Merging measures across articles.

The same (kind, actor, target, commodity) reported by many articles is one
measure with many evidence rows. Each evidence row keeps what its article said,
so a change over time (25% raised to 50%, threatened then in force, then
lifted) stays visible as history; the measure row caches the latest state.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.records import ExtractedMeasure
from tracker.store import fulltext
from tracker.store.actors import ensure_actor
from tracker.store.models import Evidence, Measure
from tracker.store.types import utcnow
from tracker.store.upsert import get_or_create_id, insert_ignore

_NON_WORD = re.compile(r"[^a-z0-9]+")


def commodity_key(commodity: str | None) -> str:
    """Spelling-insensitive key: "Crude oil" and "crude-oil" are one commodity."""
    if not commodity:
        return ""
    return _NON_WORD.sub(" ", commodity.lower()).strip()[:200]


def add_evidence(
    session: so.Session,
    article_id: int,
    reported_on: dt.date | None,
    measures: Iterable[ExtractedMeasure],
    extractor_version: str,
) -> tuple[set[int], set[int]]:
    """Attach one article's measures; returns (ids of new measures, ids of touched measures)."""
    created: set[int] = set()
    touched: set[int] = set()
    for m in measures:
        ensure_actor(session, m.actor)
        ensure_actor(session, m.target)
        measure_id, is_new = get_or_create_id(
            session,
            Measure,
            {
                "kind": m.kind,
                "actor_code": m.actor,
                "target_code": m.target,
                "commodity_key": commodity_key(m.commodity),
            },
            {"commodity": m.commodity, "status": m.status, "value": m.value, "unit": m.unit},
        )
        insert_ignore(
            session,
            Evidence,
            [
                {
                    "measure_id": measure_id,
                    "article_id": article_id,
                    "field": m.evidence.field,
                    "start": m.evidence.start,
                    "end": m.evidence.end,
                    "quote": m.evidence.text,
                    "status": m.status,
                    "value": m.value,
                    "unit": m.unit,
                    "commodity": m.commodity,
                    "measure_on": m.date,
                    "effective_on": m.effective_on,
                    "reported_on": reported_on,
                    "extractor_version": extractor_version,
                    "created_at": utcnow(),
                }
            ],
            ["measure_id", "article_id", "field", "start"],
        )
        (created if is_new else touched).add(measure_id)
    return created, touched - created


def remove_article_evidence(session: so.Session, article_id: int) -> set[int]:
    """Drop an article's evidence (and its search entries) before re-extraction; returns the measures it touched."""
    rows = session.execute(sa.select(Evidence.id, Evidence.measure_id).where(Evidence.article_id == article_id)).all()
    session.execute(sa.delete(Evidence).where(Evidence.article_id == article_id))
    fulltext.reindex(session, evidence=[evidence_id for evidence_id, _ in rows])
    return {measure_id for _, measure_id in rows}


def refresh_measures(session: so.Session, measure_ids: Iterable[int]) -> None:
    """Recompute each measure's cached state from its evidence; drop measures left with none.

    Their search entries are rewritten too: the commodity a measure is found by is its latest.
    """
    measure_ids = sorted(set(measure_ids))
    for measure_id in measure_ids:
        rows = session.execute(
            sa.select(Evidence)
            .where(Evidence.measure_id == measure_id)
            .order_by(Evidence.reported_on.asc().nulls_first(), Evidence.id.asc())
        ).scalars().all()
        if not rows:
            session.execute(sa.delete(Measure).where(Measure.id == measure_id))
            continue
        latest = rows[-1]
        with_value = [r for r in rows if r.value is not None]
        with_commodity = [r for r in rows if r.commodity]
        reported = [r.reported_on for r in rows if r.reported_on]
        measure_dates = [r.measure_on for r in rows if r.measure_on]
        # Where no report gives a date of entry into force, the first report of it in force does.
        effective = [r.effective_on for r in rows if r.effective_on] or [
            day for r in rows if r.status == "in_force" and (day := r.measure_on or r.reported_on)
        ]
        session.execute(
            sa.update(Measure)
            .where(Measure.id == measure_id)
            .values(
                status=latest.status,
                value=with_value[-1].value if with_value else None,
                unit=with_value[-1].unit if with_value else None,
                commodity=with_commodity[-1].commodity if with_commodity else None,
                announced_on=min(measure_dates) if measure_dates else (min(reported) if reported else None),
                effective_on=min(effective) if effective else None,
                first_reported_on=min(reported) if reported else None,
                last_reported_on=max(reported) if reported else None,
                source_count=len({r.article_id for r in rows}),
                updated_at=utcnow(),
            )
        )
    fulltext.reindex(session, measures=measure_ids)

"""People's decisions laid over the machine's measures: the hooks the merge step calls.

The extractor's output is never edited: each article's evidence is replaced whenever the
article is read again (re-ingested, read by a new extractor version, `tracker reextract`).
What people decided is kept apart (`tracker.store.review` writes it) and consulted here,
at the three moments the merge step (`tracker.store.merging`) could undo it:

- `route`, before a report joins a measure: a sentence a person decided about (an anchor:
  article, field, span) joins the measure the person put it in, whatever key the machine
  reads there now, and a measure merged into another leads to that one. So a correction
  follows its sentence when the extractor's reading of it moves, a rejected measure takes
  its sentences back and stays rejected, and a merged one is never split again.
- `retire_unsupported`, instead of deleting a measure no evidence supports any more: a
  machine measure is kept, marked retired and hidden; one a person reviewed stays as it is.
- `after_refresh`, after a measure's cached state is recomputed from its evidence: every
  field a person corrected is laid back over it, a retired measure that has evidence again
  comes back, and the measure's place in the review queue is updated.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.records import ExtractedMeasure
from tracker.store.models import (
    Evidence,
    Link,
    Measure,
    MeasureCorrection,
    MeasurePeriod,
    PairView,
    ReviewAnchor,
    Threat,
)
from tracker.store.types import utcnow

CHUNK = 500
# A sentence read again joins an anchored measure when at least this many of kind, actor and
# target agree with what was read there before (or with the measure as people left it): a
# different measure read in the same sentence keeps its own way.
AGREEING_PARTS = 2
# The review queue: lowest confidence first (tenths), then the pairs people open most.
RANK_STEP = 2**40
DATE_COLUMNS = frozenset({"announced_on", "effective_on"})


def route(session: so.Session, article_id: int, m: ExtractedMeasure, key: str) -> int | None:
    """The measure a person's decision sends this report to, or None to let the machine choose.

    `key` is the report's commodity key (as the merge step computes it).
    """
    span = m.evidence
    anchors = session.execute(
        sa.select(
            ReviewAnchor.id, ReviewAnchor.start, ReviewAnchor.end, ReviewAnchor.kind, ReviewAnchor.actor_code,
            ReviewAnchor.target_code, Measure.id.label("measure_id"), Measure.kind.label("m_kind"),
            Measure.actor_code.label("m_actor"), Measure.target_code.label("m_target"), Measure.merged_into_id,
        )
        .join(Measure, Measure.id == ReviewAnchor.measure_id)
        .where(
            ReviewAnchor.article_id == article_id, ReviewAnchor.field == span.field,
            ReviewAnchor.start < span.end, ReviewAnchor.end > span.start,
        )
    ).all()
    reading = (m.kind, m.actor, m.target)
    best: tuple[tuple[int, int, int], int] | None = None
    for a in anchors:
        agree = max(_agreeing(reading, (a.kind, a.actor_code, a.target_code)),
                    _agreeing(reading, (a.m_kind, a.m_actor, a.m_target)))
        if agree < AGREEING_PARTS:
            continue
        overlap = min(a.end, span.end) - max(a.start, span.start)
        score = (agree, overlap, a.id)
        if best is None or score > best[0]:
            best = (score, a.merged_into_id or a.measure_id)
    if best is not None:
        return best[1]
    return session.scalars(  # a merged measure's own key leads to the measure it was merged into
        sa.select(Measure.merged_into_id)
        .where(Measure.kind == m.kind, Measure.actor_code == m.actor, Measure.target_code == m.target,
               Measure.commodity_key == key, Measure.retired == "merged", Measure.merged_into_id.is_not(None))
        .order_by(Measure.id.desc())
        .limit(1)
    ).first()


def _agreeing(a: tuple[str, str, str], b: tuple[str, str, str]) -> int:
    return sum(x == y for x, y in zip(a, b, strict=True))


def retire_unsupported(session: so.Session, measure_id: int) -> None:
    """A measure left without evidence: a machine one is retired (kept, hidden), a reviewed one stays as it is."""
    session.execute(sa.update(Measure).where(Measure.id == measure_id).values(source_count=0))
    session.execute(
        sa.update(Measure)
        .where(Measure.id == measure_id, Measure.retired.is_(None), Measure.review_state == "machine")
        .values(retired="unsupported", retired_at=utcnow())
    )


def after_refresh(session: so.Session, measure_ids: Iterable[int]) -> None:
    """Lay corrections back over freshly recomputed measures, bring back retired ones with evidence, re-rank."""
    for ids in _chunks(sorted(set(measure_ids)), CHUNK):
        apply_corrections(session, ids)
        session.execute(
            sa.update(Measure)
            .where(Measure.id.in_(ids), Measure.retired == "unsupported",
                   sa.exists().where(Evidence.measure_id == Measure.id))
            .values(retired=None, retired_at=None)
        )
        session.execute(
            sa.update(Measure).where(Measure.id.in_(ids), Measure.review_state == "machine")
            .values(review_rank=rank_expression())
        )


def apply_corrections(session: so.Session, measure_ids: Sequence[int]) -> None:
    """Write every corrected field of these measures over what the machine last computed."""
    rows = session.execute(
        sa.select(MeasureCorrection.measure_id, MeasureCorrection.field, MeasureCorrection.value)
        .where(MeasureCorrection.measure_id.in_(list(measure_ids)))
    ).all()
    by_measure: dict[int, dict[str, Any]] = {}
    for measure_id, field, value in rows:
        by_measure.setdefault(measure_id, {})[field] = stored_value(field, value)
    for measure_id, values in by_measure.items():
        session.execute(sa.update(Measure).where(Measure.id == measure_id).values(**with_written_dates(values)))
        lay_over_derived(session, measure_id, values)


PERIOD_FIELDS = ("status", "value", "unit")
KEY_FIELDS = ("kind", "actor_code", "target_code")


def lay_over_derived(session: so.Session, measure_id: int, values: Mapping[str, Any]) -> None:
    """What derives from a measure's fields follows a person's correction of them: its latest period
    (the status and rate the ledger's chart and tables show), and the kind and parties its links
    (chains) and threats are listed under."""
    step = {k: values[k] for k in PERIOD_FIELDS if k in values}
    if step:
        last = session.scalar(sa.select(sa.func.max(MeasurePeriod.position)).where(MeasurePeriod.measure_id == measure_id))
        if last is not None:
            session.execute(sa.update(MeasurePeriod)
                            .where(MeasurePeriod.measure_id == measure_id, MeasurePeriod.position == last).values(**step))
    key = {k: values[k] for k in KEY_FIELDS if k in values}
    if not key:
        return
    from tracker.store.merging import third_party  # merging calls this module: imported when needed

    session.execute(sa.update(Threat).where(Threat.measure_id == measure_id).values(**key))
    session.execute(sa.update(Link).where(Link.measure_id == measure_id).values(**key))
    session.execute(sa.update(Link).where(Link.other_id == measure_id).values(**{f"other_{k}": v for k, v in key.items()}))
    links = session.execute(
        sa.select(Link.id, Link.actor_code, Link.target_code, Link.other_actor_code, Link.other_target_code)
        .where(sa.or_(Link.measure_id == measure_id, Link.other_id == measure_id))
    ).all()
    for link in links:
        third = third_party(link.actor_code, link.target_code, link.other_actor_code, link.other_target_code)
        session.execute(sa.update(Link).where(Link.id == link.id).values(third_code=third))


def with_written_dates(values: Mapping[str, Any]) -> dict[str, Any]:
    """A corrected date is a day, as precise as a person gave it: its period's end and precision follow it
    (the page shows dates as written, from those three columns)."""
    out = dict(values)
    for column in DATE_COLUMNS & set(values):
        prefix = column.removesuffix("_on")
        day = values[column]
        out[f"{prefix}_end"] = day
        out[f"{prefix}_precision"] = "day" if day is not None else None
    return out


def stored_value(column: str, text: str) -> Any:
    """A correction's JSON as the `measures` column holds it."""
    value = json.loads(text)
    if column in DATE_COLUMNS and value is not None:
        return dt.date.fromisoformat(value)
    return value


def rank_expression() -> sa.ColumnElement[int]:
    """A measure's place in the review queue: lowest confidence first, then the most viewed pairs.

    Confidence counts in tenths (a measure read with 0.4 comes before any read with 0.9);
    within a tenth, the more often its pair's ledger was opened, the sooner it comes.
    Measures read before confidences were kept count as fully confident.
    """
    low = sa.case((Measure.actor_code < Measure.target_code, Measure.actor_code), else_=Measure.target_code)
    high = sa.case((Measure.actor_code < Measure.target_code, Measure.target_code), else_=Measure.actor_code)
    views = sa.func.coalesce(
        sa.select(PairView.views).where(PairView.low_code == low, PairView.high_code == high).scalar_subquery(), 0
    )
    capped = sa.case((views >= RANK_STEP, RANK_STEP - 1), else_=views)
    confidence = getattr(Measure, "confidence", None)  # kept by measures once they record how surely they were read
    tenths: sa.ColumnElement[Any] = (
        sa.cast(sa.func.round(sa.func.coalesce(confidence, 1.0) * 10), sa.BigInteger)
        if confidence is not None else sa.literal(10, sa.BigInteger)
    )
    return sa.cast(tenths * RANK_STEP - capped, sa.BigInteger)


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk

"""What people decide about measures: confirm, reject, correct, merge, move evidence, add by hand.

Every decision is made inside one write transaction that also appends it to the audit
trail (`tracker.store.audit`), so a decision and its record commit together or not at all.
Each decision is keyed to stable things, so that the machine cannot undo it later
(`tracker.store.overlay` consults them whenever an article is read again):

- the sentences it was made on: every piece of evidence the measure has at that moment
  becomes an anchor (article, field, span, and what the machine read there), so that a new
  reading of those sentences joins this measure again;
- the fields a person set: each is a `MeasureCorrection`, laid over whatever the machine
  computes from the evidence from then on;
- the measure itself: its review state (machine, confirmed, corrected, rejected), who
  decided, when and why; a merged measure keeps its id as a pointer to the one it joined.

A confirmation vouches for the measure as it stands and pins no field (new reports still
move its status and value); a correction pins the fields it names; a rejection hides the
measure, and reports of its sentences (or its key) keep joining it, hidden; a later
confirmation undoes it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.errors import TrackerError
from tracker.records import KINDS, STATUSES, UNITS
from tracker.store import audit, overlay
from tracker.store.actors import describe, ensure_actor
from tracker.store.articles import get_or_create_source
from tracker.store.merging import commodity_key, refresh_measures
from tracker.store.models import Actor, Article, Evidence, Measure, MeasureCorrection, ReviewAnchor
from tracker.store.types import utcnow
from tracker.store.upsert import get_or_create_id, insert_ignore

STATES = ("machine", "confirmed", "corrected", "rejected")
REVIEWED = ("confirmed", "corrected")
ACTIONS = ("confirm", "reject", "correct")
MANUAL_SOURCE = "manual:"  # the source of measures people add by hand
MANUAL_VERSION = "manual"  # their evidence's extractor_version
REASON_MAX = 2000
QUOTE_MAX = 5000
URL_MAX = 2000

# The fields a person may correct: JSON name → `measures` column.
FIELDS: dict[str, str] = {
    "kind": "kind",
    "actor": "actor_code",
    "target": "target_code",
    "value": "value",
    "unit": "unit",
    "commodity": "commodity",
    "status": "status",
    "announced_on": "announced_on",
    "effective_on": "effective_on",
}
REQUIRED = frozenset({"kind", "actor", "target", "status"})
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


class ReviewError(TrackerError):
    """A decision that cannot be made as asked; `status` is the HTTP status that says why."""

    status = 400


class ReviewNotFound(ReviewError):
    status = 404


class ReviewConflict(ReviewError):
    status = 409


# --- reading what a person asked for ---------------------------------------------------------


def parse_fields(session: so.Session, raw: Mapping[str, str], *, require: bool = False) -> dict[str, Any]:
    """The fields of a request (JSON names, as text) as `measures` columns and values.

    Only the names present are read; an empty value clears an optional field. ReviewError
    names the first bad value. With `require`, kind, actor, target and status must be there.
    """
    out: dict[str, Any] = {}
    for name, column in FIELDS.items():
        if name not in raw:
            if require and name in REQUIRED:
                raise ReviewError(f"{name} is required")
            continue
        text = (raw[name] or "").strip()
        if not text:
            if name in REQUIRED:
                raise ReviewError(f"{name} cannot be empty")
            out[column] = None
            continue
        out[column] = _parse(session, name, text)
    return out


def _parse(session: so.Session, name: str, text: str) -> Any:
    if name == "kind":
        if text not in KINDS:
            raise ReviewError(f"kind {text!r} is not one of: {', '.join(KINDS)}")
        return text
    if name == "status":
        if text not in STATUSES:
            raise ReviewError(f"status {text!r} is not one of: {', '.join(STATUSES)}")
        return text
    if name == "unit":
        if text not in UNITS:
            raise ReviewError(f"unit {text!r} is not one of: {', '.join(UNITS)}")
        return text
    if name in ("actor", "target"):
        code = text.upper()
        if not _CODE.match(code) or (describe(code) is None and session.get(Actor, code) is None):
            raise ReviewError(f"{name} {text[:20]!r} is not a known country or bloc code (ISO alpha-3, EU, G7, ...)")
        return code
    if name == "value":
        try:
            number = float(text)
        except ValueError:
            raise ReviewError(f"value {text[:30]!r} is not a number") from None
        if not math.isfinite(number) or abs(number) > 1e15:
            raise ReviewError(f"value {text[:30]!r} is not a usable number")
        return number
    if name == "commodity":
        if len(text) > 300:
            raise ReviewError("commodity is longer than 300 characters")
        return text
    try:  # announced_on, effective_on
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ReviewError(f"{name} {text[:30]!r} is not a date; write it as YYYY-MM-DD") from None
    if not 1900 <= day.year <= 2200:
        raise ReviewError(f"{name} {day} is outside 1900-2200")
    return day


def reason_text(reason: str | None, *, required: bool = False) -> str | None:
    text = (reason or "").strip()
    if required and not text:
        raise ReviewError("say why (reason)")
    if len(text) > REASON_MAX:
        raise ReviewError(f"the reason is longer than {REASON_MAX} characters")
    return text or None


# --- what a review looks like ------------------------------------------------------------------


def fields_of(m: Measure) -> dict[str, Any]:
    """A measure's correctable fields under their JSON names (dates as dates)."""
    return {name: getattr(m, column) for name, column in FIELDS.items()}


def review_of(m: Measure) -> dict[str, Any]:
    """The review block of a measure's JSON: {state, by, at, reason} (and where it was merged or why retired)."""
    out: dict[str, Any] = {
        "state": m.review_state,
        "by": m.reviewed_by,
        "at": m.reviewed_at.isoformat() if m.reviewed_at else None,
        "reason": m.review_reason,
    }
    if m.retired:
        out["retired"] = m.retired
        out["retired_at"] = m.retired_at.isoformat() if m.retired_at else None
    if m.merged_into_id:
        out["merged_into"] = m.merged_into_id
    return out


def corrected_fields(session: so.Session, measure_id: int) -> list[str]:
    """The JSON names of the fields people set on a measure."""
    columns = set(session.scalars(sa.select(MeasureCorrection.field).where(MeasureCorrection.measure_id == measure_id)))
    return [name for name, column in FIELDS.items() if column in columns]


def anchors_of(session: so.Session, measure_id: int) -> list[ReviewAnchor]:
    """The sentences people decided belong to a measure."""
    return list(session.scalars(
        sa.select(ReviewAnchor).where(ReviewAnchor.measure_id == measure_id)
        .order_by(ReviewAnchor.article_id, ReviewAnchor.start)
    ))


# --- decisions ---------------------------------------------------------------------------------


def confirm(session: so.Session, measure_id: int, who: str, reason: str | None = None) -> Measure:
    """A person vouches for the measure as it stands (undoing a rejection)."""
    m = _locked(session, measure_id)
    before = {"state": m.review_state}
    _anchor_evidence(session, m)
    state = "corrected" if _has_corrections(session, m.id) else "confirmed"
    _stamp(session, m, state, who, reason_text(reason))
    audit.append(session, who, "confirm", measure_id=m.id, before=before, after={"state": state},
                 reason=reason_text(reason))
    return _reread(session, m.id)


def reject(session: so.Session, measure_id: int, who: str, reason: str | None) -> Measure:
    """A person says the measure is wrong: it is hidden from readers, and stays so whatever is read again."""
    why = reason_text(reason, required=True)
    m = _locked(session, measure_id)
    before = {"state": m.review_state}
    _anchor_evidence(session, m)
    _stamp(session, m, "rejected", who, why)
    audit.append(session, who, "reject", measure_id=m.id, before=before, after={"state": "rejected"}, reason=why)
    return _reread(session, m.id)


def correct(session: so.Session, measure_id: int, who: str, changes: Mapping[str, Any], reason: str | None) -> Measure:
    """Set fields (`measures` columns, as `parse_fields` gives them): pinned over every later reading."""
    why = reason_text(reason)
    m = _locked(session, measure_id)
    changed = {column: value for column, value in changes.items() if getattr(m, column) != value}
    if not changed:
        raise ReviewError("nothing to correct: every field given already has that value")
    names = {column: name for name, column in FIELDS.items()}
    before = {names[c]: getattr(m, c) for c in changed}
    _anchor_evidence(session, m)  # the sentences as the machine read them, before the key moves
    for code in (changed.get("actor_code"), changed.get("target_code")):
        if code:
            ensure_actor(session, code)
    values = dict(changed)
    if "commodity" in changed:
        values["commodity_key"] = commodity_key(changed["commodity"])
    _update_key_safely(session, m.id, values)
    for column, value in changed.items():
        _set_correction(session, m.id, column, value, who)
    _stamp(session, m, "rejected" if m.review_state == "rejected" else "corrected", who, why)
    audit.append(session, who, "correct", measure_id=m.id, before=before,
                 after={names[c]: v for c, v in changed.items()}, reason=why)
    return _reread(session, m.id)


def merge(session: so.Session, measure_id: int, into_id: int, who: str, reason: str | None) -> Measure:
    """Two measures are one: `measure_id`'s evidence, anchors and key all lead to `into_id` from now on."""
    why = reason_text(reason)
    if measure_id == into_id:
        raise ReviewError("a measure cannot be merged into itself")
    first, second = sorted((measure_id, into_id))
    _locked(session, first)
    _locked(session, second)
    source, into = _reread(session, measure_id), _reread(session, into_id)
    before_into = fields_of(into)
    _anchor_evidence(session, source, to=into.id)
    _anchor_evidence(session, into)
    _move_anchors(session, source.id, into.id)
    moved = _move_all_evidence(session, source.id, into.id)
    dropped = {c.field: overlay.stored_value(c.field, c.value) for c in session.scalars(
        sa.select(MeasureCorrection).where(MeasureCorrection.measure_id == source.id))}
    session.execute(sa.delete(MeasureCorrection).where(MeasureCorrection.measure_id == source.id))
    now = utcnow()
    session.execute(sa.update(Measure).where(Measure.merged_into_id == source.id).values(merged_into_id=into.id))
    session.execute(
        sa.update(Measure).where(Measure.id == source.id)
        .values(retired="merged", retired_at=now, merged_into_id=into.id, reviewed_by=who, reviewed_at=now,
                review_reason=why)
    )
    refresh_measures(session, [source.id, into.id])
    into = _reread(session, into.id)
    _stamp(session, into, "rejected" if into.review_state == "rejected" else "corrected", who, why)
    after_into = fields_of(_reread(session, into.id))
    audit.append(session, who, "merged", measure_id=source.id, subject=f"measure:{into.id}",
                 before={**fields_of(source), "state": source.review_state, "corrections": dropped},
                 after={"merged_into": into.id}, reason=why)
    audit.append(session, who, "merge", measure_id=into.id, subject=f"measure:{source.id}",
                 before=before_into, after={**after_into, "merged": source.id, "evidence_moved": moved}, reason=why)
    return _reread(session, into.id)


def move_evidence(
    session: so.Session,
    evidence_id: int,
    who: str,
    reason: str | None,
    *,
    to_id: int | None = None,
    new_fields: Mapping[str, Any] | None = None,
) -> Measure:
    """Move one piece of evidence to another measure (`to_id`) or to a new one (`new_fields`, columns).

    Its sentence is anchored to the destination, so a new reading of it goes there too. A
    measure left without evidence by the move is retired.
    """
    why = reason_text(reason)
    ev = session.get(Evidence, evidence_id)
    if ev is None:
        raise ReviewNotFound(f"evidence {evidence_id} doesn't exist")
    origin = _locked(session, ev.measure_id)
    if to_id is None:
        destination = _new_measure(session, origin, ev, dict(new_fields or {}), who)
    else:
        if to_id == origin.id:
            raise ReviewError("the evidence is already on that measure")
        destination = _locked(session, to_id)
    _anchor_evidence(session, origin)
    span = (ev.article_id, ev.field, ev.start)
    session.execute(
        sa.delete(ReviewAnchor).where(
            ReviewAnchor.article_id == span[0], ReviewAnchor.field == span[1], ReviewAnchor.start == span[2],
            ReviewAnchor.measure_id == origin.id,
        )
    )
    _anchor(session, ev, destination.id, (origin.kind, origin.actor_code, origin.target_code))
    clash = session.scalar(
        sa.select(Evidence.id).where(Evidence.measure_id == destination.id, Evidence.article_id == ev.article_id,
                                     Evidence.field == ev.field, Evidence.start == ev.start)
    )
    if clash is None:
        session.execute(sa.update(Evidence).where(Evidence.id == ev.id).values(measure_id=destination.id))
    else:
        session.execute(sa.delete(Evidence).where(Evidence.id == ev.id))
    refresh_measures(session, [origin.id, destination.id])
    for m in (origin, destination):
        _stamp(session, _reread(session, m.id), "rejected" if m.review_state == "rejected" else "corrected", who, why)
    left = session.scalar(sa.select(sa.func.count()).where(Evidence.measure_id == origin.id)) or 0
    if not left:
        session.execute(sa.update(Measure).where(Measure.id == origin.id, Measure.retired.is_(None))
                        .values(retired="unsupported", retired_at=utcnow()))
    said = {"article": ev.article_id, "field": ev.field, "start": ev.start, "end": ev.end, "quote": ev.quote}
    audit.append(session, who, "move", measure_id=origin.id, subject=f"evidence:{ev.id}",
                 before={"measure": origin.id, **said}, after={"measure": destination.id, "retired": not left},
                 reason=why)
    audit.append(session, who, "move", measure_id=destination.id, subject=f"evidence:{ev.id}",
                 before={"measure": origin.id, **said}, after={"measure": destination.id, **fields_of(
                     _reread(session, destination.id))}, reason=why)
    return _reread(session, destination.id)


def add_measure(
    session: so.Session,
    who: str,
    fields: Mapping[str, Any],
    *,
    source_url: str,
    quote: str,
    reported_on: dt.date | None,
    title: str = "",
    reason: str | None = None,
) -> Measure:
    """A measure a person adds by hand, with the source it is read in and the words it says it with.

    The source is stored as an article of the "manual" source (so the measure page, the
    article page and every count treat it like any other); `tracker reextract` never reads it.
    """
    why = reason_text(reason)
    url = (source_url or "").strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) > URL_MAX or any(c.isspace() for c in url):
        raise ReviewError("source_url must be an http(s) address")
    said = (quote or "").strip()
    if not said:
        raise ReviewError("quote the source (quote)")
    if len(said) > QUOTE_MAX:
        raise ReviewError(f"the quote is longer than {QUOTE_MAX} characters")
    for name in REQUIRED:
        if FIELDS[name] not in fields:
            raise ReviewError(f"{name} is required")
    values = dict(fields)
    ensure_actor(session, values["actor_code"])
    ensure_actor(session, values["target_code"])
    source_id = get_or_create_source(session, "manual", MANUAL_SOURCE, "Added by hand")
    digest = hashlib.sha256(f"{url}\x00{said}".encode()).hexdigest()
    now = utcnow()
    article_id, _ = get_or_create_id(
        session, Article, {"source_id": source_id, "identity": f"manual:{digest}"},
        {"url": url, "title": (title or "").strip()[:500] or url, "text": said, "content_hash": digest,
         "published_on": reported_on, "extractor_version": MANUAL_VERSION, "created_at": now, "updated_at": now},
    )
    key = commodity_key(values.get("commodity"))
    taken = session.scalar(sa.select(Measure.id).where(
        Measure.kind == values["kind"], Measure.actor_code == values["actor_code"],
        Measure.target_code == values["target_code"], Measure.commodity_key == key))
    if taken is not None and _one_measure_per_key(session):
        raise ReviewConflict(f"measure {taken} already has this kind, actor, target and commodity: "
                             "correct or confirm it instead")
    measure_id = session.execute(
        sa.insert(Measure).values(
            kind=values["kind"], actor_code=values["actor_code"], target_code=values["target_code"],
            commodity_key=key, commodity=values.get("commodity"), status=values["status"], value=values.get("value"),
            unit=values.get("unit"), created_at=now, updated_at=now,
        ).returning(Measure.id)
    ).scalar_one()
    insert_ignore(session, Evidence, [{
        "measure_id": measure_id, "article_id": article_id, "field": "text", "start": 0, "end": len(said),
        "quote": said, "status": values["status"], "value": values.get("value"), "unit": values.get("unit"),
        "commodity": values.get("commodity"), "measure_on": values.get("announced_on"),
        "effective_on": values.get("effective_on"), "reported_on": reported_on, "extractor_version": MANUAL_VERSION,
        "created_at": now,
    }], ["measure_id", "article_id", "field", "start"])
    for column, value in values.items():
        _set_correction(session, measure_id, column, value, who)
    m = _reread(session, measure_id)
    _anchor_evidence(session, m)
    refresh_measures(session, [measure_id])
    _stamp(session, m, "confirmed", who, why)
    added = _reread(session, measure_id)
    audit.append(session, who, "add", measure_id=measure_id, subject=f"article:{article_id}",
                 after={**fields_of(added), "source_url": url, "quote": said}, reason=why)
    return added


# --- the pieces --------------------------------------------------------------------------------


def _locked(session: so.Session, measure_id: int) -> Measure:
    """The measure, locked for this transaction on PostgreSQL; ReviewNotFound if absent or merged away."""
    stmt = sa.select(Measure).where(Measure.id == measure_id).execution_options(populate_existing=True)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    m = session.scalars(stmt).first()
    if m is None:
        raise ReviewNotFound(f"measure {measure_id} doesn't exist")
    if m.retired == "merged":
        raise ReviewConflict(f"measure {measure_id} was merged into measure {m.merged_into_id}; review that one")
    return m


def _reread(session: so.Session, measure_id: int) -> Measure:
    m = session.scalars(
        sa.select(Measure).where(Measure.id == measure_id).execution_options(populate_existing=True)
    ).first()
    if m is None:
        raise ReviewNotFound(f"measure {measure_id} doesn't exist")
    return m


def _stamp(session: so.Session, m: Measure, state: str, who: str, reason: str | None) -> None:
    session.execute(
        sa.update(Measure).where(Measure.id == m.id)
        .values(review_state=state, reviewed_by=who[:100], reviewed_at=utcnow(), review_reason=reason)
    )


def _has_corrections(session: so.Session, measure_id: int) -> bool:
    return session.scalar(sa.select(sa.exists().where(MeasureCorrection.measure_id == measure_id))) or False


def _set_correction(session: so.Session, measure_id: int, column: str, value: Any, who: str) -> None:
    text = json.dumps(value.isoformat() if isinstance(value, dt.date) else value)
    session.execute(sa.delete(MeasureCorrection).where(
        MeasureCorrection.measure_id == measure_id, MeasureCorrection.field == column))
    session.execute(sa.insert(MeasureCorrection).values(
        measure_id=measure_id, field=column, value=text, set_by=who[:100], set_at=utcnow()))


def _anchor_evidence(session: so.Session, m: Measure, *, to: int | None = None) -> None:
    """Anchor every sentence the measure's evidence stands on (to the measure, or to `to`)."""
    rows = session.scalars(sa.select(Evidence).where(Evidence.measure_id == m.id)).all()
    for ev in rows:
        _anchor(session, ev, to if to is not None else m.id, (m.kind, m.actor_code, m.target_code))


def _anchor(session: so.Session, ev: Evidence, measure_id: int, reading: tuple[str, str, str]) -> None:
    insert_ignore(session, ReviewAnchor, [{
        "article_id": ev.article_id, "field": ev.field, "start": ev.start, "end": ev.end, "quote": ev.quote,
        "measure_id": measure_id, "kind": reading[0], "actor_code": reading[1], "target_code": reading[2],
        "created_at": utcnow(),
    }], ["article_id", "field", "start", "measure_id"])


def _move_anchors(session: so.Session, source_id: int, into_id: int) -> None:
    kept = sa.select(ReviewAnchor.article_id, ReviewAnchor.field, ReviewAnchor.start).where(
        ReviewAnchor.measure_id == into_id)
    session.execute(sa.delete(ReviewAnchor).where(
        ReviewAnchor.measure_id == source_id,
        sa.tuple_(ReviewAnchor.article_id, ReviewAnchor.field, ReviewAnchor.start).in_(kept)))
    session.execute(sa.update(ReviewAnchor).where(ReviewAnchor.measure_id == source_id).values(measure_id=into_id))


def _move_all_evidence(session: so.Session, source_id: int, into_id: int) -> int:
    """Every evidence row of one measure to another; a sentence the other already has is dropped. Returns how many."""
    there = sa.select(Evidence.article_id, Evidence.field, Evidence.start).where(Evidence.measure_id == into_id)
    rows = session.execute(sa.select(Evidence.id, Evidence.article_id, Evidence.field, Evidence.start)
                           .where(Evidence.measure_id == source_id)).all()
    taken = {(r.article_id, r.field, r.start) for r in session.execute(there)}
    dup = [r.id for r in rows if (r.article_id, r.field, r.start) in taken]
    if dup:
        session.execute(sa.delete(Evidence).where(Evidence.id.in_(dup)))
    session.execute(sa.update(Evidence).where(Evidence.measure_id == source_id).values(measure_id=into_id))
    return len(rows)


def _one_measure_per_key(session: so.Session) -> bool:
    """Whether the schema still allows one measure per (kind, actor, target, commodity)."""
    return any(
        {c.name for c in constraint.columns} == {"kind", "actor_code", "target_code", "commodity_key"}
        for constraint in Measure.metadata.tables["measures"].constraints
        if isinstance(constraint, sa.UniqueConstraint)
    )


def _update_key_safely(session: so.Session, measure_id: int, values: Mapping[str, Any]) -> None:
    """Write corrected columns; a key another measure already has is a conflict to resolve by merging."""
    key_columns = {"kind", "actor_code", "target_code", "commodity_key"}
    if key_columns & set(values) and _one_measure_per_key(session):
        current = session.execute(sa.select(Measure.kind, Measure.actor_code, Measure.target_code,
                                            Measure.commodity_key).where(Measure.id == measure_id)).one()
        key = {**current._asdict(), **{k: v for k, v in values.items() if k in key_columns}}
        taken = session.scalar(sa.select(Measure.id).where(
            Measure.id != measure_id, *(getattr(Measure, k) == v for k, v in key.items())))
        if taken is not None:
            raise ReviewConflict(f"measure {taken} already has this kind, actor, target and commodity: "
                                 f"merge measure {measure_id} into it instead")
    session.execute(sa.update(Measure).where(Measure.id == measure_id)
                    .values(**overlay.with_written_dates(values), updated_at=utcnow()))
    overlay.lay_over_derived(session, measure_id, values)


def _new_measure(session: so.Session, origin: Measure, ev: Evidence, fields: dict[str, Any], who: str) -> Measure:
    """A new measure for moved evidence: the origin's kind and parties unless the person says otherwise."""
    values = {
        "kind": origin.kind, "actor_code": origin.actor_code, "target_code": origin.target_code,
        "commodity": ev.commodity, **fields,
    }
    ensure_actor(session, values["actor_code"])
    ensure_actor(session, values["target_code"])
    key = commodity_key(values["commodity"])
    now = utcnow()
    if _one_measure_per_key(session):
        taken = session.execute(sa.select(Measure.id, Measure.retired).where(
            Measure.kind == values["kind"], Measure.actor_code == values["actor_code"],
            Measure.target_code == values["target_code"], Measure.commodity_key == key)).first()
        if taken is not None and taken.retired != "merged":
            raise ReviewConflict(f"measure {taken.id} already has this kind, actor, target and commodity: "
                                 "move the evidence there instead")
        if taken is not None:  # a person takes a measure back out of the one it was merged into
            session.execute(sa.update(Measure).where(Measure.id == taken.id).values(
                retired=None, retired_at=None, merged_into_id=None, updated_at=now))
            for column, value in fields.items():
                _set_correction(session, taken.id, column, value, who)
            return _reread(session, taken.id)
    measure_id = session.execute(
        sa.insert(Measure).values(
            kind=values["kind"], actor_code=values["actor_code"], target_code=values["target_code"],
            commodity_key=key, commodity=values["commodity"], status=ev.status, value=ev.value, unit=ev.unit,
            created_at=now, updated_at=now,
        ).returning(Measure.id)
    ).scalar_one()
    for column, value in fields.items():
        _set_correction(session, measure_id, column, value, who)
    return _reread(session, measure_id)


@dataclasses.dataclass(frozen=True)
class Decision:
    """A review asked for by a form or a script (`POST /measures/<id>/review`)."""

    action: str
    reason: str | None = None
    changes: Mapping[str, Any] = dataclasses.field(default_factory=dict)


def decide(session: so.Session, measure_id: int, who: str, decision: Decision) -> Measure:
    """Carry out a confirm, reject or correct."""
    if decision.action == "confirm":
        return confirm(session, measure_id, who, decision.reason)
    if decision.action == "reject":
        return reject(session, measure_id, who, decision.reason)
    if decision.action == "correct":
        return correct(session, measure_id, who, decision.changes, decision.reason)
    raise ReviewError(f"action must be one of: {', '.join(ACTIONS)}")


def measures_by_id(session: so.Session, ids: Sequence[int]) -> dict[int, Measure]:
    return {m.id: m for m in session.scalars(sa.select(Measure).where(Measure.id.in_(list(ids))))}

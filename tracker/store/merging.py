"""Merging measures and links across articles.

A report joins the stored measure it speaks of (`history.choose_measure`: same kind,
actor, target, commodity and unit, and a time near the measure's own) or starts a new
one. Each evidence row keeps what its article said, with its dates as precise as the
text gave them and the confidence it was read with, so a change over time (threatened,
then 25%, raised to 50%, then lifted) stays visible as history: the measure's periods,
its cached current state, its source counts and its threats are all recomputed from
its evidence (`refresh_measures`). A link between two of an article's measures ("over
its purchases of Russian arms") joins the stored link between the same two measures,
so the same link reported by ten articles is one link with ten pieces of evidence.
What people decided about a measure is laid over that state by `tracker.store.overlay`,
which this module calls at the three points where re-reading an article could otherwise undo it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.records import ExtractedMeasure
from tracker.records import Period as TextPeriod
from tracker.store import fulltext, history, overlay
from tracker.store.actors import ensure_actor
from tracker.store.models import Article, Evidence, Link, LinkEvidence, Measure, MeasurePeriod, Threat
from tracker.store.types import utcnow
from tracker.store.upsert import get_or_create_id, insert_ignore

_NON_WORD = re.compile(r"[^a-z0-9]+")

Key = tuple[str, str, str, str]  # kind, actor, target, commodity key
ThreatKey = tuple[str, str, str]  # kind, actor, target


def commodity_key(commodity: str | None) -> str:
    """Spelling-insensitive key: "Crude oil" and "crude-oil" are one commodity."""
    if not commodity:
        return ""
    return _NON_WORD.sub(" ", commodity.lower()).strip()[:200]


def measure_key(m: ExtractedMeasure) -> Key:
    return (m.kind, m.actor, m.target, commodity_key(m.commodity))


def statement_of(m: ExtractedMeasure, reported_on: dt.date | None, ident: int = 0) -> history.Statement:
    """What an extracted measure says, as `history` reads it."""
    dates = m.dates
    return history.Statement(
        ident, m.status, m.value, m.unit, reported_on,
        dates.announced if dates else None, dates.effective if dates else None, dates.lifted if dates else None,
        commodity=m.commodity, confidence=m.confidence,
    )


def statement_from(e: Evidence | sa.Row[Any]) -> history.Statement:
    """What a stored evidence row says, as `history` reads it (an `Evidence`, or a plain row of its columns)."""
    return history.Statement(
        e.id, e.status, e.value, e.unit, e.reported_on,
        history.stored_period(e.measure_on, e.measure_end, e.measure_precision),
        history.stored_period(e.effective_on, e.effective_end, e.effective_precision),
        history.stored_period(e.lifted_on, e.lifted_end, e.lifted_precision),
        e.article_id, e.commodity, e.confidence,
    )


def _candidates(session: so.Session, key: Key) -> list[history.Candidate]:
    kind, actor, target, commodity = key
    rows = session.execute(
        sa.select(Measure.id, Measure.unit, Measure.value, Measure.began_on, Measure.latest_on,
                  Measure.first_reported_on, Measure.last_reported_on)
        .where(Measure.kind == kind, Measure.actor_code == actor, Measure.target_code == target,
               Measure.commodity_key.in_(sorted(history.commodity_keys(commodity))),
               # A measure merged into another takes no report of its own (`overlay.route` sends it on).
               sa.or_(Measure.retired.is_(None), Measure.retired != "merged"))
    ).all()
    return [
        history.Candidate(r.id, r.unit, r.value, _least(r.began_on, r.first_reported_on),
                          _greatest(r.latest_on, r.last_reported_on))
        for r in rows
    ]


def _least(*days: dt.date | None) -> dt.date | None:
    return min((d for d in days if d), default=None)


def _greatest(*days: dt.date | None) -> dt.date | None:
    return max((d for d in days if d), default=None)


def _widen(candidate: history.Candidate, statement: history.Statement, value: float | None) -> history.Candidate:
    when = statement.when
    day = when.start if when else None
    return history.Candidate(
        candidate.id, candidate.unit or statement.unit, value if value is not None else candidate.value,
        _least(candidate.first_on, day), _greatest(candidate.last_on, day),
    )


def add_evidence(
    session: so.Session,
    article_id: int,
    reported_on: dt.date | None,
    measures: Sequence[ExtractedMeasure],
    extractor_version: str,
) -> tuple[set[int], set[int], set[int]]:
    """Attach one article's measures and the links between them.

    Returns (ids of new measures, ids of other measures touched, ids of links touched).
    """
    created: set[int] = set()
    touched: set[int] = set()
    candidates: dict[Key, list[history.Candidate]] = {}
    said_here: dict[int, list[history.Statement]] = {}
    ids: list[int] = []
    for m in measures:
        ensure_actor(session, m.actor)
        ensure_actor(session, m.target)
        key = measure_key(m)
        if key[3] in history.GENERIC_COMMODITIES:
            key = (*key[:3], "")  # one list of candidates for every generic spelling
        if key not in candidates:
            candidates[key] = _candidates(session, key)
        statement = statement_of(m, reported_on)
        routed = overlay.route(session, article_id, m, commodity_key(m.commodity))  # a person's decision, if any
        measure_id = routed if routed is not None else history.choose_measure(statement, candidates[key], said_here)
        if measure_id is None:
            measure_id = session.execute(
                sa.insert(Measure)
                .values(kind=m.kind, actor_code=m.actor, target_code=m.target, commodity_key=commodity_key(m.commodity),
                        commodity=m.commodity, status=m.status, value=m.value, unit=m.unit,
                        created_at=utcnow(), updated_at=utcnow())
                .returning(Measure.id)
            ).scalar_one()
            created.add(measure_id)
            candidates[key].append(history.Candidate(measure_id, m.unit, m.value, None, None))
        candidates[key] = [_widen(c, statement, m.value) if c.id == measure_id else c for c in candidates[key]]
        said_here.setdefault(measure_id, []).append(statement)
        dates = m.dates
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
                    **history.period_columns("measure", dates.announced if dates else None),
                    **history.period_columns("effective", dates.effective if dates else None),
                    **history.period_columns("lifted", dates.lifted if dates else None),
                    "confidence": m.confidence,
                    "reported_on": reported_on,
                    "extractor_version": extractor_version,
                    "created_at": utcnow(),
                }
            ],
            ["measure_id", "article_id", "field", "start"],
        )
        ids.append(measure_id)
        touched.add(measure_id)
    links = _add_links(session, article_id, reported_on, measures, ids)
    return created, touched - created, links


def third_party(actor: str, target: str, other_actor: str, other_target: str) -> str | None:
    """C of a chain "A pressures B over B's trade with C": the other measure's party that is
    neither A nor B, when that measure involves B."""
    if target not in (other_actor, other_target):
        return None
    third = other_target if other_actor == target else other_actor
    return None if third in (actor, target) else third


def _add_links(
    session: so.Session, article_id: int, reported_on: dt.date | None, measures: Sequence[ExtractedMeasure],
    ids: Sequence[int],
) -> set[int]:
    touched: set[int] = set()
    for index, m in enumerate(measures):
        for link in m.links:
            if not 0 <= link.to < len(measures) or ids[link.to] == ids[index]:
                continue  # an index outside the article, or a measure linked to itself
            other = measures[link.to]
            link_id, _ = get_or_create_id(
                session,
                Link,
                {"measure_id": ids[index], "other_id": ids[link.to], "relation": link.relation},
                {
                    "kind": m.kind, "actor_code": m.actor, "target_code": m.target,
                    "other_kind": other.kind, "other_actor_code": other.actor, "other_target_code": other.target,
                    "third_code": third_party(m.actor, m.target, other.actor, other.target),
                    "first_reported_on": reported_on, "last_reported_on": reported_on, "source_count": 0,
                    "created_at": utcnow(), "updated_at": utcnow(),
                },
            )
            span = link.evidence
            insert_ignore(
                session,
                LinkEvidence,
                [{
                    "link_id": link_id, "article_id": article_id,
                    "field": span.field if span else None, "start": span.start if span else None,
                    "end": span.end if span else None, "quote": span.text if span else None,
                    "reported_on": reported_on, "created_at": utcnow(),
                }],
                ["link_id", "article_id"],
            )
            touched.add(link_id)
    return touched


def remove_article_evidence(session: so.Session, article_id: int) -> set[int]:
    """Drop an article's evidence (and its search entries) before re-extraction; returns the measures it touched."""
    rows = session.execute(sa.select(Evidence.id, Evidence.measure_id).where(Evidence.article_id == article_id)).all()
    session.execute(sa.delete(Evidence).where(Evidence.article_id == article_id))
    fulltext.reindex(session, evidence=[evidence_id for evidence_id, _ in rows])
    return {measure_id for _, measure_id in rows}


def remove_article_links(session: so.Session, article_id: int) -> set[int]:
    """Drop an article's reports of links before re-extraction; returns the links they supported."""
    ids = set(session.scalars(sa.select(LinkEvidence.link_id).where(LinkEvidence.article_id == article_id)))
    session.execute(sa.delete(LinkEvidence).where(LinkEvidence.article_id == article_id))
    return ids


def refresh_measures(session: so.Session, measure_ids: Iterable[int]) -> None:
    """Recompute each measure's periods, cached state and sources from its evidence (a measure
    left with none is retired, never deleted: `overlay.retire_unsupported`); lay people's decisions
    over them (`tracker.store.overlay`); then the threats of every (kind, actor, target) concerned.

    Their search entries are rewritten too: the commodity a measure is found by is its latest.
    """
    keys: set[ThreatKey] = set()
    measure_ids = sorted(set(measure_ids))
    for measure_id in measure_ids:
        found = session.execute(
            sa.select(Measure.kind, Measure.actor_code, Measure.target_code).where(Measure.id == measure_id)
        ).one_or_none()
        if found is None:
            continue
        keys.add((found.kind, found.actor_code, found.target_code))
        rows = session.execute(
            sa.select(Evidence, Article.sketch, Article.url, Article.source_id, Article.publisher)
            .join(Article, Article.id == Evidence.article_id)
            .where(Evidence.measure_id == measure_id)
            .order_by(Evidence.reported_on.asc().nulls_first(), Evidence.id.asc())
        ).all()
        session.execute(sa.delete(MeasurePeriod).where(MeasurePeriod.measure_id == measure_id))
        session.execute(sa.delete(Threat).where(Threat.measure_id == measure_id))
        if not rows:
            overlay.retire_unsupported(session, measure_id)  # kept, never deleted
            continue
        evidence = [r[0] for r in rows]
        statements = [statement_from(e) for e in evidence]
        steps = history.derive_periods(statements)
        session.execute(sa.insert(MeasurePeriod), [history.period_row(measure_id, i, s) for i, s in enumerate(steps)])
        openings = history.threat_openings(statements)
        if openings:
            key = (found.kind, found.actor_code, found.target_code)
            commodity = next((e.commodity for e in reversed(evidence) if e.commodity), None)
            session.execute(sa.insert(Threat), [history.threat_row(measure_id, key, commodity, o) for o in openings])
        session.execute(
            sa.update(Measure).where(Measure.id == measure_id).values(
                **history.current_state(statements, steps),
                **history.source_counts((e.article_id, sketch, url, source, named) for e, sketch, url, source, named in rows),
                updated_at=utcnow(),
            )
        )
    overlay.after_refresh(session, measure_ids)  # what people corrected, laid over what the machine read
    fulltext.reindex(session, measures=measure_ids)
    refresh_threats(session, keys)


def refresh_threats(session: so.Session, keys: Iterable[ThreatKey]) -> None:
    """What became of each threat of these (kind, actor, target): from the periods of all their measures."""
    for kind, actor, target in sorted(set(keys)):
        of_key = sa.and_(Measure.kind == kind, Measure.actor_code == actor, Measure.target_code == target)
        threats = session.scalars(sa.select(Threat).join(Measure, Measure.id == Threat.measure_id).where(of_key)).all()
        if not threats:
            continue
        periods = session.execute(
            sa.select(MeasurePeriod.measure_id, MeasurePeriod.status, MeasurePeriod.start_on, MeasurePeriod.value,
                      MeasurePeriod.unit)
            .join(Measure, Measure.id == MeasurePeriod.measure_id)
            .where(of_key, MeasurePeriod.status.in_(("in_force", "lifted")), MeasurePeriod.start_on.is_not(None))
        ).all()
        enforced = [history.Enforcement(p.measure_id, p.start_on, p.value, p.unit) for p in periods
                    if p.status == "in_force"]
        for threat in threats:
            on = TextPeriod(threat.threatened_on, threat.threatened_end, threat.threatened_precision)
            opening = history.Opening(threat.status, on, threat.value, threat.unit, threat.known_on, threat.deadline_on)
            lifts = [p.start_on for p in periods if p.status == "lifted" and p.measure_id == threat.measure_id]
            outcome = history.threat_outcome(opening, enforced, lifts)
            session.execute(
                sa.update(Threat).where(Threat.id == threat.id).values(
                    outcome=outcome.outcome, outcome_on=outcome.on, outcome_measure_id=outcome.measure_id,
                    days=outcome.days,
                )
            )


def refresh_links(session: so.Session, link_ids: Iterable[int]) -> None:
    """Recompute each link's report dates and count from its evidence; drop links left with none."""
    for link_id in sorted(set(link_ids)):
        row = session.execute(
            sa.select(sa.func.count(sa.distinct(LinkEvidence.article_id)), sa.func.min(LinkEvidence.reported_on),
                      sa.func.max(LinkEvidence.reported_on))
            .where(LinkEvidence.link_id == link_id)
        ).one()
        count, first, last = row
        if not count:
            session.execute(sa.delete(Link).where(Link.id == link_id))
            continue
        session.execute(
            sa.update(Link).where(Link.id == link_id).values(
                source_count=count, first_reported_on=first, last_reported_on=last, updated_at=utcnow()
            )
        )


def refresh_everything(engine: sa.Engine, chunk: int = 500) -> int:
    """Recompute, from the stored evidence, every article's sketch that is missing, every measure's
    periods, state, sources and threats, and every link: after an upgrade or a change of rules.

    One write transaction per `chunk` measures, so a large database is never locked for long;
    returns how many measures were refreshed.
    """
    from tracker.store.db import write_session
    from tracker.store.history import sketch

    last = 0
    while True:
        with write_session(engine) as session:
            rows = session.execute(
                sa.select(Article.id, Article.title, Article.text)
                .where(Article.sketch.is_(None), Article.id > last).order_by(Article.id).limit(chunk)
            ).all()
            for row in rows:
                session.execute(sa.update(Article).where(Article.id == row.id)
                                .values(sketch=sketch(row.title, row.text)))
        if not rows:
            break
        last = rows[-1].id
    done, last = 0, 0
    while True:
        with write_session(engine) as session:
            ids = list(session.scalars(sa.select(Measure.id).where(Measure.id > last).order_by(Measure.id).limit(chunk)))
            if not ids:
                return done
            refresh_measures(session, ids)
            refresh_links(session, session.scalars(sa.select(Link.id).where(Link.measure_id.in_(ids))))
        done += len(ids)
        last = ids[-1]

"""People's decisions over the machine's measures: they survive every re-reading, and the trail of them cannot be changed."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest
import sqlalchemy as sa

from tracker.records import EvidenceSpan, ExtractedMeasure, IncomingArticle
from tracker.store import audit, review
from tracker.store.articles import get_or_create_source, save_article
from tracker.store.db import read_session, write_session
from tracker.store.listing import MeasureFilter, measure_page
from tracker.store.models import AuditEntry, Evidence, Measure

TEXT = "Washington imposed a 25% tariff on Indian steel. Delhi answered with a ban on almonds."
STEEL = "Washington imposed a 25% tariff on Indian steel."
ALMONDS = "Delhi answered with a ban on almonds."


def read(sentence: str, kind: str = "tariff", actor: str = "USA", target: str = "IND", value: float | None = 25,
         commodity: str | None = "steel", status: str = "in_force", text: str = TEXT) -> ExtractedMeasure:
    start = text.index(sentence)
    return ExtractedMeasure(kind=kind, actor=actor, target=target, status=status,
                            evidence=EvidenceSpan("text", start, start + len(sentence), sentence), value=value,
                            unit="percent" if value is not None else None, commodity=commodity)


def store(engine: sa.Engine, measures: list[ExtractedMeasure], version: str = "v1", identity: str = "a1",
          text: str = TEXT, day: dt.date = dt.date(2025, 8, 1)) -> int:
    with write_session(engine) as session:
        source = get_or_create_source(session, "seed", "seeds:review", "review tests")
        outcome = save_article(session, source, IncomingArticle(identity, "", text, day), measures, version)
    assert outcome.article_id is not None
    return outcome.article_id


def measures(engine: sa.Engine) -> list[Measure]:
    with read_session(engine) as session:
        return list(session.scalars(sa.select(Measure).order_by(Measure.id)))


def listed(engine: sa.Engine, **flt: object) -> list[int]:
    with read_session(engine) as session:
        return [m.id for m in measure_page(session, MeasureFilter(**flt), limit=100).measures]  # type: ignore[arg-type]


def evidence_of(engine: sa.Engine, measure_id: int) -> int:
    with read_session(engine) as session:
        return session.scalar(sa.select(sa.func.count()).where(Evidence.measure_id == measure_id)) or 0


def decide(engine: sa.Engine, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        return fn(session, *args, **kwargs)


def test_a_correction_survives_a_new_extractor_reading_the_article_again(engine: sa.Engine) -> None:
    store(engine, [read(STEEL)])
    [m] = measures(engine)
    with write_session(engine) as session:
        changes = review.parse_fields(session, {"target": "chn", "value": "30"})
    decide(engine, review.correct, m.id, "ana", changes, "the article means China")
    store(engine, [read(STEEL)], version="v2")  # the machine still reads India, 25%
    [again] = measures(engine)
    assert (again.id, again.target_code, again.value, again.review_state) == (m.id, "CHN", 30, "corrected")
    assert evidence_of(engine, m.id) == 1  # the new reading attached to the corrected measure
    # a reading that moved (another kind, another commodity) still follows its sentence
    store(engine, [read(STEEL, kind="quota", commodity="steel products")], version="v3")
    [moved] = measures(engine)
    assert (moved.id, moved.kind, moved.target_code, moved.value) == (m.id, "tariff", "CHN", 30)


def test_another_measure_read_in_the_same_sentence_keeps_its_own_way(engine: sa.Engine) -> None:
    store(engine, [read(STEEL)])
    [m] = measures(engine)
    decide(engine, review.confirm, m.id, "ana")
    store(engine, [read(STEEL), read(STEEL, kind="export_control", actor="IND", target="USA", value=None)], version="v2")
    first, second = measures(engine)
    assert first.id == m.id and (second.actor_code, second.target_code, second.review_state) == ("IND", "USA", "machine")


def test_new_evidence_still_attaches_and_corrected_fields_stay(engine: sa.Engine) -> None:
    store(engine, [read(STEEL)])
    [m] = measures(engine)
    with write_session(engine) as session:
        changes = review.parse_fields(session, {"status": "announced"})
    decide(engine, review.correct, m.id, "ana", changes, None)
    later = "The US raised its tariff on Indian steel to 50%."
    store(engine, [read(later, value=50, text=later)], identity="a2", text=later, day=dt.date(2025, 9, 1))
    [again] = measures(engine)
    assert (again.source_count, again.value, again.status) == (2, 50, "announced")  # value moves, status is pinned


def test_a_rejected_measure_stays_rejected_and_hidden(engine: sa.Engine) -> None:
    store(engine, [read(STEEL), read(ALMONDS, kind="import_ban", actor="IND", target="USA", value=None,
                                     commodity="almonds")])
    steel, almonds = measures(engine)
    decide(engine, review.reject, almonds.id, "ana", "a retaliation is not reported here")
    assert listed(engine) == [steel.id]
    store(engine, [read(STEEL), read(ALMONDS, kind="import_ban", actor="IND", target="USA", value=None,
                                     commodity="almonds")], version="v2")
    assert [m.id for m in measures(engine)] == [steel.id, almonds.id]
    assert measures(engine)[1].review_state == "rejected" and listed(engine) == [steel.id]
    assert sorted(listed(engine, include_rejected=True)) == [steel.id, almonds.id]
    assert listed(engine, reviewed=True) == []
    with pytest.raises(review.ReviewError):
        decide(engine, review.reject, steel.id, "ana", "  ")  # a rejection says why


def test_a_merged_measure_is_never_split_again(engine: sa.Engine) -> None:
    store(engine, [read(STEEL)])
    other = "US steel duty on India."
    store(engine, [read(other, commodity="steel products", text=other)], identity="a2", text=other)
    first, second = measures(engine)
    decide(engine, review.merge, second.id, first.id, "ana", "the same duty")
    assert evidence_of(engine, first.id) == 2 and evidence_of(engine, second.id) == 0
    store(engine, [read(other, commodity="steel products", text=other)], identity="a2", text=other, version="v2")
    third = "India hit by US steel products duty."
    store(engine, [read(third, commodity="steel products", text=third)], identity="a3", text=third)
    kept = {m.id: m for m in measures(engine)}
    assert set(kept) == {first.id, second.id}  # no new measure for the merged one's sentence or key
    assert evidence_of(engine, first.id) == 3 and kept[second.id].retired == "merged"
    assert listed(engine) == [first.id]


def test_moved_evidence_goes_where_the_person_put_it_whatever_is_read_later(engine: sa.Engine) -> None:
    store(engine, [read(STEEL), read(ALMONDS, value=None, commodity="steel")])  # the machine put both on one measure
    [m] = measures(engine)
    with read_session(engine) as session:
        almond = session.scalar(sa.select(Evidence.id).where(Evidence.quote == ALMONDS))
    with write_session(engine) as session:
        fields = review.parse_fields(session, {"kind": "import_ban", "actor": "IND", "target": "USA",
                                               "commodity": "almonds"})
        new = review.move_evidence(session, almond, "ana", "a ban, not a tariff", new_fields=fields)
    store(engine, [read(STEEL), read(ALMONDS, value=None, commodity="steel")], version="v2")
    assert evidence_of(engine, m.id) == 1 and evidence_of(engine, new.id) == 1
    [moved] = [x for x in measures(engine) if x.id == new.id]
    assert (moved.kind, moved.actor_code, moved.target_code, moved.commodity) == ("import_ban", "IND", "USA", "almonds")


def test_a_measure_added_by_hand_is_kept_as_written(engine: sa.Engine) -> None:
    with write_session(engine) as session:
        fields = review.parse_fields(session, {"kind": "sanction", "actor": "EU", "target": "RUS", "status": "in_force",
                                               "announced_on": "2025-07-18"}, require=True)
        m = review.add_measure(session, "ana", fields, source_url="https://example.org/eu-18th-package",
                               quote="The EU adopted its 18th package of sanctions against Russia.",
                               reported_on=dt.date(2025, 7, 18), reason="missed by the extractor")
    assert (m.kind, m.actor_code, m.target_code, m.status, m.review_state, m.source_count) == (
        "sanction", "EU", "RUS", "in_force", "confirmed", 1)
    assert m.announced_on == dt.date(2025, 7, 18)
    with pytest.raises(review.ReviewError):
        decide(engine, review.add_measure, "ana", fields, source_url="javascript:alert(1)", quote="x",
               reported_on=None)


def test_bad_fields_are_refused_with_a_reason(engine: sa.Engine) -> None:
    with write_session(engine) as session:
        for bad in ({"kind": "nope"}, {"actor": "ZZZ"}, {"value": "nan"}, {"unit": "cubits"},
                    {"announced_on": "2025-02-30"}, {"status": ""}, {"commodity": "x" * 301}):
            with pytest.raises(review.ReviewError):
                review.parse_fields(session, bad)
        assert review.parse_fields(session, {"value": "", "actor": "usa"}) == {"value": None, "actor_code": "USA"}


def test_every_decision_is_in_the_audit_trail_and_the_trail_cannot_be_changed(engine: sa.Engine) -> None:
    store(engine, [read(STEEL)])
    [m] = measures(engine)
    decide(engine, review.confirm, m.id, "ana", "checked")
    decide(engine, review.reject, m.id, "bo", "not in force")
    with read_session(engine) as session:
        trail = audit.measure_history(session, m.id)
    assert [(e.who, e.action, audit.decoded(e.after)) for e in trail] == [
        ("ana", "confirm", {"state": "confirmed"}), ("bo", "reject", {"state": "rejected"})]
    for statement in (sa.update(AuditEntry).values(reason="rewritten"), sa.delete(AuditEntry)):
        with pytest.raises(sa.exc.DatabaseError), write_session(engine) as session:
            session.execute(statement)
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 2
    # ...and the store offers nothing that would change it
    writes = [name for name, _ in inspect.getmembers(audit, inspect.isfunction) if name.startswith(
        ("update", "delete", "remove", "edit", "change", "set", "clear", "purge"))]
    assert writes == []

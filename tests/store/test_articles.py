"""Storing articles and merging their measures into one history per measure."""

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from tracker.records import EvidenceSpan as Span
from tracker.records import ExtractedMeasure, IncomingArticle
from tracker.store.articles import get_or_create_source, save_article, store_articles
from tracker.store.db import read_session, write_session
from tracker.store.merging import commodity_key
from tracker.store.models import Article, Evidence, Measure
from tracker.store.types import UTCDateTime


def tariff(text: str, value: float | None, status: str = "in_force", actor: str = "USA", target: str = "IND") -> ExtractedMeasure:
    return ExtractedMeasure(
        kind="tariff",
        actor=actor,
        target=target,
        status=status,
        evidence=Span("text", 0, len(text), text),
        value=value,
        unit="percent" if value is not None else None,
    )


def store(engine: sa.Engine, identity: str, text: str, day: dt.date, measures: list[ExtractedMeasure], version: str = "t1"):
    with write_session(engine) as session:
        source_id = get_or_create_source(session, "seed", "seeds:test", "test")
        article = IncomingArticle(identity=identity, title="", text=text, published_on=day)
        return save_article(session, source_id, article, measures, version)


def measures(engine: sa.Engine) -> list[Measure]:
    with read_session(engine) as session:
        return list(session.scalars(sa.select(Measure).order_by(Measure.id)))


def test_same_measure_in_two_articles_is_one_measure_with_two_evidence_rows(engine: sa.Engine) -> None:
    first = store(engine, "a", "US sets 25% tariff on India.", dt.date(2025, 8, 7), [tariff("US sets 25% tariff on India.", 25)])
    second = store(engine, "b", "US doubles India tariff to 50%.", dt.date(2025, 8, 27), [tariff("US doubles India tariff to 50%.", 50)])
    assert (first.state, first.measures_new) == ("new", 1)
    assert (second.state, second.measures_new, second.measures_updated) == ("new", 0, 1)
    [m] = measures(engine)
    assert (m.value, m.unit, m.status, m.source_count) == (50, "percent", "in_force", 2)
    assert (m.first_reported_on, m.last_reported_on) == (dt.date(2025, 8, 7), dt.date(2025, 8, 27))
    with read_session(engine) as session:
        history = session.execute(
            sa.select(Evidence.reported_on, Evidence.value).where(Evidence.measure_id == m.id).order_by(Evidence.reported_on)
        ).all()
    assert [tuple(r) for r in history] == [(dt.date(2025, 8, 7), 25), (dt.date(2025, 8, 27), 50)]


def test_the_latest_report_sets_the_status_and_history_keeps_the_rest(engine: sa.Engine) -> None:
    store(engine, "1", "threat", dt.date(2025, 7, 1), [tariff("threat", 50, "threatened")])
    store(engine, "2", "imposed", dt.date(2025, 8, 27), [tariff("imposed", 50, "in_force")])
    store(engine, "3", "lifted", dt.date(2025, 12, 1), [tariff("lifted", None, "lifted")])
    [m] = measures(engine)
    assert m.status == "lifted"
    assert m.value == 50  # a later report without a figure does not erase the rate
    assert m.effective_on == dt.date(2025, 8, 27)
    assert m.source_count == 3


def test_an_unchanged_article_is_not_stored_again(engine: sa.Engine) -> None:
    store(engine, "a", "x", dt.date(2025, 1, 1), [tariff("x", 10)])
    again = store(engine, "a", "x", dt.date(2025, 1, 1), [tariff("x", 10)])
    assert again.state == "unchanged"
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 1
        assert session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 1


def test_an_updated_article_replaces_its_evidence_and_drops_measures_left_without_any(engine: sa.Engine) -> None:
    store(engine, "a", "US tariff on India", dt.date(2025, 1, 1), [tariff("US tariff on India", 10)])
    outcome = store(engine, "a", "Correction: a tariff on Brazil", dt.date(2025, 1, 1), [tariff("a tariff on Brazil", 10, target="BRA")])
    assert outcome.state == "updated"
    [m] = measures(engine)
    assert (m.actor_code, m.target_code) == ("USA", "BRA")


def test_a_new_extractor_version_re_reads_an_unchanged_article(engine: sa.Engine) -> None:
    store(engine, "a", "text", dt.date(2025, 1, 1), [tariff("text", 10)], version="v1")
    outcome = store(engine, "a", "text", dt.date(2025, 1, 1), [tariff("text", 20)], version="v2")
    assert outcome.state == "updated"
    [m] = measures(engine)
    assert m.value == 20 and m.source_count == 1


def test_different_commodities_are_different_measures_whatever_their_spelling(engine: sa.Engine) -> None:
    steel = ExtractedMeasure("tariff", "USA", "CHN", "in_force", Span("text", 0, 1, "s"), 25, "percent", "Steel")
    steel2 = ExtractedMeasure("tariff", "USA", "CHN", "in_force", Span("text", 2, 3, "t"), 25, "percent", "steel ")
    cars = ExtractedMeasure("tariff", "USA", "CHN", "in_force", Span("text", 4, 5, "c"), 100, "percent", "electric vehicles")
    store(engine, "a", "s t c", dt.date(2024, 5, 14), [steel, steel2, cars])
    assert sorted((m.commodity_key, m.value) for m in measures(engine)) == [("electric vehicles", 100), ("steel", 25)]
    assert commodity_key("Crude-Oil") == commodity_key("crude oil")


def test_unknown_actor_codes_named_by_an_extractor_are_added(engine: sa.Engine) -> None:
    store(engine, "a", "x", dt.date(1987, 4, 17), [tariff("x", 100, actor="EU", target="SUN")])
    with read_session(engine) as session:
        m = session.scalars(sa.select(Measure)).one()
        assert (m.actor.name, m.target.name) == ("European Union / European Community", "Soviet Union")


def test_datetimes_come_back_aware_utc(engine: sa.Engine) -> None:
    store(engine, "a", "x", dt.date(2025, 1, 1), [])
    with read_session(engine) as session:
        created = session.scalar(sa.select(Article.created_at))
    assert created.tzinfo is not None and created.utcoffset() == dt.timedelta(0)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(dt.datetime(2025, 1, 1), None)  # noqa: DTZ001 - naive on purpose


def test_the_same_content_under_another_name_is_stored_once(engine: sa.Engine) -> None:
    first = store(engine, "feed-a:guid-1", "US sets 25% tariff on India.", dt.date(2025, 8, 7), [tariff("US sets 25% tariff on India.", 25)])
    copy = store(engine, "feed-b:guid-9", "US sets 25% tariff on India.", dt.date(2025, 8, 7), [tariff("US sets 25% tariff on India.", 25)])
    assert copy.state == "duplicate" and copy.article_id == first.article_id
    [m] = measures(engine)
    assert m.source_count == 1
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 1


# --- The batched write path: store_articles ------------------------------------------------

DAY = dt.date(2026, 11, 2)


def wire(n: int, text: str = "US sets 25% tariff on India.") -> IncomingArticle:
    return IncomingArticle(identity=f"wire-{n}", title="", text=f"{text} Story {n}.", published_on=DAY)


def read_tariff(article: IncomingArticle) -> list[ExtractedMeasure]:
    """A stand-in extractor: every article reports the same tariff."""
    return [tariff(article.text, 25)]


def run(engine: sa.Engine, articles: list[IncomingArticle], read=read_tariff) -> list:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        source_id = get_or_create_source(session, "feed", "https://wire.example/rss", "wire")
    return list(store_articles(engine, source_id, articles, read=read, extractor_version="t1"))


def test_store_articles_reads_only_what_is_new_or_changed(engine: sa.Engine) -> None:
    read: list[str] = []

    def counting(article: IncomingArticle) -> list[ExtractedMeasure]:
        read.append(article.identity)
        return read_tariff(article)

    first = run(engine, [wire(n) for n in range(60)], counting)
    assert [o.state for o in first] == ["new"] * 60 and len(read) == 60
    read.clear()
    second = run(engine, [wire(n) for n in range(59)] + [wire(59, "Corrected: a 20% tariff.")], counting)
    assert [o.state for o in second].count("unchanged") == 59 and second[-1].state == "updated"
    assert read == ["wire-59"]
    [m] = measures(engine)
    assert m.source_count == 60


def test_the_same_content_twice_in_one_batch_is_stored_once(engine: sa.Engine) -> None:
    twin = IncomingArticle(identity="other-name", title="", text=wire(1).text, published_on=DAY)
    outcomes = run(engine, [wire(1), twin])
    assert [(o.identity, o.state) for o in outcomes] == [("wire-1", "new"), ("other-name", "duplicate")]
    assert outcomes[1].article_id == outcomes[0].article_id
    assert run(engine, [twin])[0].state == "duplicate"  # decided before extraction on the next pass


def test_a_failing_article_fails_alone(engine: sa.Engine) -> None:
    def broken_for_seven(article: IncomingArticle) -> list[ExtractedMeasure]:
        if article.identity == "wire-7":  # a measure the database refuses: it has no status
            return [dataclasses.replace(tariff(article.text, 25), status=None)]  # type: ignore[arg-type]
        return read_tariff(article)

    outcomes = run(engine, [wire(n) for n in range(10)], broken_for_seven)
    failed = [o for o in outcomes if o.state == "failed"]
    assert [o.identity for o in failed] == ["wire-7"] and "IntegrityError" in (failed[0].error or "")
    assert sum(o.state == "new" for o in outcomes) == 9
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Article)) == 9


def test_an_article_the_extractor_cannot_read_fails_alone(engine: sa.Engine) -> None:
    def fussy(article: IncomingArticle) -> list[ExtractedMeasure]:
        if article.identity == "wire-2":
            raise ValueError("cannot read this one")
        return read_tariff(article)

    outcomes = run(engine, [wire(n) for n in range(4)], fussy)
    assert [(o.identity, o.state, o.error) for o in outcomes if o.state == "failed"] == [
        ("wire-2", "failed", "ValueError: cannot read this one")
    ]
    assert sum(o.state == "new" for o in outcomes) == 3

"""Invented multi-article histories stored through the write path: one measure per real
measure with its periods, links merged across articles, chains, threats and as-of views."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from tests.support.reports import OVER, SEED_SENTENCE, Newsroom, said, seed_like
from tracker.store import chains, threats, timeline
from tracker.store.listing import MeasureFilter, measure_page
from tracker.store.models import Evidence, Link, LinkEvidence, Measure, MeasurePeriod, Threat

D = dt.date.fromisoformat


def all_measures(engine: sa.Engine, **where: str) -> list[Measure]:
    with so.Session(engine) as session:
        stmt = sa.select(Measure).filter_by(**where).order_by(Measure.id)
        return list(session.scalars(stmt))


def periods(engine: sa.Engine, measure_id: int) -> list[tuple[str, float | None, dt.date | None, dt.date | None]]:
    with so.Session(engine) as session:
        rows = session.scalars(sa.select(MeasurePeriod).where(MeasurePeriod.measure_id == measure_id)
                               .order_by(MeasurePeriod.position))
        return [(p.status, p.value, p.start_on, p.end_on) for p in rows]


def test_the_same_duty_in_1987_and_a_different_one_in_2025_are_two_measures(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    news.report("1987-04-17", said("tariff", "USA", "CAN", "in_force", 15, effective="1987-04-17"))
    news.report("1987-05-02", said("tariff", "USA", "CAN", "in_force", 15))
    news.report("2025-02-01", said("tariff", "USA", "CAN", "announced", 25))
    news.report("2025-03-04", said("tariff", "USA", "CAN", "in_force", 25, effective="2025-03-04"))
    news.report("2025-03-10", said("tariff", "USA", "CAN", "in_force", 15, effective="1987-04-17",
                                   sentence="The 1987 duty of 15% is still remembered."))
    old, new = all_measures(engine, actor_code="USA", target_code="CAN")
    assert (old.value, old.began_on, old.source_count) == (15, D("1987-04-17"), 3)
    assert (new.value, new.status, new.began_on, new.source_count) == (25, "in_force", D("2025-02-01"), 2)
    assert periods(engine, new.id) == [("announced", 25, D("2025-02-01"), D("2025-03-04")),
                                       ("in_force", 25, D("2025-03-04"), None)]


def test_a_rate_raised_twice_then_cut_is_one_measure_with_three_periods(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    news.report("2025-02-04", said("tariff", "USA", "CHN", "in_force", 10, effective="2025-02-04"))
    news.report("2025-04-09", said("tariff", "USA", "CHN", "in_force", 125, effective="2025-04-09"))
    news.report("2025-04-10", said("tariff", "USA", "CHN", "in_force", 145, effective="2025-04-10"))
    news.report("2025-05-14", said("tariff", "USA", "CHN", "in_force", 30, effective="2025-05-14"))
    news.report("2025-05-20", said("tariff", "USA", "CHN", "in_force", 145, sentence="Recalling the 145% tariff."))
    [m] = all_measures(engine)
    assert (m.status, m.value, m.source_count) == ("in_force", 30, 5)
    assert periods(engine, m.id) == [
        ("in_force", 10, D("2025-02-04"), D("2025-04-09")), ("in_force", 125, D("2025-04-09"), D("2025-04-10")),
        ("in_force", 145, D("2025-04-10"), D("2025-05-14")), ("in_force", 30, D("2025-05-14"), None)]
    with so.Session(engine) as session:
        for day, value in (("2025-03-01", 10), ("2025-04-09", 125), ("2025-05-01", 145), ("2025-06-01", 30)):
            [seen] = timeline.as_of(session, [m], D(day))
            assert (seen.status, seen.value) == ("in_force", value), day
        [window] = timeline.in_window(session, [m], D("2025-04-20"), D("2025-05-01"))
        assert window.value == 145
        # A window filter keeps what held then; the measure is shown at the rate of that time.
        page = measure_page(session, MeasureFilter(since=D("2025-04-20"), until=D("2025-05-01")))
        assert [x.value for x in timeline.as_seen(session, page.measures, MeasureFilter(until=D("2025-05-01")))] == [145]


def test_as_of_before_during_and_after_a_measure(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    news.report("2025-09-01", said("tariff", "USA", "IND", "in_force", 50, effective="2025-08-27"))
    news.report("2025-10-01", said("tariff", "USA", "IND", "lifted", lifted="2025-10-01"))
    [m] = all_measures(engine)
    with so.Session(engine) as session:
        def on(day: str) -> list[tuple[str, float | None]]:
            flt = MeasureFilter(pair=("USA", "IND"), as_of=D(day))
            shown = timeline.as_seen(session, measure_page(session, flt).measures, flt)
            return [(x.status, x.value) for x in shown]

        assert on("2025-08-01") == []  # reported on 1 September: unknown before
        assert on("2025-08-31") == []
        assert on("2025-09-15") == [("in_force", 50)]  # lifted on 1 October: in force until then
        assert on("2025-10-15") == [("lifted", 50)]
    assert m.status == "lifted" and m.lifted_on == D("2025-10-01")


def test_a_threat_then_its_enforcement_is_fulfilled_and_a_climb_down_is_withdrawn(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    news.report("2025-07-01", said("tariff", "USA", "BRA", "threatened", 50, effective="2025-08-01"))
    news.report("2025-08-11", said("tariff", "USA", "BRA", "in_force", 50, commodity="coffee"))
    news.report("2025-07-12", said("tariff", "USA", "MEX", "threatened", 30))
    news.report("2025-07-30", said("tariff", "USA", "MEX", "lifted", sentence="Washington dropped its threat against Mexico."))
    news.report("2025-07-15", said("sanction", "USA", "RUS", "threatened"))
    with so.Session(engine) as session:
        by_target = {t.target_code: t for t in session.scalars(sa.select(Threat))}
        rec = threats.record(session, "USA")
    assert (by_target["BRA"].outcome, by_target["BRA"].days, by_target["BRA"].deadline_on) == ("fulfilled", 41, D("2025-08-01"))
    assert (by_target["MEX"].outcome, by_target["MEX"].outcome_on) == ("withdrawn", D("2025-07-30"))
    assert by_target["RUS"].outcome == "open"
    assert (rec.threats, rec.fulfilled, rec.withdrawn, rec.open, rec.median_days) == (3, 1, 1, 1, 41)
    assert rec.sentence().startswith("Carried out 1 of 3 threats since 2025, median 41 days")


def test_the_same_link_in_ten_articles_is_one_link_with_ten_pieces_of_evidence(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    for n in range(10):
        seed_like(news, f"2025-09-{n + 1:02d}", filler=f"Story number {n} with its own long different words, {n * 7}.")
    with so.Session(engine) as session:
        [link] = session.scalars(sa.select(Link)).all()
        assert (link.relation, link.actor_code, link.target_code, link.third_code) == ("over", "USA", "IND", "RUS")
        assert (link.source_count, link.first_reported_on, link.last_reported_on) == (10, D("2025-09-01"), D("2025-09-10"))
        assert session.scalar(sa.select(sa.func.count()).select_from(LinkEvidence)) == 10
        [chain] = chains.chain_page(session, chains.ChainFilter(c="RUS")).chains
        assert (chain.measure.kind, chain.other.kind, chain.quote) == ("tariff", "purchase", OVER)
        [tariff] = session.scalars(sa.select(Measure).where(Measure.kind == "tariff")).all()
        assert (tariff.effective_on, tariff.effective_end, tariff.effective_precision) == (
            D("2025-08-21"), D("2025-08-31"), "part-of-month")
        assert tariff.confidence == 0.9
        ev = session.scalars(sa.select(Evidence).where(Evidence.measure_id == tariff.id)).first()
        assert ev is not None and (ev.effective_precision, ev.confidence) == ("part-of-month", 0.9)
        [reason] = chains.related(session, [tariff.id])[tariff.id]
        assert (reason.role, reason.words, reason.other.actor_code, reason.other.commodity) == (
            "reason", "over", "IND", "arms and energy")


def test_a_re_read_article_drops_the_links_it_no_longer_reports(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    seed_like(news, identity="seed")
    news.report("2025-09-01", said("tariff", "USA", "IND", "in_force", 50, sentence=SEED_SENTENCE), identity="seed")
    with so.Session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0
        # The purchase no report supports any more is retired (kept, hidden), never deleted.
        assert [(m.kind, m.retired) for m in session.scalars(sa.select(Measure).order_by(Measure.id))] == [
            ("tariff", None), ("purchase", "unsupported")]


def test_secondary_tariffs_on_several_buyers_of_one_sellers_oil_are_chains_over_it(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    for buyer in ("IND", "CHN", "TUR"):
        news.report("2025-03-25",
                    said("tariff", "USA", buyer, "threatened", 25, links=(("over", 1, None),)),
                    said("purchase", buyer, "VEN", "reported", commodity="oil"))
    news.report("2025-03-26", said("sanction", "USA", "VEN", "in_force"))
    with so.Session(engine) as session:
        over_venezuela = chains.chain_page(session, chains.ChainFilter(c="VEN")).chains
        assert sorted(c.link.target_code for c in over_venezuela) == ["CHN", "IND", "TUR"]
        assert [c.link.target_code for c in chains.chain_page(session, chains.ChainFilter(a="USA", b="TUR")).chains] == ["TUR"]
        summary = chains.country_chains(session, "VEN")
        assert sorted(s.target for s in summary["over"]) == ["CHN", "IND", "TUR"]
        assert {(s.target, s.third) for s in chains.country_chains(session, "USA")["applies"]} == {
            ("CHN", "VEN"), ("IND", "VEN"), ("TUR", "VEN")}
        rows = list(chains.stream_chain_rows(engine, chains.ChainFilter(kinds=["tariff"])))
        assert len(rows) == 3 and all(dict(zip(chains.CHAIN_COLUMNS, r, strict=True))["c"] == "VEN" for r in rows)


def test_tit_for_tat_between_two_countries(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    news.report("2025-04-02", said("tariff", "USA", "CHN", "in_force", 34, effective="2025-04-05"))
    news.report("2025-04-04",
                said("tariff", "CHN", "USA", "announced", 34, links=(("in_response_to", 1, "hit back"),),
                     sentence="Beijing hit back with 34% tariffs on US goods."),
                said("tariff", "USA", "CHN", "in_force", 34))
    news.report("2025-04-09",
                said("tariff", "USA", "CHN", "in_force", 125, links=(("in_response_to", 1, None),)),
                said("tariff", "CHN", "USA", "in_force", 84))
    with so.Session(engine) as session:
        steps = chains.tit_for_tat(session, "USA", "CHN")
        assert [(s.measure.actor_code, s.answered.actor_code, s.quote) for s in steps] == [
            ("CHN", "USA", "hit back"), ("USA", "CHN", None)]
        usa = session.scalars(sa.select(Measure).where(Measure.actor_code == "USA")).one()
        assert [r.role for r in chains.related(session, [usa.id])[usa.id]] == ["answer", "reason"]


def test_tariffs_on_goods_and_tariffs_on_nothing_named_are_one_instrument(engine: sa.Engine) -> None:
    news = Newsroom(engine)
    news.report("2025-04-10", said("tariff", "USA", "CHN", "in_force", 145, commodity="goods"))
    news.report("2025-11-02", said("tariff", "USA", "CHN", "in_force", 57))
    news.report("2025-11-03", said("tariff", "USA", "CHN", "in_force", 10, commodity="soybeans"))
    general, soybeans = all_measures(engine)
    assert (general.commodity_key, general.value, soybeans.value) == ("goods", 57, 10)
    assert [p[:2] for p in periods(engine, general.id)] == [("in_force", 145), ("in_force", 57)]


def test_two_reports_of_one_day_keep_their_order_when_an_article_is_read_again(engine: sa.Engine) -> None:
    """Re-reading an article gives its evidence new ids: the state of a measure reported twice on one day
    must not flip with them (tracker reextract run twice changes nothing)."""
    news = Newsroom(engine)
    news.report("1987-03-24", said("purchase", "JPN", "USA", "threatened", commodity="goods"), identity="a")
    news.report("1987-03-24", said("purchase", "JPN", "USA", "reported", commodity="goods"), identity="b")

    def state() -> list[tuple[str, int]]:
        with so.Session(engine) as session:
            return [(m.status, m.source_count) for m in session.scalars(sa.select(Measure))]

    assert state() == [("reported", 2)]  # the later article's report
    news.report("1987-03-24", said("purchase", "JPN", "USA", "threatened", commodity="goods"), identity="a",
                filler="The same story, read again.")
    assert state() == [("reported", 2)]

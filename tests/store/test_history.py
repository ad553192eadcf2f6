"""The rules of a measure over time, as tables (no database): identity, periods, sources, threats."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.records import Period
from tracker.store import history
from tracker.store.history import Candidate, Enforcement, Opening, Statement

D = dt.date.fromisoformat


def st(ident: int, status: str, value: float | None, reported: str | None, *, announced: str | None = None,
       effective: str | None = None, lifted: str | None = None, unit: str | None = "percent") -> Statement:
    return Statement(ident, status, value, unit if value is not None else None, D(reported) if reported else None,
                     Period.day(D(announced)) if announced else None, Period.day(D(effective)) if effective else None,
                     Period.day(D(lifted)) if lifted else None)


def steps(statements: list[Statement]) -> list[tuple[str, float | None, str | None, str | None]]:
    return [(s.status, s.value, s.start.start.isoformat() if s.start else None, s.end.isoformat() if s.end else None)
            for s in history.derive_periods(statements)]


def test_a_rate_raised_twice_then_cut_is_three_periods_each_ending_the_last() -> None:
    reports = [st(1, "in_force", 25, "2025-03-01"), st(2, "in_force", 50, "2025-06-02", effective="2025-06-01"),
               st(3, "in_force", 30, "2025-09-15")]
    assert steps(reports) == [("in_force", 25, "2025-03-01", "2025-06-01"), ("in_force", 50, "2025-06-01", "2025-09-15"),
                              ("in_force", 30, "2025-09-15", None)]


def test_a_later_article_about_an_earlier_step_does_not_rewrite_history() -> None:
    reports = [st(1, "in_force", 50, "2025-06-01"), st(2, "in_force", 25, "2025-07-01", effective="2025-03-01")]
    assert steps(reports) == [("in_force", 25, "2025-03-01", "2025-06-01"), ("in_force", 50, "2025-06-01", None)]


@pytest.mark.parametrize(
    ("case", "reports", "expected"),
    [
        ("a report without a figure keeps the rate",
         [st(1, "in_force", 50, "2025-06-01"), st(2, "in_force", None, "2025-07-01")],
         [("in_force", 50, "2025-06-01", None)]),
        ("a threat to raise an in-force rate leaves it in force",
         [st(1, "in_force", 50, "2025-06-01"), st(2, "threatened", 100, "2025-07-01")],
         [("in_force", 50, "2025-06-01", None)]),
        ("an undated report of an earlier rate is that step",
         [st(1, "in_force", 25, "2025-03-01"), st(2, "in_force", 50, "2025-06-01"), st(3, "in_force", 25, "2025-08-01")],
         [("in_force", 25, "2025-03-01", "2025-06-01"), ("in_force", 50, "2025-06-01", None)]),
        ("threatened, in force, lifted",
         [st(1, "threatened", 50, "2025-07-01"), st(2, "in_force", 50, "2025-08-27"), st(3, "lifted", None, "2025-12-01")],
         [("threatened", 50, "2025-07-01", "2025-08-27"), ("in_force", 50, "2025-08-27", "2025-12-01"),
          ("lifted", 50, "2025-12-01", None)]),
        ("the lifting date the text gives, not the day it was published",
         [st(1, "in_force", 10, "2025-01-01"), st(2, "lifted", None, "2025-10-05", lifted="2025-10-01")],
         [("in_force", 10, "2025-01-01", "2025-10-01"), ("lifted", 10, "2025-10-01", None)]),
        ("an undated report goes first and any dated one says more",
         [st(1, "in_force", 10, None), st(2, "in_force", 20, "2025-01-01")],
         [("in_force", 10, None, "2025-01-01"), ("in_force", 20, "2025-01-01", None)]),
    ],
)
def test_periods(case: str, reports: list[Statement], expected: list[tuple[object, ...]]) -> None:
    assert steps(reports) == expected, case


def test_state_on_each_day_and_before_the_first() -> None:
    derived = history.derive_periods([st(1, "in_force", 25, "2025-03-01"), st(2, "in_force", 50, "2025-06-01"),
                                      st(3, "lifted", None, "2025-10-01")])
    on = {day: history.state_on(derived, D(day)) for day in ("2025-02-01", "2025-04-01", "2025-06-01", "2025-12-01")}
    assert on["2025-02-01"] is not None and on["2025-02-01"].status == "announced"  # known, not yet in force
    assert [(s.status, s.value) for s in list(on.values())[1:] if s] == [("in_force", 25), ("in_force", 50),
                                                                          ("lifted", 50)]


def test_as_known_reads_only_what_was_published_by_then() -> None:
    said = [st(1, "in_force", 25, "2025-03-01"), st(2, "lifted", None, "2025-10-01")]
    known, derived = history.as_known(said, D("2025-09-15"))
    assert [s.id for s in known] == [1] and [(s.status, s.end) for s in derived] == [("in_force", None)]
    assert history.as_known(said, D("2025-02-01")) == ([], [])


CANDIDATES = [Candidate(1, "percent", 10, D("1987-03-01"), D("1987-06-01")),
              Candidate(2, "percent", 25, D("2025-02-01"), D("2025-04-01"))]


@pytest.mark.parametrize(
    ("case", "statement", "chosen"),
    [
        ("a 1987 report joins the 1987 measure", st(9, "in_force", 10, "1987-05-01"), 1),
        ("a 2025 report joins the 2025 measure", st(9, "in_force", 50, "2025-08-01"), 2),
        ("a report years after the last starts a new measure", st(9, "in_force", 10, "2030-01-01"), None),
        ("unless it dates itself into the old one", st(9, "in_force", 10, "2031-01-01", effective="1987-04-01"), 1),
        ("a report without a date joins the nearest in kind", st(9, "in_force", 25, None), 2),
        ("another unit is another instrument", st(9, "in_force", 500, "2025-03-01", unit="usd"), None),
    ],
)
def test_choose_measure(case: str, statement: Statement, chosen: int | None) -> None:
    assert history.choose_measure(statement, CANDIDATES) == chosen, case


def test_two_figures_for_one_day_in_one_article_are_two_measures() -> None:
    first = st(1, "in_force", 25, "2025-03-01")
    second = st(2, "in_force", 10, "2025-03-01")
    assert history.choose_measure(second, CANDIDATES[1:], {2: [first]}) is None
    assert history.choose_measure(first, CANDIDATES[1:], {2: [first]}) == 2


def test_near_duplicate_texts_are_one_source_and_different_stories_are_two() -> None:
    wire = "Washington imposed a 25% tariff on Indian steel on Monday. Delhi said it would respond in kind soon."
    refile = wire + " Updated with comment from the commerce ministry in New Delhi on Tuesday."
    other = "India and Russia agreed to expand oil trade at the summit. Officials spoke of record volumes this year."
    sketches = {1: history.sketch("US tariff", wire), 2: history.sketch("US tariff (updated)", refile),
                3: history.sketch("Oil", other), 4: None}
    assert history.same_story(sketches[1], sketches[2]) and not history.same_story(sketches[1], sketches[3])
    assert history.independent_sources(sketches) == 3  # the wire and its re-file once, the other story, an unread one
    assert history.source_counts([(1, sketches[1], "https://www.reuters.example/a", 1, None),
                                  (2, sketches[2], "https://news.example/b", 1, None), (3, None, None, 7, None)]) == {
        "source_count": 2, "publisher_count": 3}
    # A publisher the article names counts before its link's host: two hosts of one named publisher are one.
    assert history.source_counts([(1, sketches[1], "https://a.example/x", 1, "Example News"),
                                  (3, sketches[3], "https://b.example/y", 1, "example  news")]) == {
        "source_count": 2, "publisher_count": 1}


def test_threat_openings_and_outcomes() -> None:
    threat = [st(1, "threatened", 25, "2025-07-01", effective="2025-08-01"), st(2, "in_force", 25, "2025-08-11")]
    [opening] = history.threat_openings(threat)
    assert (opening.on.start, opening.value, opening.deadline) == (D("2025-07-01"), 25, D("2025-08-01"))
    assert history.threat_outcome(opening, [Enforcement(5, D("2025-08-11"), 25, "percent")], []) == \
        history.Outcome("fulfilled", D("2025-08-11"), 5, 41)
    assert history.threat_outcome(opening, [Enforcement(5, D("2025-08-11"), 10, "percent")], []).outcome == "open"
    assert history.threat_outcome(opening, [], [D("2025-07-20")]) == history.Outcome("withdrawn", D("2025-07-20"), None, 19)
    assert history.threat_outcome(opening, [Enforcement(5, D("2025-06-01"), 25, "percent")], []).outcome == "open"
    escalation = [st(1, "in_force", 25, "2025-03-01"), st(2, "threatened", 50, "2025-05-01"),
                  st(3, "threatened", 25, "2025-05-02")]
    assert [o.value for o in history.threat_openings(escalation)] == [50]
    assert history.threat_openings([st(1, "in_force", 25, "2025-03-01"), st(2, "announced", 25, "2025-05-01")]) == []
    assert isinstance(history.threat_openings([st(1, "announced", None, "2025-05-01")])[0], Opening)

"""Regression floors on every shared gold set, dev and check (a little under the level reached).

Raise a floor when the extractor improves; never lower one to make a change pass. Check sets
are scored in summary only: a failure here names the set and its figures, never an article.
The figures each floor was set from are in the README's extraction table.
"""

from __future__ import annotations

import functools

import pytest

from tests.extract.gold import shared_dir
from tracker.evaluation import SUITE, Report, score_suite

# set name: (minimum F1, minimum value accuracy, minimum status accuracy)
FLOORS: dict[str, tuple[float, float, float]] = {
    "dev": (0.70, 0.85, 0.74),
    "dev-2": (0.56, 0.95, 0.80),
    "modern-dev": (0.76, 0.86, 0.83),
    "modern-dev-2": (0.65, 0.80, 0.76),
    "wikinews-dev": (0.0, 0.0, 0.0),  # one labelled measure, not found yet
    "seed": (1.0, 1.0, 1.0),
    "check/reuters": (0.38, 0.45, 0.40),
    "check/modern": (0.58, 0.15, 0.70),
    "check/wikinews": (0.0, 0.0, 0.0),  # one labelled measure, not found yet
}


def test_every_gold_set_has_a_floor() -> None:
    assert set(FLOORS) == {gold_set.name for gold_set in SUITE}


@functools.cache
def _reports() -> dict[str, Report]:
    return {gold_set.name: report for gold_set, report in score_suite(shared_dir())}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FLOORS))
def test_scores_stay_above_floor(name: str) -> None:
    reports = _reports()
    if name not in reports:
        pytest.skip(f"gold set {name} or its corpus not found under {shared_dir()} (set TRACKER_SHARED_DIR)")
    report = reports[name]
    min_f1, min_value, min_status = FLOORS[name]
    figures = f"{name}: F1 {report.overall.f1:.3f}, value {report.value_accuracy:.3f}, status {report.status_accuracy:.3f}"
    assert report.overall.f1 >= min_f1, figures
    assert report.value_accuracy >= min_value, figures
    assert report.status_accuracy >= min_status, figures

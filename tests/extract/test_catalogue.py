"""Each sentence of the catalogue yields exactly the measures listed for it."""

from __future__ import annotations

import pytest

from tests.extract.cases import ALL_CASES
from tracker.extract import extract


def _key(measure) -> tuple:
    value = measure.value
    return (measure.kind, measure.actor, measure.target, value, measure.unit)


@pytest.mark.parametrize(("sentence", "day", "expected"), ALL_CASES, ids=[c[0][:60] or "<empty>" for c in ALL_CASES])
def test_sentence_yields_expected_measures(sentence, day, expected) -> None:
    got = sorted((_key(m) for m in extract(sentence, day)), key=repr)
    assert got == sorted(expected, key=repr)

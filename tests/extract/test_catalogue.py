"""Each sentence of the catalogue yields exactly the measures listed for it.

Sentences the extractor does not read right yet are kept, marked as expected failures with
what goes wrong (strict: the day one passes, the mark must go). They are the work list.
"""

from __future__ import annotations

import pytest

from tests.extract.cases import ALL_CASES
from tracker.extract import extract

# Start of the sentence -> why it fails today.
KNOWN_FAILURES = {
    "Officials inspected Korean steel ahead of a ruling": "the decider of 'a ruling by X on imposing' is lost: the parser hangs the gerund on another word",
    "Canada, Mexico, and China imposed": "the parser folds the coordinated subjects into one noun phrase; only the last name reaches the measure",
    "Japan will require licences for exports of chip tools": "the subject of a second clause ('the Dutch government published') is taken for a destination",
    "The new duties on Japanese cars - up from 10 pct": "a figure after the dashed aside is not tied to the measure, and the actor is only the reporter",
    "Growers praised the EU waiver": "an easing told by a relative clause ('which spares most Mexican avocados') is not read",
    "Ukraine says Russia fired dozens of missiles": "the parser does not attach 'supplied by North Korea' to the missiles",
    "Goods from Chile and Peru now face U.S. tariffs": "coordinated origins give one target, and the later sentence's rate does not reach them",
    "The EU set a price cap of $47.60": "a bare 'cap' with no price in its sentence is no trigger, so 'the same lower cap' is not read",
    "The United States and the European Union agreed to scrap": "a reciprocal easing ('on each other's whisky') by coordinated subjects is not read",
    "The 10% tariff Washington put on Mexican tomatoes": "the parser misreads the reduced relative clause ('the tariff Washington put on')",
    "A $45-a-barrel ceiling on the price": "a cap named without its actor is completed only by a reference the lexicon does not know ('The cap')",
    "Poland says U.S. sanctions have cost": "sanctions that hurt a country ('cost its economy') do not make it the target",
    "The Commerce Department lowered to 2.5 pct": "a cut with the rate before its object ('lowered to 2.5 pct the duty') reads as a new tariff",
    "Kenya accepted 5,000 tonnes of maize": "the donor of 'a Japanese food aid programme' and the receiving subject are not joined",
    "The U.S. pressed for voluntary export restraints": "the exporter of 'voluntary export restraints on Korean footwear' is not made the actor",
    "Iran can no longer obtain Swiss turbines": "the destination of the banned exports is the other clause's subject; the ban is read the wrong way round",
    "Seoul will require licences for exports of memory chips": "the target named only by the purpose ('meant to curb Russia's access') in the next sentence",
}


def _key(measure) -> tuple:
    value = measure.value
    return (measure.kind, measure.actor, measure.target, value, measure.unit)


def _param(sentence, day, expected):  # type: ignore[no-untyped-def]
    reason = next((why for start, why in KNOWN_FAILURES.items() if sentence.startswith(start)), None)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(sentence, day, expected, marks=marks, id=sentence[:60] or "<empty>")


def test_every_known_failure_names_a_catalogue_sentence() -> None:
    for start in KNOWN_FAILURES:
        assert any(sentence.startswith(start) for sentence, _, _ in ALL_CASES), start


@pytest.mark.parametrize(("sentence", "day", "expected"), [_param(*case) for case in ALL_CASES])
def test_sentence_yields_expected_measures(sentence, day, expected) -> None:
    got = sorted((_key(m) for m in extract(sentence, day)), key=repr)
    assert got == sorted(expected, key=repr)

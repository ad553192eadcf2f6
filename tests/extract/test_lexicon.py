"""Trigger words are lemmas: one entry covers every inflection, and the kinds agree with the registry."""

from __future__ import annotations

import pytest

from tracker.extract import knowledge, lexicon
from tracker.records import KINDS, kind_registry


@pytest.mark.parametrize(("lemma", "pos", "forms"), [
    ("ban", "verb", {"ban", "bans", "banned", "banning"}),
    ("bar", "verb", {"bar", "bars", "barred", "barring"}),
    ("licence", "noun", {"licence", "licences", "license", "licenses"}),
    ("allow", "verb", {"allow", "allows", "allowed", "allowing"}),
    ("supply", "verb", {"supply", "supplies", "supplied", "supplying"}),
    ("penalise", "verb", {"penalise", "penalised", "penalize", "penalized", "penalising", "penalizing"}),
    ("sell", "verb", {"sell", "sells", "selling", "sold"}),
    ("tariff", "noun", {"tariff", "tariffs"}),
    ("price cap", "noun", {"price cap", "price caps"}),
    ("cut off", "verb", {"cut off", "cuts off", "cutting off"}),
])
def test_one_lemma_covers_every_inflection(lemma: str, pos: str, forms: set[str]) -> None:
    assert forms <= lexicon.inflections(lemma, pos)


def test_every_registered_kind_has_a_trigger_and_no_trigger_names_an_unknown_kind() -> None:
    lexicon.words.cache_clear()
    lexicon.words()  # raises LexiconError on any disagreement
    meanings = {e.meaning for entries in lexicon.words().values() for e in entries}
    assert meanings <= set(KINDS) | {"restriction", "easing"}
    assert set(kind_registry()) == set(KINDS)


def test_a_trigger_for_an_unregistered_kind_is_an_error_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    table = dict(knowledge.triggers())
    table["words"] = {"noun": {**table["words"]["noun"], "tollgate": "toll"}, "verb": table["words"]["verb"]}
    monkeypatch.setattr(knowledge, "triggers", lambda: table)
    lexicon.words.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="toll"):
            lexicon.words()
    finally:
        lexicon.words.cache_clear()


def test_a_registered_kind_without_triggers_is_an_error_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    table = dict(knowledge.triggers())
    nouns = {k: v for k, v in table["words"]["noun"].items() if v != "price_cap"}
    table["words"] = {"noun": nouns, "verb": table["words"]["verb"]}
    monkeypatch.setattr(knowledge, "triggers", lambda: table)
    lexicon.words.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="price_cap"):
            lexicon.words()
    finally:
        lexicon.words.cache_clear()


def test_the_prefilter_finds_inflected_forms_but_not_lookalikes() -> None:
    pattern = lexicon.prefilter()
    assert pattern.search("Ottawa barred the shipments")
    assert pattern.search("export licences were denied")
    assert not pattern.search("The barman was barbecuing sanctionless tariffication")

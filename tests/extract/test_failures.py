"""A failure while reading one trigger is loud: logged with the article and the trigger,
counted, and it skips only that trigger; under tests it is raised."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from tracker.extract import engine, extract_article
from tracker.extract.engine import ExtractionError

TEXT = "Canada sanctioned Nicaragua on Tuesday. Peru imposed 10% duties on Bolivian wine."


def _break_on(word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = engine._measures

    def failing(sentence, reading, field, day):  # type: ignore[no-untyped-def]
        if reading.trigger.text == word:
            raise ValueError("boom")
        return real(sentence, reading, field, day)

    monkeypatch.setattr(engine, "_measures", failing)


def test_an_error_skips_only_its_trigger_and_is_counted_and_logged(monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("TRACKER_STRICT_EXTRACTION", raising=False)
    _break_on("sanctioned", monkeypatch)
    with caplog.at_level(logging.ERROR, logger="tracker.extract.engine"):
        result = extract_article(TEXT, dt.date(2024, 5, 1), article_id="a-17")
    assert result.errors == 1
    assert [(m.kind, m.actor, m.target) for m in result.measures] == [("tariff", "PER", "BOL")]
    assert "a-17" in caplog.text and "sanctioned" in caplog.text


def test_under_tests_the_error_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_STRICT_EXTRACTION", "1")
    _break_on("sanctioned", monkeypatch)
    with pytest.raises(ExtractionError, match="sanctioned"):
        extract_article(TEXT, dt.date(2024, 5, 1), article_id="a-17")

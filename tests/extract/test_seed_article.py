"""The seed article: every required measure found with the right actor, target and value, nothing false."""

from __future__ import annotations

import datetime as dt
import json

from tests.extract.gold import FIXTURES
from tracker.evaluation import load_corpus, predict, score
from tracker.extract import extract


def test_seed_article_is_read_perfectly() -> None:
    gold = [json.loads(line) for line in (FIXTURES / "seed-gold.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = load_corpus(FIXTURES / "000_688ff7a65efc7fda.txt")
    report = score(gold, predict(articles))
    assert report.overall.fn == 0, [e.__dict__ for e in report.misses]
    assert report.overall.fp == 0, [e.__dict__ for e in report.false_alarms]
    assert report.value_accuracy == 1.0


def test_seed_evidence_is_the_exact_span_of_the_file_text() -> None:
    articles = load_corpus(FIXTURES / "000_688ff7a65efc7fda.txt")
    for measures in predict(articles).values():
        for measure in measures:
            evidence = measure["evidence"]
            text = articles["seed-000"]["text"]
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_the_seed_tariff_was_taken_over_indias_purchases_from_russia() -> None:
    """The chain that started it all: USA → IND tariff, over IND ← RUS purchases."""
    article = load_corpus(FIXTURES / "000_688ff7a65efc7fda.txt")["seed-000"]
    measures = extract(article["text"], dt.date.fromisoformat(article["date"]), article.get("title"))
    [tariff] = [m for m in measures if (m.kind, m.actor, m.target) == ("tariff", "USA", "IND")]
    [link] = tariff.links
    reason = measures[link.to]
    assert link.relation == "over"
    assert (reason.kind, reason.actor, reason.target) == ("purchase", "IND", "RUS")
    assert link.evidence.text == "over its purchases of Russian arms and energy"

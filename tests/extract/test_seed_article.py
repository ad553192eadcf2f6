"""The seed article: every required measure found with the right actor, target and value, nothing false."""

from __future__ import annotations

import json

from tests.extract.gold import FIXTURES
from tracker.evaluation import load_corpus, predict, score


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

"""Regression floors on the shared development gold sets (a little under the level reached).

Raise a floor when the extractor improves; never lower one to make a change pass.
"""

from __future__ import annotations

import pytest

from tests.extract.gold import shared_dir
from tracker.evaluation import load_corpus, predict, read_jsonl, score

# gold file, corpus, minimum micro F1, minimum value accuracy
FLOORS = [
    ("gold/dev.jsonl", "corpora/reuters21578-trade.jsonl", 0.87, 0.91),
    ("gold/modern-dev.jsonl", "corpora/modern-dev.jsonl", 0.90, 0.95),
    ("gold/seed.jsonl", "seeds", 1.0, 1.0),
]


@pytest.mark.parametrize(("gold_name", "corpus_name", "min_f1", "min_value_accuracy"), FLOORS,
                         ids=[floor[0] for floor in FLOORS])
def test_dev_scores_stay_above_floor(gold_name: str, corpus_name: str, min_f1: float,
                                     min_value_accuracy: float) -> None:
    shared = shared_dir()
    if not (shared / gold_name).exists() or not (shared / corpus_name).exists():
        pytest.skip(f"shared gold data not found under {shared} (set TRACKER_SHARED_DIR)")
    labels = list(read_jsonl(shared / gold_name))
    articles = load_corpus(shared / corpus_name, {article["id"] for article in labels})
    report = score(labels, predict(articles))
    assert report.overall.f1 >= min_f1
    assert report.value_accuracy >= min_value_accuracy

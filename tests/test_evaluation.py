"""Scoring follows gold/README.md to the letter: keys, optional items, micro averages, value pairing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.evaluation import Counts, load_corpus, predict, score
from tracker.ingest.seeds import read_seed_file


def item(kind="tariff", actor="USA", target="JPN", value=None, optional=False, unit=None):
    return {"kind": kind, "actor": actor, "target": target, "value": value, "unit": unit, "optional": optional,
            "evidence": "x"}


def test_keys_match_on_kind_actor_target_only() -> None:
    gold = [{"id": "a", "measures": [item(value=100)]}]
    report = score(gold, {"a": [dict(item(value=5), status="announced", commodity="cars")]})
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)


def test_optional_items_absorb_predictions_but_are_never_missed() -> None:
    gold = [{"id": "a", "measures": [item(), item(kind="sanction", optional=True)]}]
    report = score(gold, {"a": [item(), item(kind="sanction")]})
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)
    report = score(gold, {"a": [item()]})
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)


def test_surplus_predictions_are_false_alarms_and_missing_ones_misses() -> None:
    gold = [{"id": "a", "measures": [item()]}, {"id": "b", "measures": [item(), item(value=25)]}]
    report = score(gold, {"a": [item(), item(), item(target="KOR")], "b": [item()]})
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 2, 1)
    assert [(e.article_id, e.target) for e in report.false_alarms] == [("a", "JPN"), ("a", "KOR")]
    assert [e.article_id for e in report.misses] == ["b"]


def test_micro_average_and_per_kind() -> None:
    gold = [{"id": "a", "measures": [item(), item(kind="quota")]}]
    report = score(gold, {"a": [item(), item(kind="sanction")]})
    assert report.per_kind["tariff"].f1 == 1.0
    assert report.per_kind["quota"].recall == 0.0
    assert report.per_kind["sanction"].precision == 0.0
    assert report.overall.precision == 0.5 and report.overall.recall == 0.5


def test_value_accuracy_pairs_values_one_to_one_to_maximise_agreement() -> None:
    gold = [{"id": "a", "measures": [item(value=25), item(value=10), item(value=None)]}]
    report = score(gold, {"a": [item(value=10), item(value=25.0000000001)]})
    assert (report.value_correct, report.value_total) == (2, 2)
    report = score(gold, {"a": [item(value=10)]})
    assert (report.value_correct, report.value_total) == (1, 1)


def test_unmatched_keys_do_not_count_against_value_accuracy() -> None:
    gold = [{"id": "a", "measures": [item(value=25)]}]
    report = score(gold, {"a": []})
    assert report.value_total == 0 and report.value_accuracy == 1.0


def test_empty_counts_are_zero_not_errors() -> None:
    assert Counts().f1 == 0.0


def test_seed_files_are_read_as_ingestion_reads_them(tmp_path: Path) -> None:
    seed = tmp_path / "007_abc.txt"
    seed.write_text(" date 2025-09-01 Trump slapped 50% tariffs on India.\n", encoding="utf-8")
    read = read_seed_file(seed)
    assert read.date.isoformat() == "2025-09-01" and read.text == "Trump slapped 50% tariffs on India.\n"
    assert load_corpus(tmp_path)["seed-007"] == {"id": "seed-007", "date": "2025-09-01", "title": "",
                                                 "text": read.text}


def test_evidence_offsets_from_eval_are_the_stored_ones(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A byte-order mark and blank space after the date line once shifted every offset `tracker eval` reported."""
    import sqlalchemy as sa

    from tracker.ingest.pipeline import ingest_seeds
    from tracker.store.db import read_session
    from tracker.store.models import Evidence

    text = (Path(__file__).parent / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
    body = text.split("\n", 1)[0].split(" ", 3)[3] + "\n" + text.split("\n", 1)[1]
    (tmp_path / "000_seed.txt").write_text("\ufeff date 2025-09-01\n  \t" + body, encoding="utf-8")
    ingest_seeds(engine, tmp_path)
    with read_session(engine) as session:
        stored = sorted(tuple(row) for row in session.execute(sa.select(Evidence.start, Evidence.end, Evidence.quote)))
    predicted = predict(load_corpus(tmp_path))["seed-000"]
    spans = sorted((m["evidence"]["start"], m["evidence"]["end"], m["evidence"]["text"]) for m in predicted)
    assert stored and spans == stored


@pytest.fixture()
def labelled(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "x-1", "date": "1987-04-17", "title": "",
                                  "text": "Japan imposed a 20 pct tariff on U.S. beef. Norway bought Soviet oil."}) + "\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "x-1", "date": "1987-04-17", "measures": [
        item(kind="tariff", actor="JPN", target="USA", value=20, unit="percent"),
        item(kind="quota", actor="JPN", target="USA")]}) + "\n")
    return gold, corpus


def test_eval_command_prints_scores_misses_and_false_alarms(labelled) -> None:
    evaluate = pytest.importorskip("tracker.cli.evaluate")
    gold, corpus = labelled
    result = CliRunner().invoke(evaluate.eval_command, [str(gold), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "overall" in result.output and "value accuracy  1.000" in result.output
    assert "quota JPN->USA" in result.output


def test_eval_command_json(labelled) -> None:
    evaluate = pytest.importorskip("tracker.cli.evaluate")
    gold, corpus = labelled
    result = CliRunner().invoke(evaluate.eval_command, [str(gold), "--corpus", str(corpus), "--format", "json"])
    data = json.loads(result.output)
    assert data["overall"]["tp"] == 1 and data["overall"]["fn"] == 1
    assert data["per_kind"]["tariff"]["f1"] == 1.0

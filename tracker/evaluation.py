"""Scoring of extracted measures against gold labels, exactly as gold/README.md says.

Pure functions over plain dicts so that the CLI, tests and notebooks share one
definition of precision, recall and value accuracy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from tracker.ingest.seeds import read_seed_file

Key = tuple[str, str, str]


@dataclasses.dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclasses.dataclass(slots=True)
class Error:
    """A miss (required gold item not found) or a false alarm (prediction nothing absorbs)."""

    article_id: str
    kind: str
    actor: str
    target: str
    value: Any
    evidence: str


@dataclasses.dataclass(slots=True)
class Report:
    overall: Counts = dataclasses.field(default_factory=Counts)
    per_kind: dict[str, Counts] = dataclasses.field(default_factory=lambda: defaultdict(Counts))
    value_correct: int = 0
    value_total: int = 0
    status_correct: int = 0
    status_total: int = 0
    misses: list[Error] = dataclasses.field(default_factory=list)
    false_alarms: list[Error] = dataclasses.field(default_factory=list)

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.value_total if self.value_total else 1.0

    @property
    def status_accuracy(self) -> float:
        return self.status_correct / self.status_total if self.status_total else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "per_kind": {kind: counts.as_dict() for kind, counts in sorted(self.per_kind.items())
                         if counts.tp or counts.fp or counts.fn},
            "value_accuracy": round(self.value_accuracy, 4),
            "value_correct": self.value_correct,
            "value_total": self.value_total,
            "status_accuracy": round(self.status_accuracy, 4),
            "status_correct": self.status_correct,
            "status_total": self.status_total,
            "misses": [dataclasses.asdict(e) for e in self.misses],
            "false_alarms": [dataclasses.asdict(e) for e in self.false_alarms],
        }


def values_equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _key(item: Mapping[str, Any]) -> Key:
    return (item["kind"], item["actor"], item["target"])


def _evidence_text(item: Mapping[str, Any]) -> str:
    evidence = item.get("evidence")
    if isinstance(evidence, Mapping):
        return str(evidence.get("text", ""))
    return str(evidence or "")


def score_article(article_id: str, gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]],
                  report: Report) -> None:
    """Add one article's counts to `report` (keys matched by kind, actor, target)."""
    Items = list[Mapping[str, Any]]
    by_key: dict[Key, tuple[Items, Items, Items]] = defaultdict(lambda: ([], [], []))
    for item in gold:
        by_key[_key(item)][1 if item.get("optional") else 0].append(item)
    for item in predicted:
        by_key[_key(item)][2].append(item)
    for key, (required, optional, preds) in by_key.items():
        r, o, n = len(required), len(optional), len(preds)
        matched = min(n, r)
        fp = max(0, n - r - o)
        counts = report.per_kind[key[0]]
        for bucket in (counts, report.overall):
            bucket.tp += matched
            bucket.fn += r - matched
            bucket.fp += fp
        for item in required[matched:]:
            report.misses.append(Error(article_id, *key, item.get("value"), _evidence_text(item)))
        for item in preds[len(preds) - fp :] if fp else ():
            report.false_alarms.append(Error(article_id, *key, item.get("value"), _evidence_text(item)))
        valued = [item for item in required if item.get("value") is not None]
        if matched and valued:
            unused = [p.get("value") for p in preds]
            agreeing = 0
            for item in valued:
                for index, value in enumerate(unused):
                    if values_equal(item["value"], value):
                        agreeing += 1
                        del unused[index]
                        break
            report.value_total += min(matched, len(valued))
            report.value_correct += min(matched, agreeing)
        if matched:
            statuses = [p.get("status") for p in preds]
            paired = 0
            for item in required:
                if item.get("status") in statuses:
                    statuses.remove(item.get("status"))
                    paired += 1
            report.status_total += matched
            report.status_correct += min(matched, paired)


def score(gold: Iterable[Mapping[str, Any]], predictions: Mapping[str, Sequence[Mapping[str, Any]]]) -> Report:
    """Micro-averaged report over all gold articles; predictions keyed by article id."""
    report = Report()
    for article in gold:
        score_article(article["id"], article.get("measures", []), predictions.get(article["id"], []), report)
    return report


def predict(articles: Mapping[str, Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Run the extractor over articles keyed by id, as the `--jsonl` contract would."""
    from tracker.extract import extract  # scoring itself needs no extractor

    predictions: dict[str, list[dict[str, Any]]] = {}
    for article_id, record in articles.items():
        day = dt.date.fromisoformat(record["date"]) if record.get("date") else None
        found = extract(record.get("text") or "", day, record.get("title") or "")
        predictions[article_id] = [m.to_json() for m in found]
    return predictions


def render_text(report: Report, errors: bool = True) -> str:
    """Per-kind table, value and status accuracy, then (unless `errors` is off) every miss and
    false alarm with its sentence. Check sets are scored with `errors=False`, so that their
    articles never scroll past whoever is writing rules."""
    lines = [f"{'kind':<16}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}"]
    for kind, counts in sorted(report.per_kind.items()):
        if not (counts.tp or counts.fp or counts.fn):
            continue  # a key that only optional gold items held
        lines.append(f"{kind:<16}{counts.precision:7.3f}{counts.recall:7.3f}{counts.f1:7.3f}"
                     f"{counts.tp:5d}{counts.fp:5d}{counts.fn:5d}")
    o = report.overall
    lines.append(f"{'overall':<16}{o.precision:7.3f}{o.recall:7.3f}{o.f1:7.3f}{o.tp:5d}{o.fp:5d}{o.fn:5d}")
    lines.append(f"value accuracy  {report.value_accuracy:.3f} ({report.value_correct}/{report.value_total})")
    lines.append(f"status accuracy {report.status_accuracy:.3f} ({report.status_correct}/{report.status_total})")
    if not errors:
        return "\n".join(lines)
    for title, listed in (("misses", report.misses), ("false alarms", report.false_alarms)):
        lines.append(f"\n{title} ({len(listed)}):")
        for e in listed:
            lines.append(f"  {e.article_id}  {e.kind} {e.actor}->{e.target} value={e.value}\n      {e.evidence}")
    return "\n".join(lines)


@dataclasses.dataclass(frozen=True, slots=True)
class GoldSet:
    """One labelled set of the shared gold folder and the corpus its texts come from.

    `check` sets measure whether work on the dev sets carries over: they are scored in
    summary only, never listing their articles (gold/README.md, "Check sets").
    """

    name: str
    gold: str
    corpus: str
    check: bool = False


# Every labelled set in `../shared/gold/`, paths relative to the shared folder.
SUITE: tuple[GoldSet, ...] = (
    GoldSet("dev", "gold/dev.jsonl", "corpora/reuters21578.jsonl.gz"),
    GoldSet("dev-2", "gold/dev-2.jsonl", "corpora/reuters21578.jsonl.gz"),
    GoldSet("modern-dev", "gold/modern-dev.jsonl", "corpora/modern-dev.jsonl"),
    GoldSet("modern-dev-2", "gold/modern-dev-2.jsonl", "corpora/modern-dev-2.jsonl"),
    GoldSet("wikinews-dev", "gold/wikinews-dev.jsonl", "corpora/wikinews-en.jsonl.gz"),
    GoldSet("seed", "gold/seed.jsonl", "seeds"),
    GoldSet("check/reuters", "gold/check/reuters.jsonl", "corpora/reuters21578.jsonl.gz", check=True),
    GoldSet("check/modern", "gold/check/modern.jsonl", "corpora/modern-check.jsonl", check=True),
    GoldSet("check/wikinews", "gold/check/wikinews.jsonl", "corpora/wikinews-en.jsonl.gz", check=True),
)


def is_check_set(path: Path) -> bool:
    """Gold files under a `check/` folder are never listed item by item."""
    return "check" in path.resolve().parts[-2:-1]


def score_suite(shared: Path, sets: Sequence[GoldSet] = SUITE) -> list[tuple[GoldSet, Report]]:
    """Score every set whose files exist under `shared`; each corpus is read once."""
    present = [s for s in sets if (shared / s.gold).exists() and (shared / s.corpus).exists()]
    labels = {s.name: list(read_jsonl(shared / s.gold)) for s in present}
    wanted: dict[str, set[str]] = defaultdict(set)
    for s in present:
        wanted[s.corpus] |= {article["id"] for article in labels[s.name]}
    corpora = {corpus: load_corpus(shared / corpus, ids) for corpus, ids in wanted.items()}
    results = []
    for s in present:
        articles = corpora[s.corpus]
        chosen = {article["id"]: articles[article["id"]] for article in labels[s.name] if article["id"] in articles}
        results.append((s, score(labels[s.name], predict(chosen))))
    return results


def render_suite(results: Sequence[tuple[GoldSet, Report]], per_kind: bool = False) -> str:
    """One table of every set: P, R, F1, value and status accuracy; per kind on request."""
    head = f"{'set':<16}{'P':>7}{'R':>7}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}{'value':>14}{'status':>14}"
    lines = [head, "-" * len(head)]
    for gold_set, report in results:
        o = report.overall
        lines.append(f"{gold_set.name:<16}{o.precision:7.3f}{o.recall:7.3f}{o.f1:7.3f}{o.tp:5d}{o.fp:5d}{o.fn:5d}"
                     f"{_ratio(report.value_correct, report.value_total):>14}"
                     f"{_ratio(report.status_correct, report.status_total):>14}")
        if per_kind:
            for kind, counts in sorted(report.per_kind.items()):
                if counts.tp or counts.fp or counts.fn:
                    lines.append(f"  {kind:<14}{counts.precision:7.3f}{counts.recall:7.3f}{counts.f1:7.3f}"
                                 f"{counts.tp:5d}{counts.fp:5d}{counts.fn:5d}")
    return "\n".join(lines)


def _ratio(correct: int, total: int) -> str:
    return f"{correct / total:.3f} {correct:>2}/{total:<3}" if total else "-"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def seed_id(path: Path) -> str:
    """`000_688ff7a65efc7fda.txt` -> `seed-000`, the id the seed gold uses."""
    return "seed-" + path.stem.split("_", 1)[0]


def load_corpus(path: Path, wanted: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """Articles by id from a JSONL file (gzipped or not), a seed file or a directory of seed files."""
    articles: dict[str, dict[str, Any]] = {}
    if path.is_dir() or path.suffix == ".txt":
        files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
        for file in files:
            # The reader ingestion uses: the text (and so every evidence offset) is the stored one.
            seed = read_seed_file(file)
            articles[seed_id(file)] = {"id": seed_id(file), "date": seed.date.isoformat(), "title": seed.title,
                                       "text": seed.text}
        return articles
    for record in read_jsonl(path):
        if wanted is None or record.get("id") in wanted:
            articles[record["id"]] = record
    return articles

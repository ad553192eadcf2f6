"""Throughput of the extractor over the whole Reuters-21578 collection in one process.

Prints articles per second and peak memory. A plain script, not a test:
run `python bench/extract.py [CORPUS.jsonl.gz]` from the repository root.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.extract import EXTRACTOR_VERSION, extract, extract_articles
from tracker.extract.parsing import STATS

SHARED = Path(os.environ.get("TRACKER_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
DEFAULT_CORPUS = SHARED / "corpora" / "reuters21578.jsonl.gz"


def main(corpus: Path = DEFAULT_CORPUS) -> None:
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        articles = [json.loads(line) for line in handle if line.strip()]
    extract("Warm-up: Japan imposed a 5 pct tariff on U.S. beef.", dt.date(1987, 1, 1))  # load knowledge once
    STATS.sentences = STATS.words = 0
    STATS.seconds = 0.0
    chars = sum(len(a.get("text") or "") for a in articles)
    started = time.perf_counter()
    items = ((a.get("text") or "", dt.date.fromisoformat(a["date"]) if a.get("date") else None, a.get("title") or "",
              a.get("id")) for a in articles)
    measures = sum(len(result.measures) for result in extract_articles(items))
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"extractor {EXTRACTOR_VERSION} on {corpus.name}")
    print(f"articles       {len(articles)}")
    print(f"characters     {chars}")
    print(f"measures       {measures}")
    print(f"seconds        {elapsed:.2f}")
    print(f"articles/s     {len(articles) / elapsed:.0f}")
    print(f"peak RSS MB    {peak_kib / 1024:.0f}")
    print(f"parsed         {STATS.sentences} sentences, {STATS.words} tokens in {STATS.seconds:.1f} s "
          f"({STATS.words / max(STATS.seconds, 1e-9):.0f} tokens/s)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS)

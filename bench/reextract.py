"""`tracker reextract` over the whole Reuters-21578 collection, stored: articles per second.

Loads the corpus into a fresh SQLite database (and, with --postgresql, a throwaway
PostgreSQL) through the store's write path with the extractor switched off, then times
three passes of the real command's work (`tracker.ingest.reextract.reextract`):

1. the first reading: every article extracted, every measure added;
2. a new extractor version over what is stored: every article read again, its evidence
   replaced, people's decisions laid over the result (a few hundred are confirmed,
   corrected and rejected first, so the overlay does real work);
3. the same version again: the idempotent pass, which changes nothing.

    python bench/reextract.py [--corpus FILE] [--limit N] [--postgresql]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tracker.extract import EXTRACTOR_VERSION  # noqa: E402
from tracker.ingest.reextract import reextract  # noqa: E402
from tracker.records import IncomingArticle  # noqa: E402
from tracker.store import migrate, review  # noqa: E402
from tracker.store.articles import get_or_create_source, store_articles  # noqa: E402
from tracker.store.db import make_engine, read_session, write_session  # noqa: E402
from tracker.store.models import Measure  # noqa: E402

SHARED = Path(os.environ.get("TRACKER_SHARED_DIR", ROOT.parent / "shared"))
CORPUS = SHARED / "corpora" / "reuters21578.jsonl.gz"


def articles(corpus: Path, limit: int | None) -> Iterator[IncomingArticle]:
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            item = json.loads(line)
            day = dt.date.fromisoformat(item["date"]) if item.get("date") else None
            yield IncomingArticle(item["id"], item.get("title") or "", item.get("text") or "", day)


def load(engine: sa.Engine, corpus: Path, limit: int | None) -> int:
    with write_session(engine) as session:
        source = get_or_create_source(session, "corpus", f"corpus:{corpus.name}", corpus.name)
    stored = sum(1 for _ in store_articles(engine, source, articles(corpus, limit), read=lambda _a: [],
                                           extractor_version="none"))
    return stored


def review_some(engine: sa.Engine, n: int = 300) -> None:
    """People's decisions on some measures, so the second pass lays a real overlay."""
    with read_session(engine) as session:
        ids = list(session.scalars(sa.select(Measure.id).order_by(Measure.id).limit(n)))
    with write_session(engine) as session:
        for i, measure_id in enumerate(ids):
            if i % 3 == 0:
                review.confirm(session, measure_id, "bench")
            elif i % 3 == 1:
                review.correct(session, measure_id, "bench", {"status": "announced", "value": 12.5}, "bench")
            else:
                review.reject(session, measure_id, "bench", "bench")


def run(url: str, label: str, corpus: Path, limit: int | None) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    started = time.perf_counter()
    total = load(engine, corpus, limit)
    print(f"{label}: {total:,} articles stored in {time.perf_counter() - started:.1f}s (extractor off)", flush=True)
    passes: Sequence[tuple[str, str, bool]] = (
        ("first reading", EXTRACTOR_VERSION, False),
        ("new version over stored measures, with reviews", f"{EXTRACTOR_VERSION}+bench", True),
        ("same version again (idempotent)", f"{EXTRACTOR_VERSION}+bench", False),
    )
    for name, version, reviewed_first in passes:
        if reviewed_first:
            review_some(engine)
        stats = reextract(engine, version=version, progress=False)
        c = stats.changes
        print(f"  {name:<48} {stats.articles:>6,} articles in {stats.seconds:6.1f}s = {stats.rate:6.1f} articles/s; "
              f"measures {len(c.added)} added, {len(c.changed)} changed, {len(c.retired)} retired", flush=True)
    engine.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--postgresql", action="store_true", help="also on a throwaway PostgreSQL server")
    args = parser.parse_args(argv)
    print(f"extractor {EXTRACTOR_VERSION}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="tracker-reextract-") as tmp:
        run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "SQLite", args.corpus, args.limit)
    if args.postgresql:
        from tests.support.postgres import PostgresDatabases, PostgresServer

        server = PostgresServer().start()
        try:
            databases = PostgresDatabases(server.admin_url)
            run(databases.new_database(), "PostgreSQL", args.corpus, args.limit)
            databases.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()

"""The update pipeline shared by every source: article → extract → store.

Extraction runs outside any transaction (it is pure and CPU-bound); each
article is then stored in its own short write transaction, so a run killed at
any point leaves whole articles or nothing, and a re-run picks up the rest.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa
from tqdm import tqdm

from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.ingest.seeds import SeedError, iter_seed_articles, list_seed_files
from tracker.records import IncomingArticle
from tracker.store.articles import SaveOutcome, get_or_create_source, save_article, stored_copy
from tracker.store.db import read_session, write_session
from tracker.store.runs import finish_run, start_run

log = logging.getLogger(__name__)


@dataclasses.dataclass
class RunStats:
    """What one run did, for its summary line and its `ingest_runs` row."""

    run_id: int | None = None
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    errors: list[str] = dataclasses.field(default_factory=list)

    def add(self, name: str, amount: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + amount

    def error(self, message: str) -> None:
        log.error(message)
        self.errors.append(message)
        self.add("errors")

    def record(self, outcome: SaveOutcome) -> None:
        self.add(f"articles_{outcome.state}")
        self.add("measures_new", outcome.measures_new)
        self.add("measures_updated", outcome.measures_updated)

    def summary(self, what: str = "files") -> str:
        c = self.counts
        return (
            f"{c.get('entries_seen', 0)} {what}, articles {c.get('articles_new', 0)} new / "
            f"{c.get('articles_updated', 0)} updated / {c.get('articles_unchanged', 0)} unchanged, "
            f"measures {c.get('measures_new', 0)} new / {c.get('measures_updated', 0)} updated, "
            f"{c.get('errors', 0)} errors"
        )


def process_article(engine: sa.Engine, source_id: int, incoming: IncomingArticle) -> SaveOutcome:
    """Extract and store one article; an unchanged one costs a single read."""
    with read_session(engine) as session:
        stored = stored_copy(session, source_id, incoming, EXTRACTOR_VERSION)
    if stored is not None:
        return SaveOutcome(stored, "unchanged")
    measures = extract(incoming.text, incoming.published_on, incoming.title)
    with write_session(engine) as session:
        return save_article(session, source_id, incoming, measures, EXTRACTOR_VERSION)


def ingest_stream(
    engine: sa.Engine,
    source_id: int,
    items: Iterable[IncomingArticle | Exception],
    stats: RunStats,
    *,
    total: int | None = None,
    progress: bool | None = None,
) -> None:
    """Store each article; an error is recorded and the stream goes on."""
    bar = tqdm(items, total=total, unit="article", disable=None if progress is None else not progress, leave=False)
    for item in bar:
        stats.add("entries_seen")
        if isinstance(item, Exception):
            stats.error(str(item))
            continue
        try:
            stats.record(process_article(engine, source_id, item))
        except Exception as exc:  # one bad article never stops the run
            log.exception("failed to store %s", item.identity)
            stats.error(f"{item.identity}: {type(exc).__name__}: {exc}")


def ingest_seeds(engine: sa.Engine, directory: Path, *, progress: bool | None = None) -> RunStats:
    """One recorded run over a directory of seed files."""
    stats = RunStats(run_id=start_run(engine, "seeds"))
    try:
        try:
            total = len(list_seed_files(directory))
            with write_session(engine) as session:
                source_id = get_or_create_source(
                    session, "seed", f"seeds:{directory.resolve().as_posix()}", f"Seed files in {directory}"
                )
            stats.add("sources_seen")
            ingest_stream(engine, source_id, iter_seed_articles(directory), stats, total=total, progress=progress)
        except SeedError as exc:
            stats.error(str(exc))
    finally:
        finish_run(engine, stats.run_id, stats.counts, stats.errors)
    return stats

"""The update pipeline shared by every source: article → extract → store, counted and recorded.

Seeds and feeds both hand their articles to `ingest_articles`, which stores them
through the store's one write path (`tracker.store.articles.store_articles`) with the
extractor as its reader, and counts what became of each into the run's `RunStats`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import sqlalchemy as sa
from tqdm import tqdm

from tracker.errors import IngestError
from tracker.extract import EXTRACTOR_VERSION, extract_article, extract_articles
from tracker.ingest.seeds import SeedError, iter_seed_articles, list_seed_files
from tracker.records import ExtractedMeasure, IncomingArticle
from tracker.store.articles import SaveOutcome, get_or_create_source, store_articles
from tracker.store.db import write_session
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
        """Count one article; a duplicate is counted as unchanged (nothing was stored for it)."""
        if outcome.state == "failed":
            self.error(f"{outcome.identity}: {outcome.error}")
            return
        self.add(f"articles_{'unchanged' if outcome.state == 'duplicate' else outcome.state}")
        self.add("measures_new", outcome.measures_new)
        self.add("measures_updated", outcome.measures_updated)

    def merge(self, part: RunStats) -> None:
        """Add another (partial) run's counts and errors to these."""
        for name, amount in part.counts.items():
            self.add(name, amount)
        self.errors.extend(part.errors)

    def summary(self, what: str = "files") -> str:
        c = self.counts
        return (
            f"{c.get('entries_seen', 0)} {what}, articles {c.get('articles_new', 0)} new / "
            f"{c.get('articles_updated', 0)} updated / {c.get('articles_unchanged', 0)} unchanged, "
            f"measures {c.get('measures_new', 0)} new / {c.get('measures_updated', 0)} updated, "
            f"{c.get('errors', 0)} errors"
            + (f", {c['extraction_errors']} triggers unreadable (see the log)" if c.get("extraction_errors") else "")
        )


def measure_reader(stats: RunStats) -> Callable[[IncomingArticle], Sequence[ExtractedMeasure]]:
    """The extractor, as the store's write path calls it for a new or changed article.

    A trigger the extractor could not read is logged by the extractor with the article and
    the trigger; here it is counted into the run (`extraction_errors`), so that a run with
    unreadable triggers says so in its summary and its `ingest_runs` row.
    """

    def read(article: IncomingArticle) -> Sequence[ExtractedMeasure]:
        result = extract_article(article.text, article.published_on, article.title, article_id=article.identity)
        if result.errors:
            stats.add("extraction_errors", result.errors)
        return result.measures

    return read


def batch_reader(stats: RunStats) -> Callable[[Sequence[IncomingArticle]], list[Sequence[ExtractedMeasure] | Exception]]:
    """`measure_reader` for a whole batch: the extractor parses the batch's sentences at once."""

    def read_batch(articles: Sequence[IncomingArticle]) -> list[Sequence[ExtractedMeasure] | Exception]:
        found: list[Sequence[ExtractedMeasure] | Exception] = []
        items = [(a.text, a.published_on, a.title, a.identity) for a in articles]
        for result in extract_articles(items):
            if result.errors:
                stats.add("extraction_errors", result.errors)
            found.append(result.measures)
        return found

    return read_batch


def ingest_articles(
    engine: sa.Engine,
    source_id: int,
    items: Iterable[IncomingArticle | IngestError],
    stats: RunStats,
    *,
    total: int | None = None,
    progress: bool | None = None,
) -> None:
    """Store a source's articles; an item that is an error (an unreadable file) is recorded and the rest go on."""
    bar = tqdm(total=total, unit="article", disable=None if progress is None else not progress, leave=False)

    def readable() -> Iterator[IncomingArticle]:
        for item in items:
            stats.add("entries_seen")
            if isinstance(item, IngestError):
                stats.error(str(item))
                bar.update()
            else:
                yield item

    try:
        for outcome in store_articles(
            engine, source_id, readable(), read=measure_reader(stats), extractor_version=EXTRACTOR_VERSION,
            read_batch=batch_reader(stats),
        ):
            stats.record(outcome)
            bar.update()
    finally:
        bar.close()


def ingest_seeds(engine: sa.Engine, directory: Path, *, progress: bool | None = None) -> RunStats:
    """One recorded run over a directory of seed files."""
    run_id = start_run(engine, "seeds")
    stats = RunStats(run_id=run_id)
    try:
        try:
            total = len(list_seed_files(directory))
            with write_session(engine) as session:
                source_id = get_or_create_source(
                    session, "seed", f"seeds:{directory.resolve().as_posix()}", f"Seed files in {directory}"
                )
            stats.add("sources_seen")
            ingest_articles(engine, source_id, iter_seed_articles(directory), stats, total=total, progress=progress)
        except SeedError as exc:
            stats.error(str(exc))
    finally:
        finish_run(engine, run_id, stats.counts, stats.errors)
    return stats

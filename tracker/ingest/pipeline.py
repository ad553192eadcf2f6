"""The update pipeline shared by every source: article → extract → store, counted and recorded.

Seeds and feeds both hand their articles to `ingest_articles`, which stores them
through the store's one write path (`tracker.store.articles.store_articles`) with the
extractor as its reader, and counts what became of each into the run's `RunStats`.

A run's record tells what happened: its article and measure counters commit with the
articles they count, the others are written with a heartbeat every few seconds
(`recorded_run`), so a run killed outright still shows what it stored and the run
that finds it later marks it interrupted. A run stopped by Ctrl-C, SIGTERM or a stop
event is finished as "interrupted"; a failure of the database itself ends it at once,
recorded (where the database still allows) and raised once as a `StorageError`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from tqdm import tqdm

from tracker.errors import IngestError, StorageError
from tracker.extract import EXTRACTOR_VERSION, Extraction, extract, extract_articles
from tracker.ingest.jsonl import SOURCE_NAME, SOURCE_URL, iter_jsonl_articles
from tracker.ingest.seeds import SeedError, iter_seed_articles, scan_seed_folder
from tracker.ingest.window import DateWindow
from tracker.records import ExtractedMeasure, IncomingArticle
from tracker.store.articles import SaveOutcome, get_or_create_source, store_articles
from tracker.store.db import describe, storage_error, write_session
from tracker.store.runs import COMMITTED, DEFAULT_STALE_AFTER, add_to_run, checkpoint_run, finish_run, start_run

log = logging.getLogger(__name__)

HEARTBEAT = dt.timedelta(seconds=15)


@dataclasses.dataclass
class RunStats:
    """What one run did, for its summary line and its `ingest_runs` row. Safe to share between threads."""

    run_id: int | None = None
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    errors: list[str] = dataclasses.field(default_factory=list)
    skipped: list[str] = dataclasses.field(default_factory=list)  # what a forced pass left alone, and why
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self.counts[name] = self.counts.get(name, 0) + amount

    def error(self, message: str) -> None:
        log.error(message)
        with self._lock:
            self.errors.append(message)
        self.add("errors")

    def record(self, outcome: SaveOutcome) -> None:
        """Count one article by what became of it: new, updated, unchanged or duplicate (stored under another name)."""
        if outcome.state == "failed":
            self.error(f"{outcome.identity}: {outcome.error}")
            return
        for name, amount in outcome_counts([outcome]).items():
            self.add(name, amount)

    def merge(self, part: RunStats) -> None:
        """Add another (partial) run's counts, errors and skips to these."""
        for name, amount in part.counts.items():
            self.add(name, amount)
        with self._lock:
            self.errors.extend(part.errors)
            self.skipped.extend(part.skipped)

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.counts)

    def summary(self, what: str = "files") -> str:
        c = self.counts
        return (
            f"{c.get('entries_seen', 0)} {what}, articles {c.get('articles_new', 0)} new / "
            f"{c.get('articles_updated', 0)} updated / {c.get('articles_unchanged', 0)} unchanged / "
            f"{c.get('articles_duplicate', 0)} duplicates, "
            f"measures {c.get('measures_new', 0)} new / {c.get('measures_updated', 0)} updated, "
            f"{c.get('errors', 0)} errors"
            + (f", {c['extraction_errors']} triggers unreadable (see the log)" if c.get("extraction_errors") else "")
        )


def outcome_counts(outcomes: Iterable[SaveOutcome]) -> dict[str, int]:
    """The counters these outcomes add to (failures aside: they are errors, counted by `RunStats.error`)."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        if outcome.state == "failed":
            continue
        name = f"articles_{outcome.state}"  # new, updated, unchanged or duplicate: each counted apart
        counts[name] = counts.get(name, 0) + 1
        counts["measures_new"] = counts.get("measures_new", 0) + outcome.measures_new
        counts["measures_updated"] = counts.get("measures_updated", 0) + outcome.measures_updated
    return counts


def read_measures(article: IncomingArticle) -> Sequence[ExtractedMeasure]:
    """The extractor, as the store's write path calls it for a new or changed article."""
    return extract(article.text, article.published_on, article.title)


def read_batch(articles: Sequence[IncomingArticle]) -> list[Extraction]:
    """The extractor over a whole batch: one parse of all the batch's candidate sentences."""
    return list(extract_articles((a.text, a.published_on, a.title, a.identity) for a in articles))


def _batch_reader(stats: RunStats) -> Callable[[Sequence[IncomingArticle]], list[Sequence[ExtractedMeasure] | Exception]]:
    """`read_batch`, counting into the run the triggers the extractor could not read.

    The extractor logs each with its article and trigger; the run's `extraction_errors`
    says how many, in the summary line and in `ingest_runs`.
    """

    def read(articles: Sequence[IncomingArticle]) -> list[Sequence[ExtractedMeasure] | Exception]:
        found: list[Sequence[ExtractedMeasure] | Exception] = []
        for result in read_batch(articles):
            if result.errors:
                stats.add("extraction_errors", result.errors)
            found.append(result.measures)
        return found

    return read


def ingest_articles(
    engine: sa.Engine,
    source_id: int,
    items: Iterable[IncomingArticle | IngestError],
    stats: RunStats,
    *,
    total: int | None = None,
    progress: bool | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Store a source's articles; an item that is an error (an unreadable file) is recorded and the rest go on.

    With a `stop` event, articles not yet stored when it is set are left for the next run.
    """
    bar = tqdm(total=total, unit="article", disable=None if progress is None else not progress, leave=False)

    def readable() -> Iterator[IncomingArticle]:
        for item in items:
            if stop is not None and stop.is_set():
                return
            stats.add("entries_seen")
            if isinstance(item, IngestError):
                stats.error(str(item))
                bar.update()
            else:
                yield item

    def counted(session: so.Session, outcomes: Sequence[SaveOutcome]) -> None:
        if stats.run_id is not None:
            committed = {k: v for k, v in outcome_counts(outcomes).items() if k in COMMITTED}
            add_to_run(session, stats.run_id, committed)

    try:
        for outcome in store_articles(
            engine, source_id, readable(), read=read_measures, extractor_version=EXTRACTOR_VERSION,
            on_commit=counted, stop=stop.is_set if stop is not None else None, read_batch=_batch_reader(stats),
        ):
            stats.record(outcome)
            bar.update()
    finally:
        bar.close()


@contextlib.contextmanager
def recorded_run(
    engine: sa.Engine,
    kind: str,
    *,
    stop: threading.Event | None = None,
    heartbeat: dt.timedelta = HEARTBEAT,
    stale_after: dt.timedelta = DEFAULT_STALE_AFTER,
) -> Iterator[RunStats]:
    """A run from its start to its finish: recorded, beating while it works, finished with the status it earned.

    Ctrl-C or SIGTERM (KeyboardInterrupt), or a `stop` event set before the work was
    done, finish it as "interrupted"; a `StorageError` is recorded as an error of the
    run and raised again. Recording the finish never hides what ended the run: if the
    database refuses even that, it is said in one log line.
    """
    stats = RunStats(run_id=start_run(engine, kind, stale_after))
    assert stats.run_id is not None
    run_id = stats.run_id
    done = threading.Event()

    def beat() -> None:
        while not done.wait(heartbeat.total_seconds()):
            try:
                checkpoint_run(engine, run_id, stats.snapshot())
            except Exception as exc:  # the next beat, or the finish, tries again
                log.warning("run %s: heartbeat not recorded: %s", run_id, exc)

    beating = threading.Thread(target=beat, name=f"run-{run_id}-heartbeat", daemon=True)
    beating.start()
    status: str | None = None
    try:
        yield stats
        if stop is not None and stop.is_set():
            status = "interrupted"
    except StorageError as exc:
        stats.errors.append(str(exc))
        stats.add("errors")
        raise
    except sa.exc.SQLAlchemyError as exc:
        error = storage_error(exc, describe(engine))
        stats.errors.append(str(error))
        stats.add("errors")
        raise error from exc
    except Exception as exc:  # a bug: the run has an error, and the traceback goes to whoever catches it
        stats.errors.append(f"{type(exc).__name__}: {exc}")
        stats.add("errors")
        raise
    except BaseException:
        status = "interrupted"
        raise
    finally:
        done.set()
        beating.join(timeout=5)
        try:
            finish_run(engine, run_id, stats.snapshot(), stats.errors, status)
        except Exception as exc:
            log.error("run %s could not be recorded as finished: %s", run_id, exc)


def ingest_seeds(
    engine: sa.Engine,
    directory: Path,
    *,
    progress: bool | None = None,
    window: DateWindow | None = None,
    follow_links: bool = False,
    stop: threading.Event | None = None,
) -> RunStats:
    """One recorded run over a directory of seed files; seeds dated outside `window` are errors,
    and so are links out of the folder unless `follow_links`."""
    with recorded_run(engine, "seeds", stop=stop) as stats:
        try:
            found, refused = scan_seed_folder(directory, follow_links=follow_links)
            total = len(found) + len(refused)
            with write_session(engine) as session:
                source_id = get_or_create_source(
                    session, "seed", f"seeds:{directory.resolve().as_posix()}", f"Seed files in {directory}"
                )
            stats.add("sources_seen")
            articles = iter_seed_articles(directory, window, follow_links=follow_links)
            ingest_articles(engine, source_id, articles, stats, total=total, progress=progress, stop=stop)
        except SeedError as exc:
            stats.error(str(exc))
    return stats


def ingest_jsonl(
    engine: sa.Engine,
    lines: Iterable[str],
    name: str,
    *,
    total: int | None = None,
    progress: bool | None = None,
    window: DateWindow | None = None,
    stop: threading.Event | None = None,
) -> RunStats:
    """One recorded run over a JSON-lines corpus (a file, or standard input), through the same
    write path as seeds; lines dated outside `window` are errors, as seeds are."""
    with recorded_run(engine, "corpus", stop=stop) as stats:
        with write_session(engine) as session:
            source_id = get_or_create_source(session, "corpus", SOURCE_URL, SOURCE_NAME)
        stats.add("sources_seen")
        articles = iter_jsonl_articles(lines, name, window)
        ingest_articles(engine, source_id, articles, stats, total=total, progress=progress, stop=stop)
    return stats

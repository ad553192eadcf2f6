"""`tracker reextract`: the current extractor over stored articles, with people's decisions kept.

Pages of `PAGE` articles are read from the store, extracted in one call (the extractor
parses a batch at once), and stored back through `tracker.store.reextract.reread`, which
replaces their evidence, lays people's decisions over the result and records every change
in the audit trail. Each page commits with the run's position, so a run killed at any
point (even by SIGKILL) is resumed after the last stored page by the next run asked the
same thing, and a page is never half-stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from tqdm import tqdm

import tracker.extract as extractor
from tracker.records import ExtractedMeasure
from tracker.store.reextract import (
    Changes,
    StoredText,
    articles_after,
    count_articles,
    finish_run,
    open_run,
    reread,
)

log = logging.getLogger(__name__)

PAGE = 64
BatchReader = Callable[[Sequence[StoredText]], list[Sequence[ExtractedMeasure]]]


def read_batch(articles: Sequence[StoredText]) -> list[Sequence[ExtractedMeasure]]:
    """The current extractor over a page of articles: one call, where the extractor reads batches at once."""
    batch = getattr(extractor, "extract_articles", None)
    if batch is None:  # an extractor without a batch entry point: one article at a time
        return [extractor.extract(a.text, a.published_on, a.title) for a in articles]
    return [result.measures for result in batch((a.text, a.published_on, a.title, str(a.id)) for a in articles)]


@dataclasses.dataclass
class ReextractStats:
    """What a run did, for its summary."""

    run_id: int | None = None
    resumed_after: int = 0
    articles: int = 0
    seconds: float = 0.0
    errors: int = 0
    changes: Changes = dataclasses.field(default_factory=Changes)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


def reextract(
    engine: sa.Engine,
    *,
    since: dt.date | None = None,
    article_id: int | None = None,
    dry_run: bool = False,
    progress: bool | None = None,
    read: BatchReader | None = None,
    version: str | None = None,
) -> ReextractStats:
    """Read the chosen stored articles again with the current extractor (`read_batch` unless `read` is
    given); a dry run changes nothing."""
    read = read or read_batch
    version = version or extractor.EXTRACTOR_VERSION
    stats = ReextractStats()
    after = 0
    if not dry_run:
        stats.run_id, after, resumed = open_run(engine, version, since, article_id)
        stats.resumed_after = after if resumed else 0
    total = count_articles(engine, since, article_id, after)
    bar = tqdm(total=total, unit="article", disable=None if progress is None else not progress, leave=False)
    started = time.perf_counter()
    status = "interrupted"
    try:
        while page := articles_after(engine, after, since, article_id, PAGE):
            try:
                extracted: list[Sequence[ExtractedMeasure] | None] = list(read(page))
            except Exception:  # the extractor failed on the page: read its articles one by one
                log.exception("the extractor failed on articles %d-%d; reading them one at a time",
                              page[0].id, page[-1].id)
                extracted = []
                for article in page:
                    try:
                        extracted.extend(read([article]))
                    except Exception:
                        log.exception("article %d could not be read; its evidence is kept as it was", article.id)
                        stats.errors += 1
                        extracted.append(None)
            pairs = [(a, m) for a, m in zip(page, extracted, strict=True) if m is not None]
            stats.changes.update(reread(engine, stats.run_id, pairs, version, dry_run=dry_run))
            stats.articles += len(page)
            after = page[-1].id
            bar.update(len(page))
        status = "errors" if stats.errors else "ok"
    finally:
        bar.close()
        stats.seconds = time.perf_counter() - started
        if stats.run_id is not None:
            try:
                finish_run(engine, stats.run_id, status, stats.changes, stats.errors)
            except Exception as exc:  # never hide what ended the run
                log.error("reextract run %s could not be recorded as finished: %s", stats.run_id, exc)
    return stats

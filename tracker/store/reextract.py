"""Reading stored articles again with the current extractor: the store's side of `tracker reextract`.

The caller (`tracker.ingest.reextract`) pages through the articles (`articles_after`),
extracts each page, and hands it to `reread`, which replaces the page's evidence in one
write transaction through the merge step (so people's decisions are laid over it as on
any ingest, `tracker.store.overlay`), records every measure it added, changed or retired
in the audit trail as "reextract", and moves the run's position (`last_article_id`) in the
same transaction. A run killed at any point has stored whole pages or none; the next run
asked the same thing resumes after the last page stored. Reading the same articles again
with the same extractor changes nothing, so a run is idempotent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.errors import TrackerError
from tracker.records import ExtractedMeasure
from tracker.store import audit, fulltext
from tracker.store.db import read_session, with_retries, write_session
from tracker.store.merging import (
    add_evidence,
    refresh_links,
    refresh_measures,
    remove_article_evidence,
    remove_article_links,
)
from tracker.store.models import Article, Evidence, Measure, ReextractRun, Source
from tracker.store.types import utcnow

WHO = "reextract"
# What a change of a measure is judged by (its bookkeeping, such as updated_at, aside).
WATCHED = ("kind", "actor_code", "target_code", "commodity", "status", "value", "unit", "announced_on",
           "effective_on", "first_reported_on", "last_reported_on", "source_count")
JSON_NAMES = {"actor_code": "actor", "target_code": "target", "source_count": "sources"}


@dataclasses.dataclass(frozen=True)
class StoredText:
    """An article as the extractor reads it."""

    id: int
    title: str
    text: str
    published_on: dt.date | None


@dataclasses.dataclass
class Changes:
    """What re-reading changed, measure by measure: id → kind, for each kind of change."""

    added: dict[int, str] = dataclasses.field(default_factory=dict)
    changed: dict[int, str] = dataclasses.field(default_factory=dict)
    retired: dict[int, str] = dataclasses.field(default_factory=dict)

    def update(self, other: Changes) -> None:
        """Add a later page's changes: a measure counts once, by what it came to over the run."""
        self.added.update(other.added)
        for mid, kind in other.changed.items():
            if mid not in self.added:
                self.retired.pop(mid, None)  # retired earlier in the run, back again: a change
                self.changed[mid] = kind
        for mid, kind in other.retired.items():
            if self.added.pop(mid, None) is None:
                self.changed.pop(mid, None)
                self.retired[mid] = kind

    def by_kind(self) -> dict[str, tuple[int, int, int]]:
        kinds = sorted(set(self.added.values()) | set(self.changed.values()) | set(self.retired.values()))
        return {k: (sum(v == k for v in self.added.values()), sum(v == k for v in self.changed.values()),
                    sum(v == k for v in self.retired.values())) for k in kinds}


def _selection(since: dt.date | None, article_id: int | None) -> list[sa.ColumnElement[bool]]:
    clauses: list[sa.ColumnElement[bool]] = [
        Article.source_id.in_(sa.select(Source.id).where(Source.kind != "manual"))  # people's sources are not read
    ]
    if since is not None:
        clauses.append(Article.published_on >= since)
    if article_id is not None:
        clauses.append(Article.id == article_id)
    return clauses


def count_articles(engine: sa.Engine, since: dt.date | None, article_id: int | None, after_id: int = 0) -> int:
    with read_session(engine) as session:
        return session.scalar(
            sa.select(sa.func.count()).select_from(Article).where(Article.id > after_id, *_selection(since, article_id))
        ) or 0


def articles_after(
    engine: sa.Engine, after_id: int, since: dt.date | None, article_id: int | None, limit: int
) -> list[StoredText]:
    """The next `limit` articles to read, in id order."""
    with read_session(engine) as session:
        rows = session.execute(
            sa.select(Article.id, Article.title, Article.text, Article.published_on)
            .where(Article.id > after_id, *_selection(since, article_id))
            .order_by(Article.id).limit(limit)
        ).all()
    return [StoredText(r.id, r.title, r.text, r.published_on) for r in rows]


def open_run(engine: sa.Engine, version: str, since: dt.date | None, article_id: int | None) -> tuple[int, int, bool]:
    """A run for these arguments: the unfinished one to resume, or a new one. Returns (id, last article, resumed)."""
    same = [ReextractRun.extractor_version == version, ReextractRun.status.in_(("running", "interrupted")),
            ReextractRun.since.is_(None) if since is None else ReextractRun.since == since,
            ReextractRun.article_id.is_(None) if article_id is None else ReextractRun.article_id == article_id]
    with write_session(engine) as session:
        found = session.scalars(sa.select(ReextractRun).where(*same).order_by(ReextractRun.id.desc()).limit(1)).first()
        if found is not None:
            found.status = "running"
            return found.id, found.last_article_id, True
        run = ReextractRun(extractor_version=version, since=since, article_id=article_id, status="running",
                           started_at=utcnow(), last_article_id=0, articles_done=0, measures_added=0,
                           measures_changed=0, measures_retired=0, errors=0)
        session.add(run)
        session.flush()
        return run.id, 0, False


def finish_run(engine: sa.Engine, run_id: int, status: str, changes: Changes, errors: int) -> None:
    with write_session(engine) as session:
        session.execute(
            sa.update(ReextractRun).where(ReextractRun.id == run_id).values(
                status=status, finished_at=utcnow(), errors=ReextractRun.errors + errors,
                measures_added=len(changes.added), measures_changed=len(changes.changed),
                measures_retired=len(changes.retired),
            )
        )


class _DryRun(TrackerError):
    """Rolls a dry run's page back once its changes are counted; never leaves this module."""

    def __init__(self, changes: Changes):
        super().__init__("dry run")
        self.changes = changes


def reread(
    engine: sa.Engine,
    run_id: int | None,
    page: Sequence[tuple[StoredText, Sequence[ExtractedMeasure]]],
    version: str,
    *,
    dry_run: bool = False,
) -> Changes:
    """Replace the evidence of these articles by what the extractor read now; returns what that changed.

    With `dry_run`, the same work is done and measured, then rolled back.
    """

    def work() -> Changes:
        try:
            with write_session(engine) as session:
                changes = _reread(session, page, version, record=not dry_run)
                if run_id is not None and not dry_run and page:
                    session.execute(sa.update(ReextractRun).where(ReextractRun.id == run_id).values(
                        last_article_id=page[-1][0].id, articles_done=ReextractRun.articles_done + len(page)))
                if dry_run:
                    raise _DryRun(changes)
                return changes
        except _DryRun as rolled_back:
            return rolled_back.changes

    return with_retries(work)


def _reread(
    session: so.Session, page: Sequence[tuple[StoredText, Sequence[ExtractedMeasure]]], version: str, *, record: bool
) -> Changes:
    ids = [article.id for article, _ in page]
    _lock(session, ids, [m for _, measures in page for m in measures])
    touched: set[int] = set(session.scalars(sa.select(Evidence.measure_id).where(Evidence.article_id.in_(ids))))
    before = _snapshot(session, touched)
    created: set[int] = set()
    for article, measures in page:
        stale_links = remove_article_links(session, article.id)
        stale = remove_article_evidence(session, article.id)
        new_ids, touched_ids, link_ids = add_evidence(session, article.id, article.published_on, measures, version)
        refresh_measures(session, stale | new_ids | touched_ids)
        refresh_links(session, stale_links | link_ids)
        fulltext.reindex(
            session, evidence=session.scalars(sa.select(Evidence.id).where(Evidence.article_id == article.id))
        )
        created |= new_ids
        touched |= stale | new_ids | touched_ids
    session.execute(sa.update(Article).where(Article.id.in_(ids)).values(extractor_version=version))
    after = _snapshot(session, touched)
    changes = Changes()
    for mid in sorted(touched):
        now = after.get(mid)
        if now is None:
            continue
        was = before.get(mid)
        kind = str(now["kind"])
        if mid in created:
            changes.added[mid] = kind
            entry: tuple[str, dict[str, Any] | None, dict[str, Any]] = ("reextract.add", None, _named(now))
        elif was is None:
            continue
        elif was["retired"] is None and now["retired"] == "unsupported":
            changes.retired[mid] = kind
            entry = ("reextract.retire", _named(was), {"retired": "unsupported"})
        else:
            diff = [c for c in WATCHED if was[c] != now[c]]
            if not diff and was["retired"] == now["retired"]:
                continue
            changes.changed[mid] = kind
            entry = ("reextract.change", _named({c: was[c] for c in diff} | _retired(was, now)),
                     _named({c: now[c] for c in diff} | _retired(now, was)))
        if record:
            action, old, new = entry
            audit.append(session, WHO, action, measure_id=mid, before=old, after=new,
                         reason=f"extractor {version}")
    return changes


def _retired(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    return {"retired": a["retired"]} if a["retired"] != b["retired"] else {}


def _named(values: dict[str, Any]) -> dict[str, Any]:
    return {JSON_NAMES.get(k, k): v for k, v in values.items() if k != "retired" or v is not None}


def _snapshot(session: so.Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    wanted = sorted(set(ids))
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            sa.select(Measure.id, Measure.retired, *(getattr(Measure, c) for c in WATCHED))
            .where(Measure.id.in_(wanted[start:start + 500]))
        ).all()
        for row in rows:
            found[row.id] = {k: v for k, v in row._asdict().items() if k != "id"}
    return found


def _lock(session: so.Session, article_ids: Sequence[int], measures: Sequence[ExtractedMeasure]) -> None:
    """On PostgreSQL, lock the measures this page touches in id order, as ingest batches do (no deadlocks)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ids = set(session.scalars(sa.select(Evidence.measure_id).where(Evidence.article_id.in_(list(article_ids)))))
    keys = sorted({(m.kind, m.actor, m.target) for m in measures})
    if keys:
        ids |= set(session.scalars(sa.select(Measure.id).where(
            sa.tuple_(Measure.kind, Measure.actor_code, Measure.target_code).in_(keys))))
    if ids:
        session.execute(sa.select(Measure.id).where(Measure.id.in_(sorted(ids))).order_by(Measure.id)
                        .with_for_update(key_share=True)).all()

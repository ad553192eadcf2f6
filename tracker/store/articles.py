"""Storing articles: the one write path of every source, seed files and feeds alike.

Whether an incoming article is new, an update of one already stored, unchanged, or a
duplicate (the same content already stored under another name) is decided in one
place, `decide`, a pure function of the incoming article and what the store holds:
the rules can be read, and tested as a table, without a database.

`store_articles` is the path in. It reads what is stored for a few hundred articles
at once and decides on each, so an unchanged article costs no extraction and no
write; the rest are read by the caller's extractor outside any transaction and
written `BATCH` at a time, one write transaction each, deciding again inside it (another
worker may have stored an article in the meantime). A transaction the database
aborted to break a deadlock is run again; a batch that still fails is stored one
article at a time, so a bad article costs only itself. A run killed at any point
leaves whole articles or none, and the next run picks up the rest.

A failure of the database itself (disk full, read-only, connection gone) is not a bad
article: it raises `StorageError` at once, so a run stops with one message instead of
failing every remaining article the same way. A caller may pass `on_commit`, run inside
each write transaction with the outcomes it is about to commit (so a run's counters
commit with its articles), and `stop`, asked before each batch: when it says so, the
articles not yet stored are left for the next run, never half-stored.

Extraction is handed in (`read`), never imported: the store does not depend on the
extractor, only on the records it produces.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Literal, TypeVar

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.errors import StorageError
from tracker.records import ExtractedMeasure, IncomingArticle
from tracker.store import fulltext
from tracker.store.db import describe, is_storage_failure, read_session, storage_error, with_retries, write_session
from tracker.store.history import sketch
from tracker.store.merging import (
    add_evidence,
    refresh_links,
    refresh_measures,
    remove_article_evidence,
    remove_article_links,
)
from tracker.store.models import Article, Evidence, Measure, Source
from tracker.store.text import clean_article, without_controls
from tracker.store.types import utcnow
from tracker.store.upsert import get_or_create_id

log = logging.getLogger(__name__)

BATCH = 50  # articles per write transaction
LOOKUP = 500  # articles whose stored state is read in one query

Verdict = Literal["new", "updated", "unchanged", "duplicate"]
State = Literal["new", "updated", "unchanged", "duplicate", "failed"]
Reader = Callable[[IncomingArticle], Sequence[ExtractedMeasure]]
# Reads a whole batch at once (the extractor parses a batch several times faster than article by
# article); an article it could not read is an Exception in its place.
BatchReader = Callable[[Sequence[IncomingArticle]], Sequence["Sequence[ExtractedMeasure] | Exception"]]
OnCommit = Callable[[so.Session, Sequence["SaveOutcome"]], None]
T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the store holds that bears on one incoming article.

    `article_id`, `content_hash` and `extractor_version` describe the row stored under
    the article's own name (source and identity), if there is one; `twin_id` is the
    oldest article with the same content under another name (another feed, another
    seed folder, a wire story filed again under a new id).
    """

    article_id: int | None = None
    content_hash: str | None = None
    extractor_version: str | None = None
    twin_id: int | None = None


NOTHING_STORED = StoredArticle()


def decide(incoming: IncomingArticle, stored: StoredArticle, extractor_version: str) -> Verdict:
    """What storing `incoming` means, given what is stored.

    - unchanged: its own row has this content and was read by this extractor version;
    - updated: its own row differs in content, or was read by another extractor version,
      so it is read again and its evidence replaced;
    - duplicate: no row of its own, but the same content is stored under another name;
      stored once, it counts as one source for its measures;
    - new: none of these.
    """
    if stored.article_id is not None:
        if stored.content_hash == incoming.content_hash and stored.extractor_version == extractor_version:
            return "unchanged"
        return "updated"
    if stored.twin_id is not None:
        return "duplicate"
    return "new"


@dataclasses.dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What became of one incoming article; `article_id` is the row that holds its content."""

    identity: str
    state: State
    article_id: int | None = None
    measures_new: int = 0
    measures_updated: int = 0
    error: str | None = None


@dataclasses.dataclass(frozen=True)
class PublishedArticle(IncomingArticle):
    """An incoming article that names its publisher (a seed file's ` source` line or file name,
    a JSON line's `source`). Stored in `articles.publisher`; not part of the content hash."""

    publisher: str | None = None


def _publisher(incoming: IncomingArticle) -> str | None:
    publisher = incoming.publisher if isinstance(incoming, PublishedArticle) else None
    return without_controls(publisher)[:300] or None if publisher else None


HEADLINE_CHARS = 160
# Where a sentence may end: . ! or ? (and any closing quote), a space, then a capital, digit or quote.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[\"“'‘(]?[A-Z0-9])")
# ...unless the full stop ends an abbreviation or initials ("Sept. 1", "U.S. President").
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Gov|Sen|Rep|St|Jr|Sr|Inc|Ltd|Co|Corp|No|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z](?:\.[A-Z])*)\.$"
)


def headline(text: str) -> str:
    """A title for an article that came without one: its first sentence, cut at a word if long."""
    paragraph = re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]
    end = len(paragraph)
    for match in _SENTENCE_END.finditer(paragraph):
        if not _ABBREVIATION.search(paragraph[: match.start() + 1]):
            end = match.end()
            break
    sentence = " ".join(paragraph[:end].split())
    if len(sentence) <= HEADLINE_CHARS:
        return sentence
    return sentence[:HEADLINE_CHARS].rsplit(" ", 1)[0].rstrip(",;:-–—") + "…"


def get_or_create_source(session: so.Session, kind: str, url: str, name: str) -> int:
    source_id, _ = get_or_create_id(session, Source, {"url": url}, {"kind": kind, "name": name, "status": "ok"})
    return source_id


def stored_articles(
    session: so.Session, source_id: int, articles: Sequence[IncomingArticle]
) -> dict[str, StoredArticle]:
    """What `decide` needs for each of these articles, by identity, in two queries."""
    if not articles:
        return {}
    rows = session.execute(
        sa.select(Article.id, Article.identity, Article.content_hash, Article.extractor_version).where(
            Article.source_id == source_id, Article.identity.in_({a.identity for a in articles})
        )
    ).all()
    found = {r.identity: StoredArticle(r.id, r.content_hash, r.extractor_version) for r in rows}
    homeless = {a.content_hash for a in articles if a.identity not in found}
    if homeless:
        # Any row with the content of an article that has no row of its own is stored under another name.
        twins = session.execute(
            sa.select(Article.content_hash, sa.func.min(Article.id))
            .where(Article.content_hash.in_(homeless))
            .group_by(Article.content_hash)
        ).all()
        twin_of: dict[str, int] = dict(twins)
        for article in articles:
            if article.identity not in found and article.content_hash in twin_of:
                found[article.identity] = StoredArticle(twin_id=twin_of[article.content_hash])
    return found


def known_identities(engine: sa.Engine, source_id: int, identities: Sequence[str]) -> set[str]:
    """Which of these identities the source has already brought in (whatever their content)."""
    found: set[str] = set()
    with read_session(engine) as session:
        for chunk in _chunks(identities, LOOKUP):
            found |= set(
                session.scalars(
                    sa.select(Article.identity).where(Article.source_id == source_id, Article.identity.in_(chunk))
                )
            )
    return found


def save_article(
    session: so.Session,
    source_id: int,
    incoming: IncomingArticle,
    measures: Sequence[ExtractedMeasure],
    extractor_version: str,
) -> SaveOutcome:
    """Store or update one article with its measures, inside the caller's transaction."""
    incoming = clean_article(incoming)
    stored = stored_articles(session, source_id, [incoming]).get(incoming.identity, NOTHING_STORED)
    verdict = decide(incoming, stored, extractor_version)
    now = utcnow()
    fields = {
        "url": incoming.url,
        # The extractor read `incoming.title`; a title made from the first sentence is only shown.
        "title": incoming.title or headline(incoming.text),
        "text": incoming.text,
        "publisher": _publisher(incoming),
        "content_hash": incoming.content_hash,
        "sketch": sketch(incoming.title, incoming.text),
        "published_on": incoming.published_on,
        "published_at": incoming.published_at,
        "extractor_version": extractor_version,
        "updated_at": now,
    }
    article_id = stored.article_id
    if verdict == "new":
        article_id, created = get_or_create_id(
            session, Article, {"source_id": source_id, "identity": incoming.identity}, {**fields, "created_at": now}
        )
        if not created:  # another worker stored it in the meantime: decide against its row
            stored = stored_articles(session, source_id, [incoming])[incoming.identity]
            verdict = decide(incoming, stored, extractor_version)
    if verdict == "unchanged":
        return SaveOutcome(incoming.identity, verdict, stored.article_id)
    if verdict == "duplicate":
        return SaveOutcome(incoming.identity, verdict, stored.twin_id)
    assert article_id is not None
    stale: set[int] = set()
    stale_links: set[int] = set()
    if verdict == "updated":
        stale_links = remove_article_links(session, article_id)
        stale = remove_article_evidence(session, article_id)
        session.execute(sa.update(Article).where(Article.id == article_id).values(**fields))
    new_ids, touched_ids, link_ids = add_evidence(session, article_id, incoming.published_on, measures, extractor_version)
    refresh_measures(session, stale | new_ids | touched_ids)
    refresh_links(session, stale_links | link_ids)
    fulltext.reindex(
        session,
        articles=[article_id],
        evidence=session.scalars(sa.select(Evidence.id).where(Evidence.article_id == article_id)),
    )
    return SaveOutcome(incoming.identity, verdict, article_id, len(new_ids), len(touched_ids))


def store_articles(
    engine: sa.Engine,
    source_id: int,
    articles: Iterable[IncomingArticle],
    *,
    read: Reader,
    extractor_version: str,
    on_commit: OnCommit | None = None,
    stop: Callable[[], bool] | None = None,
    read_batch: BatchReader | None = None,
) -> Iterator[SaveOutcome]:
    """Store a source's articles, each once; one outcome per article, as each is settled.

    `read` extracts an article's measures; it is called only for articles that are new
    or changed (`read_batch`, when given, reads each batch of them at once instead). An identity repeated in the stream (a feed listing an entry twice) is
    stored once, the later copy winning; the earlier copy's outcome is "duplicate".
    Control characters are removed from every article first (`tracker.store.text`).
    """
    for chunk in _chunks(map(clean_article, articles), LOOKUP):
        last = {article.identity: index for index, article in enumerate(chunk)}
        pending = [chunk[index] for index in sorted(last.values())]
        with read_session(engine) as session:
            stored = stored_articles(session, source_id, pending)
        changed: list[IncomingArticle] = []
        for article in pending:
            before = stored.get(article.identity, NOTHING_STORED)
            verdict = decide(article, before, extractor_version)
            if verdict == "unchanged":
                yield SaveOutcome(article.identity, verdict, before.article_id)
            elif verdict == "duplicate":
                yield SaveOutcome(article.identity, verdict, before.twin_id)
            else:
                changed.append(article)
        for batch in _chunks(changed, BATCH):
            if stop is not None and stop():
                return
            yield from _store_batch(engine, source_id, batch, read, extractor_version, on_commit, stop, read_batch)
        for index, article in enumerate(chunk):
            if last[article.identity] != index:  # an earlier copy of a repeated entry
                yield SaveOutcome(article.identity, "duplicate")


def _store_batch(
    engine: sa.Engine,
    source_id: int,
    batch: Sequence[IncomingArticle],
    read: Reader,
    extractor_version: str,
    on_commit: OnCommit | None,
    stop: Callable[[], bool] | None,
    read_batch: BatchReader | None = None,
) -> Iterator[SaveOutcome]:
    extracted: list[tuple[IncomingArticle, Sequence[ExtractedMeasure]]] = []
    if read_batch is not None and not (stop is not None and stop()):
        try:
            results = read_batch(batch)
        except Exception as exc:  # the batch reader failed as a whole: read one by one instead
            log.warning("batch extraction failed (%s); reading article by article", exc)
        else:
            for article, result in zip(batch, results, strict=True):
                if isinstance(result, Exception):
                    log.error("failed to read %s: %s", article.identity, result)
                    yield _failed(article, result)
                else:
                    extracted.append((article, result))
            batch = []
    for article in batch:
        if stop is not None and stop():
            break  # what was read so far is stored below; the rest waits for the next run
        try:
            extracted.append((article, read(article)))
        except Exception as exc:  # one article the extractor cannot read costs only itself
            log.exception("failed to read %s", article.identity)
            yield _failed(article, exc)

    def save_all() -> list[SaveOutcome]:
        with write_session(engine) as session:
            _lock_measures_in_order(session, source_id, extracted)
            outcomes = [save_article(session, source_id, a, measures, extractor_version) for a, measures in extracted]
            if on_commit is not None:
                on_commit(session, outcomes)
            return outcomes

    try:
        outcomes = with_retries(save_all)
    except Exception as exc:
        if is_storage_failure(exc):
            raise _stopped(engine, exc) from exc
        log.warning("a batch of %d articles failed; storing them one by one (%s)", len(extracted), _first_line(exc))
    else:
        yield from outcomes
        return
    for article, measures in extracted:

        def save_one(article: IncomingArticle = article, measures: Sequence[ExtractedMeasure] = measures) -> SaveOutcome:
            with write_session(engine) as session:
                outcome = save_article(session, source_id, article, measures, extractor_version)
                if on_commit is not None:
                    on_commit(session, [outcome])
                return outcome

        try:
            yield with_retries(save_one)
        except Exception as exc:  # one bad article never stops the source
            if is_storage_failure(exc):
                raise _stopped(engine, exc) from exc
            log.error("failed to store %s: %s", article.identity, _first_line(exc))
            yield _failed(article, exc)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def _stopped(engine: sa.Engine, exc: Exception) -> StorageError:
    """The error that ends a run when the database itself failed: one line, saying where and what to do."""
    if isinstance(exc, StorageError):
        return exc
    assert isinstance(exc, sa.exc.SQLAlchemyError)
    return storage_error(exc, describe(engine))


def _failed(article: IncomingArticle, exc: Exception) -> SaveOutcome:
    return SaveOutcome(article.identity, "failed", error=_first_line(exc))


def _lock_measures_in_order(
    session: so.Session, source_id: int, extracted: Sequence[tuple[IncomingArticle, Sequence[ExtractedMeasure]]]
) -> None:
    """On PostgreSQL, lock what the batch will touch: each (kind, actor, target) it reports,
    then every existing measure, each in one order.

    Which measure a report joins, and the threats of a (kind, actor, target), are decided
    from every measure of that key, so two workers must not decide for one key at once:
    a transaction-scoped advisory lock per key, taken in order of its number, makes the
    second wait (there is no unique key to settle it, as the same key may be several
    measures over the years). Batches from several workers often touch the same busy
    measures; taking them all up front in one order keeps two batches from each holding
    what the other needs. SQLite needs none of this: BEGIN IMMEDIATE admits one writer
    at a time.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = {(m.kind, m.actor, m.target) for _, measures in extracted for m in measures}
    identities = [article.identity for article, _ in extracted]
    stale = session.execute(  # the measures of articles stored before, which a re-read refreshes
        sa.select(Measure.id, Measure.kind, Measure.actor_code, Measure.target_code)
        .join(Evidence, Evidence.measure_id == Measure.id)
        .join(Article, Article.id == Evidence.article_id)
        .where(Article.source_id == source_id, Article.identity.in_(identities))
    ).all()
    keys |= {(r.kind, r.actor_code, r.target_code) for r in stale}
    ids: set[int] = {r.id for r in stale}
    if keys:
        numbers = sorted({_lock_number(key) for key in keys})
        session.execute(
            sa.text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k ORDER BY k"),
            {"keys": numbers},
        ).all()
        key = sa.tuple_(Measure.kind, Measure.actor_code, Measure.target_code)
        ids |= set(session.scalars(sa.select(Measure.id).where(key.in_(sorted(keys)))))
    if ids:
        session.execute(
            sa.select(Measure.id).where(Measure.id.in_(sorted(ids))).order_by(Measure.id).with_for_update(key_share=True)
        ).all()


def _lock_number(key: tuple[str, str, str]) -> int:
    """A stable signed 64-bit number for a (kind, actor, target), as advisory locks take."""
    digest = hashlib.blake2b("\x1f".join(key).encode(), digest_size=8, person=b"tracker-key").digest()
    return int.from_bytes(digest, "big", signed=True)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk

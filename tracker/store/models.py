"""The relational model: sources → articles → evidence → measures between actors.

A measure is one (kind, actor, target, commodity) relationship; every article
that reports it adds an evidence row carrying what *that* article said (status,
value, date). The measure's current state and its history are derived from its
evidence, so nothing an article said is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.types import UTCDateTime, utcnow

# The largest id a row can have on every backend: ids are INTEGER, 32 bits on PostgreSQL
# (SQLite's 64). An id above it names no row, and is answered as such before any query.
MAX_ID = 2**31 - 1

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(so.DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime()}


class Actor(Base):
    """A country (ISO 3166-1 alpha-3), a historical state (SUN, DDR, YUG) or a bloc (EU, G7)."""

    __tablename__ = "actors"

    code: so.Mapped[str] = so.mapped_column(sa.String(8), primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))  # country | historical | bloc
    alpha2: so.Mapped[str | None] = so.mapped_column(sa.String(2))


class Source(Base):
    """Where articles come from: a seed directory, a corpus, or a feed.

    Feed fetching state (validators, backoff, health) lives here too, so one
    row tells the whole story of a feed.
    """

    __tablename__ = "sources"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))  # seed | feed | corpus
    url: so.Mapped[str] = so.mapped_column(sa.String(2000), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(300))
    enabled: so.Mapped[bool] = so.mapped_column(default=True)
    interval_minutes: so.Mapped[int] = so.mapped_column(default=60)
    full_text: so.Mapped[bool] = so.mapped_column(default=False)
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="new")  # new|ok|failing|disabled
    etag: so.Mapped[str | None] = so.mapped_column(sa.String(500))
    last_modified: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    last_fetched_at: so.Mapped[dt.datetime | None]
    last_success_at: so.Mapped[dt.datetime | None]
    last_new_article_at: so.Mapped[dt.datetime | None]
    next_fetch_at: so.Mapped[dt.datetime | None] = so.mapped_column(index=True)
    failing_since: so.Mapped[dt.datetime | None]
    error_count: so.Mapped[int] = so.mapped_column(default=0)
    last_error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # A feed that parsed with problems (bozo) still succeeds; what was wrong is kept here.
    last_warning: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # Lease of the worker fetching this feed now; lapses on its own if that worker dies,
    # and is released sooner when the run holding it (`claimed_by`) is known to be gone.
    claimed_until: so.Mapped[dt.datetime | None]
    claimed_by: so.Mapped[int | None]
    # Entries of the last fetch that could not be stored (the fetch itself worked).
    failed_entries: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)

    articles: so.WriteOnlyMapped[Article] = so.relationship(back_populates="source")


class Article(Base):
    """One news article, stored once per source identity (GUID, link, file or content hash)."""

    __tablename__ = "articles"
    __table_args__ = (sa.UniqueConstraint("source_id", "identity"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    source_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    identity: so.Mapped[str] = so.mapped_column(sa.String(2000))
    url: so.Mapped[str | None] = so.mapped_column(sa.String(2000))
    # The source's own title or, where it gave none, the article's first sentence (store.articles.headline).
    title: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Who published it, where the source says (a seed file's ` source` line, a JSON line's `source`);
    # a seed file's name otherwise. Feeds leave it empty: the feed's name says it.
    publisher: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    content_hash: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    published_on: so.Mapped[dt.date | None] = so.mapped_column(index=True)
    published_at: so.Mapped[dt.datetime | None]
    extractor_version: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)

    source: so.Mapped[Source] = so.relationship(back_populates="articles")
    evidence: so.WriteOnlyMapped[Evidence] = so.relationship(back_populates="article", passive_deletes=True)


class Measure(Base):
    """One pressure relationship, merged across every article that reports it.

    `status`, `value`, `unit` and the dates are the latest state, recomputed
    from the evidence whenever evidence is added or removed.
    """

    __tablename__ = "measures"
    __table_args__ = (
        sa.UniqueConstraint("kind", "actor_code", "target_code", "commodity_key"),
        sa.Index("ix_measures_pair", "actor_code", "target_code", "last_reported_on"),
        sa.Index("ix_measures_target_actor", "target_code", "actor_code"),
        sa.Index("ix_measures_last_reported_on", "last_reported_on", "id"),
        # Country pages: partners × kinds in each direction, read from the index alone.
        sa.Index("ix_measures_actor_target_kind", "actor_code", "target_code", "kind"),
        sa.Index("ix_measures_target_actor_kind", "target_code", "actor_code", "kind"),
        # Latest measures of one actor or one target, newest first, straight from an index.
        sa.Index("ix_measures_actor_reported", "actor_code", "last_reported_on", "id"),
        sa.Index("ix_measures_target_reported", "target_code", "last_reported_on", "id"),
        # The explorer's other sorts.
        sa.Index("ix_measures_announced_on", "announced_on", "id"),
        sa.Index("ix_measures_value", "value", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    actor_code: so.Mapped[str] = so.mapped_column(sa.ForeignKey("actors.code"))
    target_code: so.Mapped[str] = so.mapped_column(sa.ForeignKey("actors.code"))
    commodity_key: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    commodity: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    status: so.Mapped[str] = so.mapped_column(sa.String(16), index=True)
    value: so.Mapped[float | None]
    unit: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    announced_on: so.Mapped[dt.date | None]
    effective_on: so.Mapped[dt.date | None]
    first_reported_on: so.Mapped[dt.date | None]
    last_reported_on: so.Mapped[dt.date | None]
    source_count: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)

    actor: so.Mapped[Actor] = so.relationship(foreign_keys=[actor_code])
    target: so.Mapped[Actor] = so.relationship(foreign_keys=[target_code])
    evidence: so.WriteOnlyMapped[Evidence] = so.relationship(back_populates="measure", passive_deletes=True)


class Evidence(Base):
    """What one article said about one measure, and exactly where it said it."""

    __tablename__ = "evidence"
    __table_args__ = (
        sa.UniqueConstraint("measure_id", "article_id", "field", "start"),
        sa.Index("ix_evidence_measure_reported", "measure_id", "reported_on"),
        # Search results newest first: the database walks this and stops at a page's end.
        sa.Index("ix_evidence_reported_on", "reported_on", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    measure_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="CASCADE"))
    article_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    field: so.Mapped[str] = so.mapped_column(sa.String(8))  # title | text
    start: so.Mapped[int]
    end: so.Mapped[int]
    quote: so.Mapped[str] = so.mapped_column(sa.Text)
    status: so.Mapped[str] = so.mapped_column(sa.String(16))
    value: so.Mapped[float | None]
    unit: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    commodity: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    measure_on: so.Mapped[dt.date | None]
    effective_on: so.Mapped[dt.date | None]
    reported_on: so.Mapped[dt.date | None]
    extractor_version: so.Mapped[str] = so.mapped_column(sa.String(32))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)

    measure: so.Mapped[Measure] = so.relationship(back_populates="evidence")
    article: so.Mapped[Article] = so.relationship(back_populates="evidence")


class IngestRun(Base):
    """One pass of ingestion, recorded from start to finish (or to where it was killed)."""

    __tablename__ = "ingest_runs"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))  # seeds | feeds | corpus
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="running")  # running|ok|errors|interrupted
    started_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow, index=True)
    finished_at: so.Mapped[dt.datetime | None]
    host: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    pid: so.Mapped[int | None]
    sources_seen: so.Mapped[int] = so.mapped_column(default=0)
    entries_seen: so.Mapped[int] = so.mapped_column(default=0)
    articles_new: so.Mapped[int] = so.mapped_column(default=0)
    articles_updated: so.Mapped[int] = so.mapped_column(default=0)
    articles_unchanged: so.Mapped[int] = so.mapped_column(default=0)
    # Articles whose content was already stored under another name: stored once, counted here.
    articles_duplicate: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    measures_new: so.Mapped[int] = so.mapped_column(default=0)
    measures_updated: so.Mapped[int] = so.mapped_column(default=0)
    errors: so.Mapped[int] = so.mapped_column(default=0)
    extraction_errors: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    error_log: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # Written while the run works; a run silent for long is gone, and its claims with it.
    heartbeat_at: so.Mapped[dt.datetime | None]

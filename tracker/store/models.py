"""The relational model: sources → articles → evidence → measures between actors.

A measure is one real measure over time: one instrument of one actor against one target
(kind, commodity, unit), reported by any number of articles within the years it was in the
news; the same duty reported decades apart is two measures. Every article that reports it
adds an evidence row carrying what *that* article said (status, value, dates as precise as
the text gave them, confidence). Its periods (each rate or status and the days it held),
its source counts and its current state are derived from its evidence, so nothing an
article said is ever overwritten. Links say why one measure was taken (over, in response
to, or on condition of another), merged across articles like measures, with their own
evidence; threats and what became of them are derived from the periods.
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


# Measures listings leave out unless asked: rejected by a person, or retired (unsupported or merged).
HIDDEN_SQL = sa.text("review_state = 'rejected' OR retired IS NOT NULL")


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
    # Hashes of its sentences (`tracker.store.history.sketch`): near-duplicate texts are one source.
    sketch: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    published_on: so.Mapped[dt.date | None] = so.mapped_column(index=True)
    published_at: so.Mapped[dt.datetime | None]
    extractor_version: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)

    source: so.Mapped[Source] = so.relationship(back_populates="articles")
    evidence: so.WriteOnlyMapped[Evidence] = so.relationship(back_populates="article", passive_deletes=True)


class Measure(Base):
    """One real measure over time, merged across every article that reports it.

    Which measure a report belongs to is decided when it is stored
    (`tracker.store.history.choose_measure`): same kind, actor, target, commodity and
    unit, and a time near the measure's own. `status`, `value`, `unit` and the dates are
    the current state, recomputed from the evidence whenever evidence is added or
    removed; the periods hold the rest of its history. Dates keep the precision the
    text gave them: `announced_on` .. `announced_end` with `announced_precision` is
    "late Aug 2025" (see `tracker.records.Period`).
    """

    __tablename__ = "measures"
    __table_args__ = (
        sa.Index("ix_measures_key", "kind", "actor_code", "target_code", "commodity_key"),
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
        # The review queue: unreviewed measures in the order people should look at them.
        sa.Index("ix_measures_review_queue", "review_state", "review_rank", "id"),
        sa.Index("ix_measures_actor_queue", "actor_code", "review_state", "review_rank", "id"),
        sa.Index("ix_measures_target_queue", "target_code", "review_state", "review_rank", "id"),
        # The few measures listings hide (rejected, retired, merged), by pair and kind, so counts
        # read from the covering indexes above can leave them out cheaply.
        sa.Index("ix_measures_hidden_actor", "actor_code", "target_code", "kind",
                 sqlite_where=HIDDEN_SQL, postgresql_where=HIDDEN_SQL),
        sa.Index("ix_measures_hidden_target", "target_code", "actor_code", "kind",
                 sqlite_where=HIDDEN_SQL, postgresql_where=HIDDEN_SQL),
        sa.Index("ix_measures_confidence", "confidence", "id"),
        sa.Index("ix_measures_first_reported_on", "first_reported_on", "id"),
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
    announced_end: so.Mapped[dt.date | None]
    announced_precision: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    effective_on: so.Mapped[dt.date | None]
    effective_end: so.Mapped[dt.date | None]
    effective_precision: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    lifted_on: so.Mapped[dt.date | None]
    lifted_end: so.Mapped[dt.date | None]
    lifted_precision: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    # The days its reports speak of, first and latest: with the report dates, what a new report is matched against.
    began_on: so.Mapped[dt.date | None]
    latest_on: so.Mapped[dt.date | None]
    first_reported_on: so.Mapped[dt.date | None]
    last_reported_on: so.Mapped[dt.date | None]
    # Independent articles (near-duplicate texts and re-files count once) and how many publishers.
    source_count: so.Mapped[int] = so.mapped_column(default=0)
    publisher_count: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # The highest confidence any report was read with (None: read before confidences were kept).
    confidence: so.Mapped[float | None]
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)

    # What people decided about it (tracker.store.review), on top of what the machine read:
    # machine | confirmed | corrected | rejected, by whom, when and why.
    review_state: so.Mapped[str] = so.mapped_column(sa.String(16), default="machine", server_default="machine")
    reviewed_by: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    reviewed_at: so.Mapped[dt.datetime | None]
    review_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # Kept but hidden: "unsupported" (no evidence supports it any more), "merged" (into `merged_into_id`).
    retired: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    retired_at: so.Mapped[dt.datetime | None]
    merged_into_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="SET NULL"))
    # Its place in the review queue, lowest first (tracker.store.review.rank_expression).
    review_rank: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0, server_default="0")

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
    # The dates the text gives, each a period as precise as written: announced (or taken), effective, lifted.
    measure_on: so.Mapped[dt.date | None]
    measure_end: so.Mapped[dt.date | None]
    measure_precision: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    effective_on: so.Mapped[dt.date | None]
    effective_end: so.Mapped[dt.date | None]
    effective_precision: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    lifted_on: so.Mapped[dt.date | None]
    lifted_end: so.Mapped[dt.date | None]
    lifted_precision: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    confidence: so.Mapped[float | None]  # how the extractor read it, 0 to 1 (None: before confidences were kept)
    reported_on: so.Mapped[dt.date | None]
    extractor_version: so.Mapped[str] = so.mapped_column(sa.String(32))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)

    measure: so.Mapped[Measure] = so.relationship(back_populates="evidence")
    article: so.Mapped[Article] = so.relationship(back_populates="evidence")


class MeasurePeriod(Base):
    """One step of a measure's history: a status and rate, and the days it held.

    A measure's periods follow one another (`position`); each holds from `start_on`
    (as precise as the text: `start_end`, `start_precision`) until the day the next
    began (`end_on`, None for the current one). `known_on` is the first day a report
    of it was published. Recomputed from the evidence with the measure.
    """

    __tablename__ = "measure_periods"
    __table_args__ = (sa.UniqueConstraint("measure_id", "position"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    measure_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="CASCADE"))
    position: so.Mapped[int]
    status: so.Mapped[str] = so.mapped_column(sa.String(16))
    value: so.Mapped[float | None]
    unit: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    start_on: so.Mapped[dt.date | None]
    start_end: so.Mapped[dt.date | None]
    start_precision: so.Mapped[str | None] = so.mapped_column(sa.String(16))
    end_on: so.Mapped[dt.date | None]
    known_on: so.Mapped[dt.date | None]


class Link(Base):
    """Why a measure was taken: over, in response to, or on condition of another measure.

    One row per (measure, other measure, relation), however many articles report it;
    each report is a `LinkEvidence` row. The parties of both measures are copied here
    so that chains (A pressures B over B's trade with C, `third_code` = C) are read
    from this table's indexes alone.
    """

    __tablename__ = "links"
    __table_args__ = (
        sa.UniqueConstraint("measure_id", "other_id", "relation"),
        sa.Index("ix_links_other_id", "other_id"),
        sa.Index("ix_links_last_reported_on", "last_reported_on", "id"),
        sa.Index("ix_links_actor_reported", "actor_code", "last_reported_on", "id"),
        sa.Index("ix_links_target_reported", "target_code", "last_reported_on", "id"),
        sa.Index("ix_links_third_reported", "third_code", "last_reported_on", "id"),
        # A country page groups chains by their parties, read from these indexes alone; a pair's
        # tit for tat reads the first by (actor, target).
        sa.Index("ix_links_actor_group", "actor_code", "target_code", "third_code", "kind", "measure_id",
                 "last_reported_on"),
        sa.Index("ix_links_third_group", "third_code", "actor_code", "target_code", "kind", "measure_id",
                 "last_reported_on"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    relation: so.Mapped[str] = so.mapped_column(sa.String(16))  # over | in_response_to | condition
    measure_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="CASCADE"))
    other_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    actor_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    target_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    other_kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    other_actor_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    other_target_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    # C of a chain: the other measure's party that is neither A nor B, when it involves B.
    third_code: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    first_reported_on: so.Mapped[dt.date | None]
    last_reported_on: so.Mapped[dt.date | None]
    source_count: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)


class LinkEvidence(Base):
    """One article's report of a link, and where it said it ("over its purchases of Russian arms")."""

    __tablename__ = "link_evidence"
    __table_args__ = (sa.UniqueConstraint("link_id", "article_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    link_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("links.id", ondelete="CASCADE"))
    article_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    field: so.Mapped[str | None] = so.mapped_column(sa.String(8))
    start: so.Mapped[int | None]
    end: so.Mapped[int | None]
    quote: so.Mapped[str | None] = so.mapped_column(sa.Text)
    reported_on: so.Mapped[dt.date | None]
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)


class Threat(Base):
    """A threatened, proposed or announced measure, and what became of it.

    `outcome` is fulfilled (a measure of the same kind, actor and target came into
    force on or after `threatened_on` at a value at least as high: `outcome_on`,
    `outcome_measure_id`, `days`), withdrawn (the actor lifted or dropped it) or open.
    Recomputed for a (kind, actor, target) whenever one of its measures changes.
    """

    __tablename__ = "threats"
    __table_args__ = (
        sa.Index("ix_threats_key", "kind", "actor_code", "target_code"),
        sa.Index("ix_threats_threatened_on", "threatened_on", "id"),
        sa.Index("ix_threats_actor_threatened", "actor_code", "threatened_on", "id"),
        sa.Index("ix_threats_target_threatened", "target_code", "threatened_on", "id"),
        # A country's record (outcomes, days from threat to force) from the index alone.
        sa.Index("ix_threats_actor_outcome", "actor_code", "outcome", "threatened_on", "days"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    measure_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    actor_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    target_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    commodity: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    status: so.Mapped[str] = so.mapped_column(sa.String(16))
    value: so.Mapped[float | None]
    unit: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    threatened_on: so.Mapped[dt.date]
    threatened_end: so.Mapped[dt.date]
    threatened_precision: so.Mapped[str] = so.mapped_column(sa.String(16))
    known_on: so.Mapped[dt.date | None]
    deadline_on: so.Mapped[dt.date | None]
    outcome: so.Mapped[str] = so.mapped_column(sa.String(16))  # fulfilled | withdrawn | open
    outcome_on: so.Mapped[dt.date | None]
    outcome_measure_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="SET NULL"))
    days: so.Mapped[int | None]


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


class MeasureCorrection(Base):
    """A field of a measure as a person set it: laid over what the machine reads, whatever it reads later."""

    __tablename__ = "measure_corrections"
    __table_args__ = (sa.UniqueConstraint("measure_id", "field"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    measure_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="CASCADE"))
    field: so.Mapped[str] = so.mapped_column(sa.String(20))  # a `measures` column: kind, actor_code, value, ...
    value: so.Mapped[str] = so.mapped_column(sa.Text)  # JSON: the value as stored (dates as ISO text)
    set_by: so.Mapped[str] = so.mapped_column(sa.String(100))
    set_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)


class ReviewAnchor(Base):
    """A sentence a person decided about, and the measure it belongs to.

    Written for every piece of evidence a measure has when a person reviews it (and for
    evidence a person moves): when the extractor reads that sentence again (re-ingest, a
    new extractor, `tracker reextract`), what it reads joins this measure, whatever key
    the machine gives it. `kind`, `actor_code` and `target_code` are what the machine had
    read there, to tell this measure from another read in the same sentence.
    """

    __tablename__ = "review_anchors"
    __table_args__ = (
        sa.UniqueConstraint("article_id", "field", "start", "measure_id"),
        sa.Index("ix_review_anchors_measure_id", "measure_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    article_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"))
    field: so.Mapped[str] = so.mapped_column(sa.String(8))
    start: so.Mapped[int]
    end: so.Mapped[int]
    quote: so.Mapped[str] = so.mapped_column(sa.Text)
    measure_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("measures.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    actor_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    target_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)


class AuditEntry(Base):
    """One change made by a person or by `tracker reextract`: who, when, what, before, after, why.

    Append-only: the store offers no way to change or remove an entry, and the database
    refuses to (triggers, see migration 0008). `measure_id` is not a foreign key, so an
    entry outlives anything it speaks of.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_measure", "measure_id", "id"),
        sa.Index("ix_audit_log_who", "who", "id"),
        sa.Index("ix_audit_log_action", "action", "id"),
        sa.Index("ix_audit_log_at", "at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    who: so.Mapped[str] = so.mapped_column(sa.String(100))  # a user's name, "reextract", or "cli:<login>"
    action: so.Mapped[str] = so.mapped_column(sa.String(32))
    measure_id: so.Mapped[int | None]
    subject: so.Mapped[str | None] = so.mapped_column(sa.String(200))  # what else it is about: "user:ana", "evidence:12"
    before: so.Mapped[str | None] = so.mapped_column(sa.Text)  # JSON
    after: so.Mapped[str | None] = so.mapped_column(sa.Text)  # JSON
    reason: so.Mapped[str | None] = so.mapped_column(sa.Text)


class User(Base):
    """Someone who may log in: a viewer, an editor (reviews measures) or an admin (also users and feeds)."""

    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100), unique=True)  # stored lower-case
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(300))
    role: so.Mapped[str] = so.mapped_column(sa.String(16))
    disabled_at: so.Mapped[dt.datetime | None]
    # Part of every session cookie; replaced when the password changes or the account is
    # disabled, which ends every session the account had.
    session_token: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    last_login_at: so.Mapped[dt.datetime | None]


class LoginThrottle(Base):
    """Recent failed logins of one account name or one address, and until when it is locked out.

    In the database, so a lockout holds across every process serving the site.
    """

    __tablename__ = "login_throttles"
    __table_args__ = (
        sa.UniqueConstraint("scope", "key"),
        sa.Index("ix_login_throttles_last_failed_at", "last_failed_at"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scope: so.Mapped[str] = so.mapped_column(sa.String(16))  # account | address
    key: so.Mapped[str] = so.mapped_column(sa.String(300))
    failures: so.Mapped[int] = so.mapped_column(default=0)
    last_failed_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    locked_until: so.Mapped[dt.datetime | None]


class PairView(Base):
    """How often a pair's ledger was opened (either order): the review queue shows busy pairs first."""

    __tablename__ = "pair_views"
    __table_args__ = (sa.UniqueConstraint("low_code", "high_code"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    low_code: so.Mapped[str] = so.mapped_column(sa.String(8))  # the pair's codes in alphabetical order
    high_code: so.Mapped[str] = so.mapped_column(sa.String(8))
    views: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    updated_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)


class ReextractRun(Base):
    """One `tracker reextract`: what it was asked, how far it got, and what it changed.

    `last_article_id` commits with each batch of articles, so a run killed outright is
    resumed after it by the next `tracker reextract` asked the same thing.
    """

    __tablename__ = "reextract_runs"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    extractor_version: so.Mapped[str] = so.mapped_column(sa.String(32))
    since: so.Mapped[dt.date | None]
    article_id: so.Mapped[int | None]
    status: so.Mapped[str] = so.mapped_column(sa.String(16), default="running")  # running | ok | errors | interrupted
    started_at: so.Mapped[dt.datetime] = so.mapped_column(default=utcnow)
    finished_at: so.Mapped[dt.datetime | None]
    last_article_id: so.Mapped[int] = so.mapped_column(default=0)
    articles_done: so.Mapped[int] = so.mapped_column(default=0)
    measures_added: so.Mapped[int] = so.mapped_column(default=0)
    measures_changed: so.Mapped[int] = so.mapped_column(default=0)
    measures_retired: so.Mapped[int] = so.mapped_column(default=0)
    errors: so.Mapped[int] = so.mapped_column(default=0)

"""measures over time: periods, dates as precise as written, confidence, sources, links and threats

A measure is no longer one row per (kind, actor, target, commodity): the same duty
reported decades apart is two measures, so that unique key becomes a plain index.
Evidence keeps its three dates as periods (start, end, precision) and the confidence it
was read with; measures keep theirs, the days their reports speak of, and how many
independent sources and publishers report them; articles keep a sketch of their
sentences to tell near-duplicates. New tables: each measure's periods, the links between
measures with their evidence, and threats with their outcome.

Upgrading fills what can be derived from the stored evidence, by the same rules the
store applies on every write (`tracker.store.history`): sketches, every measure's periods,
cached state and source counts, and threats. Downgrading merges measures that share the
old key back into one (moving their evidence to the oldest) before the unique key returns.

Revision ID: 0007_measures_over_time
Revises: 0006_search_and_provenance
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

import sqlalchemy as sa
from alembic import op

import tracker.store.types
from tracker.records import Period
from tracker.store import fulltext, history

revision: str = "0007_measures_over_time"
down_revision: str | None = "0006_search_and_provenance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KEY = "uq_measures_kind_actor_code_target_code_commodity_key"
CHUNK = 1000


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sketch", sa.String(length=80), nullable=True))

    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_constraint(OLD_KEY, type_="unique")
        batch_op.add_column(sa.Column("announced_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("announced_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("effective_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("effective_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("lifted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("lifted_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("lifted_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("began_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("latest_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("publisher_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("confidence", sa.Double(), nullable=True))
        batch_op.create_index("ix_measures_key", ["kind", "actor_code", "target_code", "commodity_key"], unique=False)
        batch_op.create_index("ix_measures_confidence", ["confidence", "id"], unique=False)
        batch_op.create_index("ix_measures_first_reported_on", ["first_reported_on", "id"], unique=False)

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("measure_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("measure_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("effective_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("effective_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("lifted_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("lifted_end", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("lifted_precision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("confidence", sa.Double(), nullable=True))

    op.create_table(
        "measure_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("start_end", sa.Date(), nullable=True),
        sa.Column("start_precision", sa.String(length=16), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("known_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["measure_id"], ["measures.id"], name=op.f("fk_measure_periods_measure_id_measures"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_periods")),
        sa.UniqueConstraint("measure_id", "position", name=op.f("uq_measure_periods_measure_id_position")),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_code", sa.String(length=8), nullable=False),
        sa.Column("target_code", sa.String(length=8), nullable=False),
        sa.Column("other_kind", sa.String(length=20), nullable=False),
        sa.Column("other_actor_code", sa.String(length=8), nullable=False),
        sa.Column("other_target_code", sa.String(length=8), nullable=False),
        sa.Column("third_code", sa.String(length=8), nullable=True),
        sa.Column("first_reported_on", sa.Date(), nullable=True),
        sa.Column("last_reported_on", sa.Date(), nullable=True),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("created_at", tracker.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tracker.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measures.id"], name=op.f("fk_links_measure_id_measures"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["measures.id"], name=op.f("fk_links_other_id_measures"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("measure_id", "other_id", "relation", name=op.f("uq_links_measure_id_other_id_relation")),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index("ix_links_other_id", ["other_id"], unique=False)
        batch_op.create_index("ix_links_last_reported_on", ["last_reported_on", "id"], unique=False)
        batch_op.create_index("ix_links_actor_reported", ["actor_code", "last_reported_on", "id"], unique=False)
        batch_op.create_index("ix_links_target_reported", ["target_code", "last_reported_on", "id"], unique=False)
        batch_op.create_index("ix_links_third_reported", ["third_code", "last_reported_on", "id"], unique=False)
        batch_op.create_index("ix_links_actor_group", ["actor_code", "target_code", "third_code", "kind", "measure_id",
                                                       "last_reported_on"], unique=False)
        batch_op.create_index("ix_links_third_group", ["third_code", "actor_code", "target_code", "kind", "measure_id",
                                                       "last_reported_on"], unique=False)
    op.create_table(
        "link_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=8), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("created_at", tracker.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_link_evidence_article_id_articles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["link_id"], ["links.id"], name=op.f("fk_link_evidence_link_id_links"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_evidence")),
        sa.UniqueConstraint("link_id", "article_id", name=op.f("uq_link_evidence_link_id_article_id")),
    )
    with op.batch_alter_table("link_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_evidence_article_id"), ["article_id"], unique=False)
    op.create_table(
        "threats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_code", sa.String(length=8), nullable=False),
        sa.Column("target_code", sa.String(length=8), nullable=False),
        sa.Column("commodity", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.Column("threatened_on", sa.Date(), nullable=False),
        sa.Column("threatened_end", sa.Date(), nullable=False),
        sa.Column("threatened_precision", sa.String(length=16), nullable=False),
        sa.Column("known_on", sa.Date(), nullable=True),
        sa.Column("deadline_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("outcome_measure_id", sa.Integer(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["measure_id"], ["measures.id"], name=op.f("fk_threats_measure_id_measures"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outcome_measure_id"], ["measures.id"],
                                name=op.f("fk_threats_outcome_measure_id_measures"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threats")),
    )
    with op.batch_alter_table("threats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_threats_measure_id"), ["measure_id"], unique=False)
        batch_op.create_index("ix_threats_key", ["kind", "actor_code", "target_code"], unique=False)
        batch_op.create_index("ix_threats_threatened_on", ["threatened_on", "id"], unique=False)
        batch_op.create_index("ix_threats_actor_threatened", ["actor_code", "threatened_on", "id"], unique=False)
        batch_op.create_index("ix_threats_target_threatened", ["target_code", "threatened_on", "id"], unique=False)
        batch_op.create_index("ix_threats_actor_outcome", ["actor_code", "outcome", "threatened_on", "days"],
                              unique=False)

    _derive(op.get_bind())


# --- Filling what the evidence already says -----------------------------------------------

_articles = sa.table("articles", sa.column("id"), sa.column("title"), sa.column("text"), sa.column("sketch"),
                     sa.column("url"), sa.column("source_id"), sa.column("publisher"))
_measures = sa.table(
    "measures", *(sa.column(name) for name in (
        "id", "kind", "actor_code", "target_code", "status", "value", "unit", "commodity", "announced_on",
        "announced_end", "announced_precision", "effective_on", "effective_end", "effective_precision", "lifted_on",
        "lifted_end", "lifted_precision", "began_on", "latest_on", "first_reported_on", "last_reported_on",
        "source_count", "publisher_count", "confidence")),
)
_evidence = sa.table("evidence", *(sa.column(name) for name in (
    "id", "measure_id", "article_id", "field", "start", "status", "value", "unit", "commodity", "measure_on",
    "effective_on", "reported_on")))
_periods = sa.table("measure_periods", *(sa.column(name) for name in (
    "measure_id", "position", "status", "value", "unit", "start_on", "start_end", "start_precision", "end_on",
    "known_on")))
_threats = sa.table("threats", *(sa.column(name) for name in (
    "id", "measure_id", "kind", "actor_code", "target_code", "commodity", "status", "value", "unit", "threatened_on",
    "threatened_end", "threatened_precision", "known_on", "deadline_on", "outcome", "outcome_on",
    "outcome_measure_id", "days")))


def _derive(bind: sa.Connection) -> None:
    last = 0
    while rows := bind.execute(
        sa.select(_articles.c.id, _articles.c.title, _articles.c.text)
        .where(_articles.c.id > last).order_by(_articles.c.id).limit(CHUNK)
    ).all():
        bind.execute(
            _articles.update().where(_articles.c.id == sa.bindparam("_id")).values(sketch=sa.bindparam("_sketch")),
            [{"_id": r.id, "_sketch": history.sketch(r.title or "", r.text or "")} for r in rows],
        )
        last = rows[-1].id
    last = 0
    while measures := bind.execute(
        sa.select(_measures.c.id, _measures.c.kind, _measures.c.actor_code, _measures.c.target_code)
        .where(_measures.c.id > last).order_by(_measures.c.id).limit(CHUNK)
    ).all():
        last = measures[-1].id
        keys = {m.id: (m.kind, m.actor_code, m.target_code) for m in measures}
        rows = bind.execute(
            sa.select(_evidence, _articles.c.sketch, _articles.c.url, _articles.c.source_id, _articles.c.publisher)
            .join(_articles, _articles.c.id == _evidence.c.article_id)
            .where(_evidence.c.measure_id.in_(list(keys)))
            .order_by(_evidence.c.measure_id, _evidence.c.id)
        ).all()
        periods: list[dict[str, object]] = []
        threats: list[dict[str, object]] = []
        for measure_id, group in groupby(rows, key=lambda r: r.measure_id):
            said = list(group)
            statements = [
                history.Statement(r.id, r.status, r.value, r.unit, r.reported_on,
                                  history.stored_period(r.measure_on, None, None),
                                  history.stored_period(r.effective_on, None, None), None, r.article_id, r.commodity)
                for r in said
            ]
            steps = history.derive_periods(statements)
            periods += [history.period_row(measure_id, i, step) for i, step in enumerate(steps)]
            commodity = next((r.commodity for r in reversed(said) if r.commodity), None)
            threats += [history.threat_row(measure_id, keys[measure_id], commodity, o)
                        for o in history.threat_openings(statements)]
            bind.execute(
                _measures.update().where(_measures.c.id == measure_id).values(
                    **history.current_state(statements, steps),
                    **history.source_counts((r.article_id, r.sketch, r.url, r.source_id, r.publisher) for r in said),
                )
            )
        if periods:
            bind.execute(_periods.insert(), periods)
        if threats:
            bind.execute(_threats.insert(), threats)
    _threat_outcomes(bind)


def _threat_outcomes(bind: sa.Connection) -> None:
    threats = bind.execute(sa.select(_threats).order_by(_threats.c.kind, _threats.c.actor_code,
                                                       _threats.c.target_code, _threats.c.id)).all()
    for (kind, actor, target), group in groupby(threats, key=lambda t: (t.kind, t.actor_code, t.target_code)):
        periods = bind.execute(
            sa.select(_periods.c.measure_id, _periods.c.status, _periods.c.start_on, _periods.c.value, _periods.c.unit)
            .join(_measures, _measures.c.id == _periods.c.measure_id)
            .where(_measures.c.kind == kind, _measures.c.actor_code == actor, _measures.c.target_code == target,
                   _periods.c.status.in_(("in_force", "lifted")), _periods.c.start_on.is_not(None))
        ).all()
        enforced = [history.Enforcement(p.measure_id, p.start_on, p.value, p.unit)
                    for p in periods if p.status == "in_force"]
        for t in group:
            opening = history.Opening(t.status, Period(t.threatened_on, t.threatened_end, t.threatened_precision),
                                      t.value, t.unit, t.known_on, t.deadline_on)
            lifts = [p.start_on for p in periods if p.status == "lifted" and p.measure_id == t.measure_id]
            outcome = history.threat_outcome(opening, enforced, lifts)
            bind.execute(_threats.update().where(_threats.c.id == t.id).values(
                outcome=outcome.outcome, outcome_on=outcome.on, outcome_measure_id=outcome.measure_id, days=outcome.days))


def _merge_split_measures(bind: sa.Connection) -> None:
    """Measures that share the old unique key become one again, the oldest keeping every report."""
    m = _measures
    key = sa.table("measures", sa.column("id"), sa.column("kind"), sa.column("actor_code"), sa.column("target_code"),
                   sa.column("commodity_key"))
    groups = bind.execute(
        sa.select(key.c.kind, key.c.actor_code, key.c.target_code, key.c.commodity_key, sa.func.min(key.c.id))
        .group_by(key.c.kind, key.c.actor_code, key.c.target_code, key.c.commodity_key)
        .having(sa.func.count() > 1)
    ).all()
    for kind, actor, target, commodity_key, keeper in groups:
        others = bind.scalars(
            sa.select(key.c.id).where(key.c.kind == kind, key.c.actor_code == actor, key.c.target_code == target,
                                      key.c.commodity_key == commodity_key, key.c.id != keeper)
        ).all()
        kept = sa.alias(_evidence)
        clash = sa.exists().where(kept.c.measure_id == keeper, kept.c.article_id == _evidence.c.article_id,
                                  kept.c.field == _evidence.c.field, kept.c.start == _evidence.c.start)
        for other in others:
            bind.execute(_evidence.update().where(_evidence.c.measure_id == other, ~clash).values(measure_id=keeper))
            dropped = bind.scalars(sa.select(_evidence.c.id).where(_evidence.c.measure_id == other)).all()
            bind.execute(_evidence.delete().where(_evidence.c.measure_id == other))
            bind.execute(m.delete().where(m.c.id == other))
            # The search index (0006) forgets what is gone and reads the kept measure afresh.
            fulltext.reindex(bind, measures=[other, keeper], evidence=dropped)
        count = sa.select(sa.func.count(sa.distinct(_evidence.c.article_id))).where(_evidence.c.measure_id == keeper)
        bind.execute(m.update().where(m.c.id == keeper).values(source_count=count.scalar_subquery()))


def downgrade() -> None:
    with op.batch_alter_table("threats", schema=None) as batch_op:
        batch_op.drop_index("ix_threats_actor_outcome")
        batch_op.drop_index("ix_threats_target_threatened")
        batch_op.drop_index("ix_threats_actor_threatened")
        batch_op.drop_index("ix_threats_threatened_on")
        batch_op.drop_index("ix_threats_key")
        batch_op.drop_index(batch_op.f("ix_threats_measure_id"))
    op.drop_table("threats")
    with op.batch_alter_table("link_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_evidence_article_id"))
    op.drop_table("link_evidence")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("ix_links_third_group")
        batch_op.drop_index("ix_links_actor_group")
        batch_op.drop_index("ix_links_third_reported")
        batch_op.drop_index("ix_links_target_reported")
        batch_op.drop_index("ix_links_actor_reported")
        batch_op.drop_index("ix_links_last_reported_on")
        batch_op.drop_index("ix_links_other_id")
    op.drop_table("links")
    op.drop_table("measure_periods")

    _merge_split_measures(op.get_bind())

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("confidence")
        batch_op.drop_column("lifted_precision")
        batch_op.drop_column("lifted_end")
        batch_op.drop_column("lifted_on")
        batch_op.drop_column("effective_precision")
        batch_op.drop_column("effective_end")
        batch_op.drop_column("measure_precision")
        batch_op.drop_column("measure_end")

    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index("ix_measures_first_reported_on")
        batch_op.drop_index("ix_measures_confidence")
        batch_op.drop_index("ix_measures_key")
        batch_op.drop_column("confidence")
        batch_op.drop_column("publisher_count")
        batch_op.drop_column("latest_on")
        batch_op.drop_column("began_on")
        batch_op.drop_column("lifted_precision")
        batch_op.drop_column("lifted_end")
        batch_op.drop_column("lifted_on")
        batch_op.drop_column("effective_precision")
        batch_op.drop_column("effective_end")
        batch_op.drop_column("announced_precision")
        batch_op.drop_column("announced_end")
        batch_op.create_unique_constraint(OLD_KEY, ["kind", "actor_code", "target_code", "commodity_key"])

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("sketch")

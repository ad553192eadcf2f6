"""review: accounts, people's decisions over the machine's measures, and an append-only audit trail

Measures gain their review state (machine, confirmed, corrected, rejected: by whom, when,
why), a retirement (kept but hidden: no evidence supports it any more, or it was merged
into another) and a place in the review queue. New tables: the fields people corrected,
the sentences they decided about (anchors), the audit trail (append-only: the database
refuses to change or delete an entry), users, failed-login counters, pair views and
`tracker reextract` runs.

Downgrading drops what only review knows; every measure, article and evidence row stays.

Revision ID: 0008_review
Revises: 0007_measures_over_time
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.store.types

revision: str = "0008_review"
down_revision: str | None = "0007_measures_over_time"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HIDDEN = sa.text("review_state = 'rejected' OR retired IS NOT NULL")
AT = tracker.store.types.UTCDateTime(timezone=True)

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def upgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_state", sa.String(length=16), server_default="machine", nullable=False))
        batch_op.add_column(sa.Column("reviewed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", AT, nullable=True))
        batch_op.add_column(sa.Column("review_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("retired", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("retired_at", AT, nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("review_rank", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_measures_merged_into_id_measures"), "measures", ["merged_into_id"], ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_measures_review_queue", ["review_state", "review_rank", "id"], unique=False)
        batch_op.create_index("ix_measures_actor_queue", ["actor_code", "review_state", "review_rank", "id"],
                              unique=False)
        batch_op.create_index("ix_measures_target_queue", ["target_code", "review_state", "review_rank", "id"],
                              unique=False)
        batch_op.create_index("ix_measures_hidden_actor", ["actor_code", "target_code", "kind"], unique=False,
                              sqlite_where=HIDDEN, postgresql_where=HIDDEN)
        batch_op.create_index("ix_measures_hidden_target", ["target_code", "actor_code", "kind"], unique=False,
                              sqlite_where=HIDDEN, postgresql_where=HIDDEN)

    op.create_table(
        "measure_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("set_at", AT, nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measures.id"], name=op.f("fk_measure_corrections_measure_id_measures"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_corrections")),
        sa.UniqueConstraint("measure_id", "field", name=op.f("uq_measure_corrections_measure_id_field")),
    )
    op.create_table(
        "review_anchors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=8), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_code", sa.String(length=8), nullable=False),
        sa.Column("target_code", sa.String(length=8), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_review_anchors_article_id_articles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["measure_id"], ["measures.id"], name=op.f("fk_review_anchors_measure_id_measures"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_anchors")),
        sa.UniqueConstraint("article_id", "field", "start", "measure_id",
                            name=op.f("uq_review_anchors_article_id_field_start_measure_id")),
    )
    op.create_index("ix_review_anchors_measure_id", "review_anchors", ["measure_id"], unique=False)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", AT, nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_measure", "audit_log", ["measure_id", "id"], unique=False)
    op.create_index("ix_audit_log_who", "audit_log", ["who", "id"], unique=False)
    op.create_index("ix_audit_log_action", "audit_log", ["action", "id"], unique=False)
    op.create_index("ix_audit_log_at", "audit_log", ["at"], unique=False)
    for statement in POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("disabled_at", AT, nullable=True),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", AT, nullable=False),
        sa.Column("updated_at", AT, nullable=False),
        sa.Column("last_login_at", AT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "login_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", AT, nullable=False),
        sa.Column("locked_until", AT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_throttles")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_login_throttles_scope_key")),
    )
    op.create_index("ix_login_throttles_last_failed_at", "login_throttles", ["last_failed_at"], unique=False)
    op.create_table(
        "pair_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("low_code", sa.String(length=8), nullable=False),
        sa.Column("high_code", sa.String(length=8), nullable=False),
        sa.Column("views", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", AT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_views")),
        sa.UniqueConstraint("low_code", "high_code", name=op.f("uq_pair_views_low_code_high_code")),
    )
    op.create_table(
        "reextract_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", AT, nullable=False),
        sa.Column("finished_at", AT, nullable=True),
        sa.Column("last_article_id", sa.Integer(), nullable=False),
        sa.Column("articles_done", sa.Integer(), nullable=False),
        sa.Column("measures_added", sa.Integer(), nullable=False),
        sa.Column("measures_changed", sa.Integer(), nullable=False),
        sa.Column("measures_retired", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reextract_runs")),
    )


def downgrade() -> None:
    op.drop_table("reextract_runs")
    op.drop_table("pair_views")
    op.drop_index("ix_login_throttles_last_failed_at", table_name="login_throttles")
    op.drop_table("login_throttles")
    op.drop_table("users")
    op.drop_table("audit_log")  # its triggers go with it
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_index("ix_review_anchors_measure_id", table_name="review_anchors")
    op.drop_table("review_anchors")
    op.drop_table("measure_corrections")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index("ix_measures_hidden_target")
        batch_op.drop_index("ix_measures_hidden_actor")
        batch_op.drop_index("ix_measures_target_queue")
        batch_op.drop_index("ix_measures_actor_queue")
        batch_op.drop_index("ix_measures_review_queue")
        batch_op.drop_constraint(batch_op.f("fk_measures_merged_into_id_measures"), type_="foreignkey")
        batch_op.drop_column("review_rank")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("retired_at")
        batch_op.drop_column("retired")
        batch_op.drop_column("review_reason")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("review_state")

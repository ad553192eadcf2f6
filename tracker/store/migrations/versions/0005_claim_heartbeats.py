"""claim heartbeats: which run holds a feed, when that run last showed life, entries a feed could not store

A feed's claim names the run that holds it (`sources.claimed_by`), and a run records a
heartbeat while it works (`ingest_runs.heartbeat_at`): a claim whose run is gone (its
process dead on this host, or silent past the heartbeat limit anywhere) is released at
once instead of blocking the feed for the whole lease. `sources.failed_entries` counts
the entries of the feed's last fetch that could not be stored, so such a feed does not
read "ok, 0 errors".

Revision ID: 0005_claim_heartbeats
Revises: 0004_run_extraction_errors
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.store.types

revision: str = "0005_claim_heartbeats"
down_revision: str | None = "0004_run_extraction_errors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("failed_entries", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("ingest_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", tracker.store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ingest_runs", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("failed_entries")
        batch_op.drop_column("claimed_by")

"""run extraction errors: how many triggers the extractor could not read in a run

An error while reading one trigger skips only that trigger; the run counts them so that a
run that lost readings says so on /feeds, in the CLI summary and in this table.

Revision ID: 0004_run_extraction_errors
Revises: 0003_web_indexes
Create Date: 2026-12-02 05:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_run_extraction_errors"
down_revision: str | None = "0003_web_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extraction_errors", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("ingest_runs", schema=None) as batch_op:
        batch_op.drop_column("extraction_errors")

"""feeds: claim lease and parse warnings

claimed_until lets several workers share feeds without fetching one twice;
last_warning keeps what was wrong with a feed that still parsed.

Revision ID: 0002_feeds
Revises: 0001
Create Date: 2026-11-28 01:04:27.356255
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.store.types

revision: str = '0002_feeds'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_warning', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', tracker.store.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('last_warning')

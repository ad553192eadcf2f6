"""web indexes: partners and kinds of a country from the index alone

The country page groups a country's measures by partner and kind in both
directions; with the two covering indexes that is an index-only read even at a
million measures. The two "reported" indexes let a country's (or an actor's)
latest measures be read newest first straight from an index, one side at a time;
the announced and value indexes do the same for the explorer's other sorts.

Revision ID: 0003_web_indexes
Revises: 0002_feeds
Create Date: 2026-11-28 01:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003_web_indexes"
down_revision: str | None = "0002_feeds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index("ix_measures_actor_target_kind", ["actor_code", "target_code", "kind"], unique=False)
        batch_op.create_index("ix_measures_target_actor_kind", ["target_code", "actor_code", "kind"], unique=False)
        batch_op.create_index("ix_measures_actor_reported", ["actor_code", "last_reported_on", "id"], unique=False)
        batch_op.create_index("ix_measures_target_reported", ["target_code", "last_reported_on", "id"], unique=False)
        batch_op.create_index("ix_measures_announced_on", ["announced_on", "id"], unique=False)
        batch_op.create_index("ix_measures_value", ["value", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index("ix_measures_value")
        batch_op.drop_index("ix_measures_announced_on")
        batch_op.drop_index("ix_measures_target_reported")
        batch_op.drop_index("ix_measures_actor_reported")
        batch_op.drop_index("ix_measures_target_actor_kind")
        batch_op.drop_index("ix_measures_actor_target_kind")

"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 00:58:20.082393
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import tracker.store.types

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('alpha2', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_actors'))
    )
    op.create_table('ingest_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('started_at', tracker.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', tracker.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('host', sa.String(length=200), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('sources_seen', sa.Integer(), nullable=False),
    sa.Column('entries_seen', sa.Integer(), nullable=False),
    sa.Column('articles_new', sa.Integer(), nullable=False),
    sa.Column('articles_updated', sa.Integer(), nullable=False),
    sa.Column('articles_unchanged', sa.Integer(), nullable=False),
    sa.Column('measures_new', sa.Integer(), nullable=False),
    sa.Column('measures_updated', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('error_log', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingest_runs'))
    )
    with op.batch_alter_table('ingest_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ingest_runs_started_at'), ['started_at'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=False),
    sa.Column('full_text', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('etag', sa.String(length=500), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('last_fetched_at', tracker.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', tracker.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_new_article_at', tracker.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('next_fetch_at', tracker.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('failing_since', tracker.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', tracker.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('url', name=op.f('uq_sources_url'))
    )
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sources_next_fetch_at'), ['next_fetch_at'], unique=False)

    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('identity', sa.String(length=2000), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('published_at', tracker.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('extractor_version', sa.String(length=32), nullable=True),
    sa.Column('created_at', tracker.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tracker.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_articles_source_id_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('source_id', 'identity', name=op.f('uq_articles_source_id_identity'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published_on'), ['published_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_source_id'), ['source_id'], unique=False)

    op.create_table('measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('actor_code', sa.String(length=8), nullable=False),
    sa.Column('target_code', sa.String(length=8), nullable=False),
    sa.Column('commodity_key', sa.String(length=200), nullable=False),
    sa.Column('commodity', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('announced_on', sa.Date(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('first_reported_on', sa.Date(), nullable=True),
    sa.Column('last_reported_on', sa.Date(), nullable=True),
    sa.Column('source_count', sa.Integer(), nullable=False),
    sa.Column('created_at', tracker.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tracker.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_code'], ['actors.code'], name=op.f('fk_measures_actor_code_actors')),
    sa.ForeignKeyConstraint(['target_code'], ['actors.code'], name=op.f('fk_measures_target_code_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measures')),
    sa.UniqueConstraint('kind', 'actor_code', 'target_code', 'commodity_key', name=op.f('uq_measures_kind_actor_code_target_code_commodity_key'))
    )
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measures_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_measures_last_reported_on', ['last_reported_on', 'id'], unique=False)
        batch_op.create_index('ix_measures_pair', ['actor_code', 'target_code', 'last_reported_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_measures_status'), ['status'], unique=False)
        batch_op.create_index('ix_measures_target_actor', ['target_code', 'actor_code'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=8), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('commodity', sa.String(length=300), nullable=True),
    sa.Column('measure_on', sa.Date(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=True),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('extractor_version', sa.String(length=32), nullable=False),
    sa.Column('created_at', tracker.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_evidence_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_evidence_measure_id_measures'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('measure_id', 'article_id', 'field', 'start', name=op.f('uq_evidence_measure_id_article_id_field_start'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_article_id'), ['article_id'], unique=False)
        batch_op.create_index('ix_evidence_measure_reported', ['measure_id', 'reported_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_measure_reported')
        batch_op.drop_index(batch_op.f('ix_evidence_article_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index('ix_measures_target_actor')
        batch_op.drop_index(batch_op.f('ix_measures_status'))
        batch_op.drop_index('ix_measures_pair')
        batch_op.drop_index('ix_measures_last_reported_on')
        batch_op.drop_index(batch_op.f('ix_measures_kind'))

    op.drop_table('measures')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_source_id'))
        batch_op.drop_index(batch_op.f('ix_articles_published_on'))
        batch_op.drop_index(batch_op.f('ix_articles_content_hash'))

    op.drop_table('articles')
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sources_next_fetch_at'))

    op.drop_table('sources')
    with op.batch_alter_table('ingest_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ingest_runs_started_at'))

    op.drop_table('ingest_runs')
    op.drop_table('actors')

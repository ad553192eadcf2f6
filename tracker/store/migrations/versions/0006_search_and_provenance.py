"""search and provenance: full-text indexes, an article's publisher, duplicates counted apart

Full-text search over actors, commodities, evidence quotes and articles: FTS5 virtual
tables on SQLite, tsvector columns with GIN indexes on PostgreSQL, filled here from the
rows already stored and kept up to date by the store's write path (`tracker.store.fulltext`).
Evidence gets an index on (reported_on, id): search results come newest first.

`articles.publisher` says who published an article where its source said so (a seed
file's ` source` line, a JSON line's `source`) and, for a seed file without one, its file
name; seed articles already stored get their file name here. Articles stored without a
title get one from their first sentence, as new ones do.

`ingest_runs.articles_duplicate` counts articles whose content was already stored under
another name, which runs used to count as unchanged.

Revision ID: 0006_search_and_provenance
Revises: 0005_claim_heartbeats
Create Date: 2026-12-02 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_search_and_provenance"
down_revision: str | None = "0005_claim_heartbeats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# search table -> (key column on PostgreSQL, its type, the table and column it indexes)
SEARCH = {
    "search_actors": ("code", "varchar(8)", "actors", "code"),
    "search_measures": ("id", "integer", "measures", "id"),
    "search_evidence": ("id", "integer", "evidence", "id"),
    "search_articles": ("id", "integer", "articles", "id"),
}


def upgrade() -> None:
    from tracker.store import fulltext
    from tracker.store.articles import headline

    bind = op.get_bind()
    op.add_column("articles", sa.Column("publisher", sa.String(length=300), nullable=True))
    op.add_column("ingest_runs", sa.Column("articles_duplicate", sa.Integer(), server_default="0", nullable=False))
    op.create_index("ix_evidence_reported_on", "evidence", ["reported_on", "id"], unique=False)
    for table, (key, key_type, parent, parent_key) in SEARCH.items():
        if bind.dialect.name == "postgresql":
            op.execute(
                f"CREATE TABLE {table} ({key} {key_type} PRIMARY KEY REFERENCES {parent} ({parent_key}) "
                f"ON DELETE CASCADE, body tsvector NOT NULL)"
            )
            op.execute(f"CREATE INDEX ix_{table}_body ON {table} USING gin (body)")
        elif table == "search_actors":
            op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(code UNINDEXED, body)")
        else:  # rowid is the indexed row's id
            op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(body)")

    articles = sa.table(
        "articles", sa.column("id"), sa.column("source_id"), sa.column("identity"), sa.column("title"),
        sa.column("text"), sa.column("publisher"),
    )
    sources = sa.table("sources", sa.column("id"), sa.column("kind"))
    seeds = sa.select(sources.c.id).where(sources.c.kind == "seed")
    for article_id, identity in bind.execute(
        sa.select(articles.c.id, articles.c.identity).where(articles.c.source_id.in_(seeds))
    ).all():
        name = identity.removeprefix("file:")
        bind.execute(sa.update(articles).where(articles.c.id == article_id).values(publisher=name[:300]))
    for article_id, text in bind.execute(
        sa.select(articles.c.id, articles.c.text).where(articles.c.title == "")
    ).all():
        bind.execute(sa.update(articles).where(articles.c.id == article_id).values(title=headline(text)))
    fulltext.reindex_all(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(SEARCH):
        op.execute(f"DROP TABLE {table}")
    op.drop_index("ix_evidence_reported_on", table_name="evidence")
    if bind.dialect.name == "sqlite":
        # Plain ALTER TABLE: a batch copy of `articles` would cascade-delete its evidence.
        op.execute("ALTER TABLE ingest_runs DROP COLUMN articles_duplicate")
        op.execute("ALTER TABLE articles DROP COLUMN publisher")
    else:
        op.drop_column("ingest_runs", "articles_duplicate")
        op.drop_column("articles", "publisher")

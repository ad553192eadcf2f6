"""Schema changes, only ever through Alembic."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tracker.store.actors import sync_actors
from tracker.store.db import create_database, make_engine, write_session

# Shipped inside the package so an installed `tracker db upgrade` finds them; the
# checkout's top-level `migrations/` is a link to this folder.
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = database_url
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Create the database if need be, migrate it to `revision`, then make sure every known actor exists."""
    create_database(database_url)
    command.upgrade(alembic_config(database_url), revision)
    engine = make_engine(database_url)
    try:
        with write_session(engine) as session:
            sync_actors(session)
    finally:
        engine.dispose()


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_up_to_date(engine: sa.Engine) -> bool:
    return current_revision(engine) == head_revision()

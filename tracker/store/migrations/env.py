"""Alembic environment: runs every schema change, on SQLite and PostgreSQL alike.

`tracker db upgrade` passes the URL in; plain `alembic` (with alembic.ini)
falls back to tracker's own settings, so both agree on which database is meant.

On SQLite, Alembic's batch mode changes a table by building a new one, copying the
rows, dropping the old one and renaming the new. tracker's connections switch foreign
keys on, and with them on, dropping `sources` would cascade to every article and
every evidence row. So migrations run with foreign keys off (as Alembic's
documentation advises for batch mode), and the result is checked with
`PRAGMA foreign_key_check` before they are switched back on: a migration that
left a dangling reference fails loudly instead of committing it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa
from alembic import context

from tracker.store.db import make_engine
from tracker.store.fulltext import is_search_table
from tracker.store.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from tracker.config import load_settings

    return load_settings().database_url


def include_name(name, type_, _parent_names) -> bool:  # type: ignore[no-untyped-def]
    """Autogenerate leaves the full-text tables alone: they are written by hand (FTS5 is no model)."""
    return not (type_ == "table" and is_search_table(name))


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )


@contextlib.contextmanager
def _foreign_keys_off(connection: sa.Connection) -> Iterator[None]:
    """SQLite only: foreign keys off for the migration, checked and back on afterwards.

    The pragma is a no-op inside a transaction, so it is set on the driver's connection
    before Alembic begins one (and after it commits).
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    if connection.in_transaction():
        connection.commit()
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
        if connection.in_transaction():
            connection.commit()
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, rowid, parent, _ = broken[0]
            raise RuntimeError(
                f"migration left {len(broken)} row(s) referring to missing rows, e.g. {table} row {rowid} → {parent}"
            )
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _run(connection: sa.Connection) -> None:
    with _foreign_keys_off(connection):
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

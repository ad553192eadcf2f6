"""`tracker db`: schema migrations."""

from __future__ import annotations

import click
import sqlalchemy as sa

from tracker.cli.context import AppContext, pass_app
from tracker.errors import StorageError
from tracker.store import migrate
from tracker.store.db import make_engine, storage_error


@click.group()
def db() -> None:
    """Create or migrate the database schema."""


@db.command()
@click.option("--revision", default="head", show_default=True)
@pass_app
def upgrade(app: AppContext, revision: str) -> None:
    """Apply migrations up to REVISION (the latest by default)."""
    url = app.settings.database_url
    try:
        migrate.upgrade(url, revision)
    except sa.exc.OperationalError as exc:
        raise StorageError(f"cannot migrate {_safe(url)}: {storage_error(exc)}") from exc
    click.echo(f"database {_safe(url)} is at revision {revision}")


@db.command()
@click.option("--revision", default="-1", show_default=True, help="Target, e.g. -1 or base.")
@pass_app
def downgrade(app: AppContext, revision: str) -> None:
    """Undo migrations down to REVISION."""
    migrate.downgrade(app.settings.database_url, revision)
    click.echo(f"database {_safe(app.settings.database_url)} downgraded to {revision}")


@db.command()
@pass_app
def current(app: AppContext) -> None:
    """Show the schema revision of the database and the latest one."""
    engine = make_engine(app.settings.database_url)
    try:
        click.echo(f"current: {migrate.current_revision(engine)}  head: {migrate.head_revision()}")
    finally:
        engine.dispose()


def _safe(url: str) -> str:
    """Never print a password."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)

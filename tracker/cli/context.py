"""What every command shares: the settings and, on first use, one database engine."""

from __future__ import annotations

import click
import sqlalchemy as sa

from tracker.config import Settings
from tracker.errors import StorageError
from tracker.store.db import make_engine, storage_error
from tracker.store.migrate import is_up_to_date


class AppContext:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._engine: sa.Engine | None = None

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            self._engine = make_engine(
                self.settings.database_url, busy_timeout_ms=self.settings.database.busy_timeout_ms
            )
        return self._engine

    def migrated_engine(self) -> sa.Engine:
        """The engine, refusing to write to a database that `tracker db upgrade` has not prepared."""
        engine = self.engine
        try:
            ready = is_up_to_date(engine)
        except sa.exc.OperationalError as exc:
            raise storage_error(exc) from exc
        if not ready:
            raise StorageError("the database schema is missing or out of date: run `tracker db upgrade` first")
        return engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


pass_app = click.make_pass_decorator(AppContext)

"""Engines and sessions: the only place that knows SQLite from PostgreSQL.

SQLite runs in WAL mode with a busy timeout, and write sessions take the write
lock up front (`BEGIN IMMEDIATE`), so a reader never meets "database is locked"
and two writers queue instead of failing half-way through a transaction.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.engine import make_url

from tracker.errors import StorageError

log = logging.getLogger(__name__)

WRITE_OPTION = "tracker_write"
ATTEMPTS = 4
# PostgreSQL's "deadlock detected" and "could not serialize": the transaction did nothing and may simply be run again.
RETRYABLE_SQLSTATES = {"40P01", "40001"}

T = TypeVar("T")


def make_engine(url: str, *, busy_timeout_ms: int = 30_000, echo: bool = False) -> sa.Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, busy_timeout_ms, echo)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(parsed, echo=echo, pool_pre_ping=True, future=True)


def _sqlite_engine(url: sa.URL, busy_timeout_ms: int, echo: bool) -> sa.Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url,
        echo=echo,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event below issue BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_sqlite(engine: sa.Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextlib.contextmanager
def write_session(engine: sa.Engine) -> Iterator[so.Session]:
    """One transaction that may write: committed on success, rolled back on any error."""
    bind = engine.execution_options(**{WRITE_OPTION: True})
    with so.Session(bind, expire_on_commit=False) as session, session.begin():
        yield session


def open_read_session(engine: sa.Engine) -> so.Session:
    """A session for reading that the caller closes (the web app keeps one per request)."""
    return so.Session(engine, expire_on_commit=False)


@contextlib.contextmanager
def read_session(engine: sa.Engine) -> Iterator[so.Session]:
    """A session for reading; objects stay usable after it closes."""
    with open_read_session(engine) as session:
        yield session


def is_retryable(exc: BaseException) -> bool:
    return isinstance(exc, sa.exc.DBAPIError) and getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def with_retries(work: Callable[[], T]) -> T:
    """Run a transaction again when the database aborted it only to break a deadlock between workers."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return work()
        except sa.exc.DBAPIError as exc:
            if attempt == ATTEMPTS or not is_retryable(exc):
                raise
            log.info("transaction aborted by the database (%s); retrying", getattr(exc.orig, "sqlstate", "?"))
            time.sleep(random.uniform(0.05, 0.2) * attempt)
    raise AssertionError("unreachable")


def storage_error(exc: sa.exc.SQLAlchemyError) -> StorageError:
    """A database error as the person running tracker should read it, raised `from` the original.

    The CLI and the web app call this where a database error would otherwise cross into
    them as a traceback: the message keeps the driver's own words (\"unable to open
    database file\", \"connection refused\") and leaves out the SQL and its parameters.
    """
    orig = getattr(exc, "orig", None)
    detail = str(orig if orig is not None else exc).strip().splitlines()
    error = StorageError(f"database error: {detail[0] if detail else type(exc).__name__}")
    error.__cause__ = exc
    return error

"""Engines and sessions: the only place that knows SQLite from PostgreSQL.

SQLite runs in WAL mode with a busy timeout, and write sessions take the write
lock up front (`BEGIN IMMEDIATE`), so a reader never meets "database is locked"
and two writers queue instead of failing half-way through a transaction.

A SQLite file is opened, never created: a mistyped path is an error naming it, and a
database deleted under a running server stays deleted (the server answers 503)
instead of coming back empty. Only `tracker db upgrade` creates one
(`create_database`). A database error reaches the person running tracker as one
line saying what failed, where, and what to do (`storage_error`).
"""

from __future__ import annotations

import contextlib
import logging
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, unquote

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
    """An engine for an existing database; StorageError for a SQLite file that is not there."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, busy_timeout_ms, echo)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(parsed, echo=echo, pool_pre_ping=True, future=True)


def sqlite_path(url: str | sa.URL) -> Path | None:
    """The file of a SQLite URL (None for in-memory databases and other backends)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.query.get("uri") or parsed.database.startswith("file:"):
        return None  # the caller spelled out its own URI: opened as given
    return Path(parsed.database).expanduser()


def create_database(url: str) -> None:
    """Make sure the database exists (a SQLite file and its folder); `tracker db upgrade` alone calls this."""
    path = sqlite_path(url)
    if path is None or path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(path).close()
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"cannot create the database {path}: {exc}; check the folder exists and can be written") from exc


def _sqlite_engine(url: sa.URL, busy_timeout_ms: int, echo: bool) -> sa.Engine:
    path = sqlite_path(url)
    connect_args: dict[str, object] = {"timeout": busy_timeout_ms / 1000, "check_same_thread": False}
    if path is not None:
        if not path.exists():
            raise StorageError(
                f"no database at {path}: check TRACKER_DATABASE_URL (database.url), "
                "or create it with `tracker db upgrade`"
            )
        # Open read-write, never create: a file deleted under us must not come back empty.
        url = url.set(database=f"file:{quote(str(path.resolve()))}", query={"uri": "true", "mode": "rw"})
    engine = sa.create_engine(url, echo=echo, connect_args=connect_args)

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


# What to do about the usual failures, by words of the driver's message.
_HINTS = (
    (("disk is full", "no space left", "could not extend file", "disk full"),
     "free disk space, then run the command again (what was stored so far is kept)"),
    (("readonly database", "read-only", "read only"),
     "make the database file and its folder writable by this user"),
    (("unable to open database file",),
     "check the path in TRACKER_DATABASE_URL exists and can be read, or create it with `tracker db upgrade`"),
    (("database is locked",),
     "another process held the write lock too long; try again, or raise database.busy_timeout_ms"),
    (("connection refused", "could not connect", "could not translate host name", "server closed the connection",
      "connection timed out", "connection is bad"),
     "check that the database server is running and TRACKER_DATABASE_URL names it"),
    (("password authentication failed", "role", "does not exist"),
     "check the user, password and database name in TRACKER_DATABASE_URL"),
    (("no such table", "undefinedtable", "relation"),
     "run `tracker db upgrade`"),
)


def is_storage_failure(exc: BaseException) -> bool:
    """The database itself failed (full, read-only, gone, unreachable), as opposed to one row being refused.

    Such a failure ends a run: every further article would fail the same way.
    """
    return isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError)) or (
        isinstance(exc, sa.exc.InternalError) and "read-only" in str(exc).lower()
    ) or isinstance(exc, StorageError)


def storage_error(exc: sa.exc.SQLAlchemyError, where: str | None = None) -> StorageError:
    """A database error as the person running tracker should read it, raised `from` the original.

    One line: the driver's own words (\"database or disk is full\", \"connection refused\"),
    where (`where`, the database with its password hidden), and what to do; never the
    SQL or its parameters. The CLI and the web app call this where a database error
    would otherwise cross into them as a traceback.
    """
    orig = getattr(exc, "orig", None)
    detail = str(orig if orig is not None else exc).strip().splitlines()
    words = detail[0] if detail else type(exc).__name__
    message = f"database error{f' at {where}' if where else ''}: {words}"
    lowered = words.lower()
    hint = next((advice for needles, advice in _HINTS if any(n in lowered for n in needles)), None)
    if hint:
        message += f"; {hint}"
    error = StorageError(message)
    error.__cause__ = exc
    return error


def describe(engine: sa.Engine) -> str:
    """Where an engine's database is, as a person would look for it: the SQLite file, or the URL without password."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        database = url.database.removeprefix("file:")
        return unquote(database) if url.query.get("uri") else database
    return url.render_as_string(hide_password=True)


def safe_url(url: str) -> str:
    """A database URL as it may be printed: without its password."""
    return make_url(url).render_as_string(hide_password=True)

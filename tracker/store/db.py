"""Engines and sessions: the only place that knows SQLite from PostgreSQL.

SQLite runs in WAL mode with a busy timeout, and write sessions take the write
lock up front (`BEGIN IMMEDIATE`), so a reader never meets "database is locked"
and two writers queue instead of failing half-way through a transaction.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.engine import make_url

WRITE_OPTION = "tracker_write"


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
    with so.Session(bind, expire_on_commit=False) as session:
        with session.begin():
            yield session


@contextlib.contextmanager
def read_session(engine: sa.Engine) -> Iterator[so.Session]:
    """A session for reading; objects stay usable after it closes."""
    with so.Session(engine, expire_on_commit=False) as session:
        yield session

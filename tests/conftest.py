"""Shared fixtures: every store-facing test runs on SQLite and on a real PostgreSQL.

Modelled on the Flask tutorial: an `app` built on a fresh, migrated database,
with `client` and `runner` on top of it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from tests.support.postgres import PostgresDatabases, PostgresServer, PostgresUnavailable
from tracker.config import Settings, load_settings
from tracker.store import migrate
from tracker.store.db import make_engine

# Under tests an error while reading one trigger is raised, not logged and skipped
# (tracker.extract.engine.strict): a bug in the extractor must fail the suite.
os.environ.setdefault("TRACKER_STRICT_EXTRACTION", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
TEST_SECRET_KEY = "tests-only-signing-key-0123456789abcdef"
SHARED_DIR = Path(os.environ.get("TRACKER_SHARED_DIR", REPO_ROOT.parent / "shared"))


def _postgres_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases]:
    """A PostgreSQL server for the session; fails loudly in CI when it cannot run."""
    url = os.environ.get("TRACKER_TEST_POSTGRES_URL")
    server = None
    try:
        if not url:
            server = PostgresServer().start()
            url = server.admin_url
        databases = PostgresDatabases(url)
        databases.new_database()  # proves the server answers
    except (PostgresUnavailable, sa.exc.OperationalError) as exc:
        if server is not None:
            server.stop()
        if _postgres_required():
            pytest.fail(f"PostgreSQL is required here but could not start: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield databases
    databases.close()
    if server is not None:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once for each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.sqlite3'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[sa.Engine]:
    """A migrated database on each backend."""
    migrate.upgrade(db_url)
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return load_settings(environ={}).with_overrides(
        database={"url": db_url},
        ingest={"seeds_dir": str(tmp_path / "seeds")},
        feeds={"allow_private_networks": True},
        web={"secret_key": TEST_SECRET_KEY},
    )


@pytest.fixture
def app(settings: Settings, engine: sa.Engine):  # type: ignore[no-untyped-def]
    from tracker.web import create_app

    return create_app(settings, engine=engine, test_config={"TESTING": True})


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


class TrackerRunner:
    """Runs the `tracker` CLI in-process against the test database."""

    def __init__(self, db_url: str, extra_env: dict[str, str] | None = None):
        self.env = {"TRACKER_DATABASE_URL": db_url, "TRACKER_ALLOW_PRIVATE_NETWORKS": "1", **(extra_env or {})}

    def invoke(self, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        from tracker.cli import cli

        return CliRunner().invoke(cli, list(args), env=self.env, input=input, catch_exceptions=False)


@pytest.fixture
def runner(db_url: str) -> TrackerRunner:
    return TrackerRunner(db_url)


@pytest.fixture
def shared_dir() -> Path:
    """The shared data folder beside the clone; tests needing it skip with a reason where it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared data folder {SHARED_DIR} not present (set TRACKER_SHARED_DIR)")
    return SHARED_DIR

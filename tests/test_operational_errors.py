"""Operational failures are one clear line (what, where, what to do) and a non-zero exit, never a traceback or a guess.

A mistyped SQLite path once created folders and an empty database; a deleted database
was re-created empty by the server; a full disk made ingest try every remaining file and
log a traceback for each.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from tracker.cli import cli
from tracker.errors import StorageError
from tracker.ingest.feeds.fetch import parse_retry_after
from tracker.ingest.pipeline import ingest_seeds
from tracker.store import migrate
from tracker.store.db import make_engine, read_session
from tracker.store.models import IngestRun

SENTENCE = "Washington imposed a 25% tariff on Indian steel."


def _run(*args: str, url: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"TRACKER_DATABASE_URL": url})
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_a_mistyped_sqlite_path_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "tracker.sqlite3"
    for command in (["feeds", "list"], ["export"], ["ingest", "--feeds"], ["db", "current"]):
        code, output = _run(*command, url=f"sqlite:///{missing}")
        assert code == 1, (command, output)
        lines = output.strip().splitlines()
        assert len(lines) == 1 and str(missing) in lines[0] and "tracker db upgrade" in lines[0], (command, output)
    assert not missing.parent.exists()
    code, _ = _run("db", "upgrade", url=f"sqlite:///{missing}")
    assert code == 0 and missing.exists()  # the one command that creates it


def test_a_database_deleted_while_serving_is_a_503_and_is_not_recreated(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from tracker.web import create_app

    path = tmp_path / "served.sqlite3"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    client = create_app(settings.with_overrides(database={"url": url}), engine=engine,
                        test_config={"TESTING": True}).test_client()
    assert client.get("/").status_code == 200
    for leftover in tmp_path.glob("served.sqlite3*"):
        leftover.unlink()
    engine.dispose()  # new connections from here on
    assert client.get("/").status_code == 503
    assert not path.exists()


def _fill_the_disk(engine: sa.Engine) -> None:
    """SQLite's page cap, set just above what the database holds: the next writes meet SQLITE_FULL."""

    @sa.event.listens_for(engine, "connect")
    def _cap(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages + 1}")

    engine.dispose()


def test_a_full_disk_stops_the_run_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(120):
        (seeds / f"{n:03}.txt").write_text(f" date 2025-09-01\nReport {n}: {'padding ' * 200}{SENTENCE}\n")
    _fill_the_disk(engine)
    with caplog.at_level(logging.INFO), pytest.raises(StorageError, match="full"):
        ingest_seeds(engine, seeds)
    with_tracebacks = [r for r in caplog.records if r.exc_info]
    assert len(with_tracebacks) <= 1, [r.getMessage() for r in with_tracebacks]
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR]) <= 2


def test_a_full_disk_is_one_line_and_a_non_zero_exit_from_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.cli.context as context

    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    migrate.upgrade(url)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(60):
        (seeds / f"{n:03}.txt").write_text(f" date 2025-09-01\nReport {n}: {'padding ' * 200}{SENTENCE}\n")
    real = context.make_engine

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        engine = real(*args, **kwargs)
        _fill_the_disk(engine)
        return engine

    monkeypatch.setattr(context, "make_engine", full)
    code, output = _run("ingest", "--seeds", str(seeds), "--no-progress", url=url)
    assert code == 1
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "full" in errors[0] and "full.sqlite3" in errors[0], output
    assert "Traceback" not in output


def test_interrupted_or_failed_runs_are_recorded_as_such_after_a_storage_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(60):
        (seeds / f"{n:03}.txt").write_text(f" date 2025-09-01\nReport {n}: {'padding ' * 200}{SENTENCE}\n")
    _fill_the_disk(engine)
    with pytest.raises(StorageError):
        ingest_seeds(engine, seeds)
    engine = make_engine(url)  # the disk has room again
    with read_session(engine) as session:
        assert session.scalars(sa.select(IngestRun.status)).all() == ["errors"]


@pytest.mark.parametrize("value", ["²", "1" * 20, "9" * 400, "-5", " 1e9 ", "Wed, 99 Foo 9999 99:99:99 GMT"])
def test_any_retry_after_is_read_or_ignored(value: str) -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    when = parse_retry_after(value, now)
    assert when is None or now <= when <= now + dt.timedelta(days=366)


def test_huge_feed_intervals_and_urls_are_refused_with_a_message(runner) -> None:  # type: ignore[no-untyped-def]
    huge = runner.invoke("db", "upgrade")
    assert huge.exit_code == 0
    result = CliRunner().invoke(cli, ["feeds", "add", "https://news.example/rss", "--interval", "9" * 20],
                                env=runner.env)
    assert result.exit_code == 2 and "interval" in result.output.lower() and result.exception.__class__ is SystemExit
    result = CliRunner().invoke(cli, ["feeds", "add", "https://news.example/" + "x" * 3000], env=runner.env)
    assert result.exit_code == 1 and "longer than" in result.output, result.output

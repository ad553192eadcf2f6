"""`tracker feeds` (the feed list) and `tracker worker` (scheduled ingestion without the web app)."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

import click

from tracker.cli.context import AppContext, pass_app
from tracker.ingest.feeds.fetch import validate_url
from tracker.ingest.feeds.opml import FeedListError, read_feed_list
from tracker.redaction import Redactor
from tracker.store import feeds as registry
from tracker.store.types import utcnow


@click.group()
def feeds() -> None:
    """List, add, pause and remove the RSS/Atom feeds that are ingested."""


def _feed_url(url: str) -> str:
    """The URL as it will be fetched and stored (no fragment); ClickException if it cannot be fetched."""
    try:
        return validate_url(url)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


@feeds.command("add")
@click.argument("url")
@click.option("--name", help="Display name (default: the URL's host).")
@click.option("--interval", "interval", type=click.IntRange(1, registry.MAX_INTERVAL_MINUTES),
              help="Minutes between fetches (default from config).")
@click.option("--full-text", is_flag=True, help="Also fetch each entry's linked page for its full text.")
@pass_app
def add_command(app: AppContext, url: str, name: str | None, interval: int | None, full_text: bool) -> None:
    """Add the feed at URL; it is fetched on the next pass."""
    engine = app.migrated_engine()
    url = _feed_url(url)
    feed_id = registry.add_feed(
        engine,
        url,
        name=name,
        interval_minutes=interval or app.settings.feeds.default_interval_minutes,
        full_text=full_text,
    )
    click.echo(f"added feed {feed_id}: {_redactor(app).url(url)}")


def _redactor(app: AppContext) -> Redactor:
    return Redactor.from_setting(app.settings.feeds.secret_parameters)


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"  # type: ignore[attr-defined]


@feeds.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def list_command(app: AppContext, fmt: str) -> None:
    """Every feed with its health: status, errors, last and next fetch, articles stored."""
    states = registry.list_feeds(app.migrated_engine())
    redact = _redactor(app).text
    if fmt == "json":
        shown = [{k: redact(v) if isinstance(v, str) else v for k, v in s.as_json().items()} for s in states]
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
        return
    if not states:
        click.echo("no feeds yet: add one with `tracker feeds add URL` or `tracker feeds import FILE`")
        return
    now = utcnow()
    header = f"{'id':>4}  {'status':<9} {'articles':>8} {'errors':>6}  {'last fetched':<16}  {'next fetch':<16}  url"
    click.echo(header)
    for s in states:
        click.echo(
            f"{s.id:>4}  {s.status:<9} {s.articles:>8} {s.error_count + s.failed_entries:>6}  "
            f"{_when(s.last_fetched_at):<16}  {_when(s.next_fetch_at):<16}  {redact(s.url)}"
        )
        if s.claimed_until is not None and s.claimed_until > now:
            holder = f"run {s.claimed_by}" if s.claimed_by else "a worker"
            click.echo(f"{'':>6}being fetched by {holder} (claimed until {_when(s.claimed_until)} UTC)")
        if s.last_error:
            click.echo(f"{'':>6}last error: {redact(s.last_error)}")


@feeds.command("disable")
@click.argument("feed_id", type=int)
@pass_app
def disable_command(app: AppContext, feed_id: int) -> None:
    """Stop fetching feed ID (its articles stay)."""
    registry.set_enabled(app.migrated_engine(), feed_id, False)
    click.echo(f"feed {feed_id} disabled")


@feeds.command("enable")
@click.argument("feed_id", type=int)
@pass_app
def enable_command(app: AppContext, feed_id: int) -> None:
    """Resume fetching feed ID, starting with the next pass."""
    registry.set_enabled(app.migrated_engine(), feed_id, True)
    click.echo(f"feed {feed_id} enabled")


@feeds.command("remove")
@click.argument("feed_id", type=int)
@pass_app
def remove_command(app: AppContext, feed_id: int) -> None:
    """Delete feed ID and the articles it brought in (measures are re-derived)."""
    removed = registry.remove_feed(app.migrated_engine(), feed_id)
    click.echo(f"feed {feed_id} removed with {removed} articles")


@feeds.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def import_command(app: AppContext, file: Path) -> None:
    """Add the feeds listed in FILE (OPML, or one `URL [name]` per line); listed ones are skipped."""
    engine = app.migrated_engine()
    try:
        listed = read_feed_list(file.read_bytes())
    except FeedListError as exc:
        raise FeedListError(f"{file}: {exc}") from exc
    added = skipped = 0
    problems: list[str] = []
    interval = app.settings.feeds.default_interval_minutes
    known = {s.url for s in registry.list_feeds(engine)}
    for item in listed:
        try:
            url = validate_url(item.url)
            if url in known:
                skipped += 1
                continue
            registry.add_feed(engine, url, name=item.name, interval_minutes=interval)
            known.add(url)
            added += 1
        except (ValueError, registry.FeedRegistryError) as exc:
            problems.append(str(exc))
    for problem in problems:
        click.echo(f"skipped: {_redactor(app).text(problem)}", err=True)
    click.echo(f"{added} feeds added, {skipped} already listed, {len(problems)} refused")
    if problems:
        raise SystemExit(1)


@click.command()
@click.option("--poll-seconds", type=click.IntRange(min=1), help="Look for due feeds this often (default from config).")
@pass_app
def worker(app: AppContext, poll_seconds: int | None) -> None:
    """Run scheduled ingestion (feeds and seeds) on its own, e.g. beside gunicorn.

    Start as many as you like against PostgreSQL: they share the due feeds.
    SIGTERM or Ctrl-C stops it within seconds: fetches in progress are cut, articles
    not yet stored are left for the next pass (never half-stored), and its feeds are
    handed back. Within `scheduler.stop_grace_seconds` it is gone, whatever it waits on.
    """
    from apscheduler.schedulers.blocking import BlockingScheduler

    from tracker.scheduler import JOB_DEFAULTS, add_jobs

    engine = app.migrated_engine()
    settings = app.settings
    if poll_seconds is not None:
        settings = settings.with_overrides(scheduler={"feeds_poll_seconds": poll_seconds})
    stop = threading.Event()
    scheduler = BlockingScheduler(job_defaults=JOB_DEFAULTS, timezone="UTC")
    add_jobs(scheduler, engine, settings, stop)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stop.set()
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = signal.signal(signal.SIGTERM, on_signal)
    click.echo("worker started; SIGTERM or Ctrl-C stops it", err=True)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop.set()
        signal.signal(signal.SIGTERM, previous)
        if scheduler.running:
            _shut_down_within(scheduler, settings.scheduler.stop_grace_seconds)
    click.echo("worker stopped", err=True)


def _shut_down_within(scheduler: Any, seconds: int) -> None:
    """Wait for running jobs to wind down, but never past `seconds`: then leave at once.

    Leaving mid-transaction stores nothing half: the database rolls the transaction back,
    and the run is marked interrupted (and its feeds freed) by the next pass.
    """
    closing = threading.Thread(target=scheduler.shutdown, kwargs={"wait": True}, name="shutdown", daemon=True)
    closing.start()
    closing.join(timeout=seconds)
    if closing.is_alive():
        click.echo(f"worker: jobs still running after {seconds} s; leaving without them", err=True)
        sys.stderr.flush()
        os._exit(1)

"""`tracker ingest`: one pass of ingestion, then exit (for cron, scripts and tests)."""

from __future__ import annotations

import contextlib
import io
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import click
import sqlalchemy as sa

from tracker.cli.context import AppContext, pass_app
from tracker.ingest.feeds.run import ingest_due_feeds
from tracker.ingest.jsonl import count_lines
from tracker.ingest.pipeline import RunStats, ingest_jsonl, ingest_seeds
from tracker.ingest.window import DateWindow
from tracker.redaction import Redactor


def _nothing_new(stats: RunStats) -> bool:
    return stats.counts.get("articles_new", 0) == 0 and stats.counts.get("articles_updated", 0) == 0


@click.command()
@click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of seed files to ingest.",
)
@click.option("--follow-links", is_flag=True, default=None,
              help="With --seeds: also read links that lead out of the folder (default from config: no).")
@click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help='JSON lines {"id","date","title","text"} (optional "url", "source") to ingest; "-" for stdin.',
)
@click.option("--feeds", "do_feeds", is_flag=True, help="Fetch the feeds that are due.")
@click.option("--force", is_flag=True, help="With --feeds: fetch every enabled feed, due or not.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when attached to a terminal).")
@pass_app
def ingest(
    app: AppContext, seeds_dir: Path | None, follow_links: bool | None, jsonl: Path | None, do_feeds: bool,
    force: bool, progress: bool | None,
) -> None:
    """Ingest seed files (--seeds DIR), a corpus (--jsonl FILE) and/or due feeds (--feeds); prints a summary line."""
    if seeds_dir is None and jsonl is None and not do_feeds:
        raise click.UsageError("say what to ingest: --seeds DIR, --jsonl FILE and/or --feeds")
    if force and not do_feeds:
        raise click.UsageError("--force goes with --feeds")
    if jsonl is not None and str(jsonl) != "-" and not jsonl.is_file():
        raise click.BadParameter(f"{jsonl} is not a file", param_hint="--jsonl")
    engine = app.migrated_engine()
    with _sigterm_interrupts():  # a run stopped by SIGTERM is recorded as interrupted, as by Ctrl-C
        _run(app, engine, seeds_dir, follow_links, jsonl, do_feeds, force, progress)


def _run(
    app: AppContext, engine: sa.Engine, seeds_dir: Path | None, follow_links: bool | None, jsonl: Path | None,
    do_feeds: bool, force: bool, progress: bool | None,
) -> None:
    failed = False
    if seeds_dir is not None:
        if not seeds_dir.is_dir():
            raise click.BadParameter(f"{seeds_dir} is not a directory", param_hint="--seeds")
        window = DateWindow.from_settings(app.settings.ingest)
        follow = app.settings.ingest.follow_links if follow_links is None else follow_links
        stats = ingest_seeds(engine, seeds_dir, progress=progress, window=window, follow_links=follow)
        click.echo(f"seeds: {stats.summary('files')}")
        if _nothing_new(stats):
            click.echo("seeds: nothing new")
        failed = failed or bool(stats.errors)
    if jsonl is not None:
        window = DateWindow.from_settings(app.settings.ingest)
        if str(jsonl) == "-":
            lines = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
            stats = ingest_jsonl(engine, lines, "stdin", progress=progress, window=window)
        else:
            with jsonl.open(encoding="utf-8", errors="replace") as handle:
                total = count_lines(handle)
            with jsonl.open(encoding="utf-8", errors="replace") as handle:
                stats = ingest_jsonl(engine, handle, jsonl.name, total=total, progress=progress, window=window)
        click.echo(f"jsonl: {stats.summary('lines')}")
        if _nothing_new(stats):
            click.echo("jsonl: nothing new")
        failed = failed or bool(stats.errors)
    if do_feeds:
        feed_stats = ingest_due_feeds(engine, app.settings, force=force, progress=progress)
        redact = Redactor.from_setting(app.settings.feeds.secret_parameters).text
        for skipped in feed_stats.skipped:
            click.echo(f"feeds: skipped {redact(skipped)}", err=True)
        click.echo(f"feeds: {feed_stats.summary('entries')}"
                   + (f", {len(feed_stats.skipped)} skipped" if feed_stats.skipped else ""))
        failed = failed or bool(feed_stats.errors)
    if failed:
        raise SystemExit(1)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt while the block runs (only the main thread can set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

"""`tracker reextract`: read stored articles again with the current extractor, keeping people's decisions."""

from __future__ import annotations

import datetime as dt

import click

from tracker.cli.context import AppContext, pass_app
from tracker.cli.ingest import _sigterm_interrupts
from tracker.ingest.reextract import reextract


@click.command("reextract")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only articles published on or after DATE.")
@click.option("--article", "article_id", type=click.IntRange(1, 2**31 - 1), help="Only this article (its id).")
@click.option("--dry-run", is_flag=True, help="Say what would change, and change nothing.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when attached to a terminal).")
@pass_app
def reextract_command(
    app: AppContext, since: dt.datetime | None, article_id: int | None, dry_run: bool, progress: bool | None
) -> None:
    """Re-run the current extractor over stored articles; prints what changed, by kind.

    Fields people corrected, measures they rejected or merged, and sentences they moved
    stay as they decided. Machine measures no evidence supports any more are retired
    (kept, hidden), never deleted. A run stopped or killed is resumed by running the same
    command again; a finished one can be run again and changes nothing.
    """
    engine = app.migrated_engine()
    with _sigterm_interrupts():
        stats = reextract(engine, since=since.date() if since else None, article_id=article_id, dry_run=dry_run,
                          progress=progress)
    changes = stats.changes
    prefix = "reextract (dry run, nothing stored)" if dry_run else "reextract"
    resumed = f", resumed after article {stats.resumed_after}" if stats.resumed_after else ""
    click.echo(f"{prefix}: {stats.articles} articles in {stats.seconds:.1f}s ({stats.rate:.1f} articles/s){resumed}; "
               f"measures {len(changes.added)} added, {len(changes.changed)} changed, {len(changes.retired)} retired"
               + (f"; {stats.errors} articles could not be read (see the log)" if stats.errors else ""))
    rows = changes.by_kind()
    if rows:
        click.echo(f"  {'kind':<16}{'added':>8}{'changed':>9}{'retired':>9}")
        for kind, (added, changed, retired) in rows.items():
            click.echo(f"  {kind:<16}{added:>8}{changed:>9}{retired:>9}")
    if stats.errors:
        raise SystemExit(1)

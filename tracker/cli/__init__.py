"""The `tracker` command: a thin shell over ingest, extract, store and web.

Each command group lives in its own module; this one builds the settings
once (`--config FILE`, then the environment) and hands them down, and turns
every `TrackerError` a command meets (a database error wrapped as a
`StorageError` first) into one `Error: ...` line and exit status 1.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click
import sqlalchemy as sa

from tracker.cli.context import AppContext
from tracker.config import ConfigError, load_settings
from tracker.errors import TrackerError
from tracker.redaction import Redactor, install_log_redaction
from tracker.store.db import storage_error


class TrackerGroup(click.Group):
    """Reports what tracker raises on purpose as a message, never as a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            raise click.ClickException(_redacted(ctx, str(exc))) from exc
        except sa.exc.SQLAlchemyError as exc:
            raise click.ClickException(_redacted(ctx, str(storage_error(exc)))) from exc


def _redacted(ctx: click.Context, message: str) -> str:
    """An error message as it may be printed: credentials in any URL it quotes masked."""
    app = ctx.obj
    redactor = Redactor.from_setting(app.settings.feeds.secret_parameters) if app is not None else Redactor()
    return redactor.text(message)


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True),
    envvar="TRACKER_CONFIG",
    help="TOML file overriding config/tracker.toml (env: TRACKER_CONFIG).",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="tracker")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None, verbose: int) -> None:
    """Sanctions and trade-pressure tracker: who pressures whom, with what, since when, on whose word."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        settings = load_settings(config_file)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    install_log_redaction(Redactor.from_setting(settings.feeds.secret_parameters))
    ctx.obj = AppContext(settings)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from tracker.cli.db import db
    from tracker.cli.evaluate import eval_command
    from tracker.cli.export import export
    from tracker.cli.extract import extract_command
    from tracker.cli.feeds import feeds, worker
    from tracker.cli.ingest import ingest
    from tracker.cli.serve import serve

    for command in (db, ingest, feeds, worker, extract_command, eval_command, export, serve):
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="tracker")

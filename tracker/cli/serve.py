"""`tracker serve`: the web app, with the background scheduler unless told otherwise.

It serves through waitress, a production WSGI server written in pure Python (so it
runs wherever tracker does): a pool of `web.threads` threads, connections closed after
`web.channel_timeout_seconds` without progress (a client that stops reading a download
is dropped, and holds no database snapshot meanwhile: CSVs are read in short batches),
and no `Server` banner. `--debug` runs Flask's development server instead, with its
debugger: never in production.

The address is taken before anything else starts, so a port already in use is one
error line and nothing else: no "serving on", no scheduler left running.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from types import FrameType
from typing import Any

import click

from tracker.cli.context import AppContext, pass_app


def _cannot_listen(host: str, port: int, exc: OSError) -> click.ClickException:
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    return click.ClickException(f"cannot listen on {host}:{port}: {reason}")


def _check_free(host: str, port: int) -> None:
    """For the development server, which takes the address only once running: try it first."""
    try:
        with socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET):
            pass
    except OSError as exc:
        raise _cannot_listen(host, port, exc) from None


@click.command()
@click.option("--host", help="Address to listen on (default from config: 127.0.0.1; env TRACKER_HOST).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default from config: 5000; env TRACKER_PORT).")
@click.option("--scheduler/--no-scheduler", default=None, help="Run background ingestion (default from config).")
@click.option("--debug", is_flag=True, help="Flask's development server with its debugger (never in production).")
@pass_app
def serve(app: AppContext, host: str | None, port: int | None, scheduler: bool | None, debug: bool) -> None:
    """Serve the ledgers on HOST:PORT; re-ingest seeds and feeds in the background."""
    from tracker.scheduler import start_scheduler
    from tracker.web import create_app

    settings = app.settings
    engine = app.migrated_engine()
    web_app = create_app(settings, engine=engine)
    host = host or settings.web.host
    port = port or settings.web.port
    server: Any = None
    if debug:
        _check_free(host, port)
    else:
        from waitress import create_server

        try:  # binds the address now
            server = create_server(
                web_app,
                host=host,
                port=port,
                threads=settings.web.threads,
                channel_timeout=settings.web.channel_timeout_seconds,
                connection_limit=settings.web.connection_limit,
                ident="",  # no Server header: what runs here is nobody's business
                clear_untrusted_proxy_headers=True,
            )
        except OSError as exc:
            raise _cannot_listen(host, port, exc) from None
    run_scheduler = settings.scheduler.enabled if scheduler is None else scheduler
    stop = threading.Event()
    sched = start_scheduler(engine, settings, stop) if run_scheduler else None
    kind = "Flask development server (debug)" if debug else f"waitress, {settings.web.threads} threads"
    click.echo(f"serving on http://{host}:{port}/ ({kind}; scheduler {'on' if sched else 'off'})")
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stop as Ctrl-C does: runs finished as interrupted
    try:
        if server is None:
            web_app.run(host=host, port=port, debug=True, use_reloader=False, threaded=True)
        else:
            server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.close()
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        if sched is not None:
            sched.shutdown(wait=True)
    click.echo("stopped", err=True)


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)

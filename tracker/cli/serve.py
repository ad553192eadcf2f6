"""`tracker serve`: the web app, with the background scheduler unless told otherwise."""

from __future__ import annotations

import click

from tracker.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", help="Address to listen on (default from config: 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (default from config: 5000).")
@click.option("--scheduler/--no-scheduler", default=None, help="Run background ingestion (default from config).")
@click.option("--debug", is_flag=True, help="Flask debug mode (never in production).")
@pass_app
def serve(app: AppContext, host: str | None, port: int | None, scheduler: bool | None, debug: bool) -> None:
    """Serve the ledgers on HOST:PORT; re-ingest seeds and feeds in the background."""
    from tracker.scheduler import start_scheduler
    from tracker.web import create_app

    settings = app.settings
    engine = app.migrated_engine()
    web_app = create_app(settings, engine=engine)
    run_scheduler = settings.scheduler.enabled if scheduler is None else scheduler
    sched = start_scheduler(engine, settings) if run_scheduler else None
    host = host or settings.web.host
    port = port or settings.web.port
    click.echo(f"serving on http://{host}:{port}/ (scheduler {'on' if sched else 'off'})")
    try:
        web_app.run(host=host, port=port, debug=debug, use_reloader=False, threaded=True)
    finally:
        if sched is not None:
            sched.shutdown(wait=False)

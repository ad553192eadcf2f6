"""The WSGI entry point for gunicorn and friends: the web app only, never a scheduler.

Every gunicorn worker imports this module, so a scheduler here would run
once per worker. Run background ingestion as its own process instead:

    gunicorn -w 4 'tracker.wsgi:app'
    tracker worker            # one or more; they share due feeds safely on PostgreSQL
"""

from __future__ import annotations

from tracker.web import create_app

app = create_app()

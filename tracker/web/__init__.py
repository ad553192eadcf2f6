"""The web app: country-pair ledgers and every listing as CSV.

`create_app` builds everything; nothing is configured at import time.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask

from tracker.config import Settings, load_settings
from tracker.store.db import make_engine


def create_app(
    settings: Settings | None = None, *, engine: sa.Engine | None = None, test_config: dict[str, Any] | None = None
) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.from_mapping(TRACKER_SETTINGS=settings, PAGE_SIZE=settings.web.page_size)
    if test_config:
        app.config.update(test_config)
    app.extensions["tracker_engine"] = engine or make_engine(
        settings.database_url, busy_timeout_ms=settings.database.busy_timeout_ms
    )

    from tracker.web import errors, runtime, templating
    from tracker.web.views import articles, countries, explorer, feeds, ledger, pages, styles

    styles.kinds_css()  # a kind the stylesheet cannot colour stops the app here, not on a request

    templating.init_app(app)
    errors.init_app(app)
    runtime.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(ledger.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(countries.bp)
    app.register_blueprint(explorer.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(styles.bp)
    return app

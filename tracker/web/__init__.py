"""The web app: country-pair ledgers and every listing as CSV.

`create_app` builds everything; nothing is configured at import time.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask

from tracker.config import ConfigError, Settings, load_settings
from tracker.redaction import Redactor, install_log_redaction
from tracker.store.db import make_engine


def create_app(
    settings: Settings | None = None, *, engine: sa.Engine | None = None, test_config: dict[str, Any] | None = None
) -> Flask:
    settings = settings or load_settings()
    _check_public_url(settings.web.public_url)
    install_log_redaction(Redactor.from_setting(settings.feeds.secret_parameters))
    app = Flask(__name__)
    app.config.from_mapping(TRACKER_SETTINGS=settings, PAGE_SIZE=settings.web.page_size)
    if settings.web.allowed_host_names:  # Werkzeug answers any other Host with 400
        app.config["TRUSTED_HOSTS"] = list(settings.web.allowed_host_names)
    if test_config:
        app.config.update(test_config)
    app.extensions["tracker_engine"] = engine or make_engine(
        settings.database_url, busy_timeout_ms=settings.database.busy_timeout_ms
    )

    from tracker.web import errors, params, runtime, templating
    from tracker.web.views import articles, countries, explorer, feeds, ledger, pages, styles

    styles.kinds_css()  # a kind the stylesheet cannot colour stops the app here, not on a request

    app.url_map.converters["id"] = params.IdConverter
    app.before_request(params.refuse_control_characters)
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


def _check_public_url(url: str) -> None:
    """web.public_url is empty or an http(s) address without query or fragment."""
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"web.public_url must be an http(s) address such as https://tracker.example.org, not {url!r}")

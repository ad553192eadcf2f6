"""Clear error pages: a bad code or filter is the user's mistake (4xx), never a 500.

A database that cannot answer is a 503 saying so, in the format asked for; the details
(wrapped as a `StorageError` by the store) go to the log, never to the visitor.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from tracker.errors import StorageError
from tracker.store.db import storage_error
from tracker.web.db import close_session

log = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str | dict[str, object], int]:
        if request.path.endswith((".csv", ".json", ".atom")):
            return {"error": exc.description, "status": exc.code}, exc.code or 500
        return render_template("error.html", error=exc), exc.code or 500

    @app.errorhandler(StorageError)
    def storage_failure(exc: StorageError) -> tuple[Response | str | dict[str, object], int]:
        log.error("request %s failed: %s", request.path, exc, exc_info=exc)
        return http_error(ServiceUnavailable("The database could not answer. Please try again shortly."))

    @app.errorhandler(sa.exc.SQLAlchemyError)
    def database_error(exc: sa.exc.SQLAlchemyError) -> tuple[Response | str | dict[str, object], int]:
        return storage_failure(storage_error(exc))

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

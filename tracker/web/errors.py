"""Clear error pages: a bad code or filter is the user's mistake (4xx), never a 500."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from tracker.web.db import close_session


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_session)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # type: ignore[no-untyped-def]
        if request.path.endswith((".csv", ".json", ".atom")):
            return {"error": exc.description, "status": exc.code}, exc.code or 500
        return render_template("error.html", error=exc), exc.code or 500

    @app.after_request
    def security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

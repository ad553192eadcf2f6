"""Accounts on the web: logins (Flask-Login), CSRF tokens on every form (Flask-WTF), the signing key.

Anonymous visitors read everything and get no cookie. A login is a signed session cookie
(HttpOnly, SameSite=Lax, Secure when the site's public URL is https) holding the account's
id and its session token, so changing the password or disabling the account ends every
session at once. Every POST must carry the form's `csrf_token` (a missing or wrong one is
a 400 and changes nothing); a POST that needs an editor redirects an anonymous visitor to
/login and answers anyone else who is not one with 403.

The signing key (`web.secret_key`, TRACKER_SECRET_KEY) is never in the repository. In
production (a PostgreSQL database, or an https public URL) it must be configured, and the
app refuses to start without it; on the embedded SQLite database (a machine of one's own,
`make run`) an unset key is generated once and kept beside the database (`secret_key`,
readable by its owner only), so sessions outlive a restart.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, session
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.engine import make_url
from werkzeug.exceptions import NotFound
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response

from tracker.config import ConfigError, Settings
from tracker.store.accounts import REVIEWERS, ThrottlePolicy, log_in, session_user
from tracker.store.db import sqlite_path
from tracker.store.models import User
from tracker.web.db import engine

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()
KEY_FILE = "secret_key"
MIN_KEY = 16
F = TypeVar("F", bound=Callable[..., Any])


class Account(UserMixin):  # type: ignore[misc]  # Flask-Login ships no type information
    """The logged-in person, as a request sees them."""

    def __init__(self, user: User):
        self.id, self.name, self.role, self.token = user.id, user.name, user.role, user.session_token

    def get_id(self) -> str:
        return f"{self.id}:{self.token}"

    @property
    def can_review(self) -> bool:
        return self.role in REVIEWERS

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Anonymous(AnonymousUserMixin):  # type: ignore[misc]
    name = None
    role = None
    can_review = False
    is_admin = False


def is_production(settings: Settings) -> bool:
    """Production: the site shares a database server, or is served to the world over https."""
    return make_url(settings.database_url).get_backend_name() != "sqlite" or settings.web.public_url.lower().startswith(
        "https://"
    )


def secret_key(settings: Settings) -> str:
    """The key that signs sessions and form tokens; ConfigError when production has none."""
    key = settings.web.secret_key
    if key:
        if len(key) < MIN_KEY:
            raise ConfigError(f"web.secret_key (TRACKER_SECRET_KEY) must be at least {MIN_KEY} characters long; "
                              'generate one with: python -c "import secrets; print(secrets.token_hex(32))"')
        return key
    path = sqlite_path(settings.database_url)
    if is_production(settings) or path is None:
        raise ConfigError(
            "web.secret_key is not set: in production (a PostgreSQL database or an https public_url) the key "
            "that signs logins must be configured. Set TRACKER_SECRET_KEY to a long random value, e.g. from "
            '`python -c "import secrets; print(secrets.token_hex(32))"`, the same for every process serving the site.'
        )
    return _local_key(path.parent / KEY_FILE)


def _local_key(path: Path) -> str:
    """The key kept beside the embedded database, made on first use (owner-only, never overwritten)."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{KEY_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
        try:
            os.link(temporary, path)  # atomic, and never over a key another process made first
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
        return _read_key(path)
    except OSError as exc:
        raise ConfigError(f"cannot keep a session key in {path}: {exc}; set TRACKER_SECRET_KEY instead") from exc


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < MIN_KEY:
        raise ConfigError(f"{path} does not hold a usable session key; delete it to have a new one made")
    return key


def init_app(app: Flask, settings: Settings) -> None:
    app.secret_key = secret_key(settings)
    https = settings.web.public_url.lower().startswith("https://")
    app.config.update(
        SESSION_COOKIE_NAME="tracker_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=https,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.auth.session_hours),
        WTF_CSRF_TIME_LIMIT=settings.auth.session_hours * 3600,
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # no flash: an anonymous visitor gets no session cookie
    login_manager.session_protection = "basic"
    login_manager.anonymous_user = Anonymous
    login_manager.user_loader(_load)
    csrf.init_app(app)
    app.extensions["tracker_throttle"] = ThrottlePolicy(
        slowdown_after=settings.auth.slowdown_after, lockout_after=settings.auth.lockout_after,
        address_lockout_after=settings.auth.address_lockout_after, lockout_minutes=settings.auth.lockout_minutes,
        window_minutes=settings.auth.window_minutes, max_delay_seconds=settings.auth.max_delay_seconds,
    )
    app.register_blueprint(bp)


def _load(ident: str) -> Account | None:
    user_id, _, token = ident.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and token) or len(user_id) > 10:
        return None
    user = session_user(engine(), int(user_id), token)
    return Account(user) if user is not None else None


def editor() -> str:
    """The name of the editor making this request; a redirect to /login or a 403 for anyone else."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.can_review:
        abort(403, "Only editors may review measures.")
    name: str = current_user.name
    return name


def admin() -> str:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.is_admin:
        abort(403, "Only admins may do that.")
    name: str = current_user.name
    return name


def local_target(raw: str | None, default: str = "/") -> str:
    """Where to send someone back to: a GET page of this app, rebuilt from its parts, else `default`."""
    if not raw or len(raw) > 2000:
        return default
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//") \
            or "\\" in raw or any(ord(c) < 32 for c in raw):
        return default
    try:
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except RequestRedirect:
        pass
    except (NotFound, Exception):
        return default
    query = urlencode(parse_qsl(parts.query))
    return f"{parts.path}?{query}" if query else parts.path


@bp.get("/login")
def login() -> str:
    return render_template("login.html", next=local_target(request.args.get("next"), ""), message=None)


@bp.post("/login")
def login_post() -> tuple[str, int, dict[str, str]] | Response:
    name = (request.form.get("username") or "")[:200]
    password = request.form.get("password") or ""
    target = local_target(request.form.get("next"))
    policy: ThrottlePolicy = current_app.extensions["tracker_throttle"]
    result = log_in(engine(), name, password, request.remote_addr or "", policy)
    if result.user is not None:
        session.clear()  # no session fixation: a fresh session for the logged-in person
        login_user(Account(result.user))
        session.permanent = True
        return redirect(target, code=303)
    if result.wait_seconds:
        message = f"Too many failed attempts. Try again in {result.wait_seconds} seconds."
        page = render_template("login.html", next=target, message=message, name=name)
        return page, 429, {"Retry-After": str(result.wait_seconds)}
    page = render_template("login.html", next=target, message="Wrong name or password.", name=name)
    return page, 401, {}


@bp.post("/logout")
def logout() -> Response:
    logout_user()
    session.clear()
    return redirect("/", code=303)

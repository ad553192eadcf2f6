"""What admins do on the web: manage accounts (/users) and pause or resume feeds (on /feeds).

Admins only (anonymous visitors are sent to /login, anyone else gets 403), every form with
its CSRF token, and every change in the audit trail under the admin's name.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request
from werkzeug.wrappers import Response

from tracker.store import accounts
from tracker.store.feeds import FeedRegistryError, set_enabled
from tracker.web.auth import admin
from tracker.web.db import engine

bp = Blueprint("admin", __name__)


@bp.get("/users")
def users() -> str:
    admin()
    return render_template("users.html", users=accounts.list_users(engine()), roles=accounts.ROLES)


@bp.post("/users")
def add() -> Response:
    who = admin()
    try:
        accounts.add_user(engine(), request.form.get("name", ""), request.form.get("role", ""),
                          request.form.get("password", ""), who)
    except accounts.AccountError as exc:
        abort(400, str(exc))
    return redirect("/users", code=303)


@bp.post("/users/<name>")
def change(name: str) -> Response:
    who = admin()
    what = request.form.get("change", "")
    try:
        if what == "role":
            accounts.set_role(engine(), name, request.form.get("role", ""), who)
        elif what in ("disable", "enable"):
            if accounts.normal_name(name) == who and what == "disable":
                abort(400, "An admin cannot disable their own account.")
            accounts.set_disabled(engine(), name, what == "disable", who)
        elif what == "password":
            accounts.set_password(engine(), name, request.form.get("password", ""), who)
        else:
            abort(400, "change must be role, disable, enable or password.")
    except accounts.AccountError as exc:
        abort(404 if str(exc).startswith("no user") else 400, str(exc))
    return redirect("/users", code=303)


@bp.post("/feeds/<id:feed_id>/<any(enable,disable):what>")
def feed(feed_id: int, what: str) -> Response:
    who = admin()
    try:
        set_enabled(engine(), feed_id, what == "enable", who)
    except FeedRegistryError as exc:
        abort(404, str(exc))
    return redirect(f"/feeds#feed-{feed_id}", code=303)

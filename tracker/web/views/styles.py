"""The kinds' colours as a stylesheet, written from the kind registry (tracker/kinds.toml).

Charts, dots and marks colour a kind with the class `k-<kind>`; the rules for those
classes are generated here rather than written by hand in style.css, so adding a kind
to the registry colours it everywhere. A linked stylesheet (not inline styles) keeps
the strict Content-Security-Policy (`style-src 'self'`).
"""

from __future__ import annotations

import functools
import hashlib
import re

from flask import Blueprint, Response, request

from tracker.records import kind_registry

bp = Blueprint("styles", __name__)

_KIND = re.compile(r"[a-z][a-z0-9_]*")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]+")


@functools.cache
def kinds_css() -> str:
    """One rule per kind; ValueError for a kind or colour that cannot be written safely into CSS."""
    rules = ["/* Generated from tracker/kinds.toml: one colour per kind, for dots, marks and spans. */"]
    for kind, info in kind_registry().items():
        if not _KIND.fullmatch(kind):
            raise ValueError(f"kinds.toml: [{kind}] cannot be a CSS class name")
        if not _COLOUR.fullmatch(info.colour):
            raise ValueError(f"kinds.toml: [{kind}] colour {info.colour!r} is not #rgb, #rrggbb or a colour name")
        rules.append(f".k-{kind} {{ fill: {info.colour}; stroke: {info.colour}; background: {info.colour}; }}")
    return "\n".join(rules) + "\n"


@bp.get("/kinds.css")
def kinds() -> Response:
    body = kinds_css()
    response = Response(body, mimetype="text/css")
    response.set_etag(hashlib.sha256(body.encode("utf-8")).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.make_conditional(request)
    return response

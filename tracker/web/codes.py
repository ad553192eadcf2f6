"""Actor codes in URLs: upper-case ISO alpha-3 (or a bloc code), checked before any query."""

from __future__ import annotations

import re

from flask import abort

from tracker.store.details import actor
from tracker.store.models import Actor
from tracker.web.db import session

_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,7}$")


def actor_or_404(code: str) -> Actor:
    if not _CODE.match(code):
        abort(404, f"{code!r} is not a country code; use ISO 3166-1 alpha-3 such as USA or IND.")
    found = actor(session(), code)
    if found is None:
        abort(404, f"No country or bloc has the code {code.upper()!r}.")
    return found

"""Countries in URLs: whatever people type (JPN, JP, Japan), checked before any query.

A view answers at the canonical code only: `actor_or_404` finds the actor a path
segment names (`tracker.names`), and the view redirects there when the URL said it
another way. Something that names no country is a 404 saying what to type instead.
"""

from __future__ import annotations

from flask import abort

from tracker.names import UnknownCountry, country_code
from tracker.store.details import actor
from tracker.store.models import Actor
from tracker.web.db import session

MAX_LENGTH = 100


def actor_or_404(text: str) -> Actor:
    if len(text) > MAX_LENGTH:
        abort(404, "That is not a country: use a name (Japan), an ISO 3166-1 code (JPN or JP) or a bloc code (EU).")
    try:
        code = country_code(text)
    except UnknownCountry as exc:
        abort(404, str(exc))
    found = actor(session(), code)
    if found is None:
        abort(404, f"No country or bloc has the code {code!r}.")
    return found

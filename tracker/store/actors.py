"""The actor catalogue: every country, historical state and bloc a measure may name."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import pycountry
import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store import fulltext
from tracker.store.models import Actor

NAMES_FILE = Path(__file__).with_name("actor_names.toml")


@functools.cache
def catalogue() -> dict[str, tuple[str, str, str | None]]:
    """code → (name, kind, alpha2) for every actor tracker knows by default."""
    extra = tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))
    known: dict[str, tuple[str, str, str | None]] = {}
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        known[country.alpha_3] = (name, "country", country.alpha_2)
    for country in pycountry.historic_countries:
        code = getattr(country, "alpha_3", None)
        if code and code not in known:
            known[code] = (country.name, "historical", None)
    for code, name in extra.get("historical", {}).items():
        known[code] = (name, "historical", None)
    for code, name in extra.get("blocs", {}).items():
        known[code] = (name, "bloc", None)
    return known


def describe(code: str) -> tuple[str, str, str | None] | None:
    return catalogue().get(code.upper())


def actor_name(code: str) -> str:
    found = describe(code)
    return found[0] if found else code


def sync_actors(session: so.Session) -> int:
    """Insert the actors the catalogue has and the table lacks; returns how many."""
    existing = set(session.scalars(sa.select(Actor.code)))
    missing = [
        Actor(code=code, name=name, kind=kind, alpha2=alpha2)
        for code, (name, kind, alpha2) in catalogue().items()
        if code not in existing
    ]
    session.add_all(missing)
    session.flush()
    if fulltext.installed(session):  # not yet, when migrating step by step to a revision before the index
        fulltext.reindex(session, actors=[a.code for a in missing])
    return len(missing)


def ensure_actor(session: so.Session, code: str) -> None:
    """Make sure a code named by an extractor exists, even one the catalogue lacks."""
    if session.get(Actor, code) is not None:
        return
    name, kind, alpha2 = describe(code) or (code, "other", None)
    from tracker.store.upsert import insert_ignore

    insert_ignore(session, Actor, [{"code": code, "name": name, "kind": kind, "alpha2": alpha2}], ["code"])
    fulltext.reindex(session, actors=[code])

"""What a search box query means: countries (by code, name or alias), commodities, evidence words."""

from __future__ import annotations

import dataclasses
import functools
import re

import sqlalchemy.orm as so

from tracker.store.lookup import find_actors, find_commodities, find_evidence
from tracker.store.models import Actor, Evidence, Measure

_WORDS = re.compile(r"[\w'.-]+", re.UNICODE)


@functools.cache
def _load_aliases() -> dict[str, frozenset[str]]:
    from tracker.extract import knowledge

    table: dict[str, set[str]] = {}
    for surface, readings in knowledge.aliases().items():
        for alias in readings:
            if alias.form != "leader":
                table.setdefault(surface.lower(), set()).add(alias.code)
    return {surface: frozenset(codes) for surface, codes in table.items()}


def aliases() -> dict[str, frozenset[str]]:
    """Lower-cased surface form -> codes, from the extractor's knowledge files when they load."""
    try:
        return _load_aliases()
    except Exception:  # the search still works on names and codes alone
        return {}


def alias_codes(text: str) -> list[str]:
    """Codes a phrase stands for: an exact alias ("India", "Indian", "New Delhi") or a code ("IND")."""
    text = text.strip()
    codes = sorted(aliases().get(text.lower(), frozenset()))
    if re.fullmatch(r"[A-Za-z]{2,3}|EU|G7", text):
        codes.append(text.upper())
    return codes


@dataclasses.dataclass
class Results:
    query: str
    actors: list[Actor]
    pairs: list[tuple[Actor, Actor]]
    commodities: list[tuple[str, int]]
    evidence: list[tuple[Evidence, Measure]]

    @property
    def empty(self) -> bool:
        return not (self.actors or self.pairs or self.commodities or self.evidence)


def search(session: so.Session, query: str, limit: int = 20) -> Results:
    query = " ".join(query.split())[:200]
    if not query:
        return Results(query, [], [], [], [])
    codes = alias_codes(query)
    words = _WORDS.findall(query)
    per_word = [alias_codes(w) for w in words] if len(words) > 1 else []
    actors = find_actors(session, codes + [c for cs in per_word for c in cs], query, limit)
    pairs: list[tuple[Actor, Actor]] = []
    named = [cs[0] for cs in per_word if cs]
    if len(named) == 2 and named[0] != named[1]:
        by_code = {a.code: a for a in actors}
        if named[0] in by_code and named[1] in by_code:
            pairs.append((by_code[named[0]], by_code[named[1]]))
    return Results(
        query,
        actors,
        pairs,
        find_commodities(session, query, limit),
        find_evidence(session, query, limit),
    )

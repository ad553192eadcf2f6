"""What people type for a country: a code, an alpha-2 code, a name or a common alias.

Wherever tracker asks for a country (a web path or filter, a CLI option) it takes
"JPN", "JP", "Japan", "japan" or "Nippon"-style aliases alike and works on the one
canonical code (ISO 3166-1 alpha-3, or a bloc or historical code such as EU or SUN):
the web redirects to it, the CLI uses it. Something that names no country, or names
several, is an `UnknownCountry` whose message says what to type instead, never an
empty result.

The readings come from the actor catalogue (codes, alpha-2 codes, names), pycountry's
names, and the extractor's alias list where it loads (`tracker.extract.knowledge`: names
such as "Russia", "UK", "America"; for search also adjectives and seats such as
"Japanese" and "Kremlin"). Text is folded as the search index folds it, so case and
accents do not matter ("turkiye" is Türkiye).
"""

from __future__ import annotations

import functools
import logging
import re

import pycountry

from tracker.errors import TrackerError
from tracker.store.actors import catalogue
from tracker.store.fulltext import fold

log = logging.getLogger(__name__)

_CODE = re.compile(r"[A-Z][A-Z0-9]{1,7}")
SEARCH_FORMS = frozenset({"name", "adj", "seat", "body"})  # not "leader" (people), nor "ignore"


class UnknownCountry(TrackerError):
    """Text that names no country or bloc tracker knows, or names several."""


def _knowledge_aliases(forms: frozenset[str]) -> list[tuple[str, str]]:
    """(surface, code) pairs of the extractor's alias list valid today, in these forms; none if it cannot load."""
    try:
        from tracker.extract import knowledge

        table = knowledge.aliases()
    except Exception:  # the catalogue's codes and names still resolve
        log.warning("the extractor's alias list could not be loaded; countries resolve by code and name only",
                    exc_info=True)
        return []
    pairs = []
    for surface, readings in table.items():
        current = [r for r in readings if r.form in forms and r.code != "-" and r.valid_on(None)]
        pairs += [(surface, r.code) for r in current]
    return pairs


def _names() -> dict[str, set[str]]:
    """Folded name -> codes, from the catalogue and pycountry (official, common and short names)."""
    table: dict[str, set[str]] = {}
    for code, (name, _kind, _alpha2) in catalogue().items():
        table.setdefault(fold(name), set()).add(code)
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if other := getattr(country, attr, None):
                table.setdefault(fold(other), set()).add(country.alpha_3)
    return table


@functools.cache
def _parameter_table() -> dict[str, frozenset[str]]:
    table = _names()
    for surface, code in _knowledge_aliases(frozenset({"name"})):
        table.setdefault(fold(surface), set()).add(code)
    return {key: frozenset(codes) for key, codes in table.items() if key}


@functools.cache
def _alpha2() -> dict[str, str]:
    return {alpha2: code for code, (_name, _kind, alpha2) in catalogue().items() if alpha2}


@functools.cache
def search_table() -> dict[str, frozenset[str]]:
    """Folded name, adjective or seat -> codes, for the search box."""
    table = _names()
    for surface, code in _knowledge_aliases(SEARCH_FORMS):
        table.setdefault(fold(surface), set()).add(code)
    return {key: frozenset(codes) for key, codes in table.items() if key}


def country_code(text: str) -> str:
    """The canonical code `text` stands for; UnknownCountry naming what to type otherwise.

    A code tracker has never heard of but that is written like one ("XKX", "xkx") is
    returned in capitals: whether the database has such an actor is for the caller to say.
    """
    raw = " ".join(text.split())
    upper = raw.upper()
    if upper in catalogue():
        return upper
    if len(upper) == 2 and upper in _alpha2():
        return _alpha2()[upper]
    codes = _parameter_table().get(fold(raw), frozenset())
    if len(codes) == 1:
        return next(iter(codes))
    if len(codes) > 1:
        choices = ", ".join(f"{c} ({catalogue().get(c, (c,))[0]})" for c in sorted(codes))
        raise UnknownCountry(f"{raw!r} could mean {choices}: use one of these codes")
    if _CODE.fullmatch(upper) and (len(raw) <= 3 or raw == upper):
        return upper
    raise UnknownCountry(
        f"{raw[:60]!r} is not a country or bloc tracker knows: use a name (Japan), "
        "an ISO 3166-1 code (JPN or JP) or a bloc code (EU)"
    )


def search_codes(text: str, *, exact_case_below: int = 4) -> list[str]:
    """Codes a piece of search text stands for, exactly: a code, an alpha-2 code in capitals, a name or alias.

    Short text ("US", "IN", "EC") counts only as typed in capitals, so "in" and "us" in a
    query stay words; longer names ("japan", "Russia") are matched in any case.
    """
    raw = " ".join(text.split())
    if not raw:
        return []
    if len(raw) < exact_case_below and raw != raw.upper():
        return []
    codes: list[str] = []
    if raw.upper() in catalogue():
        codes.append(raw.upper())
    if len(raw) == 2 and raw in _alpha2():
        codes.append(_alpha2()[raw])
    codes += sorted(search_table().get(fold(raw), frozenset()))
    return list(dict.fromkeys(codes))


def warm() -> None:
    """Load every table now (the web app does this before its first request, then freezes them)."""
    _parameter_table()
    search_table()
    _alpha2()

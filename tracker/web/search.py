"""What a search box query means, ranked: countries, their ledger, commodities, then reports and articles.

Countries come first when the query names one exactly (a code, a name, an alias such as
"Kremlin" or "Japanese"), then countries whose name has the query's words. A query that
names countries *and* other words ("Japan rice") is read as both: the countries are
listed, commodities are looked up by the other words, and reports are those with the
other words between the named countries. Everything else is whole words and "phrases"
through the full-text index (`tracker.store.fulltext`): reports newest first, a page at
a time, to the last one.
"""

from __future__ import annotations

import dataclasses

import sqlalchemy.orm as so

from tracker import names
from tracker.store import fulltext
from tracker.store.listing import Cursor
from tracker.store.lookup import (
    CommodityHit,
    EvidenceSearch,
    find_actors,
    find_articles,
    find_commodities,
    find_evidence,
)
from tracker.store.models import Actor, Article
from tracker.web.formats import Report

LONGEST_NAME = 5  # words: "United States of America"
SCOPES = ("evidence", "articles")


@dataclasses.dataclass(frozen=True)
class Ledger:
    a: Actor
    b: Actor


@dataclasses.dataclass
class Results:
    """One page of results; `next` continues the paged list, reports or (scope "articles") articles."""

    query: str
    scope: str
    countries: list[Actor]
    ledgers: list[Ledger]
    commodities: list[CommodityHit]
    evidence: list[Report]
    articles: list[Article]
    next: Cursor | None
    search: EvidenceSearch

    @property
    def empty(self) -> bool:
        return not (self.countries or self.ledgers or self.commodities or self.evidence or self.articles)


def named_countries(text: str) -> tuple[list[str], list[str]]:
    """(codes of the countries the words name, the other words), longest names first: "United States India"."""
    words = text.split()
    codes: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(LONGEST_NAME, len(words) - i), 0, -1):
            found = names.search_codes(" ".join(words[i : i + size]))
            if len(found) == 1:
                codes.append(found[0])
                i += size
                break
        else:
            rest.append(words[i])
            i += 1
    return list(dict.fromkeys(codes)), rest


def evidence_search(text: str) -> EvidenceSearch:
    """What reports a query asks for (the CSV and Atom of a search stream the same)."""
    query = fulltext.parse(text)
    codes, rest = named_countries(query.text)
    if codes and rest and (words := fulltext.parse(" ".join(rest))):
        return EvidenceSearch(words, tuple(codes))
    return EvidenceSearch(query)


def search(
    session: so.Session, text: str, *, scope: str = "evidence", after: Cursor | None = None, limit: int = 50
) -> Results:
    query = fulltext.parse(text)
    if not query:
        return Results(query.text, scope, [], [], [], [], [], None, EvidenceSearch(query))
    exact = names.search_codes(query.text, exact_case_below=0)
    codes, _others = named_countries(query.text)
    countries = find_actors(session, exact + codes, query, limit=20)
    by_code = {a.code: a for a in countries}
    ledgers = []
    if len(codes) == 2 and all(c in by_code for c in codes):
        ledgers.append(Ledger(by_code[codes[0]], by_code[codes[1]]))
    reports = evidence_search(query.text)
    words = reports.query if reports.parties else query
    evidence: list[Report] = []
    articles: list[Article] = []
    if scope == "articles":
        found = find_articles(session, query, after=after, limit=limit)
        articles, cursor = found.rows, found.next
    else:
        found = find_evidence(session, reports, after=after, limit=limit)
        evidence = [Report(e, a, m) for e, m, a in found.rows]
        cursor = found.next
        if after is None:
            articles = find_articles(session, query, limit=10).rows
    return Results(
        query.text,
        scope,
        countries,
        ledgers,
        find_commodities(session, words) if after is None else [],
        evidence,
        articles,
        cursor,
        reports,
    )

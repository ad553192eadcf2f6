"""Links between measures, read back: a measure's reasons and responses, chains of three
countries (A pressures B over B's trade with C), a pair's tit-for-tat, and a country's
place in chains.

Every chain is one `links` row whose `third_code` is set, so each listing walks one of
that table's indexes (by A, B, C or report date), newest first, a keyset page at a time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.db import read_session
from tracker.store.models import Link, LinkEvidence, Measure

RELATIONS_SHOWN = {"over": "over", "in_response_to": "in response to", "condition": "on condition of"}


@dataclasses.dataclass(frozen=True)
class ChainFilter:
    """Which chains a listing shows: A (who pressures), B (who is pressured), C (B's partner)."""

    a: str | None = None
    b: str | None = None
    c: str | None = None
    kinds: Sequence[str] = ()  # of the pressure A puts on B
    since: dt.date | None = None  # reported on or after
    until: dt.date | None = None  # first reported on or before

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = [Link.third_code.is_not(None)]
        if self.a:
            clauses.append(Link.actor_code == self.a)
        if self.b:
            clauses.append(Link.target_code == self.b)
        if self.c:
            clauses.append(Link.third_code == self.c)
        if self.kinds:
            clauses.append(Link.kind.in_(list(self.kinds)))
        if self.since:
            clauses.append(Link.last_reported_on >= self.since)
        if self.until:
            clauses.append(Link.first_reported_on <= self.until)
        return clauses


@dataclasses.dataclass(frozen=True)
class LinkCursor:
    value: dt.date | None
    id: int


@dataclasses.dataclass
class Chain:
    """One chain: the link, the pressure (A → B) and the trade or measure it is over (B – C)."""

    link: Link
    measure: Measure
    other: Measure
    quote: str | None = None


@dataclasses.dataclass
class ChainPage:
    chains: list[Chain]
    next: LinkCursor | None


def chain_page(session: so.Session, flt: ChainFilter, *, after: LinkCursor | None = None, limit: int = 50) -> ChainPage:
    """Newest reported first; links never dated come last. Keyset pages, no counting."""
    links: list[Link] = []
    newest = (Link.last_reported_on.desc(), Link.id.desc())
    if after is None or after.value is not None:
        stmt = sa.select(Link).where(*flt.where(), Link.last_reported_on.is_not(None))
        if after is not None:
            stmt = stmt.where(sa.or_(Link.last_reported_on < after.value,
                                     sa.and_(Link.last_reported_on == after.value, Link.id < after.id)))
        links = list(session.scalars(stmt.order_by(*newest).limit(limit + 1)))
    if len(links) <= limit:
        stmt = sa.select(Link).where(*flt.where(), Link.last_reported_on.is_(None))
        if after is not None and after.value is None:
            stmt = stmt.where(Link.id < after.id)
        links += list(session.scalars(stmt.order_by(Link.id.desc()).limit(limit + 1 - len(links))))
    following = None
    if len(links) > limit:
        links = links[:limit]
        following = LinkCursor(links[-1].last_reported_on, links[-1].id)
    return ChainPage(chains_of(session, links), following)


def chains_of(session: so.Session, links: Sequence[Link]) -> list[Chain]:
    """Links with both their measures and the newest words that reported each."""
    ids = {i for link in links for i in (link.measure_id, link.other_id)}
    measures = {m.id: m for m in session.scalars(sa.select(Measure).where(Measure.id.in_(ids)))} if ids else {}
    quotes = link_quotes(session, [link.id for link in links])
    return [Chain(link, measures[link.measure_id], measures[link.other_id], quotes.get(link.id)) for link in links]


def link_quotes(session: so.Session, link_ids: Sequence[int]) -> dict[int, str]:
    """The newest reported words of each link that has any."""
    if not link_ids:
        return {}
    newest = (
        sa.select(sa.func.max(LinkEvidence.id))
        .where(LinkEvidence.link_id.in_(list(link_ids)), LinkEvidence.quote.is_not(None))
        .group_by(LinkEvidence.link_id)
    )
    rows = session.execute(sa.select(LinkEvidence.link_id, LinkEvidence.quote).where(LinkEvidence.id.in_(newest)))
    return {link_id: quote for link_id, quote in rows if quote}


CHAIN_COLUMNS = (
    "link_id", "relation", "a", "b", "c", "kind", "status", "value", "unit", "commodity", "reason_kind",
    "reason_actor", "reason_target", "reason_status", "reason_commodity", "first_reported_on", "last_reported_on",
    "sources", "measure_id", "reason_id",
)
CODED = ("a", "b", "c", "reason_actor", "reason_target")  # columns that hold actor codes


def stream_chain_rows(engine: sa.Engine, flt: ChainFilter, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Every chain the filter matches as a plain row of CHAIN_COLUMNS, in id order, a batch per
    short read (as `exports.stream_measure_rows`: a stalled download holds no snapshot)."""
    m, o = so.aliased(Measure), so.aliased(Measure)
    stmt = (
        sa.select(Link.id, Link.relation, Link.actor_code, Link.target_code, Link.third_code, Link.kind, m.status,
                  m.value, m.unit, m.commodity, Link.other_kind, Link.other_actor_code, Link.other_target_code,
                  o.status, o.commodity, Link.first_reported_on, Link.last_reported_on, Link.source_count,
                  Link.measure_id, Link.other_id)
        .join(m, m.id == Link.measure_id)
        .join(o, o.id == Link.other_id)
        .where(*flt.where())
        .order_by(Link.id)
        .limit(batch)
    )
    yield from _batches(engine, stmt, Link.id, batch)


def _batches(engine: sa.Engine, stmt: Any, ids: Any, batch: int) -> Iterator[tuple[Any, ...]]:
    """Rows of `stmt` (ordered by `ids`, first column), `batch` per short read, after the last one sent."""
    last = 0
    while True:
        with read_session(engine) as session:
            rows = [tuple(r) for r in session.execute(stmt.where(ids > last))]
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1][0]


# --- Around one measure, one pair, one country -------------------------------------------


@dataclasses.dataclass(frozen=True)
class Related:
    """A link seen from one of its measures: the reason it was taken, or a measure that answered it."""

    relation: str
    role: str  # "reason": `other` is why this measure was taken; "answer": `other` was taken over this one
    other: Measure
    quote: str | None
    sources: int

    @property
    def words(self) -> str:
        if self.role == "reason":
            return RELATIONS_SHOWN.get(self.relation, self.relation)
        return {"over": "taken over it", "in_response_to": "answered by", "condition": "a condition of"}.get(
            self.relation, self.relation)


def related(session: so.Session, measure_ids: Sequence[int]) -> dict[int, list[Related]]:
    """Each measure's reasons (links from it) and the measures taken over or in answer to it (links to it)."""
    found: dict[int, list[Related]] = {i: [] for i in measure_ids}
    if not measure_ids:
        return found
    ids = list(measure_ids)
    # Two indexed reads (from these measures, to them) rather than one OR that no index serves.
    by_id = {link.id: link for column in (Link.measure_id, Link.other_id)
             for link in session.scalars(sa.select(Link).where(column.in_(ids)))}
    links = [by_id[i] for i in sorted(by_id)]
    others = {i for link in links for i in (link.measure_id, link.other_id)}
    measures = {m.id: m for m in session.scalars(sa.select(Measure).where(Measure.id.in_(others)))}
    quotes = link_quotes(session, [link.id for link in links])
    for link in links:
        if link.measure_id in found:
            found[link.measure_id].append(Related(link.relation, "reason", measures[link.other_id],
                                                  quotes.get(link.id), link.source_count))
        if link.other_id in found:
            found[link.other_id].append(Related(link.relation, "answer", measures[link.measure_id],
                                                quotes.get(link.id), link.source_count))
    return found


@dataclasses.dataclass(frozen=True)
class Exchange:
    """One step of a pair's tit-for-tat: a measure, and the measure of the other side it answered,
    on the day the answer was first reported."""

    on: dt.date | None
    measure: Measure
    answered: Measure
    quote: str | None


def _started(m: Measure) -> dt.date | None:
    return m.began_on or m.announced_on or m.first_reported_on


def tit_for_tat(session: so.Session, a: str, b: str, *, as_of: dt.date | None = None) -> list[Exchange]:
    """Measures of each side taken in response to a measure of the other, oldest first."""
    stmt = sa.select(Link).where(
        sa.or_(*(sa.and_(Link.actor_code == x, Link.target_code == y, Link.relation == "in_response_to")
                 for x, y in ((a, b), (b, a)))),
        Link.other_actor_code.in_([a, b]), Link.other_target_code.in_([a, b]),
        Link.actor_code != Link.other_actor_code,
    )
    if as_of is not None:
        stmt = stmt.where(Link.first_reported_on <= as_of)
    links = list(session.scalars(stmt))
    chains = chains_of(session, links)
    steps = [Exchange(c.link.first_reported_on or _started(c.measure), c.measure, c.other, c.quote) for c in chains]
    return sorted(steps, key=lambda s: (s.on is None, s.on or dt.date.min, s.measure.id))


@dataclasses.dataclass(frozen=True)
class ChainSummary:
    """Chains grouped for a country page: who pressures whom (over trade with whom), in how many links."""

    actor: str
    target: str
    third: str
    kinds: tuple[str, ...]
    links: int
    last_reported_on: dt.date | None


def country_chains(session: so.Session, code: str, *, as_of: dt.date | None = None,
                   limit: int = 50) -> dict[str, list[ChainSummary]]:
    """For a country page: "over": chains in which it is C (others pressured over trade with it);
    "applies": chains in which it is A (its pressure over third countries). The busiest groups
    first, counted in the database from the links' indexes, then the kinds of just those."""
    out: dict[str, list[ChainSummary]] = {}
    sides = (("over", Link.third_code, (Link.actor_code, Link.target_code)),
             ("applies", Link.actor_code, (Link.target_code, Link.third_code)))
    for name, side, (first, second) in sides:
        where = [side == code, Link.third_code.is_not(None)]
        if as_of is not None:
            where.append(Link.first_reported_on <= as_of)
        n, last = sa.func.count().label("n"), sa.func.max(Link.last_reported_on).label("last")
        groups = session.execute(
            sa.select(first, second, n, last).where(*where).group_by(first, second)
            .order_by(n.desc(), last.desc(), first, second).limit(limit)
        ).all()
        kinds: dict[tuple[str, str | None], set[str]] = {}
        if groups:
            chosen = sa.tuple_(first, second).in_([(g[0], g[1]) for g in groups])
            for x, y, kind in session.execute(sa.select(first, second, Link.kind).where(*where, chosen).distinct()):
                kinds.setdefault((x, y), set()).add(kind)
        summaries = []
        for x, y, count, latest in groups:
            actor, target, third = (x, y, code) if name == "over" else (code, x, y)
            summaries.append(ChainSummary(actor, target or "", third or "", tuple(sorted(kinds.get((x, y), ()))), count,
                                          latest))
        out[name] = summaries
    return out

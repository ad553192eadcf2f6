"""The read side: every listing the web app and the CLI show comes from here.

Listings are built from one `MeasureFilter`, so a page, its CSV and its JSON
cannot drift apart, and large exports are read in keyset-paginated batches so
memory stays flat whatever the size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.models import Actor, Article, Evidence, Measure


@dataclasses.dataclass(frozen=True)
class MeasureFilter:
    """Which measures a listing shows. `pair` means either direction between two actors."""

    actor: str | None = None
    target: str | None = None
    pair: tuple[str, str] | None = None
    country: str | None = None  # as actor or as target
    kinds: Sequence[str] = ()
    statuses: Sequence[str] = ()
    commodity: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
        if self.actor:
            clauses.append(Measure.actor_code == self.actor)
        if self.target:
            clauses.append(Measure.target_code == self.target)
        if self.pair:
            a, b = self.pair
            clauses.append(
                sa.or_(
                    sa.and_(Measure.actor_code == a, Measure.target_code == b),
                    sa.and_(Measure.actor_code == b, Measure.target_code == a),
                )
            )
        if self.country:
            clauses.append(sa.or_(Measure.actor_code == self.country, Measure.target_code == self.country))
        if self.kinds:
            clauses.append(Measure.kind.in_(list(self.kinds)))
        if self.statuses:
            clauses.append(Measure.status.in_(list(self.statuses)))
        if self.commodity:
            clauses.append(Measure.commodity_key.contains(self.commodity.lower(), autoescape=True))
        if self.since:
            clauses.append(Measure.last_reported_on >= self.since)
        if self.until:
            clauses.append(Measure.first_reported_on <= self.until)
        return clauses


def select_measures(flt: MeasureFilter) -> sa.Select[tuple[Measure]]:
    return sa.select(Measure).where(*flt.where())


def list_measures(session: so.Session, flt: MeasureFilter, limit: int = 100, offset: int = 0) -> list[Measure]:
    stmt = (
        select_measures(flt)
        .order_by(Measure.last_reported_on.desc().nulls_last(), Measure.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def iter_measures(session: so.Session, flt: MeasureFilter, batch: int = 2000) -> Iterator[Measure]:
    """Every matching measure by id, fetched a batch at a time (keyset pagination)."""
    last_id = 0
    while True:
        rows = list(
            session.scalars(select_measures(flt).where(Measure.id > last_id).order_by(Measure.id).limit(batch))
        )
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id
        session.expunge_all()


# Evidence listings show an article's title and link, never its (long) text.
_ARTICLE_HEADLINE = so.load_only(Article.id, Article.title, Article.url, Article.published_on, raiseload=True)
# ...and of the evidence itself, what was said and when (not bookkeeping such as created_at).
_EVIDENCE_SAID = so.load_only(
    Evidence.id, Evidence.measure_id, Evidence.article_id, Evidence.quote, Evidence.status, Evidence.value,
    Evidence.unit, Evidence.commodity, Evidence.measure_on, Evidence.effective_on, Evidence.reported_on,
    raiseload=True,
)


def measure_evidence(session: so.Session, measure_id: int) -> list[tuple[Evidence, Article]]:
    """A measure's evidence, oldest report first: its history."""
    stmt = (
        sa.select(Evidence, Article)
        .options(_ARTICLE_HEADLINE)
        .join(Article, Article.id == Evidence.article_id)
        .where(Evidence.measure_id == measure_id)
        .order_by(Evidence.reported_on.asc().nulls_first(), Evidence.id)
    )
    return [(e, a) for e, a in session.execute(stmt)]


def evidence_for(session: so.Session, measure_ids: Sequence[int]) -> dict[int, list[tuple[Evidence, Article]]]:
    """Evidence of several measures at once, newest report first within each."""
    found: dict[int, list[tuple[Evidence, Article]]] = {mid: [] for mid in measure_ids}
    if not measure_ids:
        return found
    stmt = (
        sa.select(Evidence, Article)
        .options(_ARTICLE_HEADLINE, _EVIDENCE_SAID)
        .join(Article, Article.id == Evidence.article_id)
        .where(Evidence.measure_id.in_(list(measure_ids)))
        .order_by(Evidence.reported_on.desc().nulls_last(), Evidence.id.desc())
    )
    for e, a in session.execute(stmt):
        found[e.measure_id].append((e, a))
    return found


def latest_evidence(
    session: so.Session, measure_ids: Sequence[int], per_measure: int
) -> dict[int, list[tuple[Evidence, Article]]]:
    """The newest `per_measure` reports of each measure, in one query (a window function)."""
    found: dict[int, list[tuple[Evidence, Article]]] = {mid: [] for mid in measure_ids}
    if not measure_ids:
        return found
    rank = (
        sa.select(
            Evidence.id,
            sa.func.row_number()
            .over(
                partition_by=Evidence.measure_id,
                order_by=(Evidence.reported_on.desc().nulls_last(), Evidence.id.desc()),
            )
            .label("n"),
        )
        .where(Evidence.measure_id.in_(list(measure_ids)))
        .subquery()
    )
    stmt = (
        sa.select(Evidence, Article)
        .options(_ARTICLE_HEADLINE, _EVIDENCE_SAID)
        .join(rank, rank.c.id == Evidence.id)
        .join(Article, Article.id == Evidence.article_id)
        .where(rank.c.n <= per_measure)
        .order_by(Evidence.measure_id, rank.c.n)
    )
    for e, a in session.execute(stmt):
        found[e.measure_id].append((e, a))
    return found


def actor(session: so.Session, code: str) -> Actor | None:
    return session.get(Actor, code.upper())


def actor_names(session: so.Session) -> dict[str, str]:
    return {code: name for code, name in session.execute(sa.select(Actor.code, Actor.name))}


def active_pairs(session: so.Session, limit: int = 20) -> list[tuple[str, str, int]]:
    """Most active pairs, each counted once whatever the direction."""
    lo = sa.case(
        (Measure.actor_code < Measure.target_code, Measure.actor_code), else_=Measure.target_code
    )
    hi = sa.case((Measure.actor_code < Measure.target_code, Measure.target_code), else_=Measure.actor_code)
    stmt = (
        sa.select(lo.label("a"), hi.label("b"), sa.func.count().label("n"))
        .group_by(lo, hi)
        .order_by(sa.func.count().desc(), lo, hi)
        .limit(limit)
    )
    return [(a, b, n) for a, b, n in session.execute(stmt)]


def article(session: so.Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def article_evidence(session: so.Session, article_id: int) -> list[tuple[Evidence, Measure]]:
    stmt = (
        sa.select(Evidence, Measure)
        .join(Measure, Measure.id == Evidence.measure_id)
        .where(Evidence.article_id == article_id)
        .order_by(Evidence.field, Evidence.start)
    )
    return [(e, m) for e, m in session.execute(stmt)]


# --- Web read side -----------------------------------------------------------------

SORTS: dict[str, tuple[str, bool]] = {
    "-reported": ("last_reported_on", True),
    "reported": ("last_reported_on", False),
    "-announced": ("announced_on", True),
    "announced": ("announced_on", False),
    "-value": ("value", True),
    "value": ("value", False),
}
DEFAULT_SORT = "-reported"


@dataclasses.dataclass(frozen=True)
class Cursor:
    """Where a page ends: the sort value (None once into the undated tail) and the id."""

    value: dt.date | float | None
    id: int


@dataclasses.dataclass
class Page:
    measures: list[Measure]
    next: Cursor | None


def measure_page(
    session: so.Session, flt: MeasureFilter, *, sort: str = DEFAULT_SORT, after: Cursor | None = None, limit: int = 50
) -> Page:
    """One page in a stable order, keyset-paginated and without counting the whole table.

    Rows with a value come first, then the rows without one, each read by its own
    indexed query; this keeps the order identical on SQLite and PostgreSQL, which
    disagree on where NULLs sort. A country filter (actor OR target) is read as two
    single-column lookups merged here, so each side walks its own index.
    """
    name, desc = SORTS[sort]
    if flt.country:
        sides = [
            _page_rows(session, dataclasses.replace(flt, country=None, **{side: flt.country}), name, desc, after, limit)
            for side in ("actor", "target")
        ]
        rows = sorted(sides[0] + sides[1], key=_sort_key(name, desc))[: limit + 1]
    else:
        rows = _page_rows(session, flt, name, desc, after, limit)
    if len(rows) > limit:
        last = rows[limit - 1]
        return Page(rows[:limit], Cursor(getattr(last, name), last.id))
    return Page(rows, None)


def _sort_key(name: str, desc: bool):  # type: ignore[no-untyped-def]
    """Python twin of the SQL order: values first (desc or asc), then undated; ties by id."""
    sign = -1 if desc else 1

    def key(m: Measure) -> tuple:
        value = getattr(m, name)
        if value is None:
            return (1, 0, sign * m.id)
        ordinal = value.toordinal() if isinstance(value, dt.date) else value
        return (0, sign * ordinal, sign * m.id)

    return key


def _page_rows(
    session: so.Session, flt: MeasureFilter, name: str, desc: bool, after: Cursor | None, limit: int
) -> list[Measure]:
    col = getattr(Measure, name)
    step = (lambda c, v: c < v) if desc else (lambda c, v: c > v)
    order = [col.desc(), Measure.id.desc()] if desc else [col.asc(), Measure.id.asc()]
    rows: list[Measure] = []
    if after is None or after.value is not None:
        stmt = select_measures(flt).where(col.is_not(None))
        if after is not None:
            stmt = stmt.where(sa.or_(step(col, after.value), sa.and_(col == after.value, step(Measure.id, after.id))))
        rows = list(session.scalars(stmt.order_by(*order).limit(limit + 1)))
    if len(rows) <= limit:
        stmt = select_measures(flt).where(col.is_(None))
        if after is not None and after.value is None:
            stmt = stmt.where(step(Measure.id, after.id))
        id_order = Measure.id.desc() if desc else Measure.id.asc()
        rows += list(session.scalars(stmt.order_by(id_order).limit(limit + 1 - len(rows))))
    return rows


EXPORT_COLUMNS = (
    "id", "kind", "actor_code", "target_code", "status", "value", "unit", "commodity",
    "announced_on", "effective_on", "first_reported_on", "last_reported_on", "source_count",
)


def stream_measure_rows(session: so.Session, flt: MeasureFilter, batch: int = 2000) -> Iterator[sa.Row]:
    """Every matching measure as a plain row of EXPORT_COLUMNS, in id order, through one cursor.

    Plain rows (not ORM objects) keep exports fast; a server-side cursor on
    PostgreSQL and SQLite's lazy stepping keep memory flat. Dates are handed over
    as the database gives them (ISO text on SQLite), since exports only print them.
    """
    cols = [
        sa.type_coerce(c, sa.String) if isinstance(c.type, sa.Date) else c
        for c in (Measure.__table__.c[name] for name in EXPORT_COLUMNS)
    ]
    stmt = sa.select(*cols).where(*flt.where()).order_by(Measure.id).execution_options(yield_per=batch)
    result = session.connection().execute(stmt)  # Core, not ORM: no per-row ORM bookkeeping
    try:
        yield from result
    finally:
        result.close()


def measure(session: so.Session, measure_id: int) -> Measure | None:
    return session.get(Measure, measure_id)


@dataclasses.dataclass
class PartnerStats:
    """Measures between one country and one partner, by direction and kind."""

    code: str
    applied: dict[str, int] = dataclasses.field(default_factory=dict)  # kind -> count, country → partner
    received: dict[str, int] = dataclasses.field(default_factory=dict)  # kind -> count, partner → country
    applied_total: int = 0
    received_total: int = 0

    @property
    def total(self) -> int:
        return self.applied_total + self.received_total


def country_partners(session: so.Session, code: str) -> list[PartnerStats]:
    """Partners ranked by measures in either direction; two grouped, index-only reads."""
    partners: dict[str, PartnerStats] = {}
    outgoing = (
        sa.select(Measure.target_code, Measure.kind, sa.func.count())
        .where(Measure.actor_code == code)
        .group_by(Measure.target_code, Measure.kind)
    )
    for partner, kind, n in session.execute(outgoing):
        stats = partners.setdefault(partner, PartnerStats(partner))
        stats.applied[kind] = n
        stats.applied_total += n
    incoming = (
        sa.select(Measure.actor_code, Measure.kind, sa.func.count())
        .where(Measure.target_code == code)
        .group_by(Measure.actor_code, Measure.kind)
    )
    for partner, kind, n in session.execute(incoming):
        stats = partners.setdefault(partner, PartnerStats(partner))
        stats.received[kind] = n
        stats.received_total += n
    return sorted(partners.values(), key=lambda p: (-p.total, p.code))


def kind_counts(session: so.Session, flt: MeasureFilter | None = None) -> dict[str, int]:
    stmt = sa.select(Measure.kind, sa.func.count()).group_by(Measure.kind)
    if flt is not None:
        stmt = stmt.where(*flt.where())
    return dict(sorted(((k, n) for k, n in session.execute(stmt)), key=lambda kn: -kn[1]))


def recent_active_pairs(session: so.Session, window: int = 5000, limit: int = 12) -> list[tuple[str, str, int]]:
    """Most active pairs among the latest `window` measures: cheap at any table size."""
    recent = (
        sa.select(Measure.actor_code, Measure.target_code)
        .where(Measure.last_reported_on.is_not(None))
        .order_by(Measure.last_reported_on.desc(), Measure.id.desc())
        .limit(window)
        .subquery()
    )
    lo = sa.case((recent.c.actor_code < recent.c.target_code, recent.c.actor_code), else_=recent.c.target_code)
    hi = sa.case((recent.c.actor_code < recent.c.target_code, recent.c.target_code), else_=recent.c.actor_code)
    stmt = (
        sa.select(lo.label("a"), hi.label("b"), sa.func.count().label("n"))
        .group_by(lo, hi)
        .order_by(sa.func.count().desc(), lo, hi)
        .limit(limit)
    )
    return [(a, b, n) for a, b, n in session.execute(stmt)]


def find_actors(session: so.Session, codes: Sequence[str] = (), name_part: str = "", limit: int = 20) -> list[Actor]:
    """Actors by code, then by a piece of their name, in that order, without duplicates."""
    found: dict[str, Actor] = {}
    if codes:
        by_code = {a.code: a for a in session.scalars(sa.select(Actor).where(Actor.code.in_(list(codes))))}
        found.update((c, by_code[c]) for c in codes if c in by_code)
    if name_part:
        like = f"%{_escape_like(name_part.lower())}%"
        stmt = (
            sa.select(Actor)
            .where(sa.func.lower(Actor.name).like(like, escape="\\"))
            .order_by(Actor.kind, Actor.name)
            .limit(limit)
        )
        for a in session.scalars(stmt):
            found.setdefault(a.code, a)
    return list(found.values())[:limit]


SEARCH_WINDOW = 100_000  # rows: text search reads the newest this many, so it stays fast at any size


def _newest(column: sa.orm.InstrumentedAttribute[int], window: int) -> sa.ColumnElement[bool]:
    newest = sa.select(sa.func.coalesce(sa.func.max(column), 0)).scalar_subquery()
    return column > newest - window


def find_commodities(
    session: so.Session, text: str, limit: int = 20, window: int = SEARCH_WINDOW
) -> list[tuple[str, int]]:
    """Commodities whose name contains `text`, among the newest measures, with how many name them."""
    key = f"%{_escape_like(text.lower())}%"
    stmt = (
        sa.select(Measure.commodity_key, sa.func.count())
        .where(_newest(Measure.id, window), Measure.commodity_key.like(key, escape="\\"))
        .group_by(Measure.commodity_key)
        .order_by(sa.func.count().desc(), Measure.commodity_key)
        .limit(limit)
    )
    return [(k, n) for k, n in session.execute(stmt)]


def find_evidence(
    session: so.Session, text: str, limit: int = 20, window: int = SEARCH_WINDOW
) -> list[tuple[Evidence, Measure]]:
    """Evidence sentences containing `text`, newest first, among the newest reports."""
    like = f"%{_escape_like(text.lower())}%"
    stmt = (
        sa.select(Evidence, Measure)
        .options(_EVIDENCE_SAID)
        .join(Measure, Measure.id == Evidence.measure_id)
        .where(_newest(Evidence.id, window), sa.func.lower(Evidence.quote).like(like, escape="\\"))
        .order_by(Evidence.id.desc())
        .limit(limit)
    )
    return [(e, m) for e, m in session.execute(stmt)]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

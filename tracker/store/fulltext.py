"""Full-text search: whole words and phrases, through each database's own index.

SQLite keeps FTS5 virtual tables, PostgreSQL `tsvector` columns with GIN indexes
(migration 0006). Both index the same *folded* text, written here and nowhere else:
lower case, accents removed, split on anything that is not a letter or a digit. So
"Türkiye", "TURKIYE" and "turkiye" are one word, "dual-use" is the phrase "dual use",
and "rice" never matches "price" (nor "US" "use": there is no stemming). Folding in
Python rather than in each database's tokenizer is what makes SQLite and PostgreSQL
answer a query with the same rows.

What is indexed: an actor's name and codes, a measure's commodity, an evidence quote,
and an article's title and text (the first `ARTICLE_CHARS` of it). The index rows of a
row are written by `reindex`, which the store's write path calls whenever it writes or
deletes such rows (`articles.save_article`, `merging`, `actors`, `feeds.remove_feed`):
it deletes the index rows of the given ids and writes them again from what the table
holds, so a row that is gone loses its entry and a row that changed is read afresh.

A query (`parse`) is words and "quoted phrases", all of which must appear; a word
ending in `*` matches every word starting with it (`sanction*`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql

from tracker.store.models import Actor, Article, Evidence, Measure

ARTICLE_CHARS = 100_000  # PostgreSQL keeps word positions up to 16,383 and a tsvector under 1 MB
CONFIG = "simple"  # PostgreSQL's text search configuration: no stemming, no stop words
BATCH = 500

_TOKEN = re.compile(r"[^\W_]+")
_QUERY = re.compile(r'"([^"]*)"?|(\S+)')

Bind = so.Session | sa.Connection


def fold(text: str | None) -> str:
    """Text as the index holds it: lower-case words without accents, one space apart."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(_TOKEN.findall("".join(c for c in decomposed if not unicodedata.combining(c))))


@dataclasses.dataclass(frozen=True, slots=True)
class Term:
    """Words that must appear in this order (one word, or a phrase); the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Query:
    """A parsed search: every term must appear. An empty query matches nothing."""

    text: str
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts5(self) -> str:
        """SQLite FTS5 syntax; every token is quoted, so nothing a user types is read as an operator."""
        return " ".join('"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in self.terms)

    def tsquery(self) -> str:
        """PostgreSQL `to_tsquery` syntax: phrases joined by <->, terms by &."""
        parts = []
        for t in self.terms:
            words = list(t.words)
            if t.prefix:
                words[-1] += ":*"
            parts.append("(" + " <-> ".join(words) + ")")
        return " & ".join(parts)


def parse(text: str) -> Query:
    """Words and "quoted phrases" as the search box takes them; `word*` is a prefix."""
    text = " ".join(text.split())[:200]
    terms: list[Term] = []
    for phrase, word in _QUERY.findall(text):
        raw = phrase if phrase else word
        words = tuple(fold(raw).split())
        if words:
            terms.append(Term(words, prefix=not phrase and raw.endswith("*")))
    return Query(text, tuple(dict.fromkeys(terms)))


# --- the index tables -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Index:
    """One indexed table: its search table, the key column, and the text each row is indexed by."""

    table: str
    key: sa.ColumnElement[Any] | so.InstrumentedAttribute[Any]
    body: Sequence[sa.ColumnElement[Any] | so.InstrumentedAttribute[Any]]

    def document(self, values: Sequence[Any]) -> str:
        text = " ".join(v for v in values if v)
        return fold(text[:ARTICLE_CHARS])


INDEXES: dict[str, Index] = {
    "actors": Index("search_actors", Actor.code, (Actor.name, Actor.code, Actor.alpha2)),
    "measures": Index("search_measures", Measure.id, (Measure.commodity,)),
    "evidence": Index("search_evidence", Evidence.id, (Evidence.quote,)),
    "articles": Index("search_articles", Article.id, (Article.title, sa.func.substr(Article.text, 1, ARTICLE_CHARS))),
}
SEARCH_TABLES: tuple[str, ...] = tuple(i.table for i in INDEXES.values())


def is_search_table(name: str | None) -> bool:
    """The search tables and, on SQLite, FTS5's own shadow tables (search_evidence_data, ...)."""
    return bool(name) and any(name == t or name.startswith(t + "_") for t in SEARCH_TABLES)  # type: ignore[union-attr]


def _dialect(bind: Bind) -> str:
    return bind.get_bind().dialect.name if isinstance(bind, so.Session) else bind.dialect.name


def _key_name(index: Index, dialect: str) -> str:
    if index.table == "search_actors":
        return "code"
    return "rowid" if dialect == "sqlite" else "id"


def _search_table(index: Index, dialect: str) -> sa.TableClause:
    body_type: Any = postgresql.TSVECTOR() if dialect == "postgresql" else sa.Text()
    return sa.table(index.table, sa.column(_key_name(index, dialect)), sa.column("body", body_type))


def installed(bind: Bind) -> bool:
    """Whether the database has the search tables (it has from migration 0006 on)."""
    connection = bind.connection() if isinstance(bind, so.Session) else bind
    return sa.inspect(connection).has_table(SEARCH_TABLES[0])


def matching(bind: Bind, kind: str, query: Query) -> sa.Select[Any]:
    """The keys of the `kind` rows (actors, measures, evidence, articles) that match `query`, for an IN (...)."""
    index = INDEXES[kind]
    dialect = _dialect(bind)
    table = _search_table(index, dialect)
    key = table.c[_key_name(index, dialect)]
    if not query:
        return sa.select(key).where(sa.false())  # nothing to look for finds nothing
    if dialect == "postgresql":
        wanted = sa.func.to_tsquery(sa.cast(CONFIG, postgresql.REGCONFIG), query.tsquery())
        return sa.select(key).where(table.c.body.op("@@")(wanted))
    return sa.select(key).where(sa.literal_column(index.table).op("MATCH")(query.fts5()))


def reindex(
    bind: Bind,
    *,
    actors: Iterable[str] = (),
    measures: Iterable[int] = (),
    evidence: Iterable[int] = (),
    articles: Iterable[int] = (),
) -> None:
    """Rewrite the index rows of these rows from what their tables hold now (none for a row that is gone)."""
    wanted: tuple[tuple[str, Iterable[Any]], ...] = (
        ("actors", actors), ("measures", measures), ("evidence", evidence), ("articles", articles)
    )
    for kind, keys in wanted:
        iterator = iter(sorted(set(keys)))
        while batch := list(islice(iterator, BATCH)):
            _reindex_batch(bind, INDEXES[kind], batch)


def _reindex_batch(bind: Bind, index: Index, keys: Sequence[Any]) -> None:
    dialect = _dialect(bind)
    table = _search_table(index, dialect)
    key = table.c[_key_name(index, dialect)]
    bind.execute(sa.delete(table).where(key.in_(keys)))
    rows = bind.execute(sa.select(index.key, *index.body).where(index.key.in_(keys))).all()
    documents = [{"k": row[0], "body": index.document(row[1:])} for row in rows]
    if not documents:
        return
    body: Any = sa.bindparam("body")
    if dialect == "postgresql":
        body = sa.func.to_tsvector(sa.cast(CONFIG, postgresql.REGCONFIG), body)
    bind.execute(sa.insert(table).values({key.name: sa.bindparam("k"), "body": body}), documents)


def reindex_all(bind: Bind, kinds: Iterable[str] = tuple(INDEXES)) -> None:
    """Index every row of these kinds (the migration that adds the index fills it this way)."""
    for kind in kinds:
        index = INDEXES[kind]
        keys = [k for (k,) in bind.execute(sa.select(index.key).order_by(index.key))]
        for start in range(0, len(keys), BATCH):
            _reindex_batch(bind, index, keys[start : start + BATCH])

"""Every schema change is an Alembic migration, and the migrations match the models."""

import datetime as dt

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from tracker.records import EvidenceSpan, ExtractedMeasure, IncomingArticle
from tracker.store import migrate
from tracker.store.articles import get_or_create_source, save_article
from tracker.store.db import make_engine, write_session
from tracker.store.feeds import add_feed
from tracker.store.fulltext import SEARCH_TABLES, is_search_table
from tracker.store.models import Actor, Base
from tracker.store.runs import finish_run, start_run


def _all_tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    """The modelled tables; the full-text search tables (not models) are checked apart."""
    tables = _all_tables(url)
    if set(SEARCH_TABLES) & set(Base.metadata.tables):
        raise AssertionError("a search table became a model: drop it from fulltext.SEARCH_TABLES")
    return {t for t in tables if not is_search_table(t)}


def test_stairway_up_down_up_through_every_revision(db_url: str) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(db_url))
    revisions = list(reversed(list(script.walk_revisions())))
    for revision in revisions:
        migrate.upgrade(db_url, revision.revision)
        migrate.downgrade(db_url, revision.down_revision or "base")
        migrate.upgrade(db_url, revision.revision)
    assert _tables(db_url) == set(Base.metadata.tables)
    assert set(SEARCH_TABLES) <= _all_tables(db_url)
    migrate.downgrade(db_url, "base")
    assert _all_tables(db_url) == set()
    migrate.upgrade(db_url)
    assert _tables(db_url) == set(Base.metadata.tables)


def _row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        names = set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
        # FTS5 keeps its index in shadow tables whose rows depend on how it was filled: count its documents only.
        names = {n for n in names if not is_search_table(n) or n in SEARCH_TABLES}
        with engine.connect() as conn:
            return {name: conn.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0 for name in names}
    finally:
        engine.dispose()


def _populate(url: str) -> None:
    """A little of everything: feeds, seed articles with measures and evidence, a run."""
    engine = make_engine(url)
    try:
        add_feed(engine, "https://news.example/feed.xml")
        with write_session(engine) as session:
            source = get_or_create_source(session, "seed", "seeds:/stairway", "stairway")
            for i in range(5):
                text = f"Washington imposed a {10 + i}% tariff on Indian steel, report {i}."
                sentence = text[: text.index(",")]
                save_article(
                    session, source,
                    IncomingArticle(f"file:{i}.txt", "", text, dt.date(2025, 8, 1 + i)),
                    [ExtractedMeasure(kind="tariff", actor="USA", target="IND", status="announced",
                                      evidence=EvidenceSpan("text", 0, len(sentence), sentence),
                                      value=10.0 + i, unit="percent", commodity="steel")],
                    "test",
                )
        run = start_run(engine, "seeds")
        finish_run(engine, run, {"articles_new": 5}, [])
    finally:
        engine.dispose()


def test_the_stairway_keeps_every_row_on_a_populated_database(db_url: str) -> None:
    """Down one step and up again, revision by revision: no table loses a row, in either direction.

    On SQLite, batch operations rebuild a table (create, copy, drop, rename); with foreign
    keys on, dropping `sources` cascaded to every article and every evidence row.
    """
    migrate.upgrade(db_url)
    _populate(db_url)
    full = _row_counts(db_url)
    assert full["articles"] == 5 and full["evidence"] == 5 and full["sources"] == 2 and full["ingest_runs"] == 1
    script = ScriptDirectory.from_config(migrate.alembic_config(db_url))
    for revision in script.walk_revisions():  # head first
        if revision.down_revision is None:
            break  # below the first revision there are no tables to keep
        migrate.downgrade(db_url, revision.down_revision)
        down = _row_counts(db_url)
        assert down == {name: full[name] for name in down}, f"downgrade below {revision.revision} lost rows"
        migrate.upgrade(db_url, revision.revision)
        up = _row_counts(db_url)
        assert up == {name: full[name] for name in up}, f"upgrade to {revision.revision} lost rows"
        migrate.downgrade(db_url, revision.down_revision)
    migrate.upgrade(db_url)
    assert _row_counts(db_url) == full


def _modelled(name, type_, _parents) -> bool:  # type: ignore[no-untyped-def]
    return not (type_ == "table" and is_search_table(name))


def test_models_and_migrations_agree(db_url: str) -> None:
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _modelled})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models and migrations disagree; write a migration: {diff}"


def test_upgrade_fills_the_actor_catalogue(db_url: str) -> None:
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            codes = set(conn.scalars(sa.select(Actor.code)))
    finally:
        engine.dispose()
    assert {"USA", "IND", "RUS", "CHN", "EU", "G7", "SUN", "DDR", "YUG"} <= codes
    assert len(codes) >= 249 + 4


def test_upgrade_is_idempotent(db_url: str) -> None:
    migrate.upgrade(db_url)
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert migrate.is_up_to_date(engine)
    finally:
        engine.dispose()

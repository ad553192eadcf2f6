"""Seed files: the date line, bad files, and runs that are idempotent and survive SIGKILL."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.killing import kill_half_way, stored_counts
from tracker.ingest.pipeline import ingest_seeds
from tracker.ingest.seeds import SeedError, parse_seed, read_seed_file
from tracker.store.db import make_engine, read_session
from tracker.store.models import Article, IngestRun, Measure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SENTENCE = "In late August, Trump slapped 50% tariffs on India over its purchases of Russian oil."


def test_the_first_line_gives_the_date_and_is_not_part_of_the_text() -> None:
    date, text, warning = parse_seed(" date 2025-09-01 Russian President Putin spoke.\n\nMore.")
    assert date == dt.date(2025, 9, 1)
    assert text == "Russian President Putin spoke.\n\nMore."
    assert warning is None


def test_the_seed_article_parses(tmp_path: Path) -> None:
    seed = read_seed_file(FIXTURES / "seed-article.txt")
    assert seed.date == dt.date(2025, 9, 1)
    assert seed.text.startswith("Russian President Vladimir Putin")
    assert "Trump slapped 50% tariffs on India" in seed.text


def test_without_a_date_line_the_file_date_is_used_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Japan bans imports of Russian coal.")
    seed = read_seed_file(path)
    assert seed.date == dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).date()
    assert seed.warning and "no ' date YYYY-MM-DD' first line" in seed.warning


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "binary data"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        (b" date 2025-13-45 text", "invalid date"),
        (b" date 2025-01-01   \n  ", "empty article"),
    ],
)
def test_unreadable_seed_files_are_clear_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SeedError, match=message):
        read_seed_file(path)


def test_a_huge_seed_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(6_000_000)
    with pytest.raises(SeedError, match="over the"):
        read_seed_file(path)


def test_ingesting_twice_adds_nothing_the_second_time(engine: sa.Engine, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes((FIXTURES / "seed-article.txt").read_bytes())
    (seeds / "b.txt").write_text(f" date 2025-09-02 {SENTENCE}")
    first = ingest_seeds(engine, seeds)
    assert first.counts["articles_new"] == 2 and first.counts["measures_new"] >= 1
    before = stored_counts(engine)
    second = ingest_seeds(engine, seeds)
    assert second.counts.get("articles_new", 0) == 0
    assert second.counts["articles_unchanged"] == 2
    assert second.counts.get("measures_new", 0) == 0
    assert stored_counts(engine) == before


def test_one_bad_file_is_recorded_and_the_others_are_ingested(engine: sa.Engine, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text(f" date 2025-09-02 {SENTENCE}")
    (seeds / "garbage.txt").write_bytes(os.urandom(2048) + b"\x00")
    stats = ingest_seeds(engine, seeds)
    assert stats.counts["articles_new"] == 1
    assert stats.counts["errors"] == 1 and "garbage.txt" in stats.errors[0]
    with read_session(engine) as session:
        run = session.scalars(sa.select(IngestRun)).one()
    assert (run.status, run.errors, run.articles_new) == ("errors", 1, 1)
    assert run.finished_at is not None and "garbage.txt" in (run.error_log or "")


def test_a_run_killed_with_sigkill_is_completed_by_the_next_with_nothing_stored_twice(db_url: str, tmp_path: Path) -> None:
    from tracker.store import migrate

    migrate.upgrade(db_url)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    total = 400
    for n in range(total):
        (seeds / f"{n:04}.txt").write_text(f" date 2025-09-01 Report {n}. {SENTENCE}\n")
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url}
    cmd = [sys.executable, "-m", "tracker", "ingest", "--seeds", str(seeds), "--no-progress"]
    engine = make_engine(db_url)
    try:
        kill_half_way(cmd, env, engine)
        killed_at = stored_counts(engine)[0]
        assert 0 < killed_at < total, "the run should have been killed half-way"
        with read_session(engine) as session:
            killed = session.scalars(sa.select(IngestRun)).one()
            # the counters committed with the articles: the record says what the killed run stored
            assert killed.articles_new == killed_at and killed.measures_new == 2 and killed.heartbeat_at
        with read_session(engine) as session:
            orphans = session.scalar(
                sa.select(sa.func.count()).select_from(Measure).where(~Measure.evidence.any())
            )
            assert orphans == 0
        rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        articles, measures, evidence = stored_counts(engine)
        assert articles == total
        # the same US tariff on India and India's purchases of Russian oil it was taken over, each merged
        assert measures == 2
        assert evidence == 2 * total
        with read_session(engine) as session:
            statuses = sorted(session.scalars(sa.select(IngestRun.status)))
        assert statuses == ["interrupted", "ok"]
    finally:
        engine.dispose()


def test_the_same_seed_in_two_folders_is_one_article(engine: sa.Engine, tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "seed.txt").write_bytes((FIXTURES / "seed-article.txt").read_bytes())
    first = ingest_seeds(engine, tmp_path / "one")
    second = ingest_seeds(engine, tmp_path / "two")
    assert first.counts["articles_new"] == 1
    assert second.counts.get("articles_new", 0) == 0 and second.counts["articles_duplicate"] == 1
    assert "articles_unchanged" not in second.counts  # a duplicate is counted apart
    with read_session(engine) as session:
        run = session.scalars(sa.select(IngestRun).order_by(IngestRun.id.desc())).first()
    assert run is not None and (run.articles_duplicate, run.articles_unchanged) == (1, 0)
    assert stored_counts(engine)[0] == 1


@pytest.mark.parametrize("how", ["ctrl-c", "stop"])
def test_a_run_stopped_half_way_is_interrupted_with_what_it_stored(
    engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import threading

    from tracker.ingest import pipeline

    for n in range(120):
        (tmp_path / f"{n:03}.txt").write_text(f" date 2025-09-01\nReport {n}. {SENTENCE}\n")
    real, read, stop = pipeline.read_batch, [0], threading.Event()

    def reader(articles):  # type: ignore[no-untyped-def]
        read[0] += len(articles)
        if read[0] >= 70:  # the second batch: the first is stored, the rest is not
            if how == "ctrl-c":
                raise KeyboardInterrupt
            stop.set()
        return real(articles)

    monkeypatch.setattr(pipeline, "read_batch", reader)
    if how == "ctrl-c":
        with pytest.raises(KeyboardInterrupt):
            ingest_seeds(engine, tmp_path)
    else:
        ingest_seeds(engine, tmp_path, stop=stop)
    stored = stored_counts(engine)[0]
    assert 0 < stored < 120
    with read_session(engine) as session:
        run = session.scalars(sa.select(IngestRun)).one()
    assert (run.status, run.articles_new) == ("interrupted", stored) and run.finished_at is not None


def test_an_unreadable_trigger_is_counted_in_the_run_and_the_rest_is_stored(
        engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.extract import engine as extraction

    monkeypatch.delenv("TRACKER_STRICT_EXTRACTION", raising=False)
    real = extraction._measures

    def failing(sentence, reading, field, day, standing=False):  # type: ignore[no-untyped-def]
        if reading.trigger.text == "sanctioned":
            raise ValueError("unreadable")
        return real(sentence, reading, field, day, standing)

    monkeypatch.setattr(extraction, "_measures", failing)
    (tmp_path / "a.txt").write_text(" date 2024-05-01\nCanada sanctioned Nicaragua. Peru imposed 10% duties on Bolivian wine.")
    stats = ingest_seeds(engine, tmp_path, progress=False)
    assert stats.counts["extraction_errors"] == 1
    assert "1 triggers unreadable" in stats.summary()
    with read_session(engine) as session:
        kinds = sorted(m.kind for m in session.scalars(sa.select(Measure)))
        run = session.scalars(sa.select(IngestRun)).one()
    assert kinds == ["tariff"]
    assert run.extraction_errors == 1


def test_header_lines_after_the_date_give_title_url_and_source() -> None:
    from tracker.ingest.seeds import parse_seed_content

    parsed = parse_seed_content(
        " date 2025-09-01\n title US doubles tariffs on India\n url https://news.example/india\n"
        " source Example News\nWashington doubled its tariffs.\n"
    )
    assert parsed.headers == {"title": "US doubles tariffs on India", "url": "https://news.example/india",
                              "source": "Example News"}
    assert parsed.text == "Washington doubled its tariffs.\n" and parsed.warnings == ()
    odd = parse_seed_content(" date 2025-09-01\n url javascript:alert(1)\n title\ntitle is a word here.")
    assert odd.headers == {} and odd.text == "title is a word here." and len(odd.warnings) == 2


def test_seed_articles_are_stored_with_their_title_url_and_publisher(engine: sa.Engine, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "headed.txt").write_text(
        f" date 2025-09-02\n title Tariffs doubled\n url https://news.example/a\n source Example News\n{SENTENCE}\n"
    )
    (seeds / "plain.txt").write_text(f" date 2025-09-03 {SENTENCE} More follows.\n")
    assert ingest_seeds(engine, seeds).counts["articles_new"] == 2
    with read_session(engine) as session:
        rows = {a.identity: (a.title, a.url, a.publisher) for a in session.scalars(sa.select(Article))}
    assert rows["file:headed.txt"] == ("Tariffs doubled", "https://news.example/a", "Example News")
    # No title line: the first sentence is shown; no source line: the file's name.
    assert rows["file:plain.txt"] == (SENTENCE, None, "plain.txt")

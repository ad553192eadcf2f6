"""`tracker reextract`: the current extractor over stored articles, with people's decisions kept."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.store.test_review import ALMONDS, STEEL, TEXT, decide, listed, measures, read, store
from tracker.ingest import reextract as reextracting
from tracker.records import ExtractedMeasure
from tracker.store import audit, review
from tracker.store.db import read_session, write_session
from tracker.store.models import AuditEntry, ReextractRun
from tracker.store.reextract import StoredText

REPO_ROOT = Path(__file__).resolve().parents[2]


def reader(*found: ExtractedMeasure):  # type: ignore[no-untyped-def]
    """A stand-in for a changed extractor: every article reads as `found` (the seeded article's sentences)."""

    def read_batch(articles: Sequence[StoredText]) -> list[Sequence[ExtractedMeasure]]:
        return [list(found) if a.text == TEXT else [] for a in articles]

    return read_batch


def test_a_correction_survives_reextract_with_a_changed_extractor(engine: sa.Engine) -> None:
    store(engine, [read(STEEL), read(ALMONDS, kind="import_ban", actor="IND", target="USA", value=None,
                                     commodity="almonds")])
    steel, almonds = measures(engine)
    with write_session(engine) as session:
        changes = review.parse_fields(session, {"actor": "USA", "target": "CHN", "value": "60"})
    decide(engine, review.correct, steel.id, "ana", changes, "misread")
    decide(engine, review.reject, almonds.id, "ana", "not a ban")
    # The new extractor reads the steel sentence as an export control at 30% and no longer sees the ban.
    stats = reextracting.reextract(engine, read=reader(read(STEEL, kind="export_control", value=30)),
                                   version="9.9", progress=False)
    after = {m.id: m for m in measures(engine)}
    assert set(after) == {steel.id, almonds.id}
    kept = after[steel.id]
    assert (kept.kind, kept.target_code, kept.value, kept.review_state) == ("tariff", "CHN", 60, "corrected")
    assert after[almonds.id].review_state == "rejected"  # still rejected, not revived, not deleted
    assert stats.articles == 1 and stats.changes.added == {}
    with read_session(engine) as session:
        trail = [(e.who, e.action) for e in audit.measure_history(session, steel.id)]
    assert trail[0] == ("ana", "correct")


def test_machine_measures_no_evidence_supports_are_retired_not_deleted(engine: sa.Engine) -> None:
    store(engine, [read(STEEL), read(ALMONDS, kind="import_ban", actor="IND", target="USA", value=None,
                                     commodity="almonds")])
    steel, almonds = measures(engine)
    stats = reextracting.reextract(engine, read=reader(read(STEEL, value=50)), version="9.9", progress=False)
    assert stats.changes.retired == {almonds.id: "import_ban"}
    assert stats.changes.changed == {steel.id: "tariff"}
    assert stats.changes.by_kind() == {"import_ban": (0, 0, 1), "tariff": (0, 1, 0)}
    retired = {m.id: m for m in measures(engine)}[almonds.id]
    assert retired.retired == "unsupported" and listed(engine) == [steel.id]
    assert sorted(listed(engine, include_retired=True)) == [steel.id, almonds.id]
    with read_session(engine) as session:
        actions = sorted(session.scalars(sa.select(AuditEntry.action).where(AuditEntry.who == "reextract")))
    assert actions == ["reextract.change", "reextract.retire"]
    # Idempotent: the same extractor again changes nothing and records nothing.
    again = reextracting.reextract(engine, read=reader(read(STEEL, value=50)), version="9.9", progress=False)
    assert (again.changes.added, again.changes.changed, again.changes.retired) == ({}, {}, {})
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 2


def test_a_dry_run_changes_nothing(engine: sa.Engine) -> None:
    store(engine, [read(STEEL)])
    [before] = measures(engine)
    stats = reextracting.reextract(engine, read=reader(), version="9.9", dry_run=True, progress=False)
    assert stats.changes.retired == {before.id: "tariff"}
    [after] = measures(engine)
    assert (after.retired, after.source_count) == (None, 1)
    with read_session(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(ReextractRun)) == 0


KILLED = """
import sys, time
from pathlib import Path
from tests.store.test_review import STEEL, read
from tracker.ingest import reextract as reextracting
from tracker.store.db import make_engine

reextracting.PAGE = 2
marker = Path(sys.argv[2])
pages = []

def reading(articles):
    pages.append(len(articles))
    if len(pages) == 3:
        marker.write_text("third page")
        time.sleep(60)  # killed here, in the middle of a page
    return [[read(STEEL, value=30, text=a.text)] for a in articles]

reextracting.reextract(make_engine(sys.argv[1]), read=reading, version="9.9", progress=False)
"""


def test_a_run_killed_with_sigkill_resumes_after_the_last_stored_page(
    db_url: str, engine: sa.Engine, tmp_path: Path
) -> None:
    for i in range(7):
        text = f"Article {i}: {STEEL}"
        store(engine, [read(STEEL, text=text)], identity=f"k{i}", text=text, day=dt.date(2025, 8, 1 + i))
    marker = tmp_path / "marker"
    child = subprocess.Popen([sys.executable, "-c", KILLED, db_url, str(marker)], cwd=REPO_ROOT)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    with read_session(engine) as session:
        run = session.scalars(sa.select(ReextractRun)).one()
    assert (run.status, run.articles_done) == ("running", 4)  # two pages stored, the third never was
    seen: list[int] = []

    def reading(articles: Sequence[StoredText]) -> list[Sequence[ExtractedMeasure]]:
        seen.extend(a.id for a in articles)
        return [[read(STEEL, value=30, text=a.text)] for a in articles]

    stats = reextracting.reextract(engine, read=reading, version="9.9", progress=False)
    assert stats.resumed_after == run.last_article_id and len(seen) == 3 and stats.articles == 3
    [m] = measures(engine)
    assert m.value == 30 and m.source_count == 7
    with read_session(engine) as session:
        assert session.scalars(sa.select(ReextractRun.status)).all() == ["ok"]


def test_since_and_article_choose_what_is_read(engine: sa.Engine) -> None:
    first = store(engine, [read(STEEL)], identity="old", day=dt.date(2020, 1, 1))
    text = f"New: {STEEL}"
    second = store(engine, [read(STEEL, text=text)], identity="new", text=text, day=dt.date(2025, 1, 1))
    seen: list[int] = []

    def reading(articles: Sequence[StoredText]) -> list[Sequence[ExtractedMeasure]]:
        seen.extend(a.id for a in articles)
        return [[] for _ in articles]

    reextracting.reextract(engine, since=dt.date(2024, 1, 1), read=reading, version="9", dry_run=True, progress=False)
    assert seen == [second]
    seen.clear()
    reextracting.reextract(engine, article_id=first, read=reading, version="9", dry_run=True, progress=False)
    assert seen == [first]


def test_the_command_prints_its_summary_by_kind(runner, engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    store(engine, [read(STEEL)])
    monkeypatch.setattr(reextracting, "read_batch", reader())  # an extractor that no longer reads anything there
    result = runner.invoke("reextract", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.output and "0 added, 0 changed, 1 retired" in result.output
    assert "tariff" in result.output.splitlines()[-1]

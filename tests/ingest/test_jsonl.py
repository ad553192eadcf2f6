"""`tracker ingest --jsonl`: a corpus of JSON lines, stored like seeds: once, updated, deduplicated, resumable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.killing import kill_half_way, stored_counts
from tracker.ingest.jsonl import JsonlError, iter_jsonl_articles
from tracker.ingest.pipeline import ingest_jsonl
from tracker.store.db import make_engine, read_session
from tracker.store.models import IngestRun

SENTENCE = "In late August, Trump slapped 50% tariffs on India over its purchases of Russian oil."


def line(ident: str | int, text: str = SENTENCE, **extra: object) -> str:
    return json.dumps({"id": ident, "date": "2025-09-01", "title": f"Story {ident}", "text": text, **extra})


def test_lines_are_articles_and_bad_lines_are_errors_naming_their_line() -> None:
    lines = [
        line("a", url="https://news.example/a", source="Example News"),
        "",
        "{not json",
        json.dumps({"id": "b", "date": "2025-13-01", "text": "x"}),
        json.dumps({"date": "2025-09-01", "text": "no id"}),
        json.dumps({"id": "c", "text": "  "}),
        json.dumps(["a", "list"]),
        line(7, url="ftp://elsewhere"),
    ]
    items = list(iter_jsonl_articles(lines, "corpus.jsonl"))
    first, *errors, last = items
    assert (first.identity, first.title, first.url, first.publisher) == ("a", "Story a", "https://news.example/a",
                                                                         "Example News")
    assert [str(e) for e in errors] == [
        "corpus.jsonl line 3: not valid JSON (Expecting property name enclosed in double quotes)",
        "corpus.jsonl line 4: date '2025-13-01' is not YYYY-MM-DD",
        "corpus.jsonl line 5: no 'id' (text or a number)",
        "corpus.jsonl line 6: 'text' is blank",
        "corpus.jsonl line 7: not a JSON object",
    ]
    assert all(isinstance(e, JsonlError) for e in errors)
    assert (last.identity, last.url) == ("7", None)


def test_twice_is_once_a_changed_line_updates_and_a_copy_is_a_duplicate(engine: sa.Engine) -> None:
    first = ingest_jsonl(engine, [line("a"), line("b", f"Report b. {SENTENCE}")], "corpus.jsonl")
    assert first.counts["articles_new"] == 2 and first.counts["measures_new"] == 2 and not first.errors  # the tariff and India's purchases
    before = stored_counts(engine)
    again = ingest_jsonl(engine, [line("a"), line("b", f"Report b. {SENTENCE}")], "corpus.jsonl")
    assert again.counts["articles_unchanged"] == 2 and stored_counts(engine) == before
    changed = ingest_jsonl(engine, [line("a", f"Changed. {SENTENCE}"), line("copy-of-b", f"Report b. {SENTENCE}", title="Story b")],
                           "other.jsonl")
    assert changed.counts["articles_updated"] == 1 and changed.counts["articles_duplicate"] == 1
    assert stored_counts(engine)[0] == 2
    with read_session(engine) as session:
        runs = session.scalars(sa.select(IngestRun).order_by(IngestRun.id)).all()
    assert [(r.kind, r.status, r.articles_duplicate) for r in runs] == [("corpus", "ok", 0)] * 2 + [("corpus", "ok", 1)]


def test_the_cli_reads_a_file_or_stdin_and_says_what_it_did(runner, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(line("a", source="Example News") + "\n" + "{broken\n", encoding="utf-8")
    assert runner.invoke("db", "upgrade").exit_code == 0
    result = runner.invoke("ingest", "--jsonl", str(corpus), "--no-progress")
    assert result.exit_code == 1  # one line could not be read: said, and the run says errors
    assert "jsonl: 2 lines, articles 1 new / 0 updated / 0 unchanged / 0 duplicates" in result.output
    assert "corpus.jsonl line 2: not valid JSON" in caplog.text  # logged as an error, on stderr
    again = runner.invoke("ingest", "--jsonl", "-", "--no-progress", input=line("a", source="Example News") + "\n")
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.output and "jsonl: nothing new" in again.output
    missing = runner.invoke("ingest", "--jsonl", str(tmp_path / "nope.jsonl"))
    assert missing.exit_code == 2 and "not a file" in missing.output


def test_a_progress_bar_when_asked(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(line(i) for i in range(3)) + "\n", encoding="utf-8")
    runner.invoke("db", "upgrade")
    result = runner.invoke("ingest", "--jsonl", str(corpus), "--progress")
    assert result.exit_code == 0 and "0/3 [" in result.output  # tqdm's bar, counting to the file's 3 lines


@pytest.mark.slow
def test_a_run_killed_with_sigkill_is_completed_by_the_next(db_url: str, tmp_path: Path) -> None:
    from tracker.store import migrate

    migrate.upgrade(db_url)
    total = 300
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(line(f"n{n}", f"Report {n}. {SENTENCE}") for n in range(total)) + "\n")
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url}
    cmd = [sys.executable, "-m", "tracker", "ingest", "--jsonl", str(corpus), "--no-progress"]
    engine = make_engine(db_url)
    try:
        kill_half_way(cmd, env, engine)
        assert 0 < stored_counts(engine)[0] < total, "the run should have been killed half-way"
        rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        assert stored_counts(engine) == (total, 2, 2 * total)  # the tariff and the purchases it was over, once each
        with read_session(engine) as session:
            assert sorted(session.scalars(sa.select(IngestRun.status))) == ["interrupted", "ok"]
    finally:
        engine.dispose()

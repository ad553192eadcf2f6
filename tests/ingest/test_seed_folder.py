"""What the seed reader picks up: files of the folder, not links out of it, not hidden files, and never silently less."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.ingest.pipeline import ingest_seeds
from tracker.ingest.seeds import scan_seed_folder
from tracker.store.db import read_session
from tracker.store.models import Article

SENTENCE = "Washington imposed a 25% tariff on Indian steel."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (seeds / "a.txt").write_text(f" date 2025-09-01\n{SENTENCE}\n")
    (seeds / "sub" / "b.txt").write_text(f" date 2025-09-02\n{SENTENCE} Again.\n")
    (seeds / ".git").mkdir()
    (seeds / ".git" / "config").write_text(" date 2025-09-03\n[core] repositoryformatversion = 0\n")
    (seeds / ".hidden.txt").write_text(f" date 2025-09-03\n{SENTENCE} Hidden.\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text(" date 2025-09-04\nroot:x:0:0:root:/root:/bin/bash\n")
    (seeds / "passwd").symlink_to(outside / "secret")
    (seeds / "elsewhere").symlink_to(outside, target_is_directory=True)
    (seeds / "inside.txt").symlink_to(seeds / "a.txt")
    return seeds


def test_links_out_of_the_folder_are_errors_and_hidden_entries_are_skipped(folder: Path) -> None:
    files, problems = scan_seed_folder(folder)
    assert sorted(p.relative_to(folder).as_posix() for p in files) == ["a.txt", "inside.txt", "sub/b.txt"]
    assert sorted(Path(str(p).split(":")[0]).name for p in problems) == ["elsewhere", "passwd"]
    assert all("outside the seed folder" in str(p) for p in problems)


def test_links_out_are_followed_only_when_asked(folder: Path) -> None:
    files, problems = scan_seed_folder(folder, follow_links=True)
    assert problems == []
    assert {p.name for p in files} == {"a.txt", "inside.txt", "b.txt", "passwd", "secret"}


def test_an_unreadable_folder_is_an_error(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = scan_seed_folder(folder)
    assert [p.name for p in files] == ["a.txt", "inside.txt"]
    assert len(problems) == 3 and any("sub" in str(p) and "Permission denied" in str(p) for p in problems)


def test_a_run_ingests_what_the_folder_holds_and_counts_what_it_refused(folder: Path, engine: sa.Engine) -> None:
    stats = ingest_seeds(engine, folder)
    assert stats.counts["errors"] == 2 and stats.counts["articles_new"] == 2
    assert stats.counts["entries_seen"] == 5  # two files, one link to one of them, two refused links
    with read_session(engine) as session:
        texts = session.scalars(sa.select(Article.text)).all()
    assert not any("root:x" in t or "repositoryformatversion" in t for t in texts)

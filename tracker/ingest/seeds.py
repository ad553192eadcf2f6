"""Seed files: plain-text articles on disk, the simplest source.

A seed file starts with ` date YYYY-MM-DD` (the article date), then the text.
A file without it is dated by its modification time, with a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from tracker.errors import IngestError
from tracker.records import IncomingArticle

log = logging.getLogger(__name__)

MAX_SEED_BYTES = 5_000_000
SEED_SUFFIXES = {".txt", ".text", ""}
_DATE_PREFIX = re.compile(r"\A\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]*\n?[ \t]*")


class SeedError(IngestError):
    """A seed file that cannot be read as an article."""


@dataclasses.dataclass(frozen=True)
class SeedFile:
    path: Path
    date: dt.date
    text: str
    warning: str | None = None


def parse_seed(content: str, fallback_date: dt.date | None = None, name: str = "<seed>") -> tuple[dt.date, str, str | None]:
    """(date, text, warning) from a seed file's content; text excludes the date prefix."""
    match = _DATE_PREFIX.match(content)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)), content[match.end() :], None
        except ValueError:
            raise SeedError(f"{name}: invalid date {match.group(1)!r} on the first line") from None
    if fallback_date is None:
        raise SeedError(f"{name}: no ' date YYYY-MM-DD' first line and no fallback date")
    return fallback_date, content.lstrip("\ufeff"), f"{name}: no ' date YYYY-MM-DD' first line; dated {fallback_date} from the file"


def read_seed_file(path: Path) -> SeedFile:
    try:
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise SeedError(f"{path}: {size} bytes is over the {MAX_SEED_BYTES}-byte limit for a seed file")
        raw = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise SeedError(f"{path}: binary data (NUL bytes), not a text article")
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc).date()
    date, text, warning = parse_seed(content, mtime, str(path))
    if not text.strip():
        raise SeedError(f"{path}: empty article")
    return SeedFile(path, date, text, warning)


def list_seed_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise SeedError(f"{directory}: not a directory")
    return sorted(
        p for p in directory.rglob("*") if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SEED_SUFFIXES
    )


def to_incoming(seed: SeedFile, root: Path) -> IncomingArticle:
    try:
        identity = seed.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        identity = seed.path.name
    return IncomingArticle(identity=f"file:{identity}", title="", text=seed.text, published_on=seed.date)


def iter_seed_articles(directory: Path) -> Iterator[IncomingArticle | SeedError]:
    """Each readable seed as an article, each unreadable one as its error: one bad file stops nothing."""
    for path in list_seed_files(directory):
        try:
            seed = read_seed_file(path)
        except SeedError as exc:
            yield exc
            continue
        if seed.warning:
            log.warning(seed.warning)
        yield to_incoming(seed, directory)

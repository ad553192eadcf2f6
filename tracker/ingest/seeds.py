"""Seed files: plain-text articles on disk, the simplest source.

A seed file starts with ` date YYYY-MM-DD` (the article date), then the text.
A file without it is dated by its modification time, with a warning. The date line
may be followed by header lines, each starting with a space like it:

     date 2025-09-01
     title US doubles tariffs on India
     url https://example.com/2025/09/01/india-tariffs
     source Example News

The title is what the extractor reads as the article's title (a file without one is
shown under its first sentence); the URL links to the original; the source names the
publisher (the file's name is shown otherwise). None of the header lines is part of
the text, so evidence offsets count from the first line of the article itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from tracker.errors import IngestError
from tracker.ingest.window import DateWindow
from tracker.records import IncomingArticle
from tracker.store.articles import PublishedArticle

log = logging.getLogger(__name__)

MAX_SEED_BYTES = 5_000_000
SEED_SUFFIXES = {".txt", ".text", ""}
_DATE_PREFIX = re.compile(r"\A\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})[ \t]*")
_HEADER = re.compile(r"\n[ \t]+(title|url|source)(?:[ \t]+([^\n]*?))?[ \t]*(?=\n|\Z)")
_TEXT_START = re.compile(r"\n?[ \t]*")
HEADERS = ("title", "url", "source")
MAX_HEADER_CHARS = {"title": 1000, "url": 2000, "source": 300}


class SeedError(IngestError):
    """A seed file that cannot be read as an article."""


@dataclasses.dataclass(frozen=True)
class SeedFile:
    path: Path
    date: dt.date
    text: str
    warning: str | None = None
    title: str = ""  # from a ` title` line; "" when there is none
    url: str | None = None  # from a ` url` line (http or https only)
    source: str | None = None  # from a ` source` line: who published it


@dataclasses.dataclass(frozen=True)
class ParsedSeed:
    date: dt.date
    text: str
    warnings: tuple[str, ...] = ()
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


def parse_seed(content: str, fallback_date: dt.date | None = None, name: str = "<seed>") -> tuple[dt.date, str, str | None]:
    """(date, text, warning) from a seed file's content; text excludes the date line and the header lines."""
    parsed = parse_seed_content(content, fallback_date, name)
    return parsed.date, parsed.text, "; ".join(parsed.warnings) or None


def parse_seed_content(content: str, fallback_date: dt.date | None = None, name: str = "<seed>") -> ParsedSeed:
    """The date, the header lines (title, url, source) and the text of a seed file's content."""
    match = _DATE_PREFIX.match(content)
    if not match:
        if fallback_date is None:
            raise SeedError(f"{name}: no ' date YYYY-MM-DD' first line and no fallback date")
        warning = f"{name}: no ' date YYYY-MM-DD' first line; dated {fallback_date} from the file"
        return ParsedSeed(fallback_date, content.lstrip("\ufeff"), (warning,))
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise SeedError(f"{name}: invalid date {match.group(1)!r} on the first line") from None
    position, headers, warnings = match.end(), {}, []
    while header := _HEADER.match(content, position):
        key, value = header.group(1), (header.group(2) or "").strip()
        if key in headers:
            warnings.append(f"{name}: a second {key!r} line; the first is kept")
        elif not value:
            warnings.append(f"{name}: the {key!r} line is empty")
        elif key == "url" and not value.lower().startswith(("http://", "https://")):
            warnings.append(f"{name}: url {value[:80]!r} is not an http(s) address; left out")
        else:
            headers[key] = value[: MAX_HEADER_CHARS[key]]
        position = header.end()
    start = _TEXT_START.match(content, position)
    return ParsedSeed(date, content[start.end() if start else position :], tuple(warnings), headers)


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
    parsed = parse_seed_content(content, mtime, str(path))
    if not parsed.text.strip():
        raise SeedError(f"{path}: empty article")
    headers = parsed.headers
    return SeedFile(path, parsed.date, parsed.text, "; ".join(parsed.warnings) or None, headers.get("title", ""),
                    headers.get("url"), headers.get("source"))


def scan_seed_folder(directory: Path, *, follow_links: bool = False) -> tuple[list[Path], list[SeedError]]:
    """The seed files under `directory`, and what could not be looked at or was refused.

    Hidden files and folders (`.git`, editors' `.swp`, `.DS_Store`) are skipped: a
    seed folder that is a git checkout must not ingest `.git/config`. A link that
    leads out of the folder is refused, as an error, unless `follow_links` (a link to
    `/etc/passwd` must not become an article); one that stays inside is read where it
    points (files) or skipped (folders, which are read anyway). A folder that cannot be
    listed is an error too, never a silent gap.
    """
    if not directory.is_dir():
        raise SeedError(f"{directory}: not a directory")
    root = directory.resolve()
    files: list[Path] = []
    problems: list[SeedError] = []
    visited: set[Path] = {root}

    def visit(folder: Path) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(SeedError(f"{folder}: cannot list this folder ({exc.strerror or exc}); its seeds were not read"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root) and not follow_links:
                    problems.append(SeedError(f"{path}: links to {target}, outside the seed folder; not followed "
                                              "(use --follow-links or ingest.follow_links to allow it)"))
                    continue
                if not target.exists():
                    problems.append(SeedError(f"{path}: a link to {target}, which does not exist"))
                    continue
                if target.is_dir() and (target.is_relative_to(root) or target in visited):
                    continue  # read through its real path, or already read: never twice, never in a loop
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as exc:
                problems.append(SeedError(f"{path}: cannot be read ({exc.strerror or exc})"))
                continue
            if is_dir:
                visited.add(path.resolve())
                visit(path)
            elif is_file and path.suffix.lower() in SEED_SUFFIXES:
                files.append(path)

    visit(directory)
    return files, problems


def list_seed_files(directory: Path, *, follow_links: bool = False) -> list[Path]:
    """The seed files `iter_seed_articles` reads (see `scan_seed_folder` for what is left out)."""
    return scan_seed_folder(directory, follow_links=follow_links)[0]


def to_incoming(seed: SeedFile, root: Path) -> PublishedArticle:
    """The article, named by its path under the seed folder; its publisher is the source line, or that path."""
    try:
        identity = seed.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        identity = seed.path.name
    return PublishedArticle(identity=f"file:{identity}", title=seed.title, text=seed.text, published_on=seed.date,
                            url=seed.url, publisher=seed.source or identity)


def iter_seed_articles(
    directory: Path, window: DateWindow | None = None, *, follow_links: bool = False
) -> Iterator[IncomingArticle | SeedError]:
    """Each readable seed as an article, each unreadable one (or refused entry) as its error: one bad file stops nothing.

    A seed dated outside `window` is an error of its file: its date is a statement, not a guess.
    """
    window = window or DateWindow()
    files, problems = scan_seed_folder(directory, follow_links=follow_links)
    yield from problems
    for path in files:
        try:
            seed = read_seed_file(path)
        except SeedError as exc:
            yield exc
            continue
        if not window.allows(seed.date):
            yield SeedError(f"{path}: date {seed.date.isoformat()} is outside the accepted window "
                            f"{window.describe()}; correct its first line (ingest.earliest_year and "
                            "ingest.latest_days_ahead set the window)")
            continue
        if seed.warning:
            log.warning(seed.warning)
        yield to_incoming(seed, directory)

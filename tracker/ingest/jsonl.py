"""JSON lines: a corpus as the records `tracker extract --jsonl` reads, one article per line.

Each line is `{"id", "date": "YYYY-MM-DD", "title", "text"}` with optional `"url"` and
`"source"` (the publisher). The id names the article across runs, so a corpus loaded
twice is stored once and a changed line updates its article. A line that cannot be read
is an error naming its line number, and the other lines go on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from tracker.errors import IngestError
from tracker.ingest.window import DateWindow
from tracker.store.articles import PublishedArticle

log = logging.getLogger(__name__)

SOURCE_URL = "corpus:jsonl"  # every JSON-lines article shares one source: ids are the corpus's own
SOURCE_NAME = "JSON lines"


class JsonlError(IngestError):
    """A JSON line that is not an article."""


def _text(record: dict[str, Any], key: str, where: str, *, required: bool = False, limit: int | None = None) -> str:
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise JsonlError(f"{where}: no {key!r}")
        return ""
    if not isinstance(value, str):
        raise JsonlError(f"{where}: {key!r} is {type(value).__name__}, not text")
    return value[:limit] if limit else value


def to_article(record: Any, where: str, window: DateWindow | None = None) -> PublishedArticle:
    """One decoded line as an article; JsonlError saying what is wrong with it (a date outside `window` too)."""
    if not isinstance(record, dict):
        raise JsonlError(f"{where}: not a JSON object")
    ident = record.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int)) or str(ident).strip() == "":
        raise JsonlError(f"{where}: no 'id' (text or a number)")
    text = _text(record, "text", where, required=True)
    if not text.strip():
        raise JsonlError(f"{where}: 'text' is blank")
    raw_date = _text(record, "date", where)
    published_on = None
    if raw_date:
        try:
            published_on = dt.date.fromisoformat(raw_date[:10])
        except ValueError:
            raise JsonlError(f"{where}: date {raw_date[:30]!r} is not YYYY-MM-DD") from None
        if window is not None and not window.allows(published_on):
            raise JsonlError(f"{where}: date {published_on} is outside {window.describe()}")
    url = _text(record, "url", where, limit=2000) or None
    if url and not url.lower().startswith(("http://", "https://")):
        log.warning("%s: url %r is not an http(s) address; left out", where, url[:80])
        url = None
    return PublishedArticle(
        identity=str(ident).strip()[:2000],
        title=_text(record, "title", where),
        text=text,
        published_on=published_on,
        url=url,
        publisher=_text(record, "source", where, limit=300) or None,
    )


def iter_jsonl_articles(
    lines: Iterable[str], name: str, window: DateWindow | None = None
) -> Iterator[PublishedArticle | JsonlError]:
    """Each line as its article, or as the error it is; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            yield to_article(json.loads(line), where, window)
        except json.JSONDecodeError as exc:
            yield JsonlError(f"{where}: not valid JSON ({exc.msg})")
        except JsonlError as exc:
            yield exc


def count_lines(lines: Iterable[str]) -> int:
    """How many articles a file holds, for the progress bar (its non-blank lines)."""
    return sum(1 for line in lines if line.strip())

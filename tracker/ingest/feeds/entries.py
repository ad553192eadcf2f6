"""Feed entries to articles: which entry is which, and what it says.

Identity is the entry's own id (GUID / Atom id), else its link, else a hash
of its content, so a re-fetched entry updates its article instead of adding
a twin. The article URL is only ever a real http(s) link: many feeds' GUIDs
(livemint's bare numbers) claim to be permalinks and are not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
import time
from typing import Any
from urllib.parse import urlsplit

from tracker.ingest.feeds.htmltext import html_to_text, normalise_space
from tracker.ingest.window import DateWindow
from tracker.records import IncomingArticle

log = logging.getLogger(__name__)

MAX_IDENTITY = 2000


def is_web_url(value: str | None) -> bool:
    if not value:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _bounded(value: str, prefix: str = "") -> str:
    value = prefix + value
    if len(value) <= MAX_IDENTITY:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def entry_identity(entry: Any, title: str, text: str) -> str:
    """GUID, then link, then content hash: the first one the entry has."""
    guid = (entry.get("id") or "").strip()
    if guid:
        return _bounded(guid)
    link = (entry.get("link") or "").strip()
    if link:
        return _bounded(link)
    digest = hashlib.sha256(f"{title}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return "sha256:" + digest


def entry_url(entry: Any) -> str | None:
    """The entry's web link, never an id that merely claims to be one."""
    candidates = [entry.get("link")]
    candidates += [link.get("href") for link in entry.get("links", []) if link.get("rel", "alternate") == "alternate"]
    guid = entry.get("id")
    for candidate in candidates:
        if is_web_url(candidate) and (candidate != guid or not entry.get("guidislink") or is_web_url(guid)):
            return str(candidate).strip()[:2000]
    return None


def _detail_text(value: str, detail: Any) -> str:
    kind = (detail or {}).get("type", "text/html") if detail is not None else "text/html"
    if "html" in kind:
        return html_to_text(value)
    return normalise_space(value)


def entry_title(entry: Any) -> str:
    return _detail_text(entry.get("title", "") or "", entry.get("title_detail"))


def entry_text(entry: Any) -> str:
    """The fullest body the entry carries: content, else summary; as plain text."""
    bodies = [(c.get("value", ""), c) for c in entry.get("content", []) or []]
    if entry.get("summary"):
        bodies.append((entry.get("summary", ""), entry.get("summary_detail")))
    texts = [_detail_text(value, detail) for value, detail in bodies if value]
    return max(texts, key=len, default="")


def entry_published(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def entry_to_article(entry: Any, fetched_at: dt.datetime, window: DateWindow | None = None) -> IncomingArticle | None:
    """The article an entry describes, or None for an entry with no words at all.

    An undated entry is dated by when we first fetched it: for live news that
    is close, and the ledgers need a day. So is an entry dated outside `window`
    (year 1, year 9999: a publisher's mistake), with a warning.
    """
    title = entry_title(entry)
    text = entry_text(entry)
    if not title and not text:
        return None
    published_at = entry_published(entry)
    window = window or DateWindow(today=fetched_at.date())
    if published_at is not None and not window.allows(published_at.date()):
        log.warning("entry %s: published %s is outside the accepted window %s; dated by when it was fetched",
                    (entry.get("id") or entry.get("link") or title)[:200], published_at.date().isoformat(),
                    window.describe())
        published_at = None
    day = (published_at or fetched_at).date()
    return IncomingArticle(
        identity=entry_identity(entry, title, text),
        title=title,
        text=text,
        published_on=day,
        published_at=published_at,
        url=entry_url(entry),
    )

"""Feed lists from files: OPML (what feed readers export) or one URL per line."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from tracker.errors import IngestError
from tracker.ingest.feeds.parse import FeedError, reject_entity_declarations


class FeedListError(IngestError):
    """A feed-list file that cannot be read."""


@dataclasses.dataclass(frozen=True)
class ListedFeed:
    url: str
    name: str | None = None


def read_feed_list(content: bytes) -> list[ListedFeed]:
    """Feeds named in an OPML document or a plain list (`URL [name]`, `#` comments)."""
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return _read_opml(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedListError(f"feed list is not UTF-8 text (byte {exc.start})") from None
    feeds = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url, _, name = line.partition(" ")
        feeds.append(ListedFeed(url, name.strip() or None))
    return feeds


def _read_opml(content: bytes) -> list[ListedFeed]:
    try:
        reject_entity_declarations(content)
        root = ET.fromstring(content)
    except FeedError as exc:
        raise FeedListError(str(exc)) from None
    except ET.ParseError as exc:
        raise FeedListError(f"not well-formed OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise FeedListError(f"expected an <opml> document, found <{root.tag}>")
    feeds = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            feeds.append(ListedFeed(url.strip(), outline.get("title") or outline.get("text")))
    return feeds

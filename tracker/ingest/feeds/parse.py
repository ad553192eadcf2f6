"""Feed bytes to entries, whatever the server sent.

feedparser copes with RSS 0.9x/1.0/2.0 and Atom, wrong or missing encodings
(given the HTTP charset) and much malformed XML. Before it sees anything,
documents declaring entities are refused: feeds never need them, and they
are how an expansion bomb gets in.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import feedparser

from tracker.errors import IngestError

# A DOCTYPE with an internal subset, or any ENTITY declaration, in the prolog.
_DECLARATIONS = re.compile(rb"<!(?:ENTITY|DOCTYPE[^>\[]*\[)", re.IGNORECASE)
_PROLOG_BYTES = 64 * 1024


class FeedError(IngestError):
    """Bytes that are not a usable feed."""


@dataclasses.dataclass
class ParsedFeed:
    title: str
    entries: list[Any]
    problem: str | None = None  # what feedparser had to forgive, if anything


def _prolog_variants(body: bytes) -> list[bytes]:
    """The start of the document as ASCII-compatible bytes, also when it is UTF-16/32."""
    head = body[:_PROLOG_BYTES]
    variants = [head]
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            variants.append(head.decode(codec, "ignore").encode("ascii", "ignore"))
            break
    if b"\x00" in head:
        variants.append(head.replace(b"\x00", b""))
    return variants


def reject_entity_declarations(body: bytes) -> None:
    """FeedError if the document declares entities (billion laughs and friends)."""
    for variant in _prolog_variants(body):
        if _DECLARATIONS.search(variant):
            raise FeedError("document declares XML entities (possible entity-expansion bomb); refused")


def parse_feed(body: bytes, *, content_type: str = "", url: str = "") -> ParsedFeed:
    """Entries of a feed; FeedError when nothing usable is in it."""
    if not body.strip():
        raise FeedError("empty response body")
    reject_entity_declarations(body)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    result = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    problem = None
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc is not None else "malformed feed"
    if not result.entries:
        if result.get("version"):
            return ParsedFeed(result.feed.get("title", ""), [], problem)
        raise FeedError(f"not a feed ({problem or 'no RSS or Atom content found'})")
    return ParsedFeed(result.feed.get("title", ""), list(result.entries), problem)

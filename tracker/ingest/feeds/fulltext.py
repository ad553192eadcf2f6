"""The linked page's text, for feeds whose entries carry only a teaser.

Fetched with the same guarded client as feeds. trafilatura finds the main
text when it is installed; otherwise the page's paragraphs are used.
"""

from __future__ import annotations

import re

from tracker.ingest.feeds.fetch import PAGE_ACCEPT, FetchPolicy, fetch
from tracker.ingest.feeds.htmltext import html_to_text

_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p[\s>].*?</p>", re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", re.IGNORECASE)


def _decode(body: bytes, content_type: str) -> str:
    match = _CHARSET.search(content_type) or None
    candidates = [match.group(1)] if match else []
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    for charset in [*candidates, "utf-8"]:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


def page_text(html: str, url: str = "") -> str:
    """Main text of a web page: trafilatura's reading if available, else its paragraphs."""
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    if trafilatura is not None:
        extracted = trafilatura.extract(html, url=url or None, include_comments=False, include_tables=False)
        if extracted:
            return str(extracted).strip()
    paragraphs = [html_to_text(p) for p in _PARAGRAPH.findall(html)]
    return "\n".join(p for p in paragraphs if p)


def fetch_full_text(url: str, policy: FetchPolicy) -> str:
    """The article text at `url`; raises FetchError when the page cannot be had."""
    result = fetch(url, policy, accept=PAGE_ACCEPT)
    return page_text(_decode(result.body, result.content_type), result.url)

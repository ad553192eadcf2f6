"""HTML fragments reduced to plain text: nothing from a feed is ever rendered as markup."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SKIPPED = {"script", "style", "noscript", "template", "iframe", "object", "svg", "math", "head", "title"}
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "pre", "section", "article", "header", "footer", "figure", "figcaption", "hr", "dd", "dt",
}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def looks_like_html(value: str) -> bool:
    return ("<" in value and ">" in value) or "&" in value


def html_to_text(value: str) -> str:
    """Visible text of an HTML fragment, one line per block, whitespace tidied."""
    if not value:
        return ""
    if not looks_like_html(value):
        return normalise_space(value)
    collector = _TextCollector()
    try:
        collector.feed(value)
        collector.close()
        text = "".join(collector.parts)
    except Exception:  # html.parser is lenient, but a fragment must never stop ingestion
        text = html.unescape(re.sub(r"<[^>]*>", " ", value))
    return normalise_space(text)


def normalise_space(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()

"""Sentence spans that survive wire-copy abbreviations ("U.S. Is", "Sept. 1", "Co.")."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "st", "co", "corp", "inc", "ltd", "jr", "sr", "gen", "sen", "rep", "gov", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.c", "u.n", "u.s.s.r", "p.m", "a.m", "dlrs", "pct", "mln", "bln", "approx", "est", "dept"]
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of sentences, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().startswith("."):
            word = text[max(0, match.start() - 8) : match.start()].rsplit(None, 1)[-1:] or [""]
            token = word[0].lower().lstrip("(\"'“")
            if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
                continue
        _append(text, start, match.end(), spans)
        start = match.end()
    _append(text, start, len(text), spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))

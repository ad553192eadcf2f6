"""Article pages: the stored text with every evidence span marked and linked to its measure."""

from __future__ import annotations

from flask import Blueprint, abort

from tracker.store.details import article, article_evidence, article_source
from tracker.store.listing import MeasureFilter
from tracker.web.db import session
from tracker.web.formats import HTML, Extra, Found, Report, route

bp = Blueprint("articles", __name__)

Span = tuple[int, int, int, int]  # start, end, measure id, evidence id


def segments(text: str, spans: list[Span]) -> list[tuple[str, tuple[int, int] | None]]:
    """Split text into (piece, (measure id, evidence id) or None); overlapping spans keep the first."""
    out: list[tuple[str, tuple[int, int] | None]] = []
    pos = 0
    for start, end, measure_id, evidence_id in sorted(spans):
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], (measure_id, evidence_id)))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


@route(bp, "/articles/<id:article_id>")
def show(article_id: int) -> Found:
    db = session()
    found = article(db, article_id)
    if found is None:
        abort(404, f"Article {article_id} doesn't exist.")
    rows = article_evidence(db, article_id)
    source = article_source(db, found)
    by_field: dict[str, list[Span]] = {"title": [], "text": []}
    for ev, measure in rows:
        by_field.setdefault(ev.field, []).append((ev.start, ev.end, measure.id, ev.id))
    return Found(
        template="article.html",
        title=found.title or f"Article {found.id}",
        filename=f"article-{found.id}",
        measures=MeasureFilter(article=found.id),
        data={
            "article": found,
            "source": {"kind": source.kind, "name": source.name},
            "text": found.text,
            "evidence": [Report(ev, measure=m) for ev, m in rows],
        },
        extras={
            "title_parts": Extra(lambda: segments(found.title, by_field["title"]), HTML),
            "text_parts": Extra(lambda: segments(found.text, by_field["text"]), HTML),
        },
    )

"""The public entry point: one article in, its measures out.

Extraction is pure (text and date in, measures with evidence spans out) and loud: an error
while reading one trigger is logged with the article and the trigger, counted in the
result, and skips only that trigger (under tests it is raised; see `engine.strict`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from tracker.extract.engine import extract_from
from tracker.records import ExtractedMeasure


@dataclasses.dataclass(slots=True)
class Extraction:
    """What one article yielded, and how many triggers could not be read."""

    measures: list[ExtractedMeasure]
    errors: int = 0


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def extract_article(text: str, date: dt.date | None = None, title: str = "",
                    article_id: str | None = None) -> Extraction:
    """Measures between countries read from one article, with the count of unreadable triggers.

    The body is read first; the title only when the article has no body (wire flashes),
    because gold evidence and most detail live in the body.
    """
    text = text if isinstance(text, str) else ""
    title = title if isinstance(title, str) else ""
    day = _as_date(date)
    if text.strip():
        result = extract_from(text, "text", day, article_id=article_id)
    elif title.strip():
        result = extract_from(title, "title", day, ignore_case=title.isupper(), article_id=article_id)
    else:
        return Extraction([])
    return Extraction(deduplicate(result.measures), result.errors)


def extract(text: str, date: dt.date | None = None, title: str = "") -> list[ExtractedMeasure]:
    """Measures between countries read from one article (see `extract_article`)."""
    return extract_article(text, date, title).measures


_DONE_FLOW = frozenset({"reported", "alleged"})


def _distinct_phase(first: ExtractedMeasure, second: ExtractedMeasure) -> bool:
    """Lifted vs standing measures, and a flow that happened vs one newly agreed, are two items (gold convention 1)."""
    if (first.status == "lifted") != (second.status == "lifted"):
        return True
    statuses = {first.status, second.status}
    if first.evidence.start == second.evidence.start:
        return False  # one sentence, one flow: "with these purchases, Japan is committed to buying ..."
    return first.kind in ("purchase", "supply") and "announced" in statuses and bool(statuses & _DONE_FLOW)


def deduplicate(found: list[ExtractedMeasure]) -> list[ExtractedMeasure]:
    """One item per (kind, actor, target), except where figures differ (gold convention 1)."""
    kept: list[ExtractedMeasure] = []
    for measure in found:
        same = [m for m in kept if (m.kind, m.actor, m.target) == (measure.kind, measure.actor, measure.target)
                and not _distinct_phase(m, measure)]
        if not same:
            kept.append(measure)
            continue
        if measure.value is None or any(m.value == measure.value for m in same):
            continue
        valueless = next((m for m in same if m.value is None), None)
        if valueless is not None:
            kept[kept.index(valueless)] = measure
        else:
            kept.append(measure)
    return kept

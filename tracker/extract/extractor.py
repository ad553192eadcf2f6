"""The public entry point: one article in, its measures out.

Extraction is pure (text and date in, measures with evidence spans out) and loud: an error
while reading one trigger is logged with the article and the trigger, counted in the
result, and skips only that trigger (under tests it is raised; see `engine.strict`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from tracker.extract.engine import PendingLink, Plan, extract_planned, plan
from tracker.records import INSTRUMENTS, ExtractedMeasure, Link

Article = tuple[Any, Any, Any, "str | None"]  # text, date, title, article id


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


def _plan(text: Any, date: Any, title: Any, article_id: str | None) -> Plan | None:
    text = text if isinstance(text, str) else ""
    title = title if isinstance(title, str) else ""
    day = _as_date(date)
    if text.strip():
        return plan(text, "text", day, article_id=article_id)
    if title.strip():
        return plan(title, "title", day, ignore_case=title.isupper(), article_id=article_id)
    return None


def extract_articles(articles: Iterable[Article], chunk: int = 64) -> Iterator[Extraction]:
    """`extract_article` for many articles, in order, parsing `chunk` articles' sentences at once.

    The results are the same as article by article; batching only makes the parser faster.
    Each item is (text, date, title, article_id).
    """
    pending: list[Plan | None] = []
    for text, date, title, article_id in articles:
        pending.append(_plan(text, date, title, article_id))
        if len(pending) >= chunk:
            yield from _finish(pending)
            pending = []
    yield from _finish(pending)


def _finish(plans: list[Plan | None]) -> Iterator[Extraction]:
    results = iter(extract_planned([p for p in plans if p is not None]))
    for p in plans:
        if p is None:
            yield Extraction([])
            continue
        result = next(results)
        yield Extraction(_with_links(deduplicate(result.measures), result.links), result.errors)


def extract_article(text: str, date: dt.date | None = None, title: str = "",
                    article_id: str | None = None) -> Extraction:
    """Measures between countries read from one article, with the count of unreadable triggers.

    The body is read first; the title only when the article has no body (wire flashes),
    because gold evidence and most detail live in the body.
    """
    return next(extract_articles([(text, date, title, article_id)]))


def _with_links(measures: list[ExtractedMeasure], pending: list[PendingLink]) -> list[ExtractedMeasure]:
    """Attach each link to the measures that survived deduplication, by index in the final list.

    A link made from or to a mention that was merged into another item of the same key
    follows that item.
    """
    def index_of(measure: ExtractedMeasure) -> int | None:
        for index, kept in enumerate(measures):
            if kept is measure:
                return index
        for index, kept in enumerate(measures):
            if (kept.kind, kept.actor, kept.target) == (measure.kind, measure.actor, measure.target):
                return index
        return None

    links: dict[int, list[Link]] = {}
    for link in pending:
        source, target = index_of(link.source), index_of(link.target)
        if source is None or target is None or source == target:
            continue
        if any(existing.to == target and existing.relation == link.relation for existing in links.get(source, [])):
            continue
        links.setdefault(source, []).append(Link(link.relation, target, link.evidence))
    return [dataclasses.replace(m, links=tuple(links[i])) if i in links else m for i, m in enumerate(measures)]


def extract(text: str, date: dt.date | None = None, title: str = "") -> list[ExtractedMeasure]:
    """Measures between countries read from one article (see `extract_article`)."""
    return extract_article(text, date, title).measures


_DONE_FLOW = frozenset({"reported", "alleged"})


_GENERIC_GOODS = frozenset({None, "goods"})


def _distinct_phase(first: ExtractedMeasure, second: ExtractedMeasure) -> bool:
    """Lifted vs standing measures, a flow that happened vs one newly agreed, and a planned
    measure on other goods than a standing one ("will ban Russian coal ... already bans
    Russian vodka") are two items (gold convention 1)."""
    if (first.status == "lifted") != (second.status == "lifted"):
        return True
    planned = {"announced", "threatened", "proposed"}
    if first.kind in INSTRUMENTS and first.evidence.start != second.evidence.start \
            and first.commodity not in _GENERIC_GOODS and second.commodity not in _GENERIC_GOODS \
            and first.commodity != second.commodity and ({first.status, second.status} & planned) \
            and "in_force" in {first.status, second.status}:
        return True  # a planned ban on coal and a standing one on vodka
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

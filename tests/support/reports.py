"""Invented articles, stored through the store's one write path (`save_article`).

Tests describe a history as a list of reports, each an article on a day with the
measures an extractor would have read from it, built by hand (never by the extractor):

    news = Newsroom(engine)
    news.report("2025-07-01", said("tariff", "USA", "IND", "threatened", 25))
    news.report("2025-08-07", said("tariff", "USA", "IND", "in_force", 25, effective="2025-08-07"))
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import sqlalchemy as sa

from tracker.records import Dates, EvidenceSpan, ExtractedMeasure, IncomingArticle, Link, Period
from tracker.store.articles import SaveOutcome, get_or_create_source, save_article
from tracker.store.db import write_session

_numbers = itertools.count(1)


def day(text: str | dt.date | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) else text


def period(text: str | Period | None) -> Period | None:
    """"2025-08-07" is a day; "2025-08-21..2025-08-31/part-of-month" a vaguer period."""
    if text is None or isinstance(text, Period):
        return text
    bounds, _, precision = text.partition("/")
    start, _, end = bounds.partition("..")
    return Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end or start), precision or "day")


@dataclasses.dataclass(frozen=True)
class Said:
    """A measure as one article reports it; `links` name other measures of the same article by position."""

    kind: str
    actor: str
    target: str
    status: str
    value: float | None = None
    commodity: str | None = None
    announced: str | Period | None = None
    effective: str | Period | None = None
    lifted: str | Period | None = None
    confidence: float = 1.0
    links: tuple[tuple[str, int, str | None], ...] = ()  # (relation, index, evidence text)
    sentence: str | None = None

    def text(self) -> str:
        if self.sentence:
            return self.sentence
        figure = f" of {self.value:g}%" if self.value is not None else ""
        goods = f" on {self.commodity}" if self.commodity else ""
        return f"{self.actor} {self.kind}{figure}{goods} against {self.target}, {self.status.replace('_', ' ')}."


def said(kind: str, actor: str, target: str, status: str, value: float | None = None, **fields: object) -> Said:
    return Said(kind, actor, target, status, value, **fields)  # type: ignore[arg-type]


class Newsroom:
    """Stores invented articles, each a new one unless an identity is given."""

    def __init__(self, engine: sa.Engine, source: str = "test:newsroom") -> None:
        self.engine = engine
        self.source = source

    def report(
        self, on: str | dt.date | None, *measures: Said, identity: str | None = None, url: str | None = None,
        title: str = "", filler: str | None = None,
    ) -> SaveOutcome:
        sentences = [m.text() for m in measures]
        number = next(_numbers)
        body = " ".join(sentences) + " " + (filler if filler is not None else f"Unrelated background number {number} "
                                                                             f"of this invented story, told at length.")
        extracted = []
        for m in measures:
            start = body.index(m.text())
            span = EvidenceSpan("text", start, start + len(m.text()), m.text())
            links = []
            for relation, index, words in m.links:
                evidence = None
                if words:
                    at = body.index(words)
                    evidence = EvidenceSpan("text", at, at + len(words), words)
                links.append(Link(relation, index, evidence))
            extracted.append(ExtractedMeasure(
                kind=m.kind, actor=m.actor, target=m.target, status=m.status, evidence=span, value=m.value,
                unit="percent" if m.value is not None else None, commodity=m.commodity,
                dates=Dates(period(m.announced), period(m.effective), period(m.lifted)),
                confidence=m.confidence, links=tuple(links),
            ))
        article = IncomingArticle(identity or f"article-{number}", title or f"Report {number}", body, day(on), url=url)
        with write_session(self.engine) as session:
            source_id = get_or_create_source(session, "seed", self.source, "invented reports")
            return save_article(session, source_id, article, extracted, "test")


SEED_SENTENCE = "In late August, Trump slapped 50% tariffs on India over its purchases of Russian arms and energy"
OVER = "over its purchases of Russian arms and energy"


def seed_like(news: Newsroom, on: str = "2025-09-01", **kwargs: object) -> SaveOutcome:
    """The seed article's chain as the extractor is to read it: tariff USA → IND (50%, in force since
    late August) over India's purchases of Russian arms and energy (purchase IND → RUS)."""
    return news.report(
        on,
        said("tariff", "USA", "IND", "in_force", 50, effective="2025-08-21..2025-08-31/part-of-month",
             links=(("over", 1, OVER),), sentence=SEED_SENTENCE, confidence=0.9),
        said("purchase", "IND", "RUS", "reported", commodity="arms and energy", confidence=0.7,
             sentence="India's purchases of Russian arms and energy continued."),
        **kwargs,  # type: ignore[arg-type]
    )

"""A small, known ledger stored through the real write path (save_article)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa

from tracker.records import EvidenceSpan, ExtractedMeasure, IncomingArticle
from tracker.store.articles import get_or_create_source, save_article
from tracker.store.db import write_session

STEEL_25 = "Washington imposed a 25% tariff on Indian steel."
STEEL_50 = "The United States raised its tariff on Indian steel to 50%, in force from today."
ALMONDS = "India banned imports of American almonds <script>alert(1)</script>."
SANCTION = "The EU sanctioned Russian banks."


@dataclasses.dataclass
class Seeded:
    steel: int  # USA → IND tariff, 25% then 50%
    almonds: int  # IND → USA import ban, commodity that looks like a formula
    sanction: int  # EU → RUS, undated
    articles: list[int]


def _measure(text: str, sentence: str, **fields: object) -> ExtractedMeasure:
    start = text.index(sentence)
    ev = EvidenceSpan("text", start, start + len(sentence), sentence)
    return ExtractedMeasure(evidence=ev, **fields)  # type: ignore[arg-type]


def store(engine: sa.Engine) -> Seeded:
    """Three articles about three measures; the steel tariff is reported twice with a change."""
    a1 = f"Trade news. {STEEL_25} Delhi protested."
    a2 = f"Update. {STEEL_50} {ALMONDS}"
    a3 = f"Brussels. {SANCTION}"
    with write_session(engine) as session:
        src = get_or_create_source(session, "seed", "test:web", "web tests")
        o1 = save_article(
            session, src,
            IncomingArticle("a1", "US tariff on steel", a1, dt.date(2025, 8, 1), url="https://news.example/a1"),
            [_measure(a1, STEEL_25, kind="tariff", actor="USA", target="IND", status="announced",
                      value=25.0, unit="percent", commodity="steel", date=dt.date(2025, 8, 1))],
            "test",
        )
        o2 = save_article(
            session, src,
            IncomingArticle("a2", "Tariff doubled <b>bold</b>", a2, dt.date(2025, 9, 1), url="javascript:alert(1)"),
            [
                _measure(a2, STEEL_50, kind="tariff", actor="USA", target="IND", status="in_force",
                         value=50.0, unit="percent", commodity="steel", date=dt.date(2025, 8, 27)),
                _measure(a2, ALMONDS, kind="import_ban", actor="IND", target="USA", status="in_force",
                         commodity="=HYPERLINK(almonds)", date=dt.date(2025, 9, 1)),
            ],
            "test",
        )
        o3 = save_article(
            session, src, IncomingArticle("a3", "EU sanctions", a3, None),
            [_measure(a3, SANCTION, kind="sanction", actor="EU", target="RUS", status="announced")],
            "test",
        )
        from tracker.store.models import Measure

        ids = {m.kind: m.id for m in session.scalars(sa.select(Measure))}
    return Seeded(ids["tariff"], ids["import_ban"], ids["sanction"], [o1.article_id, o2.article_id, o3.article_id])


@pytest.fixture
def seeded(engine: sa.Engine) -> Seeded:
    return store(engine)

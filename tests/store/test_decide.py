"""The decision behind every write, as a table: new, updated, unchanged or duplicate (no database)."""

from __future__ import annotations

import pytest

from tracker.records import IncomingArticle
from tracker.store.articles import NOTHING_STORED, StoredArticle, decide

ARTICLE = IncomingArticle(identity="guid-1", title="Tariffs", text="The US set a 25% tariff on steel.")
SAME = ARTICLE.content_hash
OTHER = IncomingArticle(identity="guid-1", title="Tariffs", text="Corrected: a 20% tariff.").content_hash
VERSION = "2.0"


@pytest.mark.parametrize(
    ("case", "stored", "verdict"),
    [
        ("nothing stored", NOTHING_STORED, "new"),
        ("own row, same content, same extractor", StoredArticle(7, SAME, VERSION), "unchanged"),
        ("own row, changed content", StoredArticle(7, OTHER, VERSION), "updated"),
        ("own row, read by an older extractor", StoredArticle(7, SAME, "1.9"), "updated"),
        ("own row never read by an extractor", StoredArticle(7, SAME, None), "updated"),
        ("own row, changed content, older extractor", StoredArticle(7, OTHER, "1.9"), "updated"),
        ("same content under another name", StoredArticle(twin_id=3), "duplicate"),
        ("own row wins over a twin", StoredArticle(7, SAME, VERSION, twin_id=3), "unchanged"),
        ("own row changed, a twin elsewhere", StoredArticle(7, OTHER, VERSION, twin_id=3), "updated"),
    ],
)
def test_decide(case: str, stored: StoredArticle, verdict: str) -> None:
    assert decide(ARTICLE, stored, VERSION) == verdict, case


def test_the_hash_covers_title_and_text() -> None:
    retitled = IncomingArticle(identity="guid-1", title="Steel", text=ARTICLE.text)
    assert decide(retitled, StoredArticle(7, SAME, VERSION), VERSION) == "updated"

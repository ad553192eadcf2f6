"""Search helpers: actors by code then name, commodities, evidence words, through the full-text index."""

from __future__ import annotations

import sqlalchemy.orm as so

from tests.web.conftest import store
from tracker.store.fulltext import fold, parse
from tracker.store.lookup import EvidenceSearch, find_actors, find_articles, find_commodities, find_evidence


def test_search_helpers(engine):
    store(engine)
    with so.Session(engine) as session:
        assert find_actors(session, ["IND"], parse("india"))[0].code == "IND"
        assert [c.commodity for c in find_commodities(session, parse("STEEL"))] == ["steel"]
        assert find_evidence(session, EvidenceSearch(parse("100%"))).rows == []
        assert len(find_evidence(session, EvidenceSearch(parse("indian steel"))).rows) == 2
        assert len(find_evidence(session, EvidenceSearch(parse("indian steel"), ("USA", "IND"))).rows) == 2
        assert find_evidence(session, EvidenceSearch(parse("indian steel"), ("RUS",))).rows == []
        assert [a.title for a in find_articles(session, parse("brussels")).rows] == ["EU sanctions"]


def test_folding_and_the_query_language():
    assert fold("Türkiye's DUAL-use goods, 25.5%") == "turkiye s dual use goods 25 5"
    query = parse('rice "price cap" sanction* "" *')
    assert [(t.words, t.prefix) for t in query.terms] == [(("rice",), False), (("price", "cap"), False),
                                                         (("sanction",), True)]
    assert query.fts5() == '"rice" "price cap" "sanction"*'
    assert query.tsquery() == "(rice) & (price <-> cap) & (sanction:*)"
    assert not parse('%% "" -- *')  # nothing left to look for: no results, not every row

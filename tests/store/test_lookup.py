"""Search helpers: actors by code then name, commodities, evidence words."""

from __future__ import annotations

import sqlalchemy.orm as so

from tests.web.conftest import store
from tracker.store.lookup import find_actors, find_commodities, find_evidence


def test_search_helpers(engine):
    store(engine)
    with so.Session(engine) as session:
        assert find_actors(session, ["IND"], "india")[0].code == "IND"
        assert find_commodities(session, "STEEL") == [("steel", 1)]
        assert find_evidence(session, "100%") == []
        assert len(find_evidence(session, "indian steel")) == 2

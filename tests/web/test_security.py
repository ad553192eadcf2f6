"""Headers every response carries, and errors that are never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/", "/ledger/USA/IND", "/measures.json", "/countries/IND.atom", "/nope"])
def test_security_headers(client, seeded, path):
    r = client.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path",
    [
        "/ledger/USA/IND?until=2025-02-30",
        "/measures?after=2025-01-01~x",
        "/measures?after=~",
        "/measures.atom?kind=nope",
        "/countries/" + "A" * 40,
        "/countries/IND?since=%00",
        "/measures?sort=-value&after=abc~1",
    ],
)
def test_bad_input_is_a_client_error(client, seeded, path):
    assert 400 <= client.get(path).status_code < 500

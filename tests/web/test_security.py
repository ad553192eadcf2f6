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


def test_templates_have_no_inline_scripts_styles_or_unescaped_output():
    """The CSP allows neither, and outside text must always be escaped."""
    import re
    from pathlib import Path

    import tracker.web

    for path in (Path(tracker.web.__file__).parent / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script" not in text and "style=" not in text and "<style" not in text, path.name
        assert not re.search(r"\|\s*safe\b(?!_)", text) and "autoescape false" not in text, path.name


def test_a_database_that_cannot_answer_is_a_503_without_details(client, seeded, monkeypatch):
    import sqlalchemy as sa

    from tracker.web.views import pages

    def broken(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT secret FROM measures", {}, Exception("server closed the connection"))

    monkeypatch.setattr(pages, "measure_page", broken)
    page = client.get("/")
    assert page.status_code == 503
    assert "could not answer" in page.get_data(as_text=True) and "secret" not in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/measures/9223372036854775808",
        "/measures/2147483648",
        "/measures/2147483648.json",
        "/articles/99999999999999999999999",
        "/articles/0",
    ],
)
def test_ids_beyond_any_row_are_404_on_every_backend(client, seeded, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["after=~9223372036854775808", "after=~2147483648", "sort=-value&after=inf~1", "sort=value&after=nan~1",
     "after=~%C2%B2"],
)
def test_cursors_beyond_any_row_are_400(client, seeded, query):
    assert client.get(f"/measures?{query}").status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/search?q=%00", "/measures?commodity=%00", "/measures?commodity=steel%01", "/ledger/USA/IND.json?kind%00=x",
     "/countries/IND.csv?until=%1F"],
)
def test_control_characters_in_parameters_are_400(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "control character" in response.get_data(as_text=True)


def test_tabs_and_newlines_in_a_search_are_fine(client, seeded):
    assert client.get("/search?q=steel%09tariff%0A").status_code == 200

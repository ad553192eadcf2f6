"""Article page: text escaped, evidence spans highlighted and linked to their measures."""

from __future__ import annotations

from tests.web.conftest import STEEL_50


def test_spans_are_marked_and_link_to_measures(client, seeded):
    page = client.get(f"/articles/{seeded.articles[1]}").get_data(as_text=True)
    assert f'<a href="/measures/{seeded.steel}#e' in page
    assert f">{STEEL_50}</a></mark>" in page


def test_outside_text_is_escaped(client, seeded):
    page = client.get(f"/articles/{seeded.articles[1]}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page
    assert 'href="javascript:' not in page


def test_missing_article_is_404(client, seeded):
    assert client.get("/articles/424242").status_code == 404

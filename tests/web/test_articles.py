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


def test_a_seed_file_shows_a_title_and_its_file_name_as_source(client, engine, tmp_path):
    import sqlalchemy as sa

    from tracker.ingest.pipeline import ingest_seeds
    from tracker.store.db import read_session
    from tracker.store.models import Article

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "017_tariffs.txt").write_text(" date 2025-09-02 Washington doubled its tariffs on Indian goods. More.\n")
    ingest_seeds(engine, seeds, progress=False)
    with read_session(engine) as session:
        article_id = session.scalar(sa.select(Article.id))
    page = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert "<title>Washington doubled its tariffs on Indian goods. · tracker</title>" in page
    assert "017_tariffs.txt" in page and f"Article {article_id}" not in page
    assert client.get(f"/articles/{article_id}.json").get_json()["article"]["publisher"] == "017_tariffs.txt"

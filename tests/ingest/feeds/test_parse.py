"""Parsing whatever comes: every dialect, broken encodings, malformed XML, hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.feeds.feed_server import ENTITY_BOMB, FIXTURES, HTML_PAGE, INVALID_UTF8
from tracker.ingest.feeds.htmltext import html_to_text
from tracker.ingest.feeds.parse import FeedError, parse_feed


def parsed(name: str, content_type: str = "application/xml"):  # type: ignore[no-untyped-def]
    return parse_feed((FIXTURES / name).read_bytes(), content_type=content_type)


@pytest.mark.parametrize(
    "name, count, index, title",
    [
        ("miniflux-encoding_ISO-8859-1.xml", 40, 5, "Projekt Jedi: Microsoft will weiter mit US-Militär zusammenarbeiten"),
        ("miniflux-urdu_UTF8.xml", 26, 0, "امریکی عسکری امداد کی بندش کی وجوہات: انڈیا سے جنگ، جوہری پروگرام اور اب دہشت گردوں کی پشت پناہی"),
        ("miniflux-rdf_UTF8.xml", 60, 1, "Mega-Deal: IBM übernimmt Red Hat"),
        ("rsparser-kc0011.rss", 20, 0, "建国35周年纪念，华表，和平鸽"),
    ],
)
def test_golden_titles(name: str, count: int, index: int, title: str) -> None:
    feed = parsed(name)
    assert len(feed.entries) == count
    assert feed.entries[index].title.strip() == title


@pytest.mark.parametrize(
    "name, count",
    [("rsparser-bio.rdf", 30), ("rsparser-livemint.xml", 25), ("rsparser-aktuality.rss", 30), ("rsparser-macworld.rss", 30)],
)
def test_every_entry_of_rss_1_and_2_dialects(name: str, count: int) -> None:
    feed = parsed(name)
    assert len(feed.entries) == count
    assert all(e.get("title") for e in feed.entries)


def test_item_titles_not_the_nested_image_titles() -> None:
    titles = [e.title for e in parsed("rsparser-aktuality.rss").entries]
    assert titles[0] == "Analytici Goldman Sachs zvýšili odhad rastu ekonomiky USA"
    assert len(set(titles)) == len(titles)


def test_http_charset_makes_a_declarationless_latin1_feed_parse_cleanly() -> None:
    feed = parsed("miniflux-no_encoding_ISO-8859-1.xml", "application/xml; charset=ISO-8859-1")
    assert feed.problem is None
    assert feed.entries[2].title.strip() == "La criminalité liée surtout à... l'ennui ?"


def test_without_the_charset_the_feed_is_kept_with_its_problem_recorded() -> None:
    feed = parsed("miniflux-no_encoding_ISO-8859-1.xml", "application/xml")
    assert len(feed.entries) == 10
    assert feed.problem and "encoding" in feed.problem.lower()


def test_large_atom_feed(shared_dir: Path) -> None:
    feed = parse_feed((shared_dir / "feeds" / "rsparser-russcox.atom").read_bytes(), content_type="application/atom+xml")
    assert len(feed.entries) == 19
    assert feed.entries[0].title.strip() == "Transparent Logs for Skeptical Clients"


def test_entity_expansion_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(FeedError, match="entit"):
        parse_feed(ENTITY_BOMB, content_type="application/xml")


def test_entity_declarations_in_utf16_are_refused_too() -> None:
    with pytest.raises(FeedError, match="entit"):
        parse_feed(ENTITY_BOMB.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16"))


def test_html_page_is_not_a_feed() -> None:
    with pytest.raises(FeedError, match="not a feed"):
        parse_feed(HTML_PAGE, content_type="text/html; charset=utf-8")


@pytest.mark.parametrize("body", [b"", b"  \n\t"])
def test_empty_body_is_an_error(body: bytes) -> None:
    with pytest.raises(FeedError, match="empty"):
        parse_feed(body)


def test_invalid_utf8_keeps_what_is_usable_and_records_the_problem() -> None:
    feed = parse_feed(INVALID_UTF8, content_type="application/rss+xml; charset=utf-8")
    assert len(feed.entries) == 1
    assert "sanctions" in feed.entries[0].title
    assert feed.problem


def test_html_is_reduced_to_text_without_scripts_or_attributes() -> None:
    text = html_to_text('<p onload="imgresize(this);">One &amp; two</p><script>alert(1)</script><div>three<br>four</div>')
    assert text == "One & two\nthree\nfour"


def test_plain_text_is_only_tidied() -> None:
    assert html_to_text("  a   b \n\n c ") == "a b\nc"


def test_an_rss_091_doctype_without_entities_is_fine() -> None:
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        b'"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel><title>Old</title>'
        b"<link>https://old.example/</link><item><title>Tariff news</title><link>https://old.example/1</link></item></channel></rss>"
    )
    feed = parse_feed(body, content_type="application/rss+xml")
    assert [e.title for e in feed.entries] == ["Tariff news"]

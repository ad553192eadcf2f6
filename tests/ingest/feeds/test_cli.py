"""`tracker feeds …` and `tracker ingest --feeds` as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ingest.feeds.feed_server import FeedServer
from tracker.ingest.feeds.opml import read_feed_list

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def cli(runner):  # type: ignore[no-untyped-def]
    assert runner.invoke("db", "upgrade").exit_code == 0
    return runner


def listed(cli) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    result = cli.invoke("feeds", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_add_then_list_as_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli.invoke("feeds", "add", "https://example.org/rss", "--name", "Example", "--interval", "30", "--full-text")
    assert result.exit_code == 0, result.output
    assert "added feed 1" in result.output
    (feed,) = listed(cli)
    assert {k: feed[k] for k in ("id", "url", "name", "status", "error_count", "articles", "interval_minutes", "full_text")} == {
        "id": 1, "url": "https://example.org/rss", "name": "Example", "status": "new",
        "error_count": 0, "articles": 0, "interval_minutes": 30, "full_text": True,
    }
    assert feed["last_fetched_at"] is None and feed["last_error"] is None and feed["next_fetch_at"]


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org/feed", "file:///etc/passwd", "http://"])
def test_bad_urls_are_refused(cli, url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli.invoke("feeds", "add", url)
    assert result.exit_code == 1
    assert "Error:" in result.output and "http" in result.output
    assert listed(cli) == []


def test_a_feed_is_listed_once(cli) -> None:  # type: ignore[no-untyped-def]
    cli.invoke("feeds", "add", "https://example.org/rss")
    again = cli.invoke("feeds", "add", "https://example.org/rss#fragment")
    assert again.exit_code == 1 and "already listed (id 1)" in again.output


@pytest.mark.parametrize("verb", ["disable", "enable", "remove"])
def test_unknown_ids_are_errors(cli, verb: str) -> None:  # type: ignore[no-untyped-def]
    result = cli.invoke("feeds", verb, "42")
    assert result.exit_code == 1 and "no feed with id 42" in result.output


def test_disable_enable_remove(cli) -> None:  # type: ignore[no-untyped-def]
    cli.invoke("feeds", "add", "https://example.org/rss")
    assert cli.invoke("feeds", "disable", "1").exit_code == 0
    assert listed(cli)[0]["status"] == "disabled"
    assert cli.invoke("feeds", "enable", "1").exit_code == 0
    assert listed(cli)[0]["status"] == "new"
    assert cli.invoke("feeds", "remove", "1").exit_code == 0
    assert listed(cli) == []


def test_table_lists_status_and_errors(cli, feed_server: FeedServer) -> None:  # type: ignore[no-untyped-def]
    cli.invoke("feeds", "add", feed_server.url("/hostile/404"))
    cli.invoke("ingest", "--feeds")
    table = cli.invoke("feeds", "list").output
    assert "failing" in table and "last error: HTTP 404" in table


def test_import_opml_and_plain_lists(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="Trade"><outline type="rss" text="One" xmlUrl="https://one.example/rss"/>'
        '<outline type="rss" title="Two" xmlUrl="https://two.example/atom"/></outline></body></opml>'
    )
    plain = tmp_path / "feeds.txt"
    plain.write_text("# comment\nhttps://two.example/atom\nhttps://three.example/feed Three\nnot-a-url\n")
    assert cli.invoke("feeds", "import", str(opml)).exit_code == 0
    result = cli.invoke("feeds", "import", str(plain))
    assert result.exit_code == 1
    assert "1 feeds added, 1 already listed, 1 refused" in result.output
    assert [(f["url"], f["name"]) for f in listed(cli)] == [
        ("https://one.example/rss", "One"),
        ("https://two.example/atom", "Two"),
        ("https://three.example/feed", "Three"),
    ]


def test_import_refuses_broken_opml(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline xmlUrl='x'></body>")
    result = cli.invoke("feeds", "import", str(broken))
    assert result.exit_code == 1 and "not well-formed OPML" in result.output


def test_default_feed_list_is_valid() -> None:
    feeds = read_feed_list((REPO_ROOT / "config" / "feeds.opml").read_bytes())
    assert len(feeds) >= 8
    assert all(f.url.startswith("https://") and f.name for f in feeds)
    assert len({f.url for f in feeds}) == len(feeds)


def test_ingest_feeds_once_then_force(cli, feed_server: FeedServer) -> None:  # type: ignore[no-untyped-def]
    cli.invoke("feeds", "add", feed_server.serve_fixture("trade-pressure-sample.rss"))
    first = cli.invoke("ingest", "--feeds")
    assert first.exit_code == 0, first.output
    assert "feeds: 3 entries, articles 3 new" in first.output
    assert "feeds: 0 entries" in cli.invoke("ingest", "--feeds").output
    forced = cli.invoke("ingest", "--feeds", "--force")
    assert forced.exit_code == 0 and "0 errors" in forced.output
    assert feed_server.seen("/feeds/trade-pressure-sample.rss")[-1].status == 304
    assert listed(cli)[0]["articles"] == 3


def test_ingest_feeds_exits_non_zero_when_a_feed_failed(cli, feed_server: FeedServer) -> None:  # type: ignore[no-untyped-def]
    cli.invoke("feeds", "add", feed_server.url("/hostile/500"))
    result = cli.invoke("ingest", "--feeds")
    assert result.exit_code == 1 and "1 errors" in result.output

"""Kind colours come from the registry (tracker/kinds.toml) through one generated stylesheet."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracker.web
from tracker.records import kind_registry
from tracker.web.views import styles

STATIC = Path(tracker.web.__file__).parent / "static"


def test_every_kind_has_its_registry_colour(client):  # type: ignore[no-untyped-def]
    r = client.get("/kinds.css")
    assert r.status_code == 200 and r.mimetype == "text/css"
    css = r.get_data(as_text=True)
    for kind, info in kind_registry().items():
        assert f".k-{kind} {{ fill: {info.colour}; stroke: {info.colour}; background: {info.colour}; }}" in css
    again = client.get("/kinds.css", headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


def test_the_hand_written_stylesheet_colours_no_kind() -> None:
    css = (STATIC / "style.css").read_text(encoding="utf-8")
    assert not [line for line in css.splitlines() if line.lstrip().startswith(".k-")]


def test_every_page_links_the_kind_stylesheet(client, seeded):  # type: ignore[no-untyped-def]
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/kinds.css">' in page
    assert 'class="kind-dot k-import_ban"' in page and "import ban" in page  # the registry's label


def test_a_colour_that_is_not_css_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    tariff = kind_registry()["tariff"]
    monkeypatch.setattr(styles, "kind_registry", lambda: {"tariff": dataclasses.replace(tariff, colour="red; } body {")})
    styles.kinds_css.cache_clear()
    try:
        with pytest.raises(ValueError, match="not #rgb"):
            styles.kinds_css()
    finally:
        styles.kinds_css.cache_clear()

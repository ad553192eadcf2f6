"""Template helpers: names with codes, values with units."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tracker.records import KINDS, STATUSES
from tracker.store.actors import actor_name

UNIT_LABELS = {
    "percent": "%",
    "usd": "USD",
    "usd_per_barrel": "USD/bbl",
    "tonnes": "t",
    "barrels_per_day": "bbl/day",
}


def format_url(fmt: str, **overrides: Any) -> str:
    from tracker.web.formats import format_url as build

    return build(fmt, **overrides)


def format_value(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    number = f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
    if unit == "percent":
        return f"{number}%"
    return f"{number} {UNIT_LABELS.get(unit or '', unit or '')}".strip()


def safe_url(url: str | None) -> str | None:
    """Only http(s) links to originals: a feed could hand us `javascript:` or worse."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def init_app(app: Flask) -> None:
    app.jinja_env.filters["value"] = lambda m: format_value(getattr(m, "value", None), getattr(m, "unit", None))
    app.jinja_env.filters["actor_name"] = actor_name
    app.jinja_env.filters["label"] = lambda s: (s or "").replace("_", " ")
    app.jinja_env.filters["safe_url"] = safe_url
    app.jinja_env.globals["format_url"] = format_url
    app.jinja_env.globals["actor_name"] = actor_name
    app.jinja_env.globals["KINDS"] = KINDS
    app.jinja_env.globals["STATUSES"] = STATUSES

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"actor_name": actor_name}

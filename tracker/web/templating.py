"""What templates may call: Jinja filters and globals (names with codes, values with units, kinds).

Kinds are read from the registry (`tracker/kinds.toml` through `kind_registry()`): their
labels, families and the order of the filter form all come from there, never from a list
in a template.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from tracker.records import KINDS, STATUSES, kind_registry
from tracker.redaction import Redactor
from tracker.store.actors import actor_name

UNIT_LABELS = {
    "percent": "%",
    "usd": "USD",
    "usd_per_barrel": "USD/bbl",
    "tonnes": "t",
    "barrels_per_day": "bbl/day",
}


def format_value(value: float | None, unit: str | None) -> str:
    if value is None:
        return ""
    number = f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
    if unit == "percent":
        return f"{number}%"
    return f"{number} {UNIT_LABELS.get(unit or '', unit or '')}".strip()


def kind_label(kind: str) -> str:
    """How people read a kind ("import ban"), from the registry; an unknown kind as it is written."""
    info = kind_registry().get(kind)
    return info.label if info else kind.replace("_", " ")


def kind_family(kind: str) -> str:
    """instrument, flow or easing (an unknown kind has none)."""
    info = kind_registry().get(kind)
    return info.family if info else ""


def direction_css(actor: str, target: str) -> str:
    """The colour class of a direction between two actors: the same on both sides of a swapped ledger."""
    return "dir-a" if actor < target else "dir-b"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links to originals: a feed could hand us `javascript:` or worse."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def init_app(app: Flask) -> None:
    from tracker.web.formats import format_url  # formats renders values with format_value: import late

    env = app.jinja_env
    env.filters["value"] = lambda m: format_value(getattr(m, "value", None), getattr(m, "unit", None))
    env.filters["actor_name"] = actor_name
    env.filters["label"] = lambda s: (s or "").replace("_", " ")
    env.filters["kind_label"] = kind_label
    env.filters["kind_family"] = kind_family
    env.filters["safe_url"] = safe_url
    redactor = Redactor.from_setting(app.config["TRACKER_SETTINGS"].feeds.secret_parameters)
    env.filters["redact"] = lambda text: redactor.text(text) if text else text
    env.globals["format_url"] = format_url
    env.globals["actor_name"] = actor_name
    env.globals["direction_css"] = direction_css
    env.globals["KINDS"] = KINDS
    env.globals["STATUSES"] = STATUSES

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"actor_name": actor_name}

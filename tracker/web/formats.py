"""One data function per page, four renderers: the URL suffix (.csv, .json, .atom) picks one.

A view gathers its data once and hands it to `respond`, together with the
`MeasureFilter` behind it. HTML and JSON show exactly that data; CSV streams
*every* measure the filter matches (not just one page); Atom lists the newest
ones so a reader can subscribe to a pair, a country or any filtered listing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from xml.etree import ElementTree as ET

import sqlalchemy.orm as so
from flask import Blueprint, Response, render_template, request, url_for

from tracker.store import queries
from tracker.store.actors import actor_name
from tracker.store.models import Actor, Article, Evidence, Measure
from tracker.tabular import export_chunks, measure_record
from tracker.web.db import engine, session
from tracker.web.filters import format_value

FORMATS = ("csv", "json", "atom")
ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_ENTRIES = 50


class _CatalogueNames(Mapping[str, str]):
    """Actor names without a query: the catalogue, falling back to the code."""

    def __getitem__(self, code: str) -> str:
        return actor_name(code)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def get(self, code: str, default: Any = None) -> str:  # type: ignore[override]
        return actor_name(code)


NAMES = _CatalogueNames()


def jsonable(obj: Any) -> Any:
    """Page data as plain JSON values: measures as their CSV records, dates as ISO strings."""
    if isinstance(obj, Measure):
        return {**jsonable(measure_record(obj, NAMES)), "url": url_for("measures.show", measure_id=obj.id)}
    if isinstance(obj, Actor):
        return {"code": obj.code, "name": obj.name, "kind": obj.kind}
    if isinstance(obj, Evidence):
        return {
            "id": obj.id,
            "measure_id": obj.measure_id,
            "article_id": obj.article_id,
            "quote": obj.quote,
            "status": obj.status,
            "value": obj.value,
            "unit": obj.unit,
            "commodity": obj.commodity,
            "measure_on": jsonable(obj.measure_on),
            "effective_on": jsonable(obj.effective_on),
            "reported_on": jsonable(obj.reported_on),
        }
    if isinstance(obj, Article):
        return {
            "id": obj.id,
            "title": obj.title,
            "url": obj.url,
            "published_on": jsonable(obj.published_on),
            "page": url_for("articles.show", article_id=obj.id),
        }
    if isinstance(obj, queries.PartnerStats):
        return {
            "code": obj.code,
            "name": actor_name(obj.code),
            "applied": obj.applied,
            "received": obj.received,
            "total": obj.total,
        }
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return jsonable(dataclasses.asdict(obj))
    return obj


def format_url(fmt: str, **overrides: Any) -> str:
    """This page's URL in another format, keeping its filters (but not its page position)."""
    args = {k: v for k, v in request.args.lists() if k != "after"}
    args.update(overrides)
    view_args = {k: v for k, v in (request.view_args or {}).items() if k != "fmt"}
    return url_for(request.endpoint or "pages.index", fmt=fmt, **view_args, **args)


def route(bp: Blueprint, rule: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a view at `rule` (HTML) and at `rule.csv`, `rule.json`, `rule.atom`."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.add_url_rule(rule, view_func=view, defaults={"fmt": "html"}, methods=["GET"])
        bp.add_url_rule(f"{rule}.<any({','.join(FORMATS)}):fmt>", view_func=view, methods=["GET"])
        return view

    return decorator


def respond(
    fmt: str,
    *,
    template: str,
    data: Mapping[str, Any],
    flt: queries.MeasureFilter,
    title: str,
    filename: str,
    html_extra: Callable[[], Mapping[str, Any]] | None = None,
) -> Response | str:
    if fmt == "json":
        body = json.dumps(jsonable(data), ensure_ascii=False, indent=1)
        return Response(body, mimetype="application/json")
    if fmt == "csv":
        return csv_response(flt, filename)
    if fmt == "atom":
        return atom_response(flt, title)
    return render_template(template, **data, **(html_extra() if html_extra else {}))


def csv_response(flt: queries.MeasureFilter, filename: str) -> Response:
    """Streams in chunks from its own session, so memory stays flat and no request context is held."""
    bind = engine()
    names = queries.actor_names(session())

    def chunks() -> Iterator[str]:
        with so.Session(bind) as own:
            yield from export_chunks(queries.stream_measure_rows(own, flt), names)

    return Response(
        chunks(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def _stamp(value: dt.datetime | dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


def atom_response(flt: queries.MeasureFilter, title: str) -> Response:
    """Atom 1.0: the feed id is this URL; an entry's id is its measure page, so it never changes."""
    measures = queries.measure_page(session(), flt, limit=ATOM_ENTRIES).measures
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", request.url)
    sub(feed, "title", f"{title} · tracker")
    sub(feed, "updated", max((_stamp(m.updated_at) for m in measures), default=_stamp(None)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=request.url)
    sub(feed, "link", rel="alternate", type="text/html", href=format_url("html", _external=True))
    sub(sub(feed, "author"), "name", "tracker")
    sub(feed, "generator", "tracker")
    for m in measures:
        page = url_for("measures.show", measure_id=m.id, _external=True)
        entry = sub(feed, "entry")
        sub(entry, "id", page)
        headline = f"{actor_name(m.actor_code)} → {actor_name(m.target_code)}: {m.kind.replace('_', ' ')}"
        if m.commodity:
            headline += f" on {m.commodity}"
        sub(entry, "title", headline)
        sub(entry, "updated", _stamp(m.updated_at))
        sub(entry, "published", _stamp(m.created_at))
        sub(entry, "link", rel="alternate", type="text/html", href=page)
        sub(entry, "category", term=m.kind)
        summary = f"Status: {m.status.replace('_', ' ')}"
        if m.value is not None:
            summary += f"; value: {format_value(m.value, m.unit)}"
        if m.announced_on:
            summary += f"; announced {m.announced_on.isoformat()}"
        summary += f"; {m.source_count} source(s), last reported {m.last_reported_on or 'undated'}."
        sub(entry, "summary", summary, type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, mimetype="application/atom+xml")

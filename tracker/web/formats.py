"""One data function per page, four renderings: the URL suffix (.csv, .json, .atom) picks one.

A view is a data function: it gathers what its page shows once and returns a `Found`,
never branching on the format asked for. HTML and JSON render that data; parts only
some formats show (a chart, a preview of the evidence, the full evidence in JSON) are
`Extra`s, computed only when one of their formats is asked for. CSV streams *every*
measure the page's filter matches (not just one page) and Atom lists the newest ones,
so a reader can subscribe to a pair, a country or any filtered listing. Measures are
written in every format from the one description of their columns (`tracker.tabular`).
A page that lists something else (chains, threats, a monthly series) hands a `Table`
instead: its CSV streams the table's rows and its Atom feed the table's entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from tracker.records import Dates
from tracker.store.actors import actor_name
from tracker.store.exports import stream_measure_rows
from tracker.store.history import stored_period
from tracker.store.listing import MeasureFilter, measure_page
from tracker.store.models import Actor, Article, Base, Evidence, Measure
from tracker.store.summaries import PartnerStats
from tracker.tabular import SOURCE_COLUMNS, csv_chunks, measure_json, table_chunks
from tracker.web.db import engine, session
from tracker.web.params import validated_query
from tracker.web.templating import format_value, kind_label

FORMATS = ("csv", "json", "atom")
HTML = frozenset({"html"})
JSON = frozenset({"json"})
ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_ENTRIES = 50
# Atom ids must be absolute; without a configured public URL they are tag: URIs (RFC 4151)
# made of the path alone, never of the Host a request happened to carry.
TAG_PREFIX = "tag:tracker,2025:"


@dataclasses.dataclass(frozen=True)
class Extra:
    """A part of a page only some formats show, computed only when one of them is asked for."""

    compute: Callable[[], Any]
    formats: frozenset[str]


@dataclasses.dataclass(frozen=True)
class Entry:
    """One item of an Atom feed; `path` is its permanent page (and fragment), so its id never changes."""

    path: str
    title: str
    updated: dt.datetime | dt.date | None
    published: dt.datetime | dt.date | None
    category: str
    summary: str


@dataclasses.dataclass(frozen=True)
class Table:
    """Rows other than measures: CSV streams `rows(engine)` under `columns` (reading them a batch per
    short read, as `csv_response` does); Atom lists `entries()`."""

    columns: Sequence[str]
    rows: Callable[[sa.Engine], Iterable[Sequence[Any]]]
    entries: Callable[[], list[Entry]] | None = None


@dataclasses.dataclass(frozen=True)
class Found:
    """What a view found: everything any format of its page needs."""

    template: str
    title: str
    filename: str  # of the CSV download, without .csv
    measures: MeasureFilter  # the measures behind the page: CSV streams them all, Atom the newest
    data: Mapping[str, Any]  # shown by HTML and JSON alike
    extras: Mapping[str, Extra] = dataclasses.field(default_factory=dict)
    table: Table | None = None  # what CSV and Atom list instead of measures


View = Callable[..., "Found | BaseResponse"]  # a redirect is answered as it is


def route(bp: Blueprint, rule: str, formats: tuple[str, ...] = FORMATS) -> Callable[[View], View]:
    """Register a data function at `rule` (HTML) and at `rule.<format>` for each of `formats`."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def endpoint(fmt: str, **kwargs: Any) -> BaseResponse | str:
            found = view(**kwargs)
            return found if isinstance(found, BaseResponse) else render(found, fmt)

        bp.add_url_rule(rule, view_func=endpoint, defaults={"fmt": "html"}, methods=["GET"])
        bp.add_url_rule(f"{rule}.<any({','.join(formats)}):fmt>", view_func=endpoint, methods=["GET"])
        return view

    return decorator


def current_format() -> str:
    """The format this request asked for (for a view that redirects to its canonical URL)."""
    return str((request.view_args or {}).get("fmt", "html"))


def render(found: Found, fmt: str) -> Response | str:
    if fmt == "csv":
        if found.table is not None:
            return table_response(found.table, found.filename)
        return csv_response(found.measures, found.filename)
    if fmt == "atom":
        if found.table is not None and found.table.entries is not None:
            return atom_feed(found.title, found.table.entries())
        return atom_response(found.measures, found.title)
    context = {**found.data, **{name: extra.compute() for name, extra in found.extras.items() if fmt in extra.formats}}
    if fmt == "json":
        return Response(json.dumps(jsonable(context), ensure_ascii=False, indent=1), mimetype="application/json")
    return render_template(found.template, **context)


def jsonable(obj: Any) -> Any:
    """Page data as plain JSON values: measures as their download records, dates as ISO strings."""
    if isinstance(obj, Measure):
        return {**measure_json(obj), "url": url_for("measures.show", measure_id=obj.id)}
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
            "dates": evidence_dates(obj).to_json(),
            "confidence": obj.confidence,
        }
    if isinstance(obj, Article):
        return {
            "id": obj.id,
            "title": obj.title,
            "url": obj.url,
            "published_on": jsonable(obj.published_on),
            "page": url_for("articles.show", article_id=obj.id),
        }
    if isinstance(obj, PartnerStats):
        return {
            "code": obj.code,
            "name": actor_name(obj.code),
            "applied": obj.applied,
            "received": obj.received,
            "total": obj.total,
        }
    if isinstance(obj, Base):  # any other stored row: its columns
        return {c.key: jsonable(getattr(obj, c.key)) for c in obj.__table__.columns}
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    to_json = getattr(obj, "to_json", None)
    if callable(to_json):
        return jsonable(to_json())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):  # field by field: rows inside stay rows
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    return obj


def page_url(endpoint: str, query: Mapping[str, str | Sequence[str]] | None = None, **route: Any) -> str:
    """A URL of this app: `route` fills the rule's own variables, `query` the query string.

    The query string is encoded here, never handed to `url_for`, where names such as
    `_external`, `_anchor` or a route variable's would change what is built.
    """
    path = url_for(endpoint, **route)
    pairs = [
        (name, value)
        for name, values in (query or {}).items()
        for value in ([values] if isinstance(values, str) else values)
        if value != ""
    ]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def format_url(fmt: str) -> str:
    """This page's URL in another format, keeping its validated filters (but not its page position)."""
    route = {k: v for k, v in (request.view_args or {}).items() if k != "fmt"}
    return page_url(request.endpoint or "pages.index", validated_query(), fmt=fmt, **route)


def absolute_url(path: str) -> str:
    """`path` under the configured public URL; relative (as it is) when none is configured."""
    base = current_app.config["TRACKER_SETTINGS"].web.public_url.rstrip("/")
    return f"{base}{path}" if base else path


def atom_id(path: str) -> str:
    """An Atom id for `path`: its public URL, or a tag: URI when the site has no configured address."""
    base = current_app.config["TRACKER_SETTINGS"].web.public_url.rstrip("/")
    return f"{base}{path}" if base else f"{TAG_PREFIX}{path}"


def evidence_dates(e: Evidence) -> Dates:
    """The three dates a report gave, as precise as written."""
    return Dates(stored_period(e.measure_on, e.measure_end, e.measure_precision),
                 stored_period(e.effective_on, e.effective_end, e.effective_precision),
                 stored_period(e.lifted_on, e.lifted_end, e.lifted_precision))


def csv_response(flt: MeasureFilter, filename: str) -> Response:
    """Streams in chunks, each batch of rows read by its own short read: memory stays flat, and a
    client that stops reading holds no request context and no database snapshot."""
    bind = engine()

    def chunks() -> Iterator[str]:
        yield from csv_chunks(stream_measure_rows(bind, flt, SOURCE_COLUMNS))

    return Response(
        chunks(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def table_response(table: Table, filename: str) -> Response:
    """A table's rows streamed as CSV, like `csv_response`."""
    bind = engine()

    def chunks() -> Iterator[str]:
        yield from table_chunks(table.columns, table.rows(bind))

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


def atom_response(flt: MeasureFilter, title: str) -> Response:
    """Atom 1.0 of the newest measures a filter matches; an entry's id is its measure page."""
    return atom_feed(title, [measure_entry(m) for m in measure_page(session(), flt, limit=ATOM_ENTRIES).measures])


def measure_entry(m: Measure) -> Entry:
    headline = f"{actor_name(m.actor_code)} → {actor_name(m.target_code)}: {kind_label(m.kind)}"
    if m.commodity:
        headline += f" on {m.commodity}"
    summary = f"Status: {m.status.replace('_', ' ')}"
    if m.value is not None:
        summary += f"; value: {format_value(m.value, m.unit)}"
    if m.announced_on:
        summary += f"; announced {m.announced_on.isoformat()}"
    summary += f"; {m.source_count} source(s), last reported {m.last_reported_on or 'undated'}."
    return Entry(url_for("measures.show", measure_id=m.id), headline, m.updated_at, m.created_at, m.kind, summary)


def atom_feed(title: str, entries: Sequence[Entry]) -> Response:
    """Atom 1.0: the feed id is this page's; an entry's id is its permanent page, so it never changes."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    self_path = format_url("atom")
    sub(feed, "id", atom_id(self_path))
    sub(feed, "title", f"{title} · tracker")
    sub(feed, "updated", max((_stamp(e.updated) for e in entries), default=_stamp(None)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(self_path))
    sub(feed, "link", rel="alternate", type="text/html", href=absolute_url(format_url("html")))
    sub(sub(feed, "author"), "name", "tracker")
    sub(feed, "generator", "tracker")
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", atom_id(e.path))
        sub(entry, "title", e.title)
        sub(entry, "updated", _stamp(e.updated))
        sub(entry, "published", _stamp(e.published))
        sub(entry, "link", rel="alternate", type="text/html", href=absolute_url(e.path))
        sub(entry, "category", term=e.category)
        sub(entry, "summary", e.summary, type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, mimetype="application/atom+xml")

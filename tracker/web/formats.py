"""One data function per page, four renderings: the URL suffix (.csv, .json, .atom) picks one.

A view is a data function: it gathers what its page shows once and returns a `Found`,
never branching on the format asked for. HTML and JSON render that data; parts only
some formats show (a chart, a preview of the evidence, the full evidence in JSON) are
`Extra`s, computed only when one of their formats is asked for. Every page is a
listing too: CSV streams *everything* it lists (not just one page) and Atom the newest
of it, so a reader can subscribe to a pair, a country, a search or the feeds' runs.
What a page lists is its `measures` (a `MeasureFilter`) or, for pages that list other
things, a `Listing`. Measures are written in every format from the one description of
their columns (`tracker.tabular`); `?evidence=1` downloads one row per report of each
measure instead, and `?bom=1` starts a CSV with a byte-order mark for Excel.

`route` registers every format for a page unless told otherwise, and the test suite
walks the app's routes to hold every page to that (tests/web/test_formats.py); the
JSON shapes are documented in `tracker/web/openapi.json`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from tracker.store.actors import actor_name
from tracker.store.exports import stream_measure_rows, stream_report_rows
from tracker.store.feeds import FeedState
from tracker.store.listing import MeasureFilter, measure_page
from tracker.store.models import Actor, Article, Evidence, IngestRun, Measure
from tracker.store.summaries import PartnerStats
from tracker.tabular import REPORT_COLUMNS, REPORT_SOURCES, SOURCE_COLUMNS, csv_chunks, measure_json
from tracker.web import atom, params
from tracker.web.db import engine, session
from tracker.web.params import validated_query

FORMATS = ("csv", "json", "atom")
HTML = frozenset({"html"})
JSON = frozenset({"json"})
ATOM_ENTRIES = atom.ENTRIES
TAG_PREFIX = atom.TAG_PREFIX
absolute_url, atom_id = atom.absolute_url, atom.atom_id


@dataclasses.dataclass(frozen=True)
class Extra:
    """A part of a page only some formats show, computed only when one of them is asked for."""

    compute: Callable[[], Any]
    formats: frozenset[str]


@dataclasses.dataclass(frozen=True)
class Listing:
    """What a page lists when that is not measures (a search's reports, the feeds).

    `chunks(engine, bom)` writes its CSV, reading as it goes in short reads of its own (the
    download streams after the request has ended); `entries()` are its newest Atom entries.
    """

    chunks: Callable[[sa.Engine, bool], Iterator[str]]
    entries: Callable[[], Sequence[atom.Entry]]


@dataclasses.dataclass(frozen=True)
class Found:
    """What a view found: everything any format of its page needs."""

    template: str
    title: str
    filename: str  # of the CSV download, without .csv
    data: Mapping[str, Any]  # shown by HTML and JSON alike
    extras: Mapping[str, Extra] = dataclasses.field(default_factory=dict)
    measures: MeasureFilter | None = None  # the measures behind the page: CSV streams them all, Atom the newest
    listing: Listing | None = None  # or what else the page lists


@dataclasses.dataclass(frozen=True)
class Report:
    """What one article said about one measure: the evidence, and the article (and measure) it belongs to."""

    evidence: Evidence
    article: Article | None = None
    measure: Measure | None = None


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
        return csv_response(found)
    if fmt == "atom":
        return atom_response(found)
    context = {**found.data, **{name: extra.compute() for name, extra in found.extras.items() if fmt in extra.formats}}
    if fmt == "json":
        return Response(json.dumps(jsonable(context), ensure_ascii=False, indent=1), mimetype="application/json")
    return render_template(found.template, **context)


def _article_json(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "publisher": a.publisher,
        "published_on": jsonable(a.published_on),
        "page": url_for("articles.show", article_id=a.id),
    }


def _evidence_json(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.id,
        "measure_id": e.measure_id,
        "article_id": e.article_id,
        "quote": e.quote,
        "status": e.status,
        "value": e.value,
        "unit": e.unit,
        "commodity": e.commodity,
        "measure_on": jsonable(e.measure_on),
        "effective_on": jsonable(e.effective_on),
        "reported_on": jsonable(e.reported_on),
        "page": url_for("measures.show", measure_id=e.measure_id) + f"#e{e.id}",
    }


def jsonable(obj: Any) -> Any:
    """Page data as plain JSON values: measures as their download records, dates as ISO strings."""
    if isinstance(obj, Measure):
        return {**measure_json(obj), "url": url_for("measures.show", measure_id=obj.id)}
    if isinstance(obj, Actor):
        return {"code": obj.code, "name": obj.name, "kind": obj.kind, "url": url_for("countries.show", code=obj.code)}
    if isinstance(obj, Report):
        out = _evidence_json(obj.evidence)
        if obj.article is not None:
            out["article"] = _article_json(obj.article)
        if obj.measure is not None:
            out["measure"] = jsonable(obj.measure)
        return out
    if isinstance(obj, Evidence):
        return _evidence_json(obj)
    if isinstance(obj, Article):
        return _article_json(obj)
    if isinstance(obj, PartnerStats):
        return {
            "code": obj.code,
            "name": actor_name(obj.code),
            "applied": obj.applied,
            "received": obj.received,
            "total": obj.total,
        }
    if isinstance(obj, IngestRun):
        return {name: jsonable(getattr(obj, name)) for name in RUN_FIELDS}
    if isinstance(obj, FeedState):
        return jsonable(obj.as_json())
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return jsonable({f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
    return obj


RUN_FIELDS = (
    "id", "kind", "status", "started_at", "finished_at", "host", "pid", "sources_seen", "entries_seen",
    "articles_new", "articles_updated", "articles_unchanged", "articles_duplicate", "measures_new",
    "measures_updated", "errors", "extraction_errors", "error_log", "heartbeat_at",
)


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


DOWNLOAD_OPTIONS = {"bom": "1", "evidence": "1"}  # what a page's own links may add to its CSV's address


def format_url(fmt: str, *options: str) -> str:
    """This page's URL in another format, keeping its validated filters (but not its page position);
    `options` names download options to switch on ("bom", "evidence")."""
    route = {k: v for k, v in (request.view_args or {}).items() if k != "fmt"}
    query: dict[str, str | Sequence[str]] = {**validated_query(), **{o: DOWNLOAD_OPTIONS[o] for o in options}}
    return page_url(request.endpoint or "pages.index", query, fmt=fmt, **route)


def csv_response(found: Found) -> Response:
    """Streams in chunks, each batch of rows read by its own short read: memory stays flat, and a
    client that stops reading holds no request context and no database snapshot."""
    bom, with_evidence = params.flag("bom"), params.flag("evidence")
    listing, flt = found.listing, found.measures or MeasureFilter(ids=())
    bind = engine()
    filename = found.filename + ("-evidence" if with_evidence and listing is None else "")

    def chunks() -> Iterator[str]:
        if listing is not None:
            yield from listing.chunks(bind, bom)
        elif with_evidence:
            yield from csv_chunks(stream_report_rows(bind, REPORT_SOURCES, measures=flt), columns=REPORT_COLUMNS, bom=bom)
        else:
            yield from csv_chunks(stream_measure_rows(bind, flt, SOURCE_COLUMNS), bom=bom)

    return Response(
        chunks(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


def atom_response(found: Found) -> Response:
    """The newest of what the page lists; an entry's id is the page of what it describes."""
    if found.listing is not None:
        entries = list(found.listing.entries())
    elif found.measures is not None:
        entries = [atom.measure_entry(m) for m in measure_page(session(), found.measures, limit=ATOM_ENTRIES).measures]
    else:
        entries = []
    return atom.feed_response(entries, found.title, format_url("atom"), format_url("html"))

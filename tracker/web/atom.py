"""Atom 1.0 feeds of any listing: measures, reports (evidence) or feed runs, as entries.

A feed's id is its own address; an entry's id is the page of what it describes (a
measure's page, a report's anchor on it), so it never changes and a reader never shows
one twice. Addresses are the configured public URL's (`web.public_url`), never the Host
a request happened to carry; without one, ids are tag: URIs and links stay relative.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from flask import Response, current_app, url_for

from tracker.store.actors import actor_name
from tracker.store.models import Article, Evidence, IngestRun, Measure
from tracker.web.templating import format_value, kind_label

ATOM_NS = "http://www.w3.org/2005/Atom"
ENTRIES = 50
# Atom ids must be absolute; without a configured public URL they are tag: URIs (RFC 4151)
# made of the path alone, never of the Host a request happened to carry.
TAG_PREFIX = "tag:tracker,2025:"


def absolute_url(path: str) -> str:
    """`path` under the configured public URL; relative (as it is) when none is configured."""
    base = current_app.config["TRACKER_SETTINGS"].web.public_url.rstrip("/")
    return f"{base}{path}" if base else path


def atom_id(path: str) -> str:
    """An Atom id for `path`: its public URL, or a tag: URI when the site has no configured address."""
    base = current_app.config["TRACKER_SETTINGS"].web.public_url.rstrip("/")
    return f"{base}{path}" if base else f"{TAG_PREFIX}{path}"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One Atom entry: `path` is the page it stands for (its id and its link)."""

    path: str
    title: str
    updated: dt.datetime | dt.date | None
    summary: str
    category: str = ""
    published: dt.datetime | dt.date | None = None


def stamp(value: dt.datetime | dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


def measure_entry(m: Measure) -> Entry:
    page = url_for("measures.show", measure_id=m.id)
    headline = f"{actor_name(m.actor_code)} → {actor_name(m.target_code)}: {kind_label(m.kind)}"
    if m.commodity:
        headline += f" on {m.commodity}"
    summary = f"Status: {m.status.replace('_', ' ')}"
    if m.value is not None:
        summary += f"; value: {format_value(m.value, m.unit)}"
    if m.announced_on:
        summary += f"; announced {m.announced_on.isoformat()}"
    summary += f"; {m.source_count} source(s), last reported {m.last_reported_on or 'undated'}."
    return Entry(page, headline, m.updated_at, summary, m.kind, m.created_at)


def report_entry(e: Evidence, m: Measure, a: Article) -> Entry:
    page = url_for("measures.show", measure_id=m.id) + f"#e{e.id}"
    headline = f"{actor_name(m.actor_code)} → {actor_name(m.target_code)}: {kind_label(m.kind)} ({e.status.replace('_', ' ')})"
    source = a.title or f"article {a.id}"
    summary = f"“{e.quote}” ({source}, {e.reported_on or 'undated'})"
    return Entry(page, headline, e.reported_on, summary, m.kind, e.reported_on)


def run_entry(run: IngestRun) -> Entry:
    page = url_for("feeds.health") + f"#run-{run.id}"
    headline = f"{run.kind} run {run.id}: {run.status}"
    summary = (
        f"{run.sources_seen} feeds, {run.entries_seen} entries; articles {run.articles_new} new, "
        f"{run.articles_updated} updated, {run.articles_unchanged} unchanged, {run.articles_duplicate} duplicates; "
        f"{run.errors} errors."
    )
    return Entry(page, headline, run.finished_at or run.started_at, summary, run.status, run.started_at)


def feed_response(entries: Sequence[Entry], title: str, self_path: str, alternate: str) -> Response:
    """The feed of these entries, newest first as given; `self_path` is its own path, `alternate` the page's."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", atom_id(self_path))
    sub(feed, "title", f"{title} · tracker")
    sub(feed, "updated", max((stamp(e.updated) for e in entries), default=stamp(None)))
    sub(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(self_path))
    sub(feed, "link", rel="alternate", type="text/html", href=absolute_url(alternate))
    sub(sub(feed, "author"), "name", "tracker")
    sub(feed, "generator", "tracker")
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", atom_id(e.path))
        sub(entry, "title", e.title)
        sub(entry, "updated", stamp(e.updated))
        if e.published is not None:
            sub(entry, "published", stamp(e.published))
        sub(entry, "link", rel="alternate", type="text/html", href=absolute_url(e.path))
        if e.category:
            sub(entry, "category", term=e.category)
        sub(entry, "summary", e.summary, type="text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response('<?xml version="1.0" encoding="utf-8"?>\n' + body, mimetype="application/atom+xml")

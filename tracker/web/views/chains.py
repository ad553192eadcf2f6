"""Chains of three countries: A pressures B over B's trade with C (`/chains`), in every format."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, url_for

from tracker.store import chains
from tracker.store.actors import actor_name
from tracker.tabular import named_columns, named_rows
from tracker.web import params
from tracker.web.atom import Entry
from tracker.web.db import session
from tracker.web.formats import Found, current_format, page_url, route, table_listing
from tracker.web.templating import kind_label, measure_words, pair_words

bp = Blueprint("chains", __name__)

# The CSV: the store's chain row with each code followed by its name.
COLUMNS = named_columns(chains.CHAIN_COLUMNS, chains.CODED)


def chain_filter() -> chains.ChainFilter:
    chosen = params.query_filters()
    a, b, c = params.parse_code("a"), params.parse_code("b"), params.parse_code("c")
    params.remember({"a": a or "", "b": b or "", "c": c or ""})
    return chains.ChainFilter(a=a, b=b, c=c, kinds=chosen.kinds, since=chosen.since, until=chosen.until)


def entry(chain: chains.Chain) -> Entry:
    link, m, o = chain.link, chain.measure, chain.other
    title = (f"{actor_name(link.actor_code)} → {actor_name(link.target_code)}: {kind_label(m.kind)} "
             f"{chains.RELATIONS_SHOWN.get(link.relation, link.relation)} {pair_words(o)}, {measure_words(o)}")
    summary = f"{title}. Reported by {link.source_count} article(s), last {link.last_reported_on or 'undated'}."
    if chain.quote:
        summary += f" “{chain.quote}”"
    page = url_for("ledger.pair", a=link.actor_code, b=link.target_code)
    return Entry(f"{page}#link-{link.id}", title, link.updated_at, summary, m.kind, link.created_at)


@route(bp, "/chains")
def index() -> Found:
    flt = chain_filter()
    after = params.date_cursor()
    db = session()
    page = chains.chain_page(db, flt, after=chains.LinkCursor(*after) if after else None,
                             limit=current_app.config["PAGE_SIZE"])
    fmt = current_format()
    unpaged = params.validated_query()
    following = None
    if page.next is not None:
        following = page_url("chains.index", {**unpaged, "after": params.date_cursor_param(page.next.value, page.next.id)},
                             fmt=fmt)

    def rows(bind: sa.Engine) -> Iterator[list[Any]]:
        return named_rows(chains.CHAIN_COLUMNS, chains.CODED, chains.stream_chain_rows(bind, flt))

    return Found(
        template="chains.html",
        title="Chains: pressure over trade with a third country",
        filename="chains",
        data={"filters": flt, "chains": page.chains, "next": following,
              "first": page_url("chains.index", unpaged, fmt=fmt) if after else None},
        listing=table_listing(COLUMNS, rows, lambda: [entry(c) for c in chains.chain_page(db, flt, limit=50).chains]),
    )

"""`tracker export`: every measure (or a filtered part) as CSV."""

from __future__ import annotations

from typing import IO

import click

from tracker.cli.context import AppContext, pass_app
from tracker.names import UnknownCountry, country_code
from tracker.records import KINDS, STATUSES
from tracker.store.db import read_session
from tracker.store.details import actor as find_actor
from tracker.store.exports import stream_measure_rows
from tracker.store.listing import MeasureFilter
from tracker.tabular import SOURCE_COLUMNS, csv_chunks


def _code(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A country as typed (JPN, JP, Japan) as its code; a usage error (exit 2) when it names none."""
    if value is None:
        return None
    try:
        return country_code(value)
    except UnknownCountry as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.option("--actor", callback=_code, help="Only measures taken by this country: a name, alpha-3 or alpha-2 code, or a bloc.")
@click.option("--target", callback=_code, help="Only measures aimed at this country (named the same ways).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these kinds (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES), help="Only these statuses.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", lazy=True), default="-", help="File (default stdout).")
@pass_app
def export(
    app: AppContext, actor: str | None, target: str | None, kinds: tuple[str, ...], statuses: tuple[str, ...],
    output: IO[str],
) -> None:
    """Write measures as CSV (UTF-8, one header row, ISO dates): the same file as the web's downloads."""
    engine = app.migrated_engine()
    flt = MeasureFilter(actor=actor, target=target, kinds=kinds, statuses=statuses)
    with read_session(engine) as session:
        for option, code in (("--actor", actor), ("--target", target)):
            if code is not None and find_actor(session, code) is None:
                raise click.BadParameter(f"no country or bloc has the code {code!r}", param_hint=option)
    for chunk in csv_chunks(stream_measure_rows(engine, flt, SOURCE_COLUMNS)):
        output.write(chunk)

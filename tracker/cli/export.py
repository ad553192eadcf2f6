"""`tracker export`: every measure (or a filtered part) as CSV."""

from __future__ import annotations

from typing import IO

import click

from tracker.cli.context import AppContext, pass_app
from tracker.records import KINDS, STATUSES
from tracker.store.exports import stream_measure_rows
from tracker.store.listing import MeasureFilter
from tracker.tabular import SOURCE_COLUMNS, csv_chunks


def _code(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if not (2 <= len(code) <= 8 and code.isalnum()):
        raise click.BadParameter(f"{value!r} is not an actor code such as USA, IND or EU")
    return code


@click.command()
@click.option("--actor", callback=_code, help="Only measures taken by this actor (ISO alpha-3 or bloc code).")
@click.option("--target", callback=_code, help="Only measures aimed at this actor.")
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
    for chunk in csv_chunks(stream_measure_rows(engine, flt, SOURCE_COLUMNS)):
        output.write(chunk)

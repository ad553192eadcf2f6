"""`tracker export`: every measure (or a filtered part) as CSV; or every chain, or every threat."""

from __future__ import annotations

from typing import IO

import click

from tracker.cli.context import AppContext, pass_app
from tracker.names import UnknownCountry, country_code
from tracker.records import KINDS, STATUSES
from tracker.store import chains, threats
from tracker.store.db import read_session
from tracker.store.details import actor as find_actor
from tracker.store.exports import stream_measure_rows
from tracker.store.listing import MeasureFilter
from tracker.tabular import SOURCE_COLUMNS, csv_chunks, named_columns, named_rows, table_chunks


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
@click.option("--reviewed", is_flag=True, help="Only measures people confirmed or corrected.")
@click.option("--include", "include", multiple=True, type=click.Choice(("rejected", "retired")),
              help="Also measures people rejected, or that no evidence supports any more (repeatable).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Only measures read at least this surely (0 to 1).")
@click.option("--chains", "what", flag_value="chains",
              help="Chains instead (A pressures B over B's trade with C; --actor is A, --target is B): as /chains.csv.")
@click.option("--threats", "what", flag_value="threats", help="Threats and their outcomes instead: as /threats.csv.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", lazy=True), default="-", help="File (default stdout).")
@pass_app
def export(
    app: AppContext, actor: str | None, target: str | None, kinds: tuple[str, ...], statuses: tuple[str, ...],
    reviewed: bool, include: tuple[str, ...], min_confidence: float | None, what: str | None, output: IO[str],
) -> None:
    """Write measures as CSV (UTF-8, one header row, ISO dates): the same file as the web's downloads."""
    engine = app.migrated_engine()
    with read_session(engine) as session:
        for option, code in (("--actor", actor), ("--target", target)):
            if code is not None and find_actor(session, code) is None:
                raise click.BadParameter(f"no country or bloc has the code {code!r}", param_hint=option)
    if what == "chains":
        rows = chains.stream_chain_rows(engine, chains.ChainFilter(a=actor, b=target, kinds=kinds))
        written = table_chunks(named_columns(chains.CHAIN_COLUMNS, chains.CODED),
                               named_rows(chains.CHAIN_COLUMNS, chains.CODED, rows))
    elif what == "threats":
        rows = threats.stream_threat_rows(engine, threats.ThreatFilter(actor=actor, target=target, kinds=kinds))
        written = table_chunks(named_columns(threats.THREAT_COLUMNS, threats.CODED),
                               named_rows(threats.THREAT_COLUMNS, threats.CODED, rows))
    else:
        flt = MeasureFilter(actor=actor, target=target, kinds=kinds, statuses=statuses, min_confidence=min_confidence,
                            reviewed=reviewed, include_rejected="rejected" in include,
                            include_retired="retired" in include)
        written = csv_chunks(stream_measure_rows(engine, flt, SOURCE_COLUMNS))
    for chunk in written:
        output.write(chunk)

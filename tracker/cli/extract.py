"""`tracker extract`: run the extractor on text, touching no database.

`--jsonl` is the stable machine contract used by tests and evaluation: one
output line per input line, in order, whatever the input holds.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO, Any

import click

from tracker.extract import ExtractedMeasure, extract
from tracker.ingest.seeds import SeedError, read_seed_file


def _parse_date(raw: Any) -> dt.date | None:
    if not isinstance(raw, str) or not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return None


def extract_record(record: Any) -> dict[str, Any]:
    """One `{"id", "measures"}` output object for one decoded input line."""
    if not isinstance(record, dict):
        return {"id": None, "measures": [], "error": "input line is not a JSON object"}
    ident = record.get("id")
    text, title = record.get("text"), record.get("title")
    text = text if isinstance(text, str) else ""
    title = title if isinstance(title, str) else ""
    measures = extract(text, _parse_date(record.get("date")), title)
    return {"id": ident if ident is None else str(ident), "measures": [m.to_json() for m in measures]}


def run_jsonl(source: IO[str], sink: IO[str]) -> int:
    """Process a JSONL stream; returns the number of lines that could not be read."""
    bad = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            bad += 1
            click.echo(f"line {number}: not valid JSON ({exc.msg})", err=True)
            out: dict[str, Any] = {"id": None, "measures": [], "error": f"invalid JSON: {exc.msg}"}
        else:
            out = extract_record(record)
            if "error" in out:
                bad += 1
                click.echo(f"line {number}: {out['error']}", err=True)
        sink.write(json.dumps(out, ensure_ascii=False) + "\n")
        sink.flush()
    return bad


def _table(path: Path, measures: list[ExtractedMeasure]) -> None:
    click.echo(click.style(str(path), bold=True) + f"  ({len(measures)} measures)")
    for index, m in enumerate(measures):
        value = "" if m.value is None else f"{m.value:g} {m.unit or ''}".strip()
        when = m.dates.announced.label() if m.dates and m.dates.announced else ""
        links = "".join(f"  [{link.relation} #{link.to}]" for link in m.links)
        click.echo(
            f"  #{index:<2} {m.kind:<15} {m.actor:>4} → {m.target:<4} {value:<22} {m.status:<10} "
            f"{when:<14} {m.confidence:.1f}{links}  \"{m.evidence.text}\""
        )


@click.command("extract")
@click.option(
    "--jsonl",
    "jsonl",
    type=click.File("r", encoding="utf-8", errors="replace"),
    help='JSON lines {"id","date","title","text"} ("-" for stdin); prints one JSON line per input line.',
)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def extract_command(jsonl: IO[str] | None, files: tuple[Path, ...]) -> None:
    """Print the measures the extractor reads in FILES (seed files or plain text)."""
    if jsonl is None and not files:
        raise click.UsageError("give --jsonl FILE (or -) or one or more FILES")
    if jsonl is not None and files:
        raise click.UsageError("use either --jsonl or FILES, not both")
    if jsonl is not None:
        bad = run_jsonl(jsonl, sys.stdout)
        if bad:
            raise SystemExit(1)
        return
    failed = 0
    for path in files:
        try:
            seed = read_seed_file(path)
        except SeedError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        if seed.warning:
            click.echo(f"warning: {seed.warning}", err=True)
        _table(path, extract(seed.text, seed.date, seed.title))
    if failed:
        raise SystemExit(1)

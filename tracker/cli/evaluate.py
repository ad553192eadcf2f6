"""`tracker eval`: how well the extractor reads labelled articles.

`tracker eval GOLD --corpus CORPUS` scores one gold file and lists every miss and false
alarm; `--summary` leaves the list out. `tracker eval --suite SHARED` prints one table over
every gold set of the shared folder. Check sets (any gold file in a `check/` folder) are
always scored in summary: their articles must never be read while writing rules.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from tracker.evaluation import (
    is_check_set,
    load_corpus,
    predict,
    read_jsonl,
    render_suite,
    render_text,
    score,
    score_suite,
)
from tracker.extract import EXTRACTOR_VERSION


@click.command("eval")
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", type=click.Path(exists=True, path_type=Path),
              help="JSONL corpus (gzipped or not), a seed file, or a directory of seed files.")
@click.option("--suite", "shared", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Score every gold set of this shared folder (gold/ and corpora/) in one table.")
@click.option("--summary", is_flag=True, help="Scores only, no list of misses and false alarms.")
@click.option("--per-kind", is_flag=True, help="With --suite: a row per kind under each set.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_command(gold: Path | None, corpus: Path | None, shared: Path | None, summary: bool, per_kind: bool,
                 output: str) -> None:
    """Score the extractor on GOLD labels, reading article text from CORPUS."""
    if shared is not None:
        results = score_suite(shared)
        if not results:
            raise click.ClickException(f"no gold set found under {shared}")
        if output == "json":
            click.echo(json.dumps({"extractor_version": EXTRACTOR_VERSION, "sets": {
                s.name: _summary(report.as_dict()) for s, report in results}}, indent=2))
        else:
            click.echo(render_suite(results, per_kind))
        return
    if gold is None or corpus is None:
        raise click.UsageError("give GOLD and --corpus, or --suite SHARED")
    labels = list(read_jsonl(gold))
    articles = load_corpus(corpus, {article["id"] for article in labels})
    missing = sorted({article["id"] for article in labels} - set(articles))
    if missing:
        raise click.ClickException(f"{len(missing)} gold article(s) not in corpus, e.g. {missing[0]}")
    report = score(labels, predict(articles))
    errors = not (summary or is_check_set(gold))
    if output == "json":
        data = report.as_dict()
        click.echo(json.dumps({"extractor_version": EXTRACTOR_VERSION, **(data if errors else _summary(data))},
                              indent=2))
    else:
        click.echo(render_text(report, errors=errors))


def _summary(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in ("misses", "false_alarms")}

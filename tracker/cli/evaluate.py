"""`tracker eval GOLD --corpus CORPUS`: how well the extractor reads labelled articles."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.evaluation import load_corpus, predict, read_jsonl, render_text, score
from tracker.extract import EXTRACTOR_VERSION


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", required=True, type=click.Path(exists=True, path_type=Path),
              help="JSONL corpus (gzipped or not), a seed file, or a directory of seed files.")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def eval_command(gold: Path, corpus: Path, output: str) -> None:
    """Score the extractor on GOLD labels, reading article text from CORPUS."""
    labels = list(read_jsonl(gold))
    articles = load_corpus(corpus, {article["id"] for article in labels})
    missing = sorted({article["id"] for article in labels} - set(articles))
    if missing:
        raise click.ClickException(f"{len(missing)} gold article(s) not in corpus, e.g. {missing[0]}")
    report = score(labels, predict(articles))
    if output == "json":
        click.echo(json.dumps({"extractor_version": EXTRACTOR_VERSION, **report.as_dict()}, indent=2))
    else:
        click.echo(render_text(report))

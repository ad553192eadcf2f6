"""Train the dependency parser that ships inside the package (`make model`).

The extractor reads sentence structure with a small spaCy pipeline (tok2vec, tagger,
parser) trained here, from the Universal Dependencies
English Web Treebank in ``../shared/corpora/ud-english-ewt/``. Nothing is downloaded: the
treebank is read from disk and the result is written into ``tracker/extract/parser/en_ewt/``
as package data, next to its measured accuracy, its training config and the treebank's
attribution and licence (CC BY-SA 4.0 applies to the weights).

The run is reproducible: the config fixes ``system.seed``, the corpus order is the
treebank's own, and the command line is recorded in ``training.json``.

Usage::

    python model/train.py [--treebank DIR] [--work build/parser] [--max-steps N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_TREEBANK = ROOT.parent / "shared" / "corpora" / "ud-english-ewt"
TARGET = ROOT / "tracker" / "extract" / "parser" / "en_ewt"
SPLITS = ("train", "dev", "test")


def run(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True)


def convert(treebank: Path, work: Path) -> dict[str, Path]:
    """CoNLL-U (gzipped) → spaCy DocBin files, ten sentences per document.

    Tokens are the treebank's syntactic words ("Russia" + "'s", "do" + "n't"), which is how
    spaCy's English tokenizer splits text too; merging them would teach the tagger tags like
    "NNP_POS" that the tokenizer never produces."""
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for split in SPLITS:
        source = treebank / f"en_ewt-ud-{split}.conllu.gz"
        plain = corpus / f"en_ewt-ud-{split}.conllu"
        with gzip.open(source, "rt", encoding="utf-8") as src, plain.open("w", encoding="utf-8") as dst:
            shutil.copyfileobj(src, dst)
        run(sys.executable, "-m", "spacy", "convert", str(plain), str(corpus),
            "--converter", "conllu", "--n-sents", "10")
        out[split] = corpus / f"en_ewt-ud-{split}.spacy"
    return out


def evaluate(model: Path, data: Path, work: Path, name: str) -> dict[str, float]:
    result = work / f"scores-{name}.json"
    run(sys.executable, "-m", "spacy", "evaluate", str(model), str(data), "--output", str(result))
    scores = json.loads(result.read_text())
    keep = ("token_acc", "tag_acc", "pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las",
            "sents_f", "speed")
    return {key: round(float(scores[key]), 4) for key in keep if scores.get(key) is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--treebank", type=Path, default=DEFAULT_TREEBANK)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "parser")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="override training.max_steps (the config trains to convergence)")
    args = parser.parse_args()
    if not (args.treebank / "en_ewt-ud-train.conllu.gz").exists():
        sys.exit(f"treebank not found in {args.treebank}: pass --treebank DIR")

    started = time.time()
    data = convert(args.treebank, args.work)
    output = args.work / "output"
    command = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"),
               "--output", str(output), "--paths.train", str(data["train"]),
               "--paths.dev", str(data["dev"])]
    if args.max_steps:
        command += ["--training.max_steps", str(args.max_steps)]
    run(*command)
    best = output / "model-best"

    accuracy = {"dev": evaluate(best, data["dev"], args.work, "dev"),
                "test": evaluate(best, data["test"], args.work, "test")}

    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(best, TARGET)
    # The corpus paths of this machine mean nothing in the package: the pipeline loads without them.
    config = (TARGET / "config.cfg").read_text(encoding="utf-8")
    config = re.sub(r'^(train|dev) = ".*"$', r"\1 = null", config, flags=re.MULTILINE)
    (TARGET / "config.cfg").write_text(config, encoding="utf-8")
    shutil.copy(HERE / "config.cfg", TARGET / "training-config.cfg")
    shutil.copy(args.treebank / "LICENSE.txt", TARGET / "LICENSE.txt")
    shutil.copy(HERE / "ATTRIBUTION.md", TARGET / "ATTRIBUTION.md")
    import spacy  # only needed here, after training succeeded

    (TARGET / "training.json").write_text(json.dumps({
        "treebank": "UD_English-EWT (see ATTRIBUTION.md)",
        "accuracy": accuracy,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "seconds": round(time.time() - started),
        "command": "python model/train.py" + (f" --max-steps {args.max_steps}" if args.max_steps else ""),
    }, indent=2) + "\n")
    print(json.dumps(accuracy, indent=2))


if __name__ == "__main__":
    main()

"""The dependency parser: a small spaCy pipeline trained here on the UD English Web Treebank.

The pipeline ships inside the package (`parser/en_ewt/`, built by `make model`) and is loaded
once per process; nothing is downloaded. It is only run on sentences that hold a candidate
trigger word, because parsing is by far the costliest step of extraction.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).with_name("parser") / "en_ewt"


class ParserMissing(RuntimeError):
    """The packaged parser is absent: the package was built without `make model`."""


@functools.cache
def pipeline() -> Any:
    """The loaded spaCy pipeline (tok2vec, tagger, parser); cached for the process."""
    if not (MODEL_DIR / "config.cfg").exists():
        raise ParserMissing(f"no parser at {MODEL_DIR}: run `make model` to train it from the treebank")
    import spacy

    return spacy.load(MODEL_DIR)


@dataclasses.dataclass(slots=True)
class ParserStats:
    """How much parsing this process did: what `bench/extract.py` reports as words per second."""

    sentences: int = 0
    words: int = 0
    seconds: float = 0.0


STATS = ParserStats()


# Reuters wire copy capitalises the word after "U.S." ("the U.S. Will impose", "U.S. And
# Japanese officials"): a modal or conjunction read as a proper noun wrecks the parse.
_WIRE_CAPITAL = re.compile(r"(?<=U\.S\. )(?:Is|Are|Was|Were|Has|Have|Had|Will|Would|May|Might|Can|Could|Should|Must|Does|"
                           r"Did|And|Or|But|To|In|On|For|Of|The|A|An|Needs|Wants|Says|Said|Also|Still|Now|Should)\b")


def for_parser(text: str) -> str:
    """The text as the parser should see it: the same length, so offsets are unchanged."""
    return _WIRE_CAPITAL.sub(lambda m: m.group().lower(), text)


def parse(texts: Sequence[str]) -> list[Any]:
    """One spaCy `Doc` per text, parsed in one batch."""
    if not texts:
        return []
    started = time.perf_counter()
    docs = list(pipeline().pipe((for_parser(text) for text in texts), batch_size=64))
    STATS.seconds += time.perf_counter() - started
    STATS.sentences += len(docs)
    STATS.words += sum(len(doc) for doc in docs)
    return docs


def accuracy() -> dict[str, Any]:
    """The parser's measured accuracy on the treebank (written by `make model`)."""
    path = MODEL_DIR / "training.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

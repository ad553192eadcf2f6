"""The records that cross layers: the measure vocabulary, an extracted measure, an incoming article.

Every layer (ingest, extract, store, web, CLI) may import this module and it imports no
other part of tracker, so the extraction contract (`tracker extract --jsonl`), the database
and the web app speak exactly the words of `gold/README.md`. The measure kinds are data,
in `kinds.toml` beside this file: one registry that every layer reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import tomllib
from pathlib import Path
from typing import Any, Literal

KINDS_FILE = Path(__file__).with_name("kinds.toml")
FAMILIES = ("instrument", "flow", "easing")
QUANTITIES = ("percent", "money", "per_barrel", "volume")


@dataclasses.dataclass(frozen=True, slots=True)
class KindInfo:
    """One measure kind as the registry describes it."""

    name: str
    label: str
    family: str
    actor: str
    target: str
    figures: tuple[str, ...]
    colour: str


class RegistryError(ValueError):
    """`kinds.toml` is malformed: raised at load time, never later."""


@functools.cache
def kind_registry() -> dict[str, KindInfo]:
    """The kinds of `kinds.toml`, in display order, validated."""
    with KINDS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    registry: dict[str, KindInfo] = {}
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            raise RegistryError(f"{KINDS_FILE.name}: [{name}] must be a table")
        missing = {"label", "family", "actor", "target", "figures", "colour"} - set(entry)
        if missing:
            raise RegistryError(f"{KINDS_FILE.name}: [{name}] lacks {', '.join(sorted(missing))}")
        if entry["family"] not in FAMILIES:
            raise RegistryError(f"{KINDS_FILE.name}: [{name}] family {entry['family']!r} is not one of {FAMILIES}")
        unknown = set(entry["figures"]) - set(QUANTITIES)
        if unknown:
            raise RegistryError(f"{KINDS_FILE.name}: [{name}] figures {sorted(unknown)} are not among {QUANTITIES}")
        registry[name] = KindInfo(name, entry["label"], entry["family"], entry["actor"], entry["target"],
                                  tuple(entry["figures"]), entry["colour"])
    return registry


KINDS: tuple[str, ...] = tuple(kind_registry())
INSTRUMENTS: frozenset[str] = frozenset(k for k, info in kind_registry().items() if info.family == "instrument")
FLOWS: frozenset[str] = frozenset(k for k, info in kind_registry().items() if info.family == "flow")

STATUSES: tuple[str, ...] = (
    "threatened",
    "proposed",
    "announced",
    "in_force",
    "lifted",
    "reported",
    "alleged",
)
UNITS: tuple[str, ...] = ("percent", "usd", "usd_per_barrel", "tonnes", "barrels_per_day")

Field = Literal["title", "text"]


@dataclasses.dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """Where in the article a measure was read: `text[start:end]` of `field`."""

    field: Field
    start: int
    end: int
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class ExtractedMeasure:
    """One measure as an extractor read it from one article.

    `date` is the date the measure refers to (announced or taken), resolved
    against the article date; `effective_on` is set only where the text gives a
    separate date of entry into force.
    """

    kind: str
    actor: str
    target: str
    status: str
    evidence: EvidenceSpan
    value: float | None = None
    unit: str | None = None
    commodity: str | None = None
    date: dt.date | None = None
    effective_on: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        """The measure as one item of the `tracker extract --jsonl` contract."""
        value: float | int | None = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return {
            "kind": self.kind,
            "actor": self.actor,
            "target": self.target,
            "value": value,
            "unit": self.unit,
            "commodity": self.commodity,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "effective_on": self.effective_on.isoformat() if self.effective_on else None,
            "evidence": dataclasses.asdict(self.evidence),
        }


@dataclasses.dataclass(frozen=True)
class IncomingArticle:
    """An article as a source delivered it, before storage.

    `identity` is the source's own name for it (GUID, link, file name, corpus
    id), so a changed article updates its row instead of adding a twin.
    """

    identity: str
    title: str
    text: str
    published_on: dt.date | None = None
    published_at: dt.datetime | None = None
    url: str | None = None

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        digest.update(self.title.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
        digest.update(self.text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

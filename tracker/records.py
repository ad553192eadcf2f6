"""The records that cross layers: the measure vocabulary, an extracted measure, an incoming article.

Every layer (ingest, extract, store, web, CLI) may import this module and it imports no
other part of tracker, so the extraction contract (`tracker extract --jsonl`), the database
and the web app speak exactly the words of `gold/README.md`. The measure kinds are data,
in `kinds.toml` beside this file: one registry that every layer reads.
"""

from __future__ import annotations

import calendar
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
PRECISIONS = ("day", "week", "part-of-month", "month", "quarter", "part-of-year", "year")


@dataclasses.dataclass(frozen=True, slots=True)
class Period:
    """A date as precise as the text gave it: the days it may fall on."""

    start: dt.date
    end: dt.date
    precision: str

    def label(self) -> str:
        """As a reader would write it: "2025-08-03", "late Aug 2025", "Aug 2025", "Q3 2025", "2025"."""
        month = calendar.month_abbr[self.start.month]
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "week":
            return f"week of {self.start.isoformat()}"
        if self.precision == "part-of-month":
            part = "early" if self.start.day <= 10 and self.end.day <= 10 else "mid" if self.start.day <= 20 and self.end.day <= 20 else "late"
            return f"{part} {month} {self.start.year}"
        if self.precision == "month":
            return f"{month} {self.start.year}"
        if self.precision == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.precision == "part-of-year":
            return f"{'H1' if self.start.month <= 6 else 'H2'} {self.start.year}"
        return str(self.start.year)

    def to_json(self) -> dict[str, Any]:
        """The period in the extraction contract: bounds, precision and the label as written."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision,
                "label": self.label()}

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(day, day, "day")


@dataclasses.dataclass(frozen=True, slots=True)
class Dates:
    """The dates a statement gives: when announced or taken, when effective, when lifted."""

    announced: Period | None = None
    effective: Period | None = None
    lifted: Period | None = None

    def to_json(self) -> dict[str, Any]:
        return {role: period.to_json() for role, period in (("announced", self.announced),
                                                            ("effective", self.effective),
                                                            ("lifted", self.lifted)) if period}





@dataclasses.dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """Where in the article a measure was read: `text[start:end]` of `field`."""

    field: Field
    start: int
    end: int
    text: str


RELATIONS: tuple[str, ...] = ("over", "in_response_to", "condition")


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    """Why a measure was taken, read from the text: over a flow or measure ("over its purchases
    of Russian arms"), in response to one ("in retaliation for"), or on a condition ("unless
    Warsaw lifts its embargo"). `to` is the index of the other measure in the same article's
    list of measures."""

    relation: str
    to: int
    evidence: EvidenceSpan | None = None

    def to_json(self) -> dict[str, Any]:
        return {"relation": self.relation, "to": self.to,
                "evidence": dataclasses.asdict(self.evidence) if self.evidence else None}


@dataclasses.dataclass(frozen=True, slots=True)
class ExtractedMeasure:
    """One measure as an extractor read it from one article.

    `dates` holds when it was announced or taken, when it takes effect and when it ends,
    each as precise as the text gave it, resolved against the article date. `confidence`
    (0 to 1) says how the parties were read: both from one clause of the tree (1.0), one
    through a pronoun, an earlier measure of the article, or the dateline (lower).
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
    dates: Dates | None = None
    confidence: float = 1.0
    links: tuple[Link, ...] = ()

    def __post_init__(self) -> None:
        # `date` and `effective_on` are the first days of `dates`; either may be given.
        if self.dates is None:
            object.__setattr__(self, "dates", Dates(Period.day(self.date) if self.date else None,
                                                    Period.day(self.effective_on) if self.effective_on else None))
        else:
            announced, effective = self.dates.announced, self.dates.effective
            object.__setattr__(self, "date", announced.start if announced else None)
            object.__setattr__(self, "effective_on", effective.start if effective else None)

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
            "dates": self.dates.to_json() if self.dates else {},
            "confidence": round(self.confidence, 2),
            "links": [link.to_json() for link in self.links],
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

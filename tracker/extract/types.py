"""The vocabulary shared by extractors, the store and the evaluation.

Kept in one small module so that the extraction contract (`tracker extract --jsonl`)
and the database speak exactly the same words as `gold/README.md`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

KINDS: tuple[str, ...] = (
    "tariff",
    "quota",
    "import_ban",
    "export_control",
    "sanction",
    "price_cap",
    "purchase",
    "supply",
    "relief",
)
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
class Evidence:
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
    evidence: Evidence
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

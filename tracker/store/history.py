"""A measure over time, decided by pure functions: which measure a report belongs to, the
periods its reports describe, how many independent sources it has, and its threats.

Nothing here touches the database: `merging` reads the rows, calls these, and writes
what they return, so every rule can be read, and tested as a table, on its own.

- **Identity** (`choose_measure`): a report belongs to a stored measure of the same kind,
  actor, target and commodity (tariffs "on goods" and tariffs on nothing named are one
  instrument, `commodity_keys`) whose unit agrees and whose own time (the days its reports
  speak of, and the days they were published) lies within `SAME_MEASURE_GAP` of the day
  the report speaks of. A report years after the last one starts a new measure, unless it
  dates what it says into the old one's time ("the duty imposed in 1987"). Within one
  article, two figures for the same day are two measures (gold convention 1); across
  articles, a new figure is a new step of the same measure.
- **Periods** (`derive_periods`): reports are ordered by the day they speak of (not the day
  they were published), so a later article never rewrites an earlier step. A new rate or
  status starts a step and ends the one before it; a report without a figure keeps the
  rate; a threat or announcement about a measure already in force leaves it in force (it
  may be a threat to raise it, see `threats`); an undated report of a rate the measure
  had before is a report of that past step, not a new one.
- **Sources** (`independent_sources`): articles whose sentences mostly coincide (a re-file,
  an update, a wire story carried by several outlets) count once.
- **Threats** (`threat_openings`, `threat_outcome`): a threatened, proposed or announced
  measure not yet in force at that figure, and whether a measure of the same kind, actor
  and target came into force later at a value at least as high (fulfilled), the actor
  lifted or dropped it (withdrawn), or neither (open).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from tracker.records import Period

SAME_MEASURE_GAP = dt.timedelta(days=2 * 365)
# Words that name no commodity in particular: a report of tariffs "on goods" and one naming none are one instrument.
GENERIC_COMMODITIES = frozenset({"", "goods", "all goods", "products", "imports", "all imports", "exports",
                                 "merchandise", "items", "commodities", "trade"})
PRE_FORCE = ("threatened", "proposed", "announced")
SKETCH_SIZE = 8
SAME_STORY = 0.5  # estimated share of sentences two texts must have in common to be one story


@dataclasses.dataclass(frozen=True, slots=True)
class Statement:
    """What one report (an evidence row) says about its measure."""

    id: int
    status: str
    value: float | None = None
    unit: str | None = None
    reported_on: dt.date | None = None
    announced: Period | None = None
    effective: Period | None = None
    lifted: Period | None = None
    article_id: int = 0
    commodity: str | None = None
    confidence: float | None = None

    @property
    def dated(self) -> Period | None:
        """The day the text itself gives for what it says: effective for a measure in force,
        the lifting date for one lifted, else when it was announced or taken."""
        if self.status == "in_force":
            return self.effective or self.announced
        if self.status == "lifted":
            return self.lifted or self.announced
        return self.announced

    @property
    def when(self) -> Period | None:
        """The day it speaks of: its own date, else the day it was published."""
        return self.dated or (Period.day(self.reported_on) if self.reported_on else None)


@dataclasses.dataclass
class Step:
    """One period of a measure: a status and rate from `start` until `end` (exclusive, None: still)."""

    status: str
    value: float | None
    unit: str | None
    start: Period | None
    end: dt.date | None = None
    known_on: dt.date | None = None
    statements: list[Statement] = dataclasses.field(default_factory=list)

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start.start <= day) and (self.end is None or day < self.end)

    def overlaps(self, since: dt.date | None, until: dt.date | None) -> bool:
        if until is not None and self.start is not None and self.start.start > until:
            return False
        return since is None or self.end is None or self.end > since

    def _take(self, statement: Statement) -> None:
        self.statements.append(statement)
        if statement.reported_on and (self.known_on is None or statement.reported_on < self.known_on):
            self.known_on = statement.reported_on


def _order(statement: Statement) -> tuple[int, dt.date, dt.date, int, int]:
    """Undated reports first (any dated one says more), then by the day spoken of, then as published;
    reports of one day in the order their articles were first stored, which reading an article again
    (new evidence ids) never changes."""
    when = statement.when
    return (0 if when is None else 1, when.start if when else dt.date.min, statement.reported_on or dt.date.min,
            statement.article_id, statement.id)


def derive_periods(statements: Iterable[Statement]) -> list[Step]:
    """A measure's periods from its reports (see the module's rules), oldest first."""
    steps: list[Step] = []
    for s in sorted(statements, key=_order):
        current = steps[-1] if steps else None
        value, unit = s.value, s.unit
        if value is None and current is not None:
            value, unit = current.value, current.unit  # a report without a figure keeps the rate
        if current is not None:
            if current.status == "in_force" and s.status in PRE_FORCE:
                continue  # a threat or announcement leaves the measure in force (threats() reads it)
            if (current.status, current.value, current.unit) == (s.status, value, unit):
                current._take(s)
                continue
            if s.dated is None and s.value is not None:
                earlier = next((p for p in steps[:-1] if (p.status, p.value, p.unit) == (s.status, value, unit)), None)
                if earlier is not None:  # an undated report of a rate it had before: that step, not a new one
                    earlier._take(s)
                    continue
            when = s.when
            current.end = when.start if when else None
        step = Step(s.status, value, unit, s.when)
        step._take(s)
        steps.append(step)
    return steps


def state_on(steps: Sequence[Step], day: dt.date) -> Step | None:
    """The step that held on `day`; before the first one began, the first one as announced."""
    held = [s for s in steps if s.start is None or s.start.start <= day]
    if held:
        return held[-1]
    if steps:
        first = steps[0]
        return dataclasses.replace(first, status="announced" if first.status == "in_force" else first.status)
    return None


def state_in(steps: Sequence[Step], since: dt.date | None, until: dt.date | None) -> Step | None:
    """The latest step that held within [since, until]; None when none did."""
    held = [s for s in steps if s.overlaps(since, until)]
    return held[-1] if held else None


def period_columns(prefix: str, period: Period | None, *, end: str = "_end", precision: str = "_precision",
                   start: str = "_on") -> dict[str, object]:
    """A period as the three columns that store it: `<prefix>_on`, `<prefix>_end`, `<prefix>_precision`."""
    return {
        prefix + start: period.start if period else None,
        prefix + end: period.end if period else None,
        prefix + precision: period.precision if period else None,
    }


def stored_period(start: dt.date | None, end: dt.date | None, precision: str | None) -> Period | None:
    """A period from its three columns (a bare date, as stored before precisions were kept, is a day)."""
    if start is None:
        return None
    return Period(start, end or start, precision or "day")


def current_state(statements: Sequence[Statement], steps: Sequence[Step]) -> dict[str, object]:
    """A measure's cached columns from its reports and periods: the current period's status and
    rate, the commodity as last named, its dates as precise as written, the days its reports
    speak of and were published, and the best confidence it was read with."""
    current = steps[-1]
    by_report = sorted(statements, key=lambda s: (s.reported_on is not None, s.reported_on or dt.date.min,
                                                  s.article_id, s.id))
    named = [s.commodity for s in by_report if s.commodity]
    reported = [s.reported_on for s in statements if s.reported_on]
    announced = min((p for s in statements if (p := s.announced)), key=lambda p: p.start, default=None)
    if announced is None and reported:
        announced = Period.day(min(reported))
    effective = min((p for s in statements if (p := s.effective)), key=lambda p: p.start, default=None)
    if effective is None:  # where no report gives a date of entry into force, the first period in force does
        effective = next((s.start for s in steps if s.status == "in_force" and s.start), None)
    lifted = None
    if current.status == "lifted":
        lifted = min((p for s in current.statements if (p := s.lifted)), key=lambda p: p.start, default=current.start)
    spoken = [w.start for s in statements if (w := s.when)]
    confidences = [s.confidence for s in statements if s.confidence is not None]
    return {
        "status": current.status,
        "value": current.value,
        "unit": current.unit,
        "commodity": named[-1] if named else None,
        **period_columns("announced", announced),
        **period_columns("effective", effective),
        **period_columns("lifted", lifted),
        "began_on": min(spoken, default=None),
        "latest_on": max(spoken, default=None),
        "first_reported_on": min(reported, default=None),
        "last_reported_on": max(reported, default=None),
        "confidence": max(confidences, default=None),
    }


def period_row(measure_id: int, position: int, step: Step) -> dict[str, object]:
    """A step as a `measure_periods` row."""
    return {
        "measure_id": measure_id, "position": position, "status": step.status, "value": step.value, "unit": step.unit,
        **period_columns("start", step.start),
        "end_on": step.end, "known_on": step.known_on,
    }


# --- Identity ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Candidate:
    """A stored measure with the same kind, actor, target and commodity as a new report."""

    id: int
    unit: str | None
    value: float | None
    first_on: dt.date | None  # the earliest day its reports speak of or were published
    last_on: dt.date | None  # the latest


def commodity_keys(key: str) -> frozenset[str]:
    """The commodity keys a report with this key may join: itself, or any generic one if it is generic."""
    return GENERIC_COMMODITIES if key in GENERIC_COMMODITIES else frozenset({key})


def _distance(day: dt.date | None, candidate: Candidate) -> int:
    if day is None or candidate.first_on is None or candidate.last_on is None:
        return 0
    if day < candidate.first_on:
        return (candidate.first_on - day).days
    if day > candidate.last_on:
        return (day - candidate.last_on).days
    return 0


def choose_measure(
    statement: Statement,
    candidates: Iterable[Candidate],
    said_here: Mapping[int, Sequence[Statement]] | None = None,
    gap: dt.timedelta = SAME_MEASURE_GAP,
) -> int | None:
    """The id of the stored measure `statement` reports, or None for a new measure.

    `said_here` holds what the same article already said of each candidate: a candidate
    given another figure for the same day by this article is another measure.
    """
    when = statement.when
    day = when.start if when else None
    best: tuple[int, int, int, int] | None = None
    chosen: int | None = None
    for c in candidates:
        if statement.unit and c.unit and statement.unit != c.unit:
            continue
        distance = _distance(day, c)
        if distance > gap.days:
            continue
        if said_here and any(
            other.value is not None and statement.value is not None and other.value != statement.value
            and other.when == when
            for other in said_here.get(c.id, ())
        ):
            continue
        rank = (distance, 0 if statement.value is None or c.value == statement.value else 1,
                -(c.last_on or dt.date.min).toordinal(), -c.id)
        if best is None or rank < best:
            best, chosen = rank, c.id
    return chosen


# --- Sources ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def sketch(title: str, text: str) -> str:
    """The smallest hashes of an article's sentences: two sketches estimate how much two texts share."""
    hashes: set[int] = set()
    for sentence in _SENTENCE_END.split(f"{title}\n{text}"):
        words = _NON_WORD.sub(" ", sentence.lower()).strip()
        if len(words) >= 20:
            hashes.add(int.from_bytes(hashlib.blake2b(words.encode(), digest_size=4).digest(), "big"))
    return " ".join(f"{h:08x}" for h in sorted(hashes)[:SKETCH_SIZE])


def _hashes(sketch_text: str | None) -> frozenset[str]:
    return frozenset(sketch_text.split()) if sketch_text else frozenset()


def same_story(a: str | None, b: str | None) -> bool:
    """Whether two sketches are one story: the bottom-k estimate of their sentences' Jaccard index."""
    ha, hb = _hashes(a), _hashes(b)
    if not ha or not hb:
        return False
    union = sorted(ha | hb)[:SKETCH_SIZE]
    shared = sum(1 for h in union if h in ha and h in hb)
    return shared / len(union) >= SAME_STORY


def independent_sources(sketches: Mapping[int, str | None]) -> int:
    """How many stories these articles (id → sketch) tell: near-duplicates count once."""
    clusters: list[str | None] = []
    by_hash: dict[str, list[int]] = {}
    for _article, text in sorted(sketches.items()):
        hashes = _hashes(text)
        near = {i for h in hashes for i in by_hash.get(h, ())}
        if any(same_story(text, clusters[i]) for i in sorted(near)):
            continue
        index = len(clusters)
        clusters.append(text)
        for h in hashes:
            by_hash.setdefault(h, []).append(index)
    return len(clusters)


@functools.lru_cache(maxsize=65536)
def publisher(url: str | None, source_id: int, named: str | None = None) -> str:
    """Who published an article: the publisher it names (a seed's source line, a corpus's
    "source"), else the host of its link, else the source it came from."""
    if named and named.strip():
        return " ".join(named.casefold().split())
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # a malformed link names no host
        host = None
    if host:
        return host.removeprefix("www.")
    return f"source:{source_id}"


def source_counts(articles: Iterable[tuple[int, str | None, str | None, int, str | None]]) -> dict[str, int]:
    """Independent articles and publishers among a measure's reports:
    (article id, sketch, url, source id, the publisher the article names)."""
    sketches: dict[int, str | None] = {}
    publishers: set[str] = set()
    for article_id, sketch_text, url, source_id, named in articles:
        sketches[article_id] = sketch_text
        publishers.add(publisher(url, source_id, named))
    return {"source_count": independent_sources(sketches), "publisher_count": len(publishers)}


# --- Threats ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class Opening:
    """A threat as first made: when, at what figure, and the deadline the text gave."""

    status: str
    on: Period
    value: float | None
    unit: str | None
    known_on: dt.date | None
    deadline: dt.date | None


def threat_openings(statements: Iterable[Statement]) -> list[Opening]:
    """The threats one measure's reports make: a threatened, proposed or announced step not
    already in force at that figure (a threat to raise an in-force rate is one)."""
    openings: list[Opening] = []
    in_force: float | None = None
    forced = False
    current: dict[str, object] | None = None
    for s in sorted(statements, key=_order):
        when = s.when
        if s.status in PRE_FORCE and when is not None:
            escalates = not forced or (s.value is not None and (in_force is None or s.value > in_force))
            if current is None and escalates:
                current = {"status": s.status, "on": when, "value": s.value, "unit": s.unit,
                           "known_on": s.reported_on, "deadline": None}
            if current is not None:
                if s.value is not None and (current["value"] is None or s.value > current["value"]):  # type: ignore[operator]
                    current["value"], current["unit"] = s.value, s.unit
                if s.effective and s.effective.start >= when.start and current["deadline"] is None:
                    current["deadline"] = s.effective.start
                if s.reported_on and (current["known_on"] is None or s.reported_on < current["known_on"]):  # type: ignore[operator]
                    current["known_on"] = s.reported_on
            continue
        if current is not None:
            openings.append(Opening(**current))  # type: ignore[arg-type]
            current = None
        if s.status == "in_force":
            forced = True
            in_force = s.value if s.value is not None else in_force
        elif s.status == "lifted":
            forced, in_force = False, None
    if current is not None:
        openings.append(Opening(**current))  # type: ignore[arg-type]
    return openings


@dataclasses.dataclass(frozen=True, slots=True)
class Enforcement:
    """A step in force of some measure of the threat's kind, actor and target."""

    measure_id: int
    start: dt.date
    value: float | None
    unit: str | None


def threat_row(measure_id: int, key: tuple[str, str, str], commodity: str | None, o: Opening) -> dict[str, object]:
    """An opening as a `threats` row, its outcome not yet decided."""
    kind, actor, target = key
    return {
        "measure_id": measure_id, "kind": kind, "actor_code": actor, "target_code": target, "commodity": commodity,
        "status": o.status, "value": o.value, "unit": o.unit,
        **period_columns("threatened", o.on),
        "known_on": o.known_on, "deadline_on": o.deadline, "outcome": "open",
    }


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome:
    outcome: str  # fulfilled | withdrawn | open
    on: dt.date | None = None
    measure_id: int | None = None
    days: int | None = None


def threat_outcome(opening: Opening, enforced: Iterable[Enforcement], lifted: Iterable[dt.date]) -> Outcome:
    """Fulfilled, withdrawn or open, whichever came first after the threat was made."""
    start = opening.on.start
    fulfilled = [
        e for e in enforced
        if e.start >= start
        and (opening.unit is None or e.unit is None or e.unit == opening.unit)
        and (opening.value is None or (e.value is not None and e.value >= opening.value))
    ]
    first = min(fulfilled, key=lambda e: (e.start, e.measure_id), default=None)
    drop = min((d for d in lifted if d >= start), default=None)
    if first is not None and (drop is None or first.start <= drop):
        return Outcome("fulfilled", first.start, first.measure_id, (first.start - start).days)
    if drop is not None:
        return Outcome("withdrawn", drop, None, (drop - start).days)
    return Outcome("open")


# --- As of a day --------------------------------------------------------------------------


def as_known(statements: Iterable[Statement], day: dt.date) -> tuple[list[Statement], list[Step]]:
    """What had been reported by the end of `day`, and the periods it described up to that day.

    A period that had not begun by then is not shown; a measure whose every period began
    later is shown as it was known, announced for later.
    """
    known = [s for s in statements if s.reported_on is not None and s.reported_on <= day]
    steps = derive_periods(known)
    held = [s for s in steps if s.start is None or s.start.start <= day]
    if held:
        last = held[-1]
        if last.end is not None and last.end > day:
            held[-1] = dataclasses.replace(last, end=None)
        return known, held
    first = state_on(steps, day)
    return known, [first] if first else []

"""The audit trail: every change a person or `tracker reextract` made, appended, never changed.

`append` is the only write this module offers: there is no update and no delete, and the
database refuses both (triggers on `audit_log`, migration 0008). Reads page through the
trail newest first by id (keyset), filtered by who, what, which measure and when; the
CSV download reads it a batch at a time, as measure downloads do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.db import read_session
from tracker.store.models import AuditEntry
from tracker.store.types import utcnow

# What an entry can say was done (`action`), for the filter on /audit.
ACTIONS = (
    "confirm", "reject", "correct", "merge", "merged", "move", "add",
    "reextract.add", "reextract.change", "reextract.retire",
    "user.add", "user.role", "user.password", "user.disable", "user.enable", "feed.enable", "feed.disable",
)
BATCH = 2000


def _json(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def append(
    session: so.Session,
    who: str,
    action: str,
    *,
    measure_id: int | None = None,
    subject: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """Add one entry, inside the caller's transaction (so it commits with the change it records)."""
    session.execute(
        sa.insert(AuditEntry).values(
            at=utcnow(), who=who[:100], action=action, measure_id=measure_id, subject=subject,
            before=_json(before), after=_json(after), reason=reason or None,
        )
    )


def decoded(text: str | None) -> Any:
    """An entry's `before` or `after` as the JSON value it was written as."""
    return json.loads(text) if text else None


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """An entry as JSON: before and after as the values they were written as."""
    return {
        "id": entry.id, "at": entry.at.isoformat(), "who": entry.who, "action": entry.action,
        "measure_id": entry.measure_id, "subject": entry.subject, "before": decoded(entry.before),
        "after": decoded(entry.after), "reason": entry.reason,
    }


@dataclasses.dataclass(frozen=True)
class AuditFilter:
    """Which entries a listing shows."""

    who: str | None = None
    action: str | None = None
    measure_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
        if self.who:
            clauses.append(AuditEntry.who == self.who)
        if self.action:
            clauses.append(AuditEntry.action == self.action)
        if self.measure_id is not None:
            clauses.append(AuditEntry.measure_id == self.measure_id)
        if self.since:
            clauses.append(AuditEntry.at >= dt.datetime.combine(self.since, dt.time(), dt.timezone.utc))
        if self.until:
            clauses.append(AuditEntry.at < dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time(),
                                                               dt.timezone.utc))
        return clauses


def audit_page(
    session: so.Session, flt: AuditFilter, *, before_id: int | None = None, limit: int = 50
) -> tuple[list[AuditEntry], int | None]:
    """One page of entries, newest first, and the id the next page starts below (None on the last)."""
    stmt = sa.select(AuditEntry).where(*flt.where())
    if before_id is not None:
        stmt = stmt.where(AuditEntry.id < before_id)
    rows = list(session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit + 1)))
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1].id
    return rows, None


def measure_history(session: so.Session, measure_id: int, limit: int = 200) -> list[AuditEntry]:
    """What people and re-extraction did to one measure, oldest first."""
    stmt = (
        sa.select(AuditEntry).where(AuditEntry.measure_id == measure_id)
        .order_by(AuditEntry.id.desc()).limit(limit)
    )
    return list(reversed(list(session.scalars(stmt))))


COLUMNS = ("id", "at", "who", "action", "measure_id", "subject", "before", "after", "reason")


def stream_audit_rows(engine: sa.Engine, flt: AuditFilter, batch: int = BATCH) -> Iterator[tuple[Any, ...]]:
    """Every matching entry as a tuple of `COLUMNS`, newest first, a batch per short read."""
    table = AuditEntry.__table__
    stmt = sa.select(*(table.c[name] for name in COLUMNS)).where(*flt.where()).order_by(table.c.id.desc())
    last: int | None = None
    while True:
        page = stmt if last is None else stmt.where(table.c.id < last)
        with read_session(engine) as session:
            rows = session.execute(page.limit(batch)).all()
        for row in rows:
            yield tuple(row)
        if len(rows) < batch:
            return
        last = rows[-1].id

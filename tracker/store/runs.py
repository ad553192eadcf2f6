"""Ingest runs: every pass recorded from its start, kept current while it works, so a killed one tells the truth.

A run's article and measure counters are added to in the same transaction that stores
the articles (`add_to_run`), so even a run killed with SIGKILL shows exactly what it
stored; the other counters (entries seen, unchanged, errors) are written with its
heartbeat (`checkpoint_run`), every few seconds. A run stopped by Ctrl-C or SIGTERM is
finished as "interrupted", never as "ok".

A run whose process is gone is found two ways: on its own host, its pid no longer
exists; on any host, its heartbeat is older than `stale_after`. It is then marked
"interrupted", and the feeds it had claimed are released at once
(`release_claims_of_gone_runs`), instead of staying blocked for the whole lease.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
from collections.abc import Mapping

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.db import write_session
from tracker.store.models import IngestRun, Source
from tracker.store.text import without_controls
from tracker.store.types import utcnow

COUNTERS = (
    "sources_seen",
    "entries_seen",
    "articles_new",
    "articles_updated",
    "articles_unchanged",
    "articles_duplicate",
    "measures_new",
    "measures_updated",
    "errors",
    "extraction_errors",
)
# Counted as their articles commit (add_to_run); the rest are written with the heartbeat.
COMMITTED = ("articles_new", "articles_updated", "measures_new", "measures_updated")
CHECKPOINTED = tuple(name for name in COUNTERS if name not in COMMITTED)
# A run that has not beaten for this long is gone (its process killed, its machine lost).
DEFAULT_STALE_AFTER = dt.timedelta(minutes=2)


@dataclasses.dataclass(frozen=True)
class RunHolder:
    """The run holding a feed's claim, as `feeds list` and /feeds show it."""

    id: int
    host: str | None
    pid: int | None
    heartbeat_at: dt.datetime | None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _gone(run: IngestRun, host: str, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    """On this host the process table says (a slow heartbeat is no death); elsewhere, the heartbeat."""
    if run.host == host:
        return run.pid != os.getpid() and (run.pid is None or not _pid_alive(run.pid))
    last_sign = run.heartbeat_at or run.started_at
    return last_sign < now - stale_after


def mark_interrupted_runs(engine: sa.Engine, stale_after: dt.timedelta = DEFAULT_STALE_AFTER) -> int:
    """Runs left 'running' by a process that no longer exists are interrupted; their claims are released."""
    host = socket.gethostname()
    now = utcnow()
    with write_session(engine) as session:
        stale = session.scalars(sa.select(IngestRun).where(IngestRun.status == "running")).all()
        gone = [run for run in stale if _gone(run, host, now, stale_after)]
        for run in gone:
            run.status = "interrupted"
            run.finished_at = run.finished_at or now
        if gone:
            session.execute(
                sa.update(Source)
                .where(Source.claimed_by.in_([run.id for run in gone]))
                .values(claimed_until=None, claimed_by=None)
            )
        return len(gone)


def release_claims_of_gone_runs(engine: sa.Engine, stale_after: dt.timedelta = DEFAULT_STALE_AFTER) -> int:
    """Free the feeds claimed by runs that are over or gone; returns how many runs were found gone."""
    gone = mark_interrupted_runs(engine, stale_after)
    with write_session(engine) as session:
        finished = sa.select(IngestRun.id).where(IngestRun.status != "running")
        session.execute(
            sa.update(Source)
            .where(Source.claimed_by.in_(finished), Source.claimed_until.is_not(None))
            .values(claimed_until=None, claimed_by=None)
        )
    return gone


def start_run(engine: sa.Engine, kind: str, stale_after: dt.timedelta = DEFAULT_STALE_AFTER) -> int:
    mark_interrupted_runs(engine, stale_after)
    with write_session(engine) as session:
        now = utcnow()
        run = IngestRun(
            kind=kind, status="running", host=socket.gethostname(), pid=os.getpid(), started_at=now, heartbeat_at=now
        )
        session.add(run)
        session.flush()
        return run.id


def add_to_run(session: so.Session, run_id: int, counts: Mapping[str, int]) -> None:
    """Inside a write transaction: add to a run's counters, so they commit with the work they count."""
    deltas = {name: amount for name, amount in counts.items() if amount and name in COUNTERS}
    if deltas:
        columns = IngestRun.__table__.c
        session.execute(
            sa.update(IngestRun)
            .where(IngestRun.id == run_id)
            .values({name: columns[name] + amount for name, amount in deltas.items()})
        )


def checkpoint_run(engine: sa.Engine, run_id: int, counts: Mapping[str, int]) -> None:
    """The heartbeat: the run is alive, and these are its counters that commit with no article."""
    values: dict[str, object] = {name: counts.get(name, 0) for name in CHECKPOINTED}
    with write_session(engine) as session:
        session.execute(
            sa.update(IngestRun)
            .where(IngestRun.id == run_id, IngestRun.status == "running")
            .values(**values, heartbeat_at=utcnow())
        )


def finish_run(
    engine: sa.Engine, run_id: int, counts: dict[str, int], error_log: list[str], status: str | None = None
) -> None:
    """The run's final counters and status: `status` if given ("interrupted"), else "errors" or "ok"."""
    with write_session(engine) as session:
        values = {name: counts.get(name, 0) for name in COUNTERS}
        session.execute(
            sa.update(IngestRun)
            .where(IngestRun.id == run_id)
            .values(
                **values,
                status=status or ("errors" if values["errors"] else "ok"),
                finished_at=utcnow(),
                heartbeat_at=utcnow(),
                error_log=without_controls("\n".join(error_log))[-20_000:] or None,
            )
        )
        session.execute(
            sa.update(Source).where(Source.claimed_by == run_id).values(claimed_until=None, claimed_by=None)
        )


def recent_runs(session: so.Session, kind: str, limit: int = 20) -> list[IngestRun]:
    """The latest runs of one kind (seeds, feeds), newest first, for the health page."""
    stmt = (
        sa.select(IngestRun)
        .where(IngestRun.kind == kind)
        .order_by(IngestRun.started_at.desc(), IngestRun.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def run_holders(session: so.Session, run_ids: set[int]) -> dict[int, RunHolder]:
    """The runs with these ids, for showing who holds a claim."""
    if not run_ids:
        return {}
    rows = session.execute(
        sa.select(IngestRun.id, IngestRun.host, IngestRun.pid, IngestRun.heartbeat_at).where(IngestRun.id.in_(run_ids))
    ).all()
    return {r.id: RunHolder(r.id, r.host, r.pid, r.heartbeat_at) for r in rows}

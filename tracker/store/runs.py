"""Ingest runs: every pass recorded from its start, so a killed one is still visible."""

from __future__ import annotations

import os
import socket

import sqlalchemy as sa
import sqlalchemy.orm as so

from tracker.store.db import write_session
from tracker.store.models import IngestRun
from tracker.store.types import utcnow

COUNTERS = (
    "sources_seen",
    "entries_seen",
    "articles_new",
    "articles_updated",
    "articles_unchanged",
    "measures_new",
    "measures_updated",
    "errors",
    "extraction_errors",
)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_interrupted_runs(engine: sa.Engine) -> int:
    """Runs left 'running' by a process of this host that no longer exists were killed."""
    host = socket.gethostname()
    with write_session(engine) as session:
        stale = session.scalars(
            sa.select(IngestRun).where(IngestRun.status == "running", IngestRun.host == host)
        ).all()
        count = 0
        for run in stale:
            if run.pid is None or (run.pid != os.getpid() and not _pid_alive(run.pid)):
                run.status = "interrupted"
                run.finished_at = run.finished_at or utcnow()
                count += 1
        return count


def start_run(engine: sa.Engine, kind: str) -> int:
    mark_interrupted_runs(engine)
    with write_session(engine) as session:
        run = IngestRun(kind=kind, status="running", host=socket.gethostname(), pid=os.getpid(), started_at=utcnow())
        session.add(run)
        session.flush()
        return run.id


def finish_run(engine: sa.Engine, run_id: int, counts: dict[str, int], error_log: list[str]) -> None:
    with write_session(engine) as session:
        values = {name: counts.get(name, 0) for name in COUNTERS}
        session.execute(
            sa.update(IngestRun)
            .where(IngestRun.id == run_id)
            .values(
                **values,
                status="errors" if values["errors"] else "ok",
                finished_at=utcnow(),
                error_log="\n".join(error_log)[-20_000:] or None,
            )
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

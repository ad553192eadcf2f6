"""A real `tracker` run killed with SIGKILL half-way, and what the database then holds.

The SIGKILL tests of seeds and corpora share this: start the command in a subprocess, wait
until it has stored some articles, kill it without warning, and count what is stored.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Sequence

import sqlalchemy as sa

from tracker.store.db import read_session
from tracker.store.models import Article, Evidence, Measure


def stored_counts(engine: sa.Engine) -> tuple[int, int, int]:
    """(articles, measures, evidence rows) in the database."""
    with read_session(engine) as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (Article, Measure, Evidence)
        )


def kill_half_way(cmd: Sequence[str], env: dict[str, str], engine: sa.Engine, *, after: int = 20,
                  timeout: float = 120) -> None:
    """Run `cmd`, and SIGKILL it once it has stored `after` articles (or has ended, or `timeout` passed)."""
    proc = subprocess.Popen(list(cmd), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while stored_counts(engine)[0] < after and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()

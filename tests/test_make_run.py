"""`make run` as documented: it serves where TRACKER_HOST and TRACKER_PORT say, and SCHEDULER=0 turns ingestion off.

Runs the Makefile's own `run` target in a subprocess, against a data directory of its
own (XDG_DATA_HOME), with the environment `make test` has already installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
WANTED_PORT = 5077


def _port() -> int:
    """5077 as the issue says, unless something on this machine has it already."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", WANTED_PORT))
            return WANTED_PORT
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])


def test_make_run_serves_on_tracker_port_with_the_scheduler_off(tmp_path: Path) -> None:
    if shutil.which("make") is None or not (REPO_ROOT / ".venv" / "bin" / "tracker").exists():
        pytest.skip("needs make and the .venv that `make test` installs")
    port = _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update({"XDG_DATA_HOME": str(tmp_path / "data"), "TRACKER_PORT": str(port), "SCHEDULER": "0"})
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        # -o: treat the installed environment as up to date, so the test never reinstalls it.
        proc = subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.installed", "run"], cwd=REPO_ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while "serving on" not in log.read_text(errors="replace"):
            assert proc.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200 and b"Latest measures" in response.read()
        output = log.read_text(errors="replace")
        assert f"serving on http://127.0.0.1:{port}/ (" in output and "scheduler off)" in output
        assert (tmp_path / "data" / "tracker" / "tracker.sqlite3").exists()  # its own database, not the user's
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)

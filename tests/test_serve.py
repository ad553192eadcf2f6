"""`tracker serve` as a real process: the foundation's promise, end to end over HTTP."""

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tracker.store import migrate

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8"), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8"), dict(exc.headers)


@pytest.fixture
def served(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_bytes((FIXTURES / "seed-article.txt").read_bytes())
    migrate.upgrade(db_url)
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url, "TRACKER_SEEDS_DIR": str(seeds)}
    subprocess.run([sys.executable, "-m", "tracker", "ingest", "--seeds", str(seeds)], env=env, check=True, capture_output=True)
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                raise AssertionError((tmp_path / "serve.log").read_text()) from None
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()
    print((tmp_path / "serve.log").read_text())  # shown by pytest when a test fails


def test_the_ledger_shows_the_seed_tariff_with_its_sentence_and_downloads_as_csv(served: str) -> None:
    status, page, _ = _get(f"{served}/ledger/USA/IND")
    assert status == 200
    assert "50%" in page
    assert "Trump slapped 50% tariffs on India" in page
    status, body, headers = _get(f"{served}/ledger/IND/USA.csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    tariff = [r for r in rows if (r["kind"], r["actor"], r["target"]) == ("tariff", "USA", "IND")]
    assert len(tariff) == 1 and tariff[0]["value"] == "50" and tariff[0]["unit"] == "percent"


def test_unknown_or_malformed_codes_answer_404_with_a_clear_page(served: str) -> None:
    status, page, _ = _get(f"{served}/ledger/USA/XYZ")
    assert status == 404 and "XYZ" in page
    status, page, _ = _get(f"{served}/ledger/%3Cscript%3E/IND")
    assert status == 404 and "<script>" not in page


def test_it_is_a_production_server_without_a_version_banner(served: str) -> None:
    status, _, headers = _get(f"{served}/measures.csv")
    assert status == 200
    assert "Server" not in headers and "Werkzeug" not in str(headers)


def test_a_stalled_download_is_dropped_and_the_server_goes_on(served: str) -> None:
    """A client that stops reading must not stall the server (each CSV batch is its own short read)."""
    host, port = served.removeprefix("http://").split(":")
    stalled = socket.create_connection((host, int(port)), timeout=5)
    stalled.sendall(b"GET /measures.csv HTTP/1.1\r\nHost: x\r\n\r\n")  # and never reads the answer
    for _ in range(20):
        status, _, _ = _get(f"{served}/measures.json")
        assert status == 200
    stalled.close()


@pytest.mark.parametrize("debug", [False, True], ids=["waitress", "debug"])
def test_a_port_in_use_is_one_error_and_nothing_else(db_url: str, tmp_path: Path, debug: bool) -> None:
    migrate.upgrade(db_url)
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url, "TRACKER_SEEDS_DIR": str(tmp_path)}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "tracker", "serve", "--port", str(port)] + (["--debug"] if debug else [])
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "serving on" not in result.stdout
    assert result.stderr.strip() == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use"

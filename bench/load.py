"""Bounded load through the production server: `tracker serve` (waitress) on a 200,000-measure database.

Builds the synthetic SQLite database of `bench/web.py` (200,000 measures, 600,000 evidence
rows), starts `tracker serve --no-scheduler` on a free loopback port, and sends a fixed
number of requests (2,000 by default) from a fixed number of concurrent clients (16) over
the pages people open: the home page, ledgers, country pages, the explorer, measure and
article pages, search, JSON, Atom and a small CSV. Then it stops the server and prints the
error rate (any answer other than 200, or no answer), p50 / p95 latency and requests per
second. Loopback only, bounded in count and time, and it stops by itself.

    python bench/load.py                       # 2,000 requests at concurrency 16
    python bench/load.py --measures 20000      # a quick run
    python bench/load.py --keep-sqlite /tmp/load.sqlite3   # reuse the built database
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web import countries, load  # noqa: E402

from tracker.store import migrate  # noqa: E402

TIMEOUT = 60.0  # seconds for one request
WALL = 900.0  # seconds for the whole run, whatever happens


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def paths(n: int, measures: int, n_countries: int, rng: random.Random) -> list[str]:
    """A seeded mix of the pages people open, weighted towards ledgers and country pages."""
    codes = countries(n_countries)[:40]
    articles = max(measures // 4, 10)
    makers = [
        lambda: "/",
        lambda: f"/ledger/{rng.choice(codes)}/{rng.choice(codes)}",
        lambda: f"/ledger/{rng.choice(codes)}/{rng.choice(codes)}.json",
        lambda: f"/ledger/{rng.choice(codes)}/{rng.choice(codes)}.atom",
        lambda: f"/countries/{rng.choice(codes)}",
        lambda: f"/countries/{rng.choice(codes)}.json",
        lambda: "/measures?kind=tariff&sort=-value",
        lambda: "/measures.json?status=in_force",
        lambda: f"/measures/{rng.randint(1, measures)}",
        lambda: f"/articles/{rng.randint(1, articles)}",
        lambda: "/search?q=steel",
        lambda: f"/ledger/{codes[-1]}/{codes[-2]}.csv",
    ]
    return [rng.choice(makers)() for _ in range(n)]


def fetch(base: str, path: str) -> tuple[float, int | str]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path, timeout=TIMEOUT) as response:
            response.read()
            status: int | str = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError as exc:
        status = type(exc).__name__
    return (time.perf_counter() - started) * 1000, status


def serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TRACKER_DATABASE_URL": url}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tracker", "serve", "--no-scheduler", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"tracker serve exited: {log.read_text()}") from None
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("tracker serve did not start within 120 s")


def percentile(values: Sequence[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=200_000)
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--keep-sqlite", type=Path, help="build the SQLite file here and reuse it when it exists")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tracker-load-") as tmp:
        path = args.keep_sqlite or Path(tmp) / "load.sqlite3"
        url = f"sqlite:///{path}"
        if not path.exists():
            print(f"building {args.measures:,} measures, {args.measures * 3:,} evidence", flush=True)
            migrate.upgrade(url)
            load(url, args.measures, args.countries, 3)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = serve(url, port, Path(tmp) / "serve.log")
        try:
            for path_ in ("/", "/measures", "/countries/USA"):  # warm-up, not counted
                fetch(base, path_)
            todo = paths(args.requests, args.measures, args.countries, random.Random(2000))
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                futures = [pool.submit(fetch, base, p) for p in todo]
                results = [f.result(timeout=max(WALL - (time.perf_counter() - started), 1)) for f in futures]
            elapsed = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    latencies = [ms for ms, _ in results]
    errors = [(p, status) for p, (_, status) in zip(todo, results, strict=True) if status != 200]
    print(f"tracker serve (waitress), {args.measures:,} measures on SQLite: {len(results):,} requests "
          f"at concurrency {args.concurrency}")
    print(f"  error rate {len(errors) / len(results):.2%} ({len(errors)} errors)"
          + (f", e.g. {errors[0][0]} -> {errors[0][1]}" if errors else ""))
    print(f"  p50 {percentile(latencies, 50):.0f} ms, p95 {percentile(latencies, 95):.0f} ms, "
          f"max {max(latencies):.0f} ms, {len(results) / elapsed:.1f} requests/s")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

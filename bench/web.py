"""Web latency at scale: 1,000,000 measures and 3,000,000 evidence rows over 200 countries.

Builds the synthetic database on SQLite and on a throwaway PostgreSQL (bulk
loaded with executemany / COPY, never the ORM), then times the pages people
open most through the Flask test client, and the CSV export's speed and memory.

    python bench/web.py                      # both backends, full size
    python bench/web.py --measures 50000     # a quick run
    python bench/web.py --backend sqlite

Targets: p95 <= 100 ms per page on both databases; CSV >= 50,000 rows/s with
peak memory growth < 50 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tracker.config import load_settings  # noqa: E402
from tracker.records import KINDS, STATUSES  # noqa: E402
from tracker.store import migrate  # noqa: E402
from tracker.store.actors import catalogue  # noqa: E402
from tracker.store.db import make_engine  # noqa: E402

EPOCH = dt.date(2015, 1, 1)
DAYS = 4000
COMMODITIES = ("steel", "aluminium", "crude oil", "wheat", "semiconductors", "rare earths", "gas", "arms", "soybeans")
NOW = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)


# --- synthetic data -----------------------------------------------------------------------


def countries(n: int) -> list[str]:
    """n real country codes, the big traders first (they get the most measures)."""
    first = ["USA", "CHN", "RUS", "IND", "DEU", "FRA", "GBR", "JPN", "IRN", "TUR", "BRA", "CAN", "KOR", "AUS", "MEX"]
    rest = sorted(c for c, (_, kind, _a) in catalogue().items() if kind == "country" and c not in first)
    return (first + rest)[:n]


def pick_pairs(codes: Sequence[str], n: int, rng: random.Random) -> Iterator[tuple[str, str]]:
    """Mildly skewed: the first countries appear a few times more often than the last."""
    weights = [1 / (rank + 10) for rank in range(len(codes))]
    cum = list(_accumulate(weights))
    while n > 0:
        batch = min(n, 100_000)
        actors = rng.choices(codes, cum_weights=cum, k=batch)
        targets = rng.choices(codes, cum_weights=cum, k=batch)
        for a, t in zip(actors, targets, strict=True):
            if a != t:
                yield a, t
                n -= 1


def _accumulate(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def measure_rows(n: int, codes: Sequence[str], rng: random.Random) -> Iterator[tuple]:
    for i, (actor, target) in enumerate(pick_pairs(codes, n, rng), start=1):
        kind = KINDS[i % len(KINDS)]
        commodity = COMMODITIES[(i // 7) % len(COMMODITIES)]
        first = EPOCH + dt.timedelta(days=rng.randrange(DAYS))
        last = first + dt.timedelta(days=rng.randrange(200))
        dated = i % 97 != 0  # about 1% undated, as undated articles produce
        value = float(rng.choice((10, 25, 50, 100))) if kind == "tariff" else None
        yield (
            i, kind, actor, target, f"{commodity} {i}", commodity, STATUSES[i % len(STATUSES)],
            value, "percent" if value is not None else None,
            first if dated else None, None, first if dated else None, last if dated else None,
            3, NOW, NOW,
        )


MEASURE_COLS = (
    "id", "kind", "actor_code", "target_code", "commodity_key", "commodity", "status", "value", "unit",
    "announced_on", "effective_on", "first_reported_on", "last_reported_on", "source_count", "created_at", "updated_at",
)
EVIDENCE_COLS = (
    "id", "measure_id", "article_id", "field", "start", "end", "quote", "status", "value", "unit", "commodity",
    "measure_on", "effective_on", "reported_on", "extractor_version", "created_at",
)
ARTICLE_COLS = (
    "id", "source_id", "identity", "url", "title", "text", "content_hash", "published_on", "published_at",
    "extractor_version", "created_at", "updated_at",
)


def article_rows(n: int) -> Iterator[tuple]:
    for i in range(1, n + 1):
        day = EPOCH + dt.timedelta(days=i % DAYS)
        yield (i, 1, f"bench-{i}", f"https://news.example/{i}", f"Article {i}",
               f"Synthetic article {i} about trade measures.", f"{i:064x}", day, None, "bench", NOW, NOW)


def evidence_rows(n_measures: int, per: int, n_articles: int, rng: random.Random) -> Iterator[tuple]:
    ident = 0
    for m in range(1, n_measures + 1):
        base = rng.randrange(n_articles)
        day = EPOCH + dt.timedelta(days=rng.randrange(DAYS))
        for j in range(per):
            ident += 1
            yield (ident, m, (base + j) % n_articles + 1, "text", j * 40, j * 40 + 30,
                   f"Country imposed a measure, report {ident}.", STATUSES[(m + j) % len(STATUSES)],
                   None, None, None, day, None, day + dt.timedelta(days=j), "bench", NOW)


# --- loading ------------------------------------------------------------------------------


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def load(url: str, n_measures: int, n_countries: int, per: int) -> None:
    """Bulk-load everything but the actors, which the migration already put in from the catalogue."""
    rng = random.Random(20261128)
    codes = countries(n_countries)
    n_articles = max(n_measures // 4, 10)
    tables: list[tuple[str, Sequence[str], Callable[[], Iterator[tuple]]]] = [
        ("sources", ("id", "kind", "url", "name", "enabled", "interval_minutes", "full_text", "status",
                     "error_count", "created_at"),
         lambda: iter([(1, "corpus", "bench:synthetic", "Synthetic bench corpus", True, 60, False, "ok", 0, NOW)])),
        ("articles", ARTICLE_COLS, lambda: article_rows(n_articles)),
        ("measures", MEASURE_COLS, lambda: measure_rows(n_measures, codes, rng)),
        ("evidence", EVIDENCE_COLS, lambda: evidence_rows(n_measures, per, n_articles, rng)),
    ]
    engine = make_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            _load_sqlite(engine, tables)
        else:
            _load_postgres(engine, tables)
    finally:
        engine.dispose()


def _load_sqlite(engine: sa.Engine, tables) -> None:  # type: ignore[no-untyped-def]
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA cache_size=-1000000")
        for name, cols, rows in tables:
            started = time.perf_counter()
            quoted = ", ".join(f'"{c}"' for c in cols)
            sql = f"INSERT INTO {name} ({quoted}) VALUES ({', '.join('?' * len(cols))})"
            cur.execute("BEGIN")
            count = 0
            for chunk in _chunks(_sqlite_values(rows()), 50_000):
                cur.executemany(sql, chunk)
                count += len(chunk)
            cur.execute("COMMIT")
            print(f"  loaded {count:>9,} {name} in {time.perf_counter() - started:.1f}s", flush=True)
        cur.execute("ANALYZE")
    finally:
        raw.close()


def _sqlite_values(rows: Iterator[tuple]) -> Iterator[tuple]:
    for row in rows:
        yield tuple(
            v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat() if isinstance(v, dt.date) else v
            for v in row
        )


def _load_postgres(engine: sa.Engine, tables) -> None:  # type: ignore[no-untyped-def]
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        with conn.cursor() as cur:
            for name, cols, rows in tables:
                started = time.perf_counter()
                count = 0
                quoted = ", ".join(f'"{c}"' for c in cols)
                with cur.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                    for row in rows():
                        copy.write_row(row)
                        count += 1
                conn.commit()
                print(f"  loaded {count:>9,} {name} in {time.perf_counter() - started:.1f}s", flush=True)
            for name in ("sources", "articles", "measures", "evidence"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
            conn.commit()
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    finally:
        raw.close()


# --- timing -------------------------------------------------------------------------------


def timed(client, urls: Sequence[str], cpu: list[float] | None = None) -> list[float]:  # type: ignore[no-untyped-def]
    """Wall-clock ms per request; this process's CPU ms go to `cpu` (telling load from slowness)."""
    out = []
    for url in urls:
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        response.get_data()
        out.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return out


def rss_mb() -> float:
    """Resident set size of this process, in MB (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def p(values: Sequence[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def run(url: str, label: str, n_countries: int, requests: int) -> dict[str, object]:
    from tracker.web import create_app

    settings = load_settings(environ={}).with_overrides(database={"url": url})
    engine = make_engine(url)
    app = create_app(settings, engine=engine)
    client = app.test_client()
    rng = random.Random(7)
    codes = countries(n_countries)
    weights = list(_accumulate([1 / (rank + 10) for rank in range(len(codes))]))

    def pairs(k: int) -> list[str]:
        out = []
        while len(out) < k:
            a, b = rng.choices(codes, cum_weights=weights, k=2)
            if a != b:
                out.append(f"/ledger/{a}/{b}")
        return out

    filters = [
        "kind=tariff&status=in_force",
        "kind=sanction&since=2024-01-01",
        "actor={a}&kind=export_control",
        "target={a}&status=announced",
        "commodity=steel&kind=tariff",
        "status=lifted&until=2025-12-31",
        "kind=tariff&sort=-value",
    ]
    pages = {
        "pair ledger": pairs(requests),
        "country page": [f"/countries/{rng.choices(codes, cum_weights=weights)[0]}" for _ in range(requests)],
        "explorer (filtered)": [
            "/measures?" + rng.choice(filters).format(a=rng.choices(codes, cum_weights=weights)[0])
            for _ in range(requests)
        ],
    }
    results: dict[str, object] = {}
    print(f"\n{label}: latency over {requests} requests each (after 5 warm-ups); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, urls in pages.items():
        timed(client, urls[:5])
        cpu: list[float] = []
        ms = timed(client, urls, cpu)
        results[name] = (p(ms, 50), p(ms, 95))
        verdict = "ok" if p(ms, 95) <= 100 else "SLOW"
        print(f"  {name:<22} p50 {p(ms, 50):7.1f} ms   p95 {p(ms, 95):7.1f} ms   max {max(ms):7.1f} ms  {verdict}"
              f"   (app CPU p50 {p(cpu, 50):.1f} ms, p95 {p(cpu, 95):.1f} ms)", flush=True)
    extras = (
        ("busiest pair ledger", "/ledger/USA/CHN"),
        ("busiest country page", "/countries/USA"),
        ("home", "/"),
        ("explorer (unfiltered)", "/measures"),
        ("explorer, busiest actor by announcement", "/measures?actor=USA&sort=-announced"),
        ("explorer, small actor by announcement", f"/measures?actor={codes[-1]}&sort=-announced"),
    )
    for name, url in extras:
        timed(client, [url])
        ms = timed(client, [url] * 10)
        print(f"  {name:<40} p50 {p(ms, 50):7.1f} ms   p95 {p(ms, 95):7.1f} ms", flush=True)

    # Speed and memory in one pass, without tracemalloc (it slows Python several times over):
    # memory is the growth of the resident set, sampled every chunk.
    gc.collect()
    base = rss_mb()
    peak = base
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get("/measures.csv", buffered=False)
    lines = 0
    for chunk in response.response:
        lines += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
        peak = max(peak, rss_mb())
    response.close()
    elapsed = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    rows = lines - 1
    growth = peak - base
    verdict = "ok" if rows / elapsed >= 50_000 and growth < 50 else "SLOW"
    print(f"  CSV export /measures.csv: {rows:,} rows in {elapsed:.1f}s = {rows / elapsed:,.0f} rows/s, "
          f"peak memory growth {growth:.1f} MB (resident set)  {verdict}\n"
          f"    ({rows / cpu_seconds:,.0f} rows per second of app CPU; load average {os.getloadavg()[0]:.1f})",
          flush=True)
    results["csv"] = (rows / elapsed, growth)
    results["csv"] = (rows / elapsed, peak / 2**20)
    engine.dispose()
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=1_000_000)
    parser.add_argument("--evidence-per-measure", type=int, default=3)
    parser.add_argument("--countries", type=int, default=200)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--keep-sqlite", type=Path, help="build the SQLite file here and reuse it when it exists")
    parser.add_argument("--postgres-url", help="use this (migrated or empty) database instead of a throwaway server; "
                        "loaded only when it has no measures yet")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as tmp:
        if args.backend in ("sqlite", "both"):
            path = args.keep_sqlite or Path(tmp) / "bench.sqlite3"
            url = f"sqlite:///{path}"
            if not path.exists():
                print(f"SQLite: building {args.measures:,} measures, "
                      f"{args.measures * args.evidence_per_measure:,} evidence")
                migrate.upgrade(url)
                load(url, args.measures, args.countries, args.evidence_per_measure)
            run(url, "SQLite", args.countries, args.requests)
        if args.backend in ("postgresql", "both") and args.postgres_url:
            migrate.upgrade(args.postgres_url)
            engine = make_engine(args.postgres_url)
            with engine.connect() as conn:
                empty = conn.exec_driver_sql("SELECT count(*) FROM measures").scalar() == 0
            engine.dispose()
            if empty:
                load(args.postgres_url, args.measures, args.countries, args.evidence_per_measure)
            run(args.postgres_url, "PostgreSQL", args.countries, args.requests)
        elif args.backend in ("postgresql", "both"):
            from tests.support.postgres import PostgresDatabases, PostgresServer

            server = PostgresServer().start()
            try:
                databases = PostgresDatabases(server.admin_url)
                url = databases.new_database()
                print(f"\nPostgreSQL: building {args.measures:,} measures, "
                      f"{args.measures * args.evidence_per_measure:,} evidence")
                migrate.upgrade(url)
                load(url, args.measures, args.countries, args.evidence_per_measure)
                run(url, "PostgreSQL", args.countries, args.requests)
                databases.close()
            finally:
                server.stop()


if __name__ == "__main__":
    main()

"""Feed ingestion throughput: the Reuters-21578 corpus served as feeds from a local server.

The corpus is cut into RSS pages of --page-size items, served on 127.0.0.1,
and ingested with extraction by `tracker ingest --feeds` in 1 and in 3
processes at once, into SQLite and into a throwaway PostgreSQL. Prints
articles per second for each. Plain script:

    .venv/bin/python bench/ingest.py                # the whole corpus
    .venv/bin/python bench/ingest.py --limit 2000   # a quick run
"""

from __future__ import annotations

import argparse
import datetime as dt
import email.utils
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tracker.store import migrate  # noqa: E402
from tracker.store.db import make_engine, read_session  # noqa: E402
from tracker.store.feeds import add_feed  # noqa: E402

CORPUS = Path(os.environ.get("TRACKER_SHARED_DIR", REPO.parent / "shared")) / "corpora" / "reuters21578.jsonl.gz"


def load_corpus(path: Path, limit: int | None) -> list[dict[str, str]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def rss_page(number: int, rows: list[dict[str, str]]) -> bytes:
    items = []
    for row in rows:
        day = dt.datetime.fromisoformat(row["date"][:10]).replace(hour=12, tzinfo=dt.timezone.utc) if row.get("date") else None
        pub = f"<pubDate>{email.utils.format_datetime(day)}</pubDate>" if day else ""
        items.append(
            f"<item><title>{escape(row.get('title') or '')}</title>"
            f"<guid isPermaLink=\"false\">{escape(row['id'])}</guid>{pub}"
            f"<description>{escape(row.get('text') or '')}</description></item>"
        )
    head = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Reuters-21578 page {number}</title>'
    return (head + "".join(items) + "</channel></rss>").encode("utf-8")


class PageServer:
    """Serves the feed pages; the bench measures ingestion, not this."""

    def __init__(self, pages: dict[str, bytes]):
        pages_ref = pages

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = pages_ref.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def run_once(url: str, feed_urls: list[str], workers: int) -> tuple[int, int, float, list[str]]:
    migrate.upgrade(url)
    engine = make_engine(url)
    for feed_url in feed_urls:
        add_feed(engine, feed_url)
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_ALLOW_PRIVATE_NETWORKS": "1"}
    command = [sys.executable, "-c", "from tracker.cli import main; main()", "ingest", "--feeds", "--no-progress"]
    started = time.perf_counter()
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO) for _ in range(workers)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate()
        errors = [line[:300] for line in err.splitlines() if line.startswith("ERROR")][:3]
        outputs.append(out.strip() + (f" [exit {proc.returncode}: {' | '.join(errors)}]" if proc.returncode else ""))
    elapsed = time.perf_counter() - started
    with read_session(engine) as session:
        import sqlalchemy as sa

        articles = session.scalar(sa.text("SELECT count(*) FROM articles")) or 0
        measures = session.scalar(sa.text("SELECT count(*) FROM measures")) or 0
    engine.dispose()
    return articles, measures, elapsed, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--page-size", type=int, default=500, help="items per feed page (default 500)")
    parser.add_argument("--workers", default="1,3", help="process counts to try (default 1,3)")
    parser.add_argument("--backends", default="sqlite,postgresql", help="default sqlite,postgresql")
    args = parser.parse_args()

    rows = load_corpus(CORPUS, args.limit)
    pages = {f"/reuters/{n}.rss": rss_page(n, rows[i : i + args.page_size]) for n, i in enumerate(range(0, len(rows), args.page_size))}
    server = PageServer(pages)
    feed_urls = [server.base + path for path in pages]
    print(f"corpus: {len(rows)} articles in {len(pages)} feed pages of up to {args.page_size}; {os.cpu_count()} CPUs")

    pg = None
    try:
        for backend in args.backends.split(","):
            if backend == "postgresql":
                from tests.support.postgres import PostgresDatabases, PostgresServer

                pg = PostgresServer().start()
                databases = PostgresDatabases(pg.admin_url)
            for workers in (int(w) for w in args.workers.split(",")):
                if backend == "sqlite":
                    url = f"sqlite:///{tempfile.mkdtemp(prefix='tracker-bench-')}/bench.sqlite3"
                else:
                    url = databases.new_database()
                articles, measures, elapsed, outputs = run_once(url, feed_urls, workers)
                rate = articles / elapsed if elapsed else 0.0
                print(
                    f"{backend:<10} workers={workers}  {articles:>6} articles in {elapsed:7.1f} s  = {rate:7.1f} articles/s"
                    f"  ({measures} measures stored)",
                    flush=True,
                )
                for line in outputs:
                    print(f"    {line}")
    finally:
        server.stop()
        if pg is not None:
            databases.close()
            pg.stop()


if __name__ == "__main__":
    main()

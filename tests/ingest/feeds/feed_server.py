"""A real HTTP server on 127.0.0.1 that serves feed files and misbehaves on request.

Static feeds answer conditional requests (ETag, Last-Modified, 304) like a
well-run site; the hostile paths do what the real web sometimes does.
"""

from __future__ import annotations

import dataclasses
import email.utils
import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"
LAST_MODIFIED = email.utils.formatdate(1_700_000_000, usegmt=True)

CONTENT_TYPES = {
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".rdf": "application/rdf+xml",
    ".atom": "application/atom+xml",
}
# Files whose bytes only parse cleanly when HTTP names their charset.
CHARSETS = {"miniflux-no_encoding_ISO-8859-1.xml": "ISO-8859-1"}

ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY a "aaaaaaaaaa">\n'
    + b"".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n'.encode() for i in range(9))
    + b']>\n<rss version="2.0"><channel><title>bomb</title><item><title>&j;</title></item></channel></rss>\n'
)
HTML_PAGE = b"<!doctype html><html><head><title>Welcome</title></head><body><h1>Not a feed</h1><p>Hello.</p></body></html>"
INVALID_UTF8 = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Broken \xff\xfe bytes</title>'
    b"<item><title>Caf\xe9 sanctions \xc3\x28 story</title><link>https://example.org/broken</link>"
    b"<description>Bytes \x80\x81 that are not UTF-8.</description></item></channel></rss>"
)


@dataclasses.dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]
    status: int


@dataclasses.dataclass
class Route:
    body: bytes
    content_type: str = "application/rss+xml"
    status: int = 200
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    validators: bool = True  # ETag / Last-Modified / 304
    delay: float = 0.0  # seconds before answering, like a distant server


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._install_defaults()

    # --- lifecycle -------------------------------------------------------
    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    # --- routes ----------------------------------------------------------
    def serve(self, path: str, body: bytes, content_type: str = "application/rss+xml", **kwargs: object) -> str:
        self.routes[path] = Route(body, content_type, **kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def serve_fixture(self, name: str, path: str | None = None) -> str:
        file = FIXTURES / name
        content_type = CONTENT_TYPES.get(file.suffix, "application/xml")
        if name in CHARSETS:
            content_type += f"; charset={CHARSETS[name]}"
        return self.serve(path or f"/feeds/{name}", file.read_bytes(), content_type)

    def seen(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _install_defaults(self) -> None:
        self.routes["/hostile/500"] = Route(b"oops", "text/plain", status=500, validators=False)
        self.routes["/hostile/404"] = Route(b"gone", "text/plain", status=404, validators=False)
        self.routes["/hostile/html"] = Route(HTML_PAGE, "text/html; charset=utf-8")
        self.routes["/hostile/empty"] = Route(b"", "application/rss+xml")
        self.routes["/hostile/entity-bomb"] = Route(ENTITY_BOMB, "application/xml")
        self.routes["/hostile/invalid-utf8"] = Route(INVALID_UTF8, "application/rss+xml; charset=utf-8")
        self.routes["/hostile/busy"] = Route(b"", "text/plain", status=429, headers={"Retry-After": "7200"}, validators=False)
        self.routes["/hostile/loop-a"] = Route(b"", status=302, headers={"Location": "/hostile/loop-b"}, validators=False)
        self.routes["/hostile/loop-b"] = Route(b"", status=302, headers={"Location": "/hostile/loop-a"}, validators=False)
        self.routes["/hostile/slow-drip"] = _slow_drip
        self.routes["/hostile/huge"] = _huge
        self.routes["/hostile/gzip-bomb"] = _gzip_bomb

    # --- the handler -----------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                # Recorded before any byte is sent, so a client that has its answer finds it logged.
                self.seen = SeenRequest(self.path, dict(self.headers.items()), 200)
                with server._lock:
                    server.requests.append(self.seen)
                route = server.routes.get(self.path)
                try:
                    if callable(route):
                        route(self)
                    elif route is None:
                        self._send(404, b"no such path", "text/plain", {})
                    else:
                        self._send_route(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send_route(self, route: Route) -> int:
                if route.delay:
                    time.sleep(route.delay)
                headers = dict(route.headers)
                if route.validators and route.status == 200:
                    etag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
                    if self.headers.get("If-None-Match") == etag or (
                        self.headers.get("If-None-Match") is None and self.headers.get("If-Modified-Since") == LAST_MODIFIED
                    ):
                        self._send(304, b"", None, headers)
                        return 304
                self._send(route.status, route.body, route.content_type, headers)
                return route.status

            def _send(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str]) -> None:
                self.seen.status = status
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in headers.items():
                    self.send_header(name, value)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        return Handler


def generated_feed(number: int, items: int = 10) -> bytes:
    """An RSS feed of invented wire items whose measures overlap with other generated feeds'."""
    pairs = [("United States", "China", "tariffs on steel imports from"), ("European Union", "Russia", "sanctions against"),
             ("Japan", "North Korea", "a ban on exports to"), ("Canada", "Iran", "sanctions against")]
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Generated {number}</title>']
    for item in range(items):
        actor, target, what = pairs[(number + item) % len(pairs)]
        sentence = f"The {actor} imposed {what} {target} on Monday." if "ban" not in what else f"{actor} imposed {what} {target}."
        parts.append(
            f"<item><title>Wire {number}-{item}</title><guid isPermaLink=\"false\">gen-{number}-{item}</guid>"
            f"<link>https://wire.example/{number}/{item}</link><pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate>"
            f"<description>{sentence} Story {number}-{item}.</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def _slow_drip(handler: BaseHTTPRequestHandler) -> None:
    """A valid start, then one byte every 0.2 s for up to a minute."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>drip</title>')
    handler.wfile.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.2)


def _huge(handler: BaseHTTPRequestHandler) -> None:
    """No Content-Length, and far more bytes than any cap."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    chunk = b"<!-- padding -->" * 4096
    for _ in range(2000):  # about 128 MB
        handler.wfile.write(chunk)


_BOMB = gzip.compress(b"\0" * 100_000_000, compresslevel=9)


def _gzip_bomb(handler: BaseHTTPRequestHandler) -> None:
    """About 100 kilobytes that inflate to 100 MB."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Encoding", "gzip")
    handler.send_header("Content-Length", str(len(_BOMB)))
    handler.end_headers()
    handler.wfile.write(_BOMB)

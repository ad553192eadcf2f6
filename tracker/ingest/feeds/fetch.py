"""The one HTTP client feeds use: polite, bounded, and hard to abuse.

Every fetch sends our User-Agent and the feed's validators (a 304 costs
nothing), connects only to checked addresses, follows redirects itself so
each hop is checked too, and stops at a byte cap, a decompressed-byte cap
(gzip bombs) and an overall deadline (responses that drip in slowly).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import email.utils
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from tracker.config import FeedsSettings
from tracker.errors import IngestError
from tracker.ingest.feeds.netguard import (
    AddressPolicy,
    AddressRefused,
    IPAddress,
    any_address,
    is_public_address,
    resolve,
)
from tracker.store.types import utcnow

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
CHUNK = 64 * 1024
MAX_URL_LENGTH = 2000
# A Retry-After further away than this is read as this (the backoff cap applies on top).
MAX_RETRY_AFTER_SECONDS = 366 * 24 * 3600


class FetchError(IngestError):
    """A fetch that brought nothing usable; `retry_after` is when the server asked us to come back."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: dt.datetime | None = None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclasses.dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    connect_timeout: float = 10
    read_timeout: float = 30
    deadline: float = 120
    max_body_bytes: int = 10_000_000
    max_decompressed_bytes: int = 30_000_000
    max_redirects: int = 5
    address_allowed: AddressPolicy = is_public_address
    # Set when the worker is stopping: a fetch in progress is cut at once (FetchStopped).
    cancel: threading.Event | None = dataclasses.field(default=None, compare=False)

    @classmethod
    def from_settings(cls, feeds: FeedsSettings) -> FetchPolicy:
        return cls(
            user_agent=feeds.user_agent,
            connect_timeout=feeds.connect_timeout_seconds,
            read_timeout=feeds.read_timeout_seconds,
            deadline=feeds.fetch_deadline_seconds,
            max_body_bytes=feeds.max_body_bytes,
            max_decompressed_bytes=feeds.max_decompressed_bytes,
            max_redirects=feeds.max_redirects,
            address_allowed=any_address if feeds.allow_private_networks else is_public_address,
        )


@dataclasses.dataclass(frozen=True)
class FetchResult:
    status: int  # 200, or 304 when our validators still hold
    url: str  # where the body finally came from
    body: bytes
    headers: Mapping[str, str]  # lower-cased names
    permanent_url: str | None = None  # set when every redirect hop was permanent

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def validate_url(url: str) -> str:
    """The URL without its fragment, or ValueError saying why it cannot be fetched."""
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"the URL is longer than {MAX_URL_LENGTH} characters: {url[:80]}...")
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise ValueError(f"not a URL: {url!r} ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"only http and https URLs can be fetched, not {url!r}")
    if not parts.hostname:
        raise ValueError(f"URL has no host: {url!r}")
    try:
        _ = parts.port  # reading it checks it
    except ValueError:
        raise ValueError(f"URL has an invalid port: {url!r}") from None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to addresses checked beforehand, never to a fresh DNS answer."""

    def __init__(self, host: str, port: int, addresses: list[tuple[int, IPAddress]], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._addresses = addresses

    def connect(self) -> None:
        last: OSError | None = None
        for _family, address in self._addresses:
            try:
                self.sock = socket.create_connection((str(address), self.port), self.timeout)
                return
            except OSError as exc:
                last = exc
        raise last or OSError("no address to connect to")


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    def __init__(self, host: str, port: int, addresses: list[tuple[int, IPAddress]], timeout: float):
        super().__init__(host, port, addresses, timeout)
        self._context = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self.host)


class FetchStopped(FetchError):
    """The worker is stopping: the fetch was cut, and says nothing about the feed."""


class _Watchdog:
    """Cuts the connection when the overall deadline passes, or the worker stops, whatever it is waiting for."""

    def __init__(self, seconds: float, cancel: threading.Event | None = None):
        self.sock: socket.socket | None = None
        self.fired = False
        self.cancelled = False
        self._deadline = time.monotonic() + max(seconds, 0.0)
        self._cancel = cancel
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="fetch-watchdog", daemon=True)

    def _watch(self) -> None:
        while not self._done.is_set():
            remaining = self._deadline - time.monotonic()
            if self._cancel is not None and self._cancel.is_set():
                self.cancelled = True
                self._fire()
                return
            if remaining <= 0:
                self._fire()
                return
            self._done.wait(min(remaining, 0.2) if self._cancel is not None else remaining)

    def _fire(self) -> None:
        self.fired = True
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed: nothing left to cut
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """Retry-After as a moment: either delay-seconds or an HTTP date."""
    if not value:
        return None
    now = now or utcnow()
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²", which isdigit() also accepts
        return now + dt.timedelta(seconds=min(int(value[:12]), MAX_RETRY_AFTER_SECONDS))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return min(max(when.astimezone(dt.timezone.utc), now), now + dt.timedelta(seconds=MAX_RETRY_AFTER_SECONDS))


class _Decoder:
    """Undoes Content-Encoding incrementally, never producing more than it is allowed to."""

    def __init__(self, encoding: str):
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")

    def feed(self, data: bytes, limit: int) -> bytes:
        if self._zlib is None:
            return data
        try:
            return self._zlib.decompress(data, limit)
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body: {exc}") from None


def _read_body(resp: http.client.HTTPResponse, policy: FetchPolicy, deadline: float, watchdog: _Watchdog) -> bytes:
    declared = resp.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > policy.max_body_bytes:
        raise FetchError(f"body of {int(declared)} bytes is over the {policy.max_body_bytes}-byte cap")
    decoder = _Decoder(resp.getheader("Content-Encoding", "identity"))
    received = 0
    parts: list[bytes] = []
    produced = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or watchdog.fired:
            break
        if watchdog.sock is not None:
            watchdog.sock.settimeout(min(policy.read_timeout, remaining))
        chunk = resp.read1(CHUNK)
        if not chunk:
            break
        received += len(chunk)
        if received > policy.max_body_bytes:
            raise FetchError(f"body is over the {policy.max_body_bytes}-byte cap")
        data = decoder.feed(chunk, policy.max_decompressed_bytes - produced + 1)
        produced += len(data)
        if produced > policy.max_decompressed_bytes:
            raise FetchError(f"body decompresses to over the {policy.max_decompressed_bytes}-byte cap")
        parts.append(data)
    if watchdog.cancelled:
        raise FetchStopped("the fetch was stopped: the worker is shutting down")
    if watchdog.fired or deadline - time.monotonic() <= 0:
        raise FetchError(f"fetch took longer than the {policy.deadline:g}-second deadline")
    if resp.length:
        raise FetchError("connection closed before the whole body arrived")
    return b"".join(parts)


def _open(url: str, policy: FetchPolicy, deadline: float):  # type: ignore[no-untyped-def]
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    addresses = resolve(host, port, policy.address_allowed)
    connection_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    timeout = min(policy.connect_timeout, max(deadline - time.monotonic(), 0.001))
    return connection_class(host, port, addresses, timeout)


def _exchange(url: str, policy: FetchPolicy, headers: dict[str, str], deadline: float) -> tuple[int, dict[str, str], bytes]:
    """One request and response; the body is read (within every cap) only for a 2xx."""
    conn = _open(url, policy, deadline)
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    if parts.username is not None:  # credentials in the URL: sent as HTTP basic auth, shown nowhere
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        headers = {**headers, "Authorization": "Basic " + base64.b64encode(credentials).decode("ascii")}
    try:
        with _Watchdog(deadline - time.monotonic(), policy.cancel) as watchdog:
            try:
                conn.connect()
                watchdog.sock = conn.sock
                conn.sock.settimeout(min(policy.read_timeout, max(deadline - time.monotonic(), 0.001)))
                conn.request("GET", target, headers=headers)
                resp = conn.getresponse()
                response_headers = {name.lower(): value for name, value in resp.getheaders()}
                body = _read_body(resp, policy, deadline, watchdog) if 200 <= resp.status < 300 else b""
                resp.close()
            except FetchError:
                if watchdog.cancelled:
                    raise FetchStopped("the fetch was stopped: the worker is shutting down") from None
                raise
            except (http.client.HTTPException, OSError) as exc:
                if watchdog.cancelled:
                    raise FetchStopped("the fetch was stopped: the worker is shutting down") from None
                # A read timed out at the deadline may beat the watchdog to it: still the deadline.
                if watchdog.fired or deadline - time.monotonic() <= 0.05:
                    raise FetchError(f"fetch took longer than the {policy.deadline:g}-second deadline") from None
                if isinstance(exc, TimeoutError):
                    raise FetchError(f"no answer within {policy.read_timeout:g} seconds") from None
                raise FetchError(f"{type(exc).__name__}: {exc}") from None
        return resp.status, response_headers, body
    finally:
        conn.close()


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = FEED_ACCEPT,
) -> FetchResult:
    """GET `url`, following up to `policy.max_redirects` checked redirects; FetchError on any failure."""
    deadline = time.monotonic() + policy.deadline
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": accept,
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        current = validate_url(url)
    except ValueError as exc:
        raise FetchError(str(exc)) from None
    visited = [current]
    all_permanent = True
    while True:
        try:
            status, response_headers, body = _exchange(current, policy, headers, deadline)
        except AddressRefused as exc:
            raise FetchError(f"refused: {exc}") from None
        except OSError as exc:  # name resolution
            raise FetchError(str(exc)) from None
        if status in REDIRECTS:
            location = response_headers.get("location")
            if not location:
                raise FetchError(f"HTTP {status} redirect without a Location", status=status)
            try:
                target = validate_url(urljoin(current, location))
            except ValueError as exc:
                raise FetchError(f"redirect to an unusable URL: {exc}", status=status) from None
            if target in visited:
                raise FetchError(f"redirect loop at {target}", status=status)
            if len(visited) > policy.max_redirects:
                raise FetchError(f"more than {policy.max_redirects} redirects", status=status)
            all_permanent = all_permanent and status in PERMANENT_REDIRECTS
            visited.append(target)
            current = target
            continue
        permanent_url = current if all_permanent and len(visited) > 1 else None
        if status == 304:
            return FetchResult(304, current, b"", response_headers, permanent_url)
        if status in (429, 503):
            retry_after = parse_retry_after(response_headers.get("retry-after"))
            raise FetchError(f"HTTP {status}" + (" (Retry-After honoured)" if retry_after else ""), status=status, retry_after=retry_after)
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status}", status=status)
        return FetchResult(status, current, body, response_headers, permanent_url)

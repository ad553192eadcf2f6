"""Credentials never shown: userinfo and secret query parameters of any URL in any text, redacted.

A feed added as `http://user:pass@host/x` or `https://host/rss?apikey=...` must be fetched
with its credentials, but every page, export and log line shows it as `http://***@host/x`
or `https://host/rss?apikey=***`. Which query parameters are secret is a setting
(`feeds.secret_parameters`). URLs are found inside free text too, so an error message
that quotes a URL (a redirect loop, a driver's complaint) is redacted the same way.

Logging is redacted at the source: `install_log_redaction` wraps the log record factory,
so every record of every logger (its message and any traceback) is redacted whichever
handler writes it. Any layer may import this module; it imports nothing of tracker.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT_SECRET_PARAMETERS = (
    "key", "apikey", "api_key", "api-key", "token", "access_token", "auth", "password", "secret", "signature", "sig",
)
MASK = "***"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"'`]+")


class Redactor:
    """Redacts URLs with the given secret query parameter names (case-insensitive)."""

    def __init__(self, secret_parameters: Iterable[str] = DEFAULT_SECRET_PARAMETERS) -> None:
        self.secret = frozenset(name.strip().lower() for name in secret_parameters if name.strip())

    @classmethod
    def from_setting(cls, value: str) -> Redactor:
        """From a comma-separated list, as `feeds.secret_parameters` holds it."""
        return cls(value.split(","))

    def url(self, url: str) -> str:
        """`url` without userinfo and with secret query values masked; text that is no URL as it is."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return _strip_userinfo(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{MASK}@{netloc.rpartition('@')[2]}"
        query = "&".join(self._param(p) for p in parts.query.split("&")) if parts.query else ""
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))

    def text(self, text: str) -> str:
        """Every URL inside `text` redacted."""
        if "://" not in text:
            return text
        return _URL.sub(lambda match: self.url(match.group()), text)

    def _param(self, pair: str) -> str:
        name, sep, _ = pair.partition("=")
        return f"{name}={MASK}" if sep and unquote(name).strip().lower() in self.secret else pair


def _strip_userinfo(text: str) -> str:
    return re.sub(r"//[^/@\s]*@", f"//{MASK}@", text)


_installed: dict[str, Any] = {}


def install_log_redaction(redactor: Redactor) -> None:
    """Redact every log record from now on (message, arguments and traceback); calling again replaces the redactor."""
    _installed["redactor"] = redactor
    if "factory" in _installed:
        return
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        current: Redactor = _installed["redactor"]
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: leave it for logging to report
            return record
        record.msg, record.args = current.text(message), None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            record.exc_text = current.text("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        return record

    _installed["factory"] = factory
    logging.setLogRecordFactory(factory)

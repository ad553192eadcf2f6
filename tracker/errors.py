"""The one family of errors tracker raises on purpose.

Every error a user can meet (a bad setting, a database that cannot be opened, a feed
that cannot be fetched, a seed file that cannot be read) is a `TrackerError`, so the
shells (the CLI, the web app, the scheduler) can tell "this is wrong and here is why"
from a bug, and report the first plainly. Each layer has its own subclass; the
specific errors live beside the code that raises them and derive from these.

This module imports nothing of tracker: every layer may import it. (The extractor
keeps to `tracker.records`; its registry error is `records.RegistryError`.)
"""

from __future__ import annotations


class TrackerError(Exception):
    """Something tracker cannot do, with a message meant for the person running it."""


class ConfigError(TrackerError):
    """A configuration file or environment variable that cannot be used."""


class StorageError(TrackerError):
    """The database refused or could not do what was asked (and the store said why)."""


class IngestError(TrackerError):
    """A source (seed file, feed, feed list) that could not be read."""

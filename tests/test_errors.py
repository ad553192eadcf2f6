"""Every error tracker raises on purpose is a TrackerError, so the shells can report it as a message."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import tracker
from tracker.errors import ConfigError, IngestError, StorageError, TrackerError

# The extractor (being rewritten) keeps to tracker.records, whose RegistryError is a ValueError.
OUTSIDE = ("tracker.extract", "tracker.records", "tracker.wsgi", "tracker.__main__")


def test_every_exception_class_in_tracker_is_a_tracker_error() -> None:
    strays = []
    for module_info in pkgutil.walk_packages(tracker.__path__, "tracker."):
        name = module_info.name
        if name.startswith(OUTSIDE) or ".migrations" in name:
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name and issubclass(cls, BaseException) and not issubclass(cls, TrackerError):
                strays.append(f"{name}.{cls.__name__}")
    assert strays == []


def test_each_layer_has_its_own_kind_of_error() -> None:
    from tracker.ingest.feeds.fetch import FetchError
    from tracker.ingest.seeds import SeedError
    from tracker.store.feeds import FeedRegistryError

    assert issubclass(FetchError, IngestError) and issubclass(SeedError, IngestError)
    assert issubclass(FeedRegistryError, StorageError)
    assert issubclass(ConfigError, TrackerError)

"""Transactions the database aborted to break a deadlock are run again; other errors are not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tracker.errors import StorageError, TrackerError
from tracker.store.db import storage_error, with_retries


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_a_transaction_the_database_aborted_for_a_deadlock_is_run_again() -> None:
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise sa.exc.OperationalError("UPDATE measures", {}, _Deadlock("deadlock detected"))
        return "stored"

    assert with_retries(flaky) == "stored" and len(calls) == 3


def test_other_database_errors_are_not_retried() -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

    with pytest.raises(sa.exc.OperationalError):
        with_retries(broken)
    assert len(calls) == 1


def test_database_errors_are_wrapped_without_their_sql() -> None:
    original = sa.exc.OperationalError("SELECT secret FROM t WHERE x = ?", {"x": 1}, Exception("unable to open database file"))
    wrapped = storage_error(original)
    assert isinstance(wrapped, StorageError) and isinstance(wrapped, TrackerError)
    assert str(wrapped).startswith("database error: unable to open database file; check the path")
    assert wrapped.__cause__ is original

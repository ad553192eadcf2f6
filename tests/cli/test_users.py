"""`tracker users`: accounts made and managed from the command line, every change in the audit trail."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.store.db import read_session
from tracker.store.models import AuditEntry, User


def test_users_are_added_listed_and_changed(runner, engine: sa.Engine) -> None:  # type: ignore[no-untyped-def]
    added = runner.invoke("users", "add", "Ana", "--role", "editor", "--password-stdin", input="a long password\n")
    assert added.exit_code == 0 and "added ana (editor)" in added.output
    assert runner.invoke("users", "add", "ana", "--password-stdin", input="another password\n").exit_code == 1
    short = runner.invoke("users", "add", "bo", "--password-stdin", input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    assert runner.invoke("users", "set-role", "ana", "admin").exit_code == 0
    assert runner.invoke("users", "disable", "ana").exit_code == 0
    listed = runner.invoke("users", "list")
    assert "ana" in listed.output and "admin" in listed.output and "disabled" in listed.output
    assert runner.invoke("users", "enable", "ana").exit_code == 0
    assert runner.invoke("users", "set-password", "ana", "--password-stdin", input="a new long password\n").exit_code == 0
    assert runner.invoke("users", "disable", "nobody").exit_code == 1
    with read_session(engine) as session:
        user = session.scalars(sa.select(User)).one()
        actions = list(session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert user.password_hash.startswith("scrypt:") and "a new long password" not in user.password_hash
    assert actions == ["user.add", "user.role", "user.disable", "user.enable", "user.password"]

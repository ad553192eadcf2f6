"""Accounts: who may log in, with which role, and the throttle that makes guessing passwords slow.

Passwords are kept only as salted scrypt hashes (Werkzeug's `generate_password_hash`).
A session cookie carries the account's id and its `session_token`, which changes when the
password changes or the account is disabled, ending every session it had.

Failed logins are counted per account name (whether or not such an account exists, so the
answer never tells) and per address, in the database, so every process serving the site
sees them: after `slowdown_after` failures each further attempt must wait longer (1 s, 2 s,
4 s, ... up to `max_delay_seconds`), and after `lockout_after` (per name) or
`address_lockout_after` (per address) the name or address is locked out for
`lockout_minutes`. Failures older than `window_minutes` are forgotten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
import sqlalchemy.orm as so
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.errors import TrackerError
from tracker.store import audit
from tracker.store.db import read_session, write_session
from tracker.store.models import LoginThrottle, User
from tracker.store.types import utcnow
from tracker.store.upsert import insert_ignore

ROLES = ("viewer", "editor", "admin")
REVIEWERS = frozenset({"editor", "admin"})
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{0,99}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
KEY_MAX = 300


class AccountError(TrackerError):
    """An account that cannot be made or changed as asked."""


@dataclasses.dataclass(frozen=True)
class ThrottlePolicy:
    """How failed logins are slowed, then locked out (the [auth] settings)."""

    slowdown_after: int = 3
    lockout_after: int = 10
    address_lockout_after: int = 50
    lockout_minutes: int = 15
    window_minutes: int = 15
    max_delay_seconds: int = 60

    def delay(self, failures: int) -> dt.timedelta:
        """How long after the last failure the next attempt must wait."""
        if failures < self.slowdown_after:
            return dt.timedelta(0)
        return dt.timedelta(seconds=min(2 ** min(failures - self.slowdown_after, 30), self.max_delay_seconds))


@dataclasses.dataclass(frozen=True)
class LoginResult:
    """What a login attempt came to: a user, or a refusal saying only how long to wait (0: wrong password)."""

    user: User | None = None
    wait_seconds: int = 0


def normal_name(name: str) -> str:
    return (name or "").strip().lower()


def check_name(name: str) -> str:
    normal = normal_name(name)
    if not _NAME.match(normal):
        raise AccountError(f"{name[:40]!r} cannot be a user name: use 1-100 letters, digits and . _ @ -")
    return normal


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters long")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password must be at most {MAX_PASSWORD} characters long")
    return password


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"role {role!r} is not one of: {', '.join(ROLES)}")
    return role


def _hash(password: str) -> str:
    return generate_password_hash(check_password(password), method="scrypt")


@functools.cache
def _dummy_hash() -> str:
    """Checked against when no account has the name, so a missing account takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def _user(session: so.Session, name: str) -> User:
    found = session.scalars(sa.select(User).where(User.name == normal_name(name))).first()
    if found is None:
        raise AccountError(f"no user named {normal_name(name)[:100]!r}")
    return found


def add_user(engine: sa.Engine, name: str, role: str, password: str, who: str) -> User:
    normal, role, hashed = check_name(name), check_role(role), _hash(password)
    with write_session(engine) as session:
        if session.scalars(sa.select(User.id).where(User.name == normal)).first() is not None:
            raise AccountError(f"there is already a user named {normal!r}")
        now = utcnow()
        user = User(name=normal, password_hash=hashed, role=role, session_token=secrets.token_hex(16),
                    created_at=now, updated_at=now)
        session.add(user)
        session.flush()
        audit.append(session, who, "user.add", subject=f"user:{normal}", after={"role": role})
        return user


def list_users(engine: sa.Engine) -> list[User]:
    with read_session(engine) as session:
        return list(session.scalars(sa.select(User).order_by(User.name)))


def set_role(engine: sa.Engine, name: str, role: str, who: str) -> None:
    role = check_role(role)
    with write_session(engine) as session:
        user = _user(session, name)
        before = user.role
        user.role, user.updated_at = role, utcnow()
        audit.append(session, who, "user.role", subject=f"user:{user.name}", before={"role": before},
                     after={"role": role})


def set_password(engine: sa.Engine, name: str, password: str, who: str) -> None:
    hashed = _hash(password)
    with write_session(engine) as session:
        user = _user(session, name)
        user.password_hash, user.session_token, user.updated_at = hashed, secrets.token_hex(16), utcnow()
        session.execute(sa.delete(LoginThrottle).where(LoginThrottle.scope == "account",
                                                       LoginThrottle.key == user.name))
        audit.append(session, who, "user.password", subject=f"user:{user.name}")


def set_disabled(engine: sa.Engine, name: str, disabled: bool, who: str) -> None:
    with write_session(engine) as session:
        user = _user(session, name)
        now = utcnow()
        user.disabled_at = now if disabled else None
        user.session_token, user.updated_at = secrets.token_hex(16), now
        audit.append(session, who, "user.disable" if disabled else "user.enable", subject=f"user:{user.name}")


def session_user(engine: sa.Engine, user_id: int, token: str) -> User | None:
    """The enabled account a session cookie names, if its token is still the account's."""
    with read_session(engine) as session:
        user = session.get(User, user_id)
    if user is None or user.disabled_at is not None or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def log_in(engine: sa.Engine, name: str, password: str, address: str, policy: ThrottlePolicy) -> LoginResult:
    """Check a login, counting failures per name and per address; a throttled attempt is not even checked."""
    name_key, address_key = normal_name(name)[:KEY_MAX], (address or "unknown")[:KEY_MAX]
    keys = [("account", name_key), ("address", address_key)]
    now = utcnow()
    with read_session(engine) as session:
        rows = _throttles(session, keys)
    wait = max((_wait(row, policy, now) for row in rows), default=0)
    if wait > 0:
        return LoginResult(wait_seconds=wait)
    with read_session(engine) as session:
        user = session.scalars(sa.select(User).where(User.name == name_key)).first()
    password = password[:MAX_PASSWORD]
    good = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is not None and good and user.disabled_at is None:
        with write_session(engine) as session:
            session.execute(sa.delete(LoginThrottle).where(LoginThrottle.scope == "account",
                                                           LoginThrottle.key == name_key))
            session.execute(sa.update(User).where(User.id == user.id).values(last_login_at=now))
        return LoginResult(user=user)
    _fail(engine, keys, policy, now)
    return LoginResult()


def _throttles(session: so.Session, keys: Sequence[tuple[str, str]]) -> list[LoginThrottle]:
    return list(session.scalars(sa.select(LoginThrottle).where(
        sa.or_(*(sa.and_(LoginThrottle.scope == scope, LoginThrottle.key == key) for scope, key in keys)))))


def _wait(row: LoginThrottle, policy: ThrottlePolicy, now: dt.datetime) -> int:
    """Seconds before this name or address may try again (0: now)."""
    if row.locked_until is not None and row.locked_until > now:
        return _seconds(row.locked_until - now)
    if row.last_failed_at < now - dt.timedelta(minutes=policy.window_minutes):
        return 0
    ready = row.last_failed_at + policy.delay(row.failures)
    return _seconds(ready - now) if ready > now else 0


def _seconds(delta: dt.timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))


def _fail(engine: sa.Engine, keys: Sequence[tuple[str, str]], policy: ThrottlePolicy, now: dt.datetime) -> None:
    window = now - dt.timedelta(minutes=policy.window_minutes)
    with write_session(engine) as session:
        # Forget what no longer counts, so names sprayed by an attacker do not pile up.
        session.execute(sa.delete(LoginThrottle).where(
            LoginThrottle.last_failed_at < window,
            sa.or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now)))
        insert_ignore(session, LoginThrottle,
                      [{"scope": scope, "key": key, "failures": 0, "last_failed_at": now} for scope, key in keys],
                      ["scope", "key"])
        stmt = sa.select(LoginThrottle).where(
            sa.or_(*(sa.and_(LoginThrottle.scope == scope, LoginThrottle.key == key) for scope, key in keys)))
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        for row in session.scalars(stmt.execution_options(populate_existing=True)):
            failures = 1 if row.last_failed_at < window and row.failures else row.failures + 1
            limit = policy.lockout_after if row.scope == "account" else policy.address_lockout_after
            row.failures, row.last_failed_at = failures, now
            if failures >= limit:
                row.locked_until = now + dt.timedelta(minutes=policy.lockout_minutes)

"""Insert-or-ignore on a unique key, the same on SQLite and PostgreSQL.

Several workers may store the same article or measure at once; the unique
constraint decides who wins and the loser simply reads the winner's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.dialects import postgresql, sqlite


def insert_ignore(
    session: so.Session, model: type, rows: Sequence[dict[str, Any]], conflict_columns: Sequence[str]
) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(model).values(list(rows)).on_conflict_do_nothing(index_elements=list(conflict_columns))
    session.execute(stmt)


def get_or_create_id(
    session: so.Session, model: type, key: dict[str, Any], values: dict[str, Any] | None = None
) -> tuple[int, bool]:
    """The id of the row with `key`, inserting it with `values` if absent; True if this call created it."""
    table = model.__table__  # type: ignore[attr-defined]
    where = sa.and_(*(table.c[name] == value for name, value in key.items()))
    found = session.execute(sa.select(table.c.id).where(where)).scalar_one_or_none()
    if found is not None:
        return found, False
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(model)
        .values({**key, **(values or {})})
        .on_conflict_do_nothing(index_elements=list(key))
        .returning(table.c.id)
    )
    created = session.execute(stmt).scalar_one_or_none()
    if created is not None:
        return created, True
    return session.execute(sa.select(table.c.id).where(where)).scalar_one(), False

"""Reference numbers per kind and year, unique when several desks save at the same moment.

The counter row is bumped with one UPDATE ... RETURNING inside the use case's transaction: the
row lock (PostgreSQL) or the write lock (SQLite) orders concurrent desks, and a rolled-back
transaction gives its number back. The unique constraint on the reference is the last guard.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk_app.domain.references import ReferenceKind, format_reference
from desk_app.models import ReferenceCounter

# Built once: every registration runs it, and building an UPDATE (and its cache key) costs
# more Python than running it. The parameters' names are not the columns' (those belong to
# the SET clause).
_BUMP = (
    update(ReferenceCounter)
    .where(
        ReferenceCounter.kind == bindparam("of_kind"), ReferenceCounter.year == bindparam("of_year")
    )
    .values(last_value=ReferenceCounter.last_value + bindparam("count"))
    .returning(ReferenceCounter.last_value)
)


def _bump(session: Session, kind: ReferenceKind, year: int, count: int) -> int | None:
    found = session.execute(_BUMP, {"of_kind": kind.value, "of_year": year, "count": count})
    return found.scalar_one_or_none()


def reserve_numbers(session: Session, kind: ReferenceKind, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers; returns the last one."""
    last = _bump(session, kind, year, count)
    if last is None:
        dialect = session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        session.execute(
            insert(ReferenceCounter)
            .values(kind=kind.value, year=year, last_value=0)
            .on_conflict_do_nothing()
        )
        last = _bump(session, kind, year, count)
    assert last is not None
    return last


def next_reference(session: Session, kind: ReferenceKind, year: int) -> str:
    return format_reference(kind, year, reserve_numbers(session, kind, year))


def current_number(session: Session, kind: ReferenceKind, year: int) -> int:
    value = session.scalar(
        select(ReferenceCounter.last_value).where(
            ReferenceCounter.kind == kind.value, ReferenceCounter.year == year
        )
    )
    return value or 0

"""run_together: statements sent together (psycopg's pipeline on PostgreSQL) give the same
rows as session.execute, with the same types, and their writes commit with them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any, cast

import pytest
from sqlalchemy import Table, bindparam, func, insert, select, text

from desk_app.db import Database
from desk_app.models import AuditLog, BabySetApplication, PickupSlot, Setting
from desk_app.services import audit
from desk_app.services.context import cli_actor
from desk_app.services.pipeline import insert_rows, run_together
from desk_app.services.uow import read_only, unit_of_work

_AUDIT = (
    select(AuditLog.id, AuditLog.at, AuditLog.action, AuditLog.new_values)
    .where(AuditLog.action == bindparam("action"))
    .order_by(AuditLog.id)
)
_SLOTS = select(PickupSlot.day, PickupSlot.start_time, PickupSlot.booked).order_by(PickupSlot.id)
_INSERT_SLOT = insert(PickupSlot)
_COUNT_SLOTS = select(func.count()).select_from(PickupSlot)
_SETTINGS = select(Setting.key, Setting.value).order_by(Setting.key)


def test_rows_and_types_equal_session_execute(db: Database) -> None:
    with unit_of_work(db) as s:
        audit.record(s, cli_actor(), "test.pipeline", "x", 1, new={"day": date(2026, 3, 4)})
        audit.record(s, cli_actor(), "test.pipeline", "x", 2, new={"n": 2, "t": "çğış"})
        s.add(Setting(key="test.pipeline", value={"a": [1, 2]}))
    slots = [
        {
            "day": date(2026, 3, d),
            "start_time": time(9, 30),
            "end_time": time(11),
            "capacity": 4,
            "booked": 0,
        }
        for d in (2, 3)
    ]
    with unit_of_work(db) as s:
        _written, counted = run_together(s, [(_INSERT_SLOT, slots), (_COUNT_SLOTS, {})])
        assert counted[0][0] == 2  # the second statement sees the first one's rows
    with read_only(db) as s:
        together = run_together(
            s, [(_AUDIT, {"action": "test.pipeline"}), (_SLOTS, {}), (_SETTINGS, {})]
        )
        one_by_one = [
            s.execute(_AUDIT, {"action": "test.pipeline"}).all(),
            s.execute(_SLOTS).all(),
            s.execute(_SETTINGS).all(),
        ]
    assert [[tuple(r) for r in rows] for rows in together] == [
        [tuple(r) for r in rows] for rows in one_by_one
    ]
    first = together[0][0]
    assert first.action == "test.pipeline" and first.at.tzinfo is not None
    assert first.new_values == {"day": "2026-03-04"}
    assert together[1][0].start_time == time(9, 30) and together[1][0].day == date(2026, 3, 2)


def test_commit_with_the_last_writes(db: Database) -> None:
    with unit_of_work(db) as s:
        slot = {
            "day": date(2026, 3, 5),
            "start_time": time(9),
            "end_time": time(10),
            "capacity": 1,
            "booked": 0,
        }
        run_together(s, [(_INSERT_SLOT, [slot])], commit=True)
    with read_only(db) as s:
        assert s.scalar(_COUNT_SLOTS) == 1


def test_insert_rows_stores_what_an_insert_stores(db: Database) -> None:
    """insert_rows (one JSON record set on PostgreSQL) against SQLAlchemy's own executemany:
    the same time zones, JSON text (a JSON null for None), Turkish text and defaults."""
    at = datetime(2026, 3, 4, 12, 30, 15, 123456, tzinfo=timezone(timedelta(hours=3)))

    def rows(action: str) -> list[dict[str, Any]]:
        return [
            {
                "at": at + timedelta(minutes=n),
                "user_id": None,
                "username": "çğış İı",
                "action": action,
                "entity": "x",
                "entity_id": str(n),
                "subject_citizen_id": None,
                "old_values": None,
                "new_values": {"n": n, "t": 'İı"\\\n', "day": "2026-03-04"} if n else None,
                "detail": None if n else "satır\nsonu",
            }
            for n in range(3)
        ]

    slots = [
        {"day": date(2026, 3, d), "start_time": time(9, 30), "end_time": time(11), "capacity": 4}
        for d in (2, 3)
    ]
    with unit_of_work(db) as s:
        s.execute(insert(AuditLog), rows("test.insert"))
        insert_rows(s, cast(Table, AuditLog.__table__), rows("test.rows"))
        insert_rows(s, cast(Table, PickupSlot.__table__), slots)  # booked from its default
    stored = text(
        "SELECT at, username, entity_id, CAST(old_values AS TEXT), CAST(new_values AS TEXT), "
        "detail FROM audit_log WHERE action = :action ORDER BY entity_id"
    )
    with read_only(db) as s:
        by_insert = s.execute(stored, {"action": "test.insert"}).all()
        by_rows = s.execute(stored, {"action": "test.rows"}).all()
        assert len(by_rows) == 3 and by_rows == by_insert
        assert s.execute(_SLOTS).all() == [(date(2026, 3, d), time(9, 30), 0) for d in (2, 3)]
    if db.is_postgres:
        # A default that reads the row's other values cannot be computed without SQLAlchemy's
        # execution: the rows must give it.
        with unit_of_work(db) as s, pytest.raises(AssertionError, match="reads the row"):
            insert_rows(
                s, cast(Table, BabySetApplication.__table__), [{"citizen_id": 1, "address_id": 1}]
            )

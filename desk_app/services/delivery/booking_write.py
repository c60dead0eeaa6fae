"""A booking's writes: the place, the delivery row, the application's new state, its timeline
event, the "booked" SMS and the audit row, written together or not at all.

On PostgreSQL they are one statement: the conditional UPDATE that takes the place is the first
part of a WITH, and every other write selects from it, so when the place was taken meanwhile
nothing is written and the statement returns no row. With eight desks booking the same team's
day, the day's row is then locked for the rest of that one statement, the route order and the
COMMIT, instead of for a dozen round trips (the desks queue on that row, so the time it is held
is what bounds their bookings per second), and a desk that loses the race has written nothing
it must roll back. The delivery's id is taken from its sequence beforehand, so every row is
known before the statement runs.

SQLite has one writer at a time (a desk's write transaction holds the file from BEGIN), so
there the same rows are written one statement after another, after the same conditional
UPDATE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import (
    Table,
    bindparam,
    exists,
    func,
    insert,
    literal_column,
    null,
    select,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session

from desk_app.models import (
    ApplicationEvent,
    AuditLog,
    BabySetApplication,
    Delivery,
    PickupSlot,
    SmsMessage,
    TeamDay,
)
from desk_app.services.delivery.common import take_place
from desk_app.services.pipeline import run_together
from desk_app.services.uow import on_postgres

_DELIVERY = cast(Table, Delivery.__table__)
_APPLICATION = cast(Table, BabySetApplication.__table__)
_EVENT = cast(Table, ApplicationEvent.__table__)
_SMS = cast(Table, SmsMessage.__table__)
_AUDIT = cast(Table, AuditLog.__table__)

# The columns each write names (every one, so that no default makes a parameter of its own).
DELIVERY_COLUMNS = (
    "id",
    "application_id",
    "kind",
    "team_day_id",
    "pickup_slot_id",
    "scheduled_date",
    "route_order",
    "status",
    "set_edition_id",
    "print_serial",
    "printed_at",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
)
_EVENT_COLUMNS = ("application_id", "at", "kind", "user_id", "old_status", "new_status", "text")
_EVENT_COLUMNS_ALL = (*_EVENT_COLUMNS, "data")
_SMS_COLUMNS = (
    "key",
    "dedupe_key",
    "kind",
    "citizen_id",
    "phone_e164",
    "text",
    "application_id",
    "delivery_id",
    "request_id",
    "about_date",
    "demo",
    "status",
    "attempts",
    "next_attempt_at",
    "created_at",
)
_AUDIT_COLUMNS = (
    "at",
    "user_id",
    "username",
    "action",
    "entity",
    "entity_id",
    "subject_citizen_id",
    "old_values",
    "new_values",
    "detail",
)


@dataclass(frozen=True)
class BookingRows:
    """The rows of one booking besides the delivery's, its id filled in."""

    application_id: int
    application_status: str
    event: dict[str, Any]  # services.applications.common.event_row
    sms: dict[str, Any] | None  # notify.outbox.booked_message_row (None: no message)
    audit: dict[str, Any]  # services.audit.row


def _claim(model: type[TeamDay] | type[PickupSlot]) -> Any:
    table = cast(Table, model.__table__)
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.booked < table.c.capacity)
        .values(booked=table.c.booked + 1)
        .returning(table.c.id)
        .cte("claim")
    )


# Columns whose value is the same in every booking, written into the statement rather than
# sent: psycopg caches the conversion of a query only up to 50 parameters, and converting this
# one again on every booking cost a millisecond of the desk's CPU. ``_params`` checks them.
_CONSTANTS: dict[str, dict[str, Any]] = {
    "d_": {
        "route_order": 0,
        "status": "BOOKED",
        "print_serial": 0,
        "printed_at": None,
        "version": 1,
    },
    "e_": {"kind": "SCHEDULED"},
    "s_": {
        "dedupe_key": None,
        "request_id": None,
        "kind": "BOOKED",
        "status": "QUEUED",
        "attempts": 0,
    },
    "au_": {"action": "delivery.book", "entity": "delivery", "old_values": None, "detail": None},
}


def _constant(value: Any, type_: Any) -> Any:
    if value is None:
        return cast_(null(), type_)
    if isinstance(value, int):
        return literal_column(str(value), type_)
    assert isinstance(value, str) and "'" not in value
    return cast_(literal_column(f"'{value}'"), type_)


def _insert_after(claim: Any, table: Table, prefix: str, columns: tuple[str, ...]) -> Any:
    """INSERT of one row whose values are parameters named ``prefix + column`` (or the
    prefix's constants), made only when the claim returned its row."""
    constants = _CONSTANTS[prefix]
    values = select(
        *(
            _constant(constants[c], table.c[c].type)
            if c in constants
            else bindparam(prefix + c, type_=table.c[c].type)
            for c in columns
        )
    )
    return insert(table).from_select(list(columns), values.select_from(claim)).cte(f"{prefix}w")


# The application's new state (in the booking's statement, only when the place was taken).
_UPDATE_APPLICATION = (
    update(_APPLICATION)
    .where(_APPLICATION.c.id == bindparam("a_id"))
    .values(
        status=bindparam("a_status"),
        version=_APPLICATION.c.version + 1,
        updated_at=bindparam("a_now"),
    )
)


def _statement(model: type[TeamDay] | type[PickupSlot], with_sms: bool) -> Any:
    claim = _claim(model)
    writes = [
        _insert_after(claim, _DELIVERY, "d_", DELIVERY_COLUMNS),
        _UPDATE_APPLICATION.where(exists(select(claim.c.id))).cte("a_w"),
        _insert_after(claim, _EVENT, "e_", _EVENT_COLUMNS_ALL),
        _insert_after(claim, _AUDIT, "au_", _AUDIT_COLUMNS),
    ]
    if with_sms:
        writes.append(_insert_after(claim, _SMS, "s_", _SMS_COLUMNS))
    return select(claim.c.id).add_cte(*writes)


# Built once each (a place on a team's day or in a pickup window, with or without an SMS).
_STATEMENTS = {
    (model, with_sms): _statement(model, with_sms)
    for model in (TeamDay, PickupSlot)
    for with_sms in (False, True)
}
_NEXT_DELIVERY_ID = func.nextval(func.pg_get_serial_sequence("delivery", "id"))
_INSERT_DELIVERY = insert(_DELIVERY).returning(_DELIVERY.c.id)
_INSERT_EVENT = insert(_EVENT)
_INSERT_SMS = insert(_SMS)
_INSERT_AUDIT = insert(_AUDIT)


def next_delivery_id() -> Any:
    """On PostgreSQL, the next delivery id as a column of the caller's own first read."""
    return _NEXT_DELIVERY_ID.label("next_delivery_id")


def _prefixed(prefix: str, row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    constants = _CONSTANTS[prefix]
    for c, value in constants.items():
        if row[c] != value:
            raise AssertionError(f"{prefix}{c}: {row[c]!r} is written as {value!r}")
    return {prefix + c: row[c] for c in columns if c not in constants}


def _params(delivery: dict[str, Any], rows: BookingRows, row_id: int) -> dict[str, Any]:
    params: dict[str, Any] = {
        "row_id": row_id,
        "a_id": rows.application_id,
        "a_status": rows.application_status,
        "a_now": delivery["updated_at"],
    }
    params.update(_prefixed("d_", delivery, DELIVERY_COLUMNS))
    params.update(_prefixed("e_", rows.event, _EVENT_COLUMNS_ALL))
    params.update(_prefixed("au_", rows.audit, _AUDIT_COLUMNS))
    if rows.sms is not None:
        params.update(_prefixed("s_", rows.sms, _SMS_COLUMNS))
    return params


def write_booking(
    session: Session,
    model: type[TeamDay] | type[PickupSlot],
    row_id: int,
    delivery: dict[str, Any],
    rows_for: Callable[[int], BookingRows],
    next_id: int | None = None,
    *,
    then: tuple[Any, dict[str, Any]] | None = None,
) -> tuple[int | None, list[Any]]:
    """Take a place on the ``model`` row ``row_id`` and write the booking: the ``delivery``
    row (``DELIVERY_COLUMNS`` but its id) and ``rows_for`` its id. Returns the delivery's id,
    or None when the row is full (nothing written), and the rows of ``then`` (a select and its
    parameters) read once the place is taken, in the same round trip on PostgreSQL. From here
    the row stays locked until the transaction ends. ``next_id``: on PostgreSQL, the
    ``next_delivery_id`` the caller read."""
    if on_postgres(session):
        if next_id is None:
            next_id = int(session.execute(select(_NEXT_DELIVERY_ID)).scalar_one())
        rows = rows_for(next_id)
        params = _params(delivery | {"id": next_id}, rows, row_id)
        work = [(_STATEMENTS[(model, rows.sms is not None)], params)]
        if then is not None:
            work.append(then)
        taken, *after = run_together(session, work)
        if not taken:
            return None, []
        return next_id, after[0] if after else []
    if not take_place(session, model, row_id):
        return None, []
    delivery_id = int(session.execute(_INSERT_DELIVERY, delivery).scalar_one())
    rows = rows_for(delivery_id)
    session.execute(
        _UPDATE_APPLICATION,
        {
            "a_id": rows.application_id,
            "a_status": rows.application_status,
            "a_now": delivery["updated_at"],
        },
    )
    session.execute(_INSERT_EVENT, rows.event)
    if rows.sms is not None:
        session.execute(_INSERT_SMS, rows.sms)
    session.execute(_INSERT_AUDIT, rows.audit)
    return delivery_id, [tuple(r) for r in session.execute(*then)] if then else []


def execute_and_commit(session: Session, stmt: Any, params: list[dict[str, Any]]) -> None:
    """``stmt`` for each of ``params``, then COMMIT: in one round trip on PostgreSQL (the
    last writes of a booking, while the team day's row is locked)."""
    run_together(session, [(stmt, params)] if params else [], commit=True)

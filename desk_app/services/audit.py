"""The audit trail: every write (old -> new values), reads of personal data, prints, exports."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from desk_app.models import AuditLog, utcnow
from desk_app.services.context import Actor

# Never copied into the audit trail.
_SECRET_FIELDS = frozenset({"password", "password_hash", "secret"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in values.items() if k not in _SECRET_FIELDS}


def changes(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (old values, new values)."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return snapshot({k: old.get(k) for k in keys}), snapshot({k: new[k] for k in keys})


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = None,
    *,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    detail: str | None = None,
    subject_citizen_id: int | None = None,
    username: str | None = None,
) -> None:
    """Add an audit row to the use case's transaction (it commits with the change itself).
    A Core INSERT, not an ORM object: nothing reads the row back in the use case, and an
    object costs a unit-of-work flush."""
    session.execute(
        _INSERT,
        row(
            actor,
            action,
            entity,
            entity_id,
            old=old,
            new=new,
            detail=detail,
            subject_citizen_id=subject_citizen_id,
            username=username,
        ),
    )


def row(
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = None,
    *,
    old: Mapping[str, Any] | None = None,
    new: Mapping[str, Any] | None = None,
    detail: str | None = None,
    subject_citizen_id: int | None = None,
    username: str | None = None,
) -> dict[str, Any]:
    """The audit row ``record`` inserts, for a caller that writes it with other rows."""
    return {
        "at": utcnow(),
        "user_id": actor.user_id if actor else None,
        "username": (actor.username if actor else username or "?")[:50],
        "action": action,
        "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id),
        "subject_citizen_id": subject_citizen_id,
        "old_values": snapshot(old) if old is not None else None,
        "new_values": snapshot(new) if new is not None else None,
        "detail": detail,
    }


_INSERT = insert(cast(Table, AuditLog.__table__))  # built once: every write use case adds one

"""Settings have sane bounds, in the service and (PostgreSQL) in the database itself: the
lockout is never off and retention never below the documented minimum, even for an admin."""

from __future__ import annotations

import importlib
import json

import pytest
from psycopg import errors

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.domain.states import Role
from desk_app.services.admin import settings
from desk_app.services.context import Actor
from tests.people import as_person


def test_the_database_and_the_service_share_the_bounds() -> None:
    migration = importlib.import_module("desk_app.migrations.versions.0010_security_roles")
    frozen = {k: tuple(v) for k, v in json.loads(migration._BOUNDS_JSON).items()}
    assert frozen == settings.BOUNDS


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("auth.max_failed_logins", 1_000_000),
        ("kvkk.retention_years", 1),
        ("auth.lockout_minutes", 0),
    ],
)
def test_the_service_refuses_out_of_bounds(
    db: Database, admin: Actor, key: str, value: int
) -> None:
    with pytest.raises(ValidationError, match=r"arasında olmalı|1 veya daha büyük") as refused:
        settings.set_value(as_person(db, admin), admin, key, value)
    assert refused.value.field == key


@pytest.mark.parametrize(
    ("key", "value"), [("auth.max_failed_logins", "1000000"), ("kvkk.retention_years", "1")]
)
def test_an_admin_cannot_bypass_the_bounds_over_plain_sql(
    pg_db: Database,
    people: dict,
    connect,
    key: str,
    value: str,  # type: ignore[no-untyped-def,type-arg]
) -> None:
    conn = connect(people[Role.ADMIN])
    with pytest.raises(errors.CheckViolation, match="out of bounds"):
        conn.execute(
            "INSERT INTO setting (key, value, updated_at) VALUES (%s, %s, now()) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

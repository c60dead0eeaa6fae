"""The one place that finds rows by a full T.C. Kimlik No (or a baby key, which holds one).

On PostgreSQL desks cannot read the TC columns (desk_app.pg_roles.TC_COLUMNS): not in a SELECT
list, not in a WHERE. Every lookup by number goes through the SECURITY DEFINER functions of
revision tc01, which return the ids of the rows holding the numbers the caller already has; the
caller then selects the readable columns of those ids. Supervisors and admins use the same
functions (one code path for every role). On SQLite (single-user mode, no privileges) the same
calls run a plain query.

The conditions below are for a WHERE of the caller's statement (one round trip); the ``*_ids``
functions answer ``number -> ids`` for batch duplicate checks (one call per chunk). The
``same_baby_*_as`` conditions (revision tc02) ask about an application by its id, for a number or
key the caller never held (the detail view's duplicate check, a decision's one-set rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import ARRAY, BigInteger, ColumnElement, Select, Text, bindparam, func, select
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import TableValuedAlias

from desk_app.models import BabySetApplication, Citizen
from desk_app.services.uow import on_postgres


def _values(values: Iterable[str]) -> list[str]:
    return sorted({v for v in values if v})


def _function(name: str, values: list[str], key: str, id_name: str) -> TableValuedAlias:
    arg = bindparam(None, values, type_=ARRAY(Text))
    function: Any = getattr(func, name)
    return cast(TableValuedAlias, function(arg).table_valued(key, id_name))


def citizen_tc_in(session: Session, tcs: Iterable[str]) -> ColumnElement[bool]:
    """Citizens whose number is one of ``tcs``."""
    values = _values(tcs)
    if not on_postgres(session):
        return Citizen.tc_kimlik_no.in_(values)
    fn = _function("desk_citizens_by_tc", values, "tc", "citizen_id")
    return Citizen.id.in_(select(fn.c.citizen_id))


def citizen_tc_is(postgres: bool, param: str) -> ColumnElement[bool]:
    """Citizens whose number is the value of the bind parameter ``param`` (one number), for a
    statement built once and run for each number typed (the search box). On PostgreSQL the
    number goes into the same function as ``citizen_tc_in``'s, as a one-element array."""
    if not postgres:
        return Citizen.tc_kimlik_no == bindparam(param, type_=Text)
    function: Any = func.desk_citizens_by_tc
    fn = function(array([bindparam(param, type_=Text)])).table_valued("tc", "citizen_id")
    return Citizen.id.in_(select(fn.c.citizen_id))


def baby_tc_in(session: Session, tcs: Iterable[str]) -> ColumnElement[bool]:
    """Applications whose baby's number is one of ``tcs``."""
    values = _values(tcs)
    if not on_postgres(session):
        return BabySetApplication.baby_tc_kimlik_no.in_(values)
    fn = _function("desk_applications_by_baby_tc", values, "tc", "application_id")
    return BabySetApplication.id.in_(select(fn.c.application_id))


def baby_key_in(session: Session, keys: Iterable[str]) -> ColumnElement[bool]:
    """Applications whose baby key (services.applications.common.baby_key) is one of ``keys``."""
    values = _values(keys)
    if not on_postgres(session):
        return BabySetApplication.baby_key.in_(values)
    fn = _function("desk_applications_by_baby_key", values, "baby_key", "application_id")
    return BabySetApplication.id.in_(select(fn.c.application_id))


def _same_as(session: Session, name: str, column: str, application_id: int) -> ColumnElement[bool]:
    A = BabySetApplication
    if not on_postgres(session):
        other = aliased(A)
        value = select(getattr(other, column)).where(other.id == application_id).scalar_subquery()
        return cast(ColumnElement[bool], getattr(A, column) == value)
    function: Any = getattr(func, name)
    fn = function(bindparam(None, application_id, type_=BigInteger)).table_valued("application_id")
    return A.id.in_(select(fn.c.application_id))


def same_baby_tc_as(session: Session, application_id: int) -> ColumnElement[bool]:
    """Applications carrying the same baby's number as application ``application_id`` (none
    when it has no number; itself included), without the caller reading the number."""
    return _same_as(session, "desk_applications_same_baby_tc", "baby_tc_kimlik_no", application_id)


def same_baby_key_as(session: Session, application_id: int) -> ColumnElement[bool]:
    """Applications with the same baby key as application ``application_id`` (itself
    included), without the caller reading the key."""
    return _same_as(session, "desk_applications_same_baby_key", "baby_key", application_id)


def _pairs(
    session: Session,
    name: str,
    columns: tuple[str, str],
    values: list[str],
    sqlite_stmt: Select[Any, Any],
) -> dict[str, list[int]]:
    if not values:
        return {}
    if on_postgres(session):
        fn = _function(name, values, *columns)
        stmt: Select[Any, Any] = select(fn.c[columns[0]], fn.c[columns[1]])
    else:
        stmt = sqlite_stmt
    out: dict[str, list[int]] = {}
    for key, row_id in session.execute(stmt).all():
        out.setdefault(str(key), []).append(int(row_id))
    return out


def citizens_by_tc(session: Session, tcs: Iterable[str]) -> dict[str, list[int]]:
    """``number -> citizen ids`` for the numbers of ``tcs`` that some citizen holds."""
    values = _values(tcs)
    return _pairs(
        session,
        "desk_citizens_by_tc",
        ("tc", "citizen_id"),
        values,
        select(Citizen.tc_kimlik_no, Citizen.id).where(Citizen.tc_kimlik_no.in_(values)),
    )


def applications_by_baby_tc(session: Session, tcs: Iterable[str]) -> dict[str, list[int]]:
    """``baby's number -> application ids`` for the numbers of ``tcs`` that are known."""
    values = _values(tcs)
    return _pairs(
        session,
        "desk_applications_by_baby_tc",
        ("tc", "application_id"),
        values,
        select(BabySetApplication.baby_tc_kimlik_no, BabySetApplication.id).where(
            BabySetApplication.baby_tc_kimlik_no.in_(values)
        ),
    )


def applications_by_baby_key(session: Session, keys: Iterable[str]) -> dict[str, list[int]]:
    """``baby key -> application ids`` for the keys of ``keys`` that are known."""
    values = _values(keys)
    return _pairs(
        session,
        "desk_applications_by_baby_key",
        ("baby_key", "application_id"),
        values,
        select(BabySetApplication.baby_key, BabySetApplication.id).where(
            BabySetApplication.baby_key.in_(values)
        ),
    )

"""PostgreSQL is the security boundary: the group roles of one database and their privileges.

Decisions (see README "Roles on the PostgreSQL server"):

- Three NOLOGIN group roles per database, named after it so that two databases on one server (a
  test copy beside production) never share one: ``<dbname>_desk``, ``<dbname>_supervisor``,
  ``<dbname>_admin``. Supervisor is a member of desk and admin of supervisor, so each role holds
  the privileges of the one below it. ``CONNECT`` on the database is granted to these groups only
  (``REVOKE ALL ON DATABASE ... FROM PUBLIC``): a login of one database gets nothing in another.
- One LOGIN role per person, named like the person's user name in the app (so that LDAP, SSPI
  and GSSAPI map a domain account onto it without a prefix), member of exactly one group of this
  database. Login roles are made and changed only by the SECURITY DEFINER functions of revision
  sec01 (``desk_user_*``), which an admin login may call; they refuse any role that belongs to
  another database's groups and never make a superuser, CREATEROLE or CREATEDB role.
- The owner of the database (who runs ``desk-app db upgrade``) owns every table and function;
  no group gets DDL (PostgreSQL 15 no longer lets PUBLIC create in schema public, and we revoke
  it anyway), TEMP or TRUNCATE.
- ``TABLE_GRANTS`` below is the one place that says who may do what with each table. A table
  that is not listed gets no privilege at all (tests/security checks every table is listed); a
  later migration that adds a table adds its line here, and ``db upgrade`` applies the whole
  list again (it is idempotent: it revokes and grants afresh every time).
- Column privileges hide what a role must not read: the full T.C. Kimlik No columns
  (``TC_COLUMNS``) from desks, who get every other column of those tables (the list is taken
  from the table itself at grant time, so a new column is readable without a new line here),
  read the generated ``*_masked`` columns and find numbers through the ``desk_*_by_*``
  functions of revision tc01; ``app_user.password_hash`` from everybody,
  ``installation_secret`` from everybody (the slip key is used only inside the server by
  ``desk_slip_mac``/``desk_slip_verify``), the audit trail's rows from desks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, text

DESK, SUPERVISOR, ADMIN = "desk", "supervisor", "admin"
GROUPS = (DESK, SUPERVISOR, ADMIN)

ALL_DML = ("SELECT", "INSERT", "UPDATE", "DELETE")
READ = ("SELECT",)


class AllBut(tuple[str, ...]):
    """Columns of a grant: every column of the table (as it is when the grant is applied)
    except these."""


# table -> the lowest group that gets each privilege set (higher groups inherit it).
# A value ``(group, privileges, columns)`` limits the privileges to those columns.
Grant = tuple[str, tuple[str, ...], tuple[str, ...] | AllBut | None]

# Columns holding a full T.C. Kimlik No. Desks may write them (a new citizen, a corrected
# number) but never read them: not in a SELECT list, a WHERE, or a RETURNING.
# ``baby_key`` holds the baby's number when it is known (services.applications.common.baby_key).
TC_COLUMNS: dict[str, tuple[str, ...]] = {
    "citizen": ("tc_kimlik_no",),
    "babyset_application": ("baby_tc_kimlik_no", "baby_key"),
}


def _desk_dml_without_tc(table: str) -> list[Grant]:
    return [
        (DESK, READ, AllBut(TC_COLUMNS[table])),
        (DESK, ("INSERT", "UPDATE", "DELETE"), None),
        (SUPERVISOR, READ, None),
    ]


_DESK_DML: list[Grant] = [(DESK, ALL_DML, None)]
_REFERENCE: list[Grant] = [(DESK, READ, None), (ADMIN, ("INSERT", "UPDATE", "DELETE"), None)]
_SETUP: list[Grant] = [(DESK, READ, None), (SUPERVISOR, ("INSERT", "UPDATE", "DELETE"), None)]

APP_USER_READABLE = (
    "id",
    "username",
    "full_name",
    "role",
    "active",
    "failed_logins",
    "locked_until",
    "last_login_at",
    "version",
    "created_at",
    "updated_at",
)

TABLE_GRANTS: dict[str, list[Grant]] = {
    # Reference data: admins edit it.
    "mahalle": _REFERENCE,
    "directorate": _REFERENCE,
    "channel": _REFERENCE,
    "category": _REFERENCE,
    # The front desk's daily work.
    "citizen": _desk_dml_without_tc("citizen"),
    "address": _DESK_DML,
    "contact_observation": _DESK_DML,
    "request": _DESK_DML,
    "request_event": _DESK_DML,
    "babyset_application": _desk_dml_without_tc("babyset_application"),
    "application_event": _DESK_DML,
    "delivery": _DESK_DML,
    "delivery_attempt": _DESK_DML,
    "team_day": _DESK_DML,
    "pickup_slot": _DESK_DML,
    "stock_movement": _DESK_DML,
    "reference_counter": [(DESK, ("SELECT", "INSERT", "UPDATE"), None)],
    # Delivery set-up: supervisors.
    "team": _SETUP,
    "pickup_window": _SETUP,
    "set_edition": _SETUP,
    # Users: readable without the password hash; changed only through desk_user_* functions.
    "app_user": [(DESK, READ, APP_USER_READABLE)],
    # The audit trail: everyone appends (the trigger sets the actor), nobody changes a row;
    # desks see only the id that INSERT ... RETURNING hands back.
    # No role holds UPDATE or DELETE: the KVKK retention run blanks or redacts personal values
    # only through desk_blank_audit / desk_redact_audit (revision aud01, admins; checked there).
    "audit_log": [
        (DESK, ("INSERT",), None),
        (DESK, READ, ("id",)),
        (SUPERVISOR, READ, None),
    ],
    # Settings: everyone reads, admins change (bounds checked by a trigger).
    "setting": [(DESK, READ, None), (ADMIN, ("INSERT", "UPDATE"), None)],
    # KVKK destruction records: written by the admin's retention run, never changed; the same
    # run deletes those past their keep_until (never younger than three years: the service).
    "destruction_record": [
        (SUPERVISOR, READ, None),
        (ADMIN, ("INSERT", "DELETE"), None),
        (DESK, READ, ("id",)),
    ],
    # The SMS outbox: written in the transaction of the desk's own work (booking, answer, ...);
    # nobody deletes a message. The sender (`desk-app notify run`) runs as a supervisor's or an
    # admin's login, like retry and cancel in the Bildirimler view.
    "sms_message": [(DESK, ("SELECT", "INSERT", "UPDATE"), None)],
    # The slip key: no application role; the desk_slip_* functions read it as the owner.
    "installation_secret": [],
    # Where the collection of refused logins stands in the server's log (revision alog01):
    # only the owner's desk_collect_* functions read and move it.
    "auth_log_cursor": [],
    # Alembic's bookkeeping: read by every desk to check the schema is current.
    "alembic_version": [(DESK, READ, None)],
}

# SECURITY DEFINER functions of revision sec01 and the lowest group that may call them.
FUNCTION_GRANTS: dict[str, str] = {
    "desk_slip_mac(bigint, integer)": DESK,
    "desk_slip_verify(bigint, integer, text)": DESK,
    "desk_note_login()": DESK,
    "desk_note_unlock_failure()": DESK,
    "desk_user_add(text, text, text, text)": ADMIN,
    "desk_user_set_active(text, boolean)": ADMIN,
    "desk_user_set_role(text, text)": ADMIN,
    "desk_user_set_password(text, text)": ADMIN,
    "desk_user_unlock(text)": ADMIN,
    # Revision alog01: refused logins from the server's log (desk_note_login collects too).
    "desk_collect_logins()": ADMIN,
    # Revision aud01: the retention run's only way to change an audit row (blank or redact).
    "desk_blank_audit(bigint[])": ADMIN,
    "desk_redact_audit(bigint, json, json, text)": ADMIN,
    # Revision tc01: what desks use instead of reading the TC columns.
    "desk_citizens_by_tc(text[])": DESK,
    "desk_applications_by_baby_tc(text[])": DESK,
    "desk_applications_by_baby_key(text[])": DESK,
    # Revision tc02: the same baby as an application, asked by its id.
    "desk_applications_same_baby_tc(bigint)": DESK,
    "desk_applications_same_baby_key(bigint)": DESK,
}


def group_role(dbname: str, group: str) -> str:
    name = f"{dbname}_{group}"
    if len(name.encode()) > 63:
        raise ValueError(f"database name too long for its role names: {dbname!r}")
    return name


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _grant_sql(
    conn: Connection,
    table: str,
    grants: Iterable[Grant],
    dbname: str,
    table_columns: Sequence[str] = (),
) -> list[str]:
    out = []
    for group, privileges, columns in grants:
        role = _q(conn, group_role(dbname, group))
        if isinstance(columns, AllBut):
            unknown = set(columns) - set(table_columns)
            if unknown:  # a renamed TC column must not silently become readable
                raise ValueError(f"{table} has no column {sorted(unknown)}")
            columns = tuple(c for c in table_columns if c not in columns)
        cols = f" ({', '.join(_q(conn, c) for c in columns)})" if columns else ""
        privs = ", ".join(f"{p}{cols}" for p in privileges)
        out.append(f"GRANT {privs} ON TABLE {_q(conn, table)} TO {role}")
    return out


def apply_grants(conn: Connection) -> None:
    """Create the group roles of this database if missing and grant them exactly
    ``TABLE_GRANTS`` and ``FUNCTION_GRANTS``. Run by the owner after every migration."""
    dbname = str(conn.execute(text("SELECT current_database()")).scalar_one())
    q = _q(conn, dbname)
    roles = {g: _q(conn, group_role(dbname, g)) for g in GROUPS}
    existing = set(conn.execute(text("SELECT rolname FROM pg_roles")).scalars())
    for group, role in roles.items():
        if group_role(dbname, group) not in existing:
            conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        # NOSUPERUSER may be named only by a superuser (PostgreSQL 15), and IT's owner is not
        # one: a group that is a superuser is refused instead of altered.
        if conn.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"),
            {"r": group_role(dbname, group)},
        ).scalar():
            raise ValueError(f"group role {group_role(dbname, group)} must not be a superuser")
        conn.execute(text(f"ALTER ROLE {role} NOLOGIN INHERIT NOCREATEDB NOCREATEROLE"))
    conn.execute(text(f"GRANT {roles[DESK]} TO {roles[SUPERVISOR]}"))
    conn.execute(text(f"GRANT {roles[SUPERVISOR]} TO {roles[ADMIN]}"))
    conn.execute(text(f"REVOKE ALL ON DATABASE {q} FROM PUBLIC"))
    for role in roles.values():
        conn.execute(text(f"REVOKE ALL ON DATABASE {q} FROM {role}"))
        conn.execute(text(f"GRANT CONNECT ON DATABASE {q} TO {role}"))
    conn.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {roles[DESK]}"))
    tables = set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
    )
    everyone = ", ".join(["PUBLIC", *roles.values()])
    for table in sorted(tables):
        conn.execute(text(f"REVOKE ALL ON TABLE {_q(conn, table)} FROM {everyone}"))
        # Column grants survive a table-level REVOKE ALL only on the columns named; clear them.
        columns = list(
            conn.execute(
                text(
                    "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) "
                    "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
                ),
                {"t": f"public.{_q(conn, table)}"},
            ).scalars()
        )
        cols = ", ".join(_q(conn, c) for c in columns)
        if cols:
            conn.execute(text(f"REVOKE ALL ({cols}) ON TABLE {_q(conn, table)} FROM {everyone}"))
        grants = TABLE_GRANTS.get(table, [])
        for statement in _grant_sql(conn, table, grants, dbname, columns):
            conn.execute(text(statement))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {everyone}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {roles[DESK]}"))
    conn.execute(text(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM {everyone}"))
    for signature, group in FUNCTION_GRANTS.items():
        conn.execute(text(f"GRANT EXECUTE ON FUNCTION {signature} TO {roles[group]}"))
    # Functions pgcrypto put in schema public stay callable (they are harmless without the key),
    # and the trigger functions run as the table's owner.
    conn.execute(text("SELECT desk_ensure_slip_key()"))


def is_owner(conn: Connection) -> bool:
    """Whether the connection's login is the database's owner or a superuser: the one who
    migrates and grants, and whose audit rows keep the actor the application names."""
    return bool(
        conn.execute(
            text(
                "SELECT r.rolsuper OR pg_has_role(session_user, d.datdba, 'MEMBER') "
                "FROM pg_roles r, pg_database d "
                "WHERE r.rolname = session_user AND d.datname = current_database()"
            )
        ).scalar()
    )


def group_of(conn: Connection) -> str | None:
    """The highest group of this database that the session's login belongs to, or None."""
    dbname = str(conn.execute(text("SELECT current_database()")).scalar_one())
    for group in (ADMIN, SUPERVISOR, DESK):
        member: Any = conn.execute(
            text(
                "SELECT CASE WHEN to_regrole(:r) IS NULL THEN false "
                "ELSE pg_has_role(session_user, :r, 'MEMBER') END"
            ),
            {"r": group_role(dbname, group)},
        ).scalar()
        if member:
            return group
    return None

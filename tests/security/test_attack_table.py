"""The attack table: what a desk PC's user could try with their own login over plain SQL, and
the PostgreSQL privilege that refuses each; beside it what each role may do, checked allowed.

Every row runs over a raw psycopg connection with that person's credentials (no application
code in between): the database, not the client, enforces the role model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import errors

from desk_app.db import Database
from desk_app.domain.states import Role
from tests.security.conftest import Connect, Person

DESK, SUPERVISOR, ADMIN = Role.DESK, Role.SUPERVISOR, Role.ADMIN
EVERYONE = (DESK, SUPERVISOR, ADMIN)


@dataclass(frozen=True)
class Attack:
    name: str
    sql: str
    roles: tuple[Role, ...]
    refused_by: str  # the privilege (its error message) that refuses it


ATTACKS = [
    Attack(
        "audit rows: UPDATE an actor",
        "UPDATE audit_log SET username = 'someone'",
        EVERYONE,
        "permission denied for table audit_log",
    ),
    Attack(
        "audit rows: rewrite a detail",
        "UPDATE audit_log SET detail = 'nothing happened'",
        EVERYONE,
        "permission denied for table audit_log",
    ),
    Attack(
        "audit rows: blank a value (no role holds UPDATE, not even admins)",
        "UPDATE audit_log SET old_values = NULL",
        EVERYONE,
        "permission denied for table audit_log",
    ),
    Attack(
        "audit rows: rewrite through the retention function (only a redaction passes)",
        "SELECT desk_redact_audit((SELECT min(id) FROM audit_log), NULL, NULL, 'nothing happened')",
        (ADMIN,),
        "audit rows cannot be changed: not a redaction",
    ),
    Attack(
        "audit rows: the retention functions (execute privilege: admins only)",
        "SELECT desk_blank_audit(ARRAY[1::bigint])",
        (DESK, SUPERVISOR),
        "permission denied for function desk_blank_audit",
    ),
    Attack(
        "audit rows: DELETE",
        "DELETE FROM audit_log",
        EVERYONE,
        "permission denied for table audit_log",
    ),
    Attack(
        "audit rows: TRUNCATE",
        "TRUNCATE audit_log",
        EVERYONE,
        "permission denied for table audit_log",
    ),
    Attack(
        "users: UPDATE a role",
        "UPDATE app_user SET role = 'admin'",
        EVERYONE,
        "permission denied for table app_user",
    ),
    Attack(
        "users: INSERT an administrator",
        "INSERT INTO app_user (username, full_name, role, password_hash, active, failed_logins, "
        "created_at, updated_at, version) "
        "VALUES ('mallory', 'M', 'admin', 'x', true, 0, now(), now(), 1)",
        EVERYONE,
        "permission denied for table app_user",
    ),
    Attack(
        "users: SELECT password hashes",
        "SELECT password_hash FROM app_user",
        EVERYONE,
        "permission denied for table app_user",
    ),
    Attack(
        "users: call desk_user_add",
        "SELECT desk_user_add('mallory', 'M', 'admin', NULL)",
        (DESK, SUPERVISOR),
        "permission denied for function desk_user_add",
    ),
    Attack(
        "users: CREATE ROLE",
        "CREATE ROLE mallory LOGIN PASSWORD 'x'",
        EVERYONE,
        "permission denied to create role",
    ),
    Attack(
        "signing key: SELECT",
        "SELECT value FROM installation_secret",
        EVERYONE,
        "permission denied for table installation_secret",
    ),
    Attack(
        "signing key: sign any slip with the raw function",
        "SELECT desk_slip_mac_raw(1, 1)",
        EVERYONE,
        "permission denied for function desk_slip_mac_raw",
    ),
    Attack(
        "settings: turn the lockout off",
        "UPDATE setting SET value = '1000000' WHERE key = 'auth.max_failed_logins'",
        (DESK, SUPERVISOR),
        "permission denied for table setting",
    ),
    Attack(
        "settings: INSERT a setting",
        "INSERT INTO setting (key, value, updated_at) VALUES ('kvkk.retention_years', '1', now())",
        (DESK, SUPERVISOR),
        "permission denied for table setting",
    ),
    # The full T.C. Kimlik No: desks hold column SELECT on every citizen column but this one
    # (pg_roles.TC_COLUMNS; test_tc_columns checks has_column_privilege column by column).
    # PostgreSQL reports a missing column privilege as "permission denied for table".
    Attack(
        "full TC: SELECT the number (column SELECT on citizen.tc_kimlik_no)",
        "SELECT tc_kimlik_no FROM citizen",
        (DESK,),
        "permission denied for table citizen",
    ),
    Attack(
        "full TC: SELECT * (column SELECT on citizen.tc_kimlik_no)",
        "SELECT * FROM citizen",
        (DESK,),
        "permission denied for table citizen",
    ),
    Attack(
        "full TC: guess digits in a WHERE (column SELECT on citizen.tc_kimlik_no)",
        "SELECT id FROM citizen WHERE tc_kimlik_no LIKE '1%'",
        (DESK,),
        "permission denied for table citizen",
    ),
    Attack(
        "full TC: UPDATE ... RETURNING the number (column SELECT on citizen.tc_kimlik_no)",
        "UPDATE citizen SET notes = notes WHERE false RETURNING tc_kimlik_no",
        (DESK,),
        "permission denied for table citizen",
    ),
    Attack(
        "full TC: DELETE by the number (column SELECT on citizen.tc_kimlik_no)",
        "DELETE FROM citizen WHERE tc_kimlik_no = '10000000146'",
        (DESK,),
        "permission denied for table citizen",
    ),
    # The baby's number and baby_key (which holds it) are hidden from desks the same way.
    Attack(
        "full TC: SELECT the baby's TC (column SELECT on babyset_application.baby_tc_kimlik_no)",
        "SELECT baby_tc_kimlik_no FROM babyset_application",
        (DESK,),
        "permission denied for table babyset_application",
    ),
    Attack(
        "full TC: SELECT the baby key (column SELECT on babyset_application.baby_key)",
        "SELECT baby_key FROM babyset_application",
        (DESK,),
        "permission denied for table babyset_application",
    ),
    Attack(
        "full TC: SELECT * of applications (column SELECT on babyset_application.baby_*)",
        "SELECT * FROM babyset_application",
        (DESK,),
        "permission denied for table babyset_application",
    ),
    Attack(
        "full TC: find a baby by key in a WHERE (column SELECT on babyset_application.baby_key)",
        "SELECT id FROM babyset_application WHERE baby_key = '10000000146'",
        (DESK,),
        "permission denied for table babyset_application",
    ),
    Attack(
        "full TC: guess a baby's digits (column SELECT on babyset_application.baby_tc_kimlik_no)",
        "SELECT id FROM babyset_application WHERE baby_tc_kimlik_no LIKE '1%'",
        (DESK,),
        "permission denied for table babyset_application",
    ),
    Attack(
        "full TC: RETURNING the baby key (column SELECT on babyset_application.baby_key)",
        "UPDATE babyset_application SET notice_source = notice_source WHERE false "
        "RETURNING baby_key",
        (DESK,),
        "permission denied for table babyset_application",
    ),
    Attack(
        "DDL: CREATE TABLE",
        "CREATE TABLE evil (i int)",
        EVERYONE,
        "permission denied for schema public",
    ),
    Attack("DDL: DROP TABLE", "DROP TABLE citizen", EVERYONE, "must be owner of table citizen"),
    Attack(
        "DDL: disable the audit trigger",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_actor",
        EVERYONE,
        "must be owner of table audit_log",
    ),
    Attack(
        "DDL: CREATE FUNCTION",
        "CREATE FUNCTION evil() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        EVERYONE,
        "permission denied for schema public",
    ),
    Attack(
        "DDL: CREATE TEMP TABLE",
        "CREATE TEMP TABLE t (i int)",
        EVERYONE,
        "permission denied to create temporary tables",
    ),
    Attack(
        "SET ROLE to the admin group",
        "SET ROLE {admin_group}",
        (DESK, SUPERVISOR),
        "permission denied to set role",
    ),
    Attack("SET ROLE to the owner", "SET ROLE postgres", EVERYONE, "permission denied to set role"),
    Attack(
        "GRANT oneself the admin group",
        "GRANT {admin_group} TO {me}",
        EVERYONE,
        "must have admin option on role",
    ),
    Attack(
        "server log: find the log file",
        "SELECT pg_current_logfile('jsonlog')",
        EVERYONE,
        "permission denied for function pg_current_logfile",
    ),
    Attack(
        "server log: read it (or any server file)",
        "SELECT pg_read_binary_file('postgresql.conf', 0, 100, true)",
        EVERYONE,
        "permission denied for function pg_read_binary_file",
    ),
    Attack(
        "server log: feed the collector a forged line",
        'SELECT desk_take_log_line(\'{{"state_code": "28P01", "user": "ayse"}}\')',
        EVERYONE,
        "permission denied for function desk_take_log_line",
    ),
    Attack(
        "server log: note a refused login directly",
        "SELECT desk_note_refused_login('ayse', now(), 'forged')",
        EVERYONE,
        "permission denied for function desk_note_refused_login",
    ),
    Attack(
        "server log: lock another person's login",
        "SELECT desk_lock_login('ayse')",
        EVERYONE,
        "permission denied for function desk_lock_login",
    ),
    Attack(
        "server log: move the collector's position (skip refusals)",
        "UPDATE auth_log_cursor SET log_offset = log_offset + 1000000",
        EVERYONE,
        "permission denied for table auth_log_cursor",
    ),
    Attack(
        "server log: run the collection",
        "SELECT desk_collect_logins()",
        (DESK, SUPERVISOR),
        "permission denied for function desk_collect_logins",
    ),
    Attack(
        "audit rows: write a server's login.refused row (trigger audit_log_actor)",
        "INSERT INTO audit_log (at, username, action, entity, entity_id) "
        "VALUES (now(), 'server:postgresql', 'login.refused', 'login', 'ayse')",
        EVERYONE,
        "only the server log writes login.refused rows",
    ),
    Attack(
        "audit rows: write a server's login.locked row (trigger audit_log_actor)",
        "INSERT INTO audit_log (at, username, action, entity, entity_id) "
        "VALUES (now(), 'server:postgresql', 'login.locked', 'user', '1')",
        EVERYONE,
        "only the server log writes login.locked rows",
    ),
    Attack(
        "make oneself a superuser",
        "ALTER ROLE {me} SUPERUSER",
        EVERYONE,
        "must be superuser to alter superuser roles",
    ),
]

# What each role may do (checked allowed, so that the table is not refusing everything).
ALLOWED: list[tuple[str, tuple[Role, ...], str]] = [
    ("read requests", EVERYONE, "SELECT count(*) FROM request"),
    ("read citizens' names", EVERYONE, "SELECT first_name, last_name FROM citizen"),
    ("read users without hashes", EVERYONE, "SELECT id, username, role, active FROM app_user"),
    (
        "append to the audit trail",
        EVERYONE,
        "INSERT INTO audit_log (at, username, action, entity) "
        "VALUES (now(), 'x', 'test.allowed', 'test')",
    ),
    ("verify a slip MAC in the server", EVERYONE, "SELECT desk_slip_verify(1, 1, 'AAAAAA')"),
    ("read the masked TC", EVERYONE, "SELECT id, tc_masked, first_name FROM citizen"),
    (
        "find a citizen by an exact TC (revision tc01)",
        EVERYONE,
        "SELECT citizen_id FROM desk_citizens_by_tc(ARRAY['10000000146'])",
    ),
    (
        "correct a citizen's TC without reading it",
        EVERYONE,
        "UPDATE citizen SET tc_kimlik_no = '10000000146' WHERE id = -1 RETURNING id, tc_masked",
    ),
    ("read the full TC", (SUPERVISOR, ADMIN), "SELECT tc_kimlik_no FROM citizen"),
    (
        "read the baby's masked TC",
        EVERYONE,
        "SELECT id, baby_tc_masked, baby_first_name FROM babyset_application",
    ),
    (
        "find applications by a baby's TC or key (revision tc01)",
        EVERYONE,
        "SELECT a.application_id FROM desk_applications_by_baby_tc(ARRAY['10000000146']) a "
        "UNION ALL SELECT k.application_id FROM desk_applications_by_baby_key(ARRAY['x']) k",
    ),
    (
        "find the same baby as an application, by its id (revision tc02)",
        EVERYONE,
        "SELECT application_id FROM desk_applications_same_baby_tc(1) "
        "UNION ALL SELECT application_id FROM desk_applications_same_baby_key(1)",
    ),
    (
        "read the baby's full TC and key",
        (SUPERVISOR, ADMIN),
        "SELECT baby_tc_kimlik_no, baby_key FROM babyset_application",
    ),
    (
        "find a baby by key in a WHERE",
        (SUPERVISOR, ADMIN),
        "SELECT id FROM babyset_application WHERE baby_key = '10000000146'",
    ),
    ("read the audit trail", (SUPERVISOR, ADMIN), "SELECT count(*) FROM audit_log"),
    ("set up teams", (SUPERVISOR, ADMIN), "SELECT count(*) FROM team"),
    ("change a setting", (ADMIN,), "UPDATE setting SET updated_at = now() WHERE false"),
    ("unlock a user", (ADMIN,), "SELECT desk_user_unlock('irem')"),
    ("collect the refused logins from the server log", (ADMIN,), "SELECT desk_collect_logins()"),
    (
        "blank an audit row's personal values (retention, through desk_blank_audit)",
        (ADMIN,),
        "SELECT desk_blank_audit(ARRAY(SELECT id FROM audit_log WHERE action = 'test.none'))",
    ),
]


def _sql(template: str, pg_db: Database, person: Person) -> str:
    dbname = pg_db.url.database or ""
    return template.format(
        admin_group=psycopg.sql.Identifier(f"{dbname}_admin").as_string(None),
        me=psycopg.sql.Identifier(person.name).as_string(None),
    )


@pytest.mark.parametrize(
    ("attack", "role"),
    [(a, r) for a in ATTACKS for r in a.roles],
    ids=[f"{a.name} as {r.value}" for a in ATTACKS for r in a.roles],
)
def test_refused(pg_db: Database, people: dict, connect, attack: Attack, role: Role) -> None:  # type: ignore[no-untyped-def,type-arg]
    person = people[role]
    conn = connect(person)
    before = conn.execute("SELECT count(*) FROM app_user").fetchone()
    with pytest.raises(errors.InsufficientPrivilege) as refused:
        conn.execute(_sql(attack.sql, pg_db, person))
    assert attack.refused_by in str(refused.value), str(refused.value)
    assert conn.execute("SELECT count(*) FROM app_user").fetchone() == before


@pytest.mark.parametrize(
    ("sql", "role"),
    [(sql, r) for _, roles, sql in ALLOWED for r in roles],
    ids=[f"{name} as {r.value}" for name, roles, _ in ALLOWED for r in roles],
)
def test_allowed(pg_db: Database, people: dict, connect, sql: str, role: Role) -> None:  # type: ignore[no-untyped-def,type-arg]
    conn = connect(people[role])
    conn.execute(sql)


def test_every_table_has_a_line_in_the_grant_table(pg_db: Database) -> None:
    from sqlalchemy import text

    from desk_app.pg_roles import TABLE_GRANTS

    with pg_db.engine.connect() as conn:
        tables = set(
            conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
        )
    assert tables - set(TABLE_GRANTS) == set(), (
        "add the new table to desk_app.pg_roles.TABLE_GRANTS"
    )


@pytest.mark.parametrize("role", EVERYONE, ids=[r.value for r in EVERYONE])
def test_an_audit_row_in_another_name_is_written_in_ones_own(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
    role: Role,
) -> None:
    person = people[role]
    other = people[ADMIN if role != ADMIN else DESK]
    conn = connect(person)
    row = conn.execute(
        "INSERT INTO audit_log (at, user_id, username, action, entity) "
        "VALUES ('2000-01-01', %s, %s, 'forged', 'user') RETURNING id",
        (other.actor.user_id, other.name),
    ).fetchone()
    assert row is not None
    with pg_db.engine.connect() as owner:
        from sqlalchemy import text

        stored = owner.execute(
            text(
                "SELECT username, user_id, at > now() - interval '1 hour' "
                "FROM audit_log WHERE id = :i"
            ),
            {"i": row[0]},
        ).one()
    assert tuple(stored) == (person.name, person.actor.user_id, True)


def test_a_login_of_one_database_gets_nothing_in_another(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
    db_factory: Callable[[], str],
) -> None:
    from sqlalchemy.engine import make_url

    other = make_url(db_factory()).database
    for person in people.values():
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            connect(person, other)


def test_a_deactivated_user_can_no_longer_connect(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
) -> None:
    from desk_app.services import admin

    desk = people[DESK]
    connect(desk).close()
    admin_db = _as(pg_db, people[ADMIN])
    try:
        admin.set_active(admin_db, people[ADMIN].actor, "irem", False)
        with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
            connect(desk)
        admin.set_active(admin_db, people[ADMIN].actor, "irem", True)
        connect(desk).close()
    finally:
        admin_db.dispose()


def _as(pg_db: Database, person: Person) -> Database:
    from tests.conftest import person_db

    return person_db(pg_db, person.name, person.password)


@pytest.mark.parametrize(
    ("call", "refused_by"),
    [
        ("SELECT desk_user_add('outsider', 'O', 'desk', NULL)", "exists on this server outside"),
        ("SELECT desk_user_set_password('postgres', 'SCRAM-SHA-256$x')", "no user postgres"),
        ("SELECT desk_user_add('postgres', 'P', 'admin', NULL)", "is privileged"),
        ("SELECT desk_user_add('pg_monitor', 'P', 'admin', NULL)", "is reserved"),
        ("SELECT desk_user_add('{group}', 'G', 'admin', NULL)", "is reserved"),
        ("SELECT desk_user_add('mallory', 'M', 'admin', 'plain-text-password')", "SCRAM"),
    ],
    ids=[
        "another service's login",
        "the superuser's password",
        "a superuser",
        "a pg_ role",
        "a group role",
        "a password in clear",
    ],
)
def test_an_admin_cannot_take_over_roles_outside_this_database(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
    call: str,
    refused_by: str,
) -> None:
    from sqlalchemy import text

    with pg_db.engine.connect() as owner:
        owner.execute(text("DROP ROLE IF EXISTS outsider"))
        owner.execute(text("CREATE ROLE outsider LOGIN"))
        owner.commit()
    try:
        conn = connect(people[ADMIN])
        with pytest.raises(psycopg.Error, match=refused_by):
            conn.execute(call.format(group=f"{pg_db.url.database}_admin"))
    finally:
        with pg_db.engine.connect() as owner:
            owner.execute(text("DROP ROLE IF EXISTS outsider"))
            owner.commit()

"""Logins the PostgreSQL server refuses reach the audit trail and the lockout through the
server's own log (revision alog01), on the real server of scripts/pg_server.sh (jsonlog on).

Wrong passwords are typed over raw psycopg, as a guesser with the database address would; the
collection runs as the people do it (the admin's command, the next person's login)."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desk_app import cli
from desk_app.db import Database
from desk_app.domain.errors import PermissionDenied
from desk_app.domain.states import Role
from desk_app.services import admin
from desk_app.services.admin import auth
from desk_app.services.admin.login_log import SERVER_ACTOR, collect_refused_logins
from tests.conftest import PG_URL, _pg_admin_engine, drop_database_roles, person_db
from tests.security.conftest import AsPerson, Connect, Person, conninfo


@pytest.fixture(autouse=True)
def _server_writes_jsonlog(request: pytest.FixtureRequest) -> None:
    """These tests need the server's jsonlog (scripts/pg_server.sh and CI set it): a server
    without it fails here with the fix, never by a silent skip."""
    if "pg_db" not in request.fixturenames or not PG_URL:
        return
    server = _pg_admin_engine()
    with server.connect() as conn:
        destinations = str(conn.execute(text("SHOW log_destination")).scalar())
        collector = str(conn.execute(text("SHOW logging_collector")).scalar())
    server.dispose()
    if "jsonlog" not in destinations or collector != "on":
        pytest.fail(
            "the test server writes no jsonlog: start it with scripts/pg_server.sh "
            f"(log_destination={destinations!r}, logging_collector={collector!r})"
        )


def _guess(pg_db: Database, name: str, password: str) -> None:
    """One login attempt the server refuses (auth_delay makes it wait)."""
    intruder = Person(name, password, Role.DESK, None)  # type: ignore[arg-type]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(conninfo(pg_db, intruder)).close()


def _refused(conn: psycopg.Connection, name: str) -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT username, action, entity, entity_id, user_id, detail FROM audit_log "
        "WHERE action = 'login.refused' AND entity = 'login' AND entity_id = %s ORDER BY id",
        (name,),
    ).fetchall()


def _collect_until(
    collect: object, conn: psycopg.Connection, name: str, count: int
) -> list[tuple[object, ...]]:
    """The server's logger writes a refused login a moment after refusing it: collect again
    until the rows are there (or give up after 15 s; the test then fails on the count)."""
    deadline = time.monotonic() + 15
    while True:
        collect()  # type: ignore[operator]
        rows = _refused(conn, name)
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def _run_cli(argv: list[str], url: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return cli.main(["--db", url, *argv])


def test_refused_logins_are_audited_lock_the_login_and_user_unlock_lets_it_in(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
    as_person: AsPerson,
    pgpass: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    desk, sup, adm = people[Role.DESK], people[Role.SUPERVISOR], people[Role.ADMIN]
    admin_db = as_person(adm)
    admin.set_value(admin_db, adm.actor, "auth.max_failed_logins", 4)
    for attempt in range(3):
        _guess(pg_db, desk.name, f"yanlis-{attempt}")
    sup_conn = connect(sup)
    rows = _collect_until(
        lambda: collect_refused_logins(admin_db, adm.actor), sup_conn, desk.name, 3
    )
    # Three rows in the desk's name, by the server, read by a supervisor with own login.
    assert len(rows) == 3, rows
    for username, action, entity, entity_id, user_id, detail in rows:
        assert (username, action, entity, entity_id, user_id) == (
            SERVER_ACTOR,
            "login.refused",
            "login",
            desk.name,
            None,
        )
        assert str(detail).startswith("from 127.0.0.1")
    # A second collection does not take the same lines again.
    collect_refused_logins(admin_db, adm.actor)
    assert len(_refused(sup_conn, desk.name)) == 3
    with pg_db.engine.connect() as owner:
        failed = owner.execute(
            text("SELECT failed_logins FROM app_user WHERE username = :n"), {"n": desk.name}
        ).scalar()
    assert failed == 3

    # The fourth refusal reaches the limit: the login is locked on the server.
    _guess(pg_db, desk.name, "yanlis-3")
    _collect_until(lambda: collect_refused_logins(admin_db, adm.actor), sup_conn, desk.name, 4)
    locked = sup_conn.execute(
        "SELECT username, detail FROM audit_log WHERE action = 'login.locked'"
    ).fetchall()
    assert len(locked) == 1 and locked[0][0] == SERVER_ACTOR, locked
    assert f"4 refused logins of {desk.name}" in str(locked[0][1])
    # The right password is refused now, with the same answer as a wrong one.
    _guess(pg_db, desk.name, desk.password)
    with pytest.raises(auth.LoginFailed, match="Kullanıcı adı veya parola hatalı"):
        auth.open_session(pg_db, desk.name, desk.password)

    # `user unlock` by the admin (the command line, the admin's own login) lets it in again.
    url = pg_db.url.set(username=adm.name, password=None).render_as_string(hide_password=False)
    assert _run_cli(["user", "unlock", desk.name], url, monkeypatch) == 0, capsys.readouterr()
    conn = psycopg.connect(conninfo(pg_db, desk))
    conn.close()
    auth._clear_failures(desk.name)  # this desk's own wait after failures (in memory)
    person, actor = auth.open_session(pg_db, desk.name, desk.password)
    person.dispose()
    assert actor.username == desk.name


def test_the_next_login_collects_and_an_unknown_name_is_audited_the_same(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
) -> None:
    sup = people[Role.SUPERVISOR]
    for name in ("irem", "nobody-here"):
        _guess(pg_db, name, "yanlis-parola")
    sup_conn = connect(sup)

    def next_login() -> None:  # any person's login collects first (desk_note_login)
        person, _ = auth.open_session(pg_db, sup.name, sup.password)
        person.dispose()

    known = _collect_until(next_login, sup_conn, "irem", 1)
    unknown = _collect_until(next_login, sup_conn, "nobody-here", 1)
    assert [r[:5] for r in known] == [(SERVER_ACTOR, "login.refused", "login", "irem", None)]
    assert [r[:5] for r in unknown] == [
        (SERVER_ACTOR, "login.refused", "login", "nobody-here", None)
    ]


def test_a_name_built_to_forge_a_log_record_is_audited_as_typed(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
) -> None:
    """The server escapes what a client sends: a user name made of JSON and line breaks is one
    refused login of that odd name, never a refusal of someone else."""
    sup = people[Role.SUPERVISOR]
    dbname = pg_db.url.database
    forged = 'x"}\n{"state_code":"28P01","dbname":"' + f'{dbname}","user":"ayse"'
    _guess(pg_db, forged, "yanlis")

    def collect() -> None:
        person, _ = auth.open_session(pg_db, sup.name, sup.password)
        person.dispose()

    sup_conn = connect(sup)
    as_the_server_read_it = forged.encode()[:63].decode()  # a role name has 63 bytes at most
    rows = _collect_until(collect, sup_conn, as_the_server_read_it, 1)
    assert len(rows) == 1
    assert _refused(sup_conn, "ayse") == []


def test_refusals_on_another_database_are_not_taken(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
) -> None:
    adm, sup = people[Role.ADMIN], people[Role.SUPERVISOR]
    other = Person("irem", "yanlis", Role.DESK, None)  # type: ignore[arg-type]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(conninfo(pg_db, other, dbname="postgres")).close()
    _guess(pg_db, "marker-of-this-db", "yanlis")  # written after the other one
    admin_db = person_db(pg_db, adm.name, adm.password)
    try:
        sup_conn = connect(sup)
        _collect_until(
            lambda: collect_refused_logins(admin_db, adm.actor),
            sup_conn,
            "marker-of-this-db",
            1,
        )
        assert _refused(sup_conn, "irem") == []
    finally:
        admin_db.dispose()


def test_an_expired_lock_is_lifted_by_the_next_collection(
    pg_db: Database,
    people: dict[Role, Person],
) -> None:
    desk, adm = people[Role.DESK], people[Role.ADMIN]
    with pg_db.engine.begin() as owner:  # the owner stands in for four refusals long ago
        owner.execute(text("SELECT desk_lock_login(:n)"), {"n": desk.name})
        owner.execute(
            text(
                "UPDATE app_user SET locked_until = now() - interval '1 minute' WHERE username = :n"
            ),
            {"n": desk.name},
        )
    _guess(pg_db, desk.name, desk.password)  # locked: even the right password is refused
    admin_db = person_db(pg_db, adm.name, adm.password)
    try:
        collect_refused_logins(admin_db, adm.actor)
    finally:
        admin_db.dispose()
    psycopg.connect(conninfo(pg_db, desk)).close()


def test_a_desk_cannot_collect_forge_or_read_the_server_log(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
    as_person: AsPerson,
) -> None:
    """Besides the attack table's plain SQL: through the service, and the forged row a desk
    may write is refused, so no row ``server:postgresql`` comes from a client."""
    desk = people[Role.DESK]
    desk_db = as_person(desk)
    with pytest.raises(PermissionDenied):
        collect_refused_logins(desk_db, desk.actor)
    conn = connect(desk)
    with pytest.raises(errors.InsufficientPrivilege, match="only the server log"):
        conn.execute(
            "INSERT INTO audit_log (at, username, action, entity, entity_id) "
            "VALUES (now(), %s, 'login.refused', 'login', 'ayse')",
            (SERVER_ACTOR,),
        )
    # The same action on another entity is the desk's own row in the desk's own name.
    row = conn.execute(
        "INSERT INTO audit_log (at, username, action, entity, entity_id) "
        "VALUES (now(), %s, 'login.refused', 'user', 'ayse') RETURNING id",
        (SERVER_ACTOR,),
    ).fetchone()
    assert row is not None
    with pg_db.engine.connect() as owner:
        actor = owner.execute(
            text("SELECT username FROM audit_log WHERE id = :i"), {"i": row[0]}
        ).scalar()
        failed = owner.execute(
            text("SELECT failed_logins FROM app_user WHERE username = 'ayse'")
        ).scalar()
    assert (actor, failed) == (desk.name, 0)
    with pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT pg_read_binary_file(%s, 0, 10, true)", ("log",))


@pytest.fixture
def it_owner(pg_db: Database) -> Iterator[Database]:
    """A database set up as the README tells IT: its owner is a CREATEROLE login, not a
    superuser, and migrates it with ``db upgrade``."""
    assert PG_URL
    dbname = f"{pg_db.url.database}_it"
    owner = f"{dbname}_owner"
    server = _pg_admin_engine()
    with server.connect() as conn:
        conn.execute(text(f"CREATE ROLE \"{owner}\" LOGIN CREATEROLE PASSWORD 'sahip-parola'"))
        conn.execute(text(f'CREATE DATABASE "{dbname}" OWNER "{owner}"'))
    url = make_url(PG_URL).set(database=dbname, username=owner, password="sahip-parola")
    db = Database(url)
    try:
        db.upgrade()
        yield db
    finally:
        db.dispose()
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
            drop_database_roles(conn, dbname)
            conn.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        server.dispose()


def test_a_non_superuser_owner_collects_with_the_two_grants_it_documents(
    it_owner: Database,
) -> None:
    from desk_app.services.admin.login_log import LoginLogUnavailable

    db = it_owner
    owner = auth.session_actor(db)
    auth.add_login(db, owner, "kemal", "Kemal Er", Role.DESK, "kemal-parola-1")
    # Without IT's grants: a clear message for the command, and logins go on.
    with pytest.raises(LoginLogUnavailable, match="GRANT EXECUTE ON FUNCTION"):
        collect_refused_logins(db, owner)
    person, _ = auth.open_session(db, "kemal", "kemal-parola-1")
    person.dispose()
    # The README's two grants, made by a superuser in this database.
    assert PG_URL
    superuser = create_engine(
        make_url(PG_URL).set(database=db.url.database), isolation_level="AUTOCOMMIT"
    )
    with superuser.connect() as conn:
        for signature in (
            "pg_current_logfile(text)",
            "pg_read_binary_file(text, bigint, bigint, boolean)",
        ):
            conn.execute(text(f'GRANT EXECUTE ON FUNCTION {signature} TO "{db.url.username}"'))
    superuser.dispose()
    kemal = Person("kemal", "yanlis", Role.DESK, None)  # type: ignore[arg-type]
    for _ in range(5):  # auth.max_failed_logins is 5
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(conninfo(db, kemal)).close()
    with db.engine.connect() as conn:
        deadline = time.monotonic() + 15
        while True:
            collect_refused_logins(db, owner)
            locked = conn.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'login.locked'")
            ).scalar()
            if locked or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        refused = conn.execute(
            text(
                "SELECT count(*) FROM audit_log WHERE action = 'login.refused' AND entity = 'login'"
            )
        ).scalar()
    assert (refused, locked) == (5, 1)
    right = Person("kemal", "kemal-parola-1", Role.DESK, None)  # type: ignore[arg-type]
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(conninfo(db, right)).close()
    auth.unlock(db, owner, "kemal")  # the owner's own ALTER ROLE (CREATEROLE, no superuser)
    psycopg.connect(conninfo(db, right)).close()


def test_the_admin_command_collects_for_a_scheduled_task(
    pg_db: Database,
    people: dict[Role, Person],
    pgpass: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    _guess(pg_db, "irem", "yanlis")
    url = pg_db.url.set(username="ayse", password=None).render_as_string(hide_password=False)
    found = 0
    deadline = time.monotonic() + 15
    while found == 0 and time.monotonic() < deadline:
        assert _run_cli(["audit", "collect-logins", "--json"], url, monkeypatch) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["ok"] is True
        found = out["refused_logins"]
        time.sleep(0.2)
    assert found == 1


def test_on_sqlite_the_command_says_there_is_no_server(
    db: Database, admin: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if db.is_postgres:
        pytest.skip("the single-PC mode")
    url = db.url.render_as_string(hide_password=False)
    assert _run_cli(["audit", "collect-logins"], url, monkeypatch) == 2
    assert "SQLite" in capsys.readouterr().err


def test_a_refusal_in_a_rotated_file_is_not_lost(
    pg_db: Database,
    people: dict[Role, Person],
    connect: Connect,
) -> None:
    """The collection finishes the file the server rotated away before the new one."""
    adm, sup = people[Role.ADMIN], people[Role.SUPERVISOR]
    admin_db = person_db(pg_db, adm.name, adm.password)
    server = _pg_admin_engine()
    try:
        collect_refused_logins(admin_db, adm.actor)  # the position is now in the current file
        with server.connect() as conn:
            before = conn.execute(text("SELECT pg_current_logfile('jsonlog')")).scalar()
        _guess(pg_db, "before-rotation", "yanlis")
        time.sleep(0.5)  # the logger writes it to the old file before the rotation
        with server.connect() as conn:
            conn.execute(text("SELECT pg_rotate_logfile()"))
            deadline = time.monotonic() + 15
            while conn.execute(text("SELECT pg_current_logfile('jsonlog')")).scalar() == before:
                assert time.monotonic() < deadline, "the server did not rotate its log"
                time.sleep(1.1)  # file names carry the second: a new second, a new name
                conn.execute(text("SELECT pg_rotate_logfile()"))
        _guess(pg_db, "after-rotation", "yanlis")
        sup_conn = connect(sup)

        def collect() -> None:
            collect_refused_logins(admin_db, adm.actor)

        assert len(_collect_until(collect, sup_conn, "after-rotation", 1)) == 1
        assert len(_refused(sup_conn, "before-rotation")) == 1
    finally:
        admin_db.dispose()
        server.dispose()

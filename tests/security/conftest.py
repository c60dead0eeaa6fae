"""The people of one PostgreSQL test database, each with an own login role (made by the owner as
IT does with ``desk-app user add``), and raw psycopg connections with their credentials."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from desk_app.db import Database
from desk_app.domain.states import Role
from desk_app.services.context import Actor
from tests.conftest import person_db, pg_person


@dataclass(frozen=True)
class Person:
    name: str
    password: str
    role: Role
    actor: Actor


PEOPLE = {
    Role.DESK: ("irem", "masa-parolasi"),
    Role.SUPERVISOR: ("sefik", "supervizor-parola"),
    Role.ADMIN: ("ayse", "yonetici-parola"),
}


@pytest.fixture
def pg_db(db: Database) -> Database:
    if not db.is_postgres:
        pytest.skip("the database enforces the roles on PostgreSQL (DESK_APP_TEST_PG)")
    return db


@pytest.fixture
def people(pg_db: Database) -> dict[Role, Person]:
    out = {}
    for role, (name, password) in PEOPLE.items():
        actor = pg_person(pg_db, name, name.title(), role, password)
        out[role] = Person(name, password, role, actor)
    return out


def conninfo(db: Database, person: Person, dbname: str | None = None) -> str:
    url = make_url(db.url.render_as_string(hide_password=False))
    return psycopg.conninfo.make_conninfo(
        host=url.host or "127.0.0.1",
        port=str(url.port or 5432),
        dbname=dbname or url.database or "",
        user=person.name,
        password=person.password,
        connect_timeout="5",
    )


# What the ``connect`` fixture gives: ``connect(person)`` or ``connect(person, dbname)``.
Connect = Callable[..., psycopg.Connection]


@pytest.fixture
def connect(pg_db: Database) -> Iterator[Connect]:
    """``connect(person)``: a raw autocommit psycopg connection as that person's login."""
    opened: list[psycopg.Connection] = []

    def make(person: Person, dbname: str | None = None) -> psycopg.Connection:
        conn = psycopg.connect(conninfo(pg_db, person, dbname), autocommit=True)
        opened.append(conn)
        return conn

    yield make
    for conn in opened:
        conn.close()


# What the ``as_person`` fixture gives: ``as_person(person)``, the app's database as that person.
AsPerson = Callable[[Person], Database]


@pytest.fixture
def as_person(pg_db: Database) -> Iterator[AsPerson]:
    """``as_person(person)``: the database as the app opens it after that person logs in
    (``auth.open_session``); closed at the test's end."""
    opened: list[Database] = []

    def make(person: Person) -> Database:
        db = person_db(pg_db, person.name, person.password)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.dispose()


@pytest.fixture
def pgpass(
    pg_db: Database, people: dict[Role, Person], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Passwords in libpq's password file, never on the command line."""
    url = pg_db.url
    lines = [f"{url.host}:{url.port}:{url.database}:{p.name}:{p.password}" for p in people.values()]
    path = tmp_path / "pgpass"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("DESK_APP_DB", raising=False)

"""Shared fixtures: a fresh migrated database per test (a temporary SQLite file, or a
PostgreSQL database cloned from a migrated template when DESK_APP_TEST_PG holds a URL)."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desk_app.db import Database
from desk_app.domain.states import Role
from desk_app.services.admin import auth
from desk_app.services.context import Actor
from tests.people import PASSWORDS, dispose_people, key_of

# GUI tests run offscreen on a screen the size of a front-desk monitor (Qt's default offscreen
# screen is 800x600, smaller than the main window may be).
_SCREEN = Path(__file__).resolve().parent / "data" / "offscreen_desk_screen.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

PG_URL = os.environ.get("DESK_APP_TEST_PG")
_counter = itertools.count()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = getattr(item, "fixturenames", ())
        if {"db", "db_url", "db_factory"} & set(names):
            item.add_marker(pytest.mark.db)
        if {"qtbot", "qapp"} & set(names):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def fast_password_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: every test hashes its users afresh. Tests marked
    ``real_argon2`` keep the production parameters."""
    if request.node.get_closest_marker("real_argon2") is None:
        monkeypatch.setattr(
            auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    assert PG_URL
    return create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database to copy: an SQLite file, or a PostgreSQL template database."""
    if PG_URL:
        name = f"desk_tpl_{os.getpid()}"
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(PG_URL).set(database=name)
        db = Database(url)
        db.upgrade()
        db.dispose()
        yield name
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            drop_database_roles(conn, name)
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        db = Database(f"sqlite:///{path}")
        db.upgrade()
        db.dispose()  # the last connection closing checkpoints the WAL into the file
        yield str(path)


@pytest.fixture
def db_factory(_template: str, tmp_path: Path) -> Iterator[object]:
    """Makes fresh migrated databases; returns their URLs (several per test if needed)."""
    created: list[str] = []

    def make() -> str:
        n = next(_counter)
        if PG_URL:
            name = f"desk_t_{os.getpid()}_{n}"
            with _pg_admin_engine().connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
            created.append(name)
            url = make_url(PG_URL).set(database=name)
            # A copy keeps the template's grants: give it its own group roles (db upgrade does).
            copy = Database(url)
            copy.upgrade()
            copy.dispose()
            return url.render_as_string(hide_password=False)
        path = tmp_path / f"desk_{n}.sqlite3"
        shutil.copyfile(_template, path)
        return f"sqlite:///{path}"

    yield make
    if PG_URL and created:
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            for name in created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                drop_database_roles(conn, name)
        admin.dispose()


def drop_database_roles(conn, dbname: str) -> None:  # type: ignore[no-untyped-def]
    """Roles are server-wide: drop the group roles of a dropped test database and the login
    roles that belonged to them only."""
    groups = [f"{dbname}_{g}" for g in ("desk", "supervisor", "admin")]
    people = conn.execute(
        text(
            "SELECT DISTINCT m.rolname FROM pg_auth_members am "
            "JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member "
            "WHERE g.rolname = ANY(:groups) AND m.rolcanlogin AND NOT m.rolsuper "
            "AND NOT EXISTS (SELECT 1 FROM pg_auth_members o JOIN pg_roles og "
            "ON og.oid = o.roleid WHERE o.member = m.oid AND og.rolname <> ALL(:groups))"
        ),
        {"groups": groups},
    ).scalars()
    for role in [*people, *reversed(groups)]:
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


@pytest.fixture
def db_url(db_factory) -> str:  # type: ignore[no-untyped-def]
    return str(db_factory())


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """The owner's database: fixtures and checks of what was written use it; the work of a
    person in a test runs through ``as_person(db, actor)``."""
    database = Database(db_url)
    yield database
    dispose_people(database)
    database.dispose()


@pytest.fixture
def admin(db: Database) -> Actor:
    if db.is_postgres:
        return pg_person(db, "admin", "Ayşe Yılmaz", Role.ADMIN, "yonetici-parola")
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    return auth.login(db, "admin", "yonetici-parola")


@pytest.fixture
def supervisor(db: Database, admin: Actor) -> Actor:
    if db.is_postgres:
        return pg_person(db, "sefik", "Şefik Işık", Role.SUPERVISOR, "supervizor-parola")
    auth.add_user(db, admin, "sefik", "Şefik Işık", Role.SUPERVISOR, "supervizor-parola")
    return auth.login(db, "sefik", "supervizor-parola")


@pytest.fixture
def clerk(db: Database, admin: Actor) -> Actor:
    if db.is_postgres:
        return pg_person(db, "irem", "İrem Çelik", Role.DESK, "masa-parolasi")
    auth.add_user(db, admin, "irem", "İrem Çelik", Role.DESK, "masa-parolasi")
    return auth.login(db, "irem", "masa-parolasi")


def pg_person(db: Database, name: str, full_name: str, role: Role, password: str) -> Actor:
    """A person's own PostgreSQL login, made by the owner (as IT does with ``user add``); the
    actor comes from logging in with it. ``person_db`` opens that login's connection."""
    auth.add_login(db, auth.session_actor(db), name, full_name, role, password)
    person, actor = auth.open_session(db, name, password)
    person.dispose()
    PASSWORDS[(key_of(db), name)] = password
    return actor


def person_db(db: Database, name: str, password: str) -> Database:
    """The database as one person's login role (the caller disposes of it)."""
    person, _ = auth.open_session(db, name, password)
    return person

"""The people of a test database on PostgreSQL: each person's own login role, as in the app.

Kept apart from conftest.py: pytest imports a conftest under its own module name, so a registry
there would be a second copy for the test modules that import it."""

from __future__ import annotations

from desk_app.db import Database
from desk_app.services.context import Actor

# The passwords of the people tests.conftest.pg_person made, and their open databases, by the
# owner's database URL and the login name.
PASSWORDS: dict[tuple[str, str], str] = {}
_PEOPLE: dict[tuple[str, str], Database] = {}


def key_of(db: Database) -> str:
    """The server and database, whoever is logged in (a person's database maps to the same)."""
    url = db.url
    return f"{url.get_backend_name()}://{url.host}:{url.port}/{url.database}"


def as_person(db: Database, actor: Actor) -> Database:
    """The database as ``actor`` uses it. On PostgreSQL: that person's own login role, so the
    server grants or refuses each statement by the person's group, and writes the audit actor
    from ``session_user``, as in the app. On SQLite (single-user mode, no roles in the file): the
    file itself. An actor with no login of its own on PostgreSQL is a mistake in the test."""
    if not db.is_postgres:
        return db
    key = (key_of(db), actor.username)
    if key not in _PEOPLE:
        if key not in PASSWORDS:
            raise LookupError(f"{actor.username!r} has no PostgreSQL login in this test")
        _PEOPLE[key] = db.as_login(actor.username, PASSWORDS[key])
    return _PEOPLE[key]


def dispose_people(db: Database) -> None:
    """Close the logins opened on ``db`` (the test's end)."""
    key = key_of(db)
    for url, name in [k for k in _PEOPLE if k[0] == key]:
        _PEOPLE.pop((url, name)).dispose()
    for k in [k for k in PASSWORDS if k[0] == key]:
        del PASSWORDS[k]


def person_url(db: Database, actor: Actor) -> tuple[str, str | None]:
    """The URL and the password a person's command line uses: on PostgreSQL the person's own
    login (the password goes to libpq through PGPASSWORD, never into the URL); on SQLite the
    file's URL and no password."""
    if not db.is_postgres:
        return db.url.render_as_string(hide_password=False), None
    password = PASSWORDS[(key_of(db), actor.username)]
    url = db.url.set(username=actor.username, password=None)
    return url.render_as_string(hide_password=False), password


def login_url(db: Database, actor: Actor) -> str:
    """The person's own login as one URL, password included, for a test's child processes
    (the app itself never puts a password into a URL); SQLite: the file's URL."""
    url, password = person_url(db, actor)
    if password is None:
        return url
    return db.url.set(username=actor.username, password=password).render_as_string(
        hide_password=False
    )

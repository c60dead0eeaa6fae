"""Database set-up: URL resolution, SQLite pragmas, migrations up from empty and older
schemas, refusal of newer ones, the schema matching the models, the indexes the desk needs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text, update

from desk_app.db import (
    Database,
    DatabaseSetupError,
    SchemaTooNewError,
    large_cache,
    migration_revisions,
    normalize_url,
)
from desk_app.migrations.env_filters import include_object
from desk_app.models import Base
from desk_app.services.context import Actor
from desk_app.settings import load_settings, save_database_url

PG_URL = os.environ.get("DESK_APP_TEST_PG")


def test_url_comes_from_flag_then_env_then_config_then_default(tmp_path: Path) -> None:
    cfg = tmp_path / "config.ini"
    save_database_url(cfg, "postgresql://desk@server/desk_app")
    env = {"DESK_APP_DB": "sqlite:///from-env.sqlite3"}
    assert load_settings("sqlite:///flag.sqlite3", env, cfg).db_url == "sqlite:///flag.sqlite3"
    s = load_settings(None, env, cfg)
    assert (s.db_url, s.db_url_source) == ("sqlite:///from-env.sqlite3", "DESK_APP_DB")
    s = load_settings(None, {}, cfg)
    assert (s.db_url, s.db_url_source) == ("postgresql://desk@server/desk_app", "config")
    s = load_settings(None, {}, tmp_path / "missing.ini")
    assert s.db_url_source == "default"
    assert s.db_url.startswith("sqlite:///") and s.db_url.endswith("desk_app.sqlite3")


def test_config_file_path_from_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "other.ini"
    save_database_url(cfg, "sqlite:///x.sqlite3")
    assert load_settings(None, {"DESK_APP_CONFIG": str(cfg)}).db_url == "sqlite:///x.sqlite3"


@pytest.mark.parametrize(
    ("raw", "driver"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg"),
        ("postgres://u@h/d", "postgresql+psycopg"),
        ("sqlite:///a.sqlite3", "sqlite"),
        ("/tmp/plain/path.sqlite3", "sqlite"),
    ],
)
def test_url_forms_an_admin_types(raw: str, driver: str) -> None:
    assert normalize_url(raw).drivername == driver


@pytest.mark.parametrize("raw", ["", "mysql://u@h/d", "oracle://x"])
def test_unusable_urls_are_refused_in_turkish(raw: str) -> None:
    with pytest.raises(DatabaseSetupError) as err:
        normalize_url(raw)
    assert "Veritabanı" in str(err.value) or "veritabanı" in str(err.value)


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()


def test_a_large_cache_lasts_until_the_connection_goes_back(tmp_path: Path) -> None:
    """The web import's chunks read a ten-year file through 64 MiB of page cache; the pooled
    connection then goes back to SQLite's 2 MiB, so a desk's other work keeps its memory."""
    db = Database(f"sqlite:///{tmp_path / 'p.sqlite3'}")

    def cache_size(session: Any) -> int:
        return int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar())

    with db.session() as session:
        assert cache_size(session) == -2000
        large_cache(session)
        assert cache_size(session) == -65536
        raw = session.connection().connection.dbapi_connection
    with db.session() as session:  # the same pooled connection, given back and taken again
        assert session.connection().connection.dbapi_connection is raw
        assert cache_size(session) == -2000
    db.dispose()


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(Exception, match=r"(?i)foreign key"), db.session() as s:
        s.execute(
            text(
                "INSERT INTO category (name, directorate_id, due_days, active) "
                "VALUES ('x', 999999, 1, true)"
            )
        )
        s.commit()


def test_empty_database_is_brought_to_head(db_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}" if not PG_URL else db_factory()
    db = Database(url)
    if PG_URL:  # the factory's database is already migrated: start from nothing
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    assert db.schema_state().current is None
    state = db.upgrade()
    assert state.up_to_date and state.current == state.head
    assert db.upgrade().up_to_date  # a second run is harmless
    db.dispose()


def test_older_database_is_migrated_and_keeps_its_data(db: Database) -> None:
    db.upgrade("0002")  # already at head; go down to the first revision to simulate an old one
    from alembic import command

    cfg = db._alembic_config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        conn.commit()
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO directorate (name, short, due_days, active) "
                "VALUES ('Eski Müdürlük', 'ESKI', 10, true)"
            )
        )
    assert db.schema_state().current == "0001"
    assert db.upgrade().up_to_date
    with db.engine.connect() as conn:
        names = set(conn.execute(text("SELECT short FROM directorate")).scalars())
        mahalleler = conn.execute(text("SELECT COUNT(*) FROM mahalle")).scalar()
    # The seed revision adds to empty tables only: the admin's own row survives, and the
    # mahalle list (empty before) is seeded.
    assert names == {"ESKI"}
    assert mahalleler == 16


def test_database_newer_than_the_app_is_refused(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNewError) as err:
        db.upgrade()
    assert "daha yeni" in str(err.value)
    with db.engine.connect() as conn:  # nothing was touched
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_future"
        )


def test_revisions_read_from_the_files_match_alembic(db: Database, tmp_path: Path) -> None:
    """The start-up's schema check reads the versions folder's text instead of importing
    Alembic: the same revisions and the same head as Alembic's own reading."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(db._alembic_config())
    known, head = migration_revisions()
    assert known == {rev.revision for rev in script.walk_revisions()}
    assert head == script.get_current_head() == db.schema_state().head
    # Two heads (a merge still to write): no head, and the check falls back to Alembic.
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n', encoding="utf-8")
    (versions / "b.py").write_text("revision = 'b'\ndown_revision = 'a'\n", encoding="utf-8")
    (versions / "c.py").write_text('revision = "c"\ndown_revision = ("a",)\n', encoding="utf-8")
    assert migration_revisions(tmp_path) == (frozenset({"a", "b", "c"}), None)
    (versions / "d.py").write_text('revision = "d"\ndown_revision = ("b", "c")\n', "utf-8")
    assert migration_revisions(tmp_path) == (frozenset({"a", "b", "c", "d"}), "d")


def test_schema_check_of_an_up_to_date_database_does_not_load_alembic(tmp_path: Path) -> None:
    """Start-up on a migrated database: the check is plain SQL (Alembic costs a third of a
    second to import), in a fresh interpreter so nothing imported it before."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'up.sqlite3'}"
    Database(url).upgrade()
    probe = (
        "import sys\n"
        "from desk_app.db import open_database\n"
        f"db = open_database({url!r})\n"
        "assert db.schema_state().up_to_date\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_migrations_produce_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("citizen", ["tc_kimlik_no"]),
        ("citizen", ["phone_e164"]),
        ("citizen", ["phone_reversed"]),
        ("citizen", ["name_folded"]),
        ("citizen", ["last_name_folded"]),
        ("request", ["reference"]),
        ("request", ["status", "due_date"]),
        ("request", ["created_at", "id"]),  # the list order, newest first
        ("request", ["citizen_id"]),
        ("babyset_application", ["reference"]),
        ("babyset_application", ["web_reference"]),
        ("babyset_application", ["status", "applied_at"]),
        ("babyset_application", ["mahalle_id", "status", "applied_at", "id"]),  # one mahalle's list
        ("babyset_application", ["baby_tc_kimlik_no"]),
        ("babyset_application", ["baby_birth_date"]),
        ("delivery", ["scheduled_date", "status"]),
        ("audit_log", ["at"]),
        ("audit_log", ["entity", "entity_id"]),
        ("address", ["citizen_id", "valid_to"]),
    ],
)
def test_every_desk_lookup_has_an_index(db: Database, table: str, columns: list[str]) -> None:
    insp = inspect(db.engine)
    indexed: list[object] = [ix["column_names"] for ix in insp.get_indexes(table)]
    indexed += [uq["column_names"] for uq in insp.get_unique_constraints(table)]
    assert columns in indexed, f"{table}{columns} has no index: {indexed}"


def test_status_columns_read_back_as_their_enums_and_store_the_plain_strings(
    db: Database, clerk: Actor
) -> None:
    """The status columns are mapped to the domain enums (models.base.EnumText): a row reads
    back as the enum's member, the database keeps the same plain string as before, and a value
    outside the enum is refused before it reaches the database."""
    from sqlalchemy import select
    from sqlalchemy.exc import StatementError

    from desk_app.domain.states import Role
    from desk_app.models import User
    from desk_app.services.uow import read_only, unit_of_work

    with read_only(db) as s:
        role = s.scalar(select(User.role).where(User.id == clerk.user_id))
        stored = s.scalar(text("SELECT role FROM app_user WHERE id = :id"), {"id": clerk.user_id})
    assert role is Role.DESK and type(stored) is str and stored == "desk"
    with pytest.raises(StatementError) as refused, unit_of_work(db) as s:
        s.execute(update(User).where(User.id == clerk.user_id).values(role="root"))
    assert isinstance(refused.value.orig, ValueError)
    with read_only(db) as s:
        after = s.scalar(text("SELECT role FROM app_user WHERE id = :id"), {"id": clerk.user_id})
    assert after == "desk"  # nothing was written

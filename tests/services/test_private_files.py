"""Private files (issue 15.6): the embedded database, its WAL and shared memory, backups and
the copies a restore keeps, reports, error reports, slips, the citizen export and the config
file are 0600; the folders the app makes for them are 0700, and the app's own data folder is
tightened to 0700. (Windows: the user's profile folders carry a user-only ACL; see README.)"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desk_app import settings as app_settings
from desk_app.db import Database
from desk_app.importing.rows import RowError
from desk_app.services.admin import auth
from desk_app.services.admin.backups import backup, restore
from desk_app.services.applications.importer import ImportReport, write_error_report
from desk_app.services.citizens.export import export_citizen
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from desk_app.services.reporting.report import export_report
from desk_app.services.reporting.summary import make_period, summarize
from tests.people import as_person

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")

TC = "10000000146"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def wide_umask() -> Iterator[None]:
    """A desk whose umask lets everyone read new files (022, the usual default)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _admin(db: Database) -> Actor:
    db.upgrade()
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    return auth.login(db, "admin", "yonetici-parola")


def test_embedded_database_and_its_wal_are_private(tmp_path: Path, wide_umask: None) -> None:
    folder = tmp_path / "yeni" / "veri"
    path = folder / "desk.sqlite3"
    db = Database(f"sqlite:///{path}")
    try:
        admin = _admin(db)
        create_citizen(
            as_person(db, admin),
            admin,
            CitizenInput(first_name="Şule", last_name="Işık", tc_kimlik_no=TC),
        )
        with db.engine.connect() as conn:  # keep a connection: the WAL and -shm stay
            conn.exec_driver_sql("SELECT 1")
            for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                assert companion.exists(), companion
                assert mode(companion) == 0o600, companion
        assert mode(folder) == 0o700 and mode(folder.parent) == 0o700
    finally:
        db.dispose()


def test_an_existing_file_and_the_own_data_folder_are_tightened(
    tmp_path: Path, wide_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "desk_app_data"
    own.mkdir(mode=0o755)
    os.chmod(own, 0o755)
    path = own / "desk_app.sqlite3"
    path.write_bytes(b"")
    os.chmod(path, 0o644)
    monkeypatch.setattr(app_settings, "default_data_dir", lambda: own)
    Database(app_settings.default_sqlite_url()).dispose()
    assert mode(path) == 0o600 and mode(own) == 0o700
    # A folder the admin chose for something else is left as it is; the file is still private.
    shared = tmp_path / "ortak"
    shared.mkdir()
    os.chmod(shared, 0o755)
    Database(f"sqlite:///{shared / 'masa.sqlite3'}").dispose()
    assert mode(shared) == 0o755 and mode(shared / "masa.sqlite3") == 0o600


def test_every_file_with_personal_data_is_private(
    tmp_path: Path, wide_umask: None, db: Database, admin: Actor, supervisor: Actor
) -> None:
    if db.is_sqlite:
        copy = backup(as_person(db, admin), admin, tmp_path / "yedek.sqlite3").path
        assert mode(copy) == 0o600
        restore(as_person(db, admin), admin, copy)
        live = Path(db.url.database or "")
        (kept,) = live.parent.glob(f"{live.name}.before-restore-*")
        assert mode(kept) == 0o600 and mode(live) == 0o600
    create_citizen(
        as_person(db, admin),
        admin,
        CitizenInput(first_name="Şule", last_name="Işık", tc_kimlik_no=TC),
    )
    export = tmp_path / "kisi.json"
    export_citizen(as_person(db, supervisor), supervisor, TC, export)
    assert mode(export) == 0o600
    summary = summarize(as_person(db, supervisor), supervisor, make_period("year", year=2025))
    # (pdf: written through the same write_file; an empty year's PDF is a separate bug.)
    for fmt in ("csv", "xlsx", "text"):
        out = tmp_path / f"rapor.{fmt}"
        export_report(as_person(db, supervisor), supervisor, summary, fmt, out)  # type: ignore[arg-type]
        assert mode(out) == 0o600, fmt
    report = ImportReport("f.csv", 1, 0, 0, 1, 0, (RowError(2, "Veli Adı", "Ayşe Öztürk: boş"),))
    for suffix in (".csv", ".xlsx"):
        assert mode(write_error_report(report, tmp_path / f"hatalar{suffix}")) == 0o600


def test_config_file_is_private(tmp_path: Path, wide_umask: None) -> None:
    path = tmp_path / "ayarlar" / "config.ini"
    app_settings.save_database_url(path, "postgresql://desk_app:Parola42@db/desk_app")
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
    os.chmod(path, 0o644)
    app_settings.save_language(path, "en")
    assert mode(path) == 0o600

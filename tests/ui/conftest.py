"""GUI test fixtures: the app context on the per-test database, QSettings in a temporary folder."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from desk_app.db import Database
from desk_app.services.context import Actor
from desk_app.settings import Settings
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.gc_guard import GuiThreadGarbageCollector


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[GuiThreadGarbageCollector]:
    """As in the app: garbage is collected on the GUI thread only."""
    guard = GuiThreadGarbageCollector(qapp)
    yield guard
    guard.timer.stop()
    gc.enable()


@pytest.fixture(autouse=True)
def settle_background_work(gui_thread_gc: GuiThreadGarbageCollector) -> Iterator[None]:
    """After each test: background look-ups end and the test's widgets are collected here,
    on the GUI thread, not in some later test's worker."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.processEvents()
    gui_thread_gc.collect_now()


@pytest.fixture(autouse=True)
def ui_settings_dir(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """Window state goes to a temporary INI file, never to the real user's settings."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    old_org, old_app = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    old_format = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope, str(folder))
    QCoreApplication.setOrganizationName("DeskAppTests")
    QCoreApplication.setApplicationName("desk_app_tests")
    yield folder
    QCoreApplication.setOrganizationName(old_org)
    QCoreApplication.setApplicationName(old_app)
    QSettings.setDefaultFormat(old_format)


@pytest.fixture
def settings(db: Database, tmp_path: Path) -> Settings:
    return Settings(
        db_url=db.url.render_as_string(hide_password=False),
        db_url_source="test",
        config_path=tmp_path / "config.ini",
    )


@pytest.fixture
def ctx(db: Database, settings: Settings) -> AppContext:
    return AppContext(db=db, settings=settings)


@pytest.fixture
def admin_ctx(ctx: AppContext, admin: Actor) -> AppContext:
    return ctx.with_actor(admin)


@pytest.fixture
def clerk_ctx(ctx: AppContext, clerk: Actor) -> AppContext:
    return ctx.with_actor(clerk)

"""GUI test fixtures: the app context on the per-test database, QSettings in a temporary folder."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QThread, QThreadPool
from PySide6.QtWidgets import QApplication
from sqlalchemy import event
from sqlalchemy.engine import Engine

import desk_app.ui
from desk_app.db import Database
from desk_app.services.context import Actor
from desk_app.settings import Settings
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.gc_guard import GuiThreadGarbageCollector
from desk_app.ui.kit.table_keys import install_table_keys
from desk_app.ui.kit.tasks import op_pool


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[GuiThreadGarbageCollector]:
    """As in the app: garbage is collected on the GUI thread only."""
    guard = GuiThreadGarbageCollector(qapp)
    yield guard
    guard.timer.stop()
    gc.enable()


@pytest.fixture(scope="session", autouse=True)
def table_keys(qapp: QApplication) -> None:
    """As in the app: tables in dialogs leave Tab and Enter to the keyboard user."""
    install_table_keys(qapp)


@pytest.fixture(autouse=True)
def settle_background_work(gui_thread_gc: GuiThreadGarbageCollector) -> Iterator[None]:
    """After each test: background look-ups end and the test's widgets are collected here,
    on the GUI thread, not in some later test's worker."""
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
    op_pool().waitForDone(10_000)
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


# --- the guard: no SQL statement on the GUI thread ------------------------------------------

_UI_DIR = str(Path(desk_app.ui.__file__).resolve().parent)
_GUARD_REPORT = os.environ.get("DESK_APP_GUI_SQL_REPORT")  # a file: record instead of failing


def _ui_frame() -> str | None:
    """The innermost desk_app.ui frame on the current stack, as ``file:line function``."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(_UI_DIR):
            where = os.path.relpath(filename, os.path.dirname(_UI_DIR))
            return f"{where}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back  # type: ignore[assignment]
    return None


@pytest.fixture(autouse=True)
def no_sql_on_gui_thread(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[None]:
    """Fails a GUI test in which the UI ran a SQL statement on the GUI thread: every database
    call of a window goes through ``ui.kit.tasks.run_op``. Statements the test itself runs (to
    set up or check data) are not the window's and are let through. There is no list of
    exceptions. ``DESK_APP_GUI_SQL_REPORT=FILE`` writes every test's call sites to FILE instead
    of failing."""
    seen: list[str] = []
    gui_thread = qapp.thread()

    def before_cursor_execute(*_args: object) -> None:
        if QThread.currentThread() != gui_thread:
            return
        where = _ui_frame()
        if where is not None:
            seen.append(where)

    event.listen(Engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield
    finally:
        event.remove(Engine, "before_cursor_execute", before_cursor_execute)
    if not seen:
        return
    places = sorted(set(seen))
    if _GUARD_REPORT:
        with open(_GUARD_REPORT, "a", encoding="utf-8") as out:
            for place in places:
                out.write(f"{request.node.nodeid}\t{place}\n")
        return
    pytest.fail(
        f"{len(seen)} SQL statement(s) ran on the GUI thread, from: " + "; ".join(places),
        pytrace=False,
    )

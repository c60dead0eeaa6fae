from __future__ import annotations

import sys
import types
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desk_app.db import Database
from desk_app.services.admin import auth
from desk_app.settings import Settings
from desk_app.ui import app as ui_app
from desk_app.ui.app import StartupFlow, run_gui
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext


@pytest.fixture
def fake_demo(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stands in for desk_app.demo (written separately) with the same signature."""
    calls: list[dict[str, Any]] = []

    def generate_demo(db, actor, *, year=2025, seed=1, today=None, progress=None):  # type: ignore[no-untyped-def]
        calls.append({"db": db, "actor": actor, "year": year, "seed": seed})
        for step in range(1, 11):
            if progress is not None and progress(step / 10, f"{step}. ay") is False:
                return "iptal"
        return "tamam"

    module = types.ModuleType("desk_app.demo")
    module.generate_demo = generate_demo  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desk_app.demo", module)
    monkeypatch.setattr(ui_app, "demo_available", lambda: True)
    return calls


def _start(qtbot: QtBot, flow: StartupFlow) -> None:
    """Start the flow: the login window shows at once, busy, while the database is checked
    off the GUI thread; wait for the check."""
    flow.start()
    login = flow.login_window
    assert login is not None and login.isVisible() and not login.ready
    qtbot.waitUntil(lambda: flow.checked, timeout=10_000)


def _fill_first_admin(qtbot: QtBot, flow: StartupFlow) -> None:
    dialog = flow.first_admin_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.username_edit.setText("bilgi.islem")
    dialog.full_name_edit.setText("Çağrı Şahin")
    dialog.password_edit.setText("ilk-yonetici-1")
    dialog.repeat_edit.setText("ilk-yonetici-1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)


def test_first_start_creates_admin_loads_demo_then_logs_in(
    qtbot: QtBot, ctx: AppContext, fake_demo: list[dict[str, Any]]
) -> None:
    flow = StartupFlow(ctx)
    _start(qtbot, flow)
    assert flow.first_admin_dialog is not None
    qtbot.addWidget(flow.first_admin_dialog)
    _fill_first_admin(qtbot, flow)

    offer = flow.demo_dialog
    assert offer is not None and offer.isVisible()
    qtbot.addWidget(offer)
    offer.year_spin.setValue(2024)
    qtbot.mouseClick(offer.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.login_window is not None, timeout=5000)
    assert fake_demo[0]["year"] == 2024 and fake_demo[0]["seed"] == 1
    assert fake_demo[0]["actor"].username == "bilgi.islem"
    assert fake_demo[0]["db"] is ctx.db

    login = flow.login_window
    assert login is not None
    qtbot.addWidget(login)
    assert login.username_edit.text() == "bilgi.islem"
    login.password_edit.setText("ilk-yonetici-1")
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.main_window is not None, timeout=10_000)
    main = flow.main_window
    assert main is not None
    qtbot.addWidget(main)
    assert main.isVisible()
    assert main.user_label.text() == "Kullanıcı: Çağrı Şahin (Yönetici)"
    main.idle_watcher.stop()
    with qtbot.waitSignal(flow.finished, timeout=2000) as blocker:
        main.close()
    assert blocker.args == [0]


def test_skipping_the_demo_goes_to_login(
    qtbot: QtBot, ctx: AppContext, fake_demo: list[dict[str, Any]]
) -> None:
    flow = StartupFlow(ctx)
    _start(qtbot, flow)
    assert flow.first_admin_dialog is not None
    qtbot.addWidget(flow.first_admin_dialog)
    _fill_first_admin(qtbot, flow)
    assert flow.demo_dialog is not None
    qtbot.addWidget(flow.demo_dialog)
    qtbot.mouseClick(flow.demo_dialog.skip_button, Qt.MouseButton.LeftButton)
    assert flow.login_window is not None and flow.login_window.isVisible()
    qtbot.addWidget(flow.login_window)
    assert fake_demo == []


def test_demo_failure_is_reported_and_the_flow_goes_on(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("demo bozuk")

    module = types.ModuleType("desk_app.demo")
    module.generate_demo = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desk_app.demo", module)
    monkeypatch.setattr(ui_app, "demo_available", lambda: True)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "error", lambda _p, _t, text, detail=None: errors.append(text))
    flow = StartupFlow(ctx)
    _start(qtbot, flow)
    assert flow.first_admin_dialog is not None
    qtbot.addWidget(flow.first_admin_dialog)
    _fill_first_admin(qtbot, flow)
    assert flow.demo_dialog is not None
    qtbot.addWidget(flow.demo_dialog)
    qtbot.mouseClick(flow.demo_dialog.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.login_window is not None, timeout=5000)
    qtbot.addWidget(flow.login_window)
    assert errors and "demo bozuk" in errors[0]


def test_closing_first_admin_dialog_ends_the_flow(qtbot: QtBot, ctx: AppContext) -> None:
    flow = StartupFlow(ctx)
    _start(qtbot, flow)
    dialog = flow.first_admin_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    cancel = dialog.findChild(QPushButton, "cancel_button")
    assert cancel is not None
    with qtbot.waitSignal(flow.finished, timeout=2000) as blocker:
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert blocker.args == [0]
    assert auth.needs_first_admin(ctx.db)


def test_existing_users_go_straight_to_login(qtbot: QtBot, ctx: AppContext, admin: object) -> None:
    flow = StartupFlow(ctx)
    _start(qtbot, flow)
    assert flow.first_admin_dialog is None
    assert flow.login_window is not None and flow.login_window.isVisible()
    assert flow.login_window.ready
    qtbot.addWidget(flow.login_window)


def test_database_newer_than_the_app_exits_with_2(
    db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_gelecek'"))
    db.dispose()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "error", lambda _p, title, message, detail=None: shown.append((title, message))
    )
    assert run_gui(settings, ["desk-app"]) == 2
    assert shown[0][0] == "Veritabanı kullanılamıyor"
    assert "daha yeni" in shown[0][1]


def test_unusable_database_url_exits_with_2(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "error", lambda _p, _t, message, detail=None: shown.append(message)
    )
    assert run_gui(replace(settings, db_url="mysql://sunucu/desk"), ["desk-app"]) == 2
    assert "Desteklenmeyen veritabanı türü" in shown[0]


def test_switch_user_and_log_out_bring_the_login_back(
    qtbot: QtBot,
    ctx: AppContext,
    admin: Any,
    clerk: Any,
    supervisor: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From the clerk to the supervisor without quitting; log-out keeps the user name."""
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    flow = StartupFlow(ctx)
    finished: list[int] = []
    flow.finished.connect(finished.append)
    _start(qtbot, flow)
    login = flow.login_window
    assert login is not None
    # not registered with qtbot: the flow deletes it once logged in
    login.username_edit.setText("irem")
    login.password_edit.setText("masa-parolasi")
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.main_window is not None)  # checked off the GUI thread
    main = flow.main_window
    assert main is not None and main.user_label.text() == "Kullanıcı: İrem Çelik (Masa görevlisi)"
    main.idle_watcher.stop()
    session_menu = main.menuBar().actions()[0].menu()
    assert isinstance(session_menu, QMenu)
    session_actions = [a.text() for a in session_menu.actions()]
    assert "Kullanıcı değiştir" in session_actions and "Oturumu kapat" in session_actions

    main.switch_user_action.trigger()
    qtbot.waitUntil(lambda: flow.login_window is not None and flow.login_window.isVisible())
    assert flow.main_window is None and not finished
    login = flow.login_window
    assert login is not None
    # not registered with qtbot: the flow deletes it once logged in
    assert login.username_edit.text() == ""
    login.username_edit.setText("sefik")
    login.password_edit.setText("supervizor-parola")
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.main_window is not None)
    main = flow.main_window
    assert main is not None and main.user_label.text() == "Kullanıcı: Şefik Işık (Süpervizör)"
    main.idle_watcher.stop()

    main.logout_action.trigger()
    qtbot.waitUntil(lambda: flow.login_window is not None and flow.login_window.isVisible())
    assert flow.login_window is not None
    qtbot.addWidget(flow.login_window)
    assert flow.login_window.username_edit.text() == "sefik"
    assert not finished

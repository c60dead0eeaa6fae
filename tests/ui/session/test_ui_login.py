from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.services.context import Actor
from desk_app.ui.kit.context import AppContext
from desk_app.ui.session.login_window import LoginWindow
from tests.ui.ops import wait_ops


def _window(qtbot: QtBot, ctx: AppContext) -> LoginWindow:
    window = LoginWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _attempt(qtbot: QtBot, window: LoginWindow, username: str, password: str) -> None:
    window.username_edit.setText(username)
    window.password_edit.clear()
    qtbot.keyClicks(window.password_edit, password)
    qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def test_login_success_emits_logged_in(qtbot: QtBot, ctx: AppContext, admin: Actor) -> None:
    window = _window(qtbot, ctx)
    with qtbot.waitSignal(window.logged_in, timeout=5000) as blocker:
        _attempt(qtbot, window, "admin", "yonetici-parola")
    actor = blocker.args[0]
    assert isinstance(actor, Actor)
    assert actor.username == "admin"
    assert actor.full_name == "Ayşe Yılmaz"
    assert window.error_label.isHidden()


def test_enter_in_password_field_logs_in(qtbot: QtBot, ctx: AppContext, admin: Actor) -> None:
    window = _window(qtbot, ctx)
    window.username_edit.setText("admin")
    window.password_edit.setText("yonetici-parola")
    with qtbot.waitSignal(window.logged_in, timeout=5000):
        qtbot.keyClick(window.password_edit, Qt.Key.Key_Return)


def test_wrong_password_shows_message_and_keeps_username(
    qtbot: QtBot, ctx: AppContext, admin: Actor
) -> None:
    window = _window(qtbot, ctx)
    with qtbot.assertNotEmitted(window.logged_in):
        _attempt(qtbot, window, "admin", "yanlis-parola")
    assert window.error_label.isVisible()
    assert "hatalı" in window.error_label.text()
    assert "Kalan deneme: 4" in window.error_label.text()
    assert window.username_edit.text() == "admin"
    assert window.password_edit.text() == ""
    qtbot.waitUntil(window.password_edit.hasFocus)


def test_empty_fields_are_explained_without_asking_the_database(
    qtbot: QtBot, ctx: AppContext, admin: Actor
) -> None:
    window = _window(qtbot, ctx)
    qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
    assert window.error_label.text() == "Kullanıcı adını yazın."
    window.username_edit.setText("admin")
    qtbot.mouseClick(window.login_button, Qt.MouseButton.LeftButton)
    assert window.error_label.text() == "Parolanızı yazın."


def test_lockout_after_five_failures_shows_lock_message(
    qtbot: QtBot, ctx: AppContext, admin: Actor
) -> None:
    window = _window(qtbot, ctx)
    for _ in range(5):
        _attempt(qtbot, window, "admin", "yanlis-parola")
    assert "kilitlendi" in window.error_label.text()
    assert "15 dakika" in window.error_label.text()
    # Even the right password is refused while the account is locked.
    with qtbot.assertNotEmitted(window.logged_in):
        _attempt(qtbot, window, "admin", "yonetici-parola")
    assert "kilitli" in window.error_label.text()
    assert window.username_edit.text() == "admin"


def test_shows_the_database(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    kind = "SQLite" if ctx.db.is_sqlite else "PostgreSQL"
    assert window.database_label.text() == f"Veritabanı: {ctx.db.describe()}"
    assert window.database_label.text().startswith(f"Veritabanı: {kind}")


def test_a_second_enter_while_checking_does_not_log_in_twice(
    qtbot: QtBot, ctx: AppContext, admin: Actor
) -> None:
    window = _window(qtbot, ctx)
    window.username_edit.setText("admin")
    window.password_edit.setText("yonetici-parola")
    seen: list[object] = []
    window.logged_in.connect(seen.append)
    window.on_login_clicked()
    # While the password is checked off the GUI thread the fields and the button are disabled
    # and a second Enter is ignored.
    assert not window.login_button.isEnabled() and not window.password_edit.isEnabled()
    window.on_login_clicked()
    wait_ops(qtbot)
    assert len(seen) == 1

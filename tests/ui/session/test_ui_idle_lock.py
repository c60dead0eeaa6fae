from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.main_window import MainWindow
from tests.ui.ops import wait_ops


def _window(qtbot: QtBot, ctx: AppContext, idle_ms: int) -> MainWindow:
    window = MainWindow(ctx, idle_lock_ms=idle_ms)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _unlock(qtbot: QtBot, window: MainWindow, password: str) -> None:
    dialog = window.lock_dialog
    assert dialog is not None
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def test_idle_lock_covers_the_window_and_unlocks_with_the_password(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    window = _window(qtbot, clerk_ctx, idle_ms=150)
    window.show_page("delivery")
    window.search_edit.setText("Yılmaz")
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert window.is_locked
    assert not window.page_stack.isVisible()
    assert not window.search_edit.isVisible()
    dialog = window.lock_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert "İrem Çelik" in dialog.text_label.text()

    with qtbot.waitSignal(window.unlocked, timeout=3000):
        _unlock(qtbot, window, "masa-parolasi")
    assert not window.is_locked
    assert window.page_stack.isVisible()
    # The work behind stays as it was.
    assert window.current_page.key == "delivery"
    assert window.search_edit.text() == "Yılmaz"
    assert window.idle_watcher.active


def test_wrong_password_keeps_the_desk_locked(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    window = _window(qtbot, clerk_ctx, idle_ms=100)
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    dialog = window.lock_dialog
    assert dialog is not None
    with qtbot.assertNotEmitted(window.unlocked):
        _unlock(qtbot, window, "yanlis-parola")
    assert window.is_locked
    assert dialog.error_label.isVisible()
    assert "Parola hatalı" in dialog.error_label.text()
    assert dialog.password_edit.text() == ""
    # Esc and the window's close button do not unlock either.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and window.is_locked
    # Another user's password does not open this user's session.
    with qtbot.assertNotEmitted(window.unlocked):
        _unlock(qtbot, window, "yonetici-parola")
    assert window.is_locked
    with qtbot.waitSignal(window.unlocked, timeout=3000):
        _unlock(qtbot, window, "masa-parolasi")


def test_input_postpones_the_lock(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    window = _window(qtbot, clerk_ctx, idle_ms=300)
    typed: list[int] = []

    def type_a_key() -> None:  # the clerk types every 100 ms for 0.8 s
        qtbot.keyClick(window.search_edit, Qt.Key.Key_A)
        typed.append(1)
        if len(typed) == 8:
            typist.stop()

    typist = QTimer()
    typist.timeout.connect(type_a_key)
    with qtbot.assertNotEmitted(window.locked, wait=0):
        typist.start(100)
        qtbot.waitUntil(lambda: len(typed) == 8, timeout=5000)
    assert not window.is_locked
    assert window.search_edit.text() == "a" * 8
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass


def test_ctrl_l_locks_at_once(qtbot: QtBot, admin_ctx: AppContext) -> None:
    window = _window(qtbot, admin_ctx, idle_ms=0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.locked, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.lock_action.isEnabled()
    assert window.lock_dialog is not None
    # The user locked it: the message must not say the desk sat idle.
    assert window.lock_dialog.text_label.text() == (
        "Ayşe Yılmaz oturumu kilitlendi. Devam etmek için parolanızı yazın."
    )
    with qtbot.waitSignal(window.unlocked, timeout=3000):
        _unlock(qtbot, window, "yonetici-parola")
    assert window.lock_action.isEnabled()


def test_closing_a_locked_desk_asks_first(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, clerk_ctx, idle_ms=0)
    window.lock()
    window.close()
    assert window.isVisible()  # a locked window does not close from outside
    answers = iter([False, True])
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: next(answers))
    dialog = window.lock_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert window.isVisible()
    with qtbot.waitSignal(window.closed, timeout=2000):
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)


def test_idle_time_comes_from_the_settings_service(qtbot: QtBot, admin_ctx: AppContext) -> None:
    """The window opens with the desk's own time and takes the administrator's setting once it
    has been read off the GUI thread."""
    from desk_app.services.admin import settings as settings_service

    settings_service.set_value(admin_ctx.db, admin_ctx.user, "desk.idle_lock_minutes", 3)
    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)
    assert window.idle_watcher.timeout_ms == admin_ctx.settings.idle_lock_minutes * 60_000
    window.show()
    wait_ops(qtbot)
    assert window.idle_watcher.timeout_ms == 3 * 60_000
    assert window.idle_watcher.active
    window.idle_watcher.stop()


def test_enter_with_a_wrong_password_says_so_once(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    """Enter in the password field checks once: "Parola hatalı" stays on the screen."""
    window = _window(qtbot, clerk_ctx, idle_ms=0)
    window.lock(idle=False)
    dialog = window.lock_dialog
    assert dialog is not None
    dialog.password_edit.setFocus()
    qtbot.keyClicks(dialog.password_edit, "yanlis-parola")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    wait_ops(qtbot)  # the password is checked off the GUI thread
    assert dialog.error_label.text() == "Parola hatalı; yeniden deneyin."
    assert window.is_locked
    qtbot.keyClicks(dialog.password_edit, "masa-parolasi")
    with qtbot.waitSignal(window.unlocked, timeout=3000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

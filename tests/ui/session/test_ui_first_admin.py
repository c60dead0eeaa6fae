from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.domain.states import Role
from desk_app.services.admin import auth
from desk_app.ui.kit.context import AppContext
from desk_app.ui.session.first_admin_dialog import FirstAdminDialog
from tests.ui.ops import wait_ops


def _dialog(qtbot: QtBot, ctx: AppContext) -> FirstAdminDialog:
    dialog = FirstAdminDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _fill(dialog: FirstAdminDialog, password: str, repeat: str) -> None:
    dialog.username_edit.setText("ilk.yonetici")
    dialog.full_name_edit.setText("Gülşen Öztürk")
    dialog.password_edit.setText(password)
    dialog.repeat_edit.setText(repeat)


def test_save_is_disabled_until_the_form_is_complete(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    assert not dialog.save_button.isEnabled()
    assert dialog.message_label.isHidden()


def test_mismatched_passwords_disable_save_with_a_message(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    _fill(dialog, "cok-gizli-parola", "cok-gizli-parolx")
    assert not dialog.save_button.isEnabled()
    assert dialog.message_label.isVisible()
    assert "aynı değil" in dialog.message_label.text()
    dialog.repeat_edit.setText("cok-gizli-parola")
    assert dialog.save_button.isEnabled()
    assert dialog.message_label.isHidden()


def test_short_password_is_explained(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    _fill(dialog, "kisa", "kisa")
    assert not dialog.save_button.isEnabled()
    assert "en az 8 karakter" in dialog.message_label.text()


def test_service_error_is_shown_at_the_field(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    _fill(dialog, "cok-gizli-parola", "cok-gizli-parola")
    dialog.username_edit.setText("a b?")
    with qtbot.assertNotEmitted(dialog.admin_created):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        wait_ops(qtbot)
    assert "Kullanıcı adında" in dialog.message_label.text()
    assert dialog.isVisible()
    assert auth.needs_first_admin(ctx.db)


def test_success_creates_the_admin(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = _dialog(qtbot, ctx)
    _fill(dialog, "cok-gizli-parola", "cok-gizli-parola")
    with qtbot.waitSignal(dialog.admin_created, timeout=5000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    user = blocker.args[0]
    assert user.username == "ilk.yonetici"
    assert user.role is Role.ADMIN
    assert dialog.result() == FirstAdminDialog.DialogCode.Accepted
    assert not auth.needs_first_admin(ctx.db)
    assert auth.login(ctx.db, "ilk.yonetici", "cok-gizli-parola").full_name == "Gülşen Öztürk"

"""The admin's Users window: add, set role, deactivate/reactivate, unlock and reset a password,
all through the services in the background; the menu entry is there for admins only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.domain.states import Role
from desk_app.services import admin
from desk_app.services.context import Actor
from desk_app.ui.kit.context import AppContext
from desk_app.ui.session.users_dialog import UsersDialog


def _dialog(qtbot: QtBot, ctx: AppContext) -> UsersDialog:
    dialog = UsersDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table.rowCount() > 0, timeout=10000)
    return dialog


def _click(qtbot: QtBot, dialog: UsersDialog, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)


def _user(dialog: UsersDialog, name: str) -> admin.UserView:
    return next(u for u in dialog.users if u.username == name)


def test_the_admin_manages_a_user_from_the_window(qtbot: QtBot, admin_ctx: AppContext) -> None:
    dialog = _dialog(qtbot, admin_ctx)
    dialog.username_edit.setText("Mert.Öz")
    dialog.full_name_edit.setText("Mert Öz")
    dialog.new_role_combo.setCurrentIndex(dialog.new_role_combo.findData("desk"))
    qtbot.keyClicks(dialog.password_edit, "mert-parolasi")
    _click(qtbot, dialog, dialog.add_button)
    assert dialog.message_label.isHidden(), dialog.message_label.text()
    assert _user(dialog, "mert.öz").role == Role.DESK
    assert (selected := dialog.selected_user()) is not None and selected.username == "mert.öz"
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supervisor"))
    _click(qtbot, dialog, dialog.set_role_button)
    assert _user(dialog, "mert.öz").role == Role.SUPERVISOR
    _click(qtbot, dialog, dialog.deactivate_button)
    assert not _user(dialog, "mert.öz").active
    assert (item := dialog.table.item(dialog.table.currentRow(), 3)) and item.text() == "kapalı"
    _click(qtbot, dialog, dialog.reactivate_button)
    assert _user(dialog, "mert.öz").active
    qtbot.keyClicks(dialog.new_password_edit, "yeni-parola-1")
    _click(qtbot, dialog, dialog.reset_button)
    _click(qtbot, dialog, dialog.unlock_button)
    assert "kilit kaldırıldı" in dialog.done_label.text()
    _person, actor = admin.open_session(admin_ctx.db, "mert.öz", "yeni-parola-1")
    assert actor.role == Role.SUPERVISOR


def test_a_refusal_is_shown_and_the_list_stays(qtbot: QtBot, admin_ctx: AppContext) -> None:
    dialog = _dialog(qtbot, admin_ctx)
    dialog.username_edit.setText("x")
    qtbot.keyClicks(dialog.password_edit, "kisa")
    _click(qtbot, dialog, dialog.add_button)
    assert dialog.message_label.isVisible()
    assert "Kullanıcı adı" in dialog.message_label.text()
    assert dialog.table.rowCount() == len(dialog.users) >= 1


def test_only_admins_see_the_menu_entry(qtbot: QtBot, admin_ctx: AppContext, clerk: Actor) -> None:
    from desk_app.ui.main_window import MainWindow

    for ctx, visible in ((admin_ctx, True), (admin_ctx.with_actor(clerk), False)):
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        assert window.users_action.isVisible() is visible

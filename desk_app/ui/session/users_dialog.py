"""The admin's Users window: list, add, deactivate/reactivate, set role, reset password, unlock.

Everything goes through the services (desk_app.services.admin), off the GUI thread. On
PostgreSQL they call the server's desk_user_* functions, so the database checks again that the
person at this desk is an admin, and every change is audited in their own name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.domain.states import ROLE_LABELS, Role
from desk_app.services import admin
from desk_app.services.admin import UserView
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import run_op
from desk_app.ui.kit.widgets import error_label, password_edit, show_error

log = logging.getLogger(__name__)


def _role_combo(parent: QWidget, name: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    for role in Role:
        combo.addItem(tr(ROLE_LABELS[role]), role.value)
    return combo


class UsersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False  # one operation at a time
        self.users: list[UserView] = []
        self.setObjectName("users_dialog")
        self.setWindowTitle(tr("Kullanıcılar"))
        self.resize(760, 560)

        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels(
            [tr("Kullanıcı adı"), tr("Ad soyad"), tr("Rol"), tr("Durum")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)

        # The selected user.
        selected = QGroupBox(tr("Seçili kullanıcı"), self)
        self.role_combo = _role_combo(selected, "role_combo")
        self.set_role_button = QPushButton(tr("Rolü değiştir"), selected)
        self.deactivate_button = QPushButton(tr("Hesabı kapat"), selected)
        self.reactivate_button = QPushButton(tr("Hesabı aç"), selected)
        self.unlock_button = QPushButton(tr("Kilidi kaldır"), selected)
        self.new_password_edit = password_edit(selected, "new_password_edit")
        self.new_password_edit.setPlaceholderText(tr("yeni parola"))
        self.reset_button = QPushButton(tr("Parolayı değiştir"), selected)
        row1 = QHBoxLayout()
        for w in (self.role_combo, self.set_role_button, self.deactivate_button):
            row1.addWidget(w)
        row1.addWidget(self.reactivate_button)
        row1.addWidget(self.unlock_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.new_password_edit, 1)
        row2.addWidget(self.reset_button)
        box = QVBoxLayout(selected)
        box.addLayout(row1)
        box.addLayout(row2)

        # A new user.
        new = QGroupBox(tr("Yeni kullanıcı"), self)
        self.username_edit = QLineEdit(new)
        self.username_edit.setObjectName("username_edit")
        self.username_edit.setPlaceholderText(tr("ör. ayse.yilmaz"))
        self.full_name_edit = QLineEdit(new)
        self.full_name_edit.setObjectName("full_name_edit")
        self.new_role_combo = _role_combo(new, "new_role_combo")
        self.password_edit = password_edit(new, "password_edit")
        self.password_edit.setPlaceholderText(
            tr("boş: Windows oturumuyla giriş (yalnız PostgreSQL)")
        )
        self.add_button = QPushButton(tr("Ekle"), new)
        self.add_button.setObjectName("add_button")
        form = QFormLayout(new)
        form.addRow(tr("Kullanıcı adı:"), self.username_edit)
        form.addRow(tr("Ad soyad:"), self.full_name_edit)
        form.addRow(tr("Rol:"), self.new_role_combo)
        form.addRow(tr("Parola:"), self.password_edit)
        form.addRow("", self.add_button)

        self.message_label = error_label(self, "message_label")
        self.done_label = QLabel(self)
        self.done_label.setObjectName("done_label")

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(selected)
        layout.addWidget(new)
        layout.addWidget(self.message_label)
        layout.addWidget(self.done_label)

        self.table.itemSelectionChanged.connect(self._on_selection)
        self.add_button.clicked.connect(self.on_add)
        self.set_role_button.clicked.connect(self.on_set_role)
        self.deactivate_button.clicked.connect(lambda: self._change_active(False))
        self.reactivate_button.clicked.connect(lambda: self._change_active(True))
        self.unlock_button.clicked.connect(self.on_unlock)
        self.reset_button.clicked.connect(self.on_reset_password)
        self._on_selection()
        self.refresh()

    # --- helpers -------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def selected_user(self) -> UserView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def select(self, username: str) -> None:
        for i, user in enumerate(self.users):
            if user.username == username:
                self.table.selectRow(i)

    def _run(self, work: Callable[[], Any], done: str, then_select: bool = False) -> None:
        """Run ``work`` in the background, then reload the list; one task at a time. With
        ``then_select`` the user ``work`` returns (a UserView) is selected afterwards."""
        if self._busy:
            return
        db, actor = self._ctx.db, self._ctx.user

        def job() -> tuple[list[UserView], str]:
            result = work()
            name = result.username if then_select and isinstance(result, UserView) else ""
            return admin.list_users(db, actor), name

        self._set_enabled(False)
        show_error(self.message_label, "")
        self.done_label.setText("")
        self._busy = True
        run_op(
            self,
            job,
            lambda result: self._loaded(result[0], done, result[1]),
            on_failed=self._failed,
        )

    def refresh(self) -> None:
        self._run(lambda: None, "")

    def _set_enabled(self, enabled: bool) -> None:
        for w in (self.add_button, self.table):
            w.setEnabled(enabled)
        if enabled:
            self._on_selection()
        else:
            for b in self._user_buttons():
                b.setEnabled(False)

    def _user_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.set_role_button,
            self.deactivate_button,
            self.reactivate_button,
            self.unlock_button,
            self.reset_button,
        )

    # --- results (GUI thread) ---------------------------------------------------------------
    def _loaded(self, users: list[UserView], done: str, then_select: str) -> None:
        self._busy = False
        keep = then_select or (u.username if (u := self.selected_user()) else "")
        self.users = list(users)
        self.table.setRowCount(len(self.users))
        for i, user in enumerate(self.users):
            state = tr("açık") if user.active else tr("kapalı")
            if user.locked_until is not None:
                state += " · " + tr("kilitli")
            for col, value in enumerate(
                (user.username, user.full_name, tr(ROLE_LABELS[user.role]), state)
            ):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, col, item)
        self.table.resizeColumnToContents(0)
        self._set_enabled(True)
        if keep:
            self.select(keep)
        self.done_label.setText(done)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._set_enabled(True)
        if isinstance(exc, DomainError):
            show_error(self.message_label, exc.message)
        else:
            log.error("user administration failed: %s", type(exc).__name__)
            show_error(
                self.message_label,
                tr("Veritabanına ulaşılamadı; işlem yapılamadı. Yeniden deneyin."),
            )

    @Slot()
    def _on_selection(self) -> None:
        user = self.selected_user()
        for b in self._user_buttons():
            b.setEnabled(user is not None and not self._busy)
        if user is not None:
            self.deactivate_button.setEnabled(user.active and not self._busy)
            self.reactivate_button.setEnabled(not user.active and not self._busy)
            self.role_combo.setCurrentIndex(self.role_combo.findData(user.role.value))

    # --- actions ----------------------------------------------------------------------------
    @Slot()
    def on_add(self) -> None:
        name = self.username_edit.text().strip()
        full = self.full_name_edit.text().strip() or name
        role = Role(self.new_role_combo.currentData())
        password = self.password_edit.text() or None
        db, actor = self._ctx.db, self._ctx.user
        self.password_edit.clear()
        self._run(
            lambda: admin.add_login(db, actor, name, full, role, password),
            tr("{0} eklendi.").format(name),
            then_select=True,
        )

    @Slot()
    def on_set_role(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        role = Role(self.role_combo.currentData())
        db, actor = self._ctx.db, self._ctx.user
        self._run(
            lambda: admin.set_role(db, actor, user.username, role),
            tr("{0}: rol değişti.").format(user.username),
        )

    def _change_active(self, active: bool) -> None:
        user = self.selected_user()
        if user is None:
            return
        db, actor = self._ctx.db, self._ctx.user
        self._run(
            lambda: admin.set_active(db, actor, user.username, active),
            (tr("{0}: hesap açıldı.") if active else tr("{0}: hesap kapatıldı.")).format(
                user.username
            ),
        )

    @Slot()
    def on_unlock(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        db, actor = self._ctx.db, self._ctx.user
        self._run(
            lambda: admin.unlock(db, actor, user.username),
            tr("{0}: kilit kaldırıldı.").format(user.username),
        )

    @Slot()
    def on_reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        password = self.new_password_edit.text()
        self.new_password_edit.clear()
        db, actor = self._ctx.db, self._ctx.user
        self._run(
            lambda: admin.reset_password(db, actor, user.username, password),
            tr("{0}: parola değişti.").format(user.username),
        )

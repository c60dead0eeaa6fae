"""First start on an empty database: create the first administrator."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services import admin
from desk_app.services.admin import UserView
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import failure_text, run_op
from desk_app.ui.kit.widgets import error_label, hint_label, password_edit, show_error

log = logging.getLogger(__name__)


class FirstAdminDialog(QDialog):
    """Emits ``admin_created(UserView)`` and accepts once the administrator is saved."""

    admin_created = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.created_user: UserView | None = None
        self._saving = False
        # The default until the database's setting arrives (``_min_length_loaded``).
        self._min_length = int(admin.DEFAULTS["auth.min_password_length"])
        self.setObjectName("first_admin_dialog")
        self.setWindowTitle(tr("İlk yönetici"))
        self.setMinimumWidth(500)

        intro = hint_label(
            tr(
                "Bu veritabanında henüz kullanıcı yok. Programı kuran bilgi işlem görevlisi "
                "olarak ilk yönetici hesabını oluşturun; diğer kullanıcıları bu hesapla "
                "eklersiniz."
            ),
            self,
        )
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("username_edit")
        self.username_edit.setPlaceholderText(tr("ör. ayse.yilmaz"))
        self.full_name_edit = QLineEdit(self)
        self.full_name_edit.setObjectName("full_name_edit")
        self.full_name_edit.setPlaceholderText(tr("ör. Ayşe Yılmaz"))
        self.password_edit = password_edit(self, "password_edit")
        self.password_edit.setPlaceholderText(tr("en az {0} karakter").format(self._min_length))
        self.repeat_edit = password_edit(self, "repeat_edit")
        self.message_label = error_label(self, "message_label")

        form = QFormLayout()
        form.addRow(tr("Kullanıcı adı:"), self.username_edit)
        form.addRow(tr("Ad soyad:"), self.full_name_edit)
        form.addRow(tr("Parola:"), self.password_edit)
        form.addRow(tr("Parola (tekrar):"), self.repeat_edit)

        self.buttons = QDialogButtonBox(self)
        self.save_button: QPushButton = self.buttons.addButton(
            tr("Kaydet"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton(tr("Vazgeç"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancel_button")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

        for edit in (self.username_edit, self.full_name_edit, self.password_edit, self.repeat_edit):
            edit.textChanged.connect(self.on_text_changed)
        self.save_button.clicked.connect(self.on_save_clicked)
        cancel.clicked.connect(self.reject)
        self._fields = {
            "kullanici_adi": self.username_edit,
            "ad_soyad": self.full_name_edit,
            "parola": self.password_edit,
        }
        self.on_text_changed()
        self._load_min_length()

    def problem(self) -> str:
        """What keeps the form from being saved ('' when it can be saved)."""
        password, repeat = self.password_edit.text(), self.repeat_edit.text()
        if password and len(password) < self._min_length:
            return tr("Parola en az {0} karakter olmalı; {1} karakter girildi.").format(
                self._min_length, len(password)
            )
        if password and repeat and password != repeat:
            return tr("Parolalar aynı değil; ikisini de aynı yazın.")
        return ""

    def _complete(self) -> bool:
        return all(
            edit.text().strip()
            for edit in (self.username_edit, self.full_name_edit, self.password_edit)
        ) and bool(self.repeat_edit.text())

    @Slot()
    def on_text_changed(self) -> None:
        problem = self.problem()
        show_error(self.message_label, problem)
        self.save_button.setEnabled(not problem and self._complete())

    def _load_min_length(self) -> None:
        db = self._ctx.db
        run_op(
            self,
            lambda: int(admin.get_all(db)["auth.min_password_length"]),
            self._min_length_loaded,
            on_failed=lambda _exc: log.error("cannot read the minimum password length"),
            busy=(),
        )

    def _min_length_loaded(self, min_length: int) -> None:
        if min_length != self._min_length:
            self._min_length = min_length
            self.on_text_changed()

    @Slot()
    def on_save_clicked(self) -> None:
        if self._saving or self.problem() or not self._complete():
            return
        self._saving = True
        db = self._ctx.db
        username, full_name = self.username_edit.text(), self.full_name_edit.text()
        password = self.password_edit.text()
        run_op(
            self,
            lambda: admin.create_first_admin(db, username, full_name, password),
            self._created,
            on_failed=self._save_failed,
            disable=(self.save_button,),
        )

    def _created(self, user: UserView) -> None:
        self._saving = False
        self.created_user = user
        self.admin_created.emit(user)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, DomainError):
            show_error(self.message_label, exc.message)
            widget = self._fields.get(exc.field or "")
            if widget is not None:
                widget.setFocus()
                widget.selectAll()
        else:
            show_error(self.message_label, failure_text(exc))

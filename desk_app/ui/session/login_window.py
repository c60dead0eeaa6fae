"""The login window: user name and password; failures are explained inline."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.db import Database, DatabaseSetupError
from desk_app.domain.errors import DomainError
from desk_app.services import admin
from desk_app.services.context import Actor
from desk_app.services.uow import ConnectionLost
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import run_op
from desk_app.ui.kit.widgets import error_label, hint_label, password_edit, show_error

log = logging.getLogger(__name__)


class LoginWindow(QWidget):
    """Emits ``logged_in(Actor)`` after a successful login; ``closed`` when closed without one."""

    logged_in = Signal(object)
    closed = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, username: str = ""
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._done = False
        # PostgreSQL: the logged-in person's own connection (StartupFlow uses it from then on).
        self.session_db: Database | None = None
        self._checking = False
        # False while the start-up still checks the database (``set_ready``); a login asked
        # for meanwhile waits for it.
        self._ready = True
        self._login_pending = False
        self.setObjectName("login_window")
        self.setWindowTitle(tr("Gönül Kapısı — Giriş"))
        self.resize(520, 460)

        card = QFrame(self)
        card.setObjectName("login_card")
        card.setFixedWidth(460)
        card.setStyleSheet(
            f"QFrame#login_card {{ background: white; border: 1px solid {palette.BORDER};"
            " border-radius: 8px; }"
        )

        title = QLabel(tr("Gönül Kapısı Ön Masa"), card)
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        title.setFont(title_font)
        subtitle = hint_label(tr("Çorum Belediyesi · Hoş Geldin Bebek"), card)

        self.username_edit = QLineEdit(username, card)
        self.username_edit.setObjectName("username_edit")
        self.username_edit.setPlaceholderText(tr("kullanıcı adı"))
        self.password_edit = password_edit(card, "password_edit")
        self.password_edit.setPlaceholderText(tr("parola"))
        self.error_label = error_label(card)
        self.login_button = QPushButton(tr("Giriş"), card)
        self.login_button.setObjectName("login_button")
        self.login_button.setDefault(True)
        self.login_button.setAutoDefault(True)
        self.database_label = hint_label(
            tr("Veritabanı: {0}").format(ctx.db.describe()), card, "database_label"
        )
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(tr("Kullanıcı adı:"), self.username_edit)
        form.addRow(tr("Parola:"), self.password_edit)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 20)
        inner.setSpacing(10)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addSpacing(8)
        inner.addLayout(form)
        inner.addWidget(self.error_label)
        inner.addWidget(self.login_button)
        inner.addSpacing(6)
        inner.addWidget(self.database_label)

        # Centred without alignment flags, so the word-wrapped labels get their full height.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.login_button.clicked.connect(self.on_login_clicked)
        self.username_edit.returnPressed.connect(self.on_username_entered)
        self.password_edit.returnPressed.connect(self.on_login_clicked)
        (self.password_edit if username else self.username_edit).setFocus()

    @property
    def ready(self) -> bool:
        return self._ready

    def set_ready(self, ready: bool) -> None:
        """``False``: the database is still being checked (the start-up's schema and first
        administrator check); the window is shown and can be typed into, the login waits."""
        self._ready = ready
        if not ready:
            self.setProperty("busy", True)
            self.setCursor(Qt.CursorShape.BusyCursor)
            return
        self.setProperty("busy", False)
        self.unsetCursor()
        if self._login_pending:
            self._login_pending = False
            self.on_login_clicked()

    @Slot()
    def on_username_entered(self) -> None:
        self.password_edit.setFocus()

    @Slot()
    def on_login_clicked(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username:
            self._fail(tr("Kullanıcı adını yazın."), self.username_edit)
            return
        sso = self._ctx.settings.db_auth == "sspi" and self._ctx.db.is_postgres
        if not password and not sso:
            self._fail(tr("Parolanızı yazın."), self.password_edit)
            return
        if self._checking:  # a second Enter while the first is being checked
            return
        if not self._ready:  # logs in once the start-up's database check is done
            self._login_pending = True
            return
        self._checking = True
        db = self._ctx.db
        busy = (self.login_button, self.username_edit, self.password_edit)
        if db.is_postgres:
            # The person's own database login: the server checks the password (or the
            # Windows domain ticket), off the GUI thread.
            run_op(
                self,
                lambda: admin.open_session(db, username, password or None),
                self._session_opened,
                on_failed=self._login_failed,
                disable=busy,
            )
            return
        run_op(
            self,
            lambda: admin.login(db, username, password),
            self._logged_in,
            on_failed=self._login_failed,
            disable=busy,
        )

    def _logged_in(self, actor: Actor) -> None:
        self._checking = False
        show_error(self.error_label, "")
        self.password_edit.clear()
        self._done = True
        self.logged_in.emit(actor)

    def _session_opened(self, result: tuple[Database, Actor]) -> None:
        db, actor = result
        self.session_db = db
        self._logged_in(actor)

    def _login_failed(self, exc: BaseException) -> None:
        self._checking = False
        if isinstance(exc, DatabaseSetupError):
            self._fail(str(exc), self.password_edit)
            return
        if isinstance(exc, DomainError) and not isinstance(exc, ConnectionLost):
            self._fail(exc.message, self.password_edit)
            return
        log.error("login failed: %s", type(exc).__name__)
        self._fail(
            tr(
                "Veritabanına ulaşılamadı; giriş yapılamadı. Ağ bağlantısını kontrol edip "
                "yeniden deneyin, sürerse bilgi işleme haber verin."
            ),
            self.password_edit,
        )

    def _fail(self, message: str, focus: QLineEdit) -> None:
        show_error(self.error_label, message)
        self.password_edit.clear()
        focus.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._done:
            self.closed.emit()
        super().closeEvent(event)

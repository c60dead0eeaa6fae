"""Idle lock: no keyboard or mouse input for a while covers the desk until the same user types
their password again. The work behind stays as it was."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desk_app.services import admin
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import run_op
from desk_app.ui.kit.widgets import error_label, password_edit, show_error, teardown_safe

log = logging.getLogger(__name__)

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """An application-wide event filter; emits ``timed_out`` after ``timeout_ms`` without
    keyboard or mouse input. A timeout of 0 turns it off."""

    timed_out = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = max(0, int(timeout_ms))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.on_timer_fired)
        self._installed = False
        self._paused = False

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    @property
    def active(self) -> bool:
        return self._installed and not self._paused and self._timeout_ms > 0

    def set_timeout(self, timeout_ms: int) -> None:
        """A new idle time (the administrator's setting, read after the window opened); a
        running countdown starts again with it, 0 turns the lock off."""
        self._timeout_ms = max(0, int(timeout_ms))
        if self._timeout_ms <= 0:
            self._timer.stop()
        elif self._installed and not self._paused:
            self._timer.start(self._timeout_ms)

    def start(self) -> None:
        if self._timeout_ms <= 0:
            return
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._paused = False
        self._timer.start(self._timeout_ms)

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def pause(self) -> None:
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        if self._installed:
            self._paused = False
            self._timer.start(self._timeout_ms)

    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._paused and event.type() in _INPUT_EVENTS:
            self._timer.start(self._timeout_ms)
        return False

    @Slot()
    def on_timer_fired(self) -> None:
        if not self._paused:
            self._paused = True
            self.timed_out.emit()


class LockDialog(QDialog):
    """Asks the locked-out user's password. Emits ``unlocked`` on the right password and
    ``quit_requested`` when the user chooses to close the program instead. Esc does nothing."""

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, idle: bool = True
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._checking = False
        actor = ctx.user
        self.setObjectName("lock_dialog")
        self.setWindowTitle(tr("Oturum kilitli"))
        self.setMinimumWidth(440)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)

        # idle: locked by the idle timer; otherwise the user locked it (Ctrl+L).
        message = (
            tr(
                "Masa bir süredir kullanılmadığı için {0} oturumu kilitlendi. "
                "Devam etmek için parolanızı yazın."
            )
            if idle
            else tr("{0} oturumu kilitlendi. Devam etmek için parolanızı yazın.")
        )
        self.text_label = text = QLabel(message.format(actor.full_name or actor.username), self)
        text.setObjectName("lock_text")
        text.setWordWrap(True)
        self.password_edit = password_edit(self, "password_edit")
        self.error_label = error_label(self)
        form = QFormLayout()
        form.addRow(tr("Parola:"), self.password_edit)

        buttons = QDialogButtonBox(self)
        self.unlock_button = buttons.addButton(
            tr("Kilidi aç"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.quit_button = buttons.addButton(
            tr("Programı kapat"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.quit_button.setObjectName("quit_button")
        self.quit_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self.unlock_button.clicked.connect(self.on_unlock_clicked)
        # Enter in the password field reaches the default button (Kilidi aç) by itself; also
        # connecting returnPressed checked twice, and the second, empty check replaced "Parola
        # hatalı" with "Parolanızı yazın.".
        self.quit_button.clicked.connect(self.quit_requested)
        self.password_edit.setFocus()

    @Slot()
    def on_unlock_clicked(self) -> None:
        password = self.password_edit.text()
        if not password:
            show_error(self.error_label, tr("Parolanızı yazın."))
            self.password_edit.setFocus()
            return
        if self._checking:  # a second Enter while the first is being checked
            return
        self._checking = True
        db, user = self._ctx.db, self._ctx.user
        run_op(
            self,
            lambda: admin.verify_password(db, user, password),
            self._checked,
            on_failed=self._check_failed,
            disable=(self.unlock_button, self.password_edit),
        )

    def _checked(self, ok: bool) -> None:
        self._checking = False
        self.password_edit.clear()
        if not ok:
            show_error(self.error_label, tr("Parola hatalı; yeniden deneyin."))
            self.password_edit.setFocus()
            return
        show_error(self.error_label, "")
        self.accept()
        self.unlocked.emit()

    def _check_failed(self, exc: BaseException) -> None:
        self._checking = False
        if isinstance(exc, admin.LoginFailed):
            # Too many wrong passwords: the account is locked (counted and audited); only
            # closing the program is left.
            self.password_edit.clear()
            self.password_edit.setEnabled(False)
            self.unlock_button.setEnabled(False)
            show_error(self.error_label, exc.message)
            return
        log.error("password check failed: %s", type(exc).__name__)
        show_error(
            self.error_label,
            tr("Veritabanına ulaşılamadı; parola denetlenemedi. Yeniden deneyin."),
        )
        self.password_edit.setFocus()

    def reject(self) -> None:
        """Esc must not unlock the desk."""

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()

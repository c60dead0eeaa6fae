"""Database outages at the desk: a status-bar indicator fed by a cheap periodic ping, and the
automatic retry of a form's save while the server is away.

- ``ConnectionWatch`` pings the database every few seconds in a background task (never on the
  GUI thread) and shows "bağlantı yok" in the status bar while it cannot be reached.
- ``SaveRetry`` belongs to one form: when a save raises ``ConnectionLost`` the form keeps what
  was typed, shows a banner and calls its save again every few seconds until it succeeds or
  the clerk closes the form. The form sends the same client token with every attempt, so a
  save whose COMMIT reached the server before the connection dropped is not written twice.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from desk_app.db import Database
from desk_app.services.uow import ConnectionLost, ping
from desk_app.ui.kit import palette
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn

PING_INTERVAL_MS = 5000
# A ping without an answer after this long counts as lost: a network that drops packets
# neither answers nor refuses, and the ping would otherwise wait for the operating system.
PING_TIMEOUT_MS = 3000
RETRY_INTERVAL_MS = 3000
BANNER_STYLE = (
    f"QLabel {{ background: {palette.OFFLINE_SURFACE}; color: {palette.OFFLINE_TEXT}; border:"
    f" 1px solid {palette.OFFLINE_BORDER}; "
    "border-radius: 3px; padding: 6px; font-weight: bold; }"
)
OFFLINE_STYLE = f"QLabel {{ color: {palette.ERROR}; font-weight: bold; }}"


def banner_text() -> str:
    return tr("Sunucuya bağlanılamıyor — yeniden deneniyor…")


class ConnectionWatch(QObject):
    """``lost()`` when a ping fails, ``restored()`` when one succeeds again; ``indicator`` is a
    label for the status bar, visible only while the database cannot be reached."""

    lost = Signal()
    restored = Signal()

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        interval_ms: int = PING_INTERVAL_MS,
        timeout_ms: int = PING_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.online = True
        self.checks = 0  # pings answered or failed so far
        self.timeout_ms = timeout_ms
        self._task: BackgroundTask | None = None
        self._task_started = QElapsedTimer()
        self.indicator = QLabel(tr("● bağlantı yok"))
        self.indicator.setObjectName("connection_indicator")
        self.indicator.setStyleSheet(OFFLINE_STYLE)
        self.indicator.setToolTip(
            tr("Veritabanı sunucusuna ulaşılamıyor; birkaç saniyede bir yeniden deneniyor.")
        )
        self.indicator.setVisible(False)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def check_now(self) -> None:
        """Ping once in the background (skipped while the previous ping still runs; one that
        has waited longer than ``timeout_ms`` marks the database as lost)."""
        if self._task is not None:
            if self._task_started.hasExpired(self.timeout_ms):
                self.set_online(False)
            return
        db = self.db

        def work(_progress: ProgressFn) -> Any:
            ping(db)
            return True

        task = BackgroundTask(work)
        self._task = task
        self._task_started.start()
        task.finished.connect(lambda _result: self._done(task, True))
        task.failed.connect(lambda exc: self._done(task, not isinstance(exc, ConnectionLost)))
        task.start()

    def _done(self, task: BackgroundTask, online: bool) -> None:
        if self._task is task:
            self._task = None
        self.checks += 1
        if shiboken6.isValid(self):
            self.set_online(online)

    def set_online(self, online: bool) -> None:
        """Also called by a form whose save just failed or succeeded."""
        changed = online != self.online
        self.online = online
        if shiboken6.isValid(self.indicator):
            self.indicator.setVisible(not online)
        if changed:
            (self.restored if online else self.lost).emit()


class SaveRetry(QObject):
    """The retry loop of one form. ``failed(exc)`` after a ConnectionLost shows the banner and
    schedules ``retry()``; ``succeeded()`` or ``stop()`` ends it."""

    retry_scheduled = Signal()

    def __init__(
        self,
        form: QWidget,
        retry: Callable[[], None],
        *,
        interval_ms: int = RETRY_INTERVAL_MS,
    ) -> None:
        super().__init__(form)
        # A weak reference: the retry loop must not keep a closed form alive (the form's own
        # bound method would otherwise tie its Python object to this child for good).
        self._retry: Callable[[], Callable[[], None] | None] = (
            weakref.WeakMethod(retry) if hasattr(retry, "__self__") else (lambda: retry)
        )
        self.attempts = 0
        self.banner = QLabel(banner_text(), form)
        self.banner.setObjectName("connection_banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.on_timeout)

    @property
    def active(self) -> bool:
        return self.timer.isActive() or not self.banner.isHidden()

    def failed(self, exc: ConnectionLost) -> None:
        self.attempts += 1
        self.banner.setText(banner_text())
        self.banner.setToolTip(exc.message)
        self.banner.setVisible(True)
        self.timer.start()
        self.retry_scheduled.emit()

    def succeeded(self) -> None:
        self.stop()

    def stop(self) -> None:
        self.timer.stop()
        if shiboken6.isValid(self.banner):
            self.banner.setVisible(False)

    @Slot()
    def on_timeout(self) -> None:
        form = self.parent()
        if not shiboken6.isValid(self) or not isinstance(form, QWidget) or not form.isVisible():
            return
        retry = self._retry()
        if retry is not None:
            retry()

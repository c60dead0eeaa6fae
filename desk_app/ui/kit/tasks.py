"""The one background helper: slow work (a batch print, an import, the demo year, a report over
years of data) runs off the GUI thread and reports back on it.

The work is a plain Python callable that takes a progress callback
``progress(fraction: float, text: str) -> bool``; the callback returns False once the user has
cancelled, and the callable should then stop: return, raise ``TaskCancelled`` or its own
exception (whatever ends the work after a cancel is reported as ``cancelled``). A callable
that touches the database calls services, which open their own sessions in the worker thread;
a ``Session`` never crosses threads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desk_app.ui.kit.i18n import tr

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], bool]
TaskFn = Callable[[ProgressFn], Any]


class TaskCancelled(Exception):
    """Raised by a task that stops because the user cancelled it."""


class _TaskRunnable(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run_in_worker()


class BackgroundTask(QObject):
    """Runs ``fn`` in the thread pool. The public signals are emitted on the GUI thread:
    ``progressed(fraction, text)`` then exactly one of ``finished(result)``, ``failed(exc)``,
    ``cancelled()``."""

    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    # Emitted in the worker thread; queued to the slots below, which run on the GUI thread.
    _worker_progressed = Signal(float, str)
    _worker_returned = Signal(object)
    _worker_raised = Signal(object)

    def __init__(
        self, fn: TaskFn, parent: QObject | None = None, pool: QThreadPool | None = None
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._pool = pool or QThreadPool.globalInstance()
        self._cancel = threading.Event()
        self._running = False
        self._done = False
        self._keepalive: BackgroundTask | None = None
        conn = Qt.ConnectionType.QueuedConnection
        self._worker_progressed.connect(self.on_worker_progressed, conn)
        self._worker_returned.connect(self.on_worker_returned, conn)
        self._worker_raised.connect(self.on_worker_raised, conn)

    # --- GUI thread -------------------------------------------------------------------------
    def start(self) -> None:
        if self._running or self._done:
            raise RuntimeError("a BackgroundTask runs once")
        self._running = True
        self._keepalive = self  # a task without a parent stays alive until it ends
        self._pool.start(_TaskRunnable(self))

    def cancel(self) -> None:
        """Ask the work to stop; it ends at its next progress report."""
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def is_done(self) -> bool:
        return self._done

    @Slot(float, str)
    def on_worker_progressed(self, fraction: float, text: str) -> None:
        if not self._done:
            self.progressed.emit(fraction, text)

    @Slot(object)
    def on_worker_returned(self, result: object) -> None:
        self._end()
        if self._cancel.is_set():
            self.cancelled.emit()
        else:
            self.finished.emit(result)

    @Slot(object)
    def on_worker_raised(self, exc: object) -> None:
        self._end()
        if isinstance(exc, TaskCancelled) or self._cancel.is_set():
            # A service stops with its own exception (e.g. DemoCancelled) once cancelled.
            self.cancelled.emit()
        else:
            self.failed.emit(exc)

    def _end(self) -> None:
        self._running = False
        self._done = True
        self._keepalive = None

    # --- worker thread ----------------------------------------------------------------------
    def _report(self, fraction: float, text: str = "") -> bool:
        self._worker_progressed.emit(float(min(max(fraction, 0.0), 1.0)), str(text))
        return not self._cancel.is_set()

    def _run_in_worker(self) -> None:
        try:
            result = self._fn(self._report)
        except BaseException as exc:  # reported to the GUI thread, never lost in the pool
            if not isinstance(exc, TaskCancelled) and not self._cancel.is_set():
                log.exception("background task failed")
            self._worker_raised.emit(exc)
        else:
            self._worker_returned.emit(result)


def run_in_background(fn: TaskFn, parent: QObject | None = None) -> BackgroundTask:
    """Start ``fn`` without a dialog; connect to the returned task's signals."""
    task = BackgroundTask(fn, parent)
    task.start()
    return task


def run_with_progress(
    parent: QWidget | None, title: str, fn: TaskFn, *, label: str = ""
) -> BackgroundTask:
    """Start ``fn`` with a modal, cancellable progress dialog that closes when the work ends.
    Connect to the returned task's ``finished``/``failed``/``cancelled``."""
    task = BackgroundTask(fn, parent)
    dialog = QProgressDialog(label or title, tr("İptal", "button"), 0, 1000, parent)
    dialog.setObjectName("task_progress_dialog")
    cancel_button = QPushButton(tr("İptal", "button"), dialog)
    cancel_button.setObjectName("cancel_button")
    dialog.setCancelButton(cancel_button)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    task.progress_dialog = dialog  # type: ignore[attr-defined]

    def on_progress(fraction: float, text: str) -> None:
        dialog.setValue(round(fraction * 1000))
        if text and not task.is_cancelled:
            dialog.setLabelText(text)

    def on_cancel_clicked() -> None:
        task.cancel()
        dialog.setLabelText(tr("İptal ediliyor…"))
        cancel_button.setEnabled(False)

    def on_end(*_args: object) -> None:
        dialog.hide()
        dialog.deleteLater()

    task.progressed.connect(on_progress)
    dialog.canceled.connect(on_cancel_clicked)
    for signal in (task.finished, task.failed, task.cancelled):
        signal.connect(on_end)
    dialog.setValue(0)
    dialog.show()
    task.start()
    return task

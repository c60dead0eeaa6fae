"""Work off the GUI thread. Two shapes:

- ``run_op(parent, work, on_done, ...)``: one database, network, argon2 or PDF call (a save, a
  load, a login, a day's PDF). The result comes back typed on the GUI thread, only while the
  widget that started it is alive, and (with ``latest_only``) only if no newer call of the same
  kind was started since; a failure is shown through ``ui.kit.dialogs`` unless ``on_failed``
  takes it; the widget looks busy meanwhile.
- ``BackgroundTask``/``run_with_progress``: long work with progress and cancel (a batch print,
  an import, the demo year, a report over years of data).

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
import weakref
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QProgressDialog, QPushButton, QWidget

from desk_app.domain.errors import DomainError
from desk_app.services.uow import ConnectionLost
from desk_app.ui.kit import dialogs
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
        try:
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.finished.emit(result)
        finally:
            self._release()

    @Slot(object)
    def on_worker_raised(self, exc: object) -> None:
        self._end()
        try:
            if isinstance(exc, TaskCancelled) or self._cancel.is_set():
                # A service stops with its own exception (e.g. DemoCancelled) once cancelled.
                self.cancelled.emit()
            else:
                self.failed.emit(exc)
        finally:
            self._release()

    def _end(self) -> None:
        self._running = False
        self._done = True

    def _release(self) -> None:
        """Drop the task's hold on itself once its slot has returned (a handler may run a
        nested event loop: the task must outlive the delivery of its own queued event)."""
        if self._keepalive is not None:
            self._keepalive = None
            _retire(self)

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
            self._hand_over("_worker_raised", exc)
        else:
            self._hand_over("_worker_returned", result)

    def _hand_over(self, signal: str, value: object) -> None:
        """Hand ``value`` to the GUI thread; nobody is left to tell when the task's object was
        deleted meanwhile (the program quit, or the window went away, while the work ran)."""
        try:
            if shiboken6.isValid(self):
                getattr(self, signal).emit(value)
                return
        except RuntimeError:  # "Signal source has been deleted": gone between the two
            pass
        log.debug("background task finished after its owner was deleted")


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


# --- run_op ------------------------------------------------------------------------------------

T = TypeVar("T")

# Per widget and kind, the number of the newest call started (``latest_only``).
_generations: weakref.WeakKeyDictionary[QObject, dict[str, int]] = weakref.WeakKeyDictionary()
# Per widget, how many of its operations are running (its busy state lasts until the last ends).
_busy_counts: weakref.WeakKeyDictionary[QWidget, int] = weakref.WeakKeyDictionary()
# Operations in flight; an operation keeps itself alive until its result has been delivered.
_running: set[Op[Any]] = set()
# Bridges of operations that just ended. A bridge delivered the result inside its own queued
# event; dropping the last reference there would delete the QObject during its own event
# delivery (memory corruption that crashes later, somewhere else). They go once that event
# has returned.
_retired: list[QObject] = []


def _retire(bridge: QObject) -> None:
    if not _retired:
        QTimer.singleShot(0, _retired.clear)
    _retired.append(bridge)


BUSY_PROPERTY = "busy"
# Operations wait on the network, not the CPU: their own pool, wider than the CPU count the
# global pool is sized by, so a few calls stuck on a dead link leave room for the rest.
OP_THREADS = 8
_pool: QThreadPool | None = None


def op_pool() -> QThreadPool:
    """The thread pool ``run_op`` uses by default."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(OP_THREADS)
    return _pool


def failure_text(exc: BaseException) -> str:
    """What the clerk reads about a failed operation."""
    if isinstance(exc, ConnectionLost):
        return tr("Sunucuya bağlanılamıyor; hiçbir şey kaydedilmedi. Biraz sonra yeniden deneyin.")
    if isinstance(exc, DomainError):
        return exc.message
    return tr("Beklenmeyen bir hata oluştu; işlem tamamlanamadı.")


def show_failure(parent: QWidget | None, exc: BaseException, title: str = "") -> None:
    """The default ``on_failed``: a message box through ``ui.kit.dialogs``."""
    title = title or tr("İşlem tamamlanamadı")
    if isinstance(exc, DomainError):
        dialogs.warning(parent, title, failure_text(exc))
    else:
        dialogs.error(parent, title, failure_text(exc), detail=f"{type(exc).__name__}: {exc}")


def is_busy(widget: QWidget) -> bool:
    """True while an operation that ``widget`` shows as busy runs."""
    return _busy_counts.get(widget, 0) > 0


def _set_busy(widget: QWidget, busy: bool) -> None:
    if not shiboken6.isValid(widget):
        return
    count = _busy_counts.get(widget, 0) + (1 if busy else -1)
    count = max(count, 0)
    _busy_counts[widget] = count
    if busy and count == 1:
        widget.setProperty(BUSY_PROPERTY, True)
        widget.setCursor(Qt.CursorShape.BusyCursor)
    elif not busy and count == 0:
        widget.setProperty(BUSY_PROPERTY, False)
        widget.unsetCursor()


class _OpBridge(QObject):
    """Lives on the GUI thread; the worker's signals are queued to its slots."""

    returned = Signal(object)
    raised = Signal(object)


class _OpRunnable(QRunnable):
    def __init__(self, op: Op[Any]) -> None:
        super().__init__()
        self._op = op

    def run(self) -> None:
        self._op._run_in_worker()


class Op(Generic[T]):
    """One running ``run_op`` call. ``discard()`` drops its result (it still runs to its end:
    a statement already sent cannot be taken back)."""

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_failed: Callable[[BaseException], None] | None,
        busy: Sequence[QWidget],
        disable: Sequence[QWidget],
        key: str | None,
        generation: int,
        error_title: str,
    ) -> None:
        self._parent = parent
        self._work = work
        self._on_done = on_done
        self._on_failed = on_failed
        self._busy = list(busy)
        self._disable = [w for w in disable if w.isEnabled()]
        self._key = key
        self._generation = generation
        self._error_title = error_title
        self._discarded = False
        self.finished = False
        self._bridge = _OpBridge()
        conn = Qt.ConnectionType.QueuedConnection
        self._bridge.returned.connect(self._returned, conn)
        self._bridge.raised.connect(self._raised, conn)

    # GUI thread
    def _start(self, pool: QThreadPool) -> None:
        for widget in self._busy:
            _set_busy(widget, True)
        for widget in self._disable:
            widget.setEnabled(False)
        _running.add(self)
        pool.start(_OpRunnable(self))

    def discard(self) -> None:
        self._discarded = True

    @property
    def stale(self) -> bool:
        """The result would be dropped: discarded, the widget closed, or a newer call of the same
        kind was started."""
        if self._discarded or (self._parent is not None and not shiboken6.isValid(self._parent)):
            return True
        if self._key is not None and self._parent is not None:
            return _generations.get(self._parent, {}).get(self._key) != self._generation
        return False

    def _end(self) -> bool:
        """Undo the busy state; True when the result is still wanted."""
        self.finished = True
        _running.discard(self)
        for widget in self._busy:
            _set_busy(widget, False)
        for widget in self._disable:
            if shiboken6.isValid(widget):
                widget.setEnabled(True)
        return not self.stale

    # The bridge is retired only once its slot has returned: ``on_done`` or a failure's message
    # box may run a nested event loop (a modal dialog, a test's wait), in which a bridge retired
    # earlier would be deleted while its own queued event is still being delivered.
    def _returned(self, result: object) -> None:
        try:
            if self._end():
                self._on_done(result)  # type: ignore[arg-type]  # the work's own T (run_op)
        finally:
            _retire(self._bridge)

    def _raised(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        try:
            if not self._end():
                return
            if self._on_failed is not None:
                self._on_failed(exc)
            else:
                show_failure(self._parent, exc, self._error_title)
        finally:
            _retire(self._bridge)

    # worker thread
    def _run_in_worker(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # reported on the GUI thread, never lost in the pool
            if not isinstance(exc, DomainError):
                log.exception("background operation failed")
            self._bridge.raised.emit(exc)
        else:
            self._bridge.returned.emit(result)


def run_op(
    parent: QWidget | None,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    *,
    on_failed: Callable[[BaseException], None] | None = None,
    busy: QWidget | Sequence[QWidget] | None = None,
    disable: Sequence[QWidget] = (),
    latest_only: str | None = None,
    error_title: str = "",
    pool: QThreadPool | None = None,
) -> Op[T]:
    """Run ``work()`` in the thread pool and call ``on_done(result)`` on the GUI thread.

    - Nothing is delivered once ``parent`` is gone (closed and deleted); ``None``: a top-level
      window is being opened, nothing can go away meanwhile.
    - ``latest_only="search"``: of the calls with this key on ``parent``, only the newest one's
      result or failure is delivered (typing in a search box starts one per key press).
    - A failure goes to ``on_failed(exc)``; without it a message box (``show_failure``) shows it.
    - ``busy`` (default: ``parent``) shows a busy cursor and the ``busy`` property meanwhile;
      ``disable`` widgets (a Kaydet button) are disabled until the call ends.
    - ``work`` calls services with plain values captured before the call; it must not touch
      widgets (it runs in another thread).
    """
    generation = 0
    if latest_only is not None and parent is not None:
        per_parent = _generations.setdefault(parent, {})
        generation = per_parent.get(latest_only, 0) + 1
        per_parent[latest_only] = generation
    if busy is None:
        busy_widgets: Sequence[QWidget] = (parent,) if parent is not None else ()
    elif isinstance(busy, QWidget):
        busy_widgets = (busy,)
    else:
        busy_widgets = busy
    op: Op[T] = Op(
        parent,
        work,
        on_done,
        on_failed,
        busy_widgets,
        disable,
        latest_only,
        generation,
        error_title,
    )
    op._start(pool or op_pool())
    return op


def running_ops() -> int:
    """How many ``run_op`` calls have not come back yet (tests wait for none)."""
    return len(_running)


def fill_combo(
    parent: QWidget, combo: QComboBox, load: Callable[[], Sequence[tuple[str, object]]]
) -> Op[Sequence[tuple[str, object]]]:
    """Append ``(text, data)`` items read off the GUI thread to ``combo`` (a filter's choices
    from the database); the items already there (``Tümü``) stay first. When the database cannot
    be reached the combo keeps what it has."""

    def done(items: Sequence[tuple[str, object]]) -> None:
        if shiboken6.isValid(combo):
            for text, data in items:
                combo.addItem(text, data)

    def failed(exc: BaseException) -> None:
        log.warning("could not load the choices of %s: %s", combo.objectName(), exc)

    return run_op(
        parent, load, done, on_failed=failed, busy=(), latest_only=f"fill:{combo.objectName()}"
    )

from __future__ import annotations

import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn, TaskCancelled, run_with_progress


def test_runs_the_function_off_the_gui_thread_and_reports_progress(qtbot: QtBot) -> None:
    threads: list[QThread] = []

    def work(progress: ProgressFn) -> int:
        threads.append(QThread.currentThread())
        for step in range(1, 5):
            progress(step / 4, f"adım {step}")
        return 42

    task = BackgroundTask(work)
    seen: list[tuple[float, str]] = []
    task.progressed.connect(lambda f, t: seen.append((f, t)))
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        task.start()
    assert blocker.args == [42]
    assert threads and threads[0] is not QApplication.instance().thread()  # type: ignore[union-attr]
    assert seen == [(0.25, "adım 1"), (0.5, "adım 2"), (0.75, "adım 3"), (1.0, "adım 4")]
    assert task.is_done and not task.is_running
    with pytest.raises(RuntimeError):
        task.start()


def test_failure_is_reported_with_the_exception(qtbot: QtBot) -> None:
    def work(progress: ProgressFn) -> None:
        raise ValueError("bozuk satır")

    task = BackgroundTask(work)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        task.start()
    assert isinstance(blocker.args[0], ValueError)
    assert str(blocker.args[0]) == "bozuk satır"


class ServiceStopped(Exception):
    """A service's own "cancelled" error, like the demo generator's DemoCancelled."""


def _endless(started: threading.Event, stop_by: str):  # type: ignore[no-untyped-def]
    def work(progress: ProgressFn) -> str:
        while progress(0.5, "çalışıyor"):
            started.set()
            time.sleep(0.002)  # the work itself, in the worker thread
        if stop_by == "TaskCancelled":
            raise TaskCancelled()
        if stop_by == "own":
            raise ServiceStopped()
        return "yarım"

    return work


@pytest.mark.parametrize("stop_by", ["return", "TaskCancelled", "own"])
def test_can_be_cancelled(qtbot: QtBot, stop_by: str) -> None:
    started = threading.Event()
    task = BackgroundTask(_endless(started, stop_by))
    with qtbot.waitSignal(task.progressed, timeout=5000):
        task.start()
    with (
        qtbot.assertNotEmitted(task.finished),
        qtbot.assertNotEmitted(task.failed),
        qtbot.waitSignal(task.cancelled, timeout=5000),
    ):
        task.cancel()
    assert task.is_cancelled and task.is_done


def test_progress_dialog_cancel_button_stops_the_work(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    started = threading.Event()
    task = run_with_progress(parent, "Deneme", _endless(started, "return"))
    dialog = parent.findChild(QProgressDialog, "task_progress_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Deneme"
    qtbot.waitUntil(lambda: dialog.labelText() == "çalışıyor", timeout=5000)
    button = dialog.findChild(QPushButton, "cancel_button")
    assert button is not None and button.text() == "İptal"
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_progress_dialog_closes_when_done(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    task = run_with_progress(parent, "Deneme", lambda progress: progress(1.0, "bitti"))
    dialog = parent.findChild(QProgressDialog, "task_progress_dialog")
    assert dialog is not None
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [True]
    assert not dialog.isVisible()


# --- run_op -------------------------------------------------------------------------------------


def test_run_op_delivers_a_typed_result_on_the_gui_thread(qtbot: QtBot) -> None:
    from desk_app.ui.kit.tasks import is_busy, run_op, running_ops

    widget = QWidget()
    qtbot.addWidget(widget)
    button = QPushButton(widget)
    release = threading.Event()
    threads: list[QThread] = []
    results: list[tuple[int, QThread]] = []

    def work() -> int:
        threads.append(QThread.currentThread())
        release.wait(5)
        return 7

    run_op(widget, work, lambda n: results.append((n, QThread.currentThread())), disable=[button])
    # While the work runs the widget is busy and the button disabled; the GUI thread is free.
    assert is_busy(widget) and widget.property("busy") is True
    assert not button.isEnabled()
    assert running_ops() == 1
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    gui = QApplication.instance().thread()  # type: ignore[union-attr]
    assert results == [(7, gui)]
    assert threads[0] is not gui
    assert not is_busy(widget) and widget.property("busy") is False
    assert button.isEnabled()
    assert running_ops() == 0


def test_run_op_latest_only_drops_stale_results(qtbot: QtBot) -> None:
    from desk_app.ui.kit.tasks import run_op, running_ops

    widget = QWidget()
    qtbot.addWidget(widget)
    first_may_end = threading.Event()
    results: list[str] = []

    def slow() -> str:
        first_may_end.wait(5)
        return "eski"

    run_op(widget, slow, results.append, latest_only="search")
    run_op(widget, lambda: "yeni", results.append, latest_only="search")
    qtbot.waitUntil(lambda: results == ["yeni"], timeout=5000)
    first_may_end.set()
    qtbot.waitUntil(lambda: running_ops() == 0, timeout=5000)
    assert results == ["yeni"]  # the older call's answer came later and was dropped


def test_run_op_failure_goes_to_on_failed_or_a_message_box(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.domain.errors import ValidationError
    from desk_app.services.uow import ConnectionLost
    from desk_app.ui.kit import dialogs
    from desk_app.ui.kit.tasks import run_op

    widget = QWidget()
    qtbot.addWidget(widget)
    failures: list[BaseException] = []

    def invalid() -> int:
        raise ValidationError("TC Kimlik No 11 haneli olmalı.", field="tc")

    run_op(widget, invalid, lambda _n: None, on_failed=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert isinstance(failures[0], ValidationError)

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "warning", lambda _p, title, text: shown.append((title, text)))

    def lost() -> int:
        raise ConnectionLost("sunucu yok")

    run_op(widget, lost, lambda _n: None, error_title="Kaydedilemedi")
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0][0] == "Kaydedilemedi"
    assert "Sunucuya bağlanılamıyor" in shown[0][1]


def test_run_op_delivers_nothing_to_a_closed_widget(qtbot: QtBot) -> None:
    from desk_app.ui.kit.tasks import run_op, running_ops

    widget = QWidget()
    release = threading.Event()
    results: list[int] = []

    def work() -> int:
        release.wait(5)
        return 1

    run_op(widget, work, results.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: running_ops() == 0, timeout=5000)
    QApplication.processEvents()
    assert results == []


def test_work_ending_after_its_owner_was_deleted_reports_nothing(
    qtbot: QtBot, capfd: pytest.CaptureFixture[str]
) -> None:
    # The program quits (or the window goes away) while a task still runs: its result has
    # nobody to go to, and the worker must not fail on the deleted object's signal.
    owner = QWidget()
    task = BackgroundTask(lambda _progress: release.wait(5) and 1, owner)
    release = threading.Event()
    results: list[object] = []
    task.finished.connect(results.append)
    task.start()
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner), timeout=5000)
    release.set()
    assert task._pool.waitForDone(5000)
    QApplication.processEvents()
    assert results == []
    assert "Signal source has been deleted" not in capfd.readouterr().err

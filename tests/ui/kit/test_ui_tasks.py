from __future__ import annotations

import threading
import time

import pytest
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

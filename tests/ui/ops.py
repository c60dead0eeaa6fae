"""Waiting for the window's background operations (``ui.kit.tasks.run_op``) in GUI tests."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QThreadPool
from pytestqt.qtbot import QtBot

from desk_app.ui.kit.tasks import running_ops


def wait_ops(qtbot: QtBot, timeout: int = 10_000) -> None:
    """Until every operation started so far has come back and delivered its result."""
    qtbot.waitUntil(lambda: running_ops() == 0, timeout=timeout)


def wait_idle(qtbot: QtBot, timeout: int = 20_000) -> None:
    """Until the window's operations and background tasks (list pages, summaries) have ended
    and their results have been delivered."""
    qtbot.waitUntil(
        lambda: running_ops() == 0 and QThreadPool.globalInstance().activeThreadCount() == 0,
        timeout=timeout,
    )
    QCoreApplication.processEvents()

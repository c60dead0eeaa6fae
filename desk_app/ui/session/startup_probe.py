"""Start-up timing for ``bench/run.py`` and the lazy-start test: off unless the environment
variable ``DESK_APP_STARTUP_PROBE`` names a file.

When set, the start-up flow writes one JSON object to that file: seconds from
``DESK_APP_STARTUP_T0`` (the ``time.time()`` of the process that launched desk-app, so the
interpreter's own start is counted) to the login window shown and, when
``DESK_APP_STARTUP_LOGIN`` holds ``user:password``, to the main window shown after logging in
with those credentials; plus which heavy modules were loaded by then. The program then quits.
Nothing is logged; the password never leaves this process.

The login is typed the way a person types it: not at the instant the window appears but once
the main window's modules, loaded in the background while the login window waits, are in
(at most ``TYPING_S`` seconds; ``preload_wait_s`` says how long that took). ``login_started_s``
is the Enter key, so "login → main window" is what the person waits for after pressing it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

HEAVY_MODULES = (
    "reportlab",
    "qrcode",
    "openpyxl",
    "PySide6.QtCharts",
    "PySide6.QtPdf",
    "desk_app.printing",
    "desk_app.services.applications.importer",
    "desk_app.services.reporting.report",
    "desk_app.demo",
)
_marks: dict[str, Any] = {}
TYPING_S = 5.0  # a person takes longer than this to type a user name and a password
GIVE_UP_S = 60.0  # no main window this long after Enter: the login was refused or hangs
PRELOAD_THREAD = "preload-main-window"  # desk_app.ui.app's background import


def enabled() -> bool:
    return bool(os.environ.get("DESK_APP_STARTUP_PROBE"))


def _elapsed() -> float:
    t0 = float(os.environ.get("DESK_APP_STARTUP_T0") or time.time())
    return round(time.time() - t0, 4)


def _write() -> None:
    _marks["heavy_modules"] = [m for m in HEAVY_MODULES if m in sys.modules]
    with open(os.environ["DESK_APP_STARTUP_PROBE"], "w", encoding="utf-8") as fh:
        json.dump(_marks, fh)


def _quit(code: int = 0) -> None:
    _write()
    QApplication.exit(code)


def _give_up() -> None:
    """The login never reached the main window (refused, or an error dialog waits for a
    click): say so and end, instead of leaving the benchmark waiting."""
    if "main_shown_s" not in _marks:
        _marks["error"] = f"no main window {GIVE_UP_S:.0f} s after Enter (login refused?)"
        _quit(1)


def login_shown(window: QWidget) -> None:
    """Called right after the login window's show(): the next turn of the event loop has
    painted it."""
    if not enabled():
        return

    def mark() -> None:
        _marks["login_shown_s"] = _elapsed()
        credentials = os.environ.get("DESK_APP_STARTUP_LOGIN", "")
        if ":" not in credentials:
            _quit()
            return
        user, password = credentials.split(":", 1)
        username = window.findChild(QLineEdit, "username_edit")
        secret = window.findChild(QLineEdit, "password_edit")
        if username is None or secret is None:
            _marks["error"] = "login fields not found"
            _quit()
            return
        username.setText(user)
        secret.setText(password)
        typing_from = time.monotonic()

        def press_enter() -> None:
            preloading = any(t.name == PRELOAD_THREAD for t in threading.enumerate())
            if preloading and time.monotonic() - typing_from < TYPING_S:
                QTimer.singleShot(20, press_enter)  # still typing
                return
            _marks["preload_wait_s"] = round(time.monotonic() - typing_from, 4)
            _marks["login_started_s"] = _elapsed()
            QTimer.singleShot(int(GIVE_UP_S * 1000), _give_up)
            secret.returnPressed.emit()

        # From the next turn of the event loop: the preload thread starts there.
        QTimer.singleShot(50, press_enter)

    QTimer.singleShot(0, mark)


def main_shown() -> None:
    if not enabled():
        return

    def mark() -> None:
        _marks["main_shown_s"] = _elapsed()
        _quit()

    QTimer.singleShot(0, mark)

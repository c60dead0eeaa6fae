"""Start-up timing for ``bench/run.py`` and the lazy-start test: off unless the environment
variable ``DESK_APP_STARTUP_PROBE`` names a file.

When set, the start-up flow writes one JSON object to that file: seconds from
``DESK_APP_STARTUP_T0`` (the ``time.time()`` of the process that launched desk-app, so the
interpreter's own start is counted) to the login window shown and, when
``DESK_APP_STARTUP_LOGIN`` holds ``user:password``, to the main window shown after logging in
with those credentials; plus which heavy modules were loaded by then. The program then quits.
Nothing is logged; the password never leaves this process.
"""

from __future__ import annotations

import json
import os
import sys
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


def enabled() -> bool:
    return bool(os.environ.get("DESK_APP_STARTUP_PROBE"))


def _elapsed() -> float:
    t0 = float(os.environ.get("DESK_APP_STARTUP_T0") or time.time())
    return round(time.time() - t0, 4)


def _write() -> None:
    _marks["heavy_modules"] = [m for m in HEAVY_MODULES if m in sys.modules]
    with open(os.environ["DESK_APP_STARTUP_PROBE"], "w", encoding="utf-8") as fh:
        json.dump(_marks, fh)


def _quit() -> None:
    _write()
    QApplication.exit(0)


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
        _marks["login_started_s"] = _elapsed()
        secret.returnPressed.emit()

    QTimer.singleShot(0, mark)


def main_shown() -> None:
    if not enabled():
        return

    def mark() -> None:
        _marks["main_shown_s"] = _elapsed()
        _quit()

    QTimer.singleShot(0, mark)

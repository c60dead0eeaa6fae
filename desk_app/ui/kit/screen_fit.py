"""Windows sized for the screen they open on: at 1366×768, and at 150 % display scaling (about
910×512 logical pixels), the buttons of a 860×760 form were below the screen's edge."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the window frame and title bar, which do not exist yet before the first show.
FRAME_ALLOWANCE = (16, 40)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """``window.resize(width, height)``, but never larger than the free area of the screen it
    will open on (minus its frame); the layout squeezes or scrolls instead."""
    # Before the first show the window has no screen of its own: the primary one (asking the
    # widget for it then made PySide6 crash later while collecting garbage).
    handle = window.windowHandle()
    screen = handle.screen() if handle is not None else QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, max(window.minimumWidth(), area.width() - FRAME_ALLOWANCE[0]))
        height = min(height, max(window.minimumHeight(), area.height() - FRAME_ALLOWANCE[1]))
    window.resize(width, height)

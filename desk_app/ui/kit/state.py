"""Window geometry and column widths kept between runs (QSettings; nothing else lives there).

The composition root sets the organisation and application names and the INI format; tests point
QSettings at a temporary folder so the real user's settings are never touched.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QWidget


def ui_settings() -> QSettings:
    return QSettings()


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def save_window_state(window: QWidget, key: str) -> None:
    store = ui_settings()
    store.setValue(f"{key}/geometry", window.saveGeometry())
    if isinstance(window, QMainWindow):
        store.setValue(f"{key}/state", window.saveState())
    store.sync()


def restore_window_state(window: QWidget, key: str) -> bool:
    """True when a saved geometry was found and applied."""
    store = ui_settings()
    geometry = _bytes(store.value(f"{key}/geometry"))
    if geometry is None or not window.restoreGeometry(geometry):
        return False
    state = _bytes(store.value(f"{key}/state"))
    if isinstance(window, QMainWindow) and state is not None:
        window.restoreState(state)
    return True


def save_header_state(header: QHeaderView, key: str) -> None:
    """Column widths and order of a table, e.g. ``save_header_state(view.horizontalHeader(),
    "applications")``."""
    store = ui_settings()
    store.setValue(f"headers/{key}", header.saveState())
    store.sync()


def restore_header_state(header: QHeaderView, key: str) -> bool:
    state = _bytes(ui_settings().value(f"headers/{key}"))
    return state is not None and header.restoreState(state)

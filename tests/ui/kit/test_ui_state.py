from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.state import restore_header_state, save_header_state, ui_settings
from desk_app.ui.main_window import MainWindow


def test_geometry_is_saved_and_restored(
    qtbot: QtBot, admin_ctx: AppContext, ui_settings_dir: Path
) -> None:
    first = MainWindow(admin_ctx, idle_lock_ms=0)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(1000, 600)
    qtbot.waitUntil(lambda: first.size().width() == 1000)
    with qtbot.waitSignal(first.closed, timeout=2000):
        first.close()
    # Written to the test's own folder, never to the real user's settings.
    assert ui_settings().fileName().startswith(str(ui_settings_dir))
    assert list(ui_settings_dir.rglob("*.ini"))

    second = MainWindow(admin_ctx, idle_lock_ms=0)
    qtbot.addWidget(second)
    assert (second.size().width(), second.size().height()) == (1000, 600)

    fresh = MainWindow(admin_ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(fresh)
    # 1366×768 when the screen has room for it and its frame; here the screen is 1366×768.
    from desk_app.ui.kit.screen_fit import FRAME_ALLOWANCE

    # The primary screen: asking a window that was never shown for its screen leaves PySide6
    # a wrapper whose collection crashes a later test (see ui.kit.screen_fit).
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    area = screen.availableGeometry()
    assert fresh.size().width() == min(1366, area.width() - FRAME_ALLOWANCE[0])
    assert fresh.size().height() == min(768, area.height() - FRAME_ALLOWANCE[1])


def test_column_widths_are_kept_by_key(qtbot: QtBot) -> None:
    def table() -> QTableView:
        view = QTableView()
        qtbot.addWidget(view)
        model = QStandardItemModel(3, 4, view)
        view.setModel(model)
        return view

    view = table()
    view.horizontalHeader().resizeSection(2, 321)
    save_header_state(view.horizontalHeader(), "applications")

    again = table()
    assert restore_header_state(again.horizontalHeader(), "applications")
    assert again.horizontalHeader().sectionSize(2) == 321
    other = table()
    assert not restore_header_state(other.horizontalHeader(), "deliveries")

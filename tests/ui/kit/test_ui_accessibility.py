"""Every page works with the keyboard alone and its controls have accessible names."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desk_app.ui.kit.accessibility import (
    clean_label,
    fill_accessible_names,
    is_interactive,
    missing_accessible_names,
    reachable_by_tab,
)
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.page import BasePage
from desk_app.ui.main_window import MainWindow

PAGES = ["requests", "applications", "delivery", "scan", "summary"]

# The controls a clerk must reach with Tab on each page (attribute names on the page).
MAIN_CONTROLS = {
    "requests": ["status_combo", "table"],
    "applications": ["table"],
    "delivery": [],
    "scan": ["scan_edit", "pickup_table"],
    "summary": [],
}


def _describe(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or '?'})"


@pytest.fixture
def window(qtbot: QtBot, admin_ctx: AppContext) -> MainWindow:
    window = MainWindow(admin_ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _show(qtbot: QtBot, window: MainWindow, key: str) -> BasePage:
    window.show_page(key)
    page = window.page(key)
    qtbot.waitUntil(page.isVisible)
    QApplication.processEvents()
    fill_accessible_names(page, page.title())  # also the widgets a page built after its first show
    return page


def test_clean_label() -> None:
    assert clean_label("&Durum:") == "Durum"
    assert clean_label("Mü&dürlük") == "Müdürlük"
    assert clean_label("<b>Ekip</b> listesi") == "Ekip listesi"
    assert clean_label("Tom && Jerry") == "Tom & Jerry"


def test_fill_uses_buddy_then_placeholder(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("&Kanal:")
    with_buddy, with_placeholder, named = QLineEdit(), QLineEdit(), QLineEdit()
    label.setBuddy(with_buddy)
    with_placeholder.setPlaceholderText("Referans veya konu")
    named.setAccessibleName("Önceden verilmiş")
    for w in (label, with_buddy, with_placeholder, named):
        layout.addWidget(w)
    fill_accessible_names(root)
    assert with_buddy.accessibleName() == "Kanal"
    assert with_placeholder.accessibleName() == "Referans veya konu"
    assert named.accessibleName() == "Önceden verilmiş"


@pytest.mark.parametrize("key", PAGES)
def test_page_controls_have_accessible_names(qtbot: QtBot, window: MainWindow, key: str) -> None:
    page = _show(qtbot, window, key)
    missing = missing_accessible_names(page)
    assert not missing, f"{key}: unnamed controls: {[_describe(w) for w in missing]}"


@pytest.mark.parametrize("key", PAGES)
def test_page_controls_take_tab_focus(qtbot: QtBot, window: MainWindow, key: str) -> None:
    page = _show(qtbot, window, key)
    controls = [w for w in page.findChildren(QWidget) if is_interactive(w) and w.isVisibleTo(page)]
    assert controls, key
    unreachable = [w for w in controls if w.isEnabled() and not reachable_by_tab(w)]
    # Tool-like buttons may be click-only; inputs and lists must take Tab.
    unreachable = [w for w in unreachable if not type(w).__name__.endswith("Button")]
    assert not unreachable, f"{key}: {[_describe(w) for w in unreachable]}"


@pytest.mark.parametrize("key", PAGES)
def test_tab_order_reaches_main_controls(qtbot: QtBot, window: MainWindow, key: str) -> None:
    page = _show(qtbot, window, key)
    window.activateWindow()
    targets = [getattr(page, name) for name in MAIN_CONTROLS[key]]
    if not targets:  # at least the first enabled control of the page
        targets = [
            next(
                w
                for w in page.findChildren(QWidget)
                if is_interactive(w)
                and w.isVisibleTo(page)
                and w.isEnabled()
                and reachable_by_tab(w)
            )
        ]
    start = window.search_edit
    start.setFocus()
    seen: list[QWidget] = []
    widget: QWidget = start
    for _ in range(400):  # walk the window's Tab chain once round
        following = widget.nextInFocusChain()
        assert following is not None
        widget = following
        if widget is start:
            break
        if widget.isVisible() and widget.isEnabled() and reachable_by_tab(widget):
            seen.append(widget)
    for target in targets:
        assert any(w is target or target.isAncestorOf(w) for w in seen), (
            f"{key}: Tab never reaches {_describe(target)}"
        )

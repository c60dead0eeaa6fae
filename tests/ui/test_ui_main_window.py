from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.main_window import MainWindow
from tests.ui.ops import wait_idle

ALL_PAGES = ["requests", "applications", "delivery", "scan", "summary", "notify"]


def _window(qtbot: QtBot, ctx: AppContext, **kwargs: object) -> MainWindow:
    kwargs.setdefault("idle_lock_ms", 0)
    window = MainWindow(ctx, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _sidebar_titles(window: MainWindow, *, visible: bool) -> list[str]:
    items = [window.sidebar.item(i) for i in range(window.sidebar.count())]
    return [item.text() for item in items if item.isHidden() is not visible]


def test_admin_sees_every_page(qtbot: QtBot, admin_ctx: AppContext) -> None:
    window = _window(qtbot, admin_ctx)
    assert window.page_keys() == ALL_PAGES
    assert _sidebar_titles(window, visible=True) == [
        "Ön Masa",
        "Başvurular",
        "Teslimat",
        "Tarama",
        "Özet",
        "Bildirimler",
    ]
    assert window.current_page.key == "requests"
    assert type(window.current_page).__name__ == "FrontDeskPage"
    assert all(type(p).__name__.endswith("Page") for p in window.pages)
    assert window.show_page("summary")
    assert window.current_page.key == "summary"


def test_a_page_is_built_when_first_shown(qtbot: QtBot, admin_ctx: AppContext) -> None:
    """Only the first page is made with the window (it shows sooner after the login); another
    when it is first shown, once."""
    window = _window(qtbot, admin_ctx)

    def built() -> list[str]:
        stack = window.page_stack
        return [type(stack.widget(i)).__name__ for i in range(stack.count())]

    assert built() == ["FrontDeskPage"]
    with qtbot.waitSignal(window.page_changed, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert built() == ["FrontDeskPage", "DeliveryPage"]
    delivery = window.current_page
    assert window.current_page.isVisible()
    window.show_page("requests")
    window.show_page("delivery")
    assert window.current_page is delivery and len(built()) == 2
    assert window.page("summary") is window.page("summary")
    assert built() == ["FrontDeskPage", "DeliveryPage", "SummaryPage"]
    assert window.current_page is delivery
    assert [type(p).__name__ for p in window.pages] == [
        "FrontDeskPage",
        "ApplicationsPage",
        "DeliveryPage",
        "ScanPage",
        "SummaryPage",
        "NotificationsPage",
    ]
    wait_idle(qtbot)


def test_summary_is_hidden_for_the_desk_role(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    window = _window(qtbot, clerk_ctx)
    assert window.page_keys() == ALL_PAGES[:4]
    assert _sidebar_titles(window, visible=False) == ["Özet", "Bildirimler"]
    assert not window.show_page("summary")
    with qtbot.assertNotEmitted(window.page_changed):
        qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page.key == "requests"


def test_ctrl_number_switches_page(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    window = _window(qtbot, clerk_ctx)
    with qtbot.waitSignal(window.page_changed, timeout=2000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["applications"]
    assert window.current_page.key == "applications"
    assert window.sidebar.currentRow() == 1
    with qtbot.waitSignal(window.page_changed, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page.key == "scan"


def test_clicking_the_side_bar_switches_page(qtbot: QtBot, admin_ctx: AppContext) -> None:
    window = _window(qtbot, admin_ctx)
    rect = window.sidebar.visualItemRect(window.sidebar.item(2))
    with qtbot.waitSignal(window.page_changed, timeout=2000):
        qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page.key == "delivery"


def test_ctrl_f_focuses_the_search_box(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    window = _window(qtbot, clerk_ctx)
    window.sidebar.setFocus()
    qtbot.waitUntil(window.sidebar.hasFocus)
    window.search_edit.setText("12345678950")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search_edit.hasFocus)
    assert window.search_edit.selectedText() == "12345678950"
    assert window.search_edit.placeholderText() == (
        "TC, telefon, ad soyad veya başvuru no (Ctrl+F)"
    )
    with qtbot.waitSignal(window.search_submitted, timeout=2000) as blocker:
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert blocker.args == ["12345678950"]


def test_status_bar_shows_user_and_database(
    qtbot: QtBot, admin_ctx: AppContext, clerk_ctx: AppContext
) -> None:
    window = _window(qtbot, clerk_ctx)
    assert window.user_label.text() == "Kullanıcı: İrem Çelik (Masa görevlisi)"
    assert window.database_label.text() == f"Veritabanı: {clerk_ctx.db.describe()}"
    assert window.user_label.isVisible() and window.database_label.isVisible()
    other = _window(qtbot, admin_ctx)
    assert other.user_label.text() == "Kullanıcı: Ayşe Yılmaz (Yönetici)"


def test_the_title_names_the_app_once(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    """Qt appends the display name to every window title; the window must not repeat it."""
    import inspect

    from desk_app.ui import app

    window = _window(qtbot, clerk_ctx)
    assert window.windowTitle() == "Çorum Belediyesi"
    assert 'setApplicationDisplayName(tr("Gönül Kapısı Ön Masa"))' in inspect.getsource(app)


def test_about_goes_through_the_dialogs_module(
    qtbot: QtBot, admin_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "info", lambda _parent, title, text: shown.append((title, text)))
    window = _window(qtbot, admin_ctx)
    window.about_action.trigger()
    assert shown and shown[0][0] == "Hakkında"
    assert "Çorum Belediyesi" in shown[0][1]


def test_menus_offer_lock_and_quit(qtbot: QtBot, admin_ctx: AppContext) -> None:
    window = _window(qtbot, admin_ctx)
    assert window.lock_action.text() == "Oturumu kilitle"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert window.quit_action.text() == "Çıkış"
    with qtbot.waitSignal(window.closed, timeout=2000):
        window.quit_action.trigger()
    QCoreApplication.processEvents()
    assert not window.isVisible()


def test_f1_opens_the_guide_where_the_screen_is_explained(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    from desk_app.ui.kit.help import TOPICS, docs_dir

    window = _window(qtbot, clerk_ctx)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_page("delivery")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    source = dialog.browser.source().toLocalFile()
    assert source.endswith("masa-gorevlisinin-gunu.md")
    text = dialog.browser.toPlainText()
    assert "6. Teslimat planlamak" in text and "Ctrl+F" not in text[:200]
    # The visible part starts at the section, not at the top of the page.
    assert dialog.browser.verticalScrollBar().value() > 0
    # Every topic names a real page and a heading that is on it.
    folder = docs_dir()
    assert folder is not None
    for page, heading in TOPICS.values():
        assert heading in (folder / page).read_text(encoding="utf-8"), (page, heading)
    help_menu = window.menuBar().actions()[-1].menu()
    assert isinstance(help_menu, QMenu)
    assert "Kullanım kılavuzu" in [a.text() for a in help_menu.actions()]


def test_the_main_window_with_its_frame_fits_the_screen(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    """1366×768 plus the frame put the status bar below a 1366×768 screen's edge."""
    window = _window(qtbot, clerk_ctx)
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert area.contains(frame.topLeft()) and area.contains(frame.bottomRight()), (frame, area)
    status = window.statusBar()
    bottom = status.mapToGlobal(status.rect().bottomLeft())
    assert area.contains(bottom)

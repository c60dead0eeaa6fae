"""Dialogs stay on the screen: at 150 % display scaling a 1366×768 desk screen leaves about
910×510 logical pixels, and a form's Kaydet/Kapat buttons must remain reachable."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desk_app.ui.delivery.stock_dialog import StockDialog
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.widgets import keep_on_screen


def test_a_dialog_taller_than_the_screen_is_fitted_into_it(
    qtbot: QtBot, admin_ctx: AppContext
) -> None:
    dialog = StockDialog(admin_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    dialog.resize(area.width() + 400, area.height() + 600)
    dialog.move(area.right() - 50, area.bottom() - 50)
    keep_on_screen(dialog)
    assert dialog.width() <= area.width()
    assert dialog.height() <= area.height()
    frame = dialog.frameGeometry()
    assert area.left() <= frame.left() and frame.right() <= area.right()
    assert area.top() <= frame.top()

"""Dialogs stay on the screen: at 150 % display scaling a 1366×768 desk screen leaves about
910×510 logical pixels, and a form's Kaydet/Kapat buttons must remain reachable."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from desk_app.ui.delivery.stock_dialog import StockDialog
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.widgets import keep_on_screen
from tests.ui.ops import wait_ops


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


def test_every_big_dialog_and_the_main_window_open_inside_the_screen(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Any
) -> None:
    """The new-application form (860×760), the application view (1000×760), the request view,
    the citizen card (the main window: test_ui_main_window) on a 1366×768 screen: each
    shown window lies inside the free area, so its buttons and status bar are reachable."""
    from desk_app.services import citizens, requests
    from desk_app.services.applications import register_application
    from desk_app.services.applications.common import ApplicationInput
    from desk_app.services.citizens.input import CitizenInput
    from desk_app.services.requests.records import RequestInput
    from desk_app.ui.applications.detail_dialog import ApplicationDetailDialog
    from desk_app.ui.applications.form_dialog import ApplicationFormDialog
    from desk_app.ui.citizens.card_dialog import CitizenCardDialog
    from desk_app.ui.requests.detail_dialog import RequestDetailDialog

    db = clerk_ctx.db
    result = register_application(
        db,
        clerk,
        ApplicationInput(
            parent=CitizenInput(
                first_name="Zeynep", last_name="Arslan", phone="0532 111 22 33",
                mahalle="Ulukavak", street="Gazi Cad.", building_no="3",
            ),
            baby_first_name="Elif", baby_last_name="Arslan",
            baby_birth_date=date.today() - timedelta(days=20), notice_acknowledged=True,
        ),
    )  # fmt: skip
    app_detail = __import__("desk_app.services.applications", fromlist=["x"]).get_application(
        db, clerk, result.id
    )
    from desk_app.services import lookups

    fen = next(d.id for d in lookups.list_directorates(db) if d.short == "FEN")
    request = requests.create_request(
        db,
        clerk,
        RequestInput(citizen_id=app_detail.citizen_id, directorate_id=fen, subject="Park"),
    )
    card = citizens.get_citizen_card(db, clerk, app_detail.citizen_id)
    windows = [
        ApplicationFormDialog(clerk_ctx),
        ApplicationDetailDialog(clerk_ctx, result.id),
        RequestDetailDialog(clerk_ctx, request.id),
        CitizenCardDialog(clerk_ctx, card),
    ]
    for window in windows:
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_ops(qtbot)  # filled in: what arrives off the GUI thread is shown
        area = window.screen().availableGeometry()
        frame = window.frameGeometry()
        name = window.objectName()
        assert area.contains(frame.topLeft()) and area.contains(frame.bottomRight()), (
            name,
            frame,
            area,
        )

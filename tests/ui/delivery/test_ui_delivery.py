"""The Teslimat page: the week grid from real bookings, booking from the unbooked list (one and
in bulk), a full day refused inside the dialog, the day list (route order, move, outcome) and
the set-up dialogs (hidden for the desk role, working for a supervisor)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desk_app.domain.clock import local_today
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.services.applications.query import get_application
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import TeamRow
from desk_app.services.delivery.plan import team_day_deliveries, unbooked_applications
from desk_app.services.delivery.setup import get_stock_status, list_pickup_windows, list_teams
from desk_app.ui.delivery.booking_dialog import BookingDialog, MoveDialog
from desk_app.ui.delivery.bulk_dialog import BulkBookDialog
from desk_app.ui.delivery.day_dialog import DeliveryDayDialog
from desk_app.ui.delivery.models import GridCell
from desk_app.ui.delivery.outcome_dialog import DeliveryOutcomeDialog
from desk_app.ui.delivery.page import DeliveryPage
from desk_app.ui.delivery.setup_dialogs import PickupWindowsDialog, TeamsDialog
from desk_app.ui.delivery.stock_dialog import StockDialog
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from tests.services.delivery.delivery_fixtures import approved, make_stock, make_teams, make_windows
from tests.ui.ops import wait_ops

HOME = DeliveryKind.HOME


def next_workday() -> date:
    """The first Monday-to-Friday day a booking may take (bookings start tomorrow)."""
    day = local_today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def gone(dialog: QDialog) -> bool:
    """Closed (the page's dialogs delete themselves when closed)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


@pytest.fixture(autouse=True)
def closing_never_asks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    yield


@dataclass
class Setup:
    teams: list[TeamRow]
    apps: list[tuple[int, int]]
    day: date


def set_up(db: Any, admin: Actor, capacities: tuple[int, ...] = (3, 3), apps: int = 2) -> Setup:
    teams = make_teams(db, admin, capacities)
    make_windows(db, admin)
    make_stock(db, admin, 20)
    made = [
        approved(db, admin, "Ulukavak", seed=i, applied_days_ago=20 - i, building=str(10 + i))
        for i in range(apps)
    ]
    return Setup(teams, made, next_workday())


def book_home(ctx: AppContext, app: tuple[int, int], team_id: int, day: date) -> int:
    result = book(ctx.db, ctx.user, app[0], app[1], HOME, day, team_id=team_id)
    return result.delivery.id


def open_page(qtbot: QtBot, ctx: AppContext, day: date) -> DeliveryPage:
    page = DeliveryPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    if page.week_start != day - timedelta(days=day.weekday()):
        with qtbot.waitSignal(page.loaded, timeout=10000):
            page.show_week(day)
    return page


def reload(qtbot: QtBot, page: DeliveryPage) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh_data()


def cell_text(page: DeliveryPage, team_id: int | None, day: date) -> str:
    return str(page.grid_model.index_of(team_id, day).data())


def open_day(qtbot: QtBot, page: DeliveryPage, team: TeamRow, day: date) -> DeliveryDayDialog:
    index = page.grid_model.index_of(team.id, day)
    with qtbot.waitSignal(page.dialog_opened) as opened:
        page.on_grid_clicked(index)
    dialog = opened.args[0]
    assert isinstance(dialog, DeliveryDayDialog)
    wait_ops(qtbot)  # the day's rows load off the GUI thread
    return dialog


def child_dialog(qtbot: QtBot, day_dialog: DeliveryDayDialog, button: Any) -> Any:
    with qtbot.waitSignal(day_dialog.dialog_opened) as opened:
        button.click()
    return opened.args[0]


def test_the_grid_shows_booked_over_capacity(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    s = set_up(clerk_ctx.db, admin, apps=3)
    book_home(clerk_ctx, s.apps[0], s.teams[0].id, s.day)
    book_home(clerk_ctx, s.apps[1], s.teams[0].id, s.day)
    page = open_page(qtbot, clerk_ctx, s.day)
    assert cell_text(page, s.teams[0].id, s.day).startswith("2/3")
    assert "1 mah." in cell_text(page, s.teams[0].id, s.day)
    assert cell_text(page, s.teams[1].id, s.day).startswith("0/3")
    assert cell_text(page, None, s.day).startswith("0/4")  # two windows of two
    saturday = s.day + timedelta(days=5 - s.day.weekday())
    if saturday in page.plan.days:  # type: ignore[union-attr]
        assert cell_text(page, s.teams[0].id, saturday) == "—"
    assert page.unbooked_model.rowCount() == 1
    assert "20 set elde" in page.stock_label.text()
    assert not page.teams_button.isVisibleTo(page)  # the desk role sets nothing up


def test_booking_the_selected_application_moves_it_to_the_grid(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    s = set_up(clerk_ctx.db, admin)
    page = open_page(qtbot, clerk_ctx, s.day)
    assert page.unbooked_model.rowCount() == 2
    oldest = page.unbooked_model.row_at(0)
    assert oldest is not None and oldest.application_id == s.apps[0][0]
    page.unbooked_table.selectRow(0)
    assert page.book_button.isEnabled()
    with qtbot.waitSignal(page.dialog_opened) as opened:
        page.book_button.click()
    dialog = opened.args[0]
    assert isinstance(dialog, BookingDialog)
    assert not dialog.save_button.isEnabled()  # busy until the suggestions arrive
    wait_ops(qtbot)  # the suggestions and the day's places load off the GUI thread
    assert dialog.loaded and dialog.save_button.isEnabled()
    assert dialog.suggestion_radios and dialog.suggestion_radios[0].isChecked()
    dialog.manual_radio.setChecked(True)
    dialog.chooser.set_place(HOME, s.day, s.teams[1].id)
    wait_ops(qtbot)
    assert "3 boş" in dialog.chooser.team_combo.currentText()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        dialog.save_button.click()
    assert gone(dialog)
    assert [r.application_id for r in page.unbooked_model.rows()] == [s.apps[1][0]]
    assert cell_text(page, s.teams[1].id, s.day).startswith("1/3")
    assert oldest.reference in page.status_label.text()


def test_a_full_day_is_refused_in_the_dialog_which_stays_open(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    s = set_up(clerk_ctx.db, admin, capacities=(1,))
    book_home(clerk_ctx, s.apps[0], s.teams[0].id, s.day)
    page = open_page(qtbot, clerk_ctx, s.day)
    assert cell_text(page, s.teams[0].id, s.day).startswith("1/1")
    row = page.unbooked_model.row_at(0)
    assert row is not None
    dialog = page.open_booking(row)
    wait_ops(qtbot)
    dialog.manual_radio.setChecked(True)
    dialog.chooser.set_place(HOME, s.day, s.teams[0].id)
    wait_ops(qtbot)
    assert "dolu" in dialog.chooser.team_combo.currentText()
    dialog.save_button.click()
    dialog.save_button.click()  # a second click while the first save waits does nothing
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert "dolu" in dialog.error.text()
    assert dialog.manual_radio.isChecked()
    assert dialog.chooser.day() == s.day
    assert dialog.chooser.team_combo.currentData() == s.teams[0].id
    assert [r.application_id for r in unbooked_applications(clerk_ctx.db, clerk_ctx.user)] == [
        s.apps[1][0]
    ]
    dialog.reject()


def test_a_waiting_save_is_sent_once_and_closing_meanwhile_asks_first(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save runs off the GUI thread: until it answers the dialog is clearly busy, a
    second Enter sends nothing, and Esc asks before leaving."""
    s = set_up(clerk_ctx.db, admin)
    page = open_page(qtbot, clerk_ctx, s.day)
    row = page.unbooked_model.row_at(0)
    assert row is not None
    dialog = page.open_booking(row)
    wait_ops(qtbot)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, **_k: asked.append(text))
    dialog.save_button.click()  # the answer comes back through the event loop, not yet run
    assert dialog.saving and not dialog.save_button.isEnabled()
    assert not dialog.cancel_button.isEnabled()
    dialog.on_save_clicked()  # a second Enter
    dialog.reject()  # Esc
    assert asked and "Kayıt sürüyor" in asked[0]
    assert dialog.isVisible()  # "Forma dön"
    qtbot.waitUntil(lambda: gone(dialog), timeout=10_000)
    assert [r.application_id for r in unbooked_applications(clerk_ctx.db, admin)] == [s.apps[1][0]]


def test_what_is_typed_while_a_set_up_list_loads_is_kept(
    qtbot: QtBot, ctx: AppContext, admin: Actor, supervisor: Actor
) -> None:
    make_teams(ctx.db, admin)
    teams = TeamsDialog(ctx.with_actor(supervisor))
    qtbot.addWidget(teams)
    teams.show()
    assert teams.loading and teams.model.rowCount() == 0
    assert teams.notice.text() == "Liste yükleniyor…"
    teams.name_edit.setText("Ekip Şehir")
    wait_ops(qtbot)
    assert not teams.loading and teams.model.rowCount() == 2
    assert teams.notice.text() == ""
    assert teams.name_edit.text() == "Ekip Şehir" and teams.editing_id is None


def test_bulk_booking_books_all_and_shows_the_result(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    s = set_up(clerk_ctx.db, admin, apps=4)
    page = open_page(qtbot, clerk_ctx, s.day)
    page.select_applications([s.apps[0][0], s.apps[2][0]])
    assert not page.book_button.isEnabled()  # one at a time
    dialog = page.on_bulk_clicked()
    assert isinstance(dialog, BulkBookDialog)
    assert dialog.selected_radio.isChecked()
    assert dialog.chosen_ids() == [s.apps[0][0], s.apps[2][0]]
    dialog.all_radio.setChecked(True)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("home"))
    with qtbot.waitSignal(dialog.bulk_booked, timeout=10000):
        dialog.save_button.click()
    assert dialog.result_value is not None and len(dialog.result_value.booked) == 4
    assert "4 başvuru planlandı" in dialog.status_label.text()
    assert dialog.save_button.text() == "Kapat"
    qtbot.waitUntil(lambda: page.unbooked_model.rowCount() == 0, timeout=10000)
    dialog.save_button.click()
    assert gone(dialog)


def test_route_order_moves_up_and_down_and_back_to_automatic(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    s = set_up(clerk_ctx.db, admin, apps=3)
    for app in s.apps:
        book_home(clerk_ctx, app, s.teams[0].id, s.day)
    automatic = [r.id for r in team_day_deliveries(clerk_ctx.db, admin, s.teams[0].id, s.day)]
    page = open_page(qtbot, clerk_ctx, s.day)
    day = open_day(qtbot, page, s.teams[0], s.day)
    assert [r.id for r in day.model.rows()] == automatic
    assert day.model.index(0, 0).data() == "1"
    day.select_delivery(automatic[0])
    assert not day.up_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        day.down_button.click()
    wait_ops(qtbot)
    wanted = [automatic[1], automatic[0], automatic[2]]
    assert [r.id for r in day.model.rows()] == wanted
    assert day.selected_row() is not None and day.selected_row().id == automatic[0]  # type: ignore[union-attr]
    stored = team_day_deliveries(clerk_ctx.db, admin, s.teams[0].id, s.day)
    assert [r.id for r in stored] == wanted
    day.up_button.click()
    wait_ops(qtbot)
    day.down_button.click()
    wait_ops(qtbot)
    day.auto_button.click()
    wait_ops(qtbot)
    assert [r.id for r in day.model.rows()] == automatic
    day.close()


def test_moving_a_delivery_to_another_team(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    s = set_up(clerk_ctx.db, admin, capacities=(3, 1), apps=3)
    first = book_home(clerk_ctx, s.apps[0], s.teams[0].id, s.day)
    second = book_home(clerk_ctx, s.apps[1], s.teams[0].id, s.day)
    book_home(clerk_ctx, s.apps[2], s.teams[1].id, s.day)  # team 2 is now full
    page = open_page(qtbot, clerk_ctx, s.day)
    day = open_day(qtbot, page, s.teams[0], s.day)
    day.select_delivery(first)
    move = child_dialog(qtbot, day, day.move_button)
    assert isinstance(move, MoveDialog)
    wait_ops(qtbot)  # the first bookable day and the day's places
    move.chooser.set_place(HOME, s.day, s.teams[1].id)
    wait_ops(qtbot)
    move.save_button.click()
    wait_ops(qtbot)
    assert move.isVisible() and "dolu" in move.error.text()
    move.chooser.set_place(DeliveryKind.PICKUP, s.day)
    assert move.chooser.place() is not None
    with qtbot.waitSignal(page.loaded, timeout=10000):
        move.save_button.click()
    assert gone(move)
    wait_ops(qtbot)
    assert [r.id for r in day.model.rows()] == [second]
    assert cell_text(page, s.teams[0].id, s.day).startswith("1/3")
    assert cell_text(page, None, s.day).startswith("1/4")
    day.close()


def test_outcomes_delivered_and_failed(qtbot: QtBot, clerk_ctx: AppContext, admin: Actor) -> None:
    s = set_up(clerk_ctx.db, admin)
    delivered = book_home(clerk_ctx, s.apps[0], s.teams[0].id, s.day)
    failing = book_home(clerk_ctx, s.apps[1], s.teams[0].id, s.day)
    page = open_page(qtbot, clerk_ctx, s.day)
    assert page.unbooked_model.rowCount() == 0
    day = open_day(qtbot, page, s.teams[0], s.day)

    day.select_delivery(delivered)
    outcome = child_dialog(qtbot, day, day.outcome_button)
    assert isinstance(outcome, DeliveryOutcomeDialog)
    assert outcome.outcome() is DeliveryOutcome.DELIVERED
    outcome.save_button.click()  # nobody named
    wait_ops(qtbot)
    assert outcome.isVisible()
    assert outcome.errors["teslim_alan"].isVisibleTo(outcome)
    outcome.received_edit.setText("Zeynep Arslan")
    outcome.save_button.click()  # no relation
    wait_ops(qtbot)
    assert outcome.errors["yakinlik"].isVisibleTo(outcome)
    assert outcome.received_edit.text() == "Zeynep Arslan"  # kept
    outcome.relation_combo.setCurrentText("Anne")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        outcome.save_button.click()
    assert gone(outcome)
    assert get_application(clerk_ctx.db, admin, s.apps[0][0]).status == "DELIVERED"
    assert get_stock_status(clerk_ctx.db, admin).on_hand == 19

    day.select_delivery(failing)
    outcome = child_dialog(qtbot, day, day.outcome_button)
    outcome.set_outcome(DeliveryOutcome.OTHER)
    outcome.save_button.click()
    wait_ops(qtbot)
    assert outcome.errors["aciklama"].isVisibleTo(outcome)
    outcome.set_outcome(DeliveryOutcome.NOT_HOME)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        outcome.save_button.click()
    assert outcome.isVisible() and outcome.result_frame.isVisibleTo(outcome)
    assert "listesine döndü" in outcome.result_label.text()
    assert "masadan" not in outcome.result_label.text()  # only one failed visit so far
    outcome.save_button.click()
    assert gone(outcome)
    assert [r.application_id for r in page.unbooked_model.rows()] == [s.apps[1][0]]
    assert page.unbooked_model.row_at(0).failed_attempts == 1  # type: ignore[union-attr]
    assert "Evde yok" in page.unbooked_model.index(0, 4).data()

    # A second failed visit: the next booking offers a desk pickup first.
    version = get_application(clerk_ctx.db, admin, s.apps[1][0]).version
    again = book_home(clerk_ctx, (s.apps[1][0], version), s.teams[0].id, s.day)
    day.reload()
    wait_ops(qtbot)
    day.select_delivery(again)
    outcome = child_dialog(qtbot, day, day.outcome_button)
    outcome.set_outcome(DeliveryOutcome.WRONG_ADDRESS)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        outcome.save_button.click()
    assert "masadan teslim önerilecek" in outcome.result_label.text()
    outcome.save_button.click()
    assert "Masadan teslim önerilir" in page.unbooked_model.index(0, 4).data()
    row = page.unbooked_model.row_at(0)
    assert row is not None
    booking = page.open_booking(row)
    wait_ops(qtbot)
    assert booking.notice.isVisibleTo(booking)
    assert booking.suggestions is not None
    assert booking.suggestions.suggestions[0].kind == DeliveryKind.PICKUP.value
    booking.reject()
    day.close()


def test_set_up_dialogs_for_a_supervisor(
    qtbot: QtBot, ctx: AppContext, admin: Actor, supervisor: Actor
) -> None:
    s = set_up(ctx.db, admin, apps=0)
    sup = ctx.with_actor(supervisor)
    page = open_page(qtbot, sup, s.day)
    assert page.teams_button.isVisibleTo(page)

    teams = page.open_teams()
    assert isinstance(teams, TeamsDialog)
    wait_ops(qtbot)  # the rows load off the GUI thread
    assert teams.model.rowCount() == 2
    teams.name_edit.setText("")
    teams.save_button.click()
    wait_ops(qtbot)
    assert "Ekip adı" in teams.error.text()
    teams.name_edit.setText("Ekip Şehir")
    teams.members_edit.setText("Ali Öz (şoför)")
    teams.capacity_spin.setValue(5)
    for check in teams.day_checks:
        check.setChecked(False)
    teams.save_button.click()
    wait_ops(qtbot)
    assert "çalışma günü" in teams.error.text()
    teams.day_checks[5].setChecked(True)  # Saturday only
    with qtbot.waitSignal(page.loaded, timeout=10000):
        teams.save_button.click()
    wait_ops(qtbot)
    saved = next(t for t in list_teams(ctx.db, admin) if t.name == "Ekip Şehir")
    assert saved.working_days == (6,) and saved.daily_capacity == 5
    assert teams.model.rowCount() == 3
    teams.table.selectRow(0)
    assert teams.name_edit.text() == teams.model.row_at(0).name  # type: ignore[union-attr]
    teams.accept()

    windows = page.open_windows()
    assert isinstance(windows, PickupWindowsDialog)
    wait_ops(qtbot)
    assert windows.model.rowCount() == 10
    windows.weekday_combo.setCurrentIndex(5)
    windows.end_edit.setTime(windows.start_edit.time())
    windows.save_button.click()
    wait_ops(qtbot)
    assert "Bitiş" in windows.error.text()
    windows.end_edit.setTime(windows.start_edit.time().addSecs(3600))
    windows.save_button.click()
    wait_ops(qtbot)
    assert any(w.weekday == 6 for w in list_pickup_windows(ctx.db, admin))
    windows.accept()

    stock = page.open_stock()
    assert isinstance(stock, StockDialog)
    wait_ops(qtbot)
    assert stock.model.rowCount() == 1
    stock.name_edit.setText("2026 Kış Seti")
    stock.contents_edit.setPlainText("Battaniye\n\nHırka\n")
    stock.save_button.click()
    wait_ops(qtbot)
    assert stock.model.rowCount() == 2
    new = stock.selected_row()
    assert new is not None and new.contents == ("Battaniye", "Hırka")
    stock.quantity_spin.setValue(0)
    stock.receive_button.click()
    wait_ops(qtbot)
    assert stock.receive_error.isVisibleTo(stock)
    stock.quantity_spin.setValue(15)
    stock.stock_note_edit.setText("İrsaliye 42")
    stock.receive_button.click()
    wait_ops(qtbot)
    assert get_stock_status(ctx.db, admin).on_hand == 35
    assert "35 set elde" in stock.summary.text()
    stock.accept()
    reload(qtbot, page)
    assert "35 set elde" in page.stock_label.text()


def test_the_desk_role_has_no_set_up_buttons(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    s = set_up(clerk_ctx.db, admin, apps=0)
    page = open_page(qtbot, clerk_ctx, s.day)
    for button in (page.teams_button, page.windows_button, page.stock_button):
        assert not button.isVisibleTo(page)
    assert not page.book_button.isEnabled()
    assert not page.bulk_button.isEnabled()


def test_week_navigation_and_polling(qtbot: QtBot, clerk_ctx: AppContext, admin: Actor) -> None:
    s = set_up(clerk_ctx.db, admin, apps=1)
    page = open_page(qtbot, clerk_ctx, s.day)
    start = page.week_start
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.next_button.click()
    assert page.week_start == start + timedelta(days=7)
    assert page.grid_model.headerData(0, page.grid.horizontalHeader().orientation()).startswith(
        "Pzt"
    )
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.today_button.click()
    assert page.week_start <= local_today() < page.week_start + timedelta(days=7)
    assert page.poll_timer.isActive()
    # Another desk books: the next poll shows it.
    page.show_week(s.day)
    qtbot.waitUntil(lambda: not page.is_loading)
    book_home(clerk_ctx, s.apps[0], s.teams[0].id, s.day)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.on_poll_timeout()
    assert cell_text(page, s.teams[0].id, s.day).startswith("1/3")
    page.hide()
    assert not page.poll_timer.isActive()
    QCoreApplication.processEvents()
    assert isinstance(page.open_day(GridCell(s.day, None, "Masadan teslim")), QDialog)


def test_the_stock_warning_stands_out_when_bookings_exceed_stock(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    teams = make_teams(clerk_ctx.db, admin)
    make_stock(clerk_ctx.db, admin, 1)
    apps = [approved(clerk_ctx.db, admin, seed=i, building=str(i + 1)) for i in range(2)]
    day = next_workday()
    page = open_page(qtbot, clerk_ctx, day)
    assert not page.stock_warning.isVisibleTo(page)
    for app in apps:
        book_home(clerk_ctx, app, teams[0].id, day)
    reload(qtbot, page)
    assert page.stock_warning.isVisibleTo(page)
    assert page.stock_warning.text() == get_stock_status(clerk_ctx.db, admin).warning
    assert "1 set elde · 2 planlı" in page.stock_label.text()


def test_printing_from_the_planner_and_reprinting_a_slip(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    from desk_app.services.delivery.slips import lookup_slip
    from desk_app.ui.delivery.slip_print_dialog import SlipPrintDialog
    from desk_app.ui.kit.pdf_preview_dialog import PdfPreviewDialog

    s = set_up(clerk_ctx.db, admin, apps=2)
    first = book_home(clerk_ctx, s.apps[0], s.teams[0].id, s.day)
    book_home(clerk_ctx, s.apps[1], s.teams[0].id, s.day)
    page = open_page(qtbot, clerk_ctx, s.day)
    batch = page.open_print_dialog()
    assert isinstance(batch, SlipPrintDialog)
    batch.close()
    day = open_day(qtbot, page, s.teams[0], s.day)
    assert day.print_button.isVisible() and day.reprint_button.isVisible()
    day.on_print_clicked()
    assert isinstance(day.print_dialog, SlipPrintDialog)
    day.print_dialog.close()
    # A reprint of the selected delivery shows the new slip; its token is the only valid one.
    day.select_delivery(first)
    day.reprint_button.click()
    wait_ops(qtbot)  # the PDF is written off the GUI thread
    assert isinstance(day.preview, PdfPreviewDialog)
    from desk_app.domain.slip_token import make_token
    from desk_app.services.delivery.slips import slip_secret
    from desk_app.services.uow import unit_of_work

    with unit_of_work(clerk_ctx.db) as session:
        secret = slip_secret(session)
    assert lookup_slip(clerk_ctx.db, clerk_ctx.user, make_token(secret, first, 1)).ok
    day.select_delivery(first)
    day.reprint_button.click()  # lost again
    wait_ops(qtbot)
    old = lookup_slip(clerk_ctx.db, clerk_ctx.user, make_token(secret, first, 1))
    assert (old.ok, old.reason) == (False, "voided")
    assert lookup_slip(clerk_ctx.db, clerk_ctx.user, make_token(secret, first, 2)).ok
    day.preview.close()
    day.close()

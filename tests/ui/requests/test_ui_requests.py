"""The Ön Masa request list: pages fetched on demand, filters against counts computed here,
highlighted rows, stale results dropped, another desk's request picked up by the poll."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select

from desk_app.db import Database
from desk_app.domain.clock import LOCAL_TZ, local_today
from desk_app.models import Channel, Citizen, Directorate, Request
from desk_app.services import requests as rq
from desk_app.services.context import Actor
from desk_app.services.requests.query import RequestFilter
from desk_app.services.requests.records import RequestInput
from desk_app.services.uow import read_only, unit_of_work
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.paged_table_model import PLACEHOLDER
from desk_app.ui.main_window import MainWindow
from desk_app.ui.requests.front_desk_page import FrontDeskPage
from desk_app.ui.requests.table_model import (
    COL_CATEGORY,
    COL_REFERENCE,
    COL_SUBJECT,
    HIGHLIGHT_INFORM_LATE,
    HIGHLIGHT_OVERDUE,
    HIGHLIGHT_ROLE,
    PAGE_SIZE,
    RequestTableModel,
)
from tests.ui.ops import wait_ops

OPEN = {"NEW", "FORWARDED", "IN_PROGRESS"}
STATUSES = ["NEW", "FORWARDED", "IN_PROGRESS", "RESOLVED", "REJECTED", "CLOSED"]


def _ids(db: Database) -> tuple[dict[str, int], dict[str, int]]:
    with read_only(db) as s:
        channels = {r.code: r.id for r in s.execute(select(Channel.code, Channel.id))}
        directorates = {r.short: r.id for r in s.execute(select(Directorate.short, Directorate.id))}
    return channels, directorates


def _bulk(db: Database, creators: list[int], n: int = 350, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` requests with one multi-row INSERT; returns the rows for counting in the test."""
    rnd = random.Random(seed)
    channels, directorates = _ids(db)
    now = datetime.now(UTC).replace(microsecond=0)
    today = local_today()
    # Answered requests have somebody to inform (anonymous ones are never "late to inform").
    with unit_of_work(db) as s:
        citizen = Citizen(
            first_name="Ayşe", last_name="Işık", name_folded="ayşe ışık", last_name_folded="ışık"
        )
        s.add(citizen)
        s.flush()
        citizen_id = citizen.id
    rows: list[dict[str, Any]] = []
    for i in range(n):
        status = rnd.choice(STATUSES)
        created = now - timedelta(hours=5 * i + 1)
        answered = now - timedelta(days=3) if status == "RESOLVED" and i % 2 else None
        rows.append(
            {
                "reference": f"GK-2025-{i + 1:06d}",
                "citizen_id": citizen_id if answered else None,
                "channel_id": channels[rnd.choice(["DESK", "WEB", "CIMER", "WHATSAPP"])],
                "category_id": None,
                "directorate_id": directorates[rnd.choice(["FEN", "SKM", "TEM"])],
                "subject": f"Talep {i + 1} " + rnd.choice(["su arızası", "çöp", "ışık"]),
                "description": "",
                "status": status,
                "due_date": today + timedelta(days=rnd.randint(-10, 10)),
                "answer_text": "Cevap" if answered else None,
                "answered_at": answered,
                "informed_at": None,
                "created_by_id": rnd.choice(creators),
                "created_at": created,
                "updated_at": created,
                "version": 1,
            }
        )
    with unit_of_work(db) as s:
        s.execute(insert(Request), rows)
    return rows


def _wait_loaded(qtbot: QtBot, model: RequestTableModel) -> None:
    qtbot.waitUntil(lambda: not model.is_loading and model.total is not None, timeout=10_000)


def _page(qtbot: QtBot, ctx: AppContext) -> FrontDeskPage:
    page = FrontDeskPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    _wait_loaded(qtbot, page.model)
    return page


# --- the model ----------------------------------------------------------------------------------


def test_model_loads_pages_on_demand_never_all_at_once(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    rows = _bulk(clerk_ctx.db, [clerk.user_id or 0])
    model = RequestTableModel(clerk_ctx)
    model.request_filter = RequestFilter()
    sizes: list[int] = []
    model.page_loaded.connect(sizes.append)
    with qtbot.waitSignal(model.count_changed, timeout=10_000) as counted:
        model.reload()
    assert counted.args == [350]
    _wait_loaded(qtbot, model)
    # A window over the whole list: every row has its place, only the first page is loaded.
    assert model.rowCount() == 350
    assert model.cached_pages == [0]
    assert not model.canFetchMore()
    # Newest first: the reference of row 0 is the request created last.
    assert model.index(0, COL_REFERENCE).data() == "GK-2025-000001"
    assert model.index(150, COL_REFERENCE).data() == PLACEHOLDER  # its page is asked for
    _wait_loaded(qtbot, model)
    assert sorted(model.cached_pages) == [0, 1]
    for first in range(0, 350, PAGE_SIZE):
        model.load_rows(first, first + PAGE_SIZE - 1)
        _wait_loaded(qtbot, model)
    assert sorted(model.cached_pages) == [0, 1, 2, 3]
    assert max(sizes) == PAGE_SIZE
    refs = [model.index(r, COL_REFERENCE).data() for r in range(model.rowCount())]
    assert refs == [r["reference"] for r in rows]  # every row once, in order
    model.fetchMore()  # counted: a no-op
    assert model.rowCount() == 350


def test_a_stale_result_from_an_older_filter_is_dropped(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    _bulk(clerk_ctx.db, [clerk.user_id or 0], n=30)
    model = RequestTableModel(clerk_ctx)
    model.set_filter(RequestFilter())
    old = model.generation
    model.set_filter(RequestFilter(statuses=("CLOSED",)))  # before the first one answered
    _wait_loaded(qtbot, model)
    expected = rq.count_requests(clerk_ctx.db, clerk_ctx.user, RequestFilter(statuses=("CLOSED",)))
    assert model.total == expected == model.rowCount()
    model.on_count_done((old, 999))  # the first filter's count arriving late
    assert model.total == expected


def test_overdue_and_late_informed_rows_stand_out(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    rows = _bulk(clerk_ctx.db, [clerk.user_id or 0], n=60)
    model = RequestTableModel(clerk_ctx)
    model.set_filter(RequestFilter())
    _wait_loaded(qtbot, model)
    today = local_today()
    overdue = late = 0
    for r, row in enumerate(rows):
        index = model.index(r, COL_SUBJECT)
        kind = index.data(HIGHLIGHT_ROLE)
        if row["status"] in OPEN and row["due_date"] < today:
            overdue += 1
            assert kind == HIGHLIGHT_OVERDUE
            assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Gecikmiş")
            assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fde7e9"
        elif row["answered_at"] is not None:
            late += 1
            assert kind == HIGHLIGHT_INFORM_LATE
            assert "48 saat" in index.data(Qt.ItemDataRole.ToolTipRole)
            assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#fff1cc"
        else:
            assert kind == ""
            assert index.data(Qt.ItemDataRole.BackgroundRole) is None
    assert overdue and late


# --- the page -----------------------------------------------------------------------------------


def test_filters_change_the_count(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor, admin: Actor
) -> None:
    rows = _bulk(clerk_ctx.db, [clerk.user_id or 0, admin.user_id or 0])
    channels, directorates = _ids(clerk_ctx.db)
    today = local_today()
    page = _page(qtbot, clerk_ctx)

    def count_shown() -> int:
        page.apply_filters()
        _wait_loaded(qtbot, page.model)
        assert page.count_label.text().endswith(" talep")
        return int(page.count_label.text().split()[0].replace(".", ""))

    def expect(pred: Any) -> int:
        return sum(1 for r in rows if pred(r))

    # "Açık olanlar" is where the desk starts.
    assert page.status_combo.currentText() == "Açık olanlar"
    assert count_shown() == expect(lambda r: r["status"] in OPEN)
    assert page.model.rowCount() == expect(lambda r: r["status"] in OPEN)  # a window over all

    page.status_combo.setCurrentIndex(page.status_combo.findText("Tümü"))
    assert count_shown() == 350
    wait_ops(qtbot)  # the filter's choices arrive from the database
    page.directorate_combo.setCurrentIndex(page.directorate_combo.findData(directorates["SKM"]))
    assert count_shown() == expect(lambda r: r["directorate_id"] == directorates["SKM"])
    page.channel_combo.setCurrentIndex(page.channel_combo.findData("WEB"))
    assert count_shown() == expect(
        lambda r: r["directorate_id"] == directorates["SKM"] and r["channel_id"] == channels["WEB"]
    )
    page.on_clear_clicked()
    page.status_combo.setCurrentIndex(page.status_combo.findText("Tümü"))
    page.overdue_check.setChecked(True)
    assert count_shown() == expect(lambda r: r["status"] in OPEN and r["due_date"] < today)
    page.overdue_check.setChecked(False)
    page.inform_late_check.setChecked(True)
    assert count_shown() == expect(lambda r: r["answered_at"] is not None)
    page.inform_late_check.setChecked(False)
    page.mine_check.setChecked(True)
    assert count_shown() == expect(lambda r: r["created_by_id"] == clerk.user_id)
    page.mine_check.setChecked(False)

    start, end = today - timedelta(days=10), today - timedelta(days=3)
    page.date_check.setChecked(True)
    page.date_from.setDate(_qdate(start))
    page.date_to.setDate(_qdate(end))
    assert page.date_from.text() == start.strftime("%d.%m.%Y")
    assert count_shown() == expect(
        lambda r: start <= r["created_at"].astimezone(LOCAL_TZ).date() <= end
    )
    page.date_check.setChecked(False)

    page.text_edit.setText("gk 2025 42")  # a reference in any spelling
    assert count_shown() == 1
    assert page.model.index(0, COL_REFERENCE).data() == "GK-2025-000042"
    page.text_edit.setText("IŞIK")  # part of the subject, Turkish folding
    assert count_shown() == expect(lambda r: "ışık" in r["subject"])


def _qdate(day: date):  # type: ignore[no-untyped-def]
    from desk_app.ui.requests.form_dialog import to_qdate

    return to_qdate(day)


def test_poll_shows_another_desks_request_and_keeps_the_selection(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor, admin: Actor
) -> None:
    _bulk(clerk_ctx.db, [clerk.user_id or 0], n=20)
    page = _page(qtbot, clerk_ctx)
    page.status_combo.setCurrentIndex(page.status_combo.findText("Tümü"))
    page.apply_filters()
    _wait_loaded(qtbot, page.model)
    assert page.poll_timer.isActive() and page.poll_timer.interval() == 5000
    page.table.selectRow(3)
    chosen = page.selected_request_id()
    assert chosen is not None
    with qtbot.waitSignal(page.marker_polled, timeout=5000):
        page.on_poll_timeout()  # nothing changed: nothing reloaded
    assert page.model.rowCount() == 20

    other = rq.create_request(  # another desk, same database
        clerk_ctx.db,
        admin,
        RequestInput(
            citizen_id=None,
            channel_code="WEB",
            directorate_id=_ids(clerk_ctx.db)[1]["FEN"],
            subject="Başka masadan gelen talep",
        ),
    )
    page.poll_timer.setInterval(20)  # let the timer itself find it
    qtbot.waitUntil(lambda: page.model.rowCount() == 21, timeout=10_000)
    _wait_loaded(qtbot, page.model)
    assert page.model.index(0, COL_REFERENCE).data() == other.reference
    assert page.count_label.text() == "21 talep"
    assert page.selected_request_id() == chosen  # the clerk's row stays selected


def test_enter_and_the_open_button_open_the_request(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    _bulk(clerk_ctx.db, [clerk.user_id or 0], n=5)
    page = _page(qtbot, clerk_ctx)
    page.status_combo.setCurrentIndex(page.status_combo.findText("Tümü"))
    page.apply_filters()
    _wait_loaded(qtbot, page.model)
    assert not page.open_button.isEnabled()
    page.table.setFocus()
    page.table.selectRow(1)
    assert page.open_button.isEnabled()
    with qtbot.waitSignal(page.request_opened, timeout=3000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = opened.args[0]  # closed below; Qt deletes it (WA_DeleteOnClose)
    qtbot.waitUntil(lambda: dialog.loaded)  # shown at once, read off the GUI thread
    assert dialog.detail.reference == "GK-2025-000002"
    assert dialog.windowTitle() == "Talep GK-2025-000002"
    dialog.close()
    QApplication.processEvents()
    assert page.detail_dialogs == []


def test_column_widths_are_remembered(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    page = _page(qtbot, clerk_ctx)
    page.table.horizontalHeader().resizeSection(COL_CATEGORY, 233)
    page.hide()  # saves
    again = _page(qtbot, clerk_ctx)
    assert again.table.horizontalHeader().sectionSize(COL_CATEGORY) == 233


def test_main_window_hook_opens_the_form_on_the_front_desk(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    window = MainWindow(clerk_ctx, idle_lock_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page("applications")
    window.open_new_request()
    page = window.page("requests")
    assert isinstance(page, FrontDeskPage)
    assert window.current_page is page
    assert page.form_dialog is not None and page.form_dialog.isVisible()
    assert page.form_dialog.windowTitle() == "Yeni talep"
    page.form_dialog.done(0)
    assert page.form_dialog is None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Ctrl+N on the page opens it too.
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.form_dialog is not None and page.form_dialog.isVisible())
    assert page.form_dialog is not None
    page.form_dialog.done(0)

"""The Özet page on a demo quarter: the figures equal ``summarize``, the period selector
recomputes off the GUI thread, a number opens the filtered list behind it, the exports write
their files, and the desk role never sees the page."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_app.db import Database
from desk_app.demo import generate_demo
from desk_app.domain.states import ApplicationStatus, Role
from desk_app.services import applications as apps
from desk_app.services import requests as rq
from desk_app.services.admin import auth
from desk_app.services.context import Actor
from desk_app.services.reporting.summary import Summary, make_period, summarize
from desk_app.settings import Settings
from desk_app.ui.applications.page import ApplicationsPage
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.formatting import format_count
from desk_app.ui.main_window import MainWindow
from desk_app.ui.requests.front_desk_page import FrontDeskPage
from desk_app.ui.summary.models import LINK_ROLE, VALUE_ROLE, SummaryTableModel
from desk_app.ui.summary.page import SummaryPage
from desk_app.ui.summary.widgets import SummaryTableView
from tests.demo.test_demo import _admin, _fresh_url

TODAY = date(2025, 4, 1)
WAIT_MS = 20_000


@dataclass(frozen=True)
class Demo:
    db: Database
    supervisor: Actor
    clerk: Actor


@pytest.fixture(scope="module")
def demo(_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    url, drop = _fresh_url(_template, tmp_path_factory.mktemp("ui_summary"), "ui_quarter")
    db = Database(url)
    admin = _admin(db)
    generate_demo(db, admin, year=2025, seed=5, today=TODAY)
    auth.add_user(db, admin, "sefik", "Şefik Işık", Role.SUPERVISOR, "supervizor-parola")
    auth.add_user(db, admin, "irem", "İrem Çelik", Role.DESK, "masa-parolasi")
    supervisor = auth.login(db, "sefik", "supervizor-parola")
    clerk = auth.login(db, "irem", "masa-parolasi")
    yield Demo(db, supervisor, clerk)
    db.dispose()
    drop()


def _ctx(demo: Demo, actor: Actor, tmp_path: Path) -> AppContext:
    settings = Settings(
        db_url=demo.db.url.render_as_string(hide_password=False),
        db_url_source="test",
        config_path=tmp_path / "config.ini",
    )
    return AppContext(db=demo.db, settings=settings, actor=actor)


def _open_summary(qtbot: QtBot, demo: Demo, tmp_path: Path) -> tuple[MainWindow, SummaryPage]:
    window = MainWindow(_ctx(demo, demo.supervisor, tmp_path), idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    page = window.page("summary")
    assert isinstance(page, SummaryPage)
    assert page.content is None  # nothing built (no QtCharts) before the page is first shown
    page.today = lambda: TODAY  # "Bu yıl" is the demo's year
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(page.summary_shown, timeout=WAIT_MS):
        assert window.show_page("summary")
    return window, page


def _wait_for(qtbot: QtBot, page: SummaryPage, wanted: Any) -> Summary:
    qtbot.waitUntil(
        lambda: page.summary is not None and page.summary.period == wanted, timeout=WAIT_MS
    )
    assert page.summary is not None
    return page.summary


def _model(page: SummaryPage, key: str) -> SummaryTableModel:
    assert page.content is not None
    return page.content.model(key)


def _view(page: SummaryPage, key: str) -> SummaryTableView:
    assert page.content is not None
    return page.content.tables[key]


def _values(model: SummaryTableModel, column: int) -> dict[str, Any]:
    return {
        str(model.index(r, 0).data()).strip(): model.index(r, column).data(VALUE_ROLE)
        for r in range(model.rowCount())
    }


def _click(qtbot: QtBot, view: SummaryTableView, row: int, column: int) -> None:
    index = view.model().index(row, column)
    assert index.data(LINK_ROLE) is not None
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def test_the_page_shows_the_figures_of_summarize(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    _window, page = _open_summary(qtbot, demo, tmp_path)
    period = make_period("year", TODAY)
    shown = _wait_for(qtbot, page, period)
    expected = summarize(demo.db, demo.supervisor, period, now=shown.generated_at)
    assert shown.requests == expected.requests
    assert expected.requests.total > 1000

    channels = _values(_model(page, "channels"), 1)
    assert channels == {
        **{c.name: c.count for c in expected.channels},
        "Toplam": expected.requests.total,
    }
    assert _model(page, "channels").index(0, 1).data() == format_count(expected.channels[0].count)
    assert "." in format_count(expected.requests.total)  # Turkish thousands: "4.321"

    directorates = _model(page, "directorates")
    header = [directorates.headerData(c, Qt.Orientation.Horizontal) for c in range(12)]
    overdue_col = header.index("Süresi\ngeçmiş")
    for d in expected.directorates:
        row = directorates.find_row(d.name)
        assert directorates.index(row, 1).data(VALUE_ROLE) == d.figures.total
        assert directorates.index(row, overdue_col).data(VALUE_ROLE) == d.figures.overdue
        assert directorates.index(row, overdue_col + 1).data(VALUE_ROLE) == (
            d.figures.median_answer_days
        )
        assert directorates.index(row, overdue_col + 2).data(VALUE_ROLE) == (
            d.figures.informed_share
        )

    pipeline = _values(_model(page, "pipeline"), 1)
    p = expected.pipeline
    assert pipeline["Başvuru (dönemde alınan)"] == p.applied
    assert pipeline["Teslim edildi"] == p.by_status["DELIVERED"]
    assert pipeline["Mükerrer şüphesi"] == p.by_status["SUSPECTED_DUPLICATE"]
    assert pipeline["Başarısız teslim denemesi"] == p.failed_attempts
    assert pipeline["masadan teslim"] == p.desk_pickups
    assert pipeline["Başvurudan teslime ortanca gün"] == p.median_days_to_delivery
    assert pipeline["Depodaki set"] == expected.stock_on_hand

    teams = _values(_model(page, "teams"), len(expected.team_names) + 1)
    assert teams["Toplam"] == sum(sum(w.counts.values()) for w in expected.team_weeks)
    months = _model(page, "months")
    assert months.rowCount() == len(expected.months) == 3  # the demo quarter

    assert page.content is not None
    tiles = page.content.tiles
    assert tiles["requests"].value_label.text() == format_count(expected.requests.total)
    assert tiles["overdue"].value_label.text() == format_count(expected.requests.overdue)
    assert tiles["delivered"].value_label.text() == format_count(p.delivered_in_period)
    assert tiles["stock"].value_label.text() == format_count(expected.stock_on_hand)
    assert tiles["stock"].note_label.isVisibleTo(page) == bool(expected.stock_warning)
    charts = page.content.charts
    assert charts["months"].categories == ["Oca", "Şub", "Mar"]
    assert charts["pipeline"].series_values[0][1][0] == p.applied
    assert len(charts["teams"].categories) == len(expected.team_weeks)


def test_period_switching_recomputes_off_the_gui_thread(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    _window, page = _open_summary(qtbot, demo, tmp_path)
    _wait_for(qtbot, page, make_period("year", TODAY))

    page.period_selector.set_kind("month")
    # The change returns at once, the year's figures still on the page: the month is computed
    # later, off the GUI thread (on a quiet machine too fast to catch the "Hesaplanıyor…" state,
    # which the refresh below checks instead).
    assert page.summary is not None and page.summary.period == make_period("year", TODAY)
    april = _wait_for(qtbot, page, make_period("month", TODAY))
    assert april.period.start == date(2025, 4, 1)
    assert not page.is_computing

    start, end = date(2025, 2, 1), date(2025, 2, 28)
    page.period_selector.set_range(start, end)
    custom = _wait_for(qtbot, page, make_period("custom", start=start, end=end))
    expected = summarize(demo.db, demo.supervisor, custom.period, now=custom.generated_at)
    assert custom.channels == expected.channels
    assert _values(_model(page, "channels"), 1)["Toplam"] == expected.requests.total

    # A bad range is refused on the page, with the figures of the last good one kept.
    page.period_selector.set_range(end, start)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT_MS)
    assert "Bitiş" in page.error.text()
    assert page.summary is custom

    # A refresh returns at once; the result arrives later through the task's signal.
    page.period_selector.set_year(2025)
    page.refresh()
    assert page.is_computing
    with qtbot.waitSignal(page.summary_shown, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args[0].period == make_period("year", TODAY, year=2025)


def test_the_desk_role_never_sees_the_page(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    window = MainWindow(_ctx(demo, demo.clerk, tmp_path), idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    window.show()
    assert "summary" not in window.page_keys()
    assert not window.show_page("summary")
    assert not window.show_filtered("summary", None)
    page = window.page("summary")
    assert isinstance(page, SummaryPage)
    assert page.content is None and not page.is_computing


def test_a_channel_count_opens_the_front_desk_list_filtered(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    window, page = _open_summary(qtbot, demo, tmp_path)
    summary = _wait_for(qtbot, page, make_period("year", TODAY))
    channel = max(summary.channels, key=lambda c: c.count)
    view = _view(page, "channels")
    row = view.summary_model.find_row(channel.name)
    _click(qtbot, view, row, 1)

    assert window.current_page.key == "requests"
    desk = window.current_page
    assert isinstance(desk, FrontDeskPage)
    assert desk.channel_combo.currentData() == channel.code
    assert desk.status_combo.currentData() == "all"
    assert desk.date_check.isChecked()
    assert desk.current_filter() == rq.RequestFilter(
        channel_code=channel.code, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    )
    qtbot.waitUntil(lambda: desk.model.total == channel.count, timeout=WAIT_MS)
    assert desk.count_label.text() == f"{format_count(channel.count)} talep"

    # "Filtreleri temizle" goes back to the desk's own list.
    desk.filters.clear_button.click()
    assert desk.channel_combo.currentData() is None and not desk.date_check.isChecked()


def test_directorate_overdue_and_inform_late_counts_open_their_lists(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    window, page = _open_summary(qtbot, demo, tmp_path)
    summary = _wait_for(qtbot, page, make_period("year", TODAY))
    view = _view(page, "directorates")
    model = view.summary_model
    busiest = max(
        (d for d in summary.directorates if d.id is not None), key=lambda d: d.figures.overdue
    )
    assert busiest.figures.overdue > 0
    row = model.find_row(busiest.name)
    _click(qtbot, view, row, 8)  # Süresi geçmiş
    desk = window.current_page
    assert isinstance(desk, FrontDeskPage)
    assert desk.overdue_check.isChecked()
    assert desk.directorate_combo.currentData() == busiest.id
    qtbot.waitUntil(lambda: desk.model.total == busiest.figures.overdue, timeout=WAIT_MS)

    window.show_page("summary")
    qtbot.waitUntil(lambda: not page.is_computing, timeout=WAIT_MS)
    total_row = model.rowCount() - 1
    late = summary.requests.informed_measured - summary.requests.informed_in_time
    _click(qtbot, view, total_row, 11)  # not informed within 48 hours, every directorate
    assert window.current_page is desk
    assert desk.inform_late_check.isChecked() and not desk.overdue_check.isChecked()
    assert desk.directorate_combo.currentData() is None
    qtbot.waitUntil(lambda: desk.model.total == late, timeout=WAIT_MS)


def test_a_pipeline_state_opens_the_applications_list_filtered(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    window, page = _open_summary(qtbot, demo, tmp_path)
    summary = _wait_for(qtbot, page, make_period("year", TODAY))
    view = _view(page, "pipeline")
    row = view.summary_model.find_row("Planlandı")
    scheduled = summary.pipeline.by_status[ApplicationStatus.SCHEDULED.value]
    assert view.summary_model.index(row, 1).data(VALUE_ROLE) == scheduled > 0
    _click(qtbot, view, row, 1)

    listing = window.current_page
    assert isinstance(listing, ApplicationsPage)
    assert listing.status_combo.currentData() == "SCHEDULED"
    assert listing.date_check.isChecked() and listing.date_from.isEnabled()
    assert listing.current_filter() == apps.ApplicationFilter(
        statuses=("SCHEDULED",), date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    )
    qtbot.waitUntil(lambda: listing.model.total == scheduled, timeout=WAIT_MS)


def test_a_kpi_tile_opens_its_list(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    window, page = _open_summary(qtbot, demo, tmp_path)
    summary = _wait_for(qtbot, page, make_period("year", TODAY))
    assert page.content is not None
    qtbot.mouseClick(page.content.tiles["overdue"], Qt.MouseButton.LeftButton)
    desk = window.current_page
    assert isinstance(desk, FrontDeskPage) and desk.overdue_check.isChecked()
    qtbot.waitUntil(lambda: desk.model.total == summary.requests.overdue, timeout=WAIT_MS)
    # A plain number (no list behind it) does nothing.
    window.show_page("summary")
    qtbot.mouseClick(page.content.tiles["median_answer"], Qt.MouseButton.LeftButton)
    assert window.current_page is page


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("xlsx", b"PK"), ("csv", b"\xef")])
def test_exports_write_the_report(
    qtbot: QtBot,
    demo: Demo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    magic: bytes,
) -> None:
    _window, page = _open_summary(qtbot, demo, tmp_path)
    _wait_for(qtbot, page, make_period("year", TODAY))
    asked: list[str] = []

    def ask(_parent: object, _title: str, suggested: str = "", filters: str = "") -> Path:
        asked.append(str(suggested))
        return tmp_path / "rapor"  # no extension typed: the page adds it

    monkeypatch.setattr(dialogs, "ask_save_path", ask)
    with qtbot.waitSignal(page.export_written, timeout=WAIT_MS) as blocker:
        page.export_buttons[fmt].click()
        assert not page.export_buttons[fmt].isEnabled()  # written off the GUI thread
    target = tmp_path / f"rapor.{fmt}"
    assert blocker.args == [target]
    assert asked == [f"ozet_20250101-20251231.{fmt}"]
    assert target.read_bytes().startswith(magic)
    if fmt == "csv":
        assert "Kanallara göre talepler" in target.read_text(encoding="utf-8-sig")
    assert page.export_buttons[fmt].isEnabled()
    assert "Rapor kaydedildi" in page.status_label.text()


def test_a_cancelled_save_dialog_writes_nothing(
    qtbot: QtBot, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, page = _open_summary(qtbot, demo, tmp_path)
    _wait_for(qtbot, page, make_period("year", TODAY))
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: None)
    assert page.export("pdf") is None
    assert page.export_buttons["pdf"].isEnabled()


def test_the_request_filter_bar_shows_a_filter_it_is_given(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    page = FrontDeskPage(_ctx(demo, demo.supervisor, tmp_path))
    qtbot.addWidget(page)
    directorate = page.directorate_combo.itemData(2)
    for flt in (
        rq.RequestFilter(statuses=("NEW",), directorate_id=directorate, overdue_only=True),
        rq.RequestFilter(statuses=tuple(rq.OPEN_STATUSES), inform_late_only=True, text="su"),
        rq.RequestFilter(date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), mine=True),
    ):
        with qtbot.waitSignal(page.filters.changed, timeout=1000):
            page.filters.set_filter(flt)
        assert page.current_filter() == flt


def test_start_up_loads_neither_qtcharts_nor_the_summary_services() -> None:
    code = (
        "import sys, desk_app.ui.main_window\n"
        "late = ('PySide6.QtCharts', 'desk_app.services.reporting.summary',"
        " 'desk_app.services.reporting.report',"
        " 'desk_app.ui.summary.content')\n"
        "loaded = [m for m in late if m in sys.modules]\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_cut_name_in_a_summary_table_shows_whole_in_its_tooltip(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from desk_app.ui.summary.models import Cell, TableData, cells
    from desk_app.ui.summary.widgets import SummaryTableView

    view = SummaryTableView("channels")
    qtbot.addWidget(view)
    name = "WhatsApp ihbar hattı (Çorum Belediyesi çağrı merkezi)"
    view.set_table(
        TableData("channels", "Kanallar", ("Kanal", "Talep"), (cells(Cell(name), 13638),))
    )
    view.resize(160, 120)
    view.show()
    qtbot.waitExposed(view)
    model = view.summary_model
    assert view.columnWidth(0) < view.fontMetrics().horizontalAdvance(name)  # cut on screen
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == name
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) is None

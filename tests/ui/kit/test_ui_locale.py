"""Turkish locale: dates read dd.MM.yyyy everywhere, names sort in Turkish alphabetical order
(C < Ç, I < İ with the dotless ı first, S < Ş), the summary groups thousands with a dot."""

from __future__ import annotations

import random
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QWidget
from pytestqt.qtbot import QtBot

from desk_app.domain.tckn import generate_tckn
from desk_app.domain.text import sort_key
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from desk_app.services.delivery.common import TeamInput
from desk_app.services.delivery.setup import save_team
from desk_app.services.reporting.summary import make_period
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.formatting import format_count
from desk_app.ui.kit.i18n import day_text
from desk_app.ui.main_window import MainWindow
from desk_app.ui.summary.models import month_label, period_text
from tests.ui.ops import wait_ops

NAMES = ["Sarı", "Çelik", "Işık", "Cengiz", "İlker", "Şahin", "Ilgaz", "Ünal", "Uçar", "Öztürk"]
TURKISH_ORDER = [
    "Cengiz",
    "Çelik",
    "Ilgaz",
    "Işık",
    "İlker",
    "Öztürk",
    "Sarı",
    "Şahin",
    "Uçar",
    "Ünal",
]


def test_the_domain_sort_key_is_the_turkish_alphabet() -> None:
    assert sorted(NAMES, key=sort_key) == TURKISH_ORDER
    assert sorted(NAMES) != TURKISH_ORDER  # code-point order puts Ç, İ, Ş after Z


def _column(model: object, column: int = 0) -> list[str]:
    rows = model.rowCount()  # type: ignore[attr-defined]
    return [str(model.data(model.index(r, column))) for r in range(rows)]  # type: ignore[attr-defined]


def test_the_teams_list_is_in_turkish_order(
    qtbot: QtBot, admin_ctx: AppContext, admin: Actor
) -> None:
    from desk_app.ui.delivery.setup_dialogs import TeamsDialog
    from desk_app.ui.delivery.slip_print_dialog import SlipPrintDialog

    for name in NAMES:
        save_team(admin_ctx.db, admin, TeamInput(name=name))
    dialog = TeamsDialog(admin_ctx)
    qtbot.addWidget(dialog)
    wait_ops(qtbot)  # the rows are read off the GUI thread
    assert _column(dialog.model) == TURKISH_ORDER
    slips = SlipPrintDialog(admin_ctx, day=date(2025, 4, 1))
    qtbot.addWidget(slips)
    wait_ops(qtbot)
    combo = slips.findChild(QComboBox, "team_combo")
    assert combo is not None
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert [t for t in texts if t in NAMES] == TURKISH_ORDER


def test_citizen_search_hits_are_in_turkish_order(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    rng = random.Random(5)
    for last in NAMES:
        citizen = CitizenInput(first_name="Ayten", last_name=last, tc_kimlik_no=generate_tckn(rng))
        create_citizen(clerk_ctx.db, admin, citizen)
    window = MainWindow(clerk_ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    window.show()
    search = window.citizen_search
    with qtbot.waitSignal(search.searched, timeout=5000):
        search.search("Ayten")
    names = [hit.full_name for hit in search.hits]
    assert names == [f"Ayten {n}" for n in TURKISH_ORDER]
    shown = _column(search.popup.model)[: len(NAMES)]
    assert shown == [f"Ayten {n}" for n in TURKISH_ORDER]


def test_mahalle_and_directorate_filters_are_in_turkish_order(
    qtbot: QtBot, admin_ctx: AppContext
) -> None:
    window = MainWindow(admin_ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    combo = window.page("applications").findChild(QComboBox, "mahalle_filter")
    assert combo is not None
    wait_ops(qtbot)  # the choices are read off the GUI thread
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert len(names) > 10
    assert names == sorted(names, key=sort_key)


def test_every_date_field_shows_dd_mm_yyyy(
    qtbot: QtBot, admin_ctx: AppContext, supervisor: Actor
) -> None:
    from desk_app.ui.applications.form_dialog import ApplicationFormDialog
    from desk_app.ui.delivery.slip_print_dialog import SlipPrintDialog
    from desk_app.ui.requests.form_dialog import RequestFormDialog

    window = MainWindow(admin_ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    window.show()
    window.show_page("summary")  # builds the period selector's custom range fields
    roots: list[QWidget] = [
        window,
        RequestFormDialog(admin_ctx),
        ApplicationFormDialog(admin_ctx),
        SlipPrintDialog(admin_ctx, day=date(2025, 4, 1)),
    ]
    edits: list[QDateTimeEdit] = []
    for root in roots:
        qtbot.addWidget(root)
        edits += root.findChildren(QDateTimeEdit)
    assert len(edits) >= 6
    formats = {f"{e.objectName()}: {e.displayFormat()}" for e in edits}
    assert all(e.displayFormat() in ("dd.MM.yyyy", "dd.MM.yyyy HH:mm") for e in edits), formats
    for edit in edits:
        if edit.displayFormat() == "dd.MM.yyyy":
            edit.setDate(QDate(2025, 4, 1))
            assert edit.text() == "01.04.2025"


def test_dates_and_periods_read_the_turkish_way() -> None:
    assert day_text(date(2025, 4, 1)) == "01.04.2025 Salı"
    assert period_text(make_period("year", date(2025, 4, 1))) == "2025 yılı"
    assert period_text(make_period("month", date(2025, 4, 1))) == "Nisan 2025"
    assert period_text(make_period("week", date(2025, 4, 1))) == "31.03.2025 – 06.04.2025"
    assert month_label(date(2025, 2, 1)) == "Şub 2025"


def test_summary_numbers_group_thousands_with_a_dot(qtbot: QtBot) -> None:
    from desk_app.ui.summary.charts import SummaryChartView

    assert format_count(1448) == "1.448" and format_count(13638) == "13.638"
    assert format_count(999) == "999"
    chart = SummaryChartView("chart")
    qtbot.addWidget(chart)
    chart.set_data(["Oca", "Şub"], [("Talep", [1448, 13638])], show_values=True)
    c = chart.chart()
    assert c.localizeNumbers() and c.locale().toString(1448) == "1.448"
    value_axis = next(a for a in c.axes(Qt.Orientation.Vertical))
    assert value_axis.labelFormat() == "%.0f"  # type: ignore[attr-defined]
    assert c.locale().toString(25000.0, "f", 0) == "25.000"

"""The Teslimat page: the delivery planner.

Left, the week grid: the teams (rows) by the seven days (columns) plus the desk's pickups, each
cell booked/capacity coloured by how full it is; clicking a cell opens that day's list (route
order, move, withdraw, outcome). Above it the week navigation and the stock line (sets on hand
against booked deliveries, the service's warning in red). Right, the approved applications that
wait for a booking, oldest first, with "Planla…" (one) and "Toplu planla…" (many).

The week and the list are loaded off the GUI thread; every ``POLL_MS`` while the page is visible
they are loaded again, so another desk's bookings show up. Supervisors and admins also get the
set-up dialogs (teams, pickup windows, set stock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import cast

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import local_today
from desk_app.domain.errors import DomainError
from desk_app.services.delivery import (
    UnbookedRow,
    WeekPlan,
    unbooked_applications,
    week_plan,
    week_start,
)
from desk_app.services.permissions import Action, allowed
from desk_app.ui.delivery.booking_dialog import BookingDialog
from desk_app.ui.delivery.bulk_dialog import BulkBookDialog
from desk_app.ui.delivery.day_dialog import DeliveryDayDialog
from desk_app.ui.delivery.models import (
    ALMOST,
    CLOSED,
    COL_U_ATTEMPTS,
    COL_U_MAHALLE,
    COL_U_PARENT,
    COL_U_REFERENCE,
    COL_U_WAITING,
    FREE,
    FULL,
    FULLNESS_BACKGROUNDS,
    GridCell,
    UnbookedTableModel,
    WeekGridTableModel,
    week_text,
)
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.date_edit import date_edit, from_qdate, to_qdate
from desk_app.ui.kit.i18n import day_text, tr, where_text
from desk_app.ui.kit.page import BasePage
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn
from desk_app.ui.kit.widgets import error_label, hint_label, show_error

POLL_MS = 10000
WARNING_STYLE = (
    f"QLabel#stock_warning {{ color: {palette.ERROR}; font-weight: 700; background:"
    f" {palette.ERROR_SURFACE};"
    f" border: 1px solid {palette.ERROR_BORDER}; border-radius: 4px; padding: 3px 8px; }}"
)
UNBOOKED_WIDTHS = {
    COL_U_REFERENCE: 120,
    COL_U_PARENT: 112,
    COL_U_MAHALLE: 90,
    COL_U_WAITING: 62,
    COL_U_ATTEMPTS: 150,
}
LEGEND = ((FREE, "boş"), (ALMOST, "dolmak üzere"), (FULL, "dolu"), (CLOSED, "— çalışmıyor"))


def section_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet("font-weight: 600;")
    return label


class DeliveryPage(BasePage):
    key = "delivery"

    loaded = Signal()  # the week and the list on screen were (re)loaded
    dialog_opened = Signal(object)  # a booking / bulk / day / set-up dialog, for tests

    @classmethod
    def title(cls) -> str:
        return tr("Teslimat")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.week_start = week_start(local_today())
        self.plan: WeekPlan | None = None
        self.day_dialogs: list[DeliveryDayDialog] = []
        self._task: BackgroundTask | None = None
        self._reload_again = False
        self._loaded = False
        self.grid_model = WeekGridTableModel(self)
        self.unbooked_model = UnbookedTableModel((), self)
        self.error = error_label(self, "page_error")
        self._build_toolbar()
        self._build_stock_line()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("delivery_splitter")
        splitter.addWidget(self._build_grid())
        splitter.addWidget(self._build_unbooked())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 560])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.body_layout.addLayout(self.toolbar)
        self.body_layout.addLayout(self.stock_row)
        self.body_layout.addWidget(splitter, 1)
        self.body_layout.addWidget(self.error)

        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("poll_timer")
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.on_poll_timeout)

    # --- construction -----------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _build_toolbar(self) -> None:
        self.prev_button = self._button(tr("◀ Önceki"), "prev_week_button", self.on_prev)
        self.today_button = self._button(tr("Bugün"), "today_button", self.on_today)
        self.next_button = self._button(tr("Sonraki ▶"), "next_week_button", self.on_next)
        self.date_edit = date_edit("week_date", self.week_start)
        self.date_edit.dateChanged.connect(self.on_date_picked)
        self.week_label = QLabel(self)
        self.week_label.setObjectName("week_label")
        self.week_label.setStyleSheet("font-weight: 600;")
        # May be cut short in a narrow window rather than widen the whole main window.
        self.week_label.setMinimumWidth(1)
        self.prev_button.setToolTip(tr("Önceki hafta"))
        self.next_button.setToolTip(tr("Sonraki hafta"))
        self.teams_button = self._button(tr("Ekipler…"), "teams_button", self.open_teams)
        self.windows_button = self._button(
            tr("Teslim saatleri…"), "windows_button", self.open_windows
        )
        self.stock_button = self._button(tr("Set stoğu…"), "stock_button", self.open_stock)
        self.print_button = self._button(
            tr("Fişleri yazdır…"), "print_slips_button", self.open_print_dialog
        )
        self.print_button.setToolTip(
            tr("Bir günün (ya da günlerin) ekip rota listeleri ve karekodlu teslim fişleri")
        )
        may_set_up = allowed(self.ctx.user, Action.MANAGE_DELIVERY_SETUP)
        for button in (self.teams_button, self.windows_button, self.stock_button):
            button.setVisible(may_set_up)
        self.toolbar = QHBoxLayout()
        for widget in (self.prev_button, self.today_button, self.next_button, self.date_edit):
            self.toolbar.addWidget(widget)
        self.toolbar.addSpacing(8)
        self.toolbar.addWidget(self.week_label)
        self.toolbar.addStretch(1)
        self.toolbar.addWidget(self.print_button)

    def _build_stock_line(self) -> None:
        self.stock_label = QLabel(self)
        self.stock_label.setObjectName("stock_label")
        self.stock_warning = QLabel(self)
        self.stock_warning.setObjectName("stock_warning")
        self.stock_warning.setStyleSheet(WARNING_STYLE)
        self.stock_warning.setWordWrap(True)
        self.stock_warning.setVisible(False)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status_label")
        self.status_label.setStyleSheet(f"color: {palette.SUCCESS};")
        self.stock_row = QHBoxLayout()
        self.stock_row.addWidget(self.stock_label)
        self.stock_row.addWidget(self.stock_warning, 1)
        self.stock_row.addWidget(self.status_label)
        # The set-up buttons sit on this second row so the page fits a window at 150 % display
        # scaling (about 910 px wide).
        for button in (self.teams_button, self.windows_button, self.stock_button):
            self.stock_row.addWidget(button)

    def _build_grid(self) -> QWidget:
        box = QWidget(self)
        self.grid = QTableView(box)
        self.grid.setObjectName("week_grid")
        self.grid.setModel(self.grid_model)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.horizontalHeader().setMinimumSectionSize(56)
        self.grid.verticalHeader().setFixedWidth(112)
        # The rows share the height (few teams): no empty band under the grid.
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setMinimumSectionSize(44)
        self.grid.clicked.connect(self.on_grid_clicked)
        self.grid.activated.connect(self.on_grid_clicked)
        # The legend may be cut short in a narrow window (150 % display scaling) rather than
        # widen the whole window.
        legend_box = QWidget(box)
        legend_box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        legend = QHBoxLayout(legend_box)
        legend.setContentsMargins(0, 0, 0, 0)
        legend.addWidget(hint_label(tr("Renk:"), box))
        for state, caption in LEGEND:
            chip = QLabel(tr(caption), box)
            chip.setStyleSheet(
                f"background: {FULLNESS_BACKGROUNDS[state].name()}; border: 1px solid"
                f" {palette.BORDER};"
                " border-radius: 3px; padding: 1px 6px;"
            )
            legend.addWidget(chip)
        legend.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(section_label(tr("Haftalık plan"), box))
        layout.addWidget(self.grid, 1)
        layout.addWidget(legend_box)
        layout.addWidget(
            hint_label(
                tr(
                    "Hücre: planlı/kapasite ve gidilen mahalle sayısı. Günün listesi için "
                    "hücreye tıklayın."
                ),
                box,
            )
        )
        return box

    def _build_unbooked(self) -> QWidget:
        box = QWidget(self)
        self.unbooked_count = QLabel(box)
        self.unbooked_count.setObjectName("unbooked_count")
        self.unbooked_table = QTableView(box)
        self.unbooked_table.setObjectName("unbooked_table")
        self.unbooked_table.setModel(self.unbooked_model)
        self.unbooked_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.unbooked_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.unbooked_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.unbooked_table.setWordWrap(True)  # the pickup marker is a second line
        self.unbooked_table.verticalHeader().setVisible(False)
        self.unbooked_table.verticalHeader().setDefaultSectionSize(24)
        header = self.unbooked_table.horizontalHeader()
        for column, width in UNBOOKED_WIDTHS.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.unbooked_table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.unbooked_table.doubleClicked.connect(self.on_unbooked_double_clicked)
        self.book_button = self._button(tr("Planla…"), "book_button", self.on_book_clicked)
        self.bulk_button = self._button(tr("Toplu planla…"), "bulk_button", self.on_bulk_clicked)
        self.book_button.setDefault(False)
        buttons = QHBoxLayout()
        title = section_label(tr("Planlanmayı bekleyenler"), box)
        title.setMinimumWidth(1)
        title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        buttons.addWidget(title, 1)
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.bulk_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.unbooked_table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.unbooked_count)
        footer.addWidget(
            hint_label(
                tr("Onaylanmış, planlanmamış; en eski önce. Ctrl/Shift ile çoklu seçim."),
                box,
            ),
            1,
        )
        layout.addLayout(footer)
        self.update_buttons()
        return box

    # --- loading ----------------------------------------------------------------------------
    def refresh_data(self) -> None:
        """Load the week and the list again, off the GUI thread (once more if already loading)."""
        if self._task is not None and not self._task.is_done:
            self._reload_again = True
            return
        db, actor, start = self.ctx.db, self.ctx.user, self.week_start

        def work(_progress: ProgressFn) -> tuple[WeekPlan, tuple[UnbookedRow, ...]]:
            return week_plan(db, actor, start), unbooked_applications(db, actor)

        self._loaded = True
        # Not a child of the page: the task lives until its worker ends even if the page goes.
        task = BackgroundTask(work)
        task.finished.connect(self.on_load_finished)
        task.failed.connect(self.on_load_failed)
        self._task = task
        task.start()

    @property
    def is_loading(self) -> bool:
        return self._task is not None and not self._task.is_done

    @Slot(object)
    def on_load_finished(self, result: object) -> None:
        plan, unbooked = cast(tuple[WeekPlan, tuple[UnbookedRow, ...]], result)
        if self._reload_again or plan.start != self.week_start:
            # Something changed while this was loading: show the fresh load, not this one.
            self._reload_again = False
            self.refresh_data()
            return
        show_error(self.error, "")
        self.apply(plan, unbooked)
        self.loaded.emit()

    @Slot(object)
    def on_load_failed(self, exc: object) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("Plan yüklenemedi: {0}").format(message))
        if self._reload_again:
            self._reload_again = False
            self.refresh_data()

    def apply(self, plan: WeekPlan, unbooked: tuple[UnbookedRow, ...]) -> None:
        self.plan = plan
        self.grid_model.set_plan(plan, local_today())
        self.week_label.setText(week_text(plan.days[0], plan.days[-1]))
        stock = plan.stock
        self.stock_label.setText(
            tr("Stok: {0} set elde · {1} planlı teslimat bekliyor").format(
                stock.on_hand, stock.booked_pending
            )
        )
        self.stock_warning.setText(tr(stock.warning or ""))
        self.stock_warning.setVisible(bool(stock.warning))
        selected = self.selected_application_ids()
        self.unbooked_model.set_rows(unbooked)
        self.unbooked_table.resizeRowsToContents()
        self.select_applications(selected)
        self.unbooked_count.setText(tr("{0} başvuru bekliyor").format(len(unbooked)))
        self.update_buttons()
        for dialog in self.open_day_dialogs():
            dialog.reload()

    # --- week navigation --------------------------------------------------------------------
    def show_week(self, day: date) -> None:
        start = week_start(day)
        if to_qdate(day) != self.date_edit.date():
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(to_qdate(day))
            self.date_edit.blockSignals(False)
        if start != self.week_start or self.plan is None:
            self.week_start = start
            self.refresh_data()

    @Slot()
    def on_prev(self) -> None:
        self.show_week(self.week_start - timedelta(days=7))

    @Slot()
    def on_next(self) -> None:
        self.show_week(self.week_start + timedelta(days=7))

    @Slot()
    def on_today(self) -> None:
        self.show_week(local_today())

    @Slot()
    def on_date_picked(self) -> None:
        self.show_week(from_qdate(self.date_edit.date()))

    # --- the unbooked list ------------------------------------------------------------------
    def selected_application_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.unbooked_table.selectionModel().selectedRows())
        return [r.application_id for i in rows if (r := self.unbooked_model.row_at(i))]

    def select_applications(self, application_ids: list[int]) -> None:
        selection = self.unbooked_table.selectionModel()
        selection.clearSelection()
        for app_id in application_ids:
            row = self.unbooked_model.row_of(app_id)
            if row >= 0:
                selection.select(
                    self.unbooked_model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    @Slot()
    def update_buttons(self) -> None:
        count = len(self.selected_application_ids())
        self.book_button.setEnabled(count == 1)
        self.bulk_button.setEnabled(self.unbooked_model.rowCount() > 0)

    @Slot(QModelIndex)
    def on_unbooked_double_clicked(self, index: QModelIndex) -> None:
        row = self.unbooked_model.row_at(index.row())
        if row is not None:
            self.open_booking(row)

    @Slot()
    def on_book_clicked(self) -> None:
        ids = self.selected_application_ids()
        if len(ids) == 1:
            row = self.unbooked_model.row_at(self.unbooked_model.row_of(ids[0]))
            if row is not None:
                self.open_booking(row)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def open_booking(self, row: UnbookedRow) -> BookingDialog:
        dialog = BookingDialog(self.ctx, row, self)
        dialog.booked.connect(self.on_booked)
        self._open(dialog)
        return dialog

    @Slot(object)
    def on_booked(self, result: object) -> None:
        delivery = getattr(result, "delivery", None)
        if delivery is not None:
            self.status_label.setText(
                tr("{0} planlandı: {1}, {2}").format(
                    delivery.reference, day_text(delivery.day), where_text(delivery)
                )
            )
        self.refresh_data()

    @Slot()
    def on_bulk_clicked(self) -> BulkBookDialog:
        all_ids = [r.application_id for r in self.unbooked_model.rows()]
        dialog = BulkBookDialog(self.ctx, self.selected_application_ids(), all_ids, self)
        dialog.bulk_booked.connect(self.on_bulk_booked)
        self._open(dialog)
        return dialog

    @Slot(object)
    def on_bulk_booked(self, _result: object) -> None:
        self.refresh_data()

    # --- the grid ---------------------------------------------------------------------------
    @Slot(QModelIndex)
    def on_grid_clicked(self, index: QModelIndex) -> None:
        cell = self.grid_model.cell_at(index.row(), index.column())
        if cell is not None:
            self.open_day(cell)

    def open_print_dialog(self) -> QDialog:
        """The day batch print dialog (route sheets, then each team's slips)."""
        from desk_app.ui.delivery.slip_print_dialog import open_slip_print_dialog

        return open_slip_print_dialog(self.ctx, self)

    def open_day_dialogs(self) -> list[DeliveryDayDialog]:
        self.day_dialogs = [d for d in self.day_dialogs if shiboken6.isValid(d)]
        return list(self.day_dialogs)

    def open_day(self, cell: GridCell) -> DeliveryDayDialog:
        for dialog in self.open_day_dialogs():
            if dialog.team_id == cell.team_id and dialog.day == cell.day:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        dialog = DeliveryDayDialog(self.ctx, cell.day, cell.team_id, cell.team_name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.refresh_data)
        self.day_dialogs.append(dialog)
        dialog.show()
        self.dialog_opened.emit(dialog)
        return dialog

    # --- set-up (supervisor, admin) ---------------------------------------------------------
    @Slot()
    def open_teams(self) -> QDialog:
        from desk_app.ui.delivery.setup_dialogs import TeamsDialog

        dialog = TeamsDialog(self.ctx, self)
        dialog.changed.connect(self.refresh_data)
        return self._open(dialog)

    @Slot()
    def open_windows(self) -> QDialog:
        from desk_app.ui.delivery.setup_dialogs import PickupWindowsDialog

        dialog = PickupWindowsDialog(self.ctx, self)
        dialog.changed.connect(self.refresh_data)
        return self._open(dialog)

    @Slot()
    def open_stock(self) -> QDialog:
        from desk_app.ui.delivery.stock_dialog import StockDialog

        dialog = StockDialog(self.ctx, self)
        dialog.changed.connect(self.refresh_data)
        return self._open(dialog)

    # --- page life --------------------------------------------------------------------------
    def on_activated(self) -> None:
        if not self._loaded:
            self.refresh_data()

    @Slot()
    def on_poll_timeout(self) -> None:
        if not self.is_loading:
            self.refresh_data()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh_data()
        if not self.poll_timer.isActive():
            self.poll_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.poll_timer.stop()
        super().hideEvent(event)

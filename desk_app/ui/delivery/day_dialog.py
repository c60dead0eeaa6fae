"""One day of the plan: a team's deliveries in route order (move up or down, back to the automatic
order) or the desk's pickups of the day; for the selected delivery: move it, withdraw its booking
with a reason, or record its outcome. ``changed`` after every change, so the planner reloads."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.services.delivery import (
    BOOKED,
    DeliveryRow,
    cancel_booking,
    pickup_day_deliveries,
    reset_route_order,
    set_route_order,
    team_day_deliveries,
)
from desk_app.ui.delivery.booking_dialog import MoveDialog
from desk_app.ui.delivery.models import DeliveryDayTableModel
from desk_app.ui.delivery.outcome_dialog import DeliveryOutcomeDialog
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import day_text, tr, where_text
from desk_app.ui.kit.tasks import failure_text, run_op
from desk_app.ui.kit.widgets import KeyboardFormDialog, error_label, hint_label, show_error

COLUMN_WIDTHS = (44, 125, 150, 110, 250, 120, 110)


class CancelBookingDialog(KeyboardFormDialog):
    """Withdraw a booking (the place is freed, the application waits again); a reason is asked."""

    cancelled = Signal(int)  # the application id

    def __init__(self, ctx: AppContext, row: DeliveryRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setObjectName("cancel_booking_dialog")
        self.setWindowTitle(tr("Planı geri al — {0}").format(row.reference))
        self.setMinimumWidth(460)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setPlaceholderText(tr("ör. Aile şehir dışında, dönünce aranacak"))
        caption = QLabel(tr("&Neden"), self)
        caption.setBuddy(self.reason_edit)
        self.error = error_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr("{0} · {1}<br>{2}, {3}").format(
                    row.reference, row.parent_name, day_text(row.day), where_text(row)
                ),
                self,
            )
        )
        layout.addWidget(
            hint_label(
                tr("Yer boşalır, başvuru planlanmamışlar listesine döner."),
                self,
            )
        )
        layout.addWidget(caption)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error)
        layout.addLayout(self.form_buttons())
        self.save_button.setText(tr("Planı geri al"))

    @property
    def is_dirty(self) -> bool:
        return bool(self.reason_edit.text().strip())

    def on_save_clicked(self) -> None:
        if self.saving:  # a second Enter while the first save runs
            return
        self.saving = True
        db, user, row, reason = self.ctx.db, self.ctx.user, self.row, self.reason_edit.text()
        run_op(
            self,
            lambda: cancel_booking(db, user, row.id, row.version, reason),
            self._cancelled,
            on_failed=self._cancel_failed,
            disable=(self.save_button,),
        )

    def _cancelled(self, app_id: int) -> None:
        self.saving = False
        self.cancelled.emit(app_id)
        self.reason_edit.clear()
        self.accept()

    def _cancel_failed(self, exc: BaseException) -> None:
        self.saving = False
        show_error(self.error, failure_text(exc))


class DeliveryDayDialog(QDialog):
    """``team_id`` None: the desk's pickups of ``day``."""

    changed = Signal()
    dialog_opened = Signal(object)  # a move / cancel / outcome dialog, for tests

    def __init__(
        self,
        ctx: AppContext,
        day: date,
        team_id: int | None,
        team_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.day = day
        self.team_id = team_id
        self.setObjectName("delivery_day_dialog")
        where = team_name if team_id is not None else tr("Masadan teslim")
        self.setWindowTitle(tr("{0} — {1}").format(where, day_text(day)))
        self.resize(1000, 480)
        self.model = DeliveryDayTableModel(pickup=team_id is None, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("day_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width if team_id is not None or column else 100)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.table.doubleClicked.connect(self.on_row_double_clicked)

        title = QLabel(tr("<b>{0}</b> · {1}").format(where, day_text(day)), self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("day_count_label")
        self.up_button = self._button(tr("Yukarı"), "up_button", self.on_up_clicked)
        self.down_button = self._button(tr("Aşağı"), "down_button", self.on_down_clicked)
        self.auto_button = self._button(tr("Otomatik sırala"), "auto_order_button", self.on_auto)
        self.move_button = self._button(tr("Taşı…"), "move_button", self.on_move_clicked)
        self.cancel_button = self._button(
            tr("Planı geri al…"), "cancel_booking_button", self.on_cancel_clicked
        )
        self.outcome_button = self._button(
            tr("Sonuç gir…"), "outcome_button", self.on_outcome_clicked
        )
        self.close_button = self._button(tr("Kapat"), "close_button", self.accept)
        self.team_name = team_name
        self.print_button = self._button(
            tr("Fişleri yazdır…"), "print_day_button", self.on_print_clicked
        )
        self.reprint_button = self._button(
            tr("Fişi yeniden bas…"), "reprint_button", self.on_reprint_clicked
        )
        self.reprint_button.setToolTip(
            tr("Seçili teslimata yeni fiş basar; eski fişin karekodu geçersiz olur.")
        )
        for button in (self.up_button, self.down_button, self.auto_button, self.print_button):
            button.setVisible(team_id is not None)
        self.error = error_label(self)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.auto_button):
            buttons.addWidget(button)
        buttons.addSpacing(16)
        for button in (self.move_button, self.cancel_button, self.outcome_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reload()

    def on_print_clicked(self) -> None:
        from desk_app.ui.delivery.slip_print_dialog import open_slip_print_dialog

        self.print_dialog = open_slip_print_dialog(
            self.ctx, self, day=self.day, team_name=self.team_name
        )

    def on_reprint_clicked(self) -> None:
        """A new slip for the selected delivery (lost or torn); its old slip stops working."""
        import tempfile
        from pathlib import Path

        from desk_app.services.delivery import reprint_slips

        row = self.selected_row()
        if row is None or row.status != BOOKED:
            show_error(self.error, tr("Önce listeden planlı bir teslimat seçin."))
            return
        db, user = self.ctx.db, self.ctx.user

        def work() -> str:
            handle, name = tempfile.mkstemp(prefix="desk_app-fis-", suffix=".pdf")
            os.close(handle)
            try:
                reprint_slips(db, user, [row.id], name)
            except BaseException:
                Path(name).unlink(missing_ok=True)
                raise
            return name

        run_op(
            self,
            work,
            lambda name: self._show_reprint(row, name),
            on_failed=lambda exc: show_error(self.error, failure_text(exc)),
            disable=(self.reprint_button,),
        )

    def _show_reprint(self, row: DeliveryRow, name: str) -> None:
        from desk_app.ui.kit.pdf_preview_dialog import PdfPreviewDialog

        show_error(self.error, "")
        preview = PdfPreviewDialog(
            name,
            self,
            title=tr("Yeniden basılan fiş — {0}").format(row.reference),
            info=tr("{0} için yeni fiş; önceki fişin karekodu artık geçersiz.").format(
                row.reference
            ),
            suggested_name=f"{row.reference}-fis.pdf",
            owns_file=True,
        )
        self.preview = preview
        preview.show()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # --- loading ----------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        if select_id is None:
            current = self.selected_row()
            select_id = current.id if current else None
        db, user, team_id, day = self.ctx.db, self.ctx.user, self.team_id, self.day

        def work() -> Sequence[DeliveryRow]:
            if team_id is None:
                return pickup_day_deliveries(db, user, day)
            return team_day_deliveries(db, user, team_id, day)

        run_op(
            self,
            work,
            lambda rows: self._loaded(rows, select_id),
            on_failed=lambda exc: show_error(self.error, failure_text(exc)),
            busy=(self.table,),
            latest_only="rows",
        )

    def _loaded(self, rows: Sequence[DeliveryRow], select_id: int | None) -> None:
        self.model.set_rows(rows)
        booked = sum(1 for r in rows if r.status == BOOKED)
        self.count_label.setText(tr("{0} teslimat · {1} planlı").format(len(rows), booked))
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        self.update_buttons()

    def selected_row(self) -> DeliveryRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def select_delivery(self, delivery_id: int) -> None:
        row = self.model.row_of(delivery_id)
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    @Slot(QModelIndex, QModelIndex)
    def on_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_buttons()

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.update_buttons()

    def update_buttons(self) -> None:
        row = self.selected_row()
        position = self.table.currentIndex().row() if row else -1
        open_ = row is not None and row.status == BOOKED
        for button in (self.move_button, self.cancel_button, self.outcome_button):
            button.setEnabled(open_)
        self.up_button.setEnabled(row is not None and position > 0)
        self.down_button.setEnabled(row is not None and 0 <= position < self.model.rowCount() - 1)
        self.auto_button.setEnabled(self.model.rowCount() > 1)

    def _changed(self, select_id: int | None = None) -> None:
        show_error(self.error, "")
        self.reload(select_id)
        self.changed.emit()

    # --- route order ------------------------------------------------------------------------
    def _shift(self, step: int) -> None:
        row = self.selected_row()
        if row is None or self.team_id is None:
            return
        ids = [r.id for r in self.model.rows()]
        i = ids.index(row.id)
        j = i + step
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        db, user, team_id, day = self.ctx.db, self.ctx.user, self.team_id, self.day

        def failed(exc: BaseException) -> None:
            self.reload()
            show_error(self.error, failure_text(exc))

        run_op(
            self,
            lambda: set_route_order(db, user, team_id, day, ids),
            lambda _result: self._changed(row.id),
            on_failed=failed,
            disable=(self.up_button, self.down_button, self.auto_button),
        )

    @Slot()
    def on_up_clicked(self) -> None:
        self._shift(-1)

    @Slot()
    def on_down_clicked(self) -> None:
        self._shift(1)

    @Slot()
    def on_auto(self) -> None:
        team_id = self.team_id
        if team_id is None:
            return
        db, user, day = self.ctx.db, self.ctx.user, self.day
        run_op(
            self,
            lambda: reset_route_order(db, user, team_id, day),
            lambda _result: self._changed(),
            on_failed=lambda exc: show_error(self.error, failure_text(exc)),
            disable=(self.up_button, self.down_button, self.auto_button),
        )

    # --- one delivery -----------------------------------------------------------------------
    @Slot(object)
    def on_child_changed(self, _value: object) -> None:
        """A move, withdrawal or outcome was saved (no lambdas: a lambda connected to a dialog
        that deletes itself on close crashes PySide at tear-down)."""
        self._changed()

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self.dialog_opened.emit(dialog)
        return dialog

    @Slot(QModelIndex)
    def on_row_double_clicked(self, _index: QModelIndex) -> None:
        self.on_outcome_clicked()

    @Slot()
    def on_move_clicked(self) -> QDialog | None:
        row = self.selected_row()
        if row is None or row.status != BOOKED:
            return None
        dialog = MoveDialog(self.ctx, row, self)
        dialog.moved.connect(self.on_child_changed)
        return self._open(dialog)

    @Slot()
    def on_cancel_clicked(self) -> QDialog | None:
        row = self.selected_row()
        if row is None or row.status != BOOKED:
            return None
        dialog = CancelBookingDialog(self.ctx, row, self)
        dialog.cancelled.connect(self.on_child_changed)
        return self._open(dialog)

    @Slot()
    def on_outcome_clicked(self) -> QDialog | None:
        row = self.selected_row()
        if row is None or row.status != BOOKED:
            return None
        dialog = DeliveryOutcomeDialog(self.ctx, row, self)
        dialog.outcome_recorded.connect(self.on_child_changed)
        return self._open(dialog)

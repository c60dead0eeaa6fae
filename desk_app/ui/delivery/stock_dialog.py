"""Set stock for supervisors and admins: the set editions, oldest first, with how many were
received, given out and are on hand; adding or changing an edition (its contents one per line);
and "Stok girişi": sets received into the store (or a count correction with a note)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services.delivery import (
    EditionInput,
    EditionRow,
    get_stock_status,
    receive_stock,
    save_edition,
)
from desk_app.ui.delivery.setup_dialogs import SetupDialog, active_text, spin
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.formatting import format_day
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import Column, RowsTableModel
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.tasks import run_op, show_failure
from desk_app.ui.kit.widgets import error_label, show_error

WARNING_STYLE = f"color: {palette.ERROR}; font-weight: 600;"

EDITION_COLUMNS: tuple[Column[EditionRow], ...] = (
    ("Set", lambda r: r.name),
    ("Geliş", lambda r: format_day(r.created_at)),
    ("İçerik", lambda r: ", ".join(r.contents)),
    ("Alınan", lambda r: str(r.received)),
    ("Verilen", lambda r: str(r.given)),
    ("Eldeki", lambda r: str(r.on_hand)),
    ("Durum", lambda r: active_text(r.active)),
)


class EditionTableModel(RowsTableModel[EditionRow]):
    columns = EDITION_COLUMNS


class StockDialog(SetupDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("stock_summary")
        self.warning = QLabel()
        self.warning.setObjectName("stock_dialog_warning")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setWordWrap(True)
        self.receiving = False
        super().__init__(ctx, tr("Set stoğu"), EditionTableModel(), parent)
        self.setObjectName("stock_dialog")
        fit_to_screen(self, 900, 640)
        self.set_column_widths((150, 85, 300, 65, 65, 65))
        self.layout_.insertWidget(0, self.summary)
        self.layout_.insertWidget(1, self.warning)
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("edition_name_edit")
        self.name_edit.setPlaceholderText(tr("ör. 2025 Yaz Seti"))
        self.contents_edit = QPlainTextEdit(self)
        self.contents_edit.setObjectName("edition_contents_edit")
        self.contents_edit.setTabChangesFocus(True)
        self.contents_edit.setFixedHeight(70)
        self.contents_edit.setPlaceholderText(tr("Her satıra bir parça (ör. Battaniye)"))
        self.active_check = QCheckBox(tr("Etkin (teslimlerde kullanılır)"), self)
        self.active_check.setObjectName("edition_active_check")
        self.form.addRow(tr("&Set adı"), self.name_edit)
        self.form.addRow(tr("İç&erik"), self.contents_edit)
        self.form.addRow("", self.active_check)

        box = QGroupBox(tr("Stok girişi (seçili set)"), self)
        self.quantity_spin = spin("stock_quantity_spin", 100000, 0, -100000)
        self.quantity_spin.setSuffix(tr(" set"))
        self.stock_note_edit = QLineEdit(box)
        self.stock_note_edit.setObjectName("stock_note_edit")
        self.stock_note_edit.setPlaceholderText(tr("ör. İrsaliye no, tedarikçi"))
        self.adjust_check = QCheckBox(tr("Sayım düzeltmesi (eksi sayı olabilir)"), box)
        self.adjust_check.setObjectName("stock_adjust_check")
        self.receive_button = QPushButton(tr("Stok girişi kaydet"), box)
        self.receive_button.setObjectName("receive_button")
        self.receive_button.setAutoDefault(False)
        self.receive_button.clicked.connect(self.on_receive_clicked)
        self.receive_error = error_label(box, "receive_error")
        form = QFormLayout(box)
        row_widget = QWidget(box)
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.quantity_spin)
        row.addWidget(self.adjust_check)
        row.addStretch(1)
        row.addWidget(self.receive_button)
        form.addRow(tr("A&det"), row_widget)
        form.addRow(tr("&Not"), self.stock_note_edit)
        form.addRow("", self.receive_error)
        self.layout_.insertWidget(self.layout_.count() - 1, box)
        self.reload()

    def rows_loader(self) -> Callable[[], Any]:
        db, user = self.ctx.db, self.ctx.user
        return lambda: get_stock_status(db, user)

    def show_loaded(self, stock: Any) -> list[EditionRow]:
        self.summary.setText(
            tr("Toplam {0} set elde · {1} planlı teslimat bekliyor").format(
                stock.on_hand, stock.booked_pending
            )
        )
        self.warning.setText(tr(stock.warning or ""))
        self.warning.setVisible(bool(stock.warning))
        return list(stock.editions)

    def fill_form(self, row: EditionRow | None) -> None:
        self.form_title.setText(tr("Yeni set") if row is None else tr("Seti düzenle"))
        self.name_edit.setText(row.name if row else "")
        self.contents_edit.setPlainText("\n".join(row.contents) if row else "")
        self.active_check.setChecked(row.active if row else True)
        self.receive_button.setEnabled(row is not None)

    def form_input(self) -> EditionInput:
        lines = self.contents_edit.toPlainText().splitlines()
        return EditionInput(
            name=self.name_edit.text(),
            contents=tuple(line.strip() for line in lines if line.strip()),
            active=self.active_check.isChecked(),
        )

    def saver(self) -> Callable[[], EditionRow]:
        db, user, data, editing_id = self.ctx.db, self.ctx.user, self.form_input(), self.editing_id
        return lambda: save_edition(db, user, data, editing_id)

    def on_receive_clicked(self) -> None:
        if self.receiving:  # a second click while the first entry is saved
            return
        show_error(self.receive_error, "")
        row = self.selected_row()
        if row is None:
            show_error(self.receive_error, tr("Önce listeden bir set seçin."))
            return
        db, user, edition_id = self.ctx.db, self.ctx.user, row.id
        quantity, note = self.quantity_spin.value(), self.stock_note_edit.text()
        adjust = self.adjust_check.isChecked()
        self.receiving = True
        run_op(
            self,
            lambda: receive_stock(db, user, edition_id, quantity, note, adjust=adjust),
            lambda _result: self._received(edition_id),
            on_failed=self._receive_failed,
            disable=(self.receive_button,),
        )

    def _received(self, edition_id: int) -> None:
        self.receiving = False
        self.quantity_spin.setValue(0)
        self.stock_note_edit.clear()
        self.adjust_check.setChecked(False)
        self.changed.emit()
        self.reload(edition_id)

    def _receive_failed(self, exc: BaseException) -> None:
        self.receiving = False
        if isinstance(exc, DomainError):
            show_error(self.receive_error, exc.message)
        else:
            show_failure(self, exc, tr("Stok girişi kaydedilemedi"))

    @property
    def save_waits(self) -> bool:
        return self.saving or self.receiving

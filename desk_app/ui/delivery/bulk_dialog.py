"""Booking many approved applications at once (``bulk_book``): the selected ones or all that
wait, as home deliveries, desk pickups or automatically (a desk pickup after enough failed home
visits), from a start day. The work runs off the GUI thread; the dialog then shows how many were
booked, the skipped ones with their reasons and the stock warning."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services.delivery import BulkResult, bulk_book
from desk_app.ui.delivery.place import BookingSettings, read_settings
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.date_edit import date_edit, from_qdate, to_qdate
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn, run_op
from desk_app.ui.kit.widgets import KeyboardFormDialog, error_label, hint_label, show_error

WARNING_STYLE = f"color: {palette.ERROR}; font-weight: 600;"
KINDS = (
    ("auto", "Otomatik (başarısız ziyaretlerden sonra masadan teslim)"),
    ("home", "Adrese teslim"),
    ("pickup", "Masadan teslim"),
)


class BulkBookDialog(KeyboardFormDialog):
    """``selected_ids``: the applications selected in the list; ``all_ids``: every waiting one.
    ``bulk_booked(BulkResult)`` once the service answered."""

    bulk_booked = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        selected_ids: Sequence[int],
        all_ids: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.selected_ids = list(selected_ids)
        self.all_ids = list(all_ids)
        self.result_value: BulkResult | None = None
        self.task: BackgroundTask | None = None
        self.setObjectName("bulk_book_dialog")
        self.setWindowTitle(tr("Toplu planla"))
        self.setMinimumWidth(600)

        self.selected_radio = QRadioButton(
            tr("Seçili {0} başvuru").format(len(self.selected_ids)), self
        )
        self.selected_radio.setObjectName("bulk_selected_radio")
        self.all_radio = QRadioButton(
            tr("Bekleyen tüm başvurular ({0})").format(len(self.all_ids)), self
        )
        self.all_radio.setObjectName("bulk_all_radio")
        scope_group = QButtonGroup(self)
        scope_group.addButton(self.selected_radio)
        scope_group.addButton(self.all_radio)
        self.selected_radio.setEnabled(bool(self.selected_ids))
        (self.selected_radio if self.selected_ids else self.all_radio).setChecked(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("bulk_kind_combo")
        for value, caption in KINDS:
            self.kind_combo.addItem(tr(caption), value)
        self.start_edit = date_edit("bulk_start_date", BookingSettings().first_bookable_day())
        self._start_edited = False
        self.start_edit.dateChanged.connect(self.on_start_edited)

        layout = QVBoxLayout(self)
        form = QGridLayout()
        layout.addLayout(form)
        kind_caption = QLabel(tr("&Teslim şekli"), self)
        kind_caption.setBuddy(self.kind_combo)
        start_caption = QLabel(tr("&İlk gün"), self)
        start_caption.setBuddy(self.start_edit)
        form.addWidget(QLabel(tr("Hangileri"), self), 0, 0)
        form.addWidget(self.selected_radio, 0, 1)
        form.addWidget(self.all_radio, 1, 1)
        form.addWidget(kind_caption, 2, 0)
        form.addWidget(self.kind_combo, 2, 1)
        form.addWidget(start_caption, 3, 0)
        form.addWidget(self.start_edit, 3, 1, Qt.AlignmentFlag.AlignLeft)
        form.setColumnStretch(1, 1)
        form.setColumnMinimumWidth(0, kind_caption.sizeHint().width() + 8)
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(30)
        layout.addWidget(
            hint_label(
                tr(
                    "En eski başvuru önce; her biri ilk boş güne, bir ekibin günü aynı "
                    "mahalleler bir araya gelecek biçimde planlanır."
                ),
                self,
            )
        )
        self.status_label = QLabel(self)
        self.status_label.setObjectName("bulk_status")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("bulk_stock_warning")
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.warning_label.setWordWrap(True)
        self.warning_label.setVisible(False)
        layout.addWidget(self.warning_label)
        self.skipped_list = QListWidget(self)
        self.skipped_list.setObjectName("bulk_skipped_list")
        self.skipped_list.setVisible(False)
        layout.addWidget(self.skipped_list, 1)
        self.error = error_label(self)
        layout.addWidget(self.error)
        layout.addLayout(self.form_buttons())
        self.save_button.setText(tr("Planla"))
        db = ctx.db
        run_op(
            self, lambda: read_settings(db), self._settings_loaded, busy=(), latest_only="settings"
        )

    def _settings_loaded(self, settings: BookingSettings) -> None:
        """The first bookable day as the administrator set it, unless the clerk already chose."""
        if not self._start_edited and self.result_value is None:
            self.start_edit.blockSignals(True)
            self.start_edit.setDate(to_qdate(settings.first_bookable_day()))
            self.start_edit.blockSignals(False)

    @Slot()
    def on_start_edited(self) -> None:
        self._start_edited = True

    def chosen_ids(self) -> list[int]:
        return self.selected_ids if self.selected_radio.isChecked() else self.all_ids

    def on_save_clicked(self) -> None:
        if self.result_value is not None:
            self.accept()
            return
        if self.task is not None and not self.task.is_done:
            return
        ids = self.chosen_ids()
        if not ids:
            show_error(self.error, tr("Planlanacak başvuru yok; listeden başvuru seçin."))
            return
        kind = str(self.kind_combo.currentData())
        start = from_qdate(self.start_edit.date())
        db, actor = self.ctx.db, self.ctx.user
        show_error(self.error, "")
        self.status_label.setText(tr("Planlanıyor…"))
        self.save_button.setEnabled(False)

        def work(_progress: ProgressFn) -> BulkResult:
            return bulk_book(db, actor, ids, kind=kind, start=start)  # type: ignore[arg-type]

        task = BackgroundTask(work)  # not a child: it lives until it ends, the dialog may not
        task.finished.connect(self.on_bulk_finished)
        task.failed.connect(self.on_bulk_failed)
        self.task = task
        task.start()

    @Slot(object)
    def on_bulk_failed(self, exc: object) -> None:
        self.save_button.setEnabled(True)
        self.status_label.setText("")
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("Toplu planlama yapılamadı: {0}").format(message))

    @Slot(object)
    def on_bulk_finished(self, result: object) -> None:
        assert isinstance(result, BulkResult)
        self.result_value = result
        text = tr("{0} başvuru planlandı.").format(len(result.booked))
        if result.skipped:
            text += " " + tr("{0} başvuru atlandı:").format(len(result.skipped))
        self.status_label.setText(text)
        self.status_label.setStyleSheet("font-weight: 600;")
        self.skipped_list.clear()
        for skip in result.skipped:
            self.skipped_list.addItem(f"{skip.reference} — {tr(skip.reason)}")
        self.skipped_list.setVisible(bool(result.skipped))
        self.warning_label.setText(tr(result.stock_warning or ""))
        self.warning_label.setVisible(bool(result.stock_warning))
        for widget in (self.selected_radio, self.all_radio, self.kind_combo, self.start_edit):
            widget.setEnabled(False)
        self.save_button.setText(tr("Kapat"))
        self.save_button.setEnabled(True)
        self.cancel_button.setVisible(False)
        self.bulk_booked.emit(result)

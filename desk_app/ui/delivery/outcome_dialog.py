"""What happened to a booked delivery: handed over (who received it, their relation to the
family, when) or failed (not home, wrong address, refused, other with a required note).

Used from the planner's day list and, later, from the scan-back page (``print_serial``: the slip
that was scanned). Errors are shown under the field they name; the form keeps what was typed.
After a failed attempt the dialog stays open and says what happens next: the application is
back on the unbooked list, and after enough failed home visits the next booking offers a desk
pickup first."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import LOCAL_TZ
from desk_app.domain.errors import DomainError
from desk_app.domain.states import DELIVERY_OUTCOME_LABELS, DeliveryOutcome
from desk_app.services.delivery import (
    RELATIONS,
    DeliveryRow,
    OutcomeInput,
    OutcomeResult,
    record_outcome,
)
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import day_text, tr, where_text
from desk_app.ui.kit.tasks import run_op, show_failure
from desk_app.ui.kit.widgets import KeyboardFormDialog, error_label, grow_to_fit, show_error

FIELDS = ("teslim_alan", "yakinlik", "zaman", "aciklama")
RESULT_STYLE = (
    f"QFrame#outcome_result {{ border: 2px solid {palette.WARNING_BORDER}; border-radius:"
    f" 6px; background: {palette.WARNING_SURFACE}; }}"
)


def _local_now() -> QDateTime:
    now = datetime.now(LOCAL_TZ)
    return QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute))


class DeliveryOutcomeDialog(KeyboardFormDialog):
    """Record the outcome of ``row``; ``outcome_recorded(OutcomeResult)`` once saved."""

    outcome_recorded = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        row: DeliveryRow,
        parent: QWidget | None = None,
        *,
        print_serial: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.print_serial = print_serial
        self.result_value: OutcomeResult | None = None
        self._at_touched = False
        self.setObjectName("outcome_dialog")
        self.setWindowTitle(tr("Teslim sonucu — {0}").format(row.reference))
        self.setMinimumWidth(520)

        header = QLabel(
            tr("<b>{0}</b> · {1}<br>{2}<br>{3}, {4}").format(
                row.reference, row.parent_name, row.address_text, day_text(row.day), where_text(row)
            ),
            self,
        )
        header.setObjectName("outcome_header")
        header.setWordWrap(True)

        self.outcome_group = QButtonGroup(self)
        self.outcome_radios: dict[DeliveryOutcome, QRadioButton] = {}
        outcome_row = QGridLayout()
        for i, (outcome, label) in enumerate(DELIVERY_OUTCOME_LABELS.items()):
            radio = QRadioButton(tr(label), self)
            radio.setObjectName(f"outcome_{outcome.value.lower()}")
            self.outcome_group.addButton(radio)
            self.outcome_radios[outcome] = radio
            outcome_row.addWidget(radio, i // 3, i % 3)
        self.outcome_radios[DeliveryOutcome.DELIVERED].setChecked(True)

        self.received_edit = QLineEdit(self)
        self.received_edit.setObjectName("received_by_edit")
        self.received_edit.setPlaceholderText(tr("Ad Soyad (fişteki ‘Teslim alan’)"))
        self.relation_combo = QComboBox(self)
        self.relation_combo.setObjectName("relation_combo")
        self.relation_combo.setEditable(True)
        self.relation_combo.addItems([tr(r) for r in RELATIONS])
        self.relation_combo.setCurrentIndex(-1)
        relation_edit = self.relation_combo.lineEdit()
        if relation_edit is not None:
            relation_edit.setPlaceholderText(tr("Seçin ya da yazın"))
        self.at_edit = QDateTimeEdit(_local_now(), self)
        self.at_edit.setObjectName("at_edit")
        self.at_edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(64)
        self.note_caption = QLabel(tr("Açıklama"), self)
        self.errors = {name: error_label(self, f"{name}_error") for name in FIELDS}
        self.error = error_label(self)

        form = QGridLayout()
        form.setVerticalSpacing(4)
        rows: list[tuple[QLabel, QWidget, str]] = [
            (QLabel(tr("Teslim &alan"), self), self.received_edit, "teslim_alan"),
            (QLabel(tr("&Yakınlık"), self), self.relation_combo, "yakinlik"),
            (QLabel(tr("&Tarih, saat"), self), self.at_edit, "zaman"),
            (self.note_caption, self.note_edit, "aciklama"),
        ]
        self.captions: dict[str, QLabel] = {}
        for i, (caption, widget, name) in enumerate(rows):
            caption.setBuddy(widget)
            self.captions[name] = caption
            form.addWidget(caption, i * 2, 0)
            form.addWidget(widget, i * 2, 1)
            form.addWidget(self.errors[name], i * 2 + 1, 1)
        form.setColumnStretch(1, 1)

        self.result_frame = QFrame(self)
        self.result_frame.setObjectName("outcome_result")
        self.result_frame.setStyleSheet(RESULT_STYLE)
        self.result_label = QLabel(self.result_frame)
        self.result_label.setObjectName("outcome_result_text")
        self.result_label.setWordWrap(True)
        QVBoxLayout(self.result_frame).addWidget(self.result_label)
        self.result_frame.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(outcome_row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.result_frame)
        layout.addStretch(1)
        layout.addLayout(self.form_buttons())

        self.outcome_group.buttonToggled.connect(self.on_outcome_toggled)
        self.at_edit.dateTimeChanged.connect(self.on_at_changed)
        self.on_outcome_toggled()
        self.received_edit.setFocus()

    # --- state ------------------------------------------------------------------------------
    def outcome(self) -> DeliveryOutcome:
        return next(o for o, r in self.outcome_radios.items() if r.isChecked())

    def set_outcome(self, outcome: DeliveryOutcome) -> None:
        self.outcome_radios[outcome].setChecked(True)

    @property
    def is_dirty(self) -> bool:
        if self.result_value is not None:
            return False
        return bool(
            self.received_edit.text().strip()
            or self.relation_combo.currentText().strip()
            or self.note_edit.toPlainText().strip()
        )

    def form_input(self) -> OutcomeInput:
        outcome = self.outcome()
        delivered = outcome is DeliveryOutcome.DELIVERED
        at = None
        if self._at_touched:
            value = self.at_edit.dateTime()
            d, t = value.date(), value.time()
            at = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=LOCAL_TZ)
        return OutcomeInput(
            outcome=outcome,
            received_by=self.received_edit.text() if delivered else "",
            relation=self.relation_combo.currentText() if delivered else "",
            note=self.note_edit.toPlainText(),
            at=at,
            print_serial=self.print_serial,
        )

    # --- slots ------------------------------------------------------------------------------
    @Slot()
    def on_outcome_toggled(self) -> None:
        delivered = self.outcome() is DeliveryOutcome.DELIVERED
        for widget in (self.received_edit, self.relation_combo):
            widget.setEnabled(delivered)
        for name in ("teslim_alan", "yakinlik"):
            self.captions[name].setEnabled(delivered)
        other = self.outcome() is DeliveryOutcome.OTHER
        self.note_caption.setText(tr("&Açıklama (zorunlu)") if other else tr("&Açıklama"))
        for label in (*self.errors.values(), self.error):
            show_error(label, "")

    @Slot()
    def on_at_changed(self) -> None:
        self._at_touched = True

    def on_save_clicked(self) -> None:
        if self.result_value is not None:
            self.accept()
            return
        if self.saving:  # a second Enter while the first save runs
            return
        for label in (*self.errors.values(), self.error):
            show_error(label, "")
        db, user, row, data = self.ctx.db, self.ctx.user, self.row, self.form_input()
        self.saving = True
        self.save_button.setEnabled(False)
        run_op(
            self,
            lambda: record_outcome(db, user, row.id, data, expected_version=row.version),
            self._saved,
            on_failed=self._save_failed,
            disable=(self.cancel_button,),
        )

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if not isinstance(exc, DomainError):
            show_failure(self, exc, tr("Sonuç kaydedilemedi"))
            return
        label = self.errors.get(exc.field or "", self.error)
        show_error(label, exc.message)
        widget = {
            "teslim_alan": self.received_edit,
            "yakinlik": self.relation_combo,
            "zaman": self.at_edit,
            "aciklama": self.note_edit,
        }.get(exc.field or "")
        if widget is not None:
            widget.setFocus()

    def _saved(self, result: OutcomeResult) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.result_value = result
        self.outcome_recorded.emit(result)
        if self.outcome() is DeliveryOutcome.DELIVERED:
            self.accept()
            return
        self.show_failure_result(result)

    def show_failure_result(self, result: OutcomeResult) -> None:
        lines = [
            tr(
                "‘{0}’ olarak kaydedildi. Başvuru yeniden planlanmak üzere bekleyenler "
                "listesine döndü."
            ).format(tr(DELIVERY_OUTCOME_LABELS[self.outcome()]))
        ]
        if result.pickup_first:
            lines.append(
                tr(
                    "{0} başarısız ev ziyareti oldu: bir sonraki planlamada önce masadan teslim "
                    "önerilecek."
                ).format(result.failed_home_attempts)
            )
        self.result_label.setText("\n".join(lines))
        self.result_frame.setVisible(True)
        grow_to_fit(self)
        for widget in (
            *self.outcome_radios.values(),
            self.received_edit,
            self.relation_combo,
            self.at_edit,
            self.note_edit,
        ):
            widget.setEnabled(False)
        self.save_button.setText(tr("Kapat"))
        self.cancel_button.setVisible(False)
        self.save_button.setFocus()

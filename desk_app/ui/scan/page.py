"""Scan-back ("Tarama"): confirm the slips a delivery team brings back, and hand sets over at
the desk.

The USB scanner types the slip's token into the scan box and presses Enter (a clerk can type
the short code printed under the QR code instead). An accepted slip opens the outcome panel
(Enter: delivered, F2–F5: failed with its reason, Esc: skip); a refused one shows the service's
reason in the colour of its class (red forged/unreadable, orange reprinted, purple already
confirmed, grey other), with a beep. Every result goes into this batch's log, newest first.
Today's desk pickups are listed on the right: choosing one opens the same panel, and a set
handed over prints its receipt into the PDF preview.

Service calls are quick and made on the GUI thread; a ``DomainError`` is shown on the page.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import LOCAL_TZ, local_today
from desk_app.domain.errors import DomainError
from desk_app.domain.states import DELIVERY_OUTCOME_LABELS, DeliveryKind, DeliveryOutcome
from desk_app.services.delivery import (
    BOOKED,
    DONE,
    DeliveryRow,
    OutcomeInput,
    OutcomeResult,
    pickup_day_deliveries,
    record_outcome,
)
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import day_text, tr
from desk_app.ui.kit.page import BasePage
from desk_app.ui.kit.tasks import failure_text, run_op
from desk_app.ui.kit.widgets import error_label, hint_label, show_error
from desk_app.ui.scan.models import (
    KIND_BEEPS,
    KIND_DELIVERED,
    KIND_FAILED,
    KIND_OTHER,
    KIND_SIGNS,
    KIND_SKIPPED,
    PickupTableModel,
    ScanEntry,
    ScanLogTableModel,
    banner_style,
    make_table,
    refusal_kind,
)
from desk_app.ui.scan.outcome_panel import ScanOutcomePanel


def _now() -> datetime:
    return datetime.now(LOCAL_TZ)


class ScanPage(BasePage):
    key = "scan"

    result_logged = Signal(object)  # ScanEntry
    receipt_opened = Signal(object)  # the PdfPreviewDialog with the receipt

    @classmethod
    def title(cls) -> str:
        return tr("Tarama")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = local_today
        self.beeps: list[int] = []  # the beep count of each refusal, newest last
        self.token: str | None = None  # the slip shown in the panel (None: a desk pickup)
        self.preview_dialog: QWidget | None = None
        self._recording = False  # an outcome is being written

        self.scan_edit = QLineEdit(self)
        self.scan_edit.setObjectName("scan_edit")
        self.scan_edit.setPlaceholderText(
            tr("Fişin karekodunu okutun ya da altındaki kısa kodu yazın")
        )
        self.scan_edit.setClearButtonEnabled(True)
        font = QFont(self.scan_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.scan_edit.setFont(font)
        self.scan_edit.setMinimumHeight(44)
        self.scan_edit.returnPressed.connect(self.on_scan_entered)
        self.scan_button = QPushButton(tr("Oku"), self)
        self.scan_button.setObjectName("scan_button")
        self.scan_button.setMinimumHeight(44)
        self.scan_button.clicked.connect(self.on_scan_entered)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_edit, 1)
        scan_row.addWidget(self.scan_button)

        self.banner = QLabel(self)
        self.banner.setObjectName("scan_banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner_kind = ""
        self.error = error_label(self)

        self.panel = ScanOutcomePanel(self)
        self.panel.setVisible(False)
        self.panel.outcome_chosen.connect(self.on_outcome_chosen)
        self.panel.skipped.connect(self.on_skipped)
        self.panel.scanned.connect(self.on_scanned_in_panel)

        self.log_model = ScanLogTableModel(parent=self)
        self.log_table = make_table(
            self,
            "scan_log_table",
            self.log_model,
            stretch=2,
            widths=("00:00:00", "HGB-2026-00000", "", "Geçersiz fiş (yeniden basılmış)"),
        )
        self.counter_label = QLabel(self)
        self.counter_label.setObjectName("scan_counter")
        counter_font = QFont(self.counter_label.font())
        counter_font.setBold(True)
        self.counter_label.setFont(counter_font)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.panel)
        left_layout.addWidget(QLabel(tr("Bu oturumda okutulanlar"), left))
        left_layout.addWidget(self.log_table, 1)
        left_layout.addWidget(self.counter_label)

        self.pickup_model = PickupTableModel(parent=self)
        self.pickup_table = make_table(
            self,
            "pickup_table",
            self.pickup_model,
            stretch=2,
            widths=("00:00–00:00", "HGB-2026-00000", "", "Teslim edilemedi"),
        )
        self.pickup_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pickup_table.doubleClicked.connect(self.on_pickup_activated)
        self.pickup_table.activated.connect(self.on_pickup_activated)
        selection = self.pickup_table.selectionModel()
        assert selection is not None
        selection.selectionChanged.connect(self._update_pickup_buttons)
        self.pickup_day_label = hint_label("", self, "pickup_day_label")
        self.refresh_button = QPushButton(tr("Yenile"), self)
        self.refresh_button.setObjectName("pickup_refresh_button")
        self.refresh_button.clicked.connect(self.refresh_pickups)
        self.hand_over_button = QPushButton(tr("Teslim et…"), self)
        self.hand_over_button.setObjectName("hand_over_button")
        self.hand_over_button.clicked.connect(self.on_hand_over_clicked)
        self.receipt_button = QPushButton(tr("Tutanak"), self)
        self.receipt_button.setObjectName("receipt_button")
        self.receipt_button.setToolTip(tr("Teslim edilmiş setin tutanağını yeniden yazdır"))
        self.receipt_button.clicked.connect(self.on_receipt_clicked)
        pickup_buttons = QHBoxLayout()
        pickup_buttons.addWidget(self.refresh_button)
        pickup_buttons.addStretch(1)
        pickup_buttons.addWidget(self.receipt_button)
        pickup_buttons.addWidget(self.hand_over_button)
        pickups = QGroupBox(tr("Bugünkü masadan teslimler"), self)
        pickups.setObjectName("pickup_group")
        pickup_layout = QVBoxLayout(pickups)
        pickup_layout.addWidget(self.pickup_day_label)
        pickup_layout.addWidget(self.pickup_table, 1)
        pickup_layout.addLayout(pickup_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("scan_splitter")
        splitter.addWidget(left)
        splitter.addWidget(pickups)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 500])
        splitter.setChildrenCollapsible(False)

        self.body_layout.addLayout(scan_row)
        self.body_layout.addWidget(
            hint_label(
                tr(
                    "Okuyucu kodu yazıp Enter’a basar. Kabul edilen fişte Enter ‘Teslim edildi’ "
                    "kaydeder; F2–F5 teslim edilemedi nedenleri, Esc atlar."
                ),
                self,
            )
        )
        self.body_layout.addWidget(self.banner)
        self.body_layout.addWidget(self.error)
        self.body_layout.addWidget(splitter, 1)
        self.update_counter()
        self.setFocusProxy(self.scan_edit)

    # --- page life ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.refresh_pickups()
        self.focus_scan()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.focus_scan)

    @Slot()
    def focus_scan(self) -> None:
        if not self.panel.isVisible():
            self.scan_edit.setFocus()

    def _ready_for_next(self) -> None:
        self.token = None
        self.panel.clear()
        self.scan_edit.clear()
        self.scan_edit.setFocus()

    # --- scanning -------------------------------------------------------------------------------
    @Slot()
    def on_scan_entered(self) -> None:
        text = self.scan_edit.text().strip()
        if not text:
            self.scan_edit.setFocus()
            return
        if self.panel.row is not None:
            self._log_skipped()  # a new slip while one was open: the open one is left as it was
        show_error(self.error, "")
        from desk_app.services.delivery import lookup_slip

        db, user = self.ctx.db, self.ctx.user
        self.scan_edit.clear()  # the scanner may type the next slip meanwhile
        run_op(
            self,
            lambda: lookup_slip(db, user, text),
            lambda result: self._slip_looked_up(text, result),
            on_failed=self._lookup_failed,
            busy=(self.scan_edit,),
            latest_only="scan",
        )

    def _lookup_failed(self, exc: BaseException) -> None:
        self._ready_for_next()
        self.show_banner(KIND_OTHER, failure_text(exc))

    def _slip_looked_up(self, text: str, result: Any) -> None:
        if not result.ok or result.delivery is None:
            self.refused(result.reason, result.message, result.delivery)
            self._ready_for_next()
            return
        self.token = text
        row = result.delivery
        text = tr("Fiş geçerli: {0} — {1}").format(row.reference, row.parent_name)
        today = self.today()
        if row.day is not None and row.day != today:
            # Booked for another day than today: say so before the outcome is recorded.
            text += "\n" + tr("Planlanan gün {0}, bugün {1}.").format(
                day_text(row.day), day_text(today)
            )
        self.show_banner(KIND_DELIVERED, text)
        self.panel.show_for(row, result.baby_name)

    @Slot(str)
    def on_scanned_in_panel(self, token: str) -> None:
        """The next slip was scanned while the cursor was in the outcome panel."""
        self.scan_edit.setText(token)
        self.on_scan_entered()

    def refused(self, reason: str | None, message: str, row: DeliveryRow | None) -> None:
        from desk_app.services.delivery import REASON_LABELS

        kind = refusal_kind(reason)
        label = tr(REASON_LABELS.get(reason or "", reason or ""))
        # A headline with its sign on the first line, the details on the second; the service's
        # "Bu fiş daha önce işlendi:" would only repeat the headline.
        detail = message.removeprefix("Bu fiş daha önce işlendi: ")
        headline = f"{KIND_SIGNS.get(kind, '✖')} {label}" if label else KIND_SIGNS.get(kind, "✖")
        self.show_banner(kind, f"{headline}\n{detail}")
        self.log(kind, row, label or tr("Reddedildi"), message)
        self.beep(KIND_BEEPS.get(kind, 1))

    def beep(self, times: int) -> None:
        """Refusals sound different: forged three beeps, reprinted two, already used one."""
        self.beeps.append(times)
        for n in range(times):
            QTimer.singleShot(n * 220, QApplication.beep)

    # --- outcomes -------------------------------------------------------------------------------
    @Slot(object)
    def on_outcome_chosen(self, outcome: DeliveryOutcome) -> None:
        row = self.panel.row
        if row is None:
            return
        if self.token is not None:
            self._confirm_slip(self.token, row, outcome)
        else:
            self._record_pickup(row, outcome)

    def _confirm_slip(self, token: str, row: DeliveryRow, outcome: DeliveryOutcome) -> None:
        from desk_app.services.delivery import confirm_slip

        if self._recording:  # a second Enter while the first is being recorded
            return
        self._recording = True
        db, user = self.ctx.db, self.ctx.user
        received_by = self._delivered_only(outcome, self.panel.received_by)
        relation = self._delivered_only(outcome, self.panel.relation)
        note = self.panel.note
        run_op(
            self,
            lambda: confirm_slip(
                db, user, token, outcome, received_by=received_by, relation=relation, note=note
            ),
            lambda result: self._slip_confirmed(row, outcome, result),
            on_failed=self._confirm_failed,
            busy=(self.panel,),
            disable=(self.panel,),
        )

    def _confirm_failed(self, exc: BaseException) -> None:
        self._recording = False
        self.panel.show_error(
            failure_text(exc), exc.field if isinstance(exc, DomainError) else None
        )

    def _slip_confirmed(self, row: DeliveryRow, outcome: DeliveryOutcome, result: Any) -> None:
        self._recording = False
        if not result.ok:
            if result.reason == "invalid":
                self.panel.show_error(result.message, _invalid_field(result.message))
                return
            self.refused(result.reason, result.message, result.delivery or row)
            self._ready_for_next()
            return
        self._recorded(result.delivery or row, outcome, result.pickup_first)

    def _record_pickup(self, row: DeliveryRow, outcome: DeliveryOutcome) -> None:
        if self._recording:  # a second Enter while the first is being recorded
            return
        self._recording = True
        db, user = self.ctx.db, self.ctx.user
        data = OutcomeInput(
            outcome=outcome,
            received_by=self._delivered_only(outcome, self.panel.received_by),
            relation=self._delivered_only(outcome, self.panel.relation),
            note=self.panel.note,
        )
        run_op(
            self,
            lambda: record_outcome(db, user, row.id, data, expected_version=row.version),
            lambda result: self._pickup_recorded(row, outcome, result),
            on_failed=lambda exc: self._pickup_failed(row, exc),
            busy=(self.panel,),
            disable=(self.panel,),
        )

    def _pickup_recorded(
        self, row: DeliveryRow, outcome: DeliveryOutcome, result: OutcomeResult
    ) -> None:
        self._recording = False
        self._recorded(result.delivery, outcome, result.pickup_first)
        self.refresh_pickups()

    def _pickup_failed(self, row: DeliveryRow, exc: BaseException) -> None:
        self._recording = False
        if not isinstance(exc, DomainError):
            self.panel.show_error(failure_text(exc), None)
            return
        if True:
            if exc.field in ("teslim_alan", "yakinlik", "aciklama", "zaman"):
                self.panel.show_error(exc.message, exc.field)
                return
            self.refused("used" if exc.field == "sonuc" else None, exc.message, row)
            self._ready_for_next()
            self.refresh_pickups()

    @staticmethod
    def _delivered_only(outcome: DeliveryOutcome, value: str) -> str:
        return value if outcome is DeliveryOutcome.DELIVERED else ""

    def _recorded(self, row: DeliveryRow, outcome: DeliveryOutcome, pickup_first: bool) -> None:
        label = tr(DELIVERY_OUTCOME_LABELS[outcome])
        if outcome is DeliveryOutcome.DELIVERED:
            kind = KIND_DELIVERED
            text = tr("{0} — {1}: teslim edildi ({2}).").format(
                row.reference, row.parent_name, self.panel.received_by.strip()
            )
        else:
            kind = KIND_FAILED
            text = tr("{0} — {1}: ‘{2}’ kaydedildi; başvuru yeniden planlanacak.").format(
                row.reference, row.parent_name, label
            )
            if pickup_first:
                text += " " + tr("Bir sonraki planlamada önce masadan teslim önerilecek.")
        self.show_banner(kind, text)
        self.log(kind, row, label, text)
        self._ready_for_next()
        if outcome is DeliveryOutcome.DELIVERED and row.kind == DeliveryKind.PICKUP.value:
            self.open_receipt(row.id, row.reference)

    @Slot()
    def on_skipped(self) -> None:
        self._log_skipped()
        self.show_banner(KIND_SKIPPED, tr("Atlandı; hiçbir şey kaydedilmedi."))
        self._ready_for_next()

    def _log_skipped(self) -> None:
        row = self.panel.row
        if row is not None:
            self.log(KIND_SKIPPED, row, tr("Atlandı"), tr("Hiçbir şey kaydedilmedi."))

    # --- the log --------------------------------------------------------------------------------
    def show_banner(self, kind: str, text: str) -> None:
        self.banner_kind = kind
        self.banner.setStyleSheet(banner_style(kind))
        self.banner.setText(text)
        self.banner.setVisible(True)

    def log(self, kind: str, row: DeliveryRow | None, result: str, message: str) -> None:
        entry = ScanEntry(
            at=_now(),
            kind=kind,
            reference=row.reference if row else "",
            family=row.parent_name if row else "",
            result=result,
            message=message,
        )
        self.log_model.add(entry)
        self.update_counter()
        self.result_logged.emit(entry)

    def update_counter(self) -> None:
        c = self.log_model.counts()
        text = tr("Bu oturumda: {0} teslim, {1} başarısız, {2} reddedildi").format(
            c["delivered"], c["failed"], c["refused"]
        )
        if c["skipped"]:
            text += tr(", {0} atlandı").format(c["skipped"])
        self.counter_label.setText(text)

    # --- desk pickups ---------------------------------------------------------------------------
    @Slot()
    def refresh_pickups(self) -> None:
        day = self.today()
        self.pickup_day_label.setText(day_text(day))
        db, user = self.ctx.db, self.ctx.user
        run_op(
            self,
            lambda: pickup_day_deliveries(db, user, day),
            self._pickups_loaded,
            on_failed=lambda exc: show_error(self.error, failure_text(exc)),
            busy=(self.pickup_table,),
            latest_only="pickups",
        )

    def _pickups_loaded(self, rows: tuple[DeliveryRow, ...]) -> None:
        selected = self.selected_pickup()
        self.pickup_model.set_rows(rows)
        if selected is not None:
            for i, r in enumerate(rows):
                if r.id == selected.id:
                    self.pickup_table.selectRow(i)
        self._update_pickup_buttons()

    def selected_pickup(self) -> DeliveryRow | None:
        model = self.pickup_table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.pickup_model.row_at(rows[0].row()) if rows else None

    def _update_pickup_buttons(self, *_args: object) -> None:
        row = self.selected_pickup()
        self.hand_over_button.setEnabled(row is not None and row.status == BOOKED)
        self.receipt_button.setEnabled(row is not None and row.status == DONE)

    def select_pickup(self, delivery_id: int) -> bool:
        for i, r in enumerate(self.pickup_model.rows()):
            if r.id == delivery_id:
                self.pickup_table.selectRow(i)
                self._update_pickup_buttons()
                return True
        return False

    @Slot(QModelIndex)
    def on_pickup_activated(self, index: QModelIndex) -> None:
        self.pickup_table.selectRow(index.row())
        self.on_hand_over_clicked()

    @Slot()
    def on_hand_over_clicked(self) -> None:
        row = self.selected_pickup()
        self._update_pickup_buttons()
        if row is None:
            show_error(self.error, tr("Listeden teslim edilecek bir kişi seçin."))
            return
        if row.status != BOOKED:
            show_error(
                self.error,
                tr("{0} için sonuç zaten girilmiş ({1}).").format(row.reference, row.status_label),
            )
            return
        if self.panel.row is not None:
            self._log_skipped()
        show_error(self.error, "")
        self.token = None
        self.panel.show_for(row)

    @Slot()
    def on_receipt_clicked(self) -> None:
        row = self.selected_pickup()
        if row is not None and row.status == DONE:
            self.open_receipt(row.id, row.reference)

    def open_receipt(self, delivery_id: int, reference: str) -> None:
        """Print the hand-over receipt to a temporary PDF off the GUI thread and show it for
        printing (``receipt_opened(dialog)``)."""
        from desk_app.services.delivery import print_receipt

        db, user = self.ctx.db, self.ctx.user

        def work() -> Path:
            fd, name = tempfile.mkstemp(prefix="tutanak-", suffix=".pdf")
            os.close(fd)
            path = Path(name)
            try:
                print_receipt(db, user, delivery_id, path)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            return path

        run_op(
            self,
            work,
            lambda path: self._show_receipt(path, reference),
            on_failed=lambda exc: show_error(self.error, failure_text(exc)),
            disable=(self.receipt_button,),
        )

    def _show_receipt(self, path: Path, reference: str) -> None:
        from desk_app.ui.kit.pdf_preview_dialog import PdfPreviewDialog

        dialog = PdfPreviewDialog(
            path,
            self,
            title=tr("Teslim tutanağı — {0}").format(reference),
            suggested_name=f"tutanak-{reference}.pdf",
            owns_file=True,
        )
        dialog.finished.connect(self.focus_scan)
        dialog.show()
        self.preview_dialog = dialog
        self.receipt_opened.emit(dialog)


def _invalid_field(message: str) -> str | None:
    """Which panel field a refused confirmation is about (the slips service only passes the
    message on)."""
    if "Teslim alan" in message or "adını" in message:
        return "teslim_alan"
    if "akınlı" in message:
        return "yakinlik"
    if "çıklama" in message:
        return "aciklama"
    return None

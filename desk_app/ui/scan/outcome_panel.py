"""The outcome panel of the scan-back page: who the slip (or desk pickup) is for, and one key
per outcome.

Enter confirms "Teslim edildi" with "Teslim alan" prefilled with the parent's name and
"Yakınlık" with "Veli" (both editable); F2 Evde yok, F3 Adres yanlış, F4 Kabul etmedi,
F5 Diğer (needs a note: with the note empty, F5 asks for it and Enter then confirms "Diğer");
Esc skips. The panel only collects the choice (``outcome_chosen``/``skipped``); the page calls
the service and shows its errors here (``show_error``)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.states import DELIVERY_OUTCOME_LABELS, DeliveryKind, DeliveryOutcome
from desk_app.services.delivery import RELATIONS, DeliveryRow
from desk_app.ui.kit import palette
from desk_app.ui.kit.i18n import day_text, tr, where_text
from desk_app.ui.kit.widgets import error_label, field_grid, hint_label, show_error

PARENT_RELATION = "Veli"  # the applicant receives the set
OUTCOME_KEYS: dict[DeliveryOutcome, tuple[int, str]] = {
    DeliveryOutcome.DELIVERED: (int(Qt.Key.Key_Return), "Enter"),
    DeliveryOutcome.NOT_HOME: (int(Qt.Key.Key_F2), "F2"),
    DeliveryOutcome.WRONG_ADDRESS: (int(Qt.Key.Key_F3), "F3"),
    DeliveryOutcome.REFUSED: (int(Qt.Key.Key_F4), "F4"),
    DeliveryOutcome.OTHER: (int(Qt.Key.Key_F5), "F5"),
}
_KEY_OUTCOME = {key: outcome for outcome, (key, _) in OUTCOME_KEYS.items()}
PANEL_STYLE = (
    f"QFrame#scan_outcome_panel {{ border: 2px solid {palette.ACCENT}; border-radius: 6px;"
    f" background: {palette.ACCENT_SURFACE_LIGHT}; }}"
)


# What a USB scanner types for a slip (desk_app.domain.slip_token), at the end of a field.
SCANNED_TOKEN = re.compile(r"(HGB1[\s*/._-]*\d+[\s*/._-]+\d+[\s*/._-]+[A-Za-z0-9]{8,})\s*$", re.I)


class ScanOutcomePanel(QFrame):
    """Shows one delivery and asks what happened to it."""

    outcome_chosen = Signal(object)  # DeliveryOutcome
    skipped = Signal()
    # The scanner typed a slip while the cursor was in one of the panel's fields: the token
    # is taken out of the field again and handed to the page as a new scan.
    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scan_outcome_panel")
        self.setStyleSheet(PANEL_STYLE)
        self.row: DeliveryRow | None = None
        self.pending = DeliveryOutcome.DELIVERED

        self.title = QLabel(self)
        self.title.setObjectName("outcome_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        grid, self.values = field_grid(
            [
                ("parent", tr("Veli")),
                ("baby", tr("Bebek")),
                ("phone", tr("Telefon")),
                ("address", tr("Adres")),
                ("day", tr("Gün")),
                ("where", tr("Ekip / saat")),
            ]
        )

        self.received_edit = QLineEdit(self)
        self.received_edit.setObjectName("received_by_edit")
        self.received_edit.setPlaceholderText(tr("Ad Soyad (fişteki ‘Teslim alan’)"))
        self.relation_combo = QComboBox(self)
        self.relation_combo.setObjectName("relation_combo")
        self.relation_combo.setEditable(True)
        self.relation_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.relation_combo.addItems([tr(PARENT_RELATION), *(tr(r) for r in RELATIONS)])
        self.relation_combo.setMinimumContentsLength(12)
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("note_edit")
        self.note_edit.setPlaceholderText(tr("‘Diğer’ için zorunlu"))
        # The whole hint stays readable (it was cut to "‘Diğer’ için zor…").
        hint = self.note_edit.placeholderText()
        self.note_edit.setMinimumWidth(self.note_edit.fontMetrics().horizontalAdvance(hint) + 24)
        self.note_edit.setToolTip(hint)
        form = QHBoxLayout()
        for caption, widget, stretch in (
            (tr("Teslim &alan"), self.received_edit, 3),
            (tr("&Yakınlık"), self.relation_combo, 0),
            (tr("Açıkla&ma"), self.note_edit, 3),
        ):
            label = QLabel(caption, self)
            label.setBuddy(widget)
            form.addWidget(label)
            form.addWidget(widget, stretch)

        self.buttons: dict[DeliveryOutcome, QPushButton] = {}
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(6)
        for i, (outcome, label_text) in enumerate(DELIVERY_OUTCOME_LABELS.items()):
            key_name = OUTCOME_KEYS[outcome][1]
            button = QPushButton(f"{key_name} · {tr(label_text)}", self)
            button.setObjectName(f"outcome_{outcome.value.lower()}_button")
            button.setAutoDefault(True)  # Enter on a focused button presses that button
            button.clicked.connect(lambda _=False, o=outcome: self.choose(o))
            self.buttons[outcome] = button
            buttons.addWidget(button, i // 3, i % 3)
        delivered = self.buttons[DeliveryOutcome.DELIVERED]
        delivered.setStyleSheet("font-weight: 600;")
        self.skip_button = QPushButton(tr("Esc · Atla"), self)
        self.skip_button.setObjectName("skip_button")
        self.skip_button.setAutoDefault(True)
        self.skip_button.clicked.connect(self.on_skip_clicked)
        buttons.addWidget(self.skip_button, 1, 2)
        self.error = error_label(self, "outcome_error")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(
            hint_label(
                tr(
                    "Enter: teslim edildi · F2–F5: teslim edilemedi (nedeni) · Esc: atla. "
                    "‘Diğer’ için önce açıklama yazın."
                ),
                self,
            )
        )

    # --- state ------------------------------------------------------------------------------
    def show_for(self, row: DeliveryRow, baby_name: str = "", heading: str = "") -> None:
        """Fill the panel for ``row`` and put the cursor in "Teslim alan" (Enter confirms)."""
        self.row = row
        self.pending = DeliveryOutcome.DELIVERED
        pickup = row.kind == DeliveryKind.PICKUP.value
        self.title.setText(
            heading
            or (
                tr("{0} — masadan teslim").format(row.reference)
                if pickup
                else tr("{0} — adrese teslim").format(row.reference)
            )
        )
        self.values["parent"].setText(row.parent_name)
        self.values["baby"].setText(baby_name or "—")
        self.values["phone"].setText(row.phone_masked or "—")
        self.values["address"].setText(row.address_text or "—")
        self.values["day"].setText(day_text(row.day))
        self.values["where"].setText(where_text(row) or "—")
        self.received_edit.setText(row.parent_name)
        self.relation_combo.setCurrentIndex(0)
        self.note_edit.clear()
        show_error(self.error, "")
        self.setVisible(True)
        self.received_edit.setFocus()
        self.received_edit.selectAll()

    def clear(self) -> None:
        self.row = None
        self.setVisible(False)

    @property
    def received_by(self) -> str:
        return self.received_edit.text()

    @property
    def relation(self) -> str:
        return self.relation_combo.currentText()

    @property
    def note(self) -> str:
        return self.note_edit.text()

    def show_error(self, text: str, field: str | None = None) -> None:
        show_error(self.error, text)
        widget = {
            "teslim_alan": self.received_edit,
            "yakinlik": self.relation_combo,
            "aciklama": self.note_edit,
        }.get(field or "")
        if widget is not None:
            widget.setFocus()

    # --- choosing ---------------------------------------------------------------------------
    def choose(self, outcome: DeliveryOutcome) -> None:
        if self.row is None:
            return
        if outcome is DeliveryOutcome.OTHER and not self.note.strip():
            self.pending = DeliveryOutcome.OTHER
            self.show_error(
                tr("‘Diğer’ için ne olduğunu açıklama alanına yazın, sonra Enter’a basın."),
                "aciklama",
            )
            return
        self.outcome_chosen.emit(outcome)

    @Slot()
    def on_skip_clicked(self) -> None:
        if self.row is not None:
            self.skipped.emit()

    def take_scanned_token(self) -> str | None:
        """A slip token a scanner typed at the end of a field, removed from it; or None."""
        edits = [self.received_edit, self.note_edit, self.relation_combo.lineEdit()]
        for edit in edits:
            if edit is None:
                continue
            match = SCANNED_TOKEN.search(edit.text())
            if match is not None:
                edit.setText(edit.text()[: match.start()].rstrip())
                return match.group(1)
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            token = self.take_scanned_token()
            if token is not None:
                self.scanned.emit(token)
                return
            self.choose(self.pending)
            return
        if key == Qt.Key.Key_Escape:
            self.on_skip_clicked()
            return
        outcome = _KEY_OUTCOME.get(int(key))
        if outcome is not None:
            self.choose(outcome)
            return
        super().keyPressEvent(event)

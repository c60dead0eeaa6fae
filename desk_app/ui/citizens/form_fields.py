"""The fields of the citizen form with a message line under each, the served-mahalle list with
a Turkish-folding filter, and the hidden T.C. Kimlik No of a desk clerk's edit. The dialog
(``citizen_form_dialog``) decides what to show when; this widget only holds and shows it."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.tckn import mask_tckn
from desk_app.domain.text import fold
from desk_app.services import citizens as citizens_service
from desk_app.services.citizens import CitizenInput
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.widgets import ERROR_STYLE, error_label, hint_label, show_error, teardown_safe

WARNING_STYLE = "color: #8a5300; font-weight: 600;"
FIELDS = (
    "ad",
    "soyad",
    "tc_kimlik_no",
    "telefon",
    "eposta",
    "mahalle",
    "cadde_sokak",
    "bina_no",
    "daire_no",
    "notlar",
)
ADDRESS_FIELDS = ("mahalle", "cadde_sokak", "bina_no", "daire_no")
CONTACT_FIELDS = ("tc_kimlik_no", "telefon")


def split_warning(data: CitizenInput, served: Sequence[str]) -> tuple[dict[str, str], str]:
    """(blocking errors by field, the "mahalle not served" warning or "").

    ``validate_citizen`` reports the flag under "mahalle" like an error; it is only the flag
    when the same input with that mahalle counted as served has no "mahalle" message."""
    errors = citizens_service.validate_citizen(data, served)
    warning = ""
    if "mahalle" in errors and data.mahalle.strip():
        as_served = citizens_service.validate_citizen(data, [*served, data.mahalle])
        if "mahalle" not in as_served:
            warning = errors.pop("mahalle")
    return errors, warning


def matching_mahalleler(names: Sequence[str], typed: str) -> list[str]:
    """Served mahalleler for what was typed, with Turkish folding (I/ı, İ/i): names that start
    with it first, then names that contain it."""
    key = fold(typed)
    if not key:
        return list(names)
    starts = [n for n in names if fold(n).startswith(key)]
    contains = [n for n in names if key in fold(n) and n not in starts]
    return starts + contains


class CitizenFields(QWidget):
    """``field_edited(name)`` as the clerk types (or picks); ``field_left(name)`` when the
    keyboard leaves a field. Names are ``validate_citizen``'s keys."""

    field_edited = Signal(str)
    field_left = Signal(str)

    def __init__(self, served: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.served = list(served)
        self.hidden_tc: str | None = None  # a desk clerk edits without seeing the stored TC

        self.first_name_edit = QLineEdit(self)
        self.last_name_edit = QLineEdit(self)
        self.tc_edit = QLineEdit(self)
        self.tc_edit.setMaxLength(11)
        self.tc_edit.setPlaceholderText(tr("11 hane"))
        self.tc_change_button = QPushButton(tr("Değiştir"), self)
        self.tc_change_button.setObjectName("tc_change_button")
        self.tc_change_button.setAutoDefault(False)
        self.tc_change_button.setVisible(False)
        self.tc_change_button.clicked.connect(self.on_tc_change_clicked)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText(tr("0532 123 45 67"))
        self.email_edit = QLineEdit(self)
        self.email_edit.setPlaceholderText(tr("ad@alanadi.com (isteğe bağlı)"))
        self.mahalle_combo = QComboBox(self)
        self.mahalle_combo.setEditable(True)
        self.mahalle_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.mahalle_combo.addItems(self.served)
        self.mahalle_combo.setCurrentIndex(-1)
        # Qt's own case-insensitive matching gets I/ı and İ/i wrong: the list is filtered here.
        self.mahalle_completer_model = QStringListModel(self.served, self)
        self.mahalle_completer = QCompleter(self.mahalle_completer_model, self)
        self.mahalle_completer.setCompletionMode(
            QCompleter.CompletionMode.UnfilteredPopupCompletion
        )
        self.mahalle_combo.setCompleter(self.mahalle_completer)
        line_edit = self.mahalle_combo.lineEdit()
        assert line_edit is not None
        self.mahalle_edit: QLineEdit = line_edit
        self.mahalle_edit.setPlaceholderText(tr("Yazın veya listeden seçin"))
        self.street_edit = QLineEdit(self)
        self.building_edit = QLineEdit(self)
        self.apartment_edit = QLineEdit(self)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(64)

        self.inputs: dict[str, QWidget] = {
            "ad": self.first_name_edit,
            "soyad": self.last_name_edit,
            "tc_kimlik_no": self.tc_edit,
            "telefon": self.phone_edit,
            "eposta": self.email_edit,
            "mahalle": self.mahalle_combo,
            "cadde_sokak": self.street_edit,
            "bina_no": self.building_edit,
            "daire_no": self.apartment_edit,
            "notlar": self.notes_edit,
        }
        for name, widget in self.inputs.items():
            widget.setObjectName(f"{name}_edit")
        self.error_labels = {name: error_label(self, f"{name}_error") for name in FIELDS}
        self._build_layout()

        for name, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, n=name: self.field_edited.emit(n))
                widget.editingFinished.connect(lambda n=name: self.field_left.emit(n))
        self.mahalle_edit.textEdited.connect(self.on_mahalle_edited)
        self.mahalle_combo.installEventFilter(self)  # its line edit sees no focus-out
        self.mahalle_combo.activated.connect(lambda _i: self.field_edited.emit("mahalle"))
        self.mahalle_completer.activated.connect(lambda _t: self.field_edited.emit("mahalle"))
        self.notes_edit.textChanged.connect(lambda: self.field_edited.emit("notlar"))

    def _build_layout(self) -> None:
        person = QGridLayout()
        person.setHorizontalSpacing(12)
        person.setVerticalSpacing(10)
        tc_row = QWidget(self)
        tc_line = QHBoxLayout(tc_row)
        tc_line.setContentsMargins(0, 0, 0, 0)
        tc_line.addWidget(self.tc_edit, 1)
        tc_line.addWidget(self.tc_change_button)
        self._place(person, 0, 0, tr("Ad"), "ad", self.first_name_edit)
        self._place(person, 0, 1, tr("Soyad"), "soyad", self.last_name_edit)
        self._place(person, 1, 0, tr("T.C. Kimlik No"), "tc_kimlik_no", tc_row)
        self._place(person, 1, 1, tr("Telefon"), "telefon", self.phone_edit)
        self._place(person, 2, 0, tr("E-posta"), "eposta", self.email_edit, span=2)
        hint = hint_label(
            tr("T.C. Kimlik No veya telefondan en az biri gerekli."), self, "contact_hint"
        )
        person.addWidget(hint, 3, 0, 1, 2)

        address_box = QGroupBox(tr("Adres (isteğe bağlı)"), self)
        address = QGridLayout(address_box)
        address.setHorizontalSpacing(12)
        address.setVerticalSpacing(10)
        self._place(address, 0, 0, tr("Mahalle"), "mahalle", self.mahalle_combo)
        self._place(address, 0, 1, tr("Cadde/Sokak"), "cadde_sokak", self.street_edit)
        self._place(address, 1, 0, tr("Bina No"), "bina_no", self.building_edit)
        self._place(address, 1, 1, tr("Daire No"), "daire_no", self.apartment_edit)

        notes = QGridLayout()
        self._place(notes, 0, 0, tr("Notlar"), "notlar", self.notes_edit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(person)
        layout.addWidget(address_box)
        layout.addLayout(notes)

    def _place(
        self,
        grid: QGridLayout,
        row: int,
        column: int,
        title: str,
        name: str,
        widget: QWidget,
        span: int = 1,
    ) -> None:
        label = QLabel(title, self)
        label.setBuddy(self.inputs[name])
        box = QVBoxLayout()
        box.setSpacing(3)
        box.addWidget(label)
        box.addWidget(widget)
        box.addWidget(self.error_labels[name])
        grid.addLayout(box, row, column, 1, span, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(column, 1)

    def tab_chain(self) -> list[QWidget]:
        """The fields in the order Tab visits them."""
        order = list(self.inputs.values())
        order.insert(3, self.tc_change_button)
        return order

    def set_tab_order(self, *after: QWidget) -> None:
        for first, second in itertools.pairwise([*self.tab_chain(), *after]):
            QWidget.setTabOrder(first, second)

    # --- values -------------------------------------------------------------------------------
    def value_of(self, name: str) -> str:
        widget = self.inputs[name]
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return self.mahalle_edit.text()

    def form_input(self) -> CitizenInput:
        tc = self.hidden_tc if self.hidden_tc is not None else self.tc_edit.text()
        return CitizenInput(
            first_name=self.first_name_edit.text(),
            last_name=self.last_name_edit.text(),
            tc_kimlik_no=tc,
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            mahalle=self.mahalle_edit.text(),
            street=self.street_edit.text(),
            building_no=self.building_edit.text(),
            apartment_no=self.apartment_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def set_input(self, data: CitizenInput, *, hide_tc: bool = False) -> None:
        """Fill the fields; with ``hide_tc`` a stored T.C. Kimlik No shows masked and read-only
        until the clerk chooses "Değiştir"."""
        self.first_name_edit.setText(data.first_name)
        self.last_name_edit.setText(data.last_name)
        tc = data.tc_kimlik_no.strip()
        if tc and hide_tc:
            self.hidden_tc = tc
            self.tc_edit.setText(mask_tckn(tc))
            self.tc_edit.setReadOnly(True)
            self.tc_edit.setToolTip(
                tr("Kayıtlı T.C. Kimlik No gizli; değiştirmek için ‘Değiştir’.")
            )
            self.tc_change_button.setVisible(True)
        else:
            self.hidden_tc = None
            self.tc_edit.setText(tc)
            self.tc_edit.setReadOnly(False)
            self.tc_change_button.setVisible(False)
        self.phone_edit.setText(data.phone)
        self.email_edit.setText(data.email)
        self.mahalle_edit.setText(data.mahalle)
        self.street_edit.setText(data.street)
        self.building_edit.setText(data.building_no)
        self.apartment_edit.setText(data.apartment_no)
        self.notes_edit.setPlainText(data.notes)

    def set_served(self, served: Sequence[str]) -> None:
        """The served mahalleler arrived (read off the GUI thread): the list and the
        completion offer them; what was typed stays."""
        self.served = list(served)
        typed = self.mahalle_edit.text()
        self.mahalle_combo.blockSignals(True)
        self.mahalle_combo.clear()
        self.mahalle_combo.addItems(self.served)
        self.mahalle_combo.setCurrentIndex(-1)
        self.mahalle_combo.blockSignals(False)
        self.mahalle_edit.setText(typed)
        self.mahalle_completer_model.setStringList(self.served)

    def show_message(self, name: str, text: str, *, warning: bool = False) -> None:
        """The message under field ``name`` (red; amber for a warning); "" hides it."""
        label = self.error_labels[name]
        style = WARNING_STYLE if warning else ERROR_STYLE
        if label.text() != text or label.isVisible() != bool(text) or label.styleSheet() != style:
            label.setStyleSheet(style)
            show_error(label, text)

    # --- slots --------------------------------------------------------------------------------
    @Slot(str)
    def on_mahalle_edited(self, text: str) -> None:
        matches = matching_mahalleler(self.served, text)
        self.mahalle_completer_model.setStringList(matches)
        if text.strip() and matches:
            self.mahalle_completer.complete()
        else:
            popup = self.mahalle_completer.popup()
            if popup is not None:
                popup.hide()
        self.field_edited.emit("mahalle")

    @Slot()
    def on_tc_change_clicked(self) -> None:
        self.hidden_tc = None
        self.tc_edit.setReadOnly(False)
        self.tc_edit.clear()
        self.tc_edit.setToolTip("")
        self.tc_change_button.setVisible(False)
        self.tc_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.field_edited.emit("tc_kimlik_no")

    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.mahalle_combo and event.type() == QEvent.Type.FocusOut:
            assert isinstance(event, QFocusEvent)
            if event.reason() != Qt.FocusReason.PopupFocusReason:
                popup = self.mahalle_completer.popup()
                if popup is not None:
                    popup.hide()
                self.field_left.emit("mahalle")
        return super().eventFilter(watched, event)

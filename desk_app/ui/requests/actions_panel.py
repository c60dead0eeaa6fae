"""The action buttons of the request detail and the small inline form each one opens:
Yönlendir, Cevap ekle, Not ekle, Durum değiştir, Vatandaş bilgilendirildi.

The panel only collects what the clerk typed; ``submitted(action, values)`` hands it to the
dialog, which calls the service with the version on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.states import RequestStatus, requires_written_answer
from desk_app.services.requests import INFORMED_VIA_LABELS, RequestDetail, status_label
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.widgets import error_label, is_ctrl_enter, teardown_safe

ACTIONS = ("forward", "answer", "note", "status", "informed")
ACTION_TITLES = {
    "forward": "Yönlendir",
    "answer": "Cevap ekle",
    "note": "Not ekle",
    "status": "Durum değiştir",
    "informed": "Vatandaş bilgilendirildi",
}
DONE_TEXTS = {
    "forward": "Talep yönlendirildi.",
    "answer": "Müdürlük cevabı kaydedildi.",
    "note": "Not eklendi.",
    "status": "Durum değiştirildi.",
    "informed": "Vatandaşın bilgilendirildiği kaydedildi.",
}
FORWARDABLE = (RequestStatus.NEW, RequestStatus.FORWARDED, RequestStatus.IN_PROGRESS)


def set_error(label: QLabel, text: str) -> None:
    """Show or clear an inline error without growing the (large, resizable) window to its
    preferred height, which ``widgets.show_error`` would do."""
    label.setText(text)
    label.setVisible(bool(text))


def _text_edit(name: str, placeholder: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height + 40)
    return edit


class RequestActionsPanel(QWidget):
    submitted = Signal(str, object)  # action, values (dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("request_actions_panel")
        self.detail: RequestDetail | None = None
        self.action: str | None = None
        self._blocked = False
        self._answer_needed = False

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        mnemonics = {
            "forward": "&Yönlendir",
            "answer": "&Cevap ekle",
            "note": "&Not ekle",
            "status": "&Durum değiştir",
            "informed": "Vatandaş &bilgilendirildi",
        }
        for action in ACTIONS:
            button = QPushButton(tr(mnemonics[action]))
            button.setObjectName(f"{action}_button")
            button.setAutoDefault(False)
            button.clicked.connect(self.on_action_button_clicked)
            button.setProperty("action", action)
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)

        # --- one small form per action -----------------------------------------------------
        self.forward_directorate_combo = QComboBox()
        self.forward_directorate_combo.setObjectName("forward_directorate_combo")
        self.forward_directorate_combo.setMaxVisibleItems(20)
        self.forward_directorate_combo.setPlaceholderText(tr("Müdürlük seçin"))
        self.forward_note_edit = _text_edit("forward_note_edit", tr("Not (isteğe bağlı)"), 50)
        self.answer_edit = _text_edit(
            "answer_edit", tr("Müdürlüğün yazılı cevabı; vatandaşa olduğu gibi okunacak"), 90
        )
        self.resolve_check = QCheckBox(tr("Talebi ‘Çözüldü’ durumuna al"))
        self.resolve_check.setObjectName("resolve_check")
        self.resolve_check.setChecked(True)
        self.note_edit = _text_edit("note_edit", tr("Not"), 70)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_combo")
        self.status_answer_label = QLabel(tr("Yazılı cevap (gerekli)"))
        self.status_answer_edit = _text_edit(
            "status_answer_edit",
            tr("Bu durum için vatandaşa okunacak yazılı cevap gerekli; müdürlüğün cevabını yazın"),
            60,
        )
        self.status_note_edit = _text_edit("status_note_edit", tr("Not (isteğe bağlı)"), 40)
        self.via_combo = QComboBox()
        self.via_combo.setObjectName("via_combo")
        for code, label in INFORMED_VIA_LABELS.items():
            self.via_combo.addItem(tr(label), code)
        self.informed_note_edit = _text_edit(
            "informed_note_edit", tr("Not (isteğe bağlı): kiminle görüşüldü, ne söylendi"), 50
        )
        self.status_combo.currentIndexChanged.connect(self.on_status_changed)

        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        forms: dict[str, list[tuple[str, QWidget]]] = {
            "forward": [
                (tr("Müdürlük"), self.forward_directorate_combo),
                (tr("Not"), self.forward_note_edit),
            ],
            "answer": [(tr("Cevap"), self.answer_edit), ("", self.resolve_check)],
            "note": [(tr("Not"), self.note_edit)],
            "status": [
                (tr("Yeni durum"), self.status_combo),
                ("", self.status_answer_label),
                (tr("Cevap"), self.status_answer_edit),
                (tr("Not"), self.status_note_edit),
            ],
            "informed": [(tr("Nasıl"), self.via_combo), (tr("Not"), self.informed_note_edit)],
        }
        self._form_layouts: dict[str, QFormLayout] = {}
        for action in ACTIONS:
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for caption, widget in forms[action]:
                form.addRow(caption, widget)
            self.pages[action] = page
            self._form_layouts[action] = form
            self.stack.addWidget(page)

        self.error = error_label(self, "action_error")
        self.save_button = QPushButton(tr("Kaydet"))
        self.save_button.setObjectName("action_save_button")
        self.save_button.setAutoDefault(False)
        self.save_button.setToolTip(tr("Kaydet (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.on_save_clicked)
        self.cancel_button = QPushButton(tr("Vazgeç"))
        self.cancel_button.setObjectName("action_cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        self.box = QGroupBox()
        self.box.setObjectName("action_box")
        box_layout = QVBoxLayout(self.box)
        box_layout.addWidget(self.stack)
        box_layout.addWidget(self.error)
        box_layout.addLayout(buttons)
        self.box.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.box)

        for edit in self._text_edits():
            edit.installEventFilter(self)

    def _text_edits(self) -> list[QPlainTextEdit]:
        return [
            self.forward_note_edit,
            self.answer_edit,
            self.note_edit,
            self.status_answer_edit,
            self.status_note_edit,
            self.informed_note_edit,
        ]

    # --- state --------------------------------------------------------------------------------
    def set_detail(self, detail: RequestDetail, directorates: list[tuple[int, str]]) -> None:
        """Enable what the request's state allows; refill the choices (typed text stays)."""
        self.detail = detail
        status = RequestStatus(detail.status)
        has_answer = bool((detail.answer_text or "").strip())
        enabled = {
            "forward": status in FORWARDABLE,
            "answer": status is not RequestStatus.CLOSED,
            "note": True,
            "status": bool(detail.allowed_next),
            "informed": has_answer and detail.answered_at is not None,
        }
        for action, button in self.buttons.items():
            button.setEnabled(enabled[action] and not self._blocked)
        tips = {
            "forward": tr("Çözülmüş, reddedilmiş veya kapanmış talep yönlendirilemez."),
            "answer": tr("Kapanmış talebe cevap eklenemez."),
            "status": tr("Kapanmış talebin durumu değiştirilemez."),
            "informed": tr("Önce müdürlüğün cevabını ekleyin; bildirilecek cevap yok."),
        }
        for action, tip in tips.items():
            self.buttons[action].setToolTip("" if enabled[action] else tip)

        keep = self.forward_directorate_combo.currentData()
        self.forward_directorate_combo.clear()
        for directorate_id, name in directorates:
            if directorate_id == detail.directorate_id and status is not RequestStatus.NEW:
                continue  # already there
            self.forward_directorate_combo.addItem(name, directorate_id)
        index = self.forward_directorate_combo.findData(keep)
        if index < 0 and status is RequestStatus.NEW and detail.directorate_id is not None:
            # A new request goes where it was recorded for (its category's directorate).
            index = self.forward_directorate_combo.findData(detail.directorate_id)
        # Otherwise nothing is chosen until the clerk chooses: Ctrl+Enter at once must not
        # send the request to the first directorate of the list.
        self.forward_directorate_combo.setCurrentIndex(index)

        self.resolve_check.setVisible(
            status in (RequestStatus.FORWARDED, RequestStatus.IN_PROGRESS)
        )
        keep = self.status_combo.currentData()
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        for value in detail.allowed_next:
            self.status_combo.addItem(tr(status_label(value)), value)
        index = self.status_combo.findData(keep)
        self.status_combo.setCurrentIndex(max(index, 0))
        self.status_combo.blockSignals(False)
        self.on_status_changed(self.status_combo.currentIndex())

        if self.action is not None and not enabled[self.action]:
            self.box.setVisible(False)
            self.action = None

    @property
    def is_busy(self) -> bool:
        """An action form is open."""
        return self.action is not None and self.box.isVisible()

    @property
    def has_typed_text(self) -> bool:
        if not self.is_busy:
            return False
        page = self.pages[self.action or ""]
        return any(e.toPlainText().strip() for e in self._text_edits() if page.isAncestorOf(e))

    def set_blocked(self, blocked: bool) -> None:
        """While a conflict is shown nothing can be saved or started (``set_detail`` with the
        current request enables the buttons again)."""
        self._blocked = blocked
        self.save_button.setEnabled(not blocked)
        if blocked:
            for button in self.buttons.values():
                button.setEnabled(False)

    def open_action(self, action: str) -> None:
        self.action = action
        self.box.setTitle(tr(ACTION_TITLES[action]))
        self.stack.setCurrentWidget(self.pages[action])
        set_error(self.error, "")
        self.box.setVisible(True)
        self.save_button.setEnabled(not self._blocked)
        first = {
            "forward": self.forward_directorate_combo,
            "answer": self.answer_edit,
            "note": self.note_edit,
            "status": self.status_combo,
            "informed": self.via_combo,
        }[action]
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def reopen(self) -> None:
        """After a conflict: the same form with the same text, ready to save again."""
        if self.action is not None:
            self.open_action(self.action)

    def done(self) -> None:
        """The action was saved: empty its form and close it."""
        for edit in self._text_edits():
            edit.clear()
        self.resolve_check.setChecked(True)
        self.box.setVisible(False)
        self.action = None

    @staticmethod
    def done_text(action: str) -> str:
        return tr(DONE_TEXTS[action])

    def show_error(self, message: str, field: str | None = None) -> None:
        set_error(self.error, message)
        target = {
            "cevap": self.status_answer_edit if self.action == "status" else self.answer_edit,
            "mudurluk": self.forward_directorate_combo,
            "not": self.note_edit,
            "bilgilendirme": self.via_combo,
        }.get(field or "")
        if target is not None and target.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- what was typed -----------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        action = self.action
        if action == "forward":
            return {
                "directorate_id": self.forward_directorate_combo.currentData(),
                "note": self.forward_note_edit.toPlainText(),
            }
        if action == "answer":
            return {
                "text": self.answer_edit.toPlainText(),
                "resolve": self.resolve_check.isChecked() and self.resolve_check.isVisible(),
            }
        if action == "note":
            return {"text": self.note_edit.toPlainText()}
        if action == "status":
            return {
                "status": self.status_combo.currentData(),
                "answer": self.status_answer_edit.toPlainText() if self._answer_needed else "",
                "note": self.status_note_edit.toPlainText(),
            }
        if action == "informed":
            return {
                "via": self.via_combo.currentData(),
                "note": self.informed_note_edit.toPlainText(),
            }
        return {}

    def summary(self) -> str:
        """The attempted action in words, for the conflict view."""
        action = self.action or ""
        v = self.values()
        lines = [tr("İşlem: {0}").format(tr(ACTION_TITLES.get(action, action)))]
        if action == "forward":
            lines.append(tr("Müdürlük: {0}").format(self.forward_directorate_combo.currentText()))
            if v["note"].strip():
                lines.append(tr("Not: {0}").format(v["note"]))
        elif action in ("answer", "note"):
            lines.append(v["text"])
        elif action == "status":
            lines.append(tr("Yeni durum: {0}").format(self.status_combo.currentText()))
            if v["answer"].strip():
                lines.append(tr("Cevap: {0}").format(v["answer"]))
            if v["note"].strip():
                lines.append(tr("Not: {0}").format(v["note"]))
        elif action == "informed":
            lines.append(tr("Nasıl: {0}").format(self.via_combo.currentText()))
            if v["note"].strip():
                lines.append(tr("Not: {0}").format(v["note"]))
        return "\n".join(lines)

    # --- slots --------------------------------------------------------------------------------
    @Slot()
    def on_action_button_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.open_action(str(button.property("action")))

    @Slot(int)
    def on_status_changed(self, _index: int) -> None:
        needed = False
        if self.detail is not None and self.status_combo.currentData():
            old = RequestStatus(self.detail.status)
            new = RequestStatus(self.status_combo.currentData())
            has_answer = bool((self.detail.answer_text or "").strip())
            needed = requires_written_answer(old, new) and not has_answer
        self._answer_needed = needed
        form = self._form_layouts["status"]
        form.setRowVisible(self.status_answer_label, needed)
        form.setRowVisible(self.status_answer_edit, needed)

    @Slot()
    def on_save_clicked(self) -> None:
        if self.action is None or self._blocked:
            return
        set_error(self.error, "")
        if self.action == "forward" and self.forward_directorate_combo.currentData() is None:
            self.show_error(tr("Müdürlük seçilmedi; talebin gideceği müdürlüğü seçin."), "mudurluk")
            return
        self.submitted.emit(self.action, self.values())

    @Slot()
    def on_cancel_clicked(self) -> None:
        self.done()

    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QPlainTextEdit) and is_ctrl_enter(event):
            self.on_save_clicked()
            return True
        return super().eventFilter(watched, event)

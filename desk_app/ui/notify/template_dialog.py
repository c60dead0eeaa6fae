"""The admin's SMS template editor: one template per message kind, its fields, and the length
of a typical message in SMS parts (GSM-7 with the Turkish shift table vs UCS-2) as it is typed.
Loading and saving (an audited setting change) run off the GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services.notify import (
    DEFAULT_TEMPLATES,
    FIELDS,
    KIND_LABELS,
    SAMPLE,
    Kind,
    render_text,
    setting_key,
    sms_length,
)
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn
from desk_app.ui.kit.widgets import HINT_STYLE, error_label, show_error


def length_text(template: str) -> str:
    """``"148 / 155 karakter, 1 SMS (GSM-7 (Türkçe))"`` for a typical message of ``template``."""
    try:
        text = render_text(template, SAMPLE)
    except (ValueError, KeyError, IndexError):
        text = template
    length = sms_length(text)
    return tr("Örnek mesaj: {0} karakter, {1} SMS ({2})").format(
        length.units, length.parts, length.encoding
    )


class SmsTemplateDialog(QDialog):
    """``template_saved(kind)`` after a template was stored."""

    template_saved = Signal(str)
    templates_loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sms_template_dialog")
        self.setWindowTitle(tr("SMS şablonları"))
        self.ctx = ctx
        self._task: BackgroundTask | None = None
        self.templates: dict[str, str] = {}
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("sms_template_kind")
        for kind in Kind:
            self.kind_combo.addItem(tr(KIND_LABELS[kind]), kind.value)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_changed)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("sms_template_text")
        self.editor.textChanged.connect(self.on_text_changed)
        self.fields_label = QLabel(self)
        self.fields_label.setStyleSheet(HINT_STYLE)
        self.fields_label.setWordWrap(True)
        self.length_label = QLabel(self)
        self.length_label.setObjectName("sms_template_length")
        self.error = error_label(self, "sms_template_error")
        self.default_button = QPushButton(tr("Varsayılan metin"), self)
        self.default_button.clicked.connect(self.on_default_clicked)
        self.save_button = QPushButton(tr("Kaydet"), self)
        self.save_button.setObjectName("sms_template_save")
        self.save_button.clicked.connect(self.on_save_clicked)
        close = QPushButton(tr("Kapat"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.default_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.fields_label)
        layout.addWidget(self.length_label)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(620, 360)
        self.save_button.setEnabled(False)
        self._load()

    def kind(self) -> Kind:
        return Kind(str(self.kind_combo.currentData()))

    def _start(self, work: Any, done: Any) -> None:
        task = BackgroundTask(work)
        task.finished.connect(done)
        task.failed.connect(self.on_failed)
        self._task = task
        self.save_button.setEnabled(False)
        task.start()

    def _load(self) -> None:
        db = self.ctx.db

        def work(_progress: ProgressFn) -> dict[str, str]:
            from desk_app.services.admin import get_all

            values = get_all(db)  # reading needs no permission; saving does (audited)
            return {k.value: str(values.get(setting_key(k), "")) for k in Kind}

        self._start(work, self.on_loaded)

    @Slot(object)
    def on_loaded(self, templates: object) -> None:
        self._task = None
        assert isinstance(templates, dict)
        self.templates = templates
        self.on_kind_changed()
        self.save_button.setEnabled(True)
        self.templates_loaded.emit()

    @Slot()
    def on_kind_changed(self, *_args: object) -> None:
        kind = self.kind()
        self.editor.setPlainText(self.templates.get(kind.value) or DEFAULT_TEMPLATES[kind])
        fields = ", ".join("{" + f + "}" for f in sorted(FIELDS[kind]))
        self.fields_label.setText(tr("Kullanılabilir alanlar: {0}").format(fields))
        show_error(self.error, "")

    @Slot()
    def on_text_changed(self) -> None:
        self.length_label.setText(length_text(self.editor.toPlainText()))

    @Slot()
    def on_default_clicked(self) -> None:
        self.editor.setPlainText(DEFAULT_TEMPLATES[self.kind()])

    @Slot()
    def on_save_clicked(self) -> None:
        db, actor = self.ctx.db, self.ctx.user
        kind, text = self.kind(), self.editor.toPlainText().strip()

        def work(_progress: ProgressFn) -> str:
            from desk_app.services.admin import set_value

            set_value(db, actor, setting_key(kind), text)
            return kind.value

        self._start(work, self.on_saved)

    @Slot(object)
    def on_saved(self, kind: object) -> None:
        self._task = None
        self.templates[str(kind)] = self.editor.toPlainText().strip()
        self.save_button.setEnabled(True)
        show_error(self.error, "")
        self.template_saved.emit(str(kind))

    @Slot(object)
    def on_failed(self, exc: object) -> None:
        self._task = None
        self.save_button.setEnabled(True)
        show_error(self.error, exc.message if isinstance(exc, DomainError) else str(exc))

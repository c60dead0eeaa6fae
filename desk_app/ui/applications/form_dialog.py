"""The desk registration of a Hoş Geldin Bebek application.

The parent is picked by search (T.C. Kimlik No, phone or name) or entered new; the baby's name,
birth date (dd.MM.yyyy) and optional T.C. Kimlik No; the channel. The KVKK information notice
(aydınlatma metni, the settings' text and version) is shown with one required checkbox: that it
was read to / given to the parent. Nothing else is asked: receiving a set never depends on
consenting to more.

As the clerk types the form is checked with ``validate_application`` (each field's message under
it, Kaydet enabled only when valid) and, after a pause, suspected duplicates are looked up off
the GUI thread (``find_duplicates``). After saving, the result (approved / not eligible with the
reasons / suspected duplicate) is shown in the dialog.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QEvent, QObject, QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.errors import DomainError
from desk_app.services import admin, lookups
from desk_app.services import applications as applications_service
from desk_app.services.applications import (
    ApplicationInput,
    ApplicationInvalid,
    ApplicationResult,
    DuplicateCandidate,
)
from desk_app.services.citizens import CitizenInput, served_mahalleler
from desk_app.services.uow import ConnectionLost
from desk_app.ui.citizens.picker import CitizenPicker
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.date_edit import TypedDateEdit
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn, failure_text, run_op
from desk_app.ui.kit.widgets import (
    KeyboardFormDialog,
    error_label,
    hint_label,
    show_error,
    teardown_safe,
)

DUPLICATE_DELAY_MS = 400
DESK_CHANNELS = ("DESK", "WEB")
PARENT_FIELDS = (
    "ad",
    "soyad",
    "tc_kimlik_no",
    "telefon",
    "mahalle",
    "cadde_sokak",
    "bina_no",
    "daire_no",
)
BABY_FIELDS = ("bebek_adi", "bebek_soyadi", "bebek_dogum_tarihi", "bebek_tc_kimlik_no")
FIELDS = ("veli", *PARENT_FIELDS, *BABY_FIELDS, "basvuru_no", "aydinlatma")
DUPLICATE_STYLE = (
    "QFrame#duplicate_panel { border: 2px solid #f29900; border-radius: 6px; background: #fef7e0; }"
)
RESULT_STYLES = {
    "APPROVED": "QFrame#result_panel { border: 2px solid #137333; border-radius: 6px;"
    " background: #e6f4ea; }",
    "INELIGIBLE": "QFrame#result_panel { border: 2px solid #d93025; border-radius: 6px;"
    " background: #fce8e6; }",
    "SUSPECTED_DUPLICATE": "QFrame#result_panel { border: 2px solid #f29900;"
    " border-radius: 6px; background: #fef7e0; }",
}
NOTICE_STYLE = (
    "QLabel#notice_text { background: #f8f9fa; border: 1px solid #dadce0; border-radius: 4px;"
    " padding: 8px; color: #202124; }"
)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def date_edit(name: str, day: date) -> QDateEdit:
    """A dd.MM.yyyy date box with a calendar pop-up."""
    edit = TypedDateEdit()  # digits after Ctrl+A or a click are taken
    edit.setObjectName(name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(day))
    return edit


@dataclasses.dataclass(frozen=True)
class FormLists:
    """What the form reads before it can be saved: the served mahalleler, the settings (the
    KVKK notice's text and version) and the names of the desk's channels."""

    served: list[str]
    settings: dict[str, Any]
    channel_names: dict[str, str]


def load_form_lists(db: Database) -> FormLists:
    """Runs in a worker thread (``ApplicationFormDialog.load``)."""
    try:
        served = served_mahalleler(db)
    except DomainError:
        served = []
    try:
        settings = admin.get_all(db)
    except DomainError:
        settings = dict(admin.DEFAULTS)
    channel_names = {c.code: c.name for c in lookups.list_channels(db)}
    return FormLists(served=served, settings=settings, channel_names=channel_names)


def candidate_line(c: DuplicateCandidate) -> str:
    """ "HGB-2025-00012 · Onaylandı · Elif Kaya (veli Zeynep Kaya) · 21.01.2025 — neden: …" """
    reasons = ", ".join(tr(r) for r in c.reason_labels)
    return tr("{0} · {1} · {2} (veli {3}) · doğum {4} — neden: {5}").format(
        c.reference,
        tr(c.status_label),
        c.baby_name,
        c.parent_name,
        c.baby_birth_date.strftime("%d.%m.%Y"),
        reasons,
    )


class DuplicateCandidatesPanel(QFrame):
    """Applications that may be the same baby; ``open_requested(application_id)``."""

    open_requested = Signal(int)

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_panel")
        self.setStyleSheet(DUPLICATE_STYLE)
        self.message_label = QLabel(message, self)
        self.message_label.setObjectName("duplicate_message")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("font-weight: 600;")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.message_label)
        layout.addLayout(self.rows)
        self.candidates: list[DuplicateCandidate] = []
        self.open_buttons: list[QPushButton] = []
        self.setVisible(False)

    def show_candidates(self, candidates: Sequence[DuplicateCandidate]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.candidates = list(candidates)
        self.open_buttons = []
        for candidate in candidates:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            text = QLabel(candidate_line(candidate), row)
            text.setObjectName("duplicate_candidate")
            text.setWordWrap(True)
            button = QPushButton(tr("Aç: {0}").format(candidate.reference), row)
            button.setObjectName("open_candidate_button")
            button.setAutoDefault(False)
            button.setProperty("application_id", candidate.application_id)
            button.clicked.connect(self.on_open_clicked)
            line.addWidget(text, 1)
            line.addWidget(button)
            self.rows.addWidget(row)
            self.open_buttons.append(button)
        self.setVisible(bool(candidates))

    @Slot()
    def on_open_clicked(self) -> None:
        button = self.sender()
        if isinstance(button, QPushButton):
            self.open_requested.emit(int(button.property("application_id")))


class ApplicationFormDialog(KeyboardFormDialog):
    """``application_saved(ApplicationResult)`` after a registration;
    ``application_open_requested(application_id)`` for a duplicate's (or the new one's) view;
    ``duplicates_checked(n)`` after each duplicate look-up."""

    application_saved = Signal(object)
    application_open_requested = Signal(int)
    duplicates_checked = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("application_form_dialog")
        self.setWindowTitle(tr("Yeni Hoş Geldin Bebek başvurusu"))
        self.today = local_today()
        # The served mahalleler, the notice and the channel names arrive from a background
        # load (``load``); until then Kaydet is disabled and the notice says it is loading.
        self.served: list[str] = []
        self.notice_text = ""
        self.notice_version = ""
        self._lists_ready = False
        self._lists_error = False
        self.saved_result: ApplicationResult | None = None
        self._touched: set[str] = set()
        self._errors: dict[str, str] = {}
        self._service_errors: dict[str, str] = {}
        self._birth_set = False
        self.saving = False
        self._dup_generation = 0
        self._tasks: set[BackgroundTask] = set()
        self._build()
        self._initial = self.form_input()
        self.validate()
        fit_to_screen(self, 860, 760)
        self.picker.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.load()

    # --- the lists ----------------------------------------------------------------------------
    @property
    def lists_ready(self) -> bool:
        """The served mahalleler, the notice and the channels have arrived."""
        return self._lists_ready

    def load(self) -> None:
        """Read the form's lists off the GUI thread (again after a failed load: Kaydet)."""
        db = self.ctx.db
        run_op(
            self,
            lambda: load_form_lists(db),
            self._lists_loaded,
            on_failed=self._lists_failed,
            busy=(self, self.notice_label),
            latest_only="lists",
        )

    def _lists_failed(self, exc: BaseException) -> None:
        self._lists_error = True
        self.notice_label.setText("")
        show_error(self.general_error, failure_text(exc))
        self.save_button.setEnabled(True)  # Kaydet loads the lists again

    def _lists_loaded(self, lists: FormLists) -> None:
        dirty = self.is_dirty
        self.served = lists.served
        self.notice_text = str(lists.settings.get("kvkk.notice_text", ""))
        self.notice_version = str(lists.settings.get("kvkk.notice_version", ""))
        typed = self.mahalle_edit.text()
        self.mahalle_combo.clear()
        self.mahalle_combo.addItems(self.served)
        self.mahalle_combo.setCurrentIndex(-1)
        self.mahalle_edit.setText(typed)
        self.mahalle_model.setStringList(self.served)
        for index, code in enumerate(DESK_CHANNELS):
            self.channel_combo.setItemText(index, lists.channel_names.get(code, code))
        self.channel_combo.setEnabled(self.saved_result is None)
        self.notice_box.setTitle(
            tr("KVKK aydınlatma metni (sürüm {0})").format(self.notice_version)
        )
        self.notice_label.setText(self.notice_text)
        self._initial = dataclasses.replace(self._initial, notice_version=self.notice_version)
        if not dirty:
            self._initial = self.form_input()
        self._lists_ready = True
        self._lists_error = False
        show_error(self.general_error, "")
        self.validate()

    # --- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        self.picker = CitizenPicker(self.ctx, self)
        self.picker.citizen_picked.connect(self.on_parent_picked)
        self.picker.citizen_cleared.connect(lambda: self.on_field_edited("veli"))
        self.new_parent_check = QCheckBox(tr("Yeni veli (kayıtlı değil): bilgilerini gir"), self)
        self.new_parent_check.setObjectName("new_parent_check")
        self.new_parent_check.toggled.connect(self.on_new_parent_toggled)

        self.inputs: dict[str, QWidget] = {}
        for name in ("ad", "soyad", "tc_kimlik_no", "telefon", "cadde_sokak", "bina_no"):
            self.inputs[name] = QLineEdit(self)
        self.inputs["daire_no"] = QLineEdit(self)
        self.mahalle_combo = QComboBox(self)
        self.mahalle_combo.setEditable(True)
        self.mahalle_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.mahalle_model = QStringListModel(self.served, self)
        completer = QCompleter(self.mahalle_model, self)
        self.mahalle_completer = completer
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.mahalle_combo.setCompleter(completer)
        line = self.mahalle_combo.lineEdit()
        assert line is not None
        self.mahalle_edit: QLineEdit = line
        self.mahalle_edit.setPlaceholderText(tr("Yazın veya listeden seçin"))
        self.inputs["mahalle"] = self.mahalle_combo
        for name in ("bebek_adi", "bebek_soyadi", "bebek_tc_kimlik_no", "basvuru_no"):
            self.inputs[name] = QLineEdit(self)
        self.birth_edit = date_edit("bebek_dogum_tarihi_edit", self.today)
        self.birth_edit.setMinimumDate(QDate(1900, 1, 1))
        self.birth_edit.installEventFilter(self)
        self.inputs["bebek_dogum_tarihi"] = self.birth_edit
        self.channel_combo = QComboBox(self)
        self.channel_combo.setObjectName("channel_combo")
        for code in DESK_CHANNELS:  # the names arrive with the lists (``_lists_loaded``)
            self.channel_combo.addItem("…", code)
        self.channel_combo.setEnabled(False)
        self.notice_check = QCheckBox(tr("Aydınlatma metni veliye okundu / verildi"), self)
        self.inputs["aydinlatma"] = self.notice_check
        self.inputs["veli"] = self.picker.edit
        for name, widget in self.inputs.items():
            if name != "veli":
                widget.setObjectName(f"{name}_edit")
        self.notice_check.setObjectName("notice_check")
        self.line_edit("tc_kimlik_no").setMaxLength(11)
        self.line_edit("tc_kimlik_no").setPlaceholderText(tr("11 hane (isteğe bağlı)"))
        self.line_edit("bebek_tc_kimlik_no").setMaxLength(11)
        self.line_edit("bebek_tc_kimlik_no").setPlaceholderText(tr("11 hane (isteğe bağlı)"))
        self.line_edit("telefon").setPlaceholderText(tr("0532 123 45 67"))
        self.line_edit("basvuru_no").setPlaceholderText(tr("Web sitesindeki Başvuru No"))
        self.error_labels = {name: error_label(self, f"{name}_error") for name in FIELDS}
        self.general_error = error_label(self, "general_error")

        # --- parent ------------------------------------------------------------------------
        parent_box = QGroupBox(tr("Veli"), self)
        parent_layout = QVBoxLayout(parent_box)
        search_label = QLabel(tr("&Veliyi ara (T.C. Kimlik No, telefon veya ad soyad)"), self)
        search_label.setBuddy(self.picker.edit)
        parent_layout.addWidget(search_label)
        parent_layout.addWidget(self.picker)
        parent_layout.addWidget(self.error_labels["veli"])
        parent_layout.addWidget(self.new_parent_check)
        self.new_parent_fields = QWidget(self)
        grid = QGridLayout(self.new_parent_fields)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self._place(grid, 0, 0, tr("Ad"), "ad")
        self._place(grid, 0, 1, tr("Soyad"), "soyad")
        self._place(grid, 1, 0, tr("T.C. Kimlik No"), "tc_kimlik_no")
        self._place(grid, 1, 1, tr("Cep telefonu"), "telefon")
        self._place(grid, 2, 0, tr("Mahalle"), "mahalle")
        self._place(grid, 2, 1, tr("Cadde/Sokak"), "cadde_sokak")
        self._place(grid, 3, 0, tr("Bina No"), "bina_no")
        self._place(grid, 3, 1, tr("Daire No"), "daire_no")
        self.new_parent_fields.setVisible(False)
        parent_layout.addWidget(self.new_parent_fields)

        # --- baby --------------------------------------------------------------------------
        baby_box = QGroupBox(tr("Bebek"), self)
        baby = QGridLayout(baby_box)
        baby.setHorizontalSpacing(12)
        baby.setVerticalSpacing(6)
        self._place(baby, 0, 0, tr("Bebeğin adı"), "bebek_adi")
        self._place(baby, 0, 1, tr("Bebeğin soyadı"), "bebek_soyadi")
        self._place(baby, 1, 0, tr("Doğum tarihi (gg.aa.yyyy)"), "bebek_dogum_tarihi")
        self._place(baby, 1, 1, tr("Bebek T.C. Kimlik No"), "bebek_tc_kimlik_no")
        channel_box = QVBoxLayout()
        channel_label = QLabel(tr("Kanal"), self)
        channel_label.setBuddy(self.channel_combo)
        channel_box.addWidget(channel_label)
        channel_box.addWidget(self.channel_combo)
        baby.addLayout(channel_box, 2, 0, Qt.AlignmentFlag.AlignTop)
        self._place(baby, 2, 1, tr("Web Başvuru No (web kanalında)"), "basvuru_no")

        # --- notice ------------------------------------------------------------------------
        notice_box = QGroupBox(tr("KVKK aydınlatma metni (sürüm {0})").format("…"), self)
        notice_box.setObjectName("notice_box")
        self.notice_box = notice_box
        notice = QVBoxLayout(notice_box)
        self.notice_label = QLabel(tr("Yükleniyor…"), self)
        self.notice_label.setObjectName("notice_text")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet(NOTICE_STYLE)
        self.notice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        notice.addWidget(self.notice_label)
        notice.addWidget(self.notice_check)
        notice.addWidget(self.error_labels["aydinlatma"])
        notice.addWidget(
            hint_label(
                tr("Yalnız bilgilendirme yapıldığı kaydedilir; başka bir onay istenmez."), self
            )
        )

        # --- duplicates and result ----------------------------------------------------------
        self.duplicate_panel = DuplicateCandidatesPanel(
            tr(
                "Olası mükerrer başvuru: aynı bebek için kayıt olabilir. Kontrol edin; "
                "kaydederseniz başvuru süpervizör kararına düşer."
            ),
            self,
        )
        self.duplicate_panel.open_requested.connect(self.application_open_requested)
        self.result_panel = QFrame(self)
        self.result_panel.setObjectName("result_panel")
        result_layout = QVBoxLayout(self.result_panel)
        self.result_label = QLabel(self.result_panel)
        self.result_label.setObjectName("result_label")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_result_button = QPushButton(tr("Başvuruyu aç"), self.result_panel)
        self.open_result_button.setObjectName("open_result_button")
        self.open_result_button.setAutoDefault(False)
        self.open_result_button.clicked.connect(self.on_open_result_clicked)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.open_result_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result_panel.setVisible(False)

        # --- buttons -----------------------------------------------------------------------
        buttons = self.form_buttons()

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 6, 0)
        body_layout.addWidget(self.result_panel)
        body_layout.addWidget(parent_box)
        body_layout.addWidget(baby_box)
        body_layout.addWidget(self.duplicate_panel)
        body_layout.addWidget(notice_box)
        body_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("form_scroll")
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)

        order: list[QWidget] = [
            self.picker.edit,
            self.new_parent_check,
            *(self.inputs[n] for n in PARENT_FIELDS),
            *(self.inputs[n] for n in BABY_FIELDS),
            self.channel_combo,
            self.inputs["basvuru_no"],
            self.notice_check,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(DUPLICATE_DELAY_MS)
        self._dup_timer.timeout.connect(self.on_duplicate_timeout)
        for name, widget in self.inputs.items():
            if isinstance(widget, QLineEdit) and name != "veli":
                widget.textEdited.connect(lambda _t, n=name: self.on_field_edited(n))
                widget.editingFinished.connect(lambda n=name: self.on_field_left(n))
        self.mahalle_edit.textEdited.connect(lambda _t: self.on_field_edited("mahalle"))
        self.mahalle_combo.activated.connect(lambda _i: self.on_field_edited("mahalle"))
        completer.activated.connect(lambda _t: self.on_field_edited("mahalle"))
        self.birth_edit.dateChanged.connect(self.on_birth_changed)
        self.notice_check.toggled.connect(lambda _c: self.on_field_edited("aydinlatma"))
        self.channel_combo.currentIndexChanged.connect(lambda _i: self.validate())

    def _place(self, grid: QGridLayout, row: int, column: int, title: str, name: str) -> None:
        label = QLabel(title, self)
        label.setBuddy(self.inputs[name])
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(label)
        box.addWidget(self.inputs[name])
        box.addWidget(self.error_labels[name])
        grid.addLayout(box, row, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(column, 1)

    def line_edit(self, name: str) -> QLineEdit:
        widget = self.inputs[name]
        assert isinstance(widget, QLineEdit)
        return widget

    # --- values -------------------------------------------------------------------------------
    @property
    def new_parent(self) -> bool:
        return self.new_parent_check.isChecked()

    def birth_date(self) -> date | None:
        return from_qdate(self.birth_edit.date()) if self._birth_set else None

    def form_input(self) -> ApplicationInput:
        text = self.line_edit
        parent = None
        if self.new_parent:
            parent = CitizenInput(
                first_name=text("ad").text(),
                last_name=text("soyad").text(),
                tc_kimlik_no=text("tc_kimlik_no").text(),
                phone=text("telefon").text(),
                mahalle=self.mahalle_edit.text(),
                street=text("cadde_sokak").text(),
                building_no=text("bina_no").text(),
                apartment_no=text("daire_no").text(),
            )
        return ApplicationInput(
            parent=parent,
            parent_citizen_id=None if self.new_parent else self.picker.citizen_id,
            baby_first_name=text("bebek_adi").text(),
            baby_last_name=text("bebek_soyadi").text(),
            baby_birth_date=self.birth_date(),
            baby_tc_kimlik_no=text("bebek_tc_kimlik_no").text(),
            channel_code=str(self.channel_combo.currentData() or "DESK"),
            web_reference=text("basvuru_no").text(),
            notice_acknowledged=self.notice_check.isChecked(),
            notice_version=self.notice_version,
        )

    @property
    def is_dirty(self) -> bool:
        if self.saved_result is not None:
            return False
        data, initial = self.form_input(), self._initial
        return data != initial or bool(self.picker.edit.text().strip())

    # --- validation ---------------------------------------------------------------------------
    def compute_errors(self, data: ApplicationInput) -> dict[str, str]:
        errors = applications_service.validate_application(data, self.served, today=self.today)
        birth = data.baby_birth_date
        if birth is not None and birth > self.today and "bebek_dogum_tarihi" not in errors:
            errors["bebek_dogum_tarihi"] = tr(
                "Bebek doğum tarihi ({0}) bugünden sonra olamaz; kimlikten kontrol edin."
            ).format(birth.strftime("%d.%m.%Y"))
        return errors

    def validate(self) -> dict[str, str]:
        """Check the form; show the messages of touched fields; enable Kaydet when valid."""
        errors = self.compute_errors(self.form_input())
        self._errors = errors
        for name, label in self.error_labels.items():
            text = errors.get(name, "") if name in self._touched else ""
            text = text or self._service_errors.get(name, "")
            if label.text() != text or label.isVisible() != bool(text):
                show_error(label, text)
        unplaced = [m for k, m in errors.items() if k not in self.error_labels]
        if any(k in self._touched for k in ("veli", *PARENT_FIELDS)) and unplaced:
            show_error(self.general_error, " ".join(unplaced))
        elif self._hidden_service_errors:
            show_error(self.general_error, " ".join(self._hidden_service_errors))
        elif not self.saving and self._lists_ready:
            show_error(self.general_error, "")
        can_save = (
            not errors and not self.saving and self._lists_ready and self.saved_result is None
        )
        # After a failed load Kaydet stays enabled: it loads the lists again.
        self.save_button.setEnabled(
            can_save or self.saved_result is not None or (self._lists_error and not self.saving)
        )
        self.save_button.setToolTip(
            "" if not errors else tr("Kaydetmek için: ") + " ".join(errors.values())
        )
        return errors

    @property
    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    def touch(self, *names: str) -> None:
        self._touched.update(names)
        self.validate()

    def reveal_errors(self) -> None:
        """Show every field's message (Enter on an unfinished form) and go to the first."""
        self.touch(*FIELDS)
        first = next((n for n in FIELDS if n in self._errors), None)
        if first is not None:
            widget = self.inputs[first]
            self.form_scroll.ensureWidgetVisible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_field_edited(self, name: str) -> None:
        if self.saved_result is not None:
            return
        self._service_errors.pop(name, None)
        if name == "veli":  # another parent: the saved refusal about the old one is gone
            self._hidden_service_errors = ()
        group = ("tc_kimlik_no", "telefon") if name in ("tc_kimlik_no", "telefon") else (name,)
        self.touch(*group)
        self._dup_timer.start()

    def on_field_left(self, name: str) -> None:
        if self.line_edit(name).text().strip():
            self.touch(name)

    @Slot(QDate)
    def on_birth_changed(self, _day: QDate) -> None:
        self._birth_set = True
        self.on_field_edited("bebek_dogum_tarihi")

    @Slot(bool)
    def on_new_parent_toggled(self, checked: bool) -> None:
        self.new_parent_fields.setVisible(checked)
        self.picker.setEnabled(not checked)
        self._service_errors.pop("veli", None)
        self.validate()
        self._dup_timer.start()
        if checked:
            self.inputs["ad"].setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(int, str)
    def on_parent_picked(self, _citizen_id: int, _text: str) -> None:
        self.touch("veli")
        self._dup_timer.start()

    # --- duplicates ---------------------------------------------------------------------------
    def _worth_checking(self, data: ApplicationInput) -> bool:
        tc = data.baby_tc_kimlik_no.strip()
        return (tc.isdigit() and len(tc) == 11) or data.baby_birth_date is not None

    @Slot()
    def on_duplicate_timeout(self) -> None:
        self._dup_generation += 1
        generation = self._dup_generation
        data = self.form_input()
        if not self._worth_checking(data):
            self.show_duplicates([])
            return
        ctx = self.ctx

        def work(_progress: ProgressFn) -> list[DuplicateCandidate]:
            return applications_service.find_duplicates(ctx.db, ctx.user, data)

        task = BackgroundTask(work)
        self._tasks.add(task)

        def done(result: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self) and generation == self._dup_generation:
                assert isinstance(result, list)
                self.show_duplicates(result)

        def failed(_exc: object) -> None:  # saving checks again; nothing to tell the clerk
            self._tasks.discard(task)

        task.finished.connect(done)
        task.failed.connect(failed)
        task.start()

    @property
    def is_checking_duplicates(self) -> bool:
        return bool(self._tasks) or self._dup_timer.isActive()

    def show_duplicates(self, candidates: Sequence[DuplicateCandidate]) -> None:
        self.duplicate_panel.show_candidates(candidates)
        self.duplicates_checked.emit(len(candidates))

    # --- saving -------------------------------------------------------------------------------
    @Slot()
    def on_save_clicked(self) -> None:
        if self.saved_result is not None:
            self.accept()
            return
        if self.saving:  # a second Enter while the first save runs
            return
        if not self._lists_ready:
            if self._lists_error:
                self._lists_error = False
                self.notice_label.setText(tr("Yükleniyor…"))
                show_error(self.general_error, "")
                self.validate()
                self.load()
            return
        if self.validate():
            self.reveal_errors()
            return
        self.saving = True
        self.save_button.setEnabled(False)
        show_error(self.general_error, "")
        db, user, data = self.ctx.db, self.ctx.user, self.form_input()
        # Clearly busy while the save waits: what is sent is what the result will be about.
        self._focus_before_save = QApplication.focusWidget()
        run_op(
            self,
            lambda: applications_service.register_application(db, user, data),
            self._saved,
            on_failed=self._save_failed,
            disable=(self.form_scroll, self.cancel_button),
        )

    def _saved(self, result: ApplicationResult) -> None:
        self.saving = False
        self._show_result(result)
        self.application_saved.emit(result)

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        focus = self._focus_before_save
        if focus is not None and shiboken6.isValid(focus) and focus.isEnabled():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(exc, ApplicationInvalid):
            self._show_service_errors(exc.errors)
            self.validate()
        elif isinstance(exc, ConnectionLost):  # keep the form as typed; Kaydet tries again
            self.validate()
            show_error(self.general_error, failure_text(exc))
        elif isinstance(exc, DomainError):
            self._show_service_errors({exc.field or "": exc.message})
            self.validate()
        else:  # unexpected: say so, keep what was typed
            self.validate()
            dialogs.error(
                self,
                tr("Başvuru kaydedilemedi"),
                tr("Başvuru kaydedilemedi; yazdıklarınız formda duruyor. Yeniden deneyin."),
                detail=str(exc),
            )

    _focus_before_save: QWidget | None = None

    # The service's messages about fields the form does not show, kept on screen until the
    # parent changes.
    _hidden_service_errors: tuple[str, ...] = ()

    def _show_service_errors(self, errors: dict[str, str]) -> None:
        placed = False
        hidden: list[str] = []
        for field, message in errors.items():
            # A field the form does not show (the parent's address when a registered parent
            # was picked) cannot carry its message: Enter then moved the cursor into the
            # hidden field and nothing on the screen said why the form was not saved.
            if field in self.error_labels and self.inputs[field].isVisibleTo(self):
                self._service_errors[field] = message
                show_error(self.error_labels[field], message)
                if not placed:
                    self.inputs[field].setFocus(Qt.FocusReason.OtherFocusReason)
                placed = True
            else:
                hidden.append(message)
        self._hidden_service_errors = tuple(hidden)
        if hidden:
            show_error(self.general_error, " ".join(hidden))

    def _show_result(self, result: ApplicationResult) -> None:
        self.saved_result = result
        self._dup_timer.stop()
        lines = [
            tr("{0} kaydedildi — durum: {1}").format(result.reference, tr(result.status_label))
        ]
        if result.status == "INELIGIBLE" and result.reasons:
            lines.append(tr("Uygun değil, çünkü:"))
            lines += [f"• {reason}" for reason in result.reasons]
        elif result.status == "SUSPECTED_DUPLICATE":
            refs = ", ".join(c.reference for c in result.duplicates) or (
                result.duplicate_of_reference or ""
            )
            lines.append(tr("Olası mükerrer ({0}); bir süpervizör karar verecek.").format(refs))
        elif result.status == "APPROVED":
            lines.append(tr("Uygunluk koşulları sağlandı; teslimat planlanabilir."))
        self.result_label.setText("\n".join(lines))
        self.result_panel.setStyleSheet(RESULT_STYLES.get(result.status, ""))
        self.result_panel.setVisible(True)
        for widget in self.inputs.values():
            widget.setEnabled(False)
        self.new_parent_check.setEnabled(False)
        self.picker.setEnabled(False)
        self.channel_combo.setEnabled(False)
        self.save_button.setText(tr("Kapat"))
        self.save_button.setEnabled(True)
        self.cancel_button.setVisible(False)
        self.duplicate_panel.show_candidates(result.duplicates)
        self.form_scroll.ensureWidgetVisible(self.result_panel)
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def on_open_result_clicked(self) -> None:
        if self.saved_result is not None:
            # Close first: the view then opens on the page, not as a child of this form
            # (which is deleted on close and took the new view with it).
            self.accept()
            self.application_open_requested.emit(self.saved_result.id)

    # --- leaving ------------------------------------------------------------------------------
    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.birth_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.text().isdigit() and not self._birth_set:
                self._birth_set = True
                QTimer.singleShot(0, lambda: self.on_field_edited("bebek_dogum_tarihi"))
        return super().eventFilter(watched, event)


__all__ = [
    "ApplicationFormDialog",
    "DuplicateCandidatesPanel",
    "candidate_line",
    "date_edit",
    "from_qdate",
    "to_qdate",
]

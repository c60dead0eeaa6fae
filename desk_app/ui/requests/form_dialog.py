"""The new-request form of the front desk: citizen (or anonymous for WhatsApp / 153), channel,
category (brings its directorate and due date), directorate, subject, description, due date.

Every change is checked with ``validate_request(data, db)``; a field's message appears under it
once the clerk has touched the field, and Kaydet stays disabled until the form is valid. Enter
saves (Ctrl+Enter inside the description), Esc cancels and asks first when something was typed.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import local_today
from desk_app.domain.errors import DomainError
from desk_app.services import lookups
from desk_app.services import requests as requests_service
from desk_app.services.requests import (
    DEFAULT_DUE_DAYS,
    RequestDetail,
    RequestInput,
    RequestInvalid,
    add_due_days,
)
from desk_app.services.uow import ConnectionLost
from desk_app.ui.citizens.picker import CitizenPicker
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.date_edit import from_qdate, to_qdate
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import Op, failure_text, run_op
from desk_app.ui.kit.widgets import (
    KeyboardFormDialog,
    error_label,
    grow_to_fit,
    hint_label,
    is_ctrl_enter,
    show_error,
    teardown_safe,
)
from desk_app.ui.session.connection_watch import SaveRetry

DEFAULT_CHANNEL = "DESK"
ANONYMOUS_CHANNELS = frozenset({"WHATSAPP", "CALL_153"})
FIELDS = ("vatandas", "kanal", "kategori", "mudurluk", "konu", "aciklama", "son_tarih")


class RequestFormDialog(KeyboardFormDialog):
    """``request_saved(RequestDetail)`` after the request was recorded."""

    request_saved = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        citizen_id: int | None = None,
        citizen_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("request_form_dialog")
        self.setWindowTitle(tr("Yeni talep"))
        self.setMinimumWidth(620)
        self._today = local_today()
        self._loading = True
        self._due_edited = False
        self._touched: set[str] = set()
        self._errors: dict[str, str] = {}
        self.saving = False
        # One idempotency key per open form: every retry of the save sends the same one.
        self.client_token = str(uuid.uuid4())
        self.save_retry = SaveRetry(self, self.on_save_clicked)
        self.finished.connect(self.save_retry.stop)

        # The reference lists arrive from a background load (``_lists_loaded``); until then the
        # combos are empty and Kaydet is disabled.
        self.channels: list[lookups.ChannelOption] = []
        self.categories: list[lookups.CategoryOption] = []
        self.directorates: list[lookups.DirectorateOption] = []
        self._category_by_id: dict[int, lookups.CategoryOption] = {}
        self._directorate_short: dict[int, str] = {}
        self._lists_ready = False
        self._server_check: Op[dict[str, str]] | None = None
        self._start_citizen = (citizen_id, citizen_name)

        # --- fields -------------------------------------------------------------------------
        self.citizen_picker = CitizenPicker(ctx, self)
        self.citizen_picker.setObjectName("citizen_picker")
        self.anonymous_check = QCheckBox(tr("Vatandaşsız (anonim) — yalnız WhatsApp ve 153"))
        self.anonymous_check.setObjectName("anonymous_check")

        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel_combo")

        self.category_combo = QComboBox()
        self.category_combo.setObjectName("category_combo")
        self.category_combo.addItem(tr("— Kategori seçin (isteğe bağlı) —"), None)
        self.category_combo.setMaxVisibleItems(20)

        self.directorate_combo = QComboBox()
        self.directorate_combo.setObjectName("directorate_combo")
        self.directorate_combo.addItem(tr("— Müdürlük seçin —"), None)
        self.directorate_combo.setMaxVisibleItems(20)

        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("subject_edit")
        self.subject_edit.setPlaceholderText(tr("Talebin konusu, kısaca"))

        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("description_edit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText(
            tr("Ayrıntılar: yer, zaman, vatandaşın anlattıkları… (Ctrl+Enter kaydeder)")
        )
        self.description_edit.setMinimumHeight(90)
        self.description_edit.installEventFilter(self)

        self.due_edit = QDateEdit()
        self.due_edit.setObjectName("due_edit")
        self.due_edit.setDisplayFormat("dd.MM.yyyy")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDate(to_qdate(add_due_days(self._today, DEFAULT_DUE_DAYS)))
        self.due_hint = hint_label("", self, "due_hint")

        self.error_labels = {name: error_label(self, f"{name}_error") for name in FIELDS}
        self.general_error = error_label(self, "general_error")

        # --- layout -------------------------------------------------------------------------
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        row = 0

        def add(label: str, field: QWidget, key: str, *extra: QWidget) -> None:
            nonlocal row
            caption = QLabel(label)
            caption.setBuddy(field)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(field, row, 1)
            row += 1
            for widget in extra:
                grid.addWidget(widget, row, 1)
                row += 1
            grid.addWidget(self.error_labels[key], row, 1)
            row += 1
            grid.setRowMinimumHeight(row, 6)
            row += 1

        add(tr("&Vatandaş"), self.citizen_picker, "vatandas", self.anonymous_check)
        add(tr("&Kanal"), self.channel_combo, "kanal")
        add(tr("Ka&tegori"), self.category_combo, "kategori")
        add(tr("&Müdürlük"), self.directorate_combo, "mudurluk")
        add(tr("K&onu"), self.subject_edit, "konu")
        add(tr("&Açıklama"), self.description_edit, "aciklama")
        add(tr("&Son tarih"), self.due_edit, "son_tarih", self.due_hint)

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(tr("Kaydet"))
        self.save_button.setObjectName("save_button")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Vazgeç"))
        self.cancel_button.setObjectName("cancel_button")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.save_retry.banner)
        layout.addLayout(grid)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(hint_label(tr("Enter kaydeder, Esc vazgeçer."), self))
        layout.addWidget(self.buttons)

        for first, second in zip(
            (
                self.citizen_picker.edit,
                self.anonymous_check,
                self.channel_combo,
                self.category_combo,
                self.directorate_combo,
                self.subject_edit,
                self.description_edit,
                self.due_edit,
                self.save_button,
            ),
            (
                self.anonymous_check,
                self.channel_combo,
                self.category_combo,
                self.directorate_combo,
                self.subject_edit,
                self.description_edit,
                self.due_edit,
                self.save_button,
                self.cancel_button,
            ),
            strict=True,
        ):
            QWidget.setTabOrder(first, second)

        # --- behaviour ----------------------------------------------------------------------
        self.citizen_picker.citizen_picked.connect(self.on_citizen_picked)
        self.citizen_picker.citizen_cleared.connect(self.on_citizen_cleared)
        self.anonymous_check.toggled.connect(self.on_anonymous_toggled)
        self.channel_combo.currentIndexChanged.connect(self.on_channel_changed)
        self.category_combo.currentIndexChanged.connect(self.on_category_changed)
        self.directorate_combo.currentIndexChanged.connect(self.on_directorate_changed)
        self.subject_edit.textEdited.connect(self.on_subject_edited)
        self.description_edit.textChanged.connect(self.on_description_changed)
        self.due_edit.dateChanged.connect(self.on_due_changed)

        if citizen_id is not None:
            self.citizen_picker.set_citizen(citizen_id, citizen_name or f"#{citizen_id}")
        self.save_button.setEnabled(False)
        self.citizen_picker.edit.setFocus()
        self.resize(680, self.sizeHint().height())
        self.load_lists()

    # --- the reference lists ------------------------------------------------------------------
    @property
    def lists_ready(self) -> bool:
        """The channels, categories and directorates have arrived."""
        return self._lists_ready

    def load_lists(self) -> None:
        """Channels, categories and directorates, read off the GUI thread; the form shows at
        once and fills its combos when they arrive (again after a failed load: Kaydet)."""
        db = self.ctx.db

        def work() -> tuple[
            list[lookups.ChannelOption],
            list[lookups.CategoryOption],
            list[lookups.DirectorateOption],
        ]:
            return (
                lookups.list_channels(db),
                lookups.list_categories(db),
                lookups.list_directorates(db),
            )

        run_op(self, work, self._lists_loaded, on_failed=self._lists_failed, latest_only="lists")

    def _lists_failed(self, exc: BaseException) -> None:
        show_error(self.general_error, failure_text(exc))
        if isinstance(exc, ConnectionLost):
            self.save_retry.failed(exc)
        self.save_button.setEnabled(True)  # Kaydet loads the lists again

    def _lists_loaded(
        self,
        lists: tuple[
            list[lookups.ChannelOption],
            list[lookups.CategoryOption],
            list[lookups.DirectorateOption],
        ],
    ) -> None:
        self.channels, self.categories, self.directorates = lists
        self._category_by_id = {c.id: c for c in self.categories}
        self._directorate_short = {d.id: d.short for d in self.directorates}
        self._loading = True
        for channel in self.channels:
            self.channel_combo.addItem(channel.name, channel.code)
        for category in self.categories:
            short = self._directorate_short.get(category.directorate_id or -1, "")
            text = f"{category.name} ({short})" if short else category.name
            self.category_combo.addItem(text, category.id)
        for directorate in self.directorates:
            self.directorate_combo.addItem(directorate.name, directorate.id)
        index = self.channel_combo.findData(DEFAULT_CHANNEL)
        self.channel_combo.setCurrentIndex(max(index, 0))
        self._loading = False
        self._lists_ready = True
        self.save_retry.succeeded()
        show_error(self.general_error, "")
        self._sync_anonymous()
        self._update_due_hint()
        self.validate()

    # --- reading the form ---------------------------------------------------------------------
    @property
    def channel_code(self) -> str:
        return str(self.channel_combo.currentData() or "")

    @property
    def category_id(self) -> int | None:
        value = self.category_combo.currentData()
        return int(value) if value is not None else None

    @property
    def directorate_id(self) -> int | None:
        value = self.directorate_combo.currentData()
        return int(value) if value is not None else None

    @property
    def anonymous(self) -> bool:
        return self.anonymous_check.isChecked() and self.anonymous_check.isEnabled()

    def form_data(self) -> RequestInput:
        return RequestInput(
            citizen_id=None if self.anonymous else self.citizen_picker.citizen_id,
            channel_code=self.channel_code,
            category_id=self.category_id,
            directorate_id=self.directorate_id,
            subject=self.subject_edit.text(),
            description=self.description_edit.toPlainText(),
            due_date=from_qdate(self.due_edit.date()),
            client_token=self.client_token,
        )

    @property
    def is_dirty(self) -> bool:
        """Something was typed or chosen that closing would lose."""
        return bool(
            self.citizen_picker.has_text
            or self.subject_edit.text().strip()
            or self.description_edit.toPlainText().strip()
            or self.category_id is not None
        )

    # --- validation ---------------------------------------------------------------------------
    def validate(self) -> dict[str, str]:
        """Check the form; show the messages of touched fields; enable Kaydet when valid."""
        data = self.form_data()
        # What the form can check alone, at once; the database's view follows (check_server).
        errors = self._with_citizen_error(
            data, requests_service.validate_request(data, today=self._today)
        )
        self._apply_errors(errors)
        if self._lists_ready:
            self.check_server(data)
        return errors

    def check_server(self, data: RequestInput) -> None:
        """The active reference rows and the citizen, checked off the GUI thread; only the
        answer to the newest state of the form is shown."""
        db, today = self.ctx.db, self._today
        self._server_check = run_op(
            self,
            lambda: requests_service.validate_request(data, db, today=today),
            lambda errors: self._apply_errors(self._with_citizen_error(data, errors)),
            on_failed=lambda _exc: None,  # the server is away: the form's own check stands
            busy=(),
            latest_only="validate",
        )

    def _with_citizen_error(self, data: RequestInput, errors: dict[str, str]) -> dict[str, str]:
        if data.citizen_id is None and not self.anonymous:
            if self.channel_code in ANONYMOUS_CHANNELS:
                message = tr(
                    "Vatandaş seçilmedi; TC, telefon veya ad ile arayıp seçin ya da "
                    "‘Vatandaşsız (anonim)’ kutusunu işaretleyin."
                )
            else:
                message = tr(
                    "Vatandaş seçilmedi; TC, telefon veya ad ile arayıp listeden seçin "
                    "(anonim kayıt yalnız WhatsApp ve 153 kanallarında)."
                )
            errors = {"vatandas": message, **errors}
        return errors

    def _apply_errors(self, errors: dict[str, str]) -> None:
        self._errors = errors
        for name, label in self.error_labels.items():
            text = errors.get(name, "") if name in self._touched else ""
            if label.text() != text or label.isVisible() != bool(text):
                show_error(label, text)
        self.save_button.setEnabled(not errors and not self.saving and self._lists_ready)
        self.save_button.setToolTip(
            "" if not errors else tr("Kaydetmek için: ") + " ".join(errors.values())
        )

    def touch(self, *names: str) -> None:
        self._touched.update(names)
        if not self._loading:
            self.validate()

    def reveal_errors(self) -> None:
        """Show every field's message (the clerk pressed Enter on an unfinished form)."""
        self.touch(*FIELDS)
        for name in FIELDS:
            if name in self._errors:
                self._focus_field(name)
                break

    def _focus_field(self, name: str) -> None:
        widget: QWidget = {
            "vatandas": self.citizen_picker.edit,
            "kanal": self.channel_combo,
            "kategori": self.category_combo,
            "mudurluk": self.directorate_combo,
            "konu": self.subject_edit,
            "aciklama": self.description_edit,
            "son_tarih": self.due_edit,
        }.get(name, self.subject_edit)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- slots --------------------------------------------------------------------------------
    @Slot(int, str)
    def on_citizen_picked(self, _citizen_id: int, _name: str) -> None:
        self.touch("vatandas")

    @Slot()
    def on_citizen_cleared(self) -> None:
        self.touch("vatandas")

    @Slot(bool)
    def on_anonymous_toggled(self, checked: bool) -> None:
        self.citizen_picker.setEnabled(not checked)
        self.touch("vatandas")

    @Slot(int)
    def on_channel_changed(self, _index: int) -> None:
        self._sync_anonymous()
        self.touch("kanal")

    def _sync_anonymous(self) -> None:
        allowed = self.channel_code in ANONYMOUS_CHANNELS
        if not allowed and self.anonymous_check.isChecked():
            self.anonymous_check.setChecked(False)
        self.anonymous_check.setEnabled(allowed)
        self.citizen_picker.setEnabled(not (allowed and self.anonymous_check.isChecked()))

    @Slot(int)
    def on_category_changed(self, _index: int) -> None:
        category = self._category_by_id.get(self.category_id or -1)
        if category is not None and category.directorate_id is not None:
            index = self.directorate_combo.findData(category.directorate_id)
            if index >= 0:
                self.directorate_combo.blockSignals(True)
                self.directorate_combo.setCurrentIndex(index)
                self.directorate_combo.blockSignals(False)
        self._due_edited = False  # a new category brings its own due date
        self._recompute_due()
        self.touch("kategori", "mudurluk")

    @Slot(int)
    def on_directorate_changed(self, _index: int) -> None:
        self._recompute_due()
        self.touch("mudurluk")

    def _recompute_due(self) -> None:
        if self._due_edited or self._loading:
            return
        db, category_id, directorate_id = self.ctx.db, self.category_id, self.directorate_id
        today = self._today
        run_op(
            self,
            lambda: requests_service.due_date_for(db, category_id, directorate_id, today),
            self._show_due,
            on_failed=lambda _exc: None,  # the server is away: keep the date shown
            busy=(),
            latest_only="due",
        )

    def _show_due(self, due: date) -> None:
        if self._due_edited:
            return
        self.due_edit.blockSignals(True)
        self.due_edit.setDate(to_qdate(due))
        self.due_edit.blockSignals(False)
        self._update_due_hint()

    def _update_due_hint(self) -> None:
        days = (from_qdate(self.due_edit.date()) - self._today).days
        self.due_hint.setText(
            tr("Bugünden {0} gün sonra. Kategori seçilince kendiliğinden gelir.").format(days)
        )

    @Slot(str)
    def on_subject_edited(self, _text: str) -> None:
        self.touch("konu")

    @Slot()
    def on_description_changed(self) -> None:
        self.touch("aciklama")

    @Slot(QDate)
    def on_due_changed(self, _day: QDate) -> None:
        self._due_edited = True
        self._update_due_hint()
        self.touch("son_tarih")

    # --- saving and leaving -------------------------------------------------------------------
    @Slot()
    def on_save_clicked(self) -> None:
        if self.saving:  # a second Enter while the first save runs
            return
        if not self._lists_ready:
            self.load_lists()
            return
        if self.validate():
            self.reveal_errors()
            return
        self.saving = True
        self.save_button.setEnabled(False)
        show_error(self.general_error, "")
        if self._server_check is not None:  # the save's own answer is the newer one
            self._server_check.discard()
        db, user, data = self.ctx.db, self.ctx.user, self.form_data()
        run_op(
            self,
            lambda: requests_service.create_request(db, user, data),
            self._saved,
            on_failed=self._save_failed,
            disable=(self.cancel_button,),
        )

    def _saved(self, detail: RequestDetail) -> None:
        self.saving = False
        self.save_retry.succeeded()
        self.request_saved.emit(detail)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        if self.isVisible():
            self.save_button.setEnabled(not self._errors)
        if isinstance(exc, ConnectionLost):  # keep the form as typed; try again in a few seconds
            self.save_retry.failed(exc)
            grow_to_fit(self)
        elif isinstance(exc, RequestInvalid):
            self._show_service_errors(exc.errors)
        elif isinstance(exc, DomainError):
            self._show_service_errors({exc.field or "": exc.message})
        else:  # an unexpected failure: say so, keep what was typed
            dialogs.error(
                self,
                tr("Talep kaydedilemedi"),
                tr("Talep kaydedilemedi; yazdıklarınız formda duruyor. Yeniden deneyin."),
                detail=str(exc),
            )

    def _show_service_errors(self, errors: dict[str, str]) -> None:
        """A service refused: each message at its field (or under the form), nothing lost."""
        for name, message in errors.items():
            label = self.error_labels.get(name)
            if label is None:
                show_error(self.general_error, message)
            else:
                self._touched.add(name)
                show_error(label, message)
        first = next(iter(errors))
        if first in self.error_labels:
            self._focus_field(first)
        grow_to_fit(self)

    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.description_edit and is_ctrl_enter(event):
            self.on_save_clicked()
            return True
        return super().eventFilter(watched, event)

"""The citizen form, new and edit: inline validation as the clerk types (each field's reason under
it, Kaydet enabled only when the form can be saved), a look-up of records that are probably the
same person (off the GUI thread), and the other desk's values after a lost update.

A mahalle outside the served list is a warning (amber), not an error: the service stores the
address flagged as not served. The fields themselves live in ``citizen_form_fields``.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desk_app.domain.errors import Conflict, DomainError
from desk_app.domain.phone import is_valid_phone
from desk_app.domain.tckn import is_valid_tckn, mask_tckn
from desk_app.services import citizens as citizens_service
from desk_app.services.citizens import CitizenInput, CitizenView, DuplicateCitizen
from desk_app.services.permissions import Action, allowed
from desk_app.services.uow import ConnectionLost
from desk_app.ui.citizens.form_fields import (
    ADDRESS_FIELDS,
    CONTACT_FIELDS,
    FIELDS,
    CitizenFields,
    split_warning,
)
from desk_app.ui.citizens.form_panels import ConflictPanel, DuplicatePanel, view_to_input
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn, run_op
from desk_app.ui.kit.widgets import (
    KeyboardFormDialog,
    error_label,
    grow_to_fit,
    is_ctrl_enter,
    keep_on_screen,
    show_error,
    teardown_safe,
)
from desk_app.ui.session.connection_watch import SaveRetry

SIMILAR_DELAY_MS = 300
SIMILAR_FIELDS = ("ad", "soyad", "tc_kimlik_no", "telefon")


@dataclasses.dataclass(frozen=True)
class _SaveOutcome:
    """A save's answer: the saved record, or the conflict and the other desk's version."""

    saved: CitizenView | None = None
    conflict: Conflict | None = None
    theirs: CitizenView | None = None


class CitizenFormDialog(KeyboardFormDialog):
    """``citizen_saved(CitizenView)`` after a save; ``existing_opened(citizen_id)`` when the
    clerk chose to open a matching record instead (the form then closes without saving);
    ``similar_checked(n)`` after each look-up of matching records; ``conflict_shown(view)``
    with the other desk's version."""

    citizen_saved = Signal(object)
    existing_opened = Signal(int)
    similar_checked = Signal(int)
    conflict_shown = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        citizen: CitizenView | None = None,
        prefill: CitizenInput | None = None,
        served: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.citizen = citizen
        self.citizen_id = citizen.id if citizen else None
        self.version = citizen.version if citizen else 0
        self.setObjectName("citizen_form_dialog")
        self.setWindowTitle(
            tr("Vatandaş kaydını düzenle — {0}").format(citizen.full_name)
            if citizen
            else tr("Yeni vatandaş")
        )
        # The served mahalleler: given, or read off the GUI thread (``load_served``); Kaydet
        # waits for them.
        self.served = list(served) if served is not None else []
        self._served_ready = served is not None
        self.may_see_tc = allowed(ctx.user, Action.VIEW_FULL_TCKN)
        self._touched: set[str] = set()
        self._errors: dict[str, str] = {}
        self._warning = ""
        self._service_errors: dict[str, str] = {}  # a refused save, until the field is edited
        self._saving = False
        self._loading = True
        self._similar_generation = 0
        self._tasks: set[BackgroundTask] = set()
        self.theirs: CitizenView | None = None  # the other desk's version after a conflict
        # One idempotency key per open form: every retry of a create sends the same one.
        self.client_token = str(uuid.uuid4())
        self.save_retry = SaveRetry(self, self.on_save_clicked)
        self.finished.connect(self.save_retry.stop)

        self._build()
        initial = view_to_input(citizen) if citizen else (prefill or CitizenInput("", ""))
        self.set_input(initial)
        self._initial = self.form_input()  # what closing without asking may drop
        self._loading = False
        self.validate()
        if prefill is not None and citizen is None:
            self._touched.update(n for n in FIELDS if self.fields.value_of(n))
            self.validate()
            self.on_similar_timeout()
        self.resize(760, self.sizeHint().height())
        self.fields.first_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self._served_ready:
            self.load_served()

    @property
    def served_ready(self) -> bool:
        """The served mahalleler have arrived (or were given)."""
        return self._served_ready

    def load_served(self) -> None:
        """The served mahalleler, read off the GUI thread; when they cannot be read the form
        goes on without them (every mahalle is then only flagged, as before)."""
        db = self.ctx.db

        def work() -> list[str]:
            try:
                return citizens_service.served_mahalleler(db)
            except DomainError:
                return []

        run_op(
            self,
            work,
            self._served_loaded,
            on_failed=lambda _exc: self._served_loaded([]),
            latest_only="served",
        )

    def _served_loaded(self, served: list[str]) -> None:
        self.served = served
        loading, self._loading = self._loading, True
        self.fields.set_served(served)
        self._loading = loading
        self._served_ready = True
        self.validate()

    # --- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        self.fields = CitizenFields(self.served, self)
        self.fields.field_edited.connect(self.on_field_edited)
        self.fields.field_left.connect(self.on_field_left)
        self.fields.notes_edit.installEventFilter(self)
        self.general_error = error_label(self, "general_error")
        self.save_reason = error_label(self, "save_reason")

        self.duplicate_panel = DuplicatePanel(self)
        self.duplicate_panel.open_requested.connect(self.on_open_existing)
        self.conflict_panel = ConflictPanel(self)
        self.conflict_panel.load_requested.connect(self.on_load_theirs)
        self.conflict_panel.overwrite_requested.connect(self.on_overwrite)

        buttons = self.form_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.save_retry.banner)
        layout.addWidget(self.conflict_panel)
        layout.addWidget(self.duplicate_panel)
        layout.addWidget(self.fields)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.save_reason)
        layout.addLayout(buttons)
        self.fields.set_tab_order(self.save_button, self.cancel_button)

        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(SIMILAR_DELAY_MS)
        self._similar_timer.timeout.connect(self.on_similar_timeout)

    # --- values -------------------------------------------------------------------------------
    def form_input(self) -> CitizenInput:
        return self.fields.form_input()

    def set_input(self, data: CitizenInput) -> None:
        """Fill the form (loading a record or the other desk's values)."""
        loading, self._loading = self._loading, True
        hide = self.citizen_id is not None and not self.may_see_tc
        self.fields.set_input(data, hide_tc=hide)
        self._loading = loading

    def tc_shown(self, tc: str) -> str:
        return tc if self.may_see_tc or not tc else mask_tckn(tc)

    @property
    def is_dirty(self) -> bool:
        return self.form_input() != self._initial

    # --- validation ---------------------------------------------------------------------------
    def validate(self) -> dict[str, str]:
        """Check the form; show the messages of touched fields; enable Kaydet when valid."""
        errors, warning = split_warning(self.form_input(), self.served)
        self._errors, self._warning = errors, warning
        for name in FIELDS:
            text = errors.get(name, "") if name in self._touched else ""
            text = text or self._service_errors.get(name, "")
            if not text and name == "mahalle" and warning and "mahalle" in self._touched:
                self.fields.show_message(name, warning, warning=True)
            else:
                self.fields.show_message(name, text)
        self.save_button.setEnabled(not errors and not self._saving and self._served_ready)
        self.save_button.setToolTip(
            "" if not errors else tr("Kaydetmek için: ") + " ".join(errors.values())
        )
        # A disabled Kaydet always says why, on the screen: what is missing in fields the
        # clerk has not reached yet (e.g. a mahalle chosen, the street still empty).
        unseen = [text for name, text in errors.items() if name not in self._touched]
        reason = tr("Kaydetmek için: ") + " ".join(unseen) if unseen and self._touched else ""
        if reason != self.save_reason.text():
            show_error(self.save_reason, reason)
        self.fit_height()
        return errors

    def fit_height(self) -> None:
        """As tall as the messages shown need, no taller: a message appearing no longer
        squeezes Kaydet/Vazgeç off the form, and one going away leaves no blank area."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
        else:
            needed = layout.totalSizeHint().height()
        needed = max(needed, self.minimumSizeHint().height())
        if needed != self.height():
            self.resize(self.width(), needed)
            keep_on_screen(self)

    @property
    def errors(self) -> dict[str, str]:
        return dict(self._errors)

    @property
    def warning(self) -> str:
        return self._warning

    def touch(self, *names: str) -> None:
        self._touched.update(names)
        if not self._loading:
            self.validate()

    def reveal_errors(self) -> None:
        """Show every field's message (the clerk pressed Enter on an unfinished form)."""
        self.touch(*FIELDS)
        first = next((n for n in FIELDS if n in self._errors), None)
        if first is not None:
            self.fields.inputs[first].setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def on_field_edited(self, name: str) -> None:
        if self._loading:
            return
        group = CONTACT_FIELDS if name in CONTACT_FIELDS else (name,)
        for field in group:
            self._service_errors.pop(field, None)
        self.touch(*group)
        if name in SIMILAR_FIELDS:
            self._similar_timer.start()

    def on_field_left(self, name: str) -> None:
        if self._loading:
            return
        values = self.fields.value_of
        if name in ADDRESS_FIELDS and any(values(n).strip() for n in ADDRESS_FIELDS):
            self.touch(*ADDRESS_FIELDS)
        elif values(name).strip():
            self.touch(name)

    # --- similar records ----------------------------------------------------------------------
    @Slot()
    def on_similar_timeout(self) -> None:
        data = self.form_input()
        self._similar_generation += 1
        generation = self._similar_generation
        if not (is_valid_tckn(data.tc_kimlik_no) or is_valid_phone(data.phone)):
            self.show_similar([])
            return
        ctx, exclude = self.ctx, self.citizen_id

        def work(_progress: ProgressFn) -> Any:
            return citizens_service.find_similar(ctx.db, ctx.user, data, exclude_id=exclude)

        task = BackgroundTask(work)
        self._tasks.add(task)

        def done(result: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self) and generation == self._similar_generation:
                assert isinstance(result, list)
                self.show_similar(result)

        def failed(_exc: object) -> None:  # the save checks again; nothing to tell the clerk
            self._tasks.discard(task)

        task.finished.connect(done)
        task.failed.connect(failed)
        task.start()

    @property
    def is_checking_similar(self) -> bool:
        return bool(self._tasks) or self._similar_timer.isActive()

    def show_similar(self, hits: Sequence[Any]) -> None:
        self.duplicate_panel.show_hits(hits)
        grow_to_fit(self)
        self.similar_checked.emit(len(hits))

    @Slot(int)
    def on_open_existing(self, citizen_id: int) -> None:
        """Open the existing record instead: the form closes without saving (or asking)."""
        self.existing_opened.emit(citizen_id)
        super().reject()

    # --- saving -------------------------------------------------------------------------------
    @Slot()
    def on_save_clicked(self) -> None:
        if self._saving or not self._served_ready:  # a second Enter; the list is on its way
            return
        if self.validate():
            self.reveal_errors()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        show_error(self.general_error, "")
        data = self.form_input()
        db, user, citizen_id, version = self.ctx.db, self.ctx.user, self.citizen_id, self.version
        if citizen_id is None:
            data = dataclasses.replace(data, client_token=self.client_token)

        def work() -> _SaveOutcome:
            try:
                if citizen_id is None:
                    return _SaveOutcome(saved=citizens_service.create_citizen(db, user, data))
                return _SaveOutcome(
                    saved=citizens_service.update_citizen(db, user, citizen_id, version, data)
                )
            except Conflict as exc:  # what the other desk saved, read in the same worker
                if citizen_id is None:
                    raise
                card = citizens_service.get_citizen_card(db, user, citizen_id)
                return _SaveOutcome(conflict=exc, theirs=card.citizen)

        run_op(
            self,
            work,
            self._save_done,
            on_failed=self._save_failed,
            disable=(self.cancel_button,),
        )

    @property
    def saving(self) -> bool:  # type: ignore[override]  # KeyboardFormDialog: closing asks
        return self._saving

    def _save_done(self, outcome: _SaveOutcome) -> None:
        self._saving = False
        if self.isVisible():
            self.save_button.setEnabled(not self._errors)
        if outcome.conflict is not None and outcome.theirs is not None:
            self._on_conflict(outcome.conflict, outcome.theirs)
            return
        assert outcome.saved is not None
        self.save_retry.succeeded()
        self.citizen_saved.emit(outcome.saved)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        if shiboken6.isValid(self) and self.isVisible():
            self.save_button.setEnabled(not self._errors)
        if isinstance(exc, ConnectionLost):  # keep the form as typed; try again in a few seconds
            self.save_retry.failed(exc)
            grow_to_fit(self)
        elif isinstance(exc, DuplicateCitizen):
            self.show_similar([exc.existing])
            self._show_service_error(exc)
        elif isinstance(exc, DomainError):
            self._show_service_error(exc)
        else:  # an unexpected failure: say so, keep what was typed
            dialogs.error(
                self,
                tr("Vatandaş kaydedilemedi"),
                tr("Kayıt kaydedilemedi; yazdıklarınız formda duruyor. Yeniden deneyin."),
                detail=str(exc),
            )

    def _show_service_error(self, exc: DomainError) -> None:
        """A service refused: the message at its field (or under the form), nothing lost."""
        field = exc.field or ""
        if field not in self.fields.error_labels:
            show_error(self.general_error, exc.message)
            return
        self._service_errors[field] = exc.message
        self.fields.show_message(field, exc.message)
        self.fields.inputs[field].setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_conflict(self, exc: Conflict, theirs: CitizenView) -> None:
        if theirs.version == self.version:  # not a lost update (e.g. an anonymised record)
            show_error(self.general_error, exc.message)
            return
        self.theirs = theirs
        mine = self.form_input()
        their_input = view_to_input(theirs)
        self.conflict_panel.show_conflict(
            mine,
            self.tc_shown(mine.tc_kimlik_no),
            their_input,
            self.tc_shown(their_input.tc_kimlik_no),
        )
        grow_to_fit(self)
        self.conflict_shown.emit(theirs)

    @Slot()
    def on_load_theirs(self) -> None:
        """Replace what was typed with the other desk's values and continue from them."""
        theirs = self.theirs
        if theirs is None:
            return
        self.version = theirs.version
        self.set_input(view_to_input(theirs))
        self._initial = self.form_input()
        self.conflict_panel.setVisible(False)
        self.validate()

    @Slot()
    def on_overwrite(self) -> None:
        """Save what this clerk typed over the other desk's version (a deliberate choice)."""
        if self.theirs is None:
            return
        self.version = self.theirs.version
        self.conflict_panel.setVisible(False)
        self.on_save_clicked()

    # --- leaving ------------------------------------------------------------------------------
    @teardown_safe
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.fields.notes_edit and is_ctrl_enter(event):
            self.on_save_clicked()
            return True
        return super().eventFilter(watched, event)

"""Booking one approved application, and moving a booked delivery.

The booking dialog shows the service's suggestions (``suggest``: the preferred one first, with
its reason; after enough failed home visits a desk pickup comes first) and lets the clerk take
one or choose a day and a team or pickup window. A full place (``CapacityFull``) or a bad day
(``ValidationError``) is shown in the dialog, which stays open with the choice kept and the free
places counted again."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import Conflict, DomainError
from desk_app.domain.states import DeliveryKind
from desk_app.services.delivery import (
    CapacityFull,
    DeliveryRow,
    Suggestion,
    SuggestionSet,
    UnbookedRow,
    book,
    move_delivery,
    suggest,
    window_text,
)
from desk_app.services.uow import ConnectionLost
from desk_app.ui.delivery.place import (
    BookingSettings,
    Place,
    PlaceChooser,
    read_settings,
)
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import day_text, tr, where_text
from desk_app.ui.kit.tasks import failure_text, run_op, show_failure
from desk_app.ui.kit.widgets import KeyboardFormDialog, error_label, hint_label, show_error

NOTICE_STYLE = (
    f"QLabel#pickup_first_notice {{ background: {palette.WARNING_SURFACE}; border: 1px solid"
    f" {palette.WARNING_BORDER};"
    " border-radius: 4px; padding: 6px; }"
)


def suggestion_text(s: Suggestion) -> str:
    if s.kind == DeliveryKind.PICKUP.value and s.start_time and s.end_time:
        where = tr("{0}, masadan teslim {1}").format(
            day_text(s.day), window_text(s.start_time, s.end_time)
        )
    else:
        where = f"{day_text(s.day)}, {s.team_name}"
    return tr("{0} · {1} boş").format(where, s.free)


@dataclass(frozen=True)
class Suggested:
    """What the booking dialog reads when it opens: the settings, then the suggestions or the
    reason there are none."""

    settings: BookingSettings
    found: SuggestionSet | None
    error: str = ""


def load_suggested(ctx: AppContext, application_id: int) -> Suggested:
    """Worker side of ``BookingDialog.load_suggestions``."""
    try:
        found = suggest(ctx.db, ctx.user, application_id)
    except DomainError as exc:
        if isinstance(exc, ConnectionLost):
            raise
        return Suggested(read_settings(ctx.db), None, exc.message)
    return Suggested(read_settings(ctx.db, found.failed_home_attempts), found)


class BookingDialog(KeyboardFormDialog):
    """Book ``row``: accept a suggestion or choose; ``booked(BookingResult)`` after saving."""

    booked = Signal(object)

    def __init__(self, ctx: AppContext, row: UnbookedRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.version = row.version
        self.suggestions: SuggestionSet | None = None
        self.result_value: object | None = None
        self.setObjectName("booking_dialog")
        self.setWindowTitle(tr("Teslimat planla — {0}").format(row.reference))
        self.setMinimumWidth(620)

        layout = QVBoxLayout(self)
        header = QLabel(
            tr("<b>{0}</b> · {1} · bebek {2}<br>{3}").format(
                row.reference, row.parent_name, row.baby_name, row.address_text
            ),
            self,
        )
        header.setObjectName("booking_header")
        header.setWordWrap(True)
        layout.addWidget(header)
        self.notice = QLabel(self)
        self.notice.setObjectName("pickup_first_notice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)

        self.suggestion_box = QGroupBox(tr("Öneriler"), self)
        self.suggestion_layout = QVBoxLayout(self.suggestion_box)
        self.choice_group = QButtonGroup(self)
        self.suggestion_radios: list[QRadioButton] = []
        layout.addWidget(self.suggestion_box)

        self.manual_radio = QRadioButton(tr("Başka bir gün ya da yer seçeceğim:"), self)
        self.manual_radio.setObjectName("manual_radio")
        self.choice_group.addButton(self.manual_radio)
        layout.addWidget(self.manual_radio)
        self.chooser = PlaceChooser(ctx, None, self)
        self.chooser.setContentsMargins(24, 0, 0, 0)
        self.chooser.setEnabled(False)  # until the suggestions say where to start
        layout.addWidget(self.chooser)
        self.error = error_label(self)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(self.form_buttons())
        self.save_button.setText(tr("Planla"))
        self.save_button.setEnabled(False)  # until the suggestions are there
        self.loading_hint = hint_label(tr("Öneriler yükleniyor…"), self.suggestion_box)
        self.loading_hint.setObjectName("suggestions_loading")
        self.suggestion_layout.addWidget(self.loading_hint)

        self.choice_group.buttonToggled.connect(self.on_choice_toggled)
        self.load_suggestions()

    # --- suggestions ------------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        """The suggestions (or the reason there are none) have arrived."""
        return self.loading_hint.isHidden()

    def load_suggestions(self) -> None:
        """Read the suggestions off the GUI thread; the dialog shows at once, busy."""
        ctx, application_id = self.ctx, self.row.application_id
        run_op(
            self,
            lambda: load_suggested(ctx, application_id),
            self._suggestions_loaded,
            on_failed=self._suggestions_failed,
            latest_only="suggestions",
        )

    def _suggestions_failed(self, exc: BaseException) -> None:
        self._loading_done()
        show_error(self.error, failure_text(exc))
        self.manual_radio.setChecked(True)
        self.chooser.set_place(self.chooser.kind(), BookingSettings().first_bookable_day())

    def _loading_done(self) -> None:
        self.loading_hint.setText("")
        self.loading_hint.setVisible(False)
        self.save_button.setEnabled(True)

    def _suggestions_loaded(self, loaded: Suggested) -> None:
        self._loading_done()
        first_day = loaded.settings.first_bookable_day()
        found = loaded.found
        if found is None:
            show_error(self.error, loaded.error)
            self.manual_radio.setChecked(True)
            self.chooser.set_place(DeliveryKind.HOME, first_day)
            return
        self.suggestions = found
        self.version = found.version
        kind = DeliveryKind.HOME
        if found.pickup_first:
            threshold = loaded.settings.pickup_first_after
            self.notice.setText(
                tr(
                    "{0} başarısız ev ziyareti var: {1} başarısız ziyaretten sonra önce masadan "
                    "teslim önerilir. Aileyi arayıp masaya davet edin."
                ).format(found.failed_home_attempts, threshold)
            )
            self.notice.setVisible(True)
            kind = DeliveryKind.PICKUP
        for i, s in enumerate(found.suggestions):
            caption = tr("Önerilen: ") if i == 0 else tr("Diğer seçenek: ")
            radio = QRadioButton(caption + suggestion_text(s), self.suggestion_box)
            radio.setObjectName(f"suggestion_radio_{i}")
            self.choice_group.addButton(radio)
            self.suggestion_radios.append(radio)
            self.suggestion_layout.addWidget(radio)
            reason = hint_label(tr(s.reason), self.suggestion_box)
            reason.setContentsMargins(24, 0, 0, 4)
            self.suggestion_layout.addWidget(reason)
        if found.suggestions:
            first = found.suggestions[0]
            self.chooser.set_place(
                DeliveryKind(first.kind), first.day, first.team_id, first.start_time
            )
            self.suggestion_radios[0].setChecked(True)
        else:
            self.chooser.set_place(kind, first_day)
            self.suggestion_layout.addWidget(
                hint_label(
                    tr("Önümüzdeki günlerde boş yer bulunamadı; bir gün ve yer seçin."),
                    self.suggestion_box,
                )
            )
            self.manual_radio.setChecked(True)

    def chosen_place(self) -> Place | None:
        for radio, s in zip(
            self.suggestion_radios,
            self.suggestions.suggestions if self.suggestions else (),
            strict=False,
        ):
            if radio.isChecked():
                return Place(DeliveryKind(s.kind), s.day, s.team_id, s.start_time)
        return self.chooser.place()

    @Slot()
    def on_choice_toggled(self) -> None:
        self.chooser.setEnabled(self.manual_radio.isChecked())

    # --- saving -----------------------------------------------------------------------------
    def on_save_clicked(self) -> None:
        if self.saving:  # a second Enter while the first save runs
            return
        if not self.save_button.isEnabled():  # the suggestions have not arrived yet
            return
        place = self.chosen_place()
        if place is None:
            show_error(self.error, tr("Bu gün için bir ekip ya da teslim saati seçin."))
            return
        show_error(self.error, "")
        self.saving = True
        self.save_button.setEnabled(False)
        db, user = self.ctx.db, self.ctx.user
        application_id, version = self.row.application_id, self.version
        run_op(
            self,
            lambda: book(
                db,
                user,
                application_id,
                version,
                place.kind,
                place.day,
                team_id=place.team_id,
                start_time=place.start_time,
            ),
            self._booked,
            on_failed=self._save_failed,
            disable=(self.cancel_button,),
        )

    def _booked(self, result: object) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.result_value = result
        self.booked.emit(result)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, CapacityFull):
            show_error(self.error, exc.message)
            self.chooser.reload()
        elif isinstance(exc, Conflict):
            show_error(self.error, exc.message)
            self._refresh_version()
        elif isinstance(exc, DomainError):
            show_error(self.error, exc.message)
        else:
            show_failure(self, exc, tr("Teslimat planlanamadı"))

    def _refresh_version(self) -> None:
        ctx, application_id = self.ctx, self.row.application_id

        def done(found: SuggestionSet) -> None:
            self.version = found.version

        run_op(
            self,
            lambda: suggest(ctx.db, ctx.user, application_id),
            done,
            on_failed=lambda _exc: None,  # the next save says what is wrong
            busy=(),
            latest_only="version",
        )


class MoveDialog(KeyboardFormDialog):
    """Move a booked delivery to another day, team or pickup window; ``moved(DeliveryRow)``."""

    moved = Signal(object)

    def __init__(self, ctx: AppContext, row: DeliveryRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setObjectName("move_dialog")
        self.setWindowTitle(tr("Teslimatı taşı — {0}").format(row.reference))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        header = QLabel(
            tr("<b>{0}</b> · {1}<br>Şu an: {2}, {3}").format(
                row.reference, row.parent_name, day_text(row.day), where_text(row)
            ),
            self,
        )
        header.setObjectName("move_header")
        header.setWordWrap(True)
        layout.addWidget(header)
        self.chooser = PlaceChooser(ctx, None, self)
        self.chooser.setEnabled(False)  # until the first bookable day is known
        layout.addWidget(self.chooser)
        self.error = error_label(self)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(self.form_buttons())
        self.save_button.setText(tr("Taşı"))
        self.save_button.setEnabled(False)  # until the first bookable day is known
        db = ctx.db
        run_op(
            self,
            lambda: read_settings(db),
            self._settings_loaded,
            on_failed=lambda _exc: self._settings_loaded(BookingSettings()),
            latest_only="settings",
        )

    def _settings_loaded(self, settings: BookingSettings) -> None:
        row = self.row
        day = max(row.day, settings.first_bookable_day())
        self.chooser.set_place(DeliveryKind(row.kind), day, row.team_id, row.start_time)
        self.chooser.setEnabled(True)
        self.save_button.setEnabled(True)

    def on_save_clicked(self) -> None:
        if self.saving or not self.save_button.isEnabled():
            return
        place = self.chooser.place()
        if place is None:
            show_error(self.error, tr("Bu gün için bir ekip ya da teslim saati seçin."))
            return
        show_error(self.error, "")
        self.saving = True
        self.save_button.setEnabled(False)
        db, user, row = self.ctx.db, self.ctx.user, self.row
        run_op(
            self,
            lambda: move_delivery(
                db,
                user,
                row.id,
                row.version,
                place.kind,
                place.day,
                team_id=place.team_id,
                start_time=place.start_time,
            ),
            self._moved,
            on_failed=self._save_failed,
            disable=(self.cancel_button,),
        )

    def _moved(self, moved: DeliveryRow) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.moved.emit(moved)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, CapacityFull):
            show_error(self.error, exc.message)
            self.chooser.reload()
        elif isinstance(exc, DomainError):
            show_error(self.error, exc.message)
        else:
            show_failure(self, exc, tr("Teslimat taşınamadı"))

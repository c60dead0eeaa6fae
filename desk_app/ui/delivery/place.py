"""Choosing where a set goes: a home delivery by a team on a day, or a desk pickup in one of the
day's windows. The combos list the free places of the chosen day (``day_options``), e.g.
"Ekip 2 — 3 boş (Ulukavak, Çepni)"; a full one stays listed (marked "dolu") so the clerk sees
why, and the service refuses it with ``CapacityFull``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from desk_app.domain.clock import local_today
from desk_app.domain.errors import DomainError
from desk_app.domain.states import DeliveryKind
from desk_app.services import admin
from desk_app.services.delivery import (
    WEEKDAY_NAMES,
    DayOptions,
    TeamOption,
    WindowOption,
    day_options,
    week_plan,
    window_text,
)
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.date_edit import date_edit, from_qdate, to_qdate
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.widgets import hint_label

LEAD_DAYS_SETTING = "delivery.booking_lead_days"
PICKUP_FIRST_SETTING = "delivery.failed_home_attempts_before_pickup"
MAX_MAHALLE_NAMES = 3


@dataclass(frozen=True)
class Place:
    kind: DeliveryKind
    day: date
    team_id: int | None = None
    start_time: time | None = None


def setting(ctx: AppContext, key: str, default: int) -> int:
    try:
        return int(admin.get_all(ctx.db).get(key, default))
    except (DomainError, TypeError, ValueError):
        return default


def first_bookable_day(ctx: AppContext) -> date:
    return local_today() + timedelta(days=setting(ctx, LEAD_DAYS_SETTING, 1))


def team_option_text(option: TeamOption) -> str:
    names = list(option.mahalleler[:MAX_MAHALLE_NAMES])
    if len(option.mahalleler) > MAX_MAHALLE_NAMES:
        names.append("…")
    where = f" ({', '.join(names)})" if names else ""
    if option.free <= 0:
        return tr("{0} — dolu ({1}/{2})").format(option.team_name, option.booked, option.capacity)
    return tr("{0} — {1} boş{2}").format(option.team_name, option.free, where)


def window_option_text(option: WindowOption) -> str:
    span = window_text(option.start_time, option.end_time)
    if option.free <= 0:
        return tr("{0} — dolu ({1}/{2})").format(span, option.booked, option.capacity)
    return tr("{0} — {1} boş").format(span, option.free)


class PlaceChooser(QWidget):
    """Home delivery (date + team) or desk pickup (date + window); ``changed`` on any change."""

    changed = Signal()

    def __init__(self, ctx: AppContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.options: DayOptions | None = None
        self.windows: tuple[WindowOption, ...] = ()
        self.home_radio = QRadioButton(tr("Adrese teslim (ekip)"), self)
        self.home_radio.setObjectName("home_radio")
        self.pickup_radio = QRadioButton(tr("Masadan teslim"), self)
        self.pickup_radio.setObjectName("pickup_radio")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.home_radio)
        self.kind_group.addButton(self.pickup_radio)
        self.home_radio.setChecked(True)
        self.date_edit = date_edit("place_date", day)
        self.day_name = QLabel(self)
        self.day_name.setObjectName("place_day_name")
        self.team_combo = QComboBox(self)
        self.team_combo.setObjectName("team_combo")
        self.team_combo.setMinimumContentsLength(40)
        self.window_combo = QComboBox(self)
        self.window_combo.setObjectName("window_combo")
        self.window_combo.setMinimumContentsLength(40)
        self.hint = hint_label("", self, "place_hint")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        date_caption = QLabel(tr("&Tarih"), self)
        date_caption.setBuddy(self.date_edit)
        grid.addWidget(date_caption, 0, 0)
        grid.addWidget(self.date_edit, 0, 1)
        grid.addWidget(self.day_name, 0, 2)
        grid.addWidget(self.home_radio, 1, 0)
        grid.addWidget(self.team_combo, 1, 1, 1, 2)
        grid.addWidget(self.pickup_radio, 2, 0)
        grid.addWidget(self.window_combo, 2, 1, 1, 2)
        grid.addWidget(self.hint, 3, 0, 1, 3)
        grid.setColumnStretch(2, 1)

        self.date_edit.dateChanged.connect(self.on_date_changed)
        self.home_radio.toggled.connect(self.on_kind_toggled)
        self.team_combo.currentIndexChanged.connect(self.changed)
        self.window_combo.currentIndexChanged.connect(self.changed)
        self.reload()
        self.on_kind_toggled()

    # --- state ------------------------------------------------------------------------------
    def day(self) -> date:
        return from_qdate(self.date_edit.date())

    def kind(self) -> DeliveryKind:
        return DeliveryKind.PICKUP if self.pickup_radio.isChecked() else DeliveryKind.HOME

    def place(self) -> Place | None:
        """The chosen place; None when nothing can be chosen on that day."""
        if self.kind() is DeliveryKind.HOME:
            team_id = self.team_combo.currentData()
            return Place(DeliveryKind.HOME, self.day(), team_id=team_id) if team_id else None
        start = self.window_combo.currentData()
        return Place(DeliveryKind.PICKUP, self.day(), start_time=start) if start else None

    def set_place(
        self,
        kind: DeliveryKind,
        day: date,
        team_id: int | None = None,
        start_time: time | None = None,
    ) -> None:
        (self.pickup_radio if kind is DeliveryKind.PICKUP else self.home_radio).setChecked(True)
        if self.day() != day:
            self.date_edit.setDate(to_qdate(day))  # reloads
        if team_id is not None:
            self.team_combo.setCurrentIndex(max(self.team_combo.findData(team_id), 0))
        if start_time is not None:
            self.window_combo.setCurrentIndex(max(self.window_combo.findData(start_time), 0))

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """The day's teams and windows with their free places, keeping the chosen ones."""
        day = self.day()
        self.day_name.setText(tr(WEEKDAY_NAMES[day.weekday()]))
        team_id = self.team_combo.currentData()
        start = self.window_combo.currentData()
        try:
            self.options = day_options(self.ctx.db, self.ctx.user, day)
            self.windows = self._window_options(day)
        except DomainError as exc:
            self.options = None
            self.hint.setText(exc.message)
        self._fill(team_id, start)
        self.changed.emit()

    def _window_options(self, day: date) -> tuple[WindowOption, ...]:
        """The day's pickup windows with their places. Read from the one-day plan, not from
        ``day_options``: that builds ``WindowOption(start, end, booked, capacity)`` positionally
        into fields ordered (start, end, capacity, booked), swapping the two counts."""
        pickups = week_plan(self.ctx.db, self.ctx.user, day, days=1).pickups
        return tuple(
            WindowOption(start_time=s, end_time=e, capacity=capacity, booked=booked)
            for s, e, booked, capacity in (pickups[0].windows if pickups else ())
        )

    def _fill(self, team_id: object, start: object) -> None:
        options = self.options
        for combo in (self.team_combo, self.window_combo):
            combo.blockSignals(True)
            combo.clear()
        if options is not None:
            for team in options.teams:
                self.team_combo.addItem(team_option_text(team), team.team_id)
            for window in self.windows:
                self.window_combo.addItem(window_option_text(window), window.start_time)
            self._pick_first_free(self.team_combo, team_id, [t.free for t in options.teams])
            self._pick_first_free(self.window_combo, start, [w.free for w in self.windows])
            hints = []
            if not options.teams:
                hints.append(tr("Bu gün çalışan ekip yok."))
            if not self.windows:
                hints.append(tr("Bu gün masadan teslim saati yok."))
            self.hint.setText(" ".join(hints))
        for combo in (self.team_combo, self.window_combo):
            combo.blockSignals(False)
        self.on_kind_toggled()

    @staticmethod
    def _pick_first_free(combo: QComboBox, wanted: object, free: list[int]) -> None:
        index = combo.findData(wanted) if wanted is not None else -1
        if index < 0:
            index = next((i for i, n in enumerate(free) if n > 0), 0 if free else -1)
        combo.setCurrentIndex(index)

    # --- slots ------------------------------------------------------------------------------
    @Slot()
    def on_date_changed(self) -> None:
        self.reload()

    @Slot()
    def on_kind_toggled(self) -> None:
        home = self.home_radio.isChecked()
        self.team_combo.setEnabled(home and self.team_combo.count() > 0)
        self.window_combo.setEnabled(not home and self.window_combo.count() > 0)
        self.changed.emit()

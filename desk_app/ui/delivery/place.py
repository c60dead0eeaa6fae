"""Choosing where a set goes: a home delivery by a team on a day, or a desk pickup in one of the
day's windows. The combos list the free places of the chosen day (``day_options``), e.g.
"Ekip 2 — 3 boş (Ulukavak, Çepni)"; a full one stays listed (marked "dolu") so the clerk sees
why, and the service refuses it with ``CapacityFull``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.errors import DomainError
from desk_app.domain.states import DeliveryKind
from desk_app.services import admin
from desk_app.services.context import Actor
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
from desk_app.ui.kit.tasks import failure_text, is_busy, run_op
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


@dataclass(frozen=True)
class BookingSettings:
    """The administrator's booking settings, read off the GUI thread (``read_settings``)."""

    lead_days: int = 1
    pickup_first_after: int = 2

    def first_bookable_day(self) -> date:
        return local_today() + timedelta(days=self.lead_days)


def _int_setting(values: dict[str, Any], key: str, default: int) -> int:
    try:
        return int(values.get(key, default))
    except (TypeError, ValueError):
        return default


def read_settings(db: Database, pickup_default: int = 2) -> BookingSettings:
    """Worker side: the lead days and the pickup-first threshold; the defaults when the
    settings cannot be read as numbers."""
    try:
        values = dict(admin.get_all(db))
    except DomainError:
        values = {}
    return BookingSettings(
        lead_days=_int_setting(values, LEAD_DAYS_SETTING, 1),
        pickup_first_after=_int_setting(values, PICKUP_FIRST_SETTING, pickup_default),
    )


def load_day(db: Database, actor: Actor, day: date) -> tuple[DayOptions, tuple[WindowOption, ...]]:
    """Worker side: the day's teams and pickup windows with their free places."""
    return day_options(db, actor, day), window_options(db, actor, day)


def window_options(db: Database, actor: Actor, day: date) -> tuple[WindowOption, ...]:
    """The day's pickup windows with their places. Read from the one-day plan, not from
    ``day_options``: that builds ``WindowOption(start, end, booked, capacity)`` positionally
    into fields ordered (start, end, capacity, booked), swapping the two counts."""
    pickups = week_plan(db, actor, day, days=1).pickups
    return tuple(
        WindowOption(start_time=s, end_time=e, capacity=capacity, booked=booked)
        for s, e, booked, capacity in (pickups[0].windows if pickups else ())
    )


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
    """Home delivery (date + team) or desk pickup (date + window); ``changed`` on any change.

    The day's places are read off the GUI thread: ``reload`` starts the read, the combos keep
    what they show until it returns (``loaded``), and a place asked for meanwhile
    (``set_place``) is chosen once it is there. ``day=None``: the dialog does not know the
    first bookable day yet and calls ``set_place`` once it does; nothing is read until then."""

    changed = Signal()
    loaded = Signal()

    def __init__(self, ctx: AppContext, day: date | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.options: DayOptions | None = None
        self.windows: tuple[WindowOption, ...] = ()
        # The team and window to choose once the day's places have arrived.
        self._wanted: tuple[object, object] | None = None
        self.home_radio = QRadioButton(tr("Adrese teslim (ekip)"), self)
        self.home_radio.setObjectName("home_radio")
        self.pickup_radio = QRadioButton(tr("Masadan teslim"), self)
        self.pickup_radio.setObjectName("pickup_radio")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.home_radio)
        self.kind_group.addButton(self.pickup_radio)
        self.home_radio.setChecked(True)
        self.date_edit = date_edit("place_date", day or local_today() + timedelta(days=1))
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
        if day is not None:
            self.reload()
        else:
            self.hint.setText(tr("Boş yerler yükleniyor…"))
        self.on_kind_toggled()

    # --- state ------------------------------------------------------------------------------
    def day(self) -> date:
        return from_qdate(self.date_edit.date())

    def kind(self) -> DeliveryKind:
        return DeliveryKind.PICKUP if self.pickup_radio.isChecked() else DeliveryKind.HOME

    @property
    def loading(self) -> bool:
        """The day's places are being read."""
        return is_busy(self)

    def place(self) -> Place | None:
        """The chosen place; None when nothing can be chosen on that day (or the day's places
        have not arrived yet)."""
        if self.loading:
            return None
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
        if self.day() != day or (self.options is None and not self.loading):
            self._wanted = (team_id, start_time)
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(to_qdate(day))
            self.date_edit.blockSignals(False)
            self.reload()
            return
        if self.loading:
            self._wanted = (team_id, start_time)
            return
        if team_id is not None:
            self.team_combo.setCurrentIndex(max(self.team_combo.findData(team_id), 0))
        if start_time is not None:
            self.window_combo.setCurrentIndex(max(self.window_combo.findData(start_time), 0))

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the day's teams and windows with their free places off the GUI thread; the
        chosen ones are kept."""
        day = self.day()
        self.day_name.setText(tr(WEEKDAY_NAMES[day.weekday()]))
        if self._wanted is None:
            self._wanted = (self.team_combo.currentData(), self.window_combo.currentData())
        db, actor = self.ctx.db, self.ctx.user
        run_op(
            self,
            lambda: load_day(db, actor, day),
            self._loaded,
            on_failed=self._load_failed,
            latest_only="day",
        )
        self.changed.emit()

    def _loaded(self, result: tuple[DayOptions, tuple[WindowOption, ...]]) -> None:
        self.options, self.windows = result
        wanted, self._wanted = self._wanted or (None, None), None
        self._fill(*wanted)
        self.changed.emit()
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self.options, self.windows = None, ()
        self._wanted = None
        self._fill(None, None)
        self.hint.setText(failure_text(exc))
        self.changed.emit()
        self.loaded.emit()

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

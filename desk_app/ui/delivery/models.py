"""Table models of the delivery planner: the week grid (teams x days plus the desk pickups), the
unbooked applications and one day's deliveries (a team's route or the desk's pickups)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desk_app.services.delivery import (
    MONTH_NAMES,
    WEEKDAY_SHORT,
    DeliveryRow,
    PickupDay,
    PlanCell,
    UnbookedRow,
    WeekPlan,
    window_text,
)
from desk_app.ui.kit import palette
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import ID_ROLE, ROW_ROLE, Column, RowsTableModel

_Index = QModelIndex | QPersistentModelIndex

FREE_BACKGROUND = QColor(palette.SUCCESS_SURFACE)
ALMOST_BACKGROUND = QColor(palette.WARNING_SURFACE)
FULL_BACKGROUND = QColor(palette.ERROR_SURFACE)
CLOSED_BACKGROUND = QColor(palette.SURFACE_GREY)
CLOSED_FOREGROUND = QColor(palette.BORDER_STRONG)
PICKUP_FIRST_BACKGROUND = QColor(palette.WARNING_SURFACE)
ALMOST_FULL_RATIO = 0.75

FREE, ALMOST, FULL, CLOSED = "free", "almost", "full", "closed"
FULLNESS_BACKGROUNDS = {
    FREE: FREE_BACKGROUND,
    ALMOST: ALMOST_BACKGROUND,
    FULL: FULL_BACKGROUND,
    CLOSED: CLOSED_BACKGROUND,
}


def day_header(day: date, sep: str = " ") -> str:
    """ "Sal 17.06" """
    return f"{tr(WEEKDAY_SHORT[day.weekday()])}{sep}{day:%d.%m}"


def fullness(booked: int, capacity: int, working: bool = True) -> str:
    if not working or capacity <= 0:
        return CLOSED
    if booked >= capacity:
        return FULL
    if booked / capacity >= ALMOST_FULL_RATIO:
        return ALMOST
    return FREE


def week_text(start: date, end: date) -> str:
    """ "16–22 Haziran 2025" or "30 Haziran – 6 Temmuz 2025" """
    if start.month == end.month:
        return f"{start.day}–{end.day} {tr(MONTH_NAMES[end.month - 1])} {end.year}"
    first = f"{start.day} {tr(MONTH_NAMES[start.month - 1])}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} – {end.day} {tr(MONTH_NAMES[end.month - 1])} {end.year}"


@dataclass(frozen=True)
class GridCell:
    """What a grid cell stands for: a team's day (``team_id``) or the desk's pickups."""

    day: date
    team_id: int | None
    team_name: str

    @property
    def is_pickup(self) -> bool:
        return self.team_id is None


class WeekGridTableModel(QAbstractTableModel):
    """Rows: the teams, then "Masadan teslim"; columns: the week's days. A cell reads
    booked/capacity with the number of mahalleler, coloured by how full it is."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan: WeekPlan | None = None
        self.today: date | None = None

    def set_plan(self, plan: WeekPlan, today: date | None = None) -> None:
        self.beginResetModel()
        self.plan = plan
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.plan is None:
            return 0
        return len(self.plan.teams) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.plan is None:
            return 0
        return len(self.plan.days)

    def pickup_row(self) -> int:
        return len(self.plan.teams) if self.plan else -1

    def cell_at(self, row: int, column: int) -> GridCell | None:
        plan = self.plan
        if plan is None or not 0 <= column < len(plan.days) or not 0 <= row <= len(plan.teams):
            return None
        day = plan.days[column]
        if row == len(plan.teams):
            return GridCell(day, None, tr("Masadan teslim"))
        team = plan.teams[row]
        return GridCell(day, team.id, team.name)

    def index_of(self, team_id: int | None, day: date) -> QModelIndex:
        plan = self.plan
        if plan is None or day not in plan.days:
            return QModelIndex()
        if team_id is None:
            row = len(plan.teams)
        else:
            row = next((i for i, t in enumerate(plan.teams) if t.id == team_id), -1)
        return self.index(row, plan.days.index(day)) if row >= 0 else QModelIndex()

    def _team_cell(self, row: int, column: int) -> PlanCell | None:
        assert self.plan is not None
        return self.plan.cell(self.plan.teams[row].id, self.plan.days[column])

    def _pickup_day(self, column: int) -> PickupDay:
        assert self.plan is not None
        return self.plan.pickups[column]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        plan = self.plan
        if plan is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(plan.days):
            day = plan.days[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return day_header(day, "\n")  # two lines: seven columns fit beside the list
            if role == Qt.ItemDataRole.FontRole and day == self.today:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and day == self.today:
                return tr("Bugün")
        if orientation == Qt.Orientation.Vertical and 0 <= section <= len(plan.teams):
            if role == Qt.ItemDataRole.DisplayRole:
                if section == len(plan.teams):
                    return tr("Masadan teslim")
                return plan.teams[section].name
            if role == Qt.ItemDataRole.ToolTipRole and section < len(plan.teams):
                team = plan.teams[section]
                return tr("{0}\nGünlük kapasite: {1} · Çalışma günleri: {2}").format(
                    team.members or team.name, team.daily_capacity, team.working_days_text
                )
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.plan is None:
            return None
        row, column = index.row(), index.column()
        if role == ROW_ROLE:
            return self.cell_at(row, column)
        if row == self.pickup_row():
            return self._pickup_data(self._pickup_day(column), role)
        return self._team_data(self._team_cell(row, column), role)

    def _team_data(self, cell: PlanCell | None, role: int) -> Any:
        working = cell is not None and cell.working
        state = fullness(cell.booked, cell.capacity, working) if cell else CLOSED
        if role == Qt.ItemDataRole.DisplayRole:
            if cell is None or (not cell.working and cell.booked == 0):
                return "—"  # grey, see the legend
            text = f"{cell.booked}/{cell.capacity}"
            if cell.mahalle_count:
                text += "\n" + tr("{0} mah.").format(cell.mahalle_count)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell is None or (not cell.working and cell.booked == 0):
                return tr("Ekip bu gün çalışmıyor.")
            lines = [
                tr("{0} planlı / {1} kapasite · {2} boş").format(
                    cell.booked, cell.capacity, cell.free
                ),
                tr("{0} mahalle").format(cell.mahalle_count),
            ]
            if cell.done or cell.failed:
                lines.append(
                    tr("{0} teslim edildi · {1} teslim edilemedi").format(cell.done, cell.failed)
                )
            lines.append(tr("Günün listesi için tıklayın."))
            return "\n".join(lines)
        return self._style(state, role)

    def _pickup_data(self, day: PickupDay, role: int) -> Any:
        state = fullness(day.booked, day.capacity, bool(day.windows))
        if role == Qt.ItemDataRole.DisplayRole:
            if not day.windows:
                return "—"
            return f"{day.booked}/{day.capacity}\n" + tr("{0} saat").format(len(day.windows))
        if role == Qt.ItemDataRole.ToolTipRole:
            if not day.windows:
                return tr("Bu gün masadan teslim saati yok.")
            lines = [
                tr("{0}: {1}/{2}").format(window_text(start, end), booked, capacity)
                for start, end, booked, capacity in day.windows
            ]
            lines.append(tr("Günün listesi için tıklayın."))
            return "\n".join(lines)
        return self._style(state, role)

    def _style(self, state: str, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FULLNESS_BACKGROUNDS[state])
        if role == Qt.ItemDataRole.ForegroundRole and state == CLOSED:
            return QBrush(CLOSED_FOREGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return state
        return None


def attempts_text(row: UnbookedRow) -> str:
    """ "2 · son: Evde yok" and, after enough failed visits, "Masadan teslim önerilir" """
    text = ""
    if row.failed_attempts:
        text = str(row.failed_attempts)
        if row.last_outcome:
            text = tr("{0} · son: {1}").format(row.failed_attempts, tr(row.last_outcome))
    if row.pickup_first:
        text += "\n" + tr("Masadan teslim önerilir")
    return text


UNBOOKED_COLUMNS: tuple[Column[UnbookedRow], ...] = (
    ("Referans", lambda r: r.reference),
    ("Veli", lambda r: r.parent_name),
    ("Mahalle", lambda r: r.mahalle),
    ("Bekliyor", lambda r: tr("{0} gün").format(r.waiting_days)),
    ("Başarısız deneme", attempts_text),
)
COL_U_REFERENCE, COL_U_PARENT, COL_U_MAHALLE, COL_U_WAITING, COL_U_ATTEMPTS = range(5)


class UnbookedTableModel(RowsTableModel[UnbookedRow]):
    """Approved applications waiting for a booking, oldest first (as the service orders them)."""

    columns = UNBOOKED_COLUMNS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == ID_ROLE:
            row = self.row_at(index.row()) if index.isValid() else None
            return row.application_id if row else None
        if role == Qt.ItemDataRole.ToolTipRole:
            row = self.row_at(index.row()) if index.isValid() else None
            if row is not None:
                return tr("{0} · bebek {1}\n{2}\nTelefon: {3}").format(
                    row.parent_name, row.baby_name, row.address_text, row.phone_masked
                )
        return super().data(index, role)

    def extra_data(self, row: UnbookedRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row.pickup_first:
            return QBrush(PICKUP_FIRST_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_U_ATTEMPTS and row.pickup_first:
            return QBrush(QColor(palette.PICKUP_TEXT))
        return None

    def row_of(self, application_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.application_id == application_id), -1)


def _status(row: DeliveryRow) -> str:
    return tr(row.status_label)


ROUTE_COLUMNS: tuple[Column[DeliveryRow], ...] = (
    ("Sıra", lambda r: str(r.route_order) if r.route_order else ""),
    ("Referans", lambda r: r.reference),
    ("Veli", lambda r: r.parent_name),
    ("Mahalle", lambda r: r.mahalle),
    ("Adres", lambda r: r.address_text),
    ("Telefon", lambda r: r.phone_masked),
    ("Durum", _status),
    ("SMS", lambda r: tr("hatırlatıldı") if r.reminded else ""),
)
PICKUP_COLUMNS: tuple[Column[DeliveryRow], ...] = (
    (
        "Saat",
        lambda r: window_text(r.start_time, r.end_time) if r.start_time and r.end_time else "",
    ),
    *ROUTE_COLUMNS[1:],
)


class DeliveryDayTableModel(RowsTableModel[DeliveryRow]):
    """One day's deliveries: a team's route (in route order) or the desk's pickups."""

    def __init__(self, pickup: bool, parent: Any = None) -> None:
        super().__init__((), parent)
        self.columns = PICKUP_COLUMNS if pickup else ROUTE_COLUMNS

    def row_of(self, delivery_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == delivery_id), -1)

    def extra_data(self, row: DeliveryRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.status != "BOOKED":
            return QBrush(CLOSED_FOREGROUND)
        return None

"""The summary page's figures as tables: number formatting (one helper for every count), the
chart palette, and a read-only ``SummaryTableModel`` whose cells may carry a link (the filtered
list behind a number)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desk_app.services.delivery import MONTH_NAMES
from desk_app.ui.kit import palette
from desk_app.ui.kit.formatting import format_count
from desk_app.ui.kit.i18n import tr

if TYPE_CHECKING:
    from desk_app.services.reporting import Period

# Okabe–Ito, colour-blind safe (the same eight as the PDF report's charts).
PALETTE = (
    palette.CHART_BLUE,
    palette.CHART_ORANGE,
    palette.CHART_GREEN,
    palette.CHART_PINK,
    palette.CHART_SKY,
    palette.CHART_VERMILION,
    palette.CHART_YELLOW,
    palette.CHART_BLACK,
)
LINK_COLOUR = palette.LINK
WARNING_COLOUR = palette.ERROR
LINK_ROLE = Qt.ItemDataRole.UserRole + 10  # the Link of a cell, or None
VALUE_ROLE = Qt.ItemDataRole.UserRole + 11  # the raw value (int, float, str or None)
_Index = QModelIndex | QPersistentModelIndex


def month_name(month: int) -> str:
    """1 -> "Ocak" ("January" in English)."""
    return tr(MONTH_NAMES[month - 1])


def month_label(day: date, *, year: bool = True) -> str:
    """The month of ``day``, short: "Nis 2025" (or "Nis")."""
    short = month_name(day.month)[:3]
    return f"{short} {day.year}" if year else short


def period_text(period: Period) -> str:
    """ "2025 yılı", "Nisan 2025" or "01.04.2025 – 07.04.2025", in the interface's language."""
    if period.kind == "year":
        return tr("{0} yılı").format(period.start.year)
    if period.kind == "month":
        return f"{month_name(period.start.month)} {period.start.year}"
    return f"{period.start:%d.%m.%Y} – {period.end:%d.%m.%Y}"


def format_days(days: float | None) -> str:
    """4.5 -> "4,5"; no value -> "—"."""
    return "—" if days is None else f"{days:.1f}".replace(".", ",")


def format_share(share: float | None) -> str:
    """0.873 -> "%87,3" (Turkish puts the sign first); no value -> "—"."""
    return "—" if share is None else "%" + f"{100 * share:.1f}".replace(".", ",")


def format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_count(value)
    if isinstance(value, float):
        return format_days(value)
    return str(value)


@dataclass(frozen=True)
class Link:
    """The list behind a number: a page key and the filter to show there."""

    page: str
    filter: object


@dataclass(frozen=True)
class Cell:
    value: Any
    link: Link | None = None
    text: str | None = None  # shown instead of the formatted value

    @property
    def display(self) -> str:
        return self.text if self.text is not None else format_value(self.value)


@dataclass(frozen=True)
class TableData:
    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    bold_last_row: bool = False  # a "Toplam" row
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def cells(*values: Any) -> tuple[Cell, ...]:
    """Plain cells (or the given Cells) for one row."""
    return tuple(v if isinstance(v, Cell) else Cell(v) for v in values)


class SummaryTableModel(QAbstractTableModel):
    """One ``TableData``: the first column left-aligned, numbers right-aligned, linked numbers
    blue and underlined (a click opens the list)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = TableData("", "", (), ())

    def set_table(self, table: TableData) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.header)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.table.header):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.header[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            left = Qt.AlignmentFlag.AlignLeft if section == 0 else Qt.AlignmentFlag.AlignRight
            return int(left | Qt.AlignmentFlag.AlignVCenter)
        return None

    def cell(self, row: int, column: int) -> Cell | None:
        if 0 <= row < len(self.table.rows) and 0 <= column < len(self.table.rows[row]):
            return self.table.rows[row][column]
        return None

    def find_row(self, first_column_text: str) -> int:
        for n, row in enumerate(self.table.rows):
            if row and row[0].display.strip() == first_column_text:
                return n
        return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        cell = self.cell(index.row(), index.column()) if index.isValid() else None
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.display
        if role == VALUE_ROLE:
            return cell.value
        if role == LINK_ROLE:
            return cell.link
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell.link is not None:
                return tr("Listeyi aç")
            # The name column stretches and may cut a long name ("WhatsApp ihbar hattı").
            return cell.display if index.column() == 0 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft if index.column() == 0 else Qt.AlignmentFlag.AlignRight
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and cell.link is not None:
            return QBrush(QColor(LINK_COLOUR))
        if role == Qt.ItemDataRole.FontRole:
            last = self.table.bold_last_row and index.row() == len(self.table.rows) - 1
            if cell.link is not None or last:
                font = QFont()
                font.setUnderline(cell.link is not None)
                font.setBold(last)
                return font
        return None


def column_values(table: TableData, column: int) -> list[Any]:
    """The raw values of one column (tests and the charts)."""
    return [row[column].value for row in table.rows]


def header_index(header: Sequence[str], name: str) -> int:
    return list(header).index(name)

"""Widgets of the summary page: KPI tiles, the period selector and table views that open the
list behind a linked number."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui.kit import palette
from desk_app.ui.kit.date_edit import from_qdate, to_qdate
from desk_app.ui.kit.i18n import tr
from desk_app.ui.summary.models import (
    LINK_ROLE,
    WARNING_COLOUR,
    Link,
    SummaryTableModel,
    TableData,
)

ROW_HEIGHT = 24
PERIOD_KINDS = (
    ("week", "Bu hafta"),
    ("month", "Bu ay"),
    ("this_year", "Bu yıl"),
    ("year", "Yıl"),
    ("custom", "Özel aralık"),
)


class KpiTile(QFrame):
    """A caption and a large number; ``clicked(Link)`` when it has a link."""

    clicked = Signal(object)

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"kpi_{key}")
        self.link: Link | None = None
        self.setStyleSheet(
            f"QFrame#kpi_{key} {{ background: {palette.SURFACE}; border: 1px solid"
            f" {palette.BORDER};"
            " border-radius: 6px; }"
        )
        self.caption_label = QLabel(caption)
        self.caption_label.setWordWrap(True)
        self.caption_label.setStyleSheet(f"color: {palette.TEXT_MUTED}; border: none;")
        self.value_label = QLabel("—")
        self.value_label.setObjectName(f"kpi_{key}_value")
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value_label.setFont(font)
        self.value_label.setStyleSheet("border: none;")
        self.note_label = QLabel()
        self.note_label.setObjectName(f"kpi_{key}_note")
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(f"color: {WARNING_COLOUR}; border: none;")
        self.note_label.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.note_label)
        layout.addStretch(1)

    def set_value(
        self, text: str, *, link: Link | None = None, warning: str | None = None, tip: str = ""
    ) -> None:
        self.value_label.setText(text)
        colour = WARNING_COLOUR if warning else (palette.LINK if link else palette.TEXT)
        self.value_label.setStyleSheet(f"border: none; color: {colour};")
        self.note_label.setText(warning or "")
        self.note_label.setVisible(bool(warning))
        self.link = link
        self.setToolTip(tip or (tr("Listeyi aç") if link else ""))
        shape = Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.ArrowCursor
        self.setCursor(shape)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.link is not None:
            self.clicked.emit(self.link)
        super().mouseReleaseEvent(event)


class SummaryTableView(QTableView):
    """A read-only table of a ``SummaryTableModel``; ``link_clicked(Link)`` on a linked cell."""

    link_clicked = Signal(object)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.summary_model = SummaryTableModel(self)
        self.setModel(self.summary_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMouseTracking(True)
        self.clicked.connect(self.on_cell_clicked)
        self.entered.connect(self.on_cell_entered)

    def set_table(self, table: TableData) -> None:
        """Show ``table``; the first column takes the width the numbers leave."""
        self.summary_model.set_table(table)
        if self.summary_model.columnCount():
            self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def fit_height(self, max_height: int | None = None) -> None:
        """As tall as its rows (no inner scroll bar), or ``max_height`` when given."""
        header = self.horizontalHeader()
        needed = (
            header.sizeHint().height()
            + ROW_HEIGHT * self.summary_model.rowCount()
            + 2 * self.frameWidth()
            + 2
        )
        if max_height is not None:
            self.setFixedHeight(max_height)
        else:
            self.setFixedHeight(needed)
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    @Slot(QModelIndex)
    def on_cell_clicked(self, index: QModelIndex) -> None:
        link = index.data(LINK_ROLE)
        if isinstance(link, Link):
            self.link_clicked.emit(link)

    @Slot(QModelIndex)
    def on_cell_entered(self, index: QModelIndex) -> None:
        linked = isinstance(index.data(LINK_ROLE), Link)
        shape = Qt.CursorShape.PointingHandCursor if linked else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(shape)


class PeriodSelector(QWidget):
    """Bu hafta / Bu ay / Bu yıl / a year / a custom range; ``changed()`` on any choice."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("period_combo")
        for kind, caption in PERIOD_KINDS:
            self.kind_combo.addItem(tr(caption), kind)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("this_year"))
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.date_from = _date_edit("period_from", today.replace(day=1))
        self.date_to = _date_edit("period_to", today)
        period_label = QLabel(tr("&Dönem"))
        period_label.setBuddy(self.kind_combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(period_label)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.year_spin)
        layout.addWidget(self.date_from)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.date_to)
        self.kind_combo.currentIndexChanged.connect(self.on_kind_changed)
        self.year_spin.valueChanged.connect(self.changed)
        self.date_from.dateChanged.connect(self.changed)
        self.date_to.dateChanged.connect(self.changed)
        self.on_kind_changed()

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def set_year(self, year: int) -> None:
        self.year_spin.setValue(year)
        self.set_kind("year")

    def set_range(self, start: date, end: date) -> None:
        self.date_from.setDate(to_qdate(start))
        self.date_to.setDate(to_qdate(end))
        self.set_kind("custom")

    def range(self) -> tuple[date, date]:
        return from_qdate(self.date_from.date()), from_qdate(self.date_to.date())

    @Slot()
    def on_kind_changed(self) -> None:
        self.year_spin.setEnabled(self.kind == "year")
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(self.kind == "custom")
        self.changed.emit()


def _date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(day))
    return edit

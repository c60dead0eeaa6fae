"""The filter bar of the Ön Masa request list: status (incl. "Açık olanlar"), directorate,
channel, reference/subject text, overdue, not informed within 48 hours, mine, date range.

It only reads the widgets into a ``RequestFilter``; the page decides when to load.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QSignalBlocker, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import local_today
from desk_app.domain.states import REQUEST_STATUS_LABELS
from desk_app.services import lookups
from desk_app.services.requests import OPEN_STATUSES, RequestFilter
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.date_edit import from_qdate, to_qdate
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import fill_combo

STATUS_OPEN = "open"
STATUS_ALL = "all"


def _date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(day))
    return edit


def _select_data(combo: QComboBox, value: object) -> None:
    """Select the item holding ``value``; one is added (named by the value) when none does."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


class RequestFilterBar(QWidget):
    """``changed()`` when a choice changed, ``text_changed()`` while the text is typed."""

    changed = Signal()
    text_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("request_filter_bar")
        today = local_today()
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_filter")
        self.status_combo.addItem(tr("Açık olanlar"), STATUS_OPEN)
        self.status_combo.addItem(tr("Tümü"), STATUS_ALL)
        for status, status_name in REQUEST_STATUS_LABELS.items():
            self.status_combo.addItem(tr(status_name), status.value)
        self.directorate_combo = QComboBox()
        self.directorate_combo.setObjectName("directorate_filter")
        self.directorate_combo.addItem(tr("Tüm müdürlükler"), None)
        db = ctx.db
        fill_combo(
            self,
            self.directorate_combo,
            lambda: [(d.name, d.id) for d in lookups.list_directorates(db)],
        )
        self.directorate_combo.setMaxVisibleItems(20)
        self.directorate_combo.setMinimumContentsLength(18)
        self.directorate_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel_filter")
        self.channel_combo.addItem(tr("Tüm kanallar"), None)
        fill_combo(
            self, self.channel_combo, lambda: [(c.name, c.code) for c in lookups.list_channels(db)]
        )
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("text_filter")
        self.text_edit.setPlaceholderText(tr("Referans (GK-2025-…) veya konu"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setMinimumWidth(220)

        self.overdue_check = QCheckBox(tr("Gecikmiş"))
        self.overdue_check.setObjectName("overdue_filter")
        self.inform_late_check = QCheckBox(tr("48 saatte bildirilmedi"))
        self.inform_late_check.setObjectName("inform_late_filter")
        self.mine_check = QCheckBox(tr("Benimkiler"))
        self.mine_check.setObjectName("mine_filter")
        self.mine_check.setToolTip(tr("Yalnız sizin kaydettiğiniz talepler"))
        self.date_check = QCheckBox(tr("Tarih:"))
        self.date_check.setObjectName("date_filter")
        self.date_from = _date_edit("date_from", today - timedelta(days=30))
        self.date_to = _date_edit("date_to", today)
        self.clear_button = QPushButton(tr("Filtreleri temizle"))
        self.clear_button.setObjectName("clear_filters_button")

        row1 = QHBoxLayout()
        captioned: tuple[tuple[str, QWidget], ...] = (
            (tr("&Durum"), self.status_combo),
            (tr("Mü&dürlük"), self.directorate_combo),
            (tr("&Kanal"), self.channel_combo),
            (tr("&Ara"), self.text_edit),
        )
        for caption, widget in captioned:
            label = QLabel(caption)
            label.setBuddy(widget)
            row1.addWidget(label)
            row1.addWidget(widget, 1 if widget is self.text_edit else 0)
        row2 = QHBoxLayout()
        for check in (self.overdue_check, self.inform_late_check, self.mine_check):
            row2.addWidget(check)
        row2.addSpacing(16)
        row2.addWidget(self.date_check)
        row2.addWidget(self.date_from)
        row2.addWidget(QLabel("–"))
        row2.addWidget(self.date_to)
        row2.addStretch(1)
        row2.addWidget(self.clear_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row1)
        layout.addLayout(row2)

        for combo in (self.status_combo, self.directorate_combo, self.channel_combo):
            combo.currentIndexChanged.connect(self.changed)
        for check in (self.overdue_check, self.inform_late_check, self.mine_check):
            check.toggled.connect(self.changed)
        self.date_check.toggled.connect(self.on_date_check_toggled)
        self.date_from.dateChanged.connect(self.changed)
        self.date_to.dateChanged.connect(self.changed)
        self.text_edit.textChanged.connect(self.text_changed)
        self.on_date_check_toggled(False)

    @Slot(bool)
    def on_date_check_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(checked)
        self.date_to.setEnabled(checked)
        self.changed.emit()

    def clear(self) -> None:
        """Back to the desk's start: open requests, nothing else chosen."""
        for combo in (self.status_combo, self.directorate_combo, self.channel_combo):
            combo.setCurrentIndex(0)
        for check in (self.overdue_check, self.inform_late_check, self.mine_check, self.date_check):
            check.setChecked(False)
        self.text_edit.clear()

    def set_filter(self, f: RequestFilter) -> None:
        """Show ``f`` in the widgets (one ``changed`` afterwards). Several statuses other than
        the open ones show as "Tümü"; ``citizen_id`` has no widget and is not shown."""
        with QSignalBlocker(self):
            if not f.statuses:
                status: str = STATUS_ALL
            elif set(f.statuses) == set(OPEN_STATUSES):
                status = STATUS_OPEN
            elif len(f.statuses) == 1:
                status = f.statuses[0]
            else:
                status = STATUS_ALL
            _select_data(self.status_combo, status)
            _select_data(self.directorate_combo, f.directorate_id)
            _select_data(self.channel_combo, f.channel_code)
            self.overdue_check.setChecked(f.overdue_only)
            self.inform_late_check.setChecked(f.inform_late_only)
            self.mine_check.setChecked(f.mine)
            dated = f.date_from is not None or f.date_to is not None
            if f.date_from is not None:
                self.date_from.setDate(to_qdate(f.date_from))
            if f.date_to is not None:
                self.date_to.setDate(to_qdate(f.date_to))
            self.date_check.setChecked(dated)
            self.text_edit.setText(f.text)
        self.changed.emit()

    def current_filter(self) -> RequestFilter:
        status = self.status_combo.currentData()
        if status == STATUS_OPEN:
            statuses: tuple[str, ...] = tuple(OPEN_STATUSES)
        elif status == STATUS_ALL:
            statuses = ()
        else:
            statuses = (str(status),)
        dated = self.date_check.isChecked()
        return RequestFilter(
            statuses=statuses,
            directorate_id=self.directorate_combo.currentData(),
            channel_code=self.channel_combo.currentData(),
            overdue_only=self.overdue_check.isChecked(),
            inform_late_only=self.inform_late_check.isChecked(),
            mine=self.mine_check.isChecked(),
            date_from=from_qdate(self.date_from.date()) if dated else None,
            date_to=from_qdate(self.date_to.date()) if dated else None,
            text=self.text_edit.text().strip(),
        )

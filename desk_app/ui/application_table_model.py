"""The application list of the Başvurular page: pages of ~100 rows fetched on demand (keyset
paging on (applied_at, id)) off the GUI thread, the total counted in the background, rows that
have been waiting long marked; and the timeline of one application.

A new filter starts a new *generation*; results of an older generation are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor

from desk_app.services import applications as applications_service
from desk_app.services.applications import (
    ApplicationEventView,
    ApplicationFilter,
    ApplicationRow,
)
from desk_app.services.applications_common import status_label
from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.request_table_model import format_local
from desk_app.ui.tasks import BackgroundTask, ProgressFn

PAGE_SIZE = 100
REFRESH_LIMIT = 1000
WAITING_LONG_DAYS = 14  # rows still waiting after this many days stand out

COL_REFERENCE = 0
COL_APPLIED = 1
COL_PARENT = 2
COL_BABY = 3
COL_BIRTH = 4
COL_MAHALLE = 5
COL_CHANNEL = 6
COL_STATUS = 7
COL_WAITING = 8

HEADERS = (
    "Referans",
    "Başvuru tarihi",
    "Veli",
    "Bebek",
    "Doğum tarihi",
    "Mahalle",
    "Kanal",
    "Durum",
    "Bekleme (gün)",
)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the ApplicationRow
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the application id
WAITING_LONG_ROLE = Qt.ItemDataRole.UserRole + 3  # bool

WAITING_LONG_BACKGROUND = QColor("#fff1cc")
WAITING_LONG_FOREGROUND = QColor("#7a4f00")
DUPLICATE_FOREGROUND = QColor("#a50e0e")


def format_day(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class _PageResult:
    generation: int
    rows: list[ApplicationRow]
    replace: bool
    complete: bool


class ApplicationTableModel(QAbstractTableModel):
    """Applications matching ``application_filter``, newest first, ``PAGE_SIZE`` at a time.

    Signals: ``count_changed(total)``, ``page_loaded(n)``, ``refreshed()``, ``failed(exc)``,
    ``loading_changed(bool)`` (as ``RequestTableModel``)."""

    count_changed = Signal(int)
    page_loaded = Signal(int)
    refreshed = Signal()
    failed = Signal(object)
    loading_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.application_filter = ApplicationFilter()
        self.waiting_long_days = WAITING_LONG_DAYS
        self._rows: list[ApplicationRow] = []
        self._generation = 0
        self._complete = True
        self._fetching = False
        self._counting = False
        self._total: int | None = None
        self._tasks: set[BackgroundTask] = set()

    # --- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        return None

    def is_waiting_long(self, row: ApplicationRow) -> bool:
        return row.waiting_days is not None and row.waiting_days > self.waiting_long_days

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        if role == WAITING_LONG_ROLE:
            return self.is_waiting_long(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_WAITING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = []
            if self.is_waiting_long(row):
                lines.append(
                    tr("{0} gündür bekliyor (sınır {1} gün).").format(
                        row.waiting_days, self.waiting_long_days
                    )
                )
            if row.web_reference:
                lines.append(tr("Web Başvuru No: {0}").format(row.web_reference))
            text = self._display(row, column)
            if text:
                lines.append(text)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.BackgroundRole and self.is_waiting_long(row):
            return QBrush(WAITING_LONG_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_STATUS and row.status == "SUSPECTED_DUPLICATE":
                return QBrush(DUPLICATE_FOREGROUND)
            if self.is_waiting_long(row):
                return QBrush(WAITING_LONG_FOREGROUND)
        return None

    @staticmethod
    def _display(row: ApplicationRow, column: int) -> str:
        if column == COL_REFERENCE:
            return row.reference
        if column == COL_APPLIED:
            return format_day(row.applied_at)
        if column == COL_PARENT:
            return row.parent_name
        if column == COL_BABY:
            return row.baby_name
        if column == COL_BIRTH:
            return format_day(row.baby_birth_date)
        if column == COL_MAHALLE:
            return row.mahalle
        if column == COL_CHANNEL:
            return row.channel_name
        if column == COL_STATUS:
            return tr(row.status_label)
        if column == COL_WAITING:
            return "" if row.waiting_days is None else str(row.waiting_days)
        return ""

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        after = (self._rows[-1].applied_at, self._rows[-1].id) if self._rows else None
        self._load(after, PAGE_SIZE, replace=False)

    # --- public -------------------------------------------------------------------------------
    @property
    def total(self) -> int | None:
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._fetching or self._counting

    @property
    def is_complete(self) -> bool:
        return self._complete

    def row_at(self, row: int) -> ApplicationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, application_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == application_id:
                return i
        return -1

    def set_filter(self, application_filter: ApplicationFilter) -> None:
        self.application_filter = application_filter
        self.reload()

    def reload(self) -> None:
        """Forget the rows, count again and fetch the first page (a new generation)."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._complete = False
        self._fetching = False
        self._total = None
        self.endResetModel()
        self._count()
        self._load(None, PAGE_SIZE, replace=False)

    def refresh(self) -> None:
        """Load again what is on screen; rows are replaced in one go when they arrive."""
        if self._fetching:
            self._generation += 1
        wanted = min(max(len(self._rows), PAGE_SIZE), REFRESH_LIMIT)
        self._count()
        self._load(None, wanted, replace=True)

    # --- background work ----------------------------------------------------------------------
    def _start(
        self, fn: Callable[[ProgressFn], Any], done: Callable[[object], None], what: str
    ) -> None:
        task = BackgroundTask(fn)
        self._tasks.add(task)
        generation = self._generation

        def finished(result: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self):
                done(result)

        def failed(exc: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self) and generation == self._generation:
                self._on_failed(what, exc)

        task.finished.connect(finished)
        task.failed.connect(failed)
        task.start()

    def _count(self) -> None:
        generation = self._generation
        ctx, f = self.ctx, self.application_filter
        self._counting = True
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> tuple[int, int]:
            return generation, applications_service.count_applications(ctx.db, ctx.user, f)

        self._start(work, self.on_count_done, "count")

    def _load(self, after: tuple[date, int] | None, wanted: int, *, replace: bool) -> None:
        generation = self._generation
        ctx, f = self.ctx, self.application_filter
        self._fetching = True
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> _PageResult:
            rows: list[ApplicationRow] = []
            cursor = after
            while len(rows) < wanted:
                ask = min(wanted - len(rows), PAGE_SIZE)
                page = applications_service.list_applications_after(
                    ctx.db, ctx.user, f, cursor, ask
                )
                rows.extend(page)
                if len(page) < ask:
                    return _PageResult(generation, rows, replace, complete=True)
                cursor = (page[-1].applied_at, page[-1].id)
            return _PageResult(generation, rows, replace, complete=False)

        self._start(work, self.on_page_done, "page")

    @Slot(object)
    def on_count_done(self, result: object) -> None:
        assert isinstance(result, tuple)
        if result[0] != self._generation:
            return
        self._counting = False
        self._total = int(result[1])
        self.count_changed.emit(self._total)
        self.loading_changed.emit(self.is_loading)

    @Slot(object)
    def on_page_done(self, result: object) -> None:
        assert isinstance(result, _PageResult)
        if result.generation != self._generation:
            return
        self._fetching = False
        self._complete = result.complete
        if result.replace:
            self.beginResetModel()
            self._rows = list(result.rows)
            self.endResetModel()
            self.refreshed.emit()
        elif result.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(result.rows) - 1)
            self._rows.extend(result.rows)
            self.endInsertRows()
        self.page_loaded.emit(len(result.rows))
        self.loading_changed.emit(self.is_loading)

    def _on_failed(self, what: str, exc: object) -> None:
        if what == "count":
            self._counting = False
        else:
            self._fetching = False
            self._complete = True
        self.loading_changed.emit(self.is_loading)
        self.failed.emit(exc)


# --- the timeline of one application ----------------------------------------------------------

TIMELINE_HEADERS = ("Zaman", "İşlem", "Kullanıcı", "Durum", "Ayrıntı")


def application_status_text(old: str | None, new: str | None) -> str:
    """ "Alındı → Onaylandı" for a status change ("" when none)."""
    if not new:
        return ""
    if old:
        return f"{tr(status_label(old))} → {tr(status_label(new))}"
    return tr(status_label(new))


class ApplicationTimelineTableModel(QAbstractTableModel):
    """The events of one application in order (tens of rows, never pages)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: tuple[ApplicationEventView, ...] = ()

    def set_events(self, events: tuple[ApplicationEventView, ...]) -> None:
        self.beginResetModel()
        self._events = tuple(events)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TIMELINE_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(TIMELINE_HEADERS[section])
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        event = self._events[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                return format_local(event.at)
            if column == 1:
                return tr(event.kind_label)
            if column == 2:
                return event.user_name
            if column == 3:
                return application_status_text(event.old_status, event.new_status)
            return event.text
        return None

"""The request list of the Ön Masa page: pages of ~100 rows fetched on demand (keyset paging)
off the GUI thread, the total counted in the background, overdue and late-informed rows marked.

A new filter starts a new *generation*; results that arrive for an older generation are dropped,
so a slow count of the previous filter can never overwrite the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
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

from desk_app.domain.clock import LOCAL_TZ
from desk_app.services import requests as requests_service
from desk_app.services.requests import RequestEventView, RequestFilter, RequestRow
from desk_app.services.requests_common import (
    EVENT_FORWARDED,
    INFORMED_VIA_LABELS,
    status_label,
)
from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.tasks import BackgroundTask, ProgressFn

PAGE_SIZE = 100
# A refresh reloads at most this many rows (the rest is fetched again when scrolled to).
REFRESH_LIMIT = 1000

COL_REFERENCE = 0
COL_CREATED = 1
COL_CITIZEN = 2
COL_CHANNEL = 3
COL_CATEGORY = 4
COL_DIRECTORATE = 5
COL_SUBJECT = 6
COL_STATUS = 7
COL_DUE = 8

HEADERS = (
    "Referans",
    "Tarih",
    "Vatandaş",
    "Kanal",
    "Kategori",
    "Müdürlük",
    "Konu",
    "Durum",
    "Son tarih",
)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the RequestRow
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the request id
HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3  # "overdue" | "inform_late" | ""

HIGHLIGHT_OVERDUE = "overdue"
HIGHLIGHT_INFORM_LATE = "inform_late"
OVERDUE_BACKGROUND = QColor("#fde7e9")
OVERDUE_FOREGROUND = QColor("#a50e0e")
INFORM_LATE_BACKGROUND = QColor("#fff1cc")
INFORM_LATE_FOREGROUND = QColor("#7a4f00")


def format_local(at: datetime) -> str:
    """dd.MM.yyyy HH:mm at the desk (Türkiye time)."""
    return at.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M")


def format_count(n: int) -> str:
    """1700000 -> "1.700.000" (Turkish thousands separator)."""
    return f"{n:,}".replace(",", ".")


def highlight_of(row: RequestRow) -> str:
    if row.overdue:
        return HIGHLIGHT_OVERDUE
    if row.inform_late:
        return HIGHLIGHT_INFORM_LATE
    return ""


@dataclass(frozen=True)
class _PageResult:
    generation: int
    rows: list[RequestRow]
    replace: bool  # a refresh: the rows replace the loaded ones
    complete: bool  # fewer rows than asked: nothing more to fetch


class RequestTableModel(QAbstractTableModel):
    """Requests matching ``request_filter``, newest first, ``PAGE_SIZE`` rows at a time.

    Signals: ``count_changed(total)`` when the background count arrives, ``page_loaded(n)``
    after rows were appended, ``refreshed()`` after a refresh replaced the rows, ``failed(exc)``
    when a load failed, ``loading_changed(bool)``.
    """

    count_changed = Signal(int)
    page_loaded = Signal(int)
    refreshed = Signal()
    failed = Signal(object)
    loading_changed = Signal(bool)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_filter = RequestFilter(statuses=requests_service.OPEN_STATUSES)
        self._rows: list[RequestRow] = []
        self._generation = 0
        self._complete = True  # nothing loaded yet; reload() opens the model
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

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        if role == HIGHLIGHT_ROLE:
            return highlight_of(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            kind = highlight_of(row)
            if kind == HIGHLIGHT_OVERDUE:
                return QBrush(OVERDUE_BACKGROUND)
            if kind == HIGHLIGHT_INFORM_LATE:
                return QBrush(INFORM_LATE_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            kind = highlight_of(row)
            if kind == HIGHLIGHT_OVERDUE:
                return QBrush(OVERDUE_FOREGROUND)
            if kind == HIGHLIGHT_INFORM_LATE:
                return QBrush(INFORM_LATE_FOREGROUND)
            return None
        return None

    @staticmethod
    def _display(row: RequestRow, column: int) -> str:
        if column == COL_REFERENCE:
            return row.reference
        if column == COL_CREATED:
            return format_local(row.created_at)
        if column == COL_CITIZEN:
            return row.citizen_name or tr("(anonim)")
        if column == COL_CHANNEL:
            return row.channel_name
        if column == COL_CATEGORY:
            return row.category_name
        if column == COL_DIRECTORATE:
            return row.directorate_short
        if column == COL_SUBJECT:
            return row.subject
        if column == COL_STATUS:
            return tr(row.status_label)
        if column == COL_DUE:
            return row.due_date.strftime("%d.%m.%Y")
        return ""

    @classmethod
    def _tooltip(cls, row: RequestRow, column: int) -> str:
        """Why the row stands out (first line), then the cell's full text (it may be cut)."""
        kind = highlight_of(row)
        lines: list[str] = []
        if kind == HIGHLIGHT_OVERDUE:
            lines.append(
                tr("Gecikmiş: son tarih {0} geçti, talep hâlâ açık.").format(
                    row.due_date.strftime("%d.%m.%Y")
                )
            )
        elif kind == HIGHLIGHT_INFORM_LATE:
            lines.append(tr("Cevap 48 saat içinde vatandaşa bildirilmedi."))
        text = cls._display(row, column)
        if text:
            lines.append(text)
        return "\n".join(lines)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        after = (self._rows[-1].created_at, self._rows[-1].id) if self._rows else None
        self._load(after, PAGE_SIZE, replace=False)

    # --- public -------------------------------------------------------------------------------
    @property
    def total(self) -> int | None:
        """The count for the current filter; None while it is being counted."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._fetching or self._counting

    @property
    def generation(self) -> int:
        return self._generation

    def row_at(self, row: int) -> RequestRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, request_id: int) -> int:
        """The row showing ``request_id``; -1 when it is not loaded."""
        for i, r in enumerate(self._rows):
            if r.id == request_id:
                return i
        return -1

    def set_filter(self, request_filter: RequestFilter) -> None:
        self.request_filter = request_filter
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
        """Load again what is on screen (another desk changed something); the rows are replaced
        in one go when the fresh ones arrive, the count is taken again."""
        if self._fetching:
            # A page of the current generation is on its way; start over for a clean picture.
            self._generation += 1
        wanted = min(max(len(self._rows), PAGE_SIZE), REFRESH_LIMIT)
        self._count()
        self._load(None, wanted, replace=True)

    # --- background work ----------------------------------------------------------------------
    def _start(
        self, fn: Callable[[ProgressFn], Any], done: Callable[[object], None], what: str
    ) -> None:
        task = BackgroundTask(fn)  # no parent: it outlives nothing but itself
        self._tasks.add(task)

        def finished(result: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self):  # the page may have closed meanwhile
                done(result)

        generation = self._generation

        def failed(exc: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self) and generation == self._generation:
                self._on_failed(what, exc)

        task.finished.connect(finished)
        task.failed.connect(failed)
        task.start()

    def _count(self) -> None:
        generation = self._generation
        ctx, f = self.ctx, self.request_filter
        self._counting = True
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> tuple[int, int]:
            return generation, requests_service.count_requests(ctx.db, ctx.user, f)

        self._start(work, self.on_count_done, "count")

    def _load(self, after: tuple[datetime, int] | None, wanted: int, *, replace: bool) -> None:
        generation = self._generation
        ctx, f = self.ctx, self.request_filter
        self._fetching = True
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> _PageResult:
            rows: list[RequestRow] = []
            cursor = after
            while len(rows) < wanted:
                ask = min(wanted - len(rows), PAGE_SIZE)
                page = requests_service.list_requests_after(ctx.db, ctx.user, f, cursor, ask)
                rows.extend(page)
                if len(page) < ask:
                    return _PageResult(generation, rows, replace, complete=True)
                cursor = (page[-1].created_at, page[-1].id)
            return _PageResult(generation, rows, replace, complete=False)

        self._start(work, self.on_page_done, "page")

    @Slot(object)
    def on_count_done(self, result: object) -> None:
        assert isinstance(result, tuple)
        generation: int = result[0]
        total: int = result[1]
        if generation != self._generation:
            return  # an older filter's count
        self._counting = False
        self._total = int(total)
        self.count_changed.emit(self._total)
        self.loading_changed.emit(self.is_loading)

    @Slot(object)
    def on_page_done(self, result: object) -> None:
        assert isinstance(result, _PageResult)
        if result.generation != self._generation:
            return  # an older filter's rows
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
            self._complete = True  # do not hammer a failing database from canFetchMore
        self.loading_changed.emit(self.is_loading)
        self.failed.emit(exc)


TIMELINE_HEADERS = ("Zaman", "İşlem", "Kullanıcı", "Durum", "Ayrıntı")


def status_text(old: str | None, new: str | None) -> str:
    """ "Yönlendirildi → Çözüldü" for a status change on the timeline ("" when none)."""
    if not new:
        return ""
    if old:
        return f"{tr(status_label(old))} → {tr(status_label(new))}"
    return tr(status_label(new))


def event_detail(event: RequestEventView) -> str:
    """What an event says besides its kind: the directorate, how the citizen was told, the text."""
    parts: list[str] = []
    if event.kind == EVENT_FORWARDED and event.directorate_name:
        parts.append(tr("Müdürlük: {0}").format(event.directorate_name))
    if event.informed_via:
        via = INFORMED_VIA_LABELS.get(event.informed_via, event.informed_via)
        parts.append(tr("Yol: {0}").format(tr(via)))
    if event.text:
        parts.append(event.text)
    return " — ".join(parts)


class RequestTimelineTableModel(QAbstractTableModel):
    """The events of one request in order (a request has tens of events, never pages of them)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._events: tuple[RequestEventView, ...] = ()

    def set_events(self, events: tuple[RequestEventView, ...]) -> None:
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
                return status_text(event.old_status, event.new_status)
            return event_detail(event)
        return None

"""A table model of rows fetched page by page on demand (keyset paging) off the GUI thread, the
total counted in the background.

A new filter starts a new *generation*; results that arrive for an older generation are dropped,
so a slow count of the previous filter can never overwrite the current one.

Subclasses say how to fetch a page after a key, how to count, what a row's key and id are, and
what a cell shows (``_fetch_page``, ``_count_rows``, ``_key_of``, ``_row_id``, ``_role_data``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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

from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.rows_table_model import ID_ROLE as ID_ROLE
from desk_app.ui.rows_table_model import ROW_ROLE as ROW_ROLE
from desk_app.ui.tasks import BackgroundTask, ProgressFn

PAGE_SIZE = 100
# A refresh reloads at most this many rows (the rest is fetched again when scrolled to).
REFRESH_LIMIT = 1000


RowT = TypeVar("RowT")
FilterT = TypeVar("FilterT")
KeyT = TypeVar("KeyT")


@dataclass(frozen=True)
class PageResult(Generic[RowT]):
    generation: int
    rows: list[RowT]
    replace: bool  # a refresh: the rows replace the loaded ones
    complete: bool  # fewer rows than asked: nothing more to fetch


class PagedTableModel(QAbstractTableModel, Generic[RowT, FilterT, KeyT]):
    """Rows matching the current filter, ``_page_size()`` rows at a time.

    Signals: ``count_changed(total)`` when the background count arrives, ``page_loaded(n)``
    after rows were appended, ``refreshed()`` after a refresh replaced the rows, ``failed(exc)``
    when a load failed, ``loading_changed(bool)``.
    """

    count_changed = Signal(int)
    page_loaded = Signal(int)
    refreshed = Signal()
    failed = Signal(object)
    loading_changed = Signal(bool)

    headers: tuple[str, ...] = ()  # untranslated column titles

    def __init__(self, ctx: AppContext, row_filter: FilterT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._filter = row_filter
        self._rows: list[RowT] = []
        self._generation = 0
        self._complete = True  # nothing loaded yet; reload() opens the model
        self._fetching = False
        self._counting = False
        self._total: int | None = None
        self._tasks: set[BackgroundTask] = set()

    # --- hooks --------------------------------------------------------------------------------
    def _page_size(self) -> int:
        return PAGE_SIZE

    def _refresh_limit(self) -> int:
        return REFRESH_LIMIT

    def _fetch_page(
        self, ctx: AppContext, row_filter: FilterT, after: KeyT | None, limit: int
    ) -> Sequence[RowT]:
        """At most ``limit`` rows after the key ``after`` (runs off the GUI thread)."""
        raise NotImplementedError

    def _count_rows(self, ctx: AppContext, row_filter: FilterT) -> int:
        """How many rows match ``row_filter`` (runs off the GUI thread)."""
        raise NotImplementedError

    def _key_of(self, row: RowT) -> KeyT:
        """The paging key of ``row``: the next page starts after it."""
        raise NotImplementedError

    def _row_id(self, row: RowT) -> int:
        raise NotImplementedError

    def _role_data(self, row: RowT, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role`` (any role but ROW_ROLE / ID_ROLE)."""
        raise NotImplementedError

    # --- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(self.headers[section])
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return self._row_id(row)
        return self._role_data(row, index.column(), role)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete and not self._fetching

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        after = self._key_of(self._rows[-1]) if self._rows else None
        self._load(after, self._page_size(), replace=False)

    # --- public -------------------------------------------------------------------------------
    @property
    def total(self) -> int | None:
        """The count for the current filter; None while it is being counted."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._fetching or self._counting

    @property
    def is_complete(self) -> bool:
        return self._complete

    @property
    def generation(self) -> int:
        return self._generation

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: int) -> int:
        """The row showing the row with id ``row_id``; -1 when it is not loaded."""
        for i, r in enumerate(self._rows):
            if self._row_id(r) == row_id:
                return i
        return -1

    def set_filter(self, row_filter: FilterT) -> None:
        self._filter = row_filter
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
        self._load(None, self._page_size(), replace=False)

    def refresh(self) -> None:
        """Load again what is on screen (another desk changed something); the rows are replaced
        in one go when the fresh ones arrive, the count is taken again."""
        if self._fetching:
            # A page of the current generation is on its way; start over for a clean picture.
            self._generation += 1
        page_size = self._page_size()
        wanted = min(max(len(self._rows), page_size), self._refresh_limit())
        self._count()
        self._load(None, wanted, replace=True)

    # --- background work ----------------------------------------------------------------------
    def _start(
        self, fn: Callable[[ProgressFn], Any], done: Callable[[object], None], what: str
    ) -> None:
        task = BackgroundTask(fn)  # no parent: it outlives nothing but itself
        self._tasks.add(task)
        generation = self._generation

        def finished(result: object) -> None:
            self._tasks.discard(task)
            if shiboken6.isValid(self):  # the page may have closed meanwhile
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
        ctx, f = self.ctx, self._filter
        count_rows = self._count_rows
        self._counting = True
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> tuple[int, int]:
            return generation, count_rows(ctx, f)

        self._start(work, self.on_count_done, "count")

    def _load(self, after: KeyT | None, wanted: int, *, replace: bool) -> None:
        generation = self._generation
        ctx, f = self.ctx, self._filter
        fetch_page, key_of = self._fetch_page, self._key_of
        page_size = self._page_size()
        self._fetching = True
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> PageResult[RowT]:
            rows: list[RowT] = []
            cursor = after
            while len(rows) < wanted:
                ask = min(wanted - len(rows), page_size)
                page = fetch_page(ctx, f, cursor, ask)
                rows.extend(page)
                if len(page) < ask:
                    return PageResult(generation, rows, replace, complete=True)
                cursor = key_of(page[-1])
            return PageResult(generation, rows, replace, complete=False)

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
        assert isinstance(result, PageResult)
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

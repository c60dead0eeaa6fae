"""A table model that is a window over a long query: every matching row has a place in the
table, but only the pages looked at are kept, loaded off the GUI thread on demand.

Until the background count arrives the table holds the rows loaded so far and grows page by page
(``canFetchMore``/``fetchMore``, keyset paging). Once counted, ``rowCount()`` is the total: the
scroll bar spans the whole list and Ctrl+End or dragging to the bottom is one page load away.
Pages sit in a small cache (``MAX_PAGES``, least recently used dropped first); a cell whose page
is not there shows ``PLACEHOLDER`` and asks for its page. The requests of one paint are
coalesced, the most recent first, and each batch runs as one background task. A page is read by
keyset next to a cached neighbour (fast), from the old end of the list when that is nearer (the
last page is then as fast as the first), otherwise by offset (the middle of a long list).

A new filter starts a new *generation*; results that arrive for an older generation are dropped,
so a slow count of the previous filter can never overwrite the current one.

A filter whose rows are slow to skip by offset (no index holds its condition) may count with
checkpoints, the key of the last row of every page (``_count_marked``): once counted, a page
anywhere in the list is then read after its checkpoint, as fast as the next page.

Subclasses say how to fetch a page after or before a key and at an offset, how to count, what a
row's key and id are, and what a cell shows (``_fetch_page``, ``_fetch_page_before``,
``_fetch_page_at``, ``_count_rows``, ``_key_of``, ``_row_id``, ``_role_data``; optionally
``_count_marked``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)

from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import ID_ROLE as ID_ROLE
from desk_app.ui.kit.rows_table_model import ROW_ROLE as ROW_ROLE
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn

PAGE_SIZE = 100
# A refresh reloads at most this many rows (the pages looked at last); the rest is fetched again
# when scrolled to.
REFRESH_LIMIT = 1000
MAX_PAGES = 50  # pages kept in memory; the least recently used one goes first
MAX_PENDING = 8  # page requests kept waiting; older ones were scrolled past
BATCH_PAGES = 4  # pages read by one background task
CHEAP_BATCHES = 2  # batches of cheap pages running at once (one batch read by offset)
CHEAP_ROWS = 2000  # a page this near either end (or next to a cached one) is read at once
PLACEHOLDER = "…"  # what a row shows until its page arrives
# A list runs up to five tasks at once: its count, a batch read by offset, two cheap batches
# (the last page, pages next to the screen) and a refresh or an appended page. They mostly wait
# on the database, so the shared pool gets a thread for each: with one thread per core (two on
# a desk PC) the last page would queue behind a count of several seconds and a read by offset.
LIST_THREADS = 5

RowT = TypeVar("RowT")
FilterT = TypeVar("FilterT")
KeyT = TypeVar("KeyT")

KIND_APPEND = "append"  # the next page while the total is unknown: the table grows
KIND_WINDOW = "window"  # pages of a counted list: rows already there get their data
KIND_REFRESH = "refresh"  # the count and the pages looked at, read again: replace everything


@dataclass(frozen=True)
class PageResult(Generic[RowT]):
    generation: int
    kind: str
    pages: dict[int, list[RowT]]
    total: int | None = None  # a refresh counts again
    token: object = field(default=None, compare=False)
    marks: Sequence[Any] = ()  # a refresh's checkpoints (see ``PagedTableModel._count_marked``)


@dataclass(frozen=True)
class PageFetchers(Generic[RowT, KeyT]):
    """How a worker reads pages (plain callables over a context and filter bound in)."""

    after: Callable[[KeyT | None, int], Sequence[RowT]]
    before: Callable[[KeyT, int], Sequence[RowT]]
    at: Callable[[int, int, bool], Sequence[RowT]]  # (offset, limit, from_end)
    key_of: Callable[[RowT], KeyT]


def fetch_pages(
    fetchers: PageFetchers[RowT, KeyT],
    pages: Sequence[int],
    page_size: int,
    total: int | None,
    after_keys: dict[int, KeyT],
    before_keys: dict[int, KeyT],
    marks: Sequence[KeyT] = (),
) -> dict[int, list[RowT]]:
    """Read ``pages`` (page indexes), cheapest way first: after the last key of the page above
    (cached: ``after_keys[p]``, or read just before), before the first key of the page below
    (``before_keys[p]``), after the checkpoint ``marks[p - 1]`` (the key of the last row of the
    page above, from the count), from the old end when the total is known and that end is
    nearer, else by offset. Runs off the GUI thread."""
    got: dict[int, list[RowT]] = {}
    for p in sorted(set(pages)):
        start = p * page_size
        if total is not None and start >= total:
            continue
        above = got.get(p - 1)
        if above is not None and len(above) == page_size:
            rows = fetchers.after(fetchers.key_of(above[-1]), page_size)
        elif p in after_keys:
            rows = fetchers.after(after_keys[p], page_size)
        elif p in before_keys:
            rows = fetchers.before(before_keys[p], page_size)
        elif p == 0:
            rows = fetchers.after(None, page_size)
        elif p <= len(marks):
            rows = fetchers.after(marks[p - 1], page_size)
        elif total is not None and total - start - page_size < start:
            end = min(start + page_size, total)
            rows = fetchers.at(total - end, end - start, True)
        else:
            rows = fetchers.at(start, page_size, False)
        got[p] = list(rows)
    return got


def _screen(pages: Sequence[int]) -> list[int]:
    """The first of ``pages`` (the one asked for last) and those next to it, ``BATCH_PAGES``
    at most."""
    chosen = [pages[0]]
    for p in pages[1:]:
        if len(chosen) < BATCH_PAGES and (p - 1 in chosen or p + 1 in chosen):
            chosen.append(p)
    return chosen


class PagedTableModel(QAbstractTableModel, Generic[RowT, FilterT, KeyT]):
    """Rows matching the current filter, a window of ``_page_size()``-row pages over them.

    Signals: ``count_changed(total)`` when the background count arrives, ``page_loaded(n)``
    after pages of ``n`` rows arrived (appended, filled in or replaced), ``refreshed()`` after a
    refresh replaced the rows, ``failed(exc)`` when a load failed, ``loading_changed(bool)``.
    """

    count_changed = Signal(int)
    page_loaded = Signal(int)
    refreshed = Signal()
    failed = Signal(object)
    loading_changed = Signal(bool)

    headers: tuple[str, ...] = ()  # untranslated column titles
    max_pages = MAX_PAGES

    def __init__(self, ctx: AppContext, row_filter: FilterT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._filter = row_filter
        self._pages: OrderedDict[int, list[RowT]] = OrderedDict()  # least recently used first
        self._row_count = 0
        self._ps = PAGE_SIZE  # the page size of this generation
        self._generation = 0
        self._complete = True  # nothing loaded yet; reload() opens the model
        self._fetching = False  # an appended page is on its way
        self._counting = False
        self._refreshing = False
        self._window_failed = False  # do not ask a failing database again on every paint
        self._total: int | None = None
        self._marks: Sequence[KeyT] = ()  # checkpoints of the count: see _count_marked
        self._pending: OrderedDict[int, None] = OrderedDict()  # pages asked for, oldest first
        self._in_flight: set[int] = set()
        # Window loads on their way: token -> (slow, pages). At most one slow batch (pages read
        # by offset deep in the list) and one cheap batch run at a time, so a page read by
        # offset never holds up the last page.
        self._batches: dict[object, tuple[bool, list[int]]] = {}
        self._tasks: set[BackgroundTask] = set()
        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setInterval(0)
        self._batch_timer.timeout.connect(self.on_batch_timeout)

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

    def _fetch_page_before(
        self, ctx: AppContext, row_filter: FilterT, before: KeyT, limit: int
    ) -> Sequence[RowT]:
        """The ``limit`` rows just above the key ``before``, in list order (off the GUI thread)."""
        raise NotImplementedError

    def _fetch_page_at(
        self, ctx: AppContext, row_filter: FilterT, offset: int, limit: int, from_end: bool
    ) -> Sequence[RowT]:
        """At most ``limit`` rows in list order after skipping ``offset`` rows from the top, or
        with ``from_end`` the rows above the ``offset`` last ones (off the GUI thread)."""
        raise NotImplementedError

    def _count_rows(self, ctx: AppContext, row_filter: FilterT) -> int:
        """How many rows match ``row_filter`` (runs off the GUI thread)."""
        raise NotImplementedError

    def _count_marked(
        self, ctx: AppContext, row_filter: FilterT, every: int
    ) -> tuple[int, Sequence[KeyT]]:
        """The count and, for a filter whose rows are slow to skip by offset, checkpoints: the
        key of the last row of every page (``marks[p]``: page ``p + 1`` is read after it), so a
        page anywhere in the list is a keyset read. By default no checkpoints (off the GUI
        thread)."""
        return self._count_rows(ctx, row_filter), ()

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
        return 0 if parent.isValid() else self._row_count

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
        if not index.isValid() or not 0 <= index.row() < self._row_count:
            return None
        row = self._cached(index.row(), touch=True)
        if row is None:
            self._want_page(index.row() // self._ps)
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return PLACEHOLDER
            return None
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
        self._append(self._row_count // self._ps)

    # --- public -------------------------------------------------------------------------------
    @property
    def total(self) -> int | None:
        """The count for the current filter; None while it is being counted."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return (
            self._fetching
            or self._counting
            or self._refreshing
            or bool(self._batches)
            or bool(self._pending)
        )

    @property
    def is_complete(self) -> bool:
        """Every matching row has its place in the table (counted, or the last page arrived)."""
        return self._complete

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def cached_pages(self) -> list[int]:
        """The page indexes held in memory, least recently used first."""
        return list(self._pages)

    def row_at(self, row: int) -> RowT | None:
        """The row at ``row`` when its page is loaded (None otherwise; nothing is fetched)."""
        return self._cached(row, touch=False) if 0 <= row < self._row_count else None

    def row_of(self, row_id: int) -> int:
        """The row showing the row with id ``row_id``; -1 when it is not loaded."""
        for page, rows in self._pages.items():
            for i, r in enumerate(rows):
                if self._row_id(r) == row_id:
                    return page * self._ps + i
        return -1

    def load_rows(self, first: int, last: int) -> None:
        """Ask for the pages of rows ``first``..``last`` (those on screen) unless loaded."""
        first, last = max(0, first), min(last, self._row_count - 1)
        for page in range(first // self._ps, last // self._ps + 1 if last >= first else 0):
            if page not in self._pages:
                self._want_page(page)

    def set_filter(self, row_filter: FilterT) -> None:
        self._filter = row_filter
        self.reload()

    def reload(self) -> None:
        """Forget the rows, count again and fetch the first page (a new generation)."""
        self._generation += 1
        self.beginResetModel()
        self._ps = max(1, self._page_size())
        self._pages.clear()
        self._row_count = 0
        self._complete = False
        self._fetching = False
        self._refreshing = False
        self._window_failed = False
        self._total = None
        self._marks = ()
        self._forget_requests()
        self.endResetModel()
        self._append(0)  # first: the first screen matters more than the count
        self._count()

    def refresh(self) -> None:
        """Load again what is on screen (another desk changed something): the count and the
        pages looked at last, in one go; the rows are replaced when the fresh ones arrive."""
        self._generation += 1  # whatever is on its way describes the old picture
        self._forget_requests()
        self._fetching = False
        self._counting = True
        self._refreshing = True
        wanted = max(1, self._refresh_limit() // self._ps)
        pages = sorted(list(reversed(self._pages))[:wanted]) or [0]
        generation, ps = self._generation, self._ps
        count_marked, ctx, f = self._count_marked, self.ctx, self._filter
        fetchers = self._fetchers()
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> PageResult[RowT]:
            total, marks = count_marked(ctx, f, ps)
            got = fetch_pages(fetchers, pages, ps, total, {}, {}, marks)
            return PageResult(generation, KIND_REFRESH, got, total, marks=tuple(marks))

        self._start(work, self.on_page_done, "refresh")

    # --- the page cache -----------------------------------------------------------------------
    def _cached(self, row: int, *, touch: bool) -> RowT | None:
        page, offset = divmod(row, self._ps)
        rows = self._pages.get(page)
        if rows is None or offset >= len(rows):
            return None
        if touch:
            self._pages.move_to_end(page)
        return rows[offset]

    def _store(self, page: int, rows: list[RowT]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)

    def _forget_requests(self) -> None:
        self._pending.clear()
        self._in_flight.clear()
        self._batches.clear()
        self._batch_timer.stop()

    def _want_page(self, page: int) -> None:
        if self._refreshing or self._window_failed or page in self._in_flight:
            return
        if page in self._pending:
            self._pending.move_to_end(page)
        else:
            self._pending[page] = None
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)  # scrolled past long ago
        if not self._batch_timer.isActive():
            self._batch_timer.start()

    def _fetchers(self) -> PageFetchers[RowT, KeyT]:
        ctx, f = self.ctx, self._filter
        after, before, at = self._fetch_page, self._fetch_page_before, self._fetch_page_at
        return PageFetchers(
            after=lambda key, limit: after(ctx, f, key, limit),
            before=lambda key, limit: before(ctx, f, key, limit),
            at=lambda offset, limit, from_end: at(ctx, f, offset, limit, from_end),
            key_of=self._key_of,
        )

    def _neighbour_keys(self, pages: Sequence[int]) -> tuple[dict[int, KeyT], dict[int, KeyT]]:
        after: dict[int, KeyT] = {}
        before: dict[int, KeyT] = {}
        for p in pages:
            above = self._pages.get(p - 1)
            below = self._pages.get(p + 1)
            if above is not None and len(above) == self._ps:
                after[p] = self._key_of(above[-1])
            elif below:
                before[p] = self._key_of(below[0])
        return after, before

    def _is_cheap(self, page: int) -> bool:
        """Whether ``page`` is read without skipping over many rows."""
        start = page * self._ps
        if start <= CHEAP_ROWS or self._pages.get(page - 1) or self._pages.get(page + 1):
            return True
        if page <= len(self._marks):
            return True  # read after its checkpoint
        return self._total is not None and self._total - start - self._ps <= CHEAP_ROWS

    @Slot()
    def on_batch_timeout(self) -> None:
        """Start reading the pages asked for last: the cheap ones in one batch, the slow ones
        (by offset) in another, each kind one batch at a time."""
        if self._refreshing:
            return
        wanted = [p for p in reversed(self._pending) if p not in self._pages]
        wanted = [p for p in wanted if p not in self._in_flight]
        running = [slow for slow, _pages in self._batches.values()]
        cheap = [p for p in wanted if self._is_cheap(p)]
        slow = [p for p in wanted if p not in cheap]
        # A batch reads the page asked for last and its neighbours (one screen). Two cheap
        # batches may run at once, so the screen the scroll bar was dropped on does not wait
        # for the one it was dragged across; cheap pages left over wait for their turn, slow
        # ones were scrolled past.
        cheap_running = running.count(False)
        while cheap and cheap_running < CHEAP_BATCHES:
            chosen = _screen(cheap)
            self._start_batch(chosen, slow=False)
            cheap = [p for p in cheap if p not in chosen]
            cheap_running += 1
        if slow and True not in running:
            self._start_batch(_screen(slow), slow=True)
            slow = []
        self._pending = OrderedDict((p, None) for p in reversed(cheap + slow))
        self.loading_changed.emit(self.is_loading)

    def _start_batch(self, pages: list[int], *, slow: bool) -> None:
        self._in_flight.update(pages)
        token = object()
        self._batches[token] = (slow, pages)
        generation, ps, total, marks = self._generation, self._ps, self._total, self._marks
        after, before = self._neighbour_keys(pages)
        fetchers = self._fetchers()

        def work(_progress: ProgressFn) -> PageResult[RowT]:
            got = fetch_pages(fetchers, pages, ps, total, after, before, marks)
            return PageResult(generation, KIND_WINDOW, got, token=token)

        self._start(work, self.on_page_done, "window")

    # --- background work ----------------------------------------------------------------------
    def _start(
        self, fn: Callable[[ProgressFn], Any], done: Callable[[object], None], what: str
    ) -> None:
        pool = QThreadPool.globalInstance()
        if pool.maxThreadCount() < LIST_THREADS:
            pool.setMaxThreadCount(LIST_THREADS)
        task = BackgroundTask(fn, pool=pool)  # no parent: it outlives nothing but itself
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
        generation, ps = self._generation, self._ps
        ctx, f = self.ctx, self._filter
        count_marked = self._count_marked
        self._counting = True
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> tuple[int, int, tuple[KeyT, ...]]:
            total, marks = count_marked(ctx, f, ps)
            return generation, total, tuple(marks)

        self._start(work, self.on_count_done, "count")

    def _append(self, page: int) -> None:
        """Fetch page ``page`` to grow the table (the total is not known yet)."""
        generation, ps = self._generation, self._ps
        after, _before = self._neighbour_keys([page])
        fetchers = self._fetchers()
        self._fetching = True
        self._in_flight.add(page)
        self.loading_changed.emit(True)

        def work(_progress: ProgressFn) -> PageResult[RowT]:
            got = fetch_pages(fetchers, [page], ps, None, after, {})
            return PageResult(generation, KIND_APPEND, got)

        self._start(work, self.on_page_done, "page")

    @Slot(object)
    def on_count_done(self, result: object) -> None:
        assert isinstance(result, tuple)
        generation: int = result[0]
        total: int = result[1]
        if generation != self._generation:
            return  # an older filter's count
        self._counting = False
        self._marks = result[2]
        self._total = int(total)
        self._complete = True
        self._resize(self._total)
        self.count_changed.emit(self._total)
        self.loading_changed.emit(self.is_loading)

    def _resize(self, rows: int) -> None:
        """Make room for ``rows`` rows (the count arrived, or the last page did)."""
        if rows > self._row_count:
            self.beginInsertRows(QModelIndex(), self._row_count, rows - 1)
            self._row_count = rows
            self.endInsertRows()
        elif rows < self._row_count:
            self.beginRemoveRows(QModelIndex(), rows, self._row_count - 1)
            self._row_count = rows
            for page in [p for p in self._pages if p * self._ps >= rows]:
                del self._pages[page]
            self.endRemoveRows()

    @Slot(object)
    def on_page_done(self, result: object) -> None:
        assert isinstance(result, PageResult)
        if result.generation != self._generation:
            return  # an older filter's rows
        n = sum(len(rows) for rows in result.pages.values())
        if result.kind == KIND_REFRESH:
            self._on_refresh_done(result)
        elif result.kind == KIND_APPEND:
            self._fetching = False
            self._on_pages(result.pages, grow=self._total is None)
        else:
            batch = self._batches.pop(result.token, None)
            if batch is None:
                return
            self._in_flight.difference_update(batch[1])
            self._on_pages(result.pages, grow=False)
        self.page_loaded.emit(n)
        self.loading_changed.emit(self.is_loading)
        if self._pending:
            self._batch_timer.start()

    def _on_pages(self, pages: dict[int, list[RowT]], *, grow: bool) -> None:
        for page, rows in sorted(pages.items()):
            self._in_flight.discard(page)
            self._store(page, rows)
            first = page * self._ps
            if grow:
                if len(rows) < self._ps:
                    self._complete = True  # the last page: nothing more to fetch
                self._resize(max(self._row_count, first + len(rows)))
            last = min(first + len(rows), self._row_count) - 1
            if last >= first:
                self.dataChanged.emit(
                    self.index(first, 0), self.index(last, max(0, len(self.headers) - 1))
                )

    def _on_refresh_done(self, result: PageResult[RowT]) -> None:
        self._refreshing = False
        self._counting = False
        total = result.total or 0
        self.beginResetModel()
        self._pages.clear()
        for page, rows in sorted(result.pages.items()):
            self._store(page, rows)
        self._total = total
        self._marks = tuple(result.marks)
        self._row_count = total
        self._complete = True
        self.endResetModel()
        self.count_changed.emit(total)
        self.refreshed.emit()

    def _on_failed(self, what: str, exc: object) -> None:
        if what == "count":
            self._counting = False
        elif what == "refresh":
            self._refreshing = False
            self._counting = False
        elif what == "window":
            self._forget_requests()
            self._window_failed = True
        else:
            self._fetching = False
            self._in_flight.clear()
            self._complete = True  # do not hammer a failing database from canFetchMore
        self.loading_changed.emit(self.is_loading)
        self.failed.emit(exc)

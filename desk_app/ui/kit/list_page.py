"""What the list pages (Ön Masa, Başvurular) share: a paged table model behind a table view,
filters applied after a short delay, the count label, opening the selected row in a detail
window (one per row), refreshing while keeping the selection, saving the column widths, and a
poll timer running while the page is visible.

Subclasses say which model (``create_model``), how a row id opens (``open_row``), what the
labels read (``count_text``, ``load_failed_text``) and, optionally, a change marker read off the
GUI thread (``change_marker_source``): with one, a tick refreshes only when another desk wrote;
without, every tick loads the rows on screen again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from desk_app.db import Database
from desk_app.domain.errors import DomainError
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.page import BasePage
from desk_app.ui.kit.paged_table_model import PagedTableModel
from desk_app.ui.kit.rows_table_model import ID_ROLE
from desk_app.ui.kit.state import restore_header_state, save_header_state
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn, run_op
from desk_app.ui.kit.widgets import error_label, show_error

TEXT_DELAY_MS = 300

ModelT = TypeVar("ModelT", bound="PagedTableModel[Any, Any, Any]")
DialogT = TypeVar("DialogT", bound=QDialog)


def raise_if_showing(window: QWidget | None) -> bool:
    """Bring ``window`` to the front when it is still open; False when there is none."""
    if window is None or not shiboken6.isValid(window) or not window.isVisible():
        return False
    window.raise_()
    window.activateWindow()
    return True


class ListPage(BasePage, Generic[ModelT, DialogT]):
    header_key = ""  # where the column widths are saved
    poll_ms = 5000
    text_delay_ms = TEXT_DELAY_MS
    keep_scroll_on_refresh = False  # restore the scroll position and show the reselected row

    marker_polled = Signal(object)  # the change marker after each poll (with a marker source)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model: ModelT = self.create_model()
        self.detail_dialogs: list[DialogT] = []
        self._loaded = False
        self._marker: object | None = None
        self._poll_task: BackgroundTask | None = None
        self._select_after_load: int | None = None
        self._keep_scroll = 0
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.error = error_label(self, "page_error")

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.model.count_changed.connect(self.on_count_changed)
        self.model.loading_changed.connect(self.on_loading_changed)
        self.model.refreshed.connect(self.on_model_refreshed)
        self.model.page_loaded.connect(self.on_page_loaded)
        self.model.failed.connect(self.on_model_failed)

        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("poll_timer")
        self.poll_timer.setInterval(self.poll_ms)
        self.poll_timer.timeout.connect(self.on_poll_timeout)

    # --- hooks --------------------------------------------------------------------------------
    def create_model(self) -> ModelT:
        raise NotImplementedError

    def current_filter(self) -> object:
        """The filter the widgets on screen describe."""
        raise NotImplementedError

    def shown_filter(self) -> object:
        """The filter the model lists now."""
        raise NotImplementedError

    def open_row(self, row_id: int) -> DialogT | None:
        raise NotImplementedError

    def detail_row_id(self, dialog: DialogT) -> int:
        raise NotImplementedError

    def count_text(self, total: int) -> str:
        raise NotImplementedError

    def load_failed_text(self, message: str) -> str:
        raise NotImplementedError

    def change_marker_source(self) -> Callable[[Database], object] | None:
        """What tells, off the GUI thread, whether any desk wrote (None: refresh every tick)."""
        return None

    def reload_detail(self, dialog: DialogT) -> None:
        """An open detail window, after another desk wrote."""

    @Slot()
    def on_new_clicked(self) -> None:
        raise NotImplementedError

    # --- construction helpers -----------------------------------------------------------------
    def _build_buttons(
        self, new_text: str, new_name: str, new_action_text: str, open_name: str
    ) -> None:
        """``new_button`` (Ctrl+N, also as ``new_action``) and ``open_button`` (Enter)."""
        self.new_button = QPushButton(new_text)
        self.new_button.setObjectName(new_name)
        self.new_button.setStyleSheet(
            f"QPushButton#{new_name} {{ background: {palette.ACCENT}; color: white;"
            " font-weight: 600; padding: 5px 14px; border-radius: 4px; }"
        )
        self.new_button.clicked.connect(self.on_new_clicked)
        self.open_button = QPushButton(tr("Aç (Enter)"))
        self.open_button.setObjectName(open_name)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.on_open_clicked)
        self.new_action = QAction(new_action_text, self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.on_new_clicked)
        self.addAction(self.new_action)

    def _build_table(
        self,
        object_name: str,
        column_widths: dict[int, int],
        stretch_column: int,
        *,
        alternating: bool,
    ) -> QTableView:
        """``table``: one selected row at a time, the saved column widths, Enter opens."""
        self.table = QTableView()
        self.table.setObjectName(object_name)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(alternating)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        header.setMinimumSectionSize(50)
        for column, width in column_widths.items():
            header.resizeSection(column, width)
        restore_header_state(header, self.header_key)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        self._save_header_timer = QTimer(self)
        self._save_header_timer.setSingleShot(True)
        self._save_header_timer.setInterval(500)
        self._save_header_timer.timeout.connect(self.on_save_header_timeout)
        header.sectionResized.connect(lambda *_a: self._save_header_timer.start())
        self.table.activated.connect(self.on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        return self.table

    # --- filters ------------------------------------------------------------------------------
    @Slot()
    def apply_filters(self) -> None:
        """Load the list for the filters on screen (a no-op when they did not change)."""
        self._filter_timer.stop()
        wanted = self.current_filter()
        if self._loaded and wanted == self.shown_filter():
            return
        self._loaded = True
        self._take_marker()
        show_error(self.error, "")
        self.model.set_filter(wanted)

    @Slot()
    def on_filter_changed(self) -> None:
        self._filter_timer.start(0)

    @Slot()
    def on_text_changed(self) -> None:
        self._filter_timer.start(self.text_delay_ms)

    # --- model feedback -----------------------------------------------------------------------
    @Slot(int)
    def on_count_changed(self, total: int) -> None:
        self.count_label.setText(self.count_text(total))

    @Slot(bool)
    def on_loading_changed(self, loading: bool) -> None:
        if loading and self.model.total is None:
            self.count_label.setText(tr("Sayılıyor…"))

    @Slot(int)
    def on_page_loaded(self, _n: int) -> None:
        if self._select_after_load is not None and self.select_row_id(self._select_after_load):
            self._select_after_load = None

    @Slot()
    def on_model_refreshed(self) -> None:
        if self.keep_scroll_on_refresh:
            self.table.verticalScrollBar().setValue(self._keep_scroll)
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None:  # gone from the list: nothing selected
            self.select_row_id(wanted, scroll=self.keep_scroll_on_refresh)

    @Slot(object)
    def on_model_failed(self, exc: object) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, self.load_failed_text(message))

    # --- selection and opening ----------------------------------------------------------------
    def selected_row_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        value = self.model.data(index, ID_ROLE)
        return int(value) if value is not None else None

    def select_row_id(self, row_id: int, *, scroll: bool = False) -> bool:
        row = self.model.row_of(row_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        if scroll:
            self.table.scrollTo(self.model.index(row, 0))
        return True

    @Slot(QModelIndex, QModelIndex)
    def on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.open_button.setEnabled(current.isValid())

    @Slot(QModelIndex)
    def on_table_activated(self, index: QModelIndex) -> None:
        value = self.model.data(index, ID_ROLE)
        if value is not None:
            self.open_row(int(value))

    @Slot()
    def on_open_clicked(self) -> None:
        row_id = self.selected_row_id()
        if row_id is not None:
            self.open_row(row_id)

    def _raise_detail(self, row_id: int) -> DialogT | None:
        """The row's open detail window, brought to the front; None when it is not open."""
        for dialog in self.detail_dialogs:
            if shiboken6.isValid(dialog) and self.detail_row_id(dialog) == row_id:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        return None

    def _track_detail(self, dialog: DialogT) -> None:
        """Show a new detail window; it is forgotten (and deleted) when closed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self.on_detail_finished)
        self.detail_dialogs.append(dialog)
        dialog.show()

    @Slot(object)
    def on_detail_changed(self, _detail: object) -> None:
        self.refresh_data()

    @Slot(int)
    def on_detail_finished(self, _result: int) -> None:
        dialog = self.sender()
        self.detail_dialogs = [
            d for d in self.detail_dialogs if d is not dialog and shiboken6.isValid(d)
        ]

    # --- refreshing ---------------------------------------------------------------------------
    def refresh_data(self) -> None:
        """Load again what is on screen, keeping the selected row selected."""
        if not self._loaded:
            self.apply_filters()
            return
        if self._select_after_load is None:
            self._select_after_load = self.selected_row_id()
        self._keep_scroll = self.table.verticalScrollBar().value()
        self._take_marker()
        self.model.refresh()

    def _take_marker(self) -> None:
        source = self.change_marker_source()
        if source is None:
            return
        db = self.ctx.db
        self._marker = None  # until the new one arrives, a poll adopts what it reads
        run_op(
            self,
            lambda: source(db),
            self._set_marker,
            on_failed=lambda _exc: None,
            busy=(),
            latest_only="marker",
        )

    def _set_marker(self, marker: object) -> None:
        self._marker = marker

    @Slot()
    def on_poll_timeout(self) -> None:
        """With a marker source: ask, off the GUI thread, whether any desk wrote; without one:
        load the rows on screen again."""
        source = self.change_marker_source()
        if source is None:
            if self._loaded and not self.model.is_loading:
                self.refresh_data()
            return
        if self._poll_task is not None and not self._poll_task.is_done:
            return
        db = self.ctx.db

        def work(_progress: ProgressFn) -> object:
            return source(db)

        task = BackgroundTask(work)
        task.finished.connect(self.on_marker_polled)
        self._poll_task = task
        task.start()

    @Slot(object)
    def on_marker_polled(self, marker: object) -> None:
        changed = self._marker is not None and marker != self._marker
        if self._marker is None:
            self._marker = marker
        if changed and self._loaded:
            self.refresh_data()
            for dialog in list(self.detail_dialogs):
                if shiboken6.isValid(dialog):
                    self.reload_detail(dialog)
        self.marker_polled.emit(marker)

    # --- page life ----------------------------------------------------------------------------
    def on_activated(self) -> None:
        if not self._loaded:
            self.apply_filters()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.apply_filters()
        if not self.poll_timer.isActive():
            self.poll_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.poll_timer.stop()
        save_header_state(self.table.horizontalHeader(), self.header_key)
        super().hideEvent(event)

    @Slot()
    def on_save_header_timeout(self) -> None:
        save_header_state(self.table.horizontalHeader(), self.header_key)

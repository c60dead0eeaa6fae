"""The front desk page (Ön Masa): the request list with its filters, "Yeni talep" and "Aç".

The list is a ``RequestTableModel`` (pages fetched as the view scrolls, the total counted in the
background). Every ``POLL_MS`` the page asks ``change_marker`` (off the GUI thread) whether any
desk wrote a request or an event; when it did, the rows on screen are loaded again and the
selection kept, and open request windows refresh themselves.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services import requests as requests_service
from desk_app.services.requests import RequestDetail, RequestFilter
from desk_app.ui import dialogs
from desk_app.ui.context import AppContext
from desk_app.ui.i18n import tr
from desk_app.ui.pages.base import BasePage
from desk_app.ui.request_detail_dialog import RequestDetailDialog
from desk_app.ui.request_filter_bar import RequestFilterBar
from desk_app.ui.request_form_dialog import RequestFormDialog
from desk_app.ui.request_table_model import (
    COL_CATEGORY,
    COL_CHANNEL,
    COL_CITIZEN,
    COL_CREATED,
    COL_DIRECTORATE,
    COL_DUE,
    COL_REFERENCE,
    COL_STATUS,
    COL_SUBJECT,
    ID_ROLE,
    INFORM_LATE_BACKGROUND,
    OVERDUE_BACKGROUND,
    RequestTableModel,
    format_count,
)
from desk_app.ui.tasks import BackgroundTask, ProgressFn
from desk_app.ui.ui_state import restore_header_state, save_header_state
from desk_app.ui.widgets import error_label, hint_label, show_error

POLL_MS = 5000
TEXT_DELAY_MS = 300
HEADER_KEY = "requests"
COLUMN_WIDTHS = {
    COL_REFERENCE: 130,
    COL_CREATED: 130,
    COL_CITIZEN: 140,
    COL_CHANNEL: 135,
    COL_CATEGORY: 165,
    COL_DIRECTORATE: 70,
    COL_SUBJECT: 200,  # takes what is left
    COL_STATUS: 100,
    COL_DUE: 90,
}


class FrontDeskPage(BasePage):
    key = "requests"
    request_opened = Signal(object)  # the RequestDetailDialog
    marker_polled = Signal(object)  # (request id, event id) after each poll

    @classmethod
    def title(cls) -> str:
        return tr("Ön Masa")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = RequestTableModel(ctx, self)
        self.detail_dialogs: list[RequestDetailDialog] = []
        self.form_dialog: RequestFormDialog | None = None
        self._loaded = False
        self._marker: tuple[int, int] | None = None
        self._poll_task: BackgroundTask | None = None
        self._select_after_load: int | None = None
        self._keep_scroll = 0

        # --- filters (aliases kept for tests and the screenshot script) -------------------
        self.filters = RequestFilterBar(ctx, self)
        bar = self.filters
        self.status_combo, self.directorate_combo, self.channel_combo = (
            bar.status_combo,
            bar.directorate_combo,
            bar.channel_combo,
        )
        self.text_edit = bar.text_edit
        self.overdue_check, self.inform_late_check, self.mine_check = (
            bar.overdue_check,
            bar.inform_late_check,
            bar.mine_check,
        )
        self.date_check, self.date_from, self.date_to = bar.date_check, bar.date_from, bar.date_to
        bar.clear_button.clicked.connect(self.on_clear_clicked)

        # --- actions and count --------------------------------------------------------------
        self.new_button = QPushButton(tr("Yeni talep (Ctrl+N)"))
        self.new_button.setObjectName("new_request_button")
        self.new_button.setStyleSheet(
            "QPushButton#new_request_button { background: #1a73e8; color: white;"
            " font-weight: 600; padding: 5px 14px; border-radius: 4px; }"
        )
        self.new_button.clicked.connect(self.on_new_clicked)
        self.open_button = QPushButton(tr("Aç (Enter)"))
        self.open_button.setObjectName("open_request_button")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.on_open_clicked)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.legend_overdue = self._legend(tr("Gecikmiş"), OVERDUE_BACKGROUND.name())
        self.legend_late = self._legend(tr("48 saatte bildirilmedi"), INFORM_LATE_BACKGROUND.name())
        row3 = QHBoxLayout()
        row3.addWidget(self.new_button)
        row3.addWidget(self.open_button)
        row3.addSpacing(16)
        row3.addWidget(self.count_label)
        row3.addStretch(1)
        row3.addWidget(hint_label(tr("Renkler:"), self))
        row3.addWidget(self.legend_overdue)
        row3.addWidget(self.legend_late)

        self.new_action = QAction(tr("Yeni talep"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.on_new_clicked)
        self.addAction(self.new_action)

        # --- table --------------------------------------------------------------------------
        self.table = QTableView()
        self.table.setObjectName("requests_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(50)
        restore_header_state(header, HEADER_KEY)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        self._save_header_timer = QTimer(self)
        self._save_header_timer.setSingleShot(True)
        self._save_header_timer.setInterval(500)
        self._save_header_timer.timeout.connect(self.on_save_header_timeout)
        header.sectionResized.connect(self._save_header_timer.start)
        self.table.activated.connect(self.on_table_activated)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self.on_current_row_changed)

        self.error = error_label(self, "page_error")

        # The bar scrolls sideways in a narrow window instead of forcing its width on it.
        self.filter_bar = QWidget()
        self.filter_bar.setObjectName("filter_bar")
        bar_layout = QVBoxLayout(self.filter_bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        bar_layout.addWidget(self.filters)
        bar_layout.addLayout(row3)
        self.filter_scroll = QScrollArea()
        self.filter_scroll.setObjectName("filter_scroll")
        self.filter_scroll.setWidget(self.filter_bar)
        self.filter_scroll.setWidgetResizable(True)
        self.filter_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.filter_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.filter_scroll.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._fit_filter_bar()

        self.body_layout.addWidget(self.filter_scroll)
        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addWidget(self.error)

        # --- behaviour ----------------------------------------------------------------------
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.timeout.connect(self.apply_filters)
        bar.changed.connect(self.on_filter_changed)
        bar.text_changed.connect(self.on_text_changed)
        bar.text_edit.returnPressed.connect(self.apply_filters)

        self.model.count_changed.connect(self.on_count_changed)
        self.model.loading_changed.connect(self.on_loading_changed)
        self.model.refreshed.connect(self.on_model_refreshed)
        self.model.page_loaded.connect(self.on_page_loaded)
        self.model.failed.connect(self.on_model_failed)

        self.poll_timer = QTimer(self)
        self.poll_timer.setObjectName("poll_timer")
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.on_poll_timeout)
        self.model.request_filter = self.current_filter()

    # --- construction helpers -----------------------------------------------------------------
    def _fit_filter_bar(self) -> None:
        height = self.filter_bar.sizeHint().height()
        if self.filter_bar.minimumSizeHint().width() > self.filter_scroll.viewport().width():
            height += self.filter_scroll.horizontalScrollBar().sizeHint().height()
        self.filter_scroll.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_filter_bar()

    @staticmethod
    def _legend(text: str, colour: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet(
            f"background: {colour}; border: 1px solid #dadce0; border-radius: 3px;"
            " padding: 1px 6px;"
        )
        return label

    # --- filters ------------------------------------------------------------------------------
    def current_filter(self) -> RequestFilter:
        return self.filters.current_filter()

    @Slot()
    def apply_filters(self) -> None:
        """Load the list for the filters on screen (a no-op when they did not change)."""
        self._filter_timer.stop()
        wanted = self.current_filter()
        if self._loaded and wanted == self.model.request_filter:
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
        self._filter_timer.start(TEXT_DELAY_MS)

    @Slot()
    def on_clear_clicked(self) -> None:
        self.filters.clear()
        self.apply_filters()

    # --- model feedback -----------------------------------------------------------------------
    @Slot(int)
    def on_count_changed(self, total: int) -> None:
        self.count_label.setText(tr("{0} talep").format(format_count(total)))

    @Slot(bool)
    def on_loading_changed(self, loading: bool) -> None:
        if loading and self.model.total is None:
            self.count_label.setText(tr("Sayılıyor…"))

    @Slot(int)
    def on_page_loaded(self, _n: int) -> None:
        if self._select_after_load is not None and self.select_request(self._select_after_load):
            self._select_after_load = None

    @Slot()
    def on_model_refreshed(self) -> None:
        self.table.verticalScrollBar().setValue(self._keep_scroll)
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None:
            self.select_request(wanted, scroll=True)  # gone from the list: nothing selected

    @Slot(object)
    def on_model_failed(self, exc: object) -> None:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("Talep listesi yüklenemedi: {0}").format(message))

    # --- selection and opening ----------------------------------------------------------------
    def selected_request_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        value = self.model.data(index, ID_ROLE)
        return int(value) if value is not None else None

    def select_request(self, request_id: int, *, scroll: bool = False) -> bool:
        row = self.model.row_of(request_id)
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
            self.open_request(int(value))

    @Slot()
    def on_open_clicked(self) -> None:
        request_id = self.selected_request_id()
        if request_id is not None:
            self.open_request(request_id)

    def open_request(self, request_id: int) -> RequestDetailDialog | None:
        for dialog in self.detail_dialogs:
            if dialog.request_id == request_id:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        try:
            dialog = RequestDetailDialog(self.ctx, request_id, self)
        except DomainError as exc:
            dialogs.error(self, tr("Talep açılamadı"), exc.message)
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.request_changed.connect(self.on_detail_changed)
        dialog.finished.connect(self.on_detail_finished)
        self.detail_dialogs.append(dialog)
        dialog.show()
        self.request_opened.emit(dialog)
        return dialog

    @Slot(object)
    def on_detail_changed(self, _detail: object) -> None:
        self.refresh_data()

    @Slot(int)
    def on_detail_finished(self, _result: int) -> None:
        dialog = self.sender()
        self.detail_dialogs = [
            d for d in self.detail_dialogs if d is not dialog and shiboken6.isValid(d)
        ]

    # --- new request --------------------------------------------------------------------------
    @Slot()
    def on_new_clicked(self) -> None:
        self.open_new_request()

    def open_new_request(
        self, citizen_id: int | None = None, citizen_name: str = ""
    ) -> RequestFormDialog:
        """The new-request form (for the citizen when given); the page selects the new row."""
        form = self.form_dialog
        if form is not None and shiboken6.isValid(form) and form.isVisible():
            form.raise_()
            form.activateWindow()
            return form
        dialog = RequestFormDialog(self.ctx, self, citizen_id=citizen_id, citizen_name=citizen_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.request_saved.connect(self.on_request_saved)
        dialog.finished.connect(self.on_form_finished)
        self.form_dialog = dialog
        dialog.open()
        return dialog

    @Slot(int)
    def on_form_finished(self, _result: int) -> None:
        if self.sender() is self.form_dialog:
            self.form_dialog = None

    @Slot(object)
    def on_request_saved(self, detail: object) -> None:
        assert isinstance(detail, RequestDetail)
        self._select_after_load = detail.id
        self.refresh_data()

    # --- refreshing ---------------------------------------------------------------------------
    def refresh_data(self) -> None:
        """Load again what is on screen, keeping the selected request selected."""
        if not self._loaded:
            self.apply_filters()
            return
        if self._select_after_load is None:
            self._select_after_load = self.selected_request_id()
        self._keep_scroll = self.table.verticalScrollBar().value()
        self._take_marker()
        self.model.refresh()

    def _take_marker(self) -> None:
        try:
            self._marker = requests_service.change_marker(self.ctx.db)
        except Exception:
            self._marker = None

    @Slot()
    def on_poll_timeout(self) -> None:
        """Ask, off the GUI thread, whether any desk changed a request."""
        if self._poll_task is not None and not self._poll_task.is_done:
            return
        db = self.ctx.db

        def work(_progress: ProgressFn) -> tuple[int, int]:
            return requests_service.change_marker(db)

        task = BackgroundTask(work)
        task.finished.connect(self.on_marker_polled)
        self._poll_task = task
        task.start()

    @Slot(object)
    def on_marker_polled(self, marker: object) -> None:
        assert isinstance(marker, tuple)
        changed = self._marker is not None and marker != self._marker
        if self._marker is None:
            self._marker = marker
        if changed and self._loaded:
            self.refresh_data()
            for dialog in list(self.detail_dialogs):
                if shiboken6.isValid(dialog):
                    dialog.reload_if_changed()
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
        save_header_state(self.table.horizontalHeader(), HEADER_KEY)
        super().hideEvent(event)

    @Slot()
    def on_save_header_timeout(self) -> None:
        save_header_state(self.table.horizontalHeader(), HEADER_KEY)

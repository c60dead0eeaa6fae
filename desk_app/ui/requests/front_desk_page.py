"""The front desk page (Ön Masa): the request list with its filters, "Yeni talep" and "Aç".

The list is a ``RequestTableModel`` (pages fetched as the view scrolls, the total counted in the
background). Every ``POLL_MS`` the page asks ``change_marker`` (off the GUI thread) whether any
desk wrote a request or an event; when it did, the rows on screen are loaded again and the
selection kept, and open request windows refresh themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.db import Database
from desk_app.services import requests as requests_service
from desk_app.services.requests import RequestDetail, RequestFilter
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.list_page import ListPage, raise_if_showing
from desk_app.ui.kit.widgets import hint_label
from desk_app.ui.requests.detail_dialog import RequestDetailDialog
from desk_app.ui.requests.filter_bar import RequestFilterBar
from desk_app.ui.requests.form_dialog import RequestFormDialog
from desk_app.ui.requests.table_model import (
    COL_CATEGORY,
    COL_CHANNEL,
    COL_CITIZEN,
    COL_CREATED,
    COL_DIRECTORATE,
    COL_DUE,
    COL_REFERENCE,
    COL_STATUS,
    COL_SUBJECT,
    INFORM_LATE_BACKGROUND,
    OVERDUE_BACKGROUND,
    RequestTableModel,
    format_count,
)

POLL_MS = 5000
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


class FrontDeskPage(ListPage[RequestTableModel, RequestDetailDialog]):
    """``marker_polled((request id, event id))`` after each poll (from ``ListPage``)."""

    key = "requests"
    header_key = HEADER_KEY
    poll_ms = POLL_MS
    keep_scroll_on_refresh = True
    request_opened = Signal(object)  # the RequestDetailDialog

    @classmethod
    def title(cls) -> str:
        return tr("Ön Masa")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.form_dialog: RequestFormDialog | None = None

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
        self._build_buttons(
            tr("Yeni talep (Ctrl+N)"), "new_request_button", tr("Yeni talep"), "open_request_button"
        )
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

        # --- table --------------------------------------------------------------------------
        self._build_table("requests_table", COLUMN_WIDTHS, COL_SUBJECT, alternating=False)

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
        bar.changed.connect(self.on_filter_changed)
        bar.text_changed.connect(self.on_text_changed)
        bar.text_edit.returnPressed.connect(self.apply_filters)
        self.model.request_filter = self.current_filter()

    # --- ListPage hooks -----------------------------------------------------------------------
    def create_model(self) -> RequestTableModel:
        return RequestTableModel(self.ctx, self)

    def shown_filter(self) -> RequestFilter:
        return self.model.request_filter

    def open_row(self, row_id: int) -> RequestDetailDialog | None:
        return self.open_request(row_id)

    def detail_row_id(self, dialog: RequestDetailDialog) -> int:
        return dialog.request_id

    def count_text(self, total: int) -> str:
        return tr("{0} talep").format(format_count(total))

    def load_failed_text(self, message: str) -> str:
        return tr("Talep listesi yüklenemedi: {0}").format(message)

    def change_marker_source(self) -> Callable[[Database], object]:
        return requests_service.change_marker

    def reload_detail(self, dialog: RequestDetailDialog) -> None:
        dialog.reload_if_changed()

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
    def on_clear_clicked(self) -> None:
        self.filters.clear()
        self.apply_filters()

    def show_filtered(self, flt: object) -> None:
        """List the requests of ``flt`` (a ``RequestFilter``), shown in the filter bar so the
        clerk sees what is filtered and can clear it."""
        assert isinstance(flt, RequestFilter)
        self.filters.set_filter(flt)
        self.apply_filters()

    # --- selection and opening ----------------------------------------------------------------
    def selected_request_id(self) -> int | None:
        return self.selected_row_id()

    def select_request(self, request_id: int, *, scroll: bool = False) -> bool:
        return self.select_row_id(request_id, scroll=scroll)

    def open_request(self, request_id: int) -> RequestDetailDialog | None:
        shown = self._raise_detail(request_id)
        if shown is not None:
            return shown
        # Shown at once; it reads the request off the GUI thread and says so itself when it
        # cannot.
        dialog = RequestDetailDialog(self.ctx, request_id, self)
        dialog.request_changed.connect(self.on_detail_changed)
        self._track_detail(dialog)
        self.request_opened.emit(dialog)
        return dialog

    # --- new request --------------------------------------------------------------------------
    @Slot()
    def on_new_clicked(self) -> None:
        self.open_new_request()

    def open_new_request(
        self, citizen_id: int | None = None, citizen_name: str = ""
    ) -> RequestFormDialog:
        """The new-request form (for the citizen when given); the page selects the new row."""
        form = self.form_dialog
        if form is not None and raise_if_showing(form):
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

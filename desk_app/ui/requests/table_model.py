"""The request list of the Ön Masa page: a window over the whole list, pages of ~100 rows fetched
on demand off the GUI thread (see ``PagedTableModel``), the total counted in the background,
overdue and late-informed rows marked.

A new filter starts a new *generation*; results that arrive for an older generation are dropped,
so a slow count of the previous filter can never overwrite the current one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desk_app.services import requests as requests_service
from desk_app.services.requests import (
    EVENT_FORWARDED,
    INFORMED_VIA_LABELS,
    RequestEventView,
    RequestFilter,
    RequestRow,
    status_label,
)
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.formatting import format_day, format_local
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.paged_table_model import ID_ROLE as ID_ROLE  # the request id
from desk_app.ui.kit.paged_table_model import ROW_ROLE as ROW_ROLE  # the RequestRow
from desk_app.ui.kit.paged_table_model import PagedTableModel
from desk_app.ui.kit.rows_table_model import RowsTableModel

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

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 3  # "overdue" | "inform_late" | ""

HIGHLIGHT_OVERDUE = "overdue"
HIGHLIGHT_INFORM_LATE = "inform_late"
OVERDUE_BACKGROUND = QColor(palette.OVERDUE_SURFACE)
OVERDUE_FOREGROUND = QColor(palette.ERROR_DARK)
INFORM_LATE_BACKGROUND = QColor(palette.LATE_SURFACE)
INFORM_LATE_FOREGROUND = QColor(palette.WARNING_TEXT)


def highlight_of(row: RequestRow) -> str:
    if row.overdue:
        return HIGHLIGHT_OVERDUE
    if row.inform_late:
        return HIGHLIGHT_INFORM_LATE
    return ""


class RequestTableModel(PagedTableModel[RequestRow, RequestFilter, tuple[datetime, int]]):
    """Requests matching ``request_filter``, newest first, ``PAGE_SIZE`` rows a page.

    Signals: ``count_changed(total)`` when the background count arrives, ``page_loaded(n)``
    after pages of ``n`` rows arrived, ``refreshed()`` after a refresh replaced the rows,
    ``failed(exc)`` when a load failed, ``loading_changed(bool)``.
    """

    headers = HEADERS

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, RequestFilter(statuses=requests_service.OPEN_STATUSES), parent)

    @property
    def request_filter(self) -> RequestFilter:
        return self._filter

    @request_filter.setter
    def request_filter(self, request_filter: RequestFilter) -> None:
        self._filter = request_filter

    # --- paging hooks -------------------------------------------------------------------------
    def _page_size(self) -> int:
        return PAGE_SIZE

    def _refresh_limit(self) -> int:
        return REFRESH_LIMIT

    def _fetch_page(
        self,
        ctx: AppContext,
        row_filter: RequestFilter,
        after: tuple[datetime, int] | None,
        limit: int,
    ) -> list[RequestRow]:
        return requests_service.list_requests_after(ctx.db, ctx.user, row_filter, after, limit)

    def _fetch_page_before(
        self,
        ctx: AppContext,
        row_filter: RequestFilter,
        before: tuple[datetime, int],
        limit: int,
    ) -> list[RequestRow]:
        return requests_service.list_requests_before(ctx.db, ctx.user, row_filter, before, limit)

    def _fetch_page_at(
        self, ctx: AppContext, row_filter: RequestFilter, offset: int, limit: int, from_end: bool
    ) -> list[RequestRow]:
        if from_end:
            return requests_service.list_requests_from_end(
                ctx.db, ctx.user, row_filter, offset, limit
            )
        return requests_service.list_requests(ctx.db, ctx.user, row_filter, offset, limit)

    def _count_rows(self, ctx: AppContext, row_filter: RequestFilter) -> int:
        return requests_service.count_requests(ctx.db, ctx.user, row_filter)

    def _count_marked(
        self, ctx: AppContext, row_filter: RequestFilter, every: int
    ) -> tuple[int, list[tuple[datetime, int]]]:
        return requests_service.count_requests_marked(ctx.db, ctx.user, row_filter, every)

    def _key_of(self, row: RequestRow) -> tuple[datetime, int]:
        return (row.created_at, row.id)

    def _row_id(self, row: RequestRow) -> int:
        return row.id

    # --- Qt model -----------------------------------------------------------------------------
    def _role_data(self, row: RequestRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == HIGHLIGHT_ROLE:
            return highlight_of(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
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
            return format_day(row.due_date)
        return ""

    @classmethod
    def _tooltip(cls, row: RequestRow, column: int) -> str:
        """Why the row stands out (first line), then the cell's full text (it may be cut)."""
        kind = highlight_of(row)
        lines: list[str] = []
        if kind == HIGHLIGHT_OVERDUE:
            lines.append(
                tr("Gecikmiş: son tarih {0} geçti, talep hâlâ açık.").format(
                    format_day(row.due_date)
                )
            )
        elif kind == HIGHLIGHT_INFORM_LATE:
            lines.append(tr("Cevap 48 saat içinde vatandaşa bildirilmedi."))
        text = cls._display(row, column)
        if text:
            lines.append(text)
        return "\n".join(lines)


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


class RequestTimelineTableModel(RowsTableModel[RequestEventView]):
    """The events of one request in order (a request has tens of events, never pages of them)."""

    columns = (
        ("Zaman", lambda e: format_local(e.at)),
        ("İşlem", lambda e: tr(e.kind_label)),
        ("Kullanıcı", lambda e: e.user_name),
        ("Durum", lambda e: status_text(e.old_status, e.new_status)),
        ("Ayrıntı", event_detail),
    )

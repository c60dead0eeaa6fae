"""The application list of the Başvurular page: a window over the whole list, pages of ~100 rows
fetched on demand (keyset on (applied_at, id), see ``PagedTableModel``) off the GUI thread, the
total counted in the background, rows that have been waiting long marked; and the timeline of one
application.

A new filter starts a new *generation*; results of an older generation are dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desk_app.services import applications as applications_service
from desk_app.services.applications import (
    ApplicationEventView,
    ApplicationFilter,
    ApplicationRow,
    status_label,
)
from desk_app.ui.kit import palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.formatting import format_day, format_local
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.paged_table_model import ID_ROLE as ID_ROLE  # the application id
from desk_app.ui.kit.paged_table_model import ROW_ROLE as ROW_ROLE  # the ApplicationRow
from desk_app.ui.kit.paged_table_model import PagedTableModel
from desk_app.ui.kit.rows_table_model import RowsTableModel

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

WAITING_LONG_ROLE = Qt.ItemDataRole.UserRole + 3  # bool

WAITING_LONG_BACKGROUND = QColor(palette.LATE_SURFACE)
WAITING_LONG_FOREGROUND = QColor(palette.WARNING_TEXT)
DUPLICATE_FOREGROUND = QColor(palette.ERROR_DARK)


class ApplicationTableModel(PagedTableModel[ApplicationRow, ApplicationFilter, tuple[date, int]]):
    """Applications matching ``application_filter``, newest first, ``PAGE_SIZE`` rows a page.

    Signals: ``count_changed(total)``, ``page_loaded(n)``, ``refreshed()``, ``failed(exc)``,
    ``loading_changed(bool)`` (as ``RequestTableModel``)."""

    headers = HEADERS

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(ctx, ApplicationFilter(), parent)
        self.waiting_long_days = WAITING_LONG_DAYS

    @property
    def application_filter(self) -> ApplicationFilter:
        return self._filter

    @application_filter.setter
    def application_filter(self, application_filter: ApplicationFilter) -> None:
        self._filter = application_filter

    # --- paging hooks -------------------------------------------------------------------------
    def _page_size(self) -> int:
        return PAGE_SIZE

    def _refresh_limit(self) -> int:
        return REFRESH_LIMIT

    def _fetch_page(
        self,
        ctx: AppContext,
        row_filter: ApplicationFilter,
        after: tuple[date, int] | None,
        limit: int,
    ) -> list[ApplicationRow]:
        return applications_service.list_applications_after(
            ctx.db, ctx.user, row_filter, after, limit
        )

    def _fetch_page_before(
        self,
        ctx: AppContext,
        row_filter: ApplicationFilter,
        before: tuple[date, int],
        limit: int,
    ) -> list[ApplicationRow]:
        return applications_service.list_applications_before(
            ctx.db, ctx.user, row_filter, before, limit
        )

    def _fetch_page_at(
        self,
        ctx: AppContext,
        row_filter: ApplicationFilter,
        offset: int,
        limit: int,
        from_end: bool,
    ) -> list[ApplicationRow]:
        return applications_service.list_applications_at(
            ctx.db, ctx.user, row_filter, offset, limit, from_end=from_end
        )

    def _count_rows(self, ctx: AppContext, row_filter: ApplicationFilter) -> int:
        return applications_service.count_applications(ctx.db, ctx.user, row_filter)

    def _key_of(self, row: ApplicationRow) -> tuple[date, int]:
        return (row.applied_at, row.id)

    def _row_id(self, row: ApplicationRow) -> int:
        return row.id

    # --- Qt model -----------------------------------------------------------------------------
    def is_waiting_long(self, row: ApplicationRow) -> bool:
        return row.waiting_days is not None and row.waiting_days > self.waiting_long_days

    def _role_data(self, row: ApplicationRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
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


# --- the timeline of one application ----------------------------------------------------------


def application_status_text(old: str | None, new: str | None) -> str:
    """ "Alındı → Onaylandı" for a status change ("" when none)."""
    if not new:
        return ""
    if old:
        return f"{tr(status_label(old))} → {tr(status_label(new))}"
    return tr(status_label(new))


class ApplicationTimelineTableModel(RowsTableModel[ApplicationEventView]):
    """The events of one application in order (tens of rows, never pages)."""

    columns = (
        ("Zaman", lambda e: format_local(e.at)),
        ("İşlem", lambda e: tr(e.kind_label)),
        ("Kullanıcı", lambda e: e.user_name),
        ("Durum", lambda e: application_status_text(e.old_status, e.new_status)),
        ("Ayrıntı", lambda e: e.text),
    )

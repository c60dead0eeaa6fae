"""The outbox as a table: one row per message, newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desk_app.services.notify import MessageRow
from desk_app.ui.kit import palette
from desk_app.ui.kit.formatting import format_local
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import Column, RowsTableModel


def _when(row: MessageRow) -> str:
    return format_local(row.created_at)


def _sent(row: MessageRow) -> str:
    return format_local(row.sent_at) if row.sent_at else ""


class MessagesTableModel(RowsTableModel[MessageRow]):
    COL_STATUS = 2
    COL_REASON = 6
    columns: tuple[Column[MessageRow], ...] = (
        ("Oluşturuldu", _when),
        ("Tür", lambda r: tr(r.kind_label)),
        ("Durum", lambda r: tr(r.status_label) + (tr(" (örnek)") if r.demo else "")),
        ("Telefon", lambda r: r.phone),
        ("Referans", lambda r: r.reference or ""),
        ("Deneme", lambda r: str(r.attempts)),
        ("Sebep", lambda r: r.last_error or ""),
        ("Gönderildi", _sent),
        ("Metin", lambda r: r.text),
    )

    def extra_data(self, row: MessageRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS:
            if row.status == "FAILED":
                return QColor(palette.FAILED)
            if row.status in ("SENT", "DELIVERED"):
                return QColor(palette.SENT)
        return None

"""Small table models of the citizen search popup and the citizen card: search hits (with the
"new citizen" row at the end), address history, the person's requests and baby-set applications.

They hold a handful of rows each (a search shows at most 20 hits, a card one person's records),
so they are filled at once; each column is a (title, value function) pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desk_app.services.citizens import (
    AddressView,
    ApplicationSummary,
    CitizenHit,
    ContactObservationView,
    RequestSummary,
)
from desk_app.ui.kit import palette
from desk_app.ui.kit.formatting import format_day
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import ID_ROLE as ID_ROLE
from desk_app.ui.kit.rows_table_model import ROW_ROLE as ROW_ROLE
from desk_app.ui.kit.rows_table_model import RowsTableModel as RowsTableModel

ADDRESS_SOURCE_LABELS = {"desk": "Masa", "web": "Web başvurusu", "demo": "Örnek veri"}
MATCHED_BY_LABELS = {
    "tc": "TC",
    "phone": "telefon",
    "name": "ad",
    "reference": "başvuru no",
    "shared_phone": "aynı telefon",
}
_Index = QModelIndex | QPersistentModelIndex


def address_line(address: AddressView) -> str:
    """ "Ulukavak, Gazi Cad. No: 12 D: 3" """
    line = tr("{0}, {1} No: {2}").format(address.mahalle, address.street, address.building_no)
    if address.apartment_no:
        line += tr(" D: {0}").format(address.apartment_no)
    return line


def matched_text(hit: CitizenHit) -> str:
    """ "bulundu: başvuru no GK-2025-000123" """
    how = tr(MATCHED_BY_LABELS.get(hit.matched_by, hit.matched_by))
    if hit.reference:
        return tr("bulundu: {0} {1}").format(how, hit.reference)
    return tr("bulundu: {0}").format(how)


class AddressHistoryTableModel(RowsTableModel[AddressView]):
    columns = (
        ("Adres", address_line),
        ("Başlangıç", lambda a: format_day(a.valid_from)),
        ("Bitiş", lambda a: format_day(a.valid_to) if a.valid_to else tr("güncel")),
        ("Kaynak", lambda a: tr(ADDRESS_SOURCE_LABELS.get(a.source, a.source))),
    )

    def extra_data(self, row: AddressView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.valid_to is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and not row.served:
            return tr("Hizmet verilen mahalleler dışında")
        return None


class CitizenRequestsTableModel(RowsTableModel[RequestSummary]):
    columns = (
        ("Referans", lambda r: r.reference),
        ("Tarih", lambda r: format_day(r.created_at)),
        ("Kanal", lambda r: r.channel_name),
        ("Konu", lambda r: r.subject),
        ("Durum", lambda r: tr(r.status_label)),
        ("Müdürlük", lambda r: r.directorate_short or "—"),
    )


class CitizenApplicationsTableModel(RowsTableModel[ApplicationSummary]):
    columns = (
        ("Referans", lambda a: a.reference),
        ("Başvuru tarihi", lambda a: format_day(a.applied_at)),
        ("Bebek", lambda a: a.baby_name),
        ("Durum", lambda a: tr(a.status_label)),
    )


CONTACT_FIELD_LABELS = {"phone": "Telefon", "address": "Adres"}


class ContactObservationsTableModel(RowsTableModel[ContactObservationView]):
    """What the web export said differently from the desk's record, kept for review."""

    columns = (
        ("Tarih", lambda o: format_day(o.observed_at)),
        ("Web başvuru no", lambda o: o.web_reference or "—"),
        ("Alan", lambda o: tr(CONTACT_FIELD_LABELS.get(o.field, o.field))),
        ("Web'de yazan", lambda o: o.observed_display),
        ("Kayıttaki", lambda o: o.current_display or "—"),
    )


# --- search popup -------------------------------------------------------------------------

COL_NAME, COL_TC, COL_PHONE, COL_MAHALLE, COL_MATCHED = range(5)
NEW_CITIZEN = object()  # the last row: "Yeni vatandaş"


class CitizenHitTableModel(RowsTableModel[Any]):
    """Search hits, then one "Yeni vatandaş" row (spanning every column)."""

    columns = (
        ("Ad Soyad", lambda h: h.full_name),
        ("T.C. Kimlik No", lambda h: h.tc_masked or "—"),
        ("Telefon", lambda h: h.phone_display or "—"),
        ("Mahalle", lambda h: h.mahalle or "—"),
        ("Bulundu", matched_text),
    )

    def set_hits(self, hits: Sequence[CitizenHit]) -> None:
        self.set_rows([*hits, NEW_CITIZEN])

    @property
    def hit_count(self) -> int:
        return max(0, len(self._rows) - 1) if self._rows else 0

    def hit_at(self, row: int) -> CitizenHit | None:
        item = self.row_at(row)
        return item if isinstance(item, CitizenHit) else None

    def is_new_row(self, row: int) -> bool:
        return self.row_at(row) is NEW_CITIZEN

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.is_new_row(index.row()):
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return tr("+ Yeni vatandaş kaydı aç (Ctrl+Shift+N)")
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(palette.ACCENT))
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if index.isValid() and role == ID_ROLE:
            hit = self.hit_at(index.row())
            return hit.citizen_id if hit else None
        return super().data(index, role)

    def extra_data(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and column == COL_NAME:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_MATCHED:
            return QBrush(QColor(palette.TEXT_MUTED))
        return None

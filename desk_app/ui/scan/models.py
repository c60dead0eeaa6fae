"""The scan-back page's lists: the running log of this batch (one row per scanned slip or
hand-over, coloured by what happened) and today's desk pickups.

Colours are grouped by class of result, so a clerk sees at a glance what went wrong:
delivered (green), failed outcome recorded (amber), forged or unreadable (red), a void slip
that was reprinted (orange), a slip already confirmed (blue), anything else refused (grey)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desk_app.services.delivery import BOOKED, DELIVERY_STATUS_LABELS, DeliveryRow, window_text
from desk_app.ui.kit import palette
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import Column, RowsTableModel

# Classes of result (ScanEntry.kind).
KIND_DELIVERED = "delivered"
KIND_FAILED = "failed"  # a failed attempt was recorded (not home, wrong address, ...)
KIND_SKIPPED = "skipped"
KIND_FORGED = "forged"  # forged or malformed: red
KIND_VOIDED = "voided"  # reprinted: orange
KIND_USED = "used"  # confirmed before: blue
KIND_OTHER = "other"  # unknown delivery, cancelled, invalid: grey
REFUSED_KINDS = frozenset({KIND_FORGED, KIND_VOIDED, KIND_USED, KIND_OTHER})

# (text colour, background) per class.
KIND_COLOURS: dict[str, tuple[str, str]] = {
    KIND_DELIVERED: (palette.SUCCESS, palette.SUCCESS_SURFACE),
    KIND_FAILED: (palette.SCAN_FAILED_TEXT, palette.WARNING_SURFACE),
    KIND_SKIPPED: (palette.TEXT_MUTED, palette.WHITE),
    KIND_FORGED: (palette.ERROR, palette.ERROR_SURFACE),
    KIND_VOIDED: (palette.SCAN_VOIDED_TEXT, palette.SCAN_VOIDED_SURFACE),
    KIND_USED: (
        palette.USED_TEXT,
        palette.USED_SURFACE,
    ),  # purple: not the blue of an information note
    KIND_OTHER: (palette.DARK, palette.SURFACE_COOL),
}


# Each refusal class looks and sounds different: a sign before its headline, and beeps.
KIND_SIGNS: dict[str, str] = {KIND_FORGED: "⛔", KIND_VOIDED: "⚠", KIND_USED: "↺", KIND_OTHER: "✖"}
KIND_BEEPS: dict[str, int] = {KIND_FORGED: 3, KIND_VOIDED: 2, KIND_USED: 1, KIND_OTHER: 1}


def refusal_kind(reason: str | None) -> str:
    """The colour class of a refusal reason (``ScanResult.reason``)."""
    if reason in ("forged", "malformed"):
        return KIND_FORGED
    if reason == "voided":
        return KIND_VOIDED
    if reason == "used":
        return KIND_USED
    return KIND_OTHER


def banner_style(kind: str) -> str:
    """Style sheet of the big result banner over the log."""
    fg, bg = KIND_COLOURS.get(kind, KIND_COLOURS[KIND_OTHER])
    return (
        f"QLabel#scan_banner {{ color: {fg}; background: {bg}; border: 2px solid {fg};"
        " border-radius: 6px; padding: 8px 10px; font-weight: 600; }"
    )


@dataclass(frozen=True)
class ScanEntry:
    at: datetime  # local time at the desk
    kind: str  # KIND_*
    reference: str
    family: str
    result: str  # Turkish: outcome label or refusal reason
    message: str  # the service's full message (tool tip)


class ScanLogTableModel(RowsTableModel[ScanEntry]):
    """This batch's results, newest first."""

    columns: tuple[Column[ScanEntry], ...] = (
        ("Saat", lambda e: f"{e.at:%H:%M:%S}"),
        ("Referans", lambda e: e.reference or "—"),
        ("Aile", lambda e: e.family or "—"),
        ("Sonuç", lambda e: e.result),
    )

    def add(self, entry: ScanEntry) -> None:
        self.beginInsertRows(self.index(0, 0).parent(), 0, 0)
        self._rows.insert(0, entry)
        self.endInsertRows()

    def counts(self) -> dict[str, int]:
        out = {"delivered": 0, "failed": 0, "refused": 0, "skipped": 0}
        for e in self._rows:
            if e.kind == KIND_DELIVERED:
                out["delivered"] += 1
            elif e.kind == KIND_FAILED:
                out["failed"] += 1
            elif e.kind == KIND_SKIPPED:
                out["skipped"] += 1
            else:
                out["refused"] += 1
        return out

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ItemDataRole.ToolTipRole:
            return row.message
        return super().data(index, role)

    def extra_data(self, row: ScanEntry, column: int, role: int) -> Any:
        fg, bg = KIND_COLOURS.get(row.kind, KIND_COLOURS[KIND_OTHER])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(fg))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(bg))
        return None


def _when(row: DeliveryRow) -> str:
    if row.start_time and row.end_time:
        return window_text(row.start_time, row.end_time)
    return ""


class PickupTableModel(RowsTableModel[DeliveryRow]):
    """Today's desk pickups; those already handed over (or failed) are greyed out."""

    columns: tuple[Column[DeliveryRow], ...] = (
        ("Saat", _when),
        ("Referans", lambda r: r.reference),
        ("Veli", lambda r: r.parent_name),
        ("Durum", lambda r: tr(DELIVERY_STATUS_LABELS.get(r.status, r.status))),
    )

    def extra_data(self, row: DeliveryRow, column: int, role: int) -> Any:
        if row.status == BOOKED:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(palette.TEXT_DISABLED))
        return None


def make_table(
    parent: QWidget, name: str, model: object, stretch: int, widths: tuple[str, ...]
) -> QTableView:
    """A read-only list; each column as wide as its sample text, ``stretch`` takes the rest
    (rows arrive one by one, so the widths do not follow the contents)."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = table.fontMetrics()
    for column, sample in enumerate(widths):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 18)
    return table

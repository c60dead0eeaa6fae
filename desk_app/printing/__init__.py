"""Printed paper of the Hoş Geldin Bebek programme: delivery slips with a signed QR code, team
route sheets and the desk's hand-over record, as PDF (ReportLab).

Pure: given plain records (desk_app.printing.model), no database and no Qt. The service layer
fills the records and chooses where the PDF goes.
"""

from __future__ import annotations

from desk_app.printing.model import (
    PAGE_SIZES,
    PageSize,
    PrintCancelled,
    ReceiptData,
    RouteRow,
    RouteSheetData,
    SlipData,
)
from desk_app.printing.render import (
    render_batch,
    render_receipt,
    render_route_sheet,
    render_slips,
)

__all__ = [
    "PAGE_SIZES",
    "PageSize",
    "PrintCancelled",
    "ReceiptData",
    "RouteRow",
    "RouteSheetData",
    "SlipData",
    "render_batch",
    "render_receipt",
    "render_route_sheet",
    "render_slips",
]

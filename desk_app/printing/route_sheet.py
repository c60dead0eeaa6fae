"""A team's route sheet (rota listesi) for one day: its deliveries in route order, to tick off.

The sheet is as wide as A4 portrait, which is also the width of A5 landscape, so the same table
prints on both; a page holds as many rows as its height allows, and the last page also carries
the totals and the team's signature.
"""

from __future__ import annotations

from typing import Any

from desk_app.printing.fonts import FONT, FONT_BOLD
from desk_app.printing.layout import GREY, checkbox, format_datetime, format_day, text
from desk_app.printing.model import RouteRow, RouteSheetData

MARGIN = 28.0
HEADER_HEIGHT = 76.0
TABLE_HEADER_HEIGHT = 16.0
ROW_HEIGHT = 31.0
TOTALS_HEIGHT = 78.0

# (title, width) of the table's columns; the widths add up to the width between the margins.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Sıra", 24.0),
    ("Başvuru No", 64.0),
    ("Alıcı / Telefon", 122.0),
    ("Mahalle / Adres", 199.0),
    ("Teslim", 34.0),
    ("Olmadı", 34.0),
    ("Not", 62.0),
)


def rows_per_page(page_height: float, last: bool) -> int:
    room = page_height - 2 * MARGIN - HEADER_HEIGHT - TABLE_HEADER_HEIGHT
    if last:
        room -= TOTALS_HEIGHT
    return max(1, int(room // ROW_HEIGHT))


def paginate(rows: tuple[RouteRow, ...], page_height: float) -> list[tuple[RouteRow, ...]]:
    """Split ``rows`` over pages; the last page keeps room for the totals."""
    full = rows_per_page(page_height, last=False)
    last = rows_per_page(page_height, last=True)
    pages: list[tuple[RouteRow, ...]] = []
    rest = rows
    while len(rest) > last:
        take = min(full, len(rest) - 1)
        pages.append(rest[:take])
        rest = rest[take:]
    pages.append(rest)
    return pages


def page_count(sheet: RouteSheetData, page_height: float) -> int:
    return len(paginate(sheet.rows, page_height))


def _address(row: RouteRow) -> str:
    parts = [row.street, f"No: {row.building_no or '—'}"]
    if row.apartment_no:
        parts.append(f"Daire: {row.apartment_no}")
    return " ".join(part for part in parts if part)


def _header(canvas: Any, sheet: RouteSheetData, width: float, top: float, page: str) -> None:
    right = width - MARGIN
    text(canvas, MARGIN, top - 9, "T.C. ÇORUM BELEDİYESİ · Hoş Geldin Bebek", FONT_BOLD, 8.5)
    text(canvas, right, top - 9, page, FONT, 8, align="right")
    text(canvas, MARGIN, top - 28, "Ekip Rota Listesi", FONT_BOLD, 15)
    canvas.setFillGray(GREY)
    text(
        canvas,
        right,
        top - 28,
        f"Basım: {format_datetime(sheet.printed_at)}",
        FONT,
        7.5,
        align="right",
    )
    canvas.setFillGray(0)
    text(canvas, MARGIN, top - 45, f"Ekip: {sheet.team_name}", FONT_BOLD, 10.5, width=250)
    text(canvas, MARGIN + 270, top - 45, f"Tarih: {format_day(sheet.day)}", FONT_BOLD, 10.5)
    members = ", ".join(sheet.members) or "—"
    text(
        canvas,
        MARGIN,
        top - 59,
        f"Ekip üyeleri: {members}",
        FONT,
        8.5,
        width=width - 2 * MARGIN,
        min_size=6.5,
    )


def _table_header(canvas: Any, width: float, y: float) -> None:
    canvas.setFillGray(0.88)
    canvas.rect(
        MARGIN, y - TABLE_HEADER_HEIGHT, width - 2 * MARGIN, TABLE_HEADER_HEIGHT, stroke=0, fill=1
    )
    canvas.setFillGray(0)
    x = MARGIN
    for title, column_width in COLUMNS:
        text(canvas, x + 3, y - 11, title, FONT_BOLD, 7.5, width=column_width - 5)
        x += column_width


def _row(canvas: Any, row: RouteRow, y: float) -> None:
    """One row whose top edge is at ``y``."""
    line1 = y - 10.5
    line2 = y - 20
    widths = [w for _, w in COLUMNS]
    x = MARGIN
    text(canvas, x + 3, line1, str(row.route_order), FONT_BOLD, 10)
    x += widths[0]
    text(canvas, x + 3, line1, row.slip_reference, FONT, 7.5, width=widths[1] - 5, min_size=6)
    x += widths[1]
    text(
        canvas, x + 3, line1, row.recipient_name, FONT_BOLD, 8.5, width=widths[2] - 6, min_size=6.5
    )
    # The whole number: the team calls the family from the road (the sheet comes back).
    text(canvas, x + 3, line2, row.phone or row.phone_masked or "—", FONT, 8, width=widths[2] - 6)
    x += widths[2]
    text(canvas, x + 3, line1, row.mahalle, FONT_BOLD, 8, width=widths[3] - 6, min_size=6.5)
    text(canvas, x + 3, line2, _address(row), FONT, 7.5, width=widths[3] - 6, min_size=6)
    if row.address_note:
        canvas.setFillGray(GREY)
        text(canvas, x + 3, y - 28, row.address_note, FONT, 6.5, width=widths[3] - 6, min_size=5.5)
        canvas.setFillGray(0)
    x += widths[3]
    for column in (4, 5):
        checkbox(canvas, x + (widths[column] - 9) / 2, y - ROW_HEIGHT / 2 - 4.5, 9)
        x += widths[column]


def _grid(canvas: Any, width: float, top: float, bottom: float) -> None:
    canvas.setLineWidth(0.5)
    canvas.rect(MARGIN, bottom, width - 2 * MARGIN, top - bottom, stroke=1, fill=0)
    canvas.setLineWidth(0.3)
    x = MARGIN
    for _, column_width in COLUMNS[:-1]:
        x += column_width
        canvas.line(x, bottom, x, top)


def _totals(canvas: Any, sheet: RouteSheetData, width: float, y: float) -> None:
    right = width - MARGIN
    text(canvas, MARGIN, y - 16, f"Toplam: {len(sheet.rows)} teslimat", FONT_BOLD, 10)
    text(canvas, MARGIN + 170, y - 16, "Teslim edilen: ........", FONT, 9)
    text(canvas, MARGIN + 300, y - 16, "Olmadı: ........", FONT, 9)
    text(canvas, MARGIN, y - 40, "Ekip sorumlusu (ad soyad):", FONT, 9)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN + 125, y - 42, MARGIN + 300, y - 42)
    text(canvas, MARGIN + 315, y - 40, "İmza:", FONT, 9)
    canvas.line(MARGIN + 342, y - 42, right, y - 42)
    canvas.setFillGray(GREY)
    text(
        canvas,
        MARGIN,
        y - 60,
        "Liste kişisel veri içerir; gün sonunda fişlerle birlikte Gönül Kapısı'na teslim edin.",
        FONT,
        7,
    )
    canvas.setFillGray(0)


def draw_route_sheet(canvas: Any, sheet: RouteSheetData, page_size: tuple[float, float]) -> int:
    """Draw every page of ``sheet`` (each ended with showPage); returns the number of pages."""
    width, height = page_size
    pages = paginate(sheet.rows, height)
    top = height - MARGIN
    for number, rows in enumerate(pages, start=1):
        _header(canvas, sheet, width, top, f"Sayfa {number} / {len(pages)}")
        table_top = top - HEADER_HEIGHT
        _table_header(canvas, width, table_top)
        y = table_top - TABLE_HEADER_HEIGHT
        canvas.setLineWidth(0.3)
        for row in rows:
            _row(canvas, row, y)
            y -= ROW_HEIGHT
            canvas.line(MARGIN, y, width - MARGIN, y)
        if not sheet.rows:
            text(canvas, MARGIN + 6, y - 18, "Bu gün için teslimat yok.", FONT, 9)
            y -= ROW_HEIGHT
        _grid(canvas, width, table_top, y)
        if number == len(pages):
            _totals(canvas, sheet, width, y)
        canvas.showPage()
    return len(pages)

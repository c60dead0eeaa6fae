"""The hand-over record (teslim tutanağı) of a set collected at the desk, in two copies."""

from __future__ import annotations

from typing import Any

from desk_app.printing.fonts import FONT, FONT_BOLD
from desk_app.printing.layout import A5_LANDSCAPE, GREY, format_datetime, text
from desk_app.printing.model import ReceiptData

WIDTH, HEIGHT = A5_LANDSCAPE
MARGIN = 28.0
RIGHT = WIDTH - MARGIN
TOP = HEIGHT - MARGIN
RULE_Y = TOP - 52
COL2_X = 310.0
COPIES = ("KURUM NÜSHASI", "VATANDAŞ NÜSHASI")
STATEMENT = "Yukarıda içeriği yazılı Hoş Geldin Bebek setini eksiksiz olarak teslim aldım."


def _label(canvas: Any, x: float, y: float, value: str) -> None:
    canvas.setFillGray(GREY)
    text(canvas, x, y, value, FONT_BOLD, 6.5)
    canvas.setFillGray(0)


def _signature(canvas: Any, x: float, width: float, title: str, name: str) -> None:
    bottom = MARGIN + 12
    canvas.setLineWidth(0.6)
    canvas.rect(x, bottom, width, 62, stroke=1, fill=0)
    text(canvas, x + 6, bottom + 52, title, FONT_BOLD, 7.5)
    text(canvas, x + 6, bottom + 38, name, FONT, 9, width=width - 12, min_size=6.5)
    canvas.setFillGray(GREY)
    text(canvas, x + 6, bottom + 6, "İmza", FONT, 7)
    canvas.setFillGray(0)


def draw_receipt(canvas: Any, receipt: ReceiptData, x: float, y: float, copy: str) -> None:
    """One copy of the record, its lower left corner at (x, y) of the current page."""
    c = canvas
    c.saveState()
    c.translate(x, y)
    c.setLineWidth(0.6)
    text(c, MARGIN, TOP - 9, "T.C. ÇORUM BELEDİYESİ", FONT_BOLD, 9)
    text(c, MARGIN, TOP - 28, "Hoş Geldin Bebek · Teslim Tutanağı", FONT_BOLD, 15)
    text(c, MARGIN, TOP - 42, "Masadan teslim alma", FONT, 9)
    copy_width = c.stringWidth(copy, FONT_BOLD, 7.5) + 12
    c.rect(RIGHT - copy_width, TOP - 13, copy_width, 14, stroke=1, fill=0)
    text(c, RIGHT - 6, TOP - 9, copy, FONT_BOLD, 7.5, align="right")
    _label(c, RIGHT - 200, TOP - 26, "BAŞVURU NO")
    text(c, RIGHT - 200, TOP - 40, receipt.slip_reference, FONT_BOLD, 12, width=200)
    c.line(MARGIN, RULE_Y, RIGHT, RULE_Y)

    width = COL2_X - MARGIN - 14
    _label(c, MARGIN, RULE_Y - 13, "BAŞVURU SAHİBİ")
    text(c, MARGIN, RULE_Y - 28, receipt.recipient_name, FONT_BOLD, 12, width=width, min_size=8)
    text(c, MARGIN, RULE_Y - 41, f"Tel: {receipt.phone_masked or '—'}", FONT, 9, width=width)
    if receipt.baby_name:
        text(c, MARGIN, RULE_Y - 53, f"Bebek: {receipt.baby_name}", FONT, 9, width=width)
    _label(c, MARGIN, RULE_Y - 72, "TESLİM ALAN")
    text(c, MARGIN, RULE_Y - 87, receipt.received_by, FONT_BOLD, 11, width=width, min_size=7.5)
    text(c, MARGIN, RULE_Y - 100, f"Yakınlık: {receipt.relation or '—'}", FONT, 9, width=width)
    text(
        c,
        MARGIN,
        RULE_Y - 113,
        f"Teslim tarihi ve saati: {format_datetime(receipt.handed_over_at)}",
        FONT,
        9,
    )

    set_width = RIGHT - COL2_X
    _label(c, COL2_X, RULE_Y - 13, "TESLİM EDİLEN SET")
    text(c, COL2_X, RULE_Y - 28, receipt.edition_name, FONT_BOLD, 10, width=set_width, min_size=7)
    contents = receipt.edition_contents
    columns = 1 if len(contents) <= 8 else 2
    per_column = -(-len(contents) // columns)
    step = min(11.5, 92 / max(per_column, 1))
    size = min(8.5, step * 0.75)
    column_width = set_width / columns
    for index, item in enumerate(contents):
        column, row = divmod(index, per_column)
        item_x = COL2_X + column * column_width
        item_y = RULE_Y - 42 - row * step
        c.rect(item_x + 1, item_y + size * 0.25, 3, 3, stroke=0, fill=1)
        text(c, item_x + 8, item_y, item, FONT, size, width=column_width - 12)

    statement_y = MARGIN + 92
    if receipt.note:
        c.setFillGray(GREY)
        text(
            c,
            MARGIN,
            statement_y + 14,
            f"Not: {receipt.note}",
            FONT,
            8,
            width=RIGHT - MARGIN,
            min_size=6,
        )
        c.setFillGray(0)
    text(c, MARGIN, statement_y, STATEMENT, FONT, 9, width=RIGHT - MARGIN)
    half = (RIGHT - MARGIN - 16) / 2
    _signature(c, MARGIN, half, "TESLİM ALAN", receipt.received_by)
    _signature(c, MARGIN + half + 16, half, "TESLİM EDEN (MASA GÖREVLİSİ)", receipt.desk_user_name)
    c.restoreState()

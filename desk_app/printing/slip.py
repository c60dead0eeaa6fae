"""The delivery slip (teslim fişi): one A5 landscape area, two of them on an A4 sheet.

Everything that is the same on every slip (headings, labels, boxes, the failure reasons) is drawn
once per document as a PDF form and placed on each slip; so is each set edition's checklist.
A slip itself only adds its own data and its QR code, which keeps 1,350 slips fast and small.
"""

from __future__ import annotations

from typing import Any

from desk_app.domain.states import DELIVERY_KIND_LABELS, DeliveryKind
from desk_app.printing.fonts import FONT, FONT_BOLD
from desk_app.printing.layout import (
    A5_LANDSCAPE,
    GREY,
    checkbox,
    fit_text,
    format_date,
    format_day,
    text,
    wrap,
)
from desk_app.printing.model import SlipData
from desk_app.printing.qr import QUIET_ZONE_MODULES, draw_qr, qr_matrix

WIDTH, HEIGHT = A5_LANDSCAPE
MARGIN = 24.0
RIGHT = WIDTH - MARGIN
TOP = HEIGHT - MARGIN

# The QR code sits in the top right corner; the header runs to its left.
QR_SIZE = 96.0
QR_X = RIGHT - QR_SIZE
QR_Y = TOP - QR_SIZE
HEADER_RIGHT = QR_X - 18.0
CODE_BASELINE = QR_Y - QR_SIZE / 25 * QUIET_ZONE_MODULES - 7.0

RULE_Y = 342.0
COL2_X = 262.0
LOWER_TOP = 214.0
BOX_X = 252.0
SET_WIDTH = BOX_X - 14.0 - MARGIN

FAILURE_REASONS = ("Evde yok", "Adres yanlış", "Teslim almadı / reddetti")


def _label(canvas: Any, x: float, y: float, value: str) -> None:
    canvas.setFillGray(GREY)
    text(canvas, x, y, value, FONT_BOLD, 6.5)
    canvas.setFillGray(0)


def _fill_line(
    canvas: Any,
    x: float,
    y: float,
    label: str,
    right: float,
    size: float = 7.5,
    start: float = 0.0,
) -> None:
    """``label`` followed by a dotted line to write on, from ``start`` (at the latest just after
    the label) up to ``right``."""
    text(canvas, x, y, label, FONT, size)
    start = max(start, x + canvas.stringWidth(label, FONT, size) + 4)
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setDash(1, 2)
    canvas.line(start, y - 1.5, right, y - 1.5)
    canvas.restoreState()


def _signature_box(
    canvas: Any, y: float, height: float, title: str, lines: tuple[str, ...]
) -> None:
    """A box of the lower right part: title, fill-in lines on the left, signature on the right."""
    sign_x = RIGHT - 108.0
    canvas.setLineWidth(0.6)
    canvas.rect(BOX_X, y, RIGHT - BOX_X, height, stroke=1, fill=0)
    canvas.line(sign_x, y, sign_x, y + height)
    text(canvas, BOX_X + 6, y + height - 10, title, FONT_BOLD, 7.5)
    line_y = y + height - 27
    for label in lines:
        _fill_line(canvas, BOX_X + 6, line_y, label, sign_x - 8, start=BOX_X + 50)
        line_y -= 17
    text(canvas, sign_x + 5, y + height - 10, "İmza", FONT, 7)


def draw_template(canvas: Any, kind: DeliveryKind) -> None:
    """The parts of a slip shared by every slip of ``kind``, in slip coordinates."""
    canvas.setLineWidth(0.6)
    # Header.
    text(canvas, MARGIN, TOP - 9, "T.C. ÇORUM BELEDİYESİ", FONT_BOLD, 9)
    text(canvas, MARGIN, TOP - 28, "Hoş Geldin Bebek · Teslim Fişi", FONT_BOLD, 15)
    text(canvas, MARGIN, TOP - 42, DELIVERY_KIND_LABELS[kind], FONT, 9)
    canvas.setFillGray(GREY)
    text(canvas, HEADER_RIGHT, TOP - 7, "BAŞVURU NO", FONT_BOLD, 6.5, align="right")
    canvas.setFillGray(0)
    canvas.line(MARGIN, RULE_Y, HEADER_RIGHT, RULE_Y)
    # The code under the QR code.
    canvas.setFillGray(GREY)
    text(
        canvas, QR_X + QR_SIZE / 2, CODE_BASELINE - 10, "Karekod okunmazsa", FONT, 6, align="center"
    )
    text(
        canvas,
        QR_X + QR_SIZE / 2,
        CODE_BASELINE - 17,
        "bu kodu elle girin",
        FONT,
        6,
        align="center",
    )
    canvas.setFillGray(0)
    # Upper body labels.
    _label(canvas, MARGIN, RULE_Y - 11, "ALICI")
    _label(canvas, MARGIN, RULE_Y - 62, "ADRES")
    _label(canvas, COL2_X, RULE_Y - 11, "TESLİMAT")
    canvas.line(MARGIN, LOWER_TOP + 8, RIGHT, LOWER_TOP + 8)
    # Lower left: the set's checklist is a form of its own (see draw_edition).
    _label(canvas, MARGIN, LOWER_TOP - 5, "SET İÇERİĞİ (teslimde işaretleyin)")
    canvas.setFillGray(GREY)
    text(canvas, MARGIN, MARGIN + 8, "Bu fiş kişisel veri içerir: teslimattan sonra", FONT, 6)
    text(canvas, MARGIN, MARGIN + 1, "ekip sorumlusuna ya da Gönül Kapısı'na iade edin.", FONT, 6)
    canvas.setFillGray(0)
    # Lower right: who received, who handed over, when, or why not.
    _signature_box(canvas, 144.0, 70.0, "TESLİM ALAN", ("Ad soyad", "Yakınlık"))
    giver = "TESLİM EDEN (EKİP)" if kind == DeliveryKind.HOME else "TESLİM EDEN (MASA GÖREVLİSİ)"
    _signature_box(canvas, 90.0, 48.0, giver, ("Ad soyad",))
    _fill_line(canvas, BOX_X, 76.0, "Teslim tarihi", BOX_X + 150)
    _fill_line(canvas, BOX_X + 160, 76.0, "Saat", RIGHT)
    canvas.rect(BOX_X, MARGIN, RIGHT - BOX_X, 44.0, stroke=1, fill=0)
    text(canvas, BOX_X + 6, MARGIN + 34, "TESLİM EDİLEMEDİYSE", FONT_BOLD, 7.5)
    x = BOX_X + 6
    for reason in FAILURE_REASONS:
        checkbox(canvas, x, MARGIN + 20)
        text(canvas, x + 11, MARGIN + 21, reason, FONT, 7.5)
        x += 11 + canvas.stringWidth(reason, FONT, 7.5) + 14
    checkbox(canvas, BOX_X + 6, MARGIN + 6)
    _fill_line(canvas, BOX_X + 17, MARGIN + 7, "Diğer:", RIGHT - 6)


def draw_edition(canvas: Any, name: str, contents: tuple[str, ...]) -> None:
    """The set edition and a tick box per item, in slip coordinates."""
    top = LOWER_TOP - 19
    text(canvas, MARGIN, top, name, FONT_BOLD, 10, width=SET_WIDTH, min_size=7)
    columns = 1 if len(contents) <= 10 else 2
    per_column = -(-len(contents) // columns)
    bottom = MARGIN + 22
    step = min(13.0, (top - 8 - bottom) / max(per_column, 1))
    size = min(8.5, step * 0.7)
    column_width = SET_WIDTH / columns
    for index, item in enumerate(contents):
        column, row = divmod(index, per_column)
        x = MARGIN + column * column_width
        y = top - 15 - row * step
        checkbox(canvas, x, y - 1, size * 0.9)
        text(canvas, x + size * 0.9 + 4, y, item, FONT, size, width=column_width - size - 8)


class SlipPainter:
    """Draws slips on one canvas, making the shared forms the first time they are needed."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self._editions: dict[tuple[str, tuple[str, ...]], str] = {}

    def _template(self, kind: DeliveryKind) -> str:
        name = f"HgbSlip{kind.value}"
        if not self.canvas.hasForm(name):
            self.canvas.beginForm(name, 0, 0, WIDTH, HEIGHT)
            draw_template(self.canvas, kind)
            self.canvas.endForm()
        return name

    def _edition(self, name: str, contents: tuple[str, ...]) -> str:
        key = (name, contents)
        form = self._editions.get(key)
        if form is None:
            form = f"HgbEdition{len(self._editions)}"
            self.canvas.beginForm(form, 0, 0, WIDTH, HEIGHT)
            draw_edition(self.canvas, name, contents)
            self.canvas.endForm()
            self._editions[key] = form
        return form

    def prepare(self, slip: SlipData) -> None:
        """Make the forms ``slip`` needs; call it before drawing on the page (forms are made
        outside of pages)."""
        self._template(slip.kind)
        self._edition(slip.edition_name, slip.edition_contents)

    def draw(self, slip: SlipData, x: float, y: float) -> None:
        """Draw ``slip`` with its lower left corner at (x, y) of the current page."""
        c = self.canvas
        template = self._template(slip.kind)
        edition = self._edition(slip.edition_name, slip.edition_contents)
        c.saveState()
        c.translate(x, y)
        c.doForm(template)
        c.doForm(edition)
        draw_qr(c, QR_X, QR_Y, QR_SIZE, qr_matrix(slip.token))
        # The short code is never cut: it is shrunk to fit beside the QR code instead.
        text(
            c,
            QR_X + QR_SIZE / 2,
            CODE_BASELINE,
            slip.short_code,
            FONT_BOLD,
            10.5,
            width=QR_SIZE + 36,
            align="center",
            min_size=1,
        )
        self._header(slip)
        self._recipient(slip)
        self._delivery(slip)
        c.restoreState()

    def _header(self, slip: SlipData) -> None:
        c = self.canvas
        text(
            c, HEADER_RIGHT, TOP - 21, slip.slip_reference, FONT_BOLD, 12, width=150, align="right"
        )
        text(
            c,
            HEADER_RIGHT,
            TOP - 32,
            f"Baskı tarihi {format_date(slip.print_date)}",
            FONT,
            7,
            align="right",
        )
        serial = f"Fiş {slip.delivery_id}"
        if slip.print_serial > 1:
            serial += f" · {slip.print_serial}. baskı"
        text(c, HEADER_RIGHT, TOP - 42, serial, FONT, 7, align="right")

    def _recipient(self, slip: SlipData) -> None:
        c = self.canvas
        width = COL2_X - MARGIN - 12
        y = RULE_Y - 25
        text(c, MARGIN, y, slip.recipient_name, FONT_BOLD, 12, width=width, min_size=8)
        text(c, MARGIN, y - 13, f"Tel: {slip.phone_masked or '—'}", FONT, 9, width=width)
        if slip.baby_name:
            text(c, MARGIN, y - 25, f"Bebek: {slip.baby_name}", FONT, 9, width=width)
        y = RULE_Y - 76
        text(c, MARGIN, y, slip.mahalle, FONT_BOLD, 10, width=width, min_size=7)
        text(c, MARGIN, y - 12, slip.street, FONT, 9, width=width, min_size=6.5)
        number = f"No: {slip.building_no or '—'}"
        if slip.apartment_no:
            number += f"   Daire: {slip.apartment_no}"
        text(c, MARGIN, y - 24, number, FONT, 9, width=width)
        if slip.address_note:
            c.setFillGray(GREY)
            note, size = fit_text(slip.address_note, FONT, 7.5, width, 6)
            text(c, MARGIN, y - 35, note, FONT, size)
            c.setFillGray(0)

    def _delivery(self, slip: SlipData) -> None:
        c = self.canvas
        width = HEADER_RIGHT - COL2_X
        y = RULE_Y - 25
        text(c, COL2_X, y, format_day(slip.delivery_date), FONT_BOLD, 11, width=width)
        if slip.kind == DeliveryKind.HOME:
            text(c, COL2_X, y - 13, f"Ekip: {slip.team_name or '—'}", FONT, 9, width=width)
            if slip.route_order:
                text(c, COL2_X, y - 25, f"Rota sırası: {slip.route_order}", FONT, 9)
        else:
            text(c, COL2_X, y - 13, "Teslim alma yeri ve saati:", FONT, 8)
            for index, line in enumerate(wrap(slip.pickup_window or "—", FONT, 9, width, 3)):
                text(c, COL2_X, y - 25 - 11 * index, line, FONT, 9)

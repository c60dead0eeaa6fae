"""Small drawing helpers shared by the documents: fitted text, tick boxes, Turkish dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from desk_app.printing.fonts import FONT

MM = 72 / 25.4
A4_SIZE = (595.2756, 841.8898)
A5_LANDSCAPE = (595.2756, 419.5276)
GREY = 0.35
ELLIPSIS = "…"

WEEKDAYS = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")


def format_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def format_day(day: date) -> str:
    """``02.12.2026 Çarşamba``."""
    return f"{format_date(day)} {WEEKDAYS[day.weekday()]}"


def format_datetime(moment: datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M")


def fit_text(
    value: str, font: str, size: float, width: float, min_size: float
) -> tuple[str, float]:
    """``value`` and a font size at which it fits ``width``: the size shrinks down to
    ``min_size``, then the text is cut with an ellipsis."""
    natural = stringWidth(value, font, size)
    if natural <= width:
        return value, size
    shrunk = size * width / natural
    if shrunk >= min_size:
        return value, shrunk
    cut = value
    while cut and stringWidth(cut + ELLIPSIS, font, min_size) > width:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS, min_size


def wrap(value: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """``value`` broken at spaces into at most ``max_lines`` lines of ``width``; the last line
    is cut with an ellipsis when the text does not fit."""
    lines: list[str] = []
    words = value.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and stringWidth(f"{line} {words[0]}", font, size) <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        lines[-1] = f"{lines[-1]} {' '.join(words)}"
    if lines:
        lines[-1] = fit_text(lines[-1], font, size, width, size)[0]
    return lines


def text(
    canvas: Any,
    x: float,
    y: float,
    value: str,
    font: str = FONT,
    size: float = 9,
    width: float | None = None,
    align: str = "left",
    min_size: float | None = None,
) -> None:
    """Draw ``value`` with its baseline at ``y``; with ``width``, fitted to it (see fit_text)."""
    if not value:
        return
    if width is not None:
        value, size = fit_text(value, font, size, width, min_size or size * 0.75)
    canvas.setFont(font, size)
    if align == "right":
        canvas.drawRightString(x, y, value)
    elif align == "center":
        canvas.drawCentredString(x, y, value)
    else:
        canvas.drawString(x, y, value)


def checkbox(canvas: Any, x: float, y: float, size: float = 7.5) -> None:
    """An empty tick box with its lower left corner at (x, y)."""
    canvas.rect(x, y, size, size, stroke=1, fill=0)


def cut_marks(canvas: Any, width: float, y: float) -> None:
    """Cutting guides across a sheet at height ``y``: ticks at both edges and a faint dashes."""
    canvas.saveState()
    canvas.setLineWidth(0.6)
    canvas.line(4 * MM, y, 11 * MM, y)
    canvas.line(width - 11 * MM, y, width - 4 * MM, y)
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(0.3)
    canvas.setDash(3, 3)
    canvas.line(13 * MM, y, width - 13 * MM, y)
    canvas.restoreState()

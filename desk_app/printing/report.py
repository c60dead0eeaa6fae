"""A report as plain records (title, sections of tables and charts) and its PDF rendering.

The service layer turns the supervisor's summary into a ``ReportDoc``; the same records feed
the PDF (here, with the charts drawn by ReportLab's graphics), the spreadsheet and the CSV
(services.report), so every export holds the same figures.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.graphics import shapes
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desk_app.printing.fonts import FONT, FONT_BOLD, register_fonts

Cell = str | int | float | None

# Colour-blind-safe palette (Okabe–Ito), also used by the summary page's charts.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)


@dataclass(frozen=True)
class ReportTable:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    key: str = ""  # a short machine name (sheet names, CSV sections)


@dataclass(frozen=True)
class ReportChart:
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    kind: Literal["bar", "stacked"] = "bar"
    value_label: str = "Sayı"  # what the value axis counts, printed above it


@dataclass(frozen=True)
class ReportSection:
    heading: str
    items: tuple[ReportTable | ReportChart, ...]


@dataclass(frozen=True)
class ReportDoc:
    title: str
    subtitle: str
    generated: str
    sections: tuple[ReportSection, ...]

    def tables(self) -> list[ReportTable]:
        return [i for s in self.sections for i in s.items if isinstance(i, ReportTable)]


def format_number(value: Cell) -> str:
    """Turkish digit grouping: 28.640; decimals with a comma: 5,9; None as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "evet" if value else "hayır"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        whole, _, frac = f"{value:,.1f}".partition(".")
        return f"{whole.replace(',', '.')},{frac}"
    return str(value)


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=FONT_BOLD, fontSize=16, leading=20),
        "subtitle": ParagraphStyle("subtitle", fontName=FONT, fontSize=10, leading=13),
        "heading": ParagraphStyle(
            "heading", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
        ),
        "caption": ParagraphStyle("caption", fontName=FONT_BOLD, fontSize=9, leading=12),
        "note": ParagraphStyle(
            "note", fontName=FONT, fontSize=7.5, leading=9.5, textColor=colors.grey
        ),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(table: ReportTable, width: float, styles: dict[str, ParagraphStyle]) -> list[Any]:
    cell = styles["cell"]
    data: list[list[Any]] = [[Paragraph(f"<b>{_escape(h)}</b>", cell) for h in table.header]]
    for row in table.rows:
        data.append(
            [
                Paragraph(_escape(format_number(v)), cell)
                if not isinstance(v, int | float) or isinstance(v, bool)
                else format_number(v)
                for v in row
            ]
        )
    columns = len(table.header)
    first = width * (0.5 if columns <= 3 else 0.34 if columns <= 6 else 0.22)
    rest = (width - first) / max(1, len(table.header) - 1)
    widths = [first] + [rest] * (len(table.header) - 1)
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#B0B8C0")),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    out: list[Any] = [Paragraph(_escape(table.title), styles["caption"]), Spacer(1, 2), t]
    if table.note:
        out += [Spacer(1, 2), Paragraph(_escape(table.note), styles["note"])]
    out.append(Spacer(1, 8))
    return out


def _chart(chart: ReportChart, width: float) -> Drawing:
    height = 62 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 10, chart.title, fontName=FONT_BOLD, fontSize=9))
    bars = VerticalBarChart()
    bars.x, bars.y = 34, 28
    bars.width, bars.height = width - 150, height - 60  # room for the title and axis label
    bars.data = [list(values) for _, values in chart.series] or [[0]]
    bars.categoryAxis.categoryNames = _thinned(chart.categories)
    bars.categoryAxis.labels.fontName = FONT
    bars.categoryAxis.labels.fontSize = 6.5
    bars.categoryAxis.labels.angle = 30 if len(chart.categories) > 8 else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if len(chart.categories) > 8 else "n"
    bars.valueAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    # The top of the axis is a labelled tick (it ended above the last number).
    top, step = _nice_axis(_largest(chart))
    bars.valueAxis.valueMax, bars.valueAxis.valueStep = top, step
    bars.valueAxis.labelTextFormat = lambda v: format_number(int(v))
    if chart.kind == "stacked":
        bars.categoryAxis.style = "stacked"
    bars.barSpacing = 0.5
    for i in range(len(chart.series)):
        bars.bars[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
        bars.bars[i].strokeColor = None
    drawing.add(bars)
    # What the axis counts, above it.
    drawing.add(String(2, bars.y + bars.height + 4, chart.value_label, fontName=FONT, fontSize=7))
    if len(chart.series) < 2:
        return drawing  # one series needs no legend (it only repeated the title)
    legend = Legend()
    legend.x, legend.y = width - 108, height - 22
    legend.fontName = FONT
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 10
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[i % len(PALETTE)]), name)
        for i, (name, _) in enumerate(chart.series)
    ]
    drawing.add(legend)
    return drawing


MAX_CATEGORY_LABELS = 14


def _thinned(categories: tuple[str, ...]) -> list[str]:
    """Every n-th category label, so that many weeks' dates do not overlap."""
    every = max(1, math.ceil(len(categories) / MAX_CATEGORY_LABELS))
    return [name if i % every == 0 else "" for i, name in enumerate(categories)]


def _largest(chart: ReportChart) -> float:
    if not chart.series:
        return 0.0
    if chart.kind == "stacked":
        columns = zip(*(values for _, values in chart.series), strict=True)
        return max((sum(column) for column in columns), default=0.0)
    return max((max(values, default=0.0) for _, values in chart.series), default=0.0)


def _nice_axis(largest: float, ticks: int = 5) -> tuple[float, float]:
    """(top, step) of a value axis: a round step and a top that is a multiple of it."""
    if largest <= 0:
        return 1.0, 1.0
    raw = largest / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1.0, float(step))
    return math.ceil(largest / step) * step, step


def render_report(out: Any, doc: ReportDoc) -> int:
    """The report as an A4 PDF (every font the embedded DejaVu Sans). Returns the page count."""
    register_fonts()
    # ReportLab's graphics start every drawing in Helvetica (not embedded); printing is the
    # only user of ReportLab in desk_app, so the process-wide default is ours to set.
    shapes.STATE_DEFAULTS["fontName"] = FONT
    styles = _styles()
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=doc.title,
        initialFontName=FONT,  # the canvas would otherwise start in (unembedded) Helvetica
        initialFontSize=9,
        author="T.C. Çorum Belediyesi",
        creator="desk_app",
    )
    width = A4[0] - 32 * mm
    story: list[Any] = [
        Paragraph(_escape(doc.title), styles["title"]),
        Paragraph(_escape(doc.subtitle), styles["subtitle"]),
        Paragraph(_escape(doc.generated), styles["note"]),
        Spacer(1, 6),
    ]
    for section in doc.sections:
        block: list[Any] = [Paragraph(_escape(section.heading), styles["heading"])]
        for item in section.items:
            if isinstance(item, ReportChart):
                block += [_chart(item, width), Spacer(1, 6)]
            else:
                block += _table(item, width, styles)
        story.append(KeepTogether(block[:3]))
        story += block[3:]
    pages = 0

    def on_page(canvas: Any, _doc: Any) -> None:
        nonlocal pages
        pages += 1
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillGray(0.4)
        canvas.drawRightString(A4[0] - 16 * mm, 9 * mm, f"Sayfa {pages}")
        canvas.drawString(16 * mm, 9 * mm, f"{doc.title} · {doc.subtitle}")
        canvas.restoreState()

    pdf.build(story, onFirstPage=on_page, onLaterPages=on_page)
    data = buffer.getvalue()
    if hasattr(out, "write"):
        out.write(data)
    else:
        with open(out, "wb") as fh:
            fh.write(data)
    return pages

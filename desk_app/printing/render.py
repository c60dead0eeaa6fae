"""Whole documents: a day's batch (each team's route sheet, then its slips), slips alone, a route
sheet alone, and the desk's hand-over record.

Every function renders in memory and writes ``out`` only when the document is complete, so a
cancelled or failed job leaves no half-written file. ``progress(done, total)`` is called as the
work advances and ``cancelled()`` is asked between items; both may be called from a worker thread
(the GUI runs printing off its main thread), and PrintCancelled ends the job.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from desk_app.printing.fonts import FONT, register_fonts
from desk_app.printing.layout import A4_SIZE, A5_LANDSCAPE, cut_marks
from desk_app.printing.model import (
    PAGE_SIZES,
    PageSize,
    PrintCancelled,
    ReceiptData,
    RouteSheetData,
    SlipData,
)
from desk_app.printing.receipt import COPIES, draw_receipt
from desk_app.printing.route_sheet import draw_route_sheet
from desk_app.printing.slip import HEIGHT as SLIP_HEIGHT
from desk_app.printing.slip import SlipPainter

Target = BinaryIO | str | os.PathLike[str]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Batch = Sequence[tuple[RouteSheetData, Sequence[SlipData]]]

AUTHOR = "T.C. Çorum Belediyesi"

# Compressed streams are written as binary: ReportLab's default wraps them in ASCII85 as well,
# which makes the file a quarter larger and, in pure Python, costs a third of the save time.
# Printing is the only user of ReportLab in desk_app, so the process-wide switch is ours to set.
rl_config.useA85 = 0


def _page(page_size: PageSize) -> tuple[float, float]:
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page_size must be one of {PAGE_SIZES}, got {page_size!r}")
    return A4_SIZE if page_size == "A4" else A5_LANDSCAPE


def new_canvas(
    out: Any, page_size: tuple[float, float], title: str, compress: bool = True
) -> Canvas:
    """A canvas whose every font, the initial one included, is the embedded DejaVu Sans."""
    register_fonts()
    canvas = Canvas(
        out,
        pagesize=page_size,
        pageCompression=1 if compress else 0,
        initialFontName=FONT,
        initialFontSize=9,
    )
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setCreator("desk_app")
    canvas.setFont(FONT, 9)
    return canvas


def _write(out: Target, data: bytes) -> None:
    if isinstance(out, str | os.PathLike):
        path = Path(out)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    else:
        out.write(data)


class _Job:
    """Counts work done, reports it and honours the cancel button."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.total = total
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled
        self.report()

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise PrintCancelled("Yazdırma iptal edildi.")

    def report(self) -> None:
        if self._progress is not None:
            self._progress(self.done, self.total)

    def step(self) -> None:
        self.done += 1
        self.report()


class SlipPages:
    """Places slips on pages: two per A4 sheet (top and bottom half, with cut marks between),
    or one per A5 page."""

    def __init__(self, canvas: Canvas, page_size: PageSize) -> None:
        self.canvas = canvas
        self.painter = SlipPainter(canvas)
        self.per_page = 2 if page_size == "A4" else 1
        self.page_size = _page(page_size)
        self.slot = 0
        self.pages = 0

    def add(self, slip: SlipData) -> None:
        self.painter.prepare(slip)
        if self.per_page == 1:
            self.canvas.setPageSize(self.page_size)
            self.painter.draw(slip, 0, 0)
            self.slot = 1
            self.end_page()
            return
        if self.slot == 0:
            self.canvas.setPageSize(self.page_size)
            cut_marks(self.canvas, self.page_size[0], self.page_size[1] / 2)
        y = self.page_size[1] - SLIP_HEIGHT if self.slot == 0 else 0.0
        self.painter.draw(slip, 0, y)
        self.slot += 1
        if self.slot == self.per_page:
            self.end_page()

    def end_page(self) -> None:
        """End a part-filled sheet (a new team starts on a new sheet)."""
        if self.slot:
            self.canvas.showPage()
            self.pages += 1
        self.slot = 0


def render_batch(
    out: Target,
    batches: Batch,
    page_size: PageSize = "A4",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    compress: bool = True,
) -> int:
    """One PDF with, for each team, its route sheet followed by its slips (a team's slips start
    on a fresh sheet). Returns the number of pages; raises PrintCancelled."""
    size = _page(page_size)
    job = _Job(sum(1 + len(slips) for _, slips in batches), progress, cancelled)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, size, "Hoş Geldin Bebek teslim fişleri", compress)
    slips_out = SlipPages(canvas, page_size)
    pages = 0
    for sheet, slips in batches:
        job.check()
        canvas.setPageSize(size)
        pages += draw_route_sheet(canvas, sheet, size)
        job.step()
        for slip in slips:
            job.check()
            slips_out.add(slip)
            job.step()
        slips_out.end_page()
    job.check()
    canvas.save()
    _write(out, buffer.getvalue())
    return pages + slips_out.pages


def render_slips(
    out: Target,
    slips: Sequence[SlipData],
    page_size: PageSize = "A4",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    compress: bool = True,
) -> int:
    """Slips alone (a reprint, desk pickups). Returns the number of pages."""
    job = _Job(len(slips), progress, cancelled)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, _page(page_size), "Hoş Geldin Bebek teslim fişleri", compress)
    slips_out = SlipPages(canvas, page_size)
    for slip in slips:
        job.check()
        slips_out.add(slip)
        job.step()
    slips_out.end_page()
    job.check()
    if slips_out.pages == 0:
        canvas.showPage()  # a PDF needs a page; an empty one says there was nothing to print
    canvas.save()
    _write(out, buffer.getvalue())
    return max(slips_out.pages, 1)


def render_route_sheet(out: Target, sheet: RouteSheetData, page_size: PageSize = "A4") -> int:
    """A route sheet alone. Returns the number of pages."""
    size = _page(page_size)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, size, "Hoş Geldin Bebek rota listesi")
    pages = draw_route_sheet(canvas, sheet, size)
    canvas.save()
    _write(out, buffer.getvalue())
    return pages


def render_receipt(out: Target, receipt: ReceiptData, page_size: PageSize = "A4") -> int:
    """The hand-over record in two copies (institution's and citizen's): both halves of one A4
    sheet with cut marks, or two A5 pages. Returns the number of pages."""
    size = _page(page_size)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, size, "Hoş Geldin Bebek teslim tutanağı")
    if page_size == "A4":
        cut_marks(canvas, size[0], size[1] / 2)
        draw_receipt(canvas, receipt, 0, size[1] - A5_LANDSCAPE[1], COPIES[0])
        draw_receipt(canvas, receipt, 0, 0, COPIES[1])
        canvas.showPage()
        pages = 1
    else:
        for copy in COPIES:
            draw_receipt(canvas, receipt, 0, 0, copy)
            canvas.showPage()
        pages = 2
    canvas.save()
    _write(out, buffer.getvalue())
    return pages

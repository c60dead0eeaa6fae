"""Preview of a PDF the desk made (a day's slips, a reprint, a pickup receipt) with "Yazdır…",
"PDF olarak kaydet…" and "Kapat".

Printing goes through Qt's print dialog: each page is rendered with QtPdf at the printer's
resolution (at most ``MAX_RENDER_DPI``, enough for QR codes and text on any desk printer, and
an A4 page stays a few tens of MB) and painted on the whole sheet; the PDF carries its own
margins. The page range chosen in the print dialog is honoured. ``ask_printer`` is the one
place a test patches to "print" without a dialog (e.g. to a QPrinter in PDF format).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QRect, QSize, QSizeF, Qt, Slot
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui.kit import dialogs, palette
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.widgets import error_label, hint_label, show_error

log = logging.getLogger(__name__)

MAX_RENDER_DPI = 300


def ask_printer(parent: QWidget | None, printer: QPrinter, page_count: int) -> bool:
    """Qt's print dialog for ``printer``; False when cancelled. Tests patch this function."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Yazdır"))
    dialog.setMinMax(1, max(page_count, 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def match_page_size(printer: QPrinter, document: QPdfDocument) -> None:
    """Start the printer on the paper size and orientation of the document's first page."""
    if document.pageCount() < 1:
        return
    points = document.pagePointSize(0)
    width, height = points.width(), points.height()
    portrait = QSize(round(min(width, height)), round(max(width, height)))
    orientation = (
        QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
    )
    printer.setPageSize(QPageSize(portrait))
    printer.setPageOrientation(orientation)


def page_range(printer: QPrinter, page_count: int) -> range:
    """The 0-based pages to print: the range chosen in the print dialog, or all of them."""
    first, last = 1, page_count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(page_count, printer.toPage() or page_count)
    return range(first - 1, last)


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the document's pages (the printer's page range) on ``printer``; the number of
    pages printed. Raises OSError when the printer cannot be opened."""
    pages = page_range(printer, document.pageCount())
    if not pages:
        return 0
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(tr("Yazıcı açılamadı; yazıcının açık ve bağlı olduğunu kontrol edin."))
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        for n, index in enumerate(pages):
            if n and not printer.newPage():
                raise OSError(tr("Yazıcı yeni sayfaya geçemedi."))
            points: QSizeF = document.pagePointSize(index)
            image = document.render(
                index,
                QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)),
            )
            area = painter.viewport()
            scale = min(area.width() / points.width(), area.height() / points.height())
            width, height = round(points.width() * scale), round(points.height() * scale)
            target = QRect(
                area.x() + (area.width() - width) // 2,
                area.y() + (area.height() - height) // 2,
                width,
                height,
            )
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(pages)


class PdfPreviewDialog(QDialog):
    """Shows ``path``; with ``owns_file`` the file (a temporary one) is deleted on close."""

    def __init__(
        self,
        path: str | Path,
        parent: QWidget | None = None,
        *,
        title: str = "",
        info: str = "",
        suggested_name: str = "",
        owns_file: bool = False,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.owns_file = owns_file
        self.suggested_name = suggested_name or self.path.name
        self.printed_pages = 0
        self.saved_path: Path | None = None
        self.setObjectName("pdf_preview_dialog")
        self.setWindowTitle(title or tr("Baskı önizleme"))
        fit_to_screen(self, 900, 700)

        self.document = QPdfDocument(self)
        error = self.document.load(str(self.path))
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setDocument(self.document)
        self.view.setPageSpacing(12)

        self.info_label = QLabel(info, self)
        self.info_label.setObjectName("pdf_info")
        self.info_label.setWordWrap(True)
        self.info_label.setVisible(bool(info))
        self.page_count_label = QLabel(self)
        self.page_count_label.setObjectName("page_count_label")
        self.page_count_label.setText(tr("{0} sayfa").format(self.page_count))
        self.fit_page_button = QPushButton(tr("Sayfaya sığdır"), self)
        self.fit_page_button.setObjectName("fit_page_button")
        self.fit_page_button.setAutoDefault(False)
        self.fit_page_button.clicked.connect(self.on_fit_page_clicked)
        self.fit_width_button = QPushButton(tr("Genişliğe sığdır"), self)
        self.fit_width_button.setObjectName("fit_width_button")
        self.fit_width_button.setAutoDefault(False)
        self.fit_width_button.clicked.connect(self.on_fit_width_clicked)
        top = QHBoxLayout()
        top.addWidget(self.page_count_label)
        top.addStretch(1)
        top.addWidget(self.fit_page_button)
        top.addWidget(self.fit_width_button)

        self.error = error_label(self)
        # Where the PDF went, after "PDF olarak kaydet" (it said nothing before).
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("saved_label")
        self.saved_label.setStyleSheet(f"color: {palette.SUCCESS};")
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved_label.setVisible(False)
        self.print_button = QPushButton(tr("&Yazdır…"), self)
        self.print_button.setObjectName("print_button")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.save_button = QPushButton(tr("PDF olarak &kaydet…"), self)
        self.save_button.setObjectName("save_pdf_button")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.close_button = QPushButton(tr("Kapat"), self)
        self.close_button.setObjectName("close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(hint_label(tr("Enter: yazdır · Esc: kapat"), self), 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.saved_label)
        layout.addLayout(buttons)

        if error != QPdfDocument.Error.None_ or self.page_count == 0:
            show_error(self.error, tr("PDF açılamadı: {0}").format(self.path.name))
            self.print_button.setEnabled(False)
        self.print_button.setFocus()

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    # --- slots ------------------------------------------------------------------------------
    @Slot()
    def on_fit_page_clicked(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    @Slot()
    def on_fit_width_clicked(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    @Slot()
    def on_print_clicked(self) -> None:
        show_error(self.error, "")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name)
        match_page_size(printer, self.document)
        if not ask_printer(self, printer, self.page_count):
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print on an already set-up printer; errors are shown in the dialog."""
        try:
            self.printed_pages = print_document(self.document, printer)
        except OSError as exc:
            show_error(self.error, str(exc))
            return False
        return True

    @Slot()
    def on_save_clicked(self) -> None:
        show_error(self.error, "")
        target = dialogs.ask_save_path(
            self, tr("PDF olarak kaydet"), self.suggested_name, tr("PDF dosyası (*.pdf)")
        )
        if target is None:
            return
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            shutil.copyfile(self.path, target)
        except OSError as exc:
            show_error(self.error, tr("PDF kaydedilemedi: {0}").format(exc.strerror or exc))
            return
        self.saved_path = target
        self.saved_label.setText(tr("Kaydedildi: {0}").format(target))
        self.saved_label.setToolTip(str(target))
        self.saved_label.setVisible(True)

    def done(self, result: int) -> None:
        super().done(result)
        if self.owns_file:
            self.document.close()
            try:
                self.path.unlink(missing_ok=True)
            except OSError:  # still open elsewhere (Windows): the temp folder is cleaned later
                log.warning("could not remove the temporary PDF %s", self.path)
            self.owns_file = False

"""The user guide (docs/*.md) inside the program: Yardım › Kullanım kılavuzu and F1 open the
page and section that fit what is on the screen (the active dialog, else the current page)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.paths import frozen_root
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.screen_fit import fit_to_screen

log = logging.getLogger(__name__)

DESK_DAY = "masa-gorevlisinin-gunu.md"
SLIPS = "fis-basma-ve-tarama.md"
SUMMARY = "ozet-ve-raporlar.md"
ADMIN = "kurulum-ve-yonetim.md"
INDEX = "README.md"

# What is on the screen (a page key or a dialog's object name) -> (guide page, section heading).
TOPICS: dict[str, tuple[str, str]] = {
    "requests": (DESK_DAY, "3. Talep kaydı ve yönlendirme"),
    "request_form_dialog": (DESK_DAY, "3. Talep kaydı ve yönlendirme"),
    "request_detail_dialog": (DESK_DAY, "4. Müdürlüğün cevabı ve vatandaşın bilgilendirilmesi"),
    "citizen_card_dialog": (DESK_DAY, "2. Vatandaşı bulmak ya da kaydetmek"),
    "citizen_form_dialog": (DESK_DAY, "Yeni vatandaş"),
    "applications": (DESK_DAY, "5. Hoş Geldin Bebek başvurusu (masada)"),
    "application_form_dialog": (DESK_DAY, "5. Hoş Geldin Bebek başvurusu (masada)"),
    "application_detail_dialog": (DESK_DAY, "5. Hoş Geldin Bebek başvurusu (masada)"),
    "import_dialog": (DESK_DAY, "Web sitesinden gelen başvuruları içe almak"),
    "delivery": (DESK_DAY, "6. Teslimat planlamak"),
    "booking_dialog": (DESK_DAY, "6. Teslimat planlamak"),
    "bulk_book_dialog": (DESK_DAY, "6. Teslimat planlamak"),
    "delivery_day_dialog": (DESK_DAY, "6. Teslimat planlamak"),
    "slip_print_dialog": (SLIPS, "1. Günün fişlerini basmak"),
    "pdf_preview_dialog": (SLIPS, "1. Günün fişlerini basmak"),
    "scan": (SLIPS, "3. Dönen fişleri okutmak (Tarama sayfası)"),
    "outcome_dialog": (SLIPS, "4. Masadan teslim ve tutanak"),
    "summary": (SUMMARY, ""),
    "teams_dialog": (ADMIN, "4. Ekipler, teslim saatleri ve set stoğu"),
    "windows_dialog": (ADMIN, "4. Ekipler, teslim saatleri ve set stoğu"),
    "stock_dialog": (ADMIN, "4. Ekipler, teslim saatleri ve set stoğu"),
    "lock_dialog": (DESK_DAY, "1. Giriş ve oturum kilidi"),
}


def docs_dir() -> Path | None:
    """The guide's folder: beside the executable's bundle (frozen) or the checkout's docs/."""
    bundle = frozen_root()
    candidates = [bundle / "docs"] if bundle is not None else []
    candidates.append(Path(__file__).resolve().parents[3] / "docs")
    for folder in candidates:
        if (folder / INDEX).is_file():
            return folder
    return None


def topic_for(key: str) -> tuple[str, str]:
    return TOPICS.get(key, (INDEX, ""))


def topic_key(fallback: str) -> str:
    """The active dialog's object name when it has a topic, else ``fallback`` (the page)."""
    window = QApplication.activeModalWidget() or QApplication.activeWindow()
    name = window.objectName() if window is not None else ""
    return name if name in TOPICS else fallback


class HelpDialog(QDialog):
    """The guide's Markdown pages with their pictures; links between pages work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle(tr("Kullanım kılavuzu"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 640)

    def show_topic(self, page: str, heading: str = "") -> bool:
        """Open ``page`` of the guide at ``heading``; False (and a message) when it is missing."""
        folder = docs_dir()
        if folder is None or not (folder / page).is_file():
            log.warning("user guide page %s not found (docs folder: %s)", page, folder)
            self.browser.setPlainText(
                tr("Kullanım kılavuzu bu kurulumda bulunamadı ({0}).").format(page)
            )
            return False
        self.browser.setSearchPaths([str(folder)])
        self.browser.setSource(
            QUrl.fromLocalFile(str(folder / page)), QTextDocument.ResourceType.MarkdownResource
        )
        if heading:
            self.scroll_to(heading)
        return True

    def scroll_to(self, heading: str) -> bool:
        found = self.browser.document().find(heading)
        if found.isNull():
            return False
        cursor = QTextCursor(found)
        cursor.clearSelection()
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.maximum())  # then back up: the heading lands at the top
        self.browser.setTextCursor(cursor)
        self.browser.ensureCursorVisible()
        return True


def open_help(parent: QWidget | None, key: str) -> HelpDialog:
    """Show the guide for ``key`` (a page key or dialog name)."""
    dialog = HelpDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    page, heading = topic_for(key)
    dialog.show()
    dialog.show_topic(page, heading)
    return dialog

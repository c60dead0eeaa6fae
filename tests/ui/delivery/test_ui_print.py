"""The day's batch print dialog (background print with progress and cancel) and the PDF preview
(page count, "printing" to a PDF-format QPrinter, page range, save as PDF)."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.db import Database
from desk_app.domain.slip_token import parse_token
from desk_app.models import Delivery
from desk_app.services.context import Actor
from desk_app.services.delivery import slips
from desk_app.services.uow import read_only
from desk_app.ui.delivery.slip_print_dialog import SlipPrintDialog, open_slip_print_dialog
from desk_app.ui.kit import dialogs, pdf_preview_dialog
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.pdf_preview_dialog import PdfPreviewDialog
from tests.services.delivery.delivery_fixtures import NOW, TUESDAY
from tests.ui.ops import wait_ops
from tests.ui.scan.test_ui_scan import Plan, plan_tuesday, secret_of


@pytest.fixture
def plan(db: Database, supervisor: Actor, clerk: Actor) -> Plan:
    return plan_tuesday(db, supervisor, clerk)


def qr_codes(pdf: Path, tmp_path: Path) -> list[str]:
    prefix = tmp_path / "sayfa"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(prefix)], check=True)
    codes = []
    for png in sorted(tmp_path.glob("sayfa*.png")):
        with Image.open(png) as image:
            codes += [r.text for r in zxingcpp.read_barcodes(image)]
    return codes


def serials(db: Database) -> list[int]:
    with read_only(db) as s:
        return list(s.scalars(select(Delivery.print_serial).order_by(Delivery.id)))


def print_dialog(qtbot: QtBot, ctx: AppContext, **kwargs: Any) -> SlipPrintDialog:
    dialog = open_slip_print_dialog(ctx, None, **kwargs)
    qtbot.addWidget(dialog)
    assert not dialog.prepare_button.isEnabled()  # shown at once; the teams load behind it
    wait_ops(qtbot)
    assert dialog.teams_loaded and dialog.prepare_button.isEnabled()
    return dialog


def test_batch_dialog_prints_the_days_slips_into_the_preview(
    qtbot: QtBot, clerk_ctx: AppContext, plan: Plan, db: Database, tmp_path: Path
) -> None:
    dialog = print_dialog(qtbot, clerk_ctx, day=TUESDAY)
    assert dialog.isVisible() and dialog.team_combo.currentText() == "Tüm ekipler"
    assert [dialog.team_combo.itemText(i) for i in range(dialog.team_combo.count())] == [
        "Tüm ekipler",
        "Ekip 1",
        "Ekip 2",
    ]
    with qtbot.waitSignal(dialog.preview_opened, timeout=20000) as blocker:
        qtbot.mouseClick(dialog.prepare_button, Qt.MouseButton.LeftButton)
    preview: PdfPreviewDialog = blocker.args[0]
    qtbot.addWidget(preview)
    assert not dialog.isVisible()
    # Two route sheets and three slips: one report before and one after each. (A modal
    # progress dialog processes events while it updates, so the order may interleave.)
    assert sorted(dialog.progress_seen) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert preview.info_label.text().startswith("3 fiş, 2 rota listesi")
    pages = len(PdfReader(preview.path).pages)
    assert preview.page_count == pages and preview.page_count_label.text() == f"{pages} sayfa"
    secret = secret_of(db)
    tokens = sorted(
        (t.delivery_id, t.serial)
        for t in map(lambda c: parse_token(c, secret), qr_codes(preview.path, tmp_path))
    )
    assert tokens == sorted((d, 1) for d in plan.home)
    assert serials(db) == [1, 1, 1, 0]  # the pickup has no slip in a team batch
    path = preview.path
    preview.close()
    assert not path.exists()


def test_batch_dialog_one_team_on_a5(
    qtbot: QtBot, clerk_ctx: AppContext, plan: Plan, db: Database
) -> None:
    dialog = print_dialog(qtbot, clerk_ctx, day=TUESDAY, team_name="ekip 2")
    assert dialog.team_combo.currentText() == "Ekip 2"
    dialog.a5_radio.setChecked(True)
    assert dialog.suggested_name() == "fisler-2025-06-17-ekip-2.pdf"
    with qtbot.waitSignal(dialog.slips_prepared, timeout=20000) as blocker:
        dialog.on_prepare_clicked()
    summary = blocker.args[0]
    assert (summary.slips, summary.route_sheets) == (1, 1)
    assert summary.pages == 2  # the route sheet and one A5 slip
    assert dialog.preview_dialog is not None
    qtbot.addWidget(dialog.preview_dialog)
    dialog.preview_dialog.close()


def test_cancel_leaves_no_serial_raised_and_no_file(
    qtbot: QtBot,
    clerk_ctx: AppContext,
    plan: Plan,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = slips.print_slips
    go = threading.Event()

    def held(*args: Any, **kwargs: Any) -> Any:
        go.wait(10)  # the clerk presses "İptal" before the first page is drawn
        return real(*args, **kwargs)

    monkeypatch.setattr(slips, "print_slips", held)
    dialog = print_dialog(qtbot, clerk_ctx, day=TUESDAY)
    dialog.on_prepare_clicked()
    assert dialog.task is not None
    out = dialog.out_path
    assert out is not None
    progress = dialog.task.progress_dialog  # type: ignore[attr-defined]
    with (
        qtbot.assertNotEmitted(dialog.preview_opened),
        qtbot.waitSignal(dialog.task.cancelled, timeout=20000),
    ):
        qtbot.mouseClick(progress.findChild(QWidget, "cancel_button"), Qt.MouseButton.LeftButton)
        go.set()
    assert serials(db) == [0, 0, 0, 0]
    assert not out.exists() and dialog.out_path is None
    assert dialog.isVisible() and "İptal edildi" in dialog.error.text()
    assert dialog.prepare_button.isEnabled()


def test_a_day_without_deliveries_says_so(
    qtbot: QtBot, clerk_ctx: AppContext, plan: Plan, db: Database
) -> None:
    dialog = print_dialog(qtbot, clerk_ctx, day=TUESDAY)
    dialog.range_check.setChecked(True)
    dialog.day_from.setDate(dialog.day_from.date().addDays(7))
    assert dialog.day_to.date() == dialog.day_from.date()  # the range follows its start
    with qtbot.assertNotEmitted(dialog.preview_opened):
        dialog.on_prepare_clicked()
        assert dialog.task is not None
        qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.is_done, timeout=20000)
    assert "basılacak planlanmış adrese teslim yok" in dialog.error.text()
    assert serials(db) == [0, 0, 0, 0]
    # Typing another day (Ctrl+A, then the digits) takes the digits and clears the old message.
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.day_from.setFocus()
    qtbot.keyClick(dialog.day_from, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.day_from, TUESDAY.strftime("%d%m%Y"))
    assert dialog.day_from.date().toPython() == TUESDAY
    assert dialog.error.text() == ""
    # A click into the month, then digits: the month is replaced.
    line = dialog.day_from.lineEdit()
    month_x = line.fontMetrics().horizontalAdvance("01.0") + 2
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(month_x, line.height() // 2))
    qtbot.keyClicks(dialog.day_from, "01")
    assert dialog.day_from.date().month() == 1


@pytest.fixture
def day_pdf(plan: Plan, db: Database, clerk: Actor, tmp_path: Path) -> Path:
    out = tmp_path / "gun.pdf"
    slips.print_slips(db, clerk, out, day_from=TUESDAY, page_size="A5", now=NOW)
    return out


def pdf_printer(monkeypatch: pytest.MonkeyPatch, target: Path, pages: tuple[int, int] = (0, 0)):  # type: ignore[no-untyped-def]
    """Answer the print dialog: a PDF-format printer writing ``target``."""
    seen: list[int] = []

    def answer(parent: object, printer: QPrinter, page_count: int) -> bool:
        seen.append(page_count)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(150)
        if pages != (0, 0):
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*pages)
        return True

    monkeypatch.setattr(pdf_preview_dialog, "ask_printer", answer)
    return seen


def test_preview_shows_the_page_count_and_prints_to_a_pdf_printer(
    qtbot: QtBot, day_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = PdfPreviewDialog(day_pdf, title="Önizleme")
    qtbot.addWidget(dialog)
    dialog.show()
    pages = len(PdfReader(day_pdf).pages)
    assert pages == 5  # two route sheets, three A5 slips
    assert dialog.page_count_label.text() == "5 sayfa"
    qtbot.mouseClick(dialog.fit_width_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.fit_page_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "yazici.pdf"
    seen = pdf_printer(monkeypatch, target)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert seen == [5]
    assert target.exists() and len(PdfReader(target).pages) == 5
    assert dialog.printed_pages == 5
    assert day_pdf.exists()  # not owned: the preview leaves the file alone
    dialog.close()
    assert day_pdf.exists()


def test_preview_prints_the_chosen_page_range(
    qtbot: QtBot, day_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = PdfPreviewDialog(day_pdf)
    qtbot.addWidget(dialog)
    target = tmp_path / "aralik.pdf"
    pdf_printer(monkeypatch, target, (2, 3))
    dialog.on_print_clicked()
    assert len(PdfReader(target).pages) == 2 and dialog.printed_pages == 2


def test_preview_saves_a_copy_as_pdf(
    qtbot: QtBot, day_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = PdfPreviewDialog(day_pdf, suggested_name="fisler.pdf")
    qtbot.addWidget(dialog)
    asked: list[object] = []

    def answer(parent: object, title: str, suggested: object = "", filters: str = "") -> Path:
        asked.append(suggested)
        return tmp_path / "kopya"

    monkeypatch.setattr(dialogs, "ask_save_path", answer)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["fisler.pdf"]
    assert (tmp_path / "kopya.pdf").read_bytes() == day_pdf.read_bytes()
    assert dialog.saved_path == tmp_path / "kopya.pdf"
    # It says that it was saved, and where.
    assert dialog.saved_label.isVisibleTo(dialog)
    assert dialog.saved_label.text() == f"Kaydedildi: {tmp_path / 'kopya.pdf'}"


def test_save_dialogs_open_in_documents_then_in_the_last_folder(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never in the program's own folder (the checkout or Program Files)."""
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    offered: list[str] = []
    answers = iter([str(tmp_path / "rapor" / "fisler.pdf"), ""])

    def fake(_parent: object, _title: str, suggested: str, _filters: str) -> tuple[str, str]:
        offered.append(suggested)
        return next(answers), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rapor").mkdir()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert dialogs.ask_save_path(None, "PDF", "fisler.pdf", "") == tmp_path / "rapor" / "fisler.pdf"
    expected = Path(documents) if Path(documents).is_dir() else Path.home()
    assert Path(offered[0]) == expected / "fisler.pdf"
    assert Path(offered[0]).parent != Path.cwd()
    assert dialogs.ask_save_path(None, "PDF", "ikinci.pdf", "") is None
    assert Path(offered[1]) == tmp_path / "rapor" / "ikinci.pdf"


def test_preview_of_a_broken_file_cannot_print(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "bozuk.pdf"
    broken.write_bytes(b"not a pdf")
    dialog = PdfPreviewDialog(broken)
    qtbot.addWidget(dialog)
    assert not dialog.print_button.isEnabled()
    assert "PDF açılamadı" in dialog.error.text()

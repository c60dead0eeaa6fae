"""Import the web site's export of applications (CSV or XLSX): choose the file, optionally a dry
run ("Deneme (yazmadan)"), run it in the background with a cancellable progress dialog, then the
summary (rows, imported, suspected duplicates, rejected, already imported) and the rows refused
(Satır, Sütun, Hata), which can be saved as a CSV/XLSX report.

The importer (``desk_app.services.applications.importer``) is imported when first used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.importing.rows import RowError
from desk_app.ui.kit import dialogs, palette
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.formatting import format_count
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.rows_table_model import RowsTableModel
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn, run_with_progress
from desk_app.ui.kit.widgets import error_label, hint_label, show_error

OPEN_FILTERS = "Web dışa aktarımı (*.csv *.xlsx);;CSV (*.csv);;Excel (*.xlsx)"
SAVE_FILTERS = "CSV (*.csv);;Excel (*.xlsx)"


class ImportErrorTableModel(RowsTableModel[RowError]):
    """The refused rows of an import report (row number, column, message)."""

    columns = (
        ("Satır", lambda e: str(e.row) if e.row else tr("dosya")),
        ("Sütun", lambda e: e.column or "—"),
        ("Hata", lambda e: e.message),
    )


class ImportDialog(QDialog):
    """``imported(ImportReport)`` after a real (not dry) run wrote applications;
    ``import_finished(ImportReport)`` after any run; ``import_failed(message)``."""

    imported = Signal(object)
    import_finished = Signal(object)
    import_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_dialog")
        self.setWindowTitle(tr("Web dışa aktarımını içe al"))
        self.path: Path | None = None
        self.report: Any = None
        self.task: BackgroundTask | None = None

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("path_edit")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(tr("CSV veya XLSX dosyası seçin"))
        self.choose_button = QPushButton(tr("Dosya seç…"))
        self.choose_button.setObjectName("choose_button")
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.on_choose_clicked)
        self.dry_run_check = QCheckBox(tr("Deneme (yazmadan)"))
        self.dry_run_check.setObjectName("dry_run_check")
        self.dry_run_check.setToolTip(
            tr("Dosya kontrol edilir, sonuç gösterilir; veritabanına hiçbir şey yazılmaz.")
        )
        self.run_button = QPushButton(tr("İçe al"))
        self.run_button.setObjectName("run_button")
        self.run_button.setDefault(True)
        self.run_button.setEnabled(False)
        self.run_button.clicked.connect(self.on_run_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(tr("Dosya:")))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        options_row = QHBoxLayout()
        options_row.addWidget(self.dry_run_check)
        options_row.addStretch(1)
        options_row.addWidget(self.run_button)

        self.summary_box = QGroupBox(tr("Sonuç"))
        self.summary_box.setObjectName("summary_box")
        summary = QGridLayout(self.summary_box)
        summary.setHorizontalSpacing(18)
        self.summary_title = QLabel()
        self.summary_title.setObjectName("summary_title")
        self.summary_title.setWordWrap(True)
        self.summary_title.setStyleSheet("font-weight: 600;")
        summary.addWidget(self.summary_title, 0, 0, 1, 4)
        self.counts: dict[str, QLabel] = {}
        captions = (
            ("rows", tr("Satır")),
            ("imported", tr("Eklenen")),
            ("duplicates", tr("Mükerrer şüphesi")),
            ("rejected", tr("Reddedilen")),
            ("skipped", tr("Zaten kayıtlı (atlandı)")),
        )
        for i, (key, caption) in enumerate(captions):
            name = QLabel(caption)
            name.setStyleSheet(f"color: {palette.TEXT_MUTED};")
            value = QLabel("—")
            value.setObjectName(f"{key}_count")
            value.setStyleSheet("font-size: 16pt; font-weight: 600;")
            summary.addWidget(name, 1, i)
            summary.addWidget(value, 2, i)
        for key in ("rows", "imported", "duplicates", "rejected", "skipped"):
            found = self.summary_box.findChild(QLabel, f"{key}_count")
            assert found is not None
            self.counts[key] = found
        self.summary_box.setVisible(False)

        self.error_model = ImportErrorTableModel(parent=self)
        self.error_table = QTableView()
        self.error_table.setObjectName("error_table")
        self.error_table.setModel(self.error_model)
        self.error_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.error_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.error_table.verticalHeader().setVisible(False)
        self.error_table.setWordWrap(True)
        header = self.error_table.horizontalHeader()
        header.resizeSection(0, 60)
        header.resizeSection(1, 170)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.save_report_button = QPushButton(tr("Hata raporunu kaydet…"))
        self.save_report_button.setObjectName("save_report_button")
        self.save_report_button.setAutoDefault(False)
        self.save_report_button.clicked.connect(self.on_save_report_clicked)
        self.errors_box = QGroupBox(tr("Reddedilen satırlar"))
        self.errors_box.setObjectName("errors_box")
        errors_layout = QVBoxLayout(self.errors_box)
        errors_layout.addWidget(self.error_table, 1)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_report_button)
        errors_layout.addLayout(save_row)
        self.errors_box.setVisible(False)

        self.error = error_label(self, "import_error")
        self.close_button = QPushButton(tr("Kapat"))
        self.close_button.setObjectName("close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(
            hint_label(
                tr("Aynı Başvuru No ikinci kez eklenmez; dosyayı yeniden içe almak güvenlidir."),
                self,
            ),
            1,
        )
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(options_row)
        layout.addWidget(self.error)
        layout.addWidget(self.summary_box)
        layout.addWidget(self.errors_box, 1)
        layout.addStretch(0)
        layout.addLayout(bottom)
        self.resize(820, 300)

    # --- choosing and running -----------------------------------------------------------------
    @Slot()
    def on_choose_clicked(self) -> None:
        path = dialogs.ask_open_path(self, tr("Web dışa aktarım dosyası"), "", tr(OPEN_FILTERS))
        if path is not None:
            self.set_path(path)

    def set_path(self, path: Path) -> None:
        self.path = path
        self.path_edit.setText(str(path))
        self.run_button.setEnabled(True)
        self.run_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def on_run_clicked(self) -> None:
        if self.path is None or (self.task is not None and not self.task.is_done):
            return
        from desk_app.services.applications import import_applications

        ctx, path, dry_run = self.ctx, self.path, self.dry_run_check.isChecked()
        show_error(self.error, "")

        def work(progress: ProgressFn) -> Any:
            return import_applications(ctx.db, ctx.user, path, dry_run=dry_run, progress=progress)

        self.run_button.setEnabled(False)
        title = tr("Deneme içe aktarımı") if dry_run else tr("İçe aktarılıyor")
        task = run_with_progress(self, title, work, label=path.name)
        task.finished.connect(self.on_task_finished)
        task.failed.connect(self.on_task_failed)
        task.cancelled.connect(self.on_task_cancelled)
        self.task = task

    @Slot(object)
    def on_task_finished(self, report: object) -> None:
        if not shiboken6.isValid(self):
            return
        self.run_button.setEnabled(True)
        self.show_report(report)
        self.import_finished.emit(report)
        if not bool(getattr(report, "dry_run", False)) and int(getattr(report, "imported", 0)):
            self.imported.emit(report)

    @Slot(object)
    def on_task_failed(self, exc: object) -> None:
        if not shiboken6.isValid(self):
            return
        self.run_button.setEnabled(True)
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("Dosya içe alınamadı: {0}").format(message))
        self.import_failed.emit(message)

    @Slot()
    def on_task_cancelled(self) -> None:
        if not shiboken6.isValid(self):
            return
        self.run_button.setEnabled(True)
        show_error(
            self.error,
            tr("İçe aktarım iptal edildi; iptale kadar işlenen satırlar kaydedilmiş olabilir."),
        )

    def show_report(self, report: Any) -> None:
        self.report = report
        if report.cancelled:
            head = tr("İptal edildi: {0} satırdan {1} tanesi işlendi.").format(
                report.rows, report.processed
            )
        elif report.dry_run:
            head = tr("Deneme: hiçbir şey yazılmadı. Gerçek içe aktarımda sonuç şöyle olur:")
        else:
            head = tr("İçe aktarım tamamlandı.")
        self.summary_title.setText(f"{head}  {Path(report.file).name}")
        for key, value in (
            ("rows", report.rows),
            ("imported", report.imported),
            ("duplicates", report.duplicates),
            ("rejected", report.rejected),
            ("skipped", report.skipped_existing),
        ):
            self.counts[key].setText(format_count(int(value)))
        self.summary_box.setVisible(True)
        self.error_model.set_rows(report.errors)
        self.error_table.resizeRowsToContents()
        self.errors_box.setVisible(bool(report.errors))
        self.save_report_button.setEnabled(bool(report.errors))
        if report.errors:
            self.resize(max(self.width(), 900), max(self.height(), 620))
        else:
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    # --- the error report ---------------------------------------------------------------------
    @Slot()
    def on_save_report_clicked(self) -> None:
        if self.report is None or not self.report.errors:
            return
        from desk_app.services.applications import write_error_report

        stem = Path(self.report.file).stem
        target = dialogs.ask_save_path(
            self, tr("Hata raporunu kaydet"), f"{stem}_hatalar.csv", tr(SAVE_FILTERS)
        )
        if target is None:
            return
        if target.suffix.lower() not in (".csv", ".xlsx"):
            target = target.with_suffix(".csv")
        try:
            written = write_error_report(self.report, target)
        except (OSError, DomainError) as exc:
            message = exc.message if isinstance(exc, DomainError) else str(exc)
            dialogs.error(self, tr("Rapor kaydedilemedi"), message)
            return
        dialogs.info(self, tr("Hata raporu"), tr("Hata raporu kaydedildi: {0}").format(written))

"""The day's slips: choose a day (tomorrow by default) or a range, one team or all, A4 (two
slips a sheet) or A5 (one a page); "Hazırla" renders the route sheets and QR-coded slips in the
background (with progress and cancel) and opens the PDF preview to print.

Preparing the PDF is what makes the slips valid: a delivery printed before gets a new serial and
its old slip is void. A cancelled run writes nothing and raises no serial. The planner calls
``open_slip_print_dialog``. The slips service (and ReportLab with it) is imported only when a
batch is prepared, never when the application starts.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import local_today
from desk_app.domain.errors import DomainError
from desk_app.domain.text import fold, sort_key
from desk_app.services.delivery import TeamRow, list_teams
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.date_edit import date_edit, from_qdate
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import (
    BackgroundTask,
    ProgressFn,
    failure_text,
    run_op,
    run_with_progress,
)
from desk_app.ui.kit.widgets import error_label, hint_label, show_error


def summary_text(summary: Any) -> str:
    """ "12 fiş, 2 rota listesi, 8 sayfa" plus the slips that are now void."""
    text = tr("{0} fiş, {1} rota listesi, {2} sayfa.").format(
        summary.slips, summary.route_sheets, summary.pages
    )
    if summary.reprinted:
        text += " " + tr(
            "{0} teslimatın daha önce basılmış fişi artık geçersiz; yalnızca bu fişler okutulur."
        ).format(len(summary.reprinted))
    return text


class SlipPrintDialog(QDialog):
    """``slips_prepared(PrintSummary)`` once the PDF is ready (the preview is then opened)."""

    slips_prepared = Signal(object)
    preview_opened = Signal(object)  # the PdfPreviewDialog

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        day: date | None = None,
        team_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: BackgroundTask | None = None
        self.out_path: Path | None = None
        self.preview_dialog: QDialog | None = None
        self.progress_seen: list[float] = []
        self.setObjectName("slip_print_dialog")
        self.setWindowTitle(tr("Teslim fişlerini yazdır"))
        self.setMinimumWidth(460)
        first = day or local_today() + timedelta(days=1)

        self.day_from = date_edit("day_from_edit", first)
        self.range_check = QCheckBox(tr("&Tarih aralığı"), self)
        self.range_check.setObjectName("range_check")
        self.day_to = date_edit("day_to_edit", first)
        self.day_to.setEnabled(False)
        self.range_check.toggled.connect(self.day_to.setEnabled)
        self.day_from.dateChanged.connect(self.on_day_from_changed)
        # A "no deliveries" message belongs to the choice it was about: a new choice clears it.
        self.day_from.dateChanged.connect(self.on_choice_changed)
        self.day_to.dateChanged.connect(self.on_choice_changed)
        self.range_check.toggled.connect(self.on_choice_changed)

        self.team_combo = QComboBox(self)
        self.team_combo.setObjectName("team_combo")
        self.team_combo.addItem(tr("Tüm ekipler"), None)
        self.error = error_label(self)
        self.team_combo.currentIndexChanged.connect(self.on_choice_changed)
        self._wanted_team = team_name
        self.teams_loaded = False

        self.a4_radio = QRadioButton(tr("A4 — bir sayfada iki fiş"), self)
        self.a4_radio.setObjectName("a4_radio")
        self.a5_radio = QRadioButton(tr("A5 — sayfa başına bir fiş"), self)
        self.a5_radio.setObjectName("a5_radio")
        self.size_group = QButtonGroup(self)
        self.size_group.addButton(self.a4_radio)
        self.size_group.addButton(self.a5_radio)
        self.a4_radio.setChecked(True)

        grid = QGridLayout()
        grid.setVerticalSpacing(8)
        day_label = QLabel(tr("&Gün"), self)
        day_label.setBuddy(self.day_from)
        grid.addWidget(day_label, 0, 0)
        day_row = QHBoxLayout()
        day_row.addWidget(self.day_from)
        day_row.addSpacing(12)
        day_row.addWidget(self.range_check)
        day_row.addWidget(self.day_to)
        day_row.addStretch(1)
        grid.addLayout(day_row, 0, 1)
        team_label = QLabel(tr("&Ekip"), self)
        team_label.setBuddy(self.team_combo)
        grid.addWidget(team_label, 1, 0)
        grid.addWidget(self.team_combo, 1, 1)
        grid.addWidget(QLabel(tr("Kâğıt"), self), 2, 0)
        sizes = QVBoxLayout()
        sizes.addWidget(self.a4_radio)
        sizes.addWidget(self.a5_radio)
        grid.addLayout(sizes, 2, 1)
        grid.setColumnStretch(1, 1)

        self.prepare_button = QPushButton(tr("&Hazırla"), self)
        self.prepare_button.setObjectName("prepare_button")
        self.prepare_button.setDefault(True)
        self.prepare_button.clicked.connect(self.on_prepare_clicked)
        self.cancel_button = QPushButton(tr("Vazgeç"), self)
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(hint_label(tr("Enter: hazırla · Esc: vazgeç"), self), 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.prepare_button)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(
            hint_label(
                tr(
                    "Her ekibin rota listesi ve planlanmış adrese teslimlerin karekodlu fişleri "
                    "tek PDF’te hazırlanır. Daha önce basılmış bir teslimatın eski fişi geçersiz "
                    "olur."
                ),
                self,
            )
        )
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.day_from.setFocus()
        # Until the teams are there "Hazırla" waits: a batch for one team must not go out as
        # a batch for all.
        self.prepare_button.setEnabled(False)
        self.load_teams()

    # --- the teams ----------------------------------------------------------------------------
    def load_teams(self) -> None:
        """The teams, read off the GUI thread; until they arrive the combo offers "Tüm ekipler"
        and is busy."""
        db, user = self.ctx.db, self.ctx.user
        run_op(
            self,
            lambda: sorted(list_teams(db, user), key=lambda t: sort_key(t.name)),
            self._teams_loaded,
            on_failed=self._teams_failed,
            busy=self.team_combo,
            latest_only="teams",
        )

    def _teams_failed(self, exc: BaseException) -> None:
        self.teams_loaded = True
        self.prepare_button.setEnabled(True)
        show_error(self.error, failure_text(exc))

    def _teams_loaded(self, teams: list[TeamRow]) -> None:
        self.teams_loaded = True
        self.team_combo.blockSignals(True)
        for team in teams:
            label = team.name if team.active else tr("{0} (pasif)").format(team.name)
            self.team_combo.addItem(label, team.name)
        if self._wanted_team:
            wanted = fold(self._wanted_team)
            for i in range(1, self.team_combo.count()):
                if fold(str(self.team_combo.itemData(i))) == wanted:
                    self.team_combo.setCurrentIndex(i)
        self.team_combo.blockSignals(False)
        self.prepare_button.setEnabled(True)

    # --- values -----------------------------------------------------------------------------
    def chosen_days(self) -> tuple[date, date]:
        first = from_qdate(self.day_from.date())
        last = from_qdate(self.day_to.date()) if self.range_check.isChecked() else first
        return first, last

    def team_name(self) -> str | None:
        value = self.team_combo.currentData()
        return str(value) if value else None

    def page_size(self) -> str:
        return "A5" if self.a5_radio.isChecked() else "A4"

    def suggested_name(self) -> str:
        first, last = self.chosen_days()
        name = f"fisler-{first:%Y-%m-%d}"
        if last != first:
            name += f"_{last:%Y-%m-%d}"
        team = self.team_name()
        if team:
            name += "-" + "".join(ch if ch.isalnum() else "-" for ch in fold(team))
        return name + ".pdf"

    # --- slots ------------------------------------------------------------------------------
    @Slot()
    def on_choice_changed(self) -> None:
        show_error(self.error, "")

    @Slot()
    def on_day_from_changed(self) -> None:
        if self.day_to.date() < self.day_from.date():
            self.day_to.setDate(self.day_from.date())

    @Slot()
    def on_prepare_clicked(self) -> None:
        if self.task is not None and self.task.is_running:
            return
        if not self.teams_loaded:
            return
        show_error(self.error, "")
        first, last = self.chosen_days()
        team, size = self.team_name(), self.page_size()
        fd, name = tempfile.mkstemp(prefix="fisler-", suffix=".pdf")
        os.close(fd)
        out = self.out_path = Path(name)
        db, actor = self.ctx.db, self.ctx.user

        def work(report: ProgressFn) -> Any:
            from desk_app.services.delivery import print_slips

            going = [True]

            def progress(done: int, total: int) -> None:
                text = tr("{0} / {1} sayfa hazırlanıyor…").format(done, total)
                going[0] = report(done / total if total else 1.0, text)

            return print_slips(
                db,
                actor,
                out,
                day_from=first,
                day_to=last,
                team_name=team,
                page_size="A5" if size == "A5" else "A4",
                progress=progress,
                cancelled=lambda: not going[0],
            )

        self.prepare_button.setEnabled(False)
        task = run_with_progress(self, tr("Fişler hazırlanıyor"), work)
        task.progressed.connect(self.on_task_progressed)
        task.finished.connect(self.on_task_finished)
        task.failed.connect(self.on_task_failed)
        task.cancelled.connect(self.on_task_cancelled)
        self.task = task

    @Slot(float, str)
    def on_task_progressed(self, fraction: float, _text: str) -> None:
        if shiboken6.isValid(self):
            self.progress_seen.append(fraction)

    def _drop_output(self) -> None:
        if self.out_path is not None:
            self.out_path.unlink(missing_ok=True)
            self.out_path = None

    @Slot(object)
    def on_task_finished(self, summary: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self.prepare_button.setEnabled(True)
        if summary.slips == 0:
            self._drop_output()
            show_error(
                self.error,
                tr("Seçilen gün ve ekip için basılacak planlanmış adrese teslim yok."),
            )
            return
        self.slips_prepared.emit(summary)
        self.open_preview(summary)
        self.accept()

    def open_preview(self, summary: Any) -> QDialog:
        from desk_app.ui.kit.pdf_preview_dialog import PdfPreviewDialog

        assert self.out_path is not None
        dialog = PdfPreviewDialog(
            self.out_path,
            self.parentWidget(),
            title=tr("Teslim fişleri — önizleme"),
            info=summary_text(summary),
            suggested_name=self.suggested_name(),
            owns_file=True,
        )
        self.out_path = None  # the preview deletes it when closed
        dialog.show()
        self.preview_dialog = dialog
        self.preview_opened.emit(dialog)
        return dialog

    @Slot(object)
    def on_task_failed(self, exc: object) -> None:
        if not shiboken6.isValid(self):
            return
        self._drop_output()
        self.prepare_button.setEnabled(True)
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("Fişler hazırlanamadı: {0}").format(message))

    @Slot()
    def on_task_cancelled(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._drop_output()
        self.prepare_button.setEnabled(True)
        show_error(self.error, tr("İptal edildi; hiçbir fiş basılmış sayılmadı."))

    def done(self, result: int) -> None:
        if self.task is not None and self.task.is_running:
            self.task.cancel()
        super().done(result)


def open_slip_print_dialog(
    ctx: AppContext,
    parent: QWidget | None,
    day: date | None = None,
    team_name: str | None = None,
) -> SlipPrintDialog:
    """Open the batch print dialog for ``day`` (default tomorrow) and ``team_name`` (default
    every team); it opens the preview itself once the PDF is ready."""
    dialog = SlipPrintDialog(ctx, parent, day=day, team_name=team_name)
    dialog.open()
    return dialog

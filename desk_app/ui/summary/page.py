"""The supervisor's summary (Özet): a period, its figures as KPI tiles, tables and charts, each
count linked to the list behind it, and the report as PDF, XLSX or CSV.

The figures are computed in SQL by ``services.summary.summarize`` in a background task; the page
shows "Hesaplanıyor…" meanwhile and recomputes when shown and when the period changes. The
figures' widgets (and QtCharts) are built the first time a result arrives, so the page costs
nothing at start-up, and nothing at all for the desk role, who never sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.clock import LOCAL_TZ, local_today
from desk_app.domain.errors import DomainError
from desk_app.domain.states import Role
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.page import BasePage
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn
from desk_app.ui.kit.widgets import error_label, hint_label, show_error
from desk_app.ui.summary.models import period_text
from desk_app.ui.summary.widgets import PeriodSelector

if TYPE_CHECKING:
    from desk_app.services.reporting import Period, Summary
    from desk_app.ui.summary.content import SummaryContent

PERIOD_DELAY_MS = 250
EXPORTS = (
    ("pdf", "PDF…", "PDF (*.pdf)"),
    ("xlsx", "Excel…", "Excel (*.xlsx)"),
    ("csv", "CSV…", "CSV (*.csv)"),
)


class SummaryPage(BasePage):
    """``summary_shown(Summary)`` once the figures are on screen; ``export_written(Path)``."""

    key = "summary"
    roles = frozenset({Role.SUPERVISOR, Role.ADMIN})

    summary_shown = Signal(object)
    export_written = Signal(object)

    @classmethod
    def title(cls) -> str:
        return tr("Özet")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = local_today
        self.summary: Summary | None = None
        self.content: SummaryContent | None = None
        self._task: BackgroundTask | None = None
        self._export_task: BackgroundTask | None = None
        self._pending = False

        self.period_selector = PeriodSelector(self.today(), self)
        self.refresh_button = QPushButton(tr("Yenile"))
        self.refresh_button.setObjectName("refresh_button")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_buttons: dict[str, QPushButton] = {}
        # Two rows, so the page fits a window at 150 % display scaling (about 910 px wide).
        bar = QHBoxLayout()
        bar.addWidget(self.period_selector)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        exports = QHBoxLayout()
        self.status_label = hint_label("", self, "summary_status")
        exports.addWidget(self.status_label, 1)
        exports.addWidget(QLabel(tr("Dışa aktar:")))
        for fmt, caption, _filters in EXPORTS:
            button = QPushButton(tr(caption))
            button.setObjectName(f"export_{fmt}_button")
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
            exports.addWidget(button)
        self.error = error_label(self, "summary_error")

        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("summary_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.canvas = QWidget()
        self.canvas.setObjectName("summary_canvas")
        self.canvas_layout = QVBoxLayout(self.canvas)
        self.canvas_layout.setContentsMargins(0, 0, 12, 0)
        self.scroll_area.setWidget(self.canvas)

        self.body_layout.addLayout(bar)
        self.body_layout.addLayout(exports)
        self.body_layout.addWidget(self.error)
        self.body_layout.addWidget(self.scroll_area, 1)

        self._period_timer = QTimer(self)
        self._period_timer.setSingleShot(True)
        self._period_timer.setInterval(PERIOD_DELAY_MS)
        self._period_timer.timeout.connect(self.refresh)
        self.period_selector.changed.connect(self.on_period_changed)

    # --- computing ----------------------------------------------------------------------------
    def period(self) -> Period:
        """The period the selector describes (ValidationError for a bad custom range)."""
        from desk_app.services.reporting import make_period

        sel, today = self.period_selector, self.today()
        kind = sel.kind
        if kind == "this_year":
            return make_period("year", today)
        if kind == "year":
            return make_period("year", today, year=sel.year_spin.value())
        if kind == "custom":
            start, end = sel.range()
            return make_period("custom", today, start=start, end=end)
        return make_period("week" if kind == "week" else "month", today)

    @property
    def is_computing(self) -> bool:
        return self._task is not None

    def on_activated(self) -> None:
        self.refresh()

    @Slot()
    def on_period_changed(self) -> None:
        if self.isVisible():
            self._period_timer.start()

    @Slot()
    def refresh(self) -> None:
        """Compute the figures of the chosen period off the GUI thread."""
        self._period_timer.stop()
        if self._task is not None:
            self._pending = True  # computed again when the running one ends
            return
        try:
            period = self.period()
        except DomainError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        self._pending = False
        db, actor = self.ctx.db, self.ctx.user

        def work(_progress: ProgressFn) -> Summary:
            from desk_app.services.reporting import summarize

            return summarize(db, actor, period)

        task = BackgroundTask(work)
        task.finished.connect(self.on_summary_computed)
        task.failed.connect(self.on_summary_failed)
        self._task = task
        self.status_label.setText(tr("Hesaplanıyor… ({0})").format(period_text(period)))
        self.refresh_button.setEnabled(False)
        task.start()

    @Slot(object)
    def on_summary_computed(self, summary: object) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        if self._pending:  # the period changed meanwhile: these figures are stale
            self.refresh()
            return
        self.show_summary(summary)  # type: ignore[arg-type]

    @Slot(object)
    def on_summary_failed(self, exc: object) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        self.status_label.setText("")
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("Özet hesaplanamadı: {0}").format(message))
        if self._pending:
            self.refresh()

    def show_summary(self, summary: Summary) -> None:
        if self.content is None:
            from desk_app.ui.summary.content import SummaryContent

            self.content = SummaryContent(self.canvas)
            self.content.link_clicked.connect(self.on_link_clicked)
            self.canvas_layout.addWidget(self.content)
            self.canvas_layout.addStretch(1)
        self.summary = summary
        self.content.show_summary(summary)
        generated = summary.generated_at.astimezone(LOCAL_TZ)
        self.status_label.setText(
            tr("{0} ({1:%d.%m.%Y} – {2:%d.%m.%Y}) · hazırlanma {3:%d.%m.%Y %H:%M}").format(
                period_text(summary.period), summary.period.start, summary.period.end, generated
            )
        )
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.summary_shown.emit(summary)

    @Slot(object)
    def on_link_clicked(self, link: Any) -> None:
        self.open_filtered_requested.emit(link.page, link.filter)

    # --- exports ------------------------------------------------------------------------------
    def export(self, fmt: str) -> BackgroundTask | None:
        """Ask where to save the report of the figures on screen, then write it off the GUI
        thread."""
        summary = self.summary
        if summary is None or (self._export_task is not None):
            return None
        filters = next(f for key, _c, f in EXPORTS if key == fmt)
        suggested = f"ozet_{summary.period.start:%Y%m%d}-{summary.period.end:%Y%m%d}.{fmt}"
        path = dialogs.ask_save_path(self, tr("Raporu kaydet"), suggested, filters)
        if path is None:
            return None
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        db, actor = self.ctx.db, self.ctx.user

        def work(_progress: ProgressFn) -> Path:
            from desk_app.services.reporting import export_report

            export_report(db, actor, summary, fmt, path)  # type: ignore[arg-type]
            return path

        task = BackgroundTask(work)
        task.finished.connect(self.on_export_finished)
        task.failed.connect(self.on_export_failed)
        self._export_task = task
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.status_label.setText(tr("Rapor hazırlanıyor: {0}").format(path.name))
        task.start()
        return task

    def _export_ended(self) -> None:
        self._export_task = None
        for button in self.export_buttons.values():
            button.setEnabled(self.summary is not None)

    @Slot(object)
    def on_export_finished(self, path: object) -> None:
        self._export_ended()
        self.status_label.setText(tr("Rapor kaydedildi: {0}").format(path))
        self.export_written.emit(path)

    @Slot(object)
    def on_export_failed(self, exc: object) -> None:
        self._export_ended()
        self.status_label.setText("")
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        dialogs.error(self, tr("Rapor kaydedilemedi"), message)

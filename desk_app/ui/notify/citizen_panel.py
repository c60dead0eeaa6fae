"""The citizen card's SMS tab: "SMS istemiyor" (audited by the service) and every message sent
or queued for the person. Loading and saving run off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services.notify import MessageRow
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn
from desk_app.ui.kit.widgets import HINT_STYLE, error_label, show_error
from desk_app.ui.notify.table_model import MessagesTableModel


class CitizenSmsPanel(QWidget):
    """``loaded(count)`` after the messages arrived; ``opt_out_saved(bool)`` after a change."""

    loaded = Signal(int)
    opt_out_saved = Signal(bool)

    def __init__(self, ctx: AppContext, citizen_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("citizen_sms_panel")
        self.ctx = ctx
        self.citizen_id = citizen_id
        self._task: BackgroundTask | None = None
        self.opt_out_box = QCheckBox(tr("SMS istemiyor"), self)
        self.opt_out_box.setObjectName("sms_opt_out")
        self.opt_out_box.setToolTip(
            tr("İşaretliyse bu kişiye hiçbir SMS gönderilmez; sıradaki mesajları iptal edilir.")
        )
        self.opt_out_box.setEnabled(False)
        self.opt_out_box.toggled.connect(self.on_opt_out_toggled)
        hint = QLabel(
            tr(
                "Bilgilendirme mesajları: başvuru, teslim günü, hatırlatma, evde bulunamama ve "
                "talebin cevabı. T.C. Kimlik No ve sağlık bilgisi içermez."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.error = error_label(self, "sms_error")
        self.model = MessagesTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("citizen_sms_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.opt_out_box, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self.reload()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _start(self, work: object, done: object) -> None:
        task = BackgroundTask(work)  # type: ignore[arg-type]
        task.finished.connect(done)
        task.failed.connect(self.on_failed)
        self._task = task
        self.opt_out_box.setEnabled(False)
        task.start()

    def reload(self) -> None:
        db, actor, citizen_id = self.ctx.db, self.ctx.user, self.citizen_id

        def work(_progress: ProgressFn) -> tuple[bool, tuple[MessageRow, ...]]:
            from desk_app.services.notify import citizen_messages, sms_opt_out

            return sms_opt_out(db, actor, citizen_id), citizen_messages(db, actor, citizen_id)

        self._start(work, self.on_loaded)

    @Slot(object)
    def on_loaded(self, result: object) -> None:
        self._task = None
        assert isinstance(result, tuple)
        opted_out: bool = result[0]
        rows: tuple[MessageRow, ...] = result[1]
        self.opt_out_box.blockSignals(True)
        self.opt_out_box.setChecked(opted_out)
        self.opt_out_box.blockSignals(False)
        self.opt_out_box.setEnabled(True)
        self.model.set_rows(rows)
        show_error(self.error, "")
        self.loaded.emit(len(rows))

    @Slot(bool)
    def on_opt_out_toggled(self, checked: bool) -> None:
        db, actor, citizen_id = self.ctx.db, self.ctx.user, self.citizen_id

        def work(_progress: ProgressFn) -> bool:
            from desk_app.services.notify import set_sms_opt_out

            set_sms_opt_out(db, actor, citizen_id, checked)
            return checked

        self._start(work, self.on_opt_out_saved)

    @Slot(object)
    def on_opt_out_saved(self, checked: object) -> None:
        self._task = None
        self.opt_out_saved.emit(bool(checked))
        self.reload()

    @Slot(object)
    def on_failed(self, exc: object) -> None:
        self._task = None
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, tr("SMS bilgisi alınamadı: {0}").format(message))
        self.opt_out_box.setEnabled(True)

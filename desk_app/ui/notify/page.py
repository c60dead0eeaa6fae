"""Bildirimler: every SMS of the outbox for supervisors, by status, with the reason of a failure;
a failed or cancelled message can be tried again, a waiting one cancelled. Every database call
runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.domain.states import Role
from desk_app.services.notify import MessageRow
from desk_app.services.permissions import Action, allowed
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.page import BasePage
from desk_app.ui.kit.tasks import BackgroundTask, ProgressFn
from desk_app.ui.kit.widgets import error_label, show_error
from desk_app.ui.notify.table_model import MessagesTableModel

if TYPE_CHECKING:
    from desk_app.ui.notify.template_dialog import SmsTemplateDialog

# (status code or "" for all, Turkish label): the filter's entries.
_FILTERS: tuple[tuple[str, str], ...] = (
    ("", "Tümü"),
    ("QUEUED", "Sırada"),
    ("SENT", "Gönderildi"),
    ("DELIVERED", "Telefona ulaştı"),
    ("FAILED", "Gönderilemedi"),
    ("CANCELLED", "İptal edildi"),
)


class NotificationsPage(BasePage):
    key = "notify"
    roles = frozenset({Role.SUPERVISOR, Role.ADMIN})

    messages_loaded = Signal()
    message_changed = Signal()

    @classmethod
    def title(cls) -> str:
        return tr("Bildirimler")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._task: BackgroundTask | None = None
        self._pending = False
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Durum:"), self))
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("sms_status_filter")
        for code, label in _FILTERS:
            self.status_combo.addItem(tr(label), code)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.status_combo)
        self.counts_label = QLabel("", self)
        self.counts_label.setObjectName("sms_counts")
        bar.addWidget(self.counts_label, 1)
        self.refresh_button = QPushButton(tr("Yenile"), self)
        self.refresh_button.clicked.connect(self.refresh)
        bar.addWidget(self.refresh_button)
        self.body_layout.addLayout(bar)
        self.error = error_label(self)
        self.body_layout.addWidget(self.error)
        self.model = MessagesTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("sms_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.body_layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.retry_button = QPushButton(tr("Yeniden dene"), self)
        self.retry_button.setObjectName("sms_retry")
        self.retry_button.clicked.connect(self.on_retry_clicked)
        self.cancel_button = QPushButton(tr("Gönderme (iptal et)"), self)
        self.cancel_button.setObjectName("sms_cancel")
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        self.templates_button = QPushButton(tr("SMS şablonları…"), self)
        self.templates_button.setObjectName("sms_templates")
        self.templates_button.setVisible(allowed(ctx.user, Action.MANAGE_SETTINGS))
        self.templates_button.clicked.connect(self.on_templates_clicked)
        actions.addWidget(self.templates_button)
        self.body_layout.addLayout(actions)
        self.on_selection_changed()

    # --- loading ---------------------------------------------------------------------------
    def on_activated(self) -> None:
        self.refresh()

    @property
    def busy(self) -> bool:
        return self._task is not None

    @Slot()
    def refresh(self) -> None:
        if self._task is not None:
            self._pending = True
            return
        self._pending = False
        db, actor = self.ctx.db, self.ctx.user
        status = str(self.status_combo.currentData() or "") or None

        def work(_progress: ProgressFn) -> tuple[tuple[MessageRow, ...], dict[str, int]]:
            from desk_app.services.notify import list_messages, message_counts

            return list_messages(db, actor, status), message_counts(db, actor)

        self._start(work, self.on_messages_loaded)

    def _start(self, work: Callable[[ProgressFn], object], done: Callable[[object], None]) -> None:
        task = BackgroundTask(work)
        task.finished.connect(done)
        task.failed.connect(self.on_task_failed)
        self._task = task
        self.refresh_button.setEnabled(False)
        self.retry_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        task.start()

    @Slot(object)
    def on_messages_loaded(self, result: object) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        assert isinstance(result, tuple)
        rows: tuple[MessageRow, ...] = result[0]
        counts: dict[str, int] = result[1]
        self.model.set_rows(rows)
        self.counts_label.setText(
            tr("Sırada {0} · gönderildi {1} · ulaştı {2} · gönderilemedi {3} · iptal {4}").format(
                counts["QUEUED"] + counts["SENDING"],
                counts["SENT"],
                counts["DELIVERED"],
                counts["FAILED"],
                counts["CANCELLED"],
            )
        )
        show_error(self.error, "")
        self.on_selection_changed()
        self.messages_loaded.emit()
        if self._pending:
            self.refresh()

    @Slot(object)
    def on_task_failed(self, exc: object) -> None:
        self._task = None
        self.refresh_button.setEnabled(True)
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        show_error(self.error, message)
        self.on_selection_changed()

    # --- retry and cancel -------------------------------------------------------------------
    def selected(self) -> MessageRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    @Slot()
    def on_selection_changed(self, *_args: object) -> None:
        row = self.selected()
        idle = self._task is None
        self.retry_button.setEnabled(
            idle and row is not None and row.status in ("FAILED", "CANCELLED")
        )
        self.cancel_button.setEnabled(
            idle and row is not None and row.status in ("QUEUED", "FAILED")
        )

    def _change(self, use_case: str) -> None:
        row = self.selected()
        if row is None:
            return
        db, actor, message_id = self.ctx.db, self.ctx.user, row.id

        def work(_progress: ProgressFn) -> None:
            from desk_app.services import notify

            getattr(notify, use_case)(db, actor, message_id)

        self._start(work, self.on_message_changed)

    @Slot()
    def on_retry_clicked(self) -> None:
        self._change("retry_message")

    @Slot()
    def on_cancel_clicked(self) -> None:
        self._change("cancel_message")

    @Slot()
    def on_templates_clicked(self) -> SmsTemplateDialog:
        from desk_app.ui.notify.template_dialog import SmsTemplateDialog

        dialog = SmsTemplateDialog(self.ctx, self)
        dialog.open()
        return dialog

    @Slot(object)
    def on_message_changed(self, _result: object) -> None:
        self._task = None
        self.message_changed.emit()
        self.refresh()


__all__ = ["NotificationsPage"]

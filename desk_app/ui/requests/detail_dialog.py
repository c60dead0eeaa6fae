"""One request: header, description, the written answer (read back to the citizen), the timeline
and the actions the state allows (forward, answer, note, status, citizen informed).

Every action sends the version this dialog shows. When another desk changed the request first,
the service refuses (``RequestConflict``) and nothing is written; the dialog then shows both
versions side by side — what this clerk typed (still editable, to copy) and the other desk's
current state — until "Güncel hâli yükle" loads the current one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DomainError
from desk_app.services import lookups
from desk_app.services import requests as requests_service
from desk_app.services.requests import (
    INFORMED_VIA_LABELS,
    OPEN_STATUSES,
    RequestConflict,
    RequestDetail,
)
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.state import restore_header_state, save_header_state
from desk_app.ui.kit.tasks import failure_text, run_op
from desk_app.ui.kit.widgets import error_label, field_grid
from desk_app.ui.requests.actions_panel import RequestActionsPanel, set_error
from desk_app.ui.requests.table_model import (
    RequestTimelineTableModel,
    event_detail,
    format_local,
    status_text,
)

TIMELINE_STATE_KEY = "request_timeline"
OVERDUE_STYLE = "color: #a50e0e; font-weight: 600;"
LATE_STYLE = "color: #7a4f00; font-weight: 600;"
ANSWER_STYLE = (
    "QLabel#answer_view { background: #e8f0fe; border: 1px solid #aecbfa; border-radius: 4px;"
    " padding: 10px; color: #202124; }"
)
NO_ANSWER_STYLE = (
    "QLabel#answer_view { background: #f1f3f4; border: 1px dashed #bdc1c6; border-radius: 4px;"
    " padding: 10px; color: #5f6368; }"
)
CONFLICT_STYLE = (
    "QFrame#conflict_panel { border: 2px solid #d93025; border-radius: 6px; background: #fce8e6; }"
)


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def detail_summary(detail: RequestDetail) -> str:
    """The request as it is now, for the right-hand side of the conflict view."""
    lines: list[str] = []
    if detail.events:
        last = detail.events[-1]
        lines.append(
            tr("Son değişiklik: {0} · {1}").format(format_local(last.at), last.user_name or "—")
        )
    lines += [
        tr("Durum: {0}").format(tr(detail.status_label)),
        tr("Müdürlük: {0}").format(detail.directorate_name or "—"),
        tr("Son tarih: {0}").format(detail.due_date.strftime("%d.%m.%Y")),
        tr("Cevap: {0}").format(detail.answer_text or tr("(yok)")),
    ]
    if detail.informed_at is not None:
        via = INFORMED_VIA_LABELS.get(detail.informed_via or "", detail.informed_via or "")
        lines.append(
            tr("Bilgilendirildi: {0} ({1})").format(format_local(detail.informed_at), tr(via))
        )
    lines.append("")
    lines.append(tr("Son işlemler:"))
    for event in detail.events[-5:]:
        parts = [format_local(event.at), tr(event.kind_label), event.user_name]
        parts += [p for p in (status_text(event.old_status, event.new_status), event_detail(event))]
        lines.append("  " + " · ".join(p for p in parts if p))
    return "\n".join(lines)


class RequestDetailDialog(QDialog):
    """``request_changed(RequestDetail)`` after this desk changed the request;
    ``conflict_shown(RequestConflict)`` when another desk was first; ``change_checked(bool)``
    after ``reload_if_changed`` looked (True: the fresh request is shown)."""

    request_changed = Signal(object)
    conflict_shown = Signal(object)
    change_checked = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        request_id: int,
        parent: QWidget | None = None,
        *,
        detail: RequestDetail | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id = request_id
        self.setObjectName("request_detail_dialog")
        # Opening a citizen's request is an audited read (off the GUI thread: the dialog shows
        # at once, busy, and fills in when the request arrives); refreshes later are not.
        self._detail: RequestDetail | None = None
        self.conflict: RequestConflict | None = None
        self._directorate_cache: list[tuple[int, str]] | None = None
        self._acting = False  # an action is being saved

        # --- header -------------------------------------------------------------------------
        self.reference_label = _bold(QLabel(), 1.5)
        self.reference_label.setObjectName("reference_label")
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_chip = _bold(QLabel())
        self.status_chip.setObjectName("status_chip")
        self.status_chip.setStyleSheet(
            "QLabel#status_chip { background: #1a73e8; color: white; border-radius: 10px;"
            " padding: 3px 12px; }"
        )
        self.changed_notice = QLabel()
        self.changed_notice.setObjectName("changed_notice")
        self.changed_notice.setStyleSheet(LATE_STYLE)
        self.changed_notice.setVisible(False)
        title_row = QHBoxLayout()
        title_row.addWidget(self.reference_label)
        title_row.addSpacing(12)
        title_row.addWidget(self.status_chip)
        title_row.addStretch(1)
        title_row.addWidget(self.changed_notice)

        captions = (
            ("citizen", tr("Vatandaş")),
            ("channel", tr("Kanal")),
            ("category", tr("Kategori")),
            ("directorate", tr("Müdürlük")),
            ("created", tr("Kayıt")),
            ("due", tr("Son tarih")),
            ("informed", tr("Bilgilendirme")),
        )
        grid, self.fields = field_grid(captions)

        # --- body: subject, description, answer | timeline -----------------------------------
        self.subject_label = _bold(QLabel(), 1.1)
        self.subject_label.setObjectName("subject_label")
        self.subject_label.setWordWrap(True)
        self.description_view = QPlainTextEdit()
        self.description_view.setObjectName("description_view")
        self.description_view.setReadOnly(True)
        self.description_view.setTabChangesFocus(True)
        self.description_view.setMinimumHeight(60)
        self.answer_view = QLabel()
        self.answer_view.setObjectName("answer_view")
        self.answer_view.setWordWrap(True)
        self.answer_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer_view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        font = QFont(self.answer_view.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.answer_view.setFont(font)
        self.answer_caption = _bold(QLabel(tr("Yazılı cevap (vatandaşa okunacak)")))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.subject_label)
        left_layout.addWidget(self.description_view, 1)
        answer_side = QWidget()
        answer_layout = QVBoxLayout(answer_side)
        answer_layout.setContentsMargins(0, 0, 0, 0)
        answer_layout.addWidget(self.answer_caption)
        answer_layout.addWidget(self.answer_view, 1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(answer_side)
        top.setChildrenCollapsible(False)

        self.timeline_model = RequestTimelineTableModel(parent=self)
        self.timeline_view = QTableView()
        self.timeline_view.setObjectName("timeline_view")
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline_view.setWordWrap(True)
        self.timeline_view.verticalHeader().setVisible(False)
        self.timeline_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.timeline_view.setAlternatingRowColors(True)
        header = self.timeline_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        for column, width in enumerate((130, 165, 125, 200)):
            header.resizeSection(column, width)
        restore_header_state(header, TIMELINE_STATE_KEY)
        timeline = QWidget()
        timeline_layout = QVBoxLayout(timeline)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.addWidget(_bold(QLabel(tr("Zaman çizelgesi"))))
        timeline_layout.addWidget(self.timeline_view, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setObjectName("detail_splitter")
        splitter.addWidget(top)
        splitter.addWidget(timeline)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        # --- actions ------------------------------------------------------------------------
        self.actions_panel = RequestActionsPanel(self)
        self.actions_panel.submitted.connect(self.on_action_submitted)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("notice_label")
        self.notice_label.setStyleSheet("color: #137333; font-weight: 600;")

        # --- conflict view ------------------------------------------------------------------
        self.conflict_panel = QFrame()
        self.conflict_panel.setObjectName("conflict_panel")
        self.conflict_panel.setStyleSheet(CONFLICT_STYLE)
        self.conflict_message = _bold(QLabel())
        self.conflict_message.setObjectName("conflict_message")
        self.conflict_message.setWordWrap(True)
        self.conflict_message.setStyleSheet("color: #a50e0e;")
        self.mine_view = QPlainTextEdit()
        self.mine_view.setObjectName("mine_view")
        self.mine_view.setTabChangesFocus(True)
        self.mine_view.setMinimumHeight(90)
        self.theirs_view = QPlainTextEdit()
        self.theirs_view.setObjectName("theirs_view")
        self.theirs_view.setReadOnly(True)
        self.theirs_view.setTabChangesFocus(True)
        self.theirs_view.setMinimumHeight(90)
        mine_box = QGroupBox(tr("Sizin değişikliğiniz (kaydedilmedi)"))
        QVBoxLayout(mine_box).addWidget(self.mine_view)
        theirs_box = QGroupBox(tr("Diğer masadaki güncel hâli"))
        QVBoxLayout(theirs_box).addWidget(self.theirs_view)
        columns = QHBoxLayout()
        columns.addWidget(mine_box, 1)
        columns.addWidget(theirs_box, 1)
        self.conflict_reload_button = QPushButton(tr("Güncel hâli yükle"))
        self.conflict_reload_button.setObjectName("conflict_reload_button")
        self.conflict_reload_button.setAutoDefault(False)
        self.conflict_reload_button.clicked.connect(self.on_conflict_reload_clicked)
        conflict_buttons = QHBoxLayout()
        conflict_buttons.addWidget(
            QLabel(
                tr("Yazdığınızı soldan kopyalayabilirsiniz; güncel hâli yükleyip yeniden deneyin.")
            )
        )
        conflict_buttons.addStretch(1)
        conflict_buttons.addWidget(self.conflict_reload_button)
        conflict_layout = QVBoxLayout(self.conflict_panel)
        conflict_layout.addWidget(self.conflict_message)
        conflict_layout.addLayout(columns)
        conflict_layout.addLayout(conflict_buttons)
        self.conflict_panel.setVisible(False)

        self.load_error = error_label(self, "load_error")
        self.close_button = QPushButton(tr("Kapat"))
        self.close_button.setObjectName("close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.notice_label, 1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addLayout(grid)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.actions_panel)
        layout.addWidget(self.conflict_panel)
        layout.addWidget(self.load_error)
        layout.addLayout(bottom)

        self.setMinimumSize(720, 520)
        fit_to_screen(self, 1080, 720)
        if detail is not None:
            self.show_detail(detail)
        else:
            self.show_loading()
            db, user = ctx.db, ctx.user
            run_op(
                self,
                lambda: requests_service.get_request(db, user, request_id),
                self.show_detail,
                on_failed=self._open_failed,
                latest_only="detail",
            )

    @property
    def detail(self) -> RequestDetail:
        """The request shown (only once ``loaded``)."""
        assert self._detail is not None, "the request has not arrived yet"
        return self._detail

    @property
    def loaded(self) -> bool:
        """The request has arrived and is shown."""
        return self._detail is not None

    def show_loading(self) -> None:
        """The busy state while the request is read: the title says so, nothing to act on."""
        self.setWindowTitle(tr("Yükleniyor…"))
        self.reference_label.setText(tr("Yükleniyor…"))
        self.status_chip.setVisible(False)
        self.actions_panel.setEnabled(False)

    def _open_failed(self, exc: BaseException) -> None:
        """The request could not be read: say why and close the empty window."""
        dialogs.error(self.parentWidget() or self, tr("Talep açılamadı"), failure_text(exc))
        super().reject()

    # --- showing ------------------------------------------------------------------------------
    def show_detail(self, detail: RequestDetail) -> None:
        self._detail = detail
        self.status_chip.setVisible(True)
        self.actions_panel.setEnabled(True)
        self.setWindowTitle(tr("Talep {0}").format(detail.reference))
        self.reference_label.setText(detail.reference)
        self.status_chip.setText(tr(detail.status_label))
        citizen = detail.citizen_name or tr("Vatandaşsız (anonim)")
        if detail.citizen_phone_display:
            citizen += f" · {detail.citizen_phone_display}"
        self.fields["citizen"].setText(citizen)
        self.fields["channel"].setText(detail.channel_name)
        self.fields["category"].setText(detail.category_name or "—")
        self.fields["directorate"].setText(detail.directorate_name or "—")
        self.fields["created"].setText(
            " · ".join(p for p in (format_local(detail.created_at), detail.created_by_name) if p)
        )
        due = detail.due_date.strftime("%d.%m.%Y")
        if detail.overdue:
            self.fields["due"].setText(tr("{0} — gecikmiş").format(due))
            self.fields["due"].setStyleSheet(OVERDUE_STYLE)
            self.fields["due"].setToolTip(tr("Gecikmiş: son tarih geçti, talep hâlâ açık."))
        else:
            self.fields["due"].setText(due)
            self.fields["due"].setStyleSheet("")
            self.fields["due"].setToolTip("")
        self.fields["informed"].setText(self._informed_text(detail))
        self.fields["informed"].setStyleSheet(LATE_STYLE if detail.inform_late else "")
        self.subject_label.setText(detail.subject)
        self.description_view.setPlainText(detail.description or tr("(açıklama yok)"))
        if detail.answer_text:
            self.answer_view.setText(detail.answer_text)
            self.answer_view.setStyleSheet(ANSWER_STYLE)
        else:
            self.answer_view.setText(tr("Henüz müdürlük cevabı yok."))
            self.answer_view.setStyleSheet(NO_ANSWER_STYLE)
        self.timeline_model.set_rows(detail.events)
        self.timeline_view.scrollToBottom()
        self.actions_panel.set_detail(detail, self._directorates())
        self.changed_notice.setVisible(False)

    @staticmethod
    def _informed_text(detail: RequestDetail) -> str:
        if detail.informed_at is not None:
            via = INFORMED_VIA_LABELS.get(detail.informed_via or "", detail.informed_via or "")
            return tr("{0} · {1}").format(format_local(detail.informed_at), tr(via))
        if detail.answered_at is None:
            return tr("Cevap bekleniyor")
        if detail.inform_late:
            return tr("Bildirilmedi — 48 saat geçti")
        return tr("Bildirilmedi")

    def _directorates(self) -> list[tuple[int, str]]:
        """The forward targets; read once, off the GUI thread (empty until they arrive)."""
        if self._directorate_cache is None:
            self._directorate_cache = []
            db = self.ctx.db
            run_op(
                self,
                lambda: [(d.id, d.name) for d in lookups.list_directorates(db)],
                self._directorates_loaded,
                on_failed=lambda _exc: None,
                busy=(),
            )
        return self._directorate_cache

    def _directorates_loaded(self, found: list[tuple[int, str]]) -> None:
        self._directorate_cache = found
        if self._detail is not None:
            self.actions_panel.set_detail(self._detail, found)

    @property
    def is_open_request(self) -> bool:
        return self._detail is not None and self._detail.status in OPEN_STATUSES

    @property
    def acting(self) -> bool:
        """An action is being saved."""
        return self._acting

    # --- acting -------------------------------------------------------------------------------
    @Slot(str, object)
    def on_action_submitted(self, action: str, values: object) -> None:
        assert isinstance(values, dict)
        if self.conflict is not None or self._detail is None:
            return  # the conflict must be looked at first
        d = self._detail
        db, actor = self.ctx.db, self.ctx.user
        calls: dict[str, Callable[[], RequestDetail]] = {
            "forward": lambda: requests_service.forward_request(
                db, actor, d.id, d.version, values["directorate_id"], values["note"]
            ),
            "answer": lambda: requests_service.add_answer(
                db, actor, d.id, d.version, values["text"], resolve=values["resolve"]
            ),
            "note": lambda: requests_service.add_note(db, actor, d.id, d.version, values["text"]),
            "status": lambda: requests_service.change_status(
                db,
                actor,
                d.id,
                d.version,
                values["status"],
                answer_text=values["answer"] or None,
                note=values["note"],
            ),
            "informed": lambda: requests_service.record_informed(
                db, actor, d.id, d.version, values["via"], values["note"]
            ),
        }
        if self._acting:  # a second Enter while the first is being saved
            return
        self._acting = True
        run_op(
            self,
            calls[action],
            lambda updated: self._action_done(action, updated),
            on_failed=self._action_failed,
            disable=(self.actions_panel,),
        )

    def _action_failed(self, exc: BaseException) -> None:
        self._acting = False
        if isinstance(exc, RequestConflict):
            self.show_conflict(exc, self.actions_panel.summary())
        elif isinstance(exc, DomainError):
            self.actions_panel.show_error(exc.message, exc.field)
        else:
            dialogs.error(
                self,
                tr("İşlem kaydedilemedi"),
                tr("İşlem kaydedilemedi; yazdıklarınız duruyor. Yeniden deneyin."),
                detail=str(exc),
            )

    def _action_done(self, action: str, updated: RequestDetail) -> None:
        self._acting = False
        self.actions_panel.done()
        self.show_detail(updated)
        self.notice_label.setText(self.actions_panel.done_text(action))
        self.request_changed.emit(updated)

    def show_conflict(self, exc: RequestConflict, mine: str) -> None:
        """Both versions side by side; nothing of this desk was written."""
        self.conflict = exc
        self.conflict_message.setText(exc.message)
        self.mine_view.setPlainText(mine)
        self.theirs_view.setPlainText(detail_summary(exc.current))
        self.conflict_panel.setVisible(True)
        self.actions_panel.set_blocked(True)
        self.actions_panel.box.setVisible(False)  # its text is on the left of the conflict view
        self.notice_label.setText("")
        self.conflict_shown.emit(exc)

    @Slot()
    def on_conflict_reload_clicked(self) -> None:
        """Show the current request; the typed text stays in the action panel to redo."""
        conflict = self.conflict
        assert conflict is not None
        db, user, request_id = self.ctx.db, self.ctx.user, self.request_id
        run_op(
            self,
            lambda: requests_service.get_request(db, user, request_id, audit_read=False),
            self._show_current,
            on_failed=lambda _exc: self._show_current(conflict.current),
            disable=(self.conflict_panel,),
        )

    def _show_current(self, current: RequestDetail) -> None:
        self.conflict = None
        self.conflict_panel.setVisible(False)
        self.actions_panel.set_blocked(False)
        self.show_detail(current)
        self.actions_panel.reopen()
        self.notice_label.setText(
            tr("Güncel hâl yüklendi; işleminizi gözden geçirip yeniden kaydedin.")
        )

    # --- another desk -------------------------------------------------------------------------
    def reload_if_changed(self) -> None:
        """After a poll saw a change: read the request off the GUI thread and show it unless
        the clerk is in the middle of an action (then only a notice; saving would show the
        conflict). ``change_checked(True)`` when the fresh request is shown."""
        if self._detail is None:
            return  # still opening: what arrives is fresh
        db, user, request_id = self.ctx.db, self.ctx.user, self.request_id
        run_op(
            self,
            lambda: requests_service.get_request(db, user, request_id, audit_read=False),
            self._show_if_changed,
            on_failed=self._change_check_failed,
            busy=(),
            latest_only="poll",
        )

    def _change_check_failed(self, exc: BaseException) -> None:
        set_error(self.load_error, failure_text(exc))
        self.change_checked.emit(False)

    def _show_if_changed(self, current: RequestDetail) -> None:
        set_error(self.load_error, "")
        if self._detail is None or current.version == self._detail.version:
            self.change_checked.emit(False)
            return
        if self.actions_panel.is_busy or self.conflict is not None or self._acting:
            self.changed_notice.setText(tr("Başka bir masada değişti"))
            self.changed_notice.setVisible(True)
            self.change_checked.emit(False)
            return
        self.show_detail(current)
        self.notice_label.setText(
            tr("Talep başka bir masada güncellendi; güncel hâli gösteriliyor.")
        )
        self.change_checked.emit(True)

    # --- leaving ------------------------------------------------------------------------------
    def reject(self) -> None:
        if self._acting:
            if not dialogs.confirm(
                self,
                self.windowTitle(),
                tr(
                    "Kayıt sürüyor; şimdi kapatırsanız kaydedilip kaydedilmediğini bu formda "
                    "göremezsiniz. Form yine de kapatılsın mı?"
                ),
                yes_text=tr("Kapat"),
                no_text=tr("Forma dön"),
            ):
                return
        elif self.actions_panel.has_typed_text and not dialogs.confirm(
            self,
            self.windowTitle(),
            tr("Yazdıklarınız kaydedilmedi. Pencere kapatılsın mı?"),
            yes_text=tr("Kapat"),
            no_text=tr("Geri dön"),
        ):
            return
        save_header_state(self.timeline_view.horizontalHeader(), TIMELINE_STATE_KEY)
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # no default button: Enter never fires an action by surprise
        super().keyPressEvent(event)

"""One Hoş Geldin Bebek application: header, parent (T.C. masked for the desk role), the address
at application, the baby, the KVKK notice record, the eligibility evidence in readable Turkish,
duplicate candidates / the application it duplicates, the timeline, and the actions the service
allows (``allowed_actions``): a supervisor's "Birleştir" / "Ayrı başvuru" on a suspected
duplicate, "Uygunluk kararını geçersiz kıl" on an ineligible one, "İptal" — each with a written
reason. Every action sends the version on screen; when another desk was first, the dialog says
so and loads the current state.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
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
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import Conflict, DomainError
from desk_app.services import applications as applications_service
from desk_app.services.applications import (
    ACTION_CANCEL,
    ACTION_DECIDE_DUPLICATE,
    ACTION_OVERRIDE,
    ApplicationDetail,
)
from desk_app.ui.applications.form_dialog import DuplicateCandidatesPanel
from desk_app.ui.applications.table_model import ApplicationTimelineTableModel
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.kit.i18n import tr
from desk_app.ui.kit.screen_fit import fit_to_screen
from desk_app.ui.kit.tasks import failure_text, run_op
from desk_app.ui.kit.widgets import error_label, field_grid, hint_label, show_error
from desk_app.ui.requests.table_model import format_local

STATUS_COLOURS = {
    "APPROVED": "#137333",
    "INELIGIBLE": "#d93025",
    "SUSPECTED_DUPLICATE": "#e37400",
    "CANCELLED": "#5f6368",
    "DELIVERED": "#1a73e8",
}
CONFLICT_STYLE = (
    "QLabel#conflict_message { border: 2px solid #d93025; border-radius: 6px;"
    " background: #fce8e6; padding: 8px; font-weight: 600; }"
)
EVIDENCE_STYLE = (
    "QLabel#evidence_view { background: #f8f9fa; border: 1px solid #dadce0; border-radius: 4px;"
    " padding: 8px; }"
)

# action key -> (button text, prompt, confirm text)
ACTION_TEXTS: dict[str, tuple[str, str, str]] = {
    "merge": (
        "Birleştir",
        "Bu başvuru işaretlendiği başvuruyla aynı: birleştirilir (bu kayıt iptal edilir, "
        "diğeri kalır). Gerekçeyi yazın:",
        "Birleştir",
    ),
    "distinct": (
        "Ayrı başvuru",
        "Bu başvuru başka bir bebek için: uygunluk mükerrer kontrolü olmadan yeniden "
        "değerlendirilir. Gerekçeyi yazın:",
        "Ayrı başvuru olarak kaydet",
    ),
    "override": (
        "Uygunluk kararını geçersiz kıl",
        "Uygun değil kararı geçersiz kılınır ve başvuru onaylanır. Gerekçeyi yazın:",
        "Geçersiz kıl ve onayla",
    ),
    "cancel": (
        "İptal et",
        "Başvuru iptal edilir (teslimattan önce). İptal nedenini yazın:",
        "Başvuruyu iptal et",
    ),
}


def _day(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    try:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def evidence_html(detail: ApplicationDetail) -> str:
    """The eligibility decision in readable Turkish: the result, why, the rules, the facts."""
    evidence = detail.eligibility_evidence
    if not evidence:
        return escape(tr("Uygunluk henüz değerlendirilmedi."))
    rules = evidence.get("rules", {})
    facts = evidence.get("facts", {})
    failed = evidence.get("failed", [])
    duplicates = evidence.get("duplicates", [])
    result = evidence.get("result", "")
    parts: list[str] = []
    if result == "eligible":
        verdict = tr("Uygun: bütün koşullar sağlandı.")
    elif result == "ineligible":
        verdict = tr("Uygun değil.")
    else:
        verdict = tr("Olası mükerrer: bir süpervizör karar verecek.")
    parts.append(f"<p><b>{escape(verdict)}</b></p>")
    if failed:
        parts.append(f"<p><b>{escape(tr('Neden:'))}</b></p><ul>")
        parts += [f"<li>{escape(str(f.get('message', '')))}</li>" for f in failed]
        parts.append("</ul>")
    if duplicates:
        parts.append(f"<p><b>{escape(tr('Mükerrer şüphesi:'))}</b></p><ul>")
        labels = applications_service.DUPLICATE_REASON_LABELS
        for d in duplicates:
            reasons = ", ".join(tr(labels.get(r, r)) for r in d.get("reasons", []))
            parts.append(f"<li>{escape(str(d.get('reference', '')))} — {escape(reasons)}</li>")
        parts.append("</ul>")
    max_months = rules.get("max_baby_age_months")
    served_rule = rules.get("require_served_mahalle")
    parts.append(f"<p><b>{escape(tr('Uygulanan kurallar:'))}</b></p><ul>")
    parts.append(f"<li>{escape(tr('Bebek başvuru tarihinden önce doğmuş olmalı'))}</li>")
    if max_months is not None:
        parts.append(
            f"<li>{escape(tr('Bebek başvuru tarihinde en fazla {0} aylık').format(max_months))}"
            "</li>"
        )
    if served_rule is not None:
        text = (
            tr("Adres belediyenin hizmet verdiği bir mahallede olmalı")
            if served_rule
            else tr("Mahalle şartı aranmıyor")
        )
        parts.append(f"<li>{escape(text)}</li>")
    parts.append(f"<li>{escape(tr('Her bebeğe bir set'))}</li></ul>")
    parts.append(f"<p><b>{escape(tr('Dayanılan bilgiler:'))}</b></p><ul>")
    if facts:
        age = ""
        if facts.get("baby_age_months") is not None:
            age = tr(": bebek {0} aylık").format(facts["baby_age_months"])
            if facts.get("baby_age_days") is not None:
                age += tr(" ({0} günlük)").format(facts["baby_age_days"])
        parts.append(
            "<li>"
            + escape(
                tr("Başvuru {0}, doğum {1}").format(
                    _day(facts.get("applied_at")), _day(facts.get("baby_birth_date"))
                )
                + age
            )
            + "</li>"
        )
        if facts.get("age_limit_date"):
            parts.append(
                "<li>"
                + escape(
                    tr("Yaş sınırına göre son başvuru günü: {0}").format(
                        _day(facts["age_limit_date"])
                    )
                )
                + "</li>"
            )
        mahalle = facts.get("mahalle") or tr("(mahalle yok)")
        served = (
            tr("hizmet verilen mahalle")
            if facts.get("mahalle_served")
            else tr("hizmet verilmeyen mahalle")
        )
        parts.append(f"<li>{escape(tr('Mahalle: {0} ({1})').format(mahalle, served))}</li>")
        baby_tc = tr("verildi") if facts.get("baby_tc_given") else tr("verilmedi")
        parts.append(f"<li>{escape(tr('Bebek T.C. Kimlik No {0}').format(baby_tc))}</li>")
    parts.append("</ul>")
    checked = detail.eligibility_checked_at
    if checked is not None:
        parts.append(
            "<p style='color:#5f6368'>"
            + escape(
                tr("Değerlendirme: {0}").format(format_local(checked))
                # The rules are listed above; say when they were last set, never the raw
                # version key ("yas<=12ay;mahalle=evet").
                + (
                    tr(" · kurallar {0} tarihli ayarlara göre").format(
                        _day(str(evidence["rules_changed_at"])[:10])
                    )
                    if evidence.get("rules_changed_at")
                    else tr(" · varsayılan kurallara göre")
                )
            )
            + "</p>"
        )
    return "".join(parts)


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


class ApplicationDetailDialog(QDialog):
    """``application_changed(ApplicationDetail)`` after this desk changed the application;
    ``application_open_requested(id)`` for a linked application; ``conflict_shown(message)``."""

    application_changed = Signal(object)
    application_open_requested = Signal(int)
    conflict_shown = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        application_id: int,
        parent: QWidget | None = None,
        *,
        detail: ApplicationDetail | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.application_id = application_id
        self.setObjectName("application_detail_dialog")
        # Opening reads the application off the GUI thread: the dialog shows at once, busy,
        # and fills in when the application arrives (``loaded``).
        self.detail: ApplicationDetail | None = None
        self.pending_action: str | None = None
        self._acting = False  # an action is being saved
        self._build()
        fit_to_screen(self, 1000, 760)
        if detail is not None:
            self.show_detail(detail)
        else:
            self.show_loading()
            db, user = ctx.db, ctx.user
            run_op(
                self,
                lambda: applications_service.get_application(db, user, application_id),
                self.show_detail,
                on_failed=self._open_failed,
                latest_only="detail",
            )

    @property
    def loaded(self) -> bool:
        """The application has arrived and is shown."""
        return self.detail is not None

    def show_loading(self) -> None:
        """The busy state while the application is read: the title says so, nothing to act on."""
        self.setWindowTitle(tr("Yükleniyor…"))
        self.reference_label.setText(tr("Yükleniyor…"))
        for button in self.action_buttons.values():
            button.setVisible(False)
        self.duplicate_of_button.setVisible(False)

    def _open_failed(self, exc: BaseException) -> None:
        """The application could not be read: say why and close the empty window."""
        dialogs.error(self.parentWidget() or self, tr("Başvuru açılamadı"), failure_text(exc))
        super().reject()

    # --- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        self.reference_label = _bold(QLabel(), 1.5)
        self.reference_label.setObjectName("reference_label")
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_chip = _bold(QLabel())
        self.status_chip.setObjectName("status_chip")
        title = QHBoxLayout()
        title.addWidget(self.reference_label)
        title.addSpacing(12)
        title.addWidget(self.status_chip)
        title.addStretch(1)

        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("conflict_message")
        self.conflict_label.setStyleSheet(CONFLICT_STYLE)
        self.conflict_label.setWordWrap(True)
        self.conflict_label.setVisible(False)

        captions = (
            ("applied", tr("Başvuru")),
            ("channel", tr("Kanal")),
            ("parent", tr("Veli")),
            ("phone", tr("Telefon")),
            ("address", tr("Başvurudaki adres")),
            ("baby", tr("Bebek")),
            ("birth", tr("Doğum tarihi")),
            ("baby_tc", tr("Bebek T.C.")),
            ("notice", tr("Aydınlatma")),
            ("created", tr("Kaydeden")),
            ("decision", tr("Karar")),
            ("waiting", tr("Bekleme")),
        )
        grid, self.fields = field_grid(captions)

        evidence_box = QGroupBox(tr("Uygunluk değerlendirmesi"))
        evidence_layout = QVBoxLayout(evidence_box)
        self.evidence_view = QLabel()
        self.evidence_view.setObjectName("evidence_view")
        self.evidence_view.setStyleSheet(EVIDENCE_STYLE)
        self.evidence_view.setWordWrap(True)
        self.evidence_view.setTextFormat(Qt.TextFormat.RichText)
        self.evidence_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        evidence_layout.addWidget(self.evidence_view)

        self.duplicate_of_button = QPushButton()
        self.duplicate_of_button.setObjectName("duplicate_of_button")
        self.duplicate_of_button.setAutoDefault(False)
        self.duplicate_of_button.clicked.connect(self.on_duplicate_of_clicked)
        self.candidates_panel = DuplicateCandidatesPanel(
            tr("Aynı bebek için olabilecek başvurular:"), self
        )
        self.candidates_panel.open_requested.connect(self.application_open_requested)

        self.timeline_model = ApplicationTimelineTableModel(parent=self)
        self.timeline = QTableView()
        self.timeline.setObjectName("timeline_table")
        self.timeline.setModel(self.timeline_model)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setWordWrap(False)
        self.timeline.verticalHeader().setDefaultSectionSize(24)
        self.timeline.setMinimumHeight(140)
        header = self.timeline.horizontalHeader()
        for column, width in enumerate((125, 140, 120, 190)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        timeline_box = QGroupBox(tr("Zaman çizelgesi"))
        QVBoxLayout(timeline_box).addWidget(self.timeline)

        # --- actions ----------------------------------------------------------------------
        self.action_buttons: dict[str, QPushButton] = {}
        actions_row = QHBoxLayout()
        for key, (text, _prompt, _ok) in ACTION_TEXTS.items():
            button = QPushButton(tr(text))
            button.setObjectName(f"{key}_button")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, k=key: self.open_action(k))
            self.action_buttons[key] = button
            actions_row.addWidget(button)
        actions_row.addStretch(1)
        self.close_button = QPushButton(tr("Kapat"))
        self.close_button.setObjectName("close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        actions_row.addWidget(self.close_button)

        self.action_panel = QFrame()
        self.action_panel.setObjectName("action_panel")
        self.action_panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.action_prompt = QLabel()
        self.action_prompt.setObjectName("action_prompt")
        self.action_prompt.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(64)
        self.reason_edit.textChanged.connect(self.on_reason_changed)
        self.reason_error = error_label(self, "reason_error")
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirm_action_button")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.on_confirm_clicked)
        self.action_cancel_button = QPushButton(tr("Vazgeç"))
        self.action_cancel_button.setObjectName("action_cancel_button")
        self.action_cancel_button.setAutoDefault(False)
        self.action_cancel_button.clicked.connect(self.close_action)
        panel_buttons = QHBoxLayout()
        panel_buttons.addWidget(hint_label(tr("Gerekçe işlem kayıtlarında saklanır.")), 1)
        panel_buttons.addWidget(self.action_cancel_button)
        panel_buttons.addWidget(self.confirm_button)
        panel_layout = QVBoxLayout(self.action_panel)
        panel_layout.addWidget(self.action_prompt)
        panel_layout.addWidget(self.reason_edit)
        panel_layout.addWidget(self.reason_error)
        panel_layout.addLayout(panel_buttons)
        self.action_panel.setVisible(False)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 6, 0)
        body_layout.addLayout(grid)
        body_layout.addWidget(self.duplicate_of_button, 0, Qt.AlignmentFlag.AlignLeft)
        body_layout.addWidget(self.candidates_panel)
        body_layout.addWidget(evidence_box)
        body_layout.addWidget(timeline_box, 1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.addLayout(title)
        layout.addWidget(self.conflict_label)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.action_panel)
        layout.addLayout(actions_row)

    # --- showing ------------------------------------------------------------------------------
    def show_detail(self, detail: ApplicationDetail) -> None:
        self.detail = detail
        self.setWindowTitle(tr("Başvuru {0}").format(detail.reference))
        ref = detail.reference
        if detail.web_reference:
            ref += tr("  (web: {0})").format(detail.web_reference)
        self.reference_label.setText(ref)
        colour = STATUS_COLOURS.get(detail.status, "#1a73e8")
        self.status_chip.setText(tr(detail.status_label))
        self.status_chip.setStyleSheet(
            f"QLabel#status_chip {{ background: {colour}; color: white; border-radius: 10px;"
            " padding: 3px 12px; }"
        )
        f = self.fields
        f["applied"].setText(detail.applied_at.strftime("%d.%m.%Y"))
        f["channel"].setText(detail.channel_name)
        parent = detail.parent_name
        if detail.parent_tc:
            parent += f" · {detail.parent_tc}"
        f["parent"].setText(parent)
        f["phone"].setText(detail.phone_display or detail.parent_phone_display or "—")
        address = detail.address_text or "—"
        if detail.mahalle_served is False:
            address += tr(" (hizmet verilmeyen mahalle)")
        f["address"].setText(address)
        f["baby"].setText(f"{detail.baby_first_name} {detail.baby_last_name}")
        f["birth"].setText(detail.baby_birth_date.strftime("%d.%m.%Y"))
        f["baby_tc"].setText(detail.baby_tc or tr("verilmedi"))
        if detail.notice_acknowledged_at is not None:
            notice = tr("Sürüm {0} · {1} · {2} ({3})").format(
                detail.notice_version or "—",
                format_local(detail.notice_acknowledged_at),
                detail.notice_recorded_by_name or tr("web"),
                # The stored code ("desk" / "web") in words, never the code itself.
                {"desk": tr("masada"), "web": tr("web sitesinde")}.get(
                    detail.notice_source or "", detail.notice_source or "—"
                ),
            )
        else:
            notice = tr("Kayıt yok")
        f["notice"].setText(notice)
        created = detail.created_by_name or "—"
        if detail.created_at is not None:
            created += f" · {format_local(detail.created_at)}"
        f["created"].setText(created)
        decision = "—"
        if detail.decision_reason:
            decision = tr("{0} ({1}, {2})").format(
                detail.decision_reason,
                detail.decided_by_name or "—",
                format_local(detail.decided_at) if detail.decided_at else "",
            )
        if detail.cancel_reason:
            decision = tr("İptal nedeni: {0}").format(detail.cancel_reason)
        f["decision"].setText(decision)
        f["waiting"].setText(
            tr("{0} gün").format(detail.waiting_days) if detail.waiting_days is not None else "—"
        )
        self.evidence_view.setText(evidence_html(detail))
        if detail.duplicate_of_id is not None:
            self.duplicate_of_button.setText(
                tr("Mükerreri olduğu başvuru: {0} — aç").format(
                    detail.duplicate_of_reference or detail.duplicate_of_id
                )
            )
            self.duplicate_of_button.setVisible(True)
        else:
            self.duplicate_of_button.setVisible(False)
        self.candidates_panel.show_candidates(detail.duplicate_candidates)
        self.timeline_model.set_rows(detail.events)
        allowed = set(detail.allowed_actions)
        self.action_buttons["merge"].setVisible(ACTION_DECIDE_DUPLICATE in allowed)
        self.action_buttons["distinct"].setVisible(ACTION_DECIDE_DUPLICATE in allowed)
        self.action_buttons["override"].setVisible(ACTION_OVERRIDE in allowed)
        self.action_buttons["cancel"].setVisible(ACTION_CANCEL in allowed)
        if self.pending_action is not None and not self.action_buttons[
            self.pending_action
        ].isVisibleTo(self):
            self.close_action()

    def available_actions(self) -> list[str]:
        return [k for k, b in self.action_buttons.items() if not b.isHidden()]

    # --- actions ------------------------------------------------------------------------------
    def open_action(self, key: str) -> None:
        _text, prompt, ok = ACTION_TEXTS[key]
        self.pending_action = key
        self.action_prompt.setText(tr(prompt))
        self.confirm_button.setText(tr(ok))
        show_error(self.reason_error, "")
        self.action_panel.setVisible(True)
        self.on_reason_changed()
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def close_action(self) -> None:
        self.pending_action = None
        self.action_panel.setVisible(False)

    @Slot()
    def on_reason_changed(self) -> None:
        self.confirm_button.setEnabled(bool(self.reason_edit.toPlainText().strip()))

    def _call(self, key: str) -> Callable[[str], ApplicationDetail]:
        assert self.detail is not None  # the action buttons show once it is loaded
        db, actor, app_id, version = (
            self.ctx.db,
            self.ctx.user,
            self.application_id,
            self.detail.version,
        )
        if key in ("merge", "distinct"):
            decision: Any = key
            return lambda r: applications_service.decide_duplicate(
                db, actor, app_id, version, decision, r
            )
        if key == "override":
            return lambda r: applications_service.override_ineligible(db, actor, app_id, version, r)
        return lambda r: applications_service.cancel_application(db, actor, app_id, version, r)

    @Slot()
    def on_confirm_clicked(self) -> None:
        key = self.pending_action
        reason = self.reason_edit.toPlainText().strip()
        if key is None or self._acting:  # a second click while the first is being saved
            return
        if not reason:
            show_error(self.reason_error, tr("Gerekçe boş; kararın gerekçesini yazın."))
            return
        call = self._call(key)
        self._acting = True
        run_op(
            self,
            lambda: call(reason),
            self._action_done,
            on_failed=self._action_failed,
            disable=(self.action_panel, *self.action_buttons.values()),
        )

    @property
    def acting(self) -> bool:
        """An action is being saved."""
        return self._acting

    def _action_failed(self, exc: BaseException) -> None:
        self._acting = False
        if isinstance(exc, Conflict):
            self._on_conflict(exc)
        elif isinstance(exc, DomainError):
            show_error(self.reason_error, exc.message)
        else:
            show_error(self.reason_error, failure_text(exc))

    def _action_done(self, detail: ApplicationDetail) -> None:
        self._acting = False
        self.conflict_label.setVisible(False)
        self.reason_edit.clear()
        self.close_action()
        self.show_detail(detail)
        self.application_changed.emit(detail)

    def _on_conflict(self, exc: Conflict) -> None:
        """Another desk was first (or the state no longer allows it): say so, load the current
        state; the typed reason stays for the clerk to reuse."""
        self.conflict_label.setText(
            tr("{0} Güncel hâli yüklendi; kararı yeniden değerlendirin.").format(exc.message)
        )
        self.conflict_label.setVisible(True)
        self.reload()
        self.conflict_shown.emit(exc.message)

    def reload(self) -> None:
        """Read the application again, off the GUI thread, and show it."""
        db, user, application_id = self.ctx.db, self.ctx.user, self.application_id
        run_op(
            self,
            lambda: applications_service.get_application(db, user, application_id),
            self.show_detail,
            on_failed=lambda exc: show_error(self.reason_error, failure_text(exc)),
            latest_only="detail",
        )

    @Slot()
    def on_duplicate_of_clicked(self) -> None:
        if self.detail is not None and self.detail.duplicate_of_id is not None:
            self.application_open_requested.emit(self.detail.duplicate_of_id)

    # --- leaving ------------------------------------------------------------------------------
    def reject(self) -> None:
        if self._acting and not dialogs.confirm(
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
        super().reject()

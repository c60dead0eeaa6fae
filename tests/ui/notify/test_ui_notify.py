"""The Bildirimler page (supervisors): messages with their reasons, filter, retry and cancel,
all off the GUI thread; and the citizen card's "SMS istemiyor" and SMS tab."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.db import Database
from desk_app.models import AuditLog, Citizen, SmsMessage
from desk_app.services.citizens import get_citizen_card
from desk_app.services.context import Actor
from desk_app.services.uow import read_only
from desk_app.ui.citizens.card_dialog import CitizenCardDialog
from desk_app.ui.kit.context import AppContext
from desk_app.ui.notify.page import NotificationsPage
from tests.services.delivery.delivery_fixtures import approved
from tests.services.notify.gateway import gateway
from tests.services.notify.notify_fixtures import http_sender

WAIT = 10_000


@pytest.fixture
def outbox(db: Database, clerk: Actor) -> None:
    """Three messages: one sent, one refused by the gateway (HTTP 400), one queued."""
    approved(db, clerk, seed=1)
    approved(db, clerk, seed=2)
    with gateway() as gw:
        gw.statuses = [200, 400]
        http_sender(db, gw.url + "/sms").run_once()
    approved(db, clerk, seed=3)


def _loaded(qtbot: QtBot, page: NotificationsPage) -> None:
    with qtbot.waitSignal(page.messages_loaded, timeout=WAIT):
        page.refresh()


def test_supervisor_sees_reasons_retries_and_cancels(
    qtbot: QtBot, ctx: AppContext, supervisor: Actor, outbox: None, tmp_path: Path
) -> None:
    page = NotificationsPage(ctx.with_actor(supervisor))
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.show()
    _loaded(qtbot, page)
    assert page.model.rowCount() == 3
    statuses = [page.model.index(r, 2).data() for r in range(3)]
    assert statuses == ["Sırada", "Gönderilemedi", "Gönderildi"]
    assert page.model.index(1, page.model.COL_REASON).data().startswith("HTTP 400")
    assert "gönderilemedi 1" in page.counts_label.text()
    # Filter: only the failed one.
    with qtbot.waitSignal(page.messages_loaded, timeout=WAIT):
        page.status_combo.setCurrentIndex(page.status_combo.findData("FAILED"))
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.retry_button.isEnabled() and page.cancel_button.isEnabled()
    page.grab().save(str(tmp_path / "bildirimler.png"))
    with qtbot.waitSignal(page.messages_loaded, timeout=WAIT):
        qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0  # it is queued again, no longer failed
    with qtbot.waitSignal(page.messages_loaded, timeout=WAIT):
        page.status_combo.setCurrentIndex(page.status_combo.findData("QUEUED"))
    assert page.model.rowCount() == 2
    page.table.selectRow(0)
    assert not page.retry_button.isEnabled() and page.cancel_button.isEnabled()
    with qtbot.waitSignal(page.messages_loaded, timeout=WAIT):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    with read_only(ctx.db) as s:
        actions = s.scalars(
            select(AuditLog.action).where(AuditLog.entity == "sms_message").order_by(AuditLog.id)
        ).all()
        assert actions == ["sms.retry", "sms.cancel"]
        assert s.scalar(select(SmsMessage.status).order_by(SmsMessage.id.desc())) == "CANCELLED"


def test_card_opt_out_is_saved_and_audited(
    qtbot: QtBot, ctx: AppContext, clerk: Actor, outbox: None, tmp_path: Path
) -> None:
    clerk_ctx = ctx.with_actor(clerk)
    with read_only(ctx.db) as s:
        citizen_id = s.scalar(select(SmsMessage.citizen_id).order_by(SmsMessage.id.desc()))
    assert citizen_id is not None
    card = get_citizen_card(ctx.db, clerk, citizen_id)
    dialog = CitizenCardDialog(clerk_ctx, card)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.sms_panel
    qtbot.waitUntil(lambda: panel.opt_out_box.isEnabled(), timeout=WAIT)
    assert panel.model.rowCount() == 1 and not panel.opt_out_box.isChecked()
    assert dialog.tabs.tabText(3) == "SMS (1)"
    with qtbot.waitSignal(panel.opt_out_saved, timeout=WAIT):
        qtbot.mouseClick(panel.opt_out_box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy and panel.opt_out_box.isEnabled(), timeout=WAIT)
    assert panel.opt_out_box.isChecked()
    assert panel.model.index(0, 2).data() == "İptal edildi"
    dialog.tabs.setCurrentWidget(panel)
    dialog.grab().save(str(tmp_path / "kart_sms.png"))
    with read_only(ctx.db) as s:
        citizen = s.get(Citizen, citizen_id)
        assert citizen is not None and citizen.sms_opt_out
        audit = s.scalars(select(AuditLog).where(AuditLog.action == "citizen.sms_opt_out")).all()
        assert len(audit) == 1 and audit[0].user_id == clerk.user_id


def test_admin_edits_a_template_and_sees_its_length(
    qtbot: QtBot, ctx: AppContext, admin: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    from desk_app.ui.notify.template_dialog import SmsTemplateDialog

    page = NotificationsPage(ctx.with_actor(supervisor))
    qtbot.addWidget(page)
    assert page.templates_button.isHidden()  # supervisors do not change settings
    admin_page = NotificationsPage(ctx.with_actor(admin))
    qtbot.addWidget(admin_page)
    assert not admin_page.templates_button.isHidden()
    dialog = SmsTemplateDialog(ctx.with_actor(admin))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=WAIT)
    assert "Hoş Geldin Bebek başvurunuz alındı" in dialog.editor.toPlainText()
    assert "1 SMS (GSM-7 (Türkçe))" in dialog.length_label.text()
    assert "{ref}" in dialog.fields_label.text()
    dialog.editor.setPlainText("Başvurunuz {tc} alındı")
    with qtbot.waitSignal(dialog.save_button.clicked, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=WAIT)
    assert "tc" in dialog.error.text() and "{ref}" in dialog.error.text()
    dialog.editor.setPlainText("Başvurunuz alındı: {ref}. Kâğıt evrak gerekmez.")
    assert "(UCS-2)" in dialog.length_label.text()  # â is in neither GSM-7 table
    dialog.editor.setPlainText("Başvurunuz alındı: {ref}. Çorum Belediyesi")
    with qtbot.waitSignal(dialog.template_saved, timeout=WAIT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    dialog.grab().save(str(tmp_path / "sablon.png"))
    with read_only(ctx.db) as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "setting.change")).one()
        assert row.entity_id == "sms.template.received" and row.user_id == admin.user_id


def test_the_planners_day_list_marks_reminded_families(
    qtbot: QtBot, db: Database, clerk: Actor, supervisor: Actor
) -> None:
    from desk_app.domain.states import DeliveryKind
    from desk_app.services import notify
    from desk_app.services.delivery.booking import book
    from desk_app.services.delivery.plan import team_day_deliveries
    from desk_app.ui.delivery.models import DeliveryDayTableModel
    from tests.services.delivery.delivery_fixtures import (
        NOW,
        TUESDAY,
        make_stock,
        make_teams,
        make_windows,
    )

    team = make_teams(db, supervisor)[0]
    make_windows(db, supervisor)
    make_stock(db, supervisor)
    for seed in (1, 2):
        app_id, version = approved(db, clerk, seed=seed)
        book(db, clerk, app_id, version, DeliveryKind.HOME, TUESDAY, team_id=team.id, now=NOW)
    notify.queue_reminders(db, supervisor, TUESDAY, now=NOW)
    with gateway() as gw:
        gw.statuses = [200] * 4 + [200, 400]  # the second family's reminder is refused
        http_sender(db, gw.url + "/sms", clock=lambda: NOW).run_once()
    model = DeliveryDayTableModel(pickup=False)
    model.set_rows(team_day_deliveries(db, clerk, team.id, TUESDAY))
    column = [title for title, _ in model.columns].index("SMS")
    marks = sorted(model.index(r, column).data() for r in range(model.rowCount()))
    assert marks == ["", "hatırlatıldı"]

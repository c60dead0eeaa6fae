"""The new-request form (keyboard only, inline validation, Esc) and the request detail (the whole
life of a request, the refusal to close without an answer, the conflict between two desks)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.errors import ValidationError
from desk_app.domain.text import fold
from desk_app.models import Category, Channel, Citizen, Directorate, Request, RequestEvent
from desk_app.services import requests as rq
from desk_app.services.context import Actor
from desk_app.services.requests.common import RequestDetail
from desk_app.services.requests.records import RequestInput
from desk_app.services.uow import read_only, unit_of_work
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.requests.detail_dialog import RequestDetailDialog
from desk_app.ui.requests.form_dialog import RequestFormDialog, to_qdate
from desk_app.ui.requests.front_desk_page import FrontDeskPage
from desk_app.ui.requests.table_model import COL_REFERENCE
from tests.ui.ops import wait_ops


@pytest.fixture(autouse=True)
def close_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows left with typed text are closed at teardown; a real question would block the
    run (tests that look at the question patch ``confirm`` themselves)."""
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)


def _citizen(db: Database, first: str, last: str) -> int:
    with unit_of_work(db) as s:
        c = Citizen(
            first_name=first,
            last_name=last,
            name_folded=fold(f"{first} {last}"),
            last_name_folded=fold(last),
            phone_e164="+905321234567",
        )
        s.add(c)
        s.flush()
        return c.id


def _directorate(db: Database, short: str) -> int:
    with read_only(db) as s:
        return s.scalar(select(Directorate.id).where(Directorate.short == short))  # type: ignore[return-value]


def _stored(db: Database, request_id: int | None = None) -> Request:
    with read_only(db) as s:
        stmt = select(Request).order_by(Request.id.desc())
        if request_id is not None:
            stmt = select(Request).where(Request.id == request_id)
        req = s.scalars(stmt).first()
        assert req is not None
        s.expunge(req)
        return req


def _events(db: Database, request_id: int) -> int:
    with read_only(db) as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(RequestEvent)
                .where(RequestEvent.request_id == request_id)
            )
            or 0
        )


def _keys(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key. QTest cannot type letters outside ASCII (it
    asserts), so ç ğ ı İ ö ş ü go in as key events that carry their text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def _type(qtbot: QtBot, text: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    _keys(qtbot, widget, text)


def _key(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _form(qtbot: QtBot, ctx: AppContext) -> RequestFormDialog:
    dialog = RequestFormDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(lambda: dialog.lists_ready)
    return dialog


# --- the form -----------------------------------------------------------------------------------


def test_keyboard_only_new_request_from_the_page(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: pytest.fail("nothing should ask"))
    citizen_id = _citizen(clerk_ctx.db, "Şükrü", "Öztürk")
    _citizen(clerk_ctx.db, "Ayşe", "Kaya")
    page = FrontDeskPage(clerk_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.waitUntil(lambda: not page.model.is_loading)

    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.form_dialog is not None and page.form_dialog.isVisible())
    form = page.form_dialog
    assert form is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    qtbot.waitUntil(lambda: form.lists_ready)
    assert _focused() is form.citizen_picker.edit

    _type(qtbot, "şükrü öz")  # lower case, part of the last name
    _key(qtbot, Qt.Key.Key_Return)  # Enter picks the first hit (when it arrives)
    qtbot.waitUntil(lambda: form.citizen_picker.citizen_id == citizen_id, timeout=5000)
    assert form.citizen_picker.edit.text() == "Şükrü Öztürk"
    assert not form.isHidden()  # Enter picked; it did not save

    _key(qtbot, Qt.Key.Key_Tab)  # the anonymous box is disabled for the desk channel
    assert _focused() is form.channel_combo
    assert form.channel_combo.currentData() == "DESK"
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is form.category_combo
    _type(qtbot, "Su")  # keyboard search (a space would open the list)
    assert form.category_combo.currentText() == "Su arızası (SKM)"
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is form.directorate_combo
    assert form.directorate_combo.currentData() == _directorate(clerk_ctx.db, "SKM")
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is form.subject_edit
    _type(qtbot, "Sokakta su borusu patladı")
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focused() is form.description_edit
    _type(qtbot, "Çarşı Mahallesi, okulun önü.")
    _key(qtbot, Qt.Key.Key_Tab)  # Tab leaves the description; no tab character in it
    assert form.description_edit.toPlainText() == "Çarşı Mahallesi, okulun önü."
    assert _focused() is form.due_edit
    wait_ops(qtbot)  # the category's due date comes from the database
    expected_due = rq.due_date_for(
        clerk_ctx.db, form.category_id, form.directorate_id, local_today()
    )
    assert form.due_edit.text() == expected_due.strftime("%d.%m.%Y")
    assert form.save_button.isEnabled()

    with qtbot.waitSignal(form.request_saved, timeout=3000) as saved:
        _key(qtbot, Qt.Key.Key_Return)
    detail = saved.args[0]
    assert isinstance(detail, RequestDetail)
    stored = _stored(clerk_ctx.db)
    assert stored.id == detail.id
    assert stored.citizen_id == citizen_id
    with read_only(clerk_ctx.db) as s:
        assert s.scalar(select(Channel.code).where(Channel.id == stored.channel_id)) == "DESK"
        assert s.scalar(select(Category.name).where(Category.id == stored.category_id)) == (
            "Su arızası"
        )
    assert stored.directorate_id == _directorate(clerk_ctx.db, "SKM")
    assert stored.due_date == expected_due
    assert stored.subject == "Sokakta su borusu patladı"
    assert stored.description == "Çarşı Mahallesi, okulun önü."
    assert stored.status == "FORWARDED"
    # The page shows and selects the new request.
    qtbot.waitUntil(lambda: page.selected_request_id() == detail.id, timeout=5000)
    assert page.model.index(0, COL_REFERENCE).data() == detail.reference


def test_validation_messages_and_save_disabled_until_valid(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)  # closing at the end
    form = _form(qtbot, clerk_ctx)
    errors = form.error_labels
    assert not form.save_button.isEnabled()
    assert not any(label.isVisible() for label in errors.values())  # nothing shouted at first

    form.subject_edit.setFocus()
    _keys(qtbot, form.subject_edit, "x")
    qtbot.keyClick(form.subject_edit, Qt.Key.Key_Backspace)
    assert errors["konu"].isVisible()
    assert errors["konu"].text() == "Konu boş; talebin konusunu kısaca yazın."
    _keys(qtbot, form.subject_edit, "Ç" * 201)
    assert errors["konu"].text().startswith("Konu en fazla 200 karakter olabilir")
    form.subject_edit.clear()
    _keys(qtbot, form.subject_edit, "Çöp konteyneri dolu")
    assert not errors["konu"].isVisible()
    assert not form.save_button.isEnabled()  # still no citizen, no directorate

    # Enter on an unfinished form shows every message instead of saving.
    qtbot.keyClick(form.subject_edit, Qt.Key.Key_Return)
    assert form.isVisible()
    assert errors["vatandas"].isVisible() and "Vatandaş seçilmedi" in errors["vatandas"].text()
    assert errors["mudurluk"].isVisible() and "Müdürlük seçilmedi" in errors["mudurluk"].text()

    # WhatsApp and 153 may be anonymous; the desk channel may not.
    assert not form.anonymous_check.isEnabled()
    form.channel_combo.setCurrentIndex(form.channel_combo.findData("WHATSAPP"))
    assert form.anonymous_check.isEnabled()
    form.anonymous_check.setChecked(True)
    assert not errors["vatandas"].isVisible()
    assert not form.citizen_picker.isEnabled()

    form.directorate_combo.setCurrentIndex(
        form.directorate_combo.findData(_directorate(clerk_ctx.db, "TEM"))
    )
    assert not errors["mudurluk"].isVisible()
    assert form.save_button.isEnabled()

    form.due_edit.setDate(to_qdate(local_today() - timedelta(days=1)))
    assert errors["son_tarih"].isVisible()
    assert "bugünden önce olamaz" in errors["son_tarih"].text()
    assert not form.save_button.isEnabled()
    form.due_edit.setDate(to_qdate(local_today() + timedelta(days=3)))
    assert form.save_button.isEnabled()

    form.channel_combo.setCurrentIndex(form.channel_combo.findData("DESK"))
    assert not form.anonymous_check.isChecked() and not form.anonymous_check.isEnabled()
    assert errors["vatandas"].isVisible() and not form.save_button.isEnabled()

    # Choosing a category brings its directorate and due date; both can still be changed.
    form.category_combo.setCurrentIndex(form.category_combo.findText("Su arızası (SKM)"))
    assert form.directorate_id == _directorate(clerk_ctx.db, "SKM")
    wait_ops(qtbot)
    due = rq.due_date_for(clerk_ctx.db, form.category_id, form.directorate_id, local_today())
    assert form.due_edit.text() == due.strftime("%d.%m.%Y")
    form.directorate_combo.setCurrentIndex(
        form.directorate_combo.findData(_directorate(clerk_ctx.db, "FEN"))
    )
    assert form.directorate_id == _directorate(clerk_ctx.db, "FEN")


def test_service_error_shows_at_its_field_and_keeps_the_text(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = _form(qtbot, clerk_ctx)
    form.channel_combo.setCurrentIndex(form.channel_combo.findData("CALL_153"))
    form.anonymous_check.setChecked(True)
    form.directorate_combo.setCurrentIndex(
        form.directorate_combo.findData(_directorate(clerk_ctx.db, "FEN"))
    )
    form.subject_edit.setText("Yol çöktü")
    form.description_edit.setPlainText("Uzun açıklama")
    form.validate()
    assert form.save_button.isEnabled()

    def refuse(*_a: object, **_k: object) -> None:
        raise ValidationError("Bu konu bugün zaten kaydedildi; mevcut talebi açın.", "konu")

    monkeypatch.setattr(rq, "create_request", refuse)
    with qtbot.assertNotEmitted(form.request_saved):
        form.save_button.click()
        assert form.saving and not form.save_button.isEnabled()
        form.on_save_clicked()  # a second Enter while saving does nothing
        wait_ops(qtbot)
    assert form.isVisible()
    assert form.error_labels["konu"].text() == "Bu konu bugün zaten kaydedildi; mevcut talebi açın."
    assert form.error_labels["konu"].isVisible()
    assert form.subject_edit.text() == "Yol çöktü"
    assert form.description_edit.toPlainText() == "Uzun açıklama"

    monkeypatch.undo()
    with qtbot.waitSignal(form.request_saved, timeout=3000) as saved:
        qtbot.keyClick(
            form.description_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert saved.args[0].citizen_id is None
    assert saved.args[0].channel_code == "CALL_153"
    assert "\n" not in _stored(clerk_ctx.db).description  # Ctrl+Enter saved, added no line


def test_escape_asks_before_losing_typed_text(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [False]

    def confirm(_parent: object, _title: str, text: str, **_kw: object) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    empty = _form(qtbot, clerk_ctx)
    qtbot.keyClick(empty.citizen_picker.edit, Qt.Key.Key_Escape)
    assert not empty.isVisible() and asked == []  # nothing typed: closes at once

    form = _form(qtbot, clerk_ctx)
    form.subject_edit.setFocus()
    _keys(qtbot, form.subject_edit, "Park bakımsız")
    qtbot.keyClick(form.subject_edit, Qt.Key.Key_Escape)
    assert asked == ["Yazdıklarınız kaydedilmedi. Form kapatılsın mı?"]
    assert form.isVisible() and form.subject_edit.text() == "Park bakımsız"
    answer[0] = True
    qtbot.keyClick(form.subject_edit, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not form.isVisible()
    assert rq.count_requests(clerk_ctx.db, clerk_ctx.user, rq.RequestFilter()) == 0


# --- the detail ---------------------------------------------------------------------------------


def _request(ctx: AppContext, actor: Actor, citizen_id: int | None = None) -> RequestDetail:
    return rq.create_request(
        ctx.db,
        actor,
        RequestInput(
            citizen_id=citizen_id,
            channel_code="DESK",
            directorate_id=_directorate(ctx.db, "FEN"),
            subject="Kaldırım taşları kırık",
            description="Gazi Caddesi 12 önü",
        ),
    )


def _detail(qtbot: QtBot, ctx: AppContext, request_id: int) -> RequestDetailDialog:
    dialog = RequestDetailDialog(ctx, request_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wait_ops(qtbot)  # the request and the forward targets arrive off the GUI thread
    assert dialog.loaded
    return dialog


def _poll(qtbot: QtBot, dialog: RequestDetailDialog) -> bool:
    """What the page's poll does; True when the fresh request is shown."""
    with qtbot.waitSignal(dialog.change_checked) as checked:
        dialog.reload_if_changed()
    return bool(checked.args[0])


def _act(dialog: RequestDetailDialog, action: str) -> None:
    panel = dialog.actions_panel
    assert panel.buttons[action].isEnabled(), action
    panel.buttons[action].click()
    assert panel.box.isVisible() and panel.action == action


def test_forward_answer_inform_close_through_the_detail(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    citizen_id = _citizen(clerk_ctx.db, "Gülşen", "Işık")
    created = _request(clerk_ctx, clerk, citizen_id)
    dialog = _detail(qtbot, clerk_ctx, created.id)
    panel = dialog.actions_panel
    assert dialog.reference_label.text() == created.reference
    assert dialog.status_chip.text() == "Yönlendirildi"
    assert dialog.fields["citizen"].text().startswith("Gülşen Işık")
    assert dialog.answer_view.text() == "Henüz müdürlük cevabı yok."
    assert not panel.buttons["informed"].isEnabled()  # nothing to tell yet
    assert dialog.timeline_model.rowCount() == 1

    changed: list[RequestDetail] = []
    dialog.request_changed.connect(changed.append)

    _act(dialog, "forward")
    # Nothing is chosen for a forwarded request: Ctrl+Enter at once sends it nowhere.
    assert panel.forward_directorate_combo.currentIndex() == -1
    qtbot.keyClick(panel.forward_note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.error.text() == "Müdürlük seçilmedi; talebin gideceği müdürlüğü seçin."
    assert _stored(clerk_ctx.db, created.id).directorate_id == _directorate(clerk_ctx.db, "FEN")
    assert panel.box.isVisible()
    skm = _directorate(clerk_ctx.db, "SKM")
    panel.forward_directorate_combo.setCurrentIndex(panel.forward_directorate_combo.findData(skm))
    _keys(qtbot, panel.forward_note_edit, "Su idaresinin konusu")
    panel.save_button.click()
    wait_ops(qtbot)
    assert _stored(clerk_ctx.db, created.id).directorate_id == skm
    assert dialog.fields["directorate"].text() == "Su ve Kanalizasyon Müdürlüğü"
    assert not panel.box.isVisible()
    assert dialog.notice_label.text() == "Talep yönlendirildi."

    _act(dialog, "answer")
    answer = "Arıza 6 Mart'ta giderildi; kaldırım onarımı Fen İşleri'ne bildirildi."
    _keys(qtbot, panel.answer_edit, answer)
    qtbot.keyClick(panel.answer_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    assert dialog.detail.status == "RESOLVED"
    assert dialog.answer_view.text() == answer
    assert dialog.status_chip.text() == "Çözüldü"
    assert panel.buttons["informed"].isEnabled()

    _act(dialog, "informed")
    panel.via_combo.setCurrentIndex(panel.via_combo.findText("Telefon"))
    _keys(qtbot, panel.informed_note_edit, "Kendisiyle görüşüldü")
    panel.save_button.click()
    wait_ops(qtbot)
    assert dialog.detail.informed_via == "phone"
    assert dialog.fields["informed"].text().endswith("Telefon")

    _act(dialog, "status")
    labels = [panel.status_combo.itemText(i) for i in range(panel.status_combo.count())]
    assert labels == ["İşlemde", "Kapandı"]  # only what RESOLVED allows
    panel.status_combo.setCurrentIndex(panel.status_combo.findText("Kapandı"))
    assert not panel.status_answer_edit.isVisible()  # the answer is already there
    panel.save_button.click()
    wait_ops(qtbot)
    stored = _stored(clerk_ctx.db, created.id)
    assert stored.status == "CLOSED" and stored.closed_at is not None
    assert dialog.status_chip.text() == "Kapandı"
    assert [b for b, w in panel.buttons.items() if w.isEnabled()] == ["note", "informed"]
    assert [d.status for d in changed] == ["FORWARDED", "RESOLVED", "RESOLVED", "CLOSED"]

    kinds = [
        dialog.timeline_model.index(r, 1).data() for r in range(dialog.timeline_model.rowCount())
    ]
    assert kinds == [
        "Yönlendirildi",
        "Yönlendirildi",
        "Müdürlük cevabı",
        "Vatandaş bilgilendirildi",
        "Durum değişti",
    ]
    assert dialog.timeline_model.index(2, 3).data() == "Yönlendirildi → Çözüldü"
    assert "Telefon" in dialog.timeline_model.index(3, 4).data()
    assert dialog.timeline_model.index(4, 2).data() == "İrem Çelik"
    assert len(dialog.timeline_model.index(0, 0).data()) == len("05.03.2025 10:00")


def test_closing_without_a_written_answer_is_refused(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    created = _request(clerk_ctx, clerk)
    dialog = _detail(qtbot, clerk_ctx, created.id)
    panel = dialog.actions_panel
    _act(dialog, "status")
    panel.status_combo.setCurrentIndex(panel.status_combo.findText("Reddedildi"))
    assert not panel.status_answer_edit.isVisible()
    panel.save_button.click()
    wait_ops(qtbot)
    assert dialog.detail.status == "REJECTED"

    _act(dialog, "status")
    panel.status_combo.setCurrentIndex(panel.status_combo.findText("Kapandı"))
    assert panel.status_answer_edit.isVisible()  # closing needs the written answer
    events = _events(clerk_ctx.db, created.id)
    panel.save_button.click()
    wait_ops(qtbot)
    assert panel.error.isVisible()
    assert "yazılı bir cevap gerekli" in panel.error.text()
    assert _stored(clerk_ctx.db, created.id).status == "REJECTED"
    assert _events(clerk_ctx.db, created.id) == events

    _keys(qtbot, panel.status_answer_edit, "Talep belediyenin görev alanı dışında.")
    panel.save_button.click()
    wait_ops(qtbot)
    stored = _stored(clerk_ctx.db, created.id)
    assert stored.status == "CLOSED"
    assert stored.answer_text == "Talep belediyenin görev alanı dışında."


def test_conflict_shows_both_versions_and_writes_nothing(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor, admin: Actor
) -> None:
    created = _request(clerk_ctx, clerk)
    dialog = _detail(qtbot, clerk_ctx, created.id)
    panel = dialog.actions_panel
    _act(dialog, "answer")
    mine = "Ekip yarın gidecek; vatandaşa bilgi verilecek."
    _keys(qtbot, panel.answer_edit, mine)

    # Another desk answers first.
    theirs = rq.add_answer(
        clerk_ctx.db, admin, created.id, created.version, "Onarım tamamlandı (diğer masa)."
    )
    events = _events(clerk_ctx.db, created.id)

    with qtbot.waitSignal(dialog.conflict_shown, timeout=3000):
        panel.save_button.click()
    assert dialog.conflict_panel.isVisible()
    assert "başka bir masada değiştirildi" in dialog.conflict_message.text()
    assert mine in dialog.mine_view.toPlainText()
    assert not dialog.mine_view.isReadOnly()  # still the clerk's own text to copy
    other = dialog.theirs_view.toPlainText()
    assert "Onarım tamamlandı (diğer masa)." in other
    assert "Durum: Çözüldü" in other
    assert "Ayşe Yılmaz" in other
    assert dialog.theirs_view.isReadOnly()
    # Nothing of this desk was written, and nothing more can be sent from the stale view.
    stored = _stored(clerk_ctx.db, created.id)
    assert stored.answer_text == "Onarım tamamlandı (diğer masa)."
    assert stored.version == theirs.version
    assert _events(clerk_ctx.db, created.id) == events
    assert not panel.save_button.isEnabled()
    assert not any(b.isEnabled() for b in panel.buttons.values())
    assert dialog.answer_view.text() == "Henüz müdürlük cevabı yok."  # what was loaded

    dialog.conflict_reload_button.click()
    wait_ops(qtbot)
    assert not dialog.conflict_panel.isVisible()
    assert dialog.detail.version == theirs.version
    assert dialog.answer_view.text() == "Onarım tamamlandı (diğer masa)."
    assert panel.box.isVisible() and panel.answer_edit.toPlainText() == mine  # ready to redo
    assert panel.save_button.isEnabled()


def test_poll_refreshes_an_open_detail_without_an_audited_read(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor, admin: Actor
) -> None:
    created = _request(clerk_ctx, clerk)
    dialog = _detail(qtbot, clerk_ctx, created.id)
    assert not _poll(qtbot, dialog)  # nothing changed
    rq.add_note(clerk_ctx.db, admin, created.id, created.version, "Diğer masadan not")
    assert _poll(qtbot, dialog)
    assert dialog.timeline_model.rowCount() == 2
    assert "Diğer masadan not" in dialog.timeline_model.index(1, 4).data()

    # While the clerk is typing an action the view is not swapped under them.
    _act(dialog, "note")
    _keys(qtbot, dialog.actions_panel.note_edit, "Benim notum")
    rq.add_note(clerk_ctx.db, admin, created.id, dialog.detail.version, "Bir not daha")
    assert not _poll(qtbot, dialog)
    assert dialog.changed_notice.isVisible()
    assert dialog.timeline_model.rowCount() == 2


def test_an_overdue_request_stands_out_in_the_header(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    created = _request(clerk_ctx, clerk)
    past = local_today() - timedelta(days=2)
    with unit_of_work(clerk_ctx.db) as s:
        s.get(Request, created.id).due_date = past  # type: ignore[union-attr]
    dialog = _detail(qtbot, clerk_ctx, created.id)
    assert dialog.detail.overdue
    assert dialog.fields["due"].text() == f"{past:%d.%m.%Y} — gecikmiş"
    assert "a50e0e" in dialog.fields["due"].styleSheet()
    assert dialog.fields["due"].toolTip().startswith("Gecikmiş")


def test_a_waiting_note_keeps_the_detail_busy_and_closing_asks(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note is saved in a worker (held here at a gate, then the real service runs): the
    panel is disabled meanwhile, a second Ctrl+Enter sends nothing and closing asks first."""
    import threading

    created = _request(clerk_ctx, clerk)
    gate = threading.Event()
    calls: list[str] = []
    real_add_note = rq.add_note

    def gated_add_note(*args: object) -> RequestDetail:
        calls.append(str(args[4]))
        assert gate.wait(20), "the test never opened the gate"
        return real_add_note(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(rq, "add_note", gated_add_note)
    asked: list[str] = []

    def refuse(*a: object, **_k: object) -> bool:
        asked.append(str(a[2]))
        return False

    monkeypatch.setattr(dialogs, "confirm", refuse)
    dialog = _detail(qtbot, clerk_ctx, created.id)
    panel = dialog.actions_panel
    _act(dialog, "note")
    _keys(qtbot, panel.note_edit, "Vatandas yeniden aradi")
    qtbot.keyClick(panel.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(calls))
    assert dialog.acting and not panel.isEnabled()
    panel.on_save_clicked()  # a second Ctrl+Enter while the first note is being saved
    dialog.reject()
    assert asked and "Kayıt sürüyor" in asked[-1] and dialog.isVisible()

    with qtbot.waitSignal(dialog.request_changed):
        gate.set()
    assert calls == ["Vatandas yeniden aradi"]
    assert not dialog.acting and panel.isEnabled()
    assert dialog.notice_label.text() == "Not eklendi."
    assert dialog.timeline_model.rowCount() == 2

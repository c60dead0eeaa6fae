"""The Başvurular page and the desk registration form: keyboard-only registration, the KVKK
notice checkbox, inline validation, duplicates while typing, paging and filters."""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk_app.domain.clock import local_today
from desk_app.domain.tckn import generate_tckn
from desk_app.services import applications as apps
from desk_app.services.applications.common import ApplicationInput
from desk_app.services.applications.query import ApplicationFilter
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.context import Actor
from desk_app.ui.applications import table_model as application_table_model
from desk_app.ui.applications.form_dialog import ApplicationFormDialog
from desk_app.ui.applications.page import ApplicationsPage
from desk_app.ui.kit.context import AppContext
from tests.ui.ops import wait_ops

_rng = random.Random(11)
TODAY = local_today()


def settle_workers() -> None:
    """Let background look-ups end and collect Qt objects on the GUI thread: a garbage
    collection that starts in a worker thread must not delete widgets of a finished test."""
    QThreadPool.globalInstance().waitForDone(10000)
    QCoreApplication.processEvents()
    gc.collect()


@pytest.fixture(autouse=True)
def closing_never_asks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Closing a typed-in form at the end of a test must not wait on a real message box."""
    from desk_app.ui.kit import dialogs

    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: True)
    yield
    settle_workers()


def tc() -> str:
    return generate_tckn(_rng)


def register(ctx: AppContext, actor: Actor, **kw: Any) -> apps.ApplicationResult:
    parent = CitizenInput(
        first_name=kw.pop("parent_first", "Zeynep"),
        last_name=kw.pop("parent_last", "Arslan"),
        tc_kimlik_no=kw.pop("parent_tc", tc()),
        phone=kw.pop("phone", "0532 111 22 33"),
        mahalle=kw.pop("mahalle", "Ulukavak"),
        street="Mimar Sinan Cad.",
        building_no=kw.pop("building_no", "14"),
    )
    values: dict[str, Any] = {
        "parent": parent,
        "baby_first_name": "Elif",
        "baby_last_name": "Arslan",
        "baby_birth_date": TODAY - timedelta(days=20),
        "notice_acknowledged": True,
    }
    values.update(kw)
    return apps.register_application(ctx.db, actor, ApplicationInput(**values))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_and_tab(qtbot: QtBot, text: str = "") -> None:
    if text:
        qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def open_form(qtbot: QtBot, ctx: AppContext) -> ApplicationFormDialog:
    dialog = ApplicationFormDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.picker.edit.hasFocus())
    qtbot.waitUntil(lambda: dialog.lists_ready)  # the served mahalleler and the notice
    return dialog


def test_keyboard_only_registration_with_a_new_parent(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    dialog = open_form(qtbot, clerk_ctx)
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.new_parent_check
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert dialog.new_parent_check.isChecked()
    qtbot.waitUntil(lambda: dialog.inputs["ad"].hasFocus())
    parent_tc = tc()
    type_and_tab(qtbot, "Zehra")
    type_and_tab(qtbot, "Kaya")
    type_and_tab(qtbot, parent_tc)
    type_and_tab(qtbot, "0532 444 55 66")
    qtbot.keyClicks(dialog.mahalle_edit, "Ulukavak")
    popup = dialog.mahalle_combo.completer().popup()
    if popup is not None:
        popup.hide()
    dialog.mahalle_combo.setFocus()
    type_and_tab(qtbot)
    assert dialog.inputs["cadde_sokak"].hasFocus()
    type_and_tab(qtbot, "Gazi Cad.")
    type_and_tab(qtbot, "7")
    type_and_tab(qtbot)  # daire no
    type_and_tab(qtbot, "Ada")
    type_and_tab(qtbot, "Kaya")
    assert dialog.birth_edit.hasFocus()
    birth = TODAY - timedelta(days=30)
    type_and_tab(qtbot, birth.strftime("%d%m%Y"))
    type_and_tab(qtbot)  # baby TC (optional)
    type_and_tab(qtbot)  # channel
    type_and_tab(qtbot)  # web reference
    assert focused() is dialog.notice_check
    assert dialog.errors == {"aydinlatma": dialog.errors["aydinlatma"]}
    assert not dialog.save_button.isEnabled()  # the notice is required
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.application_saved) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    result = saved.args[0]
    assert result.status == "APPROVED"
    assert "Onaylandı" in dialog.result_label.text()
    detail = apps.get_application(clerk_ctx.db, clerk_ctx.user, result.id)
    assert detail.baby_birth_date == birth
    assert detail.parent_name == "Zehra Kaya"
    assert detail.notice_acknowledged_at is not None
    assert detail.notice_version == dialog.notice_version != ""
    assert detail.notice_source == "desk"
    assert dialog.notice_text in dialog.notice_label.text()


def test_validation_messages_at_the_fields(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    dialog = open_form(qtbot, clerk_ctx)
    dialog.birth_edit.setFocus()
    dialog.birth_edit.setDate(dialog.birth_edit.date().addDays(3))  # the future
    dialog.inputs["bebek_tc_kimlik_no"].setFocus()
    qtbot.keyClicks(dialog.inputs["bebek_tc_kimlik_no"], "12345678901")
    birth_error = dialog.error_labels["bebek_dogum_tarihi"]
    tc_error = dialog.error_labels["bebek_tc_kimlik_no"]
    assert birth_error.isVisibleTo(dialog) and "bugünden sonra" in birth_error.text()
    assert tc_error.isVisibleTo(dialog) and tc_error.text()
    assert not dialog.save_button.isEnabled()
    # Enter on the unfinished form shows every message and keeps what was typed.
    qtbot.keyClick(dialog.inputs["bebek_tc_kimlik_no"], Qt.Key.Key_Return)
    assert dialog.error_labels["veli"].isVisibleTo(dialog)
    assert dialog.error_labels["aydinlatma"].isVisibleTo(dialog)
    assert dialog.line_edit("bebek_tc_kimlik_no").text() == "12345678901"
    assert dialog.saved_result is None


def test_escape_asks_before_dropping_what_was_typed(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.ui.kit import dialogs

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    dialog = open_form(qtbot, clerk_ctx)
    dialog.inputs["bebek_adi"].setFocus()
    qtbot.keyClicks(dialog.inputs["bebek_adi"], "Ada")
    qtbot.keyClick(dialog.inputs["bebek_adi"], Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()


def test_a_duplicate_is_listed_while_typing(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    baby_tc = tc()
    first = register(clerk_ctx, clerk_ctx.user, baby_tc_kimlik_no=baby_tc)
    dialog = open_form(qtbot, clerk_ctx)
    edit = dialog.inputs["bebek_tc_kimlik_no"]
    edit.setFocus()
    with qtbot.waitSignal(
        dialog.duplicates_checked, check_params_cb=lambda n: n >= 1, timeout=5000
    ):
        qtbot.keyClicks(edit, baby_tc)
    assert dialog.duplicate_panel.isVisibleTo(dialog)
    candidate = dialog.duplicate_panel.candidates[0]
    assert candidate.application_id == first.id
    assert "Aynı bebek T.C. Kimlik No" in candidate.reason_labels
    with qtbot.waitSignal(dialog.application_open_requested) as opened:
        dialog.duplicate_panel.open_buttons[0].click()
    assert opened.args == [first.id]


# --- the page ---------------------------------------------------------------------------------


LAST_NAMES = [
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Koç",
]
BABY_NAMES = [
    "Ada",
    "Can",
    "Ece",
    "Mert",
    "Nil",
    "Bora",
    "Duru",
    "Emir",
    "Ilgın",
    "Kerem",
    "Lina",
    "Onur",
    "Sena",
    "Tuna",
]


@pytest.fixture
def many(clerk_ctx: AppContext) -> list[apps.ApplicationResult]:
    results = []
    for i in range(14):
        results.append(
            register(
                clerk_ctx,
                clerk_ctx.user,
                mahalle="Ulukavak" if i % 2 else "Bahçelievler",
                parent_last=LAST_NAMES[i],
                baby_first_name=BABY_NAMES[i],
                baby_last_name=LAST_NAMES[i],
                baby_birth_date=TODAY - timedelta(days=10 + 5 * i),
            )
        )
    # An old birth date is ineligible; the same parent and birth date is a suspected duplicate.
    results.append(register(clerk_ctx, clerk_ctx.user, baby_birth_date=TODAY - timedelta(days=500)))
    parent_tc = tc()
    born = TODAY - timedelta(days=9)
    results.append(register(clerk_ctx, clerk_ctx.user, parent_tc=parent_tc, baby_birth_date=born))
    results.append(register(clerk_ctx, clerk_ctx.user, parent_tc=parent_tc, baby_birth_date=born))
    return results


def test_the_page_loads_pages_and_filters_change_the_count(
    qtbot: QtBot,
    clerk_ctx: AppContext,
    many: list[apps.ApplicationResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(application_table_model, "PAGE_SIZE", 5)
    page = ApplicationsPage(clerk_ctx)
    qtbot.addWidget(page)
    model = page.model
    with qtbot.waitSignal(model.count_changed):
        page.show()
    qtbot.waitUntil(lambda: not model.is_loading)
    assert model.total == len(many)
    assert page.count_label.text() == f"{len(many)} başvuru"
    assert model.rowCount() == len(many)  # a window over the whole list
    model.load_rows(0, model.rowCount() - 1)  # the pages nobody looked at yet
    qtbot.waitUntil(lambda: not model.is_loading)
    assert len({model.row_at(i).id for i in range(model.rowCount())}) == len(many)  # type: ignore[union-attr]

    db, user = clerk_ctx.db, clerk_ctx.user
    page.status_combo.setCurrentIndex(page.status_combo.findData("pending"))
    page.apply_filters()
    qtbot.waitUntil(lambda: model.total is not None and not model.is_loading)
    pending = apps.count_applications(
        db, user, ApplicationFilter(statuses=("RECEIVED", "SUSPECTED_DUPLICATE"))
    )
    assert pending >= 1 and model.total == pending
    model.load_rows(0, model.rowCount() - 1)
    qtbot.waitUntil(lambda: not model.is_loading)
    assert all(
        model.row_at(i).status in ("RECEIVED", "SUSPECTED_DUPLICATE")  # type: ignore[union-attr]
        for i in range(model.rowCount())
    )

    page.status_combo.setCurrentIndex(0)
    wait_ops(qtbot)  # the filter's choices arrive from the database
    index = page.mahalle_combo.findText("Bahçelievler")
    mahalle_id = page.mahalle_combo.itemData(index)
    page.mahalle_combo.setCurrentIndex(index)
    page.apply_filters()
    qtbot.waitUntil(lambda: model.total is not None and not model.is_loading)
    expected = apps.count_applications(db, user, ApplicationFilter(mahalle_id=mahalle_id))
    assert model.total == expected == 7

    page.mahalle_combo.setCurrentIndex(0)
    page.text_edit.setText("Ece")
    page.apply_filters()
    qtbot.waitUntil(lambda: model.total is not None and not model.is_loading)
    assert model.total == 1 and model.row_at(0).baby_name == "Ece Şahin"  # type: ignore[union-attr]


def test_waiting_long_rows_stand_out_and_open_with_enter(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    old = register(
        clerk_ctx,
        clerk_ctx.user,
        applied_at=TODAY - timedelta(days=30),
        baby_birth_date=TODAY - timedelta(days=40),
    )
    register(clerk_ctx, clerk_ctx.user, baby_tc_kimlik_no=tc())
    page = ApplicationsPage(clerk_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.model.is_loading)
    row = page.model.row_of(old.id)
    assert page.model.data(page.model.index(row, 0), application_table_model.WAITING_LONG_ROLE)
    other = 1 - row
    assert not page.model.data(
        page.model.index(other, 0), application_table_model.WAITING_LONG_ROLE
    )
    page.waiting_spin.setValue(20)
    page.apply_filters()
    qtbot.waitUntil(lambda: page.model.total == 1 and not page.model.is_loading)
    page.table.setFocus()
    page.table.selectRow(0)
    with qtbot.waitSignal(page.application_opened) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert dialog.application_id == old.id
    dialog.close()


def test_ctrl_n_opens_the_form_and_a_save_selects_the_new_row(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    page = ApplicationsPage(clerk_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.form_opened) as opened:
        page.new_action.trigger()
    form = opened.args[0]
    assert isinstance(form, ApplicationFormDialog)
    form.done(0)


def test_open_the_saved_application_from_the_form(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    """ "Başvuruyu aç" after saving closes the form and the application's view stays open."""
    page = ApplicationsPage(clerk_ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.form_opened) as opened:
        page.new_action.trigger()
    form = opened.args[0]
    form.activateWindow()
    qtbot.waitUntil(lambda: form.picker.edit.hasFocus() and form.lists_ready)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: form.inputs["ad"].hasFocus())
    for text in ("Zehra", "Kaya", tc(), "0532 444 55 66"):
        type_and_tab(qtbot, text)
    qtbot.keyClicks(form.mahalle_edit, "Ulukavak")
    popup = form.mahalle_combo.completer().popup()
    if popup is not None:
        popup.hide()
    form.mahalle_combo.setFocus()
    type_and_tab(qtbot)
    for text in ("Gazi Cad.", "7", "", "Ada", "Kaya"):
        type_and_tab(qtbot, text)
    type_and_tab(qtbot, (TODAY - timedelta(days=30)).strftime("%d%m%Y"))
    for _ in range(3):
        type_and_tab(qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    with qtbot.waitSignal(form.application_saved) as saved:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert form.open_result_button.isVisible()
    with qtbot.waitSignal(page.application_opened) as shown:
        qtbot.mouseClick(form.open_result_button, Qt.MouseButton.LeftButton)
    detail = shown.args[0]
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, 0)  # the closed form's deleteLater
        QCoreApplication.processEvents()
    import shiboken6

    assert shiboken6.isValid(detail) and detail.isVisible()
    assert detail.application_id == saved.args[0].id
    assert not form.isVisible() if shiboken6.isValid(form) else True


def test_the_assessment_shows_no_raw_rule_key(clerk_ctx: AppContext, clerk: Actor) -> None:
    from desk_app.ui.applications.detail_dialog import evidence_html

    result = register(clerk_ctx, clerk)
    html = evidence_html(apps.get_application(clerk_ctx.db, clerk, result.id))
    assert "yas&lt;=" not in html and "yas<=" not in html and "mahalle=" not in html
    assert "kural sürümü" not in html
    assert " · varsayılan kurallara göre" in html


def test_the_detail_names_where_the_notice_was_given_in_words(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor
) -> None:
    from desk_app.ui.applications.detail_dialog import ApplicationDetailDialog

    result = register(clerk_ctx, clerk)
    dialog = ApplicationDetailDialog(clerk_ctx, result.id)
    qtbot.addWidget(dialog)
    assert not dialog.loaded and dialog.reference_label.text() == "Yükleniyor…"
    qtbot.waitUntil(lambda: dialog.loaded)  # read off the GUI thread
    notice = dialog.fields["notice"].text()
    assert notice.endswith("İrem Çelik (masada)") and "(desk)" not in notice


def test_a_waiting_save_keeps_the_form_busy_saves_once_and_closing_asks(
    qtbot: QtBot, clerk_ctx: AppContext, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save runs in a worker: while it waits (held here at a gate, then the real service
    runs) the form is clearly busy, a second Enter sends nothing more and Esc asks first."""
    import threading

    from desk_app.services.citizens.records import create_citizen
    from desk_app.ui.kit import dialogs
    from desk_app.ui.kit.tasks import is_busy

    parent = create_citizen(
        clerk_ctx.db,
        clerk,
        CitizenInput(
            "Derya",
            "Koç",
            tc_kimlik_no=tc(),
            phone="0532 777 66 55",
            mahalle="Ulukavak",
            street="Gazi Cad.",
            building_no="5",
        ),
    )
    gate = threading.Event()
    calls: list[ApplicationInput] = []
    real_register = apps.register_application

    def gated_register(db: Any, actor: Any, data: ApplicationInput) -> apps.ApplicationResult:
        calls.append(data)
        assert gate.wait(20), "the test never opened the gate"
        return real_register(db, actor, data)

    monkeypatch.setattr(apps, "register_application", gated_register)
    asked: list[str] = []

    def refuse(*a: object, **_k: object) -> bool:
        asked.append(str(a[2]))
        return False

    monkeypatch.setattr(dialogs, "confirm", refuse)

    dialog = open_form(qtbot, clerk_ctx)
    dialog.picker.set_citizen(parent.id, parent.full_name)
    dialog.on_parent_picked(parent.id, parent.full_name)
    dialog.line_edit("bebek_adi").setText("Can")
    dialog.line_edit("bebek_soyadi").setText("Koç")
    dialog.birth_edit.setDate(dialog.birth_edit.date().addDays(-12))
    dialog.notice_check.setChecked(True)
    qtbot.waitUntil(dialog.save_button.isEnabled)
    baby = dialog.line_edit("bebek_adi")
    baby.setFocus()

    qtbot.keyClick(baby, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(calls))
    assert dialog.saving and is_busy(dialog)
    assert not dialog.save_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert not dialog.form_scroll.isEnabled()  # what is sent is what the result is about
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # a second Enter while the first save waits
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and "Kayıt sürüyor" in asked[-1] and dialog.isVisible()

    with qtbot.waitSignal(dialog.application_saved) as saved:
        gate.set()
    assert len(calls) == 1
    assert not dialog.saving and not is_busy(dialog)
    assert "kaydedildi" in dialog.result_label.text()
    assert saved.args[0].status == "APPROVED"
    assert apps.count_applications(clerk_ctx.db, clerk, ApplicationFilter()) == 1


def test_a_failed_load_is_said_and_kaydet_loads_again(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.services.uow import ConnectionLost
    from desk_app.ui.applications import form_dialog

    real_load = form_dialog.load_form_lists
    attempts: list[int] = []

    def first_fails(db: Any) -> form_dialog.FormLists:
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionLost("the server is away")
        return real_load(db)

    monkeypatch.setattr(form_dialog, "load_form_lists", first_fails)
    dialog = ApplicationFormDialog(clerk_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.general_error.text()))
    assert "Sunucuya bağlanılamıyor" in dialog.general_error.text()
    assert not dialog.lists_ready and dialog.save_button.isEnabled()  # Kaydet: load again
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.lists_ready)
    assert len(attempts) == 2 and not dialog.general_error.isVisible()
    assert dialog.notice_text and dialog.notice_text in dialog.notice_label.text()
    assert not dialog.save_button.isEnabled()  # nothing typed yet

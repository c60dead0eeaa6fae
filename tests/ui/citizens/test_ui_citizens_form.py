"""The citizen form: inline validation per field with Kaydet disabled until valid, the served
mahalle warning, records that are probably the same person, a lost update shown beside the
other desk's values, and Esc asking before typed text is dropped."""

from __future__ import annotations

import random

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk_app.domain.tckn import generate_tckn
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen, get_citizen_card, update_citizen
from desk_app.services.citizens.search import search_citizens
from desk_app.services.context import Actor
from desk_app.ui.citizens.card_dialog import CitizenCardDialog
from desk_app.ui.citizens.form_dialog import CitizenFormDialog
from desk_app.ui.citizens.form_fields import matching_mahalleler
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.main_window import MainWindow
from tests.ui.ops import wait_ops


@pytest.fixture(autouse=True)
def closing_never_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form with typed text asks before closing; at teardown nobody is there to answer."""
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_kw: True)


_rng = random.Random(31)


def _tc() -> str:
    return generate_tckn(_rng)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a keyboard (QTest's keyClicks only knows ASCII; Turkish letters are sent as
    key events carrying their text)."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)


def _bad_check_digit(tc: str) -> str:
    return tc[:10] + str((int(tc[10]) + 1) % 10)


def _form(qtbot: QtBot, ctx: AppContext, **kw: object) -> CitizenFormDialog:
    form = CitizenFormDialog(ctx, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    qtbot.waitUntil(lambda: form.served_ready)  # the served mahalleler, read off the GUI thread
    return form


def _retype(qtbot: QtBot, edit: object, text: str) -> None:
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # type: ignore[arg-type]
    type_text(qtbot, edit, text)  # type: ignore[arg-type]


def test_each_field_says_what_is_wrong_and_save_waits_until_valid(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    form = _form(qtbot, clerk_ctx)
    assert not form.save_button.isEnabled()
    assert not any(label.isVisible() for label in form.fields.error_labels.values())  # nothing yet

    type_text(qtbot, form.fields.first_name_edit, "Emine")
    type_text(qtbot, form.fields.last_name_edit, "Aydın")
    tc = _tc()
    type_text(qtbot, form.fields.tc_edit, _bad_check_digit(tc))
    assert form.fields.error_labels["tc_kimlik_no"].isVisible()
    assert "11. hane" in form.fields.error_labels["tc_kimlik_no"].text()
    assert not form.save_button.isEnabled()
    _retype(qtbot, form.fields.tc_edit, tc)
    assert not form.fields.error_labels["tc_kimlik_no"].isVisible()
    assert form.save_button.isEnabled()

    type_text(qtbot, form.fields.phone_edit, "0532 12")
    assert "eksik" in form.fields.error_labels["telefon"].text()
    assert not form.save_button.isEnabled()
    _retype(qtbot, form.fields.phone_edit, "0532 123 45 99")
    assert not form.fields.error_labels["telefon"].isVisible()
    assert form.save_button.isEnabled()

    form.fields.mahalle_edit.setFocus()
    qtbot.waitUntil(form.fields.mahalle_edit.hasFocus)
    type_text(qtbot, form.fields.mahalle_edit, "Ulukavak")
    assert form.fields.mahalle_completer.popup().isVisible()  # the served list, filtered
    # Tab as from the keyboard (the open list gets it first): leaving the mahalle, the rest
    # of the address is needed.
    qtbot.keyClick(QApplication.activePopupWidget() or form.fields.mahalle_edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(form.fields.street_edit.hasFocus)
    assert form.fields.error_labels["cadde_sokak"].isVisible()
    assert "Cadde/Sokak boş" in form.fields.error_labels["cadde_sokak"].text()
    assert form.fields.error_labels["bina_no"].isVisible()
    assert not form.save_button.isEnabled()
    type_text(qtbot, form.fields.street_edit, "Gazi Cad.")
    type_text(qtbot, form.fields.building_edit, "7")
    assert not form.fields.error_labels["cadde_sokak"].isVisible()
    assert form.save_button.isEnabled()

    # A mahalle outside the served list is a warning (amber) that does not block saving.
    _retype(qtbot, form.fields.mahalle_edit, "Ankara Yolu")
    assert "hizmet verilen mahalleler arasında değil" in form.fields.error_labels["mahalle"].text()
    assert "#8a5300" in form.fields.error_labels["mahalle"].styleSheet()
    assert form.warning and "mahalle" not in form.errors
    assert form.save_button.isEnabled()

    # Enter on an unfinished form shows every message and goes to the first bad field.
    form.fields.first_name_edit.clear()
    form.touch("ad")
    qtbot.keyClick(form.fields.street_edit, Qt.Key.Key_Return)
    assert form.isVisible()
    assert form.fields.error_labels["ad"].isVisible()


def test_mahalle_list_filters_with_turkish_folding() -> None:
    names = ["Işıklar", "İnönü", "Ulukavak", "Bahçelievler", "Gülabibey"]
    assert matching_mahalleler(names, "IŞI") == ["Işıklar"]
    assert matching_mahalleler(names, "işı") == []  # i is not ı
    assert matching_mahalleler(names, "inö") == ["İnönü"]
    assert matching_mahalleler(names, "BAHÇE") == ["Bahçelievler"]
    assert matching_mahalleler(names, "bey") == ["Gülabibey"]  # contained, not only prefixes
    assert matching_mahalleler(names, "") == names


def _main(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_same_tc_shows_the_existing_record_to_open_instead(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    tc = _tc()
    existing = create_citizen(
        clerk_ctx.db, admin, CitizenInput("Hüseyin", "Çelik", tc_kimlik_no=tc)
    ).id
    window = _main(qtbot, clerk_ctx)
    search = window.citizen_search
    form = search.open_new_citizen()
    type_text(qtbot, form.fields.first_name_edit, "Hüseyin")
    type_text(qtbot, form.fields.last_name_edit, "Çelik")
    with qtbot.waitSignal(form.similar_checked, timeout=5000) as checked:
        type_text(qtbot, form.fields.tc_edit, tc)
    assert checked.args == [1]
    panel = form.duplicate_panel
    assert panel.isVisible() and panel.blocking
    assert "Bu T.C. Kimlik No ile kayıtlı bir vatandaş var" in panel.message_label.text()
    assert [b.text() for b in panel.open_buttons] == ["Bu kaydı aç"]

    # Saving anyway is refused by the service: the same panel, the message at the TC field.
    panel.show_hits([])
    form.on_save_clicked()
    wait_ops(qtbot)
    assert form.isVisible() and panel.isVisible()
    assert "Bu T.C. Kimlik No ile kayıtlı" in form.fields.error_labels["tc_kimlik_no"].text()
    assert form.fields.first_name_edit.text() == "Hüseyin"  # nothing typed is lost

    with qtbot.waitSignal(search.card_opened, timeout=3000) as opened:
        qtbot.mouseClick(panel.open_buttons[0], Qt.MouseButton.LeftButton)
    card = opened.args[0]
    assert isinstance(card, CitizenCardDialog)
    assert card.citizen_id == existing
    qtbot.waitUntil(lambda: not shiboken6.isValid(form) or not form.isVisible())
    assert len(search_citizens(clerk_ctx.db, admin, tc)) == 1


def test_same_phone_and_a_similar_name_is_a_warning(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    create_citizen(clerk_ctx.db, admin, CitizenInput("Ayşe Nur", "Yılmaz", phone="0532 123 45 67"))
    form = _form(qtbot, clerk_ctx)
    type_text(qtbot, form.fields.first_name_edit, "Ayse")
    type_text(qtbot, form.fields.last_name_edit, "Yilmaz")
    with qtbot.waitSignal(form.similar_checked, timeout=5000) as checked:
        type_text(qtbot, form.fields.phone_edit, "05321234567")
    assert checked.args == [1]
    panel = form.duplicate_panel
    assert panel.isVisible() and not panel.blocking
    assert "Aynı telefonla benzer adlı bir kayıt var" in panel.message_label.text()
    assert "Ayşe Nur Yılmaz" in panel.hits[0].full_name
    assert form.save_button.isEnabled()  # a warning: the clerk decides
    # A different name on the same phone: a relative, or a wrong number; the clerk is told
    # whose record has it, and may still save.
    with qtbot.waitSignal(form.similar_checked, timeout=5000) as checked:
        _retype(qtbot, form.fields.first_name_edit, "Mehmet")
    assert checked.args == [1]
    assert panel.isVisible() and not panel.blocking
    assert "Bu telefon başka bir vatandaşın kaydında var" in panel.message_label.text()
    assert panel.hits[0].matched_by == "shared_phone"
    assert form.save_button.isEnabled()


def test_a_stale_edit_shows_the_other_desks_values_and_keeps_what_was_typed(
    qtbot: QtBot, admin_ctx: AppContext, clerk: Actor
) -> None:
    db = admin_ctx.db
    tc = _tc()
    view = create_citizen(
        db,
        clerk,
        CitizenInput(
            "Kemal",
            "Arslan",
            tc_kimlik_no=tc,
            phone="0532 000 11 22",
            mahalle="Ulukavak",
            street="Gazi Cad.",
            building_no="5",
        ),
    )
    form = _form(qtbot, admin_ctx, citizen=get_citizen_card(db, admin_ctx.user, view.id).citizen)
    assert form.fields.tc_edit.text() == tc  # the administrator sees and edits the full TC
    _retype(qtbot, form.fields.phone_edit, "0542 999 88 77")
    # Another desk changes the record meanwhile.
    update_citizen(
        db,
        clerk,
        view.id,
        view.version,
        CitizenInput(
            "Kemal",
            "Arslan",
            tc_kimlik_no=tc,
            phone="0532 000 11 22",
            email="kemal@ornek.com",
            mahalle="Bahçelievler",
            street="İnönü Cad.",
            building_no="9",
        ),
    )
    with qtbot.waitSignal(form.conflict_shown, timeout=3000) as shown:
        qtbot.keyClick(form.fields.phone_edit, Qt.Key.Key_Return)
    theirs = shown.args[0]
    panel = form.conflict_panel
    assert form.isVisible() and panel.isVisible()
    assert "başka bir masada değiştirildi" in panel.message_label.text()
    assert form.fields.phone_edit.text() == "0542 999 88 77"  # what was typed is kept
    assert panel.theirs_labels["E-posta"].text() == "kemal@ornek.com"
    assert panel.theirs_labels["Adres"].text() == "Bahçelievler, İnönü Cad. No: 9"
    assert panel.theirs_labels["Telefon"].text() == "0 532 000 11 22"
    assert get_citizen_card(db, clerk, view.id).citizen.phone_e164 == "+905320001122"

    qtbot.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert form.version == theirs.version
    assert form.fields.email_edit.text() == "kemal@ornek.com"
    assert form.fields.mahalle_edit.text() == "Bahçelievler"
    _retype(qtbot, form.fields.phone_edit, "0542 999 88 77")
    with qtbot.waitSignal(form.citizen_saved, timeout=3000) as saved:
        qtbot.keyClick(form.fields.phone_edit, Qt.Key.Key_Return)
    assert saved.args[0].phone_e164 == "+905429998877"
    assert saved.args[0].email == "kemal@ornek.com"


def test_esc_asks_before_dropping_typed_text(
    qtbot: QtBot, clerk_ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = [False]

    def confirm(_parent: object, _title: str, text: str, **_kw: object) -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    empty = _form(qtbot, clerk_ctx)
    qtbot.keyClick(empty.fields.first_name_edit, Qt.Key.Key_Escape)
    assert not empty.isVisible() and asked == []  # nothing typed: closes at once

    form = _form(qtbot, clerk_ctx)
    type_text(qtbot, form.fields.first_name_edit, "Şükrü")
    qtbot.keyClick(form.fields.first_name_edit, Qt.Key.Key_Escape)
    assert asked == ["Yazdıklarınız kaydedilmedi. Form kapatılsın mı?"]
    assert form.isVisible() and form.fields.first_name_edit.text() == "Şükrü"
    answer[0] = True
    qtbot.keyClick(form.fields.first_name_edit, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert QApplication.activeModalWidget() is not form


def test_a_disabled_save_says_why_on_the_screen(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    """A mahalle chosen and no street yet: Kaydet is disabled and the form says why."""
    form = _form(qtbot, clerk_ctx)
    type_text(qtbot, form.fields.first_name_edit, "Nermin")
    type_text(qtbot, form.fields.last_name_edit, "Kılıç")
    type_text(qtbot, form.fields.phone_edit, "0533 222 11 00")
    line = form.fields.mahalle_combo.lineEdit()
    assert line is not None
    type_text(qtbot, line, "Ulukavak")
    qtbot.waitUntil(lambda: not form.save_button.isEnabled())
    assert form.save_reason.isVisible()
    assert form.save_reason.text().startswith("Kaydetmek için: ")
    assert "cadde/sokak" in form.save_reason.text()


def test_the_form_grows_for_messages_and_shrinks_back(qtbot: QtBot, clerk_ctx: AppContext) -> None:
    """No clipped buttons while messages show, no blank area after they go."""
    form = _form(qtbot, clerk_ctx)
    start = form.height()
    type_text(qtbot, form.fields.first_name_edit, "Nermin")
    type_text(qtbot, form.fields.last_name_edit, "Kılıç")
    line = form.fields.mahalle_combo.lineEdit()
    assert line is not None
    type_text(qtbot, line, "Ulukavak")
    qtbot.waitUntil(lambda: form.save_reason.isVisible())
    grown = form.height()
    assert grown > start
    # Nothing squeezed: the buttons are whole inside the form, below every field.
    button = form.save_button.geometry()
    assert (
        button.bottom() <= form.height() and button.height() >= form.save_button.sizeHint().height()
    )
    assert form.save_reason.geometry().bottom() <= button.top()
    line.clear()
    type_text(qtbot, form.fields.phone_edit, "0533 222 11 00")
    qtbot.waitUntil(lambda: not form.save_reason.isVisible())
    qtbot.waitUntil(lambda: form.height() < grown)

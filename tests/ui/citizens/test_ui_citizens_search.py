"""Search everywhere from the top bar: hits as the clerk types (TC, phone in any spelling, last
digits, Turkish names, references), keyboard navigation, the card it opens, late results of an
older query dropped, and the new-citizen entry."""

from __future__ import annotations

import random
import threading
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk_app.db import Database
from desk_app.domain.tckn import generate_tckn, mask_tckn
from desk_app.services import lookups
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen, get_citizen_card, update_citizen
from desk_app.services.citizens.search import CitizenHit
from desk_app.services.context import Actor
from desk_app.services.requests.records import RequestInput, create_request
from desk_app.ui.citizens import search as citizen_search
from desk_app.ui.citizens.card_dialog import CitizenCardDialog, open_citizen_card
from desk_app.ui.citizens.form_dialog import CitizenFormDialog
from desk_app.ui.citizens.search import prefill_from_query
from desk_app.ui.citizens.table_models import COL_MATCHED, COL_NAME
from desk_app.ui.kit import dialogs
from desk_app.ui.kit.context import AppContext
from desk_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def closing_never_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form with typed text asks before closing; at teardown nobody is there to answer."""
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_kw: True)


_rng = random.Random(23)


def _tc() -> str:
    return generate_tckn(_rng)


def _add(db: Database, actor: Actor, first: str, last: str, **kw: str) -> int:
    kw.setdefault("tc_kimlik_no", _tc())
    return create_citizen(db, actor, CitizenInput(first_name=first, last_name=last, **kw)).id


def _window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx, idle_lock_ms=0, restore_state=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.search_edit.setFocus()
    return window


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a keyboard; QTest's keyClicks only knows ASCII, so Turkish letters are sent as
    key events carrying their text (what a Turkish keyboard layout produces)."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)


def _type(qtbot: QtBot, window: MainWindow, text: str) -> list[CitizenHit]:
    """Clear the box, type ``text`` and wait for its hits to be shown."""
    search = window.citizen_search
    window.search_edit.clear()
    with qtbot.waitSignal(
        search.searched, timeout=5000, check_params_cb=lambda t, _n: t == text.strip()
    ):
        type_text(qtbot, window.search_edit, text)
    return search.hits


def _cell(window: MainWindow, row: int, column: int) -> str:
    model = window.citizen_search.popup.model
    return str(model.data(model.index(row, column)))


def test_typing_finds_tc_phone_last_digits_turkish_names_and_references(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    db = clerk_ctx.db
    tc = _tc()
    ayse = _add(db, admin, "Ayşe Nur", "Yılmaz", tc_kimlik_no=tc, phone="0532 123 45 67")
    isik = _add(db, admin, "Mehmet", "Işık")
    ince = _add(db, admin, "Zeynep", "İnce")
    fen = next(d.id for d in lookups.list_directorates(db) if d.short == "FEN")
    request = create_request(
        db, admin, RequestInput(citizen_id=isik, directorate_id=fen, subject="Kaldırım kırık")
    )
    window = _window(qtbot, clerk_ctx)
    popup = window.citizen_search.popup

    hits = _type(qtbot, window, tc)
    assert [h.citizen_id for h in hits] == [ayse]
    assert popup.isVisible()
    assert _cell(window, 0, COL_NAME) == "Ayşe Nur Yılmaz"
    assert mask_tckn(tc) in {_cell(window, 0, c) for c in range(5)}  # the desk sees it masked
    assert _cell(window, 0, COL_MATCHED) == "bulundu: TC"

    assert [h.citizen_id for h in _type(qtbot, window, "+90 (532) 123-4567")] == [ayse]
    assert _cell(window, 0, COL_MATCHED) == "bulundu: telefon"
    assert "0 532 123 45 67" in {_cell(window, 0, c) for c in range(5)}
    assert [h.citizen_id for h in _type(qtbot, window, "4567")] == [ayse]

    assert [h.citizen_id for h in _type(qtbot, window, "IŞIK")] == [isik]
    assert _cell(window, 0, COL_MATCHED) == "bulundu: ad"
    assert [h.citizen_id for h in _type(qtbot, window, "ince")] == [ince]

    assert [h.citizen_id for h in _type(qtbot, window, request.reference)] == [isik]
    assert _cell(window, 0, COL_MATCHED) == f"bulundu: başvuru no {request.reference}"
    # The last row is always the way to a new record.
    model = popup.model
    assert model.is_new_row(model.rowCount() - 1)
    assert "Yeni vatandaş" in _cell(window, model.rowCount() - 1, 0)

    qtbot.keyClick(window.search_edit, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_arrows_and_enter_open_the_card_with_requests_and_address_history(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    db = clerk_ctx.db
    _add(db, admin, "Ayşe", "Kaya", phone="0532 111 22 33")
    mert = _add(
        db,
        admin,
        "Mert",
        "Kaya",
        mahalle="Ulukavak",
        street="Gazi Cad.",
        building_no="3",
    )
    current = get_citizen_card(db, admin, mert).citizen
    update_citizen(
        db,
        admin,
        mert,
        current.version,
        CitizenInput(
            "Mert",
            "Kaya",
            tc_kimlik_no=current.tc_kimlik_no or "",
            mahalle="Bahçelievler",
            street="İnönü Cad.",
            building_no="12",
            apartment_no="4",
        ),
    )
    fen = next(d.id for d in lookups.list_directorates(db) if d.short == "FEN")
    request = create_request(
        db, admin, RequestInput(citizen_id=mert, directorate_id=fen, subject="Su kesintisi")
    )
    window = _window(qtbot, clerk_ctx)
    search = window.citizen_search

    hits = _type(qtbot, window, "kaya")
    assert [h.full_name for h in hits] == ["Ayşe Kaya", "Mert Kaya"]
    assert search.popup.current_row == 0
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Down)  # the "Yeni vatandaş" row
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Up)
    assert search.popup.current_row == 1
    with qtbot.waitSignal(search.card_opened, timeout=3000) as opened:
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert isinstance(dialog, CitizenCardDialog)
    assert not search.popup.isVisible()
    assert dialog.name_label.text() == "Mert Kaya"
    assert dialog.requests_model.rowCount() == 1
    row = [dialog.requests_model.data(dialog.requests_model.index(0, c)) for c in range(6)]
    assert row[0] == request.reference
    assert row[3] == "Su kesintisi"
    assert row[5] == "FEN"
    assert dialog.tabs.tabText(0) == "Talepler (1)"
    assert dialog.address_model.rowCount() == 2
    newest = [dialog.address_model.data(dialog.address_model.index(0, c)) for c in range(4)]
    oldest = [dialog.address_model.data(dialog.address_model.index(1, c)) for c in range(4)]
    assert newest[0] == "Bahçelievler, İnönü Cad. No: 12 D: 4"
    assert newest[2] == "güncel" and newest[3] == "Masa"
    assert oldest[0].startswith("Ulukavak, Gazi Cad.")
    assert len(oldest[1]) == 10 and oldest[1][2] == "." and oldest[1][5] == "."  # dd.MM.yyyy
    assert dialog.address_label.text() == "Bahçelievler, İnönü Cad. No: 12 D: 4"
    # Enter on a request row opens the request's own dialog, once, and the card stays open.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.focusWidget() is dialog.requests_table
    opened_dialogs: list[object] = []
    dialog.request_opened.connect(opened_dialogs.append)
    qtbot.keyClick(dialog.requests_table, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.request_opened, timeout=3000) as request_opened:
        qtbot.keyClick(dialog.requests_table, Qt.Key.Key_Return)
    assert request_opened.args[0].request_id == request.id
    assert len(opened_dialogs) == 1
    assert dialog.isVisible()
    request_opened.args[0].done(0)
    # Tab walks out of the tables to every button of the card (and Shift+Tab back).
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.requests_table.setFocus()
    reached: set[str] = set()
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(w.objectName() if (w := QApplication.focusWidget()) else "")
    assert {"edit_button", "new_request_button", "close_button"} <= reached
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    # The new-request hook of the main window is offered on the card and hands the person over.
    assert dialog.new_request_button.isVisibleTo(dialog)
    window.show_page("applications")
    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert not dialog.isVisible()
    assert window.current_page.key == "requests"


def test_enter_before_the_hits_arrive_opens_the_first(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    zeynep = _add(clerk_ctx.db, admin, "Zeynep", "İnce")
    window = _window(qtbot, clerk_ctx)
    search = window.citizen_search
    with qtbot.waitSignal(search.card_opened, timeout=5000) as opened:
        type_text(qtbot, window.search_edit, "zeynep")
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert opened.args[0].citizen_id == zeynep


def test_a_late_result_of_an_older_query_is_dropped(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = clerk_ctx.db
    _add(db, admin, "Ayşe", "Yılmaz")
    _add(db, admin, "Ali", "Yıldız")
    real = citizen_search.search_citizens  # type: ignore[attr-defined]
    started, release = threading.Event(), threading.Event()

    def slow_for_the_first_query(db: Any, actor: Any, text: str, limit: int = 20) -> Any:
        if text == "Yıl":
            started.set()
            release.wait(10)
        return real(db, actor, text, limit=limit)

    monkeypatch.setattr(citizen_search, "search_citizens", slow_for_the_first_query)
    window = _window(qtbot, clerk_ctx)
    search = window.citizen_search
    shown: list[str] = []
    search.searched.connect(lambda text, _n: shown.append(text))
    try:
        type_text(qtbot, window.search_edit, "Yıl")
        qtbot.waitUntil(started.is_set, timeout=5000)
        with qtbot.waitSignal(search.searched, timeout=5000):
            type_text(qtbot, window.search_edit, "maz")
        assert [h.full_name for h in search.hits] == ["Ayşe Yılmaz"]
    finally:
        release.set()
    qtbot.waitUntil(lambda: not search.is_searching, timeout=5000)
    assert shown == ["Yılmaz"]
    assert search.shown_text == "Yılmaz"
    assert [h.full_name for h in search.hits] == ["Ayşe Yılmaz"]


def test_nothing_found_offers_the_new_citizen_form_prefilled(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    window = _window(qtbot, clerk_ctx)
    search = window.citizen_search
    assert _type(qtbot, window, "zübeyde kocaoğlu") == []
    assert "bulunamadı" in search.popup.status_label.text()
    assert search.popup.model.is_new_row(search.popup.current_row)
    with qtbot.waitSignal(search.form_opened, timeout=3000) as opened:
        qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    form = opened.args[0]
    assert isinstance(form, CitizenFormDialog)
    assert (form.fields.first_name_edit.text(), form.fields.last_name_edit.text()) == (
        "Zübeyde",
        "Kocaoğlu",
    )
    form.done(0)


def test_prefill_from_the_search_text() -> None:
    tc = _tc()
    assert prefill_from_query(f" {tc} ").tc_kimlik_no == tc
    assert prefill_from_query("0532 123 45 67").phone == "0532 123 45 67"
    assert prefill_from_query("ışık").first_name == "Işık"
    named = prefill_from_query("ayşe nur  İNCE")
    assert (named.first_name, named.last_name) == ("Ayşe Nur", "İnce")
    assert prefill_from_query("GK-2025-000123") == CitizenInput("", "")


def test_new_citizen_by_keyboard_only_then_its_card_opens(
    qtbot: QtBot, clerk_ctx: AppContext
) -> None:
    window = _window(qtbot, clerk_ctx)
    search = window.citizen_search
    with qtbot.waitSignal(search.form_opened, timeout=3000) as opened:
        qtbot.keyClick(
            window,
            Qt.Key.Key_N,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    form = opened.args[0]
    qtbot.waitUntil(form.fields.first_name_edit.hasFocus, timeout=3000)
    tc = _tc()
    for text in ("Hatice", "Öztürk", tc, "0533 444 55 66"):
        focused = QApplication.focusWidget()
        assert focused is not None
        type_text(qtbot, focused, text)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert form.fields.phone_edit.text() == "0533 444 55 66"
    assert form.fields.tc_edit.text() == tc
    assert form.save_button.isEnabled()
    with qtbot.waitSignal(search.card_opened, timeout=5000) as card_opened:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    card = card_opened.args[0]
    assert card.name_label.text() == "Hatice Öztürk"
    assert card.phone_label.text() == "0 533 444 55 66"
    assert _type(qtbot, window, tc)[0].full_name == "Hatice Öztürk"


def test_the_desk_sees_a_masked_tc_on_the_card_and_the_admin_the_full_one(
    qtbot: QtBot, clerk_ctx: AppContext, admin_ctx: AppContext, admin: Actor
) -> None:
    tc = _tc()
    cid = _add(clerk_ctx.db, admin, "Fatma", "Şahin", tc_kimlik_no=tc, email="fatma@ornek.com")
    opened: list[CitizenCardDialog] = []
    open_citizen_card(clerk_ctx, cid, on_opened=opened.append)
    qtbot.waitUntil(lambda: len(opened) == 1)
    open_citizen_card(admin_ctx, cid, on_opened=opened.append)
    qtbot.waitUntil(lambda: len(opened) == 2)
    desk, full = opened
    qtbot.addWidget(desk)
    qtbot.addWidget(full)
    assert desk.tc_label.text() == mask_tckn(tc) != tc
    assert full.tc_label.text() == tc
    assert desk.email_label.text() == "fatma@ornek.com"
    assert desk.address_label.text() == "Kayıtlı adres yok."
    # No main window: no new-request hook, so no button.
    assert not desk.new_request_button.isVisibleTo(desk)
    # The desk's edit form does not reveal the stored TC either.
    form = desk.on_edit_clicked()
    assert form.fields.tc_edit.text() == mask_tckn(tc) and form.fields.tc_edit.isReadOnly()
    # The service never handed the desk the whole number; saving the mask keeps the stored one.
    assert form.form_input().tc_kimlik_no == mask_tckn(tc)
    form.done(0)


def test_the_list_says_when_there_are_more_than_it_shows(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    firsts = [f"Ad{chr(ord('a') + n)}" for n in range(20)]
    for first in firsts:
        _add(clerk_ctx.db, admin, first, "Işık")
    window = _window(qtbot, clerk_ctx)
    hits = _type(qtbot, window, "ışık")
    assert len(hits) == 20
    assert window.citizen_search.popup.status_label.text().startswith("20 vatandaş bulundu")
    _add(clerk_ctx.db, admin, "Ali", "Işık")
    hits = _type(qtbot, window, "ışık ")
    assert len(hits) == 20 and hits[0].full_name == "Ada Işık"
    assert window.citizen_search.popup.status_label.text().startswith(
        "İlk 20 vatandaş gösteriliyor; aramayı daraltın"
    )


def test_ctrl_shift_n_after_a_search_that_found_someone_fills_nothing(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    """Hülya Işık's phone typed in the search box must not become a second person's."""
    _add(clerk_ctx.db, admin, "Hülya", "Işık", phone="0532 765 43 21")
    window = _window(qtbot, clerk_ctx)
    assert len(_type(qtbot, window, "0532 765 43 21")) == 1
    with qtbot.waitSignal(window.citizen_search.form_opened, timeout=3000) as opened:
        qtbot.keyClick(
            window.search_edit,
            Qt.Key.Key_N,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    form = opened.args[0]
    assert form.fields.phone_edit.text() == "" and form.fields.tc_edit.text() == ""
    form.done(0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Nobody found: the typed number is the new person's.
    assert _type(qtbot, window, "0532 765 43 22") == []
    with qtbot.waitSignal(window.citizen_search.form_opened, timeout=3000) as opened:
        qtbot.keyClick(
            window.search_edit,
            Qt.Key.Key_N,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert opened.args[0].fields.phone_edit.text() != ""


def test_every_column_of_the_hit_list_is_whole_on_the_screen(
    qtbot: QtBot, clerk_ctx: AppContext, admin: Actor
) -> None:
    _add(
        clerk_ctx.db,
        admin,
        "Muhammed Mustafa Abdurrahman Abdülkadir Nurettin",
        "Karabulutoğlu Çelebioğlu Hacıhasanoğulları",
        phone="0532 765 43 21",
        mahalle="Ulukavak",
        street="Gazi Cad.",
        building_no="3",
    )
    window = _window(qtbot, clerk_ctx)
    _type(qtbot, window, "karabulut")
    table = window.citizen_search.popup.table
    header = table.horizontalHeader()
    right = header.sectionViewportPosition(COL_MATCHED) + header.sectionSize(COL_MATCHED)
    assert right <= table.viewport().width()
    assert header.sectionSize(COL_MATCHED) >= table.sizeHintForColumn(COL_MATCHED)

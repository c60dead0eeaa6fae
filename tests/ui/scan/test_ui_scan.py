"""The scan-back page driven as a clerk with a USB scanner would: the scanner types the slip's
token and presses Enter; Enter confirms the hand-over, F2–F5 a failed visit, Esc skips.
Results are checked in the database through the services' own tables."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.db import Database
from desk_app.domain.slip_token import SlipKey, make_short_code, make_token
from desk_app.domain.states import DeliveryKind
from desk_app.models import BabySetApplication, Delivery, DeliveryAttempt
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.slips import print_slips, reprint_slips, slip_secret
from desk_app.services.uow import read_only, unit_of_work
from desk_app.ui.kit.context import AppContext
from desk_app.ui.scan.models import (
    KIND_COLOURS,
    KIND_DELIVERED,
    KIND_FAILED,
    KIND_FORGED,
    KIND_SKIPPED,
    KIND_USED,
    KIND_VOIDED,
)
from desk_app.ui.scan.page import ScanPage
from tests.services.delivery.delivery_fixtures import (
    NOW,
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)
from tests.ui.ops import wait_ops


@dataclass(frozen=True)
class Plan:
    home: list[int]  # three home deliveries on Tuesday (two teams)
    pickup: int  # one desk pickup on Tuesday 09:00


def plan_tuesday(db: Database, supervisor: Actor, clerk: Actor) -> Plan:
    team1, team2 = make_teams(db, supervisor, (3, 3))
    make_windows(db, supervisor)
    make_stock(db, supervisor)
    home = []
    for i, (mahalle, team) in enumerate(
        [("Ulukavak", team1), ("Bahçelievler", team1), ("Çepni", team2)]
    ):
        app = approved(db, clerk, mahalle, seed=i + 1)
        home.append(
            book(db, clerk, *app, DeliveryKind.HOME, TUESDAY, team_id=team.id, now=NOW).delivery.id
        )
    pickup = approved(db, clerk, seed=9)
    pickup_id = book(
        db, clerk, *pickup, DeliveryKind.PICKUP, TUESDAY, start_time=time(9), now=NOW
    ).delivery.id
    return Plan(home, pickup_id)


def secret_of(db: Database) -> SlipKey:
    with unit_of_work(db) as s:
        return slip_secret(s)


@pytest.fixture
def plan(db: Database, supervisor: Actor, clerk: Actor, tmp_path: Path) -> Plan:
    """Tuesday planned, and its home slips printed (serial 1)."""
    result = plan_tuesday(db, supervisor, clerk)
    print_slips(db, clerk, tmp_path / "gun.pdf", day_from=TUESDAY, now=NOW)
    return result


def token(db: Database, delivery_id: int, serial: int = 1) -> str:
    return make_token(secret_of(db), delivery_id, serial)


@pytest.fixture
def page(qtbot: QtBot, clerk_ctx: AppContext) -> ScanPage:
    page = ScanPage(clerk_ctx)
    qtbot.addWidget(page)
    page.today = lambda: TUESDAY
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.on_activated()
    qtbot.waitUntil(page.scan_edit.hasFocus, timeout=2000)
    wait_ops(qtbot)
    return page


def scan(qtbot: QtBot, page: ScanPage, text: str) -> None:
    """What the USB scanner does: type the code, press Enter."""
    qtbot.keyClicks(page.scan_edit, text)
    qtbot.keyClick(page.scan_edit, Qt.Key.Key_Return)
    wait_ops(qtbot)  # the slip is looked up off the GUI thread


def press(qtbot: QtBot, page: ScanPage, key: Qt.Key) -> None:
    """A key in the outcome panel, where the cursor is after an accepted slip."""
    qtbot.keyClick(page.panel.received_edit, key)
    wait_ops(qtbot)


def delivery(db: Database, delivery_id: int) -> tuple[str, str, list[DeliveryAttempt]]:
    """(delivery status, application status, attempts)."""
    with read_only(db) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        app = s.get(BabySetApplication, d.application_id)
        assert app is not None
        attempts = list(
            s.scalars(select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == delivery_id))
        )
        s.expunge_all()
        return d.status, app.status, attempts


def banner_colour(page: ScanPage) -> str:
    return KIND_COLOURS[page.banner_kind][0]


def test_scanned_slip_is_confirmed_delivered_with_enter(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    scan(qtbot, page, token(db, plan.home[0]))
    assert page.panel.isVisible()
    parent = page.panel.values["parent"].text()
    assert parent and page.panel.received_edit.text() == parent
    assert page.panel.relation_combo.currentText() == "Veli"
    assert page.panel.values["baby"].text() not in ("", "—")
    assert "Ekip 1" in page.panel.values["where"].text()
    assert "*" in page.panel.values["phone"].text() or "•" in page.panel.values["phone"].text()
    assert page.panel.received_edit.hasFocus()

    with qtbot.waitSignal(page.result_logged, timeout=2000) as blocker:
        press(qtbot, page, Qt.Key.Key_Return)
    assert blocker.args[0].kind == KIND_DELIVERED
    status, app_status, attempts = delivery(db, plan.home[0])
    assert (status, app_status) == ("DONE", "DELIVERED")
    assert [(a.outcome, a.received_by, a.relation, a.print_serial) for a in attempts] == [
        ("DELIVERED", parent, "Veli", 1)
    ]
    assert not page.panel.isVisible()
    assert page.scan_edit.text() == "" and page.scan_edit.hasFocus()
    assert page.counter_label.text() == "Bu oturumda: 1 teslim, 0 başarısız, 0 reddedildi"


def test_receiver_can_be_changed_before_enter(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    scan(qtbot, page, token(db, plan.home[1]))
    page.panel.received_edit.setText("Şükrü Işıkoğlu")
    page.panel.relation_combo.setCurrentText("Baba")
    press(qtbot, page, Qt.Key.Key_Return)
    _, _, attempts = delivery(db, plan.home[1])
    assert [(a.received_by, a.relation) for a in attempts] == [("Şükrü Işıkoğlu", "Baba")]


def test_missing_receiver_is_shown_in_the_panel_and_nothing_is_written(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    scan(qtbot, page, token(db, plan.home[0]))
    page.panel.received_edit.clear()
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.panel.isVisible()
    assert page.panel.error.isVisible() and "Teslim alan" in page.panel.error.text()
    assert delivery(db, plan.home[0])[0] == "BOOKED"
    assert page.log_model.rowCount() == 0


def test_second_scan_of_the_same_slip_is_refused_as_used(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    code = token(db, plan.home[0])
    scan(qtbot, page, code)
    press(qtbot, page, Qt.Key.Key_Return)
    scan(qtbot, page, code)
    assert not page.panel.isVisible()
    assert page.banner_kind == KIND_USED
    headline, detail = page.banner.text().split("\n")
    assert headline == "↺ Daha önce işlenmiş fiş"
    assert "daha önce işlendi" not in detail.lower()  # said once, not twice
    assert page.beeps[-1] == 1
    assert KIND_COLOURS[KIND_USED][0] in page.banner.styleSheet()
    newest = page.log_model.row_at(0)
    assert newest is not None and newest.kind == KIND_USED
    brush = page.log_model.data(page.log_model.index(0, 3), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == KIND_COLOURS[KIND_USED][0]
    assert page.scan_edit.text() == "" and page.scan_edit.hasFocus()
    assert page.counter_label.text() == "Bu oturumda: 1 teslim, 0 başarısız, 1 reddedildi"
    assert len(delivery(db, plan.home[0])[2]) == 1


def test_forged_and_malformed_codes_are_refused_in_red(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    code = token(db, plan.home[0])
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    scan(qtbot, page, forged)
    assert page.banner_kind == KIND_FORGED
    assert page.banner.text().startswith("⛔ Sahte")
    assert page.beeps == [3]
    assert banner_colour(page) == "#b00020"
    scan(qtbot, page, "MERHABA")
    assert page.banner_kind == KIND_FORGED and "Okunamayan" in page.banner.text()
    assert [e.kind for e in page.log_model.rows()] == [KIND_FORGED, KIND_FORGED]
    assert delivery(db, plan.home[0])[0] == "BOOKED"
    assert page.scan_edit.hasFocus()


def test_old_slip_after_a_reprint_is_refused_as_voided(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database, clerk: Actor, tmp_path: Path
) -> None:
    old = token(db, plan.home[2])
    reprint_slips(db, clerk, [plan.home[2]], tmp_path / "yeniden.pdf", now=NOW)
    scan(qtbot, page, old)
    assert page.banner_kind == KIND_VOIDED
    assert "yeniden basıldı" in page.banner.text() and page.banner.text().startswith("⚠")
    assert page.beeps == [2]
    # Three refusals: three colours (none the blue of a note), three signs, three sounds.
    assert KIND_COLOURS[KIND_USED][0] != "#1a4f8a"
    assert banner_colour(page) == KIND_COLOURS[KIND_VOIDED][0]
    assert len({KIND_COLOURS[k][0] for k in (KIND_FORGED, KIND_VOIDED, KIND_USED)}) == 3
    scan(qtbot, page, token(db, plan.home[2], serial=2))
    assert page.panel.isVisible()


def test_typed_short_code_works(qtbot: QtBot, page: ScanPage, plan: Plan, db: Database) -> None:
    short = make_short_code(secret_of(db), plan.home[1], 1)
    scan(qtbot, page, short.lower())  # typed by hand, in lower case
    assert page.panel.isVisible()
    press(qtbot, page, Qt.Key.Key_Return)
    assert delivery(db, plan.home[1])[0] == "DONE"


def test_f2_records_not_home_and_the_application_is_back_to_approved(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    assert page.panel.buttons[next(iter(page.panel.buttons))].text().startswith("Enter")
    scan(qtbot, page, token(db, plan.home[0]))
    assert page.panel.buttons[list(page.panel.buttons)[1]].text() == "F2 · Evde yok"
    press(qtbot, page, Qt.Key.Key_F2)
    status, app_status, attempts = delivery(db, plan.home[0])
    assert (status, app_status) == ("FAILED", "APPROVED")
    assert [(a.outcome, a.received_by) for a in attempts] == [("NOT_HOME", None)]
    assert page.banner_kind == KIND_FAILED and "Evde yok" in page.banner.text()
    assert page.counter_label.text() == "Bu oturumda: 0 teslim, 1 başarısız, 0 reddedildi"
    assert page.scan_edit.hasFocus()


def test_other_needs_a_note(qtbot: QtBot, page: ScanPage, plan: Plan, db: Database) -> None:
    scan(qtbot, page, token(db, plan.home[0]))
    press(qtbot, page, Qt.Key.Key_F5)
    assert page.panel.isVisible() and "açıklama" in page.panel.error.text()
    assert page.panel.note_edit.hasFocus()
    assert delivery(db, plan.home[0])[0] == "BOOKED"
    qtbot.keyClicks(page.panel.note_edit, "Kapi kilitli, komsu yok")
    qtbot.keyClick(page.panel.note_edit, Qt.Key.Key_Return)  # Enter now confirms "Diğer"
    wait_ops(qtbot)
    status, _, attempts = delivery(db, plan.home[0])
    assert status == "FAILED"
    assert [(a.outcome, a.note) for a in attempts] == [("OTHER", "Kapi kilitli, komsu yok")]


def test_escape_skips_without_writing(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    scan(qtbot, page, token(db, plan.home[0]))
    press(qtbot, page, Qt.Key.Key_Escape)
    assert not page.panel.isVisible() and page.scan_edit.hasFocus()
    assert delivery(db, plan.home[0])[0] == "BOOKED"
    assert [e.kind for e in page.log_model.rows()] == [KIND_SKIPPED]
    assert page.counter_label.text().endswith(", 1 atlandı")
    # The slip can still be scanned and confirmed afterwards.
    scan(qtbot, page, token(db, plan.home[0]))
    press(qtbot, page, Qt.Key.Key_F3)
    assert delivery(db, plan.home[0])[2][0].outcome == "WRONG_ADDRESS"


def _pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_desk_pickup_handed_over_from_the_list_prints_a_receipt(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    page.refresh_pickups()
    wait_ops(qtbot)
    assert [r.id for r in page.pickup_model.rows()] == [plan.pickup]
    assert not page.receipt_button.isEnabled()
    assert page.select_pickup(plan.pickup) and page.hand_over_button.isEnabled()
    qtbot.mouseClick(page.hand_over_button, Qt.MouseButton.LeftButton)
    assert page.panel.isVisible() and "masadan" in page.panel.title.text()
    parent = page.panel.received_edit.text()
    with qtbot.waitSignal(page.receipt_opened, timeout=5000) as blocker:
        press(qtbot, page, Qt.Key.Key_Return)
    status, app_status, attempts = delivery(db, plan.pickup)
    assert (status, app_status) == ("DONE", "DELIVERED")
    assert attempts[0].received_by == parent
    dialog = blocker.args[0]
    qtbot.addWidget(dialog)
    assert dialog.page_count >= 1
    text = _pdf_text(dialog.path)
    reference = page.log_model.rows()[0].reference
    assert reference in text and parent in text
    # The list shows it handed over; the receipt can be printed again from there.
    assert page.pickup_model.rows()[0].status == "DONE"
    page.select_pickup(plan.pickup)
    assert page.receipt_button.isEnabled() and not page.hand_over_button.isEnabled()
    path = dialog.path
    dialog.close()
    assert not path.exists()  # the temporary receipt goes with the preview


def test_desk_pickup_failed_from_the_list(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    page.refresh_pickups()
    wait_ops(qtbot)
    page.pickup_table.setFocus()
    page.select_pickup(plan.pickup)
    page.on_pickup_activated(page.pickup_model.index(0, 0))
    with qtbot.assertNotEmitted(page.receipt_opened):
        press(qtbot, page, Qt.Key.Key_F4)
    assert delivery(db, plan.pickup)[:2] == ("FAILED", "APPROVED")
    assert page.pickup_model.rows()[0].status == "FAILED"


def test_slip_of_a_desk_pickup_scans_like_a_home_slip(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database, clerk: Actor, tmp_path: Path
) -> None:
    reprint_slips(db, clerk, [plan.pickup], tmp_path / "masa.pdf", now=NOW)
    scan(qtbot, page, token(db, plan.pickup))
    assert page.panel.isVisible() and "Masa" in page.panel.values["where"].text()
    with qtbot.waitSignal(page.receipt_opened, timeout=5000) as blocker:
        press(qtbot, page, Qt.Key.Key_Return)
    qtbot.addWidget(blocker.args[0])
    assert delivery(db, plan.pickup)[0] == "DONE"
    blocker.args[0].close()


def test_scan_page_does_not_load_printing_at_start_up() -> None:
    code = (
        "import sys\n"
        "import desk_app.ui.main_window, desk_app.ui.scan.page\n"
        "import desk_app.ui.delivery.slip_print_dialog\n"
        "heavy = [m for m in ('reportlab', 'desk_app.services.delivery.slips', 'PySide6.QtPdf',"
        " 'PySide6.QtPdfWidgets', 'desk_app.ui.kit.pdf_preview_dialog') if m in sys.modules]\n"
        "print(heavy); sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_slip_scanned_into_the_receiver_field_is_taken_as_the_next_scan(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    scan(qtbot, page, token(db, plan.home[0]))
    typed = page.panel.received_edit.text()
    page.panel.received_edit.setFocus()
    page.panel.received_edit.end(False)
    # The clerk forgot to press Enter; the scanner types the next slip into the name field.
    qtbot.keyClicks(page.panel.received_edit, token(db, plan.home[1]))
    qtbot.keyClick(page.panel.received_edit, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert page.panel.row is not None and page.panel.row.id == plan.home[1]
    assert page.panel.received_edit.text() != typed + token(db, plan.home[1])
    status, _, attempts = delivery(db, plan.home[0])
    assert status == "BOOKED" and attempts == []  # the first slip was left as it was
    press(qtbot, page, Qt.Key.Key_Return)
    status, _, attempts = delivery(db, plan.home[1])
    assert status == "DONE" and "HGB1" not in (attempts[0].received_by or "")


def test_a_slip_for_another_day_says_so(
    qtbot: QtBot, page: ScanPage, plan: Plan, db: Database
) -> None:
    """Booked for Tuesday, confirmed on Monday: the difference is on the screen."""
    from datetime import timedelta

    from desk_app.ui.kit.i18n import day_text

    page.today = lambda: TUESDAY - timedelta(days=1)
    scan(qtbot, page, token(db, plan.home[0]))
    assert page.panel.isVisible()
    assert page.banner.text().split("\n")[1] == (
        f"Planlanan gün {day_text(TUESDAY)}, bugün {day_text(TUESDAY - timedelta(days=1))}."
    )
    page.today = lambda: TUESDAY
    scan(qtbot, page, token(db, plan.home[1]))
    assert "Planlanan gün" not in page.banner.text()

"""The citizen card shows what a web export said differently, for review, and records it."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desk_app.importing.reader import COLUMNS
from desk_app.models import ContactObservation
from desk_app.services.applications.importer import import_applications
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen, get_citizen_card
from desk_app.services.context import Actor
from desk_app.ui.citizens.card_dialog import CitizenCardDialog
from desk_app.ui.kit.context import AppContext

ROW = {
    "Başvuru No": "W-2025-00412",
    "Başvuru Tarihi": "03.02.2025",
    "Veli T.C. Kimlik No": "91728056974",
    "Veli Adı": "Zeynep",
    "Veli Soyadı": "Kaya",
    "Cep Telefonu": "0532 418 22 90",
    "Mahalle": "Ulukavak",
    "Cadde/Sokak": "Mimar Sinan Cad.",
    "Bina No": "14",
    "Daire No": "3",
    "Bebek Adı": "Elif",
    "Bebek Soyadı": "Kaya",
    "Bebek Doğum Tarihi": "21.01.2025",
    "Bebek T.C. Kimlik No": "",
    "Aydınlatma Metni Onayı": "Evet",
}


def test_card_lists_web_differences_and_marks_them_reviewed(
    qtbot: QtBot, admin_ctx: AppContext, admin: Actor, tmp_path: Path
) -> None:
    db = admin_ctx.db
    # The desk has a corrected phone and address for this parent.
    citizen = create_citizen(
        db,
        admin,
        CitizenInput(
            first_name="Zeynep",
            last_name="Kaya",
            tc_kimlik_no="91728056974",
            phone="0505 111 22 33",
            mahalle="Çepni",
            street="Gazi Cad.",
            building_no="5",
        ),
    )
    path = tmp_path / "web.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c.header for c in COLUMNS], delimiter=";")
        writer.writeheader()
        writer.writerow(ROW)
    report = import_applications(db, admin, path, now=datetime(2025, 2, 4, 9, tzinfo=UTC))
    assert report.imported == 1

    card = get_citizen_card(db, admin, citizen.id)
    assert card.citizen.phone_display == "0 505 111 22 33"  # not written over
    dialog = CitizenCardDialog(admin_ctx, card)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.observations_model.rowCount() > 0)  # read off the GUI thread
    assert dialog.tabs.isTabVisible(2)
    shown = {
        dialog.observations_model.index(r, 2).data(): dialog.observations_model.index(r, 3).data()
        for r in range(dialog.observations_model.rowCount())
    }
    assert shown["Telefon"] == "0 532 418 22 90"
    assert "Mimar Sinan Cad." in shown["Adres"]

    dialog.reviewed_button.click()
    qtbot.waitUntil(lambda: not dialog.tabs.isTabVisible(2))
    with db.session() as s:
        rows = s.scalars(select(ContactObservation)).all()
    assert rows and all(
        r.reviewed_at is not None and r.reviewed_by_id == admin.user_id for r in rows
    )

"""The paper loop through the services and the command line: a day's route sheets and slips
as a real PDF whose QR codes are decoded back from rendered pages, reprints voiding the old
slip, scanning back once, refusals with their reasons, the pickup receipt, no TC on paper."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from datetime import time, timedelta
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from desk_app import cli
from desk_app.db import Database
from desk_app.domain.slip_token import parse_token
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.models import AuditLog, BabySetApplication, Citizen, Delivery
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import OutcomeInput
from desk_app.services.delivery.outcomes import record_outcome
from desk_app.services.delivery.slips import (
    REASON_FORGED,
    REASON_MALFORMED,
    REASON_USED,
    REASON_VOIDED,
    confirm_slip,
    lookup_slip,
    print_receipt,
    print_slips,
    reprint_slips,
    slip_secret,
)
from desk_app.services.uow import read_only, unit_of_work
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import (
    NOW,
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)


def rendered_codes(pdf: Path, tmp_path: Path, pages: str = "") -> list[str]:
    """Every QR code on the PDF's pages, rendered at 150 dpi and decoded with zxing-cpp."""
    prefix = tmp_path / f"page-{pdf.stem}"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(prefix)], check=True)
    texts = []
    for png in sorted(tmp_path.glob(f"page-{pdf.stem}*.png")):
        with Image.open(png) as image:
            texts += [r.text for r in zxingcpp.read_barcodes(image)]
    return texts


@pytest.fixture
def booked(db: Database, supervisor: Actor, clerk: Actor) -> list[int]:
    """Three home deliveries on Tuesday for two teams and one desk pickup."""
    team1, team2 = make_teams(as_person(db, supervisor), supervisor, (3, 3))
    make_windows(as_person(db, supervisor), supervisor)
    make_stock(as_person(db, supervisor), supervisor)
    out = []
    for i, (mahalle, team) in enumerate(
        [("Ulukavak", team1), ("Bahçelievler", team1), ("Çepni", team2)]
    ):
        app = approved(as_person(db, clerk), clerk, mahalle, seed=i + 1, street="Şükrü Işık Sok.")
        out.append(
            book(
                as_person(db, clerk),
                clerk,
                *app,
                DeliveryKind.HOME,
                TUESDAY,
                team_id=team.id,
                now=NOW,
            ).delivery.id
        )
    pickup = approved(as_person(db, clerk), clerk, seed=9)
    out.append(
        book(
            as_person(db, clerk),
            clerk,
            *pickup,
            DeliveryKind.PICKUP,
            TUESDAY,
            start_time=time(9),
            now=NOW,
        ).delivery.id
    )
    return out


def test_day_batch_qr_codes_decode_to_valid_tokens(
    db: Database, clerk: Actor, booked: list[int], tmp_path: Path
) -> None:
    out = tmp_path / "gun.pdf"
    summary = print_slips(as_person(db, clerk), clerk, out, day_from=TUESDAY, now=NOW)
    assert (summary.slips, summary.route_sheets, summary.reprinted) == (3, 2, ())
    assert sorted(summary.deliveries) == sorted(booked[:3])
    with unit_of_work(db) as s:
        secret = slip_secret(s)
        parents = list(
            s.execute(
                select(Citizen.first_name, Citizen.last_name, Citizen.tc_kimlik_no)
                .join(BabySetApplication, BabySetApplication.citizen_id == Citizen.id)
                .join(Delivery, Delivery.application_id == BabySetApplication.id)
                .where(Delivery.id.in_(booked[:3]))
            )
        )
    codes = rendered_codes(out, tmp_path)
    tokens = sorted((t.delivery_id, t.serial) for t in (parse_token(c, secret) for c in codes))
    assert tokens == sorted((d, 1) for d in booked[:3])
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Ekip 1" in text and "Ekip 2" in text and "Şükrü Işık Sok." in text
    for first, last, tc in parents:
        assert f"{first} {last}" in text
        assert tc not in text.replace(" ", "")  # no TC Kimlik No anywhere on paper
    with read_only(db) as s:
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.entity == "delivery")))
    assert actions.count("slip.print") == 3


def test_the_route_sheet_has_whole_phones_and_the_slips_masked_ones(
    db: Database, clerk: Actor, booked: list[int], tmp_path: Path
) -> None:
    """The team calls families from the road: the route sheet (it returns to the desk) has the
    whole number; the slip left with the family keeps it masked."""
    from desk_app.domain.phone import format_phone, mask_phone

    out = tmp_path / "gun.pdf"
    print_slips(as_person(db, clerk), clerk, out, day_from=TUESDAY, now=NOW)
    with read_only(db) as s:
        phones = list(
            s.scalars(
                select(Citizen.phone_e164)
                .join(BabySetApplication, BabySetApplication.citizen_id == Citizen.id)
                .join(Delivery, Delivery.application_id == BabySetApplication.id)
                .where(Delivery.id.in_(booked[:3]))
            )
        )
    assert len(phones) == 3 and all(phones)
    pages = [page.extract_text() for page in PdfReader(out).pages]
    sheets = [t for t in pages if "Rota Listesi" in t]
    slips = [t for t in pages if t not in sheets]
    assert sheets and slips
    sheet_text, slip_text = "\n".join(sheets), "\n".join(slips)
    for phone in phones:
        assert format_phone(phone) in sheet_text
        assert format_phone(phone) not in slip_text
        assert mask_phone(phone) in slip_text


def test_reprint_voids_the_old_slip(
    db: Database, clerk: Actor, booked: list[int], tmp_path: Path
) -> None:
    print_slips(
        as_person(db, clerk),
        clerk,
        tmp_path / "ilk.pdf",
        day_from=TUESDAY,
        team_name="ekip 1",
        now=NOW,
    )
    with unit_of_work(db) as s:
        secret = slip_secret(s)
    (old,) = [
        c
        for c in rendered_codes(tmp_path / "ilk.pdf", tmp_path)
        if parse_token(c, secret).delivery_id == booked[0]
    ]
    assert lookup_slip(as_person(db, clerk), clerk, old).ok
    summary = reprint_slips(
        as_person(db, clerk), clerk, [booked[0]], tmp_path / "yeniden.pdf", now=NOW
    )
    assert summary.reprinted == (booked[0],)
    (new,) = rendered_codes(tmp_path / "yeniden.pdf", tmp_path)
    assert parse_token(new, secret).serial == 2
    refused = lookup_slip(as_person(db, clerk), clerk, old)
    assert (refused.ok, refused.reason) == (False, REASON_VOIDED)
    assert "yeniden basıldı" in refused.message
    assert lookup_slip(as_person(db, clerk), clerk, new).ok
    with read_only(db) as s:
        row = s.scalar(select(AuditLog).where(AuditLog.action == "slip.reprint"))
        assert row is not None and row.old_values == {"print_serial": 1}


def test_confirm_once_and_refusals(
    db: Database, clerk: Actor, booked: list[int], tmp_path: Path
) -> None:
    print_slips(as_person(db, clerk), clerk, tmp_path / "gun.pdf", day_from=TUESDAY, now=NOW)
    codes = {
        parse_token(c, _secret(db)).delivery_id: c
        for c in rendered_codes(tmp_path / "gun.pdf", tmp_path)
    }
    token = codes[booked[0]]
    first = lookup_slip(as_person(db, clerk), clerk, token)
    assert first.ok and first.delivery is not None and first.baby_name
    done = confirm_slip(
        db,
        clerk,
        token.lower(),
        DeliveryOutcome.DELIVERED,
        received_by="Şükrü Işıkoğlu",
        relation="Baba",
        now=NOW + timedelta(days=1),
    )
    assert done.ok and done.application_status == "DELIVERED"
    again = confirm_slip(
        as_person(db, clerk),
        clerk,
        token,
        DeliveryOutcome.DELIVERED,
        received_by="A B",
        now=NOW + timedelta(days=1),
    )
    assert (again.ok, again.reason) == (False, REASON_USED)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert lookup_slip(as_person(db, clerk), clerk, forged).reason == REASON_FORGED
    assert lookup_slip(as_person(db, clerk), clerk, "merhaba").reason == REASON_MALFORMED
    # A failed visit through the short code typed by hand.
    from desk_app.domain.slip_token import short_code_of_token

    failed = confirm_slip(
        db,
        clerk,
        short_code_of_token(codes[booked[1]]),
        DeliveryOutcome.NOT_HOME,
        now=NOW + timedelta(days=1),
    )
    assert failed.ok and failed.application_status == "APPROVED"


def _secret(db: Database) -> bytes:
    with unit_of_work(db) as s:
        return slip_secret(s)


def test_pickup_receipt(db: Database, clerk: Actor, booked: list[int], tmp_path: Path) -> None:
    pickup = booked[3]
    record_outcome(
        db,
        clerk,
        pickup,
        OutcomeInput(DeliveryOutcome.DELIVERED, "Gülşen Öztürk", "Anne", at=NOW),
        now=NOW,
    )
    out = print_receipt(as_person(db, clerk), clerk, pickup, tmp_path / "tutanak.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Gülşen Öztürk" in text and "Anne" in text


def test_command_line_slips_and_confirm(
    db: Database, db_url: str, booked: list[int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.pdf"
    code = cli.main(
        ["--db", db_url, "slips", "--date", TUESDAY.isoformat(), "--out", str(out), "--json"]
    )
    payload = json.loads(capsys.readouterr().out)
    assert code == 0 and payload["slips"] == 3 and payload["route_sheets"] == 2
    token = rendered_codes(out, tmp_path)[0]
    code = cli.main(
        [
            "--db",
            db_url,
            "confirm",
            token,
            "--outcome",
            "delivered",
            "--received-by",
            "Ayşe Işık",
            "--json",
        ]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["ok"] is True and result["reference"].startswith("HGB-")
    code = cli.main(["--db", db_url, "confirm", token, "--outcome", "delivered", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 2 and result == result | {"ok": False, "reason": "used"}
    with pytest.raises(SystemExit) as exit_info:  # argparse refuses it with the Turkish reason
        cli.main(["--db", db_url, "slips", "--date", "2025-13-01", "--out", str(out)])
    assert exit_info.value.code == 2
    assert "YYYY-AA-GG" in capsys.readouterr().err


def test_a_reprint_between_check_and_write_voids_the_old_slip(
    db: Database, clerk: Actor, booked: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interleaving of issue 15.3, forced: confirm_slip has checked the old slip when another
    desk reprints it, before the outcome is written. The old slip must be refused as void and
    nothing written; the new slip still works. Runs on SQLite and on PostgreSQL."""
    from desk_app.services.delivery import slips

    print_slips(
        as_person(db, clerk),
        clerk,
        tmp_path / "ilk.pdf",
        day_from=TUESDAY,
        team_name="ekip 1",
        now=NOW,
    )
    with unit_of_work(db) as s:
        secret = slip_secret(s)
    (old,) = [
        c
        for c in rendered_codes(tmp_path / "ilk.pdf", tmp_path)
        if parse_token(c, secret).delivery_id == booked[0]
    ]
    real_record = slips.record_outcome
    reprinted: list[int] = []

    def reprint_then_record(*args: object, **kwargs: object) -> object:
        # Another desk's reprint commits between the check and the write.
        summary = reprint_slips(
            as_person(db, clerk), clerk, [booked[0]], tmp_path / "yeniden.pdf", now=NOW
        )
        reprinted.extend(summary.reprinted)
        return real_record(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(slips, "record_outcome", reprint_then_record)
    result = confirm_slip(
        as_person(db, clerk),
        clerk,
        old,
        DeliveryOutcome.DELIVERED,
        received_by="Ayşe Öztürk",
        relation="Anne",
    )
    monkeypatch.setattr(slips, "record_outcome", real_record)
    assert reprinted == [booked[0]]
    assert (result.ok, result.reason) == (False, REASON_VOIDED), result.message
    with read_only(db) as s:
        delivery = s.get(Delivery, booked[0])
        assert delivery is not None and delivery.status == "BOOKED"
        assert delivery.print_serial == 2
        assert not s.scalars(
            select(AuditLog).where(
                AuditLog.action == "delivery.outcome", AuditLog.entity_id == str(booked[0])
            )
        ).all()
    (new,) = rendered_codes(tmp_path / "yeniden.pdf", tmp_path)
    if os.name == "posix":  # slips carry names and addresses: private to their user
        for pdf in ("ilk.pdf", "yeniden.pdf"):
            assert stat.S_IMODE(os.stat(tmp_path / pdf).st_mode) == 0o600, pdf
    done = confirm_slip(
        as_person(db, clerk),
        clerk,
        new,
        DeliveryOutcome.DELIVERED,
        received_by="Ayşe Öztürk",
        relation="Anne",
    )
    assert done.ok, done.message

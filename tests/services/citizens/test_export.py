"""KVKK right to information: everything stored about one person in one JSON file, the export
audited, unknown or bad numbers refused in Turkish, the access log, and the command line."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.db import Database
from desk_app.domain.errors import NotFound, PermissionDenied, ValidationError
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.models import AuditLog, BabySetApplication, Citizen
from desk_app.services.admin.retention import run_retention
from desk_app.services.citizens.export import access_log, export_citizen
from desk_app.services.citizens.records import get_citizen_card
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import OutcomeInput
from desk_app.services.delivery.outcomes import record_outcome
from desk_app.services.delivery.setup import list_teams
from desk_app.services.delivery.slips import print_receipt, print_slips
from desk_app.services.uow import read_only
from tests.people import as_person
from tests.services.admin.test_retention import NOW, TC_MIXED, TC_OLD, World, build_world
from tests.services.delivery.delivery_fixtures import (
    NOW as DESK_NOW,
)
from tests.services.delivery.delivery_fixtures import (
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)


@pytest.fixture
def world(db: Database, admin: Actor) -> World:
    return build_world(db)


def test_export_holds_everything_about_the_person(
    db: Database, supervisor: Actor, world: World, tmp_path: Path
) -> None:
    get_citizen_card(
        as_person(db, supervisor), supervisor, world.old
    )  # an access that must show in the export
    out = tmp_path / "ayşe.json"
    result = export_citizen(as_person(db, supervisor), supervisor, f" {TC_OLD} ", out)
    raw = out.read_bytes().decode("utf-8")
    assert "Öztürk" in raw  # Turkish text as is, not \u escapes
    data = json.loads(raw)
    assert data["citizen"]["tc_kimlik_no"] == TC_OLD
    assert data["citizen"]["first_name"] == "Ayşe" and data["citizen"]["notes"]
    assert [a["street"] for a in data["addresses"]] == ["Mimar Sinan Cad."]
    assert data["addresses"][0]["mahalle"] == "Ulukavak"
    assert [o["observed"] for o in data["contact_observations"]] == [
        {"phone_e164": "+905321112299"}
    ]
    (req,) = data["requests"]
    assert req["reference"] == "GK-2018-000001" and req["description"].startswith("Ayşe Hanım")
    assert req["channel"] and {e["kind"] for e in req["events"]} == {"NOTE", "ANSWER"}
    (app,) = data["applications"]
    assert app["baby_first_name"] == "Elif" and app["baby_tc_kimlik_no"] == "10000000484"
    (delivery,) = app["deliveries"]
    assert delivery["attempts"][0]["received_by"] == "Ayşe Öztürk"
    actions = [(r["action"], r["username"]) for r in data["access_log"]]
    assert ("citizen.view", "sefik") in actions and ("request.create", "irem") in actions
    assert result.counts == data["counts"]
    assert result.counts["requests"] == 1 and result.counts["delivery_attempts"] == 1
    # Nobody else's data is in the file.
    assert TC_MIXED not in raw and "Işık" not in raw
    with read_only(db) as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "citizen.export")).one()
        assert row.subject_citizen_id == world.old and row.username == "sefik"
        assert row.entity == "citizen" and row.entity_id == str(world.old)


def test_unknown_and_bad_numbers_are_refused_naming_the_field(
    db: Database, supervisor: Actor, world: World, tmp_path: Path
) -> None:
    out = tmp_path / "x.json"
    with pytest.raises(NotFound, match=r"T\.C\. Kimlik No") as err:
        export_citizen(as_person(db, supervisor), supervisor, "10000000528", out)
    assert err.value.field == "tc_kimlik_no"
    with pytest.raises(ValidationError, match=r"T\.C\. Kimlik No") as bad:
        export_citizen(as_person(db, supervisor), supervisor, "12345", out)
    assert bad.value.field == "tc_kimlik_no"
    assert not out.exists()
    with read_only(db) as s:
        assert s.scalars(select(AuditLog).where(AuditLog.action == "citizen.export")).all() == []


def test_an_anonymised_person_cannot_be_exported(
    db: Database, admin: Actor, world: World, tmp_path: Path
) -> None:
    run_retention(as_person(db, admin), admin, now=NOW)
    with pytest.raises(NotFound, match="anonimleştirilmiş"):
        export_citizen(as_person(db, admin), admin, TC_OLD, tmp_path / "x.json")


def test_missing_folder_writes_nothing_and_records_nothing(
    db: Database, admin: Actor, world: World, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="klasörü yok"):
        export_citizen(as_person(db, admin), admin, TC_OLD, tmp_path / "yok" / "x.json")
    with read_only(db) as s:
        assert s.scalars(select(AuditLog).where(AuditLog.action == "citizen.export")).all() == []


def test_desk_may_neither_export_nor_read_the_access_log(
    db: Database, clerk: Actor, supervisor: Actor, world: World, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        export_citizen(as_person(db, clerk), clerk, TC_OLD, tmp_path / "x.json")
    with pytest.raises(PermissionDenied):
        access_log(as_person(db, clerk), clerk, world.old)
    get_citizen_card(as_person(db, clerk), clerk, world.old)
    rows = access_log(as_person(db, supervisor), supervisor, world.old)
    assert [(r.action, r.username) for r in rows][-1] == ("citizen.view", "irem")


def test_command_line_export(
    db_url: str, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kisi.json"
    assert main(["--db", db_url, "citizen", "export", TC_OLD, "--out", str(out), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] and payload["file"] == str(out)
    assert json.loads(out.read_text(encoding="utf-8"))["citizen"]["tc_kimlik_no"] == TC_OLD
    assert main(["--db", db_url, "citizen", "export", "10000000528", "--out", str(out)]) == 2
    assert "T.C. Kimlik No" in capsys.readouterr().err


def test_opening_printing_and_exporting_are_recorded_with_whose_data(
    db: Database, clerk: Actor, supervisor: Actor, tmp_path: Path
) -> None:
    make_teams(as_person(db, supervisor), supervisor, (3,))
    make_windows(as_person(db, supervisor), supervisor)
    make_stock(as_person(db, supervisor), supervisor)
    home = approved(as_person(db, clerk), clerk, seed=1)
    pickup = approved(as_person(db, clerk), clerk, seed=2)
    team = list_teams(as_person(db, supervisor), supervisor)[0]
    book(
        as_person(db, clerk),
        clerk,
        *home,
        DeliveryKind.HOME,
        TUESDAY,
        team_id=team.id,
        now=DESK_NOW,
    )
    desk = book(
        as_person(db, clerk),
        clerk,
        *pickup,
        DeliveryKind.PICKUP,
        TUESDAY,
        start_time=time(9),
        now=DESK_NOW,
    )
    with read_only(db) as s:
        parent = {
            app_id: s.scalar(
                select(BabySetApplication.citizen_id).where(BabySetApplication.id == app_id)
            )
            for app_id in (home[0], pickup[0])
        }
        tc = s.scalar(select(Citizen.tc_kimlik_no).where(Citizen.id == parent[pickup[0]]))
    assert tc
    print_slips(as_person(db, clerk), clerk, tmp_path / "fis.pdf", day_from=TUESDAY, now=DESK_NOW)
    record_outcome(
        db,
        clerk,
        desk.delivery.id,
        OutcomeInput(DeliveryOutcome.DELIVERED, "Gülşen Öztürk", "Anne", at=DESK_NOW),
        now=DESK_NOW,
    )
    print_receipt(as_person(db, clerk), clerk, desk.delivery.id, tmp_path / "tutanak.pdf")
    get_citizen_card(as_person(db, clerk), clerk, parent[pickup[0]])
    export_citizen(as_person(db, supervisor), supervisor, tc, tmp_path / "kisi.json")
    seen = {
        (r.action, r.username)
        for r in access_log(as_person(db, supervisor), supervisor, parent[pickup[0]])
    }
    assert {
        ("citizen.view", "irem"),
        ("receipt.print", "irem"),
        ("citizen.export", "sefik"),
    } <= seen
    printed = {
        (r.action, r.username)
        for r in access_log(as_person(db, supervisor), supervisor, parent[home[0]])
    }
    assert ("slip.print", "irem") in printed and ("receipt.print", "irem") not in printed
    with read_only(db) as s:
        rows = s.scalars(
            select(AuditLog).where(
                AuditLog.action.in_(
                    ["citizen.view", "slip.print", "receipt.print", "citizen.export"]
                )
            )
        ).all()
    assert rows and all(r.subject_citizen_id in parent.values() for r in rows)

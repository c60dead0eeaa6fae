"""The application list's copies of the mahalle and of the parent's folded name (revision apl01)
follow their sources on every write path, so the list's mahalle and name filters find an
application by what the desk sees now: registering at the desk, a parent's name changed on the
citizen card or at the next application, the web import (batch and row path), the models'
guards for a changed address, the KVKK retention run. Each test finds the application through
the list by the new value, not by the old one, and checks every copy against its source."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from desk_app.db import Database
from desk_app.models import Address, BabySetApplication, Citizen, Mahalle
from desk_app.services.admin.retention import run_retention
from desk_app.services.applications.query import (
    ApplicationFilter,
    count_applications,
    list_applications_after,
    list_applications_at,
    list_applications_before,
)
from desk_app.services.applications.register import register_application
from desk_app.services.citizens.records import get_citizen_card, update_citizen
from desk_app.services.context import Actor
from desk_app.services.uow import unit_of_work
from tests.people import as_person
from tests.services.admin.test_retention import NOW as RETENTION_NOW
from tests.services.admin.test_retention import build_world
from tests.services.applications.test_applications import NOW, TODAY, app_input, parent, tc
from tests.services.applications.test_importer import SAMPLE, ZEYNEP_TC, row, run, write_csv


def stale_copies(db: Database) -> list[tuple[Any, ...]]:
    """Applications whose copies differ from the address's mahalle or the parent's name."""
    A = BabySetApplication
    with unit_of_work(db) as s:
        rows = s.execute(
            select(
                A.id, A.mahalle_id, Address.mahalle_id, A.parent_name_folded, Citizen.name_folded
            )
            .join(Citizen, Citizen.id == A.citizen_id)
            .outerjoin(Address, Address.id == A.address_id)
        ).all()
        assert rows, "no application: the check proves nothing"
        return [tuple(r) for r in rows if r[1] != r[2] or r[3] != r[4]]


def found(db: Database, actor: Actor, f: ApplicationFilter) -> list[int]:
    """The list's ids under ``f``, the same from the top, from the bottom and by offset, and
    as many as the count says."""
    mine = as_person(db, actor)
    top = [r.id for r in list_applications_after(mine, actor, f, None, 1000, today=TODAY)]
    bottom = [r.id for r in list_applications_before(mine, actor, f, None, 1000, today=TODAY)]
    at = [r.id for r in list_applications_at(mine, actor, f, 0, 1000, today=TODAY)]
    assert top == bottom == at
    assert count_applications(mine, actor, f, today=TODAY) == len(top)
    return top


def mahalle_id(db: Database, name: str) -> int:
    with unit_of_work(db) as s:
        return int(s.scalars(select(Mahalle.id).where(Mahalle.name == name)).one())


def test_a_parent_renamed_on_the_card_is_found_by_the_new_name(db: Database, clerk: Actor) -> None:
    who = parent(last_name="Arslan", mahalle="Ulukavak")
    first = register_application(
        as_person(db, clerk), clerk, app_input(parent=who, baby_last_name="Özkan"), now=NOW
    )
    other = register_application(
        as_person(db, clerk),
        clerk,
        app_input(parent=parent(last_name="Demir", tc_kimlik_no=tc()), baby_last_name="Demir"),
        now=NOW,
    )
    assert found(db, clerk, ApplicationFilter(text="Arslan")) == [first.id]
    card = get_citizen_card(as_person(db, clerk), clerk, first.citizen_id)
    # A new surname and a move: the application keeps the address it was made for.
    moved = replace(who, last_name="Karaca", mahalle="Bahçelievler")
    update_citizen(as_person(db, clerk), clerk, first.citizen_id, card.citizen.version, moved)
    assert found(db, clerk, ApplicationFilter(text="karaca")) == [first.id]
    assert found(db, clerk, ApplicationFilter(text="Zeynep Karaca")) == [first.id]
    assert found(db, clerk, ApplicationFilter(text="Arslan")) == []
    # What is typed is text, never a pattern (PostgreSQL's LIKE escapes it).
    for typed in ("zeynep_karaca", "zeynep%karaca", "%", "_"):
        assert found(db, clerk, ApplicationFilter(text=typed)) == [], typed
    ulukavak = ApplicationFilter(mahalle_id=mahalle_id(db, "Ulukavak"))
    assert found(db, clerk, ulukavak) == [other.id, first.id]  # same day: newest id first
    assert found(db, clerk, ApplicationFilter(mahalle_id=mahalle_id(db, "Bahçelievler"))) == []
    assert stale_copies(db) == []


def test_a_parent_renamed_at_the_next_application_moves_the_earlier_one_too(
    db: Database, clerk: Actor
) -> None:
    number = tc()
    first = register_application(
        as_person(db, clerk),
        clerk,
        app_input(parent=parent(last_name="Arslan", tc_kimlik_no=number), baby_last_name="Öz"),
        now=NOW,
    )
    second = register_application(
        as_person(db, clerk),
        clerk,
        app_input(
            parent=parent(last_name="Yıldırım", tc_kimlik_no=number, mahalle="Gülabibey"),
            baby_first_name="Ali",
            baby_last_name="Öz",
            baby_birth_date=TODAY - timedelta(days=3),
            baby_tc_kimlik_no=tc(),
        ),
        now=NOW,
    )
    assert second.citizen_id == first.citizen_id and not second.citizen_created
    # Turkish folding: "YILDIRIM" finds "Yıldırım", "yildirim" does not.
    assert found(db, clerk, ApplicationFilter(text="YILDIRIM")) == [second.id, first.id]
    assert found(db, clerk, ApplicationFilter(text="yildirim")) == []
    assert found(db, clerk, ApplicationFilter(text="arslan")) == []
    gulabibey = ApplicationFilter(mahalle_id=mahalle_id(db, "Gülabibey"))
    assert found(db, clerk, gulabibey) == [second.id]
    assert found(db, clerk, ApplicationFilter(mahalle_id=mahalle_id(db, "Ulukavak"))) == [first.id]
    assert stale_copies(db) == []


def test_the_web_import_fills_the_copies_on_the_batch_and_the_row_path(
    db: Database, clerk: Actor, tmp_path: Path
) -> None:
    report = run(as_person(db, clerk), clerk, SAMPLE)  # new parents: the batch path
    assert report.imported == 5
    # Zeynep is on file now: her second baby goes through the row path, with a new address.
    second = row(
        **{
            "Başvuru No": "W-2025-02000",
            "Başvuru Tarihi": "25.02.2025",
            "Mahalle": "Bahçelievler",
            "Bebek Adı": "Ela",
            "Bebek Soyadı": "Kaya",
            "Bebek Doğum Tarihi": "20.02.2025",
        }
    )
    assert run(as_person(db, clerk), clerk, write_csv(tmp_path / "second.csv", [second])).imported
    assert stale_copies(db) == []
    A = BabySetApplication
    with unit_of_work(db) as s:
        by_mahalle: dict[int, list[int]] = {}
        for app_id, mid in s.execute(
            select(A.id, Address.mahalle_id)
            .join(Address, Address.id == A.address_id)
            .where(Address.mahalle_id.is_not(None))
            .order_by(A.applied_at.desc(), A.id.desc())
        ):
            assert mid is not None
            by_mahalle.setdefault(mid, []).append(app_id)
        zeynep = s.scalars(
            select(A.id).join(Citizen).where(Citizen.tc_kimlik_no == ZEYNEP_TC).order_by(A.id)
        ).all()
    assert len(by_mahalle) > 1
    for mid, ids in by_mahalle.items():
        assert found(db, clerk, ApplicationFilter(mahalle_id=mid)) == ids
    assert set(found(db, clerk, ApplicationFilter(text="zeynep kaya"))) == set(zeynep)


def test_the_models_keep_the_copies_when_an_address_or_a_parent_is_changed(
    db: Database, clerk: Actor
) -> None:
    """No use case changes an application's address or parent, nor an address's mahalle, today:
    the models' guards keep the copies right for a writer that would."""
    first = register_application(as_person(db, clerk), clerk, app_input(), now=NOW)
    other = register_application(
        as_person(db, clerk),
        clerk,
        app_input(parent=parent(first_name="Hatice", last_name="Kurt", tc_kimlik_no=tc())),
        now=NOW,
    )
    ulukavak, gulabibey = mahalle_id(db, "Ulukavak"), mahalle_id(db, "Gülabibey")
    with unit_of_work(as_person(db, clerk)) as s:
        app = s.get(BabySetApplication, first.id)
        assert app is not None and app.address_id is not None
        address = s.get(Address, app.address_id)
        assert address is not None
        address.mahalle_id = gulabibey
    assert found(db, clerk, ApplicationFilter(mahalle_id=gulabibey)) == [first.id]
    with unit_of_work(as_person(db, clerk)) as s:
        app = s.get(BabySetApplication, first.id)
        mover = s.get(BabySetApplication, other.id)
        assert app is not None and mover is not None
        app.citizen_id = mover.citizen_id
        app.address_id = mover.address_id
    assert found(db, clerk, ApplicationFilter(mahalle_id=ulukavak)) == [other.id, first.id]
    assert found(db, clerk, ApplicationFilter(text="hatice kurt")) == [other.id, first.id]
    assert found(db, clerk, ApplicationFilter(text="zeynep")) == []
    assert stale_copies(db) == []


def test_rows_inserted_without_the_copies_get_them(db: Database, clerk: Actor) -> None:
    """A writer that leaves the copies out (bulk rows, a plain ORM object) gets them from the
    parent and the address: the same on both databases, never an empty name."""
    first = register_application(as_person(db, clerk), clerk, app_input(), now=NOW)
    with unit_of_work(as_person(db, clerk)) as s:
        app = s.get(BabySetApplication, first.id)
        assert app is not None
        same = {
            "citizen_id": app.citizen_id,
            "channel_id": app.channel_id,
            "applied_at": TODAY,
            "baby_first_name": "Bebek",
            "baby_birth_date": TODAY,
            "status": "RECEIVED",
            "failed_attempts": 0,
            "version": 1,
        }
        rows = [
            same
            | {"reference": f"HGB-2025-9000{i}", "baby_last_name": f"{i}"}
            | {"baby_name_folded": f"bebek {i}", "baby_key": f"key-{i}"}
            | ({"address_id": app.address_id} if i else {})
            for i in range(2)
        ]
        s.execute(insert(BabySetApplication), rows)
        s.add(BabySetApplication(**(rows[1] | {"reference": "HGB-2025-90009", "baby_key": "k"})))
    assert stale_copies(db) == []
    assert len(found(db, clerk, ApplicationFilter(text="zeynep arslan"))) == 4
    assert len(found(db, clerk, ApplicationFilter(mahalle_id=mahalle_id(db, "Ulukavak")))) == 3


def test_a_parent_anonymised_by_retention_is_no_longer_found_by_name(
    db: Database, admin: Actor, supervisor: Actor
) -> None:
    world = build_world(db)
    assert found(db, supervisor, ApplicationFilter(text="öztürk")) == [world.delivered_app]
    assert stale_copies(db) == []
    run_retention(as_person(db, admin), admin, now=RETENTION_NOW)
    assert found(db, supervisor, ApplicationFilter(text="öztürk")) == []
    assert stale_copies(db) == []
    with unit_of_work(db) as s:
        names = s.execute(
            select(BabySetApplication.id, BabySetApplication.parent_name_folded).where(
                BabySetApplication.citizen_id.in_([world.old, world.cancelled])
            )
        ).all()
    assert sorted(names) == sorted(
        [(world.delivered_app, "anonim"), (world.cancelled_app, "anonim")]
    )

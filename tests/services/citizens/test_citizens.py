"""Citizens: inline validation, create (duplicates refused, also under a race), similar
records, optimistic-lock update with address history, the card, and the audit trail."""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.errors import Conflict, NotFound, ValidationError
from desk_app.domain.tckn import generate_tckn, mask_tckn
from desk_app.models import (
    Address,
    AuditLog,
    BabySetApplication,
    Channel,
    Citizen,
    Request,
    utcnow,
)
from desk_app.services.citizens.input import CitizenInput, validate_citizen
from desk_app.services.citizens.records import (
    DuplicateCitizen,
    create_citizen,
    find_similar,
    get_citizen_card,
    served_mahalleler,
    similar_names,
    update_citizen,
)
from desk_app.services.context import Actor
from desk_app.services.uow import unit_of_work
from tests.people import as_person

_rng = random.Random(11)
SERVED = ["Ulukavak", "Bahçelievler", "Gülabibey", "Üçtutlar"]


def _tc() -> str:
    return generate_tckn(_rng)


def _input(**kw: str) -> CitizenInput:
    values: dict[str, str] = {
        "first_name": "Ayşe Nur",
        "last_name": "Yılmaz",
        "tc_kimlik_no": _tc(),
        "phone": "0532 123 45 67",
    }
    values.update(kw)
    return CitizenInput(**values)


def _with_address(**kw: str) -> CitizenInput:
    values = {"mahalle": "Ulukavak", "street": "Mimar Sinan Cad.", "building_no": "14"}
    values.update(kw)
    return _input(**values)


def _audit(db: Database, action: str | None = None) -> list[AuditLog]:
    with unit_of_work(db) as s:
        stmt = select(AuditLog).order_by(AuditLog.id)
        if action:
            stmt = stmt.where(AuditLog.action == action)
        return list(s.scalars(stmt))


def _count(db: Database, model: Any) -> int:
    with unit_of_work(db) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --- validation -------------------------------------------------------------------------


def test_valid_input_has_no_messages() -> None:
    assert validate_citizen(_with_address(), SERVED) == {}
    assert validate_citizen(_input(tc_kimlik_no=""), SERVED) == {}  # phone alone is enough
    assert validate_citizen(_input(phone=""), SERVED) == {}  # TC alone is enough


def test_each_field_gets_its_own_turkish_message() -> None:
    msgs = validate_citizen(
        CitizenInput(
            first_name=" ",
            last_name="Yılmaz3",
            tc_kimlik_no="12345678901",
            phone="0532 12",
            email="ayse@",
            mahalle="Ulukavak",
        ),
        SERVED,
    )
    assert set(msgs) == {
        "ad",
        "soyad",
        "tc_kimlik_no",
        "telefon",
        "eposta",
        "cadde_sokak",
        "bina_no",
    }
    assert msgs["ad"].startswith("Ad boş")
    assert "‘3’" in msgs["soyad"]
    assert "doğrulaması tutmuyor" in msgs["tc_kimlik_no"]
    assert "eksik" in msgs["telefon"]
    assert "E-posta" in msgs["eposta"]
    assert msgs["cadde_sokak"].startswith("Cadde/Sokak boş")
    assert msgs["bina_no"].startswith("Bina No boş")


def test_tc_or_phone_is_required() -> None:
    msgs = validate_citizen(_input(tc_kimlik_no="", phone=""), SERVED)
    assert list(msgs) == ["telefon"]
    assert "en az birini" in msgs["telefon"]


def test_address_parts_and_unserved_mahalle() -> None:
    assert validate_citizen(_input(building_no="5"), SERVED).keys() == {"mahalle", "cadde_sokak"}
    msgs = validate_citizen(_with_address(mahalle="Ankara Yolu"), SERVED)
    assert list(msgs) == ["mahalle"]
    assert "hizmet verilen mahalleler arasında değil" in msgs["mahalle"]
    assert validate_citizen(_with_address(mahalle="ulukavak mah."), SERVED) == {}


def test_served_mahalleler_in_turkish_order(db: Database) -> None:
    names = served_mahalleler(db)
    assert len(names) == 16
    from desk_app.domain.text import sort_key

    assert names == sorted(names, key=sort_key)


# --- create -----------------------------------------------------------------------------


def test_create_stores_typed_folded_and_e164(db: Database, clerk: Actor) -> None:
    tc = _tc()
    view = create_citizen(
        db,
        clerk,
        _with_address(
            first_name="  ayşe   nur ",
            last_name="IŞIK",
            tc_kimlik_no=tc,
            phone="+90 (532) 123-45-67",
            mahalle="ulukavak mah.",
            apartment_no="3",
            email=" ayse@example.com ",
        ),
    )
    assert (view.first_name, view.last_name, view.full_name) == (
        "ayşe nur",
        "IŞIK",
        "ayşe nur IŞIK",
    )
    assert (view.phone_e164, view.phone_display) == ("+905321234567", "0 532 123 45 67")
    assert view.tc_kimlik_no == tc and view.version == 1 and view.email == "ayse@example.com"
    assert view.address is not None
    assert (view.address.mahalle, view.address.served, view.address.source) == (
        "Ulukavak",
        True,
        "desk",
    )
    with unit_of_work(db) as s:
        row = s.get(Citizen, view.id)
        assert row is not None
        assert (row.name_folded, row.last_name_folded) == ("ayşe nur ışık", "ışık")
        assert row.phone_reversed == "765432123509"
        addr = s.scalars(select(Address).where(Address.citizen_id == view.id)).one()
        assert (addr.mahalle_text, addr.mahalle_id is not None, addr.valid_to) == (
            "ulukavak mah.",
            True,
            None,
        )
        assert addr.created_by_id == clerk.user_id


def test_create_refuses_invalid_input_naming_the_field(db: Database, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        create_citizen(as_person(db, clerk), clerk, _input(phone="0532 12"))
    assert err.value.field == "telefon"
    with pytest.raises(ValidationError) as err:
        create_citizen(as_person(db, clerk), clerk, _input(tc_kimlik_no="", phone=""))
    assert err.value.field == "telefon"
    assert _count(db, Citizen) == 0


def test_unserved_mahalle_is_stored_flagged(db: Database, clerk: Actor) -> None:
    view = create_citizen(as_person(db, clerk), clerk, _with_address(mahalle="Ankara Yolu"))
    assert view.address is not None
    assert (view.address.mahalle, view.address.served) == ("Ankara Yolu", False)


def test_duplicate_tc_is_refused_with_the_existing_record(db: Database, clerk: Actor) -> None:
    tc = _tc()
    first = create_citizen(as_person(db, clerk), clerk, _input(tc_kimlik_no=tc))
    with pytest.raises(DuplicateCitizen) as err:
        create_citizen(
            as_person(db, clerk),
            clerk,
            _input(first_name="Başka", last_name="Biri", tc_kimlik_no=tc),
        )
    assert isinstance(err.value, Conflict) and err.value.field == "tc_kimlik_no"
    assert err.value.existing.citizen_id == first.id
    assert err.value.existing.tc_masked == mask_tckn(tc)  # the desk sees it masked
    assert "Ayşe Nur Yılmaz" in str(err.value)
    assert _count(db, Citizen) == 1


def test_two_desks_creating_the_same_tc_at_once(db: Database, db_url: str, clerk: Actor) -> None:
    tc = _tc()
    n = 6
    barrier = threading.Barrier(n)
    outcomes: list[str] = []
    lock = threading.Lock()

    def desk(i: int) -> None:
        own = Database(db_url)
        try:
            barrier.wait()
            create_citizen(own, clerk, _input(first_name=f"Kişi{'abcdef'[i]}", tc_kimlik_no=tc))
            result = "created"
        except DuplicateCitizen as exc:
            result = f"duplicate:{exc.existing.citizen_id}"
        finally:
            own.dispose()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=desk, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("created") == 1
    with unit_of_work(db) as s:
        winner = s.scalars(select(Citizen.id).where(Citizen.tc_kimlik_no == tc)).one()
    assert sorted(outcomes) == ["created"] + [f"duplicate:{winner}"] * (n - 1)
    assert len(_audit(db, "citizen.create")) == 1


# --- similar records --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        (("Ayşe", "Yılmaz"), ("AYSE", "YILMAZ"), True),
        (("Ayşe", "Yılmaz"), ("Ayşe Nur", "Yılmaz"), True),
        (("Ayşe", "Yılmaz"), ("Aysu", "Yilmaz"), True),  # one letter apart
        (("Mehmet", "Yılmaz"), ("Ayşe", "Yılmaz"), False),  # family member on the same phone
        (("Ayşe", "Yılmaz"), ("Ayşe", "Kaya"), False),
    ],
)
def test_similar_names(a: tuple[str, str], b: tuple[str, str], similar: bool) -> None:
    assert similar_names(*a, *b) is similar


def test_find_similar_by_tc_or_phone_and_name(db: Database, clerk: Actor) -> None:
    tc = _tc()
    ayse = create_citizen(
        as_person(db, clerk), clerk, _input(tc_kimlik_no=tc, phone="0532 123 45 67")
    )
    mehmet = create_citizen(
        as_person(db, clerk), clerk, _input(first_name="Mehmet", tc_kimlik_no="")
    )
    same_tc = find_similar(
        as_person(db, clerk), clerk, _input(first_name="Zzz", tc_kimlik_no=tc, phone="")
    )
    assert [(h.citizen_id, h.matched_by) for h in same_tc] == [(ayse.id, "tc")]
    typo = find_similar(
        as_person(db, clerk), clerk, _input(first_name="Ayse", last_name="YILMAZ", tc_kimlik_no="")
    )
    assert {(h.citizen_id, h.matched_by) for h in typo} == {
        (ayse.id, "phone"),
        (mehmet.id, "shared_phone"),
    }
    other = find_similar(
        as_person(db, clerk), clerk, _input(first_name="Mehmet Ali", tc_kimlik_no="")
    )
    assert {(h.citizen_id, h.matched_by) for h in other} == {
        (mehmet.id, "phone"),
        (ayse.id, "shared_phone"),
    }
    # Another person's phone is said too (a relative's, or a wrong number).
    hasan = find_similar(as_person(db, clerk), clerk, _input(first_name="Hasan", tc_kimlik_no=""))
    assert {(h.citizen_id, h.matched_by) for h in hasan} == {
        (ayse.id, "shared_phone"),
        (mehmet.id, "shared_phone"),
    }
    assert (
        find_similar(
            as_person(db, clerk), clerk, _input(first_name="Hasan", phone="0533 000 00 01")
        )
        == []
    )


# --- update -----------------------------------------------------------------------------


def test_update_writes_old_and_new_values(db: Database, clerk: Actor, supervisor: Actor) -> None:
    view = create_citizen(as_person(db, clerk), clerk, _with_address(email=""))
    data = _with_address(
        tc_kimlik_no=view.tc_kimlik_no or "", phone="0505 311 47 12", email="a@b.com.tr"
    )
    updated = update_citizen(as_person(db, supervisor), supervisor, view.id, view.version, data)
    assert updated.version == view.version + 1
    assert updated.phone_e164 == "+905053114712"
    [row] = _audit(db, "citizen.update")
    assert row.old_values == {"phone_e164": "+905321234567", "email": None}
    assert row.new_values == {"phone_e164": "+905053114712", "email": "a@b.com.tr"}
    assert (row.user_id, row.subject_citizen_id, row.entity_id) == (
        supervisor.user_id,
        view.id,
        str(view.id),
    )
    with unit_of_work(db) as s:
        assert s.scalar(select(Citizen.phone_reversed).where(Citizen.id == view.id)) == (
            "217411350509"
        )


def test_stale_version_is_refused_and_nothing_written(db: Database, clerk: Actor) -> None:
    view = create_citizen(as_person(db, clerk), clerk, _with_address())
    tc = view.tc_kimlik_no or ""
    update_citizen(
        as_person(db, clerk),
        clerk,
        view.id,
        view.version,
        _with_address(tc_kimlik_no=tc, notes="x"),
    )
    audit_before = len(_audit(db))
    with pytest.raises(Conflict) as err:
        update_citizen(
            as_person(db, clerk),
            clerk,
            view.id,
            view.version,
            _with_address(tc_kimlik_no=tc, street="Gazi Cad."),
        )
    assert "başka bir masada" in str(err.value)
    assert len(_audit(db)) == audit_before
    with unit_of_work(db) as s:
        assert s.scalars(select(Address.street).where(Address.citizen_id == view.id)).all() == [
            "Mimar Sinan Cad."
        ]


def test_address_change_keeps_history(db: Database, clerk: Actor) -> None:
    view = create_citizen(as_person(db, clerk), clerk, _with_address())
    tc = view.tc_kimlik_no or ""
    same = update_citizen(
        as_person(db, clerk),
        clerk,
        view.id,
        view.version,
        _with_address(tc_kimlik_no=tc, mahalle="ULUKAVAK"),
    )
    assert same.version == view.version  # nothing changed: no write, no audit row
    assert _audit(db, "citizen.update") == []
    moved = update_citizen(
        db,
        clerk,
        view.id,
        view.version,
        _with_address(tc_kimlik_no=tc, mahalle="Gülabibey", street="Çöplü Sok.", building_no="7"),
    )
    assert moved.version == view.version + 1  # an address-only change bumps the version
    assert moved.address is not None and moved.address.mahalle == "Gülabibey"
    card = get_citizen_card(as_person(db, clerk), clerk, view.id)
    assert [(a.mahalle, a.valid_to is None) for a in card.addresses] == [
        ("Gülabibey", True),
        ("Ulukavak", False),
    ]
    assert card.addresses[1].valid_to == card.addresses[0].valid_from
    [row] = _audit(db, "citizen.update")
    assert row.old_values and row.new_values
    assert (row.old_values["street"], row.new_values["street"]) == (
        "Mimar Sinan Cad.",
        "Çöplü Sok.",
    )
    # Clearing the address closes it; the history stays.
    cleared = update_citizen(
        as_person(db, clerk), clerk, view.id, moved.version, _input(tc_kimlik_no=tc)
    )
    assert cleared.address is None
    assert _count(db, Address) == 2


def test_update_to_someone_elses_tc_is_refused(db: Database, clerk: Actor) -> None:
    other = create_citizen(
        as_person(db, clerk), clerk, _input(first_name="Fatma", last_name="Şahin")
    )
    view = create_citizen(as_person(db, clerk), clerk, _input())
    with pytest.raises(DuplicateCitizen) as err:
        update_citizen(
            as_person(db, clerk),
            clerk,
            view.id,
            view.version,
            _input(tc_kimlik_no=other.tc_kimlik_no or ""),
        )
    assert err.value.existing.citizen_id == other.id


def test_update_of_a_missing_citizen(db: Database, clerk: Actor) -> None:
    with pytest.raises(NotFound) as err:
        update_citizen(as_person(db, clerk), clerk, 999, 1, _input())
    assert "bulunamadı" in str(err.value)


# --- card and audit ---------------------------------------------------------------------


def test_card_lists_everything_newest_first_and_records_the_read(
    db: Database, clerk: Actor
) -> None:
    view = create_citizen(as_person(db, clerk), clerk, _with_address())
    create_audit = _audit(db, "citizen.create")
    assert len(create_audit) == 1 and create_audit[0].new_values is not None
    assert create_audit[0].new_values["tc_kimlik_no"] == mask_tckn(view.tc_kimlik_no or "")
    assert create_audit[0].new_values["first_name"] == "Ayşe Nur"
    assert create_audit[0].subject_citizen_id == view.id
    now = utcnow()
    with unit_of_work(db) as s:
        channels = {code: cid for code, cid in s.execute(select(Channel.code, Channel.id))}
        for i, code in enumerate(["DESK", "WEB", "CIMER"]):
            s.add(
                Request(
                    reference=f"GK-2025-00000{i + 1}",
                    citizen_id=view.id,
                    channel_id=channels[code],
                    subject=f"Konu {i}",
                    status="NEW",
                    due_date=date(2025, 3, 1),
                    created_at=now - timedelta(days=10 - i),
                    version=1,
                )
            )
        for i in range(2):
            s.add(
                BabySetApplication(
                    reference=f"HGB-2025-0000{i + 1}",
                    citizen_id=view.id,
                    channel_id=channels["WEB"],
                    applied_at=date(2025, 2, 1 + i),
                    baby_first_name=["Elif", "Ömer"][i],
                    baby_last_name="Yılmaz",
                    baby_name_folded="x",
                    baby_birth_date=date(2025, 1, 1 + i),
                    baby_key=f"k{i}",
                    status="RECEIVED",
                    version=1,
                )
            )
    card = get_citizen_card(as_person(db, clerk), clerk, view.id)
    # The desk gets the T.C. Kimlik No masked by the service (tests/security/test_tc_masking.py).
    assert card.citizen == replace(view, tc_kimlik_no=mask_tckn(view.tc_kimlik_no or ""))
    assert [r.reference for r in card.requests] == [
        "GK-2025-000003",
        "GK-2025-000002",
        "GK-2025-000001",
    ]
    assert card.requests[0].channel_name == "CİMER" and card.requests[0].status_label == "Yeni"
    assert [(a.reference, a.baby_name, a.status_label) for a in card.applications] == [
        ("HGB-2025-00002", "Ömer Yılmaz", "Alındı"),
        ("HGB-2025-00001", "Elif Yılmaz", "Alındı"),
    ]
    [read] = _audit(db, "citizen.view")
    assert (read.user_id, read.subject_citizen_id, read.entity, read.entity_id) == (
        clerk.user_id,
        view.id,
        "citizen",
        str(view.id),
    )


def test_card_of_a_missing_citizen(db: Database, clerk: Actor) -> None:
    with pytest.raises(NotFound) as err:
        get_citizen_card(as_person(db, clerk), clerk, 12345)
    assert "12345 numaralı vatandaş kaydı bulunamadı" in str(err.value)
    assert _audit(db, "citizen.view") == []

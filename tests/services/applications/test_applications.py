"""Applications: registration at the desk (new and existing parent, the KVKK notice record),
eligibility with evidence and admin-changed rules, the audit trail."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from desk_app.db import Database
from desk_app.domain.errors import ValidationError
from desk_app.domain.tckn import generate_tckn, mask_tckn
from desk_app.models import (
    Address,
    ApplicationEvent,
    AuditLog,
    BabySetApplication,
    Citizen,
    Setting,
)
from desk_app.services.admin import settings
from desk_app.services.applications.common import (
    AlreadyImported,
    ApplicationInput,
    ApplicationInvalid,
)
from desk_app.services.applications.input import validate_application
from desk_app.services.applications.query import get_application
from desk_app.services.applications.register import register_application, register_in_session
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor
from desk_app.services.uow import unit_of_work
from tests.people import as_person

_rng = random.Random(4)
# 2025-06-16 10:00 at the desk (UTC+3).
NOW = datetime(2025, 6, 16, 7, 0, tzinfo=UTC)
TODAY = date(2025, 6, 16)
SERVED = ["Ulukavak", "Bahçelievler", "Gülabibey"]


def tc() -> str:
    return generate_tckn(_rng)


def parent(**kw: str) -> CitizenInput:
    values = {
        "first_name": "Zeynep",
        "last_name": "Arslan",
        "tc_kimlik_no": tc(),
        "phone": "0532 111 22 33",
        "mahalle": "Ulukavak",
        "street": "Mimar Sinan Cad.",
        "building_no": "14",
    }
    values.update(kw)
    return CitizenInput(**values)


def app_input(**kw: Any) -> ApplicationInput:
    values: dict[str, Any] = {
        "parent": parent(),
        "baby_first_name": "Elif",
        "baby_last_name": "Arslan",
        "baby_birth_date": TODAY - timedelta(days=20),
        "applied_at": TODAY,
        "notice_acknowledged": True,
    }
    values.update(kw)
    return ApplicationInput(**values)


def audit_rows(db: Database, action: str) -> list[AuditLog]:
    with unit_of_work(db) as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def count(db: Database, model: Any) -> int:
    with unit_of_work(db) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --- validation -------------------------------------------------------------------------


def test_valid_input_has_no_messages() -> None:
    assert validate_application(app_input(), SERVED, today=TODAY) == {}


def test_each_field_gets_its_turkish_message() -> None:
    errors = validate_application(
        app_input(
            parent=parent(first_name="", phone="12", mahalle="", street="", building_no=""),
            baby_first_name="",
            baby_last_name="3",
            baby_birth_date=None,
            baby_tc_kimlik_no="12345678901",
            notice_acknowledged=False,
        ),
        SERVED,
        today=TODAY,
    )
    for key in (
        "ad",
        "telefon",
        "mahalle",
        "bebek_adi",
        "bebek_soyadi",
        "bebek_dogum_tarihi",
        "bebek_tc_kimlik_no",
        "aydinlatma",
    ):
        assert key in errors, key
    assert "Aydınlatma" in errors["aydinlatma"]
    assert "Bebek T.C. Kimlik No" in errors["bebek_tc_kimlik_no"]
    assert "Bebek doğum tarihi" in errors["bebek_dogum_tarihi"]


def test_applicant_required_and_future_application_date() -> None:
    errors = validate_application(
        app_input(parent=None, applied_at=TODAY + timedelta(days=1)), SERVED, today=TODAY
    )
    assert set(errors) == {"veli", "basvuru_tarihi"}


def test_unserved_mahalle_is_not_a_form_error() -> None:
    data = app_input(parent=parent(mahalle="Uzak Köy"))
    assert validate_application(data, SERVED, today=TODAY) == {}


def test_baby_tc_equal_to_parent_tc_is_refused() -> None:
    same = tc()
    data = app_input(parent=parent(tc_kimlik_no=same), baby_tc_kimlik_no=same)
    assert "bebek_tc_kimlik_no" in validate_application(data, SERVED, today=TODAY)


# --- registering ------------------------------------------------------------------------


def test_register_with_a_new_parent(db: Database, clerk: Actor) -> None:
    data = app_input(baby_tc_kimlik_no=tc())
    result = register_application(as_person(db, clerk), clerk, data, now=NOW)
    assert result.status == "APPROVED" and result.status_label == "Onaylandı"
    assert result.reference == "HGB-2025-00001"
    assert result.citizen_created and result.eligible is True and result.duplicates == ()
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, result.id, options=[undefer(BabySetApplication.baby_key)])
        assert app is not None
        citizen = s.get(Citizen, app.citizen_id, options=[undefer(Citizen.tc_kimlik_no)])
        assert citizen is not None and citizen.tc_kimlik_no == data.parent.tc_kimlik_no  # type: ignore[union-attr]
        address = s.get(Address, app.address_id)
        assert address is not None and address.street == "Mimar Sinan Cad." and address.served
        assert app.phone_e164 == "+905321112233"
        assert app.baby_key == data.baby_tc_kimlik_no
        # The notice: who, when, which version, where.
        assert app.notice_recorded_by_id == clerk.user_id
        assert app.notice_acknowledged_at == NOW
        assert app.notice_version == "2025-01"
        assert app.notice_source == "desk"
        events = list(
            s.scalars(
                select(ApplicationEvent)
                .where(ApplicationEvent.application_id == app.id)
                .order_by(ApplicationEvent.id)
            )
        )
        assert [(e.kind, e.old_status, e.new_status) for e in events] == [
            ("RECEIVED", None, "RECEIVED"),
            ("ELIGIBILITY", "RECEIVED", "APPROVED"),
        ]
        evidence = app.eligibility_evidence
        assert evidence is not None and evidence["result"] == "eligible"
        assert evidence["rules"]["max_baby_age_months"] == 12
        assert evidence["facts"]["baby_age_days"] == 20
        assert evidence["facts"]["mahalle"] == "Ulukavak"
        assert evidence["facts"]["mahalle_served"] is True
        assert evidence["failed"] == [] and evidence["duplicates"] == []
    (created,) = audit_rows(db, "application.create")
    assert created.subject_citizen_id == result.citizen_id
    assert created.new_values is not None
    assert created.new_values["baby_tc_kimlik_no"] == mask_tckn(data.baby_tc_kimlik_no)
    assert len(audit_rows(db, "citizen.create")) == 1


def test_baby_key_without_tc(db: Database, clerk: Actor) -> None:
    result = register_application(
        as_person(db, clerk), clerk, app_input(baby_first_name="Çağla"), now=NOW
    )
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, result.id, options=[undefer(BabySetApplication.baby_key)])
        assert app is not None
        assert app.baby_key == f"{result.citizen_id}:{app.baby_birth_date.isoformat()}:çağla"


def test_register_with_an_existing_parent_by_id(db: Database, clerk: Actor) -> None:
    citizen = create_citizen(as_person(db, clerk), clerk, parent())
    result = register_application(
        as_person(db, clerk), clerk, app_input(parent=None, parent_citizen_id=citizen.id), now=NOW
    )
    assert result.citizen_id == citizen.id and not result.citizen_created
    assert result.status == "APPROVED"
    assert count(db, Citizen) == 1


def test_known_tc_uses_that_citizen_and_updates_it_at_the_desk(db: Database, clerk: Actor) -> None:
    known = parent()
    citizen = create_citizen(as_person(db, clerk), clerk, known)
    moved = parent(
        tc_kimlik_no=known.tc_kimlik_no,
        phone="0533 999 88 77",
        mahalle="Bahçelievler",
        street="Gazi Cad.",
        building_no="3",
    )
    result = register_application(as_person(db, clerk), clerk, app_input(parent=moved), now=NOW)
    assert result.citizen_id == citizen.id and not result.citizen_created
    with unit_of_work(db) as s:
        c = s.get(Citizen, citizen.id)
        assert c is not None and c.phone_e164 == "+905339998877"
        addresses = list(s.scalars(select(Address).where(Address.citizen_id == citizen.id)))
        assert len(addresses) == 2  # the old one kept as history
        app = s.get(BabySetApplication, result.id)
        assert app is not None
        current = s.get(Address, app.address_id)
        assert current is not None and current.street == "Gazi Cad." and current.valid_to is None
    assert len(audit_rows(db, "citizen.update")) == 1


def test_web_source_never_overwrites_the_clerks_address(db: Database, clerk: Actor) -> None:
    known = parent()
    citizen = create_citizen(as_person(db, clerk), clerk, known)
    web = parent(
        tc_kimlik_no=known.tc_kimlik_no,
        phone="0533 999 88 77",
        mahalle="Bahçelievler",
        street="Gazi Cad.",
        building_no="3",
    )
    with unit_of_work(db) as s:
        result = register_in_session(
            s,
            clerk,
            app_input(parent=web, web_reference="W-2025-00101", channel_code="WEB"),
            source="web",
            now=NOW,
        )
    with unit_of_work(db) as s:
        c = s.get(Citizen, citizen.id)
        assert c is not None and c.phone_e164 == "+905321112233"
        app = s.get(BabySetApplication, result.id)
        assert app is not None and app.notice_source == "web"
        assert app.web_reference == "W-2025-00101"
        current = s.get(Address, app.address_id)
        assert current is not None and current.street == "Mimar Sinan Cad."
        history = s.scalars(
            select(Address).where(Address.citizen_id == citizen.id, Address.source == "web")
        ).one()
        assert history.street == "Gazi Cad." and history.valid_to is not None
        received = s.scalars(
            select(ApplicationEvent).where(
                ApplicationEvent.application_id == app.id, ApplicationEvent.kind == "RECEIVED"
            )
        ).one()
        assert received.data is not None and received.data["web_phone_e164"] == "+905339998877"
        assert "W-2025-00101" in received.text


def test_same_web_reference_adds_nothing(db: Database, clerk: Actor) -> None:
    data = app_input(web_reference="W-2025-00007", channel_code="WEB")
    with unit_of_work(db) as s:
        first = register_in_session(s, clerk, data, source="web", now=NOW)
    with pytest.raises(AlreadyImported) as err, unit_of_work(db) as s:
        register_in_session(s, clerk, data, source="web", now=NOW)
    assert err.value.reference == first.reference
    assert count(db, BabySetApplication) == 1


def test_notice_is_required_and_nothing_is_written(db: Database, clerk: Actor) -> None:
    with pytest.raises(ApplicationInvalid) as err:
        register_application(
            as_person(db, clerk), clerk, app_input(notice_acknowledged=False), now=NOW
        )
    assert isinstance(err.value, ValidationError) and err.value.field == "aydinlatma"
    assert count(db, BabySetApplication) == 0 and count(db, Citizen) == 0


def test_an_old_notice_version_at_the_desk_is_refused(
    db: Database, clerk: Actor, admin: Actor
) -> None:
    settings.set_value(as_person(db, admin), admin, "kvkk.notice_version", "2025-07")
    with pytest.raises(ApplicationInvalid) as err:
        register_application(
            as_person(db, clerk), clerk, app_input(notice_version="2025-01"), now=NOW
        )
    assert err.value.field == "aydinlatma" and "2025-07" in err.value.message
    result = register_application(
        as_person(db, clerk), clerk, app_input(notice_version="2025-07"), now=NOW
    )
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, result.id)
        assert app is not None and app.notice_version == "2025-07"


def test_bad_input_raises_naming_the_field(db: Database, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        register_application(as_person(db, clerk), clerk, app_input(baby_first_name="12"), now=NOW)
    assert err.value.field == "bebek_adi"
    with pytest.raises(ValidationError) as err:
        register_application(as_person(db, clerk), clerk, app_input(channel_code="FAX"), now=NOW)
    assert err.value.field == "kanal"


def test_existing_parent_without_an_address(db: Database, clerk: Actor) -> None:
    citizen = create_citizen(
        as_person(db, clerk), clerk, parent(mahalle="", street="", building_no="")
    )
    with pytest.raises(ValidationError) as err:
        register_application(
            as_person(db, clerk),
            clerk,
            app_input(parent=None, parent_citizen_id=citizen.id),
            now=NOW,
        )
    assert err.value.field == "mahalle"


# --- eligibility ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "applied", "status"),
    [
        (TODAY, TODAY, "APPROVED"),  # born today
        (TODAY + timedelta(days=1), TODAY, "INELIGIBLE"),  # born in the future
        (date(2024, 6, 16), TODAY, "APPROVED"),  # exactly 12 months
        (date(2024, 6, 15), TODAY, "INELIGIBLE"),  # 12 months + 1 day
        (date(2024, 2, 29), date(2025, 2, 28), "APPROVED"),  # leap day: 12 months on 28 Feb
        (date(2024, 2, 28), date(2025, 3, 1), "INELIGIBLE"),
    ],
)
def test_eligibility_edge_dates(
    db: Database, clerk: Actor, birth: date, applied: date, status: str
) -> None:
    result = register_application(
        as_person(db, clerk), clerk, app_input(baby_birth_date=birth, applied_at=applied), now=NOW
    )
    assert result.status == status
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, result.id)
        assert app is not None and app.eligibility_evidence is not None
        facts = app.eligibility_evidence["facts"]
        assert facts["baby_birth_date"] == birth.isoformat()
        assert facts["applied_at"] == applied.isoformat()
        assert facts["baby_age_days"] == (applied - birth).days
        if status == "INELIGIBLE":
            assert app.eligible is False and app.decision_reason
            assert app.eligibility_evidence["failed"][0]["rule"] in (
                "max_baby_age_months",
                "born_on_or_before_application",
            )
            assert result.reasons and "Bebe" in result.reasons[0]


def test_unserved_mahalle_is_ineligible_with_reason(db: Database, clerk: Actor) -> None:
    result = register_application(
        as_person(db, clerk), clerk, app_input(parent=parent(mahalle="Uzak Köy")), now=NOW
    )
    assert result.status == "INELIGIBLE"
    assert "Uzak Köy" in result.reasons[0] and "hizmet" in result.reasons[0]
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, result.id)
        assert app is not None and app.eligibility_evidence is not None
        assert app.eligibility_evidence["facts"]["mahalle_served"] is False
        assert app.eligibility_evidence["failed"][0]["rule"] == "require_served_mahalle"


def test_rule_settings_changed_by_admin_take_effect(
    db: Database, clerk: Actor, admin: Actor
) -> None:
    born = TODAY - timedelta(days=200)  # about 6.5 months
    settings.set_value(as_person(db, admin), admin, "eligibility.max_baby_age_months", 6)
    settings.set_value(as_person(db, admin), admin, "eligibility.require_served_mahalle", False)
    old = register_application(
        as_person(db, clerk), clerk, app_input(baby_birth_date=born), now=NOW
    )
    assert old.status == "INELIGIBLE" and "en fazla 6 aylık" in old.reasons[0]
    far = register_application(
        as_person(db, clerk),
        clerk,
        app_input(parent=parent(mahalle="Uzak Köy"), baby_first_name="Can"),
        now=NOW,
    )
    assert far.status == "APPROVED"
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, old.id)
        assert app is not None and app.eligibility_evidence is not None
        assert app.eligibility_evidence["rules"]["max_baby_age_months"] == 6
        assert app.eligibility_evidence["rules"]["require_served_mahalle"] is False
        assert app.eligibility_evidence["rules_changed_at"] is not None
        assert s.get(Setting, "eligibility.max_baby_age_months") is not None


def test_view_shows_the_evidence_and_records_the_read(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    data = app_input(baby_tc_kimlik_no=tc(), parent=parent(mahalle="Uzak Köy"))
    result = register_application(as_person(db, clerk), clerk, data, now=NOW)
    desk_view = get_application(as_person(db, clerk), clerk, result.id, now=NOW)
    assert desk_view.status == "INELIGIBLE" and desk_view.eligible is False
    assert desk_view.eligibility_reasons and "Uzak Köy" in desk_view.eligibility_reasons[0]
    assert desk_view.parent_tc == mask_tckn(data.parent.tc_kimlik_no)  # type: ignore[union-attr]
    assert desk_view.baby_tc == mask_tckn(data.baby_tc_kimlik_no)
    assert desk_view.notice_recorded_by_name == "İrem Çelik"
    assert [e.kind_label for e in desk_view.events] == ["Başvuru alındı", "Uygunluk kontrolü"]
    assert desk_view.events[-1].new_status_label == "Uygun değil"
    assert desk_view.allowed_actions == ("cancel",)
    sup_view = get_application(as_person(db, supervisor), supervisor, result.id, now=NOW)
    assert sup_view.parent_tc == data.parent.tc_kimlik_no  # type: ignore[union-attr]
    assert sup_view.allowed_actions == ("override_ineligible", "cancel")
    views = audit_rows(db, "application.view")
    assert len(views) == 2 and views[0].subject_citizen_id == result.citizen_id


def test_a_form_saved_twice_is_one_application(db: Database, clerk: Actor) -> None:
    """The form's idempotency key: a second attempt of the same save (the first committed but
    its answer was lost with the connection) returns the stored application, writes nothing
    more, and another form with the same data is a new (suspected duplicate) application."""
    data = app_input(client_token="form-1")
    first = register_application(as_person(db, clerk), clerk, data, now=NOW)
    again = register_application(as_person(db, clerk), clerk, data, now=NOW)
    assert (again.id, again.reference, again.status) == (first.id, first.reference, first.status)
    assert count(db, BabySetApplication) == 1 and len(audit_rows(db, "application.create")) == 1
    other = register_application(
        as_person(db, clerk), clerk, app_input(client_token="form-2"), now=NOW
    )
    assert other.id != first.id and other.status == "SUSPECTED_DUPLICATE"
    assert count(db, BabySetApplication) == 2

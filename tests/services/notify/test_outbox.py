"""The outbox: each event writes its message in its own transaction (and a rolled-back event
none), opt-out, the day-before reminders once, templates, demo marking and the roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import undefer

from desk_app.db import Database
from desk_app.domain.errors import InvalidTransition, PermissionDenied, ValidationError
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.models import AuditLog, Citizen, SmsMessage
from desk_app.services import notify
from desk_app.services import requests as rq
from desk_app.services.admin import settings
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import CapacityFull, OutcomeInput
from desk_app.services.delivery.outcomes import record_outcome
from desk_app.services.notify.outbox import mark_demo_database
from desk_app.services.requests.records import RequestInput
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
from tests.services.notify.notify_fixtures import messages

HOME = DeliveryKind.HOME


@pytest.fixture
def world(db: Database, supervisor: Actor) -> list:  # type: ignore[type-arg]
    teams = make_teams(as_person(db, supervisor), supervisor, capacities=(1, 3))
    make_windows(as_person(db, supervisor), supervisor)
    make_stock(as_person(db, supervisor), supervisor)
    return teams


def kinds(db: Database) -> list[str]:
    return [m.kind for m in messages(db)]


def test_each_event_queues_its_message_with_no_tc_or_name(
    db: Database,
    clerk: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    assert kinds(db) == ["RECEIVED"]
    row = book(
        as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=world[0].id, now=NOW
    ).delivery
    assert kinds(db) == ["RECEIVED", "BOOKED"]
    failed = OutcomeInput(DeliveryOutcome.NOT_HOME, at=NOW + timedelta(days=1))
    record_outcome(as_person(db, clerk), clerk, row.id, failed, now=NOW + timedelta(days=1))
    assert kinds(db) == ["RECEIVED", "BOOKED", "FAILED_VISIT"]
    received, booked, failed_visit = messages(db)
    assert received.text.startswith("Hoş Geldin Bebek başvurunuz alındı, başvuru no HGB-2025-")
    assert "17.06.2025 Salı günü evinize" in booked.text
    assert "sizi bulamadık" in failed_visit.text and "hafta içi 09:00-15:00" in failed_visit.text
    with read_only(db) as s:
        citizen = s.get(Citizen, received.citizen_id, options=[undefer(Citizen.tc_kimlik_no)])
        assert citizen is not None and citizen.tc_kimlik_no
        for message in messages(db):
            assert citizen.tc_kimlik_no not in message.text
            assert citizen.first_name not in message.text
            assert message.phone_e164 == citizen.phone_e164
            assert message.status == "QUEUED" and not message.demo
    assert len({m.key for m in messages(db)}) == 3


def test_a_rolled_back_booking_leaves_no_message(
    db: Database,
    clerk: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    first, v1 = approved(as_person(db, clerk), clerk, seed=1)
    second, v2 = approved(as_person(db, clerk), clerk, seed=2)
    book(as_person(db, clerk), clerk, first, v1, HOME, TUESDAY, team_id=world[0].id, now=NOW)
    with pytest.raises(CapacityFull):  # team 1 takes one a day
        book(as_person(db, clerk), clerk, second, v2, HOME, TUESDAY, team_id=world[0].id, now=NOW)
    assert kinds(db).count("BOOKED") == 1


def test_pickup_booking_names_the_window(
    db: Database,
    clerk: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    from datetime import time

    app_id, version = approved(as_person(db, clerk), clerk, seed=3)
    book(
        as_person(db, clerk),
        clerk,
        app_id,
        version,
        DeliveryKind.PICKUP,
        TUESDAY,
        start_time=time(9),
        now=NOW,
    )
    booked = messages(db)[-1]
    assert "Gönül Kapısı masasından 09:00-10:30 arası" in booked.text


def test_opt_out_writes_nothing_and_cancels_queued(
    db: Database,
    clerk: Actor,
    supervisor: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    citizen_id = messages(db)[0].citizen_id
    assert citizen_id is not None
    assert notify.set_sms_opt_out(as_person(db, clerk), clerk, citizen_id, True) == 1
    assert notify.sms_opt_out(as_person(db, clerk), clerk, citizen_id) is True
    assert [m.status for m in messages(db)] == ["CANCELLED"]
    book(as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=world[1].id, now=NOW)
    assert kinds(db) == ["RECEIVED"]  # nothing new for a person who wants no SMS
    with read_only(db) as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == "citizen.sms_opt_out")).all()
        assert len(rows) == 1 and rows[0].subject_citizen_id == citizen_id
        assert rows[0].new_values == {"sms_opt_out": True, "cancelled_messages": 1}
    notify.set_sms_opt_out(as_person(db, clerk), clerk, citizen_id, False)
    assert notify.sms_opt_out(as_person(db, clerk), clerk, citizen_id) is False
    shown = notify.citizen_messages(as_person(db, clerk), clerk, citizen_id)
    assert [m.status_label for m in shown] == ["İptal edildi"]


def test_reminders_once_per_delivery_and_day(
    db: Database,
    clerk: Actor,
    supervisor: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    for seed in (1, 2):
        app_id, version = approved(as_person(db, clerk), clerk, seed=seed)
        book(
            as_person(db, clerk),
            clerk,
            app_id,
            version,
            HOME,
            TUESDAY,
            team_id=world[1].id,
            now=NOW,
        )
    with pytest.raises(PermissionDenied):
        notify.queue_reminders(as_person(db, clerk), clerk, TUESDAY, now=NOW)
    assert (
        notify.queue_reminders(as_person(db, supervisor), supervisor, now=NOW) == 2
    )  # default: tomorrow = TUESDAY
    assert notify.queue_reminders(as_person(db, supervisor), supervisor, TUESDAY, now=NOW) == 0
    reminders = [m for m in messages(db) if m.kind == "REMINDER"]
    assert len(reminders) == 2
    assert all("yarın, 17.06.2025 Salı günü evinize" in m.text for m in reminders)
    assert all(m.about_date == TUESDAY for m in reminders)


def test_request_answer_queues_for_a_mobile_citizen_only(db: Database, clerk: Actor) -> None:
    from desk_app.domain.text import fold

    def citizen(phone: str | None) -> int:
        with unit_of_work(db) as s:
            c = Citizen(
                first_name="Şule",
                last_name="Işık",
                name_folded=fold("Şule Işık"),
                last_name_folded=fold("Işık"),
                phone_e164=phone,
            )
            s.add(c)
            s.flush()
            return c.id

    for phone in ("+905321112233", "+903642223344", None):
        req = rq.create_request(
            db,
            clerk,
            RequestInput(
                citizen_id=citizen(phone),
                channel_code="DESK",
                subject="Lamba",
                directorate_id=_directorate(db),
            ),
            now=NOW,
        )
        rq.add_answer(
            as_person(db, clerk), clerk, req.id, req.version, "Lamba değiştirildi.", now=NOW
        )
    answered = [m for m in messages(db) if m.kind == "ANSWERED"]
    assert len(answered) == 1 and answered[0].phone_e164 == "+905321112233"
    assert answered[0].text.startswith("GK-2025-")


def _directorate(db: Database) -> int:
    from desk_app.models import Directorate

    with read_only(db) as s:
        return int(s.scalar(select(Directorate.id).order_by(Directorate.id).limit(1)) or 0)


def test_demo_database_marks_its_messages(
    db: Database,
    clerk: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    with unit_of_work(db) as s:
        mark_demo_database(s)
    approved(as_person(db, clerk), clerk, seed=5)
    assert [m.demo for m in messages(db)] == [True]


def test_templates_are_settings_checked_and_audited(
    db: Database,
    admin: Actor,
    clerk: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    with pytest.raises(ValidationError) as err:
        settings.set_value(
            as_person(db, admin), admin, "sms.template.received", "Başvurunuz {tc} alındı"
        )
    assert "{tc}" not in str(err.value) and "tc" in str(err.value) and "{ref}" in str(err.value)
    settings.set_value(
        as_person(db, admin), admin, "sms.template.received", "Başvurunuz alındı: {ref}"
    )
    approved(as_person(db, clerk), clerk, seed=6)
    assert messages(db)[-1].text.startswith("Başvurunuz alındı: HGB-2025-")
    with read_only(db) as s:
        n = s.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "setting.change")
        )
        assert n == 1
    assert notify.check_template(notify.Kind.RECEIVED, "Başvurunuz alındı: {ref}").parts == 1


def test_supervisor_list_retry_and_cancel(
    db: Database,
    clerk: Actor,
    supervisor: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    approved(as_person(db, clerk), clerk, seed=1)
    with pytest.raises(PermissionDenied):
        notify.list_messages(as_person(db, clerk), clerk)
    (row,) = notify.list_messages(as_person(db, supervisor), supervisor)
    assert row.status_label == "Sırada" and row.reference and row.reference.startswith("HGB-")
    assert notify.message_counts(as_person(db, supervisor), supervisor)["QUEUED"] == 1
    notify.cancel_message(as_person(db, supervisor), supervisor, row.id)
    assert notify.list_messages(as_person(db, supervisor), supervisor, "CANCELLED")[0].id == row.id
    with pytest.raises(InvalidTransition):
        notify.cancel_message(as_person(db, supervisor), supervisor, row.id)
    with unit_of_work(db) as s:
        s.execute(update(SmsMessage).values(attempts=3))
    notify.retry_message(as_person(db, supervisor), supervisor, row.id)
    (again,) = notify.list_messages(as_person(db, supervisor), supervisor, "QUEUED")
    assert again.attempts == 0
    with read_only(db) as s:
        actions = s.scalars(
            select(AuditLog.action).where(AuditLog.entity == "sms_message").order_by(AuditLog.id)
        ).all()
        assert actions == ["sms.cancel", "sms.retry"]

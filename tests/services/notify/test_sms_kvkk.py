"""KVKK: a person's SMS are part of their data export, and the retention job erases the number
and the text of the messages of a person it anonymises."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from desk_app.db import Database
from desk_app.domain.text import fold
from desk_app.models import Citizen, SmsMessage
from desk_app.services.admin.retention import run_retention
from desk_app.services.citizens.export import export_citizen
from desk_app.services.context import Actor
from desk_app.services.uow import read_only, unit_of_work
from tests.people import as_person

LONG_AGO = datetime(2015, 3, 2, 9, 0, tzinfo=UTC)


def _person_with_sms(db: Database) -> int:
    with unit_of_work(db) as s:
        citizen = Citizen(
            first_name="Şule",
            last_name="Işık",
            name_folded=fold("Şule Işık"),
            last_name_folded=fold("Işık"),
            tc_kimlik_no="10000000146",
            phone_e164="+905321112233",
            created_at=LONG_AGO,
            updated_at=LONG_AGO,
        )
        s.add(citizen)
        s.flush()
        s.add(
            SmsMessage(
                key="3f1d0c1e-0000-4000-8000-000000000001",
                kind="ANSWERED",
                citizen_id=citizen.id,
                phone_e164="+905321112233",
                text="GK-2015-000001 numaralı başvurunuz cevaplandı.",
                status="DELIVERED",
                attempts=1,
                next_attempt_at=LONG_AGO,
                created_at=LONG_AGO,
                sent_at=LONG_AGO + timedelta(minutes=1),
            )
        )
        return citizen.id


def test_export_lists_the_persons_sms(db: Database, supervisor: Actor, tmp_path: Path) -> None:
    _person_with_sms(db)
    result = export_citizen(
        as_person(db, supervisor), supervisor, "10000000146", tmp_path / "kisi.json"
    )
    data = json.loads(Path(result.path).read_text(encoding="utf-8"))
    assert data["counts"]["sms_messages"] == 1
    assert data["sms_messages"][0]["text"].startswith("GK-2015-000001")
    assert data["sms_messages"][0]["phone_e164"] == "+905321112233"


def test_retention_erases_number_and_text(db: Database, admin: Actor) -> None:
    citizen_id = _person_with_sms(db)
    result = run_retention(as_person(db, admin), admin, now=LONG_AGO + timedelta(days=365 * 7))
    assert result.counts["citizens"] == 1
    with read_only(db) as s:
        message = s.scalars(select(SmsMessage).where(SmsMessage.citizen_id == citizen_id)).one()
        assert (message.phone_e164, message.text) == ("", "")
        assert (message.kind, message.status) == ("ANSWERED", "DELIVERED")  # figures stay

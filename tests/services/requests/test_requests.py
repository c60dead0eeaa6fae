"""Requests through the services: recording, due dates, the state machine, the timeline, the
informed-in-time flags, every list filter against an independent count, paging, optimistic
locking between desks (threads of one process and separate processes) and the audit trail."""

from __future__ import annotations

import multiprocessing as mp
import random
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, func, select, update

from desk_app.db import Database
from desk_app.domain.errors import InvalidTransition, ValidationError
from desk_app.domain.states import REQUEST_TRANSITIONS, RequestStatus, requires_written_answer
from desk_app.domain.text import fold
from desk_app.models import (
    AuditLog,
    Category,
    Channel,
    Citizen,
    Directorate,
    ReferenceCounter,
    Request,
    RequestEvent,
)
from desk_app.services import requests as rq
from desk_app.services.context import Actor
from desk_app.services.permissions import ROLE_MATRIX, Action
from desk_app.services.requests.common import RequestConflict, RequestDetail
from desk_app.services.requests.query import RequestFilter
from desk_app.services.requests.records import RequestInput, RequestInvalid
from desk_app.services.uow import read_only, unit_of_work
from tests.people import as_person

TRT = timezone(timedelta(hours=3))
NOW = datetime(2025, 3, 5, 10, 0, tzinfo=TRT)  # a Wednesday
OPEN = {"NEW", "FORWARDED", "IN_PROGRESS"}


# --- helpers ------------------------------------------------------------------------------


def _citizen(db: Database, first: str, last: str, phone: str | None = None) -> int:
    with unit_of_work(db) as s:
        c = Citizen(
            first_name=first,
            last_name=last,
            name_folded=fold(f"{first} {last}"),
            last_name_folded=fold(last),
            phone_e164=phone,
        )
        s.add(c)
        s.flush()
        return c.id


def _directorate(db: Database, short: str) -> int:
    with read_only(db) as s:
        return s.scalar(select(Directorate.id).where(Directorate.short == short))  # type: ignore[return-value]


def _category(db: Database, name: str) -> int:
    with read_only(db) as s:
        return s.scalar(select(Category.id).where(Category.name == name))  # type: ignore[return-value]


def _new(
    db: Database,
    actor: Actor,
    *,
    subject: str = "Sokak lambası yanmıyor",
    category: str | None = "Yol ve kaldırım onarımı",
    directorate: str | None = None,
    channel: str = "DESK",
    citizen_id: int | None = None,
    now: datetime = NOW,
) -> RequestDetail:
    return rq.create_request(
        db,
        actor,
        RequestInput(
            citizen_id=citizen_id,
            channel_code=channel,
            category_id=_category(db, category) if category else None,
            directorate_id=_directorate(db, directorate) if directorate else None,
            subject=subject,
        ),
        now=now,
    )


def _force(db: Database, request_id: int, **values: Any) -> int:
    """Put a request in a state with a plain UPDATE (test set-up); returns its version."""
    with unit_of_work(db) as s:
        s.execute(update(Request).where(Request.id == request_id).values(**values))
        return s.scalar(select(Request.version).where(Request.id == request_id))  # type: ignore[return-value]


def _counts(db: Database) -> tuple[int, int, int]:
    with read_only(db) as s:
        return (
            s.scalar(select(func.count()).select_from(Request)) or 0,
            s.scalar(select(func.count()).select_from(RequestEvent)) or 0,
            s.scalar(select(func.count()).select_from(AuditLog)) or 0,
        )


def _audits(db: Database, request_id: int) -> list[AuditLog]:
    with read_only(db) as s:
        return list(
            s.scalars(
                select(AuditLog)
                .where(AuditLog.entity == "request", AuditLog.entity_id == str(request_id))
                .order_by(AuditLog.id)
            )
        )


# --- recording ----------------------------------------------------------------------------


def test_create_gives_references_in_order_per_local_year(db: Database, clerk: Actor) -> None:
    refs = [_new(as_person(db, clerk), clerk).reference for _ in range(3)]
    assert refs == ["GK-2025-000001", "GK-2025-000002", "GK-2025-000003"]
    # 31 Dec 22:30 UTC is already 1 Jan in Çorum: the new year's counter starts.
    new_year = datetime(2025, 12, 31, 22, 30, tzinfo=UTC)
    assert _new(as_person(db, clerk), clerk, now=new_year).reference == "GK-2026-000001"
    assert _new(as_person(db, clerk), clerk).reference == "GK-2025-000004"


def test_create_routes_at_once_and_shows_it_on_the_timeline(db: Database, clerk: Actor) -> None:
    citizen = _citizen(db, "Ayşe", "Işık", "+905321234567")
    d = _new(as_person(db, clerk), clerk, citizen_id=citizen, subject="  Kaldırım   taşı kırık ")
    assert d.status == "FORWARDED" and d.status_label == "Yönlendirildi"
    assert d.directorate_id == _directorate(db, "FEN")  # from the category
    assert d.directorate_name == "Fen İşleri Müdürlüğü"
    assert d.category_name == "Yol ve kaldırım onarımı"
    assert d.channel_code == "DESK" and d.channel_name == "Gönül Kapısı (yüz yüze)"
    assert d.subject == "Kaldırım taşı kırık"
    assert d.citizen_name == "Ayşe Işık"
    assert d.citizen_phone_display == "0 532 123 45 67"
    assert d.created_by_name == "İrem Çelik"
    assert d.created_at == NOW
    assert d.version == 1
    assert d.allowed_next == ("IN_PROGRESS", "RESOLVED", "REJECTED")
    assert [(e.kind, e.kind_label, e.old_status, e.new_status) for e in d.events] == [
        ("FORWARDED", "Yönlendirildi", "NEW", "FORWARDED")
    ]
    assert d.events[0].directorate_name == "Fen İşleri Müdürlüğü"
    assert d.events[0].user_name == "İrem Çelik"
    (row,) = _audits(db, d.id)
    assert row.action == "request.create" and row.subject_citizen_id == citizen
    assert row.new_values is not None
    assert row.new_values["reference"] == d.reference
    assert row.new_values["status"] == "FORWARDED"


def test_every_role_may_record_and_follow_requests(
    db: Database, admin: Actor, clerk: Actor, supervisor: Actor
) -> None:
    for actor in (admin, clerk, supervisor):
        d = _new(as_person(db, actor), actor)
        rq.add_note(as_person(db, actor), actor, d.id, d.version, "Not")
    assert ROLE_MATRIX[Action.RECORD_REQUEST] == ROLE_MATRIX[Action.FOLLOW_REQUEST]
    assert len(ROLE_MATRIX[Action.RECORD_REQUEST]) == 3


def test_anonymous_request_without_citizen_is_allowed(db: Database, clerk: Actor) -> None:
    d = _new(
        as_person(db, clerk),
        clerk,
        citizen_id=None,
        category=None,
        directorate="ZAB",
        channel="WHATSAPP",
    )
    assert d.citizen_id is None and d.citizen_name == "" and d.citizen_phone_display == ""
    assert d.directorate_name == "Zabıta Müdürlüğü"
    assert d.category_name == ""


# --- due dates ----------------------------------------------------------------------------


def test_due_date_from_category_else_directorate_else_15_off_weekends(db: Database) -> None:
    thursday = date(2025, 3, 6)
    water = _category(db, "Su arızası")  # 2 days -> Saturday -> Monday
    assert rq.due_date_for(db, water, None, thursday) == date(2025, 3, 10)
    assert rq.due_date_for(db, water, _directorate(db, "FEN"), date(2025, 3, 4)) == date(2025, 3, 6)
    with unit_of_work(db) as s:
        s.execute(update(Directorate).where(Directorate.short == "ZAB").values(due_days=4))
    assert rq.due_date_for(db, None, _directorate(db, "ZAB"), thursday) == date(2025, 3, 10)
    assert rq.due_date_for(db, None, None, thursday) == date(2025, 3, 21)  # a Friday


def test_created_request_gets_the_categorys_due_date(db: Database, clerk: Actor) -> None:
    thursday_evening = datetime(2025, 3, 6, 22, 30, tzinfo=UTC)  # Friday 01:30 in Çorum
    d = _new(as_person(db, clerk), clerk, category="Su arızası", now=thursday_evening)
    assert d.due_date == date(2025, 3, 10)  # Friday + 2 = Sunday -> Monday
    given_date = rq.create_request(
        db,
        clerk,
        RequestInput(
            citizen_id=None,
            directorate_id=_directorate(db, "FEN"),
            subject="X",
            due_date=date(2025, 4, 1),
        ),
        now=NOW,
    )
    assert given_date.due_date == date(2025, 4, 1)


@given(start=st.dates(date(2000, 1, 1), date(2100, 1, 1)), days=st.integers(0, 400))
def test_add_due_days_never_lands_on_a_weekend(start: date, days: int) -> None:
    due = rq.add_due_days(start, days)
    plain = start + timedelta(days=days)
    assert due.weekday() < 5
    assert 0 <= (due - plain).days <= 2
    if plain.weekday() < 5:
        assert due == plain


# --- validation ---------------------------------------------------------------------------


def test_validation_messages_name_the_field(db: Database, clerk: Actor) -> None:
    today = NOW.date()
    bad = RequestInput(
        citizen_id=None,
        channel_code="FAKS",
        subject="   ",
        due_date=today - timedelta(days=1),
    )
    errors = rq.validate_request(bad, today=today)
    assert set(errors) == {"konu", "kanal", "mudurluk", "son_tarih"}
    assert "Konu boş" in errors["konu"]
    assert "FAKS" in errors["kanal"]
    assert "04.03.2025" in errors["son_tarih"]
    assert rq.validate_request(RequestInput(None, subject="x" * 201, directorate_id=1))[
        "konu"
    ].startswith("Konu en fazla 200 karakter")
    good = RequestInput(None, subject="x" * 200, category_id=_category(db, "Su arızası"))
    assert rq.validate_request(good, today=today) == {}
    assert rq.validate_request(good, db, today=today) == {}
    unknown = RequestInput(999, subject="a", category_id=9999, directorate_id=9999)
    assert set(rq.validate_request(unknown, db)) == {"vatandas", "kategori", "mudurluk"}
    assert set(rq.validate_request(unknown)) == set()  # the form alone cannot know


def test_invalid_request_is_refused_and_nothing_is_written(db: Database, clerk: Actor) -> None:
    before = _counts(db)
    with pytest.raises(RequestInvalid) as info:
        rq.create_request(
            as_person(db, clerk), clerk, RequestInput(None, subject="", channel_code="X"), now=NOW
        )
    assert info.value.field == "konu"
    assert set(info.value.errors) == {"konu", "kanal", "mudurluk"}
    assert isinstance(info.value, ValidationError)
    assert _counts(db) == before
    with unit_of_work(db) as s:
        s.add(Category(name="Tanımsız", directorate_id=None, due_days=5, active=True))
    no_dir = RequestInput(None, subject="a", category_id=_category(db, "Tanımsız"))
    with pytest.raises(RequestInvalid) as info:
        rq.create_request(as_person(db, clerk), clerk, no_dir, now=NOW)
    assert info.value.field == "mudurluk"
    with read_only(db) as s:
        assert s.scalar(select(func.count()).select_from(ReferenceCounter)) == 0


# --- the state machine --------------------------------------------------------------------


def test_the_whole_life_of_a_request_through_the_services(db: Database, clerk: Actor) -> None:
    d = _new(as_person(db, clerk), clerk, now=NOW)
    d = rq.change_status(
        db,
        clerk,
        d.id,
        d.version,
        "IN_PROGRESS",
        note="Ekip yönlendirildi",
        now=NOW + timedelta(hours=1),
    )
    assert d.status == "IN_PROGRESS" and d.allowed_next == ("RESOLVED", "REJECTED")
    d = rq.add_note(
        as_person(db, clerk),
        clerk,
        d.id,
        d.version,
        "Müdürlük arandı",
        now=NOW + timedelta(hours=2),
    )
    d = rq.add_answer(
        as_person(db, clerk),
        clerk,
        d.id,
        d.version,
        "Kaldırım 10 Mart'ta onarılacak.",
        now=NOW + timedelta(days=1),
    )
    assert d.status == "RESOLVED" and d.answer_text == "Kaldırım 10 Mart'ta onarılacak."
    assert d.answered_at == NOW + timedelta(days=1)
    assert d.allowed_next == ("IN_PROGRESS", "CLOSED")
    d = rq.record_informed(
        as_person(db, clerk),
        clerk,
        d.id,
        d.version,
        "phone",
        "Vatandaş memnun",
        now=NOW + timedelta(days=1, hours=3),
    )
    assert d.informed_via == "phone" and d.informed_at == NOW + timedelta(days=1, hours=3)
    d = rq.change_status(
        as_person(db, clerk), clerk, d.id, d.version, "CLOSED", now=NOW + timedelta(days=2)
    )
    assert d.status == "CLOSED" and d.closed_at == NOW + timedelta(days=2)
    assert d.allowed_next == ()
    assert d.version == 6
    assert [(e.kind, e.kind_label, e.old_status, e.new_status) for e in d.events] == [
        ("FORWARDED", "Yönlendirildi", "NEW", "FORWARDED"),
        ("STATUS", "Durum değişti", "FORWARDED", "IN_PROGRESS"),
        ("NOTE", "Not", None, None),
        ("ANSWER", "Müdürlük cevabı", "IN_PROGRESS", "RESOLVED"),
        ("INFORMED", "Vatandaş bilgilendirildi", None, None),
        ("STATUS", "Durum değişti", "RESOLVED", "CLOSED"),
    ]
    assert [e.at for e in d.events] == sorted(e.at for e in d.events)
    assert d.events[1].text == "Ekip yönlendirildi"
    assert d.events[4].informed_via == "phone" and d.events[4].text == "Vatandaş memnun"
    # Nothing moves a closed request.
    with pytest.raises(InvalidTransition) as info:
        rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "IN_PROGRESS")
    assert info.value.field == "durum"
    with pytest.raises(InvalidTransition):
        rq.add_answer(as_person(db, clerk), clerk, d.id, d.version, "yeni cevap")
    with pytest.raises(InvalidTransition):
        rq.forward_request(as_person(db, clerk), clerk, d.id, d.version, _directorate(db, "ZAB"))


def test_every_move_of_the_state_machine_allowed_or_refused(db: Database, clerk: Actor) -> None:
    base = _new(as_person(db, clerk), clerk)
    for old in RequestStatus:
        for new in RequestStatus:
            for with_answer in (False, True):
                d = _new(as_person(db, clerk), clerk)
                version = _force(
                    db,
                    d.id,
                    status=old.value,
                    answer_text="Cevap" if with_answer else None,
                    answered_at=NOW if with_answer else None,
                )
                before = _counts(db)
                allowed = new in REQUEST_TRANSITIONS[old] and (
                    with_answer or not requires_written_answer(old, new)
                )
                if allowed:
                    after = rq.change_status(as_person(db, clerk), clerk, d.id, version, new.value)
                    assert after.status == new.value
                    assert after.version == version + 1
                    assert after.events[-1].kind == "STATUS"
                    assert (after.closed_at is not None) == (new is RequestStatus.CLOSED)
                else:
                    with pytest.raises(InvalidTransition) as info:
                        rq.change_status(as_person(db, clerk), clerk, d.id, version, new.value)
                    expected = "durum" if new not in REQUEST_TRANSITIONS[old] else "cevap"
                    assert info.value.field == expected, (old, new, with_answer)
                    assert _counts(db) == before
    assert base.id  # the first request was never touched
    with pytest.raises(ValidationError) as bogus:
        rq.change_status(as_person(db, clerk), clerk, base.id, base.version, "BOGUS")
    assert bogus.value.field == "durum"


def test_closing_without_an_answer_is_refused_and_writes_nothing(
    db: Database, clerk: Actor
) -> None:
    d = _new(as_person(db, clerk), clerk)
    d = rq.change_status(
        as_person(db, clerk), clerk, d.id, d.version, "REJECTED", note="Belediyenin görevi değil"
    )
    before = _counts(db)
    with pytest.raises(InvalidTransition) as info:
        rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "CLOSED")
    assert info.value.field == "cevap"
    assert _counts(db) == before
    assert rq.get_request(as_person(db, clerk), clerk, d.id, audit_read=False) == d
    with pytest.raises(InvalidTransition):
        rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "CLOSED", answer_text="   ")
    # With the written answer given on closing, it is recorded first, then the status.
    d = rq.change_status(
        as_person(db, clerk),
        clerk,
        d.id,
        d.version,
        "CLOSED",
        answer_text="Talep Karayolları'nın görev alanında.",
    )
    assert d.status == "CLOSED" and d.answer_text == "Talep Karayolları'nın görev alanında."
    assert [e.kind for e in d.events] == ["FORWARDED", "STATUS", "ANSWER", "STATUS"]
    assert d.events[2].old_status is None  # the answer itself changed no status


def test_resolving_needs_an_answer_and_answer_can_leave_status(db: Database, clerk: Actor) -> None:
    d = _new(as_person(db, clerk), clerk)
    with pytest.raises(InvalidTransition) as info:
        rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "RESOLVED")
    assert info.value.field == "cevap"
    d = rq.add_answer(
        as_person(db, clerk), clerk, d.id, d.version, "Ara cevap: inceleniyor", resolve=False
    )
    assert d.status == "FORWARDED" and d.answer_text == "Ara cevap: inceleniyor"
    d = rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "RESOLVED")
    assert d.status == "RESOLVED"
    with pytest.raises(ValidationError) as err:
        rq.add_answer(as_person(db, clerk), clerk, d.id, d.version, "  ")
    assert err.value.field == "cevap"
    with pytest.raises(ValidationError) as err:
        rq.add_note(as_person(db, clerk), clerk, d.id, d.version, "")
    assert err.value.field == "not"


def test_forwarding_routes_and_reroutes(db: Database, clerk: Actor) -> None:
    d = _new(as_person(db, clerk), clerk)
    version = _force(db, d.id, status="NEW", directorate_id=None)
    zab, tem = _directorate(db, "ZAB"), _directorate(db, "TEM")
    d = rq.forward_request(as_person(db, clerk), clerk, d.id, version, zab, "Zabıtaya")
    assert d.status == "FORWARDED" and d.directorate_id == zab
    assert d.events[-1].kind == "FORWARDED" and d.events[-1].new_status == "FORWARDED"
    assert d.events[-1].directorate_name == "Zabıta Müdürlüğü"
    with pytest.raises(ValidationError) as info:
        rq.forward_request(as_person(db, clerk), clerk, d.id, d.version, zab)
    assert info.value.field == "mudurluk"
    with pytest.raises(ValidationError) as info:
        rq.forward_request(as_person(db, clerk), clerk, d.id, d.version, 99999)
    assert info.value.field == "mudurluk"
    d = rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "IN_PROGRESS")
    d = rq.forward_request(as_person(db, clerk), clerk, d.id, d.version, tem, "Yanlış müdürlük")
    assert d.status == "IN_PROGRESS" and d.directorate_name == "Temizlik İşleri Müdürlüğü"
    assert (d.events[-1].old_status, d.events[-1].new_status) == ("IN_PROGRESS", "IN_PROGRESS")
    audit = _audits(db, d.id)[-1]
    assert audit.action == "request.forward"
    assert audit.old_values == {"directorate_id": zab, "version": 3}
    assert audit.new_values == {"directorate_id": tem, "version": 4, "note": "Yanlış müdürlük"}


# --- informing the citizen ----------------------------------------------------------------


def test_informed_within_and_after_48_hours(db: Database, clerk: Actor) -> None:
    answered = NOW + timedelta(days=1)
    citizen = _citizen(db, "Ayşe", "Işık", "+905321234567")
    flags = {}
    for hours in (1, 47, 48, 49, None):
        d = _new(as_person(db, clerk), clerk, citizen_id=citizen)
        d = rq.add_answer(as_person(db, clerk), clerk, d.id, d.version, "Cevap", now=answered)
        if hours is not None:
            d = rq.record_informed(
                as_person(db, clerk),
                clerk,
                d.id,
                d.version,
                "sms",
                now=answered + timedelta(hours=hours),
            )
        late_now = rq.get_request(
            as_person(db, clerk), clerk, d.id, audit_read=False, now=answered + timedelta(hours=72)
        ).inform_late
        early_now = rq.get_request(
            as_person(db, clerk), clerk, d.id, audit_read=False, now=answered + timedelta(hours=47)
        ).inform_late
        flags[hours] = (late_now, early_now)
    assert flags == {
        1: (False, False),
        47: (False, False),
        48: (False, False),  # exactly 48 hours is in time
        49: (True, True),
        None: (True, False),  # not informed yet: late only once 48 hours have passed
    }
    f = RequestFilter(inform_late_only=True)
    assert (
        rq.count_requests(as_person(db, clerk), clerk, f, now=answered + timedelta(hours=72)) == 2
    )
    assert (
        rq.count_requests(as_person(db, clerk), clerk, f, now=answered + timedelta(hours=47)) == 1
    )


def test_an_anonymous_request_has_nobody_to_inform_so_it_is_never_late(
    db: Database, clerk: Actor
) -> None:
    answered = NOW + timedelta(days=1)
    d = _new(as_person(db, clerk), clerk, citizen_id=None, channel="WHATSAPP")
    d = rq.add_answer(
        as_person(db, clerk), clerk, d.id, d.version, "Ekip yönlendirildi", now=answered
    )
    later = answered + timedelta(days=5)
    assert not rq.get_request(
        as_person(db, clerk), clerk, d.id, audit_read=False, now=later
    ).inform_late
    f = RequestFilter(inform_late_only=True)
    assert rq.count_requests(as_person(db, clerk), clerk, f, now=later) == 0
    (row,) = rq.list_requests(as_person(db, clerk), clerk, RequestFilter(), 0, 10, now=later)
    assert not row.inform_late


def test_informing_needs_an_answer_a_known_way_and_a_new_answer_needs_new_informing(
    db: Database, clerk: Actor
) -> None:
    d = _new(as_person(db, clerk), clerk)
    with pytest.raises(ValidationError) as info:
        rq.record_informed(as_person(db, clerk), clerk, d.id, d.version, "phone")
    assert info.value.field == "bilgilendirme"
    d = rq.add_answer(as_person(db, clerk), clerk, d.id, d.version, "İlk cevap", now=NOW)
    with pytest.raises(ValidationError) as info:
        rq.record_informed(as_person(db, clerk), clerk, d.id, d.version, "güvercin")
    assert info.value.field == "bilgilendirme"
    d = rq.record_informed(
        as_person(db, clerk), clerk, d.id, d.version, "in_person", now=NOW + timedelta(hours=2)
    )
    d = rq.record_informed(
        as_person(db, clerk), clerk, d.id, d.version, "letter", now=NOW + timedelta(hours=60)
    )
    assert d.informed_at == NOW + timedelta(hours=2) and d.informed_via == "in_person"
    assert not rq.get_request(
        as_person(db, clerk), clerk, d.id, audit_read=False, now=NOW + timedelta(days=9)
    ).inform_late
    assert rq.INFORMED_VIA_LABELS == {
        "phone": "Telefon",
        "sms": "SMS",
        "in_person": "Yüz yüze",
        "letter": "Yazılı",
    }
    d = rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "IN_PROGRESS")
    d = rq.add_answer(
        as_person(db, clerk),
        clerk,
        d.id,
        d.version,
        "Düzeltilmiş cevap",
        now=NOW + timedelta(days=3),
    )
    assert d.informed_at is None and d.informed_via is None
    assert [e.kind for e in d.events].count("INFORMED") == 2


# --- lists: every filter against an independent computation -------------------------------

TODAY = date(2025, 4, 10)
LIST_NOW = datetime(2025, 4, 10, 12, 0, tzinfo=TRT)
SUBJECTS = [
    "Işıklandırma arızası",
    "ÇÖP KONTEYNERİ TAŞTI",
    "İmar durumu soruldu",
    "ağaç budama talebi",
    "Su kesintisi %50_basınç",
    "Gürültü şikâyeti",
    "ışık direği eğildi",
]


def _dataset(db: Database, clerk: Actor, supervisor: Actor) -> dict[str, Any]:
    rng = random.Random(20250305)
    citizens = [
        _citizen(db, "Ali", "Öztürk"),
        _citizen(db, "Şule", "Çınar", "+905551112233"),
        _citizen(db, "İsmail", "Işık"),
    ]
    dirs = [_directorate(db, s) for s in ("FEN", "SKM", "TEM", "ZAB")]
    channels = ["DESK", "WEB", "CIMER", "WHATSAPP"]
    base = datetime(2025, 3, 1, 8, 0, tzinfo=TRT)
    tie = base + timedelta(days=10)
    for i in range(42):
        actor = supervisor if i % 3 == 0 else clerk
        created = tie if i % 7 == 0 else base + timedelta(days=rng.randint(0, 38), minutes=i)
        d = rq.create_request(
            as_person(db, actor),
            actor,
            RequestInput(
                citizen_id=rng.choice([*citizens, None]),
                channel_code=rng.choice(channels),
                directorate_id=rng.choice(dirs),
                subject=rng.choice(SUBJECTS),
            ),
            now=created,
        )
        path = i % 6
        at = created + timedelta(hours=1)
        if path >= 1:
            d = rq.change_status(
                as_person(db, actor), actor, d.id, d.version, "IN_PROGRESS", now=at
            )
        if path in (2, 3, 4):
            at += timedelta(hours=rng.choice([1, 30, 200]))
            d = rq.add_answer(as_person(db, actor), actor, d.id, d.version, "Cevap", now=at)
        if path in (3, 4):
            at += timedelta(hours=rng.choice([2, 47, 49, 120]))
            d = rq.record_informed(as_person(db, actor), actor, d.id, d.version, "phone", now=at)
        if path == 4:
            d = rq.change_status(as_person(db, actor), actor, d.id, d.version, "CLOSED", now=at)
        if path == 5:
            d = rq.change_status(as_person(db, actor), actor, d.id, d.version, "REJECTED", now=at)
    with read_only(db) as s:
        rows = [r._asdict() for r in s.execute(select(Request.__table__))]
        channel_ids = {r.code: r.id for r in s.execute(select(Channel.code, Channel.id))}
    return {"rows": rows, "citizens": citizens, "dirs": dirs, "channels": channel_ids}


def _reference_typed(text: str) -> str | None:
    compact = re.sub(r"[\s\-_/.]", "", text.upper())
    match = re.fullmatch(r"GK(\d{4})(\d+)", compact)
    return f"GK-{match[1]}-{int(match[2]):06d}" if match else None


def _expected(f: RequestFilter, data: dict[str, Any], actor: Actor) -> list[int]:
    def keep(r: dict[str, Any]) -> bool:
        local_day = r["created_at"].astimezone(TRT).date()
        answered, informed = r["answered_at"], r["informed_at"]
        late = (
            answered is not None
            and r["citizen_id"] is not None
            and (
                (informed is None and LIST_NOW - answered > timedelta(hours=48))
                or (informed is not None and informed - answered > timedelta(hours=48))
            )
        )
        text = fold(f.text)
        return all(
            [
                not f.statuses or r["status"] in f.statuses,
                f.directorate_id is None or r["directorate_id"] == f.directorate_id,
                f.channel_code is None or r["channel_id"] == data["channels"].get(f.channel_code),
                not f.overdue_only or (r["status"] in OPEN and r["due_date"] < TODAY),
                not f.inform_late_only or late,
                not f.mine or r["created_by_id"] == actor.user_id,
                f.date_from is None or local_day >= f.date_from,
                f.date_to is None or local_day <= f.date_to,
                f.citizen_id is None or r["citizen_id"] == f.citizen_id,
                not text
                or (
                    r["reference"] == _reference_typed(f.text)
                    if _reference_typed(f.text)
                    else text in fold(r["subject"])
                ),
            ]
        )

    rows = sorted(
        (r for r in data["rows"] if keep(r)), key=lambda r: (r["created_at"], r["id"]), reverse=True
    )
    return [r["id"] for r in rows]


def _check(db: Database, actor: Actor, f: RequestFilter, data: dict[str, Any]) -> int:
    expected = _expected(f, data, actor)
    assert rq.count_requests(db, actor, f, today=TODAY, now=LIST_NOW) == len(expected), f
    rows = rq.list_requests(db, actor, f, 0, 1000, today=TODAY, now=LIST_NOW)
    assert [r.id for r in rows] == expected, f
    return len(expected)


@pytest.fixture
def dataset(db: Database, clerk: Actor, supervisor: Actor) -> dict[str, Any]:
    return _dataset(as_person(db, clerk), clerk, supervisor)


def test_every_filter_matches_an_independent_count(
    db: Database, clerk: Actor, supervisor: Actor, dataset: dict[str, Any]
) -> None:
    c1, c2, _ = dataset["citizens"]
    fen = dataset["dirs"][0]
    filters = [
        RequestFilter(),
        RequestFilter(statuses=("FORWARDED",)),
        RequestFilter(statuses=("RESOLVED", "CLOSED")),
        RequestFilter(directorate_id=fen),
        RequestFilter(channel_code="WEB"),
        RequestFilter(channel_code="NOPE"),
        RequestFilter(overdue_only=True),
        RequestFilter(inform_late_only=True),
        RequestFilter(mine=True),
        RequestFilter(date_from=date(2025, 3, 11), date_to=date(2025, 3, 20)),
        RequestFilter(date_from=date(2025, 3, 11), date_to=date(2025, 3, 11)),
        RequestFilter(citizen_id=c2),
        RequestFilter(text="ışık"),
        RequestFilter(text="IŞIK"),
        RequestFilter(text="çöp konteyneri"),
        RequestFilter(text="%50_"),
        RequestFilter(text="gk 2025 7"),
        RequestFilter(text="GK-2025-000012"),
        RequestFilter(overdue_only=True, directorate_id=fen, mine=True),
        RequestFilter(statuses=("IN_PROGRESS",), citizen_id=c1, channel_code="DESK"),
    ]
    sizes = [
        _check(as_person(db, actor), actor, f, dataset)
        for f in filters
        for actor in (clerk, supervisor)
    ]
    assert all(size > 0 for size in sizes[:5])  # the data set really exercises the filters
    assert sizes[10] == 0  # NOPE
    for i in (12, 14, 16, 24, 26, 28, 32, 34):
        assert sizes[i] > 0, filters[i // 2]
    assert _expected(RequestFilter(text="gk 2025 7"), dataset, clerk) == [
        r["id"] for r in dataset["rows"] if r["reference"] == "GK-2025-000007"
    ]
    # The row flags follow the same rules as the filters.
    all_rows = rq.list_requests(
        as_person(db, clerk), clerk, RequestFilter(), 0, 1000, today=TODAY, now=LIST_NOW
    )
    overdue = set(_expected(RequestFilter(overdue_only=True), dataset, clerk))
    late = set(_expected(RequestFilter(inform_late_only=True), dataset, clerk))
    assert {r.id for r in all_rows if r.overdue} == overdue
    assert {r.id for r in all_rows if r.inform_late} == late
    assert overdue and late


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_filter_combinations_match_an_independent_count(
    db: Database, clerk: Actor, dataset: dict[str, Any], data: st.DataObject
) -> None:
    day = st.dates(date(2025, 2, 27), date(2025, 4, 12))
    f = data.draw(
        st.builds(
            RequestFilter,
            statuses=st.lists(st.sampled_from([s.value for s in RequestStatus]), max_size=3).map(
                tuple
            ),
            directorate_id=st.none() | st.sampled_from(dataset["dirs"]),
            channel_code=st.none() | st.sampled_from(["DESK", "WEB", "CIMER", "WHATSAPP"]),
            overdue_only=st.booleans(),
            inform_late_only=st.booleans(),
            mine=st.booleans(),
            date_from=st.none() | day,
            date_to=st.none() | day,
            citizen_id=st.none() | st.sampled_from(dataset["citizens"]),
            text=st.sampled_from(["", "ışık", "su", "İMAR", "a"]),
        )
    )
    _check(as_person(db, clerk), clerk, f, dataset)


def test_paging_returns_every_row_once_in_order(
    db: Database, clerk: Actor, dataset: dict[str, Any]
) -> None:
    for f in (RequestFilter(), RequestFilter(statuses=("IN_PROGRESS", "FORWARDED"))):
        expected = _expected(f, dataset, clerk)
        by_offset: list[int] = []
        while True:
            page = rq.list_requests(
                as_person(db, clerk), clerk, f, len(by_offset), 5, today=TODAY, now=LIST_NOW
            )
            if not page:
                break
            by_offset += [r.id for r in page]
        assert by_offset == expected
        by_key: list[int] = []
        after = None
        while True:
            page = rq.list_requests_after(
                as_person(db, clerk), clerk, f, after, 4, today=TODAY, now=LIST_NOW
            )
            if not page:
                break
            by_key += [r.id for r in page]
            after = (page[-1].created_at, page[-1].id)
        assert by_key == expected
    first = rq.list_requests(
        as_person(db, clerk), clerk, RequestFilter(), 0, 1, today=TODAY, now=LIST_NOW
    )[0]
    assert first.reference.startswith("GK-2025-")
    assert first.status_label and first.channel_name and first.directorate_short


def test_a_marked_count_gives_the_count_and_checkpoints_every_page_starts_after(
    db: Database, clerk: Actor, dataset: dict[str, Any]
) -> None:
    """Filters no index holds (a word of the subject, informed too late) count with the key of
    every n-th row; the page read after each checkpoint is the page at that offset. Other
    filters count plainly, without checkpoints."""
    seen = 0
    for f in (
        RequestFilter(text="a"),
        RequestFilter(inform_late_only=True),
        RequestFilter(text="ı", statuses=("IN_PROGRESS", "CLOSED")),
    ):
        expected = _expected(f, dataset, clerk)
        rows = rq.list_requests(db, clerk, f, 0, 1000, today=TODAY, now=LIST_NOW)
        assert [r.id for r in rows] == expected, f
        total, marks = rq.count_requests_marked(db, clerk, f, 3, today=TODAY, now=LIST_NOW)
        assert total == len(expected), f
        assert marks == [(r.created_at, r.id) for r in rows[2::3]], f
        for k, mark in enumerate(marks):
            page = rq.list_requests_after(db, clerk, f, mark, 3, today=TODAY, now=LIST_NOW)
            assert [r.id for r in page] == expected[(k + 1) * 3 : (k + 2) * 3], (f, k)
        seen += len(marks)
    assert seen >= 5  # the dataset gives each filter a few pages
    plain = RequestFilter(statuses=("CLOSED",))
    assert rq.count_requests_marked(db, clerk, plain, 3, today=TODAY, now=LIST_NOW) == (
        len(_expected(plain, dataset, clerk)),
        [],
    )
    reference = dataset["rows"][5]["reference"]
    assert rq.count_requests_marked(db, clerk, RequestFilter(text=reference), 3) == (1, [])


# --- optimistic locking between desks -----------------------------------------------------


def test_second_desk_gets_the_first_desks_version_and_writes_nothing(
    db_url: str, clerk: Actor, supervisor: Actor
) -> None:
    desk_a, desk_b = Database(db_url), Database(db_url)
    try:
        d = _new(desk_a, clerk)
        seen_a = rq.get_request(desk_a, clerk, d.id)
        seen_b = rq.get_request(desk_b, supervisor, d.id)
        assert seen_a == seen_b
        after_a = rq.add_note(desk_a, clerk, d.id, seen_a.version, "A masası aradı")
        before = _counts(desk_b)
        with pytest.raises(RequestConflict) as info:
            rq.add_answer(desk_b, supervisor, d.id, seen_b.version, "B masasının cevabı")
        assert info.value.current == after_a
        assert info.value.current.events[-1].text == "A masası aradı"
        assert "başka bir masada" in info.value.message
        assert _counts(desk_b) == before
        now = rq.get_request(desk_b, supervisor, d.id, audit_read=False)
        assert now.answer_text is None and now == after_a
        assert [a.action for a in _audits(desk_b, d.id)].count("request.answer") == 0
        # Every action checks the version.
        for call in (
            lambda: rq.forward_request(desk_b, supervisor, d.id, 1, _directorate(desk_b, "ZAB")),
            lambda: rq.add_note(desk_b, supervisor, d.id, 1, "x"),
            lambda: rq.change_status(desk_b, supervisor, d.id, 1, "IN_PROGRESS"),
            lambda: rq.record_informed(desk_b, supervisor, d.id, 1, "sms"),
        ):
            with pytest.raises(RequestConflict):
                call()
        assert _counts(desk_b) == before
        # With the current version the second desk can go on.
        again = rq.add_answer(desk_b, supervisor, d.id, info.value.current.version, "Cevap")
        assert again.version == after_a.version + 1
    finally:
        desk_a.dispose()
        desk_b.dispose()


def test_stale_data_error_becomes_request_conflict(db: Database, clerk: Actor) -> None:
    d = _new(as_person(db, clerk), clerk)

    def sneak(_mapper: Any, connection: Any, target: Request) -> None:
        # Another writer raises the version between our check and our UPDATE.
        connection.execute(
            update(Request).where(Request.id == target.id).values(version=Request.version + 1)
        )

    event.listen(Request, "before_update", sneak)
    try:
        before = _counts(db)
        with pytest.raises(RequestConflict) as info:
            rq.add_note(as_person(db, clerk), clerk, d.id, d.version, "kaybolmamalı")
    finally:
        event.remove(Request, "before_update", sneak)
    assert _counts(db) == before
    assert info.value.current.version == d.version  # the sneaky write was rolled back too
    assert [e.kind for e in info.value.current.events] == ["FORWARDED"]


def _desk_process(
    url: str, user: dict[str, Any], request_id: int, version: int, barrier: Any, index: int
) -> tuple[str, int]:
    from desk_app.domain.states import Role

    db = Database(url)
    actor = Actor(user_id=user["id"], username=user["username"], role=Role(user["role"]))
    barrier.wait()
    try:
        d = rq.add_note(db, actor, request_id, version, f"masa {index}")
        return ("ok", d.version)
    except RequestConflict as exc:
        return ("conflict", exc.current.version)
    finally:
        db.dispose()


def test_desks_in_separate_processes_one_wins_the_rest_see_its_version(
    db: Database, db_url: str, clerk: Actor
) -> None:
    d = _new(as_person(db, clerk), clerk)
    ctx = mp.get_context("spawn")
    workers = 4
    with ctx.Manager() as manager:
        barrier = manager.Barrier(workers)
        user = {"id": clerk.user_id, "username": clerk.username, "role": clerk.role.value}
        with ctx.Pool(workers) as pool:
            results = pool.starmap(
                _desk_process,
                [(db_url, user, d.id, d.version, barrier, i) for i in range(workers)],
            )
    assert sorted(r[0] for r in results) == ["conflict"] * (workers - 1) + ["ok"]
    assert {r[1] for r in results} == {d.version + 1}
    final = rq.get_request(as_person(db, clerk), clerk, d.id, audit_read=False)
    assert [e.kind for e in final.events] == ["FORWARDED", "NOTE"]


# --- audit trail and change detection -----------------------------------------------------


def test_every_write_is_audited_with_old_and_new_values(db: Database, clerk: Actor) -> None:
    citizen = _citizen(db, "Fatma", "Güneş")
    d = _new(as_person(db, clerk), clerk, citizen_id=citizen)
    d = rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "IN_PROGRESS")
    d = rq.add_note(as_person(db, clerk), clerk, d.id, d.version, "Arandı")
    d = rq.add_answer(as_person(db, clerk), clerk, d.id, d.version, "Onarıldı", now=NOW)
    d = rq.record_informed(
        as_person(db, clerk), clerk, d.id, d.version, "phone", now=NOW + timedelta(hours=1)
    )
    d = rq.change_status(
        as_person(db, clerk), clerk, d.id, d.version, "CLOSED", now=NOW + timedelta(hours=2)
    )
    rq.get_request(as_person(db, clerk), clerk, d.id)
    rows = _audits(db, d.id)
    assert [r.action for r in rows] == [
        "request.create",
        "request.status",
        "request.note",
        "request.answer",
        "request.informed",
        "request.status",
        "request.view",
    ]
    assert all(r.subject_citizen_id == citizen and r.user_id == clerk.user_id for r in rows)
    for r in rows[1:6]:
        assert r.old_values is not None and r.new_values is not None
        assert r.new_values["version"] == r.old_values["version"] + 1
    assert rows[1].old_values == {"status": "FORWARDED", "version": 1}
    assert rows[1].new_values == {"status": "IN_PROGRESS", "version": 2}
    assert rows[2].new_values == {"version": 3, "note": "Arandı"}
    assert rows[3].old_values == {
        "status": "IN_PROGRESS",
        "answer_text": None,
        "answered_at": None,
        "version": 3,
    }
    assert rows[3].new_values is not None
    assert rows[3].new_values["status"] == "RESOLVED"
    assert rows[3].new_values["answer_text"] == "Onarıldı"
    assert rows[4].new_values is not None and rows[4].new_values["informed_via"] == "phone"
    assert rows[5].new_values is not None
    assert rows[5].new_values["status"] == "CLOSED" and rows[5].new_values["closed_at"]


def test_change_marker_moves_on_every_write_only(db: Database, clerk: Actor) -> None:
    m0 = rq.change_marker(db)
    d = _new(as_person(db, clerk), clerk)
    m1 = rq.change_marker(db)
    assert m1 != m0
    rq.get_request(as_person(db, clerk), clerk, d.id, audit_read=False)
    rq.list_requests(as_person(db, clerk), clerk, RequestFilter(), 0, 10)
    assert rq.change_marker(db) == m1
    with pytest.raises(InvalidTransition):
        rq.change_status(as_person(db, clerk), clerk, d.id, d.version, "CLOSED")
    assert rq.change_marker(db) == m1
    rq.add_note(as_person(db, clerk), clerk, d.id, d.version, "not")
    assert rq.change_marker(db) > m1


def test_missing_request_is_reported(db: Database, clerk: Actor) -> None:
    from desk_app.domain.errors import NotFound

    with pytest.raises(NotFound):
        rq.get_request(as_person(db, clerk), clerk, 12345)
    with pytest.raises(NotFound):
        rq.add_note(as_person(db, clerk), clerk, 12345, 1, "x")


def test_text_search_folds_the_turkish_way(db: Database, clerk: Actor) -> None:
    ids = {
        subject: _new(as_person(db, clerk), clerk, subject=subject).id
        for subject in ("IRMAK KENARI", "İZMİR YOLU", "Işık yok", "50% indirim_talebi")
    }

    def found(text: str) -> set[str]:
        rows = rq.list_requests(as_person(db, clerk), clerk, RequestFilter(text=text), 0, 100)
        assert rq.count_requests(as_person(db, clerk), clerk, RequestFilter(text=text)) == len(rows)
        return {subject for subject, i in ids.items() if i in {r.id for r in rows}}

    assert found("ırmak") == {"IRMAK KENARI"}
    assert found("irmak") == set()  # I is ı in Turkish, never i
    assert found("İzmir") == found("izmir") == {"İZMİR YOLU"}
    assert found("IŞIK") == found("ışık") == {"Işık yok"}
    assert found("%") == found("m_t") == {"50% indirim_talebi"}
    assert found("  yok  ") == {"Işık yok"}
    assert found("GK-2025-000002") == found("gk2025 2") == {"İZMİR YOLU"}

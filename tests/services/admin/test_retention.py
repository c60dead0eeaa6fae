"""KVKK retention: what is due, what is anonymised and what stays, the statistics before and
after, the audit trail scrubbed, the destruction record and its life, dry run, one transaction,
permissions and the command line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import undefer

from desk_app.cli import main
from desk_app.db import Database
from desk_app.domain.errors import PermissionDenied
from desk_app.domain.text import fold
from desk_app.models import (
    Address,
    ApplicationEvent,
    AuditLog,
    BabySetApplication,
    Category,
    Channel,
    Citizen,
    ContactObservation,
    Delivery,
    DeliveryAttempt,
    DestructionRecord,
    Request,
    RequestEvent,
    Team,
    TeamDay,
)
from desk_app.services import audit
from desk_app.services import requests as rq
from desk_app.services.admin import retention, settings
from desk_app.services.admin.retention import REDACTED, run_retention, years_before
from desk_app.services.citizens.search import search_citizens
from desk_app.services.context import Actor
from desk_app.services.reporting.summary import make_period, summarize
from desk_app.services.requests import RequestFilter
from desk_app.services.uow import read_only, unit_of_work
from tests.people import as_person

NOW = datetime(2025, 6, 16, 9, 0, tzinfo=UTC)
TC_OLD = "10000000146"
TC_MIXED = "10000000078"
TC_RECENT = "10000000222"
TC_CANCELLED = "10000000300"


def _ago(years: float, days: int = 0) -> datetime:
    return NOW - timedelta(days=int(365.25 * years) + days)


@dataclass
class World:
    old: int  # everything finished 6-7 years ago: anonymised
    mixed: int  # an old closed request and an open one: the citizen stays
    recent: int  # closed a year ago: untouched
    cancelled: int  # an application cancelled 6 years ago: anonymised
    old_request: int
    old_request_2: int
    open_request: int
    recent_request: int
    anonymous_request: int
    delivered_app: int
    cancelled_app: int
    live_app: int
    delivery: int


def _citizen(s: Any, first: str, last: str, tc: str, at: datetime, phone: str) -> Citizen:
    c = Citizen(
        tc_kimlik_no=tc,
        first_name=first,
        last_name=last,
        name_folded=fold(f"{first} {last}"),
        last_name_folded=fold(last),
        phone_e164=phone,
        phone_reversed=phone[::-1].lstrip("+"),
        email=f"{fold(first)}@example.org",
        notes=f"{first} hanım bastonla geliyor",
        created_at=at,
        updated_at=at,
    )
    s.add(c)
    s.flush()
    s.add(
        Address(
            citizen_id=c.id,
            mahalle_text="Ulukavak",
            street="Mimar Sinan Cad.",
            building_no="14",
            apartment_no="3",
            valid_from=at,
        )
    )
    return c


def _request(
    s: Any,
    ref: str,
    citizen_id: int | None,
    created: datetime,
    status: str,
    *,
    closed: datetime | None = None,
    channel: int,
    category: int,
) -> Request:
    answered = created + timedelta(days=3) if status != "NEW" else None
    r = Request(
        reference=ref,
        citizen_id=citizen_id,
        channel_id=channel,
        category_id=category,
        subject="Kapı önündeki çukur",
        description="Ayşe Hanım'ın evinin önündeki çukur, 0532 111 22 33",
        status=status,
        due_date=(created + timedelta(days=15)).date(),
        answer_text="Fen İşleri onardı" if answered else None,
        answered_at=answered,
        informed_at=answered + timedelta(hours=5) if answered else None,
        informed_via="phone" if answered else None,
        closed_at=closed,
        created_at=created,
        updated_at=closed or answered or created,
    )
    s.add(r)
    s.flush()
    s.add(RequestEvent(request_id=r.id, at=created, kind="NOTE", text="Komşusu Fatma da şikayetçi"))
    if answered:
        s.add(RequestEvent(request_id=r.id, at=answered, kind="ANSWER", text="Onarıldı"))
    audit.record(
        s,
        None,
        "request.create",
        "request",
        r.id,
        new={"description": r.description},
        subject_citizen_id=citizen_id,
        username="irem",
    )
    return r


def _application(
    s: Any,
    ref: str,
    citizen_id: int,
    applied: date,
    status: str,
    *,
    changed: datetime,
    channel: int,
    delivered: datetime | None = None,
) -> BabySetApplication:
    a = BabySetApplication(
        reference=ref,
        citizen_id=citizen_id,
        channel_id=channel,
        applied_at=applied,
        phone_e164="+905321112233",
        baby_first_name="Elif",
        baby_last_name="Yılmaz",
        baby_name_folded="elif yilmaz",
        baby_birth_date=applied - timedelta(days=20),
        baby_tc_kimlik_no="10000000484" if status == "DELIVERED" else None,
        baby_key=f"key-{ref}",
        status=status,
        eligible=True,
        eligibility_evidence={"mahalle": "Ulukavak", "baby_age_days": 20},
        cancel_reason="Aile Ankara'ya taşındı" if status == "CANCELLED" else None,
        delivered_at=delivered,
        created_at=datetime.combine(applied, datetime.min.time(), UTC),
        updated_at=changed,
    )
    s.add(a)
    s.flush()
    s.add(
        ApplicationEvent(
            application_id=a.id,
            at=changed,
            kind="STATUS",
            new_status=status,
            text="Elif bebek için başvuru",
            data={"phone": "+905321112233"},
        )
    )
    audit.record(
        s,
        None,
        "application.create",
        "babyset_application",
        a.id,
        new={"baby": "Elif Yılmaz"},
        subject_citizen_id=citizen_id,
        username="irem",
    )
    return a


def build_world(db: Database) -> World:
    with unit_of_work(db) as s:
        channel = s.scalar(select(Channel.id).order_by(Channel.id))
        category = s.scalar(select(Category.id).order_by(Category.id))
        assert channel and category
        old = _citizen(s, "Ayşe", "Öztürk", TC_OLD, _ago(8), "+905321112233")
        mixed = _citizen(s, "Şule", "Işık", TC_MIXED, _ago(8), "+905329998877")
        recent = _citizen(s, "Gül", "Çelik", TC_RECENT, _ago(2), "+905324445566")
        cancelled = _citizen(s, "İpek", "Ünal", TC_CANCELLED, _ago(8), "+905327778899")
        kw: dict[str, Any] = {"channel": channel, "category": category}
        r1 = _request(s, "GK-2018-000001", old.id, _ago(7), "CLOSED", closed=_ago(7, -10), **kw)
        r2 = _request(s, "GK-2018-000002", mixed.id, _ago(7), "REJECTED", **kw)
        r3 = _request(s, "GK-2025-000003", mixed.id, _ago(0, 20), "FORWARDED", **kw)
        r4 = _request(s, "GK-2024-000004", recent.id, _ago(1), "CLOSED", closed=_ago(1, -5), **kw)
        r5 = _request(s, "GK-2018-000005", None, _ago(7), "CLOSED", closed=_ago(7, -4), **kw)
        applied = _ago(6, 30).date()
        delivered_at = _ago(6)
        a1 = _application(
            s,
            "HGB-2019-00001",
            old.id,
            applied,
            "DELIVERED",
            changed=delivered_at,
            delivered=delivered_at,
            channel=channel,
        )
        team = Team(name="Ekip 1")
        s.add(team)
        s.flush()
        day = TeamDay(team_id=team.id, day=delivered_at.date(), capacity=5, booked=1)
        s.add(day)
        s.flush()
        d = Delivery(
            application_id=a1.id,
            kind="HOME",
            team_day_id=day.id,
            scheduled_date=delivered_at.date(),
            status="DONE",
        )
        s.add(d)
        s.flush()
        s.add(
            DeliveryAttempt(
                delivery_id=d.id,
                at=delivered_at,
                outcome="DELIVERED",
                received_by="Ayşe Öztürk",
                relation="Anne",
                note="Kapıda teslim, Ayşe Hanım imzaladı",
            )
        )
        a2 = _application(
            s,
            "HGB-2019-00002",
            cancelled.id,
            applied,
            "CANCELLED",
            changed=_ago(6),
            channel=channel,
        )
        a3 = _application(
            s,
            "HGB-2025-00003",
            recent.id,
            _ago(0, 10).date(),
            "APPROVED",
            changed=_ago(0, 9),
            channel=channel,
        )
        # Superseded six years ago: cleared, unless a live application still points at it.
        moved_out = [
            Address(
                citizen_id=cid,
                mahalle_text="Çepni",
                street="Eski Bağlar Sok.",
                building_no="7",
                valid_from=_ago(8),
                valid_to=_ago(6),
            )
            for cid in (mixed.id, recent.id)
        ]
        s.add_all(moved_out)
        s.flush()
        a3.address_id = moved_out[1].id
        s.add(
            ContactObservation(
                citizen_id=old.id,
                source="web_import",
                observed_at=_ago(6, 40),
                web_reference="W-1",
                field="phone",
                observed={"phone_e164": "+905321112299"},
                current={"phone_e164": "+905321112233"},
            )
        )
        for c in (old, mixed, recent, cancelled):
            audit.record(
                s,
                None,
                "citizen.update",
                "citizen",
                c.id,
                old={"first_name": c.first_name, "tc_kimlik_no": c.tc_kimlik_no},
                new={"phone_e164": c.phone_e164},
                subject_citizen_id=c.id,
                username="irem",
            )
            audit.record(
                s, None, "citizen.view", "citizen", c.id, subject_citizen_id=c.id, username="sefik"
            )
        return World(
            old=old.id,
            mixed=mixed.id,
            recent=recent.id,
            cancelled=cancelled.id,
            old_request=r1.id,
            old_request_2=r2.id,
            open_request=r3.id,
            recent_request=r4.id,
            anonymous_request=r5.id,
            delivered_app=a1.id,
            cancelled_app=a2.id,
            live_app=a3.id,
            delivery=d.id,
        )


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = [
        "citizen",
        "address",
        "contact_observation",
        "request",
        "request_event",
        "babyset_application",
        "application_event",
        "delivery",
        "delivery_attempt",
        "audit_log",
        "destruction_record",
    ]
    with read_only(db) as s:
        return {
            t: [tuple(r) for r in s.execute(text(f"SELECT * FROM {t} ORDER BY id"))] for t in tables
        }


def _all_text(db: Database) -> str:
    return json.dumps(_dump(db), ensure_ascii=False, default=str)


def _summaries(db: Database, actor: Actor) -> list[Any]:
    periods = [make_period("year", year=y) for y in range(2017, 2026)]
    periods.append(make_period("custom", start=date(2018, 1, 1), end=date(2020, 12, 31)))
    return [summarize(db, actor, p, now=NOW) for p in periods]


@pytest.fixture
def world(db: Database, admin: Actor) -> World:
    return build_world(db)


# --- the rule ---------------------------------------------------------------------------


def test_dry_run_counts_and_writes_nothing(db: Database, admin: Actor, world: World) -> None:
    before = _dump(db)
    dry = run_retention(as_person(db, admin), admin, dry_run=True, now=NOW)
    assert dry.dry_run and dry.record_id is None
    assert _dump(db) == before
    assert dry.counts["requests"] == 3  # r1, r2 (rejected 7 years ago), the anonymous r5
    assert dry.counts["applications"] == 2
    assert dry.counts["citizens"] == 2
    real = run_retention(as_person(db, admin), admin, now=NOW)
    assert real.counts == dry.counts
    assert real.cutoff == years_before(NOW, 5) == datetime(2020, 6, 16, 9, 0, tzinfo=UTC)


def test_personal_data_goes_and_statistics_stay(
    db: Database, admin: Actor, supervisor: Actor, world: World
) -> None:
    figures = _summaries(as_person(db, supervisor), supervisor)
    assert sum(f.requests.total for f in figures) > 0
    assert sum(f.pipeline.delivered_in_period + f.pipeline.applied for f in figures) > 0
    result = run_retention(as_person(db, admin), admin, now=NOW)
    assert _summaries(as_person(db, supervisor), supervisor) == figures
    assert result.counts == {
        "requests": 3,
        "request_events": 6,
        "applications": 2,
        "application_events": 2,
        "delivery_attempts": 1,
        "addresses": 3,
        "contact_observations": 1,
        "citizens": 2,
        "audit_rows": result.counts["audit_rows"],
    }
    with read_only(db) as s:
        old = s.get(Citizen, world.old, options=[undefer(Citizen.tc_kimlik_no)])
        assert old is not None and old.anonymised_at == NOW
        assert (old.first_name, old.last_name, old.tc_kimlik_no, old.phone_e164) == (
            "Anonim",
            "",
            None,
            None,
        )
        assert old.email is None and old.notes is None and old.phone_reversed is None
        for cid in (world.mixed, world.recent):
            kept = s.get(Citizen, cid, options=[undefer(Citizen.tc_kimlik_no)])
            assert kept is not None and kept.anonymised_at is None and kept.tc_kimlik_no
        addresses = s.scalars(select(Address).where(Address.citizen_id == world.old)).all()
        assert [(a.street, a.building_no, a.apartment_no, a.mahalle_text) for a in addresses] == [
            ("", "", "", "Ulukavak")
        ]
        moved = s.scalars(select(Address).where(Address.mahalle_text == "Çepni")).all()
        assert sorted((a.citizen_id, a.street) for a in moved) == [
            (world.mixed, ""),
            (world.recent, "Eski Bağlar Sok."),
        ]
        r1 = s.get(Request, world.old_request)
        assert r1 is not None
        assert (r1.subject, r1.description, r1.answer_text) == (REDACTED, "", REDACTED)
        assert r1.subject_folded == fold(REDACTED)  # the word filter's key follows the subject
        assert r1.citizen_id == world.old and r1.status == "CLOSED" and r1.answered_at
        assert {
            e.text for e in s.scalars(select(RequestEvent).where(RequestEvent.request_id == r1.id))
        } == {REDACTED}
        for rid in (world.open_request, world.recent_request):
            kept_r = s.get(Request, rid)
            assert kept_r is not None and kept_r.description.startswith("Ayşe Hanım")
        a1 = s.get(
            BabySetApplication,
            world.delivered_app,
            options=[
                undefer(BabySetApplication.baby_tc_kimlik_no),
                undefer(BabySetApplication.baby_key),
            ],
        )
        assert a1 is not None
        assert (a1.baby_first_name, a1.baby_tc_kimlik_no, a1.phone_e164) == ("Anonim", None, None)
        assert a1.baby_key == f"anon:{a1.id}" and a1.baby_birth_date.day == 1
        assert a1.eligibility_evidence is None and a1.status == "DELIVERED"
        a2 = s.get(BabySetApplication, world.cancelled_app)
        assert a2 is not None and a2.cancel_reason == REDACTED
        a3 = s.get(BabySetApplication, world.live_app)
        assert a3 is not None and a3.baby_first_name == "Elif"
        attempt = s.scalars(select(DeliveryAttempt)).one()
        assert attempt.received_by is None and attempt.note == REDACTED
        assert attempt.outcome == "DELIVERED" and attempt.relation == "Anne"
        obs = s.scalars(select(ContactObservation)).one()
        assert obs.observed == {} and obs.current is None and obs.reviewed_at == NOW
    everything = _all_text(db)
    for secret in (
        TC_OLD,
        TC_CANCELLED,
        "Öztürk",
        "Ünal",
        "Ankara",
        "+905321112299",
        "10000000484",
    ):
        assert secret not in everything, secret
    for kept_secret in (TC_MIXED, TC_RECENT, "Işık", "Çelik"):
        assert kept_secret in everything
    # The request list's word filter (its index too) no longer finds the old subject.
    by_word = rq.list_requests(
        as_person(db, supervisor), supervisor, RequestFilter(text="ÇUKUR"), 0, 100
    )
    assert {r.id for r in by_word} == {world.open_request, world.recent_request}
    redacted = rq.list_requests(
        as_person(db, supervisor), supervisor, RequestFilter(text="anonimleş"), 0, 100
    )
    assert {r.id for r in redacted} == {
        world.old_request,
        world.old_request_2,
        world.anonymous_request,
    }
    # Search no longer finds the person; the others are still found.
    assert search_citizens(as_person(db, supervisor), supervisor, "Ayşe Öztürk") == []
    assert [
        h.citizen_id for h in search_citizens(as_person(db, supervisor), supervisor, TC_MIXED)
    ] == [world.mixed]


def test_audit_rows_keep_who_did_what_but_not_the_values(
    db: Database, admin: Actor, world: World
) -> None:
    run_retention(as_person(db, admin), admin, now=NOW)
    with read_only(db) as s:
        about_old = s.scalars(
            select(AuditLog).where(AuditLog.subject_citizen_id == world.old).order_by(AuditLog.id)
        ).all()
        assert {(r.action, r.username) for r in about_old} >= {
            ("citizen.update", "irem"),
            ("citizen.view", "sefik"),
            ("request.create", "irem"),
            ("application.create", "irem"),
        }
        assert all(r.old_values is None and r.new_values is None for r in about_old)
        anonymous = s.scalars(
            select(AuditLog).where(
                AuditLog.entity == "request", AuditLog.entity_id == str(world.anonymous_request)
            )
        ).one()
        assert anonymous.new_values is None
        kept = s.scalars(
            select(AuditLog).where(
                AuditLog.subject_citizen_id == world.recent, AuditLog.action == "citizen.update"
            )
        ).one()
        assert kept.old_values == {"first_name": "Gül", "tc_kimlik_no": TC_RECENT}
        run = s.scalars(select(AuditLog).where(AuditLog.action == "retention.run")).one()
        assert run.new_values is not None and run.new_values["citizens"] == 2


def test_destruction_record_and_a_second_run_finds_nothing(
    db: Database, admin: Actor, world: World
) -> None:
    first = run_retention(as_person(db, admin), admin, now=NOW)
    second = run_retention(as_person(db, admin), admin, now=NOW + timedelta(days=1))
    assert second.total == 0
    with read_only(db) as s:
        records = s.scalars(select(DestructionRecord).order_by(DestructionRecord.id)).all()
        assert [r.id for r in records] == [first.record_id, second.record_id]
        rec = records[0]
        assert rec.username == "admin" and rec.user_id == admin.user_id
        assert rec.retention_years == 5 and rec.method == "anonymisation"
        assert rec.counts == first.counts
        assert rec.id_ranges["citizens"] == [
            [world.old, world.old],
            [world.cancelled, world.cancelled],
        ]
        assert rec.id_ranges["applications"] == [[world.delivered_app, world.cancelled_app]]
        assert rec.keep_until == datetime(2028, 6, 16, 9, 0, tzinfo=UTC)
        assert rec.keep_until - rec.at >= timedelta(days=3 * 365)


def test_destruction_records_live_at_least_three_years(db: Database, admin: Actor) -> None:
    settings.set_value(
        as_person(db, admin), admin, "kvkk.destruction_record_years", 1
    )  # clamped to three
    with unit_of_work(db) as s:
        for years, keep in ((4, 3.5), (2.9, 1), (1, -1)):
            # An expired record, and two younger than three years whatever their keep_until says.
            s.add(
                DestructionRecord(
                    at=_ago(years),
                    username="admin",
                    method="anonymisation",
                    retention_years=5,
                    cutoff=_ago(years + 5),
                    counts={},
                    id_ranges={},
                    keep_until=_ago(keep),
                )
            )
    result = run_retention(as_person(db, admin), admin, now=NOW)
    assert result.purged_records == 1
    with read_only(db) as s:
        ages = sorted(NOW - r.at for r in s.scalars(select(DestructionRecord)))
        assert len(ages) == 3 and max(ages) < timedelta(days=3 * 365)
        newest = s.get(DestructionRecord, result.record_id)
        assert newest is not None and newest.keep_until == datetime(2028, 6, 16, 9, 0, tzinfo=UTC)


def test_longer_retention_setting_keeps_everything(
    db: Database, admin: Actor, world: World
) -> None:
    settings.set_value(as_person(db, admin), admin, "kvkk.retention_years", 10)
    result = run_retention(as_person(db, admin), admin, dry_run=True, now=NOW)
    assert result.total == 0 and result.retention_years == 10


def test_a_failure_half_way_leaves_nothing_written(
    db: Database, admin: Actor, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _dump(db)

    def boom(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention, "_anonymise_people", boom)
    with pytest.raises(RuntimeError):
        run_retention(as_person(db, admin), admin, now=NOW)
    assert _dump(db) == before


@pytest.mark.parametrize("who", ["clerk", "supervisor"])
def test_only_an_admin_runs_retention(
    db: Database, world: World, who: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="anonimleştirmek"):
        run_retention(as_person(db, actor), actor, dry_run=True, now=NOW)


def test_command_line_dry_run_and_run(
    db: Database, db_url: str, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    # The real clock: everything of the world is older than five years from today too.
    assert main(["--db", db_url, "retention", "run", "--dry-run", "--json"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["ok"] and dry["dry_run"] and dry["counts"]["citizens"] >= 2
    with read_only(db) as s:
        assert s.scalar(select(func.count()).select_from(DestructionRecord)) == 0
    assert main(["--db", db_url, "retention", "run"]) == 0
    out = capsys.readouterr().out
    assert "imha tutanağı" in out and "citizens:" in out
    with read_only(db) as s:
        record = s.scalars(select(DestructionRecord)).one()
        # SQLite: the OS account; PostgreSQL: the login of the --db URL (here the owner).
        expected = make_url(db_url).username if db.is_postgres else None
        assert record.user_id is None
        assert record.username == expected if expected else record.username.startswith("cli:")


# --- copies of destroyed values, and the bytes of the file ----------------------------------

OLD_STREET = "Gazi Caddesi Karanfil Apt."
OLD_PHONE = "+905320000001"


def _seed_copies(db: Database, world: World) -> None:
    """A person who stays (``mixed``) moved out of an address six years ago and the web export
    once showed another phone of theirs: copies of both sit in their audit rows, in a later
    contact observation's snapshot and in the data of a live application's event."""
    with unit_of_work(db) as s:
        channel = s.scalar(select(Channel.id).order_by(Channel.id))
        assert channel
        s.add(
            Address(
                citizen_id=world.mixed,
                mahalle_text="Çepni",
                street=OLD_STREET,
                building_no="21",
                apartment_no="9",
                valid_from=_ago(9),
                valid_to=_ago(7),
            )
        )
        s.add(
            ContactObservation(
                citizen_id=world.mixed,
                source="web_import",
                observed_at=_ago(6, 40),
                web_reference="W-7",
                field="phone",
                observed={"phone_e164": OLD_PHONE},
                current={"phone_e164": "+905329998877"},
            )
        )
        # A recent observation: kept, but its snapshot of the old address must go.
        s.add(
            ContactObservation(
                citizen_id=world.mixed,
                source="web_import",
                observed_at=_ago(0, 30),
                web_reference="W-8",
                field="address",
                observed={"mahalle": "Ulukavak", "street": "Mimar Sinan Cad.", "building_no": "14"},
                current={"mahalle": "Çepni", "street": OLD_STREET, "building_no": "21"},
            )
        )
        audit.record(
            s,
            None,
            "citizen.update",
            "citizen",
            world.mixed,
            old={"street": OLD_STREET, "building_no": "21", "apartment_no": "9"},
            new={"street": "Mimar Sinan Cad.", "building_no": "14", "apartment_no": "3"},
            subject_citizen_id=world.mixed,
            username="irem",
        )
        audit.record(
            s,
            None,
            "citizen.fill_from_import",
            "citizen",
            world.mixed,
            old={"phone_e164": OLD_PHONE},
            new={"email": "sule@example.org"},
            detail=f"web W-7 {OLD_PHONE}",
            subject_citizen_id=world.mixed,
            username="irem",
        )
        live = _application(
            s,
            "HGB-2025-00009",
            world.mixed,
            _ago(0, 15).date(),
            "APPROVED",
            changed=_ago(0, 14),
            channel=channel,
        )
        s.add(
            ApplicationEvent(
                application_id=live.id,
                at=_ago(0, 14),
                kind="RECEIVED",
                text="Web sitesinden aktarıldı.",
                data={"web_phone_e164": OLD_PHONE, "web_address": f"Çepni, {OLD_STREET} No: 21"},
            )
        )


def test_destroyed_values_leave_no_copy_for_people_who_stay(
    db: Database, admin: Actor, world: World
) -> None:
    _seed_copies(db, world)
    assert OLD_STREET in _all_text(db) and OLD_PHONE in _all_text(db)
    run_retention(as_person(db, admin), admin, now=NOW)
    everything = _all_text(db)
    assert OLD_STREET not in everything
    assert OLD_PHONE not in everything
    with read_only(db) as s:
        mixed = s.get(Citizen, world.mixed)
        assert mixed is not None and mixed.anonymised_at is None
        update_row = s.scalars(
            select(AuditLog).where(
                AuditLog.subject_citizen_id == world.mixed,
                AuditLog.action == "citizen.update",
                AuditLog.new_values.is_not(None),
            )
        ).all()
        moved = next(r for r in update_row if r.old_values and "street" in r.old_values)
        # Who changed what stays; the destroyed address goes; the address on file stays.
        assert moved.username == "irem"
        assert moved.old_values == {
            "street": REDACTED,
            "building_no": REDACTED,
            "apartment_no": REDACTED,
        }
        assert moved.new_values == {
            "street": "Mimar Sinan Cad.",
            "building_no": "14",
            "apartment_no": "3",
        }
        kept = s.scalars(
            select(ContactObservation).where(ContactObservation.web_reference == "W-8")
        ).one()
        assert kept.observed["street"] == "Mimar Sinan Cad."
        assert kept.current is not None and kept.current["street"] == REDACTED
        assert "+905329998877" in everything  # the phone on file stays


def _file_bytes(db: Database) -> bytes:
    path = db.url.database
    assert path
    data = b""
    for suffix in ("", "-wal"):
        try:
            with open(f"{path}{suffix}", "rb") as fh:
                data += fh.read()
        except FileNotFoundError:
            pass
    return data


def test_sqlite_file_keeps_no_bytes_of_what_retention_destroyed(
    db: Database, admin: Actor, world: World
) -> None:
    if not db.is_sqlite:
        # PostgreSQL: the touched tables are VACUUM-ed after the run (see the README).
        assert run_retention(as_person(db, admin), admin, now=NOW).compacted
        return
    _seed_copies(db, world)
    secrets = [TC_OLD, TC_CANCELLED, "+905321112299", "+905327778899", OLD_PHONE, OLD_STREET]
    secrets.append("+905327778899"[::-1].lstrip("+"))  # phone_reversed of the cancelled one
    db.dispose()  # let the WAL reach the file so the "before" check is honest
    before = _file_bytes(db)
    for secret in secrets:
        assert secret.encode() in before, secret
    result = run_retention(as_person(db, admin), admin, now=NOW)
    assert result.compacted
    db.dispose()
    after = _file_bytes(db)
    for secret in secrets:
        assert secret.encode() not in after, secret
    assert TC_MIXED.encode() in after  # what stays is still there

"""The demo year: published volumes, valid personal data, consistent states and capacities,
determinism, a running year with live work, and refusals that leave nothing behind."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from desk_app.db import Database
from desk_app.demo import DemoCancelled, DemoSummary, generate_demo
from desk_app.domain.clock import LOCAL_TZ
from desk_app.domain.errors import PermissionDenied, ValidationError
from desk_app.domain.phone import is_mobile, is_valid_phone
from desk_app.domain.tckn import is_valid_tckn
from desk_app.domain.text import fold
from desk_app.models import Citizen, User
from desk_app.services.admin import auth
from desk_app.services.context import Actor

PG_URL = os.environ.get("DESK_APP_TEST_PG")
PUBLISHED = {"DESK": 863, "WEB": 1447, "CIMER": 1253, "ACIK_KAPI": 39, "WHATSAPP": 13638}
FULL_YEAR_TODAY = date(2026, 3, 1)
RUNNING_TODAY = date(2026, 6, 15)


def _fresh_url(template: str, directory: Path, name: str) -> tuple[str, Callable[[], None]]:
    """A migrated database of our own (module scope cannot use the db_factory fixture)."""
    if PG_URL:
        admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
        db_name = f"desk_demo_{os.getpid()}_{name}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{db_name}" TEMPLATE "{template}"'))

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))
            admin.dispose()

        url = make_url(PG_URL).set(database=db_name).render_as_string(hide_password=False)
        return url, drop
    path = directory / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}", lambda: None


def _admin(db: Database) -> Actor:
    auth.create_first_admin(db, "admin", "Ayşe Yılmaz", "yonetici-parola")
    return auth.login(db, "admin", "yonetici-parola")


@pytest.fixture(scope="module")
def full_year(
    _template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, DemoSummary]]:
    url, drop = _fresh_url(_template, tmp_path_factory.mktemp("demo"), "full")
    db = Database(url)
    summary = generate_demo(db, _admin(db), year=2025, seed=7, today=FULL_YEAR_TODAY)
    yield db, summary
    db.dispose()
    drop()


@pytest.fixture(scope="module")
def running_year(
    _template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, DemoSummary]]:
    url, drop = _fresh_url(_template, tmp_path_factory.mktemp("demo"), "running")
    db = Database(url)
    summary = generate_demo(db, _admin(db), year=2026, seed=11, today=RUNNING_TODAY)
    yield db, summary
    db.dispose()
    drop()


def _rows(db: Database, sql: str, **params: Any) -> list[Any]:
    with db.read_session() as s:
        return list(s.execute(text(sql), params).all())


def _scalar(db: Database, sql: str, **params: Any) -> Any:
    with db.read_session() as s:
        return s.execute(text(sql), params).scalar()


def _as_utc(value: Any) -> datetime:
    if isinstance(value, str):  # SQLite hands raw text back to text() queries
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _as_date(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- a full past year -----------------------------------------------------------------------
def test_full_year_has_the_published_channel_volumes(full_year: Any) -> None:
    db, summary = full_year
    counts = dict(
        _rows(
            db,
            "SELECT c.code, COUNT(*) FROM request r JOIN channel c ON c.id = r.channel_id "
            "GROUP BY c.code",
        )
    )
    for code, volume in PUBLISHED.items():
        assert counts[code] == volume, code
    assert 2000 <= counts["FIELD"] <= 3000
    assert 7000 <= counts["CALL_153"] <= 12000
    assert summary.requests_by_channel == counts
    years = _rows(db, "SELECT created_at FROM request ORDER BY created_at LIMIT 1")
    assert _as_utc(years[0][0]).astimezone(LOCAL_TZ).year == 2025
    json.dumps(summary.to_dict())  # serialisable for --json


def test_full_year_delivers_1350_sets_each_with_a_done_delivery_and_stock(full_year: Any) -> None:
    db, _ = full_year
    delivered = _rows(
        db,
        "SELECT a.id, a.delivered_at, "
        " (SELECT COUNT(*) FROM delivery d WHERE d.application_id = a.id AND d.status = 'DONE'),"
        " (SELECT COUNT(*) FROM delivery d JOIN stock_movement m ON m.delivery_id = d.id "
        "  WHERE d.application_id = a.id AND m.kind = 'GIVEN' AND m.quantity = -1) "
        "FROM babyset_application a WHERE a.status = 'DELIVERED'",
    )
    assert len(delivered) == 1350
    assert all(done == 1 and given == 1 for _, _, done, given in delivered)
    assert all(_as_utc(at).astimezone(LOCAL_TZ).year == 2025 for _, at, _, _ in delivered)
    # Stock never goes negative per edition, in time order.
    for (edition,) in _rows(db, "SELECT id FROM set_edition"):
        balance = 0
        for (quantity,) in _rows(
            db,
            "SELECT quantity FROM stock_movement WHERE edition_id = :e ORDER BY at, id",
            e=edition,
        ):
            balance += quantity
            assert balance >= 0


def test_full_year_delivery_mix_and_attempts(full_year: Any) -> None:
    db, summary = full_year
    kinds = dict(
        _rows(
            db,
            "SELECT d.kind, COUNT(*) FROM delivery d WHERE d.status = 'DONE' GROUP BY d.kind",
        )
    )
    assert 0.10 <= kinds["PICKUP"] / 1350 <= 0.20
    home_apps = _scalar(
        db, "SELECT COUNT(DISTINCT application_id) FROM delivery WHERE kind = 'HOME'"
    )
    failed_apps = _scalar(
        db,
        "SELECT COUNT(DISTINCT d.application_id) FROM delivery_attempt t "
        "JOIN delivery d ON d.id = t.delivery_id WHERE t.outcome <> 'DELIVERED'",
    )
    assert 0.04 <= failed_apps / home_apps <= 0.13
    switched = _scalar(
        db,
        "SELECT COUNT(*) FROM babyset_application a WHERE a.failed_attempts = 2 AND EXISTS "
        "(SELECT 1 FROM delivery d WHERE d.application_id = a.id AND d.kind = 'PICKUP' "
        " AND d.status = 'DONE')",
    )
    assert switched >= 1
    assert summary.failed_attempts == _scalar(
        db, "SELECT COUNT(*) FROM delivery_attempt WHERE outcome <> 'DELIVERED'"
    )
    # Received-by and relation on every hand-over; home slips were printed.
    assert not _scalar(
        db,
        "SELECT COUNT(*) FROM delivery_attempt WHERE outcome = 'DELIVERED' "
        "AND (received_by IS NULL OR relation IS NULL)",
    )
    assert not _scalar(
        db, "SELECT COUNT(*) FROM delivery WHERE kind = 'HOME' AND status IN ('DONE', 'FAILED') "
        "AND print_serial < 1",
    )  # fmt: skip
    # Application to delivery: typically 5–25 days.
    waits = sorted(
        (_as_utc(at).astimezone(LOCAL_TZ).date() - _as_date(applied)).days
        for applied, at in _rows(
            db,
            "SELECT applied_at, delivered_at FROM babyset_application WHERE status = 'DELIVERED'",
        )
    )
    assert 5 <= waits[len(waits) // 2] <= 25
    assert waits[0] >= 1


def test_full_year_other_application_outcomes(full_year: Any) -> None:
    db, _ = full_year
    statuses = dict(_rows(db, "SELECT status, COUNT(*) FROM babyset_application GROUP BY status"))
    assert 50 <= statuses["INELIGIBLE"] <= 70
    evidence = _rows(
        db, "SELECT eligibility_evidence FROM babyset_application WHERE status = 'INELIGIBLE'"
    )
    rules: set[str] = set()
    for (raw,) in evidence:
        value = json.loads(raw) if isinstance(raw, str) else raw
        assert value["failed"], value
        rules.update(f["rule"] for f in value["failed"])
    assert rules == {"max_baby_age_months", "require_served_mahalle"}
    decided = _rows(
        db,
        "SELECT a.status, a.duplicate_of_id, a.decision_reason, u.username "
        "FROM babyset_application a JOIN application_event e ON e.application_id = a.id "
        "JOIN app_user u ON u.id = a.decided_by_id "
        "WHERE e.kind = 'DECISION' AND e.old_status = 'SUSPECTED_DUPLICATE'",
    )
    assert 25 <= len(decided) <= 35
    assert all(reason and user == "supervizor" for _, _, reason, user in decided)
    merged = [row for row in decided if row[0] == "CANCELLED"]
    assert merged and all(row[1] is not None for row in merged)
    assert any(row[0] == "DELIVERED" for row in decided)  # twins approved and delivered
    cancelled = _rows(
        db,
        "SELECT cancel_reason FROM babyset_application WHERE status = 'CANCELLED' "
        "AND duplicate_of_id IS NULL",
    )
    assert 15 <= len(cancelled) <= 25 and all(reason for (reason,) in cancelled)
    # References, web references, channels, keys, consent.
    rows = _rows(
        db,
        "SELECT a.reference, a.web_reference, c.code, a.baby_key, a.baby_tc_kimlik_no, "
        "a.citizen_id, a.baby_birth_date, a.baby_first_name, a.notice_version, "
        "a.notice_acknowledged_at, a.applied_at, a.phone_e164, a.address_id "
        "FROM babyset_application a JOIN channel c ON c.id = a.channel_id ORDER BY a.id",
    )
    assert [r[0] for r in rows] == [f"HGB-2025-{n:05d}" for n in range(1, len(rows) + 1)]
    web = [r for r in rows if r[2] == "WEB"]
    assert 0.78 <= len(web) / len(rows) <= 0.92
    assert all(r[1] and r[1].startswith("W-2025-") for r in web)
    assert all(r[1] is None for r in rows if r[2] == "DESK")
    for r in rows:
        birth = _as_date(r[6])
        key = r[4] or f"{r[5]}:{birth.isoformat()}:{fold(r[7])}"
        assert r[3] == key
        assert r[8] == "2025-01" and r[9] is not None and r[11] and r[12]
    assert _scalar(
        db, "SELECT last_value FROM reference_counter WHERE kind = 'HGB' AND year = 2025"
    ) == len(rows)
    assert (
        _scalar(db, "SELECT last_value FROM reference_counter WHERE kind = 'GK' AND year = 2025")
        == _scalar(db, "SELECT COUNT(*) FROM request")
        == _scalar(db, "SELECT MAX(id) FROM request")
    )


def test_full_year_citizens_have_valid_unique_data(full_year: Any) -> None:
    db, _ = full_year
    rows = _rows(
        db,
        "SELECT id, tc_kimlik_no, first_name, last_name, name_folded, last_name_folded, "
        "phone_e164, phone_reversed FROM citizen",
    )
    tcs = [r[1] for r in rows if r[1] is not None]
    assert len(tcs) >= 0.8 * len(rows)
    assert all(is_valid_tckn(tc) for tc in tcs)
    baby_tcs = [
        tc for (tc,) in _rows(db, "SELECT baby_tc_kimlik_no FROM babyset_application")
        if tc is not None
    ]  # fmt: skip
    assert all(is_valid_tckn(tc) for tc in baby_tcs)
    assert len(set(tcs) | set(baby_tcs)) == len(tcs) + len(set(baby_tcs))
    for _, _, first, last, folded, last_folded, phone, reversed_ in rows:
        assert folded == fold(f"{first} {last}") and last_folded == fold(last)
        if phone is not None:
            assert is_valid_phone(phone) and is_mobile(phone)
            assert reversed_ == phone[1:][::-1]
    letters = "".join(r[2] + r[3] for r in rows)
    assert all(ch in letters for ch in "İıŞşÇçğÖöÜü")  # no Turkish word starts with Ğ
    # One current address each; some have an older one in their history.
    assert not _rows(
        db,
        "SELECT c.id FROM citizen c WHERE (SELECT COUNT(*) FROM address a "
        "WHERE a.citizen_id = c.id AND a.valid_to IS NULL) <> 1",
    )
    assert _scalar(db, "SELECT COUNT(*) FROM address WHERE valid_to IS NOT NULL") > 10
    # About 70% of requests have a citizen; some citizens come back.
    with_citizen = _scalar(db, "SELECT COUNT(*) FROM request WHERE citizen_id IS NOT NULL")
    assert 0.62 <= with_citizen / _scalar(db, "SELECT COUNT(*) FROM request") <= 0.78
    assert (
        _scalar(
            db,
            "SELECT COUNT(*) FROM (SELECT citizen_id FROM request WHERE citizen_id IS NOT NULL "
            "GROUP BY citizen_id HAVING COUNT(*) > 1) x",
        )
        > 500
    )


def test_full_year_mahalle_distribution_follows_population(full_year: Any) -> None:
    db, _ = full_year
    counts = dict(
        _rows(
            db,
            "SELECT m.name, COUNT(*) FROM address a JOIN mahalle m ON m.id = a.mahalle_id "
            "WHERE a.valid_to IS NULL GROUP BY m.name",
        )
    )
    assert counts["Ulukavak"] > counts["Bahçelievler"] > counts["Kale"] > counts["Yeniyol"]
    assert counts["Ulukavak"] > 20 * counts["Yeniyol"]
    assert counts.get("Köprüalan", 0) >= 1  # no population published: a small weight


def test_full_year_applications_carry_their_mahalle_and_parent_name(full_year: Any) -> None:
    """The application list's copies (revision apl01) equal the address's mahalle and the
    parent's folded name on every demo application."""
    db, _ = full_year
    assert _scalar(db, "SELECT COUNT(*) FROM babyset_application WHERE mahalle_id IS NOT NULL")
    stale = _scalar(
        db,
        "SELECT COUNT(*) FROM babyset_application b JOIN citizen c ON c.id = b.citizen_id "
        "LEFT JOIN address a ON a.id = b.address_id "
        "WHERE b.parent_name_folded <> c.name_folded "
        "OR COALESCE(b.mahalle_id, -1) <> COALESCE(a.mahalle_id, -1)",
    )
    assert stale == 0


def test_full_year_requests_are_consistent(full_year: Any) -> None:
    db, _ = full_year
    wrong = _rows(
        db,
        "SELECT r.id FROM request r JOIN category c ON c.id = r.category_id "
        "WHERE r.directorate_id <> c.directorate_id "
        "OR (r.directorate_id IS NULL) <> (c.directorate_id IS NULL)",
    )
    assert not wrong
    rows = _rows(
        db,
        "SELECT r.status, r.answer_text, r.answered_at, r.informed_at, r.informed_via, "
        "r.closed_at, r.created_at, r.due_date, c.due_days, r.citizen_id, "
        "(SELECT COUNT(*) FROM request_event e WHERE e.request_id = r.id AND e.kind = 'ANSWER'),"
        "(SELECT COUNT(*) FROM request_event e WHERE e.request_id = r.id "
        " AND e.kind = 'INFORMED'),"
        "(SELECT COUNT(*) FROM request_event e WHERE e.request_id = r.id "
        " AND e.kind = 'FORWARDED') "
        "FROM request r JOIN category c ON c.id = r.category_id",
    )
    statuses: dict[str, int] = {}
    within_48h = informed = 0
    for (
        status,
        answer,
        answered,
        informed_at,
        via,
        closed,
        created,
        due,
        due_days,
        cit,
        *ev,
    ) in rows:
        statuses[status] = statuses.get(status, 0) + 1
        created_local = _as_utc(created).astimezone(LOCAL_TZ)
        expected = created_local.date() + timedelta(days=due_days)
        expected += timedelta(days=(7 - expected.weekday()) % 7 if expected.weekday() >= 5 else 0)
        assert _as_date(due) == expected  # the weekend rule of services.requests.add_due_days
        if status in ("CLOSED", "RESOLVED", "REJECTED"):
            assert answer and answered is not None and ev[0] == 1
        if status == "CLOSED":
            assert closed is not None
        if informed_at is not None:
            assert via in ("phone", "sms", "in_person", "letter") and ev[1] == 1 and cit
            informed += 1
            within_48h += _as_utc(informed_at) - _as_utc(answered) <= timedelta(hours=48)
        if status in ("FORWARDED", "IN_PROGRESS"):
            assert ev[2] == 1
    assert statuses["CLOSED"] > 0.95 * len(rows)
    assert 0.7 <= within_48h / informed < 0.97
    rejected = _scalar(
        db, "SELECT COUNT(DISTINCT request_id) FROM request_event WHERE new_status = 'REJECTED'"
    )
    assert 0.02 * len(rows) <= rejected <= 0.07 * len(rows)
    # Working hours: desk visits happen in office hours on working days.
    for (created,) in _rows(
        db,
        "SELECT r.created_at FROM request r JOIN channel c ON c.id = r.channel_id "
        "WHERE c.code = 'DESK'",
    ):
        local = _as_utc(created).astimezone(LOCAL_TZ)
        assert local.weekday() < 5 and 8 <= local.hour < 18


def test_capacities_match_bookings(full_year: Any, running_year: Any) -> None:
    for db, _ in (full_year, running_year):
        assert not _rows(
            db,
            "SELECT t.id FROM team_day t WHERE t.booked > t.capacity OR t.booked <> "
            "(SELECT COUNT(*) FROM delivery d WHERE d.team_day_id = t.id "
            " AND d.status <> 'CANCELLED')",
        )
        assert not _rows(
            db,
            "SELECT s.id FROM pickup_slot s WHERE s.booked > s.capacity OR s.booked <> "
            "(SELECT COUNT(*) FROM delivery d WHERE d.pickup_slot_id = s.id "
            " AND d.status <> 'CANCELLED')",
        )
        teams = _rows(db, "SELECT daily_capacity, working_days FROM team")
        assert 3 <= len(teams) <= 4
        assert all(8 <= cap <= 12 and days == "1,2,3,4,5" for cap, days in teams)
        assert _scalar(db, "SELECT COUNT(*) FROM pickup_window") == 20


# --- a running year ------------------------------------------------------------------------
_TIMESTAMPS = {
    "citizen": ("created_at", "updated_at"),
    "address": ("valid_from", "valid_to"),
    "request": ("created_at", "updated_at", "answered_at", "informed_at", "closed_at"),
    "request_event": ("at",),
    "babyset_application": (
        "created_at",
        "updated_at",
        "notice_acknowledged_at",
        "eligibility_checked_at",
        "decided_at",
        "delivered_at",
    ),
    "application_event": ("at",),
    "delivery": ("created_at", "updated_at", "printed_at"),
    "delivery_attempt": ("at",),
    "stock_movement": ("at",),
    "set_edition": ("created_at",),
}


def test_running_year_has_nothing_after_today(running_year: Any) -> None:
    db, _ = running_year
    start_of_today = datetime(2026, 6, 15, tzinfo=LOCAL_TZ)
    for table, columns in _TIMESTAMPS.items():
        for column in columns:
            latest = _scalar(db, f"SELECT MAX({column}) FROM {table}")
            assert latest is None or _as_utc(latest) < start_of_today, (table, column)
    assert _as_date(_scalar(db, "SELECT MAX(applied_at) FROM babyset_application")) < (
        RUNNING_TODAY
    )
    done = _scalar(db, "SELECT MAX(scheduled_date) FROM delivery WHERE status <> 'BOOKED'")
    assert _as_date(done) < RUNNING_TODAY
    # Volumes are prorated to the part of the year passed (about 45%).
    desk = _scalar(
        db,
        "SELECT COUNT(*) FROM request r JOIN channel c ON c.id = r.channel_id "
        "WHERE c.code = 'WHATSAPP'",
    )
    assert 0.35 * 13638 <= desk <= 0.55 * 13638


def test_running_year_has_live_work_on_every_page(running_year: Any) -> None:
    db, summary = running_year
    statuses = dict(_rows(db, "SELECT status, COUNT(*) FROM babyset_application GROUP BY status"))
    assert statuses.get("RECEIVED", 0) >= 1
    assert statuses.get("SUSPECTED_DUPLICATE", 0) >= 1
    assert statuses.get("DELIVERED", 0) > 300
    unbooked = _scalar(
        db,
        "SELECT COUNT(*) FROM babyset_application a WHERE a.status = 'APPROVED' AND NOT EXISTS "
        "(SELECT 1 FROM delivery d WHERE d.application_id = a.id AND d.status = 'BOOKED')",
    )
    assert unbooked >= 1
    booked = [
        _as_date(d)
        for (d,) in _rows(db, "SELECT scheduled_date FROM delivery WHERE status = 'BOOKED'")
    ]
    assert booked and all(RUNNING_TODAY <= d <= RUNNING_TODAY + timedelta(days=14) for d in booked)
    scheduled = _scalar(
        db,
        "SELECT COUNT(*) FROM babyset_application a WHERE a.status = 'SCHEDULED' AND EXISTS "
        "(SELECT 1 FROM delivery d WHERE d.application_id = a.id AND d.status = 'BOOKED')",
    )
    assert scheduled == statuses["SCHEDULED"] == len(booked)
    future_days = _rows(
        db,
        "SELECT t.booked, (SELECT COUNT(*) FROM delivery d WHERE d.team_day_id = t.id "
        "AND d.status = 'BOOKED') FROM team_day t WHERE t.day >= :today",
        today=RUNNING_TODAY,
    )
    assert future_days and all(b == n for b, n in future_days)
    overdue = _scalar(
        db,
        "SELECT COUNT(*) FROM request WHERE status IN ('NEW', 'FORWARDED', 'IN_PROGRESS') "
        "AND due_date < :today",
        today=RUNNING_TODAY,
    )
    assert overdue >= 5
    open_requests = dict(
        _rows(
            db,
            "SELECT status, COUNT(*) FROM request WHERE status <> 'CLOSED' GROUP BY status",
        )
    )
    assert {"NEW", "FORWARDED", "IN_PROGRESS"} <= set(open_requests)
    assert summary.applications_by_status == statuses


# --- determinism and refusals -----------------------------------------------------------------
_DUMPS = {
    "citizen": "SELECT id, tc_kimlik_no, first_name, last_name, phone_e164, created_at "
    "FROM citizen ORDER BY id",
    "address": "SELECT id, citizen_id, mahalle_id, street, building_no, apartment_no, valid_from "
    "FROM address ORDER BY id",
    "request": "SELECT id, reference, citizen_id, channel_id, category_id, subject, status, "
    "created_at, answered_at, answer_text FROM request ORDER BY id",
    "request_event": "SELECT id, request_id, kind, at, text FROM request_event ORDER BY id",
    "babyset_application": "SELECT id, reference, web_reference, status, baby_key, "
    "eligibility_evidence FROM babyset_application ORDER BY id",
    "delivery": "SELECT id, application_id, kind, scheduled_date, status FROM delivery ORDER BY id",
    "team_day": "SELECT id, team_id, day, booked FROM team_day ORDER BY id",
}


def _dump(url: str, seed: int) -> dict[str, list[Any]]:
    db = Database(url)
    try:
        generate_demo(db, _admin(db), year=2026, seed=seed, today=date(2026, 1, 28))
        return {name: _rows(db, sql) for name, sql in _DUMPS.items()}
    finally:
        db.dispose()


def test_same_seed_gives_identical_rows_and_another_seed_differs(db_factory: Any) -> None:
    first = _dump(db_factory(), 3)
    second = _dump(db_factory(), 3)
    assert first == second
    assert all(first[name] for name in ("citizen", "request", "babyset_application", "delivery"))
    other = _dump(db_factory(), 4)
    assert other["citizen"] != first["citizen"]
    assert other["request"] != first["request"]


def _nothing_written(db: Database) -> None:
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Citizen)) == 0
        assert s.scalar(select(func.count()).select_from(User).where(User.username == "masa1")) == 0
    for table in ("request", "babyset_application", "team", "delivery", "stock_movement"):
        assert _scalar(db, f"SELECT COUNT(*) FROM {table}") == 0, table


def test_desk_clerk_may_not_load_demo(db: Database, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        generate_demo(db, clerk, year=2026, today=date(2026, 1, 20))
    _nothing_written(db)


def test_future_year_is_refused(db: Database, admin: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        generate_demo(db, admin, year=2027, today=date(2026, 6, 15))
    assert info.value.field == "yil"
    _nothing_written(db)


@pytest.mark.parametrize("stop_at", [0.0, 0.6])
def test_cancel_from_progress_writes_nothing(db: Database, admin: Actor, stop_at: float) -> None:
    seen: list[tuple[float, str]] = []

    def progress(fraction: float, message: str) -> bool:
        seen.append((fraction, message))
        return fraction < stop_at

    with pytest.raises(DemoCancelled) as info:
        generate_demo(db, admin, year=2026, today=date(2026, 2, 10), progress=progress)
    assert "iptal" in info.value.message
    assert seen and all(isinstance(m, str) and m for _, m in seen)
    _nothing_written(db)


def test_second_load_is_refused_and_demo_users_can_log_in(db: Database, admin: Actor) -> None:
    fractions: list[float] = []
    summary = generate_demo(
        db, admin, year=2026, today=date(2026, 1, 20), progress=lambda f, m: fractions.append(f)
    )
    assert fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert summary.users_created == ("masa1", "masa2", "supervizor")
    assert auth.login(db, "masa1", "demo-parola").role.value == "desk"
    assert auth.login(db, "supervizor", "demo-parola").role.value == "supervisor"
    audit_rows = _rows(db, "SELECT detail FROM audit_log WHERE action = 'demo.load'")
    assert len(audit_rows) == 1 and json.loads(audit_rows[0][0])["year"] == 2026
    with pytest.raises(ValidationError) as info:
        generate_demo(db, admin, year=2026, today=date(2026, 1, 20))
    assert "boş bir veritabanına" in info.value.message
    # Ids were assigned by the generator: the next ordinary insert continues after them
    # (on PostgreSQL the sequences were moved on).
    with db.session() as s:
        highest = s.scalar(select(func.max(Citizen.id)))
        citizen = Citizen(
            first_name="Deneme", last_name="Kişi", name_folded="deneme kişi",
            last_name_folded="kişi",
        )  # fmt: skip
        s.add(citizen)
        s.flush()
        assert highest is not None and citizen.id == highest + 1
        s.rollback()

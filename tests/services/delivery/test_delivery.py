"""Delivery planning through the services: teams and windows, booking within capacity,
suggestions grouped by mahalle, bulk booking, moves, route order, outcomes and the
failed-delivery loop, cancellation freeing the place, set stock."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.errors import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.models import (
    ApplicationEvent,
    AuditLog,
    BabySetApplication,
    Delivery,
    DeliveryAttempt,
    PickupSlot,
    SmsMessage,
    StockMovement,
    TeamDay,
)
from desk_app.services.admin import settings
from desk_app.services.applications.decisions import cancel_application
from desk_app.services.applications.query import get_application
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import (
    book,
    bulk_book,
    cancel_booking,
    move_delivery,
    reset_route_order,
    set_route_order,
    suggest,
)
from desk_app.services.delivery.common import CapacityFull, EditionInput, OutcomeInput, TeamInput
from desk_app.services.delivery.outcomes import AlreadyRecorded, record_outcome
from desk_app.services.delivery.plan import (
    application_deliveries,
    day_options,
    delivery_row,
    team_day_deliveries,
    unbooked_applications,
    week_plan,
)
from desk_app.services.delivery.setup import (
    get_stock_status,
    list_teams,
    receive_stock,
    save_edition,
    save_team,
    set_team_day_capacity,
)
from desk_app.services.uow import read_only
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import (
    NOW,
    TODAY,
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)

HOME = DeliveryKind.HOME
PICKUP = DeliveryKind.PICKUP


def team_day(db: Database, team_id: int, day) -> TeamDay | None:  # type: ignore[no-untyped-def]
    with read_only(db) as s:
        return s.scalar(select(TeamDay).where(TeamDay.team_id == team_id, TeamDay.day == day))


def app_status(db: Database, app_id: int) -> str:
    with read_only(db) as s:
        app = s.get(BabySetApplication, app_id)
        assert app is not None
        return app.status


def count(db: Database, model: type, *where: Any) -> int:
    with read_only(db) as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def delivered(name: str = "Zeynep Arslan") -> OutcomeInput:
    return OutcomeInput(DeliveryOutcome.DELIVERED, received_by=name, relation="Anne", at=NOW)


@pytest.fixture
def setup(db: Database, supervisor: Actor) -> list:  # type: ignore[type-arg]
    teams = make_teams(as_person(db, supervisor), supervisor)
    make_windows(as_person(db, supervisor), supervisor)
    make_stock(as_person(db, supervisor), supervisor)
    return teams


# --- teams, windows, stock set-up ------------------------------------------------------------


def test_team_validation_and_roles(db: Database, supervisor: Actor, clerk: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        save_team(as_person(db, supervisor), supervisor, TeamInput("  "))
    assert err.value.field == "ekip_adi"
    with pytest.raises(ValidationError) as err:
        save_team(as_person(db, supervisor), supervisor, TeamInput("Ekip A", daily_capacity=-1))
    assert err.value.field == "kapasite"
    with pytest.raises(ValidationError) as err:
        save_team(as_person(db, supervisor), supervisor, TeamInput("Ekip A", working_days=()))
    assert err.value.field == "calisma_gunleri"
    with pytest.raises(PermissionDenied):
        save_team(as_person(db, clerk), clerk, TeamInput("Ekip A"))
    team, _ = save_team(
        as_person(db, supervisor), supervisor, TeamInput("Ekip A", "Ali, Veli", 8, (1, 3, 5))
    )
    assert team.working_days_text == "Pzt, Çar, Cum"
    with pytest.raises(Conflict) as taken:
        save_team(as_person(db, supervisor), supervisor, TeamInput("Ekip A"))
    assert taken.value.field == "ekip_adi"
    assert [t.name for t in list_teams(as_person(db, clerk), clerk)] == ["Ekip A"]
    assert count(db, AuditLog, AuditLog.action == "team.create") == 1


def test_capacity_change_keeps_bookings(db: Database, supervisor: Actor, clerk: Actor) -> None:
    (team,) = make_teams(as_person(db, supervisor), supervisor, (3,))
    make_stock(as_person(db, supervisor), supervisor)
    ids = [approved(as_person(db, clerk), clerk, seed=i) for i in range(2)]
    for app_id, version in ids:
        book(as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW)
    with pytest.raises(ValidationError) as err:
        set_team_day_capacity(as_person(db, supervisor), supervisor, team.id, TUESDAY, 1)
    assert err.value.field == "kapasite"
    set_team_day_capacity(as_person(db, supervisor), supervisor, team.id, TUESDAY, 2)
    td = team_day(db, team.id, TUESDAY)
    assert td is not None and (td.booked, td.capacity) == (2, 2)
    set_team_day_capacity(
        as_person(db, supervisor), supervisor, team.id, TUESDAY + timedelta(days=1), 0
    )
    options = day_options(as_person(db, clerk), clerk, TUESDAY + timedelta(days=1))
    assert [t.free for t in options.teams] == [0]


# --- booking ------------------------------------------------------------------------------


def test_book_home_writes_everything_once(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team = setup[0]
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    result = book(
        as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW
    )
    assert result.delivery.team_name == "Ekip 1"
    assert result.delivery.day == TUESDAY and result.delivery.route_order == 1
    assert result.delivery.edition_name == "2025 Yaz Seti"
    assert result.delivery.phone_masked.startswith("0 532 ***")
    assert app_status(db, app_id) == "SCHEDULED"
    td = team_day(db, team.id, TUESDAY)
    assert td is not None and td.booked == 1 and td.capacity == 3
    assert count(db, AuditLog, AuditLog.action == "delivery.book") == 1
    assert count(db, ApplicationEvent, ApplicationEvent.kind == "SCHEDULED") == 1
    # Booking the same application again is refused; so is a stale version.
    with pytest.raises(Conflict):
        book(as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW)
    detail = get_application(as_person(db, clerk), clerk, app_id)
    with pytest.raises(InvalidTransition):
        book(
            as_person(db, clerk),
            clerk,
            app_id,
            detail.version,
            HOME,
            TUESDAY,
            team_id=team.id,
            now=NOW,
        )


def test_booking_returns_what_was_stored(db: Database, clerk: Actor, supervisor: Actor) -> None:
    """The row and the stock warning a booking returns are built from what it read and wrote
    (nothing is read back): they must equal what a later read finds, on both databases, for a
    home delivery that moves the day's others down the route and for a desk pickup."""
    team = make_teams(as_person(db, supervisor), supervisor, capacities=(5, 5))[0]
    make_windows(as_person(db, supervisor), supervisor)
    make_stock(as_person(db, supervisor), supervisor, quantity=2)
    apps = [approved(as_person(db, clerk), clerk, seed=i) for i in range(4)]
    results = [
        book(as_person(db, clerk), clerk, *app, HOME, TUESDAY, team_id=team.id, now=NOW)
        for app in apps[:3]
    ]
    results.append(
        book(as_person(db, clerk), clerk, *apps[3], PICKUP, TUESDAY, start_time=time(9), now=NOW)
    )
    for result in results:
        with read_only(as_person(db, clerk)) as s:
            stored = delivery_row(s, result.delivery.id)
        if result.delivery.kind == HOME:  # later bookings may have moved it down the route
            stored = replace(stored, route_order=result.delivery.route_order, version=2)
        assert result.delivery == stored
    last = results[-1]
    with read_only(as_person(db, clerk)) as s:
        assert last.delivery == delivery_row(s, last.delivery.id)
    assert [r.stock_warning is None for r in results] == [True, True, False, False]
    assert last.stock_warning == get_stock_status(as_person(db, clerk), clerk).warning
    home_orders = sorted(r.delivery.route_order for r in results[:3])
    assert home_orders == [1, 2, 3]
    with read_only(db) as s:
        for result in results:
            d_id = result.delivery.id
            event = s.scalars(
                select(ApplicationEvent).where(
                    ApplicationEvent.application_id == result.delivery.application_id,
                    ApplicationEvent.kind == "SCHEDULED",
                )
            ).one()
            assert event.data == {"delivery_id": d_id}
            assert event.old_status == "APPROVED" and event.new_status == "SCHEDULED"
            trail = s.scalars(
                select(AuditLog).where(
                    AuditLog.action == "delivery.book", AuditLog.entity_id == str(d_id)
                )
            ).one()
            assert trail.new_values is not None
            assert trail.new_values["application"] == result.delivery.reference
            sms = s.scalars(select(SmsMessage).where(SmsMessage.delivery_id == d_id)).one()
            assert sms.kind == "BOOKED" and result.delivery.reference in sms.text
            app = s.get(BabySetApplication, result.delivery.application_id)
            assert app is not None and app.status == "SCHEDULED"
            assert app.version == result.delivery.application_version


def test_full_day_is_refused_and_nothing_written(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team = setup[0]
    apps = [approved(as_person(db, clerk), clerk, seed=i) for i in range(4)]
    for app_id, version in apps[:3]:
        book(as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW)
    app_id, version = apps[3]
    with pytest.raises(CapacityFull) as err:
        book(as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW)
    assert "dolu (3/3)" in str(err.value)
    assert app_status(db, app_id) == "APPROVED"
    assert count(db, Delivery, Delivery.application_id == app_id) == 0
    td = team_day(db, team.id, TUESDAY)
    assert td is not None and td.booked == 3


def test_day_rules(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team = setup[0]
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    saturday = TODAY + timedelta(days=5)
    with pytest.raises(ValidationError) as err:
        book(as_person(db, clerk), clerk, app_id, version, HOME, saturday, team_id=team.id, now=NOW)
    assert "çalışmıyor" in str(err.value) and err.value.field == "tarih"
    with pytest.raises(ValidationError) as err:
        book(
            as_person(db, clerk),
            clerk,
            app_id,
            version,
            HOME,
            TODAY - timedelta(days=1),
            team_id=team.id,
            now=NOW,
        )
    assert "geçmiş" in str(err.value)
    with pytest.raises(ValidationError) as err:
        book(
            as_person(db, clerk),
            clerk,
            app_id,
            version,
            PICKUP,
            TUESDAY,
            start_time=time(11, 0),
            now=NOW,
        )
    assert err.value.field == "saat"
    assert app_status(db, app_id) == "APPROVED"


def test_pickup_booking_respects_window_capacity(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    apps = [approved(as_person(db, clerk), clerk, seed=i) for i in range(3)]
    for app_id, version in apps[:2]:
        result = book(
            as_person(db, clerk),
            clerk,
            app_id,
            version,
            PICKUP,
            TUESDAY,
            start_time=time(9),
            now=NOW,
        )
        assert result.delivery.where_text == "Masa 09:00–10:30"
    with pytest.raises(CapacityFull):
        book(as_person(db, clerk), clerk, *apps[2], PICKUP, TUESDAY, start_time=time(9), now=NOW)
    with read_only(db) as s:
        slot = s.scalar(select(PickupSlot).where(PickupSlot.day == TUESDAY))
        assert slot is not None and (slot.booked, slot.capacity) == (2, 2)
    morning, afternoon = day_options(as_person(db, clerk), clerk, TUESDAY).windows
    assert (morning.booked, morning.capacity, morning.free) == (2, 2, 0)
    assert (afternoon.booked, afternoon.capacity, afternoon.free) == (0, 2, 2)


def test_suggestion_groups_a_team_day_by_mahalle(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team1, team2 = setup
    a = approved(as_person(db, clerk), clerk, "Bahçelievler", seed=1)
    book(as_person(db, clerk), clerk, *a, HOME, TUESDAY, team_id=team2.id, now=NOW)
    same = approved(as_person(db, clerk), clerk, "Bahçelievler", seed=2)
    other = approved(as_person(db, clerk), clerk, "Gülabibey", seed=3)
    s_same = suggest(as_person(db, clerk), clerk, same[0], today=TODAY)
    assert not s_same.pickup_first
    first = s_same.suggestions[0]
    assert (first.kind, first.day, first.team_id) == ("HOME", TUESDAY, team2.id)
    assert "aynı mahalle" in first.reason
    s_other = suggest(as_person(db, clerk), clerk, other[0], today=TODAY)
    assert (s_other.suggestions[0].day, s_other.suggestions[0].team_id) == (TUESDAY, team1.id)
    assert s_other.suggestions[1].kind == "PICKUP"


def test_route_order_sorted_then_manual(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team = setup[0]
    a = approved(as_person(db, clerk), clerk, "Ulukavak", seed=1, street="Zafer Sok.", building="3")
    b = approved(
        as_person(db, clerk), clerk, "Bahçelievler", seed=2, street="Gazi Cad.", building="12"
    )
    c = approved(
        as_person(db, clerk), clerk, "Ulukavak", seed=3, street="Çiçek Sok.", building="10"
    )
    for app in (a, b, c):
        book(as_person(db, clerk), clerk, *app, HOME, TUESDAY, team_id=team.id, now=NOW)
    rows = team_day_deliveries(as_person(db, clerk), clerk, team.id, TUESDAY)
    assert [(r.mahalle, r.street) for r in rows] == [
        ("Bahçelievler", "Gazi Cad."),
        ("Ulukavak", "Çiçek Sok."),
        ("Ulukavak", "Zafer Sok."),
    ]
    reordered = [rows[2].id, rows[0].id, rows[1].id]
    out = set_route_order(as_person(db, clerk), clerk, team.id, TUESDAY, reordered)
    assert [r.id for r in out] == reordered
    with pytest.raises(ValidationError):
        set_route_order(as_person(db, clerk), clerk, team.id, TUESDAY, reordered[:2])
    reset_route_order(as_person(db, clerk), clerk, team.id, TUESDAY)
    assert [r.id for r in team_day_deliveries(as_person(db, clerk), clerk, team.id, TUESDAY)] == [
        r.id for r in rows
    ]


def test_bulk_booking_spreads_oldest_first(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    apps = [
        approved(as_person(db, clerk), clerk, seed=i, applied_days_ago=40 - i) for i in range(14)
    ]
    refused = apps[0]
    cancel_application(as_person(db, clerk), clerk, refused[0], refused[1], "Aile taşındı")
    result = bulk_book(as_person(db, clerk), clerk, [a[0] for a in apps], kind="home", now=NOW)
    assert len(result.booked) == 13
    assert [s.application_id for s in result.skipped] == [refused[0]]
    # 2 teams x 3 a day: Tuesday and Wednesday fill up, Thursday takes the last one.
    by_day: dict = {}  # type: ignore[type-arg]
    for row in result.booked:
        by_day.setdefault(row.day, []).append(row)
    assert [len(by_day[d]) for d in sorted(by_day)] == [6, 6, 1]
    oldest = min(result.booked, key=lambda r: r.application_id)
    assert oldest.day == TUESDAY
    with read_only(db) as s:
        for td in s.scalars(select(TeamDay)):
            held = s.scalar(
                select(func.count()).where(
                    Delivery.team_day_id == td.id, Delivery.status != "CANCELLED"
                )
            )
            assert held is not None and td.booked == held <= td.capacity


def test_move_keeps_capacity(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team1, team2 = setup
    apps = [approved(as_person(db, clerk), clerk, seed=i) for i in range(4)]
    for app in apps[:3]:
        book(as_person(db, clerk), clerk, *app, HOME, TUESDAY, team_id=team2.id, now=NOW)
    moving = book(
        as_person(db, clerk), clerk, *apps[3], HOME, TUESDAY, team_id=team1.id, now=NOW
    ).delivery
    with pytest.raises(CapacityFull):
        move_delivery(
            as_person(db, clerk),
            clerk,
            moving.id,
            moving.version,
            HOME,
            TUESDAY,
            team_id=team2.id,
            now=NOW,
        )
    assert team_day(db, team1.id, TUESDAY).booked == 1  # type: ignore[union-attr]
    wednesday = TUESDAY + timedelta(days=1)
    moved = move_delivery(
        as_person(db, clerk),
        clerk,
        moving.id,
        moving.version,
        HOME,
        wednesday,
        team_id=team2.id,
        now=NOW,
    )
    assert (moved.day, moved.team_id) == (wednesday, team2.id)
    assert team_day(db, team1.id, TUESDAY).booked == 0  # type: ignore[union-attr]
    assert team_day(db, team2.id, wednesday).booked == 1  # type: ignore[union-attr]
    to_pickup = move_delivery(
        as_person(db, clerk),
        clerk,
        moved.id,
        moved.version,
        PICKUP,
        wednesday,
        start_time=time(13, 30),
        now=NOW,
    )
    assert to_pickup.kind == "PICKUP" and to_pickup.team_id is None
    assert team_day(db, team2.id, wednesday).booked == 0  # type: ignore[union-attr]
    with pytest.raises(Conflict):  # the version on screen is old
        move_delivery(
            as_person(db, clerk),
            clerk,
            moved.id,
            moved.version,
            HOME,
            wednesday,
            team_id=team1.id,
            now=NOW,
        )


def test_cancelling_a_scheduled_application_frees_its_place(
    db: Database,
    clerk: Actor,
    setup: list,  # type: ignore[type-arg]
) -> None:
    team = setup[0]
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    book(as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW)
    detail = get_application(as_person(db, clerk), clerk, app_id)
    cancel_application(
        as_person(db, clerk), clerk, app_id, detail.version, "Aile başka ile taşındı"
    )
    assert team_day(db, team.id, TUESDAY).booked == 0  # type: ignore[union-attr]
    with read_only(db) as s:
        assert s.scalar(select(Delivery.status).where(Delivery.application_id == app_id)) == (
            "CANCELLED"
        )
    assert get_stock_status(as_person(db, clerk), clerk).booked_pending == 0


def test_withdrawn_booking_waits_again(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team = setup[0]
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    row = book(
        as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW
    ).delivery
    with pytest.raises(ValidationError):
        cancel_booking(as_person(db, clerk), clerk, row.id, row.version, " ")
    cancel_booking(as_person(db, clerk), clerk, row.id, row.version, "Aile tatilde", now=NOW)
    assert app_status(db, app_id) == "APPROVED"
    assert [
        u.application_id for u in unbooked_applications(as_person(db, clerk), clerk, today=TODAY)
    ] == [app_id]
    assert team_day(db, team.id, TUESDAY).booked == 0  # type: ignore[union-attr]


# --- outcomes and the failed-delivery loop ---------------------------------------------------


def test_delivered_outcome(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team = setup[0]
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    row = book(
        as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW
    ).delivery
    with pytest.raises(ValidationError) as err:
        record_outcome(
            as_person(db, clerk), clerk, row.id, OutcomeInput(DeliveryOutcome.DELIVERED), now=NOW
        )
    assert err.value.field == "teslim_alan"
    with pytest.raises(ValidationError) as err:
        record_outcome(
            as_person(db, clerk),
            clerk,
            row.id,
            OutcomeInput(DeliveryOutcome.DELIVERED, "Ali Arslan"),
            now=NOW,
        )
    assert err.value.field == "yakinlik"
    later = NOW + timedelta(days=1, hours=3)
    result = record_outcome(
        as_person(db, clerk), clerk, row.id, delivered("Şükrü Işıkoğlu"), now=later
    )
    assert result.application_status == "DELIVERED"
    assert result.delivery.status == "DONE"
    with read_only(db) as s:
        attempt = s.scalar(select(DeliveryAttempt))
        assert attempt is not None
        assert (attempt.received_by, attempt.relation) == ("Şükrü Işıkoğlu", "Anne")
        assert attempt.confirmed_by_id == clerk.user_id
        given = s.scalar(select(StockMovement).where(StockMovement.kind == "GIVEN"))
        assert given is not None and given.quantity == -1 and given.delivery_id == row.id
    assert get_stock_status(as_person(db, clerk), clerk).on_hand == 99
    with pytest.raises(AlreadyRecorded):
        record_outcome(as_person(db, clerk), clerk, row.id, delivered(), now=later)
    assert count(db, StockMovement, StockMovement.kind == "GIVEN") == 1


def test_failed_loop_offers_pickup_after_two_home_failures(
    db: Database,
    clerk: Actor,
    admin: Actor,
    setup: list,  # type: ignore[type-arg]
) -> None:
    team = setup[0]
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    row = book(
        as_person(db, clerk), clerk, app_id, version, HOME, TUESDAY, team_id=team.id, now=NOW
    ).delivery
    with pytest.raises(ValidationError) as err:
        record_outcome(
            as_person(db, clerk), clerk, row.id, OutcomeInput(DeliveryOutcome.OTHER), now=NOW
        )
    assert err.value.field == "aciklama"
    first = record_outcome(
        as_person(db, clerk), clerk, row.id, OutcomeInput(DeliveryOutcome.NOT_HOME, at=NOW), now=NOW
    )
    assert first.application_status == "APPROVED" and not first.pickup_first
    waiting = unbooked_applications(as_person(db, clerk), clerk, today=TODAY)
    assert waiting[0].last_outcome == "Evde yok" and waiting[0].failed_home_attempts == 1
    second = book(
        as_person(db, clerk),
        clerk,
        app_id,
        waiting[0].version,
        HOME,
        TUESDAY,
        team_id=team.id,
        now=NOW,
    ).delivery
    result = record_outcome(
        db,
        clerk,
        second.id,
        OutcomeInput(DeliveryOutcome.WRONG_ADDRESS, note="Bina yıkılmış", at=NOW),
        now=NOW,
    )
    assert result.pickup_first
    # A failed visit still used its place on the day.
    assert team_day(db, team.id, TUESDAY).booked == 2  # type: ignore[union-attr]
    offer = suggest(as_person(db, clerk), clerk, app_id, today=TODAY)
    assert offer.pickup_first and offer.suggestions[0].kind == "PICKUP"
    (waiting_row,) = unbooked_applications(as_person(db, clerk), clerk, today=TODAY)
    assert waiting_row.pickup_first and waiting_row.failed_attempts == 2
    bulk = bulk_book(as_person(db, clerk), clerk, [app_id], now=NOW)
    assert bulk.booked[0].kind == "PICKUP"
    history = application_deliveries(as_person(db, clerk), clerk, app_id)
    assert [h.delivery.status for h in history] == ["FAILED", "FAILED", "BOOKED"]
    assert [a.outcome for h in history for a in h.attempts] == ["NOT_HOME", "WRONG_ADDRESS"]
    # The threshold is a setting.
    settings.set_value(
        as_person(db, admin), admin, "delivery.failed_home_attempts_before_pickup", 3
    )
    assert not suggest(as_person(db, clerk), clerk, app_id, today=TODAY).pickup_first


# --- stock and the planner ---------------------------------------------------------------


def test_stock_oldest_edition_first_and_warning(
    db: Database, supervisor: Actor, clerk: Actor
) -> None:
    (team,) = make_teams(as_person(db, supervisor), supervisor, (10,))
    old = make_stock(as_person(db, supervisor), supervisor, quantity=1)
    new = save_edition(
        as_person(db, supervisor), supervisor, EditionInput("2026 Kış Seti", ("Battaniye",))
    )
    receive_stock(as_person(db, supervisor), supervisor, new.id, 1)
    with pytest.raises(ValidationError) as err:
        receive_stock(as_person(db, supervisor), supervisor, new.id, 0)
    assert err.value.field == "adet"
    with pytest.raises(PermissionDenied):
        receive_stock(as_person(db, clerk), clerk, new.id, 5)
    apps = [approved(as_person(db, clerk), clerk, seed=i) for i in range(3)]
    rows = [
        book(as_person(db, clerk), clerk, *a, HOME, TUESDAY, team_id=team.id, now=NOW) for a in apps
    ]
    assert rows[-1].stock_warning is not None and "1 set eksik" in rows[-1].stock_warning
    for r in rows[:2]:
        record_outcome(
            as_person(db, clerk), clerk, r.delivery.id, delivered(), now=NOW + timedelta(days=1)
        )
    with read_only(db) as s:
        given = list(
            s.scalars(
                select(StockMovement.edition_id)
                .where(StockMovement.kind == "GIVEN")
                .order_by(StockMovement.id)
            )
        )
    assert given == [old, new.id]
    status = get_stock_status(as_person(db, clerk), clerk)
    assert status.on_hand == 0 and status.booked_pending == 1 and status.warning


def test_week_plan(db: Database, clerk: Actor, setup: list) -> None:  # type: ignore[type-arg]
    team1, team2 = setup
    apps = [
        approved(as_person(db, clerk), clerk, "Ulukavak" if i % 2 else "Çepni", seed=i)
        for i in range(4)
    ]
    for app in apps[:3]:
        book(as_person(db, clerk), clerk, *app, HOME, TUESDAY, team_id=team1.id, now=NOW)
    book(as_person(db, clerk), clerk, *apps[3], PICKUP, TUESDAY, start_time=time(9), now=NOW)
    plan = week_plan(as_person(db, clerk), clerk, TODAY)
    cell = plan.cell(team1.id, TUESDAY)
    assert cell is not None and (cell.booked, cell.capacity, cell.mahalle_count) == (3, 3, 2)
    assert plan.cell(team2.id, TUESDAY).booked == 0  # type: ignore[union-attr]
    assert plan.cell(team1.id, TODAY + timedelta(days=5)) is None  # Saturday: not working
    tuesday = plan.pickups[1]
    assert (tuesday.booked, tuesday.capacity) == (1, 4)
    assert plan.unbooked_count == 0
    assert plan.stock.booked_pending == 4

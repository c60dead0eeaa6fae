"""Several desks booking at the same moment, each in its own process: no team day and no
pickup window ends over capacity and no booking is lost. Runs on the SQLite file and, with
DESK_APP_TEST_PG set (CI), on a real PostgreSQL server."""

from __future__ import annotations

import multiprocessing as mp
import time as clock
from datetime import date, time
from typing import Any

from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.states import DeliveryKind, Role
from desk_app.models import BabySetApplication, Delivery, PickupSlot, TeamDay
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book, bulk_book
from desk_app.services.delivery.common import CapacityFull
from desk_app.services.uow import read_only
from tests.people import as_person, login_url
from tests.services.delivery.delivery_fixtures import (
    NOW,
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)

PROCESSES = 8


def _book_many(
    url: str,
    actor: tuple[int, str],
    jobs: list[tuple[int, int, str, int | None]],
    start_at: float,
    day: date,
) -> list[tuple[int, str, str]]:
    """Book each (application, version, kind, team) once; report ok / full / an error."""
    db = Database(url)
    who = Actor(user_id=actor[0], username=actor[1], role=Role.DESK)
    while clock.time() < start_at:
        clock.sleep(0.001)
    out = []
    for app_id, version, kind, team_id in jobs:
        try:
            book(
                db,
                who,
                app_id,
                version,
                DeliveryKind(kind),
                day,
                team_id=team_id,
                start_time=time(9) if kind == "PICKUP" else None,
                now=NOW,
            )
            out.append((app_id, kind, "ok"))
        except CapacityFull:
            out.append((app_id, kind, "full"))
        except Exception as exc:  # reported, and the test fails on it
            out.append((app_id, kind, f"error: {exc!r}"))
    db.dispose()
    return out


def _bulk(
    url: str, actor: tuple[int, str], app_ids: list[int], start_at: float
) -> tuple[list[int], list[int]]:
    db = Database(url)
    who = Actor(user_id=actor[0], username=actor[1], role=Role.DESK)
    while clock.time() < start_at:
        clock.sleep(0.001)
    result = bulk_book(db, who, app_ids, kind="home", now=NOW)
    db.dispose()
    return [r.application_id for r in result.booked], [s.application_id for s in result.skipped]


def _assert_no_day_over_capacity(db: Database) -> None:
    with read_only(db) as s:
        row: Any  # a TeamDay or a PickupSlot: both have id, booked and capacity
        for model, column in (
            (TeamDay, Delivery.team_day_id),
            (PickupSlot, Delivery.pickup_slot_id),
        ):
            for row in s.scalars(select(model)):
                held = s.scalar(
                    select(func.count()).where(column == row.id, Delivery.status != "CANCELLED")
                )
                assert row.booked == held, (model.__name__, row.id, row.booked, held)
                assert row.booked <= row.capacity


def test_concurrent_bookers_in_processes(db: Database, supervisor: Actor, clerk: Actor) -> None:
    team1, team2 = make_teams(as_person(db, supervisor), supervisor, (5, 5))
    make_windows(as_person(db, supervisor), supervisor, capacity=3)
    make_stock(as_person(db, supervisor), supervisor)
    apps = [approved(as_person(db, clerk), clerk, seed=i) for i in range(PROCESSES * 5)]
    kinds = [("HOME", team1.id), ("HOME", team2.id), ("PICKUP", None)]
    jobs = [(app_id, version, *kinds[i % len(kinds)]) for i, (app_id, version) in enumerate(apps)]
    desk = login_url(db, clerk)  # each process is a desk logged in as the clerk
    start_at = clock.time() + 1.5
    ctx = mp.get_context("spawn")
    with ctx.Pool(PROCESSES) as pool:
        batches = pool.starmap(
            _book_many,
            [
                (desk, (clerk.user_id, clerk.username), jobs[p::PROCESSES], start_at, TUESDAY)
                for p in range(PROCESSES)
            ],
        )
    results = [r for batch in batches for r in batch]
    assert len(results) == len(apps)
    errors = [r for r in results if r[2] not in ("ok", "full")]
    assert errors == []
    ok = {app_id for app_id, _, outcome in results if outcome == "ok"}
    by_kind = {
        (kind, team): sum(1 for (a, _, k, t) in jobs if (k, t) == (kind, team) and a in ok)
        for kind, team in kinds
    }
    assert by_kind == {("HOME", team1.id): 5, ("HOME", team2.id): 5, ("PICKUP", None): 3}
    _assert_no_day_over_capacity(db)
    with read_only(db) as s:
        booked = set(s.scalars(select(Delivery.application_id).where(Delivery.status == "BOOKED")))
        scheduled = set(
            s.scalars(select(BabySetApplication.id).where(BabySetApplication.status == "SCHEDULED"))
        )
    assert booked == ok == scheduled  # every reported booking is there, nothing else


def test_concurrent_bulk_bookings_in_processes(
    db: Database, supervisor: Actor, clerk: Actor
) -> None:
    make_teams(as_person(db, supervisor), supervisor, (3, 3, 2))
    make_stock(as_person(db, supervisor), supervisor)
    apps = [
        approved(as_person(db, clerk), clerk, "Ulukavak" if i % 2 else "Gülabibey", seed=i)[0]
        for i in range(48)
    ]
    desk = login_url(db, clerk)  # each process is a desk logged in as the clerk
    start_at = clock.time() + 1.5
    ctx = mp.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.starmap(
            _bulk,
            [(desk, (clerk.user_id, clerk.username), apps[p::4], start_at) for p in range(4)],
        )
    booked = [a for b, _ in results for a in b]
    skipped = [a for _, s in results for a in s]
    assert sorted(booked) == sorted(apps) and skipped == []
    _assert_no_day_over_capacity(db)
    with read_only(db) as s:
        assert s.scalar(select(func.count()).where(Delivery.status == "BOOKED")) == len(apps)
        # 8 places a day: six working days at most for 48 bookings.
        days = s.scalar(select(func.count(func.distinct(Delivery.scheduled_date))))
        assert days == 6

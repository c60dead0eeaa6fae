"""Shared set-up for the delivery tests: teams, pickup windows, a set edition with stock, and
approved applications in chosen mahalleler (registered through the real service)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from desk_app.db import Database
from desk_app.domain.tckn import generate_tckn
from desk_app.services.applications.common import ApplicationInput
from desk_app.services.applications.register import register_application
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.context import Actor
from desk_app.services.delivery.common import EditionInput, PickupWindowInput, TeamInput, TeamRow
from desk_app.services.delivery.setup import (
    receive_stock,
    save_edition,
    save_pickup_window,
    save_team,
)

# Monday 2025-06-16, 10:00 at the desk (UTC+3); bookings start the next day.
NOW = datetime(2025, 6, 16, 7, 0, tzinfo=UTC)
TODAY = date(2025, 6, 16)
TUESDAY = TODAY + timedelta(days=1)

_FIRST_NAMES = ["Zeynep", "Ayşe", "Fatma", "Elif", "Merve", "Şule", "İpek", "Gül", "Özlem"]
_LAST_NAMES = ["Arslan", "Çelik", "Öztürk", "Işık", "Şahin", "Yıldız", "Ünal", "Doğan"]


def make_teams(db: Database, actor: Actor, capacities: tuple[int, ...] = (3, 3)) -> list[TeamRow]:
    return [
        save_team(db, actor, TeamInput(f"Ekip {i + 1}", f"Üye {i + 1}", cap))[0]
        for i, cap in enumerate(capacities)
    ]


def make_windows(db: Database, actor: Actor, capacity: int = 2) -> None:
    for weekday in range(1, 6):
        save_pickup_window(
            db, actor, PickupWindowInput(weekday, time(9, 0), time(10, 30), capacity)
        )
        save_pickup_window(
            db, actor, PickupWindowInput(weekday, time(13, 30), time(15, 0), capacity)
        )


def make_stock(db: Database, actor: Actor, quantity: int = 100) -> int:
    edition = save_edition(
        db, actor, EditionInput("2025 Yaz Seti", ("Battaniye", "Zıbın (3 adet)", "Biberon"))
    )
    if quantity:
        receive_stock(db, actor, edition.id, quantity, now=NOW - timedelta(days=30))
    return edition.id


def approved(
    db: Database,
    actor: Actor,
    mahalle: str = "Ulukavak",
    *,
    seed: int,
    applied_days_ago: int = 10,
    street: str = "Mimar Sinan Cad.",
    building: str = "14",
) -> tuple[int, int]:
    """An approved application: (id, version)."""
    rng = random.Random(seed)
    # Distinct parents for distinct seeds, so no test application looks like a duplicate.
    first = _FIRST_NAMES[seed % len(_FIRST_NAMES)]
    last = _LAST_NAMES[(seed // len(_FIRST_NAMES)) % len(_LAST_NAMES)]
    result = register_application(
        db,
        actor,
        ApplicationInput(
            parent=CitizenInput(
                first_name=first,
                last_name=last,
                tc_kimlik_no=generate_tckn(rng),
                phone=f"0532 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                mahalle=mahalle,
                street=street,
                building_no=building,
            ),
            baby_first_name=_FIRST_NAMES[(seed + 4) % len(_FIRST_NAMES)],
            baby_last_name=last,
            baby_birth_date=TODAY - timedelta(days=applied_days_ago + 5 + seed % 30),
            applied_at=TODAY - timedelta(days=applied_days_ago),
            notice_acknowledged=True,
        ),
        now=NOW,
    )
    assert result.status == "APPROVED", (result.status, result.reasons)
    return result.id, result.version

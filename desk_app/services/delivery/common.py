"""Delivery planning: the values the services take and return, Turkish labels, and the
capacity primitives every booking goes through.

Capacity is held by the database, not by the desk that books: a team day's (or a pickup
slot's) ``booked`` only grows through ``UPDATE ... SET booked = booked + 1 WHERE booked <
capacity``, and a CHECK constraint refuses anything above capacity. On PostgreSQL the UPDATE
locks the row, so a second desk booking the same day waits and then re-reads the count; on
SQLite every writer takes the database lock at BEGIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from desk_app.domain.errors import Conflict, NotFound, ValidationError
from desk_app.domain.states import (
    DELIVERY_KIND_LABELS,
    DELIVERY_OUTCOME_LABELS,
    DeliveryKind,
    DeliveryOutcome,
)
from desk_app.models import PickupSlot, PickupWindow, Team, TeamDay
from desk_app.services.uow import on_postgres

WEEKDAY_NAMES = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
MONTH_NAMES = (
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
)
WEEKDAY_SHORT = ("Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz")

# Delivery.status values.
BOOKED = "BOOKED"
DONE = "DONE"
FAILED = "FAILED"
CANCELLED = "CANCELLED"
DELIVERY_STATUS_LABELS: dict[str, str] = {
    BOOKED: "Planlandı",
    DONE: "Teslim edildi",
    FAILED: "Teslim edilemedi",
    CANCELLED: "İptal",
}
# Deliveries that used (or will use) a place on their day; a failed visit still used it.
HOLDING_STATUSES = (BOOKED, DONE, FAILED)

# Relations a receiver can have to the family (free text is accepted too).
RELATIONS = ("Anne", "Baba", "Büyükanne", "Büyükbaba", "Kardeş", "Akraba", "Komşu", "Diğer")

FAILURE_OUTCOMES = frozenset(
    {
        DeliveryOutcome.NOT_HOME,
        DeliveryOutcome.WRONG_ADDRESS,
        DeliveryOutcome.REFUSED,
        DeliveryOutcome.OTHER,
    }
)


def kind_label(kind: str) -> str:
    try:
        return DELIVERY_KIND_LABELS[DeliveryKind(kind)]
    except ValueError:
        return kind


def outcome_label(outcome: str) -> str:
    try:
        return DELIVERY_OUTCOME_LABELS[DeliveryOutcome(outcome)]
    except ValueError:
        return outcome


def window_text(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def day_text(day: date) -> str:
    return f"{day:%d.%m.%Y} {WEEKDAY_NAMES[day.weekday()]}"


def parse_working_days(text: str) -> tuple[int, ...]:
    days = sorted({int(p) for p in text.replace(" ", "").split(",") if p.strip()})
    return tuple(d for d in days if 1 <= d <= 7)


def working_days_text(days: tuple[int, ...]) -> str:
    return ", ".join(WEEKDAY_SHORT[d - 1] for d in days)


# --- values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamInput:
    name: str
    members: str = ""
    daily_capacity: int = 12
    working_days: tuple[int, ...] = (1, 2, 3, 4, 5)
    active: bool = True


@dataclass(frozen=True)
class TeamRow:
    id: int
    name: str
    members: str
    daily_capacity: int
    working_days: tuple[int, ...]
    working_days_text: str
    active: bool


@dataclass(frozen=True)
class PickupWindowInput:
    weekday: int  # ISO 1..7
    start_time: time
    end_time: time
    capacity: int = 6
    active: bool = True


@dataclass(frozen=True)
class PickupWindowRow:
    id: int
    weekday: int
    weekday_name: str
    start_time: time
    end_time: time
    capacity: int
    active: bool


@dataclass(frozen=True)
class EditionInput:
    name: str
    contents: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class EditionRow:
    id: int
    name: str
    contents: tuple[str, ...]
    active: bool
    created_at: datetime
    received: int
    given: int
    on_hand: int


@dataclass(frozen=True)
class StockStatus:
    editions: tuple[EditionRow, ...]
    on_hand: int  # all active editions
    booked_pending: int  # booked deliveries not yet handed over
    warning: str | None  # Turkish, when booked deliveries exceed stock on hand


@dataclass(frozen=True)
class Suggestion:
    kind: str  # DeliveryKind
    day: date
    team_id: int | None
    team_name: str | None
    start_time: time | None  # pickup window
    end_time: time | None
    free: int  # places still free on that day (team) or window
    reason: str  # Turkish: why this one

    @property
    def text(self) -> str:
        if self.kind == DeliveryKind.PICKUP.value and self.start_time and self.end_time:
            window = window_text(self.start_time, self.end_time)
            return f"{day_text(self.day)}, masadan teslim {window}"
        return f"{day_text(self.day)}, {self.team_name}"


@dataclass(frozen=True)
class UnbookedRow:
    application_id: int
    reference: str
    parent_name: str
    baby_name: str
    mahalle: str
    address_text: str
    phone_masked: str
    applied_at: date
    waiting_days: int
    failed_attempts: int
    failed_home_attempts: int
    pickup_first: bool  # enough failed home visits: offer a desk pickup first
    last_outcome: str | None  # Turkish label of the last failed attempt
    version: int


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    application_id: int
    reference: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    day: date
    team_id: int | None
    team_name: str | None
    start_time: time | None
    end_time: time | None
    route_order: int
    parent_name: str
    phone_masked: str
    mahalle: str
    street: str
    building_no: str
    apartment_no: str
    print_serial: int
    edition_name: str | None
    version: int
    application_version: int
    reminded: bool = False  # the family got the day-before SMS reminder (services/notify)

    @property
    def address_text(self) -> str:
        parts = [self.mahalle, self.street, f"No {self.building_no}" if self.building_no else ""]
        if self.apartment_no:
            parts.append(f"D {self.apartment_no}")
        return ", ".join(p for p in parts if p)

    @property
    def where_text(self) -> str:
        if self.kind == DeliveryKind.PICKUP.value and self.start_time and self.end_time:
            return f"Masa {window_text(self.start_time, self.end_time)}"
        return self.team_name or ""


@dataclass(frozen=True)
class PlanCell:
    team_id: int
    day: date
    working: bool
    capacity: int
    booked: int
    done: int
    failed: int
    mahalle_count: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


@dataclass(frozen=True)
class PickupDay:
    day: date
    capacity: int
    booked: int
    windows: tuple[tuple[time, time, int, int], ...]  # start, end, booked, capacity


@dataclass(frozen=True)
class WeekPlan:
    start: date
    days: tuple[date, ...]
    teams: tuple[TeamRow, ...]
    cells: dict[tuple[int, date], PlanCell]
    pickups: tuple[PickupDay, ...]
    stock: StockStatus
    unbooked_count: int

    def cell(self, team_id: int, day: date) -> PlanCell | None:
        return self.cells.get((team_id, day))


@dataclass(frozen=True)
class BookingResult:
    delivery: DeliveryRow
    stock_warning: str | None


@dataclass(frozen=True)
class BulkSkip:
    application_id: int
    reference: str
    reason: str


@dataclass(frozen=True)
class BulkResult:
    booked: tuple[DeliveryRow, ...]
    skipped: tuple[BulkSkip, ...]
    stock_warning: str | None


@dataclass(frozen=True)
class OutcomeInput:
    outcome: DeliveryOutcome
    received_by: str = ""
    relation: str = ""
    note: str = ""
    at: datetime | None = None  # when it happened (default: now)
    print_serial: int | None = None  # the slip that was scanned


@dataclass(frozen=True)
class OutcomeResult:
    delivery: DeliveryRow
    application_status: str
    failed_home_attempts: int
    pickup_first: bool
    stock_warning: str | None


# --- errors ---------------------------------------------------------------------------


class CapacityFull(Conflict):
    """The chosen team day or pickup window has no free place left; nothing was booked."""


def delivery_not_found(delivery_id: int) -> NotFound:
    return NotFound(f"{delivery_id} numaralı teslimat bulunamadı; listeyi yenileyin.")


def stale_delivery() -> Conflict:
    return Conflict(
        "Bu teslimat siz bakarken başka bir masada değiştirildi; hiçbir şey kaydedilmedi. "
        "Planı yenileyip yeniden deneyin."
    )


def require_positive(value: int, field: str, label: str, maximum: int = 500) -> int:
    if not 0 <= value <= maximum:
        raise ValidationError(f"{label} 0 ile {maximum} arasında bir sayı olmalı.", field)
    return value


# --- capacity primitives -----------------------------------------------------------------


def dialect_insert(session: Session, model: Any) -> Any:
    if on_postgres(session):
        return pg_insert(model)
    return sqlite_insert(model)


def works_on(team: Team, day: date) -> bool:
    return team.active and day.isoweekday() in parse_working_days(team.working_days)


def create_team_day(session: Session, team_id: int, capacity: int, day: date) -> None:
    """Make the team's row for ``day`` (``capacity`` places) unless it exists; see
    ``ensure_team_day`` for why it commits on its own connection on PostgreSQL."""
    create = (
        dialect_insert(session, TeamDay)
        .values(team_id=team_id, day=day, capacity=capacity, booked=0)
        .on_conflict_do_nothing(index_elements=["team_id", "day"])
    )
    if on_postgres(session):
        with session.get_bind().engine.connect() as own:
            own.execute(create)
            own.commit()
    else:  # SQLite: one writer at a time, and this session may hold the write lock already
        session.execute(create)


def ensure_team_day(session: Session, team: Team, day: date) -> TeamDay:
    """The team's row for ``day``, created with the team's daily capacity when missing. Two
    desks creating it at once both end with the same row (ON CONFLICT DO NOTHING).

    An existing row is only read: on PostgreSQL the INSERT ... ON CONFLICT of a row another
    desk's booking holds (its conditional UPDATE) would wait for that desk's commit. A missing
    row is made there in a transaction of its own, committed at once: made inside the
    booking, every other desk booking the same new day would wait on that INSERT until the
    whole booking commits. (An empty day, 0 booked, is what a missing row means anyway.)"""
    query = (
        select(TeamDay)
        .where(TeamDay.team_id == team.id, TeamDay.day == day)
        .execution_options(populate_existing=True)
    )
    row = session.scalar(query)
    if row is not None:
        return row
    create_team_day(session, team.id, team.daily_capacity, day)
    row = session.scalar(query)
    assert row is not None
    return row


def ensure_pickup_slot(session: Session, day: date, start: time) -> PickupSlot:
    window = session.scalar(
        select(PickupWindow).where(
            PickupWindow.weekday == day.isoweekday(),
            PickupWindow.start_time == start,
            PickupWindow.active.is_(True),
        )
    )
    existing = session.scalar(
        select(PickupSlot)
        .where(PickupSlot.day == day, PickupSlot.start_time == start)
        .execution_options(populate_existing=True)
    )
    if existing is not None:
        return existing
    if window is None:
        raise ValidationError(
            f"{day_text(day)} için {start:%H:%M} başlangıçlı bir teslim saati yok; "
            "listeden bir saat seçin.",
            "saat",
        )
    session.execute(
        dialect_insert(session, PickupSlot)
        .values(
            day=day,
            start_time=window.start_time,
            end_time=window.end_time,
            capacity=window.capacity,
            booked=0,
        )
        .on_conflict_do_nothing(index_elements=["day", "start_time"])
    )
    slot = session.scalar(
        select(PickupSlot)
        .where(PickupSlot.day == day, PickupSlot.start_time == start)
        .execution_options(populate_existing=True)
    )
    assert slot is not None
    return slot


def _take_place_stmt(model: type[TeamDay] | type[PickupSlot]) -> Any:
    return (
        update(model)
        .where(model.id == bindparam("row_id"), model.booked < model.capacity)
        .values(booked=model.booked + 1)
        .execution_options(synchronize_session=False)
    )


# Built once: every booking takes a place.
_TAKE_PLACE = {TeamDay: _take_place_stmt(TeamDay), PickupSlot: _take_place_stmt(PickupSlot)}


def take_place(session: Session, model: type[TeamDay] | type[PickupSlot], row_id: int) -> bool:
    """One more booking on the row when it has room; False when it is full."""
    result = session.execute(_TAKE_PLACE[model], {"row_id": row_id})
    return bool(getattr(result, "rowcount", 0) == 1)


def release_place(session: Session, model: type[TeamDay] | type[PickupSlot], row_id: int) -> None:
    session.execute(
        update(model)
        .where(model.id == row_id, model.booked > 0)
        .values(booked=model.booked - 1)
        .execution_options(synchronize_session=False)
    )

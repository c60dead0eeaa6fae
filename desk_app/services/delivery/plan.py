"""Reads for the planner: the week grid of teams x days, the approved-but-unbooked list (oldest
first), a day's deliveries in route order, the free places on a day, an application's
deliveries and attempts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.phone import mask_phone
from desk_app.domain.states import ApplicationStatus, DeliveryKind
from desk_app.domain.text import sort_key
from desk_app.models import (
    Address,
    BabySetApplication,
    Citizen,
    Delivery,
    DeliveryAttempt,
    Mahalle,
    PickupSlot,
    PickupWindow,
    SetEdition,
    Team,
    TeamDay,
    User,
)
from desk_app.services.admin.settings import get_value
from desk_app.services.context import Actor
from desk_app.services.delivery.common import (
    DELIVERY_STATUS_LABELS,
    DONE,
    FAILED,
    HOLDING_STATUSES,
    DeliveryRow,
    PickupDay,
    PlanCell,
    UnbookedRow,
    WeekPlan,
    kind_label,
    outcome_label,
    works_on,
)
from desk_app.services.delivery.setup import load_teams, stock_status, team_row
from desk_app.services.notify.figures import reminded_column
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only

PICKUP_FIRST_SETTING = "delivery.failed_home_attempts_before_pickup"


# The delivery's own columns the rows show (columns, not the entity: a plan list or a booking's
# result builds no ORM object to throw away).
_DELIVERY_COLUMNS = (
    Delivery.id,
    Delivery.application_id,
    Delivery.kind,
    Delivery.status,
    Delivery.scheduled_date,
    Delivery.route_order,
    Delivery.print_serial,
    Delivery.version,
)


def _delivery_select() -> Select[Any]:
    stmt = (
        select(
            *_DELIVERY_COLUMNS,
            BabySetApplication.reference,
            BabySetApplication.version,
            Citizen.first_name,
            Citizen.last_name,
            func.coalesce(BabySetApplication.phone_e164, Citizen.phone_e164),
            func.coalesce(Mahalle.name, Address.mahalle_text),
            Address.street,
            Address.building_no,
            Address.apartment_no,
            Team.id,
            Team.name,
            PickupSlot.start_time,
            PickupSlot.end_time,
            SetEdition.name,
            reminded_column(),
        )
        .join(BabySetApplication, BabySetApplication.id == Delivery.application_id)
        .join(Citizen, Citizen.id == BabySetApplication.citizen_id)
        .outerjoin(Address, Address.id == BabySetApplication.address_id)
        .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
        .outerjoin(TeamDay, TeamDay.id == Delivery.team_day_id)
        .outerjoin(Team, Team.id == TeamDay.team_id)
        .outerjoin(PickupSlot, PickupSlot.id == Delivery.pickup_slot_id)
        .outerjoin(SetEdition, SetEdition.id == Delivery.set_edition_id)
    )
    return cast("Select[Any]", stmt)


def _row_of(values: Any) -> DeliveryRow:
    """A ``DeliveryRow`` of a ``_delivery_select`` row."""
    d_id, app_id, kind, status, day, route_order, print_serial, version = values[:8]
    (ref, app_version, first, last, phone, mahalle, street, building, apartment) = values[8:17]
    team_id, team_name, start, end, edition, reminded = values[17:]
    return DeliveryRow(
        id=d_id,
        application_id=app_id,
        reference=ref,
        kind=kind,
        kind_label=kind_label(kind),
        status=status,
        status_label=DELIVERY_STATUS_LABELS.get(status, status),
        day=day,
        team_id=team_id,
        team_name=team_name,
        start_time=start,
        end_time=end,
        route_order=route_order,
        parent_name=f"{first} {last}",
        phone_masked=mask_phone(phone) if phone else "",
        mahalle=mahalle or "",
        street=street or "",
        building_no=building or "",
        apartment_no=apartment or "",
        print_serial=print_serial,
        edition_name=edition,
        version=version,
        application_version=app_version,
        reminded=bool(reminded),
    )


def delivery_rows(session: Session, *conditions: Any) -> list[DeliveryRow]:
    stmt = _delivery_select().where(*conditions)
    return [_row_of(r) for r in session.execute(stmt)]


# Built once, ``delivery_id`` bound: moves, outcomes and slips read one delivery's row.
_DELIVERY_ROW = _delivery_select().where(Delivery.id == bindparam("delivery_id"))


def delivery_row(session: Session, delivery_id: int) -> DeliveryRow:
    return _row_of(session.execute(_DELIVERY_ROW, {"delivery_id": delivery_id}).one())


def route_key(row: DeliveryRow) -> tuple[Any, ...]:
    """Route order within a team's day: mahalle, then street, then building number."""
    digits = "".join(ch for ch in row.building_no if ch.isascii() and ch.isdigit())
    return (
        sort_key(row.mahalle),
        sort_key(row.street),
        int(digits) if digits else 0,
        sort_key(row.building_no),
        sort_key(row.apartment_no),
        row.id,
    )


def in_route_order(rows: Iterable[DeliveryRow]) -> list[DeliveryRow]:
    return sorted(rows, key=lambda r: (r.route_order, r.id))


def home_failures(session: Session, application_ids: Iterable[int]) -> dict[int, int]:
    ids = list(application_ids)
    if not ids:
        return {}
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(_HOME_FAILURES, {"app_ids": chunk})
        counts.update({app_id: int(n) for app_id, n in rows})
    return counts


_FAILED_HOME = (Delivery.kind == DeliveryKind.HOME.value, Delivery.status == FAILED)
_HOME_FAILURES = (  # built once: every suggestion asks
    select(Delivery.application_id, func.count())
    .where(Delivery.application_id.in_(bindparam("app_ids", expanding=True)), *_FAILED_HOME)
    .group_by(Delivery.application_id)
)


def home_failure_count() -> Any:
    """``home_failures`` of the application a select reads, as a column of that select."""
    return (
        select(func.count())
        .where(Delivery.application_id == BabySetApplication.id, *_FAILED_HOME)
        .scalar_subquery()
    )


def pickup_first_threshold(session: Session) -> int:
    return int(get_value(session, PICKUP_FIRST_SETTING))


# --- the unbooked list ------------------------------------------------------------------


def unbooked_rows(session: Session, today: date) -> list[UnbookedRow]:
    stmt = (
        select(
            BabySetApplication,
            Citizen.first_name,
            Citizen.last_name,
            func.coalesce(BabySetApplication.phone_e164, Citizen.phone_e164),
            func.coalesce(Mahalle.name, Address.mahalle_text),
            Address.street,
            Address.building_no,
            Address.apartment_no,
        )
        .join(Citizen, Citizen.id == BabySetApplication.citizen_id)
        .outerjoin(Address, Address.id == BabySetApplication.address_id)
        .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
        .where(BabySetApplication.status == ApplicationStatus.APPROVED.value)
        .order_by(BabySetApplication.applied_at, BabySetApplication.id)
    )
    rows = list(session.execute(stmt))
    failures = home_failures(session, [r[0].id for r in rows])
    threshold = pickup_first_threshold(session)
    last_outcomes = _last_failed_outcomes(session, [r[0].id for r in rows if r[0].failed_attempts])
    out = []
    for app, first, last, phone, mahalle, street, building, apartment in rows:
        address = ", ".join(
            p
            for p in (
                mahalle or "",
                street or "",
                f"No {building}" if building else "",
                f"D {apartment}" if apartment else "",
            )
            if p
        )
        failed_home = failures.get(app.id, 0)
        out.append(
            UnbookedRow(
                application_id=app.id,
                reference=app.reference,
                parent_name=f"{first} {last}",
                baby_name=f"{app.baby_first_name} {app.baby_last_name}",
                mahalle=mahalle or "",
                address_text=address,
                phone_masked=mask_phone(phone) if phone else "",
                applied_at=app.applied_at,
                waiting_days=max(0, (today - app.applied_at).days),
                failed_attempts=app.failed_attempts,
                failed_home_attempts=failed_home,
                pickup_first=threshold > 0 and failed_home >= threshold,
                last_outcome=last_outcomes.get(app.id),
                version=app.version,
            )
        )
    return out


def _last_failed_outcomes(session: Session, application_ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(application_ids), 500):
        chunk = application_ids[start : start + 500]
        stmt = (
            select(Delivery.application_id, DeliveryAttempt.outcome, DeliveryAttempt.at)
            .join(Delivery, Delivery.id == DeliveryAttempt.delivery_id)
            .where(Delivery.application_id.in_(chunk), Delivery.status == FAILED)
            .order_by(DeliveryAttempt.at)
        )
        for app_id, outcome, _at in session.execute(stmt):
            out[app_id] = outcome_label(outcome)
    return out


def unbooked_applications(
    db: Database, actor: Actor, *, today: date | None = None
) -> tuple[UnbookedRow, ...]:
    """Approved applications without a booking, oldest first, with how long each has waited."""
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        return tuple(unbooked_rows(session, today or local_today()))


# --- the week grid ------------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_plan(db: Database, actor: Actor, start: date, *, days: int = 7) -> WeekPlan:
    """Teams x days from ``start``: booked/capacity of every team day, the desk's pickup
    windows, the stock against what is booked, and how many approved applications wait."""
    require(actor, Action.PLAN_DELIVERIES)
    dates = tuple(start + timedelta(days=i) for i in range(days))
    end = dates[-1]
    with read_only(db) as session:
        teams = load_teams(session)
        team_days = {
            (td.team_id, td.day): td
            for td in session.scalars(
                select(TeamDay).where(TeamDay.day >= start, TeamDay.day <= end)
            )
        }
        counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        mahalleler: dict[int, set[Any]] = defaultdict(set)
        stmt = (
            select(Delivery.team_day_id, Delivery.status, Address.mahalle_id, Address.mahalle_text)
            .join(BabySetApplication, BabySetApplication.id == Delivery.application_id)
            .outerjoin(Address, Address.id == BabySetApplication.address_id)
            .where(
                Delivery.kind == DeliveryKind.HOME.value,
                Delivery.scheduled_date >= start,
                Delivery.scheduled_date <= end,
                Delivery.status.in_(HOLDING_STATUSES),
            )
        )
        for team_day_id, status, mahalle_id, mahalle_text in session.execute(stmt):
            if team_day_id is None:
                continue
            counts[team_day_id][status] += 1
            mahalleler[team_day_id].add(mahalle_id or mahalle_text)
        cells: dict[tuple[int, date], PlanCell] = {}
        for team in teams:
            for day in dates:
                td = team_days.get((team.id, day))
                working = works_on(team, day)
                if td is None and not working:
                    continue
                capacity = td.capacity if td else team.daily_capacity
                booked = td.booked if td else 0
                cells[(team.id, day)] = PlanCell(
                    team_id=team.id,
                    day=day,
                    working=working,
                    capacity=capacity if (working or td) else 0,
                    booked=booked,
                    done=counts[td.id][DONE] if td else 0,
                    failed=counts[td.id][FAILED] if td else 0,
                    mahalle_count=len(mahalleler[td.id]) if td else 0,
                )
        pickups = tuple(_pickup_day(session, day) for day in dates)
        unbooked = (
            session.scalar(
                select(func.count()).where(
                    BabySetApplication.status == ApplicationStatus.APPROVED.value
                )
            )
            or 0
        )
        return WeekPlan(
            start=start,
            days=dates,
            teams=tuple(team_row(t) for t in teams),
            cells=cells,
            pickups=pickups,
            stock=stock_status(session),
            unbooked_count=unbooked,
        )


def _pickup_day(session: Session, day: date) -> PickupDay:
    slots = {
        s.start_time: s for s in session.scalars(select(PickupSlot).where(PickupSlot.day == day))
    }
    windows: dict[time, tuple[time, time, int, int]] = {}
    for w in session.scalars(
        select(PickupWindow).where(
            PickupWindow.weekday == day.isoweekday(), PickupWindow.active.is_(True)
        )
    ):
        windows[w.start_time] = (w.start_time, w.end_time, 0, w.capacity)
    for start, s in slots.items():
        windows[start] = (s.start_time, s.end_time, s.booked, s.capacity)
    ordered = tuple(windows[k] for k in sorted(windows))
    return PickupDay(
        day=day,
        capacity=sum(w[3] for w in ordered),
        booked=sum(w[2] for w in ordered),
        windows=ordered,
    )


# --- a day's deliveries -------------------------------------------------------------------


def team_day_deliveries(
    db: Database, actor: Actor, team_id: int, day: date
) -> tuple[DeliveryRow, ...]:
    """A team's deliveries on a day in route order (cancelled ones left out)."""
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        rows = delivery_rows(
            session,
            TeamDay.team_id == team_id,
            Delivery.scheduled_date == day,
            Delivery.kind == DeliveryKind.HOME.value,
            Delivery.status.in_(HOLDING_STATUSES),
        )
        return tuple(in_route_order(rows))


def pickup_day_deliveries(db: Database, actor: Actor, day: date) -> tuple[DeliveryRow, ...]:
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        rows = delivery_rows(
            session,
            Delivery.scheduled_date == day,
            Delivery.kind == DeliveryKind.PICKUP.value,
            Delivery.status.in_(HOLDING_STATUSES),
        )
        return tuple(sorted(rows, key=lambda r: (r.start_time or time(0), sort_key(r.parent_name))))


@dataclass(frozen=True)
class TeamOption:
    team_id: int
    team_name: str
    capacity: int
    booked: int
    mahalleler: tuple[str, ...]  # already visited that day

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


@dataclass(frozen=True)
class WindowOption:
    start_time: time
    end_time: time
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


@dataclass(frozen=True)
class DayOptions:
    day: date
    teams: tuple[TeamOption, ...]  # the active teams working that day
    windows: tuple[WindowOption, ...]  # the desk's pickup windows that day


def day_options(db: Database, actor: Actor, day: date) -> DayOptions:
    """What can be booked on ``day``: each working team and each pickup window with its free
    places (for the booking dialog)."""
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        teams = []
        for team in load_teams(session, active_only=True):
            if not works_on(team, day):
                continue
            td = session.scalar(
                select(TeamDay).where(TeamDay.team_id == team.id, TeamDay.day == day)
            )
            names: tuple[str, ...] = ()
            if td is not None:
                names = tuple(
                    sorted(
                        {
                            n
                            for (n,) in session.execute(
                                select(func.coalesce(Mahalle.name, Address.mahalle_text))
                                .select_from(Delivery)
                                .join(
                                    BabySetApplication,
                                    BabySetApplication.id == Delivery.application_id,
                                )
                                .outerjoin(Address, Address.id == BabySetApplication.address_id)
                                .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
                                .where(
                                    Delivery.team_day_id == td.id,
                                    Delivery.status.in_(HOLDING_STATUSES),
                                )
                            )
                            if n
                        },
                        key=sort_key,
                    )
                )
            teams.append(
                TeamOption(
                    team_id=team.id,
                    team_name=team.name,
                    capacity=td.capacity if td else team.daily_capacity,
                    booked=td.booked if td else 0,
                    mahalleler=names,
                )
            )
        pickup = _pickup_day(session, day)
        windows = tuple(
            WindowOption(start_time=s, end_time=e, capacity=c, booked=b)
            for s, e, b, c in pickup.windows
        )
        return DayOptions(day=day, teams=tuple(teams), windows=windows)


# --- an application's deliveries ----------------------------------------------------------


@dataclass(frozen=True)
class AttemptView:
    at: datetime
    outcome: str
    outcome_label: str
    received_by: str | None
    relation: str | None
    note: str | None
    confirmed_by: str | None


@dataclass(frozen=True)
class DeliveryHistory:
    delivery: DeliveryRow
    attempts: tuple[AttemptView, ...]


def application_deliveries(
    db: Database, actor: Actor, application_id: int
) -> tuple[DeliveryHistory, ...]:
    """Every delivery of an application (cancelled ones too) with its attempts, oldest first."""
    require(actor, Action.VIEW_APPLICATIONS)
    with read_only(db) as session:
        rows = sorted(
            delivery_rows(session, Delivery.application_id == application_id),
            key=lambda r: r.id,
        )
        confirmer = aliased(User)
        attempts: dict[int, list[AttemptView]] = defaultdict(list)
        stmt = (
            select(DeliveryAttempt, confirmer.full_name)
            .outerjoin(confirmer, confirmer.id == DeliveryAttempt.confirmed_by_id)
            .where(DeliveryAttempt.delivery_id.in_([r.id for r in rows]))
            .order_by(DeliveryAttempt.at)
        )
        for attempt, name in session.execute(stmt):
            attempts[attempt.delivery_id].append(
                AttemptView(
                    at=attempt.at,
                    outcome=attempt.outcome,
                    outcome_label=outcome_label(attempt.outcome),
                    received_by=attempt.received_by,
                    relation=attempt.relation,
                    note=attempt.note,
                    confirmed_by=name,
                )
            )
        return tuple(DeliveryHistory(r, tuple(attempts[r.id])) for r in rows)

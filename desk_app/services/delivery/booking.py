"""Booking approved applications: suggestions, one booking, bulk booking, moves, route order,
cancelling a booking (and releasing the place when an application is cancelled).

Every booking goes through ``take_place`` (a conditional UPDATE the database checks), so no
team day and no pickup window is ever over capacity, whatever the desks do at once. A booking
is one transaction: the place, the delivery row, the application's new state, its timeline
event and the audit row are written together or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, TypeVar, cast

from sqlalchemy import (
    Date,
    Integer,
    Table,
    Time,
    and_,
    bindparam,
    func,
    literal_column,
    null,
    select,
    type_coerce,
    union_all,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.errors import InvalidTransition, NotFound, ValidationError
from desk_app.domain.phone import mask_phone
from desk_app.domain.states import ApplicationStatus, DeliveryKind, check_application_transition
from desk_app.domain.text import sort_key
from desk_app.models import (
    Address,
    BabySetApplication,
    Citizen,
    Delivery,
    Mahalle,
    PickupSlot,
    PickupWindow,
    Team,
    TeamDay,
    utcnow,
)
from desk_app.services import audit
from desk_app.services.admin.settings import every_setting, get_value, remember
from desk_app.services.applications.common import (
    EVENT_SCHEDULED,
    add_event,
    event_row,
    not_found,
    stale,
)
from desk_app.services.context import Actor
from desk_app.services.delivery.booking_write import (
    BookingRows,
    execute_and_commit,
    next_delivery_id,
    write_booking,
)
from desk_app.services.delivery.common import (
    BOOKED,
    CANCELLED,
    DELIVERY_STATUS_LABELS,
    HOLDING_STATUSES,
    BookingResult,
    BulkResult,
    BulkSkip,
    CapacityFull,
    DeliveryRow,
    EditionRow,
    Suggestion,
    create_team_day,
    day_text,
    delivery_not_found,
    ensure_pickup_slot,
    kind_label,
    parse_working_days,
    release_place,
    stale_delivery,
    take_place,
    window_text,
)
from desk_app.services.delivery.plan import (
    delivery_row,
    delivery_rows,
    home_failure_count,
    home_failures,
    in_route_order,
    pickup_first_threshold,
    route_key,
)
from desk_app.services.delivery.setup import (
    ACTIVE_EDITIONS,
    edition_rows,
    edition_rows_of,
    pending_count,
    pick_edition,
    stock_status,
)
from desk_app.services.notify import outbox as notify
from desk_app.services.permissions import Action, require
from desk_app.services.pipeline import run_together
from desk_app.services.uow import on_postgres, read_only, unit_of_work, without_transaction

BookingKind = Literal["auto", "home", "pickup"]
_T = TypeVar("_T")
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock, serialization failure


def retrying(work: Callable[[], _T], attempts: int = 4) -> _T:
    """Run a whole use case again when PostgreSQL chose it as a deadlock victim (two bulk
    bookings taking the same days in another order); nothing of a failed try is kept."""
    for attempt in range(attempts):
        try:
            return work()
        except DBAPIError as exc:
            code = getattr(exc.orig, "sqlstate", None)
            if code not in _RETRYABLE_SQLSTATES or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def lead_days(session: Session) -> int:
    return int(get_value(session, "delivery.booking_lead_days"))


def horizon_days(session: Session) -> int:
    return int(get_value(session, "delivery.booking_horizon_days"))


# --- the planner's view of free places, used for suggestions and bulk booking -----------------


@dataclass
class _TeamDayState:
    capacity: int
    booked: int
    mahalleler: set[Any] = field(default_factory=set)


# The active teams, each with its days in the span (one row a team-day; a team without any, one
# row with no day).
_BOARD_TEAM_DAYS = (
    select(
        Team.id,
        Team.name,
        Team.daily_capacity,
        Team.working_days,
        TeamDay.id,
        TeamDay.day,
        TeamDay.capacity,
        TeamDay.booked,
    )
    .outerjoin(
        TeamDay,
        and_(
            TeamDay.team_id == Team.id,
            TeamDay.day >= bindparam("start"),
            TeamDay.day <= bindparam("end"),
        ),
    )
    .where(Team.active.is_(True))
)
# The active pickup windows and the span's pickup slots in one read (``weekday`` set: a
# window; ``day`` set: a slot).
_BOARD_PICKUP = union_all(
    select(
        PickupWindow.weekday,
        type_coerce(null(), Date).label("day"),
        PickupWindow.start_time,
        PickupWindow.end_time,
        type_coerce(null(), Integer).label("booked"),
        PickupWindow.capacity,
    ).where(PickupWindow.active.is_(True)),
    select(
        type_coerce(null(), Integer),
        PickupSlot.day,
        PickupSlot.start_time,
        type_coerce(null(), Time),
        PickupSlot.booked,
        PickupSlot.capacity,
    ).where(PickupSlot.day >= bindparam("start"), PickupSlot.day <= bindparam("end")),
)
# Written into the statements that go through psycopg's pipeline, which takes no list
# parameter to expand.
_HOLDING: list[Any] = [literal_column(f"'{status}'") for status in HOLDING_STATUSES]
_MAHALLELER = (
    select(Delivery.team_day_id, Address.mahalle_id, Address.mahalle_text)
    .join(BabySetApplication, BabySetApplication.id == Delivery.application_id)
    .outerjoin(Address, Address.id == BabySetApplication.address_id)
    .where(Delivery.kind == DeliveryKind.HOME.value, Delivery.status.in_(HOLDING_STATUSES))
)
_MAHALLELER_BETWEEN = _MAHALLELER.where(
    Delivery.scheduled_date >= bindparam("start"), Delivery.scheduled_date <= bindparam("end")
)
_MAHALLELER_OF_DAYS = _MAHALLELER.where(
    Delivery.team_day_id.in_(bindparam("team_day_ids", expanding=True))
)
_FREE = aliased(TeamDay)
# Every team day on the span's first day with a free place (among the days held in team_day:
# a day without rows has no mahalleler), each with the mahalleler of its home deliveries (none:
# one row with no delivery). A suggestion looks at that day's mahalleler; read with the board,
# they cost no round trip of their own.
_MAHALLELER_FIRST_FREE = (
    select(TeamDay.id, TeamDay.day, Delivery.id, Address.mahalle_id, Address.mahalle_text)
    .select_from(TeamDay)
    .outerjoin(
        Delivery,
        and_(
            Delivery.team_day_id == TeamDay.id,
            Delivery.kind == DeliveryKind.HOME.value,
            Delivery.status.in_(_HOLDING),
        ),
    )
    .outerjoin(BabySetApplication, BabySetApplication.id == Delivery.application_id)
    .outerjoin(Address, Address.id == BabySetApplication.address_id)
    .where(
        TeamDay.day
        == select(func.min(_FREE.day))
        .select_from(_FREE)
        .join(Team, Team.id == _FREE.team_id)
        .where(
            Team.active.is_(True),
            _FREE.day >= bindparam("start"),
            _FREE.day <= bindparam("end"),
            _FREE.booked < _FREE.capacity,
        )
        .scalar_subquery()
    )
)


@dataclass(frozen=True)
class _BoardTeam:
    id: int
    name: str
    daily_capacity: int
    working_days: str


class _Board:
    """Free places from ``start`` for ``days`` days, read once; bulk booking updates it as it
    books so the next suggestion sees the new counts."""

    def __init__(
        self, session: Session, start: date, days: int, *, lazy_mahalleler: bool = False
    ) -> None:
        """``lazy_mahalleler``: read a day's mahalleler only when a suggestion looks at that
        day (one suggestion looks at one or two days; bulk booking reads them all at once)."""
        self.start = start
        self.days = [start + timedelta(days=i) for i in range(days)]
        end = self.days[-1]
        # Plain columns, not entities, from statements built once: a suggestion makes a
        # board on every call, and ORM objects and building statements were most of its cost.
        self.state: dict[tuple[int, date], _TeamDayState] = {}
        # One read of the teams and their days: a second query could see days another desk
        # opened in between (PostgreSQL reads each statement's own snapshot).
        self._session = session
        self._team_day_key: dict[int, tuple[int, date]] = {}
        span = {"start": start, "end": end}
        teams: dict[int, _BoardTeam] = {}
        # The teams with their days and the pickup windows with their slots, and when lazy the
        # mahalleler of the first day with a free place: one round trip.
        work: list[tuple[Any, Any]] = [(_BOARD_TEAM_DAYS, span), (_BOARD_PICKUP, span)]
        if lazy_mahalleler:
            work.append((_MAHALLELER_FIRST_FREE, span))
        team_days, pickup, *first_free = run_together(session, work)
        for team_id, name, daily, working, td_id, day, capacity, booked in team_days:
            if team_id not in teams:
                teams[team_id] = _BoardTeam(team_id, name, daily, working)
            if td_id is not None:
                self.state[(team_id, day)] = _TeamDayState(capacity, booked)
                self._team_day_key[td_id] = (team_id, day)
        self.teams = sorted(teams.values(), key=lambda t: t.id)
        self.working = {t.id: parse_working_days(t.working_days) for t in self.teams}
        self._unread_days: set[date] = set(self.days) if lazy_mahalleler else set()
        if not lazy_mahalleler:
            self._read_mahalleler(_MAHALLELER_BETWEEN, span)
        for rows in first_free:
            # Every team day of that day came (its own snapshot: a team day made since the
            # first read is left out, as a later read by the known ids would).
            self._add_mahalleler(
                (td_id, m_id, m_text) for td_id, _, held, m_id, m_text in rows if held is not None
            )
            self._unread_days -= {row.day for row in rows}
        self.windows: dict[int, list[Any]] = defaultdict(list)
        self.slots: dict[tuple[date, time], list[int]] = {}
        for row in pickup:
            if row.weekday is not None:
                self.windows[row.weekday].append(row)
            else:
                self.slots[(row.day, row.start_time)] = [row.booked, row.capacity, 0]
        for windows in self.windows.values():
            windows.sort(key=lambda w: w.start_time)
        self.team_names = {t.id: t.name for t in self.teams}
        self.capacity = {t.id: t.daily_capacity for t in self.teams}

    def _read_mahalleler(self, stmt: Any, params: dict[str, Any]) -> None:
        self._add_mahalleler(self._session.execute(stmt, params))

    def _add_mahalleler(self, rows: Iterable[Any]) -> None:
        for td_id, mahalle_id, mahalle_text in rows:
            key = self._team_day_key.get(td_id) if td_id is not None else None
            if key is not None and key in self.state:
                self.state[key].mahalleler.add(mahalle_id or mahalle_text)

    def _mahalleler_of(self, day: date) -> None:
        """The mahalleler the teams visit on ``day``, read now when the board was made lazy."""
        if day not in self._unread_days:
            return
        self._unread_days.discard(day)
        ids = [td_id for td_id, (_, d) in self._team_day_key.items() if d == day]
        if ids:
            self._read_mahalleler(_MAHALLELER_OF_DAYS, {"team_day_ids": ids})

    def _team_state(self, team_id: int, day: date) -> _TeamDayState:
        key = (team_id, day)
        if key not in self.state:
            self.state[key] = _TeamDayState(self.capacity[team_id], 0)
        return self.state[key]

    def suggest_home(self, mahalle: Any, exclude: set[tuple[int, date]]) -> Suggestion | None:
        """The first day with a free place; on that day the team already visiting the same
        mahalle, else the team with the fewest mahalleler so far (then the most room)."""
        for day in self.days:
            weekday = day.isoweekday()
            with_room = [
                (team.id, st)
                for team in self.teams
                if weekday in self.working[team.id]
                and (team.id, day) not in exclude
                and (st := self._team_state(team.id, day)).booked < st.capacity
            ]
            if with_room:
                self._mahalleler_of(day)  # only for a day that can be suggested
                best = min(
                    (
                        (
                            0 if mahalle is not None and mahalle in st.mahalleler else 1,
                            len(st.mahalleler),
                            st.booked - st.capacity,  # the most room first
                            team_id,
                        ),
                        team_id,
                        st,
                    )
                    for team_id, st in with_room
                )
                score, team_id, st = best
                reason = (
                    "Aynı gün bu ekip aynı mahalleye gidiyor."
                    if score[0] == 0
                    else "Boş yeri olan ilk gün."
                )
                return Suggestion(
                    kind=DeliveryKind.HOME.value,
                    day=day,
                    team_id=team_id,
                    team_name=self.team_names[team_id],
                    start_time=None,
                    end_time=None,
                    free=st.capacity - st.booked,
                    reason=reason,
                )
        return None

    def suggest_pickup(self, exclude: set[tuple[date, time]]) -> Suggestion | None:
        for day in self.days:
            for w in self.windows.get(day.isoweekday(), []):
                if (day, w.start_time) in exclude:
                    continue
                booked, capacity, _ = self.slots.get((day, w.start_time), [0, w.capacity, 0])
                if booked < capacity:
                    return Suggestion(
                        kind=DeliveryKind.PICKUP.value,
                        day=day,
                        team_id=None,
                        team_name=None,
                        start_time=w.start_time,
                        end_time=w.end_time,
                        free=capacity - booked,
                        reason="Masadan teslim için boş yeri olan ilk saat.",
                    )
        return None

    def note_home(self, team_id: int, day: date, mahalle: Any) -> None:
        st = self._team_state(team_id, day)
        st.booked += 1
        st.mahalleler.add(mahalle)

    def mark_full_home(self, team_id: int, day: date) -> None:
        st = self._team_state(team_id, day)
        st.booked = st.capacity

    def note_pickup(self, day: date, start: time, capacity: int, full: bool = False) -> None:
        slot = self.slots.setdefault((day, start), [0, capacity, 0])
        slot[0] = slot[1] if full else slot[0] + 1


def _mahalle_of(session: Session, app: BabySetApplication) -> Any:
    if app.address_id is None:
        return None
    address = session.get(Address, app.address_id)
    if address is None:
        return None
    return address.mahalle_id or address.mahalle_text


def _suggestions(board: _Board, mahalle: Any, pickup_first: bool) -> tuple[Suggestion, ...]:
    home = board.suggest_home(mahalle, set())
    pickup = board.suggest_pickup(set())
    ordered = [pickup, home] if pickup_first else [home, pickup]
    return tuple(s for s in ordered if s is not None)


@dataclass(frozen=True)
class SuggestionSet:
    application_id: int
    reference: str
    failed_home_attempts: int
    pickup_first: bool
    suggestions: tuple[Suggestion, ...]  # the preferred one first
    version: int


_SUGGEST_APPLICATION = (
    select(
        BabySetApplication.id,
        BabySetApplication.reference,
        BabySetApplication.version,
        Address.mahalle_id,
        Address.mahalle_text,
        home_failure_count().label("failures"),
        every_setting(),
    )
    .outerjoin(Address, Address.id == BabySetApplication.address_id)
    .where(BabySetApplication.id == bindparam("app_id"))
)


def suggest(
    db: Database, actor: Actor, application_id: int, *, today: date | None = None
) -> SuggestionSet:
    """The first home delivery and the first desk pickup with room, the preferred one first:
    after enough failed home visits (a setting) the desk pickup comes first."""
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        # Reads that need no common snapshot: no BEGIN, no COMMIT round trip.
        without_transaction(session)
        # The application with its address's mahalle and its failed home visits in one
        # read, as plain columns.
        (found,) = run_together(session, [(_SUGGEST_APPLICATION, {"app_id": application_id})])
        if not found:
            raise not_found(application_id)
        app = found[0]
        remember(session, app.every_setting)
        start = (today or local_today()) + timedelta(days=lead_days(session))
        board = _Board(session, start, horizon_days(session), lazy_mahalleler=True)
        failures = int(app.failures)
        threshold = pickup_first_threshold(session)
        pickup_first = threshold > 0 and failures >= threshold
        return SuggestionSet(
            application_id=app.id,
            reference=app.reference,
            failed_home_attempts=failures,
            pickup_first=pickup_first,
            suggestions=_suggestions(board, app.mahalle_id or app.mahalle_text, pickup_first),
            version=app.version,
        )


# --- booking -------------------------------------------------------------------------------


# The booking's statements are built once, with bound parameters: building a statement (and
# its cache key) cost more of a booking's Python time than running it.
_LOCK_APPLICATION = (
    select(BabySetApplication)
    .where(BabySetApplication.id == bindparam("app_id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)


def _lock_application(session: Session, application_id: int) -> BabySetApplication:
    app = session.scalar(_LOCK_APPLICATION, {"app_id": application_id})
    if app is None:
        raise not_found(application_id)
    return app


def _require_bookable(app: Any) -> None:
    if app.status != ApplicationStatus.APPROVED.value:
        if app.status == ApplicationStatus.SCHEDULED.value:
            raise InvalidTransition(
                f"{app.reference} zaten planlı; teslimatı taşımak için planlama ekranındaki "
                "‘Taşı’yı kullanın.",
                "durum",
            )
        raise InvalidTransition(
            f"{app.reference} onaylı değil; yalnızca onaylanmış başvurular planlanabilir.",
            "durum",
        )


def _check_day(session: Session, day: date, today: date) -> None:
    if day < today:
        raise ValidationError(
            f"{day:%d.%m.%Y} geçmiş bir gün; bugün ya da sonrası için planlayın.", "tarih"
        )
    if day > today + timedelta(days=366):
        raise ValidationError("En fazla bir yıl sonrası için planlanabilir.", "tarih")


# The team and its day in one read, as plain columns (the day as last committed).
_TEAM_AND_DAY = (
    select(
        Team.id,
        Team.name,
        Team.active,
        Team.working_days,
        Team.daily_capacity,
        TeamDay.id.label("day_id"),
        TeamDay.booked,
        TeamDay.capacity,
        TeamDay.route_manual,
    )
    .outerjoin(TeamDay, and_(TeamDay.team_id == Team.id, TeamDay.day == bindparam("day")))
    .where(Team.id == bindparam("team_id"))
)


def _home_day(session: Session, team_id: int, day: date, read: list[Any] | None = None) -> Any:
    """The team with its day to book on (``day_id``, ``booked``, ``capacity``,
    ``route_manual``), checked, the day created when missing; no place taken yet. ``read``:
    the rows of ``_TEAM_AND_DAY`` when the caller read them with its own statements."""
    params = {"team_id": team_id, "day": day}
    if read is None:
        read = list(session.execute(_TEAM_AND_DAY, params))
    found = read[0] if read else None
    if found is None:
        raise NotFound("Ekip bulunamadı; listeyi yenileyin.", "ekip")
    if not found.active:
        raise ValidationError(f"{found.name} pasif; başka bir ekip seçin.", "ekip")
    if day.isoweekday() not in parse_working_days(found.working_days):
        raise ValidationError(
            f"{found.name} {day_text(day)} günü çalışmıyor; başka bir gün ya da ekip seçin.",
            "tarih",
        )
    if found.day_id is None:
        create_team_day(session, team_id, found.daily_capacity, day)
        found = session.execute(_TEAM_AND_DAY, params).one()
    return found


def _home_full(session: Session, team_id: int, day: date) -> CapacityFull:
    """The refusal of a full team day, with its counts as now committed."""
    found = session.execute(_TEAM_AND_DAY, {"team_id": team_id, "day": day}).one()
    return CapacityFull(
        f"{found.name} {day_text(day)} günü dolu ({found.booked}/{found.capacity}); "
        "başka bir gün ya da ekip seçin.",
        "tarih",
    )


def _take_home(session: Session, team_id: int, day: date) -> int:
    """Take a place on the team's day (the conditional UPDATE: the row stays locked until the
    transaction ends) and return the day's id, or raise CapacityFull."""
    team_day = _home_day(session, team_id, day)
    if not take_place(session, TeamDay, team_day.day_id):
        raise _home_full(session, team_id, day)
    return int(team_day.day_id)


def _pickup_full(slot: PickupSlot, day: date) -> CapacityFull:
    return CapacityFull(
        f"{day_text(day)} {window_text(slot.start_time, slot.end_time)} saatleri dolu "
        f"({slot.booked}/{slot.capacity}); başka bir saat seçin.",
        "saat",
    )


def _claim_pickup(session: Session, slot: PickupSlot, day: date) -> None:
    if not take_place(session, PickupSlot, slot.id):
        session.refresh(slot)
        raise _pickup_full(slot, day)


def _take_pickup(session: Session, day: date, start: time) -> PickupSlot:
    slot = ensure_pickup_slot(session, day, start)
    _claim_pickup(session, slot, day)
    return slot


@dataclass(frozen=True)
class _RoutePoint:
    """What the route order of a delivery depends on (the fields ``route_key`` reads)."""

    id: int
    route_order: int
    mahalle: str
    street: str
    building_no: str
    apartment_no: str


# The day's held deliveries with what their route order depends on; built once.
_ROUTE_POINTS = (
    select(
        Delivery.id,
        Delivery.route_order,
        func.coalesce(Mahalle.name, Address.mahalle_text),
        Address.street,
        Address.building_no,
        Address.apartment_no,
    )
    .join(BabySetApplication, BabySetApplication.id == Delivery.application_id)
    .outerjoin(Address, Address.id == BabySetApplication.address_id)
    .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
    .where(
        Delivery.team_day_id == bindparam("team_day_id"),
        Delivery.status.in_(_HOLDING),
    )
)


def _points(rows: Iterable[Any]) -> list[Any]:
    return [
        _RoutePoint(d_id, order, mahalle or "", street or "", building or "", apartment or "")
        for d_id, order, mahalle, street, building, apartment in rows
    ]


def _route_points(session: Session, team_day_id: int) -> list[Any]:
    """The day's held deliveries with their addresses: a lighter read than ``delivery_rows``
    (no citizen, team, window or edition), made while the team day's row is locked."""
    return _points(session.execute(_ROUTE_POINTS, {"team_day_id": team_day_id}))


def resequence(session: Session, team_day_id: int) -> None:
    """Route order of a team day: sorted by mahalle, street and building; after a manual
    reorder only the deliveries without a place yet are appended at the end. (A booking sets
    its day's order from the deliveries it reads with its own statement: ``_route_orders``.)"""
    team_day = session.get(TeamDay, team_day_id)
    if team_day is None:
        return
    session.flush()
    rows = _route_points(session, team_day_id)
    _, changed = _route_orders(rows, team_day.route_manual)
    if changed:
        _set_route_orders(session, changed)


def _route_orders(rows: list[Any], route_manual: bool) -> tuple[dict[int, int], dict[int, int]]:
    """Every held delivery's place in the day's route, and the places that changed."""
    if route_manual:
        placed = in_route_order(r for r in rows if r.route_order > 0)
        ordered = placed + sorted((r for r in rows if r.route_order <= 0), key=route_key)
    else:
        ordered = sorted(rows, key=route_key)
    orders = {row.id: i for i, row in enumerate(ordered, start=1)}
    changed = {row.id: orders[row.id] for row in rows if row.route_order != orders[row.id]}
    return orders, changed


_DELIVERY = cast(Table, Delivery.__table__)


_SET_ROUTE_ORDER = (
    update(_DELIVERY)
    .where(_DELIVERY.c.id == bindparam("delivery_id"))
    .values(
        route_order=bindparam("new_order"),
        version=_DELIVERY.c.version + 1,
        updated_at=bindparam("now"),
    )
)


def _route_order_params(orders: dict[int, int], now: datetime) -> list[dict[str, Any]]:
    return [{"delivery_id": d, "new_order": o, "now": now} for d, o in orders.items()]


def _set_route_orders(session: Session, orders: dict[int, int]) -> None:
    """Write new route orders in one statement (it runs while the team day's row is locked),
    raising each delivery's version as the ORM would; the deliveries this session holds are
    told their new values instead of being read again."""
    now = utcnow()
    session.execute(_SET_ROUTE_ORDER, _route_order_params(orders, now))
    for d_id, order in orders.items():
        obj = session.identity_map.get(session.identity_key(Delivery, d_id))
        if not isinstance(obj, Delivery):
            continue
        if "version" in obj.__dict__ and obj not in session.dirty:
            set_committed_value(obj, "route_order", order)
            set_committed_value(obj, "version", obj.version + 1)
            set_committed_value(obj, "updated_at", now)
        else:
            session.expire(obj)


def _place_text(
    kind: str, day: date, team: str | None, start: time | None, end: time | None
) -> str:
    if kind == DeliveryKind.PICKUP.value and start and end:
        return f"masadan teslim, {day_text(day)} {window_text(start, end)}"
    return f"eve teslim, {day_text(day)}, {team}"


def _row_place(row: DeliveryRow) -> str:
    return _place_text(row.kind, row.day, row.team_name, row.start_time, row.end_time)


@dataclass(frozen=True)
class _Place:
    """A place found by ``_place_for``: the row to take it on and what the texts name."""

    kind: DeliveryKind
    day: date
    team_day_id: int | None = None
    team_id: int | None = None
    team_name: str | None = None
    pickup_slot_id: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    route_manual: bool = False

    @property
    def text(self) -> str:
        return _place_text(
            self.kind.value, self.day, self.team_name, self.start_time, self.end_time
        )


def _place_for(
    session: Session,
    kind: DeliveryKind,
    day: date,
    team_id: int | None,
    start_time: time | None,
    team_day_read: list[Any] | None = None,
) -> _Place:
    """The team's day or the pickup window to book on, or CapacityFull when it is full as
    last committed (no wait on a desk that holds it). Nothing is taken yet; at most an empty
    team day or pickup slot was made, as the next booking would make it."""
    if kind is DeliveryKind.HOME:
        if team_id is None:
            raise ValidationError("Eve teslim için bir ekip seçin.", "ekip")
        team_day = _home_day(session, team_id, day, team_day_read)
        if team_day.booked >= team_day.capacity:
            raise _home_full(session, team_id, day)
        return _Place(
            kind,
            day,
            team_day_id=team_day.day_id,
            team_id=team_id,
            team_name=team_day.name,
            route_manual=team_day.route_manual,
        )
    if start_time is None:
        raise ValidationError("Masadan teslim için bir saat aralığı seçin.", "saat")
    slot = ensure_pickup_slot(session, day, start_time)
    if slot.booked >= slot.capacity:
        raise _pickup_full(slot, day)
    return _Place(
        kind, day, pickup_slot_id=slot.id, start_time=slot.start_time, end_time=slot.end_time
    )


@dataclass(frozen=True)
class _Booked:
    delivery_id: int
    place: _Place
    editions: list[EditionRow]  # the active ones, read to pick the set
    edition: EditionRow | None
    route_order: int


def _book_in_session(
    session: Session,
    actor: Actor,
    app: Any,
    kind: DeliveryKind,
    day: date,
    team_id: int | None,
    start_time: time | None,
    now: datetime,
    *,
    citizen: Any = None,
    next_id: int | None = None,
    commit: bool = False,
    team_day_read: list[Any] | None = None,
    editions: list[EditionRow] | None = None,
) -> _Booked:
    """Book ``app`` (its ``id``, ``reference``, ``status``, ``citizen_id`` and ``phone_e164``)
    in the caller's transaction, or raise CapacityFull having written nothing.

    Everything is read first; then the place is taken and the rows written together
    (``write_booking``), and the team day's route order set. ``citizen``: the citizen's SMS
    columns read with the application, ``next_id``: the delivery id read with it (PostgreSQL).
    ``commit``: end the transaction with the route order's writes (the caller writes nothing
    after the booking), in their round trip on PostgreSQL. ``team_day_read``, ``editions``:
    the team's day and the active editions when the caller read them with the application.
    """
    check_application_transition(ApplicationStatus(app.status), ApplicationStatus.SCHEDULED, None)
    place = _place_for(session, kind, day, team_id, start_time, team_day_read)
    if editions is None:
        editions = edition_rows(session, active_only=True)
    edition = pick_edition(session, editions)
    delivery = {
        "application_id": app.id,
        "kind": place.kind.value,
        "team_day_id": place.team_day_id,
        "pickup_slot_id": place.pickup_slot_id,
        "scheduled_date": place.day,
        "route_order": 0,
        "status": BOOKED,
        "set_edition_id": edition.id if edition else None,
        "print_serial": 0,
        "printed_at": None,
        "created_by_id": actor.user_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    scheduled = ApplicationStatus.SCHEDULED.value

    def rows_for(delivery_id: int) -> BookingRows:
        return BookingRows(
            application_id=app.id,
            application_status=scheduled,
            event=event_row(
                app.id,
                now,
                EVENT_SCHEDULED,
                actor.user_id,
                app.status,
                scheduled,
                f"Planlandı: {place.text}.",
                {"delivery_id": delivery_id},
            ),
            sms=notify.booked_message_row(
                session,
                delivery_id=delivery_id,
                application_id=app.id,
                reference=app.reference,
                citizen_id=app.citizen_id,
                phone=app.phone_e164,
                citizen=citizen,
                delivery_kind=place.kind.value,
                day=place.day,
                start_time=place.start_time,
                end_time=place.end_time,
                now=now,
            ),
            audit=audit.row(
                actor,
                "delivery.book",
                "delivery",
                delivery_id,
                new={
                    "application": app.reference,
                    "kind": place.kind.value,
                    "day": place.day,
                    "team_day_id": place.team_day_id,
                    "pickup_slot_id": place.pickup_slot_id,
                },
                subject_citizen_id=app.citizen_id,
            ),
        )

    if place.team_day_id is not None:
        model: type[TeamDay] | type[PickupSlot] = TeamDay
        row_id = place.team_day_id
    else:
        assert place.pickup_slot_id is not None
        model, row_id = PickupSlot, place.pickup_slot_id
    # The day's deliveries with their addresses, read once the place is taken: every desk
    # booking this day waits for this booking's commit, so they are all there.
    then = None
    if place.team_day_id is not None:
        then = (_ROUTE_POINTS, {"team_day_id": place.team_day_id})
    delivery_id, points = write_booking(
        session, model, row_id, delivery, rows_for, next_id, then=then
    )
    if delivery_id is None:
        if place.team_id is not None:
            raise _home_full(session, place.team_id, day)
        slot = session.get(PickupSlot, row_id, populate_existing=True)
        assert slot is not None
        raise _pickup_full(slot, day)
    if isinstance(app, BabySetApplication):  # a bulk booking's object: as now written
        set_committed_value(app, "status", ApplicationStatus.SCHEDULED)
        set_committed_value(app, "version", app.version + 1)
        set_committed_value(app, "updated_at", now)
    route_order = 0
    if place.team_day_id is not None:
        orders, changed = _route_orders(_points(points), place.route_manual)
        route_order = orders[delivery_id]
        if commit:
            execute_and_commit(session, _SET_ROUTE_ORDER, _route_order_params(changed, utcnow()))
        elif changed:
            _set_route_orders(session, changed)
    return _Booked(delivery_id, place, editions, edition, route_order)


# What a booking reads of the application, its parent and its address, the application's row
# locked: its checks, its SMS and the row the desk is shown (built, not read back).
_BOOK_APPLICATION = (
    select(
        BabySetApplication.id,
        BabySetApplication.reference,
        BabySetApplication.status,
        BabySetApplication.version,
        BabySetApplication.citizen_id,
        BabySetApplication.phone_e164,
        Citizen.first_name,
        Citizen.last_name,
        Citizen.phone_e164.label("citizen_phone"),
        Citizen.sms_opt_out,
        Citizen.anonymised_at,
        func.coalesce(Mahalle.name, Address.mahalle_text).label("mahalle"),
        Address.street,
        Address.building_no,
        Address.apartment_no,
        pending_count().label("pending"),
        every_setting(),
    )
    .outerjoin(Citizen, Citizen.id == BabySetApplication.citizen_id)
    .outerjoin(Address, Address.id == BabySetApplication.address_id)
    .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
    .where(BabySetApplication.id == bindparam("app_id"))
    .with_for_update(of=BabySetApplication)
)
_BOOK_APPLICATION_PG = _BOOK_APPLICATION.add_columns(next_delivery_id())


@dataclass(frozen=True)
class _SmsCitizen:
    sms_opt_out: bool
    anonymised_at: datetime | None
    phone_e164: str | None


def _booked_row(app: Any, booked: _Booked) -> DeliveryRow:
    """The row the desk is shown for the booking just written: what ``delivery_row`` would
    read back, built from what the booking read and wrote."""
    place = booked.place
    phone = app.phone_e164 or app.citizen_phone
    return DeliveryRow(
        id=booked.delivery_id,
        application_id=app.id,
        reference=app.reference,
        kind=place.kind,
        kind_label=kind_label(place.kind),
        status=BOOKED,
        status_label=DELIVERY_STATUS_LABELS.get(BOOKED, BOOKED),
        day=place.day,
        team_id=place.team_id,
        team_name=place.team_name,
        start_time=place.start_time,
        end_time=place.end_time,
        route_order=booked.route_order,
        parent_name=f"{app.first_name} {app.last_name}",
        phone_masked=mask_phone(phone) if phone else "",
        mahalle=app.mahalle or "",
        street=app.street or "",
        building_no=app.building_no or "",
        apartment_no=app.apartment_no or "",
        print_serial=0,
        edition_name=booked.edition.name if booked.edition else None,
        version=2 if booked.route_order else 1,  # setting its route order raised it once
        application_version=app.version + 1,
        reminded=False,
    )


def book(
    db: Database,
    actor: Actor,
    application_id: int,
    expected_version: int,
    kind: DeliveryKind,
    day: date,
    *,
    team_id: int | None = None,
    start_time: time | None = None,
    now: datetime | None = None,
) -> BookingResult:
    """Book an approved application as a home delivery (``team_id``) or a desk pickup
    (``start_time`` of one of the day's windows). A full day or window is refused with
    ``CapacityFull`` and nothing is written."""
    require(actor, Action.PLAN_DELIVERIES)
    now = now or utcnow()
    today = local_today(now)

    def work() -> BookingResult:
        with unit_of_work(db) as session:
            pg = on_postgres(session)
            # The application, the team's day and the editions in one round trip.
            reads: list[tuple[Any, Any]] = [
                (_BOOK_APPLICATION_PG if pg else _BOOK_APPLICATION, {"app_id": application_id}),
                (ACTIVE_EDITIONS, {}),
            ]
            if kind is DeliveryKind.HOME and team_id is not None:
                reads.append((_TEAM_AND_DAY, {"team_id": team_id, "day": day}))
            found, edition_read, *team_day_read = run_together(session, reads)
            if not found:
                raise not_found(application_id)
            app = found[0]
            remember(session, app.every_setting)
            if app.version != expected_version:
                raise stale()
            _require_bookable(app)
            _check_day(session, day, today)
            citizen = (
                _SmsCitizen(bool(app.sms_opt_out), app.anonymised_at, app.citizen_phone)
                if app.citizen_id is not None
                else None
            )
            try:
                booked = _book_in_session(
                    session,
                    actor,
                    app,
                    kind,
                    day,
                    team_id,
                    start_time,
                    now,
                    citizen=citizen,
                    next_id=app.next_delivery_id if pg else None,
                    commit=True,
                    team_day_read=team_day_read[0] if team_day_read else None,
                    editions=edition_rows_of(edition_read),
                )
            except CapacityFull:
                # Refused with nothing written (the place is taken by the statement that
                # writes the booking): end with COMMIT, not ROLLBACK, so the connection keeps
                # its prepared statements (psycopg drops them all on a ROLLBACK); the desk
                # asks again.
                if not (session.new or session.dirty or session.deleted):
                    session.commit()
                raise
            # The deliveries waiting for a set: as read with the application, and this one.
            warning = stock_status(session, booked.editions, pending=app.pending + 1).warning
            return BookingResult(delivery=_booked_row(app, booked), stock_warning=warning)

    return retrying(work)


def bulk_book(
    db: Database,
    actor: Actor,
    application_ids: Sequence[int],
    *,
    kind: BookingKind = "auto",
    start: date | None = None,
    now: datetime | None = None,
) -> BulkResult:
    """Spread many approved applications over the coming days, oldest application first, each
    on the first day with room (grouping a team's day by mahalle). ``auto`` books a desk
    pickup for those with enough failed home visits and a home delivery for the rest. One
    transaction: applications that cannot be booked are reported, the rest are booked."""
    require(actor, Action.PLAN_DELIVERIES)
    now = now or utcnow()
    if not application_ids:
        raise ValidationError("Planlanacak başvuru seçilmedi; listeden başvuru seçin.", "secim")

    def work() -> BulkResult:
        with unit_of_work(db) as session:
            first = start or local_today(now) + timedelta(days=lead_days(session))
            _check_day(session, first, local_today(now))
            board = _Board(session, first, horizon_days(session))
            threshold = pickup_first_threshold(session)
            apps = [
                a
                for a in session.scalars(
                    select(BabySetApplication)
                    .where(BabySetApplication.id.in_(list(application_ids)))
                    .order_by(BabySetApplication.id)
                    .with_for_update()
                )
            ]
            found = {a.id for a in apps}
            skipped = [
                BulkSkip(i, str(i), "Başvuru bulunamadı.")
                for i in application_ids
                if i not in found
            ]
            apps.sort(key=lambda a: (a.applied_at, a.id))
            failures = home_failures(session, found)
            booked_ids: list[int] = []
            for app in apps:
                if app.status != ApplicationStatus.APPROVED.value:
                    skipped.append(
                        BulkSkip(app.id, app.reference, "Onaylı ve planlanmamış değil; atlandı.")
                    )
                    continue
                want_pickup = kind == "pickup" or (
                    kind == "auto" and threshold > 0 and failures.get(app.id, 0) >= threshold
                )
                delivery_id = _bulk_one(session, actor, board, app, want_pickup, now)
                if delivery_id is None:
                    where = "masadan teslim saati" if want_pickup else "ekip günü"
                    skipped.append(
                        BulkSkip(
                            app.id,
                            app.reference,
                            f"{horizon_days(session)} gün içinde boş {where} yok.",
                        )
                    )
                    continue
                booked_ids.append(delivery_id)
            session.flush()
            rows = delivery_rows(session, Delivery.id.in_(booked_ids)) if booked_ids else []
            audit.record(
                session,
                actor,
                "delivery.bulk_book",
                "delivery",
                None,
                new={"booked": len(rows), "skipped": len(skipped), "kind": kind},
            )
            return BulkResult(
                booked=tuple(
                    sorted(rows, key=lambda r: (r.day, sort_key(r.team_name or ""), r.route_order))
                ),
                skipped=tuple(skipped),
                stock_warning=stock_status(session).warning,
            )

    return retrying(work)


def _bulk_one(
    session: Session,
    actor: Actor,
    board: _Board,
    app: BabySetApplication,
    want_pickup: bool,
    now: datetime,
) -> int | None:
    mahalle = _mahalle_of(session, app)
    full_home: set[tuple[int, date]] = set()
    full_pickup: set[tuple[date, time]] = set()
    for _ in range(50):  # another desk may fill a day between our read and our booking
        choice = (
            board.suggest_pickup(full_pickup)
            if want_pickup
            else board.suggest_home(mahalle, full_home)
        )
        if choice is None:
            return None
        try:
            with session.begin_nested():
                booked = _book_in_session(
                    session,
                    actor,
                    app,
                    DeliveryKind(choice.kind),
                    choice.day,
                    choice.team_id,
                    choice.start_time,
                    now,
                )
        except CapacityFull:
            if choice.team_id is not None:
                full_home.add((choice.team_id, choice.day))
                board.mark_full_home(choice.team_id, choice.day)
            elif choice.start_time is not None:
                full_pickup.add((choice.day, choice.start_time))
                board.note_pickup(choice.day, choice.start_time, 0, full=True)
            continue
        if choice.team_id is not None:
            board.note_home(choice.team_id, choice.day, mahalle)
        elif choice.start_time is not None:
            board.note_pickup(choice.day, choice.start_time, choice.free)
        return booked.delivery_id
    return None


# --- moving, reordering, cancelling ------------------------------------------------------


def _lock_delivery(session: Session, delivery_id: int, expected_version: int | None) -> Delivery:
    delivery = session.scalar(
        select(Delivery)
        .where(Delivery.id == delivery_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if delivery is None:
        raise delivery_not_found(delivery_id)
    if expected_version is not None and delivery.version != expected_version:
        raise stale_delivery()
    return delivery


def _release(session: Session, delivery: Delivery) -> None:
    if delivery.team_day_id is not None:
        release_place(session, TeamDay, delivery.team_day_id)
    if delivery.pickup_slot_id is not None:
        release_place(session, PickupSlot, delivery.pickup_slot_id)


def move_delivery(
    db: Database,
    actor: Actor,
    delivery_id: int,
    expected_version: int,
    kind: DeliveryKind,
    day: date,
    *,
    team_id: int | None = None,
    start_time: time | None = None,
    now: datetime | None = None,
) -> DeliveryRow:
    """Move a booked delivery to another day, team or pickup window, under the same capacity
    rule; a full target is refused and the delivery stays where it was."""
    require(actor, Action.PLAN_DELIVERIES)
    now = now or utcnow()

    def work() -> DeliveryRow:
        with unit_of_work(db) as session:
            delivery = _lock_delivery(session, delivery_id, expected_version)
            if delivery.status != BOOKED:
                raise InvalidTransition(
                    "Yalnızca planlı (sonucu girilmemiş) teslimatlar taşınabilir.", "durum"
                )
            _check_day(session, day, local_today(now))
            before = delivery_row(session, delivery.id)
            same_home = (
                kind is DeliveryKind.HOME
                and delivery.kind == DeliveryKind.HOME.value
                and before.team_id == team_id
                and delivery.scheduled_date == day
            )
            same_pickup = (
                kind is DeliveryKind.PICKUP
                and delivery.kind == DeliveryKind.PICKUP.value
                and delivery.scheduled_date == day
                and before.start_time == start_time
            )
            if same_home or same_pickup:
                return before
            old_team_day = delivery.team_day_id
            if kind is DeliveryKind.HOME:
                if team_id is None:
                    raise ValidationError("Eve teslim için bir ekip seçin.", "ekip")
                team_day_id = _take_home(session, team_id, day)
                _release(session, delivery)
                delivery.team_day_id = team_day_id
                delivery.pickup_slot_id = None
            else:
                if start_time is None:
                    raise ValidationError("Masadan teslim için bir saat aralığı seçin.", "saat")
                slot = _take_pickup(session, day, start_time)
                _release(session, delivery)
                delivery.pickup_slot_id = slot.id
                delivery.team_day_id = None
            delivery.kind = kind
            delivery.scheduled_date = day
            delivery.route_order = 0
            delivery.updated_at = now
            session.flush()
            if old_team_day is not None:
                resequence(session, old_team_day)
            if delivery.team_day_id is not None:
                resequence(session, delivery.team_day_id)
            session.flush()
            after = delivery_row(session, delivery.id)
            app = session.get(BabySetApplication, delivery.application_id)
            assert app is not None
            text = f"Taşındı: {_row_place(before)} → {_row_place(after)}."
            add_event(
                session, app.id, now, EVENT_SCHEDULED, actor.user_id, app.status, app.status, text
            )
            notify.delivery_booked(session, delivery.id, now)
            audit.record(
                session,
                actor,
                "delivery.move",
                "delivery",
                delivery.id,
                old={
                    "kind": before.kind,
                    "day": before.day,
                    "team": before.team_name,
                    "start_time": before.start_time,
                },
                new={
                    "kind": after.kind,
                    "day": after.day,
                    "team": after.team_name,
                    "start_time": after.start_time,
                },
                subject_citizen_id=app.citizen_id,
            )
            return after

    return retrying(work)


def set_route_order(
    db: Database, actor: Actor, team_id: int, day: date, delivery_ids: Sequence[int]
) -> tuple[DeliveryRow, ...]:
    """A clerk's own route order for a team's day (every delivery of the day, once)."""
    require(actor, Action.PLAN_DELIVERIES)
    with unit_of_work(db) as session:
        team_day = session.scalar(
            select(TeamDay).where(TeamDay.team_id == team_id, TeamDay.day == day).with_for_update()
        )
        if team_day is None:
            raise NotFound("Bu ekibin o gün teslimatı yok.", "rota")
        deliveries = {
            d.id: d
            for d in session.scalars(
                select(Delivery).where(
                    Delivery.team_day_id == team_day.id, Delivery.status.in_(HOLDING_STATUSES)
                )
            )
        }
        if sorted(delivery_ids) != sorted(deliveries):
            raise ValidationError(
                "Rota bu arada başka bir masada değişti; planı yenileyip yeniden sıralayın.",
                "rota",
            )
        for order, delivery_id in enumerate(delivery_ids, start=1):
            deliveries[delivery_id].route_order = order
        team_day.route_manual = True
        audit.record(
            session,
            actor,
            "delivery.route_order",
            "team_day",
            team_day.id,
            new={"order": list(delivery_ids)},
        )
        session.flush()
        return tuple(
            in_route_order(
                delivery_rows(
                    session,
                    Delivery.team_day_id == team_day.id,
                    Delivery.status.in_(HOLDING_STATUSES),
                )
            )
        )


def reset_route_order(db: Database, actor: Actor, team_id: int, day: date) -> None:
    """Back to the automatic order (mahalle, street, building)."""
    require(actor, Action.PLAN_DELIVERIES)
    with unit_of_work(db) as session:
        team_day = session.scalar(
            select(TeamDay).where(TeamDay.team_id == team_id, TeamDay.day == day).with_for_update()
        )
        if team_day is None:
            return
        team_day.route_manual = False
        resequence(session, team_day.id)


def release_for_application(session: Session, application_id: int, now: datetime) -> list[int]:
    """Cancel the booked deliveries of an application and give their places back (used when
    the application is cancelled or its booking is withdrawn). Returns the delivery ids."""
    released = []
    for delivery in session.scalars(
        select(Delivery)
        .where(Delivery.application_id == application_id, Delivery.status == BOOKED)
        .with_for_update()
    ):
        _release(session, delivery)
        delivery.status = CANCELLED
        delivery.updated_at = now
        released.append(delivery.id)
        session.flush()
        if delivery.team_day_id is not None:
            resequence(session, delivery.team_day_id)
    return released


def cancel_booking(
    db: Database,
    actor: Actor,
    delivery_id: int,
    expected_version: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> int:
    """Withdraw a booking: the place is freed and the application waits to be booked again.
    Returns the application id."""
    require(actor, Action.PLAN_DELIVERIES)
    now = now or utcnow()
    text = reason.strip()
    if not text:
        raise ValidationError("Planı geri almanın nedenini yazın.", "gerekce")
    with unit_of_work(db) as session:
        delivery = _lock_delivery(session, delivery_id, expected_version)
        if delivery.status != BOOKED:
            raise InvalidTransition("Yalnızca planlı teslimatlar geri alınabilir.", "durum")
        app = _lock_application(session, delivery.application_id)
        release_for_application(session, app.id, now)
        old_status = app.status
        check_application_transition(
            ApplicationStatus(app.status), ApplicationStatus.APPROVED, text
        )
        app.status = ApplicationStatus.APPROVED
        app.updated_at = now
        add_event(
            session,
            app.id,
            now,
            EVENT_SCHEDULED,
            actor.user_id,
            old_status,
            app.status,
            f"Plan geri alındı: {text}",
        )
        audit.record(
            session,
            actor,
            "delivery.cancel_booking",
            "delivery",
            delivery.id,
            old={"status": BOOKED},
            new={"status": CANCELLED},
            detail=text,
            subject_citizen_id=app.citizen_id,
        )
        return app.id

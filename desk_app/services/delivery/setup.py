"""Teams, desk pickup windows, set editions and stock: managed by a supervisor or an admin.

Changing a team's daily capacity also changes its coming days that are already opened, but
never below what is booked on them: those days keep their bookings and are reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.errors import Conflict, NotFound, ValidationError
from desk_app.domain.text import clean, sort_key
from desk_app.models import Delivery, PickupWindow, SetEdition, StockMovement, Team, TeamDay, utcnow
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.delivery.common import (
    BOOKED,
    WEEKDAY_NAMES,
    EditionInput,
    EditionRow,
    PickupWindowInput,
    PickupWindowRow,
    StockStatus,
    TeamInput,
    TeamRow,
    ensure_team_day,
    parse_working_days,
    require_positive,
    working_days_text,
)
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only, unit_of_work

MAX_STOCK_QUANTITY = 100_000


def team_row(team: Team) -> TeamRow:
    days = parse_working_days(team.working_days)
    return TeamRow(
        id=team.id,
        name=team.name,
        members=team.members,
        daily_capacity=team.daily_capacity,
        working_days=days,
        working_days_text=working_days_text(days),
        active=team.active,
    )


def load_teams(session: Session, *, active_only: bool = False) -> list[Team]:
    stmt = select(Team)
    if active_only:
        stmt = stmt.where(Team.active.is_(True))
    return sorted(session.scalars(stmt), key=lambda t: sort_key(t.name))


def list_teams(db: Database, actor: Actor, *, active_only: bool = False) -> tuple[TeamRow, ...]:
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        return tuple(team_row(t) for t in load_teams(session, active_only=active_only))


def _validate_team(data: TeamInput) -> tuple[str, str, str]:
    name = clean(data.name)
    if not name:
        raise ValidationError("Ekip adı boş; ekibe bir ad verin (ör. ‘Ekip 4’).", "ekip_adi")
    if len(name) > 100:
        raise ValidationError("Ekip adı en fazla 100 karakter olabilir.", "ekip_adi")
    require_positive(data.daily_capacity, "kapasite", "Günlük kapasite", 200)
    days = tuple(sorted(set(data.working_days)))
    if not days or any(d < 1 or d > 7 for d in days):
        raise ValidationError("Ekibin en az bir çalışma günü seçilmeli.", "calisma_gunleri")
    return name, clean(data.members), ",".join(str(d) for d in days)


def save_team(
    db: Database, actor: Actor, data: TeamInput, team_id: int | None = None
) -> tuple[TeamRow, tuple[date, ...]]:
    """Create (``team_id`` None) or change a team. Returns the team and the coming days whose
    bookings exceed the new capacity (they keep their bookings)."""
    require(actor, Action.MANAGE_DELIVERY_SETUP)
    name, members, days = _validate_team(data)
    kept: list[date] = []
    try:
        with unit_of_work(db) as session:
            if team_id is None:
                team = Team(name=name)
                session.add(team)
                old: dict[str, object] = {}
            else:
                found = session.get(Team, team_id, with_for_update=True)
                if found is None:
                    raise NotFound("Ekip bulunamadı; listeyi yenileyin.")
                team = found
                old = {
                    "name": team.name,
                    "members": team.members,
                    "daily_capacity": team.daily_capacity,
                    "working_days": team.working_days,
                    "active": team.active,
                }
            team.name = name
            team.members = members
            team.daily_capacity = data.daily_capacity
            team.working_days = days
            team.active = data.active
            session.flush()
            if team_id is not None:
                for team_day in session.scalars(
                    select(TeamDay)
                    .where(TeamDay.team_id == team.id, TeamDay.day >= local_today())
                    .with_for_update()
                ):
                    team_day.capacity = max(team_day.booked, data.daily_capacity)
                    if team_day.booked > data.daily_capacity:
                        kept.append(team_day.day)
            new = {
                "name": name,
                "members": members,
                "daily_capacity": data.daily_capacity,
                "working_days": days,
                "active": data.active,
            }
            old_values, new_values = audit.changes(old, new)
            audit.record(
                session,
                actor,
                "team.create" if team_id is None else "team.update",
                "team",
                team.id,
                old=old_values,
                new=new_values,
            )
            session.flush()
            return team_row(team), tuple(kept)
    except IntegrityError as exc:
        raise Conflict(
            f"‘{name}’ adında bir ekip zaten var; başka bir ad verin.", "ekip_adi"
        ) from exc


def set_team_day_capacity(
    db: Database, actor: Actor, team_id: int, day: date, capacity: int
) -> None:
    """One day's capacity of a team (a holiday: 0). Never below what is already booked."""
    require(actor, Action.MANAGE_DELIVERY_SETUP)
    require_positive(capacity, "kapasite", "Günlük kapasite", 200)
    with unit_of_work(db) as session:
        team = session.get(Team, team_id)
        if team is None:
            raise NotFound("Ekip bulunamadı; listeyi yenileyin.")
        team_day = ensure_team_day(session, team, day)
        session.refresh(team_day, with_for_update=True)
        if capacity < team_day.booked:
            raise ValidationError(
                f"{team.name} için {day:%d.%m.%Y} gününe {team_day.booked} teslimat planlı; "
                f"kapasite {team_day.booked}'den aza indirilemez. Önce teslimatları başka "
                "güne taşıyın.",
                "kapasite",
            )
        old = team_day.capacity
        team_day.capacity = capacity
        audit.record(
            session,
            actor,
            "team_day.capacity",
            "team_day",
            team_day.id,
            old={"capacity": old},
            new={"capacity": capacity},
            detail=f"{team.name} {day.isoformat()}",
        )


# --- pickup windows ---------------------------------------------------------------------


def _window_row(w: PickupWindow) -> PickupWindowRow:
    return PickupWindowRow(
        id=w.id,
        weekday=w.weekday,
        weekday_name=WEEKDAY_NAMES[w.weekday - 1],
        start_time=w.start_time,
        end_time=w.end_time,
        capacity=w.capacity,
        active=w.active,
    )


def list_pickup_windows(db: Database, actor: Actor) -> tuple[PickupWindowRow, ...]:
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        rows = session.scalars(
            select(PickupWindow).order_by(PickupWindow.weekday, PickupWindow.start_time)
        )
        return tuple(_window_row(w) for w in rows)


def save_pickup_window(
    db: Database, actor: Actor, data: PickupWindowInput, window_id: int | None = None
) -> PickupWindowRow:
    """Create or change a weekday's pickup window. Slots already opened keep their times."""
    require(actor, Action.MANAGE_DELIVERY_SETUP)
    if not 1 <= data.weekday <= 7:
        raise ValidationError("Gün seçilmeli (Pazartesi–Pazar).", "gun")
    if data.end_time <= data.start_time:
        raise ValidationError(
            "Bitiş saati başlangıç saatinden sonra olmalı; saatleri düzeltin.", "bitis"
        )
    require_positive(data.capacity, "kapasite", "Saat aralığının kapasitesi", 200)
    try:
        with unit_of_work(db) as session:
            if window_id is None:
                window = PickupWindow()
                session.add(window)
                old: dict[str, object] = {}
            else:
                found = session.get(PickupWindow, window_id, with_for_update=True)
                if found is None:
                    raise NotFound("Teslim saati bulunamadı; listeyi yenileyin.")
                window = found
                old = {
                    "weekday": window.weekday,
                    "start_time": window.start_time,
                    "end_time": window.end_time,
                    "capacity": window.capacity,
                    "active": window.active,
                }
            window.weekday = data.weekday
            window.start_time = data.start_time
            window.end_time = data.end_time
            window.capacity = data.capacity
            window.active = data.active
            session.flush()
            new = {
                "weekday": data.weekday,
                "start_time": data.start_time,
                "end_time": data.end_time,
                "capacity": data.capacity,
                "active": data.active,
            }
            old_values, new_values = audit.changes(old, new)
            audit.record(
                session,
                actor,
                "pickup_window.save",
                "pickup_window",
                window.id,
                old=old_values,
                new=new_values,
            )
            session.flush()
            return _window_row(window)
    except IntegrityError as exc:
        raise Conflict(
            f"{WEEKDAY_NAMES[data.weekday - 1]} günü {data.start_time:%H:%M} başlangıçlı bir "
            "teslim saati zaten var.",
            "baslangic",
        ) from exc


# --- set editions and stock ----------------------------------------------------------------


def _editions_query(active_only: bool) -> Any:
    """The editions with their stock, as plain columns in one round trip (each edition's
    movements summed through the edition's index: the active ones alone read a year's rows,
    not ten years')."""
    received = func.coalesce(
        func.sum(case((StockMovement.quantity > 0, StockMovement.quantity), else_=0)), 0
    )
    given = func.coalesce(
        func.sum(case((StockMovement.quantity < 0, -StockMovement.quantity), else_=0)), 0
    )
    columns = (
        SetEdition.id,
        SetEdition.name,
        SetEdition.contents,
        SetEdition.active,
        SetEdition.created_at,
    )
    stmt = (
        select(*columns, received, given)
        .outerjoin(StockMovement, StockMovement.edition_id == SetEdition.id)
        .group_by(*columns)
        .order_by(SetEdition.created_at, SetEdition.id)
    )
    return stmt.where(SetEdition.active.is_(True)) if active_only else stmt


# Built once: a booking reads the active editions every time.
_EDITIONS = {False: _editions_query(False), True: _editions_query(True)}
_PENDING = select(func.count()).where(Delivery.status == BOOKED)


def edition_rows(session: Session, *, active_only: bool = False) -> list[EditionRow]:
    """Every edition with its stock, oldest first; ``active_only``: the active ones, all a
    booking needs (which set to give, and the stock warning)."""
    return edition_rows_of(session.execute(_EDITIONS[active_only]))


# The active editions with their stock, for a caller that reads it with other statements.
ACTIVE_EDITIONS = _EDITIONS[True]


def edition_rows_of(found: Iterable[Any]) -> list[EditionRow]:
    """``EditionRow``s of rows of ``ACTIVE_EDITIONS`` (or every edition's read)."""
    rows = []
    for e_id, name, contents, active, created_at, r, g in found:
        r, g = int(r or 0), int(g or 0)
        rows.append(
            EditionRow(
                id=e_id,
                name=name,
                contents=tuple(line for line in contents.splitlines() if line.strip()),
                active=active,
                created_at=created_at,
                received=r,
                given=g,
                on_hand=r - g,
            )
        )
    return rows


def pending_count() -> Any:
    """The booked deliveries waiting for a set, as a column of another select."""
    return _PENDING.scalar_subquery()


def stock_status(
    session: Session, editions: list[EditionRow] | None = None, *, pending: int | None = None
) -> StockStatus:
    """The stock against the booked deliveries; ``editions``: ``edition_rows`` when the
    caller read them already (a booking reads them to pick the set), ``pending``: the
    ``pending_count`` the caller read with its own select."""
    if editions is None:
        editions = edition_rows(session)
    on_hand = sum(e.on_hand for e in editions if e.active)
    if pending is None:
        pending = session.scalar(_PENDING) or 0
    warning = None
    if pending > on_hand:
        warning = (
            f"Planlı {pending} teslimat var, depoda {max(on_hand, 0)} set kaldı: "
            f"{pending - max(on_hand, 0)} set eksik. Stok girişi yapın."
        )
    return StockStatus(
        editions=tuple(editions), on_hand=on_hand, booked_pending=pending, warning=warning
    )


def get_stock_status(db: Database, actor: Actor) -> StockStatus:
    require(actor, Action.PLAN_DELIVERIES)
    with read_only(db) as session:
        return stock_status(session)


def pick_edition(session: Session, editions: list[EditionRow] | None = None) -> EditionRow | None:
    """The oldest active edition that still has sets on hand, else the oldest active one
    (of ``editions`` when given: ``edition_rows`` read in this transaction)."""
    rows = edition_rows(session) if editions is None else editions
    active = [e for e in rows if e.active]
    if not active:
        return None
    return next((e for e in active if e.on_hand > 0), active[0])


def save_edition(
    db: Database, actor: Actor, data: EditionInput, edition_id: int | None = None
) -> EditionRow:
    require(actor, Action.MANAGE_DELIVERY_SETUP)
    name = clean(data.name)
    if not name:
        raise ValidationError("Set adı boş; ör. ‘2026 Kış Seti’ gibi bir ad verin.", "set_adi")
    contents = "\n".join(clean(line) for line in data.contents if clean(line))
    try:
        with unit_of_work(db) as session:
            if edition_id is None:
                edition = SetEdition(name=name, created_at=utcnow())
                session.add(edition)
                old: dict[str, object] = {}
            else:
                found = session.get(SetEdition, edition_id, with_for_update=True)
                if found is None:
                    raise NotFound("Set bulunamadı; listeyi yenileyin.")
                edition = found
                old = {"name": edition.name, "contents": edition.contents, "active": edition.active}
            edition.name = name
            edition.contents = contents
            edition.active = data.active
            session.flush()
            old_values, new_values = audit.changes(
                old, {"name": name, "contents": contents, "active": data.active}
            )
            audit.record(
                session,
                actor,
                "set_edition.save",
                "set_edition",
                edition.id,
                old=old_values,
                new=new_values,
            )
            session.flush()
            return next(e for e in edition_rows(session) if e.id == edition.id)
    except IntegrityError as exc:
        raise Conflict(f"‘{name}’ adında bir set zaten var.", "set_adi") from exc


def receive_stock(
    db: Database,
    actor: Actor,
    edition_id: int,
    quantity: int,
    note: str = "",
    *,
    adjust: bool = False,
    now: datetime | None = None,
) -> EditionRow:
    """Sets received into the store (``quantity`` > 0), or a count correction (``adjust``:
    any non-zero quantity, with a note)."""
    require(actor, Action.MANAGE_DELIVERY_SETUP)
    if quantity == 0 or abs(quantity) > MAX_STOCK_QUANTITY or (quantity < 0 and not adjust):
        raise ValidationError(
            f"Adet 1 ile {MAX_STOCK_QUANTITY} arasında olmalı (düzeltme için eksi sayı "
            "girilebilir).",
            "adet",
        )
    if adjust and not clean(note):
        raise ValidationError("Sayım düzeltmesinin nedenini açıklama alanına yazın.", "aciklama")
    with unit_of_work(db) as session:
        edition = session.get(SetEdition, edition_id)
        if edition is None:
            raise NotFound("Set bulunamadı; listeyi yenileyin.")
        movement = StockMovement(
            edition_id=edition.id,
            at=now or utcnow(),
            quantity=quantity,
            kind="ADJUSTED" if adjust else "RECEIVED",
            note=clean(note) or None,
            user_id=actor.user_id,
        )
        session.add(movement)
        session.flush()
        audit.record(
            session,
            actor,
            "stock.adjust" if adjust else "stock.receive",
            "set_edition",
            edition.id,
            new={"quantity": quantity, "note": movement.note},
        )
        session.flush()
        return next(e for e in edition_rows(session) if e.id == edition.id)

"""Teams and their days, desk pickup windows and slots, deliveries, attempts, set stock."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.models.base import Base, EnumText, Timestamped, utcnow, version_column


class Team(Base):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    members: Mapped[str] = mapped_column(Text, default="")
    daily_capacity: Mapped[int] = mapped_column(Integer, default=12)
    working_days: Mapped[str] = mapped_column(String(20), default="1,2,3,4,5")  # ISO weekdays
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TeamDay(Base):
    """A team's working day. ``booked`` only grows by a conditional UPDATE
    (``booked < capacity``) and the CHECK holds it, so no desk can overbook."""

    __tablename__ = "team_day"
    __table_args__ = (
        UniqueConstraint("team_id", "day"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="within_capacity"),
        Index("ix_team_day_day", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    day: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    # Set once a clerk reorders the route by hand: later bookings are appended, not re-sorted.
    route_manual: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class PickupWindow(Base):
    """Template of the desk's pickup time windows on a weekday."""

    __tablename__ = "pickup_window"
    __table_args__ = (UniqueConstraint("weekday", "start_time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)  # ISO 1..7
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    capacity: Mapped[int] = mapped_column(Integer, default=6)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PickupSlot(Base):
    __tablename__ = "pickup_slot"
    __table_args__ = (
        UniqueConstraint("day", "start_time"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class Delivery(Timestamped, Base):
    __tablename__ = "delivery"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'HOME' AND team_day_id IS NOT NULL AND pickup_slot_id IS NULL) OR "
            "(kind = 'PICKUP' AND pickup_slot_id IS NOT NULL AND team_day_id IS NULL)",
            name="kind_matches_booking",
        ),
        Index("ix_delivery_date_status", "scheduled_date", "status"),
        Index("ix_delivery_status_kind", "status", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("babyset_application.id"), index=True)
    kind: Mapped[DeliveryKind] = mapped_column(EnumText(DeliveryKind, 10))
    team_day_id: Mapped[int | None] = mapped_column(ForeignKey("team_day.id"), index=True)
    pickup_slot_id: Mapped[int | None] = mapped_column(ForeignKey("pickup_slot.id"), index=True)
    scheduled_date: Mapped[date] = mapped_column(Date)
    route_order: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12))  # BOOKED | DONE | FAILED | CANCELLED
    set_edition_id: Mapped[int | None] = mapped_column(ForeignKey("set_edition.id"))
    print_serial: Mapped[int] = mapped_column(Integer, default=0)  # raised by every (re)print
    printed_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    version: Mapped[int] = version_column()

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class DeliveryAttempt(Base):
    __tablename__ = "delivery_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("delivery.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    outcome: Mapped[DeliveryOutcome] = mapped_column(EnumText(DeliveryOutcome, 16))
    received_by: Mapped[str | None] = mapped_column(String(200))
    relation: Mapped[str | None] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)
    print_serial: Mapped[int | None] = mapped_column(Integer)  # the slip that was scanned
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class SetEdition(Base):
    __tablename__ = "set_edition"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    contents: Mapped[str] = mapped_column(Text, default="")  # one item a line
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StockMovement(Base):
    """Stock on hand of an edition = sum(quantity): received > 0, given out < 0."""

    __tablename__ = "stock_movement"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("set_edition.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    quantity: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))  # RECEIVED | GIVEN | ADJUSTED
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"), unique=True)
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

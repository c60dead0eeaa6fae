"""Citizens and their address history (an address is never overwritten, only superseded)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Computed, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.models.base import Base, Timestamped, masked_tc_sql, utcnow, version_column


class Citizen(Timestamped, Base):
    __tablename__ = "citizen"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The full number: never loaded unless asked for (PostgreSQL refuses it to desks, see
    # desk_app.pg_roles.TC_COLUMNS); desks read tc_masked and find a number through
    # desk_app.services.citizens.tc_access.
    tc_kimlik_no: Mapped[str | None] = mapped_column(
        String(11), unique=True, deferred=True, deferred_raiseload=True
    )
    tc_masked: Mapped[str | None] = mapped_column(
        String(11), Computed(masked_tc_sql("tc_kimlik_no"), persisted=True)
    )
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    # fold("first last") from desk_app.domain.text: the one search key for names.
    name_folded: Mapped[str] = mapped_column(String(201), index=True)
    last_name_folded: Mapped[str] = mapped_column(String(100), index=True)
    phone_e164: Mapped[str | None] = mapped_column(String(16), index=True)
    # Digits of the phone reversed, so "last digits" search is an indexed prefix match.
    phone_reversed: Mapped[str | None] = mapped_column(String(16), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column()
    # "SMS istemiyor": the outbox writes no message to this person and cancels queued ones.
    sms_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The saving form's idempotency key: a retried save returns this row instead of a second.
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True, index=True)
    version: Mapped[int] = version_column()

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class Address(Base):
    __tablename__ = "address"
    __table_args__ = (Index("ix_address_citizen_current", "citizen_id", "valid_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id", ondelete="CASCADE"))
    mahalle_id: Mapped[int | None] = mapped_column(ForeignKey("mahalle.id"), index=True)
    mahalle_text: Mapped[str] = mapped_column(String(100))  # as typed / as imported
    street: Mapped[str] = mapped_column(String(200))
    building_no: Mapped[str] = mapped_column(String(20))
    apartment_no: Mapped[str] = mapped_column(String(20), default="")
    served: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(20), default="desk")  # desk | web | demo
    valid_from: Mapped[datetime] = mapped_column(default=utcnow)
    valid_to: Mapped[datetime | None] = mapped_column()  # None: the current address
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))

"""Hoş Geldin Bebek applications, with consent record and eligibility evidence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Computed, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.states import ApplicationStatus
from desk_app.models.base import Base, EnumText, Timestamped, masked_tc_sql, version_column

# States in which an application holds "the" set of a baby; the database allows one per baby.
ACTIVE_BABY_STATES = ("APPROVED", "SCHEDULED", "DELIVERED")
_ACTIVE_SQL = "status IN ('APPROVED', 'SCHEDULED', 'DELIVERED')"


class BabySetApplication(Timestamped, Base):
    __tablename__ = "babyset_application"
    __table_args__ = (
        # One baby can never hold two approved applications, whatever the desks do at once.
        Index(
            "uq_babyset_application_active_baby",
            "baby_key",
            unique=True,
            sqlite_where=text(_ACTIVE_SQL),
            postgresql_where=text(_ACTIVE_SQL),
        ),
        Index("ix_babyset_application_status_applied", "status", "applied_at"),
        Index("ix_babyset_application_parent_birth", "citizen_id", "baby_birth_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # HGB-2025-00001
    web_reference: Mapped[str | None] = mapped_column(String(40), unique=True)  # Başvuru No
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))  # the applicant parent
    address_id: Mapped[int | None] = mapped_column(ForeignKey("address.id"))
    phone_e164: Mapped[str | None] = mapped_column(String(16), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"), index=True)
    applied_at: Mapped[date] = mapped_column(Date)
    baby_first_name: Mapped[str] = mapped_column(String(100))
    baby_last_name: Mapped[str] = mapped_column(String(100))
    baby_name_folded: Mapped[str] = mapped_column(String(201), index=True)
    baby_birth_date: Mapped[date] = mapped_column(Date, index=True)
    # The full number: desks cannot read it nor baby_key (which holds it) on PostgreSQL
    # (pg_roles.TC_COLUMNS). Deferred with raiseload so no code path selects either by accident;
    # desks use baby_tc_masked and services.citizens.tc_access, supervisors load it explicitly.
    baby_tc_kimlik_no: Mapped[str | None] = mapped_column(
        String(11), index=True, deferred=True, deferred_raiseload=True
    )
    baby_tc_masked: Mapped[str | None] = mapped_column(
        String(11), Computed(masked_tc_sql("baby_tc_kimlik_no"), persisted=True)
    )
    # Identity of the baby for the one-set rule: the baby's TC when known, else
    # parent + birth date + folded first name (twins are two babies).
    baby_key: Mapped[str] = mapped_column(
        String(120), index=True, deferred=True, deferred_raiseload=True
    )
    status: Mapped[ApplicationStatus] = mapped_column(EnumText(ApplicationStatus, 24))
    # KVKK information notice (aydınlatma metni): who, when, which version of the text.
    notice_version: Mapped[str | None] = mapped_column(String(20))
    notice_acknowledged_at: Mapped[datetime | None] = mapped_column()
    notice_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    notice_source: Mapped[str | None] = mapped_column(String(20))  # desk | web
    eligible: Mapped[bool | None] = mapped_column()
    eligibility_evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    eligibility_checked_at: Mapped[datetime | None] = mapped_column()
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("babyset_application.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    # The saving form's idempotency key: a retried save returns this row instead of a second.
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True, index=True)
    version: Mapped[int] = version_column()

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class ApplicationEvent(Base):
    """Timeline of an application: received, eligibility, decisions, bookings, attempts."""

    __tablename__ = "application_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("babyset_application.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column()
    kind: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    old_status: Mapped[str | None] = mapped_column(String(24))
    new_status: Mapped[str | None] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)

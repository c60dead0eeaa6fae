"""Hoş Geldin Bebek applications, with consent record and eligibility evidence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Computed,
    Connection,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    event,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from desk_app.domain.states import ApplicationStatus
from desk_app.models.base import Base, EnumText, Timestamped, masked_tc_sql, version_column
from desk_app.models.citizen import Address, Citizen

# States in which an application holds "the" set of a baby; the database allows one per baby.
ACTIVE_BABY_STATES = ("APPROVED", "SCHEDULED", "DELIVERED")
_ACTIVE_SQL = "status IN ('APPROVED', 'SCHEDULED', 'DELIVERED')"


def _parent_name(connection: Connection, citizen_id: int) -> str:
    return connection.scalar(select(Citizen.name_folded).where(Citizen.id == citizen_id)) or ""


def _mahalle_of(connection: Connection, address_id: int | None) -> int | None:
    if address_id is None:
        return None
    return connection.scalar(select(Address.mahalle_id).where(Address.id == address_id))


# An insert that leaves the list's copies out (the ORM's, a test's bulk rows) gets them from
# the parent and the address, on both databases; the writers that have them at hand (the
# register and batch paths, the demo) pass them and skip the look-up.
def _parent_name_default(context: Any) -> str:
    return _parent_name(context.connection, context.get_current_parameters()["citizen_id"])


def _mahalle_default(context: Any) -> int | None:
    return _mahalle_of(context.connection, context.get_current_parameters().get("address_id"))


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
        # One mahalle's list in list order, a status at a time (services/applications/query.py
        # walks each status newest first): the walk reads only that mahalle's rows.
        Index("ix_babyset_application_mahalle_list", "mahalle_id", "status", "applied_at", "id"),
        Index("ix_babyset_application_parent_birth", "citizen_id", "baby_birth_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # HGB-2025-00001
    web_reference: Mapped[str | None] = mapped_column(String(40), unique=True)  # Başvuru No
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id"))  # the applicant parent
    address_id: Mapped[int | None] = mapped_column(ForeignKey("address.id"))
    # Copies for the application list's filters (revision apl01), so that a page is read from
    # this table alone: the mahalle of ``address_id`` (``address.mahalle_id``, None for an
    # unserved or unknown one) and the parent's ``citizen.name_folded``. Filled on insert
    # (the defaults above), kept equal by the events at the end of this module for the ORM;
    # the retention run's Core UPDATE of names sets them itself.
    mahalle_id: Mapped[int | None] = mapped_column(Integer, default=_mahalle_default)
    parent_name_folded: Mapped[str] = mapped_column(String(201), default=_parent_name_default)
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


# --- the list's copies (mahalle_id, parent_name_folded) follow their sources ---------------
# Mapper events may emit SQL on the flush's connection; these run on SQLite and PostgreSQL
# alike. Addresses are history (a new address supersedes the old one, never edited) and an
# application keeps its address, so only a parent's new name changes an existing row today;
# the other two cases are covered so that a later writer cannot leave a copy stale.


@event.listens_for(BabySetApplication, "before_update")
def _follow_own_links(
    _mapper: Mapper[Any], connection: Connection, target: BabySetApplication
) -> None:
    attrs = inspect(target).attrs
    if attrs.citizen_id.history.has_changes():
        target.parent_name_folded = _parent_name(connection, target.citizen_id)
    if attrs.address_id.history.has_changes():
        target.mahalle_id = _mahalle_of(connection, target.address_id)


@event.listens_for(Citizen, "before_update")
def _follow_parent_name(_mapper: Mapper[Any], connection: Connection, target: Citizen) -> None:
    if inspect(target).attrs.name_folded.history.has_changes():
        table = cast(Table, BabySetApplication.__table__)
        connection.execute(
            update(table)
            .where(table.c.citizen_id == target.id)
            .values(parent_name_folded=target.name_folded)
        )


@event.listens_for(Address, "before_update")
def _follow_mahalle(_mapper: Mapper[Any], connection: Connection, target: Address) -> None:
    if inspect(target).attrs.mahalle_id.history.has_changes():
        table = cast(Table, BabySetApplication.__table__)
        connection.execute(
            update(table)
            .where(table.c.address_id == target.id)
            .values(mahalle_id=target.mahalle_id)
        )

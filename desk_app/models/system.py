"""Users, the audit trail, settings and the reference-number counters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.states import Role
from desk_app.models.base import Base, EnumText, Timestamped, utcnow, version_column


class User(Timestamped, Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)  # folded, as logged in
    full_name: Mapped[str] = mapped_column(String(150))
    role: Mapped[Role] = mapped_column(EnumText(Role, 12))
    # Deferred: on PostgreSQL no application role may read it (desk_app.pg_roles); it holds
    # "!postgresql" there, the argon2 hash only in the SQLite single-user mode.
    password_hash: Mapped[str] = mapped_column(String(200), deferred=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()
    version: Mapped[int] = version_column()

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class AuditLog(Base):
    """Who did what to which record, when, with old -> new values; also reads of personal
    data, prints and exports (``subject_citizen_id`` says whose data)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("ix_audit_log_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    username: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    subject_citizen_id: Mapped[int | None] = mapped_column(Integer, index=True)
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    detail: Mapped[str | None] = mapped_column(Text)


class Setting(Base):
    """Admin-changeable settings (eligibility rules, lockout, failed attempts before pickup...)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))


class ReferenceCounter(Base):
    """Last number handed out per kind and year (GK-2025-000123, HGB-2025-00001)."""

    __tablename__ = "reference_counter"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class InstallationSecret(Base):
    """Per-installation secrets shared by every desk of one database (the key that signs the
    slips' QR tokens). Never shown by ``settings list``, never written to the audit trail."""

    __tablename__ = "installation_secret"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))  # hex
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DestructionRecord(Base):
    """KVKK destruction record (imha tutanağı) of one retention run: when, who, under which rule,
    how many records of each kind were anonymised and which ones (id ranges). Holds no personal
    data; kept at least until ``keep_until`` (three years or more), never edited."""

    __tablename__ = "destruction_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(String(50))
    method: Mapped[str] = mapped_column(String(20))  # anonymisation
    retention_years: Mapped[int] = mapped_column(Integer)
    cutoff: Mapped[datetime] = mapped_column()  # finished before this instant
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)  # kind -> number of records
    id_ranges: Mapped[dict[str, Any]] = mapped_column(JSON)  # kind -> [[first, last], ...]
    keep_until: Mapped[datetime] = mapped_column(index=True)
    note: Mapped[str | None] = mapped_column(Text)

"""Requests (visits, complaints, reports from every channel) and their timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.models.base import Base, Timestamped, utcnow, version_column


class Request(Timestamped, Base):
    __tablename__ = "request"
    __table_args__ = (
        Index("ix_request_status_due", "status", "due_date"),
        Index("ix_request_directorate_status", "directorate_id", "status"),
        Index("ix_request_channel_created", "channel_id", "created_at"),
        Index("ix_request_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # GK-2025-000123
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorate.id"))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))  # domain.states.RequestStatus
    due_date: Mapped[date] = mapped_column(Date)
    answer_text: Mapped[str | None] = mapped_column(Text)  # read back to the citizen
    answered_at: Mapped[datetime | None] = mapped_column(index=True)
    informed_at: Mapped[datetime | None] = mapped_column()
    informed_via: Mapped[str | None] = mapped_column(String(20))  # phone|sms|in_person|letter
    closed_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    version: Mapped[int] = version_column()

    __mapper_args__: dict[str, Any] = {"version_id_col": version}


class RequestEvent(Base):
    """One line of a request's timeline: forwarded, answer, note, citizen informed, status."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("request.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))  # FORWARDED|ANSWER|NOTE|INFORMED|STATUS
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorate.id"))
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str | None] = mapped_column(String(20))
    informed_via: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[int] = mapped_column(Integer, default=0)

"""The SMS outbox: one row per message to a citizen, written with the event that causes it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.models.base import Base, utcnow


class SmsMessage(Base):
    """A message in the outbox.

    ``status``: QUEUED (waiting, maybe for ``next_attempt_at``) -> SENDING (claimed by a sender,
    ``claimed_by``/``claimed_at``) -> SENT (the provider accepted it) -> DELIVERED (its delivery
    report said so); FAILED (a 4xx, or too many tries: ``last_error`` says why) or CANCELLED
    (by a supervisor, the citizen's "SMS istemiyor", or demo data on a real provider).
    ``key`` is the message's identity towards the provider (the ``id`` of ``http-json``).
    ``dedupe_key`` makes an event enqueue once (the day-before reminder of a delivery).
    """

    __tablename__ = "sms_message"
    __table_args__ = (
        Index("ix_sms_message_status_next", "status", "next_attempt_at"),
        Index("ix_sms_message_citizen", "citizen_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # services.notify.templates.Kind
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    phone_e164: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("babyset_application.id"), index=True
    )
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("request.id"), index=True)
    # The day the message is about (the delivery's day), for the planner's "reminded" mark.
    about_date: Mapped[date | None] = mapped_column(Date)
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(12), default="QUEUED")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime | None] = mapped_column()
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_ref: Mapped[str | None] = mapped_column(String(80))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()

"""Contact data seen in the web export that differs from what the desk holds (kept for review,
never written over a clerk's correction)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.models.base import Base, utcnow


class ContactObservation(Base):
    """One phone or address as an outside source (the web site's export) gave it."""

    __tablename__ = "contact_observation"
    __table_args__ = (
        Index("ix_contact_observation_citizen_reviewed", "citizen_id", "reviewed_at"),
        Index("ix_contact_observation_web_reference", "web_reference"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    citizen_id: Mapped[int] = mapped_column(ForeignKey("citizen.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(20))  # web_import
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)
    web_reference: Mapped[str | None] = mapped_column(String(40))  # Başvuru No
    field: Mapped[str] = mapped_column(String(20))  # phone | address
    # phone: {"phone_e164": ...}; address: {"mahalle", "street", "building_no", "apartment_no"}
    observed: Mapped[dict[str, Any]] = mapped_column(JSON)
    current: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the desk's value at the time
    differs_from_current: Mapped[bool] = mapped_column(Boolean, default=True)
    reviewed_at: Mapped[datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    review_note: Mapped[str | None] = mapped_column(String(200))

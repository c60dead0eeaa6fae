"""Requests (visits, complaints, reports from every channel) and their timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.domain.states import RequestStatus
from desk_app.domain.text import fold
from desk_app.models.base import Base, EnumText, Timestamped, utcnow, version_column


def _subject_folded_default(context: Any) -> str:
    return fold(context.get_current_parameters().get("subject") or "")


class Request(Timestamped, Base):
    __tablename__ = "request"
    __table_args__ = (
        Index("ix_request_status_due", "status", "due_date"),
        Index("ix_request_directorate_status", "directorate_id", "status"),
        Index("ix_request_channel_created", "channel_id", "created_at", "id"),
        # Ends in the id, the list's tie-break: the skip to the middle of the list is an
        # index-only scan on PostgreSQL too (SQLite's index holds the rowid anyway).
        Index("ix_request_created", "created_at", "id"),
        # One status's rows in list order (newest first): the Kapalı list skips to its middle
        # on the index alone and reads a page of one status without sorting.
        Index("ix_request_status_created", "status", "created_at", "id"),
        # The same for one directorate's list (Müdürlük filter without a status).
        Index("ix_request_directorate_created", "directorate_id", "created_at", "id"),
        # Covers every figure of the supervisor's summary of a period (services/summary.py):
        # a year's requests are counted from the index alone, without reading the rows.
        Index(
            "ix_request_summary",
            "created_at",
            "directorate_id",
            "status",
            "due_date",
            "citizen_id",
            "answered_at",
            "answer_seconds",
            "inform_seconds",
            "channel_id",  # the requests by channel and month, from the index alone
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)  # GK-2025-000123
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"), index=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    directorate_id: Mapped[int | None] = mapped_column(ForeignKey("directorate.id"))
    subject: Mapped[str] = mapped_column(String(200))
    # fold(subject): the request list's word filter looks it up through a trigram index
    # (revision word01). Filled from the subject by the default below on every insert that
    # does not give it and by ``_fold_subject`` whenever the ORM sets the subject; a Core
    # UPDATE of the subject sets it itself (the retention run), as do the demo's bulk rows.
    subject_folded: Mapped[str] = mapped_column(String(200), default=_subject_folded_default)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RequestStatus] = mapped_column(EnumText(RequestStatus, 20))
    due_date: Mapped[date] = mapped_column(Date)
    answer_text: Mapped[str | None] = mapped_column(Text)  # read back to the citizen
    answered_at: Mapped[datetime | None] = mapped_column(index=True)
    informed_at: Mapped[datetime | None] = mapped_column()
    informed_via: Mapped[str | None] = mapped_column(String(20))  # phone|sms|in_person|letter
    closed_at: Mapped[datetime | None] = mapped_column()
    # Kept with answered_at/informed_at (see set_timings): seconds from recording to the
    # written answer and from the answer to informing the citizen, for the summary's medians
    # and 48-hour share without date arithmetic on every row.
    answer_seconds: Mapped[int | None] = mapped_column(Integer)
    inform_seconds: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    # The saving form's idempotency key: a retried save returns this row instead of a second.
    client_token: Mapped[str | None] = mapped_column(String(36), unique=True, index=True)
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


def timings(
    created_at: datetime | None, answered_at: datetime | None, informed_at: datetime | None
) -> tuple[int | None, int | None]:
    """(answer_seconds, inform_seconds) of a request; None where a moment is missing."""
    answer = (
        int((answered_at - created_at).total_seconds())
        if answered_at is not None and created_at is not None
        else None
    )
    inform = (
        int((informed_at - answered_at).total_seconds())
        if informed_at is not None and answered_at is not None
        else None
    )
    return answer, inform


@event.listens_for(Request, "before_insert")
@event.listens_for(Request, "before_update")
def set_timings(_mapper: Any, _connection: Any, target: Request) -> None:
    target.answer_seconds, target.inform_seconds = timings(
        target.created_at, target.answered_at, target.informed_at
    )


@event.listens_for(Request.subject, "set")
def _fold_subject(target: Request, value: str | None, _old: Any, _initiator: Any) -> None:
    target.subject_folded = fold(value or "")

"""Requests: the frozen views a service returns, Turkish labels, flags and the conflict error.

Shared by ``requests`` (recording and actions) and ``requests_query`` (lists and counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

# Re-exported for callers that take the desk's clock from the request services.
from desk_app.domain.clock import LOCAL_TZ as LOCAL_TZ
from desk_app.domain.clock import local_today as local_today
from desk_app.domain.errors import Conflict, NotFound
from desk_app.domain.phone import format_phone
from desk_app.domain.states import REQUEST_STATUS_LABELS, REQUEST_TRANSITIONS, RequestStatus
from desk_app.models import Category, Channel, Citizen, Directorate, Request, RequestEvent, User
from desk_app.services.admin.settings import get_value
from desk_app.services.context import Actor

# Türkiye has kept UTC+3 all year since 2016; a fixed offset needs no tz database on Windows.

OPEN_STATUSES: tuple[str, ...] = (
    RequestStatus.NEW.value,
    RequestStatus.FORWARDED.value,
    RequestStatus.IN_PROGRESS.value,
)

EVENT_FORWARDED = "FORWARDED"
EVENT_ANSWER = "ANSWER"
EVENT_NOTE = "NOTE"
EVENT_INFORMED = "INFORMED"
EVENT_STATUS = "STATUS"

EVENT_KIND_LABELS: dict[str, str] = {
    EVENT_FORWARDED: "Yönlendirildi",
    EVENT_ANSWER: "Müdürlük cevabı",
    EVENT_NOTE: "Not",
    EVENT_INFORMED: "Vatandaş bilgilendirildi",
    EVENT_STATUS: "Durum değişti",
}

INFORMED_VIA_LABELS: dict[str, str] = {
    "phone": "Telefon",
    "sms": "SMS",
    "in_person": "Yüz yüze",
    "letter": "Yazılı",
}


def inform_within(session: Session) -> timedelta:
    return timedelta(hours=float(get_value(session, "request.inform_within_hours")))


def is_overdue(status: str, due_date: date, today: date) -> bool:
    return status in OPEN_STATUSES and due_date < today


def is_inform_late(
    answered_at: datetime | None,
    informed_at: datetime | None,
    now: datetime,
    within: timedelta,
    *,
    has_citizen: bool = True,
) -> bool:
    """The citizen was (or still is not) told the answer later than the allowed time. An
    anonymous request (WhatsApp, 153) has nobody to tell, so it is never late."""
    if answered_at is None or not has_citizen:
        return False
    if informed_at is None:
        return now - answered_at > within
    return informed_at - answered_at > within


def status_label(status: str) -> str:
    try:
        return REQUEST_STATUS_LABELS[RequestStatus(status)]
    except ValueError:
        return status


@dataclass(frozen=True)
class RequestEventView:
    at: datetime
    kind: str
    kind_label: str
    user_name: str
    text: str
    old_status: str | None
    new_status: str | None
    directorate_name: str | None
    informed_via: str | None


@dataclass(frozen=True)
class RequestDetail:
    id: int
    reference: str
    citizen_id: int | None
    citizen_name: str
    citizen_phone_display: str
    channel_code: str
    channel_name: str
    category_id: int | None
    category_name: str
    directorate_id: int | None
    directorate_name: str
    subject: str
    description: str
    status: str
    status_label: str
    due_date: date
    created_at: datetime
    created_by_name: str
    answer_text: str | None
    answered_at: datetime | None
    informed_at: datetime | None
    informed_via: str | None
    closed_at: datetime | None
    overdue: bool
    inform_late: bool
    events: tuple[RequestEventView, ...]
    version: int
    allowed_next: tuple[str, ...]


@dataclass(frozen=True)
class RequestRow:
    id: int
    reference: str
    created_at: datetime
    citizen_name: str
    channel_name: str
    category_name: str
    directorate_short: str
    subject: str
    status: str
    status_label: str
    due_date: date
    overdue: bool
    inform_late: bool


class RequestConflict(Conflict):
    """Another desk changed the request since this desk loaded it; nothing was written.
    ``current`` is the request as it is now (the other desk's version)."""

    def __init__(self, message: str, current: RequestDetail) -> None:
        super().__init__(message, field=None)
        self.current = current


def conflict_for(current: RequestDetail) -> RequestConflict:
    return RequestConflict(
        f"{current.reference} numaralı talep siz bakarken başka bir masada değiştirildi; "
        "değişikliğiniz kaydedilmedi. Talebin güncel hâli gösteriliyor; gerekiyorsa "
        "işlemi yeniden yapın.",
        current,
    )


def not_found(request_id: int) -> NotFound:
    return NotFound(f"Talep bulunamadı (no {request_id}); silinmiş olabilir. Listeyi yenileyin.")


def citizen_display_name(first: str | None, last: str | None) -> str:
    return " ".join(p for p in (first, last) if p)


def build_detail(
    session: Session, request_id: int, *, now: datetime | None = None
) -> RequestDetail:
    """Read one request with its timeline into a frozen view (the session's current state)."""
    now = now or datetime.now(UTC)
    creator = aliased(User)
    row = session.execute(
        select(
            Request,
            Citizen.first_name,
            Citizen.last_name,
            Citizen.phone_e164,
            Channel.code,
            Channel.name,
            Category.name,
            Directorate.name,
            creator.full_name,
        )
        .join(Channel, Channel.id == Request.channel_id)
        .outerjoin(Citizen, Citizen.id == Request.citizen_id)
        .outerjoin(Category, Category.id == Request.category_id)
        .outerjoin(Directorate, Directorate.id == Request.directorate_id)
        .outerjoin(creator, creator.id == Request.created_by_id)
        .where(Request.id == request_id)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if row is None:
        raise not_found(request_id)
    req: Request = row[0]
    events = session.execute(
        select(RequestEvent, User.full_name, Directorate.name)
        .outerjoin(User, User.id == RequestEvent.user_id)
        .outerjoin(Directorate, Directorate.id == RequestEvent.directorate_id)
        .where(RequestEvent.request_id == request_id)
        .order_by(RequestEvent.seq, RequestEvent.id)
    ).all()
    status = req.status
    try:
        allowed = tuple(
            s.value for s in RequestStatus if s in REQUEST_TRANSITIONS[RequestStatus(status)]
        )
    except ValueError:
        allowed = ()
    return RequestDetail(
        id=req.id,
        reference=req.reference,
        citizen_id=req.citizen_id,
        citizen_name=citizen_display_name(row[1], row[2]),
        citizen_phone_display=format_phone(row[3]) if row[3] else "",
        channel_code=row[4],
        channel_name=row[5],
        category_id=req.category_id,
        category_name=row[6] or "",
        directorate_id=req.directorate_id,
        directorate_name=row[7] or "",
        subject=req.subject,
        description=req.description,
        status=status,
        status_label=status_label(status),
        due_date=req.due_date,
        created_at=req.created_at,
        created_by_name=row[8] or "",
        answer_text=req.answer_text,
        answered_at=req.answered_at,
        informed_at=req.informed_at,
        informed_via=req.informed_via,
        closed_at=req.closed_at,
        overdue=is_overdue(status, req.due_date, local_today(now)),
        inform_late=is_inform_late(
            req.answered_at,
            req.informed_at,
            now,
            inform_within(session),
            has_citizen=req.citizen_id is not None,
        ),
        events=tuple(
            RequestEventView(
                at=ev.at,
                kind=ev.kind,
                kind_label=EVENT_KIND_LABELS.get(ev.kind, ev.kind),
                user_name=user_name or "",
                text=ev.text,
                old_status=ev.old_status,
                new_status=ev.new_status,
                directorate_name=dir_name,
                informed_via=ev.informed_via,
            )
            for ev, user_name, dir_name in events
        ),
        version=req.version,
        allowed_next=allowed,
    )


def add_event(
    session: Session,
    req: Request,
    actor: Actor,
    kind: str,
    at: datetime,
    *,
    text: str = "",
    old_status: str | None = None,
    new_status: str | None = None,
    directorate_id: int | None = None,
    informed_via: str | None = None,
) -> None:
    """Append a timeline line (``seq`` keeps the order of events written together)."""
    last = session.scalar(
        select(func.max(RequestEvent.seq)).where(RequestEvent.request_id == req.id)
    )
    session.add(
        RequestEvent(
            request_id=req.id,
            at=at,
            kind=kind,
            user_id=actor.user_id,
            directorate_id=directorate_id,
            old_status=old_status,
            new_status=new_status,
            informed_via=informed_via,
            text=text,
            seq=(last or 0) + 1,
        )
    )

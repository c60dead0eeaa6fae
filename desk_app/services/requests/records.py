"""Requests (talepler): recording at the desk, routing, the directorate's answer, notes, status
changes and informing the citizen; each one transaction with an audit row.

Decisions:
- The desk routes on recording. A directorate is required (it defaults from the category), so a
  new request is saved as FORWARDED with a FORWARDED event (old status NEW) on its timeline.
- Every action takes the version the desk has on screen. If the stored version differs (another
  desk changed the request), ``RequestConflict`` carries the current request and nothing is
  written. The row is locked while the action runs, and SQLAlchemy's version check
  (StaleDataError) is turned into the same error.
- Every write adds a timeline event and raises the version, so ``change_marker`` (the newest
  request id and event id) tells a polling desk that something changed.
- All roles may record and follow requests (``Action.RECORD_REQUEST``/``FOLLOW_REQUEST``).
- A new answer replaces the previous one and clears informed_at/informed_via: the citizen must
  be told the new answer (the timeline keeps the earlier INFORMED events).
- The citizen can be recorded as informed only once there is an answer; informing again keeps
  the first time unless the answer is newer than it.
The actions live in ``requests.actions``, lists and counts in ``requests.query``, the views in
``requests.common``; the package's face (``desk_app.services.requests``) names what the UI uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.errors import ValidationError
from desk_app.domain.references import ReferenceKind
from desk_app.domain.states import RequestStatus
from desk_app.domain.text import clean
from desk_app.models import Category, Channel, Citizen, Directorate, Request, RequestEvent, utcnow
from desk_app.services import audit
from desk_app.services.citizens.input import clean_multiline
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.references import next_reference
from desk_app.services.requests.common import (
    EVENT_FORWARDED,
    RequestDetail,
    add_event,
    build_detail,
)
from desk_app.services.uow import read_only, unit_of_work

DEFAULT_DUE_DAYS = 15
SUBJECT_MAX_LENGTH = 200
# The channels shipped with the reference data; with a database the active rows are used.
KNOWN_CHANNEL_CODES = ("DESK", "WEB", "CIMER", "ACIK_KAPI", "WHATSAPP", "CALL_153", "FIELD")


@dataclass(frozen=True)
class RequestInput:
    citizen_id: int | None
    channel_code: str = "DESK"
    category_id: int | None = None
    directorate_id: int | None = None
    subject: str = ""
    description: str = ""
    due_date: date | None = None
    # Idempotency key of the form that saves (one per open form): a retried create with the
    # same token returns the request already stored instead of a second one.
    client_token: str | None = None


class RequestInvalid(ValidationError):
    """The request form has errors; ``errors`` maps every bad field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field)
        self.errors = dict(errors)


# --- due dates ----------------------------------------------------------------------------


def add_due_days(start: date, days: int) -> date:
    """``days`` calendar days after ``start``; a Saturday or Sunday moves to the Monday."""
    due = start + timedelta(days=days)
    if due.weekday() >= 5:
        due += timedelta(days=7 - due.weekday())
    return due


def _due_days(session: Session, category_id: int | None, directorate_id: int | None) -> int:
    if category_id is not None:
        days = session.scalar(select(Category.due_days).where(Category.id == category_id))
        if days is not None:
            return days
    if directorate_id is not None:
        days = session.scalar(select(Directorate.due_days).where(Directorate.id == directorate_id))
        if days is not None:
            return days
    return DEFAULT_DUE_DAYS


def due_date_for(
    db: Database, category_id: int | None, directorate_id: int | None, start: date
) -> date:
    """The category's days, else the directorate's, else 15; off weekends."""
    with read_only(db) as session:
        return add_due_days(start, _due_days(session, category_id, directorate_id))


# --- validation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Facts:
    """What the database says about the form's choices."""

    channel_id: int | None
    category_found: bool
    category_directorate_id: int | None
    directorate_found: bool
    citizen_found: bool


def _facts(session: Session, data: RequestInput) -> _Facts:
    channel_id = session.scalar(
        select(Channel.id).where(Channel.code == data.channel_code, Channel.active.is_(True))
    )
    category = None
    if data.category_id is not None:
        category = session.execute(
            select(Category.id, Category.directorate_id).where(
                Category.id == data.category_id, Category.active.is_(True)
            )
        ).one_or_none()
    directorate_found = data.directorate_id is not None and (
        session.scalar(
            select(Directorate.id).where(
                Directorate.id == data.directorate_id, Directorate.active.is_(True)
            )
        )
        is not None
    )
    citizen_found = data.citizen_id is not None and (
        session.get(Citizen, data.citizen_id) is not None
    )
    return _Facts(
        channel_id=channel_id,
        category_found=category is not None,
        category_directorate_id=category.directorate_id if category is not None else None,
        directorate_found=directorate_found,
        citizen_found=citizen_found,
    )


def _errors(data: RequestInput, today: date, facts: _Facts | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    subject = clean(data.subject)
    if not subject:
        errors["konu"] = "Konu boş; talebin konusunu kısaca yazın."
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["konu"] = (
            f"Konu en fazla {SUBJECT_MAX_LENGTH} karakter olabilir; {len(subject)} karakter "
            "yazıldı. Ayrıntıları açıklamaya yazın."
        )
    known_channel = (
        facts.channel_id is not None
        if facts is not None
        else data.channel_code in KNOWN_CHANNEL_CODES
    )
    if not known_channel:
        errors["kanal"] = f"‘{data.channel_code}’ kanalı bilinmiyor; listeden bir kanal seçin."
    if facts is not None and data.citizen_id is not None and not facts.citizen_found:
        errors["vatandas"] = "Seçilen vatandaş bulunamadı; vatandaşı yeniden arayıp seçin."
    if facts is not None and data.category_id is not None and not facts.category_found:
        errors["kategori"] = (
            "Seçilen kategori bulunamadı veya kullanımdan kaldırılmış; listeden bir kategori seçin."
        )
    if data.directorate_id is not None:
        if facts is not None and not facts.directorate_found:
            errors["mudurluk"] = (
                "Seçilen müdürlük bulunamadı veya kullanımdan kaldırılmış; "
                "listeden bir müdürlük seçin."
            )
    elif data.category_id is None:
        errors["mudurluk"] = (
            "Müdürlük seçilmedi; bir müdürlük seçin (kategori seçilince kendiliğinden gelir)."
        )
    elif facts is not None and facts.category_found and facts.category_directorate_id is None:
        errors["mudurluk"] = "Bu kategorinin müdürlüğü tanımlı değil; bir müdürlük seçin."
    if data.due_date is not None and data.due_date < today:
        errors["son_tarih"] = (
            f"Son tarih ({data.due_date:%d.%m.%Y}) bugünden önce olamaz; "
            "bugün veya sonraki bir gün seçin."
        )
    return errors


def validate_request(
    data: RequestInput, db: Database | None = None, *, today: date | None = None
) -> dict[str, str]:
    """Field -> Turkish message for every problem of the form (empty when it can be saved).

    Without ``db`` the check is what a form can do alone (the shipped channel codes; a category
    is taken to bring its directorate); with ``db`` the active reference rows are consulted,
    exactly as ``create_request`` does.
    """
    today = today or local_today()
    if db is None:
        return _errors(data, today, None)
    with read_only(db) as session:
        return _errors(data, today, _facts(session, data))


def create_request(
    db: Database, actor: Actor, data: RequestInput, *, now: datetime | None = None
) -> RequestDetail:
    """Record a request; it gets the next ``GK-YYYY-NNNNNN`` and is routed at once."""
    require(actor, Action.RECORD_REQUEST)
    now = now or utcnow()
    today = local_today(now)
    try:
        return _create_request(db, actor, data, now, today)
    except IntegrityError:
        if data.client_token:  # the same form's other attempt committed a moment earlier
            with read_only(db) as session:
                stored_id = _by_client_token(session, data.client_token)
                if stored_id is not None:
                    return build_detail(session, stored_id, now=now)
        raise


def _by_client_token(session: Session, token: str | None) -> int | None:
    if not token:
        return None
    return session.scalar(select(Request.id).where(Request.client_token == token))


def _create_request(
    db: Database, actor: Actor, data: RequestInput, now: datetime, today: date
) -> RequestDetail:
    with unit_of_work(db) as session:
        stored_id = _by_client_token(session, data.client_token)
        if stored_id is not None:  # a retry of a save whose outcome the desk did not learn
            return build_detail(session, stored_id, now=now)
        facts = _facts(session, data)
        errors = _errors(data, today, facts)
        if errors:
            raise RequestInvalid(errors)
        assert facts.channel_id is not None
        directorate_id = data.directorate_id or facts.category_directorate_id
        due = data.due_date or add_due_days(
            today, _due_days(session, data.category_id, directorate_id)
        )
        status = RequestStatus.FORWARDED if directorate_id is not None else RequestStatus.NEW
        req = Request(
            reference=next_reference(session, ReferenceKind.REQUEST, today.year),
            citizen_id=data.citizen_id,
            channel_id=facts.channel_id,
            category_id=data.category_id,
            directorate_id=directorate_id,
            subject=clean(data.subject),
            description=clean_multiline(data.description),
            status=status.value,
            due_date=due,
            created_by_id=actor.user_id,
            created_at=now,
            updated_at=now,
            client_token=data.client_token or None,
        )
        session.add(req)
        session.flush()
        if directorate_id is not None:
            add_event(
                session,
                req,
                actor,
                EVENT_FORWARDED,
                now,
                old_status=RequestStatus.NEW.value,
                new_status=status.value,
                directorate_id=directorate_id,
            )
        audit.record(
            session,
            actor,
            "request.create",
            "request",
            req.id,
            new={
                "reference": req.reference,
                "citizen_id": req.citizen_id,
                "channel": data.channel_code,
                "category_id": req.category_id,
                "directorate_id": req.directorate_id,
                "subject": req.subject,
                "status": req.status,
                "due_date": req.due_date,
            },
            subject_citizen_id=req.citizen_id,
        )
        session.flush()
        return build_detail(session, req.id, now=now)


def get_request(
    db: Database,
    actor: Actor,
    request_id: int,
    *,
    audit_read: bool = True,
    now: datetime | None = None,
) -> RequestDetail:
    """The request with its timeline. Opening a citizen's request is a read of personal data
    and is audited; a refresh of a request already on screen passes ``audit_read=False``."""
    require(actor, Action.FOLLOW_REQUEST)
    if not audit_read:
        with read_only(db) as session:
            return build_detail(session, request_id, now=now)
    with unit_of_work(db) as session:
        detail = build_detail(session, request_id, now=now)
        if detail.citizen_id is not None:
            audit.record(
                session,
                actor,
                "request.view",
                "request",
                request_id,
                subject_citizen_id=detail.citizen_id,
            )
        return detail


# --- change detection ---------------------------------------------------------------------


def change_marker(db: Database) -> tuple[int, int]:
    """(newest request id, newest event id): two index lookups. Every request write adds an
    event, so a desk polling this every few seconds sees any other desk's change."""
    with read_only(db) as session:
        last_request = session.scalar(select(func.max(Request.id)))
        last_event = session.scalar(select(func.max(RequestEvent.id)))
    return (last_request or 0, last_event or 0)

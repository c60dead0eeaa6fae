"""Actions on a recorded request: forward, answer, note, status change, citizen informed.

Each takes the version the desk has on screen; if another desk changed the request since,
``RequestConflict`` carries the current request and nothing is written. The row is locked while
the action runs (SELECT ... FOR UPDATE on PostgreSQL, the write lock on SQLite), and SQLAlchemy's
own version check (StaleDataError) ends in the same error. Every action adds a timeline event,
raises the version and writes an audit row with the old -> new values, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk_app.db import Database
from desk_app.domain.errors import Conflict, InvalidTransition, ValidationError
from desk_app.domain.fields import FieldKey
from desk_app.domain.states import RequestStatus, check_request_transition
from desk_app.models import Directorate, Request, utcnow
from desk_app.services import audit
from desk_app.services.citizens.input import clean_multiline
from desk_app.services.context import Actor
from desk_app.services.notify import outbox as notify
from desk_app.services.permissions import Action, require
from desk_app.services.requests.common import (
    EVENT_ANSWER,
    EVENT_FORWARDED,
    EVENT_INFORMED,
    EVENT_NOTE,
    EVENT_STATUS,
    INFORMED_VIA_LABELS,
    RequestConflict,
    RequestDetail,
    add_event,
    build_detail,
    conflict_for,
    not_found,
)
from desk_app.services.uow import read_only, unit_of_work

_TRACKED = (
    "status",
    "directorate_id",
    "answer_text",
    "answered_at",
    "informed_at",
    "informed_via",
    "closed_at",
    "version",
)

_Work = Callable[[Session, Request, datetime], dict[str, Any] | None]


def _state(req: Request) -> dict[str, Any]:
    return {name: getattr(req, name) for name in _TRACKED}


def _act(
    db: Database,
    actor: Actor,
    request_id: int,
    expected_version: int,
    action: str,
    work: _Work,
    now: datetime | None,
) -> RequestDetail:
    """Lock the request, check the version, do ``work``, raise the version, audit old -> new."""
    require(actor, Action.FOLLOW_REQUEST)
    now = now or utcnow()
    try:
        with unit_of_work(db) as session:
            req = session.scalar(
                select(Request)
                .where(Request.id == request_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            if req is None:
                raise not_found(request_id)
            if req.version != expected_version:
                raise conflict_for(build_detail(session, request_id, now=now))
            old = _state(req)
            extra = work(session, req, now)
            req.updated_at = now  # a write always raises the version
            session.flush()
            old_values, new_values = audit.changes(old, _state(req))
            if extra:
                new_values.update(audit.snapshot(extra))
            audit.record(
                session,
                actor,
                action,
                "request",
                req.id,
                old=old_values,
                new=new_values,
                subject_citizen_id=req.citizen_id,
            )
            return build_detail(session, request_id, now=now)
    except RequestConflict:
        raise
    except Conflict as exc:
        if not isinstance(exc.__cause__, StaleDataError):
            raise
        with read_only(db) as session:
            raise conflict_for(build_detail(session, request_id, now=now)) from exc


def _text(value: str, field: str, message: str) -> str:
    text = clean_multiline(value)
    if not text:
        raise ValidationError(message, field)
    return text


def _check_directorate(session: Session, directorate_id: int) -> None:
    found = session.scalar(
        select(Directorate.id).where(Directorate.id == directorate_id, Directorate.active.is_(True))
    )
    if found is None:
        raise ValidationError(
            "Seçilen müdürlük bulunamadı veya kullanımdan kaldırılmış; "
            "listeden bir müdürlük seçin.",
            "mudurluk",
        )


def forward_request(
    db: Database,
    actor: Actor,
    request_id: int,
    expected_version: int,
    directorate_id: int,
    note: str = "",
    *,
    now: datetime | None = None,
) -> RequestDetail:
    """Route to a directorate: NEW becomes FORWARDED; a request being worked on is re-routed
    (status kept). A resolved, rejected or closed request must be reopened first."""

    def work(session: Session, req: Request, at: datetime) -> dict[str, Any]:
        old = RequestStatus(req.status)
        if old not in (RequestStatus.NEW, RequestStatus.FORWARDED, RequestStatus.IN_PROGRESS):
            raise InvalidTransition(
                "Çözülmüş, reddedilmiş veya kapanmış bir talep yönlendirilemez; "
                "gerekiyorsa önce talebi yeniden işleme alın.",
                "durum",
            )
        _check_directorate(session, directorate_id)
        if req.directorate_id == directorate_id and old is not RequestStatus.NEW:
            raise ValidationError(
                "Talep zaten bu müdürlükte; başka bir müdürlük seçin.", "mudurluk"
            )
        new = RequestStatus.FORWARDED if old is RequestStatus.NEW else old
        add_event(
            session,
            req,
            actor,
            EVENT_FORWARDED,
            at,
            text=clean_multiline(note),
            old_status=old.value,
            new_status=new.value,
            directorate_id=directorate_id,
        )
        req.directorate_id = directorate_id
        req.status = new
        return {"note": clean_multiline(note)} if clean_multiline(note) else {}

    return _act(db, actor, request_id, expected_version, "request.forward", work, now)


def _set_answer(
    session: Session, req: Request, actor: Actor, text: str, at: datetime, new: str
) -> None:
    add_event(
        session,
        req,
        actor,
        EVENT_ANSWER,
        at,
        text=text,
        old_status=req.status if new != req.status else None,
        new_status=new if new != req.status else None,
        directorate_id=req.directorate_id,
    )
    req.answer_text = text
    req.answered_at = at
    req.informed_at = None
    req.informed_via = None
    req.status = RequestStatus(new)


def add_answer(
    db: Database,
    actor: Actor,
    request_id: int,
    expected_version: int,
    text: str,
    *,
    resolve: bool = True,
    now: datetime | None = None,
) -> RequestDetail:
    """Record the directorate's written answer (replacing an earlier one); a request that is
    FORWARDED or IN_PROGRESS becomes RESOLVED unless ``resolve=False``."""
    answer = _text(text, FieldKey.CEVAP, "Cevap boş; müdürlüğün yazılı cevabını yazın.")

    def work(session: Session, req: Request, at: datetime) -> None:
        old = RequestStatus(req.status)
        if old is RequestStatus.CLOSED:
            raise InvalidTransition(
                "Kapanmış talebe cevap eklenemez; kapanmış talepler değiştirilemez.", "durum"
            )
        new = old
        if resolve and old in (RequestStatus.FORWARDED, RequestStatus.IN_PROGRESS):
            new = RequestStatus.RESOLVED
        _set_answer(session, req, actor, answer, at, new.value)
        notify.request_answered(session, req.id, at)

    return _act(db, actor, request_id, expected_version, "request.answer", work, now)


def add_note(
    db: Database,
    actor: Actor,
    request_id: int,
    expected_version: int,
    text: str,
    *,
    now: datetime | None = None,
) -> RequestDetail:
    note = _text(text, "not", "Not boş; eklemek istediğiniz notu yazın.")

    def work(session: Session, req: Request, at: datetime) -> dict[str, Any]:
        add_event(session, req, actor, EVENT_NOTE, at, text=note)
        return {"note": note}

    return _act(db, actor, request_id, expected_version, "request.note", work, now)


def change_status(
    db: Database,
    actor: Actor,
    request_id: int,
    expected_version: int,
    new_status: str,
    answer_text: str | None = None,
    note: str = "",
    *,
    now: datetime | None = None,
) -> RequestDetail:
    """Move along the state machine. Resolving and closing need a written answer; one given
    here is recorded first (as an ANSWER event). CLOSED sets ``closed_at``."""
    try:
        target = RequestStatus(new_status)
    except ValueError:
        raise ValidationError(f"Bilinmeyen durum: ‘{new_status}’.", "durum") from None
    answer = clean_multiline(answer_text or "")

    def work(session: Session, req: Request, at: datetime) -> None:
        old = RequestStatus(req.status)
        check_request_transition(old, target, bool(answer or (req.answer_text or "").strip()))
        if target is RequestStatus.FORWARDED and req.directorate_id is None:
            raise ValidationError("Yönlendirmek için bir müdürlük seçin.", "mudurluk")
        if answer:
            _set_answer(session, req, actor, answer, at, old.value)
        add_event(
            session,
            req,
            actor,
            EVENT_STATUS,
            at,
            text=clean_multiline(note),
            old_status=old.value,
            new_status=target.value,
        )
        req.status = target
        if target is RequestStatus.CLOSED:
            req.closed_at = at

    return _act(db, actor, request_id, expected_version, "request.status", work, now)


def record_informed(
    db: Database,
    actor: Actor,
    request_id: int,
    expected_version: int,
    via: str,
    note: str = "",
    *,
    now: datetime | None = None,
) -> RequestDetail:
    """The desk told the citizen the answer (phone, sms, in_person, letter)."""
    if via not in INFORMED_VIA_LABELS:
        raise ValidationError(
            "Bilgilendirme yolu seçilmedi; Telefon, SMS, Yüz yüze veya Yazılı seçin.",
            "bilgilendirme",
        )

    def work(session: Session, req: Request, at: datetime) -> None:
        if not (req.answer_text or "").strip() or req.answered_at is None:
            raise ValidationError(
                "Vatandaşa bildirilecek bir cevap yok; önce müdürlüğün cevabını ekleyin.",
                "bilgilendirme",
            )
        add_event(
            session, req, actor, EVENT_INFORMED, at, text=clean_multiline(note), informed_via=via
        )
        if req.informed_at is None or req.informed_at < req.answered_at:
            req.informed_at = at
            req.informed_via = via

    return _act(db, actor, request_id, expected_version, "request.informed", work, now)

"""Use cases around the outbox: the supervisors' "Bildirimler" list (retry, cancel), a person's
messages on their card, "SMS istemiyor", the day-before reminders and the sender's run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select

from desk_app.db import Database
from desk_app.domain.errors import InvalidTransition, NotFound
from desk_app.domain.phone import format_phone
from desk_app.models import BabySetApplication, Citizen, Request, SmsMessage, utcnow
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.notify.outbox import (
    CANCELLED,
    DELIVERED,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    reminders_in_session,
    tomorrow,
)
from desk_app.services.notify.providers import provider_from_settings
from desk_app.services.notify.sender import RunStats, Sender
from desk_app.services.notify.templates import KIND_LABELS, Kind
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only, unit_of_work
from desk_app.settings import SmsSettings

STATUS_LABELS: dict[str, str] = {
    QUEUED: "Sırada",
    SENDING: "Gönderiliyor",
    SENT: "Gönderildi",
    DELIVERED: "Telefona ulaştı",
    FAILED: "Gönderilemedi",
    CANCELLED: "İptal edildi",
}
STATUSES = (QUEUED, SENDING, SENT, DELIVERED, FAILED, CANCELLED)


@dataclass(frozen=True)
class MessageRow:
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    phone: str
    text: str
    reference: str | None
    citizen_id: int | None
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    demo: bool


def _reference(app_ref: str | None, req_ref: str | None) -> str | None:
    return app_ref or req_ref


def _rows(session_rows: Iterable[tuple[SmsMessage, str, str]]) -> list[MessageRow]:
    out = []
    for message, app_ref, req_ref in session_rows:
        try:
            kind_label = KIND_LABELS[Kind(message.kind)]
        except ValueError:
            kind_label = message.kind
        out.append(
            MessageRow(
                id=message.id,
                kind=message.kind,
                kind_label=kind_label,
                status=message.status,
                status_label=STATUS_LABELS.get(message.status, message.status),
                phone=format_phone(message.phone_e164),
                text=message.text,
                reference=_reference(app_ref, req_ref),
                citizen_id=message.citizen_id,
                attempts=message.attempts,
                last_error=message.last_error,
                created_at=message.created_at,
                sent_at=message.sent_at,
                demo=message.demo,
            )
        )
    return out


def _query() -> Select[SmsMessage, str, str]:
    return (
        select(SmsMessage, BabySetApplication.reference, Request.reference)
        .outerjoin(BabySetApplication, BabySetApplication.id == SmsMessage.application_id)
        .outerjoin(Request, Request.id == SmsMessage.request_id)
        .order_by(SmsMessage.id.desc())
    )


def list_messages(
    db: Database, actor: Actor, status: str | None = None, *, limit: int = 500
) -> tuple[MessageRow, ...]:
    """The newest messages (of one status, or all) for the "Bildirimler" page."""
    require(actor, Action.MANAGE_NOTIFICATIONS)
    query = _query().limit(limit)
    if status:
        query = query.where(SmsMessage.status == status)
    with read_only(db) as session:
        return tuple(_rows(session.execute(query).all()))


def message_counts(db: Database, actor: Actor) -> dict[str, int]:
    require(actor, Action.MANAGE_NOTIFICATIONS)
    with read_only(db) as session:
        found = {
            str(status): int(n)
            for status, n in session.execute(
                select(SmsMessage.status, func.count()).group_by(SmsMessage.status)
            )
        }
    return {status: int(found.get(status, 0)) for status in STATUSES}


def citizen_messages(db: Database, actor: Actor, citizen_id: int) -> tuple[MessageRow, ...]:
    """Every message to one person, newest first (their card)."""
    require(actor, Action.SEARCH_CITIZENS)
    with read_only(db) as session:
        query = _query().where(SmsMessage.citizen_id == citizen_id)
        return tuple(_rows(session.execute(query).all()))


def _change(
    db: Database,
    actor: Actor,
    message_id: int,
    allowed: tuple[str, ...],
    apply: Callable[[SmsMessage, datetime], None],
    action: str,
    refusal: str,
) -> None:
    require(actor, Action.MANAGE_NOTIFICATIONS)
    now = utcnow()
    with unit_of_work(db) as session:
        message = session.get(SmsMessage, message_id, with_for_update=True)
        if message is None:
            raise NotFound(f"{message_id} numaralı mesaj bulunamadı.", "mesaj")
        if message.status not in allowed:
            label = STATUS_LABELS.get(message.status, message.status)
            raise InvalidTransition(f"{refusal} (durumu: {label}).", "mesaj")
        old = {"status": message.status}
        apply(message, now)
        audit.record(
            session,
            actor,
            action,
            "sms_message",
            message.id,
            old=old,
            new={"status": message.status},
            subject_citizen_id=message.citizen_id,
        )


def retry_message(db: Database, actor: Actor, message_id: int) -> None:
    """Queue a failed or cancelled message again (its tries start over)."""

    def apply(message: SmsMessage, now: datetime) -> None:
        message.status = QUEUED
        message.attempts = 0
        message.next_attempt_at = now
        message.claimed_by = None
        message.finished_at = None

    _change(
        db,
        actor,
        message_id,
        (FAILED, CANCELLED),
        apply,
        "sms.retry",
        "Yalnızca gönderilemeyen veya iptal edilen mesaj yeniden denenebilir",
    )


def cancel_message(db: Database, actor: Actor, message_id: int) -> None:
    """Cancel a message that has not been sent yet."""

    def apply(message: SmsMessage, now: datetime) -> None:
        message.status = CANCELLED
        message.last_error = "İptal edildi."
        message.finished_at = now

    _change(
        db,
        actor,
        message_id,
        (QUEUED, FAILED),
        apply,
        "sms.cancel",
        "Yalnızca sırada bekleyen veya gönderilemeyen mesaj iptal edilebilir",
    )


def set_sms_opt_out(db: Database, actor: Actor, citizen_id: int, opt_out: bool) -> int:
    """Record the person's "SMS istemiyor" (audited); their queued messages are cancelled.
    Returns the number of messages cancelled."""
    require(actor, Action.EDIT_CITIZENS)
    now = utcnow()
    with unit_of_work(db) as session:
        citizen = session.get(Citizen, citizen_id, with_for_update=True)
        if citizen is None:
            raise NotFound("Vatandaş bulunamadı; listeyi yenileyin.", "vatandas")
        old = citizen.sms_opt_out
        if old == opt_out:
            return 0
        citizen.sms_opt_out = opt_out
        citizen.updated_at = now
        cancelled = 0
        if opt_out:
            for message in session.scalars(
                select(SmsMessage).where(
                    SmsMessage.citizen_id == citizen_id, SmsMessage.status == QUEUED
                )
            ):
                message.status = CANCELLED
                message.last_error = "Vatandaş SMS istemiyor."
                message.finished_at = now
                cancelled += 1
        audit.record(
            session,
            actor,
            "citizen.sms_opt_out",
            "citizen",
            citizen_id,
            old={"sms_opt_out": old},
            new={"sms_opt_out": opt_out, "cancelled_messages": cancelled},
            subject_citizen_id=citizen_id,
        )
        return cancelled


def sms_opt_out(db: Database, actor: Actor, citizen_id: int) -> bool:
    require(actor, Action.SEARCH_CITIZENS)
    with read_only(db) as session:
        value = session.scalar(select(Citizen.sms_opt_out).where(Citizen.id == citizen_id))
        if value is None:
            raise NotFound("Vatandaş bulunamadı; listeyi yenileyin.", "vatandas")
        return bool(value)


def queue_reminders(
    db: Database, actor: Actor, for_date: date | None = None, *, now: datetime | None = None
) -> int:
    """Enqueue the day-before reminders of the deliveries on ``for_date`` (default tomorrow);
    a delivery reminded before adds nothing. Returns how many were added."""
    require(actor, Action.MANAGE_NOTIFICATIONS)
    now = now or utcnow()
    day = for_date or tomorrow(now)
    with unit_of_work(db) as session:
        added = reminders_in_session(session, day, now)
        audit.record(
            session,
            actor,
            "sms.queue_reminders",
            "sms_message",
            None,
            new={"day": day, "added": added},
        )
        return added


def reminded_delivery_ids(db: Database, actor: Actor, delivery_ids: Iterable[int]) -> set[int]:
    """Which of these deliveries had a reminder or booking message that went out (the
    planner's mark)."""
    require(actor, Action.PLAN_DELIVERIES)
    ids = list(delivery_ids)
    if not ids:
        return set()
    with read_only(db) as session:
        return set(
            session.scalars(
                select(SmsMessage.delivery_id).where(
                    SmsMessage.delivery_id.in_(ids),
                    SmsMessage.kind == Kind.REMINDER.value,
                    SmsMessage.status.in_((SENT, DELIVERED)),
                )
            )
        )


def make_sender(db: Database, actor: Actor, config: SmsSettings) -> Sender:
    """The sender of ``desk-app notify run`` (the provider from the ``[sms]`` section)."""
    require(actor, Action.MANAGE_NOTIFICATIONS)
    return Sender(db=db, config=config, provider=provider_from_settings(config))


def run_sender_once(db: Database, actor: Actor, config: SmsSettings) -> RunStats:
    return make_sender(db, actor, config).run_once()

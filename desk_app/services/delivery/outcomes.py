"""Outcomes of a delivery: handed over (who received it, their relation, when, which desk user
confirmed it) or failed (not home, wrong address, refused, other with a note).

A failed attempt sends the application back to the unbooked list (APPROVED) with the attempt
in its history; after a configurable number of failed home visits the next booking offers a
desk pickup first. A hand-over gives one set out of stock: the delivery's edition when it has
sets on hand, else the oldest active edition that has.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.clock import local_date
from desk_app.domain.errors import Conflict, InvalidTransition, ValidationError
from desk_app.domain.fields import FieldKey
from desk_app.domain.names import validate_person_name
from desk_app.domain.states import ApplicationStatus, DeliveryOutcome
from desk_app.domain.text import clean
from desk_app.models import Delivery, DeliveryAttempt, StockMovement, utcnow
from desk_app.services import audit
from desk_app.services.applications.common import EVENT_ATTEMPT, EVENT_DELIVERED, add_event
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import _lock_application, _lock_delivery
from desk_app.services.delivery.common import (
    BOOKED,
    DONE,
    FAILED,
    FAILURE_OUTCOMES,
    OutcomeInput,
    OutcomeResult,
    outcome_label,
)
from desk_app.services.delivery.plan import delivery_row, home_failures, pickup_first_threshold
from desk_app.services.delivery.setup import edition_rows, stock_status
from desk_app.services.notify import outbox as notify
from desk_app.services.permissions import Action, require
from desk_app.services.uow import unit_of_work

MAX_NOTE_LENGTH = 1000


class AlreadyRecorded(Conflict):
    """The delivery already has its outcome; nothing was written."""


class SlipVoided(Conflict):
    """The scanned slip was reprinted (its serial is no longer the delivery's); nothing was
    written. Checked with the delivery row locked, in the transaction that writes."""


def _validate(data: OutcomeInput, now: datetime, booked_at: datetime) -> tuple[str, str, str]:
    received_by = clean(data.received_by)
    relation = clean(data.relation)
    note = clean(data.note)
    if data.outcome is DeliveryOutcome.DELIVERED:
        if not received_by:
            raise ValidationError(
                "Teslim alan kişinin adını soyadını yazın (fişteki ‘Teslim alan’ kutusu).",
                FieldKey.TESLIM_ALAN,
            )
        received_by = validate_person_name(received_by, FieldKey.TESLIM_ALAN)
        if not relation:
            raise ValidationError(
                "Teslim alanın aileye yakınlığını seçin (ör. Anne, Baba).", "yakinlik"
            )
        if len(relation) > 50:
            raise ValidationError("Yakınlık en fazla 50 karakter olabilir.", "yakinlik")
    elif data.outcome is DeliveryOutcome.OTHER and not note:
        raise ValidationError(
            "‘Diğer’ seçildiğinde ne olduğunu açıklama alanına yazın.", "aciklama"
        )
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(f"Açıklama en fazla {MAX_NOTE_LENGTH} karakter olabilir.", "aciklama")
    at = data.at or now
    if at > now + timedelta(minutes=5):
        raise ValidationError(
            "Teslim zamanı ileri bir tarih olamaz; fişteki tarih ve saati girin.", "zaman"
        )
    if local_date(at) < local_date(booked_at):
        raise ValidationError(
            "Teslim zamanı teslimatın planlandığı günden önce olamaz; tarihi düzeltin.", "zaman"
        )
    return received_by, relation, note


def record_outcome(
    db: Database,
    actor: Actor,
    delivery_id: int,
    data: OutcomeInput,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> OutcomeResult:
    """Record what happened to a booked delivery. An outcome is recorded once: a second one
    (another desk, a slip scanned twice) is refused with ``AlreadyRecorded``."""
    require(actor, Action.RECORD_DELIVERY_OUTCOME)
    now = now or utcnow()
    with unit_of_work(db) as session:
        delivery = _lock_delivery(session, delivery_id, expected_version)
        # The slip's serial is checked here, under the row lock and in the writing
        # transaction: a reprint committed after the scan's first look voids the old slip.
        if data.print_serial is not None and data.print_serial != delivery.print_serial:
            row = delivery_row(session, delivery.id)
            raise SlipVoided(
                f"Bu fiş geçersiz: {row.reference} için fiş yeniden basıldı "
                f"({delivery.print_serial}. baskı). Son basılan fişi okutun.",
                "fis",
            )
        if delivery.status != BOOKED:
            row = delivery_row(session, delivery.id)
            raise AlreadyRecorded(
                f"{row.reference} teslimatının sonucu zaten girilmiş ({row.status_label}); "
                "yeni bir sonuç için başvuruyu yeniden planlayın.",
                "sonuc",
            )
        received_by, relation, note = _validate(data, now, delivery.created_at)
        app = _lock_application(session, delivery.application_id)
        at = data.at or now
        session.add(
            DeliveryAttempt(
                delivery_id=delivery.id,
                at=at,
                outcome=data.outcome.value,
                received_by=received_by or None,
                relation=relation or None,
                note=note or None,
                print_serial=data.print_serial,
                confirmed_by_id=actor.user_id,
            )
        )
        old_status = app.status
        if app.status != ApplicationStatus.SCHEDULED.value:
            raise InvalidTransition(
                f"{app.reference} planlı durumda değil; sonucu girilemez.", "durum"
            )
        label = outcome_label(data.outcome.value)
        if data.outcome is DeliveryOutcome.DELIVERED:
            delivery.status = DONE
            app.status = ApplicationStatus.DELIVERED
            app.delivered_at = at
            edition_id = _give_out(session, delivery, actor, at)
            text = f"Teslim edildi: {received_by} ({relation})."
            event = EVENT_DELIVERED
        else:
            assert data.outcome in FAILURE_OUTCOMES
            delivery.status = FAILED
            app.status = ApplicationStatus.APPROVED
            app.failed_attempts = (app.failed_attempts or 0) + 1
            edition_id = None
            text = f"Teslim edilemedi: {label}." + (f" {note}" if note else "")
            event = EVENT_ATTEMPT
        delivery.updated_at = now
        app.updated_at = now
        session.flush()
        add_event(
            session,
            app.id,
            at,
            event,
            actor.user_id,
            old_status,
            app.status,
            text,
            {"delivery_id": delivery.id, "outcome": data.outcome.value},
        )
        notify.delivery_outcome(session, delivery.id, data.outcome.value, now)
        audit.record(
            session,
            actor,
            "delivery.outcome",
            "delivery",
            delivery.id,
            old={"status": BOOKED, "application_status": old_status},
            new={
                "status": delivery.status,
                "application_status": app.status,
                "outcome": data.outcome.value,
                "received_by": received_by or None,
                "relation": relation or None,
                "edition_id": edition_id,
                "print_serial": data.print_serial,
            },
            detail=note or None,
            subject_citizen_id=app.citizen_id,
        )
        session.flush()
        failures = home_failures(session, [app.id]).get(app.id, 0)
        threshold = pickup_first_threshold(session)
        return OutcomeResult(
            delivery=delivery_row(session, delivery.id),
            application_status=app.status,
            failed_home_attempts=failures,
            pickup_first=(
                app.status == ApplicationStatus.APPROVED.value
                and threshold > 0
                and failures >= threshold
            ),
            stock_warning=stock_status(session).warning,
        )


def _give_out(session: Session, delivery: Delivery, actor: Actor, at: datetime) -> int | None:
    """One set out of stock; the edition handed over is recorded on the delivery."""
    editions = [e for e in edition_rows(session) if e.active or e.id == delivery.set_edition_id]
    chosen = next(
        (e for e in editions if e.id == delivery.set_edition_id and e.on_hand > 0),
        None,
    ) or next((e for e in editions if e.active and e.on_hand > 0), None)
    if chosen is None:
        chosen = next((e for e in editions if e.id == delivery.set_edition_id), None) or next(
            (e for e in editions if e.active), None
        )
    if chosen is None:
        return None
    delivery.set_edition_id = chosen.id
    session.add(
        StockMovement(
            edition_id=chosen.id,
            at=at,
            quantity=-1,
            kind="GIVEN",
            delivery_id=delivery.id,
            user_id=actor.user_id,
        )
    )
    return chosen.id


def latest_booked_delivery(db: Database, actor: Actor, application_id: int) -> int | None:
    """The id of the application's booked delivery, if it has one."""
    require(actor, Action.VIEW_APPLICATIONS)
    with db.read_session() as session:
        return session.scalar(
            select(Delivery.id).where(
                Delivery.application_id == application_id,
                Delivery.status == BOOKED,
            )
        )

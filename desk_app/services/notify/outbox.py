"""The outbox: a message row is added in the transaction of the event that causes it.

Each ``enqueue_*`` function runs inside the caller's session and never commits, so a message
exists exactly when its event does (a rolled-back booking leaves no message). Nothing is written
for a person who chose "SMS istemiyor", for a number that is not a Turkish mobile, or for an
anonymised record. On a database that holds demo data (``desk-app demo`` leaves a ``demo.loaded``
setting) every message is marked ``demo`` and the sender never hands it to a real provider.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.clock import local_today
from desk_app.domain.phone import is_mobile
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.models import (
    BabySetApplication,
    Citizen,
    Delivery,
    PickupSlot,
    PickupWindow,
    Request,
    Setting,
    SmsMessage,
    utcnow,
)
from desk_app.services.notify.templates import (
    DEFAULT_TEMPLATES,
    Kind,
    fields_of,
    render,
    template_for,
)
from desk_app.services.pipeline import insert_rows

QUEUED = "QUEUED"
SENDING = "SENDING"
SENT = "SENT"
DELIVERED = "DELIVERED"
FAILED = "FAILED"
CANCELLED = "CANCELLED"

_Hook = TypeVar("_Hook", bound=Callable[..., None])
_DEMO_KEY = "desk_app.notify.demo"
DEMO_MARKER = "demo.loaded"  # a ``setting`` row written by ``desk-app demo``
_WEEKDAYS = ("Pzt", "Sal", "Çar", "Per", "Cum", "Cmt", "Paz")
_DAY_NAMES = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
FAILED_VISIT_OUTCOMES = frozenset({DeliveryOutcome.NOT_HOME.value, DeliveryOutcome.WRONG_ADDRESS})


def is_demo_database(session: Session) -> bool:
    """True once ``desk-app demo`` has filled this database (cached for the session). The
    marker is a row of ``setting``, which every role reads (the audit trail is not for all)."""
    cached = session.info.get(_DEMO_KEY)
    if isinstance(cached, bool):
        return cached
    from desk_app.services.admin.settings import is_stored  # settings imports notify

    found = is_stored(session, DEMO_MARKER)  # the settings the transaction read already
    session.info[_DEMO_KEY] = found
    return found


def mark_demo_database(session: Session) -> None:
    """Called by the demo generator in its transaction: this database holds made-up people."""
    if session.get(Setting, DEMO_MARKER) is None:
        session.add(Setting(key=DEMO_MARKER, value=True, updated_at=utcnow()))
    session.info[_DEMO_KEY] = True


def sms_day(day: date) -> str:
    return f"{day:%d.%m.%Y} {_DAY_NAMES[day.weekday()]}"


def _hours(start: time, end: time) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"  # a plain hyphen keeps the message GSM-7


def pickup_hours(session: Session) -> str:
    """The desk's pickup hours from the active windows, e.g. ``hafta içi 09:00-17:00``."""
    rows = session.execute(
        select(PickupWindow.weekday, PickupWindow.start_time, PickupWindow.end_time).where(
            PickupWindow.active.is_(True)
        )
    ).all()
    if not rows:
        return "mesai saatlerinde"
    days = sorted({r.weekday for r in rows})
    hours = _hours(min(r.start_time for r in rows), max(r.end_time for r in rows))
    if days == [1, 2, 3, 4, 5]:
        return f"hafta içi {hours}"
    return f"{', '.join(_WEEKDAYS[d - 1] for d in days if 1 <= d <= 7)} {hours}"


# Built once: every booking and answer enqueues a message.
_SMS_CITIZEN = select(Citizen.sms_opt_out, Citizen.anonymised_at, Citizen.phone_e164).where(
    Citizen.id == bindparam("citizen_id")
)
_SMS = cast(Table, SmsMessage.__table__)
_INSERT_SMS = insert(_SMS)


def _sms_row(
    kind: Kind,
    citizen_id: int | None,
    phone: str,
    text: str,
    demo: bool,
    now: datetime,
    *,
    application_id: int | None = None,
    delivery_id: int | None = None,
    request_id: int | None = None,
    about_date: date | None = None,
    dedupe_key: str | None = None,
) -> dict[str, Any]:
    """One queued message's row for ``_INSERT_SMS``."""
    return {
        "key": str(uuid.uuid4()),
        "dedupe_key": dedupe_key,
        "kind": kind.value,
        "citizen_id": citizen_id,
        "phone_e164": phone,
        "text": text,
        "application_id": application_id,
        "delivery_id": delivery_id,
        "request_id": request_id,
        "about_date": about_date,
        "demo": demo,
        "status": QUEUED,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def _sms_citizen(session: Session, citizen_id: int | None) -> Any:
    """What a message needs of the citizen: the session's own object when it holds one (it
    may carry changes not yet written: the hooks run without autoflush), else three columns."""
    if citizen_id is None:
        return None
    held = session.identity_map.get(session.identity_key(Citizen, citizen_id))
    if held is not None:
        return held
    return session.execute(_SMS_CITIZEN, {"citizen_id": citizen_id}).first()


def _message_row(
    session: Session,
    kind: Kind,
    citizen_id: int | None,
    phone: str | None,
    values: dict[str, str],
    now: datetime | None,
    *,
    citizen: Any = None,
    application_id: int | None = None,
    delivery_id: int | None = None,
    request_id: int | None = None,
    about_date: date | None = None,
    dedupe_key: str | None = None,
) -> dict[str, Any] | None:
    """The row of one message to queue, or None when none is sent (no mobile number, the
    citizen opted out or was anonymised). ``citizen``: its ``sms_opt_out``, ``anonymised_at``
    and ``phone_e164`` when the caller read them already."""
    if citizen is None:
        citizen = _sms_citizen(session, citizen_id)
    if citizen is not None:
        if citizen.sms_opt_out or citizen.anonymised_at is not None:
            return None
        phone = phone if phone and is_mobile(phone) else citizen.phone_e164
    if not phone or not is_mobile(phone):
        return None
    return _sms_row(
        kind,
        citizen_id,
        phone,
        render(session, kind, values),
        is_demo_database(session),
        now or utcnow(),
        application_id=application_id,
        delivery_id=delivery_id,
        request_id=request_id,
        about_date=about_date,
        dedupe_key=dedupe_key,
    )


def _enqueue(
    session: Session,
    kind: Kind,
    citizen_id: int | None,
    phone: str | None,
    values: dict[str, str],
    now: datetime | None,
    *,
    application_id: int | None = None,
    delivery_id: int | None = None,
    request_id: int | None = None,
    about_date: date | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Queue one message; False when none was queued (no mobile number, the citizen opted
    out or was anonymised, or the deduplication key was queued already)."""
    row = _message_row(
        session,
        kind,
        citizen_id,
        phone,
        values,
        now,
        application_id=application_id,
        delivery_id=delivery_id,
        request_id=request_id,
        about_date=about_date,
        dedupe_key=dedupe_key,
    )
    if row is None:
        return False
    if dedupe_key is None:
        session.execute(_INSERT_SMS, row)  # a Core INSERT: an object costs a flush
        return True
    if session.scalar(select(SmsMessage.id).where(SmsMessage.dedupe_key == dedupe_key)):
        return False
    try:
        with session.begin_nested():  # another run enqueued it a moment ago: nothing added
            session.execute(_INSERT_SMS, row)
    except IntegrityError:
        return False
    return True


def _quietly(hook: _Hook) -> _Hook:
    """A hook reads without flushing the caller's pending changes: an early flush would write
    the event's row twice (and raise its version twice)."""

    @functools.wraps(hook)
    def wrapper(session: Session, *args: Any) -> None:
        with session.no_autoflush:
            hook(session, *args)

    return cast(_Hook, wrapper)


@_quietly
def application_received(session: Session, application_id: int, now: datetime | None) -> None:
    """Hook of ``register_in_session`` (desk and ``import-applications``)."""
    app = session.get(BabySetApplication, application_id)
    if app is None:
        return
    _enqueue(
        session,
        Kind.RECEIVED,
        app.citizen_id,
        app.phone_e164,
        {"ref": app.reference},
        now,
        application_id=app.id,
    )


def applications_received(
    session: Session, received: list[tuple[int, int, str | None, str]], now: datetime | None
) -> None:
    """The batch import's hook: ``(application id, citizen id, phone, reference)`` of
    applications whose parents the same batch created (so no opt-out or anonymisation yet).
    One template read and one multi-row insert, in the caller's transaction."""
    rows = [(a, c, p, ref) for a, c, p, ref in received if p and is_mobile(p)]
    if not rows:
        return
    now = now or utcnow()
    with session.no_autoflush:
        demo = is_demo_database(session)
        template_text = render(session, Kind.RECEIVED, {"ref": "\x00REF\x00"})
    insert_rows(
        session,
        _SMS,
        [
            _sms_row(
                Kind.RECEIVED,
                citizen_id,
                phone,
                template_text.replace("\x00REF\x00", reference),
                demo,
                now,
                application_id=app_id,
            )
            for app_id, citizen_id, phone, reference in rows
        ],
    )


def _place(session: Session, delivery: Delivery) -> str:
    if delivery.kind == DeliveryKind.PICKUP.value and delivery.pickup_slot_id is not None:
        slot = session.get(PickupSlot, delivery.pickup_slot_id)
        if slot is not None:
            return _place_text(delivery.kind, slot.start_time, slot.end_time)
        return "Gönül Kapısı masasından"
    return "evinize"


def _place_text(kind: str, start: time | None, end: time | None) -> str:
    if kind == DeliveryKind.PICKUP.value and start is not None and end is not None:
        return f"Gönül Kapısı masasından {_hours(start, end)} arası"
    return "Gönül Kapısı masasından" if kind == DeliveryKind.PICKUP.value else "evinize"


def _names(session: Session, kind: Kind, field: str) -> bool:
    """The kind's template, or the default it falls back to, uses ``{field}``."""
    return field in fields_of(template_for(session, kind)) | fields_of(DEFAULT_TEMPLATES[kind])


def _delivery_values(
    session: Session, kind: Kind, reference: str, day: date, place: str
) -> dict[str, str]:
    return {
        "ref": reference,
        "day": sms_day(day),
        "place": place,
        # The windows are read only when the message (or its fallback) names the hours.
        "pickup_hours": pickup_hours(session) if _names(session, kind, "pickup_hours") else "",
    }


def _delivery_message(
    session: Session, kind: Kind, delivery_id: int, now: datetime | None, dedupe: bool = False
) -> bool:
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        return False
    app = session.get(BabySetApplication, delivery.application_id)
    if app is None:
        return False
    return _enqueue(
        session,
        kind,
        app.citizen_id,
        app.phone_e164,
        _delivery_values(
            session, kind, app.reference, delivery.scheduled_date, _place(session, delivery)
        ),
        now,
        application_id=app.id,
        delivery_id=delivery.id,
        about_date=delivery.scheduled_date,
        dedupe_key=(
            f"{kind.value}:{delivery.id}:{delivery.scheduled_date.isoformat()}" if dedupe else None
        ),
    )


def booked_message_row(
    session: Session,
    *,
    delivery_id: int,
    application_id: int,
    reference: str,
    citizen_id: int | None,
    phone: str | None,
    citizen: Any,
    delivery_kind: str,
    day: date,
    start_time: time | None,
    end_time: time | None,
    now: datetime,
) -> dict[str, Any] | None:
    """The "booked" message of a booking as a row to insert (None: no message), for a caller
    that writes it together with the booking's other rows; the same text and checks as
    ``delivery_booked``. ``citizen``: its ``sms_opt_out``, ``anonymised_at`` and
    ``phone_e164`` as read with the application."""
    with session.no_autoflush:
        values = _delivery_values(
            session,
            Kind.BOOKED,
            reference,
            day,
            _place_text(delivery_kind, start_time, end_time),
        )
        return _message_row(
            session,
            Kind.BOOKED,
            citizen_id,
            phone,
            values,
            now,
            citizen=citizen,
            application_id=application_id,
            delivery_id=delivery_id,
            about_date=day,
        )


@_quietly
def delivery_booked(session: Session, delivery_id: int, now: datetime | None) -> None:
    """Hook of a moved delivery (a booking writes ``booked_message_row`` with its rows)."""
    _delivery_message(session, Kind.BOOKED, delivery_id, now)


@_quietly
def delivery_outcome(session: Session, delivery_id: int, outcome: str, now: datetime) -> None:
    """Hook of ``record_outcome``: "sizi bulamadık" after a failed home visit."""
    if outcome in FAILED_VISIT_OUTCOMES:
        delivery = session.get(Delivery, delivery_id)
        if delivery is not None and delivery.kind == DeliveryKind.HOME.value:
            _delivery_message(session, Kind.FAILED_VISIT, delivery_id, now, dedupe=True)


@_quietly
def request_answered(session: Session, request_id: int, now: datetime | None) -> None:
    """Hook of ``add_answer``: the written answer is ready at the desk."""
    req = session.get(Request, request_id)
    if req is None or req.citizen_id is None:
        return
    _enqueue(
        session,
        Kind.ANSWERED,
        req.citizen_id,
        None,
        {"ref": req.reference},
        now,
        request_id=req.id,
    )


def reminders_in_session(session: Session, day: date, now: datetime) -> int:
    """Enqueue the day-before reminder of every delivery booked on ``day``; once per delivery
    (``dedupe_key``), so running it again adds nothing."""
    ids = session.scalars(
        select(Delivery.id)
        .where(Delivery.scheduled_date == day, Delivery.status == "BOOKED")
        .order_by(Delivery.id)
    ).all()
    added = 0
    for delivery_id in ids:
        if _delivery_message(session, Kind.REMINDER, delivery_id, now, dedupe=True):
            added += 1
    return added


def tomorrow(now: datetime | None = None) -> date:
    return local_today(now) + timedelta(days=1)

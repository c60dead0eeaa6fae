"""Hoş Geldin Bebek applications: the values the services take and return, Turkish labels,
and small helpers shared by registration, decisions and reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, insert, select
from sqlalchemy.orm import Session

from desk_app.domain.errors import Conflict, NotFound, ValidationError
from desk_app.domain.states import APPLICATION_STATUS_LABELS, ApplicationStatus
from desk_app.domain.text import fold
from desk_app.models import ACTIVE_BABY_STATES, ApplicationEvent, BabySetApplication
from desk_app.services.citizens import tc_access
from desk_app.services.citizens.input import CitizenInput

EVENT_RECEIVED = "RECEIVED"
EVENT_ELIGIBILITY = "ELIGIBILITY"
EVENT_DECISION = "DECISION"
EVENT_SCHEDULED = "SCHEDULED"
EVENT_ATTEMPT = "ATTEMPT"
EVENT_DELIVERED = "DELIVERED"
EVENT_CANCELLED = "CANCELLED"

EVENT_KIND_LABELS: dict[str, str] = {
    EVENT_RECEIVED: "Başvuru alındı",
    EVENT_ELIGIBILITY: "Uygunluk kontrolü",
    EVENT_DECISION: "Süpervizör kararı",
    EVENT_SCHEDULED: "Teslimat planlandı",
    EVENT_ATTEMPT: "Teslim denemesi",
    EVENT_DELIVERED: "Teslim edildi",
    EVENT_CANCELLED: "İptal edildi",
}

# Candidate states for duplicates: every application that was not cancelled.
LIVE_STATES: tuple[str, ...] = tuple(
    s.value for s in ApplicationStatus if s is not ApplicationStatus.CANCELLED
)
ACTIVE_STATES: tuple[str, ...] = ACTIVE_BABY_STATES
# "Waiting" applications: no set booked yet, nothing final decided.
WAITING_STATES: tuple[str, ...] = (
    ApplicationStatus.RECEIVED.value,
    ApplicationStatus.APPROVED.value,
    ApplicationStatus.SUSPECTED_DUPLICATE.value,
)
SOURCES = ("desk", "web")

# Allowed actions shown on an application (``ApplicationDetail.allowed_actions``).
ACTION_DECIDE_DUPLICATE = "decide_duplicate"
ACTION_OVERRIDE = "override_ineligible"
ACTION_CANCEL = "cancel"


@dataclass(frozen=True)
class ApplicationInput:
    parent: CitizenInput | None = None
    parent_citizen_id: int | None = None
    baby_first_name: str = ""
    baby_last_name: str = ""
    baby_birth_date: date | None = None
    baby_tc_kimlik_no: str = ""
    channel_code: str = "DESK"
    applied_at: date | None = None
    web_reference: str = ""
    notice_acknowledged: bool = False
    notice_version: str = ""
    # The form's idempotency key: a save sent again (a second attempt after a lost connection
    # whose first one did commit) returns the stored application instead of a second one.
    client_token: str | None = None


@dataclass(frozen=True)
class DuplicateCandidate:
    application_id: int
    reference: str
    status: str
    status_label: str
    parent_name: str
    baby_name: str
    baby_birth_date: date
    reasons: tuple[str, ...]  # keys of DUPLICATE_REASON_LABELS

    @property
    def reason_labels(self) -> tuple[str, ...]:
        return tuple(DUPLICATE_REASON_LABELS.get(r, r) for r in self.reasons)


REASON_SAME_BABY_TC = "same_baby_tc"
REASON_SAME_BABY = "same_baby"  # same baby key and the other one holds the set
REASON_PARENT_BIRTH = "same_parent_birth_date"
REASON_PHONE_ADDRESS = "same_phone_address_birth_date"
REASON_SIMILAR_NAMES = "similar_names"

DUPLICATE_REASON_LABELS: dict[str, str] = {
    REASON_SAME_BABY_TC: "Aynı bebek T.C. Kimlik No",
    REASON_SAME_BABY: "Aynı bebek için onaylı başvuru",
    REASON_PARENT_BIRTH: "Aynı veli ve doğum tarihi",
    REASON_PHONE_ADDRESS: "Aynı telefon, adres ve doğum tarihi",
    REASON_SIMILAR_NAMES: "Benzer isimler ve yakın doğum tarihi",
}


@dataclass(frozen=True)
class ApplicationResult:
    id: int
    reference: str
    status: str
    status_label: str
    citizen_id: int
    citizen_created: bool
    eligible: bool | None
    reasons: tuple[str, ...]  # Turkish reasons when not eligible
    duplicate_of_id: int | None
    duplicate_of_reference: str | None
    duplicates: tuple[DuplicateCandidate, ...]
    version: int


@dataclass(frozen=True)
class ApplicationEventView:
    at: datetime
    kind: str
    kind_label: str
    user_name: str
    old_status: str | None
    new_status: str | None
    new_status_label: str | None
    text: str


@dataclass(frozen=True)
class ApplicationDetail:
    id: int
    reference: str
    web_reference: str | None
    status: str
    status_label: str
    applied_at: date
    waiting_days: int | None
    channel_code: str
    channel_name: str
    citizen_id: int
    parent_name: str
    parent_tc: str | None  # masked unless the role may see it in full
    parent_phone_display: str | None
    phone_display: str | None  # the phone given with the application
    address_text: str | None  # the address at application
    mahalle: str | None
    mahalle_served: bool | None
    baby_first_name: str
    baby_last_name: str
    baby_birth_date: date
    baby_tc: str | None  # masked unless the role may see it in full
    notice_version: str | None
    notice_acknowledged_at: datetime | None
    notice_recorded_by_name: str | None
    notice_source: str | None
    eligible: bool | None
    eligibility_reasons: tuple[str, ...]
    eligibility_evidence: dict[str, Any] | None = field(hash=False, compare=False)
    eligibility_checked_at: datetime | None = None
    duplicate_of_id: int | None = None
    duplicate_of_reference: str | None = None
    duplicate_candidates: tuple[DuplicateCandidate, ...] = ()
    decision_reason: str | None = None
    decided_by_name: str | None = None
    decided_at: datetime | None = None
    cancel_reason: str | None = None
    failed_attempts: int = 0
    delivered_at: datetime | None = None
    created_at: datetime | None = None
    created_by_name: str | None = None
    events: tuple[ApplicationEventView, ...] = ()
    allowed_actions: tuple[str, ...] = ()
    version: int = 0


class ApplicationInvalid(ValidationError):
    """The application form has errors; ``errors`` maps every bad field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        field_name, message = next(iter(errors.items()))
        super().__init__(message, field_name)
        self.errors = dict(errors)


class AlreadyImported(Conflict):
    """An application with this web reference (Başvuru No) exists; nothing was added."""

    def __init__(self, web_reference: str, application_id: int, reference: str) -> None:
        super().__init__(
            f"‘{web_reference}’ numaralı web başvurusu zaten kayıtlı ({reference}); "
            "yeniden eklenmedi.",
            field="basvuru_no",
        )
        self.application_id = application_id
        self.reference = reference


def status_label(status: str) -> str:
    try:
        return APPLICATION_STATUS_LABELS[ApplicationStatus(status)]
    except ValueError:
        return status


def baby_key(tc: str | None, citizen_id: int, birth: date, first_name: str) -> str:
    """The baby's identity for the one-set rule (same convention as the demo data)."""
    return tc or f"{citizen_id}:{birth.isoformat()}:{fold(first_name)}"


def not_found(application_id: int) -> NotFound:
    return NotFound(
        f"{application_id} numaralı başvuru bulunamadı; listeyi yenileyip yeniden arayın."
    )


def stale() -> Conflict:
    return Conflict(
        "Bu başvuru siz açtıktan sonra başka bir masada değiştirildi; değişiklikleriniz "
        "kaydedilmedi. Başvuruyu yeniden açıp güncel hâlini görün."
    )


def already_approved(reference: str) -> Conflict:
    return Conflict(
        f"Bu bebek için onaylı bir başvuru zaten var: {reference}. İkinci başvuru onaylanamaz; "
        "mükerrer ise birleştirin veya iptal edin.",
        field="durum",
    )


def active_for_key(
    session: Session, key: str, exclude_id: int | None = None
) -> tuple[int, str] | None:
    """(id, reference) of the application that holds the set of this baby, if any."""
    return _active_where(session, tc_access.baby_key_in(session, [key]), exclude_id)


def active_same_baby(session: Session, application_id: int) -> tuple[int, str] | None:
    """(id, reference) of another application that holds the set of the baby of
    ``application_id``, if any (asked by id: desks cannot read the baby key)."""
    return _active_where(
        session, tc_access.same_baby_key_as(session, application_id), application_id
    )


def _active_where(
    session: Session, same: ColumnElement[bool], exclude_id: int | None
) -> tuple[int, str] | None:
    stmt = select(BabySetApplication.id, BabySetApplication.reference).where(
        same, BabySetApplication.status.in_(ACTIVE_STATES)
    )
    if exclude_id is not None:
        stmt = stmt.where(BabySetApplication.id != exclude_id)
    row = session.execute(stmt.order_by(BabySetApplication.id).limit(1)).first()
    return None if row is None else (row[0], row[1])


def add_event(
    session: Session,
    application_id: int,
    at: datetime,
    kind: str,
    user_id: int | None,
    old: str | None,
    new: str | None,
    text: str,
    data: dict[str, Any] | None = None,
) -> None:
    # A Core INSERT built once, not an ORM object: nothing reads the event back in the use
    # case, and an object costs a unit-of-work flush (a booking writes one on every call).
    session.execute(
        _INSERT_EVENT, event_row(application_id, at, kind, user_id, old, new, text, data)
    )


def event_row(
    application_id: int,
    at: datetime,
    kind: str,
    user_id: int | None,
    old: str | None,
    new: str | None,
    text: str,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The timeline row ``add_event`` inserts, for a caller that writes it with other rows."""
    return {
        "application_id": application_id,
        "at": at,
        "kind": kind,
        "user_id": user_id,
        "old_status": old,
        "new_status": new,
        "text": text,
        "data": data,
    }


_INSERT_EVENT = insert(cast(Table, ApplicationEvent.__table__))

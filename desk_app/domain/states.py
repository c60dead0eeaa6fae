"""Status enums, their Turkish labels and the allowed transitions of requests and applications."""

from __future__ import annotations

from enum import StrEnum

from desk_app.domain.errors import InvalidTransition


class RequestStatus(StrEnum):
    NEW = "NEW"
    FORWARDED = "FORWARDED"
    IN_PROGRESS = "IN_PROGRESS"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"
    CLOSED = "CLOSED"


class ApplicationStatus(StrEnum):
    RECEIVED = "RECEIVED"
    APPROVED = "APPROVED"
    INELIGIBLE = "INELIGIBLE"
    SUSPECTED_DUPLICATE = "SUSPECTED_DUPLICATE"
    SCHEDULED = "SCHEDULED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


class DeliveryOutcome(StrEnum):
    DELIVERED = "DELIVERED"
    NOT_HOME = "NOT_HOME"
    WRONG_ADDRESS = "WRONG_ADDRESS"
    REFUSED = "REFUSED"
    OTHER = "OTHER"


class DeliveryKind(StrEnum):
    HOME = "HOME"
    PICKUP = "PICKUP"


class Role(StrEnum):
    DESK = "desk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


REQUEST_STATUS_LABELS: dict[RequestStatus, str] = {
    RequestStatus.NEW: "Yeni",
    RequestStatus.FORWARDED: "Yönlendirildi",
    RequestStatus.IN_PROGRESS: "İşlemde",
    RequestStatus.RESOLVED: "Çözüldü",
    RequestStatus.REJECTED: "Reddedildi",
    RequestStatus.CLOSED: "Kapandı",
}
APPLICATION_STATUS_LABELS: dict[ApplicationStatus, str] = {
    ApplicationStatus.RECEIVED: "Alındı",
    ApplicationStatus.APPROVED: "Onaylandı",
    ApplicationStatus.INELIGIBLE: "Uygun değil",
    ApplicationStatus.SUSPECTED_DUPLICATE: "Mükerrer şüphesi",
    ApplicationStatus.SCHEDULED: "Planlandı",
    ApplicationStatus.DELIVERED: "Teslim edildi",
    ApplicationStatus.CANCELLED: "İptal",
}
DELIVERY_OUTCOME_LABELS: dict[DeliveryOutcome, str] = {
    DeliveryOutcome.DELIVERED: "Teslim edildi",
    DeliveryOutcome.NOT_HOME: "Evde yok",
    DeliveryOutcome.WRONG_ADDRESS: "Adres yanlış",
    DeliveryOutcome.REFUSED: "Kabul etmedi",
    DeliveryOutcome.OTHER: "Diğer",
}
DELIVERY_KIND_LABELS: dict[DeliveryKind, str] = {
    DeliveryKind.HOME: "Adrese teslim",
    DeliveryKind.PICKUP: "Masadan teslim alma",
}
ROLE_LABELS: dict[Role, str] = {
    Role.DESK: "Masa görevlisi",
    Role.SUPERVISOR: "Süpervizör",
    Role.ADMIN: "Yönetici",
}

_R = RequestStatus
REQUEST_TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    _R.NEW: frozenset({_R.FORWARDED, _R.REJECTED}),
    _R.FORWARDED: frozenset({_R.IN_PROGRESS, _R.RESOLVED, _R.REJECTED}),
    _R.IN_PROGRESS: frozenset({_R.RESOLVED, _R.REJECTED}),
    _R.RESOLVED: frozenset({_R.CLOSED, _R.IN_PROGRESS}),
    _R.REJECTED: frozenset({_R.CLOSED}),
    _R.CLOSED: frozenset(),
}

_A = ApplicationStatus
CANCELLABLE_APPLICATION_STATUSES: frozenset[ApplicationStatus] = frozenset(
    set(_A) - {_A.DELIVERED, _A.CANCELLED}
)
APPLICATION_TRANSITIONS: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    _A.RECEIVED: frozenset({_A.APPROVED, _A.INELIGIBLE, _A.SUSPECTED_DUPLICATE, _A.CANCELLED}),
    _A.SUSPECTED_DUPLICATE: frozenset({_A.APPROVED, _A.INELIGIBLE, _A.CANCELLED}),
    _A.APPROVED: frozenset({_A.SCHEDULED, _A.CANCELLED}),
    _A.SCHEDULED: frozenset({_A.DELIVERED, _A.APPROVED, _A.CANCELLED}),
    _A.INELIGIBLE: frozenset({_A.APPROVED, _A.CANCELLED}),
    _A.DELIVERED: frozenset(),
    _A.CANCELLED: frozenset(),
}


def requires_written_answer(old: RequestStatus, new: RequestStatus) -> bool:
    """True when moving a request from ``old`` to ``new`` needs a written answer for the citizen."""
    return new is RequestStatus.RESOLVED or (
        new is RequestStatus.CLOSED and old in (RequestStatus.RESOLVED, RequestStatus.REJECTED)
    )


def check_request_transition(
    old: RequestStatus, new: RequestStatus, has_written_answer: bool
) -> None:
    """Raise InvalidTransition unless a request may move from ``old`` to ``new``."""
    if new not in REQUEST_TRANSITIONS[old]:
        raise InvalidTransition(
            f"Talep ‘{REQUEST_STATUS_LABELS[old]}’ durumundan "
            f"‘{REQUEST_STATUS_LABELS[new]}’ durumuna geçemez.",
            "durum",
        )
    if requires_written_answer(old, new) and not has_written_answer:
        raise InvalidTransition(
            f"Talebi ‘{REQUEST_STATUS_LABELS[new]}’ durumuna almak için vatandaşa okunabilecek "
            "yazılı bir cevap gerekli; önce müdürlüğün cevabını ekleyin.",
            "cevap",
        )


def requires_reason(old: ApplicationStatus, new: ApplicationStatus) -> bool:
    """True when moving an application from ``old`` to ``new`` needs a written reason."""
    return old in (ApplicationStatus.SUSPECTED_DUPLICATE, ApplicationStatus.INELIGIBLE) or new in (
        ApplicationStatus.CANCELLED,
        ApplicationStatus.INELIGIBLE,
    )


def check_application_transition(
    old: ApplicationStatus, new: ApplicationStatus, reason: str | None
) -> None:
    """Raise InvalidTransition unless an application may move from ``old`` to ``new``.

    A non-blank ``reason`` is required when leaving SUSPECTED_DUPLICATE or INELIGIBLE (a
    supervisor's decision or override) and when moving to CANCELLED or INELIGIBLE.
    """
    if new not in APPLICATION_TRANSITIONS[old]:
        raise InvalidTransition(
            f"Başvuru ‘{APPLICATION_STATUS_LABELS[old]}’ durumundan "
            f"‘{APPLICATION_STATUS_LABELS[new]}’ durumuna geçemez.",
            "durum",
        )
    if requires_reason(old, new) and (reason is None or not reason.strip()):
        raise InvalidTransition(
            f"Başvuruyu ‘{APPLICATION_STATUS_LABELS[new]}’ durumuna almak için gerekçe gerekli; "
            "gerekçeyi yazın.",
            "gerekce",
        )

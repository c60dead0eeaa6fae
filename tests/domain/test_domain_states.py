"""State machines of requests and applications, enums and labels (every pair checked)."""

from __future__ import annotations

import itertools

import pytest

from desk_app.domain.errors import InvalidTransition
from desk_app.domain.states import (
    APPLICATION_STATUS_LABELS,
    DELIVERY_KIND_LABELS,
    DELIVERY_OUTCOME_LABELS,
    REQUEST_STATUS_LABELS,
    ROLE_LABELS,
    ApplicationStatus,
    DeliveryKind,
    DeliveryOutcome,
    RequestStatus,
    Role,
    check_application_transition,
    check_request_transition,
    requires_reason,
    requires_written_answer,
)

R = RequestStatus
A = ApplicationStatus

# Written out independently of the module's tables.
REQUEST_ALLOWED = {
    (R.NEW, R.FORWARDED),
    (R.NEW, R.REJECTED),
    (R.FORWARDED, R.IN_PROGRESS),
    (R.FORWARDED, R.RESOLVED),
    (R.FORWARDED, R.REJECTED),
    (R.IN_PROGRESS, R.RESOLVED),
    (R.IN_PROGRESS, R.REJECTED),
    (R.RESOLVED, R.CLOSED),
    (R.REJECTED, R.CLOSED),
    (R.RESOLVED, R.IN_PROGRESS),
}
NEEDS_ANSWER = {
    (R.FORWARDED, R.RESOLVED),
    (R.IN_PROGRESS, R.RESOLVED),
    (R.RESOLVED, R.CLOSED),
    (R.REJECTED, R.CLOSED),
}

APPLICATION_ALLOWED = {
    (A.RECEIVED, A.APPROVED),
    (A.RECEIVED, A.INELIGIBLE),
    (A.RECEIVED, A.SUSPECTED_DUPLICATE),
    (A.SUSPECTED_DUPLICATE, A.APPROVED),
    (A.SUSPECTED_DUPLICATE, A.INELIGIBLE),
    (A.APPROVED, A.SCHEDULED),
    (A.SCHEDULED, A.DELIVERED),
    (A.SCHEDULED, A.APPROVED),
    (A.INELIGIBLE, A.APPROVED),
    (A.RECEIVED, A.CANCELLED),
    (A.SUSPECTED_DUPLICATE, A.CANCELLED),
    (A.APPROVED, A.CANCELLED),
    (A.SCHEDULED, A.CANCELLED),
    (A.INELIGIBLE, A.CANCELLED),
}
NEEDS_REASON = {
    (A.RECEIVED, A.INELIGIBLE),
    (A.SUSPECTED_DUPLICATE, A.APPROVED),
    (A.SUSPECTED_DUPLICATE, A.INELIGIBLE),
    (A.INELIGIBLE, A.APPROVED),
    (A.RECEIVED, A.CANCELLED),
    (A.SUSPECTED_DUPLICATE, A.CANCELLED),
    (A.APPROVED, A.CANCELLED),
    (A.SCHEDULED, A.CANCELLED),
    (A.INELIGIBLE, A.CANCELLED),
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(R, R)))
def test_every_request_pair(old: RequestStatus, new: RequestStatus) -> None:
    if (old, new) in REQUEST_ALLOWED:
        check_request_transition(old, new, has_written_answer=True)
        if (old, new) in NEEDS_ANSWER:
            assert requires_written_answer(old, new)
            with pytest.raises(InvalidTransition) as info:
                check_request_transition(old, new, has_written_answer=False)
            assert info.value.field == "cevap"
            assert "yazılı bir cevap" in str(info.value)
        else:
            assert not requires_written_answer(old, new)
            check_request_transition(old, new, has_written_answer=False)
    else:
        for answer in (True, False):
            with pytest.raises(InvalidTransition) as info:
                check_request_transition(old, new, has_written_answer=answer)
            assert str(info.value) == (
                f"Talep ‘{REQUEST_STATUS_LABELS[old]}’ durumundan "
                f"‘{REQUEST_STATUS_LABELS[new]}’ durumuna geçemez."
            )


def test_request_message_example() -> None:
    with pytest.raises(InvalidTransition) as info:
        check_request_transition(R.NEW, R.CLOSED, has_written_answer=True)
    assert str(info.value) == "Talep ‘Yeni’ durumundan ‘Kapandı’ durumuna geçemez."


@pytest.mark.parametrize(("old", "new"), list(itertools.product(A, A)))
def test_every_application_pair(old: ApplicationStatus, new: ApplicationStatus) -> None:
    if (old, new) in APPLICATION_ALLOWED:
        check_application_transition(old, new, "Aile başka ilçeye taşındı.")
        if (old, new) in NEEDS_REASON:
            assert requires_reason(old, new)
            for reason in (None, "", "  \t"):
                with pytest.raises(InvalidTransition) as info:
                    check_application_transition(old, new, reason)
                assert info.value.field == "gerekce"
                assert "gerekçe gerekli" in str(info.value)
        else:
            assert not requires_reason(old, new)
            check_application_transition(old, new, None)
    else:
        for reason in ("Gerekçe", None):
            with pytest.raises(InvalidTransition) as info:
                check_application_transition(old, new, reason)
            assert str(info.value) == (
                f"Başvuru ‘{APPLICATION_STATUS_LABELS[old]}’ durumundan "
                f"‘{APPLICATION_STATUS_LABELS[new]}’ durumuna geçemez."
            )


def test_enum_values() -> None:
    assert [s.value for s in R] == [
        "NEW",
        "FORWARDED",
        "IN_PROGRESS",
        "RESOLVED",
        "REJECTED",
        "CLOSED",
    ]
    assert [s.value for s in A] == [
        "RECEIVED",
        "APPROVED",
        "INELIGIBLE",
        "SUSPECTED_DUPLICATE",
        "SCHEDULED",
        "DELIVERED",
        "CANCELLED",
    ]
    assert [o.value for o in DeliveryOutcome] == [
        "DELIVERED",
        "NOT_HOME",
        "WRONG_ADDRESS",
        "REFUSED",
        "OTHER",
    ]
    assert [k.value for k in DeliveryKind] == ["HOME", "PICKUP"]
    assert [r.value for r in Role] == ["desk", "supervisor", "admin"]
    assert Role("supervisor") is Role.SUPERVISOR
    assert RequestStatus("CLOSED") is R.CLOSED


def test_labels() -> None:
    assert list(REQUEST_STATUS_LABELS.values()) == [
        "Yeni",
        "Yönlendirildi",
        "İşlemde",
        "Çözüldü",
        "Reddedildi",
        "Kapandı",
    ]
    assert list(APPLICATION_STATUS_LABELS.values()) == [
        "Alındı",
        "Onaylandı",
        "Uygun değil",
        "Mükerrer şüphesi",
        "Planlandı",
        "Teslim edildi",
        "İptal",
    ]
    assert ROLE_LABELS == {
        Role.DESK: "Masa görevlisi",
        Role.SUPERVISOR: "Süpervizör",
        Role.ADMIN: "Yönetici",
    }
    assert set(DELIVERY_OUTCOME_LABELS) == set(DeliveryOutcome)
    assert DELIVERY_OUTCOME_LABELS[DeliveryOutcome.NOT_HOME] == "Evde yok"
    assert set(DELIVERY_KIND_LABELS) == set(DeliveryKind)
    assert all(label.strip() for label in DELIVERY_KIND_LABELS.values())

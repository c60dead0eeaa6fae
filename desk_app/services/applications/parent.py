"""The applicant (parent) of an application: an existing citizen, the citizen with the given
T.C. Kimlik No, or a new one, found or created as on the desk.

At the desk the clerk has the parent in front of them: what the form says updates the citizen
(name, phone, address; the old address is kept as history), audited like ``update_citizen``.
From the web export nothing a clerk saved is overwritten: missing phone/address are filled in,
and a different address is kept as a superseded history row (source "web") for review; the
differences are returned so the RECEIVED event can show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.errors import ValidationError
from desk_app.models import Address, Citizen
from desk_app.services import audit
from desk_app.services.applications.common import ApplicationInput, ApplicationInvalid
from desk_app.services.citizens import tc_access
from desk_app.services.citizens.input import _Checked, _checked_or_raise
from desk_app.services.citizens.records import (
    _apply,
    _audit_values,
    _current_address,
    _new_address,
    _phone_reversed,
    _same_address,
    create_in_session,
    holds_tc,
)
from desk_app.services.context import Actor


@dataclass
class Parent:
    citizen: Citizen
    address: Address | None
    phone_e164: str | None
    created: bool
    web_differences: dict[str, Any] = field(default_factory=dict)


def _missing(field_name: str, message: str) -> ApplicationInvalid:
    return ApplicationInvalid({field_name: message})


def _existing(session: Session, citizen_id: int) -> Citizen:
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or citizen.anonymised_at is not None:
        raise _missing(
            "veli",
            f"{citizen_id} numaralı veli kaydı bulunamadı veya anonimleştirilmiş; "
            "veliyi yeniden arayıp seçin.",
        )
    return citizen


def _finish(citizen: Citizen, address: Address | None, created: bool, **kw: Any) -> Parent:
    if address is None:
        raise _missing(
            "mahalle",
            "Velinin kayıtlı adresi yok; setin teslim edileceği adresi (mahalle, cadde/sokak, "
            "bina no) girin.",
        )
    if citizen.phone_e164 is None and kw.get("phone_e164") is None:
        raise _missing(
            "telefon", "Velinin kayıtlı telefonu yok; cep telefonunu girin (05xx xxx xx xx)."
        )
    phone = kw.pop("phone_e164", None) or citizen.phone_e164
    return Parent(citizen, address, phone, created, **kw)


def _create(
    session: Session,
    actor: Actor,
    checked: _Checked,
    typed_mahalle: str,
    served: dict[str, int],
    source: str,
) -> Parent:
    citizen, address = create_in_session(
        session, actor, checked, typed_mahalle, served, source=source
    )
    return _finish(citizen, address, True)


def _update_at_desk(
    session: Session,
    actor: Actor,
    citizen: Citizen,
    checked: _Checked,
    typed_mahalle: str,
    served: dict[str, int],
    now: datetime,
) -> Parent:
    current = _current_address(session, citizen.id)
    old_values = _audit_values(citizen, current)
    keep = {"email": citizen.email, "notes": citizen.notes}
    # A number is never blanked, and an unchanged one is not written again (nor read: desks
    # cannot read it, see tc_access).
    keep_tc = checked.tc_kimlik_no is None or holds_tc(session, citizen, checked.tc_kimlik_no)
    _apply(citizen, checked, keep_tc=keep_tc)
    # The application form does not carry e-mail and notes; never blank them.
    citizen.email = checked.email or keep["email"]
    citizen.notes = checked.notes or keep["notes"]
    proposed = _new_address(actor, citizen.id, checked, typed_mahalle, served)
    address = current
    if proposed is not None and not _same_address(current, proposed):
        if current is not None:
            current.valid_to = now
        proposed.valid_from = now
        session.add(proposed)
        address = proposed
    old, new = audit.changes(old_values, _audit_values(citizen, address))
    if new:
        citizen.updated_at = now
        session.flush()
        audit.record(
            session,
            actor,
            "citizen.update",
            "citizen",
            citizen.id,
            old=old,
            new=new,
            subject_citizen_id=citizen.id,
        )
    return _finish(citizen, address, False)


def _fill_from_web(
    session: Session,
    actor: Actor,
    citizen: Citizen,
    checked: _Checked,
    typed_mahalle: str,
    served: dict[str, int],
    now: datetime,
) -> Parent:
    current = _current_address(session, citizen.id)
    old_values = _audit_values(citizen, current)
    differences: dict[str, Any] = {}
    if citizen.phone_e164 is None and checked.phone_e164 is not None:
        citizen.phone_e164 = checked.phone_e164
        citizen.phone_reversed = _phone_reversed(checked.phone_e164)
    elif checked.phone_e164 is not None and checked.phone_e164 != citizen.phone_e164:
        differences["web_phone_e164"] = checked.phone_e164
    proposed = _new_address(actor, citizen.id, checked, typed_mahalle, served)
    address = current
    if proposed is not None:
        proposed.source = "web"
        if current is None:
            session.add(proposed)
            address = proposed
        elif not _same_address(current, proposed):
            proposed.valid_from = proposed.valid_to = now  # history only, for review
            session.add(proposed)
            session.flush()
            differences["web_address_id"] = proposed.id
            differences["web_address"] = (
                f"{proposed.mahalle_text}, {proposed.street} No: {proposed.building_no}"
            )
    old, new = audit.changes(old_values, _audit_values(citizen, address))
    if new:
        citizen.updated_at = now
        session.flush()
        audit.record(
            session,
            actor,
            "citizen.update",
            "citizen",
            citizen.id,
            old=old,
            new=new,
            subject_citizen_id=citizen.id,
            detail="web",
        )
    return _finish(citizen, address, False, web_differences=differences)


def resolve_parent(
    session: Session,
    actor: Actor,
    data: ApplicationInput,
    source: str,
    served: dict[str, int],
    now: datetime,
) -> Parent:
    if data.parent is None:
        assert data.parent_citizen_id is not None  # validation asked for one of the two
        citizen = _existing(session, data.parent_citizen_id)
        return _finish(citizen, _current_address(session, citizen.id), False)
    try:
        checked = _checked_or_raise(data.parent, list(served))
    except ValidationError as exc:
        raise ApplicationInvalid({exc.field or "veli": exc.message}) from exc
    citizen_or_none: Citizen | None = None
    if data.parent_citizen_id is not None:
        citizen_or_none = _existing(session, data.parent_citizen_id)
        tc = checked.tc_kimlik_no
        if (
            tc is not None
            and citizen_or_none.tc_masked is not None
            and not holds_tc(session, citizen_or_none, tc)
        ):
            raise _missing(
                "tc_kimlik_no",
                "Girilen T.C. Kimlik No seçilen velinin kayıtlı numarasından farklı; "
                "doğru veliyi seçin veya numarayı düzeltin.",
            )
        if tc is not None and citizen_or_none.tc_masked is None:
            other = session.scalar(select(Citizen.id).where(tc_access.citizen_tc_in(session, [tc])))
            if other is not None:
                raise _missing(
                    "tc_kimlik_no",
                    "Bu T.C. Kimlik No başka bir vatandaş kaydında; o kaydı veli olarak seçin.",
                )
    elif checked.tc_kimlik_no is not None:
        citizen_or_none = session.scalar(
            select(Citizen).where(tc_access.citizen_tc_in(session, [checked.tc_kimlik_no]))
        )
        if citizen_or_none is not None and citizen_or_none.anonymised_at is not None:
            citizen_or_none = None
    if citizen_or_none is None:
        return _create(session, actor, checked, data.parent.mahalle, served, source)
    if source == "desk":
        return _update_at_desk(
            session, actor, citizen_or_none, checked, data.parent.mahalle, served, now
        )
    return _fill_from_web(
        session, actor, citizen_or_none, checked, data.parent.mahalle, served, now
    )

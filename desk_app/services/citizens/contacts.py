"""Contact data an outside source gave for a known citizen (point 5: corrections survive).

An import never overwrites a phone or an address the desk holds: when the web export says
something different, it is kept here as history and listed for a clerk to review. Where the desk
holds nothing (no phone, no address), the export's value fills the blank.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.errors import NotFound, ValidationError
from desk_app.domain.phone import format_phone
from desk_app.domain.text import clean, skeleton
from desk_app.models import Address, Citizen, ContactObservation, Mahalle, utcnow
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only, unit_of_work

SOURCE_WEB_IMPORT = "web_import"
FIELD_PHONE = "phone"
FIELD_ADDRESS = "address"
_ADDRESS_KEYS = ("mahalle", "street", "building_no", "apartment_no")


@dataclass(frozen=True)
class ObservedContact:
    """What the outside source says about the citizen's phone and address."""

    phone_e164: str | None
    mahalle: str | None = None
    street: str | None = None
    building_no: str | None = None
    apartment_no: str | None = None
    mahalle_served: bool = True

    def address(self) -> dict[str, str] | None:
        if not (self.mahalle and self.street and self.building_no):
            return None
        return {
            "mahalle": self.mahalle,
            "street": self.street,
            "building_no": self.building_no,
            "apartment_no": self.apartment_no or "",
        }


@dataclass(frozen=True)
class ContactObservationView:
    id: int
    citizen_id: int
    citizen_name: str
    source: str
    observed_at: datetime
    web_reference: str | None
    field: str  # phone | address
    observed: dict[str, Any]
    current: dict[str, Any] | None
    observed_display: str
    current_display: str
    differs_from_current: bool
    reviewed_at: datetime | None
    reviewed_by_id: int | None
    review_note: str | None


@dataclass(frozen=True)
class ObservationOutcome:
    recorded: tuple[str, ...]  # fields recorded for review (differ from the desk's)
    filled: tuple[str, ...]  # fields the desk had blank, filled from the source


def _address_dict(address: Address) -> dict[str, str]:
    return {
        "mahalle": address.mahalle_text,
        "street": address.street,
        "building_no": address.building_no,
        "apartment_no": address.apartment_no,
    }


def _same_address(a: dict[str, str], b: dict[str, str]) -> bool:
    return all(skeleton(a.get(k, "")) == skeleton(b.get(k, "")) for k in _ADDRESS_KEYS)


def _current_address(session: Session, citizen_id: int) -> Address | None:
    return session.scalar(
        select(Address)
        .where(Address.citizen_id == citizen_id, Address.valid_to.is_(None))
        .order_by(Address.valid_from.desc(), Address.id.desc())
        .limit(1)
    )


def observe_contact_in_session(
    session: Session,
    actor: Actor,
    citizen: Citizen,
    seen: ObservedContact,
    *,
    source: str = SOURCE_WEB_IMPORT,
    web_reference: str | None = None,
    now: datetime | None = None,
) -> ObservationOutcome:
    """Compare ``seen`` with the citizen's current phone and address inside the caller's
    transaction. A difference is recorded for review (never written over the desk's value);
    a blank is filled from ``seen``."""
    at = now or utcnow()
    recorded: list[str] = []
    filled: list[str] = []
    old_values: dict[str, Any] = {}
    new_values: dict[str, Any] = {}
    if seen.phone_e164:
        if citizen.phone_e164 is None:
            old_values["phone_e164"] = None
            new_values["phone_e164"] = seen.phone_e164
            citizen.phone_e164 = seen.phone_e164
            citizen.phone_reversed = seen.phone_e164.lstrip("+")[::-1]
            filled.append(FIELD_PHONE)
        elif citizen.phone_e164 != seen.phone_e164:
            session.add(
                ContactObservation(
                    citizen_id=citizen.id,
                    source=source,
                    observed_at=at,
                    web_reference=web_reference,
                    field=FIELD_PHONE,
                    observed={"phone_e164": seen.phone_e164},
                    current={"phone_e164": citizen.phone_e164},
                    differs_from_current=True,
                )
            )
            recorded.append(FIELD_PHONE)
    observed_address = seen.address()
    if observed_address is not None:
        current = _current_address(session, citizen.id)
        if current is None:
            mahalle_id = session.scalar(
                select(Mahalle.id).where(Mahalle.name == observed_address["mahalle"])
            )
            session.add(
                Address(
                    citizen_id=citizen.id,
                    mahalle_id=mahalle_id if seen.mahalle_served else None,
                    mahalle_text=observed_address["mahalle"][:100],
                    street=observed_address["street"],
                    building_no=observed_address["building_no"],
                    apartment_no=observed_address["apartment_no"],
                    served=seen.mahalle_served and mahalle_id is not None,
                    source="web",
                    valid_from=at,
                    created_by_id=actor.user_id,
                )
            )
            new_values.update(observed_address)
            filled.append(FIELD_ADDRESS)
        elif not _same_address(_address_dict(current), observed_address):
            session.add(
                ContactObservation(
                    citizen_id=citizen.id,
                    source=source,
                    observed_at=at,
                    web_reference=web_reference,
                    field=FIELD_ADDRESS,
                    observed=observed_address,
                    current=_address_dict(current),
                    differs_from_current=True,
                )
            )
            recorded.append(FIELD_ADDRESS)
    if filled:
        citizen.updated_at = at
        session.flush()
        audit.record(
            session,
            actor,
            "citizen.fill_from_import",
            "citizen",
            citizen.id,
            old=old_values,
            new=new_values,
            detail=f"{source} {web_reference or ''}".strip(),
            subject_citizen_id=citizen.id,
        )
    return ObservationOutcome(tuple(recorded), tuple(filled))


# --- review ---------------------------------------------------------------------------------


def _display(field: str, values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    if field == FIELD_PHONE:
        phone = values.get("phone_e164")
        return format_phone(phone) if isinstance(phone, str) else ""
    parts = [values.get("mahalle", ""), values.get("street", ""), values.get("building_no", "")]
    text = " ".join(clean(str(p)) for p in parts if p)
    apartment = clean(str(values.get("apartment_no") or ""))
    return f"{text} / {apartment}" if apartment else text


def _view(row: ContactObservation, citizen_name: str) -> ContactObservationView:
    return ContactObservationView(
        id=row.id,
        citizen_id=row.citizen_id,
        citizen_name=citizen_name,
        source=row.source,
        observed_at=row.observed_at,
        web_reference=row.web_reference,
        field=row.field,
        observed=dict(row.observed),
        current=dict(row.current) if row.current is not None else None,
        observed_display=_display(row.field, row.observed),
        current_display=_display(row.field, row.current),
        differs_from_current=row.differs_from_current,
        reviewed_at=row.reviewed_at,
        reviewed_by_id=row.reviewed_by_id,
        review_note=row.review_note,
    )


def list_contact_observations(
    db: Database,
    actor: Actor,
    citizen_id: int | None = None,
    unreviewed_only: bool = True,
    *,
    limit: int = 500,
) -> list[ContactObservationView]:
    """Observations newest first (of one citizen, or all), unreviewed ones by default."""
    require(actor, Action.SEARCH_CITIZENS)
    with read_only(db) as session:
        query = (
            select(ContactObservation, Citizen.first_name, Citizen.last_name)
            .join(Citizen, Citizen.id == ContactObservation.citizen_id)
            .order_by(ContactObservation.observed_at.desc(), ContactObservation.id.desc())
            .limit(limit)
        )
        if citizen_id is not None:
            query = query.where(ContactObservation.citizen_id == citizen_id)
        if unreviewed_only:
            query = query.where(ContactObservation.reviewed_at.is_(None))
        return [_view(row, f"{first} {last}") for row, first, last in session.execute(query)]


def mark_reviewed(
    db: Database,
    actor: Actor,
    observation_ids: list[int],
    *,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """Mark observations as seen by a clerk (who corrects the card, if needed, through the
    citizen form). Returns how many were newly marked; already reviewed ones stay as they were."""
    require(actor, Action.EDIT_CITIZENS)
    text = clean(note)
    if len(text) > 200:
        raise ValidationError(
            f"Not en fazla 200 karakter olabilir; {len(text)} karakter girildi.", "not"
        )
    at = now or utcnow()
    with unit_of_work(db) as session:
        rows = list(
            session.scalars(
                select(ContactObservation).where(ContactObservation.id.in_(observation_ids))
            )
        )
        if len(rows) != len(set(observation_ids)):
            raise NotFound("İncelenecek kayıt bulunamadı; liste yenilenip yeniden deneyin.")
        marked = 0
        for row in rows:
            if row.reviewed_at is not None:
                continue
            row.reviewed_at = at
            row.reviewed_by_id = actor.user_id
            row.review_note = text or None
            marked += 1
            audit.record(
                session,
                actor,
                "contact.reviewed",
                "contact_observation",
                row.id,
                new={"field": row.field, "note": text},
                subject_citizen_id=row.citizen_id,
            )
        return marked

"""Citizens at the desk: inline validation, similar-record check, create, update (optimistic
lock, address history kept), and the citizen card with every request and application."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.errors import Conflict, NotFound, ValidationError
from desk_app.domain.phone import format_phone, normalize_phone
from desk_app.domain.states import (
    APPLICATION_STATUS_LABELS,
    REQUEST_STATUS_LABELS,
    ApplicationStatus,
    RequestStatus,
)
from desk_app.domain.tckn import mask_tckn, validate_tckn
from desk_app.domain.text import clean, fold, skeleton, sort_key
from desk_app.models import (
    Address,
    BabySetApplication,
    Channel,
    Citizen,
    Directorate,
    Mahalle,
    Request,
    utcnow,
)
from desk_app.services import audit
from desk_app.services.citizens import tc_access
from desk_app.services.citizens.input import CitizenInput as CitizenInput
from desk_app.services.citizens.input import _Checked, _checked_or_raise
from desk_app.services.citizens.input import validate_citizen as validate_citizen
from desk_app.services.citizens.search import CitizenHit, hits_by_id
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, allowed, require
from desk_app.services.uow import read_only, unit_of_work

# --- values in and out ------------------------------------------------------------------


@dataclass(frozen=True)
class AddressView:
    id: int
    mahalle: str
    street: str
    building_no: str
    apartment_no: str
    served: bool
    valid_from: datetime
    valid_to: datetime | None
    source: str


@dataclass(frozen=True)
class CitizenView:
    id: int
    tc_kimlik_no: str | None
    first_name: str
    last_name: str
    full_name: str
    phone_e164: str | None
    phone_display: str | None
    email: str | None
    notes: str | None
    address: AddressView | None
    version: int


@dataclass(frozen=True)
class RequestSummary:
    id: int
    reference: str
    created_at: datetime
    channel_name: str
    subject: str
    status: str
    status_label: str
    directorate_short: str | None


@dataclass(frozen=True)
class ApplicationSummary:
    id: int
    reference: str
    applied_at: date
    baby_name: str
    status: str
    status_label: str


@dataclass(frozen=True)
class CitizenCard:
    citizen: CitizenView
    addresses: tuple[AddressView, ...]  # newest first
    requests: tuple[RequestSummary, ...]  # newest first, every channel
    applications: tuple[ApplicationSummary, ...]  # newest first


class DuplicateCitizen(Conflict):
    """A citizen with this T.C. Kimlik No exists; ``existing`` is offered to open instead."""

    def __init__(self, existing: CitizenHit) -> None:
        super().__init__(
            f"Bu T.C. Kimlik No ile kayıtlı bir vatandaş var: {existing.full_name}. "
            "Yeni kayıt açmak yerine mevcut kaydı açın.",
            field="tc_kimlik_no",
        )
        self.existing = existing


# --- reading ----------------------------------------------------------------------------


_T = TypeVar("_T")


def session_memo(session: Session, key: str, load: Callable[[], _T]) -> _T:
    """``load()`` once per session: reference data and settings a use case reads again and
    again (an import registers thousands of applications in a few transactions)."""
    memo = session.info.setdefault("desk_app.memo", {})
    if key not in memo:
        memo[key] = load()
    return cast(_T, memo[key])


def _served(session: Session) -> dict[str, int]:
    def load() -> dict[str, int]:
        rows = session.execute(
            select(Mahalle.name, Mahalle.id).where(
                Mahalle.served.is_(True), Mahalle.active.is_(True)
            )
        ).all()
        return {name: mid for name, mid in rows}

    return dict(session_memo(session, "served", load))


def served_mahalleler(db: Database) -> list[str]:
    """Served, active mahalleler in Turkish alphabetical order (the address form's list)."""
    with read_only(db) as session:
        return sorted(_served(session), key=sort_key)


def _mahalle_names(session: Session, addresses: Sequence[Address]) -> dict[int, str]:
    ids = {a.mahalle_id for a in addresses if a.mahalle_id is not None}
    if not ids:
        return {}
    rows = session.execute(select(Mahalle.id, Mahalle.name).where(Mahalle.id.in_(ids))).all()
    return {mid: name for mid, name in rows}


def _address_views(session: Session, addresses: Sequence[Address]) -> list[AddressView]:
    names = _mahalle_names(session, addresses)
    return [
        AddressView(
            id=a.id,
            mahalle=names.get(a.mahalle_id, a.mahalle_text) if a.mahalle_id else a.mahalle_text,
            street=a.street,
            building_no=a.building_no,
            apartment_no=a.apartment_no,
            served=a.served,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
            source=a.source,
        )
        for a in addresses
    ]


def _current_address(session: Session, citizen_id: int) -> Address | None:
    return session.scalars(
        select(Address)
        .where(Address.citizen_id == citizen_id, Address.valid_to.is_(None))
        .order_by(Address.valid_from.desc(), Address.id.desc())
        .limit(1)
    ).first()


def masked_tc(citizen: Citizen) -> str | None:
    """The citizen's number masked, without reading the stored number: the one just assigned
    (masked here) or the generated ``tc_masked`` column."""
    if not isinstance(citizen, Citizen):
        # A plain record (the importer's planned rows) holding the typed number. Asked first:
        # SQLAlchemy's inspect() of a plain object searches every class it knows of (6 % of
        # an import on PostgreSQL).
        typed = cast(str | None, getattr(citizen, "tc_kimlik_no", None))
        return mask_tckn(typed) if typed else None
    state = inspect(citizen)
    if "tc_kimlik_no" in state.dict:
        tc = state.dict["tc_kimlik_no"]
        return mask_tckn(tc) if tc else None
    return citizen.tc_masked


def full_tc(session: Session, citizen: Citizen) -> str | None:
    """The whole number, for roles that may read it (Action.VIEW_FULL_TCKN); the column is
    deferred (desks cannot read it on PostgreSQL), so it is loaded only here."""
    assigned = inspect(citizen).dict
    if "tc_kimlik_no" in assigned:
        return cast(str | None, assigned["tc_kimlik_no"])
    session.flush()
    return session.scalar(select(Citizen.tc_kimlik_no).where(Citizen.id == citizen.id))


def holds_tc(session: Session, citizen: Citizen, tc: str | None) -> bool:
    """Whether ``tc`` is the citizen's stored number (asked without reading the number): an
    unchanged number is then not written again."""
    if not tc or citizen.tc_masked != mask_tckn(tc):
        return False
    return citizen.id in tc_access.citizens_by_tc(session, [tc]).get(tc, [])


def _shown_tc(session: Session, actor: Actor, citizen: Citizen) -> str | None:
    if "tc_kimlik_no" in inspect(citizen).dict:  # the number this caller just typed and saved
        return full_tc(session, citizen)
    return (
        full_tc(session, citizen) if allowed(actor, Action.VIEW_FULL_TCKN) else masked_tc(citizen)
    )


def _view(session: Session, actor: Actor, citizen: Citizen, address: Address | None) -> CitizenView:
    return CitizenView(
        id=citizen.id,
        tc_kimlik_no=_shown_tc(session, actor, citizen),
        first_name=citizen.first_name,
        last_name=citizen.last_name,
        full_name=f"{citizen.first_name} {citizen.last_name}",
        phone_e164=citizen.phone_e164,
        phone_display=format_phone(citizen.phone_e164) if citizen.phone_e164 else None,
        email=citizen.email,
        notes=citizen.notes,
        address=_address_views(session, [address])[0] if address is not None else None,
        version=citizen.version,
    )


def _not_found(citizen_id: int) -> NotFound:
    return NotFound(
        f"{citizen_id} numaralı vatandaş kaydı bulunamadı; kayıt silinmiş olabilir, "
        "vatandaşı yeniden arayın."
    )


def _status_label(labels: Mapping[Any, str], enum: Any, value: str) -> str:
    try:
        return labels[enum(value)]
    except (ValueError, KeyError):
        return value


def get_citizen_card(db: Database, actor: Actor, citizen_id: int) -> CitizenCard:
    """The citizen with address history, requests and applications; records the read (KVKK)."""
    require(actor, Action.SEARCH_CITIZENS)
    with unit_of_work(db) as session:
        citizen = session.get(Citizen, citizen_id)
        if citizen is None:
            raise _not_found(citizen_id)
        addresses = list(
            session.scalars(
                select(Address)
                .where(Address.citizen_id == citizen_id)
                .order_by(Address.valid_from.desc(), Address.id.desc())
            )
        )
        current = next((a for a in addresses if a.valid_to is None), None)
        request_rows = session.execute(
            select(Request, Channel.name, Directorate.short)
            .join(Channel, Channel.id == Request.channel_id)
            .outerjoin(Directorate, Directorate.id == Request.directorate_id)
            .where(Request.citizen_id == citizen_id)
            .order_by(Request.created_at.desc(), Request.id.desc())
        ).all()
        applications = session.scalars(
            select(BabySetApplication)
            .where(BabySetApplication.citizen_id == citizen_id)
            .order_by(BabySetApplication.applied_at.desc(), BabySetApplication.id.desc())
        ).all()
        card = CitizenCard(
            citizen=_view(session, actor, citizen, current),
            addresses=tuple(_address_views(session, addresses)),
            requests=tuple(
                RequestSummary(
                    id=r.id,
                    reference=r.reference,
                    created_at=r.created_at,
                    channel_name=channel_name,
                    subject=r.subject,
                    status=r.status,
                    status_label=_status_label(REQUEST_STATUS_LABELS, RequestStatus, r.status),
                    directorate_short=short,
                )
                for r, channel_name, short in request_rows
            ),
            applications=tuple(
                ApplicationSummary(
                    id=a.id,
                    reference=a.reference,
                    applied_at=a.applied_at,
                    baby_name=f"{a.baby_first_name} {a.baby_last_name}",
                    status=a.status,
                    status_label=_status_label(
                        APPLICATION_STATUS_LABELS, ApplicationStatus, a.status
                    ),
                )
                for a in applications
            ),
        )
        audit.record(
            session, actor, "citizen.view", "citizen", citizen_id, subject_citizen_id=citizen_id
        )
    # The service masks the number for desks (_view): the window is not the only guard.
    return card


# --- similar records --------------------------------------------------------------------


def _within_one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def similar_names(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """Same skeleton name, or same skeleton last name and first names where one starts the
    other or they differ by one letter ("Ayse Yilmaz" ~ "Ayşe Yılmaz" ~ "Ayşe Nur Yılmaz")."""
    if skeleton(f"{first_a} {last_a}") == skeleton(f"{first_b} {last_b}"):
        return True
    if skeleton(last_a) != skeleton(last_b):
        return False
    fa, fb = skeleton(first_a), skeleton(first_b)
    if not fa or not fb:
        return False
    return fa.startswith(fb) or fb.startswith(fa) or _within_one_edit(fa, fb)


def _similar_ids(
    session: Session, data: CitizenInput, exclude_id: int | None
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    tc = data.tc_kimlik_no.strip()
    try:
        tc_ok = validate_tckn(tc) if tc else None
    except ValidationError:
        tc_ok = None
    if tc_ok:
        for cid in session.scalars(
            select(Citizen.id).where(tc_access.citizen_tc_in(session, [tc_ok]))
        ):
            found.append((cid, "tc"))
    try:
        e164 = normalize_phone(data.phone) if data.phone.strip() else None
    except ValidationError:
        e164 = None
    if e164:
        rows = session.execute(
            select(Citizen.id, Citizen.first_name, Citizen.last_name)
            .where(Citizen.phone_e164 == e164, Citizen.anonymised_at.is_(None))
            .limit(200)
        ).all()
        for cid, first, last in rows:
            if similar_names(data.first_name, data.last_name, first, last):
                found.append((cid, "phone"))
            else:  # someone else's phone (a relative's, or a typing mistake): say so
                found.append((cid, "shared_phone"))
    seen: set[int] = set()
    out: list[tuple[int, str]] = []
    for cid, how in found:
        if cid != exclude_id and cid not in seen:
            seen.add(cid)
            out.append((cid, how))
    return out


def find_similar(
    db: Database, actor: Actor, data: CitizenInput, exclude_id: int | None = None
) -> list[CitizenHit]:
    """Records that are probably this person: the same T.C. Kimlik No, or the same phone with
    a similar name (``matched_by`` "tc" / "phone"); and others on file with that phone
    ("shared_phone"). Shown before saving so the clerk opens the existing record instead, or
    checks the phone."""
    require(actor, Action.SEARCH_CITIZENS)
    with read_only(db) as session:
        return hits_by_id(session, actor, _similar_ids(session, data, exclude_id))


# --- writing ----------------------------------------------------------------------------


def _phone_reversed(e164: str | None) -> str | None:
    return None if e164 is None else e164.lstrip("+")[::-1]


def _audit_values(citizen: Citizen, address: Address | None) -> dict[str, Any]:
    return {
        "first_name": citizen.first_name,
        "last_name": citizen.last_name,
        "tc_kimlik_no": masked_tc(citizen),
        "phone_e164": citizen.phone_e164,
        "email": citizen.email,
        "notes": citizen.notes,
        "mahalle": address.mahalle_text if address else None,
        "street": address.street if address else None,
        "building_no": address.building_no if address else None,
        "apartment_no": address.apartment_no if address else None,
        "served": address.served if address else None,
    }


def _apply(citizen: Citizen, checked: _Checked, *, keep_tc: bool = False) -> None:
    citizen.first_name = checked.first_name
    citizen.last_name = checked.last_name
    citizen.name_folded = fold(f"{checked.first_name} {checked.last_name}")
    citizen.last_name_folded = fold(checked.last_name)
    if not keep_tc:
        citizen.tc_kimlik_no = checked.tc_kimlik_no
    citizen.phone_e164 = checked.phone_e164
    citizen.phone_reversed = _phone_reversed(checked.phone_e164)
    citizen.email = checked.email
    citizen.notes = checked.notes


def _new_address(
    actor: Actor, citizen_id: int, checked: _Checked, typed_mahalle: str, served: dict[str, int]
) -> Address | None:
    if checked.address is None:
        return None
    addr = checked.address
    return Address(
        citizen_id=citizen_id,
        mahalle_id=served.get(addr.mahalle) if checked.served else None,
        mahalle_text=clean(typed_mahalle)[:100],
        street=addr.street,
        building_no=addr.building_no,
        apartment_no=addr.apartment_no,
        served=checked.served,
        source="desk",
        valid_from=utcnow(),
        created_by_id=actor.user_id,
    )


def _same_address(old: Address | None, new: Address | None) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if old.served != new.served:
        return False
    same_mahalle = (
        old.mahalle_id == new.mahalle_id
        if new.served and new.mahalle_id is not None
        else old.mahalle_text == new.mahalle_text
    )
    return same_mahalle and (old.street, old.building_no, old.apartment_no) == (
        new.street,
        new.building_no,
        new.apartment_no,
    )


def _refuse_duplicate_tc(
    session: Session, actor: Actor, tc: str | None, exclude_id: int | None
) -> None:
    if tc is None:
        return
    existing = session.scalar(
        select(Citizen.id).where(
            tc_access.citizen_tc_in(session, [tc]), Citizen.id != (exclude_id or -1)
        )
    )
    if existing is not None:
        raise DuplicateCitizen(hits_by_id(session, actor, [(existing, "tc")])[0])


def _raise_if_tc_race(db: Database, actor: Actor, tc: str | None, exclude_id: int | None) -> None:
    """After an IntegrityError: another desk saved the same T.C. Kimlik No a moment earlier."""
    with read_only(db) as session:
        _refuse_duplicate_tc(session, actor, tc, exclude_id)


def create_in_session(
    session: Session,
    actor: Actor,
    checked: _Checked,
    typed_mahalle: str,
    served: dict[str, int],
    *,
    source: str = "desk",
) -> tuple[Citizen, Address | None]:
    """Insert a checked citizen and its address in the caller's transaction, audited."""
    citizen = Citizen(created_by_id=actor.user_id)
    _apply(citizen, checked)
    session.add(citizen)
    session.flush()
    address = _new_address(actor, citizen.id, checked, typed_mahalle, served)
    if address is not None:
        address.source = source
        session.add(address)
        session.flush()
    audit.record(
        session,
        actor,
        "citizen.create",
        "citizen",
        citizen.id,
        new=_audit_values(citizen, address),
        subject_citizen_id=citizen.id,
    )
    return citizen, address


def _by_client_token(session: Session, actor: Actor, data: CitizenInput) -> CitizenView | None:
    """The citizen an earlier attempt of the same form already stored (a retried save): the
    same view as the first attempt returned (with the number this form typed)."""
    if not data.client_token:
        return None
    citizen = session.scalar(select(Citizen).where(Citizen.client_token == data.client_token))
    if citizen is None:
        return None
    view = _view(session, actor, citizen, _current_address(session, citizen.id))
    typed = data.tc_kimlik_no.strip()
    if typed and holds_tc(session, citizen, typed):
        view = replace(view, tc_kimlik_no=typed)
    return view


def create_citizen(db: Database, actor: Actor, data: CitizenInput) -> CitizenView:
    """A new citizen (and current address when given). A known T.C. Kimlik No is refused with
    DuplicateCitizen carrying the existing record. With ``data.client_token`` the create is
    idempotent: a retry after a lost connection returns the citizen the first attempt stored."""
    require(actor, Action.EDIT_CITIZENS)
    checked: _Checked | None = None
    try:
        with unit_of_work(db) as session:
            stored = _by_client_token(session, actor, data)
            if stored is not None:
                return stored
            served = _served(session)
            checked = _checked_or_raise(data, list(served))
            _refuse_duplicate_tc(session, actor, checked.tc_kimlik_no, None)
            citizen, address = create_in_session(session, actor, checked, data.mahalle, served)
            if data.client_token:
                citizen.client_token = data.client_token
                session.flush()
            return _view(session, actor, citizen, address)
    except IntegrityError:
        if data.client_token:  # the same form's other attempt committed a moment earlier
            with read_only(db) as session:
                stored = _by_client_token(session, actor, data)
            if stored is not None:
                return stored
        if checked is not None:
            _raise_if_tc_race(db, actor, checked.tc_kimlik_no, None)
        raise


def update_citizen(
    db: Database, actor: Actor, citizen_id: int, expected_version: int, data: CitizenInput
) -> CitizenView:
    """Save the edited card. Refused with Conflict (nothing written) when the record changed
    since it was opened; a new address supersedes the current one, which is kept as history."""
    require(actor, Action.EDIT_CITIZENS)
    checked: _Checked | None = None
    try:
        with unit_of_work(db) as session:
            citizen = session.get(Citizen, citizen_id, with_for_update=True)
            if citizen is None:
                raise _not_found(citizen_id)
            if citizen.version != expected_version:
                raise Conflict(
                    "Bu vatandaş kaydı siz düzenlerken başka bir masada değiştirildi; "
                    "değişiklikleriniz kaydedilmedi. Kaydı yeniden açıp güncel hâlini görün."
                )
            if citizen.anonymised_at is not None:
                raise Conflict("Bu kayıt anonimleştirilmiş; düzenlenemez.")
            served = _served(session)
            keep_tc = bool(
                citizen.tc_masked
                and "*" in data.tc_kimlik_no
                and data.tc_kimlik_no.strip() == citizen.tc_masked
            )
            if keep_tc:
                # A desk saw the number masked (get_citizen_card) and cannot read it whole:
                # unchanged, the stored number is kept without being read.
                data = replace(data, tc_kimlik_no="")
            checked = _checked_or_raise(data, list(served))
            keep_tc = keep_tc or holds_tc(session, citizen, checked.tc_kimlik_no)
            if not keep_tc:
                _refuse_duplicate_tc(session, actor, checked.tc_kimlik_no, citizen_id)
            current = _current_address(session, citizen_id)
            old_values = _audit_values(citizen, current)
            _apply(citizen, checked, keep_tc=keep_tc)
            proposed = _new_address(actor, citizen_id, checked, data.mahalle, served)
            address = current
            if not _same_address(current, proposed):
                now = utcnow()
                if current is not None:
                    current.valid_to = now
                if proposed is not None:
                    proposed.valid_from = now
                    session.add(proposed)
                address = proposed
            old, new = audit.changes(old_values, _audit_values(citizen, address))
            if not new:
                return _view(session, actor, citizen, current)
            citizen.updated_at = utcnow()  # bumps the version even for an address-only change
            session.flush()
            audit.record(
                session,
                actor,
                "citizen.update",
                "citizen",
                citizen_id,
                old=old,
                new=new,
                subject_citizen_id=citizen_id,
            )
            return _view(session, actor, citizen, address)
    except IntegrityError:
        if checked is not None:
            _raise_if_tc_race(db, actor, checked.tc_kimlik_no, citizen_id)
        raise

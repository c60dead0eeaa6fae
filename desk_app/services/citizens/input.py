"""Citizen form input and its validation: pure checks the form runs as the clerk types, and
the same checks the services run before saving."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desk_app.domain.address import AddressInput, validate_address
from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import FieldKey, field_label
from desk_app.domain.names import validate_person_name
from desk_app.domain.phone import normalize_phone
from desk_app.domain.tckn import validate_tckn
from desk_app.domain.text import clean

MAX_EMAIL_LENGTH = 200
MAX_NOTES_LENGTH = 4000
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_ADDRESS_FIELDS = (
    ("mahalle", FieldKey.MAHALLE),
    ("street", FieldKey.CADDE_SOKAK),
    ("building_no", FieldKey.BINA_NO),
)


@dataclass(frozen=True)
class CitizenInput:
    first_name: str
    last_name: str
    tc_kimlik_no: str = ""
    phone: str = ""
    email: str = ""
    mahalle: str = ""
    street: str = ""
    building_no: str = ""
    apartment_no: str = ""
    notes: str = ""
    # Idempotency key of the form that saves (one per open form): a retried create with the
    # same token returns the citizen already stored instead of a second one.
    client_token: str | None = None


# --- validation -------------------------------------------------------------------------


def clean_multiline(text: str) -> str:
    """Free text of several lines (notes, a request's description): line breaks and tabs kept,
    NUL and other control characters and lone surrogates dropped (PostgreSQL refuses NUL in
    text; no encoding can store a lone surrogate), NFC, surrounding blanks stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    ).strip()


@dataclass(frozen=True)
class _Checked:
    first_name: str
    last_name: str
    tc_kimlik_no: str | None
    phone_e164: str | None
    email: str | None
    notes: str | None
    address: AddressInput | None
    served: bool


def _check(
    data: CitizenInput, served: Sequence[str]
) -> tuple[dict[str, str], str | None, _Checked | None]:
    """(blocking errors by field, the "mahalle not served" flag, the clean values if no errors)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def attempt(key: str, field: str, func: Any, *args: Any) -> None:
        try:
            values[key] = func(*args)
        except ValidationError as exc:
            errors.setdefault(exc.field or field, exc.message)

    attempt("first_name", FieldKey.AD, validate_person_name, data.first_name, FieldKey.AD)
    attempt("last_name", FieldKey.SOYAD, validate_person_name, data.last_name, FieldKey.SOYAD)
    tc, phone = data.tc_kimlik_no.strip(), data.phone.strip()
    if tc:
        attempt("tc", FieldKey.TC_KIMLIK_NO, lambda: validate_tckn(tc))
    if phone:
        attempt("phone", FieldKey.TELEFON, normalize_phone, phone, FieldKey.TELEFON)
    if not tc and not phone:
        errors[FieldKey.TELEFON] = (
            "T.C. Kimlik No veya telefon numarasından en az birini girin; "
            "vatandaşa yeniden ulaşabilmek için biri gerekli."
        )
    email = clean(data.email)
    if email and (len(email) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(email)):
        errors[FieldKey.EPOSTA] = (
            f"E-posta adresi geçersiz: ‘{email[:40]}’; ad@alanadi.com biçiminde girin "
            "veya boş bırakın."
        )
    notes = clean_multiline(data.notes)
    if len(notes) > MAX_NOTES_LENGTH:
        errors[FieldKey.NOTLAR] = (
            f"Notlar en fazla {MAX_NOTES_LENGTH} karakter olabilir; {len(notes)} karakter girildi."
        )
    parts = (data.mahalle, data.street, data.building_no, data.apartment_no)
    address: AddressInput | None = None
    flag: str | None = None
    is_served = False
    if any(clean(part) for part in parts):
        missing = False
        for attr, field in _ADDRESS_FIELDS:
            if not clean(getattr(data, attr)):
                missing = True
                errors[field] = (
                    f"{field_label(field)} boş; adresin bir kısmı girildiyse mahalle, "
                    "cadde/sokak ve bina no gerekli (adresi hiç girmemek de mümkün)."
                )
        if not missing:
            try:
                result = validate_address(AddressInput(*parts), served)
            except ValidationError as exc:
                errors.setdefault(exc.field or FieldKey.MAHALLE, exc.message)
            else:
                address, is_served, flag = result.address, result.served, result.message
    if errors:
        return errors, flag, None
    return (
        errors,
        flag,
        _Checked(
            first_name=values["first_name"],
            last_name=values["last_name"],
            tc_kimlik_no=values.get("tc"),
            phone_e164=values.get("phone"),
            email=email or None,
            notes=notes or None,
            address=address,
            served=is_served,
        ),
    )


def validate_citizen(data: CitizenInput, served: Sequence[str]) -> dict[str, str]:
    """Field -> Turkish message, for inline validation while the clerk types (pure).

    Keys: ad, soyad, tc_kimlik_no, telefon, eposta, mahalle, cadde_sokak, bina_no (and daire_no,
    notlar for over-long text). A mahalle outside the served list gives a "mahalle" message too:
    it does not block saving (the address is stored flagged ``served=False``)."""
    errors, flag, _ = _check(data, served)
    if flag and FieldKey.MAHALLE not in errors:
        errors[FieldKey.MAHALLE] = flag
    return errors


def _checked_or_raise(data: CitizenInput, served: Sequence[str]) -> _Checked:
    errors, _, checked = _check(data, served)
    if errors or checked is None:
        field, message = next(iter(errors.items()))
        raise ValidationError(message, field)
    return checked

"""Application form validation: pure checks the form runs as the clerk types, and the same
checks registration runs before saving (desk and web import alike)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import FieldKey
from desk_app.domain.names import validate_person_name
from desk_app.domain.tckn import validate_tckn
from desk_app.domain.text import clean
from desk_app.services.applications.common import ApplicationInput, ApplicationInvalid
from desk_app.services.citizens.input import _check

MAX_WEB_REFERENCE_LENGTH = 40


@dataclass(frozen=True)
class CheckedBaby:
    first_name: str
    last_name: str
    birth_date: date
    tc_kimlik_no: str | None
    applied_at: date
    web_reference: str | None


def _baby_errors(data: ApplicationInput, today: date) -> tuple[dict[str, str], CheckedBaby | None]:
    errors: dict[str, str] = {}
    first = last = ""
    tc: str | None = None
    try:
        first = validate_person_name(data.baby_first_name, FieldKey.BEBEK_ADI)
    except ValidationError as exc:
        errors[FieldKey.BEBEK_ADI] = exc.message
    try:
        last = validate_person_name(data.baby_last_name, FieldKey.BEBEK_SOYADI)
    except ValidationError as exc:
        errors[FieldKey.BEBEK_SOYADI] = exc.message
    if data.baby_birth_date is None:
        errors[FieldKey.BEBEK_DOGUM_TARIHI] = (
            "Bebek doğum tarihi boş; doğum tarihini gg.aa.yyyy biçiminde girin."
        )
    elif data.baby_birth_date.year < 1900:
        errors[FieldKey.BEBEK_DOGUM_TARIHI] = (
            f"Bebek doğum tarihi geçersiz: {data.baby_birth_date:%d.%m.%Y}; kimlikten kontrol edin."
        )
    applied = data.applied_at or today
    if applied > today:
        errors[FieldKey.BASVURU_TARIHI] = (
            f"Başvuru tarihi ({applied:%d.%m.%Y}) bugünden sonra olamaz; tarihi düzeltin."
        )
    if data.baby_tc_kimlik_no.strip():
        try:
            tc = validate_tckn(data.baby_tc_kimlik_no, field=FieldKey.BEBEK_TC_KIMLIK_NO)
        except ValidationError as exc:
            errors[FieldKey.BEBEK_TC_KIMLIK_NO] = exc.message
    if tc is not None and data.parent is not None and data.parent.tc_kimlik_no.strip() == tc:
        errors[FieldKey.BEBEK_TC_KIMLIK_NO] = (
            "Bebek T.C. Kimlik No velininkiyle aynı; bebeğin kendi numarasını girin "
            "veya boş bırakın."
        )
    web_reference = clean(data.web_reference)
    if len(web_reference) > MAX_WEB_REFERENCE_LENGTH:
        errors[FieldKey.BASVURU_NO] = (
            f"Başvuru No en fazla {MAX_WEB_REFERENCE_LENGTH} karakter olabilir; "
            f"{len(web_reference)} karakter girildi."
        )
    if not data.notice_acknowledged:
        errors[FieldKey.AYDINLATMA] = (
            "Aydınlatma metni veliye gösterilmeli ve okunduğu işaretlenmeli; "
            "‘Aydınlatma metni okundu’ kutusunu işaretleyin (ek bir onay istenmez)."
        )
    if errors or data.baby_birth_date is None:
        return errors, None
    return errors, CheckedBaby(
        first_name=first,
        last_name=last,
        birth_date=data.baby_birth_date,
        tc_kimlik_no=tc,
        applied_at=applied,
        web_reference=web_reference or None,
    )


def _parent_errors(data: ApplicationInput, served: Sequence[str]) -> dict[str, str]:
    if data.parent is None:
        if data.parent_citizen_id is None:
            return {
                FieldKey.VELI: "Veli seçilmedi; veliyi arayıp seçin veya yeni veli kaydı girin."
            }
        return {}
    # Blocking errors only: an unserved mahalle is an eligibility fact, not a form error.
    errors, _flag, _checked = _check(data.parent, served)
    if not data.parent.phone.strip() and FieldKey.TELEFON not in errors:
        errors[FieldKey.TELEFON] = (
            "Telefon boş; setin teslimi için velinin cep telefonunu girin (05xx xxx xx xx)."
        )
    address = (data.parent.mahalle, data.parent.street, data.parent.building_no)
    if not any(clean(p) for p in address) and FieldKey.MAHALLE not in errors:
        errors[FieldKey.MAHALLE] = (
            "Adres boş; setin teslim edileceği adresin mahallesini, cadde/sokağını ve bina "
            "numarasını girin."
        )
    return errors


def validate_application(
    data: ApplicationInput, served: Sequence[str], *, today: date
) -> dict[str, str]:
    """Field -> Turkish message, for inline validation while the clerk types (pure).

    Keys: bebek_adi, bebek_soyadi, bebek_dogum_tarihi, bebek_tc_kimlik_no, basvuru_tarihi,
    basvuru_no, aydinlatma, veli (no applicant chosen), and the parent's fields from
    ``validate_citizen`` (ad, soyad, tc_kimlik_no, telefon, mahalle, cadde_sokak, bina_no...).
    A phone and an address are required for an application. A mahalle outside the served
    list is not an error here: eligibility decides on it, with evidence."""
    errors = _parent_errors(data, served)
    baby_errors, _ = _baby_errors(data, today)
    for key, message in baby_errors.items():
        errors.setdefault(key, message)
    return errors


def checked_or_raise(data: ApplicationInput, served: Sequence[str], *, today: date) -> CheckedBaby:
    errors = _parent_errors(data, served)
    baby_errors, checked = _baby_errors(data, today)
    for key, message in baby_errors.items():
        errors.setdefault(key, message)
    if errors or checked is None:
        raise ApplicationInvalid(errors)
    return checked

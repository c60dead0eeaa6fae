"""Message kinds, their Turkish templates (admin-editable settings, audited) and rendering.

A template names its fields in braces: ``{ref}`` (HGB-/GK- reference), ``{day}`` (the delivery
day, ``22.12.2026 Salı``), ``{place}`` (``evinize`` or ``Gönül Kapısı masasından 10:00-12:00
arası``) and ``{pickup_hours}`` (the desk's pickup hours). Messages carry no T.C. Kimlik No,
no names and no health data: a reference and a day are enough for the family, and a lost
phone shows nothing more. The defaults keep to GSM-7 with the Turkish shift table (no en dash,
no typographic quotes), so each message is one or two parts.
"""

from __future__ import annotations

import string
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from desk_app.domain.errors import ValidationError
from desk_app.domain.sms import SmsLength, sms_length


class Kind(StrEnum):
    RECEIVED = "RECEIVED"
    BOOKED = "BOOKED"
    REMINDER = "REMINDER"
    FAILED_VISIT = "FAILED_VISIT"
    ANSWERED = "ANSWERED"


KIND_LABELS: dict[Kind, str] = {
    Kind.RECEIVED: "Başvuru alındı",
    Kind.BOOKED: "Teslim planlandı",
    Kind.REMINDER: "Teslimden bir gün önce hatırlatma",
    Kind.FAILED_VISIT: "Evde bulunamadı",
    Kind.ANSWERED: "Talep cevaplandı",
}

FIELDS: dict[Kind, frozenset[str]] = {
    Kind.RECEIVED: frozenset({"ref"}),
    Kind.BOOKED: frozenset({"ref", "day", "place"}),
    Kind.REMINDER: frozenset({"ref", "day", "place"}),
    Kind.FAILED_VISIT: frozenset({"ref", "pickup_hours"}),
    Kind.ANSWERED: frozenset({"ref"}),
}

DEFAULT_TEMPLATES: dict[Kind, str] = {
    Kind.RECEIVED: (
        "Hoş Geldin Bebek başvurunuz alındı, başvuru no {ref}. Sonucu SMS ile bildireceğiz. "
        "Çorum Belediyesi Gönül Kapısı"
    ),
    Kind.BOOKED: (
        "Hoş Geldin Bebek setiniz {day} günü {place} teslim edilecek ({ref}). Çorum Belediyesi"
    ),
    Kind.REMINDER: (
        "Hatırlatma: Hoş Geldin Bebek setiniz yarın, {day} günü {place} teslim edilecek "
        "({ref}). Olamayacaksanız 153'ü arayın. Çorum Belediyesi"
    ),
    Kind.FAILED_VISIT: (
        "Hoş Geldin Bebek setinizi getirdik, sizi bulamadık. Setinizi Gönül Kapısı masasından "
        "teslim alabilirsiniz: {pickup_hours} ({ref}). Çorum Belediyesi"
    ),
    Kind.ANSWERED: (
        "{ref} numaralı başvurunuz cevaplandı. Yazılı cevabı Gönül Kapısı masasından veya "
        "153'ten öğrenebilirsiniz. Çorum Belediyesi"
    ),
}


def setting_key(kind: Kind) -> str:
    return f"sms.template.{kind.value.lower()}"


SETTING_DEFAULTS: dict[str, Any] = {setting_key(k): v for k, v in DEFAULT_TEMPLATES.items()}


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def check_template(kind: Kind, template: str) -> SmsLength:
    """Refuse a template that uses a field its kind does not have (or is empty); returns the
    length of a typical message in SMS parts for the editor."""
    if not template.strip():
        raise ValidationError("Şablon boş olamaz; mesaj metnini yazın.", "sablon")
    try:
        names = fields_of(template)
    except ValueError as exc:
        raise ValidationError(
            "Şablondaki süslü parantezler eşleşmiyor; alanları {ref} gibi yazın.", "sablon"
        ) from exc
    unknown = names - FIELDS[kind]
    if unknown:
        allowed = ", ".join("{" + f + "}" for f in sorted(FIELDS[kind]))
        raise ValidationError(
            f"Şablonda bilinmeyen alan: {', '.join(sorted(unknown))}. Kullanılabilir alanlar: "
            f"{allowed}.",
            "sablon",
        )
    return sms_length(render_text(template, SAMPLE))


SAMPLE: dict[str, str] = {
    "ref": "HGB-2026-00123",
    "day": "22.12.2026 Salı",
    "place": "Gönül Kapısı masasından 10:00-12:00 arası",
    "pickup_hours": "hafta içi 09:00-17:00",
}


def render_text(template: str, values: dict[str, str]) -> str:
    return template.format_map({k: values.get(k, "") for k in fields_of(template)})


def template_for(session: Session, kind: Kind) -> str:
    from desk_app.services.admin.settings import get_value

    value = get_value(session, setting_key(kind))
    return value if isinstance(value, str) and value.strip() else DEFAULT_TEMPLATES[kind]


def render(session: Session, kind: Kind, values: dict[str, str]) -> str:
    template = template_for(session, kind)
    try:
        check_template(kind, template)
    except ValidationError:
        template = DEFAULT_TEMPLATES[kind]
    return render_text(template, values)


def check_setting(key: str, value: Any) -> None:
    """Called by ``settings set`` for every key: validates the SMS templates."""
    for kind in Kind:
        if key == setting_key(kind) and isinstance(value, str):
            check_template(kind, value)

"""Turkish telephone numbers: parsing every common spelling into E.164, formatting, masking."""

from __future__ import annotations

import random
import re

from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import field_label

COUNTRY_CODE = "90"
NSN_LENGTH = 10  # national significant number: area/operator code (3) + subscriber (7)
VALID_FIRST_DIGITS = "23458"
MOBILE_PREFIXES: tuple[str, ...] = (
    "501",
    "505",
    "506",
    "507",
    *(f"53{d}" for d in range(10)),
    *(f"54{d}" for d in range(1, 10)),
    "551",
    "552",
    "553",
    "554",
    "555",
    "559",
)
_ASCII_DIGITS = "0123456789"
_SEPARATORS = " ()-./\u00a0"


def _digits_of(text: str, field: str) -> str:
    """ASCII digits of ``text``; refuse letters and characters that are not separators."""
    label = field_label(field)
    for index, char in enumerate(text):
        if char in _ASCII_DIGITS or char in _SEPARATORS or char.isspace():
            continue
        if char == "+" and index == 0:
            continue
        if char.isalpha():
            raise ValidationError(
                f"{label} numarasında harf olamaz; yalnızca rakam girin (ör. 0532 123 45 67).",
                field,
            )
        shown = f"‘{char}’" if char.isprintable() else f"U+{ord(char):04X}"
        raise ValidationError(
            f"{label} numarasında {shown} geçersiz; yalnızca rakam girin (ör. 0532 123 45 67).",
            field,
        )
    return "".join(char for char in text if char in _ASCII_DIGITS)


def _foreign(text: str, field: str) -> ValidationError:
    shown = text if len(text) <= 30 else text[:30] + "…"
    return ValidationError(
        f"{field_label(field)}: yalnızca Türkiye (+90) numaraları kabul edilir; "
        f"‘{shown}’ yabancı bir ülke koduyla başlıyor.",
        field,
    )


def normalize_phone(value: str, field: str = "telefon") -> str:
    """Return ``value`` as E.164 (``"+905321234567"``) or raise ValidationError with the reason."""
    label = field_label(field)
    text = value.strip()
    if not text:
        raise ValidationError(f"{label} boş; numarayı alan koduyla girin.", field)
    digits = _digits_of(text, field)
    if not digits:
        raise ValidationError(f"{label} numarasında rakam yok; numarayı alan koduyla girin.", field)
    if text.startswith("+"):
        if not digits.startswith(COUNTRY_CODE):
            raise _foreign(text, field)
        nsn = digits[2:]
    elif digits.startswith("00"):
        if digits[2:4] != COUNTRY_CODE:
            raise _foreign(text, field)
        nsn = digits[4:]
    elif digits.startswith("0"):
        nsn = digits[1:]
    elif digits.startswith(COUNTRY_CODE) and len(digits) > NSN_LENGTH:
        nsn = digits[2:]
    else:
        nsn = digits
    if len(nsn) < NSN_LENGTH:
        raise ValidationError(
            f"{label} numarası eksik: alan koduyla {NSN_LENGTH} hane olmalı "
            f"(baştaki 0 hariç); {len(nsn)} hane girildi.",
            field,
        )
    if len(nsn) > NSN_LENGTH:
        raise ValidationError(
            f"{label} numarası fazla uzun: alan koduyla {NSN_LENGTH} hane olmalı "
            f"(baştaki 0 hariç); {len(nsn)} hane girildi.",
            field,
        )
    if nsn[0] not in VALID_FIRST_DIGITS:
        raise ValidationError(
            f"{label}: ‘{nsn[:3]}’ geçerli bir alan kodu değil; "
            "alan kodu 2, 3, 4, 5 veya 8 ile başlamalı (ör. 0364, 0532, 0850).",
            field,
        )
    return f"+{COUNTRY_CODE}{nsn}"


def is_valid_phone(value: str) -> bool:
    """True when ``value`` can be normalised to a Turkish E.164 number."""
    try:
        normalize_phone(value)
    except ValidationError:
        return False
    return True


# A number as stored (already normalised): its national part without parsing it again. Lists,
# slips and searches format thousands of them.
_STORED = re.compile(rf"\+{COUNTRY_CODE}[{VALID_FIRST_DIGITS}][0-9]{{{NSN_LENGTH - 1}}}")


def _nsn_or_none(e164: str) -> str | None:
    if _STORED.fullmatch(e164):
        return e164[3:]
    try:
        return normalize_phone(e164)[3:]
    except ValidationError:
        return None


def format_phone(e164: str) -> str:
    """``"+905321234567"`` -> ``"0 532 123 45 67"``; text that is not a number is returned as is."""
    nsn = _nsn_or_none(e164)
    if nsn is None:
        return e164
    return f"0 {nsn[:3]} {nsn[3:6]} {nsn[6:8]} {nsn[8:]}"


def mask_phone(e164: str) -> str:
    """``"+905321234567"`` -> ``"0 532 *** ** 67"``; other text: digits but the last 2 hidden."""
    nsn = _nsn_or_none(e164)
    if nsn is None:
        digit_count = sum(1 for char in e164 if char in _ASCII_DIGITS)
        out: list[str] = []
        seen = 0
        for char in e164:
            if char in _ASCII_DIGITS:
                seen += 1
                out.append(char if seen > digit_count - 2 else "*")
            else:
                out.append(char)
        return "".join(out)
    return f"0 {nsn[:3]} *** ** {nsn[8:]}"


def phone_digits_suffix(text: str) -> str:
    """ASCII digits only, for "ends with these digits" search (``"45 67"`` -> ``"4567"``)."""
    return "".join(char for char in text if char in _ASCII_DIGITS)


def is_mobile(e164: str) -> bool:
    """True for a Turkish mobile number (national number starting with 5)."""
    nsn = _nsn_or_none(e164)
    return nsn is not None and nsn.startswith("5")


def generate_mobile(rng: random.Random) -> str:
    """A random Turkish mobile number in E.164 for demo data."""
    prefix = rng.choice(MOBILE_PREFIXES)
    subscriber = str(rng.randint(1, 9)) + "".join(rng.choice(_ASCII_DIGITS) for _ in range(6))
    return f"+{COUNTRY_CODE}{prefix}{subscriber}"

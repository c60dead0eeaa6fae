"""Person names and dates typed at the desk."""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import lru_cache

from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import field_label
from desk_app.domain.text import clean

MAX_NAME_LENGTH = 100
# Apostrophes (straight, typographic, modifier letter) and hyphens people type in names.
_NAME_PUNCTUATION = frozenset("'’ʼ-‐.")

_DATE_PATTERNS: tuple[tuple[re.Pattern[str], tuple[int, int, int]], ...] = (
    # (pattern, (day group, month group, year group))
    (re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})"), (1, 2, 3)),
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"), (1, 2, 3)),
    (re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"), (3, 2, 1)),
)


def _describe(char: str) -> str:
    if char.isprintable():
        return f"‘{char}’"
    return f"U+{ord(char):04X}"


@lru_cache(maxsize=65536)
def validate_person_name(value: str, field: str) -> str:
    """Return the name with whitespace collapsed (case kept as typed) or raise ValidationError.

    Allowed: letters of any script (with their combining marks), spaces, apostrophes, hyphens
    and dots; at least one letter; at most 100 characters.
    """
    label = field_label(field)
    text = clean(value)
    if not text:
        raise ValidationError(f"{label} boş; adı kimlikteki gibi girin.", field)
    if len(text) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"{label} en fazla {MAX_NAME_LENGTH} karakter olabilir; {len(text)} karakter girildi.",
            field,
        )
    has_letter = False
    for char in text:
        category = unicodedata.category(char)
        if category.startswith("L"):
            has_letter = True
        elif char == " " or char in _NAME_PUNCTUATION or category.startswith("M"):
            continue
        else:
            raise ValidationError(
                f"{label} yalnızca harf, boşluk, kesme işareti, tire ve nokta içerebilir; "
                f"{_describe(char)} geçersiz.",
                field,
            )
    if not has_letter:
        raise ValidationError(f"{label} en az bir harf içermeli; adı kimlikteki gibi girin.", field)
    return text


def validate_date_text(text: str, field: str) -> datetime.date:
    """Parse ``dd.mm.yyyy``, ``d.m.yyyy``, ``dd/mm/yyyy`` or ISO ``yyyy-mm-dd`` into a date."""
    label = field_label(field)
    stripped = clean(text)
    if not stripped:
        raise ValidationError(f"{label} boş; tarihi gg.aa.yyyy biçiminde girin.", field)
    for pattern, (day_group, month_group, year_group) in _DATE_PATTERNS:
        match = pattern.fullmatch(stripped)
        if match is None:
            continue
        day = int(match.group(day_group))
        month = int(match.group(month_group))
        year = int(match.group(year_group))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                f"{label} geçersiz: {day:02d}.{month:02d}.{year:04d} diye bir gün yok; "
                "tarihi kontrol edin.",
                field,
            ) from None
    shown = stripped if len(stripped) <= 30 else stripped[:30] + "…"
    raise ValidationError(
        f"{label} anlaşılamadı: ‘{shown}’; tarihi gg.aa.yyyy biçiminde girin (ör. 21.01.2025).",
        field,
    )

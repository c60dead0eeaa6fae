"""T.C. Kimlik No (Turkish national identity number): validation, generation, masking."""

from __future__ import annotations

import random

from desk_app.domain.errors import ValidationError
from desk_app.domain.fields import field_label

TCKN_LENGTH = 11
_ASCII_DIGITS = "0123456789"


def _describe_char(char: str) -> str:
    """Readable name of an offending character for a message."""
    if char.isspace():
        return "boşluk"
    if char.isprintable():
        return f"‘{char}’"
    return f"U+{ord(char):04X}"


def check_digits(first_nine: str) -> str:
    """Return the 10th and 11th digits for the first nine digits of a T.C. Kimlik No."""
    digits = [int(char) for char in first_nine]
    odd_sum = digits[0] + digits[2] + digits[4] + digits[6] + digits[8]
    even_sum = digits[1] + digits[3] + digits[5] + digits[7]
    tenth = (odd_sum * 7 - even_sum) % 10  # Python's % is already non-negative here
    eleventh = (sum(digits) + tenth) % 10
    return f"{tenth}{eleventh}"


def validate_tckn(value: str, *, field: str = "tc_kimlik_no") -> str:
    """Return the 11-digit number (surrounding whitespace stripped) or raise ValidationError."""
    label = field_label(field)
    text = value.strip()
    if not text:
        raise ValidationError(f"{label} boş; 11 haneli numarayı girin.", field)
    for char in text:
        if char not in _ASCII_DIGITS:
            raise ValidationError(
                f"{label} yalnızca rakamlardan oluşmalı; {_describe_char(char)} geçersiz.", field
            )
    if len(text) != TCKN_LENGTH:
        raise ValidationError(
            f"{label} {TCKN_LENGTH} haneli olmalı; {len(text)} hane girildi.", field
        )
    if text[0] == "0":
        raise ValidationError(
            f"{label} 0 ile başlayamaz; numarayı kimlik kartından kontrol edin.", field
        )
    expected = check_digits(text[:9])
    if text[9] != expected[0]:
        raise ValidationError(
            f"{label} geçersiz: 10. hane doğrulaması tutmuyor; "
            "numarayı kimlik kartından kontrol edin.",
            field,
        )
    if text[10] != expected[1]:
        raise ValidationError(
            f"{label} geçersiz: 11. hane doğrulaması tutmuyor; "
            "numarayı kimlik kartından kontrol edin.",
            field,
        )
    return text


def is_valid_tckn(value: str) -> bool:
    """True when ``value`` is a valid T.C. Kimlik No (surrounding whitespace allowed)."""
    try:
        validate_tckn(value)
    except ValidationError:
        return False
    return True


def generate_tckn(rng: random.Random) -> str:
    """A random valid T.C. Kimlik No for demo data."""
    first_nine = str(rng.randint(1, 9)) + "".join(rng.choice(_ASCII_DIGITS) for _ in range(8))
    return first_nine + check_digits(first_nine)


def mask_tckn(value: str) -> str:
    """Show the first 3 and last 2 characters only: ``"123******90"``."""
    text = value.strip()
    if len(text) <= 5:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 5) + text[-2:]

"""Readable record references: requests ``GK-2025-000123``, applications ``HGB-2025-00001``."""

from __future__ import annotations

import re
from enum import StrEnum

from desk_app.domain.text import fold


class ReferenceKind(StrEnum):
    """Prefix of a reference."""

    REQUEST = "GK"
    APPLICATION = "HGB"


NUMBER_WIDTH: dict[ReferenceKind, int] = {
    ReferenceKind.REQUEST: 6,
    ReferenceKind.APPLICATION: 5,
}
MAX_NUMBER_DIGITS = 12

# Separators (space, dash, underscore, slash, dot) are optional but may not split a part.
_REFERENCE_RE = re.compile(r"(gk|hgb)[ \-_/.]*([0-9]{4})[ \-_/.]*([0-9]{1,12})")


def format_reference(kind: ReferenceKind, year: int, number: int) -> str:
    """``(REQUEST, 2025, 123)`` -> ``"GK-2025-000123"``; a wider number keeps all its digits.

    Raises ValueError for a year outside 1000–9999 or a number below 1 (programming errors).
    """
    if not 1000 <= year <= 9999:
        raise ValueError(f"year must have four digits, got {year}")
    if number < 1:
        raise ValueError(f"number must be positive, got {number}")
    return f"{kind.value}-{year}-{number:0{NUMBER_WIDTH[kind]}d}"


def parse_reference(text: str) -> tuple[ReferenceKind, int, int] | None:
    """Parse a reference typed or scanned in any case, with or without dashes and spaces.

    ``"gk2025123"`` -> ``(REQUEST, 2025, 123)``. Returns None when ``text`` is not a reference
    (including number 0).
    """
    match = _REFERENCE_RE.fullmatch(fold(text))
    if match is None:
        return None
    kind = ReferenceKind.REQUEST if match.group(1) == "gk" else ReferenceKind.APPLICATION
    number = int(match.group(3))
    if number < 1:
        return None
    return kind, int(match.group(2)), number

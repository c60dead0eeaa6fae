"""Bounds of the text a list filter takes: a sensible length, checked in the service, so a
pasted page of text never reaches the database as a pattern (SQLite refuses LIKE patterns
longer than 50,000 bytes as "too complex"; PostgreSQL would scan with it)."""

from __future__ import annotations

from desk_app.domain.errors import ValidationError

MAX_FILTER_LENGTH = 100  # characters; names, references and subjects are far shorter


def bounded_filter(text: str | None, field: str = "arama") -> str:
    """``text`` as typed, or a ValidationError naming the field and the limit."""
    value = text or ""
    if len(value) > MAX_FILTER_LENGTH:
        raise ValidationError(
            f"Arama metni en fazla {MAX_FILTER_LENGTH} karakter olabilir ({len(value)} "
            "karakter yazıldı); daha kısa bir ad, numara ya da kelime yazın.",
            field,
        )
    return value

"""How the desk writes days, times and counts on the screen: one place for every page."""

from __future__ import annotations

from datetime import date, datetime

from desk_app.domain.clock import LOCAL_TZ


def format_day(value: date | datetime | None) -> str:
    """dd.MM.yyyy; a timestamp is shown as the desk's (Türkiye) calendar day; None is ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ).date()
    return value.strftime("%d.%m.%Y")


def format_local(at: datetime) -> str:
    """dd.MM.yyyy HH:mm at the desk (Türkiye time)."""
    return at.astimezone(LOCAL_TZ).strftime("%d.%m.%Y %H:%M")


def format_count(n: int) -> str:
    """1700000 -> "1.700.000" (Turkish thousands separator)."""
    return f"{n:,}".replace(",", ".")

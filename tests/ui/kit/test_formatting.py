"""The one place the desk writes days, times and counts (ui/kit/formatting.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QDate

from desk_app.ui.kit.date_edit import from_qdate, to_qdate
from desk_app.ui.kit.formatting import format_count, format_day, format_local


def test_a_day_is_written_dd_mm_yyyy_and_a_timestamp_as_the_desks_calendar_day() -> None:
    assert format_day(date(2026, 1, 5)) == "05.01.2026"
    assert format_day(None) == ""
    # 22:30 UTC on 31 December is already 1 January at a desk in Türkiye (UTC+3).
    late = datetime(2025, 12, 31, 22, 30, tzinfo=UTC)
    assert format_day(late) == "01.01.2026"
    assert format_local(late) == "01.01.2026 01:30"


def test_counts_use_the_turkish_thousands_separator() -> None:
    assert [format_count(n) for n in (0, 999, 13638, 1_700_000)] == [
        "0",
        "999",
        "13.638",
        "1.700.000",
    ]


def test_qdate_round_trip() -> None:
    day = date(2024, 2, 29)
    assert to_qdate(day) == QDate(2024, 2, 29)
    assert from_qdate(to_qdate(day)) == day

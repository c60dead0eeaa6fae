"""The desk's local time: Türkiye keeps UTC+3 all year (no DST since 2016), so a fixed offset
needs no time zone database on Windows desks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

LOCAL_TZ = timezone(timedelta(hours=3), "TRT")


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def local_today(now: datetime | None = None) -> date:
    """The calendar day at the desk."""
    return local_date(now or datetime.now(UTC))


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)

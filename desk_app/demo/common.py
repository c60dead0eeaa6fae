"""Shared machinery of the demo generator: local time and working calendar, row buffers with
ids assigned in memory, weighted draws. No database access here."""

from __future__ import annotations

import itertools
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from desk_app.domain.clock import LOCAL_TZ, local_midnight

# Türkiye keeps UTC+3 all year (no daylight saving since 2016).

WORK_START = time(8, 30)
WORK_END = time(17, 30)

# Religious holidays (first to last day); fixed-date holidays are added per year.
_RELIGIOUS_HOLIDAYS: dict[int, tuple[tuple[date, date], ...]] = {
    2015: ((date(2015, 7, 17), date(2015, 7, 19)), (date(2015, 9, 24), date(2015, 9, 27))),
    2016: ((date(2016, 7, 5), date(2016, 7, 7)), (date(2016, 9, 12), date(2016, 9, 15))),
    2017: ((date(2017, 6, 25), date(2017, 6, 27)), (date(2017, 9, 1), date(2017, 9, 4))),
    2018: ((date(2018, 6, 15), date(2018, 6, 17)), (date(2018, 8, 21), date(2018, 8, 24))),
    2019: ((date(2019, 6, 4), date(2019, 6, 6)), (date(2019, 8, 11), date(2019, 8, 14))),
    2020: ((date(2020, 5, 24), date(2020, 5, 26)), (date(2020, 7, 31), date(2020, 8, 3))),
    2021: ((date(2021, 5, 13), date(2021, 5, 15)), (date(2021, 7, 20), date(2021, 7, 23))),
    2022: ((date(2022, 5, 2), date(2022, 5, 4)), (date(2022, 7, 9), date(2022, 7, 12))),
    2023: ((date(2023, 4, 21), date(2023, 4, 23)), (date(2023, 6, 28), date(2023, 7, 1))),
    2024: ((date(2024, 4, 10), date(2024, 4, 12)), (date(2024, 6, 16), date(2024, 6, 19))),
    2025: ((date(2025, 3, 30), date(2025, 4, 1)), (date(2025, 6, 6), date(2025, 6, 9))),
    2026: ((date(2026, 3, 20), date(2026, 3, 22)), (date(2026, 5, 27), date(2026, 5, 30))),
    2027: ((date(2027, 3, 9), date(2027, 3, 11)), (date(2027, 5, 16), date(2027, 5, 19))),
    2028: ((date(2028, 2, 26), date(2028, 2, 28)), (date(2028, 5, 4), date(2028, 5, 7))),
}
_FIXED_HOLIDAYS = ((1, 1), (4, 23), (5, 1), (5, 19), (7, 15), (8, 30), (10, 29))


def at_local(day: date, minutes: float) -> datetime:
    """``minutes`` after local midnight of ``day``, as an aware datetime."""
    return local_midnight(day) + timedelta(minutes=minutes)


class Calendar:
    """Working days of the municipality (Mon–Fri except public holidays)."""

    def __init__(self, year: int) -> None:
        self.holidays: frozenset[date] = frozenset(
            d
            for y in (year - 1, year, year + 1)
            for d in _holidays_of(y)  # membership only: iteration order never matters
        )

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def is_holiday(self, day: date) -> bool:
        return day in self.holidays

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        day = self.next_working_day(day)
        for _ in range(count):
            day = self.next_working_day(day + timedelta(days=1))
        return day

    def working_time(self, moment: datetime, rng: random.Random) -> datetime:
        """``moment`` if it falls in office hours, else a little after the next opening."""
        local = moment.astimezone(LOCAL_TZ)
        day = local.date()
        if self.is_working_day(day) and WORK_START <= local.time() < WORK_END:
            return local
        if not (self.is_working_day(day) and local.time() < WORK_START):
            day = self.next_working_day(day + timedelta(days=1))
        return at_local(day, 8 * 60 + 30 + rng.uniform(0, 75))


def _holidays_of(year: int) -> list[date]:
    days = [date(year, m, d) for m, d in _FIXED_HOLIDAYS]
    for first, last in _RELIGIOUS_HOLIDAYS.get(year, ()):
        day = first
        while day <= last:
            days.append(day)
            day += timedelta(days=1)
    return days


class WeightedChoice:
    """Fast repeated draws from fixed weights (cumulative weights + bisect)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        if not self.items or self.cumulative[-1] <= 0:
            raise ValueError("no positive weight")

    def draw(self, rng: random.Random) -> Any:
        index = bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.items[min(index, len(self.items) - 1)]


def hour_minutes(rng: random.Random, profile: WeightedChoice) -> float:
    """Minutes after midnight drawn from an hourly profile (items are hours 0..23)."""
    hour: int = profile.draw(rng)
    return hour * 60 + rng.uniform(0, 59.99)


def hourly(weights: dict[int, float]) -> WeightedChoice:
    hours = sorted(weights)
    return WeightedChoice(hours, [weights[h] for h in hours])


@dataclass
class Tables:
    """Rows to insert per table, with ids handed out consecutively from ``first_ids``."""

    first_ids: dict[str, int]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _next: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> int:
        if table not in self._next:
            self._next[table] = self.first_ids.get(table, 1)
            self.rows[table] = []
        new_id = self._next[table]
        self._next[table] = new_id + 1
        row["id"] = new_id
        self.rows[table].append(row)
        return new_id

    def next_id(self, table: str) -> int:
        """The id the next ``add`` to ``table`` will hand out."""
        return self._next.get(table, self.first_ids.get(table, 1))

    def count(self, table: str) -> int:
        return len(self.rows.get(table, ()))

    def next_ids(self) -> dict[str, int]:
        """The next id of every table touched (the ``first_ids`` of a following buffer)."""
        return {**self.first_ids, **self._next}


@dataclass(frozen=True)
class Users:
    """Ids of the demo users acting in the generated records."""

    clerks: tuple[int, ...]
    supervisor: int
    admin: int | None

    def clerk(self, rng: random.Random) -> int:
        return self.clerks[rng.randrange(len(self.clerks))]


def day_range(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]

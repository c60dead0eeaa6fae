"""Demo logistics: teams and their days, desk pickup windows and slots, deliveries, attempts,
set editions and stock. Capacity is counted exactly as the database CHECK demands."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from desk_app.demo import data
from desk_app.demo.common import Calendar, Tables, Users, WeightedChoice, at_local
from desk_app.demo.people import MahalleRef
from desk_app.domain.clock import local_date

PICKUP_WINDOWS: tuple[tuple[time, time], ...] = (
    (time(9, 0), time(10, 30)),
    (time(10, 30), time(12, 0)),
    (time(13, 30), time(15, 0)),
    (time(15, 0), time(16, 30)),
)
PICKUP_CAPACITY = 6


@dataclass(frozen=True)
class Booking:
    delivery_id: int
    kind: str  # HOME | PICKUP
    day: date
    attempt_at: datetime
    team_name: str | None
    printed_at: datetime | None
    print_serial: int


class Logistics:
    team_ids: list[int]
    team_names: dict[int, str]
    team_capacity: dict[int, int]
    team_of: dict[int, int]  # mahalle id -> team id
    team_days: dict[tuple[int, date], dict[str, Any]]
    slots: dict[tuple[date, time], dict[str, Any]]
    # ("team_day" | "pickup_slot", id) -> row, also for rows of an earlier year's buffer.
    by_id: dict[tuple[str, int], dict[str, Any]]

    def __init__(
        self,
        rng: random.Random,
        tables: Tables,
        calendar: Calendar,
        users: Users,
        mahalleler: list[MahalleRef],
        year: int,
        now: datetime,
        previous: Logistics | None = None,
    ) -> None:
        """``previous``: the logistics of the year before (a multi-year load): its teams,
        pickup windows, team days and slots go on (a late-December booking may fill a January
        day), only the set editions are the new year's."""
        self.rng = rng
        self.tables = tables
        self.calendar = calendar
        self.users = users
        self.year = year
        self.now = now
        self.editions: dict[int, dict[str, Any]] = {}  # half (1, 2) -> set_edition row
        self.relations = WeightedChoice(
            [r for r, _ in data.RELATIONS], [w for _, w in data.RELATIONS]
        )
        if previous is not None:
            self.team_ids = previous.team_ids
            self.team_names = previous.team_names
            self.team_capacity = previous.team_capacity
            self.team_of = previous.team_of
            self.team_days = previous.team_days
            self.slots = previous.slots
            self.by_id = previous.by_id
            return
        self.team_ids = []
        self.team_names = {}
        self.team_capacity = {}
        for name, members, capacity in data.TEAMS:
            team_id = tables.add(
                "team",
                {
                    "name": name,
                    "members": members,
                    "daily_capacity": capacity,
                    "working_days": "1,2,3,4,5",
                    "active": True,
                },
            )
            self.team_ids.append(team_id)
            self.team_names[team_id] = name
            self.team_capacity[team_id] = capacity
        # Each mahalle belongs to one team; the biggest go first to the least loaded team.
        load = dict.fromkeys(self.team_ids, 0)
        self.team_of = {}
        for m in sorted(mahalleler, key=lambda m: (-(m.population or 0), m.id)):
            team = min(self.team_ids, key=lambda t: (load[t], t))
            self.team_of[m.id] = team
            load[team] += m.population or 400
        for weekday in range(1, 6):
            for start, end in PICKUP_WINDOWS:
                tables.add(
                    "pickup_window",
                    {
                        "weekday": weekday,
                        "start_time": start,
                        "end_time": end,
                        "capacity": PICKUP_CAPACITY,
                        "active": True,
                    },
                )
        self.team_days = {}
        self.slots = {}
        self.by_id = {}

    # --- booking -----------------------------------------------------------------------
    def edition_id(self, day: date) -> int:
        half = 2 if day.year > self.year or (day.year == self.year and day.month > 6) else 1
        row = self.editions.get(half)
        if row is None:
            name = f"{self.year} {'Bahar' if half == 1 else 'Güz'}"
            row = {"name": name, "contents": data.SET_CONTENTS, "active": True}
            self.tables.add("set_edition", row)
            self.editions[half] = row
        edition_id: int = row["id"]
        return edition_id

    def book_home(
        self, application_id: int, mahalle_id: int | None, booked_at: datetime, lead: int,
        clerk: int,
    ) -> Booking:  # fmt: skip
        cal = self.calendar
        team_id = self.team_of.get(mahalle_id or 0, self.team_ids[0])
        day = cal.add_working_days(local_date(booked_at) + timedelta(days=1), lead - 1)
        while True:
            row = self.team_days.get((team_id, day))
            if row is None:
                row = {
                    "team_id": team_id,
                    "day": day,
                    "capacity": self.team_capacity[team_id],
                    "booked": 0,
                }
                self.by_id[("team_day", self.tables.add("team_day", row))] = row
                self.team_days[(team_id, day)] = row
            if row["booked"] < row["capacity"]:
                break
            day = cal.add_working_days(day, 1)
        row["booked"] += 1
        order = row["booked"]
        attempt_at = at_local(day, 9 * 60 + 30 + (order - 1) * 30 + self.rng.uniform(0, 20))
        previous = day - timedelta(days=1)
        while not cal.is_working_day(previous):
            previous -= timedelta(days=1)
        printed: datetime | None = (
            at_local(previous, 16 * 60 + self.rng.uniform(0, 50))
            if self.rng.random() < 0.7
            else at_local(day, 8 * 60 + self.rng.uniform(0, 40))
        )
        assert printed is not None
        printed = max(printed, booked_at + timedelta(minutes=5))
        serial = 0
        if printed < self.now:
            serial = 2 if self.rng.random() < 0.03 else 1
        else:
            printed = None
        delivery_id = self._delivery(
            application_id, "HOME", row["id"], None, day, order, booked_at, clerk, serial,
            printed,
        )  # fmt: skip
        return Booking(
            delivery_id, "HOME", day, attempt_at, self.team_names[team_id], printed, serial
        )

    def book_pickup(
        self, application_id: int, booked_at: datetime, lead: int, clerk: int
    ) -> Booking:
        cal = self.calendar
        day = cal.add_working_days(local_date(booked_at) + timedelta(days=1), lead - 1)
        windows = list(PICKUP_WINDOWS)
        while True:
            self.rng.shuffle(windows)
            chosen = None
            for start, end in windows:
                row = self.slots.get((day, start))
                if row is None:
                    row = {
                        "day": day,
                        "start_time": start,
                        "end_time": end,
                        "capacity": PICKUP_CAPACITY,
                        "booked": 0,
                    }
                    self.by_id[("pickup_slot", self.tables.add("pickup_slot", row))] = row
                    self.slots[(day, start)] = row
                if row["booked"] < row["capacity"]:
                    chosen = row
                    break
            if chosen is not None:
                break
            day = cal.add_working_days(day, 1)
        chosen["booked"] += 1
        start_minutes = chosen["start_time"].hour * 60 + chosen["start_time"].minute
        attempt_at = at_local(day, start_minutes + self.rng.uniform(3, 85))
        delivery_id = self._delivery(
            application_id, "PICKUP", None, chosen["id"], day, 0, booked_at, clerk, 0, None
        )
        return Booking(delivery_id, "PICKUP", day, attempt_at, None, None, 0)

    def _delivery(
        self, application_id: int, kind: str, team_day_id: int | None,
        pickup_slot_id: int | None, day: date, order: int, booked_at: datetime, clerk: int,
        serial: int, printed_at: datetime | None,
    ) -> int:  # fmt: skip
        return self.tables.add(
            "delivery",
            {
                "application_id": application_id,
                "kind": kind,
                "team_day_id": team_day_id,
                "pickup_slot_id": pickup_slot_id,
                "scheduled_date": day,
                "route_order": order,
                "status": "BOOKED",
                "set_edition_id": self.edition_id(day),
                "print_serial": serial,
                "printed_at": printed_at,
                "created_by_id": clerk,
                "version": 1,
                "created_at": booked_at,
                "updated_at": booked_at,
            },
        )

    def _row(self, table: str, row_id: int) -> dict[str, Any]:
        return self.tables.rows[table][row_id - self.tables.first_ids.get(table, 1)]

    def cancel(self, delivery_id: int, at: datetime) -> None:
        row = self._row("delivery", delivery_id)
        row.update(status="CANCELLED", updated_at=at, version=2)
        if row["team_day_id"] is not None:
            self.by_id[("team_day", row["team_day_id"])]["booked"] -= 1
        else:
            self.by_id[("pickup_slot", row["pickup_slot_id"])]["booked"] -= 1

    def attempt(
        self, booking: Booking, outcome: str, received_by: str | None, relation: str | None
    ) -> None:
        rng = self.rng
        row = self._row("delivery", booking.delivery_id)
        clerk = self.users.clerk(rng)
        note = None
        if outcome != "DELIVERED":
            notes = data.FAILURE_NOTES[outcome]
            note = notes[rng.randrange(len(notes))]
        self.tables.add(
            "delivery_attempt",
            {
                "delivery_id": booking.delivery_id,
                "at": booking.attempt_at,
                "outcome": outcome,
                "received_by": received_by,
                "relation": relation,
                "note": note,
                "print_serial": booking.print_serial or None,
                "confirmed_by_id": clerk,
            },
        )
        row.update(
            status="DONE" if outcome == "DELIVERED" else "FAILED",
            updated_at=booking.attempt_at,
            version=2,
        )
        if outcome == "DELIVERED":
            self.tables.add(
                "stock_movement",
                {
                    "edition_id": row["set_edition_id"],
                    "at": booking.attempt_at,
                    "quantity": -1,
                    "kind": "GIVEN",
                    "delivery_id": booking.delivery_id,
                    "note": None,
                    "user_id": clerk,
                },
            )

    def relation(self) -> str:
        value: str = self.relations.draw(self.rng)
        return value

    # --- stock ---------------------------------------------------------------------------
    def receive_stock(self) -> None:
        """Supplier batches before the stock would run out, and enough for open bookings."""
        cal = self.calendar
        given = self.tables.rows.get("stock_movement", [])
        booked = [
            d["set_edition_id"]
            for d in self.tables.rows.get("delivery", [])
            if d["status"] == "BOOKED"
        ]
        batch_no = 0
        for half in sorted(self.editions):
            edition = self.editions[half]
            outgoing = sorted((m["at"], m["id"]) for m in given if m["edition_id"] == edition["id"])
            balance = 0
            batches: list[tuple[datetime, int]] = []
            for moment, _ in outgoing:
                if balance < 1:
                    size = 300 if not batches else 250
                    day = local_date(moment) - timedelta(days=4)
                    while not cal.is_working_day(day):
                        day -= timedelta(days=1)
                    batches.append((at_local(day, 10 * 60 + self.rng.uniform(0, 90)), size))
                    balance += size
                balance -= 1
            pending = sum(1 for e in booked if e == edition["id"])
            if balance < pending + 20:
                day = self.now.date() - timedelta(days=1)
                while not cal.is_working_day(day):
                    day -= timedelta(days=1)
                batches.append((min(at_local(day, 10 * 60), self.now), 250))
            for moment, size in batches:
                batch_no += 1
                self.tables.add(
                    "stock_movement",
                    {
                        "edition_id": edition["id"],
                        "at": moment,
                        "quantity": size,
                        "kind": "RECEIVED",
                        "delivery_id": None,
                        "note": f"Tedarikçiden teslim alındı (irsaliye {self.year}/{batch_no:03d})",
                        "user_id": self.users.supervisor,
                    },
                )
            first = min((m for m, _ in batches), default=self.now)
            edition["created_at"] = first - timedelta(days=2)
        halves = sorted(self.editions)
        for half in halves:
            self.editions[half]["active"] = half == halves[-1]

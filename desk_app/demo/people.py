"""Demo citizens with valid TC Kimlik No, mobile phones, Turkish names and address history."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from desk_app.demo import data
from desk_app.demo.common import Tables, WeightedChoice
from desk_app.domain.phone import generate_mobile
from desk_app.domain.tckn import generate_tckn
from desk_app.domain.text import fold, skeleton

# Weight of a mahalle whose population is not published (new or tiny ones).
UNKNOWN_POPULATION_WEIGHT = 400


@dataclass(frozen=True)
class MahalleRef:
    id: int
    name: str
    population: int | None
    served: bool


@dataclass(frozen=True)
class Person:
    id: int
    first: str
    last: str
    phone: str | None
    address_id: int
    mahalle_id: int | None
    mahalle: str
    street: str
    building: str
    served: bool


class People:
    """Creates citizens (and their addresses) into ``tables`` as the story needs them."""

    def __init__(
        self,
        rng: random.Random,
        tables: Tables,
        mahalleler: list[MahalleRef],
        now: datetime,
    ) -> None:
        self.rng = rng
        self.tables = tables
        self.now = now
        active = [m for m in mahalleler if m.served] or mahalleler
        self.mahalle = WeightedChoice(
            active, [m.population or UNKNOWN_POPULATION_WEIGHT for m in active]
        )
        self.last_names = WeightedChoice(
            [n for n, _ in data.LAST_NAMES], [w for _, w in data.LAST_NAMES]
        )
        # Numbered streets are common; named ones are listed in demo_data.
        self.streets = WeightedChoice(
            [*data.STREETS, *(f"{n}. Sok." for n in range(1, 121))],
            [3.0] * len(data.STREETS) + [1.0] * 120,
        )
        self._tcs: set[str] = set()  # membership tests only
        self._phones: set[str] = set()
        self.requesters: list[Person] = []
        # Share of requests by a citizen who asked before (a multi-year load steers it towards
        # its citizen count); ``created`` counts citizens over every buffer this object filled.
        self.repeat_share = 0.22
        self.created = 0
        self._folded: dict[str, str] = {}  # fold() of the few thousand name combinations
        self._emails: dict[tuple[str, str], str] = {}

    # --- values ----------------------------------------------------------------------
    def tckn(self) -> str:
        while True:
            value = generate_tckn(self.rng)
            if value not in self._tcs:
                self._tcs.add(value)
                return value

    def phone(self) -> str:
        while True:
            value = generate_mobile(self.rng)
            if value not in self._phones:
                self._phones.add(value)
                return value

    def first_name(self, female: bool) -> str:
        names = data.FEMALE_NAMES if female else data.MALE_NAMES
        return names[self.rng.randrange(len(names))]

    def last_name(self) -> str:
        name: str = self.last_names.draw(self.rng)
        return name

    def street(self) -> str:
        value: str = self.streets.draw(self.rng)
        return value

    def building_no(self) -> str:
        rng = self.rng
        number = int(rng.triangular(1, 160, 8))
        suffix = "A" if rng.random() < 0.05 else ""
        return f"{number}{suffix}"

    def random_mahalle(self) -> MahalleRef:
        value: MahalleRef = self.mahalle.draw(self.rng)
        return value

    def fold(self, value: str) -> str:
        folded = self._folded.get(value)
        if folded is None:
            folded = self._folded[value] = fold(value)
        return folded

    def _email_user(self, first: str, last: str) -> str:
        user = self._emails.get((first, last))
        if user is None:
            user = skeleton(first).replace(" ", "") + "." + skeleton(last).replace(" ", "")
            self._emails[(first, last)] = user
        return user

    # --- records ---------------------------------------------------------------------
    def new(
        self,
        at: datetime,
        *,
        female: bool,
        created_by: int | None,
        tc_share: float = 0.9,
        phone_share: float = 0.95,
        last_name: str | None = None,
        out_of_area: bool = False,
        may_move: bool = False,
        source: str = "demo",
    ) -> Person:
        rng = self.rng
        first = self.first_name(female)
        last = last_name or self.last_name()
        phone = self.phone() if rng.random() < phone_share else None
        email = None
        if rng.random() < 0.15:
            email = f"{self._email_user(first, last)}{rng.randint(1, 99)}@example.com"
        citizen_id = self.tables.add(
            "citizen",
            {
                "tc_kimlik_no": self.tckn() if rng.random() < tc_share else None,
                "first_name": first,
                "last_name": last,
                "name_folded": self.fold(f"{first} {last}"),
                "last_name_folded": self.fold(last),
                "phone_e164": phone,
                "phone_reversed": phone[1:][::-1] if phone else None,
                "email": email,
                "notes": None,
                "created_by_id": created_by,
                "anonymised_at": None,
                "version": 1,
                "created_at": at,
                "updated_at": at,
            },
        )
        self.created += 1
        valid_from = at
        span_days = (self.now - at).total_seconds() / 86400
        if may_move and span_days > 40 and rng.random() < 0.03:
            moved = at + timedelta(days=rng.uniform(7, min(300.0, span_days - 1)))
            self._address(citizen_id, at, moved, created_by, out_of_area=False, source=source)
            self.tables.rows["citizen"][-1]["updated_at"] = moved
            valid_from = moved
        address_id, row = self._address(
            citizen_id, valid_from, None, created_by, out_of_area=out_of_area, source=source
        )
        return Person(
            id=citizen_id,
            first=first,
            last=last,
            phone=phone,
            address_id=address_id,
            mahalle_id=row["mahalle_id"],
            mahalle=row["mahalle_text"],
            street=row["street"],
            building=row["building_no"],
            served=row["served"],
        )

    def _address(
        self,
        citizen_id: int,
        valid_from: datetime,
        valid_to: datetime | None,
        created_by: int | None,
        *,
        out_of_area: bool,
        source: str,
    ) -> tuple[int, dict[str, Any]]:
        rng = self.rng
        if out_of_area:
            mahalle_id: int | None = None
            mahalle_text = data.OUT_OF_AREA[rng.randrange(len(data.OUT_OF_AREA))]
            served = False
        else:
            mahalle = self.random_mahalle()
            mahalle_id, mahalle_text, served = mahalle.id, mahalle.name, mahalle.served
        row: dict[str, Any] = {
            "citizen_id": citizen_id,
            "mahalle_id": mahalle_id,
            "mahalle_text": mahalle_text,
            "street": self.street(),
            "building_no": self.building_no(),
            "apartment_no": "" if rng.random() < 0.2 else str(int(rng.triangular(1, 24, 3))),
            "served": served,
            "source": source,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "created_by_id": created_by,
        }
        return self.tables.add("address", row), row

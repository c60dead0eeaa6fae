"""What the printing layer is given: plain, frozen records that the service layer fills.

No personal identity numbers by design: none of these records has a field for a TC Kimlik No,
and the QR code holds only the signed token of desk_app.domain.slip_token. Phones on the slip and
the receipt, which stay with the family, arrive masked (``0 532 *** ** 67``); only the team's
route sheet, which returns to the desk at the end of the day, carries the whole number so that
the team can call a family (``RouteRow.phone``; the reason is in the README, "KVKK").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from desk_app.domain.states import DeliveryKind

PageSize = Literal["A4", "A5"]
PAGE_SIZES: tuple[PageSize, ...] = ("A4", "A5")


class PrintCancelled(Exception):
    """The user cancelled a print job; nothing was written."""


def _check_masked(phone_masked: str) -> None:
    digits = sum(ch.isdigit() for ch in phone_masked)
    if phone_masked and "*" not in phone_masked and digits > 4:
        raise ValueError("phone_masked must be a masked phone number (KVKK), e.g. 0 532 *** ** 67")


@dataclass(frozen=True, slots=True)
class SlipData:
    """One delivery slip (teslim fişi); ``kind`` decides between a team visit and a desk pickup.

    ``team_name`` and ``route_order`` describe a home delivery, ``pickup_window`` a desk pickup
    (e.g. ``"Gönül Kapısı, 10:00–11:00"``). ``print_serial`` is the serial inside ``token``;
    a reprint (serial above 1) says so on the slip.
    """

    delivery_id: int
    token: str
    short_code: str
    slip_reference: str
    print_date: date
    recipient_name: str
    phone_masked: str
    mahalle: str
    street: str
    building_no: str
    apartment_no: str
    delivery_date: date
    kind: DeliveryKind
    edition_name: str
    edition_contents: tuple[str, ...]
    team_name: str = ""
    pickup_window: str = ""
    route_order: int = 0
    address_note: str = ""
    baby_name: str = ""
    print_serial: int = 1

    def __post_init__(self) -> None:
        _check_masked(self.phone_masked)
        # Accept the plain string stored in the database ("HOME"/"PICKUP") as well.
        object.__setattr__(self, "kind", DeliveryKind(self.kind))


@dataclass(frozen=True, slots=True)
class RouteRow:
    """One delivery on a team's route sheet."""

    route_order: int
    slip_reference: str
    recipient_name: str
    phone_masked: str
    mahalle: str
    street: str
    building_no: str
    apartment_no: str
    address_note: str = ""
    phone: str = ""  # the whole number, for the team to call (route sheet only)

    def __post_init__(self) -> None:
        _check_masked(self.phone_masked)

    @classmethod
    def from_slip(cls, slip: SlipData, phone: str = "") -> RouteRow:
        return cls(
            phone=phone,
            route_order=slip.route_order,
            slip_reference=slip.slip_reference,
            recipient_name=slip.recipient_name,
            phone_masked=slip.phone_masked,
            mahalle=slip.mahalle,
            street=slip.street,
            building_no=slip.building_no,
            apartment_no=slip.apartment_no,
            address_note=slip.address_note,
        )


@dataclass(frozen=True, slots=True)
class RouteSheetData:
    """A team's deliveries of one day in route order, printed before the team's slips."""

    team_name: str
    day: date
    members: tuple[str, ...]
    rows: tuple[RouteRow, ...]
    printed_at: datetime


@dataclass(frozen=True, slots=True)
class ReceiptData:
    """A set handed over at the desk (masadan teslim): printed in two copies to sign."""

    slip_reference: str
    recipient_name: str
    phone_masked: str
    received_by: str
    relation: str
    handed_over_at: datetime
    edition_name: str
    edition_contents: tuple[str, ...]
    desk_user_name: str
    baby_name: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        _check_masked(self.phone_masked)

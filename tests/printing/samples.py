"""Fixed sample records for the printing tests, the reference image and the benchmark."""

from __future__ import annotations

from datetime import date, datetime

from desk_app.domain.slip_token import make_short_code, make_token
from desk_app.domain.states import DeliveryKind
from desk_app.printing import ReceiptData, RouteRow, RouteSheetData, SlipData

SECRET = b"printing tests secret"
EDITION = "Kış Seti 2025"
CONTENTS = (
    "Bebek battaniyesi",
    "Zıbın ve tulum takımı (3 adet)",
    "Bebek şampuanı ve yağı",
    "Islak mendil (2 paket)",
    "Emzik ve biberon",
    "Ağız bezi (5 adet)",
    "Oyuncak çıngırak",
    "Çorum Belediyesi hediye çantası",
)
NAMES = (
    "Şükrü Çağlayan Işıkoğlu",
    "Ayşe Gül Öztürk",
    "İbrahim Yılmaz",
    "Fatma Şahin",
    "Özge Doğan",
    "Hülya Çelik",
)
MAHALLELER = ("İğdeli Mahallesi", "Ulukavak Mahallesi", "Çepni Mahallesi", "Gülabibey Mahallesi")


def slip(delivery_id: int = 1234, serial: int = 2, index: int = 0, **changes: object) -> SlipData:
    values: dict[str, object] = {
        "delivery_id": delivery_id,
        "token": make_token(SECRET, delivery_id, serial),
        "short_code": make_short_code(SECRET, delivery_id, serial),
        "slip_reference": f"HGB-2025-{delivery_id:05d}",
        "print_date": date(2025, 11, 28),
        "recipient_name": NAMES[index % len(NAMES)],
        "phone_masked": "0 532 *** ** 67",
        "mahalle": MAHALLELER[index % len(MAHALLELER)],
        "street": "Şehit Mustafa Özdemir Sokağı",
        "building_no": str(10 + index % 40),
        "apartment_no": str(1 + index % 12),
        "delivery_date": date(2025, 12, 3),
        "kind": DeliveryKind.HOME,
        "edition_name": EDITION,
        "edition_contents": CONTENTS,
        "team_name": "Ekip 3 (Güney)",
        "route_order": index + 1,
        "address_note": "Zil çalışmıyor, kapıyı çalın; üst kattaki komşu anahtar bırakabilir.",
        "baby_name": "Ela Nur",
        "print_serial": serial,
    }
    values.update(changes)
    return SlipData(**values)  # type: ignore[arg-type]


def slips(count: int, first_id: int = 1000) -> list[SlipData]:
    return [slip(first_id + i, 1, index=i) for i in range(count)]


def route_sheet(
    rows: list[SlipData] | tuple[SlipData, ...], team: str = "Ekip 3 (Güney)"
) -> RouteSheetData:
    return RouteSheetData(
        team_name=team,
        day=date(2025, 12, 3),
        members=("Mehmet Kılıç", "Gülşen Aydın"),
        rows=tuple(RouteRow.from_slip(s) for s in rows),
        printed_at=datetime(2025, 11, 28, 14, 5),
    )


def receipt() -> ReceiptData:
    return ReceiptData(
        slip_reference="HGB-2025-00077",
        recipient_name="Şükrü Çağlayan Işıkoğlu",
        phone_masked="0 505 *** ** 12",
        received_by="Gülizar Işıkoğlu",
        relation="Eşi",
        handed_over_at=datetime(2025, 12, 4, 10, 35),
        edition_name=EDITION,
        edition_contents=CONTENTS,
        desk_user_name="Ayşe Yılmaz",
        baby_name="Ela Nur",
    )

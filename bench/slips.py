"""Time the printing of a year's delivery slips (the target: 1,350 slips in under 3 seconds).

    python bench/slips.py [--count 1350] [--repeat 5] [--page-size A4|A5] [--no-compress]
                          [--out FILE]

Renders ``count`` slips as one batch (teams of 12, each with its route sheet, as the day's
printing does) ``repeat`` times and prints the median, then where the time goes: making the
tokens, computing the QR matrices, drawing (QR matrices included) and saving the PDF.
No database: the slips are made up here.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.domain.slip_token import make_short_code, make_token
from desk_app.domain.states import DeliveryKind
from desk_app.printing import RouteRow, RouteSheetData, SlipData, render_batch
from desk_app.printing.model import PageSize
from desk_app.printing.qr import qr_matrix
from desk_app.printing.render import SlipPages, new_canvas
from desk_app.printing.route_sheet import draw_route_sheet

TARGET_SECONDS = 3.0
TEAM_SIZE = 12
SECRET = b"benchmark secret"
NAMES = ("Şükrü Çağlayan Işıkoğlu", "Ayşe Gül Öztürk", "İbrahim Yılmaz", "Fatma Şahin")
MAHALLELER = ("İğdeli Mahallesi", "Ulukavak Mahallesi", "Çepni Mahallesi", "Gülabibey Mahallesi")
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

Batch = list[tuple[RouteSheetData, list[SlipData]]]


def make_batch(count: int) -> Batch:
    slips = []
    for i in range(count):
        delivery_id = 10_000 + i
        slips.append(
            SlipData(
                delivery_id=delivery_id,
                token=make_token(SECRET, delivery_id, 1),
                short_code=make_short_code(SECRET, delivery_id, 1),
                slip_reference=f"HGB-2025-{i + 1:05d}",
                print_date=date(2025, 11, 28),
                recipient_name=NAMES[i % len(NAMES)],
                phone_masked="0 532 *** ** 67",
                mahalle=MAHALLELER[i % len(MAHALLELER)],
                street="Şehit Mustafa Özdemir Sokağı",
                building_no=str(1 + i % 60),
                apartment_no=str(1 + i % 12),
                delivery_date=date(2025, 12, 3),
                kind=DeliveryKind.HOME,
                edition_name="Kış Seti 2025" if i % 3 else "Yaz Seti 2025",
                edition_contents=CONTENTS if i % 3 else CONTENTS[:6],
                team_name=f"Ekip {i // TEAM_SIZE % 5 + 1}",
                route_order=i % TEAM_SIZE + 1,
                address_note="Zil çalışmıyor." if i % 4 == 0 else "",
                baby_name="Ela Nur",
            )
        )
    batch: Batch = []
    for start in range(0, count, TEAM_SIZE):
        team = slips[start : start + TEAM_SIZE]
        sheet = RouteSheetData(
            team_name=team[0].team_name,
            day=team[0].delivery_date,
            members=("Mehmet Kılıç", "Gülşen Aydın"),
            rows=tuple(RouteRow.from_slip(s) for s in team),
            printed_at=datetime(2025, 11, 28, 14, 5),
        )
        batch.append((sheet, team))
    return batch


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def phases(batch: Batch, count: int, page_size: PageSize, compress: bool) -> dict[str, float]:
    """One render split in its phases (the same work as render_batch)."""
    tokens = [s.token for _, slips in batch for s in slips]
    result = {
        "token": timed(
            lambda: [
                (make_token(SECRET, 10_000 + i, 1), make_short_code(SECRET, 10_000 + i, 1))
                for i in range(count)
            ]
        ),
        "qr matrix": timed(lambda: [qr_matrix(t) for t in tokens]),
    }
    size = (595.2756, 841.8898) if page_size == "A4" else (595.2756, 419.5276)
    canvas = new_canvas(io.BytesIO(), size, "bench", compress)

    def draw() -> None:
        pages = SlipPages(canvas, page_size)
        for sheet, slips in batch:
            canvas.setPageSize(size)
            draw_route_sheet(canvas, sheet, size)
            for slip in slips:
                pages.add(slip)
            pages.end_page()

    result["drawing (incl. qr, route sheets)"] = timed(draw)
    result["save"] = timed(canvas.save)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1350)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--page-size", choices=("A4", "A5"), default="A4")
    parser.add_argument("--no-compress", action="store_true")
    parser.add_argument("--out", type=Path, help="also write the PDF here")
    args = parser.parse_args(argv)
    compress = not args.no_compress
    batch = make_batch(args.count)

    totals = []
    size = 0
    for _ in range(args.repeat):
        buffer = io.BytesIO()
        start = time.perf_counter()
        render_batch(buffer, batch, args.page_size, compress=compress)
        totals.append(time.perf_counter() - start)
        size = len(buffer.getvalue())
    if args.out:
        render_batch(args.out, batch, args.page_size, compress=compress)

    runs = [phases(batch, args.count, args.page_size, compress) for _ in range(args.repeat)]
    median = statistics.median(totals)
    verdict = "OK" if median < TARGET_SECONDS else "TOO SLOW"
    print(
        f"{args.count} slips + {len(batch)} route sheets, {args.page_size}, "
        f"compress={'on' if compress else 'off'}, {args.repeat} runs"
    )
    print(
        f"render_batch: median {median:.2f} s (min {min(totals):.2f}, max {max(totals):.2f}) "
        f"-> {args.count / median:.0f} slips/s, target < {TARGET_SECONDS:.1f} s: {verdict}"
    )
    print(f"PDF size: {size / 1e6:.2f} MB ({size / args.count / 1e3:.1f} kB per slip)")
    print("where the time goes (median of the runs):")
    for phase in runs[0]:
        seconds = statistics.median(run[phase] for run in runs)
        print(f"  {phase:<32} {seconds:6.3f} s  {seconds / args.count * 1e3:6.3f} ms/slip")
    if args.out:
        print(f"written: {args.out}")
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())

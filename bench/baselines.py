"""Plain baselines measured in the same run as each figure of ``run.py``: the same job done
the straightforward way, without desk_app. A figure is then read as a ratio to its baseline,
which holds on a noisy, shared machine where absolute times do not.

* slips: a plain ReportLab platypus document, one page a slip, the QR code made by ``qrcode``
  as an image (what a first script would do);
* import: the export's rows inserted with one ``executemany`` and no checks at all;
* search: the indexed SQL each search mode comes down to, sent raw;
* bookings: the conditional capacity UPDATE alone (``booked < capacity``), one transaction a
  booking, from as many processes as the figure uses;
* start-up: a bare PySide6 script that shows one empty window, launched the same way (the
  interpreter and Qt alone);
* summary: the year's requests counted by directorate and status in one raw GROUP BY over
  the covering index;
* lists: the raw SQL of one page of ids (first, last, middle by OFFSET) for the same filter.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import text

from desk_app.db import Database
from desk_app.printing.model import SlipData


def plain_slips(slips: Sequence[SlipData]) -> bytes:
    """Every slip as a platypus page: paragraphs, a checklist and a ``qrcode`` PNG image."""
    import qrcode
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer

    from desk_app.printing.fonts import FONT, FONT_BOLD, register_fonts

    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11)
    bold = ParagraphStyle("bold", fontName=FONT_BOLD, fontSize=12, leading=14)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A5), leftMargin=12 * mm, rightMargin=12 * mm)
    story: list[Any] = []
    for slip in slips:
        image = qrcode.make(slip.token, border=4)
        png = io.BytesIO()
        image.save(png)
        png.seek(0)
        story += [
            Paragraph("T.C. ÇORUM BELEDİYESİ · Hoş Geldin Bebek · Teslim Fişi", bold),
            Image(png, width=34 * mm, height=34 * mm),
            Paragraph(f"Kod: {slip.short_code}", body),
            Paragraph(f"{slip.slip_reference} · Fiş {slip.delivery_id}", body),
            Paragraph(slip.recipient_name, bold),
            Paragraph(f"Tel: {slip.phone_masked}", body),
            Paragraph(f"{slip.mahalle}, {slip.street} No: {slip.building_no}", body),
            Paragraph(f"{slip.delivery_date:%d.%m.%Y} · {slip.team_name}", body),
            Spacer(1, 4),
            Paragraph(slip.edition_name, bold),
            *[Paragraph(f"☐ {item}", body) for item in slip.edition_contents],
            Paragraph("Teslim alan: ........................  İmza: ..........", body),
            PageBreak(),
        ]
    doc.build(story)
    return out.getvalue()


def plain_import(db: Database, path: Path) -> float:
    """Seconds to insert the export's rows into a scratch table with one executemany."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    columns = [f"c{i}" for i in range(len(rows[0]))]
    params = [dict(zip(columns, r, strict=False)) for r in rows]
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_plain_import"))
        conn.execute(
            text(
                "CREATE TABLE bench_plain_import ("
                + ", ".join(f"{c} VARCHAR(200)" for c in columns)
                + ")"
            )
        )
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO bench_plain_import ({', '.join(columns)}) "
                f"VALUES ({', '.join(':' + c for c in columns)})"
            ),
            params,
        )
    elapsed = time.perf_counter() - started
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE bench_plain_import"))
    return elapsed


# The indexed SQL each search mode comes down to (the service adds masking, ranking, audit).
RAW_SEARCH = {
    "tc": "SELECT id, first_name, last_name FROM citizen WHERE tc_kimlik_no = :q",
    "phone (last 4 digits)": "SELECT id, first_name, last_name FROM citizen "
    "WHERE phone_reversed >= :q AND phone_reversed < :q || ':' LIMIT 50",
    "name prefix (3-6 chars)": "SELECT id, first_name, last_name FROM citizen "
    "WHERE name_folded >= :q AND name_folded < :q || '\uffff' ORDER BY name_folded LIMIT 50",
    "name substring": "SELECT id, first_name, last_name FROM citizen "
    "WHERE last_name_folded >= :q AND last_name_folded < :q || '\uffff' "
    "ORDER BY last_name_folded LIMIT 50",
    "reference GK-": "SELECT id, reference FROM request WHERE reference = :q",
    "full name": "SELECT id, first_name, last_name FROM citizen "
    "WHERE name_folded >= :q AND name_folded < :q || '\uffff' ORDER BY name_folded LIMIT 50",
}


def raw_search_param(mode: str, typed: str) -> str:
    from desk_app.domain.text import fold

    if mode == "tc":
        return typed.strip()
    if mode == "phone (last 4 digits)":
        digits = "".join(ch for ch in typed if ch.isdigit())
        return digits[::-1]  # a prefix of the reversed digits: an index range
    if mode == "reference GK-":
        return typed.strip().upper()
    return fold(typed)


def raw_search(db: Database, mode: str, texts: Sequence[str]) -> list[float]:
    """Milliseconds per query of the raw indexed SQL of ``mode``."""
    sql = text(RAW_SEARCH[mode])
    times = []
    with db.engine.connect() as conn:
        for typed in texts[:10]:
            conn.execute(sql, {"q": raw_search_param(mode, typed)}).all()
        for typed in texts:
            started = time.perf_counter()
            conn.execute(sql, {"q": raw_search_param(mode, typed)}).all()
            times.append((time.perf_counter() - started) * 1000)
    return times


def raw_booker(
    url: str, team_day_ids: list[int], go: float, table: str = "team_day"
) -> tuple[int, list[float]]:
    """One process taking places with the bare conditional UPDATE, one commit each."""
    db = Database(url)
    update = text(f"UPDATE {table} SET booked = booked + 1 WHERE id = :id AND booked < capacity")
    while time.time() < go:
        time.sleep(0.001)
    taken, latencies = 0, []
    for day_id in team_day_ids:
        started = time.perf_counter()
        with db.engine.begin() as conn:
            taken += conn.execute(update, {"id": day_id}).rowcount
        latencies.append((time.perf_counter() - started) * 1000)
    db.dispose()
    return taken, latencies


PLAIN_WINDOW = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
window = QLabel("Gönül Kapısı")
window.show()
def shown():
    with open(os.environ["PLAIN_PROBE"], "w") as fh:
        fh.write(str(time.time() - float(os.environ["PLAIN_T0"])))
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def plain_window_start(python: str, env: dict[str, str]) -> float:
    """Seconds from launch to an empty PySide6 window shown, in a fresh interpreter."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "plain.txt"
        run_env = {**env, "PLAIN_PROBE": str(probe), "PLAIN_T0": str(time.time())}
        run_env.setdefault("QT_QPA_PLATFORM", os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        subprocess.run([python, "-c", PLAIN_WINDOW], env=run_env, check=True, timeout=120)
        return float(probe.read_text(encoding="utf-8"))


def raw_summary(db: Database, start: Any, end: Any) -> float:
    """Milliseconds of one raw GROUP BY (directorate, status) over the requests of a period."""
    from sqlalchemy import bindparam

    from desk_app.models.base import UTCDateTime

    sql = text(
        "SELECT directorate_id, status, count(*) FROM request "
        "WHERE created_at >= :a AND created_at < :b GROUP BY directorate_id, status"
    ).bindparams(bindparam("a", type_=UTCDateTime()), bindparam("b", type_=UTCDateTime()))
    with db.engine.connect() as conn:
        started = time.perf_counter()
        conn.execute(sql, {"a": start, "b": end}).all()
        return (time.perf_counter() - started) * 1000

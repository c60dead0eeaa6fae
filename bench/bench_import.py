"""Time importing the web site's export of baby-set applications.

    python bench/bench_import.py --db sqlite:////tmp/import.sqlite3 [--rows 10000] [--repeat 1]

Writes an export of N rows shaped like the web site's (``;``-separated, Turkish headers, a few
percent bad rows: wrong T.C. Kimlik No, unknown mahalle, birth dates in the future, repeated
Başvuru No), imports it through the same service the GUI and ``desk-app import-applications``
use, and prints rows per second against the target (10,000 rows in under 10 s). The database
must be migrated; each run imports a fresh file (new Başvuru numbers), so it can be repeated.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.db import Database
from desk_app.domain.phone import format_phone, generate_mobile
from desk_app.domain.tckn import generate_tckn
from desk_app.services.applications import import_applications
from desk_app.services.context import cli_actor

TARGET_S = 10.0
HEADER = [
    "Başvuru No",
    "Başvuru Tarihi",
    "Veli T.C. Kimlik No",
    "Veli Adı",
    "Veli Soyadı",
    "Cep Telefonu",
    "Mahalle",
    "Cadde/Sokak",
    "Bina No",
    "Daire No",
    "Bebek Adı",
    "Bebek Soyadı",
    "Bebek Doğum Tarihi",
    "Bebek T.C. Kimlik No",
    "Aydınlatma Metni Onayı",
]
FIRST = ["Zeynep", "Ayşe", "Fatma", "Elif", "Merve", "Şule", "İpek", "Gülşen", "Özlem", "Hatice"]
MEN = ["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Yusuf", "Ömer"]
LAST = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
]
BABIES = ["Elif", "Yusuf", "Zeynep", "Miraç", "Asel", "Ömer Asaf", "Eylül", "Göktuğ", "Ilgın"]
MAHALLELER = ["Ulukavak", "Bahçelievler", "Gülabibey", "Buharaevler", "Çepni", "Karakeçili"]
STREETS = ["Mimar Sinan Cad.", "Gazi Cad.", "İnönü Cad.", "Şehit Er Sok.", "Çiçek Sok."]


def write_export(path: Path, rows: int, seed: int, today: date) -> int:
    """The export file; returns how many rows were made bad on purpose."""
    rng = random.Random(seed)
    bad = 0
    tag = f"{seed:04d}"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(HEADER)
        for i in range(rows):
            applied = today - timedelta(days=rng.randint(0, 300))
            born = applied - timedelta(days=rng.randint(1, 200))
            last = rng.choice(LAST)
            row = [
                f"W-{applied.year}-{tag}{i:06d}",
                f"{applied:%d.%m.%Y}",
                generate_tckn(rng),
                rng.choice(FIRST + MEN),
                last,
                format_phone(generate_mobile(rng)),
                rng.choice(MAHALLELER),
                rng.choice(STREETS),
                str(rng.randint(1, 120)),
                str(rng.randint(1, 20)) if rng.random() < 0.7 else "",
                rng.choice(BABIES),
                last,
                f"{born:%d.%m.%Y}",
                "",
                "Evet",
            ]
            kind = rng.random()
            if kind < 0.01:
                row[2] = row[2][:-1] + str((int(row[2][-1]) + 1) % 10)  # checksum broken
                bad += 1
            elif kind < 0.02:
                row[6] = "Ankara Kızılay"
                bad += 1
            elif kind < 0.03:
                row[12] = f"{today + timedelta(days=30):%d.%m.%Y}"
                bad += 1
            out.writerow(row)
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    db = Database(args.db)
    db.upgrade()
    times = []
    for run in range(args.repeat):
        seed = args.seed if args.seed is not None else int(time.time()) % 10_000 + run
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "basvurular.csv"
            bad = write_export(path, args.rows, seed, date.today())
            started = time.perf_counter()
            report = import_applications(db, cli_actor(), path)
            elapsed = time.perf_counter() - started
        times.append(elapsed)
        print(
            f"run {run + 1}: {args.rows} rows in {elapsed:.2f} s "
            f"({args.rows / elapsed:.0f} rows/s): imported {report.imported}, "
            f"rejected {report.rejected} (made bad: {bad}), by status {report.by_status}"
        )
    best = min(times)
    target = TARGET_S * args.rows / 10_000
    verdict = "OK" if best < target else "MISSED"
    print(f"import {args.rows} rows: best {best:.2f} s, target < {target:.1f} s: {verdict}")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

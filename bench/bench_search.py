"""Time the desk's citizen search on a large database.

    python bench/bench_search.py --db sqlite:///bench.sqlite3 [--citizens 1000000] [--queries 200]

Builds (or tops up) N citizens with bulk inserts (the FTS triggers fire as for any insert),
plus a few thousand requests for reference look-ups, then times ``search_citizens`` per mode
and prints p50/p95/max against the target (p95 < 10 ms).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select

from desk_app.db import Database
from desk_app.domain.phone import format_phone, generate_mobile
from desk_app.domain.references import ReferenceKind, format_reference
from desk_app.domain.states import Role
from desk_app.domain.tckn import generate_tckn
from desk_app.domain.text import fold
from desk_app.models import Channel, Citizen, Request, utcnow
from desk_app.services.citizens import search_citizens
from desk_app.services.context import Actor

TARGET_MS = 10.0
CHUNK = 20_000
REQUESTS = 5_000

FIRST = [
    "Ayşe",
    "Fatma",
    "Emine",
    "Hatice",
    "Zeynep",
    "Elif",
    "Meryem",
    "Şerife",
    "Zehra",
    "Sultan",
    "Hanife",
    "Merve",
    "Havva",
    "Zeliha",
    "Esra",
    "Fadime",
    "Özlem",
    "Hülya",
    "Yasemin",
    "Leyla",
    "Büşra",
    "İrem",
    "Işıl",
    "Gül",
    "Derya",
    "Dilek",
    "Sevgi",
    "Songül",
    "Nur",
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "İsmail",
    "Osman",
    "Yusuf",
    "Murat",
    "Ömer",
    "Ramazan",
    "Halil",
    "Süleyman",
    "Abdullah",
    "Mahmut",
    "Recep",
    "Salih",
    "Kemal",
    "Orhan",
    "Emre",
    "Burak",
    "Serkan",
    "Oğuz",
    "Çağrı",
    "Uğur",
    "Ilgaz",
]
LAST = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
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
    "Polat",
    "Özcan",
    "Korkmaz",
    "Çakır",
    "Erdoğan",
    "Yavuz",
    "Can",
    "Acar",
    "Şen",
    "Aktaş",
    "Güler",
    "Yalçın",
    "Güneş",
    "Bozkurt",
    "Bulut",
    "Keskin",
    "Ünal",
    "Turan",
    "Gül",
    "Özer",
    "Işık",
    "Kaplan",
    "Avcı",
    "Sarı",
    "Tekin",
    "Taş",
    "Köse",
    "Yüksel",
    "Ateş",
    "Aktürk",
    "İnce",
    "Uçar",
    "Karataş",
    "Demirkaya",
    "Kocabaş",
    "Tosun",
    "Çorumlu",
]


def _citizen_rows(rng: random.Random, count: int, tcs: set[str]) -> Iterator[dict[str, object]]:
    now = utcnow()
    for _ in range(count):
        first = rng.choice(FIRST)
        if rng.random() < 0.15:
            first = f"{first} {rng.choice(FIRST)}"
        last = rng.choice(LAST)
        if rng.random() < 0.03:
            last = f"{last}-{rng.choice(LAST)}"
        tc = None
        if rng.random() < 0.8:
            tc = generate_tckn(rng)
            while tc in tcs:
                tc = generate_tckn(rng)
            tcs.add(tc)
        phone = generate_mobile(rng) if rng.random() < 0.9 else None
        yield {
            "first_name": first,
            "last_name": last,
            "name_folded": fold(f"{first} {last}"),
            "last_name_folded": fold(last),
            "tc_kimlik_no": tc,
            "phone_e164": phone,
            "phone_reversed": phone[1:][::-1] if phone else None,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }


def build(db: Database, target: int, seed: int) -> None:
    with db.engine.connect() as conn:
        have = int(conn.execute(select(func.count()).select_from(Citizen)).scalar_one())
        tcs = set(conn.execute(select(Citizen.tc_kimlik_no)).scalars()) if have else set()
        tcs.discard(None)
    if have >= target:
        print(f"reusing {have:,} citizens")
    else:
        rng = random.Random(seed + have)
        started = time.perf_counter()
        rows = _citizen_rows(rng, target - have, tcs)  # type: ignore[arg-type]
        done = 0
        while True:
            chunk = [row for _, row in zip(range(CHUNK), rows, strict=False)]
            if not chunk:
                break
            with db.engine.begin() as conn:
                conn.execute(insert(Citizen), chunk)
            done += len(chunk)
            rate = done / (time.perf_counter() - started)
            print(f"\r  inserted {have + done:,}/{target:,} ({rate:,.0f}/s)", end="", flush=True)
        print(f"\nbuilt {target - have:,} citizens in {time.perf_counter() - started:.1f} s")
    with db.engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(Request)).scalar_one() == 0:
            rng = random.Random(seed)
            channel = conn.execute(select(Channel.id).limit(1)).scalar_one()
            count = int(conn.execute(select(func.max(Citizen.id))).scalar_one() or 1)
            now = utcnow()
            conn.execute(
                insert(Request),
                [
                    {
                        "reference": format_reference(ReferenceKind.REQUEST, 2025, n),
                        "citizen_id": rng.randint(1, count),
                        "channel_id": channel,
                        "subject": "bench",
                        "description": "",
                        "status": "NEW",
                        "due_date": date(2025, 12, 31),
                        "created_at": now,
                        "updated_at": now,
                        "version": 1,
                    }
                    for n in range(1, REQUESTS + 1)
                ],
            )
    if db.is_sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE citizen")  # also merges the GIN pending list


def _sample(
    db: Database, rng: random.Random, n: int
) -> list[tuple[str, str, str | None, str | None]]:
    with db.engine.connect() as conn:
        top = int(conn.execute(select(func.max(Citizen.id))).scalar_one())
        ids = rng.sample(range(1, top + 1), min(n * 3, top))
        rows = conn.execute(
            select(
                Citizen.first_name, Citizen.last_name, Citizen.tc_kimlik_no, Citizen.phone_e164
            ).where(Citizen.id.in_(ids))
        ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _phone_form(rng: random.Random, e164: str) -> str:
    nsn = e164[3:]
    return rng.choice(
        [format_phone(e164), "+90 " + nsn, nsn, f"(0{nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"]
    )


def _piece(rng: random.Random, word: str, lo: int, hi: int) -> str:
    word = word.split()[0].split("-")[0]
    size = min(len(word), rng.randint(lo, hi))
    start = rng.randint(1, max(1, len(word) - size)) if len(word) > size else 0
    return word[start : start + size]


def queries(db: Database, n: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    people = _sample(db, rng, n)
    with_tc = [p for p in people if p[2]]
    with_phone = [p for p in people if p[3]]
    modes: dict[str, Callable[[], str]] = {
        "tc": lambda: str(rng.choice(with_tc)[2]),
        "phone (full, typed forms)": lambda: _phone_form(rng, str(rng.choice(with_phone)[3])),
        "phone (last 4 digits)": lambda: str(rng.choice(with_phone)[3])[-4:],
        "reference GK-": lambda: format_reference(
            ReferenceKind.REQUEST, 2025, rng.randint(1, REQUESTS)
        ),
        "name prefix (3-6 chars)": lambda: rng.choice(people)[rng.randint(0, 1)][
            : rng.randint(3, 6)
        ].upper(),
        "name prefix (1-2 chars)": lambda: rng.choice(people)[1][: rng.randint(1, 2)],
        "name substring": lambda: _piece(rng, rng.choice(people)[1], 3, 5),
        "two words, any order": lambda: " ".join(
            rng.sample([rng.choice(people)[0][:4], rng.choice(people)[1][:3]], 2)
        ),
        "full name": lambda: " ".join(rng.choice(people)[:2]),
        "no match": lambda: "".join(rng.choice("qwxzğüşç") for _ in range(rng.randint(3, 8))),
    }
    return {mode: [make() for _ in range(n)] for mode, make in modes.items()}


def run(db: Database, per_mode: int, seed: int) -> bool:
    actor = Actor(user_id=None, username="bench", role=Role.DESK)
    all_ok = True
    print(f"\n{'mode':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'hits/q':>7}  target p95<10ms")
    for mode, texts in queries(db, per_mode, seed).items():
        for warm in texts[:10]:
            search_citizens(db, actor, warm)
        times: list[float] = []
        hits = 0
        for typed in texts:
            started = time.perf_counter()
            hits += len(search_citizens(db, actor, typed))
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p50 = statistics.median(times)
        p95 = times[int(len(times) * 0.95) - 1]
        ok = p95 < TARGET_MS
        all_ok &= ok
        print(
            f"{mode:28} {p50:8.2f} {p95:8.2f} {times[-1]:8.2f} {hits / len(texts):7.1f}  "
            f"{'ok' if ok else 'SLOW'}"
        )
    return all_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL or SQLite file path")
    parser.add_argument("--citizens", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per mode")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    db = Database(args.db)
    db.upgrade()
    print(db.describe())
    build(db, args.citizens, args.seed)
    ok = run(db, args.queries, args.seed)
    db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

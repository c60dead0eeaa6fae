"""What reading the server's log of refused logins (revision alog01) costs, beside the plain way.

    python bench/bench_login_log.py --db postgresql://OWNER@HOST/DB [--pad-mb 20] [--repeat 5]

``--db`` is the owner's (or a superuser's) URL of a migrated, throw-away PostgreSQL database
on a server that writes its ``jsonlog`` (scripts/pg_server.sh does). The run:

1. pads the server's log with ``--pad-mb`` MB of ordinary LOG lines (``RAISE LOG``) and a few
   refused logins, as a busy day would leave it;
2. times ``desk_collect_server_log()`` reading all of it from the start (MB/s), beside the bare
   ``pg_read_binary_file`` of the same bytes (the plain way: reading without looking);
3. times the collection with nothing new (what every login pays on top), target < 20 ms;
4. times a whole login through the app (``open_session``: SCRAM, auth_delay, the collection,
   ``desk_note_login``) beside a bare psycopg connection with the same credentials.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from desk_app.db import Database
from desk_app.domain.states import Role
from desk_app.services.admin import auth

USER = ("bench-giris", "bench-parola-2025")
IDLE_TARGET_MS = 20.0


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _pad(db: Database, megabytes: int) -> None:
    filler = "bench padding " + "x" * 200
    lines = megabytes * 1_000_000 // (len(filler) + 250)  # the jsonlog adds ~250 bytes a line
    with db.engine.begin() as conn:
        conn.execute(
            text(f"DO $$ BEGIN FOR i IN 1 .. {lines} LOOP RAISE LOG '{filler}'; END LOOP; END $$")
        )


def _refuse(db: Database, count: int) -> None:
    url = make_url(db.url.render_as_string(hide_password=False))
    for i in range(count):
        with contextlib.suppress(psycopg.OperationalError):
            psycopg.connect(
                host=url.host or "127.0.0.1",
                port=url.port or 5432,
                dbname=url.database,
                user=f"bench-yok-{i}",
                password="yanlis",
                connect_timeout=5,
            ).close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--pad-mb", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db = Database(args.db)
    if not db.is_postgres:
        print("PostgreSQL only (the SQLite mode has no server log)")
        return 2
    _pad(db, args.pad_mb)
    _refuse(db, 5)
    time.sleep(1.0)  # the logger writes a moment after
    with db.engine.connect() as conn:
        log_file = conn.execute(text("SELECT pg_current_logfile('jsonlog')")).scalar()
    full, plain, size = [], [], 0
    for _ in range(args.repeat):
        with db.engine.connect() as conn:
            conn.execute(text("UPDATE auth_log_cursor SET log_file = NULL, log_offset = 0"))
            started = time.perf_counter()
            conn.execute(text("SELECT desk_collect_server_log()"))
            full.append(time.perf_counter() - started)
            size = int(conn.execute(text("SELECT log_offset FROM auth_log_cursor")).scalar() or 0)
            started = time.perf_counter()
            conn.execute(
                text("SELECT length(pg_read_binary_file(:f, 0, :n, true))"),
                {"f": log_file, "n": size},
            )
            plain.append(time.perf_counter() - started)
            conn.rollback()  # the audit rows of a repeated read are not kept
    mb = size / 1e6
    collect_s, plain_s = statistics.median(full), statistics.median(plain)
    print(
        f"collection from the start: {mb:.1f} MB in {_ms(collect_s):.0f} ms "
        f"({mb / collect_s:.0f} MB/s); plain read of the same bytes {_ms(plain_s):.0f} ms "
        f"(ratio {collect_s / plain_s:.1f})"
    )
    with db.engine.begin() as conn:
        conn.execute(text("SELECT desk_collect_server_log()"))
    idle = []
    for _ in range(max(args.repeat, 20)):
        with db.engine.begin() as conn:
            started = time.perf_counter()
            conn.execute(text("SELECT desk_collect_server_log()"))
            idle.append(time.perf_counter() - started)
    idle_ms = _ms(statistics.median(idle))
    verdict = "OK" if idle_ms < IDLE_TARGET_MS else "OVER"
    print(
        f"collection with nothing new (every login): median {idle_ms:.1f} ms "
        f"(target < {IDLE_TARGET_MS:.0f} ms) {verdict}"
    )
    owner = auth.session_actor(db)
    try:
        auth.add_login(db, owner, USER[0], "Bench Giriş", Role.DESK, USER[1])
    except Exception:  # made by an earlier run on this database
        auth.reset_password(db, owner, USER[0], USER[1])
    url = make_url(db.url.render_as_string(hide_password=False))
    logins, bare = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        person, _actor = auth.open_session(db, USER[0], USER[1])
        logins.append(time.perf_counter() - started)
        person.dispose()
        started = time.perf_counter()
        psycopg.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            dbname=url.database,
            user=USER[0],
            password=USER[1],
        ).close()
        bare.append(time.perf_counter() - started)
    login_ms, bare_ms = _ms(statistics.median(logins)), _ms(statistics.median(bare))
    print(
        f"login through the app: median {login_ms:.0f} ms; bare connection with the same "
        f"credentials {bare_ms:.0f} ms (ratio {login_ms / bare_ms:.2f})"
    )
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

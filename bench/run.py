"""Every figure the desk is held to, measured on one (big) database.

    python bench/run.py --db URL [--json FILE] [--repeat 5] [--skip-import] [--skip-bookings]
                        [--only startup,lists,...] [--app dist/desk_app/desk-app]

Build the database first (ten years at Çorum's volume):

    desk-app --db URL demo --years 2016-2025 --citizens 1000000 --seed 1

One line per figure with its target. Start-up runs the real entry point in separate processes
(``desk_app.ui.session.startup_probe``); the rest runs in this process through the same
services and Qt models the desk uses. Figures are medians and 95th percentiles of repeated
runs. The import adds 10,000 web applications to the database and the booking run adds a
bench team with its bookings (PostgreSQL only), so run the benchmark on a copy you can throw away.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import func, select, text

from desk_app.db import Database
from desk_app.domain.states import Role

FIGURES: list[dict[str, Any]] = []
BENCH_USER = ("bench-olcum", "bench-parola-2025")


def figure(
    name: str,
    value: float,
    unit: str,
    target: float | None,
    note: str = "",
    baseline: float | None = None,
    ratio_target: float | None = None,
    higher_is_better: bool = False,
) -> None:
    """One line: the value, its target, and with ``baseline`` (the plain way, same unit, same
    run) the ratio value/baseline (baseline/value for a rate, ``higher_is_better``: either
    way, how many times the plain way's cost desk_app pays); ``ratio_target`` is then an upper
    bound on that ratio."""
    ok = None if target is None else (value > target if higher_is_better else value < target)
    if baseline and value:
        ratio: float | None = baseline / value if higher_is_better else value / baseline
    else:
        ratio = None
    if ratio_target is not None and ratio is not None:
        ok = (ok is not False) and ratio < ratio_target
    FIGURES.append(
        {
            "figure": name,
            "value": round(value, 3),
            "unit": unit,
            "target": target,
            "ok": ok,
            "note": note,
            "baseline": None if baseline is None else round(baseline, 4),
            "ratio": None if ratio is None else round(ratio, 3),
            "ratio_target": ratio_target,
        }
    )
    verdict = "" if ok is None else ("OK" if ok else "MISSED")
    goal = (
        "" if target is None else f"(target {'>' if higher_is_better else '<'} {target:g} {unit})"
    )
    against = ""
    if baseline is not None and ratio is not None:
        against = f"baseline {baseline:.3g} {unit}, ratio {ratio:.3g}"
        if ratio_target is not None:
            against += f" (target < {ratio_target:.3g}: {1 / ratio_target:.3g}x the plain way)"
    print(
        f"{name:52} {value:10.2f} {unit:6} {goal:22} {verdict:6} {against} {note}".rstrip(),
        flush=True,
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


# --- start-up ----------------------------------------------------------------------------


def _bench_user(db: Database) -> tuple[str, str]:
    """The admin login the start-up probe types, made when missing. On PostgreSQL a login is
    a role of the whole server, a member of one database's groups: each database gets its own
    (a copy made by sqlite_to_pg.py holds the SQLite run's user row but no role for it)."""
    from desk_app.models import User
    from desk_app.services import admin
    from desk_app.services.context import cli_actor

    name, password = BENCH_USER
    if db.is_postgres:
        name = "bench-" + re.sub(r"[^a-z0-9._-]", "-", str(db.url.database).lower())[:40]
    with db.read_session() as s:
        missing = s.scalar(select(User.id).where(User.username == name)) is None
        if db.is_postgres and not missing:
            role = s.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
            missing = role is None
    if missing:
        admin.add_user(db, cli_actor(), name, "Bench Ölçüm", Role.ADMIN, password)
    return name, password


def startup(url: str, repeat: int, credentials: tuple[str, str], app: Path | None = None) -> None:
    """``app``: a frozen build's executable (``dist/desk_app/desk-app``) instead of
    ``python -m desk_app`` from source."""
    from baselines import plain_window_start

    command = [str(app)] if app is not None else [sys.executable, "-m", "desk_app"]
    where = "frozen build" if app is not None else "from source"
    tag = " (frozen)" if app is not None else ""
    login, main, plain = [], [], []
    for _ in range(repeat):
        plain.append(plain_window_start(sys.executable, dict(os.environ)))
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "probe.json"
            env = {
                **os.environ,
                "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                "DESK_APP_STARTUP_PROBE": str(probe),
                "DESK_APP_STARTUP_LOGIN": ":".join(credentials),
                "XDG_CONFIG_HOME": tmp,
                "DESK_APP_STARTUP_T0": str(time.time()),
            }
            done = subprocess.run([*command, "--db", url], env=env, timeout=300)
            marks = json.loads(probe.read_text(encoding="utf-8")) if probe.exists() else {}
            if done.returncode or "error" in marks or "main_shown_s" not in marks:
                raise SystemExit(f"start-up probe failed ({done.returncode}): {marks}")
        login.append(marks["login_shown_s"])
        main.append(marks["main_shown_s"] - marks["login_started_s"])
    note = f"{where}; plain: an empty PySide6 window from source"
    figure(
        f"start to login window shown{tag}, median",
        statistics.median(login),
        "s",
        1,
        note,
        baseline=statistics.median(plain),
    )
    figure(f"start to login window shown{tag}, p95", p95(login), "s", None, baseline=p95(plain))
    figure(f"login to main window shown{tag}, median", statistics.median(main), "s", 0.3)
    figure(f"login to main window shown{tag}, p95", p95(main), "s", None)


# --- citizen search ------------------------------------------------------------------------


SEARCH_MODES = {
    "tc": "TC",
    "phone (last 4 digits)": "phone suffix",
    "name prefix (3-6 chars)": "name prefix",
    "name substring": "name substring (Turkish folding)",
    "reference GK-": "reference",
    "full name": "full name",
}


def search(db: Database, per_mode: int) -> None:
    from baselines import raw_search
    from bench_search import queries

    from desk_app.services.citizens import search_citizens
    from desk_app.services.context import Actor

    actor = Actor(user_id=None, username="bench", role=Role.DESK)
    for mode, texts in queries(db, per_mode, 2025).items():
        if mode not in SEARCH_MODES:
            continue
        for warm in texts[:10]:
            search_citizens(db, actor, warm)
        times = []
        for typed in texts:
            started = time.perf_counter()
            search_citizens(db, actor, typed)
            times.append((time.perf_counter() - started) * 1000)
        raw = raw_search(db, mode, texts)
        figure(
            f"search {SEARCH_MODES[mode]}, p50",
            statistics.median(times),
            "ms",
            None,
            baseline=statistics.median(raw),
        )
        figure(f"search {SEARCH_MODES[mode]}, p95", p95(times), "ms", 10, baseline=p95(raw))


# --- lists (Qt models, in a child process of their own) --------------------------------------


def lists(url: str, repeat: int) -> None:
    script = Path(__file__).with_name("bench_lists.py")
    if not script.exists():
        print("lists: bench/bench_lists.py is missing; skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lists.json"
        subprocess.run(
            [sys.executable, str(script), "--db", url, "--repeat", str(repeat), "--json", str(out)],
            check=True,
            timeout=3600,  # every filter of both lists, five times each
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        for item in json.loads(out.read_text(encoding="utf-8")):
            FIGURES.append(item)
            target = f"(target < {item['target']:g} {item['unit']})" if item["target"] else ""
            verdict = "" if item["ok"] is None else ("OK" if item["ok"] else "MISSED")
            against = ""
            if item.get("baseline") is not None and item.get("ratio") is not None:
                against = (
                    f"baseline {item['baseline']:.3g} {item['unit']}, ratio {item['ratio']:.3g}"
                )
            print(
                f"{item['figure']:52} {item['value']:10.2f} {item['unit']:6} {target:22} "
                f"{verdict:6} {against}".rstrip()
            )


# --- summary, slips, import --------------------------------------------------------------------


def summary(db: Database, year: int, repeat: int) -> None:
    from desk_app.services.context import Actor
    from desk_app.services.reporting import make_period, summarize

    actor = Actor(user_id=None, username="bench", role=Role.SUPERVISOR)
    period = make_period("year", year=year)
    from baselines import raw_summary

    from desk_app.services.reporting.summary import _bounds

    start, end = _bounds(period)
    summarize(db, actor, period)  # warm the caches
    times, plain = [], []
    for _ in range(repeat):  # interleaved: both see the same load
        started = time.perf_counter()
        result = summarize(db, actor, period)
        times.append((time.perf_counter() - started) * 1000)
        plain.append(raw_summary(db, start, end))
    note = f"{result.requests.total:,} requests in {year}; plain: one raw GROUP BY"
    figure(
        f"summary of {year}, median",
        statistics.median(times),
        "ms",
        None,
        note,
        baseline=statistics.median(plain),
    )
    figure(f"summary of {year}, p95", p95(times), "ms", 500, note, baseline=p95(plain))


def slips(repeat: int) -> None:
    from baselines import plain_slips
    from slips import make_batch

    from desk_app.printing.render import render_batch

    batch = make_batch(1350)
    every = [slip for _, team in batch for slip in team]
    times, plain = [], []
    for _ in range(repeat):  # interleaved: both see the same load
        started = time.perf_counter()
        with tempfile.TemporaryFile() as fh:
            render_batch(fh, batch)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        plain_slips(every)
        plain.append(time.perf_counter() - started)
    figure(
        "1,350 slips with route sheets, median",
        statistics.median(times),
        "s",
        None,
        "plain: platypus + qrcode images, slips only",
        baseline=statistics.median(plain),
        ratio_target=1 / 7,
    )


def import_rows(db: Database, rows: int) -> None:
    from baselines import plain_import
    from bench_import import write_export

    from desk_app.services.applications import import_applications
    from desk_app.services.context import cli_actor

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "basvurular.csv"
        write_export(path, rows, int(time.time()) % 10_000, date.today())
        plain = plain_import(db, path)
        started = time.perf_counter()
        report = import_applications(db, cli_actor(), path)
        elapsed = time.perf_counter() - started
        plain = min(plain, plain_import(db, path))
    figure(
        f"import a {rows:,}-row web export",
        elapsed,
        "s",
        10 * rows / 10_000,
        f"{report.imported:,} imported, {report.rejected} refused; "
        "plain: one executemany, no checks",
        baseline=plain,
    )


# --- concurrent bookings (PostgreSQL) ---------------------------------------------------------


def _booker(
    url: str, apps: list[tuple[int, int]], team_id: int, first: str, go: float
) -> tuple[int, list[float], int]:
    """A desk booking its applications as a clerk does: take the suggestion (the first day
    with room), book it; when another desk took the last place meanwhile, ask again.
    Returns the bookings made on the clock, their latencies, and the untimed warm-up ones."""
    from desk_app.services.context import Actor

    db = Database(url)
    who = Actor(user_id=None, username="bench", role=Role.DESK)
    today = date.fromisoformat(first) - timedelta(days=1)
    # A desk's program has been running for hours: its first booking (connections opened,
    # statements compiled) is made before the clock starts and not counted.
    warm, *apps = apps
    warmed = int(_book_one(db, who, *warm, team_id, today))
    while time.time() < go:
        time.sleep(0.001)
    booked = 0
    latencies: list[float] = []
    for app_id, version in apps:
        started = time.perf_counter()
        if _book_one(db, who, app_id, version, team_id, today):
            booked += 1
            latencies.append((time.perf_counter() - started) * 1000)
    db.dispose()
    return booked, latencies, warmed


def _book_one(db: Database, who: Any, app_id: int, version: int, team_id: int, today: date) -> bool:
    """Take the suggestion and book it; when another desk took the last place meanwhile, ask
    again. False when no day has room."""
    from desk_app.domain.states import DeliveryKind
    from desk_app.services.delivery import CapacityFull, book, suggest

    for _ in range(20):
        offer = suggest(db, who, app_id, today=today)
        home = next((s for s in offer.suggestions if s.team_id == team_id), None)
        if home is None:
            home = next((s for s in offer.suggestions if s.kind == "HOME"), None)
        if home is None:
            return False
        try:
            book(db, who, app_id, version, DeliveryKind.HOME, home.day, team_id=home.team_id)
            return True
        except CapacityFull:
            continue
    return False


def bookings(db: Database, url: str, processes: int, per_process: int) -> None:
    from desk_app.models import BabySetApplication, Delivery, TeamDay
    from desk_app.services.context import cli_actor
    from desk_app.services.delivery import TeamInput, save_team

    if not db.is_postgres:
        print("bookings: PostgreSQL only (SQLite serialises writers); skipped")
        return
    team, _ = save_team(
        db, cli_actor(), TeamInput(f"Bench {int(time.time())}", "", 10, (1, 2, 3, 4, 5, 6, 7))
    )
    apps = _approved_for_bench(db, processes * per_process)
    first = (date.today() + timedelta(days=1)).isoformat()
    go = time.time() + 10  # the processes start, import and make their warm-up booking
    ctx = mp.get_context("spawn")
    with ctx.Pool(processes) as pool:
        started = time.time()
        results = pool.starmap(
            _booker,
            [(url, apps[p::processes], team.id, first, go) for p in range(processes)],
        )
        elapsed = time.time() - max(started, go)
    total = sum(n for n, _, _ in results)
    warmed = sum(w for _, _, w in results)
    latencies = [ms for _, times, _ in results for ms in times]
    raw_rate, raw_p95 = _raw_bookings(db, url, processes, len(apps))
    with db.read_session() as s:
        over = 0
        for td in s.scalars(select(TeamDay)):  # every team's days, the demo teams' too
            held = s.scalar(
                select(func.count()).where(
                    Delivery.team_day_id == td.id, Delivery.status != "CANCELLED"
                )
            )
            over += int(td.booked > td.capacity or td.booked != held)
        scheduled = s.scalar(
            select(func.count()).where(
                BabySetApplication.id.in_([a for a, _ in apps]),
                BabySetApplication.status == "SCHEDULED",
            )
        )
    rate = total / elapsed
    figure(
        f"bookings per second, {processes} processes",
        rate,
        "/s",
        200,
        f"{total} booked (and {warmed} untimed warm-up ones); plain: the conditional UPDATE alone",
        baseline=raw_rate,
        higher_is_better=True,
    )
    figure(
        "one booking (suggest + book), p95 latency",
        p95(latencies) if latencies else 0.0,
        "ms",
        100,
        "plain: the conditional UPDATE alone, one commit",
        baseline=raw_p95,
    )
    figure("team days over capacity or miscounted", over, "", 1, "must be 0")
    figure(
        "bookings lost (reported but not stored)",
        total + warmed - int(scheduled or 0),
        "",
        1,
        "must be 0",
    )


def _raw_bookings(db: Database, url: str, processes: int, n: int) -> tuple[float, float]:
    """The baseline: ``n`` places taken with the bare conditional UPDATE from ``processes``
    processes, on a scratch table shaped like team_day (10 places a day). Returns bookings per
    second and the p95 latency in ms."""
    days = -(-n // 10)
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_team_day"))
        conn.execute(
            text(
                "CREATE TABLE bench_team_day (id INTEGER PRIMARY KEY, booked INTEGER NOT NULL, "
                "capacity INTEGER NOT NULL)"
            )
        )
        conn.execute(
            text("INSERT INTO bench_team_day VALUES (:id, 0, 10)"),
            [{"id": i + 1} for i in range(days)],
        )
    # Each process takes places in day order, as the suggestion does: all start on day 1.
    plan = [i // 10 + 1 for i in range(n)]
    go = time.time() + 3
    with mp.get_context("spawn").Pool(processes) as pool:
        started = time.time()
        results = pool.starmap(
            _raw_worker, [(url, plan[p::processes], go) for p in range(processes)]
        )
        elapsed = time.time() - max(started, go)
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE bench_team_day"))
    taken = sum(t for t, _ in results)
    latencies = [ms for _, times in results for ms in times]
    return taken / elapsed, p95(latencies)


def _raw_worker(url: str, day_ids: list[int], go: float) -> tuple[int, list[float]]:
    from baselines import raw_booker

    return raw_booker(url, day_ids, go, table="bench_team_day")


def _approved_for_bench(db: Database, n: int) -> list[tuple[int, int]]:
    """``n`` approved applications to book, registered through the service."""
    from bench_import import write_export

    from desk_app.models import BabySetApplication
    from desk_app.services.applications import import_applications
    from desk_app.services.context import cli_actor

    refs: list[str] = []
    seed = int(time.time()) % 10_000 + 5_000
    # Many generated rows come out as suspected duplicates (the name lists are short) or
    # ineligible: import again until there are n approved ones.
    for attempt in range(20):
        if len(refs) >= n:
            break
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.csv"
            write_export(path, int((n - len(refs)) * 2.5) + 10, seed + attempt, date.today())
            report = import_applications(db, cli_actor(), path)
        refs += [r.reference for r in report.imported_rows if r.status == "APPROVED"]
    refs = refs[:n]
    with db.read_session() as s:
        rows = s.execute(
            select(BabySetApplication.id, BabySetApplication.version).where(
                BabySetApplication.reference.in_(refs)
            )
        ).all()
    return [(int(a), int(v)) for a, v in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL (a copy you can throw away)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queries", type=int, default=200, help="searches per mode")
    parser.add_argument("--year", type=int, default=2025, help="the summary's year")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-bookings", action="store_true")
    parser.add_argument(
        "--only", default="", help="comma list: startup,search,lists,summary,slips,import,bookings"
    )
    parser.add_argument(
        "--app", type=Path, default=None, help="start-up of this frozen executable, not the source"
    )
    args = parser.parse_args(argv)
    db = Database(args.db)
    db.upgrade()
    url = db.url.render_as_string(hide_password=False)
    print(f"{db.describe()} — {os.cpu_count()} CPUs")
    steps: dict[str, Callable[[], None]] = {
        "startup": lambda: startup(url, args.repeat, _bench_user(db), args.app),
        "search": lambda: search(db, args.queries),
        "lists": lambda: lists(url, args.repeat),
        "summary": lambda: summary(db, args.year, args.repeat),
        "slips": lambda: slips(max(3, args.repeat // 2)),
        "import": lambda: None if args.skip_import else import_rows(db, args.import_rows),
        "bookings": lambda: None if args.skip_bookings else bookings(db, url, 8, 50),
    }
    wanted = [s.strip() for s in args.only.split(",") if s.strip()] or list(steps)
    for name in wanted:
        steps[name]()
    db.dispose()
    if args.json:
        args.json.write_text(json.dumps(FIGURES, ensure_ascii=False, indent=1), encoding="utf-8")
    missed = [f["figure"] for f in FIGURES if f.get("ok") is False]
    print(
        f"\n{len(FIGURES)} figures, {len(missed)} missed"
        + (": " + "; ".join(missed) if missed else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Crash safety: desks saving citizens and requests, importing the web export and booking
deliveries are killed (SIGKILL) at random moments, several times each, all at once. After each
kill the database passes its integrity check, every save reported as done is there, and nothing
is half-written (a request without its timeline, an application without its RECEIVED event, a
team day whose count disagrees with its deliveries, a citizen without the address it was given,
a gap or a duplicate in the references).

Runs on the SQLite file (WAL) and, with DESK_APP_TEST_PG set, on a real PostgreSQL server.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import sys
import time as clock
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desk_app.db import Database
from desk_app.domain.states import DeliveryKind, Role
from desk_app.domain.tckn import generate_tckn
from desk_app.models import (
    Address,
    ApplicationEvent,
    BabySetApplication,
    Citizen,
    Delivery,
    Request,
    RequestEvent,
    TeamDay,
)
from desk_app.services.applications.importer import import_applications
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.context import Actor, cli_actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import CapacityFull
from desk_app.services.requests.records import RequestInput, create_request
from desk_app.services.uow import read_only
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import NOW, TUESDAY, approved, make_stock, make_teams

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROUNDS = 5  # kills per kind
APPS_TO_BOOK = 30
IMPORT_ROWS = 260  # above one chunk of 250: a kill can land between two chunk commits


def _log(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:  # one write: the line is whole or absent
        fh.write(line + "\n")


def _saver(url: str, actor: tuple[int, str], done: str, seed: int) -> None:
    db = Database(url)
    who = Actor(user_id=actor[0], username=actor[1], role=Role.DESK)
    rng = random.Random(seed)
    directorate_id = _directorate(db)
    _log(done, "READY")
    n = 0
    while True:
        n += 1
        citizen = create_citizen(
            db,
            who,
            CitizenInput(
                first_name="Ayşe",
                last_name=f"Kayıt{'abcçdefgğhıi'[n % 12]}",
                tc_kimlik_no=generate_tckn(rng),
                phone=f"0532 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                mahalle="Ulukavak",
                street="Gazi Cad.",
                building_no=str(n % 90 + 1),
            ),
        )
        _log(done, f"DONE citizen {citizen.id}")
        detail = create_request(
            db,
            who,
            RequestInput(
                citizen_id=citizen.id,
                directorate_id=directorate_id,
                subject=f"Çöp konteyneri {n}",
                description="Sokakta taşıyor.",
            ),
        )
        _log(done, f"DONE request {detail.reference}")


def _directorate(db: Database) -> int:
    from desk_app.models import Directorate

    with read_only(db) as s:
        found = s.scalar(select(Directorate.id).where(Directorate.active.is_(True)).limit(1))
    assert found is not None
    return found


def _importer(url: str, done: str, folder: str, seed: int) -> None:
    from bench.bench_import import write_export
    from desk_app.services.applications import importer

    # SQLite's chunks are four times PostgreSQL's by default; with the same 250 rows on both,
    # a file of IMPORT_ROWS is two chunks on both.
    importer.SQLITE_CHUNKS = 1
    db = Database(url)
    _directorate(db)
    _log(done, "READY")
    n = 0
    while True:
        tag = seed * 10 + n  # four digits, unique over every child and round
        n += 1
        path = Path(folder) / f"export_{tag}.csv"
        write_export(path, IMPORT_ROWS, tag, date.today())
        report = import_applications(db, cli_actor(), path)
        _log(done, f"DONE import {tag:04d} {report.imported}")


def _booker(url: str, actor: tuple[int, str], done: str, jobs: list[tuple[int, int, int]]) -> None:
    db = Database(url)
    who = Actor(user_id=actor[0], username=actor[1], role=Role.SUPERVISOR)
    _directorate(db)
    _log(done, "READY")
    for app_id, version, team_id in jobs:
        try:
            result = book(
                db, who, app_id, version, DeliveryKind.HOME, TUESDAY, team_id=team_id, now=NOW
            )
        except CapacityFull:
            continue
        _log(done, f"DONE book {app_id} {result.delivery.id}")
    _log(done, "FINISHED")
    clock.sleep(60)


def _done_lines(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [ln.split() for ln in path.read_text(encoding="utf-8").splitlines() if ln]


def _check(db: Database, done: list[list[str]]) -> None:
    with read_only(db) as s:
        if db.is_sqlite:
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
        # Every save reported as done is there.
        citizens = {int(x[2]) for x in done if x[1] == "citizen"}
        requests = {x[2] for x in done if x[1] == "request"}
        booked = {int(x[2]): int(x[3]) for x in done if x[1] == "book"}
        found = set(s.scalars(select(Citizen.id).where(Citizen.id.in_(citizens))))
        assert found == citizens
        found_refs = set(
            s.scalars(select(Request.reference).where(Request.reference.in_(requests)))
        )
        assert found_refs == requests
        for app_id, delivery_id in booked.items():
            delivery = s.get(Delivery, delivery_id)
            assert delivery is not None and delivery.application_id == app_id
        web_refs = list(s.scalars(select(BabySetApplication.web_reference)))
        per_tag: dict[str, int] = defaultdict(int)
        for ref in web_refs:
            if ref:
                per_tag[ref[7:11]] += 1
        for x in done:
            if x[1] == "import":
                assert per_tag[x[2]] == int(x[3]), x  # a finished import is all there
        # Nothing half-written.
        assert not s.scalars(
            select(Citizen.id).where(
                ~select(Address.id).where(Address.citizen_id == Citizen.id).exists()
            )
        ).all(), "a citizen without the address it was given"
        assert not s.scalars(
            select(Request.id).where(
                Request.directorate_id.is_not(None),
                ~select(RequestEvent.id).where(RequestEvent.request_id == Request.id).exists(),
            )
        ).all(), "a routed request without its FORWARDED event"
        assert not s.scalars(
            select(BabySetApplication.id).where(
                ~select(ApplicationEvent.id)
                .where(
                    ApplicationEvent.application_id == BabySetApplication.id,
                    ApplicationEvent.kind == "RECEIVED",
                )
                .exists()
            )
        ).all(), "an application without its RECEIVED event"
        for day in s.scalars(select(TeamDay)):
            held = s.scalar(
                select(func.count()).where(
                    Delivery.team_day_id == day.id, Delivery.status != "CANCELLED"
                )
            )
            assert day.booked == held, (day.id, day.booked, held)
        live = s.execute(
            select(Delivery.application_id, BabySetApplication.status)
            .join(BabySetApplication, BabySetApplication.id == Delivery.application_id)
            .where(Delivery.status == "BOOKED")
        ).all()
        assert all(status == "SCHEDULED" for _, status in live), live
        # References: no duplicate, no gap (a rolled-back save gives its number back).
        for column in (Request.reference, BabySetApplication.reference):
            numbers: dict[str, list[int]] = defaultdict(list)
            for ref in s.scalars(select(column)):
                prefix, year, number = ref.split("-")
                numbers[f"{prefix}-{year}"].append(int(number))
            for key, values in numbers.items():
                assert sorted(values) == list(range(1, len(values) + 1)), key


def _wait_until_ready(path: Path, proc: mp.process.BaseProcess, timeout: float = 30) -> None:
    end = clock.monotonic() + timeout
    while clock.monotonic() < end:
        if _done_lines(path):
            return
        assert proc.is_alive(), f"child ended early: exit code {proc.exitcode}"
        clock.sleep(0.02)
    raise AssertionError(f"not ready within {timeout} s ({path.name})")


def test_sigkill_during_saves_imports_and_bookings(
    db: Database, db_url: str, supervisor: Actor, clerk: Actor, tmp_path: Path
) -> None:
    team1, team2 = make_teams(as_person(db, supervisor), supervisor, (APPS_TO_BOOK, APPS_TO_BOOK))
    make_stock(as_person(db, supervisor), supervisor, APPS_TO_BOOK + 10)
    apps = [approved(as_person(db, clerk), clerk, seed=i) for i in range(APPS_TO_BOOK)]
    teams = [team1.id, team2.id]
    queue = [(app_id, version, teams[i % 2]) for i, (app_id, version) in enumerate(apps)]
    rng = random.Random(20251128)
    started = clock.monotonic()
    ctx = mp.get_context("spawn")
    all_done: list[list[str]] = []
    kills = 0
    for round_no in range(ROUNDS):
        files = {kind: tmp_path / f"{kind}_{round_no}.txt" for kind in ("save", "import", "book")}
        booked_already = {int(x[2]) for x in all_done if x[1] == "book"}
        jobs = [j for j in queue if j[0] not in booked_already]
        procs = {
            "save": ctx.Process(
                target=_saver,
                args=(db_url, (clerk.user_id, clerk.username), str(files["save"]), 100 + round_no),
            ),
            "import": ctx.Process(
                target=_importer,
                args=(db_url, str(files["import"]), str(tmp_path), 100 + round_no),
            ),
            "book": ctx.Process(
                target=_booker,
                args=(db_url, (supervisor.user_id, supervisor.username), str(files["book"]), jobs),
            ),
        }
        for proc in procs.values():
            proc.start()
        try:
            for kind, proc in procs.items():
                _wait_until_ready(files[kind], proc)
            # Each child dies at its own random moment, in the middle of whatever it does.
            ready = clock.monotonic()
            for at, proc in sorted(
                ((rng.uniform(0.1, 2.5 if k == "import" else 1.3), p) for k, p in procs.items()),
                key=lambda x: x[0],
            ):
                clock.sleep(max(0.0, ready + at - clock.monotonic()))
                assert proc.pid is not None
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
        finally:
            for proc in procs.values():
                if proc.is_alive():
                    proc.kill()
                proc.join(10)
        for path in files.values():
            all_done.extend(x for x in _done_lines(path) if x[0] == "DONE")
        _check(db, all_done)  # after each "restart": the database as the next desk finds it
    assert kills == 3 * ROUNDS
    kinds = {x[1] for x in all_done}
    print(f"kills: {clock.monotonic() - started:.1f} s; done: {sorted(kinds)} {len(all_done)}")
    assert {"citizen", "request", "book"} <= kinds
    # The killed work left the database usable: the next save goes through.
    extra = create_request(
        db,
        clerk,
        RequestInput(
            citizen_id=None, channel_code="WHATSAPP", directorate_id=_directorate(db), subject="Son"
        ),
    )
    assert extra.reference
    _check(db, all_done)

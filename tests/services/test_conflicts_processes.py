"""No lost updates between desks, each desk its own process (runs on PostgreSQL in CI through
the ``db`` fixture, on the SQLite file otherwise): two desks load the same citizen, request and
application; the first saves; the second's save is refused with a Conflict saying another desk
changed the record, and nothing of the second is written (no value, no timeline line, no audit
row)."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.errors import Conflict
from desk_app.domain.states import Role
from desk_app.models import AuditLog, BabySetApplication, Citizen, Directorate, RequestEvent
from desk_app.services import applications, citizens
from desk_app.services import requests as rq
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.context import Actor
from desk_app.services.requests.records import RequestInput
from desk_app.services.uow import read_only
from tests.people import as_person, login_url
from tests.services.delivery.delivery_fixtures import approved

KINDS = ("citizen", "request", "application")
ANOTHER_DESK = "başka bir masada"


def _load(db: Database, who: Actor, kind: str, target: int) -> int:
    if kind == "citizen":
        return citizens.get_citizen_card(db, who, target).citizen.version
    if kind == "request":
        return rq.get_request(db, who, target).version
    return applications.get_application(db, who, target).version


def _save(db: Database, who: Actor, kind: str, target: int, version: int, desk: str) -> None:
    if kind == "citizen":
        data = CitizenInput("Zeynep", f"Masa{desk}", phone="0532 765 43 21")
        citizens.update_citizen(db, who, target, version, data)
    elif kind == "request":
        rq.add_note(db, who, target, version, f"Not masa {desk}")
    else:
        applications.cancel_application(db, who, target, version, f"Vazgeçti (masa {desk})")


def _desk(
    url: str,
    actor: tuple[int, str, str],
    desk: str,
    targets: dict[str, int],
    barrier: Any,
    first_done: dict[str, Any],
    results: Any,
) -> None:
    db = Database(url)
    who = Actor(user_id=actor[0], username=actor[1], role=Role(actor[2]))
    try:
        for kind in KINDS:
            version = _load(db, who, kind, targets[kind])
            barrier.wait(30)  # both desks have the record on screen, same version
            if desk == "A":
                _save(db, who, kind, targets[kind], version, desk)
                results.put((desk, kind, "saved", ""))
                first_done[kind].set()
            else:
                assert first_done[kind].wait(30)
                try:
                    _save(db, who, kind, targets[kind], version, desk)
                except Conflict as exc:
                    results.put((desk, kind, "conflict", exc.message))
                else:
                    results.put((desk, kind, "saved", ""))
    except Exception as exc:  # reported; the test fails on it
        results.put((desk, "?", "error", repr(exc)))
    finally:
        db.dispose()


def _audit_count(db: Database) -> int:
    with read_only(db) as s:
        return int(
            s.scalar(
                select(func.count()).where(
                    AuditLog.action.in_(("citizen.update", "request.note", "application.cancel"))
                )
            )
            or 0
        )


def test_second_desk_is_refused_for_citizen_request_and_application(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    citizen = citizens.create_citizen(
        as_person(db, clerk), clerk, CitizenInput("Zeynep", "Arslan", phone="0532 765 43 21")
    )
    with read_only(db) as s:
        directorate = s.scalar(select(Directorate.id).limit(1))
    request = rq.create_request(
        as_person(db, clerk),
        clerk,
        RequestInput(citizen.id, "DESK", None, directorate, "Park aydınlatması"),
    )
    app_id, _ = approved(as_person(db, clerk), clerk, seed=7)
    targets = {"citizen": citizen.id, "request": request.id, "application": app_id}
    audits_before = _audit_count(db)

    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    first_done = {kind: ctx.Event() for kind in KINDS}
    results = ctx.Queue()
    actor = (supervisor.user_id, supervisor.username, supervisor.role.value)
    url = login_url(db, supervisor)  # both desks are the supervisor's own login
    procs = [
        ctx.Process(target=_desk, args=(url, actor, desk, targets, barrier, first_done, results))
        for desk in ("A", "B")
    ]
    for proc in procs:
        proc.start()
    got = [results.get(timeout=90) for _ in range(2 * len(KINDS))]
    for proc in procs:
        proc.join(30)
    assert [r for r in got if r[2] == "error"] == []
    outcome = {(desk, kind): (status, message) for desk, kind, status, message in got}
    for kind in KINDS:
        assert outcome[("A", kind)][0] == "saved"
        status, message = outcome[("B", kind)]
        assert status == "conflict", kind
        assert ANOTHER_DESK in message, message
        assert "kaydedilmedi" in message, message

    # The first desk's change is stored; nothing of the second.
    with read_only(db) as s:
        stored = s.get(Citizen, citizen.id)
        assert stored is not None and stored.last_name == "MasaA"
        notes = list(
            s.scalars(
                select(RequestEvent.text).where(
                    RequestEvent.request_id == request.id, RequestEvent.kind == "NOTE"
                )
            )
        )
        assert notes == ["Not masa A"]
        app = s.get(BabySetApplication, app_id)
        assert app is not None and app.status == "CANCELLED"
        assert app.cancel_reason is not None and "masa A" in app.cancel_reason
    assert _audit_count(db) == audits_before + 3

"""The role matrix, enforced: every action of ROLE_MATRIX tried as every role through a service
that exercises it, and the admin-only actions through the command line (which acts as admin).

A probe returns normally, or raises PermissionDenied. Some probes are built to stop at a domain
error *after* the permission check (a missing record, a year in the future) so that an allowed
role does not do expensive work; such an error counts as "let through", since every service
checks the role first. A new Action without a probe here makes the test fail.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from desk_app.cli import main
from desk_app.db import Database
from desk_app.demo import generate_demo
from desk_app.domain.errors import DomainError, PermissionDenied
from desk_app.domain.states import Role
from desk_app.domain.tckn import generate_tckn
from desk_app.models import AuditLog, Category, Request
from desk_app.services.admin import auth, settings
from desk_app.services.admin.backups import backup
from desk_app.services.admin.retention import run_retention
from desk_app.services.applications.decisions import (
    cancel_application,
    decide_duplicate,
    override_ineligible,
)
from desk_app.services.applications.query import ApplicationFilter, count_applications
from desk_app.services.citizens.export import access_log, export_citizen
from desk_app.services.citizens.input import CitizenInput
from desk_app.services.citizens.records import create_citizen
from desk_app.services.citizens.search import search_citizens
from desk_app.services.context import Actor, cli_actor
from desk_app.services.delivery.common import TeamInput
from desk_app.services.delivery.plan import week_plan
from desk_app.services.delivery.setup import save_team
from desk_app.services.delivery.slips import lookup_slip, print_slips
from desk_app.services.notify.manage import list_messages
from desk_app.services.permissions import ROLE_MATRIX, Action
from desk_app.services.reporting.summary import make_period, summarize
from desk_app.services.requests.actions import add_note
from desk_app.services.requests.records import RequestInput, create_request
from desk_app.services.uow import read_only
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import NOW, TODAY, approved

PG = bool(os.environ.get("DESK_APP_TEST_PG"))
MISSING_ID = 987_654
UNKNOWN_TC = "10000000528"  # valid, never registered

# Actions that no service performs yet, so there is nothing to call: the reason is shown and
# the set is pinned below, so that it only shrinks.
NO_SERVICE: dict[Action, str] = {
    Action.MANAGE_REFERENCE_DATA: "reference data comes with the migrations; no editing service",
    Action.MIGRATE: "the schema is migrated by `desk-app db upgrade` (admin command line only)",
}


class Setup:
    """What the probes need, made once per test by the admin."""

    def __init__(self, db: Database, admin: Actor, tmp_path: Path) -> None:
        self.db = db
        self.admin = admin
        self.tmp = tmp_path
        self.serial = itertools.count(1)
        self.tc = generate_tckn(random.Random(5))
        self.citizen = create_citizen(
            as_person(db, admin),
            admin,
            CitizenInput(first_name="Ayşe", last_name="Öztürk", tc_kimlik_no=self.tc),
        ).id
        with read_only(db) as s:
            self.category = s.scalar(select(Category.id).order_by(Category.id))
        self.request = create_request(
            db,
            admin,
            RequestInput(
                citizen_id=self.citizen,
                channel_code="DESK",
                category_id=self.category,
                subject="Sokak lambası yanmıyor",
            ),
        ).id

    def request_version(self) -> int:
        with read_only(self.db) as s:
            return int(s.scalar(select(Request.version).where(Request.id == self.request)) or 0)

    def application(self) -> tuple[int, int]:
        return approved(self.db, self.admin, seed=next(self.serial) * 9)

    def new_tc(self) -> str:
        return generate_tckn(random.Random(1000 + next(self.serial)))

    def file(self, suffix: str) -> Path:
        return self.tmp / f"out{next(self.serial)}{suffix}"


def _cancel(st: Setup, actor: Actor) -> None:
    app_id, version = st.application()
    cancel_application(st.db, actor, app_id, version, "Aile vazgeçti", now=NOW)


def _full_tc(st: Setup, actor: Actor) -> None:
    (hit,) = search_citizens(st.db, actor, st.tc)
    if hit.tc_masked != st.tc:  # masked for this role: the whole number was refused
        raise PermissionDenied("masked")


PROBES: dict[Action, Callable[[Setup, Actor], Any]] = {
    Action.MANAGE_USERS: lambda st, a: auth.list_users(st.db, a),
    Action.MANAGE_SETTINGS: lambda st, a: settings.set_value(
        st.db, a, "desk.idle_lock_minutes", 12
    ),
    Action.LOAD_DEMO: lambda st, a: generate_demo(st.db, a, year=2031, today=date(2025, 1, 1)),
    Action.READ_AUDIT: lambda st, a: access_log(st.db, a, st.citizen),
    Action.SEARCH_CITIZENS: lambda st, a: search_citizens(st.db, a, "Ayşe"),
    Action.EDIT_CITIZENS: lambda st, a: create_citizen(
        st.db, a, CitizenInput(first_name="Gül", last_name="Çelik", tc_kimlik_no=st.new_tc())
    ),
    Action.VIEW_FULL_TCKN: _full_tc,
    Action.RECORD_REQUEST: lambda st, a: create_request(
        st.db,
        a,
        RequestInput(
            citizen_id=st.citizen, channel_code="DESK", category_id=st.category, subject="Çukur"
        ),
    ),
    Action.FOLLOW_REQUEST: lambda st, a: add_note(
        st.db, a, st.request, st.request_version(), "Vatandaş yeniden aradı"
    ),
    Action.REGISTER_APPLICATION: lambda st, a: approved(st.db, a, seed=next(st.serial) * 9),
    Action.VIEW_APPLICATIONS: lambda st, a: count_applications(st.db, a, ApplicationFilter()),
    Action.CANCEL_APPLICATION: _cancel,
    Action.DECIDE_DUPLICATE: lambda st, a: decide_duplicate(
        st.db, a, MISSING_ID, 1, "distinct", "Farklı bebek"
    ),
    Action.OVERRIDE_ELIGIBILITY: lambda st, a: override_ineligible(
        st.db, a, MISSING_ID, 1, "Belge getirdi"
    ),
    Action.PLAN_DELIVERIES: lambda st, a: week_plan(st.db, a, TODAY),
    Action.RECORD_DELIVERY_OUTCOME: lambda st, a: lookup_slip(st.db, a, "HGB1-1-1-AAAA"),
    Action.PRINT_SLIPS: lambda st, a: print_slips(st.db, a, st.file(".pdf"), day_from=TODAY),
    Action.VIEW_SUMMARY: lambda st, a: summarize(st.db, a, make_period("year", year=2025)),
    Action.MANAGE_BACKUPS: lambda st, a: backup(st.db, a, st.tmp / "yok" / "b.sqlite3"),
    Action.MANAGE_DELIVERY_SETUP: lambda st, a: save_team(
        st.db, a, TeamInput(f"Ekip {next(st.serial)}", "Üye", 5)
    ),
    Action.EXPORT_CITIZEN: lambda st, a: export_citizen(st.db, a, st.tc, st.file(".json")),
    Action.RUN_RETENTION: lambda st, a: run_retention(st.db, a, dry_run=True),
    Action.MANAGE_NOTIFICATIONS: lambda st, a: list_messages(st.db, a),
}


# Probes meant to stop at a domain error once the role is let through.
STOP_AFTER_CHECK = {
    Action.LOAD_DEMO,
    Action.DECIDE_DUPLICATE,
    Action.OVERRIDE_ELIGIBILITY,
    Action.MANAGE_BACKUPS,
}


def _outcome(probe: Callable[[Setup, Actor], Any], st: Setup, actor: Actor) -> str:
    try:
        probe(st, actor)
    except PermissionDenied:
        return "denied"
    except DomainError:
        return "stopped"  # after the permission check (missing record, future year...)
    return "done"


def test_every_action_has_a_probe_or_a_stated_reason() -> None:
    assert set(PROBES).isdisjoint(NO_SERVICE)
    assert set(PROBES) | set(NO_SERVICE) == set(Action) == set(ROLE_MATRIX)
    assert set(NO_SERVICE) == {Action.MANAGE_REFERENCE_DATA, Action.MIGRATE}


def test_every_role_is_let_through_exactly_where_the_matrix_says(
    db: Database, admin: Actor, supervisor: Actor, clerk: Actor, tmp_path: Path
) -> None:
    st = Setup(as_person(db, admin), admin, tmp_path)
    actors = {Role.ADMIN: admin, Role.SUPERVISOR: supervisor, Role.DESK: clerk}
    assert set(actors) == set(Role)
    outcome = {
        (action, role): _outcome(probe, st, actor)
        for action, probe in PROBES.items()
        for role, actor in actors.items()
    }
    wrong = {
        (action.value, role.value): got
        for (action, role), got in outcome.items()
        if (got != "denied") != (role in ROLE_MATRIX[action])
    }
    assert wrong == {}
    # A probe that fails for another reason would hide a missing check: only the designed ones.
    stopped = {action for (action, _), got in outcome.items() if got == "stopped"}
    assert stopped == STOP_AFTER_CHECK


def test_the_command_line_acts_as_admin() -> None:
    actor = cli_actor()
    assert actor.role is Role.ADMIN and actor.user_id is None
    assert actor.username.startswith("cli:")


def test_admin_only_commands_work_from_the_command_line(
    db: Database, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands: list[tuple[Action, list[str]]] = [
        (Action.MIGRATE, ["db", "upgrade"]),
        (Action.MANAGE_USERS, ["user", "list"]),
        (Action.MANAGE_SETTINGS, ["settings", "set", "kvkk.retention_years", "6"]),
        (Action.RUN_RETENTION, ["retention", "run", "--dry-run"]),
        (Action.RUN_RETENTION, ["retention", "run"]),
    ]
    if not PG:
        commands.append((Action.MANAGE_BACKUPS, ["backup", "--out", str(tmp_path / "b.sqlite3")]))
    for action, argv in commands:
        assert ROLE_MATRIX[action] == {Role.ADMIN}
        assert main(["--db", db_url, *argv, "--json"]) == 0, argv
        payload = json.loads(capsys.readouterr().out)
        assert payload["ok"], argv
    # SQLite (single-user mode): the OS account; PostgreSQL: the login of the --db URL (here
    # the database's owner), never cli:LOGNAME.
    who = make_url(db_url).username if PG else "cli:%"
    with read_only(db) as s:
        actions = set(s.scalars(select(AuditLog.action).where(AuditLog.username.like(who))))
    assert {"setting.change", "retention.run"} <= actions
    assert settings.get_all(db)["kvkk.retention_years"] == 6

"""The planner marks the deliveries whose family was reminded, and the summary compares failed
home visits of reminded and not-reminded families."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk_app.db import Database
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.services import notify
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.delivery.common import OutcomeInput
from desk_app.services.delivery.outcomes import record_outcome
from desk_app.services.delivery.plan import team_day_deliveries
from desk_app.services.reporting.summary import make_period, summarize
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import (
    NOW,
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)
from tests.services.notify.gateway import gateway
from tests.services.notify.notify_fixtures import http_sender


@pytest.fixture
def world(db: Database, supervisor: Actor) -> list:  # type: ignore[type-arg]
    teams = make_teams(as_person(db, supervisor), supervisor, capacities=(6, 6))
    make_windows(as_person(db, supervisor), supervisor)
    make_stock(as_person(db, supervisor), supervisor)
    return teams


def test_reminded_mark_and_failed_visit_rates(
    db: Database,
    clerk: Actor,
    supervisor: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    team = world[0]
    deliveries = []
    for seed in range(1, 5):
        app_id, version = approved(as_person(db, clerk), clerk, seed=seed)
        row = book(
            as_person(db, clerk),
            clerk,
            app_id,
            version,
            DeliveryKind.HOME,
            TUESDAY,
            team_id=team.id,
            now=NOW,
        )
        deliveries.append(row.delivery.id)
    assert notify.queue_reminders(as_person(db, supervisor), supervisor, TUESDAY, now=NOW) == 4
    with gateway() as gw:
        # RECEIVED x4, BOOKED x4 accepted; of the reminders two arrive, two are refused (4xx).
        gw.statuses = [200] * 8 + [200, 200, 400, 400]
        http_sender(db, gw.url + "/sms", clock=lambda: NOW).run_once()
    rows = {r.id: r for r in team_day_deliveries(as_person(db, clerk), clerk, team.id, TUESDAY)}
    assert [rows[d].reminded for d in deliveries] == [True, True, False, False]
    assert notify.reminded_delivery_ids(as_person(db, clerk), clerk, deliveries) == set(
        deliveries[:2]
    )
    visit = NOW + timedelta(days=1, hours=4)
    outcomes = [
        DeliveryOutcome.DELIVERED,
        DeliveryOutcome.NOT_HOME,
        DeliveryOutcome.NOT_HOME,
        DeliveryOutcome.NOT_HOME,
    ]
    for delivery_id, outcome in zip(deliveries, outcomes, strict=True):
        data = (
            OutcomeInput(outcome, received_by="Zeynep Arslan", relation="Anne", at=visit)
            if outcome is DeliveryOutcome.DELIVERED
            else OutcomeInput(outcome, at=visit)
        )
        record_outcome(as_person(db, clerk), clerk, delivery_id, data, now=visit)
    period = make_period("custom", start=TUESDAY, end=TUESDAY)
    summary = summarize(as_person(db, supervisor), supervisor, period, now=visit)
    r = summary.reminders
    assert r is not None
    assert (r.reminded, r.reminded_failed, r.not_reminded, r.not_reminded_failed) == (2, 1, 2, 2)
    assert (r.reminded_rate, r.not_reminded_rate) == (50.0, 100.0)
    assert summary.to_dict()["reminders"]["not_reminded_failed_percent"] == 100.0
    # Three failed visits: three "sizi bulamadık" messages, once each.
    assert (
        sum(
            1
            for m in notify.list_messages(as_person(db, supervisor), supervisor)
            if m.kind == "FAILED_VISIT"
        )
        == 3
    )


def test_outdated_booking_messages_and_late_reminders_are_not_sent(
    db: Database,
    clerk: Actor,
    supervisor: Actor,
    world: list,  # type: ignore[type-arg]
) -> None:
    from desk_app.services.delivery.booking import move_delivery

    team = world[0]
    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    row = book(
        as_person(db, clerk),
        clerk,
        app_id,
        version,
        DeliveryKind.HOME,
        TUESDAY,
        team_id=team.id,
        now=NOW,
    )
    wednesday = TUESDAY + timedelta(days=1)
    move_delivery(
        as_person(db, clerk), clerk, row.delivery.id, row.delivery.version, DeliveryKind.HOME,
        wednesday, team_id=team.id, now=NOW,
    )  # fmt: skip
    assert notify.queue_reminders(as_person(db, supervisor), supervisor, wednesday, now=NOW) == 1
    with gateway() as gw:
        # On the delivery day itself (10:00 in Çorum) the reminder comes too late.
        on_the_day = NOW + timedelta(days=2)
        stats = http_sender(db, gw.url + "/sms", clock=lambda: on_the_day).run_once()
        texts = [r.body["text"] for r in gw.received]
    assert stats.sent == 2 and stats.cancelled == 2
    assert any("18.06.2025 Çarşamba" in t for t in texts)
    assert not any("17.06.2025" in t for t in texts)  # the first day's message never went
    reasons = {
        m.kind: m.last_error
        for m in notify.list_messages(as_person(db, supervisor), supervisor, "CANCELLED")
    }
    assert reasons == {
        "BOOKED": "Teslimat iptal edildi, yapıldı veya başka güne taşındı; mesaj gönderilmedi.",
        "REMINDER": "Teslim günü geldi; hatırlatma artık gönderilmedi.",
    }

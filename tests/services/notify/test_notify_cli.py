"""``desk-app notify`` from the command line, and the web import queueing its "received"
messages like the desk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app import cli
from desk_app.db import Database
from desk_app.domain.phone import is_mobile
from desk_app.domain.states import DeliveryKind
from desk_app.models import BabySetApplication
from desk_app.services.applications.importer import import_applications
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import book
from desk_app.services.uow import read_only
from tests.people import as_person
from tests.services.applications.test_importer import NOW as IMPORT_NOW
from tests.services.applications.test_importer import SAMPLE
from tests.services.delivery.delivery_fixtures import (
    TUESDAY,
    approved,
    make_stock,
    make_teams,
    make_windows,
)
from tests.services.notify.gateway import gateway
from tests.services.notify.notify_fixtures import messages


def test_an_imported_application_with_a_mobile_queues_received(db: Database, clerk: Actor) -> None:
    report = import_applications(as_person(db, clerk), clerk, SAMPLE, now=IMPORT_NOW)
    assert report.imported == 5
    with read_only(db) as s:
        phones = {a.id: a.phone_e164 for a in s.scalars(select(BabySetApplication))}
    mobile = {app_id for app_id, phone in phones.items() if phone and is_mobile(phone)}
    received = [m for m in messages(db) if m.kind == "RECEIVED"]
    assert {m.application_id for m in received} == mobile and mobile


def test_notify_commands(
    db: Database,
    db_url: str,
    clerk: Actor,
    supervisor: Actor,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    teams = make_teams(as_person(db, supervisor), supervisor)
    make_windows(as_person(db, supervisor), supervisor)
    make_stock(as_person(db, supervisor), supervisor)
    from tests.services.delivery.delivery_fixtures import NOW

    app_id, version = approved(as_person(db, clerk), clerk, seed=1)
    book(
        as_person(db, clerk),
        clerk,
        app_id,
        version,
        DeliveryKind.HOME,
        TUESDAY,
        team_id=teams[0].id,
        now=NOW,
    )
    day = TUESDAY.isoformat()
    args = ["--db", db_url, "notify", "queue-reminders", "--for-date", day, "--json"]
    assert cli.main(args) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "queued": 1}
    assert cli.main(args) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "queued": 0}  # twice adds nothing
    config = tmp_path / "config.ini"
    monkeypatch.setenv("DESK_APP_CONFIG", str(config))
    config.write_text("[sms]\nprovider = netgsm\n", encoding="utf-8")
    assert cli.main(["--db", db_url, "notify", "run", "--once", "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert "username" in error and "header" in error
    with gateway() as gw:
        config.write_text(
            f"[sms]\nprovider = http-json\nurl = {gw.url}/sms\nquiet_start = 00:00\n"
            "quiet_end = 00:00\nper_minute = 0\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("DESK_APP_SMS_TOKEN", "ortamdan-gelen-jeton")
        assert cli.main(["--db", db_url, "notify", "run", "--once", "--json"]) == 0
        out = capsys.readouterr().out
        # The real clock is past the delivery day: the reminder ("yarın") is not sent any more.
        assert json.loads(out) == {"sent": 2, "failed": 0, "retried": 0, "queued": 0}
        assert "ortamdan-gelen-jeton" not in out
        assert {r.headers["Authorization"] for r in gw.received} == {"Bearer ortamdan-gelen-jeton"}
    assert [(m.kind, m.status) for m in messages(db)] == [
        ("RECEIVED", "SENT"),
        ("BOOKED", "SENT"),
        ("REMINDER", "CANCELLED"),
    ]
    assert messages(db)[2].last_error == "Teslim günü geldi; hatırlatma artık gönderilmedi."


def test_sms_secrets_stay_out_of_reprs(tmp_path: Path) -> None:
    from desk_app.settings import load_settings

    config = tmp_path / "config.ini"
    config.write_text(
        "[sms]\nprovider = netgsm\nusername = 850\npassword = dosyadaki-sifre\nheader = X\n",
        encoding="utf-8",
    )
    settings = load_settings(env={"DESK_APP_SMS_TOKEN": "ortam-jetonu"}, config_path=config)
    assert settings.sms.password == "dosyadaki-sifre" and settings.sms.token == "ortam-jetonu"
    shown = repr(settings)
    assert "dosyadaki-sifre" not in shown and "ortam-jetonu" not in shown
    from desk_app.services.notify.providers import provider_from_settings

    assert "dosyadaki-sifre" not in repr(provider_from_settings(settings.sms))

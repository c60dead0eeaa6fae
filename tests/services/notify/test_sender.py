"""The sender and both providers against a real HTTP server on 127.0.0.1: the http-json
contract (bearer token, UTF-8 JSON, 2xx / 4xx / 5xx / timeout), Netgsm's REST v2 request and
answer, delivery reports writing "bilgilendirildi (SMS)", quiet hours, opt-out, demo data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from desk_app.db import Database
from desk_app.models import Request, RequestEvent, SmsMessage
from desk_app.services import notify
from desk_app.services.context import Actor
from desk_app.services.notify.outbox import mark_demo_database
from desk_app.services.notify.providers import HttpJsonProvider, netgsm_number
from desk_app.services.notify.sender import in_quiet_hours, parse_clock
from desk_app.services.uow import read_only, unit_of_work
from tests.people import as_person
from tests.services.delivery.delivery_fixtures import approved
from tests.services.notify.gateway import basic_user, gateway
from tests.services.notify.notify_fixtures import http_sender, messages, netgsm_sender


def statuses(db: Database) -> list[str]:
    return [m.status for m in messages(db)]


def test_http_json_sends_turkish_text_intact_with_the_bearer_token(
    db: Database, clerk: Actor
) -> None:
    approved(as_person(db, clerk), clerk, seed=1)
    approved(as_person(db, clerk), clerk, seed=2)
    with gateway() as gw:
        stats = http_sender(db, gw.url + "/sms").run_once()
    assert stats.to_dict() == {"sent": 2, "failed": 0, "retried": 0, "queued": 0}
    assert statuses(db) == ["SENT", "SENT"]
    stored = messages(db)
    for got, message in zip(gw.received, stored, strict=True):
        assert got.headers["Authorization"] == "Bearer gizli-jeton-123"
        assert got.headers["Content-Type"] == "application/json; charset=utf-8"
        assert got.body == {"id": message.key, "to": message.phone_e164, "text": message.text}
        assert "Hoş Geldin Bebek başvurunuz alındı" in got.raw.decode("utf-8")  # not \u escapes
        assert message.provider == "http-json" and message.sent_at is not None
    assert "gizli-jeton-123" not in repr(http_sender(db, gw.url).provider)


def test_4xx_fails_at_once_5xx_is_retried_then_gives_up(db: Database, clerk: Actor) -> None:
    approved(as_person(db, clerk), clerk, seed=1)
    approved(as_person(db, clerk), clerk, seed=2)
    with gateway() as gw:
        gw.statuses = [422, 503, 502, 500]
        sender = http_sender(db, gw.url + "/sms", max_attempts=3)
        first = sender.run_once()
        # 422 -> failed; 503, 502 -> retried (back-off 0 s in the test), 500 on the third try.
        assert first.failed == 2 and first.retried == 2 and first.sent == 0
        assert len(gw.received) == 4
        again = sender.run_once()
        assert again.to_dict() == {"sent": 0, "failed": 0, "retried": 0, "queued": 0}
        assert len(gw.received) == 4  # the 4xx is never retried
    one, two = messages(db)
    assert (one.status, one.attempts) == ("FAILED", 1)
    assert one.last_error is not None and one.last_error.startswith("HTTP 422")
    assert (two.status, two.attempts) == ("FAILED", 3)
    assert two.last_error == '3 denemede gönderilemedi; son hata: HTTP 500: {"ok": false}'


def test_a_timeout_is_retried_later_with_back_off(db: Database, clerk: Actor) -> None:
    approved(as_person(db, clerk), clerk, seed=1)
    with gateway() as gw:
        gw.delay = 1.5
        sender = http_sender(db, gw.url + "/sms", retry_base_seconds=60)
        sender.provider = HttpJsonProvider(gw.url + "/sms", "t", timeout=0.3)
        stats = sender.run_once()
    assert stats.retried == 1 and stats.queued == 1
    (message,) = messages(db)
    assert message.status == "QUEUED" and message.last_error == "zaman aşımı"
    assert message.next_attempt_at > datetime.now(UTC) + timedelta(seconds=50)


def test_a_supervisor_retries_a_failed_message(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    approved(as_person(db, clerk), clerk, seed=1)
    with gateway() as gw:
        gw.statuses = [400]
        sender = http_sender(db, gw.url + "/sms")
        assert sender.run_once().failed == 1
        notify.retry_message(as_person(db, supervisor), supervisor, messages(db)[0].id)
        assert sender.run_once().sent == 1
    assert statuses(db) == ["SENT"]


def test_quiet_hours_hold_everything(db: Database, clerk: Actor) -> None:
    start, end = parse_clock("21:00", "quiet_start"), parse_clock("09:00", "quiet_end")
    late = datetime(2025, 6, 16, 19, 30, tzinfo=UTC)  # 22:30 in Çorum
    morning = datetime(2025, 6, 17, 6, 0, tzinfo=UTC)  # 09:00 in Çorum
    assert in_quiet_hours(late, start, end) and not in_quiet_hours(morning, start, end)
    assert in_quiet_hours(datetime(2025, 6, 17, 5, 59, tzinfo=UTC), start, end)
    approved(as_person(db, clerk), clerk, seed=1)
    with gateway() as gw:
        sender = http_sender(
            db, gw.url + "/sms", clock=lambda: late, quiet_start="21:00", quiet_end="09:00"
        )
        stats = sender.run_once()
        assert stats.quiet and stats.to_dict()["queued"] == 1 and gw.received == []
        sender.clock = lambda: morning
        assert sender.run_once().sent == 1


def test_opt_out_after_queueing_is_honoured_by_the_sender(db: Database, clerk: Actor) -> None:
    approved(as_person(db, clerk), clerk, seed=1)
    with unit_of_work(db) as s:
        from desk_app.models import Citizen

        s.execute(update(Citizen).values(sms_opt_out=True))
    with gateway() as gw:
        stats = http_sender(db, gw.url + "/sms").run_once()
        assert gw.received == [] and stats.cancelled == 1
    assert statuses(db) == ["CANCELLED"]
    assert messages(db)[0].last_error == "Vatandaş SMS istemiyor."


def test_demo_messages_only_reach_a_gateway_on_this_machine(db: Database, clerk: Actor) -> None:
    with unit_of_work(db) as s:
        mark_demo_database(s)
    approved(as_person(db, clerk), clerk, seed=1)
    approved(as_person(db, clerk), clerk, seed=2)
    with gateway() as gw:
        assert http_sender(db, gw.url + "/sms").run_once().sent == 2  # 127.0.0.1: allowed
    with unit_of_work(db) as s:
        s.execute(update(SmsMessage).values(status="QUEUED"))
    # Netgsm (or any gateway elsewhere) never gets a demo message: cancelled, nothing sent.
    with gateway() as gw:
        sender = netgsm_sender(db, gw.url.replace("127.0.0.1", "sms.example.invalid"))
        stats = sender.run_once()
        assert stats.cancelled == 2 and gw.received == []
    assert {m.last_error for m in messages(db)} == {"Örnek veri: gerçek sağlayıcıya gönderilmedi."}


def test_netgsm_request_and_answer_as_documented(db: Database, clerk: Actor) -> None:
    approved(as_person(db, clerk), clerk, seed=1)
    approved(as_person(db, clerk), clerk, seed=2)
    approved(as_person(db, clerk), clerk, seed=3)
    with gateway() as gw:
        gw.netgsm_codes = ["00", "40", "80"]
        sender = netgsm_sender(db, gw.url)
        sender.config = replace(sender.config, retry_base_seconds=60)
        stats = sender.run_once()
        assert (stats.sent, stats.failed, stats.retried) == (1, 1, 1)
        sent = gw.received[0]
        assert sent.path == "/sms/rest/v2/send"
        assert basic_user(sent.headers) == "8503000000:ng-parola"
        first = messages(db)[0]
        assert sent.body == {
            "msgheader": "CORUMBLD",
            "encoding": "TR",
            "iysfilter": "0",
            "messages": [{"msg": first.text, "no": netgsm_number(first.phone_e164)}],
        }
        assert len(sent.body["messages"][0]["no"]) == 10
    one, two, three = messages(db)
    assert (one.status, one.provider_ref) == ("DELIVERED", "JOB000001")  # report: status 1
    assert (
        two.status == "FAILED"
        and two.last_error == "Netgsm 40: gönderici adı (msgheader) tanımlı değil"
    )
    assert three.status == "QUEUED" and three.last_error is not None and "80" in three.last_error


def test_a_delivered_answer_sms_informs_the_citizen_on_the_timeline(
    db: Database, clerk: Actor
) -> None:
    from desk_app.domain.text import fold
    from desk_app.models import Citizen, Directorate
    from desk_app.services import requests as rq
    from desk_app.services.requests.records import RequestInput

    with unit_of_work(db) as s:
        c = Citizen(
            first_name="Şule",
            last_name="Işık",
            name_folded=fold("Şule Işık"),
            last_name_folded=fold("Işık"),
            phone_e164="+905321112233",
        )
        s.add(c)
        s.flush()
        citizen_id = c.id
        directorate = s.scalar(select(Directorate.id).limit(1))
    req = rq.create_request(
        db,
        clerk,
        RequestInput(citizen_id=citizen_id, subject="Lamba", directorate_id=directorate),
    )
    rq.add_answer(as_person(db, clerk), clerk, req.id, req.version, "Lamba değiştirildi.")
    with gateway() as gw:
        stats = netgsm_sender(db, gw.url).run_once()
        assert stats.sent == 1 and stats.delivered == 1
        assert gw.received[1].path == "/sms/rest/v2/report"
        assert gw.received[1].body == {"jobids": ["JOB000001"]}
    (message,) = messages(db)
    assert message.status == "DELIVERED" and message.delivered_at is not None
    with read_only(db) as s:
        stored = s.get(Request, req.id)
        assert stored is not None and stored.informed_via == "sms"
        assert stored.informed_at is not None and stored.inform_seconds is not None
        events = s.scalars(
            select(RequestEvent).where(
                RequestEvent.request_id == req.id, RequestEvent.kind == "INFORMED"
            )
        ).all()
        assert [e.text for e in events] == ["bilgilendirildi (SMS)"]
    detail = rq.get_request(as_person(db, clerk), clerk, req.id)
    assert detail.informed_via == "sms"


@pytest.mark.parametrize("provider", ["off", "http-json", "netgsm", "faks"])
def test_provider_configuration_messages(provider: str) -> None:
    from desk_app.services.notify.providers import ProviderNotConfigured, provider_from_settings
    from desk_app.settings import SmsSettings

    config = SmsSettings(provider=provider)
    if provider == "off":
        assert provider_from_settings(config) is None
        return
    with pytest.raises(ProviderNotConfigured) as err:
        provider_from_settings(config)
    assert "[sms]" in str(err.value)


def test_rate_limit_spaces_the_messages(db: Database, clerk: Actor) -> None:
    for seed in (1, 2, 3):
        approved(as_person(db, clerk), clerk, seed=seed)
    waits: list[float] = []
    with gateway() as gw:
        sender = http_sender(db, gw.url + "/sms", per_minute=120)  # one every half second
        sender.sleep = waits.append  # record the pauses instead of sleeping
        assert sender.run_once().sent == 3
    assert len(waits) == 2 and all(0.3 < w <= 0.5 for w in waits)


def test_the_worker_keeps_running_while_the_database_is_away() -> None:
    from desk_app.services.notify.sender import Sender
    from desk_app.settings import SmsSettings

    away = Database("postgresql+psycopg://desk@127.0.0.1:1/desk_app")  # nothing listens there
    passes: list[int] = []
    sender = Sender(
        db=away,
        config=SmsSettings(provider="http-json", url="http://127.0.0.1:1/sms", poll_seconds=1),
        provider=HttpJsonProvider("http://127.0.0.1:1/sms", "t", 0.5),
        sleep=lambda _s: passes.append(1),
    )
    total = sender.run_forever(lambda: len(passes) >= 4)  # two passes of two half-second naps
    assert total.sent == 0
    away.dispose()

"""Set-up shared by the SMS tests: a delivery world (teams, windows, stock) and a sender
pointed at the loopback gateway."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from desk_app.db import Database
from desk_app.models import SmsMessage
from desk_app.services.notify.providers import HttpJsonProvider, NetgsmProvider
from desk_app.services.notify.sender import Sender
from desk_app.services.uow import read_only
from desk_app.settings import SmsSettings

# Never quiet (start == end), no pacing, quick retries.
FAST = SmsSettings(
    provider="http-json",
    quiet_start="00:00",
    quiet_end="00:00",
    per_minute=0,
    retry_base_seconds=0,
    max_attempts=3,
    timeout_seconds=2.0,
)


def http_sender(
    db: Database,
    url: str,
    *,
    clock: Callable[[], datetime] | None = None,
    worker: str = "test-sender",
    **changes: object,
) -> Sender:
    config = replace(FAST, url=url, token="gizli-jeton-123", **changes)  # type: ignore[arg-type]
    sender = Sender(
        db=db, config=config, provider=HttpJsonProvider(url, config.token, 2.0), worker_id=worker
    )
    if clock is not None:
        sender.clock = clock
    return sender


def netgsm_sender(db: Database, base: str) -> Sender:
    config = replace(
        FAST,
        provider="netgsm",
        username="8503000000",
        password="ng-parola",
        header="CORUMBLD",
        api_base=base,
    )
    provider = NetgsmProvider("8503000000", "ng-parola", "CORUMBLD", base, 2.0)
    return Sender(db=db, config=config, provider=provider, worker_id="netgsm-test")


def messages(db: Database) -> list[SmsMessage]:
    with read_only(db) as s:
        return list(s.scalars(select(SmsMessage).order_by(SmsMessage.id)))

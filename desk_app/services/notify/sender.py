"""The sender behind ``desk-app notify run``: claims queued messages, hands them to the provider,
records the answer.

A message goes QUEUED -> SENDING in one statement that claims a batch (``UPDATE … WHERE id IN
(SELECT … FOR UPDATE SKIP LOCKED) RETURNING``; on SQLite the same UPDATE under the write lock
that ``BEGIN IMMEDIATE`` takes), so two senders never hold the same message. After the
provider's answer the result is written by one UPDATE in its own transaction: the only moment
where a crash sends a message twice is between the provider's answer and that statement. A
message whose sender died stays SENDING until ``lease_seconds`` have passed, then it is queued
again (that retry is the one possible duplicate; the ``http-json`` gateway gets the same ``id``
and can drop it).

Timeouts, 5xx and the provider's "try later" answers are retried with back-off (``retry_base``,
doubling, at most an hour) up to ``max_attempts`` tries, then FAILED with the last reason; a
refusal (4xx) is FAILED at once. Nothing is sent in quiet hours (local time), and at most
``per_minute`` messages a minute. Queued messages of a person who chose "SMS istemiyor" are
cancelled; demo messages go only to a provider on this machine, else they are cancelled.
"""

from __future__ import annotations

import logging
import os
import socket
import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, exists, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.clock import LOCAL_TZ, local_date
from desk_app.domain.errors import ValidationError
from desk_app.domain.states import Role
from desk_app.models import Citizen, Delivery, Request, SmsMessage, utcnow
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.notify.outbox import (
    CANCELLED,
    DELIVERED,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
)
from desk_app.services.notify.providers import Provider, SendResult
from desk_app.services.notify.templates import Kind
from desk_app.services.requests.common import EVENT_INFORMED, add_event
from desk_app.settings import SmsSettings

log = logging.getLogger(__name__)
SENDER_ACTOR = Actor(user_id=None, username="sms-gonderici", role=Role.ADMIN, full_name="SMS")
OPTED_OUT = "Vatandaş SMS istemiyor."
DEMO_NOT_SENT = "Örnek veri: gerçek sağlayıcıya gönderilmedi."
NO_PROVIDER = "SMS sağlayıcısı kapalı ([sms] provider = off)."
OUTDATED = "Teslimat iptal edildi, yapıldı veya başka güne taşındı; mesaj gönderilmedi."
TOO_LATE = "Teslim günü geldi; hatırlatma artık gönderilmedi."
MAX_BACKOFF = timedelta(hours=1)


@dataclass
class RunStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    queued: int = 0
    cancelled: int = 0
    delivered: int = 0
    quiet: bool = False

    def to_dict(self) -> dict[str, int]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "retried": self.retried,
            "queued": self.queued,
        }


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    phone_e164: str
    text: str
    attempts: int
    demo: bool


def parse_clock(value: str, name: str) -> time:
    try:
        hour, minute = value.strip().split(":")
        return time(int(hour), int(minute))
    except ValueError as exc:
        raise ValidationError(
            f"[sms] {name} saati SS:DD biçiminde olmalı (ör. 21:00); {value!r} verildi.", name
        ) from exc


def in_quiet_hours(now: datetime, start: time, end: time) -> bool:
    """``now`` (aware) falls in the local quiet window [start, end), which may wrap midnight."""
    local = now.astimezone(LOCAL_TZ).time()
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def backoff(attempts: int, base_seconds: int) -> timedelta:
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


@dataclass
class Sender:
    db: Database
    config: SmsSettings
    provider: Provider | None
    worker_id: str = field(default_factory=default_worker_id)
    clock: Callable[[], datetime] = utcnow
    sleep: Callable[[float], None] = _time.sleep
    batch: int = 10
    _last_send: float = 0.0
    _last_report: float | None = None

    # -- housekeeping -------------------------------------------------------------------
    def recover(self, now: datetime) -> int:
        """Queue again the messages of a sender that died mid-way (lease expired)."""
        cutoff = now - timedelta(seconds=self.config.lease_seconds)
        with self.db.engine.begin() as conn:
            result = conn.execute(
                update(SmsMessage)
                .where(SmsMessage.status == SENDING, SmsMessage.claimed_at <= cutoff)
                .values(status=QUEUED, claimed_by=None, next_attempt_at=now)
            )
            return int(result.rowcount or 0)

    def cancel_unsendable(self, now: datetime) -> int:
        opted_out = select(Citizen.id).where(Citizen.sms_opt_out.is_(True))
        cancelled = 0
        with self.db.engine.begin() as conn:
            cancelled += int(
                conn.execute(
                    update(SmsMessage)
                    .where(SmsMessage.status == QUEUED, SmsMessage.citizen_id.in_(opted_out))
                    .values(status=CANCELLED, last_error=OPTED_OUT, finished_at=now)
                ).rowcount
                or 0
            )
            # A booking message or reminder whose delivery was cancelled, done or moved to
            # another day would tell the family something no longer true.
            current = exists().where(
                Delivery.id == SmsMessage.delivery_id,
                Delivery.status == "BOOKED",
                Delivery.scheduled_date == SmsMessage.about_date,
            )
            cancelled += int(
                conn.execute(
                    update(SmsMessage)
                    .where(
                        SmsMessage.status == QUEUED,
                        SmsMessage.kind.in_((Kind.BOOKED.value, Kind.REMINDER.value)),
                        SmsMessage.delivery_id.is_not(None),
                        ~current,
                    )
                    .values(status=CANCELLED, last_error=OUTDATED, finished_at=now)
                ).rowcount
                or 0
            )
            # "Yarın" is wrong once the day has come.
            cancelled += int(
                conn.execute(
                    update(SmsMessage)
                    .where(
                        SmsMessage.status == QUEUED,
                        SmsMessage.kind == Kind.REMINDER.value,
                        SmsMessage.about_date <= local_date(now),
                    )
                    .values(status=CANCELLED, last_error=TOO_LATE, finished_at=now)
                ).rowcount
                or 0
            )
            if self.provider is not None and not self.provider.is_local():
                cancelled += int(
                    conn.execute(
                        update(SmsMessage)
                        .where(SmsMessage.status == QUEUED, SmsMessage.demo.is_(True))
                        .values(status=CANCELLED, last_error=DEMO_NOT_SENT, finished_at=now)
                    ).rowcount
                    or 0
                )
        return cancelled

    def queued_count(self) -> int:
        with self.db.engine.connect() as conn:
            return int(
                conn.scalar(
                    select(func.count()).select_from(SmsMessage).where(SmsMessage.status == QUEUED)
                )
                or 0
            )

    # -- claim, send, record ------------------------------------------------------------
    def claim(self, now: datetime, limit: int) -> list[Claimed]:
        due = (
            select(SmsMessage.id)
            .where(SmsMessage.status == QUEUED, SmsMessage.next_attempt_at <= now)
            .order_by(SmsMessage.id)
            .limit(limit)
        )
        if self.db.is_postgres:
            due = due.with_for_update(skip_locked=True)
        statement = (
            update(SmsMessage)
            .where(SmsMessage.id.in_(due.scalar_subquery()))
            .values(
                status=SENDING,
                claimed_by=self.worker_id,
                claimed_at=now,
                attempts=SmsMessage.attempts + 1,
            )
            .returning(
                SmsMessage.id,
                SmsMessage.key,
                SmsMessage.phone_e164,
                SmsMessage.text,
                SmsMessage.attempts,
                SmsMessage.demo,
            )
        )
        with self.db.engine.begin() as conn:
            rows = conn.execute(statement).all()
        return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)

    def _mine(self, message_id: int) -> ColumnElement[bool]:
        return and_(
            SmsMessage.id == message_id,
            SmsMessage.status == SENDING,
            SmsMessage.claimed_by == self.worker_id,
        )

    def record(self, claimed: Claimed, result: SendResult, now: datetime) -> str:
        """Write the provider's answer: one UPDATE in its own transaction."""
        provider = self.provider.name if self.provider else None
        if result.outcome == "sent":
            values: dict[str, object] = {
                "status": SENT,
                "provider": provider,
                "provider_ref": result.provider_ref,
                "sent_at": now,
                "last_error": None,
            }
            outcome = "sent"
        elif result.outcome == "retry" and claimed.attempts < self.config.max_attempts:
            values = {
                "status": QUEUED,
                "claimed_by": None,
                "last_error": result.reason,
                "next_attempt_at": now + backoff(claimed.attempts, self.config.retry_base_seconds),
            }
            outcome = "retried"
        else:
            reason = result.reason
            if result.outcome == "retry":
                reason = f"{claimed.attempts} denemede gönderilemedi; son hata: {reason}"
            values = {
                "status": FAILED,
                "provider": provider,
                "last_error": reason,
                "finished_at": now,
            }
            outcome = "failed"
        with self.db.engine.begin() as conn:
            conn.execute(update(SmsMessage).where(self._mine(claimed.id)).values(**values))
        return outcome

    def _pace(self) -> None:
        if self.config.per_minute <= 0:
            return
        gap = 60.0 / self.config.per_minute
        wait = self._last_send + gap - _time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last_send = _time.monotonic()

    def send_one(self, claimed: Claimed) -> str:
        assert self.provider is not None
        if claimed.demo and not self.provider.is_local():
            with self.db.engine.begin() as conn:
                conn.execute(
                    update(SmsMessage)
                    .where(self._mine(claimed.id))
                    .values(status=CANCELLED, last_error=DEMO_NOT_SENT, finished_at=self.clock())
                )
            return "cancelled"
        self._pace()
        result = self.provider.send(claimed.key, claimed.phone_e164, claimed.text)
        return self.record(claimed, result, self.clock())

    def run_once(self) -> RunStats:
        """Send every message that is due now (one pass of the worker)."""
        stats = RunStats()
        now = self.clock()
        self.recover(now)
        stats.cancelled += self.cancel_unsendable(now)
        quiet = in_quiet_hours(
            now,
            parse_clock(self.config.quiet_start, "quiet_start"),
            parse_clock(self.config.quiet_end, "quiet_end"),
        )
        if self.provider is None or quiet:
            stats.quiet = quiet
            stats.queued = self.queued_count()
            return stats
        while True:
            claimed = self.claim(self.clock(), max(1, min(self.batch, self.config.per_minute)))
            if not claimed:
                break
            for message in claimed:
                outcome = self.send_one(message)
                if outcome == "sent":
                    stats.sent += 1
                elif outcome == "retried":
                    stats.retried += 1
                elif outcome == "failed":
                    stats.failed += 1
                else:
                    stats.cancelled += 1
        due = self._last_report is None or (
            _time.monotonic() - self._last_report >= self.config.report_poll_minutes * 60
        )
        if due:  # Netgsm answers at most ten report queries a minute
            self._last_report = _time.monotonic()
            stats.delivered = self.poll_reports()
        stats.queued = self.queued_count()
        return stats

    def run_forever(self, should_stop: Callable[[], bool]) -> RunStats:
        total = RunStats()
        while not should_stop():
            try:
                stats = self.run_once()
            except (DBAPIError, OSError) as exc:
                # The database is restarting or away: nothing was lost (a claimed message is
                # sent again after its lease); try again at the next poll.
                log.warning("SMS sender: database unavailable (%s)", type(exc).__name__)
                stats = RunStats()
            total.sent += stats.sent
            total.failed += stats.failed
            total.retried += stats.retried
            total.cancelled += stats.cancelled
            total.delivered += stats.delivered
            total.queued = stats.queued
            waited = 0.0
            while waited < self.config.poll_seconds and not should_stop():
                self.sleep(0.5)
                waited += 0.5
        return total

    # -- delivery reports ----------------------------------------------------------------
    def poll_reports(self) -> int:
        """Ask the provider about sent messages; a delivered answer SMS records on the
        request's timeline that the citizen was informed (``bilgilendirildi (SMS)``)."""
        if self.provider is None:
            return 0
        since = self.clock() - timedelta(days=3)
        with self.db.engine.connect() as conn:
            refs = {
                str(ref): int(mid)
                for mid, ref in conn.execute(
                    select(SmsMessage.id, SmsMessage.provider_ref)
                    .where(
                        SmsMessage.status == SENT,
                        SmsMessage.provider == self.provider.name,
                        SmsMessage.provider_ref.is_not(None),
                        SmsMessage.sent_at >= since,
                    )
                    .limit(500)
                )
            }
        if not refs:
            return 0
        answers = self.provider.reports(list(refs))
        delivered = 0
        for ref, state in answers.items():
            message_id = refs.get(ref)
            if message_id is not None:
                delivered += self._apply_report(message_id, state)
        return delivered

    def _apply_report(self, message_id: int, state: str) -> int:
        now = self.clock()
        with self.db.session() as session:
            message = session.get(SmsMessage, message_id, with_for_update=True)
            if message is None or message.status != SENT:
                return 0
            if state != DELIVERED:
                message.last_error = "Sağlayıcı: mesaj telefona ulaşmadı."
                message.status = FAILED
                message.finished_at = now
                session.commit()
                return 0
            message.status = DELIVERED
            message.delivered_at = now
            message.finished_at = now
            if message.kind == Kind.ANSWERED.value and message.request_id is not None:
                _mark_informed(session, message.request_id, now)
            session.commit()
            return 1


def _mark_informed(session: Session, request_id: int, at: datetime) -> None:
    req = session.get(Request, request_id, with_for_update=True)
    if req is None or req.answered_at is None:
        return
    add_event(
        session,
        req,
        SENDER_ACTOR,
        EVENT_INFORMED,
        at,
        text="bilgilendirildi (SMS)",
        informed_via="sms",
    )
    if req.informed_at is None or req.informed_at < req.answered_at:
        req.informed_at = at
        req.informed_via = "sms"
    req.updated_at = at
    audit.record(
        session,
        SENDER_ACTOR,
        "request.informed",
        "request",
        req.id,
        new={"informed_via": "sms", "informed_at": at},
        subject_citizen_id=req.citizen_id,
    )

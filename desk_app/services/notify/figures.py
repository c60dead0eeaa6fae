"""Do the reminders pay off? Home deliveries of a period with an outcome, split by whether the
family got the day-before reminder (sent or delivered before the visit), and how many of each
failed (not home, wrong address, refused, other)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Exists, Label, and_, exists, func, select
from sqlalchemy.orm import Session

from desk_app.domain.states import DeliveryKind
from desk_app.models import Delivery, SmsMessage
from desk_app.services.notify.outbox import DELIVERED, SENT
from desk_app.services.notify.templates import Kind


@dataclass(frozen=True)
class ReminderFigures:
    reminded: int
    reminded_failed: int
    not_reminded: int
    not_reminded_failed: int

    @staticmethod
    def _rate(failed: int, total: int) -> float | None:
        return round(100.0 * failed / total, 1) if total else None

    @property
    def reminded_rate(self) -> float | None:
        """Failed visits per hundred reminded home deliveries (None: none reminded)."""
        return self._rate(self.reminded_failed, self.reminded)

    @property
    def not_reminded_rate(self) -> float | None:
        return self._rate(self.not_reminded_failed, self.not_reminded)

    def to_dict(self) -> dict[str, object]:
        return {
            "reminded": self.reminded,
            "reminded_failed": self.reminded_failed,
            "reminded_failed_percent": self.reminded_rate,
            "not_reminded": self.not_reminded,
            "not_reminded_failed": self.not_reminded_failed,
            "not_reminded_failed_percent": self.not_reminded_rate,
        }


def _reminded() -> Exists:
    return exists().where(
        and_(
            SmsMessage.delivery_id == Delivery.id,
            SmsMessage.kind == Kind.REMINDER.value,
            SmsMessage.status.in_((SENT, DELIVERED)),
        )
    )


def reminded_column() -> Label[bool]:
    """For a select over Delivery: did the family get the day-before reminder?"""
    return _reminded().label("reminded")


def reminder_figures(session: Session, start: date, end: date) -> ReminderFigures:
    """Home deliveries scheduled in [start, end] that have an outcome (DONE or FAILED)."""
    reminded = _reminded()
    rows = session.execute(
        select(reminded.label("reminded"), Delivery.status, func.count())
        .where(
            Delivery.kind == DeliveryKind.HOME.value,
            Delivery.status.in_(("DONE", "FAILED")),
            Delivery.scheduled_date >= start,
            Delivery.scheduled_date <= end,
        )
        .group_by(reminded, Delivery.status)
    ).all()
    counts = {(bool(r), str(status)): int(n) for r, status, n in rows}
    return ReminderFigures(
        reminded=counts.get((True, "DONE"), 0) + counts.get((True, "FAILED"), 0),
        reminded_failed=counts.get((True, "FAILED"), 0),
        not_reminded=counts.get((False, "DONE"), 0) + counts.get((False, "FAILED"), 0),
        not_reminded_failed=counts.get((False, "FAILED"), 0),
    )

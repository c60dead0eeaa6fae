"""The supervisor's summary of a period: requests by channel (the table Çorum publishes), by
directorate and status, overdue ones, answer times, citizens informed within 48 hours, the
baby-set pipeline, deliveries per team per week, stock on hand.

Everything is counted in SQL with GROUP BY over indexed columns; what comes back is a few
hundred rows whatever the size of the database. Medians are taken from histograms the
database builds (answer times in tenths of a day), so no per-request row is ever fetched.
Periods are local days (UTC+3): a request belongs to the day it was recorded at the desk.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desk_app.db import Database
from desk_app.domain.clock import LOCAL_TZ, local_today
from desk_app.domain.errors import ValidationError
from desk_app.domain.states import (
    APPLICATION_STATUS_LABELS,
    REQUEST_STATUS_LABELS,
    ApplicationStatus,
    DeliveryKind,
    DeliveryOutcome,
    RequestStatus,
)
from desk_app.domain.text import sort_key
from desk_app.models import (
    BabySetApplication,
    Channel,
    Delivery,
    DeliveryAttempt,
    Directorate,
    Request,
    Team,
    TeamDay,
    utcnow,
)
from desk_app.services.admin.settings import get_value
from desk_app.services.context import Actor
from desk_app.services.delivery.common import DONE, MONTH_NAMES
from desk_app.services.delivery.setup import stock_status
from desk_app.services.notify.figures import ReminderFigures, reminder_figures
from desk_app.services.permissions import Action, require
from desk_app.services.requests.common import OPEN_STATUSES
from desk_app.services.uow import read_only

PeriodKind = Literal["week", "month", "year", "custom"]
MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year} yılı"
        if self.kind == "month":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def make_period(
    kind: PeriodKind,
    today: date | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    year: int | None = None,
) -> Period:
    """This week (Monday–Sunday), this month, a year (``year`` or this one) or a custom range."""
    today = today or local_today()
    if kind == "week":
        monday = today - timedelta(days=today.weekday())
        return Period("week", monday, monday + timedelta(days=6))
    if kind == "month":
        first = today.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return Period("month", first, following - timedelta(days=1))
    if kind == "year":
        y = year or today.year
        return Period("year", date(y, 1, 1), date(y, 12, 31))
    if start is None or end is None:
        raise ValidationError("Özel dönem için başlangıç ve bitiş günü seçin.", "donem")
    if end < start:
        raise ValidationError("Bitiş günü başlangıç gününden önce olamaz.", "bitis")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationError("Özet en fazla üç yıllık bir dönem için alınabilir.", "bitis")
    return Period("custom", start, end)


# --- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelFigure:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class RequestFigures:
    """Requests recorded in the period (one directorate's, or all)."""

    total: int
    by_status: dict[str, int]
    open: int
    overdue: int  # still open and past the due date today
    answered: int  # with a written answer
    median_answer_days: float | None  # recorded -> written answer
    informed_measured: int  # answers with a citizen to inform, informed or past 48 hours
    informed_in_time: int  # of those, informed within the limit (48 hours)

    @property
    def informed_share(self) -> float | None:
        if not self.informed_measured:
            return None
        return self.informed_in_time / self.informed_measured


@dataclass(frozen=True)
class DirectorateFigure:
    id: int | None
    name: str
    figures: RequestFigures


@dataclass(frozen=True)
class MonthFigure:
    month: date  # the first day
    counts: dict[str, int]  # channel code -> requests recorded that month

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month.month - 1][:3]} {self.month.year}"


@dataclass(frozen=True)
class Pipeline:
    """Hoş Geldin Bebek: the applications received in the period by their state now, and what
    happened in the period (sets handed over, failed visits, desk pickups)."""

    applied: int
    by_status: dict[str, int]  # every ApplicationStatus value
    delivered_in_period: int  # sets handed over in the period (any application date)
    home_deliveries: int
    desk_pickups: int
    failed_attempts: int
    median_days_to_delivery: float | None  # application day -> hand-over, for those handed over

    @property
    def approved_total(self) -> int:
        """Approved at some point and not cancelled: waiting, booked or delivered."""
        return sum(
            self.by_status.get(s.value, 0)
            for s in (
                ApplicationStatus.APPROVED,
                ApplicationStatus.SCHEDULED,
                ApplicationStatus.DELIVERED,
            )
        )


@dataclass(frozen=True)
class TeamWeek:
    week_start: date
    counts: dict[str, int]  # team name -> sets handed over at home that week


@dataclass(frozen=True)
class Summary:
    period: Period
    generated_at: datetime
    today: date
    channels: tuple[ChannelFigure, ...]
    requests: RequestFigures
    directorates: tuple[DirectorateFigure, ...]
    months: tuple[MonthFigure, ...]
    pipeline: Pipeline
    team_names: tuple[str, ...]
    team_weeks: tuple[TeamWeek, ...]
    stock_on_hand: int
    stock_booked: int
    stock_warning: str | None
    inform_within_hours: int
    extra: dict[str, Any] = field(default_factory=dict)
    # Failed home visits with and without the day-before SMS reminder (services/notify).
    reminders: ReminderFigures | None = None

    def to_dict(self) -> dict[str, Any]:
        """The figures for scripts: channels keyed by channel code, the baby-set pipeline by
        application state (``--json`` of ``desk-app report``)."""
        r = self.requests
        p = self.pipeline
        return {
            "period": {
                "kind": self.period.kind,
                "from": self.period.start.isoformat(),
                "to": self.period.end.isoformat(),
                "label": self.period.label,
            },
            "generated_at": self.generated_at.isoformat(),
            "channels": {c.code: c.count for c in self.channels},
            "requests": {
                "total": r.total,
                "by_status": r.by_status,
                "open": r.open,
                "overdue": r.overdue,
                "answered": r.answered,
                "median_answer_days": r.median_answer_days,
                "informed_within_hours": self.inform_within_hours,
                "informed_in_time": r.informed_in_time,
                "informed_measured": r.informed_measured,
                "informed_share": r.informed_share,
            },
            "directorates": [
                {
                    "id": d.id,
                    "name": d.name,
                    "total": d.figures.total,
                    "by_status": d.figures.by_status,
                    "overdue": d.figures.overdue,
                    "median_answer_days": d.figures.median_answer_days,
                    "informed_share": d.figures.informed_share,
                }
                for d in self.directorates
            ],
            "months": [
                {"month": m.month.isoformat()[:7], "channels": m.counts} for m in self.months
            ],
            "baby_sets": {
                "applied": p.applied,
                **p.by_status,
                "approved_total": p.approved_total,
                "delivered_in_period": p.delivered_in_period,
                "home_deliveries": p.home_deliveries,
                "desk_pickups": p.desk_pickups,
                "failed_attempts": p.failed_attempts,
                "median_days_to_delivery": p.median_days_to_delivery,
            },
            "teams": {
                "names": list(self.team_names),
                "weeks": [
                    {"week": w.week_start.isoformat(), "delivered": w.counts}
                    for w in self.team_weeks
                ],
            },
            "stock": {
                "on_hand": self.stock_on_hand,
                "booked": self.stock_booked,
                "warning": self.stock_warning,
            },
            "reminders": self.reminders.to_dict() if self.reminders else None,
        }


# --- SQL helpers per dialect ------------------------------------------------------------------


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime(period.start.year, period.start.month, period.start.day, tzinfo=LOCAL_TZ)
    end = period.end + timedelta(days=1)
    return start, datetime(end.year, end.month, end.day, tzinfo=LOCAL_TZ)


def _months(period: Period) -> list[tuple[date, date]]:
    """The calendar months of a period, cut to the period: (first day, last day) each."""
    out = []
    first = period.start
    while first <= period.end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        out.append((first, min(period.end, following - timedelta(days=1))))
        first = following
    return out


def _median_from_histogram(histogram: dict[int, int]) -> float | None:
    """Median of values given as {tenths of a day: count}; in days, one decimal."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > n:
                return value
        return ordered[-1][0]

    if total % 2:
        tenths: float = nth(total // 2)
    else:
        tenths = (nth(total // 2 - 1) + nth(total // 2)) / 2
    return round(max(tenths, 0) / 10, 1)


# --- the queries --------------------------------------------------------------------------------


def _directorate_counts(
    session: Session, in_period: ColumnElement[bool], today: date, now: datetime, hours: int
) -> dict[int | None, dict[str, Any]]:
    """Per directorate: requests by status, overdue, answered, and answers passed on in time."""
    is_open = Request.status.in_(OPEN_STATUSES)
    overdue = and_(is_open, Request.due_date < today)
    answered = Request.answered_at.is_not(None)
    informable = and_(answered, Request.citizen_id.is_not(None))
    in_time = and_(informable, Request.inform_seconds <= hours * 3600)
    # Answers still inside their window and not yet passed on are not counted either way.
    measured = and_(
        informable,
        (Request.inform_seconds.is_not(None))
        | (Request.answered_at < now - timedelta(hours=hours)),
    )

    def as_int(condition: ColumnElement[bool]) -> Any:
        return func.sum(case((condition, 1), else_=0))

    stmt = (
        select(
            Request.directorate_id,
            Request.status,
            func.count(),
            as_int(overdue),
            as_int(answered),
            as_int(measured),
            as_int(in_time),
        )
        .where(in_period)
        .group_by(Request.directorate_id, Request.status)
    )
    per_dir: dict[int | None, dict[str, Any]] = defaultdict(
        lambda: {"by_status": {}, "overdue": 0, "answered": 0, "measured": 0, "in_time": 0}
    )
    for directorate_id, status, n, n_overdue, n_answered, n_measured, n_in_time in session.execute(
        stmt
    ):
        d = per_dir[directorate_id]
        d["by_status"][status] = d["by_status"].get(status, 0) + int(n)
        d["overdue"] += int(n_overdue or 0)
        d["answered"] += int(n_answered or 0)
        d["measured"] += int(n_measured or 0)
        d["in_time"] += int(n_in_time or 0)
    return per_dir


def _answer_histograms(
    session: Session, in_period: ColumnElement[bool]
) -> dict[int | None, dict[int, int]]:
    """Per directorate: days to the written answer as {tenths of a day: count}."""
    histograms: dict[int | None, dict[int, int]] = defaultdict(dict)
    tenths = Request.answer_seconds // 8640  # tenths of a day
    for directorate_id, bucket, n in session.execute(
        select(Request.directorate_id, tenths, func.count())
        .where(in_period, Request.answer_seconds.is_not(None))
        .group_by(Request.directorate_id, tenths)
    ):
        histogram = histograms[directorate_id]
        histogram[int(bucket or 0)] = histogram.get(int(bucket or 0), 0) + int(n)
    return histograms


def _figures(d: dict[str, Any], histogram: dict[int, int]) -> RequestFigures:
    by_status = {s.value: d["by_status"].get(s.value, 0) for s in RequestStatus}
    return RequestFigures(
        total=sum(by_status.values()),
        by_status=by_status,
        open=sum(by_status[s] for s in OPEN_STATUSES),
        overdue=d["overdue"],
        answered=d["answered"],
        median_answer_days=_median_from_histogram(histogram),
        informed_measured=d["measured"],
        informed_in_time=d["in_time"],
    )


def _directorate_figures(
    session: Session,
    per_dir: dict[int | None, dict[str, Any]],
    histograms: dict[int | None, dict[int, int]],
) -> list[DirectorateFigure]:
    names = {i: n for i, n in session.execute(select(Directorate.id, Directorate.name))}
    directorates = [
        DirectorateFigure(
            i,
            names.get(i, "(yönlendirilmemiş)") if i else "(yönlendirilmemiş)",
            _figures(d, histograms.get(i, {})),
        )
        for i, d in per_dir.items()
    ]
    directorates.sort(key=lambda d: (-d.figures.total, sort_key(d.name)))
    return directorates


def _overall_figures(
    per_dir: dict[int | None, dict[str, Any]], histograms: dict[int | None, dict[int, int]]
) -> RequestFigures:
    """All directorates together."""
    overall: dict[str, Any] = {
        "by_status": {},
        "overdue": 0,
        "answered": 0,
        "measured": 0,
        "in_time": 0,
    }
    for d in per_dir.values():
        for s, n in d["by_status"].items():
            overall["by_status"][s] = overall["by_status"].get(s, 0) + n
        for key in ("overdue", "answered", "measured", "in_time"):
            overall[key] += d[key]
    merged: dict[int, int] = defaultdict(int)
    for histogram in histograms.values():
        for bucket, n in histogram.items():
            merged[bucket] += n
    return _figures(overall, merged)


def _month_and_channel_figures(
    session: Session, period: Period
) -> tuple[list[ChannelFigure], list[MonthFigure]]:
    """Requests per calendar month and channel, and the period's total per channel."""
    channels_by_id = {
        c.id: c for c in session.scalars(select(Channel).order_by(Channel.sort_order, Channel.id))
    }
    # One small query a month: each counts an index range by channel, which is faster than
    # taking the month of every row apart.
    months: dict[date, dict[str, int]] = {}
    for month_start, month_end in _months(period):
        lo, hi = _bounds(Period("custom", month_start, month_end))
        counts = dict(
            session.execute(
                select(Request.channel_id, func.count())
                .where(Request.created_at >= lo, Request.created_at < hi)
                .group_by(Request.channel_id)
            ).all()
        )
        if counts:
            months[month_start.replace(day=1)] = {
                c.code: int(counts.get(c.id, 0)) for c in channels_by_id.values()
            }
    month_figures = [MonthFigure(m, months[m]) for m in sorted(months)]
    channels = [
        ChannelFigure(c.code, c.name, sum(m.counts.get(c.code, 0) for m in month_figures))
        for c in channels_by_id.values()
    ]
    return channels, month_figures


def _request_figures(
    session: Session, period: Period, today: date, now: datetime, hours: int
) -> tuple[RequestFigures, list[DirectorateFigure], list[ChannelFigure], list[MonthFigure]]:
    start, end = _bounds(period)
    in_period = and_(Request.created_at >= start, Request.created_at < end)
    per_dir = _directorate_counts(session, in_period, today, now, hours)
    histograms = _answer_histograms(session, in_period)
    directorates = _directorate_figures(session, per_dir, histograms)
    channels, month_figures = _month_and_channel_figures(session, period)
    return _overall_figures(per_dir, histograms), directorates, channels, month_figures


def _pipeline(session: Session, period: Period) -> Pipeline:
    start, end = _bounds(period)
    applied_in = and_(
        BabySetApplication.applied_at >= period.start, BabySetApplication.applied_at <= period.end
    )
    by_status = {s.value: 0 for s in ApplicationStatus}
    for status, n in session.execute(
        select(BabySetApplication.status, func.count())
        .where(applied_in)
        .group_by(BabySetApplication.status)
    ):
        by_status[status] = int(n)
    delivered_in = and_(
        BabySetApplication.delivered_at >= start, BabySetApplication.delivered_at < end
    )
    waits: dict[int, int] = defaultdict(int)
    for applied_at, delivered_at in session.execute(
        select(BabySetApplication.applied_at, BabySetApplication.delivered_at).where(delivered_in)
    ):
        if delivered_at is None:
            continue
        local = delivered_at.astimezone(LOCAL_TZ).date()
        waits[(local - applied_at).days * 10] += 1
    kinds = dict(
        session.execute(
            select(Delivery.kind, func.count())
            .where(
                Delivery.status == DONE,
                Delivery.scheduled_date >= period.start,
                Delivery.scheduled_date <= period.end,
            )
            .group_by(Delivery.kind)
        ).all()
    )
    failed = (
        session.scalar(
            select(func.count()).where(
                DeliveryAttempt.outcome != DeliveryOutcome.DELIVERED.value,
                DeliveryAttempt.at >= start,
                DeliveryAttempt.at < end,
            )
        )
        or 0
    )
    return Pipeline(
        applied=sum(by_status.values()),
        by_status=by_status,
        delivered_in_period=sum(waits.values()),
        home_deliveries=int(kinds.get(DeliveryKind.HOME, 0)),
        desk_pickups=int(kinds.get(DeliveryKind.PICKUP, 0)),
        failed_attempts=int(failed),
        median_days_to_delivery=_median_from_histogram(waits),
    )


def _team_weeks(session: Session, period: Period) -> tuple[tuple[str, ...], list[TeamWeek]]:
    stmt = (
        select(Delivery.scheduled_date, Team.name, func.count())
        .join(TeamDay, TeamDay.id == Delivery.team_day_id)
        .join(Team, Team.id == TeamDay.team_id)
        .where(
            Delivery.status == DONE,
            Delivery.kind == DeliveryKind.HOME.value,
            Delivery.scheduled_date >= period.start,
            Delivery.scheduled_date <= period.end,
        )
        .group_by(Delivery.scheduled_date, Team.name)
    )
    weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: set[str] = set()
    for day, team, n in session.execute(stmt):
        weeks[day - timedelta(days=day.weekday())][team] += int(n)
        names.add(team)
    ordered = tuple(sorted(names, key=sort_key))
    return ordered, [
        TeamWeek(week, {name: weeks[week].get(name, 0) for name in ordered})
        for week in sorted(weeks)
    ]


def summarize(
    db: Database,
    actor: Actor,
    period: Period,
    *,
    now: datetime | None = None,
) -> Summary:
    """Every figure of the summary page for ``period`` (supervisor and admin)."""
    require(actor, Action.VIEW_SUMMARY)
    now = now or utcnow()
    today = local_today(now)
    with read_only(db) as session:
        hours = int(get_value(session, "request.inform_within_hours"))
        requests, directorates, channels, months = _request_figures(
            session, period, today, now, hours
        )
        pipeline = _pipeline(session, period)
        team_names, team_weeks = _team_weeks(session, period)
        stock = stock_status(session)
        return Summary(
            period=period,
            generated_at=now,
            today=today,
            channels=tuple(channels),
            requests=requests,
            directorates=tuple(directorates),
            months=tuple(months),
            pipeline=pipeline,
            team_names=team_names,
            team_weeks=tuple(team_weeks),
            stock_on_hand=stock.on_hand,
            stock_booked=stock.booked_pending,
            stock_warning=stock.warning,
            inform_within_hours=hours,
            reminders=reminder_figures(session, period.start, period.end),
        )


REQUEST_STATUS_NAMES = {s.value: REQUEST_STATUS_LABELS[s] for s in RequestStatus}
APPLICATION_STATUS_NAMES = {s.value: APPLICATION_STATUS_LABELS[s] for s in ApplicationStatus}

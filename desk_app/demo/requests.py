"""Demo requests of every channel, with their timeline (forwarded, answer, informed, status)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from desk_app.demo import data, texts
from desk_app.demo.common import (
    Calendar,
    Tables,
    Users,
    WeightedChoice,
    at_local,
    day_range,
    hour_minutes,
    hourly,
)
from desk_app.demo.people import People, Person
from desk_app.domain.clock import local_date
from desk_app.domain.references import ReferenceKind, format_reference
from desk_app.domain.text import fold
from desk_app.models.request import timings

_OFFICE_HOURS = hourly({8: 2, 9: 8, 10: 10, 11: 10, 12: 5, 13: 6, 14: 9, 15: 9, 16: 7, 17: 2})
_EVENING_HOURS = hourly(
    {0: 1, 1: 0.5, 2: 0.3, 3: 0.2, 4: 0.2, 5: 0.3, 6: 0.8, 7: 2, 8: 4, 9: 6, 10: 7, 11: 7,
     12: 6, 13: 6, 14: 6, 15: 6, 16: 6, 17: 6, 18: 6, 19: 7, 20: 8, 21: 8, 22: 6, 23: 3}
)  # fmt: skip
_MESSAGE_HOURS = hourly(
    {0: 0.8, 1: 0.4, 2: 0.2, 3: 0.2, 4: 0.2, 5: 0.4, 6: 1, 7: 3, 8: 6, 9: 9, 10: 10, 11: 10,
     12: 8, 13: 8, 14: 8, 15: 8, 16: 8, 17: 8, 18: 7, 19: 8, 20: 8, 21: 6, 22: 4, 23: 2}
)  # fmt: skip
_CALL_HOURS = hourly(
    {0: 0.5, 1: 0.3, 2: 0.2, 3: 0.2, 4: 0.2, 5: 0.3, 6: 1, 7: 3, 8: 8, 9: 10, 10: 10, 11: 10,
     12: 8, 13: 8, 14: 9, 15: 9, 16: 8, 17: 7, 18: 5, 19: 4, 20: 3, 21: 2, 22: 1.5, 23: 1}
)  # fmt: skip
_FIELD_HOURS = hourly({9: 8, 10: 10, 11: 10, 12: 4, 13: 6, 14: 9, 15: 8, 16: 4})

_MILD_MONTHS = (0.9, 0.9, 1.0, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 1.0, 0.95, 0.9)
_SUMMER_MONTHS = (0.85, 0.85, 0.95, 1.0, 1.05, 1.15, 1.2, 1.15, 1.05, 1.0, 0.9, 0.85)
_OFFICE_WEEK = (1.25, 1.1, 1.0, 1.0, 0.9, 0.0, 0.0)


@dataclass(frozen=True)
class ChannelProfile:
    code: str
    full_year: int  # requests in a full year
    weekdays: tuple[float, ...]  # Monday..Sunday
    holiday: float
    months: tuple[float, ...]
    hours: WeightedChoice
    citizen_share: float
    office: bool  # typed in by a clerk at the desk (created_by, office hours)


# 153: 164,453 calls answered in 2025; most are information given on the phone. About one
# call in 18 (9,000 a year) becomes a request routed to a directorate. FIELD: field teams
# record about 2,400 findings a year (roughly 10 a working day).
CHANNELS: tuple[ChannelProfile, ...] = (
    ChannelProfile("DESK", 863, _OFFICE_WEEK, 0, _MILD_MONTHS, _OFFICE_HOURS, 1.0, True),
    ChannelProfile(
        "WEB", 1447, (1.2, 1.1, 1, 1, 0.9, 0.55, 0.6), 0.5, _MILD_MONTHS, _EVENING_HOURS, 0.96,
        False,
    ),
    ChannelProfile("CIMER", 1253, _OFFICE_WEEK, 0, _MILD_MONTHS, _OFFICE_HOURS, 1.0, True),
    ChannelProfile("ACIK_KAPI", 39, _OFFICE_WEEK, 0, _MILD_MONTHS, _OFFICE_HOURS, 1.0, True),
    ChannelProfile(
        "WHATSAPP", 13638, (1.15, 1.05, 1, 1, 1, 0.75, 0.7), 0.6, _SUMMER_MONTHS,
        _MESSAGE_HOURS, 0.72, False,
    ),
    ChannelProfile(
        "CALL_153", 9000, (1.2, 1.05, 1, 1, 0.95, 0.55, 0.45), 0.5, _MILD_MONTHS, _CALL_HOURS,
        0.75, False,
    ),
    ChannelProfile(
        "FIELD", 2400, (1, 1, 1, 1, 1, 0.08, 0), 0.05, _SUMMER_MONTHS, _FIELD_HOURS, 0.1, False
    ),
)  # fmt: skip

_INFORM_VIA: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "DESK": (("in_person", "phone", "sms"), (35, 45, 20)),
    "ACIK_KAPI": (("in_person", "phone", "letter"), (40, 40, 20)),
    "CIMER": (("letter", "phone"), (70, 30)),
    "WEB": (("sms", "phone", "letter"), (50, 40, 10)),
    "WHATSAPP": (("sms", "phone"), (60, 40)),
    "CALL_153": (("phone", "sms"), (70, 30)),
    "FIELD": (("phone",), (1,)),
}
_VIA_TEXT = {
    "in_person": "Vatandaşa masada yüz yüze bilgi verildi.",
    "phone": "Vatandaş telefonla arandı ve bilgilendirildi.",
    "sms": "Vatandaşa SMS ile bilgi gönderildi.",
    "letter": "Vatandaşa yazılı cevap gönderildi.",
}


@dataclass(frozen=True)
class CategoryRef:
    id: int
    name: str
    directorate_id: int | None
    due_days: int


@dataclass
class RequestPlan:
    at: datetime
    channel: str
    category: CategoryRef
    has_citizen: bool
    person: Person | None = None
    quick: bool = False  # a 153 call answered on the phone at once (multi-year load)


def due_date(start: date, days: int) -> date:
    """``days`` calendar days after ``start``, a weekend moved to the Monday: the rule of
    ``services.requests.add_due_days`` (kept in step with it)."""
    due = start + timedelta(days=days)
    if due.weekday() >= 5:
        due += timedelta(days=7 - due.weekday())
    return due


def day_weights(profile: ChannelProfile, days: list[date], calendar: Calendar) -> list[float]:
    return [
        profile.weekdays[d.weekday()]
        * profile.months[d.month - 1]
        * (profile.holiday if calendar.is_holiday(d) else 1.0)
        for d in days
    ]


def plan_requests(
    rng: random.Random,
    year: int,
    calendar: Calendar,
    categories: list[CategoryRef],
    until: date,
    *,
    volumes: dict[str, int] | None = None,
    quick_calls: int = 0,
) -> list[RequestPlan]:
    """Requests created before ``until`` in ``year``, sorted by time. A full year gives
    exactly ``full_year`` per channel (or ``volumes[code]``), plus ``quick_calls`` 153 calls
    answered on the phone; a running year the share of its days passed."""
    days = day_range(date(year, 1, 1), date(year, 12, 31))
    by_name = {c.name: c for c in categories}
    plans: list[RequestPlan] = []
    for profile in CHANNELS:
        weights = day_weights(profile, days, calendar)
        passed = [w if d < until else 0.0 for d, w in zip(days, weights, strict=True)]
        full_year = profile.full_year if volumes is None else volumes.get(profile.code, 0)
        count = round(full_year * sum(passed) / sum(weights))
        if count == 0:
            continue
        day_choice = WeightedChoice(days, passed)
        column = data.WEIGHT_CHANNELS.index("DESK" if profile.code == "ACIK_KAPI" else profile.code)
        per_month: list[WeightedChoice] = []
        for month in range(12):
            names = [n for n in data.CATEGORY_WEIGHTS if n in by_name]
            per_month.append(
                WeightedChoice(
                    [by_name[n] for n in names],
                    [
                        data.CATEGORY_WEIGHTS[n][1][column]
                        * data.SEASONS[data.CATEGORY_WEIGHTS[n][0]][month]
                        for n in names
                    ],
                )
            )
        for _ in range(count):
            day: date = day_choice.draw(rng)
            minutes = hour_minutes(rng, profile.hours)
            if profile.office:
                minutes = min(max(minutes, 8 * 60 + 32), 17 * 60 + 25)
            plans.append(
                RequestPlan(
                    at=at_local(day, minutes),
                    channel=profile.code,
                    category=per_month[day.month - 1].draw(rng),
                    has_citizen=rng.random() < profile.citizen_share,
                )
            )
    if quick_calls:
        plans += _plan_quick_calls(rng, days, calendar, by_name, until, quick_calls)
    plans.sort(key=lambda p: p.at)
    return plans


def _plan_quick_calls(
    rng: random.Random,
    days: list[date],
    calendar: Calendar,
    by_name: dict[str, CategoryRef],
    until: date,
    full_year: int,
) -> list[RequestPlan]:
    """153 calls answered on the phone (bills, timetables, outages, opening hours)."""
    profile = next(p for p in CHANNELS if p.code == "CALL_153")
    weights = day_weights(profile, days, calendar)
    passed = [w if d < until else 0.0 for d, w in zip(days, weights, strict=True)]
    count = round(full_year * sum(passed) / sum(weights))
    if count == 0:
        return []
    names = [n for n in texts.QUICK_CALL_WEIGHTS if n in by_name]
    if not names:
        return []
    category = WeightedChoice(
        [by_name[n] for n in names], [texts.QUICK_CALL_WEIGHTS[n] for n in names]
    )
    day_choice = WeightedChoice(days, passed)
    hours = profile.hours
    share = profile.citizen_share
    random_ = rng.random
    return [
        RequestPlan(
            at=at_local(day_choice.draw(rng), hour_minutes(rng, hours)),
            channel="CALL_153",
            category=category.draw(rng),
            has_citizen=random_() < share,
            quick=True,
        )
        for _ in range(count)
    ]


def assign_requester(rng: random.Random, plan: RequestPlan, people: People, users: Users) -> None:
    """Give the request its citizen: a repeat requester now and then, else a new one."""
    if not plan.has_citizen:
        return
    if people.requesters and rng.random() < people.repeat_share:
        plan.person = people.requesters[rng.randrange(len(people.requesters))]
        return
    office = plan.channel in ("DESK", "ACIK_KAPI", "CIMER")
    person = people.new(
        plan.at,
        female=rng.random() < 0.45,
        created_by=users.clerk(rng) if office else None,
        tc_share=0.95 if office else 0.8,
        phone_share=0.97 if plan.channel in ("WHATSAPP", "CALL_153") else 0.93,
        may_move=True,
    )
    people.requesters.append(person)
    plan.person = person


class RequestWriter:
    """Turns plans into request rows and event rows, cut at ``now``."""

    def __init__(
        self,
        rng: random.Random,
        tables: Tables,
        calendar: Calendar,
        users: Users,
        people: People,
        channel_ids: dict[str, int],
        directorate_names: dict[int, str],
        year: int,
        now: datetime,
        first_number: int,
    ) -> None:
        self.rng = rng
        self.tables = tables
        self.calendar = calendar
        self.users = users
        self.people = people
        self.channel_ids = channel_ids
        self.directorate_names = directorate_names
        self.year = year
        self.now = now
        self.number = first_number - 1
        self.via = {k: WeightedChoice(v[0], v[1]) for k, v in _INFORM_VIA.items()}

    def write(self, plan: RequestPlan) -> None:
        rng = self.rng
        self.number += 1
        if plan.quick:
            self._write_quick(plan)
            return
        cat = plan.category
        subjects, descriptions, answers = texts.REQUEST_TEXTS.get(
            cat.name, texts.REQUEST_TEXTS["Bilgi edinme ve genel talep"]
        )
        person = plan.person
        if person is not None and person.mahalle_id is not None:
            place = {"mahalle": person.mahalle, "sokak": person.street, "no": person.building}
        else:
            place = {
                "mahalle": self.people.random_mahalle().name,
                "sokak": self.people.street(),
                "no": self.people.building_no(),
            }
        pick = rng.randrange(len(subjects))
        subject = subjects[pick]
        if plan.channel == "FIELD":
            subject = f"Saha tespiti: {subject}"
        description = descriptions[pick % len(descriptions)].format(**place)
        clerk = self.users.clerk(rng)
        office = plan.channel in ("DESK", "ACIK_KAPI", "CIMER")
        created = plan.at
        request_id = self.tables.next_id("request")
        events: list[dict[str, Any]] = []

        def event(at: datetime, kind: str, old: str | None, new: str | None, text: str,
                  directorate: int | None = None, via: str | None = None) -> bool:  # fmt: skip
            if at >= self.now:
                return False
            events.append(
                {
                    "request_id": request_id,
                    "at": at,
                    "kind": kind,
                    "user_id": clerk,
                    "directorate_id": directorate,
                    "old_status": old,
                    "new_status": new,
                    "informed_via": via,
                    "text": text,
                    "seq": len(events) + 1,
                }
            )
            return True

        status = "NEW"
        answer_text: str | None = None
        answered_at = informed_at = closed_at = None
        informed_via: str | None = None
        cal = self.calendar
        # The desk routes what it records at once (as the requests service does); what comes
        # in by the other channels waits for the next office hours.
        if office:
            first_step = created
        else:
            first_step = cal.working_time(created + timedelta(hours=rng.uniform(0.2, 18)), rng)
        roll = rng.random()
        outcome = "reject" if roll < 0.035 else "resolve"
        if not office and roll < 0.012:
            outcome = "reject_desk"  # not a municipal matter: rejected before routing
        speed = rng.random()
        factor = (
            rng.uniform(0.08, 0.9)
            if speed < 0.78
            else rng.uniform(1.05, 1.8)
            if speed < 0.95
            else rng.uniform(2.0, 4.0)
        )
        directorate_name = self.directorate_names.get(cat.directorate_id or 0, "İlgili müdürlük")
        done = True
        if outcome == "reject_desk":
            answer_at = first_step
        else:
            done = event(
                first_step, "FORWARDED", "NEW", "FORWARDED",
                f"{directorate_name} birimine yönlendirildi.", cat.directorate_id,
            )  # fmt: skip
            status = "FORWARDED" if done else status
            duration = timedelta(days=max(factor * cat.due_days, 0.15))
            answer_at = cal.working_time(first_step + duration, rng)
            if done and rng.random() < 0.7:
                started = first_step + (answer_at - first_step) * rng.uniform(0.1, 0.5)
                if event(started, "STATUS", status, "IN_PROGRESS", "Müdürlük çalışmaya başladı."):
                    status = "IN_PROGRESS"
        rejected = outcome != "resolve"
        text = (
            texts.REJECTION_ANSWERS[rng.randrange(len(texts.REJECTION_ANSWERS))]
            if rejected
            else answers[rng.randrange(len(answers))].format(**place)
        )
        # An answer resolves the request in the same event; a rejection is an answer followed
        # by a status change (as add_answer / change_status record them).
        old, new = (None, None) if rejected else (status, "RESOLVED")
        if done and event(answer_at, "ANSWER", old, new, text, cat.directorate_id):
            answer_text, answered_at = text, answer_at
            if not rejected:
                status = "RESOLVED"
            elif event(answer_at + timedelta(minutes=1), "STATUS", status, "REJECTED", ""):
                status = "REJECTED"
        if status in ("RESOLVED", "REJECTED") and answered_at is not None:
            if person is not None:
                roll = rng.random()  # most within 48 hours, some late
                hours = (
                    rng.uniform(0.2, 6)
                    if roll < 0.62
                    else rng.uniform(16, 26)
                    if roll < 0.9
                    else rng.uniform(50, 160)
                )
                inform_at = cal.working_time(answer_at + timedelta(hours=hours), rng)
                via: str = self.via[plan.channel].draw(rng)
                if event(inform_at, "INFORMED", None, None, _VIA_TEXT[via], None, via):
                    informed_at, informed_via = inform_at, via
                    close_at = inform_at + timedelta(minutes=rng.uniform(1, 20))
                    if event(close_at, "STATUS", status, "CLOSED", ""):
                        closed_at, status = close_at, "CLOSED"
            else:
                note_at = cal.working_time(answer_at + timedelta(hours=rng.uniform(2, 60)), rng)
                note = (
                    "Saha ekibi tespiti; bilgilendirilecek vatandaş yok."
                    if plan.channel == "FIELD"
                    else "Bildirim kimliksiz yapıldı; vatandaş bilgilendirilemedi."
                )
                if event(note_at, "NOTE", None, None, note) and event(
                    note_at + timedelta(minutes=1), "STATUS", status, "CLOSED", ""
                ):
                    closed_at, status = note_at + timedelta(minutes=1), "CLOSED"
        self.tables.add(
            "request",
            {
                "reference": format_reference(ReferenceKind.REQUEST, self.year, self.number),
                "citizen_id": person.id if person else None,
                "channel_id": self.channel_ids[plan.channel],
                "category_id": cat.id,
                "directorate_id": cat.directorate_id,
                "subject": subject,
                "subject_folded": fold(subject),
                "description": description,
                "status": status,
                "due_date": due_date(local_date(created), cat.due_days),
                "answer_text": answer_text,
                "answered_at": answered_at,
                "informed_at": informed_at,
                "informed_via": informed_via,
                "closed_at": closed_at,
                "answer_seconds": timings(created, answered_at, informed_at)[0],
                "inform_seconds": timings(created, answered_at, informed_at)[1],
                "created_by_id": clerk if office else None,
                "version": max(1, len(events)),
                "created_at": created,
                "updated_at": events[-1]["at"] if events else created,
            },
        )
        for row in events:
            self.tables.add("request_event", row)

    def _write_quick(self, plan: RequestPlan) -> None:
        """A 153 call answered on the phone: created, answered (ANSWER, NEW -> RESOLVED) and
        closed (STATUS -> CLOSED) within minutes; the caller heard the answer (informed by
        phone). Not routed: the call centre answered before any directorate was needed."""
        rng = self.rng
        cat = plan.category
        pairs = texts.QUICK_CALL_TEXTS.get(cat.name, texts.QUICK_CALL_TEXTS[texts.QUICK_DEFAULT])
        subject, answer = pairs[rng.randrange(len(pairs))]
        created = plan.at
        answered = created + timedelta(minutes=rng.uniform(1.5, 9.0))
        closed = answered + timedelta(seconds=rng.uniform(5.0, 60.0))
        clerk = self.users.clerk(rng)
        person = plan.person
        request_id = self.tables.next_id("request")
        row: dict[str, Any] = {
            "reference": format_reference(ReferenceKind.REQUEST, self.year, self.number),
            "citizen_id": person.id if person else None,
            "channel_id": self.channel_ids["CALL_153"],
            "category_id": cat.id,
            "directorate_id": cat.directorate_id,
            "subject": subject,
            "subject_folded": fold(subject),
            "description": texts.QUICK_CALL_DESCRIPTION,
            "status": "NEW",
            "due_date": due_date(local_date(created), cat.due_days),
            "answer_text": None,
            "answered_at": None,
            "informed_at": None,
            "informed_via": None,
            "closed_at": None,
            "answer_seconds": None,
            "inform_seconds": None,
            "created_by_id": None,
            "version": 1,
            "created_at": created,
            "updated_at": created,
        }
        add = self.tables.add
        if answered < self.now:
            if closed < self.now:
                row.update(
                    status="CLOSED", answer_text=answer, answered_at=answered,
                    informed_at=answered, informed_via="phone", closed_at=closed, version=2,
                    updated_at=closed, answer_seconds=timings(created, answered, None)[0],
                    inform_seconds=0,
                )  # fmt: skip
            else:
                row.update(status="RESOLVED", answer_text=answer, answered_at=answered,
                           updated_at=answered,
                           answer_seconds=timings(created, answered, None)[0])  # fmt: skip
        add("request", row)
        if row["answered_at"] is None:
            return
        add(
            "request_event",
            {
                "request_id": request_id, "at": answered, "kind": "ANSWER", "user_id": clerk,
                "directorate_id": None, "old_status": "NEW", "new_status": "RESOLVED",
                "informed_via": None, "text": answer, "seq": 1,
            },
        )  # fmt: skip
        if row["closed_at"] is not None:
            add(
                "request_event",
                {
                    "request_id": request_id, "at": closed, "kind": "STATUS", "user_id": clerk,
                    "directorate_id": None, "old_status": "RESOLVED", "new_status": "CLOSED",
                    "informed_via": None, "text": "Vatandaş telefonda bilgilendirildi.",
                    "seq": 2,
                },
            )  # fmt: skip

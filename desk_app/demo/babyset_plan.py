"""Plans of the demo year's Hoş Geldin Bebek applications: when each arrives, by which
channel, and how it ends (its fate); applicants are attached in time order."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desk_app.demo.common import (
    Calendar,
    Users,
    WeightedChoice,
    at_local,
    day_range,
    hour_minutes,
    hourly,
)
from desk_app.demo.people import People, Person
from desk_app.domain.clock import local_date

# Fates in a full year; DELIVER + TWIN = 1,350 sets delivered (published for 2025).
FULL_YEAR: dict[str, int] = {
    "DELIVER": 1338,
    "TWIN": 12,  # flagged as a duplicate, a supervisor approves (twins), delivered
    "MERGE": 18,  # flagged as a duplicate, a supervisor merges it (CANCELLED)
    "INELIGIBLE_AGE": 35,
    "INELIGIBLE_AREA": 25,
    "CANCEL": 20,
}
_WEB_SHARE = 0.85
PICKUP_SHARE = 0.15
_WEB_WEEK = (1.15, 1.1, 1.0, 1.0, 1.0, 0.7, 0.75)
_DESK_WEEK = (1.2, 1.1, 1.0, 1.0, 0.9, 0.0, 0.0)
_BIRTH_MONTHS = (0.95, 0.9, 0.95, 1.0, 1.0, 1.05, 1.1, 1.1, 1.05, 1.0, 0.95, 0.95)
_WEB_HOURS = hourly(
    {0: 1, 1: 0.5, 2: 0.4, 3: 0.3, 4: 0.3, 5: 0.5, 6: 1, 7: 2, 8: 3, 9: 5, 10: 6, 11: 6, 12: 5,
     13: 5, 14: 5, 15: 5, 16: 5, 17: 5, 18: 5, 19: 6, 20: 7, 21: 8, 22: 6, 23: 3}
)  # fmt: skip
_DESK_HOURS = hourly({9: 8, 10: 10, 11: 10, 12: 4, 13: 6, 14: 9, 15: 9, 16: 7})


@dataclass
class AppPlan:
    at: datetime  # submitted on the web site or at the desk
    channel: str  # WEB | DESK
    fate: str
    female_parent: bool
    original: AppPlan | None = None
    person: Person | None = None
    fast: bool = False  # late in a past year: no failed attempts, short waits
    hold_check: bool = False  # a running year: still waiting for the eligibility check
    hold_decision: bool = False  # a running year: still waiting for the supervisor
    hold_booking: bool = False  # a running year: approved, not booked yet
    created: datetime | None = None
    web_number: int = 0
    app_id: int = 0
    reference: str = ""
    baby_first: str = ""
    baby_birth: date | None = None
    baby_tc: str | None = None


def plan_applications(
    rng: random.Random, year: int, calendar: Calendar, until: date, past: bool
) -> list[AppPlan]:
    days = day_range(date(year, 1, 1), date(year, 12, 31))
    deadline = date(year, 12, 31) - timedelta(days=16)  # delivered within a past year
    weights: dict[str, list[float]] = {}
    for channel, week in (("WEB", _WEB_WEEK), ("DESK", _DESK_WEEK)):
        holiday = 0.6 if channel == "WEB" else 0.0
        weights[channel] = [
            week[d.weekday()]
            * _BIRTH_MONTHS[d.month - 1]
            * (holiday if calendar.is_holiday(d) else 1.0)
            for d in days
        ]
    total = sum(weights["WEB"]) * _WEB_SHARE + sum(weights["DESK"]) * (1 - _WEB_SHARE)
    passed = sum(
        (w * _WEB_SHARE + v * (1 - _WEB_SHARE))
        for d, w, v in zip(days, weights["WEB"], weights["DESK"], strict=True)
        if d < until
    )
    share = passed / total
    choosers: dict[tuple[str, bool], WeightedChoice | None] = {}
    for channel in ("WEB", "DESK"):
        for deliver in (False, True):
            limit = min(until - timedelta(days=1), deadline if deliver and past else until)
            masked = [w if d <= limit else 0.0 for d, w in zip(days, weights[channel], strict=True)]
            choosers[(channel, deliver)] = WeightedChoice(days, masked) if sum(masked) else None
    plans: list[AppPlan] = []
    for fate in ("DELIVER", "INELIGIBLE_AGE", "INELIGIBLE_AREA", "CANCEL"):
        count = FULL_YEAR[fate] if past else round(FULL_YEAR[fate] * share)
        if fate == "DELIVER" and past:
            count = FULL_YEAR["DELIVER"]
        for _ in range(count):
            channel = "WEB" if rng.random() < _WEB_SHARE else "DESK"
            chooser = choosers[(channel, fate == "DELIVER")] or choosers[("WEB", False)]
            if chooser is None:
                break
            day: date = chooser.draw(rng)
            hours = _WEB_HOURS if channel == "WEB" else _DESK_HOURS
            at = at_local(day, hour_minutes(rng, hours))
            plans.append(
                AppPlan(
                    at=at,
                    channel=channel,
                    fate=fate,
                    female_parent=rng.random() < 0.88,
                    fast=past and fate == "DELIVER" and day > deadline - timedelta(days=20),
                )
            )
    plans.sort(key=lambda p: p.at)
    end = at_local(until, 0)
    delivering = [p for p in plans if p.fate == "DELIVER"]
    twins = FULL_YEAR["TWIN"] if past else round(FULL_YEAR["TWIN"] * share)
    for original in rng.sample(delivering, min(twins, len(delivering))):
        at = original.at + timedelta(minutes=rng.uniform(2, 20))
        plans.append(
            AppPlan(
                at, original.channel, "TWIN", original.female_parent, original, fast=original.fast
            )
        )
    merges = FULL_YEAR["MERGE"] if past else round(FULL_YEAR["MERGE"] * share)
    candidates = [
        p
        for p in delivering
        if p.at + timedelta(days=11) < min(end, at_local(date(year, 12, 31), 0))
    ]
    for original in rng.sample(candidates, min(merges, len(candidates))):
        at = original.at + timedelta(days=rng.uniform(1, 10))
        channel = (
            ("DESK" if original.channel == "WEB" else "WEB")
            if rng.random() < 0.6
            else original.channel
        )
        if channel == "DESK":
            day = calendar.next_working_day(local_date(at))
            at = at_local(day, hour_minutes(rng, _DESK_HOURS))
        plans.append(AppPlan(at, channel, "MERGE", original.female_parent, original))
    if not past:
        _hold_recent(rng, plans, delivering, end, calendar)
    plans.sort(key=lambda p: p.at)
    return plans


def _hold_recent(
    rng: random.Random, plans: list[AppPlan], delivering: list[AppPlan], end: datetime,
    calendar: Calendar,
) -> None:  # fmt: skip
    """A running year: make sure every stage has live work at ``end`` (today)."""
    recent = [p for p in delivering if end - timedelta(days=12) <= p.at < end - timedelta(days=4)]
    day = local_date(end) - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    for original in recent[-2:]:
        at = at_local(day, 10 * 60 + rng.uniform(0, 300))
        plans.append(
            AppPlan(at, "DESK", "MERGE", original.female_parent, original, hold_decision=True)
        )
    for plan in recent[:2]:
        plan.hold_booking = True


def assign_applicant(rng: random.Random, plan: AppPlan, people: People, users: Users) -> None:
    if plan.original is not None:
        plan.person = plan.original.person
        return
    if plan.fate != "INELIGIBLE_AREA" and people.requesters and rng.random() < 0.08:
        candidate = people.requesters[rng.randrange(len(people.requesters))]
        if candidate.phone and candidate.served and candidate.mahalle_id is not None:
            plan.person = candidate
            return
    plan.person = people.new(
        plan.at,
        female=plan.female_parent,
        created_by=users.clerk(rng),
        tc_share=1.0 if plan.channel == "WEB" else 0.97,
        phone_share=1.0,
        out_of_area=plan.fate == "INELIGIBLE_AREA",
    )

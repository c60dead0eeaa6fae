"""Demo Hoş Geldin Bebek applications: each planned one's life from
RECEIVED to DELIVERED (or INELIGIBLE, a duplicate decision, CANCELLED), cut at ``now``.

Application event kinds written here: RECEIVED, ELIGIBILITY, DECISION, SCHEDULED, ATTEMPT,
DELIVERED, CANCELLED (old/new status on each event that changes the status).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from desk_app.demo import data
from desk_app.demo.babyset_plan import PICKUP_SHARE, AppPlan
from desk_app.demo.common import Calendar, Tables, Users
from desk_app.demo.delivery import Booking, Logistics
from desk_app.demo.people import People, Person
from desk_app.domain.clock import local_date
from desk_app.domain.eligibility import age_in_months, within_age_limit
from desk_app.domain.references import ReferenceKind, format_reference
from desk_app.domain.text import fold


class ApplicationWriter:
    def __init__(
        self,
        rng: random.Random,
        tables: Tables,
        calendar: Calendar,
        users: Users,
        people: People,
        logistics: Logistics,
        channel_ids: dict[str, int],
        settings: dict[str, Any],
        year: int,
        now: datetime,
        running: bool,
    ) -> None:
        self.running = running
        self.rng = rng
        self.tables = tables
        self.calendar = calendar
        self.users = users
        self.people = people
        self.logistics = logistics
        self.channel_ids = channel_ids
        self.settings = settings
        self.year = year
        self.now = now

    def prepare(self, plans: list[AppPlan], first_number: int) -> list[AppPlan]:
        """Import times, web numbers, references and baby data; returns plans in id order."""
        rng, cal = self.rng, self.calendar
        web_number = 100 + rng.randrange(300)
        for plan in plans:  # in submission order
            if plan.channel == "WEB":
                web_number += 1 if rng.random() < 0.8 else rng.randint(2, 4)
                plan.web_number = web_number
                created = cal.working_time(plan.at + timedelta(hours=rng.uniform(0.3, 20)), rng)
            else:
                created = plan.at
            if plan.original is not None and plan.original.created is not None:
                created = max(created, plan.original.created + timedelta(minutes=2))
            plan.created = created
        kept = [p for p in plans if p.created is not None and p.created < self.now]
        kept.sort(key=lambda p: (p.created, p.at))
        if self.running:  # the newest imports still wait for their eligibility check
            for plan in [p for p in kept if p.fate == "DELIVER"][-3:]:
                plan.hold_check = True
        for number, plan in enumerate(kept, start=first_number):
            plan.app_id = (
                self.tables.first_ids.get("babyset_application", 1) + number - first_number
            )
            plan.reference = format_reference(ReferenceKind.APPLICATION, self.year, number)
            self._baby(plan)
        return kept

    def _baby(self, plan: AppPlan) -> None:
        rng = self.rng
        applied = local_date(plan.at)
        original = plan.original
        if original is not None and plan.fate == "MERGE":
            plan.baby_first, plan.baby_birth, plan.baby_tc = (
                original.baby_first, original.baby_birth, original.baby_tc,
            )  # fmt: skip
            return
        girl = rng.random() < 0.49
        names = data.BABY_GIRL_NAMES if girl else data.BABY_BOY_NAMES
        plan.baby_first = names[rng.randrange(len(names))]
        if original is not None:  # a twin
            while plan.baby_first == original.baby_first:
                plan.baby_first = names[rng.randrange(len(names))]
            plan.baby_birth = original.baby_birth
        elif plan.fate == "INELIGIBLE_AGE":
            plan.baby_birth = applied - timedelta(days=rng.randint(385, 640))
        else:
            plan.baby_birth = applied - timedelta(days=int(rng.triangular(0, 60, 12)))
        plan.baby_tc = self.people.tckn() if rng.random() < 0.75 else None

    def _evidence(self, plan: AppPlan, person: Person) -> dict[str, Any]:
        assert plan.baby_birth is not None
        applied = local_date(plan.at)
        birth = plan.baby_birth
        months = age_in_months(birth, applied)
        max_months = int(self.settings["eligibility.max_baby_age_months"])
        require_served = bool(self.settings["eligibility.require_served_mahalle"])
        failed: list[dict[str, str]] = []
        # The same age rule as the application service (exactly N months is still eligible).
        if not within_age_limit(birth, applied, max_months):
            failed.append(
                {
                    "rule": "max_baby_age_months",
                    "message": f"Bebek başvuru tarihinde {months} aylık; program {max_months} "
                    "aydan küçük bebekleri kapsıyor.",
                }
            )
        if require_served and not person.served:
            failed.append(
                {
                    "rule": "require_served_mahalle",
                    "message": f"‘{person.mahalle}’ belediyenin hizmet verdiği mahalleler "
                    "arasında değil.",
                }
            )
        duplicates: list[dict[str, Any]] = []
        if plan.original is not None:
            same = plan.fate == "MERGE"
            duplicates.append(
                {
                    "application_id": plan.original.app_id,
                    "reference": plan.original.reference,
                    "reason": "same_baby" if same else "same_parent_birth_date",
                }
            )
        return {
            "rules": {"max_baby_age_months": max_months, "require_served_mahalle": require_served},
            "facts": {
                "applied_at": applied.isoformat(),
                "baby_birth_date": birth.isoformat(),
                "baby_age_months": months,
                "baby_tc_given": plan.baby_tc is not None,
                "mahalle": person.mahalle,
                "mahalle_served": person.served,
            },
            "failed": failed,
            "duplicates": duplicates,
            "result": "ineligible" if failed else "duplicate" if duplicates else "eligible",
        }

    def write(self, plan: AppPlan) -> None:
        rng, now = self.rng, self.now
        person = plan.person
        assert person is not None and plan.created is not None and plan.baby_birth is not None
        app_id = plan.app_id
        clerk = self.users.clerk(rng)
        supervisor = self.users.supervisor
        events: list[dict[str, Any]] = []

        def event(
            at: datetime,
            kind: str,
            old: str | None,
            new: str | None,
            text: str,
            extra: dict[str, Any] | None = None,
            user: int | None = None,
        ) -> bool:
            if at >= now:
                return False
            events.append(
                {
                    "application_id": app_id,
                    "at": at,
                    "kind": kind,
                    "user_id": clerk if user is None else user,
                    "old_status": old,
                    "new_status": new,
                    "text": text,
                    "data": extra,
                }
            )
            return True

        web = plan.channel == "WEB"
        web_reference = f"W-{self.year}-{plan.web_number:05d}" if web else None
        row: dict[str, Any] = {
            "id": app_id,
            "reference": plan.reference,
            "web_reference": web_reference,
            "citizen_id": person.id,
            "address_id": person.address_id,
            "mahalle_id": person.mahalle_id,
            "parent_name_folded": fold(f"{person.first} {person.last}"),
            "phone_e164": person.phone,
            "channel_id": self.channel_ids[plan.channel],
            "applied_at": local_date(plan.at),
            "baby_first_name": plan.baby_first,
            "baby_last_name": person.last,
            "baby_name_folded": fold(f"{plan.baby_first} {person.last}"),
            "baby_birth_date": plan.baby_birth,
            "baby_tc_kimlik_no": plan.baby_tc,
            "baby_key": plan.baby_tc
            or f"{person.id}:{plan.baby_birth.isoformat()}:{fold(plan.baby_first)}",
            "status": "RECEIVED",
            "notice_version": self.settings["kvkk.notice_version"],
            "notice_acknowledged_at": plan.at,
            "notice_recorded_by_id": None if web else clerk,
            "notice_source": "web" if web else "desk",
            "eligible": None,
            "eligibility_evidence": None,
            "eligibility_checked_at": None,
            "duplicate_of_id": None,
            "decision_reason": None,
            "decided_by_id": None,
            "decided_at": None,
            "cancel_reason": None,
            "failed_attempts": 0,
            "delivered_at": None,
            "created_by_id": clerk,
            "version": 1,
            "created_at": plan.created,
            "updated_at": plan.created,
        }
        received_text = (
            f"Web sitesinden aktarıldı ({web_reference})." if web else "Masada kaydedildi."
        )
        event(plan.created, "RECEIVED", None, "RECEIVED", received_text)
        self._life(plan, row, event, clerk, supervisor)
        row["version"] = len(events)
        row["updated_at"] = events[-1]["at"]
        self.tables.add("babyset_application", row)
        assert row["id"] == app_id
        for ev in events:
            self.tables.add("application_event", ev)

    def _life(self, plan: AppPlan, row: dict[str, Any], event: Any, clerk: int,
              supervisor: int) -> None:  # fmt: skip
        rng, cal, now = self.rng, self.calendar, self.now
        assert plan.created is not None and plan.person is not None
        fast = plan.fast

        def hours(low: float, high: float) -> timedelta:
            return timedelta(hours=rng.uniform(low, high))

        cancel_stage = ""
        if plan.fate == "CANCEL":
            cancel_stage = rng.choices(("RECEIVED", "APPROVED", "SCHEDULED"), (25, 40, 35))[0]
        cancel_reason = data.CANCEL_REASONS[rng.randrange(len(data.CANCEL_REASONS))]

        def cancel(at: datetime, old: str) -> bool:
            if not event(at, "CANCELLED", old, "CANCELLED", cancel_reason):
                return False
            row.update(status="CANCELLED", cancel_reason=cancel_reason)
            return True

        if plan.channel == "DESK":
            check_at = plan.created + timedelta(minutes=rng.uniform(3, 12))
        else:
            check_at = cal.working_time(plan.created + hours(0.5, 4 if fast else 48), rng)
        if plan.hold_check:
            check_at = max(check_at, now + timedelta(hours=1))
        if cancel_stage == "RECEIVED":
            cancel(cal.working_time(plan.created + hours(2, 40), rng), "RECEIVED")
            return
        if check_at >= now:
            return
        evidence = self._evidence(plan, plan.person)
        row.update(eligibility_evidence=evidence, eligibility_checked_at=check_at)
        if evidence["failed"]:
            reason = " ".join(f["message"] for f in evidence["failed"])
            event(
                check_at, "ELIGIBILITY", "RECEIVED", "INELIGIBLE", reason, {"result": "ineligible"}
            )
            row.update(status="INELIGIBLE", eligible=False, decision_reason=reason,
                       decided_by_id=clerk, decided_at=check_at)  # fmt: skip
            return
        row["eligible"] = True
        approved_at = check_at
        if plan.original is not None:
            text = f"Olası mükerrer başvuru: {plan.original.reference}."
            event(check_at, "ELIGIBILITY", "RECEIVED", "SUSPECTED_DUPLICATE", text,
                  {"duplicate_of": plan.original.reference})  # fmt: skip
            row["status"] = "SUSPECTED_DUPLICATE"
            decided = cal.working_time(check_at + hours(4, 80), rng)
            if plan.hold_decision or decided >= now:
                return
            merge = plan.fate == "MERGE"
            choices = data.MERGE_DECISIONS if merge else data.TWIN_DECISIONS
            reason = choices[rng.randrange(len(choices))]
            new = "CANCELLED" if merge else "APPROVED"
            event(decided, "DECISION", "SUSPECTED_DUPLICATE", new, reason, None, supervisor)
            row.update(status=new, decision_reason=reason, decided_by_id=supervisor,
                       decided_at=decided)  # fmt: skip
            if merge:
                row.update(
                    duplicate_of_id=plan.original.app_id,
                    cancel_reason=f"Mükerrer başvuru; {plan.original.reference} ile birleştirildi.",
                )
                return
            approved_at = decided
        else:
            event(check_at, "ELIGIBILITY", "RECEIVED", "APPROVED", "Uygunluk koşulları sağlandı.",
                  {"result": "eligible"})  # fmt: skip
            row["status"] = "APPROVED"
        if cancel_stage == "APPROVED":
            cancel(cal.working_time(approved_at + hours(5, 100), rng), "APPROVED")
            return
        self._deliveries(plan, row, event, approved_at, cancel_stage, cancel)

    def _deliveries(self, plan: AppPlan, row: dict[str, Any], event: Any,
                    approved_at: datetime, cancel_stage: str, cancel: Any) -> None:  # fmt: skip
        rng, cal, now, logistics = self.rng, self.calendar, self.now, self.logistics
        person = plan.person
        assert person is not None
        fast = plan.fast
        pickup = rng.random() < PICKUP_SHARE
        roll = rng.random()
        failures = 0 if fast or pickup else 1 if roll < 0.06 else 2 if roll < 0.085 else 0
        switch = failures == 2 and rng.random() < 0.4
        attempt_no = 0
        moment = approved_at
        while True:
            book_at = cal.working_time(
                moment + timedelta(hours=rng.uniform(0.5, 6) if fast else rng.uniform(2, 96)), rng
            )
            if plan.hold_booking or book_at >= now:
                return
            clerk = self.users.clerk(rng)
            lead = 1 if fast else rng.randint(2, 7)
            booking: Booking
            if pickup or (switch and attempt_no == 2):
                booking = logistics.book_pickup(plan.app_id, book_at, min(lead, 4), clerk)
                where = f"Masadan teslim alma: {booking.day:%d.%m.%Y}"
            else:
                booking = logistics.book_home(plan.app_id, person.mahalle_id, book_at, lead, clerk)
                where = f"{booking.team_name}: {booking.day:%d.%m.%Y}"
            if switch and attempt_no == 2:
                where += " (iki başarısız denemeden sonra masaya yönlendirildi)"
            info = {"delivery_id": booking.delivery_id, "kind": booking.kind,
                    "date": booking.day.isoformat()}  # fmt: skip
            event(book_at, "SCHEDULED", "APPROVED", "SCHEDULED", where, info, clerk)
            row["status"] = "SCHEDULED"
            if cancel_stage == "SCHEDULED":
                at = book_at + (booking.attempt_at - book_at) * rng.uniform(0.2, 0.8)
                if cancel(at, "SCHEDULED"):
                    logistics.cancel(booking.delivery_id, at)
                return
            if booking.attempt_at >= now:
                return
            if attempt_no < failures:
                outcome = rng.choices(
                    ("NOT_HOME", "WRONG_ADDRESS", "REFUSED", "OTHER"), (70, 15, 5, 10)
                )[0]
                logistics.attempt(booking, outcome, None, None)
                attempt_no += 1
                row["failed_attempts"] = attempt_no
                event(booking.attempt_at, "ATTEMPT", "SCHEDULED", "APPROVED",
                      f"Teslim edilemedi ({outcome}).", {"outcome": outcome}, clerk)  # fmt: skip
                row["status"] = "APPROVED"
                moment = booking.attempt_at
                continue
            relation = "Anne" if plan.female_parent else "Baba"
            if booking.kind == "HOME":
                relation = logistics.relation()
            if relation == ("Anne" if plan.female_parent else "Baba"):
                received_by = f"{person.first} {person.last}"
            else:
                female = relation not in ("Baba", "Komşu")
                received_by = f"{self.people.first_name(female)} {person.last}"
            logistics.attempt(booking, "DELIVERED", received_by, relation)
            event(booking.attempt_at, "DELIVERED", "SCHEDULED", "DELIVERED",
                  f"Teslim alan: {received_by} ({relation}).", None, clerk)  # fmt: skip
            row.update(status="DELIVERED", delivered_at=booking.attempt_at)
            return

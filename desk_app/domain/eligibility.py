"""Hoş Geldin Bebek eligibility: the facts of one application and the admin's rule settings in,
a decision with its evidence out (pure; the service saves the evidence with the application).

Rules (parameters come from the settings an admin can change):

* ``born_on_or_before_application``: the baby was born on or before the application date;
* ``max_baby_age_months``: the baby is at most N calendar months old on the application date.
  "N months after the birth date" is the same day N months later, or the month's last day when
  that month is shorter (born 2024-02-29 -> 12 months on 2025-02-28). Exactly N months is in,
  one day more is out;
* ``require_served_mahalle`` (when on): the address is in a mahalle the municipality serves;
* ``one_set_per_baby``: no other application of the same baby is approved, scheduled or
  delivered. It does not make an application ineligible; it refers it to a supervisor as a
  suspected duplicate (twins are two babies: their keys differ).

A failed age/date/address rule wins over a duplicate: the application is INELIGIBLE.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

RULE_BORN_BEFORE = "born_on_or_before_application"
RULE_MAX_AGE = "max_baby_age_months"
RULE_SERVED = "require_served_mahalle"
RULE_ONE_SET = "one_set_per_baby"


class EligibilityResult(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class EligibilityRules:
    max_baby_age_months: int = 12
    require_served_mahalle: bool = True
    changed_at: datetime | None = None  # newest change of a rule setting (None: defaults)

    @property
    def version(self) -> str:
        """A short label of the parameters in force, kept in the evidence."""
        served = "evet" if self.require_served_mahalle else "hayir"
        return f"yas<={self.max_baby_age_months}ay;mahalle={served}"


@dataclass(frozen=True)
class DuplicateFact:
    application_id: int
    reference: str
    reasons: tuple[str, ...]
    same_baby_active: bool = False  # same baby key, approved/scheduled/delivered


@dataclass(frozen=True)
class EligibilityFacts:
    applied_at: date
    baby_birth_date: date
    baby_tc_given: bool
    mahalle: str | None
    mahalle_served: bool
    duplicates: tuple[DuplicateFact, ...] = ()


@dataclass(frozen=True)
class Failure:
    rule: str
    message: str


@dataclass(frozen=True)
class EligibilityDecision:
    result: EligibilityResult
    failed: tuple[Failure, ...]
    evidence: dict[str, Any] = field(hash=False, compare=False)

    @property
    def eligible(self) -> bool:
        """True unless a rule of the programme failed (a duplicate is still eligible)."""
        return self.result is not EligibilityResult.INELIGIBLE

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f.message for f in self.failed)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (or earlier), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def age_in_months(birth: date, on: date) -> int:
    """Completed calendar months from ``birth`` to ``on`` (0 when ``on`` is before ``birth``)."""
    if on < birth:
        return 0
    months = (on.year - birth.year) * 12 + on.month - birth.month
    while months > 0 and add_months(birth, months) > on:
        months -= 1
    return months


def within_age_limit(birth: date, applied: date, max_months: int) -> bool:
    """True when the baby is at most ``max_months`` months old on ``applied``."""
    return add_months(birth, max_months) >= applied


def _fmt(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def decide(
    facts: EligibilityFacts, rules: EligibilityRules, *, checked_at: datetime
) -> EligibilityDecision:
    birth, applied = facts.baby_birth_date, facts.applied_at
    months = age_in_months(birth, applied)
    days = (applied - birth).days
    failed: list[Failure] = []
    if birth > applied:
        failed.append(
            Failure(
                RULE_BORN_BEFORE,
                f"Bebeğin doğum tarihi ({_fmt(birth)}) başvuru tarihinden ({_fmt(applied)}) "
                "sonra; doğum tarihini kimlikten kontrol edin.",
            )
        )
    elif not within_age_limit(birth, applied, rules.max_baby_age_months):
        failed.append(
            Failure(
                RULE_MAX_AGE,
                f"Bebek başvuru tarihinde {months} aylık ({days} günlük); program en fazla "
                f"{rules.max_baby_age_months} aylık bebekleri kapsıyor "
                f"(doğum {_fmt(birth)} ile {_fmt(add_months(birth, rules.max_baby_age_months))} "
                "arasında başvuru).",
            )
        )
    if rules.require_served_mahalle and not facts.mahalle_served:
        where = f"‘{facts.mahalle}’" if facts.mahalle else "Adresin mahallesi"
        failed.append(
            Failure(
                RULE_SERVED,
                f"{where} belediyenin hizmet verdiği mahalleler arasında değil; "
                "adresi kontrol edin.",
            )
        )
    active = [d for d in facts.duplicates if d.same_baby_active]
    if failed:
        result = EligibilityResult.INELIGIBLE
    elif facts.duplicates:
        result = EligibilityResult.DUPLICATE
    else:
        result = EligibilityResult.ELIGIBLE
    evidence: dict[str, Any] = {
        "rules": {
            RULE_BORN_BEFORE: True,
            RULE_MAX_AGE: rules.max_baby_age_months,
            RULE_SERVED: rules.require_served_mahalle,
            RULE_ONE_SET: True,
        },
        "rules_version": rules.version,
        "rules_changed_at": rules.changed_at.isoformat() if rules.changed_at else None,
        "checked_at": checked_at.isoformat(),
        "facts": {
            "applied_at": applied.isoformat(),
            "baby_birth_date": birth.isoformat(),
            "baby_age_days": days,
            "baby_age_months": months,
            "age_limit_date": add_months(birth, rules.max_baby_age_months).isoformat(),
            "baby_tc_given": facts.baby_tc_given,
            "mahalle": facts.mahalle,
            "mahalle_served": facts.mahalle_served,
            "active_application_ids": [d.application_id for d in active],
        },
        "failed": [{"rule": f.rule, "message": f.message} for f in failed],
        "duplicates": [
            {
                "application_id": d.application_id,
                "reference": d.reference,
                "reason": d.reasons[0] if d.reasons else "",
                "reasons": list(d.reasons),
            }
            for d in facts.duplicates
        ],
        "result": result.value,
    }
    return EligibilityDecision(result=result, failed=tuple(failed), evidence=evidence)


def duplicate_message(duplicates: Sequence[DuplicateFact]) -> str:
    refs = ", ".join(d.reference for d in duplicates)
    return f"Olası mükerrer başvuru: {refs}. Bir süpervizör karar verecek."

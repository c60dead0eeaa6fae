"""Eligibility rules: calendar-month age limit (with hypothesis), dates, served mahalle,
one set per baby, and the evidence kept with the decision."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.eligibility import (
    DuplicateFact,
    EligibilityFacts,
    EligibilityResult,
    EligibilityRules,
    add_months,
    age_in_months,
    decide,
    within_age_limit,
)

NOW = datetime(2025, 6, 16, 7, 0, tzinfo=UTC)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
months = st.integers(min_value=0, max_value=36)


def facts(
    birth: date, applied: date, served: bool = True, dups: tuple[DuplicateFact, ...] = ()
) -> EligibilityFacts:
    return EligibilityFacts(applied, birth, False, "Ulukavak", served, dups)


def oracle(birth: date, applied: date, n: int) -> bool:
    """Independent statement of "at most n calendar months old on the application date"."""
    if birth > applied:
        return False
    diff = (applied.year - birth.year) * 12 + applied.month - birth.month
    if diff != n:
        return diff < n
    last_day = calendar.monthrange(applied.year, applied.month)[1]
    return applied.day <= min(birth.day, last_day)


@given(dates, dates, months)
def test_age_rule_matches_the_calendar_definition(birth: date, applied: date, n: int) -> None:
    rules = EligibilityRules(max_baby_age_months=n, require_served_mahalle=False)
    decision = decide(facts(birth, applied), rules, checked_at=NOW)
    assert (decision.result is EligibilityResult.ELIGIBLE) is oracle(birth, applied, n)


@given(dates, months)
def test_exactly_n_months_is_in_and_one_day_more_is_out(birth: date, n: int) -> None:
    exactly = add_months(birth, n)  # the same day n months later (or the month's last day)
    assert within_age_limit(birth, exactly, n)
    assert not within_age_limit(birth, exactly + timedelta(days=1), n)
    assert age_in_months(birth, exactly) == n


@given(dates, dates)
def test_born_after_the_application_is_never_eligible(birth: date, applied: date) -> None:
    decision = decide(facts(birth, applied), EligibilityRules(), checked_at=NOW)
    if birth > applied:
        assert decision.result is EligibilityResult.INELIGIBLE
        assert decision.failed[0].rule == "born_on_or_before_application"


@given(dates, st.integers(min_value=0, max_value=2000))
def test_age_in_months_is_consistent_with_add_months(birth: date, days: int) -> None:
    on = birth + timedelta(days=days)
    m = age_in_months(birth, on)
    assert add_months(birth, m) <= on < add_months(birth, m + 1)


@given(dates, dates, months)
def test_eligible_birth_dates_form_one_interval(a: date, applied: date, n: int) -> None:
    b = a + timedelta(days=1)
    # Younger (later-born, not after the application) is never worse.
    if b <= applied and within_age_limit(a, applied, n):
        assert within_age_limit(b, applied, n)


def test_edges() -> None:
    rules = EligibilityRules()
    today = date(2025, 6, 16)
    cases = [
        (today, today, True),
        (today + timedelta(days=1), today, False),
        (date(2024, 6, 16), today, True),
        (date(2024, 6, 15), today, False),
        (date(2024, 2, 29), date(2025, 2, 28), True),
        (date(2024, 2, 29), date(2025, 3, 1), False),
        (date(2024, 2, 28), date(2025, 2, 28), True),
        (date(2024, 2, 27), date(2025, 2, 28), False),
    ]
    for birth, applied, ok in cases:
        decision = decide(facts(birth, applied), rules, checked_at=NOW)
        assert decision.eligible is ok, (birth, applied)
    assert age_in_months(date(2024, 2, 29), date(2025, 2, 28)) == 12
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_unserved_mahalle_only_when_the_rule_is_on() -> None:
    birth, applied = date(2025, 6, 1), date(2025, 6, 16)
    off = decide(
        facts(birth, applied, served=False),
        EligibilityRules(require_served_mahalle=False),
        checked_at=NOW,
    )
    assert off.result is EligibilityResult.ELIGIBLE
    on = decide(facts(birth, applied, served=False), EligibilityRules(), checked_at=NOW)
    assert on.result is EligibilityResult.INELIGIBLE
    assert on.failed[0].rule == "require_served_mahalle"
    assert "Ulukavak" in on.failed[0].message


def test_duplicate_refers_and_a_failed_rule_wins() -> None:
    dup = DuplicateFact(7, "HGB-2025-00007", ("same_baby_tc", "same_baby"), same_baby_active=True)
    birth, applied = date(2025, 6, 1), date(2025, 6, 16)
    decision = decide(facts(birth, applied, dups=(dup,)), EligibilityRules(), checked_at=NOW)
    assert decision.result is EligibilityResult.DUPLICATE and decision.eligible
    assert decision.evidence["facts"]["active_application_ids"] == [7]
    assert decision.evidence["duplicates"][0]["reference"] == "HGB-2025-00007"
    old = decide(facts(date(2020, 1, 1), applied, dups=(dup,)), EligibilityRules(), checked_at=NOW)
    assert old.result is EligibilityResult.INELIGIBLE


def test_evidence_keeps_rules_facts_and_time() -> None:
    rules = EligibilityRules(max_baby_age_months=9, changed_at=NOW)
    decision = decide(facts(date(2025, 1, 1), date(2025, 6, 16)), rules, checked_at=NOW)
    ev = decision.evidence
    assert ev["rules"] == {
        "born_on_or_before_application": True,
        "max_baby_age_months": 9,
        "require_served_mahalle": True,
        "one_set_per_baby": True,
    }
    assert ev["rules_version"] == "yas<=9ay;mahalle=evet"
    assert ev["rules_changed_at"] == NOW.isoformat() and ev["checked_at"] == NOW.isoformat()
    assert ev["facts"]["baby_age_months"] == 5 and ev["facts"]["baby_age_days"] == 166
    assert ev["facts"]["mahalle_served"] is True and ev["result"] == "eligible"

"""Duplicates: every criterion (as typed and on save), twins, the supervisor's merge/distinct
and override with a reason, cancel, stale versions, and two desks approving one baby at once."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from desk_app.db import Database
from desk_app.domain.errors import Conflict, InvalidTransition, PermissionDenied, ValidationError
from desk_app.models import ApplicationEvent, AuditLog, BabySetApplication
from desk_app.services.applications.common import ApplicationInput
from desk_app.services.applications.decisions import (
    cancel_application,
    decide_duplicate,
    override_ineligible,
)
from desk_app.services.applications.duplicates import find_duplicates
from desk_app.services.applications.query import get_application
from desk_app.services.applications.register import register_application
from desk_app.services.context import Actor
from desk_app.services.uow import unit_of_work
from tests.people import as_person
from tests.services.applications.test_applications import NOW, TODAY, app_input, parent, tc


def _status(db: Database, app_id: int) -> str:
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, app_id)
        assert app is not None
        return app.status


def _reasons(db: Database, clerk: Actor, data: ApplicationInput) -> dict[str, tuple[str, ...]]:
    return {c.reference: c.reasons for c in find_duplicates(as_person(db, clerk), clerk, data)}


def test_same_baby_tc(db: Database, clerk: Actor) -> None:
    baby = tc()
    first = register_application(
        as_person(db, clerk), clerk, app_input(baby_tc_kimlik_no=baby), now=NOW
    )
    other = app_input(
        parent=parent(first_name="Ali", last_name="Veli"),
        baby_tc_kimlik_no=baby,
        baby_first_name="Mert",
        baby_last_name="Veli",
        baby_birth_date=TODAY - timedelta(days=90),
    )
    assert _reasons(as_person(db, clerk), clerk, other) == {
        first.reference: ("same_baby_tc", "same_baby")
    }
    second = register_application(as_person(db, clerk), clerk, other, now=NOW)
    assert second.status == "SUSPECTED_DUPLICATE"
    assert second.duplicate_of_id == first.id and second.duplicate_of_reference == first.reference
    assert second.eligible is True


def test_same_parent_tc_and_birth_date(db: Database, clerk: Actor) -> None:
    p = parent()
    first = register_application(as_person(db, clerk), clerk, app_input(parent=p), now=NOW)
    again = app_input(
        parent=parent(tc_kimlik_no=p.tc_kimlik_no, first_name="Zeynep Nur"),
        baby_first_name="Elif Su",
        baby_last_name="Arslan",
    )
    reasons = _reasons(as_person(db, clerk), clerk, again)
    assert "same_parent_birth_date" in reasons[first.reference]
    assert (
        register_application(as_person(db, clerk), clerk, again, now=NOW).status
        == "SUSPECTED_DUPLICATE"
    )


def test_same_phone_address_and_birth_date(db: Database, clerk: Actor) -> None:
    first = register_application(as_person(db, clerk), clerk, app_input(), now=NOW)
    # The father applies: another person, same phone and home, same baby.
    father = parent(
        first_name="Mehmet", tc_kimlik_no=tc(), mahalle="ulukavak mah.", street="MİMAR SİNAN CAD."
    )
    data = app_input(parent=father, baby_first_name="Elif")
    reasons = _reasons(as_person(db, clerk), clerk, data)
    assert "same_phone_address_birth_date" in reasons[first.reference]
    # A different building is not the same address.
    elsewhere = app_input(
        parent=parent(first_name="Mehmet", last_name="Kaya", building_no="15"),
        baby_first_name="Elif",
        baby_last_name="Kaya",
    )
    assert first.reference not in _reasons(as_person(db, clerk), clerk, elsewhere)


def test_similar_folded_names_within_three_days(db: Database, clerk: Actor) -> None:
    first = register_application(
        as_person(db, clerk), clerk, app_input(baby_first_name="Ayşegül"), now=NOW
    )
    other_family = app_input(
        parent=parent(
            first_name="Zeynep",
            last_name="Arslan",
            phone="0544 000 00 00",
            mahalle="Gülabibey",
            street="Başka Sok.",
            building_no="1",
        ),
        baby_first_name="AYSEGUL",
        baby_last_name="ARSLAN",
        baby_birth_date=TODAY - timedelta(days=22),
    )
    assert _reasons(as_person(db, clerk), clerk, other_family) == {
        first.reference: ("similar_names",)
    }
    too_far = app_input(
        parent=parent(phone="0544 000 00 00", street="Başka Sok."),
        baby_first_name="Aysegul",
        baby_birth_date=TODAY - timedelta(days=24),
    )
    assert first.reference not in _reasons(as_person(db, clerk), clerk, too_far)
    # Parent and baby names similar (not equal), birth dates 3 days apart.
    near = app_input(
        parent=parent(first_name="Zeynep Nur", phone="0544 000 00 01", street="Öte Sok."),
        baby_first_name="Ayşegül Naz",
        baby_birth_date=TODAY - timedelta(days=17),
    )
    assert _reasons(as_person(db, clerk), clerk, near) == {first.reference: ("similar_names",)}


def test_twins_are_not_duplicates(db: Database, clerk: Actor) -> None:
    p = parent()
    first = register_application(
        as_person(db, clerk), clerk, app_input(parent=p, baby_first_name="Ali"), now=NOW
    )
    twin = app_input(parent=parent(tc_kimlik_no=p.tc_kimlik_no), baby_first_name="Hasan")
    assert find_duplicates(as_person(db, clerk), clerk, twin) == []
    second = register_application(as_person(db, clerk), clerk, twin, now=NOW)
    assert second.status == "APPROVED" and first.status == "APPROVED"
    # Twins with similar names are flagged; a supervisor tells them apart.
    third = register_application(
        db,
        clerk,
        app_input(parent=parent(tc_kimlik_no=p.tc_kimlik_no), baby_first_name="Ala"),
        now=NOW,
    )
    assert third.status == "SUSPECTED_DUPLICATE"
    # Different baby T.C. numbers are two babies whatever their names.
    a = register_application(
        db,
        clerk,
        app_input(
            baby_first_name="Ece", baby_tc_kimlik_no=tc(), parent=parent(phone="0555 555 55 55")
        ),
        now=NOW,
    )
    b = register_application(
        db,
        clerk,
        app_input(
            baby_first_name="Ece", baby_tc_kimlik_no=tc(), parent=parent(phone="0555 555 55 56")
        ),
        now=NOW,
    )
    assert a.status == "APPROVED" and b.status == "APPROVED"


def test_cancelled_applications_are_not_candidates(db: Database, clerk: Actor) -> None:
    baby = tc()
    first = register_application(
        as_person(db, clerk), clerk, app_input(baby_tc_kimlik_no=baby), now=NOW
    )
    cancel_application(
        as_person(db, clerk), clerk, first.id, first.version, "Veli vazgeçti.", now=NOW
    )
    again = register_application(
        as_person(db, clerk), clerk, app_input(baby_tc_kimlik_no=baby), now=NOW
    )
    assert again.status == "APPROVED"


# --- supervisor decisions ---------------------------------------------------------------


def _pair(db: Database, clerk: Actor) -> tuple[Any, Any]:
    baby = tc()
    first = register_application(
        as_person(db, clerk), clerk, app_input(baby_tc_kimlik_no=baby), now=NOW
    )
    second = register_application(
        as_person(db, clerk), clerk, app_input(baby_tc_kimlik_no=baby, channel_code="WEB"), now=NOW
    )
    assert second.status == "SUSPECTED_DUPLICATE"
    return first, second


def test_merge_cancels_with_the_kept_reference(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    first, second = _pair(as_person(db, clerk), clerk)
    detail = decide_duplicate(
        db,
        supervisor,
        second.id,
        second.version,
        "merge",
        "Aynı bebek, web ve masadan iki kez başvurulmuş.",
        now=NOW,
    )
    assert detail.status == "CANCELLED" and detail.duplicate_of_reference == first.reference
    assert detail.cancel_reason is not None and first.reference in detail.cancel_reason
    assert detail.decided_by_name == "Şefik Işık"
    assert detail.events[-1].kind == "DECISION" and detail.events[-1].new_status == "CANCELLED"
    with unit_of_work(db) as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "application.merge")).one()
        assert row.old_values == {
            "status": "SUSPECTED_DUPLICATE",
            "decision_reason": None,
            "decided_by_id": None,
            "decided_at": None,
            "cancel_reason": None,
        }
        assert row.new_values is not None and row.new_values["status"] == "CANCELLED"
        assert row.detail == "Aynı bebek, web ve masadan iki kez başvurulmuş."


def test_distinct_reruns_eligibility(db: Database, clerk: Actor, supervisor: Actor) -> None:
    p = parent()
    register_application(
        as_person(db, clerk), clerk, app_input(parent=p, baby_first_name="Ela"), now=NOW
    )
    twin = register_application(
        db,
        clerk,
        app_input(parent=parent(tc_kimlik_no=p.tc_kimlik_no), baby_first_name="Eda"),
        now=NOW,
    )
    assert twin.status == "SUSPECTED_DUPLICATE"
    detail = decide_duplicate(
        as_person(db, supervisor),
        supervisor,
        twin.id,
        twin.version,
        "distinct",
        "İkizler; nüfus kaydı görüldü.",
        now=NOW,
    )
    assert detail.status == "APPROVED" and detail.eligible is True
    assert detail.eligibility_evidence is not None
    assert detail.eligibility_evidence["decision"]["decision"] == "distinct"
    assert detail.decision_reason == "İkizler; nüfus kaydı görüldü."


def test_distinct_for_the_same_baby_is_refused(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    first, second = _pair(as_person(db, clerk), clerk)
    with pytest.raises(Conflict) as err:
        decide_duplicate(
            as_person(db, supervisor),
            supervisor,
            second.id,
            second.version,
            "distinct",
            "Farklı sanıyorum.",
        )
    assert f"Bu bebek için onaylı bir başvuru zaten var: {first.reference}" in err.value.message
    assert _status(db, second.id) == "SUSPECTED_DUPLICATE"


def test_desk_role_refused_and_reason_required(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    _, second = _pair(as_person(db, clerk), clerk)
    with pytest.raises(PermissionDenied):
        decide_duplicate(
            as_person(db, clerk), clerk, second.id, second.version, "merge", "Aynı bebek."
        )
    with pytest.raises(ValidationError) as err:
        decide_duplicate(
            as_person(db, supervisor), supervisor, second.id, second.version, "merge", "  "
        )
    assert err.value.field == "gerekce" and "Gerekçe" in err.value.message
    assert _status(db, second.id) == "SUSPECTED_DUPLICATE"


def test_stale_version_is_refused_and_nothing_written(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    _, second = _pair(as_person(db, clerk), clerk)
    with pytest.raises(Conflict) as err:
        decide_duplicate(
            as_person(db, supervisor),
            supervisor,
            second.id,
            second.version - 1,
            "merge",
            "Aynı bebek.",
        )
    assert "başka bir masada değiştirildi" in err.value.message
    with unit_of_work(db) as s:
        n = s.scalar(
            select(func.count())
            .select_from(ApplicationEvent)
            .where(ApplicationEvent.application_id == second.id)
        )
        assert n == 2


def test_override_ineligible(db: Database, clerk: Actor, supervisor: Actor) -> None:
    result = register_application(
        as_person(db, clerk), clerk, app_input(parent=parent(mahalle="Uzak Köy")), now=NOW
    )
    with pytest.raises(PermissionDenied):
        override_ineligible(
            as_person(db, clerk), clerk, result.id, result.version, "Sınırda bir ev."
        )
    detail = override_ineligible(
        as_person(db, supervisor),
        supervisor,
        result.id,
        result.version,
        "Sınırdaki ev belediye hizmet alanında.",
        now=NOW,
    )
    assert detail.status == "APPROVED" and detail.version == result.version + 1
    with pytest.raises(InvalidTransition):
        override_ineligible(
            as_person(db, supervisor), supervisor, result.id, detail.version, "Tekrar."
        )


def test_cancel_any_role_not_after_delivery(db: Database, clerk: Actor) -> None:
    result = register_application(as_person(db, clerk), clerk, app_input(), now=NOW)
    with pytest.raises(ValidationError):
        cancel_application(as_person(db, clerk), clerk, result.id, result.version, "")
    detail = cancel_application(
        as_person(db, clerk), clerk, result.id, result.version, "Veli vazgeçti.", now=NOW
    )
    assert detail.status == "CANCELLED" and detail.cancel_reason == "Veli vazgeçti."
    assert detail.allowed_actions == ()
    with pytest.raises(InvalidTransition):
        cancel_application(as_person(db, clerk), clerk, result.id, detail.version, "Yine.")
    other = register_application(
        as_person(db, clerk), clerk, app_input(baby_first_name="Can"), now=NOW
    )
    with unit_of_work(db) as s:
        app = s.get(BabySetApplication, other.id)
        assert app is not None
        app.status = "DELIVERED"
    version = get_application(as_person(db, clerk), clerk, other.id).version
    with pytest.raises(InvalidTransition):
        cancel_application(as_person(db, clerk), clerk, other.id, version, "Geç kaldı.")
    with unit_of_work(db) as s:
        n = s.scalar(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.action == "application.cancel")
        )
        assert n == 1


# --- two desks at once ------------------------------------------------------------------


def _race(db_url: str, calls: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(call: Any) -> None:
        own = Database(db_url)
        try:
            barrier.wait()
            result = "ok:" + call(own).status
        except Conflict as exc:
            result = "conflict:" + exc.message
        finally:
            own.dispose()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_desks_approving_one_baby_at_once(
    db: Database, db_url: str, clerk: Actor, supervisor: Actor
) -> None:
    for _round in range(3):
        baby = tc()
        far = parent(mahalle="Uzak Köy")
        a = register_application(
            as_person(db, clerk), clerk, app_input(parent=far, baby_tc_kimlik_no=baby), now=NOW
        )
        b = register_application(
            as_person(db, clerk),
            clerk,
            app_input(parent=far, baby_tc_kimlik_no=baby, channel_code="WEB"),
            now=NOW,
        )
        assert a.status == b.status == "INELIGIBLE"
        outcomes = _race(
            db_url,
            [
                lambda own, x=a: override_ineligible(own, supervisor, x.id, x.version, "Sınırda."),
                lambda own, x=b: override_ineligible(own, supervisor, x.id, x.version, "Sınırda."),
            ],
        )
        assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "ok"], outcomes
        with unit_of_work(db) as s:
            statuses = sorted(
                s.scalars(
                    select(BabySetApplication.status).where(
                        BabySetApplication.baby_tc_kimlik_no == baby
                    )
                )
            )
            approved = s.scalars(
                select(BabySetApplication.reference).where(
                    BabySetApplication.baby_tc_kimlik_no == baby,
                    BabySetApplication.status == "APPROVED",
                )
            ).one()
            # The loser's transaction left no event or audit row behind.
            events = s.scalar(
                select(func.count())
                .select_from(ApplicationEvent)
                .where(
                    ApplicationEvent.application_id.in_([a.id, b.id]),
                    ApplicationEvent.kind == "DECISION",
                )
            )
        assert statuses == ["APPROVED", "INELIGIBLE"] and events == 1
        conflict = next(o for o in outcomes if o.startswith("conflict"))
        assert f"Bu bebek için onaylı bir başvuru zaten var: {approved}" in conflict


def test_two_desks_registering_one_baby_at_once(db: Database, db_url: str, clerk: Actor) -> None:
    baby = tc()
    data = [app_input(baby_tc_kimlik_no=baby, parent=parent()) for _ in range(4)]
    outcomes = _race(
        db_url, [lambda own, d=d: register_application(own, clerk, d, now=NOW) for d in data]
    )
    assert sorted(outcomes) == ["ok:APPROVED"] + ["ok:SUSPECTED_DUPLICATE"] * 3, outcomes
    with unit_of_work(db) as s:
        refs = list(s.scalars(select(BabySetApplication.reference).order_by(BabySetApplication.id)))
    assert len(set(refs)) == 4


def test_view_lists_candidates_for_a_suspected_duplicate(
    db: Database, clerk: Actor, supervisor: Actor
) -> None:
    first, second = _pair(as_person(db, clerk), clerk)
    detail = get_application(as_person(db, supervisor), supervisor, second.id)
    assert [c.reference for c in detail.duplicate_candidates] == [first.reference]
    assert detail.duplicate_candidates[0].reason_labels[0] == "Aynı bebek T.C. Kimlik No"
    assert detail.allowed_actions == ("decide_duplicate", "cancel")
    assert date.fromisoformat(detail.eligibility_evidence["facts"]["applied_at"]) == TODAY  # type: ignore[index]

"""Decisions on an application: a supervisor merges a suspected duplicate or accepts it as
distinct, approves an ineligible one with a reason; any role cancels before delivery.

Each takes the version on screen: a stale one is refused with Conflict and nothing is written.
The row is locked while the action runs; every action adds a timeline event, raises the version
and writes an audit row with old -> new values, in one transaction. Approving is guarded by the
partial unique index on the baby: when two desks approve the same baby at once, one commit
fails and becomes ``Conflict("Bu bebek için onaylı bir başvuru zaten var: HGB-...")``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.eligibility import DuplicateFact, EligibilityResult
from desk_app.domain.errors import InvalidTransition, ValidationError
from desk_app.domain.fields import FieldKey
from desk_app.domain.states import ApplicationStatus, check_application_transition
from desk_app.models import BabySetApplication, utcnow
from desk_app.services import audit
from desk_app.services.applications.common import (
    EVENT_CANCELLED,
    EVENT_DECISION,
    ApplicationDetail,
    active_same_baby,
    add_event,
    already_approved,
    not_found,
    stale,
)
from desk_app.services.applications.query import build_detail
from desk_app.services.applications.register import evaluate
from desk_app.services.context import Actor
from desk_app.services.delivery.booking import release_for_application
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only, unit_of_work

MAX_REASON_LENGTH = 2000
_TRACKED = (
    "status",
    "eligible",
    "duplicate_of_id",
    "decision_reason",
    "decided_by_id",
    "decided_at",
    "cancel_reason",
    "eligibility_checked_at",
)
_Work = Callable[[Session, BabySetApplication, str, datetime], str]


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise ValidationError(
            "Gerekçe boş; kararın gerekçesini yazın (işlem kayıtlarında saklanır).",
            FieldKey.GEREKCE,
        )
    if len(text) > MAX_REASON_LENGTH:
        raise ValidationError(
            f"Gerekçe en fazla {MAX_REASON_LENGTH} karakter olabilir; {len(text)} karakter "
            "girildi.",
            FieldKey.GEREKCE,
        )
    return text


def _state(app: BabySetApplication) -> dict[str, Any]:
    return {name: getattr(app, name) for name in _TRACKED}


def _holder_reference(db: Database, application_id: int) -> str | None:
    with read_only(db) as session:
        row = active_same_baby(session, application_id)
        return None if row is None else row[1]


def _act(
    db: Database,
    actor: Actor,
    application_id: int,
    expected_version: int,
    action: str,
    reason: str,
    work: _Work,
    now: datetime | None,
) -> ApplicationDetail:
    """Lock, check the version, do ``work`` (returns the new status), event, audit."""
    text = _reason(reason)
    now = now or utcnow()
    try:
        with unit_of_work(db) as session:
            app = session.scalar(
                select(BabySetApplication)
                .where(BabySetApplication.id == application_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            if app is None:
                raise not_found(application_id)
            if app.version != expected_version:
                raise stale()
            old = _state(app)
            old_status = app.status
            event_kind = work(session, app, text, now)
            app.updated_at = now
            session.flush()
            add_event(session, app.id, now, event_kind, actor.user_id, old_status, app.status, text)
            old_values, new_values = audit.changes(old, _state(app))
            audit.record(
                session,
                actor,
                action,
                "babyset_application",
                app.id,
                old=old_values,
                new=new_values,
                detail=text,
                subject_citizen_id=app.citizen_id,
            )
            session.flush()
            return build_detail(session, actor, app.id, now=now)
    except IntegrityError as exc:
        holder = _holder_reference(db, application_id)
        if holder is None:
            raise
        raise already_approved(holder) from exc


def _transition(app: BabySetApplication, new: ApplicationStatus, reason: str) -> None:
    check_application_transition(ApplicationStatus(app.status), new, reason)


def _approve_guard(session: Session, app: BabySetApplication) -> None:
    holder = active_same_baby(session, app.id)
    if holder is not None:
        raise already_approved(holder[1])


def decide_duplicate(
    db: Database,
    actor: Actor,
    application_id: int,
    expected_version: int,
    decision: Literal["merge", "distinct"],
    reason: str,
    *,
    now: datetime | None = None,
) -> ApplicationDetail:
    """A supervisor's decision on a SUSPECTED_DUPLICATE application.

    ``merge``: it is the same application as the one it was flagged against (kept), so it
    becomes CANCELLED with a reason naming the kept reference. ``distinct``: it is another baby;
    eligibility is re-run without the duplicate check and it becomes APPROVED or INELIGIBLE
    (refused with Conflict if the same baby already holds an approved application)."""
    require(actor, Action.DECIDE_DUPLICATE)
    if decision not in ("merge", "distinct"):
        raise ValidationError(
            "Karar ‘birleştir’ (merge) veya ‘farklı başvuru’ (distinct) olmalı.", "karar"
        )

    def work(session: Session, app: BabySetApplication, text: str, now: datetime) -> str:
        if app.status != ApplicationStatus.SUSPECTED_DUPLICATE.value:
            raise InvalidTransition(
                "Bu başvuru mükerrer şüphesiyle beklemiyor; karar verilecek bir durum yok. "
                "Başvuruyu yeniden açın.",
                "durum",
            )
        app.decision_reason = text
        app.decided_by_id = actor.user_id
        app.decided_at = now
        if decision == "merge":
            kept = (
                session.get(BabySetApplication, app.duplicate_of_id)
                if app.duplicate_of_id is not None
                else None
            )
            if kept is None:
                raise ValidationError(
                    "Bu başvurunun birleştirileceği başvuru kayıtlı değil; ‘farklı başvuru’ "
                    "kararı verin veya başvuruyu iptal edin.",
                    "karar",
                )
            _transition(app, ApplicationStatus.CANCELLED, text)
            app.status = ApplicationStatus.CANCELLED
            app.cancel_reason = f"Mükerrer başvuru; {kept.reference} ile birleştirildi. {text}"
            return EVENT_DECISION
        active = active_same_baby(session, app.id)
        facts = (
            () if active is None else (DuplicateFact(active[0], active[1], ("same_baby",), True),)
        )
        result = evaluate(session, app, facts, now)
        if result.result is EligibilityResult.DUPLICATE:
            assert active is not None
            raise already_approved(active[1])
        new = (
            ApplicationStatus.APPROVED
            if result.result is EligibilityResult.ELIGIBLE
            else ApplicationStatus.INELIGIBLE
        )
        _transition(app, new, text)
        evidence = dict(result.evidence)
        evidence["decision"] = {
            "decision": "distinct",
            "reason": text,
            "duplicate_of_id": app.duplicate_of_id,
        }
        app.status = new
        app.eligible = result.eligible
        app.eligibility_evidence = evidence
        app.eligibility_checked_at = now
        if new is ApplicationStatus.INELIGIBLE:
            app.decision_reason = f"{text} — {' '.join(result.reasons)}"
        return EVENT_DECISION

    return _act(
        db, actor, application_id, expected_version, f"application.{decision}", reason, work, now
    )


def override_ineligible(
    db: Database,
    actor: Actor,
    application_id: int,
    expected_version: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> ApplicationDetail:
    """A supervisor approves an INELIGIBLE application, with a written reason."""
    require(actor, Action.OVERRIDE_ELIGIBILITY)

    def work(session: Session, app: BabySetApplication, text: str, now: datetime) -> str:
        if app.status != ApplicationStatus.INELIGIBLE.value:
            raise InvalidTransition(
                "Yalnızca ‘Uygun değil’ durumundaki bir başvuru bu yolla onaylanabilir; "
                "başvuruyu yeniden açın.",
                "durum",
            )
        _transition(app, ApplicationStatus.APPROVED, text)
        _approve_guard(session, app)
        app.status = ApplicationStatus.APPROVED
        app.decision_reason = text
        app.decided_by_id = actor.user_id
        app.decided_at = now
        return EVENT_DECISION

    return _act(
        db, actor, application_id, expected_version, "application.override", reason, work, now
    )


def cancel_application(
    db: Database,
    actor: Actor,
    application_id: int,
    expected_version: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> ApplicationDetail:
    """Cancel an application before delivery, with a reason (any role)."""
    require(actor, Action.CANCEL_APPLICATION)

    def work(session: Session, app: BabySetApplication, text: str, now: datetime) -> str:
        if app.status in (ApplicationStatus.DELIVERED.value, ApplicationStatus.CANCELLED.value):
            raise InvalidTransition(
                "Teslim edilmiş veya iptal edilmiş bir başvuru iptal edilemez.", "durum"
            )
        _transition(app, ApplicationStatus.CANCELLED, text)
        # A booked delivery is cancelled with it and its place given back.
        release_for_application(session, app.id, now)
        app.status = ApplicationStatus.CANCELLED
        app.cancel_reason = text
        return EVENT_CANCELLED

    return _act(
        db, actor, application_id, expected_version, "application.cancel", reason, work, now
    )

"""Registering a Hoş Geldin Bebek application (at the desk, or one row of the web export).

``register_in_session`` does everything inside the caller's transaction without committing:
validation (``ApplicationInvalid`` names every bad field), the applicant (an existing citizen, or
the one with the given T.C. Kimlik No, or a new one), the KVKK notice record (who, when, which
version, desk/web), the reference number, duplicates, eligibility with evidence, the timeline
and the audit rows. ``register_application`` wraps it in one transaction for the desk.

The one-set-per-baby rule is enforced by the database (partial unique index over approved,
scheduled and delivered applications): if another desk approves the same baby while this one
saves, the insert fails inside a savepoint and the application is saved as a suspected
duplicate of the winner instead; the caller's transaction stays usable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.eligibility import (
    DuplicateFact,
    EligibilityDecision,
    EligibilityFacts,
    EligibilityResult,
    EligibilityRules,
    decide,
    duplicate_message,
)
from desk_app.domain.errors import Conflict
from desk_app.domain.references import ReferenceKind
from desk_app.domain.states import ApplicationStatus
from desk_app.domain.tckn import mask_tckn
from desk_app.domain.text import fold, skeleton
from desk_app.models import Address, BabySetApplication, Channel, Citizen, Mahalle, Setting, utcnow
from desk_app.services import audit
from desk_app.services.admin.settings import get_value
from desk_app.services.applications.common import (
    EVENT_ELIGIBILITY,
    EVENT_RECEIVED,
    LIVE_STATES,
    REASON_SAME_BABY,
    SOURCES,
    AlreadyImported,
    ApplicationInput,
    ApplicationInvalid,
    ApplicationResult,
    DuplicateCandidate,
    active_for_key,
    add_event,
    baby_key,
    status_label,
)
from desk_app.services.applications.duplicates import (
    NAME_CACHE_KEY,
    NameRow,
    NameWindowCache,
    Probe,
    candidates,
)
from desk_app.services.applications.input import CheckedBaby, checked_or_raise
from desk_app.services.applications.parent import Parent, resolve_parent
from desk_app.services.citizens.records import _served, session_memo
from desk_app.services.context import Actor
from desk_app.services.notify import outbox as notify
from desk_app.services.permissions import Action, require
from desk_app.services.references import next_reference
from desk_app.services.uow import read_only, unit_of_work

_RULE_KEYS = ("eligibility.max_baby_age_months", "eligibility.require_served_mahalle")
_STATUS_FOR = {
    EligibilityResult.ELIGIBLE: ApplicationStatus.APPROVED,
    EligibilityResult.INELIGIBLE: ApplicationStatus.INELIGIBLE,
    EligibilityResult.DUPLICATE: ApplicationStatus.SUSPECTED_DUPLICATE,
}


def current_rules(session: Session) -> EligibilityRules:
    def load() -> EligibilityRules:
        changed = session.scalar(
            select(func.max(Setting.updated_at)).where(Setting.key.in_(_RULE_KEYS))
        )
        return EligibilityRules(
            max_baby_age_months=int(get_value(session, "eligibility.max_baby_age_months")),
            require_served_mahalle=bool(get_value(session, "eligibility.require_served_mahalle")),
            changed_at=changed,
        )

    return session_memo(session, "eligibility_rules", load)


def _mahalle_fact(session: Session, address: Address | None) -> tuple[str | None, bool]:
    if address is None:
        return None, False
    name = address.mahalle_text
    if address.mahalle_id is not None:
        names = session_memo(
            session,
            "mahalle_names",
            lambda: dict(session.execute(select(Mahalle.id, Mahalle.name)).all()),
        )
        name = names.get(address.mahalle_id) or name
    return name, bool(address.served and address.mahalle_id is not None)


def dup_facts(found: list[DuplicateCandidate]) -> tuple[DuplicateFact, ...]:
    return tuple(
        DuplicateFact(
            c.application_id, c.reference, c.reasons, same_baby_active=REASON_SAME_BABY in c.reasons
        )
        for c in found
    )


def _has_baby_tc(app: BabySetApplication) -> bool:
    """Whether the application carries the baby's number: from the number when this session
    holds it (a form being saved), else from the masked column (desks cannot load the number)."""
    if "baby_tc_kimlik_no" in app.__dict__:
        return app.__dict__["baby_tc_kimlik_no"] is not None
    return app.baby_tc_masked is not None


def evaluate(
    session: Session,
    app: BabySetApplication,
    duplicates: tuple[DuplicateFact, ...],
    now: datetime,
) -> EligibilityDecision:
    """The rules in force today applied to the stored application."""
    address = session.get(Address, app.address_id) if app.address_id is not None else None
    mahalle, served = _mahalle_fact(session, address)
    facts = EligibilityFacts(
        applied_at=app.applied_at,
        baby_birth_date=app.baby_birth_date,
        baby_tc_given=_has_baby_tc(app),
        mahalle=mahalle,
        mahalle_served=served,
        duplicates=duplicates,
    )
    return decide(facts, current_rules(session), checked_at=now)


def eligibility_text(decision: EligibilityDecision) -> str:
    if decision.result is EligibilityResult.INELIGIBLE:
        return " ".join(decision.reasons)
    if decision.result is EligibilityResult.DUPLICATE:
        facts = [
            DuplicateFact(d["application_id"], d["reference"], tuple(d["reasons"]))
            for d in decision.evidence["duplicates"]
        ]
        return duplicate_message(facts)
    return "Uygunluk koşulları sağlandı."


def _channel_id(session: Session, code: str) -> int:
    channel_id = session_memo(
        session,
        f"channel:{code}",
        lambda: session.scalar(
            select(Channel.id).where(Channel.code == code, Channel.active.is_(True))
        ),
    )
    if channel_id is None:
        raise ApplicationInvalid(
            {"kanal": f"Başvuru kanalı ‘{code}’ tanınmıyor; listeden bir kanal seçin."}
        )
    return channel_id


def _notice_version(session: Session, data: ApplicationInput, source: str) -> str:
    current = str(
        session_memo(session, "notice_version", lambda: get_value(session, "kvkk.notice_version"))
    )
    given = data.notice_version.strip()
    if source == "desk" and given and given != current:
        raise ApplicationInvalid(
            {
                "aydinlatma": f"Aydınlatma metni güncellendi (gösterilen sürüm {given}, geçerli "
                f"sürüm {current}); veliye güncel metni gösterip yeniden işaretleyin."
            }
        )
    return (given or current)[:20]


def _audit_values(app: BabySetApplication) -> dict[str, Any]:
    return {
        "reference": app.reference,
        "web_reference": app.web_reference,
        "citizen_id": app.citizen_id,
        "applied_at": app.applied_at,
        "baby_first_name": app.baby_first_name,
        "baby_last_name": app.baby_last_name,
        "baby_birth_date": app.baby_birth_date,
        "baby_tc_kimlik_no": mask_tckn(app.baby_tc_kimlik_no) if app.baby_tc_kimlik_no else None,
        "status": app.status,
        "eligible": app.eligible,
        "duplicate_of_id": app.duplicate_of_id,
        "notice_version": app.notice_version,
        "notice_source": app.notice_source,
        "address_id": app.address_id,
        "phone_e164": app.phone_e164,
    }


def _insert(session: Session, values: dict[str, Any]) -> BabySetApplication | None:
    """Insert inside a savepoint; None when the unique index on the baby refused it."""
    app = BabySetApplication(**values)
    try:
        with session.begin_nested():
            session.add(app)
            session.flush()
    except IntegrityError:
        if values["status"] not in (ApplicationStatus.APPROVED.value,):
            raise
        return None
    return app


def _refuse_imported_twice(session: Session, web_reference: str) -> None:
    """AlreadyImported when an application with this web reference exists."""
    existing = session.execute(
        select(BabySetApplication.id, BabySetApplication.reference).where(
            BabySetApplication.web_reference == web_reference
        )
    ).first()
    if existing is not None:
        raise AlreadyImported(web_reference, existing[0], existing[1])


def _row_values(
    reference: str,
    checked: CheckedBaby,
    parent: Parent,
    channel_id: int,
    key: str,
    notice_version: str,
    actor: Actor,
    source: str,
    now: datetime,
) -> dict[str, Any]:
    """The new application's columns, before the eligibility decision fills its status."""
    citizen: Citizen = parent.citizen
    address = parent.address
    return {
        "reference": reference,
        "web_reference": checked.web_reference,
        "citizen_id": citizen.id,
        "address_id": address.id if address else None,
        # The list's copies (models/babyset.py): the filters read them on this row.
        "mahalle_id": address.mahalle_id if address else None,
        "parent_name_folded": citizen.name_folded,
        "phone_e164": parent.phone_e164,
        "channel_id": channel_id,
        "applied_at": checked.applied_at,
        "baby_first_name": checked.first_name,
        "baby_last_name": checked.last_name,
        "baby_name_folded": fold(f"{checked.first_name} {checked.last_name}"),
        "baby_birth_date": checked.birth_date,
        "baby_tc_kimlik_no": checked.tc_kimlik_no,
        "baby_key": key,
        "notice_version": notice_version,
        "notice_acknowledged_at": now,
        "notice_recorded_by_id": actor.user_id,
        "notice_source": source,
        "failed_attempts": 0,
        "created_by_id": actor.user_id,
        "created_at": now,
        "updated_at": now,
    }


def _decide_and_insert(
    session: Session,
    actor: Actor,
    values: dict[str, Any],
    probe: Probe,
    found: list[DuplicateCandidate],
    key: str,
    now: datetime,
) -> tuple[BabySetApplication, EligibilityDecision, list[DuplicateCandidate]]:
    """Decide eligibility and insert; when another desk approved the same baby a moment ago,
    decide again against it (once). Returns the row, the decision and the candidates used."""
    app: BabySetApplication | None = None
    decision: EligibilityDecision | None = None
    for _ in range(2):
        probe_app = BabySetApplication(**values)  # transient: evaluated, never added
        decision = evaluate(session, probe_app, dup_facts(found), now)
        status = _STATUS_FOR[decision.result]
        best = found[0] if decision.result is EligibilityResult.DUPLICATE else None
        values.update(
            status=status.value,
            eligible=decision.eligible,
            eligibility_evidence=decision.evidence,
            eligibility_checked_at=now,
            duplicate_of_id=best.application_id if best else None,
            decision_reason=" ".join(decision.reasons) or None,
            decided_at=now if status is ApplicationStatus.INELIGIBLE else None,
            decided_by_id=actor.user_id if status is ApplicationStatus.INELIGIBLE else None,
        )
        app = _insert(session, values)
        if app is not None:
            break
        # Another desk approved this baby a moment ago: refer this one to a supervisor.
        winner = active_for_key(session, key)
        if winner is None:
            raise Conflict(
                "Başvuru kaydedilemedi; aynı anda başka bir kayıt yapıldı, yeniden deneyin."
            )
        found = candidates(session, probe)
    if app is None or decision is None:
        raise Conflict("Başvuru kaydedilemedi; aynı anda başka bir kayıt yapıldı, yeniden deneyin.")
    return app, decision, found


def _remember_name(session: Session, app: BabySetApplication, citizen: Citizen) -> None:
    """Add a live application to the session's name window (a long import checks against it)."""
    cache = session.info.get(NAME_CACHE_KEY)
    if isinstance(cache, NameWindowCache) and app.status in LIVE_STATES:
        cache.add(
            NameRow(
                id=app.id,
                reference=app.reference,
                status=app.status,
                citizen_id=citizen.id,
                baby_first_name=app.baby_first_name,
                baby_last_name=app.baby_last_name,
                baby_birth_date=app.baby_birth_date,
                baby_tc_masked=mask_tckn(app.baby_tc_kimlik_no) if app.baby_tc_kimlik_no else None,
                first_name=citizen.first_name,
                last_name=citizen.last_name,
                baby_skeleton=skeleton(f"{app.baby_first_name} {app.baby_last_name}"),
                baby_last_skeleton=skeleton(app.baby_last_name),
            )
        )


def _record_history(
    session: Session,
    actor: Actor,
    app: BabySetApplication,
    decision: EligibilityDecision,
    found: list[DuplicateCandidate],
    checked: CheckedBaby,
    parent: Parent,
    source: str,
    now: datetime,
) -> None:
    """The application's first two events: received (desk or web) and the eligibility check."""
    received = (
        f"Web sitesinden aktarıldı ({checked.web_reference})."
        if source == "web" and checked.web_reference
        else "Web sitesinden aktarıldı."
        if source == "web"
        else "Masada kaydedildi."
    )
    add_event(
        session,
        app.id,
        now,
        EVENT_RECEIVED,
        actor.user_id,
        None,
        "RECEIVED",
        received,
        parent.web_differences or None,
    )
    extra: dict[str, Any] = {"result": decision.result.value}
    if app.duplicate_of_id is not None:
        extra["duplicate_of"] = found[0].reference
    add_event(
        session,
        app.id,
        now,
        EVENT_ELIGIBILITY,
        actor.user_id,
        "RECEIVED",
        app.status,
        eligibility_text(decision),
        extra,
    )


def _result(
    app: BabySetApplication,
    parent: Parent,
    decision: EligibilityDecision,
    found: list[DuplicateCandidate],
) -> ApplicationResult:
    return ApplicationResult(
        id=app.id,
        reference=app.reference,
        status=app.status,
        status_label=status_label(app.status),
        citizen_id=parent.citizen.id,
        citizen_created=parent.created,
        eligible=app.eligible,
        reasons=decision.reasons,
        duplicate_of_id=app.duplicate_of_id,
        duplicate_of_reference=found[0].reference if app.duplicate_of_id is not None else None,
        duplicates=tuple(found),
        version=app.version,
    )


def register_in_session(
    session: Session,
    actor: Actor,
    data: ApplicationInput,
    *,
    source: str,
    now: datetime | None = None,
) -> ApplicationResult:
    """Register one application in ``session`` (no commit). ``source`` is "desk" or "web"
    (where the notice was shown). Raises ApplicationInvalid (a ValidationError naming the field)
    for bad input and AlreadyImported when the web reference exists."""
    require(actor, Action.REGISTER_APPLICATION)
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    now = now or utcnow()
    served = _served(session)
    checked: CheckedBaby = checked_or_raise(data, list(served), today=local_today(now))
    channel_id = _channel_id(session, data.channel_code)
    if checked.web_reference is not None:
        _refuse_imported_twice(session, checked.web_reference)
    notice_version = _notice_version(session, data, source)
    parent = resolve_parent(session, actor, data, source, served, now)
    citizen: Citizen = parent.citizen
    key = baby_key(checked.tc_kimlik_no, citizen.id, checked.birth_date, checked.first_name)
    address = parent.address
    probe = Probe(
        baby_first_name=checked.first_name,
        baby_last_name=checked.last_name,
        baby_birth_date=checked.birth_date,
        baby_tc=checked.tc_kimlik_no,
        parent_citizen_id=citizen.id,
        # parent_tc is not needed: the number is unique, so it names this parent_citizen_id.
        parent_is_new=parent.created,
        parent_first_name=citizen.first_name,
        parent_last_name=citizen.last_name,
        phone_e164=parent.phone_e164,
        mahalle_id=address.mahalle_id if address else None,
        mahalle_text=address.mahalle_text if address else "",
        street=address.street if address else "",
        building_no=address.building_no if address else "",
    )
    found = candidates(session, probe)
    reference = next_reference(session, ReferenceKind.APPLICATION, checked.applied_at.year)
    values = _row_values(
        reference, checked, parent, channel_id, key, notice_version, actor, source, now
    )
    values["client_token"] = data.client_token or None
    app, decision, found = _decide_and_insert(session, actor, values, probe, found, key, now)
    _remember_name(session, app, citizen)
    _record_history(session, actor, app, decision, found, checked, parent, source, now)
    notify.application_received(session, app.id, now)
    audit.record(
        session,
        actor,
        "application.create",
        "babyset_application",
        app.id,
        new=_audit_values(app),
        subject_citizen_id=citizen.id,
    )
    session.flush()
    return _result(app, parent, decision, found)


def _stored_for_token(session: Session, token: str | None) -> ApplicationResult | None:
    """The application an earlier attempt of the same form saved (its ``client_token``)."""
    if not token:
        return None
    app = session.scalar(select(BabySetApplication).where(BabySetApplication.client_token == token))
    if app is None:
        return None
    duplicate_of = (
        session.get(BabySetApplication, app.duplicate_of_id) if app.duplicate_of_id else None
    )
    return ApplicationResult(
        id=app.id,
        reference=app.reference,
        status=app.status,
        status_label=status_label(app.status),
        citizen_id=app.citizen_id,
        citizen_created=False,
        eligible=app.eligible,
        reasons=tuple(filter(None, [app.decision_reason])),
        duplicate_of_id=app.duplicate_of_id,
        duplicate_of_reference=duplicate_of.reference if duplicate_of else None,
        duplicates=(),
        version=app.version,
    )


def register_application(
    db: Database, actor: Actor, data: ApplicationInput, *, now: datetime | None = None
) -> ApplicationResult:
    """Register an application at the desk: one transaction (notice shown at the desk). With
    ``data.client_token`` a repeated save of the same form returns what the first one stored."""
    require(actor, Action.REGISTER_APPLICATION)
    try:
        with unit_of_work(db) as session:
            stored = _stored_for_token(session, data.client_token)
            if stored is not None:
                return stored
            return register_in_session(session, actor, data, source="desk", now=now)
    except IntegrityError as exc:
        if data.client_token:  # the same form's other attempt committed a moment earlier
            with read_only(db) as session:
                stored = _stored_for_token(session, data.client_token)
            if stored is not None:
                return stored
        # Another desk saved the same parent T.C. Kimlik No or web reference at this moment.
        raise Conflict(
            "Aynı anda başka bir masada aynı veli veya başvuru kaydedildi; hiçbir şey "
            "kaydedilmedi. Veliyi yeniden arayıp tekrar deneyin."
        ) from exc

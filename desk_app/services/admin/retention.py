"""KVKK retention: anonymise the personal data of finished work older than the retention
period, keep every statistic, and write a destruction record (imha tutanağı).

The rule (``kvkk.retention_years``, default 5; ``cutoff`` = now minus that many years):

- A **request** is finished when its status is RESOLVED, REJECTED or CLOSED; it is due when it
  finished before the cutoff (``closed_at``, else its last change ``updated_at``) and nothing
  happened on its timeline since. Its subject, description, answer and timeline texts are
  replaced by a marker. Channel, category, directorate, status, dates, due date, the informed
  facts and the link to the (anonymised) citizen stay, so the summary counts the same.
- A **baby-set application** is finished when DELIVERED (measured from ``delivered_at``) or
  CANCELLED / INELIGIBLE (measured from its last change); nothing on its timeline since the
  cutoff. The baby's name becomes "Anonim", the baby's T.C. Kimlik No and the phone are
  removed, the birth date keeps only its month, eligibility evidence and reason texts go,
  timeline texts and data go; who received the set and the attempt notes are removed from its
  delivery attempts. Status, dates, channel, deliveries and outcomes stay.
- A **citizen** is anonymised when every request and application of theirs is anonymised (or
  due now), their record, addresses and contact observations have not changed since the cutoff:
  name "Anonim", T.C. Kimlik No, phone, e-mail and notes removed, the street, building and
  apartment of every address cleared (the mahalle stays, for statistics), ``anonymised_at`` set.
- **Addresses** that stopped being current before the cutoff and serve no live application
  lose street, building and apartment; **contact observations** from the web export older than
  the cutoff (and all of an anonymised citizen) lose the values they observed.
- **Audit rows** keep who did what, when, to which record; for the records anonymised here (and
  every row whose subject is an anonymised citizen) the old/new values and the free-text detail
  are removed: KVKK destruction must not leave a copy of the data in the audit trail.
- **Copies elsewhere.** A value destroyed here for a person who stays (an old address, a phone
  the web export once showed) is also removed wherever it was copied for that person: the
  old/new values and detail of their audit rows, the ``current`` snapshot of their other
  contact observations and the data of their applications' events. A value the person still
  has on file (their current address or phone) is kept.
- **The file itself.** SQLite connections run with ``secure_delete`` (freed content is
  overwritten with zeros); after a real run the full-text index is merged, the file is
  ``VACUUM``-ed and the WAL truncated, so the old values survive in no free page. On PostgreSQL
  the touched tables are ``VACUUM``-ed after the run (dead row versions go); ``VACUUM`` needs the
  table owner, so with the desk roles of a shared server the owner's nightly ``vacuumdb`` (see
  the README's security section) is what finally removes them.

Everything runs in one transaction: a failure leaves nothing half-written. A dry run counts and
writes nothing. Each real run writes one destruction record (counts and id ranges per kind) kept
at least three years; records older than their ``keep_until`` are purged by the job.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    String,
    Table,
    and_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    func,
    literal,
    not_,
    null,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desk_app.db import Database
from desk_app.domain.states import ApplicationStatus, RequestStatus
from desk_app.domain.text import fold
from desk_app.models import (
    Address,
    ApplicationEvent,
    AuditLog,
    BabySetApplication,
    Citizen,
    ContactObservation,
    Delivery,
    DeliveryAttempt,
    DestructionRecord,
    Request,
    RequestEvent,
    SmsMessage,
    utcnow,
)
from desk_app.services import audit
from desk_app.services.admin.settings import get_value
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import on_postgres, unit_of_work

ANON_NAME = "Anonim"
REDACTED = "[anonimleştirildi]"
ANON_KEY_PREFIX = "anon:"
ANON_SOURCE = "anonymised"  # contact_observation.source once its values are gone
RECORD_KEEP_YEARS = 3  # the minimum life of a destruction record
METHOD = "anonymisation"
_CHUNK = 500
_SHORT_KEYS = frozenset({"building_no", "apartment_no"})  # "7" is a secret only under these
_MIN_SUBSTRING = 4  # shorter values are matched whole, never inside other text
# Tables whose rows a run rewrites (VACUUM-ed after it on PostgreSQL).
TOUCHED_TABLES = (
    "request",
    "request_event",
    "babyset_application",
    "application_event",
    "delivery_attempt",
    "address",
    "contact_observation",
    "citizen",
    "audit_log",
)
_log = logging.getLogger(__name__)

FINISHED_REQUEST_STATUSES = (
    RequestStatus.RESOLVED.value,
    RequestStatus.REJECTED.value,
    RequestStatus.CLOSED.value,
)
ENDED_APPLICATION_STATUSES = (
    ApplicationStatus.CANCELLED.value,
    ApplicationStatus.INELIGIBLE.value,
)
KINDS = (
    "requests",
    "request_events",
    "applications",
    "application_events",
    "delivery_attempts",
    "addresses",
    "contact_observations",
    "citizens",
    "audit_rows",
)


@dataclass(frozen=True)
class RetentionResult:
    dry_run: bool
    retention_years: int
    cutoff: datetime
    counts: dict[str, int]
    record_id: int | None = None
    purged_records: int = 0
    id_ranges: dict[str, list[list[int]]] = field(default_factory=dict)
    compacted: bool = False  # the file was VACUUM-ed after the run (see the module docstring)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "retention_years": self.retention_years,
            "cutoff": self.cutoff.isoformat(),
            "counts": dict(self.counts),
            "destruction_record_id": self.record_id,
            "purged_destruction_records": self.purged_records,
            "compacted": self.compacted,
        }


# --- dates ------------------------------------------------------------------------------


def years_before(moment: datetime, years: int) -> datetime:
    """The same calendar instant ``years`` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def years_after(moment: datetime, years: int) -> datetime:
    return years_before(moment, -years)


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """``[1, 2, 3, 7]`` -> ``[[1, 3], [7, 7]]``: compact, exact lists for the record."""
    ranges: list[list[int]] = []
    for i in sorted(set(ids)):
        if ranges and ranges[-1][1] == i - 1:
            ranges[-1][1] = i
        else:
            ranges.append([i, i])
    return ranges


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


# --- which records are due --------------------------------------------------------------


def _request_anonymised() -> ColumnElement[bool]:
    return Request.subject == REDACTED


def _request_due(cutoff: datetime) -> ColumnElement[bool]:
    recent_event = exists().where(RequestEvent.request_id == Request.id, RequestEvent.at >= cutoff)
    return and_(
        Request.status.in_(FINISHED_REQUEST_STATUSES),
        func.coalesce(Request.closed_at, Request.updated_at) < cutoff,
        Request.updated_at < cutoff,
        not_(recent_event),
        not_(_request_anonymised()),
    )


def _application_anonymised() -> ColumnElement[bool]:
    return BabySetApplication.baby_key.startswith(ANON_KEY_PREFIX)


def _application_due(cutoff: datetime) -> ColumnElement[bool]:
    A = BabySetApplication
    recent_event = exists().where(
        ApplicationEvent.application_id == A.id, ApplicationEvent.at >= cutoff
    )
    recent_attempt = exists().where(
        Delivery.application_id == A.id,
        DeliveryAttempt.delivery_id == Delivery.id,
        DeliveryAttempt.at >= cutoff,
    )
    return and_(
        or_(
            and_(A.status == ApplicationStatus.DELIVERED.value, A.delivered_at < cutoff),
            and_(A.status.in_(ENDED_APPLICATION_STATUSES), A.updated_at < cutoff),
        ),
        not_(recent_event),
        not_(recent_attempt),
        not_(_application_anonymised()),
    )


def _citizen_due(cutoff: datetime) -> ColumnElement[bool]:
    live_request = exists().where(
        Request.citizen_id == Citizen.id,
        not_(or_(_request_anonymised(), _request_due(cutoff))),
    )
    live_application = exists().where(
        BabySetApplication.citizen_id == Citizen.id,
        not_(or_(_application_anonymised(), _application_due(cutoff))),
    )
    recent_address = exists().where(
        Address.citizen_id == Citizen.id,
        or_(Address.valid_from >= cutoff, Address.valid_to >= cutoff),
    )
    recent_observation = exists().where(
        ContactObservation.citizen_id == Citizen.id, ContactObservation.observed_at >= cutoff
    )
    return and_(
        Citizen.anonymised_at.is_(None),
        Citizen.created_at < cutoff,
        Citizen.updated_at < cutoff,
        not_(live_request),
        not_(live_application),
        not_(recent_address),
        not_(recent_observation),
    )


def _address_cleared() -> ColumnElement[bool]:
    return and_(Address.street == "", Address.building_no == "", Address.apartment_no == "")


def _ids(session: Session, stmt: Any) -> list[int]:
    return sorted(int(i) for i in session.scalars(stmt))


@dataclass
class _Plan:
    requests: list[int]
    applications: list[int]
    citizens: list[int]
    deliveries: list[int] = field(default_factory=list)
    attempts: list[int] = field(default_factory=list)
    request_events: list[int] = field(default_factory=list)
    application_events: list[int] = field(default_factory=list)
    addresses: list[int] = field(default_factory=list)
    observations: list[int] = field(default_factory=list)
    audit_rows: list[int] = field(default_factory=list)
    # Copies of destroyed values kept for people who stay: (model, id, new column values).
    scrubs: list[tuple[Any, int, dict[str, Any]]] = field(default_factory=list)

    def _with_scrubs(self, model: Any, ids: list[int]) -> list[int]:
        return sorted(set(ids) | {i for m, i, _ in self.scrubs if m is model})

    def _ids(self) -> dict[str, list[int]]:
        return {
            "requests": self.requests,
            "request_events": self.request_events,
            "applications": self.applications,
            "application_events": self._with_scrubs(ApplicationEvent, self.application_events),
            "delivery_attempts": self.attempts,
            "addresses": self.addresses,
            "contact_observations": self._with_scrubs(ContactObservation, self.observations),
            "citizens": self.citizens,
            "audit_rows": self._with_scrubs(AuditLog, self.audit_rows),
        }

    def counts(self) -> dict[str, int]:
        return {kind: len(ids) for kind, ids in self._ids().items()}

    def ranges(self) -> dict[str, list[list[int]]]:
        return {kind: id_ranges(ids) for kind, ids in self._ids().items()}


def _in_chunks(session: Session, column: Any, ids: Sequence[int], stmt: Any) -> list[int]:
    """``stmt`` filtered by ``column IN ids``, a chunk at a time (bound-parameter limits)."""
    found: list[int] = []
    for chunk in _chunks(ids):
        found += [int(i) for i in session.scalars(stmt.where(column.in_(chunk)))]
    return sorted(set(found))


def _plan(session: Session, cutoff: datetime) -> _Plan:
    plan = _Plan(
        requests=_ids(session, select(Request.id).where(_request_due(cutoff))),
        applications=_ids(session, select(BabySetApplication.id).where(_application_due(cutoff))),
        citizens=_ids(session, select(Citizen.id).where(_citizen_due(cutoff))),
    )
    plan.request_events = _in_chunks(
        session,
        RequestEvent.request_id,
        plan.requests,
        select(RequestEvent.id).where(RequestEvent.text != ""),
    )
    plan.application_events = _in_chunks(
        session,
        ApplicationEvent.application_id,
        plan.applications,
        select(ApplicationEvent.id).where(
            or_(ApplicationEvent.text != "", ApplicationEvent.data.is_not(None))
        ),
    )
    plan.deliveries = _in_chunks(
        session, Delivery.application_id, plan.applications, select(Delivery.id)
    )
    plan.attempts = _in_chunks(
        session,
        DeliveryAttempt.delivery_id,
        plan.deliveries,
        select(DeliveryAttempt.id).where(
            or_(DeliveryAttempt.received_by.is_not(None), DeliveryAttempt.note.is_not(None))
        ),
    )
    # Addresses: every one of an anonymised citizen; old ones no live application uses.
    # (One pass over the applications: address_id has no index to probe per address.)
    live_app_addresses = set(
        session.scalars(
            select(BabySetApplication.address_id).where(
                BabySetApplication.address_id.is_not(None),
                not_(or_(_application_anonymised(), _application_due(cutoff))),
            )
        )
    )
    old_addresses = [
        i
        for i in _ids(
            session,
            select(Address.id).where(Address.valid_to < cutoff, not_(_address_cleared())),
        )
        if i not in live_app_addresses
    ]
    citizen_addresses = _in_chunks(
        session,
        Address.citizen_id,
        plan.citizens,
        select(Address.id).where(not_(_address_cleared())),
    )
    plan.addresses = sorted(set(old_addresses) | set(citizen_addresses))
    old_observations = _ids(
        session,
        select(ContactObservation.id).where(
            ContactObservation.observed_at < cutoff, ContactObservation.source != ANON_SOURCE
        ),
    )
    citizen_observations = _in_chunks(
        session,
        ContactObservation.citizen_id,
        plan.citizens,
        select(ContactObservation.id).where(ContactObservation.source != ANON_SOURCE),
    )
    plan.observations = sorted(set(old_observations) | set(citizen_observations))
    plan.audit_rows = _audit_rows(session, plan)
    _plan_scrubs(session, plan)
    return plan


# --- copies of destroyed values of people who stay ------------------------------------------


def _strings(value: Any, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str | None, str]]:
    """Every (key, text) inside a JSON value; keys in ``skip`` are left out."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in skip:
                continue
            if isinstance(item, str):
                if item:
                    yield key, item
            else:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)
    elif isinstance(value, str) and value:
        yield None, value


def _is_secret(key: str | None, value: str, secrets: set[str]) -> bool:
    if value in secrets and (len(value) >= _MIN_SUBSTRING or key in _SHORT_KEYS):
        return True
    return any(len(s) >= _MIN_SUBSTRING and s in value for s in secrets)


def _scrubbed(value: Any, secrets: set[str], key: str | None = None) -> tuple[Any, bool]:
    """``value`` with every text holding one of ``secrets`` replaced by the marker."""
    if isinstance(value, dict):
        changed = False
        out: dict[str, Any] = {}
        for k, item in value.items():
            out[k], hit = _scrubbed(item, secrets, k)
            changed |= hit
        return (out, True) if changed else (value, False)
    if isinstance(value, list):
        items = [_scrubbed(item, secrets, key) for item in value]
        if any(hit for _, hit in items):
            return [item for item, _ in items], True
        return value, False
    if isinstance(value, str) and value and _is_secret(key, value, secrets):
        return REDACTED, True
    return value, False


def _plan_scrubs(session: Session, plan: _Plan) -> None:
    """For people who stay: find the copies of the addresses and observed contact values this
    run destroys (audit values, other observations' snapshots, their applications' event
    data) and plan to replace them. Values the person still has on file stay."""
    gone = set(plan.citizens)
    secrets: dict[int, set[str]] = {}
    for chunk in _chunks(plan.addresses):
        for cid, street, building, apartment in session.execute(
            select(
                Address.citizen_id, Address.street, Address.building_no, Address.apartment_no
            ).where(Address.id.in_(chunk))
        ):
            if cid not in gone:
                secrets.setdefault(cid, set()).update(v for v in (street, building, apartment) if v)
    for chunk in _chunks(plan.observations):
        for cid, observed, current in session.execute(
            select(
                ContactObservation.citizen_id,
                ContactObservation.observed,
                ContactObservation.current,
            ).where(ContactObservation.id.in_(chunk))
        ):
            if cid not in gone:
                found = secrets.setdefault(cid, set())
                for doc in (observed, current):
                    found.update(v for _, v in _strings(doc, frozenset({"mahalle"})))
    if not secrets:
        return
    people = sorted(secrets)
    # What each person still has on file is not a secret.
    cleared = set(plan.addresses)
    for chunk in _chunks(people):
        for cid, phone, email, first, last in session.execute(
            select(
                Citizen.id, Citizen.phone_e164, Citizen.email, Citizen.first_name, Citizen.last_name
            ).where(Citizen.id.in_(chunk))
        ):
            secrets[cid].difference_update(v for v in (phone, email, first, last) if v)
        for address_id, cid, street, building, apartment in session.execute(
            select(
                Address.id,
                Address.citizen_id,
                Address.street,
                Address.building_no,
                Address.apartment_no,
            ).where(Address.citizen_id.in_(chunk), Address.valid_to.is_(None))
        ):
            if address_id not in cleared:
                secrets[cid].difference_update(v for v in (street, building, apartment) if v)
    already = set(plan.audit_rows)
    for chunk in _chunks(people):
        for row_id, cid, old, new, detail in session.execute(
            select(
                AuditLog.id,
                AuditLog.subject_citizen_id,
                AuditLog.old_values,
                AuditLog.new_values,
                AuditLog.detail,
            ).where(AuditLog.subject_citizen_id.in_(chunk))
        ):
            if row_id in already or not secrets.get(cid):
                continue
            # All three values, the untouched ones as they are: on PostgreSQL the row is
            # rewritten whole by desk_redact_audit.
            scrubbed = {
                name: _scrubbed(doc, secrets[cid])
                for name, doc in (("old_values", old), ("new_values", new), ("detail", detail))
            }
            if any(hit for _, hit in scrubbed.values()):
                values = {name: clean for name, (clean, _) in scrubbed.items()}
                plan.scrubs.append((AuditLog, int(row_id), values))
        done_obs = set(plan.observations)
        for row_id, cid, observed, current in session.execute(
            select(
                ContactObservation.id,
                ContactObservation.citizen_id,
                ContactObservation.observed,
                ContactObservation.current,
            ).where(ContactObservation.citizen_id.in_(chunk))
        ):
            if row_id in done_obs or not secrets.get(cid):
                continue
            values = {}
            for name, doc in (("observed", observed), ("current", current)):
                clean, hit = _scrubbed(doc, secrets[cid])
                if hit:
                    values[name] = clean
            if values:
                plan.scrubs.append((ContactObservation, int(row_id), values))
        events = set(plan.application_events)
        for row_id, cid, data in session.execute(
            select(ApplicationEvent.id, BabySetApplication.citizen_id, ApplicationEvent.data)
            .join(BabySetApplication, BabySetApplication.id == ApplicationEvent.application_id)
            .where(BabySetApplication.citizen_id.in_(chunk), ApplicationEvent.data.is_not(None))
        ):
            if row_id in events or not secrets.get(cid):
                continue
            clean, hit = _scrubbed(data, secrets[cid])
            if hit:
                plan.scrubs.append((ApplicationEvent, int(row_id), {"data": clean}))


def _apply_scrubs(session: Session, plan: _Plan) -> None:
    for model, row_id, values in plan.scrubs:
        if model is AuditLog and on_postgres(session):
            _redact_audit_row(session, row_id, values)
            continue
        session.execute(
            update(model).where(model.id == row_id).values(**values),
            execution_options={"synchronize_session": False},
        )


def _redact_audit_row(session: Session, row_id: int, values: dict[str, Any]) -> None:
    """PostgreSQL: ``desk_redact_audit`` writes the row's three values (as ``_plan_scrubs``
    planned them) after checking they are a redaction of the stored ones (revision aud01)."""
    session.execute(
        text("SELECT desk_redact_audit(:id, CAST(:old AS json), CAST(:new AS json), :detail)"),
        {
            "id": row_id,
            "old": _json_text(values["old_values"]),
            "new": _json_text(values["new_values"]),
            "detail": values["detail"],
        },
    )


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _audit_rows(session: Session, plan: _Plan) -> list[int]:
    """Audit rows that hold (or may hold) copies of the data destroyed in this run."""
    found: set[int] = set()
    stmt = select(AuditLog.id)
    found.update(_in_chunks(session, AuditLog.subject_citizen_id, plan.citizens, stmt))
    for entity, ids in (
        ("citizen", plan.citizens),
        ("request", plan.requests),
        ("babyset_application", plan.applications),
        ("delivery", plan.deliveries),
        ("contact_observation", plan.observations),
    ):
        keys = [str(i) for i in ids]
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            found.update(
                int(i)
                for i in session.scalars(
                    stmt.where(AuditLog.entity == entity, AuditLog.entity_id.in_(chunk))
                )
            )
    return sorted(found)


# --- anonymising ------------------------------------------------------------------------


def _redacted(column: Any) -> Any:
    """NULL stays NULL, any text becomes the marker."""
    return case((column.is_(None), None), else_=literal(REDACTED))


def _execute(session: Session, stmt: Any, ids: Sequence[int], column: Any) -> None:
    for chunk in _chunks(ids):
        session.execute(
            stmt.where(column.in_(chunk)), execution_options={"synchronize_session": False}
        )


def _anonymise_requests(session: Session, plan: _Plan, now: datetime) -> None:
    _execute(
        session,
        update(Request).values(
            subject=REDACTED,
            subject_folded=fold(REDACTED),  # the word search's key (Core: no ORM event)
            description="",
            answer_text=_redacted(Request.answer_text),
            version=Request.version + 1,
            updated_at=now,
        ),
        plan.requests,
        Request.id,
    )
    _execute(
        session, update(RequestEvent).values(text=REDACTED), plan.request_events, RequestEvent.id
    )


def _anonymise_applications(session: Session, plan: _Plan, now: datetime) -> None:
    A = BabySetApplication
    births: dict[int, date] = {}
    for chunk in _chunks(plan.applications):
        births.update(
            (int(i), d)
            for i, d in session.execute(select(A.id, A.baby_birth_date).where(A.id.in_(chunk)))
        )
    _execute(
        session,
        update(A).values(
            baby_first_name=ANON_NAME,
            baby_last_name="",
            baby_name_folded="anonim",
            baby_tc_kimlik_no=None,
            baby_key=literal(ANON_KEY_PREFIX) + cast(A.id, String),
            phone_e164=None,
            eligibility_evidence=null(),
            decision_reason=_redacted(A.decision_reason),
            cancel_reason=_redacted(A.cancel_reason),
            version=A.version + 1,
            updated_at=now,
        ),
        plan.applications,
        A.id,
    )
    # The birth date keeps its month only (the first of the month).
    table = A.__table__
    assert isinstance(table, Table)
    params = [{"b_id": i, "b_birth": d.replace(day=1)} for i, d in births.items() if d.day != 1]
    for start in range(0, len(params), _CHUNK):
        session.execute(
            table.update()
            .where(table.c.id == bindparam("b_id"))
            .values(baby_birth_date=bindparam("b_birth")),
            params[start : start + _CHUNK],
        )
    _execute(
        session,
        update(ApplicationEvent).values(
            text=case((ApplicationEvent.text == "", ""), else_=literal(REDACTED)), data=null()
        ),
        plan.application_events,
        ApplicationEvent.id,
    )
    _execute(
        session,
        update(DeliveryAttempt).values(received_by=None, note=_redacted(DeliveryAttempt.note)),
        plan.attempts,
        DeliveryAttempt.id,
    )


def _anonymise_people(session: Session, plan: _Plan, now: datetime) -> None:
    _execute(
        session,
        update(Address).values(street="", building_no="", apartment_no=""),
        plan.addresses,
        Address.id,
    )
    _execute(
        session,
        update(ContactObservation).values(
            source=ANON_SOURCE,
            observed={},
            current=null(),
            review_note=None,
            reviewed_at=func.coalesce(ContactObservation.reviewed_at, now),
        ),
        plan.observations,
        ContactObservation.id,
    )
    _execute(
        session,
        update(Citizen).values(
            first_name=ANON_NAME,
            last_name="",
            name_folded="anonim",
            last_name_folded="",
            tc_kimlik_no=None,
            phone_e164=None,
            phone_reversed=None,
            email=None,
            notes=None,
            anonymised_at=now,
            version=Citizen.version + 1,
            updated_at=now,
        ),
        plan.citizens,
        Citizen.id,
    )
    # The application list's copy of the parent's name (models/babyset.py; Core: no ORM event).
    _execute(
        session,
        update(BabySetApplication).values(parent_name_folded="anonim"),
        plan.citizens,
        BabySetApplication.citizen_id,
    )
    # SMS to the person: the number and the text go; kind, status and dates stay for the figures.
    _execute(
        session,
        update(SmsMessage).values(phone_e164="", text="", last_error=None),
        plan.citizens,
        SmsMessage.citizen_id,
    )
    _blank_audit_rows(session, plan.audit_rows)
    _apply_scrubs(session, plan)


def _blank_audit_rows(session: Session, ids: Sequence[int]) -> None:
    """Blank the personal values of these audit rows. On PostgreSQL no role may UPDATE the
    audit trail: ``desk_blank_audit`` (revision aud01, admins) does it and nothing more."""
    if not on_postgres(session):
        _execute(
            session,
            update(AuditLog).values(old_values=null(), new_values=null(), detail=None),
            ids,
            AuditLog.id,
        )
        return
    for chunk in _chunks(ids):
        session.execute(text("SELECT desk_blank_audit(:ids)"), {"ids": list(chunk)})


def _purge_old_records(session: Session, now: datetime) -> int:
    """Destruction records past their ``keep_until`` (never younger than three years)."""
    floor = years_before(now, RECORD_KEEP_YEARS)
    result = session.execute(
        delete(DestructionRecord).where(
            DestructionRecord.keep_until < now, DestructionRecord.at < floor
        ),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- the use case -----------------------------------------------------------------------


def run_retention(
    db: Database, actor: Actor, *, dry_run: bool = False, now: datetime | None = None
) -> RetentionResult:
    """Anonymise what the retention rule says is due (see the module docstring)."""
    require(actor, Action.RUN_RETENTION)
    now = now or utcnow()
    with unit_of_work(db) as session:
        years = int(get_value(session, "kvkk.retention_years"))
        keep_years = max(
            RECORD_KEEP_YEARS, int(get_value(session, "kvkk.destruction_record_years"))
        )
        cutoff = years_before(now, years)
        plan = _plan(session, cutoff)
        counts = plan.counts()
        if dry_run:
            session.rollback()
            return RetentionResult(True, years, cutoff, counts, id_ranges=plan.ranges())
        _anonymise_requests(session, plan, now)
        _anonymise_applications(session, plan, now)
        _anonymise_people(session, plan, now)
        purged = _purge_old_records(session, now)
        record = DestructionRecord(
            at=now,
            user_id=actor.user_id,
            username=actor.username[:50],
            method=METHOD,
            retention_years=years,
            cutoff=cutoff,
            counts=counts,
            id_ranges=plan.ranges(),
            keep_until=years_after(now, keep_years),
            note=f"{purged} eski imha tutanağı silindi." if purged else None,
        )
        session.add(record)
        session.flush()
        audit.record(
            session,
            actor,
            "retention.run",
            "destruction_record",
            record.id,
            new={"retention_years": years, "cutoff": cutoff, **counts, "purged": purged},
        )
        result = RetentionResult(
            False, years, cutoff, counts, record.id, purged, id_ranges=plan.ranges()
        )
    return RetentionResult(
        result.dry_run,
        result.retention_years,
        result.cutoff,
        result.counts,
        result.record_id,
        result.purged_records,
        id_ranges=result.id_ranges,
        compacted=compact(db),
    )


def compact(db: Database) -> bool:
    """Remove what a run left in free space: on SQLite merge the full-text index, ``VACUUM``
    and truncate the WAL; on PostgreSQL ``VACUUM`` the touched tables (the owner's right: a
    role that does not own them gets a warning and the nightly ``vacuumdb`` does it).
    Returns whether it ran; a busy file is logged and left for the next run."""
    try:
        if db.is_sqlite:
            raw = db.engine.raw_connection()
            try:
                cursor = raw.cursor()
                for fts in ("search_citizen_fts", "search_request_fts"):
                    cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.close()
            finally:
                raw.close()
        else:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"VACUUM {', '.join(TOUCHED_TABLES)}"))
        return True
    except Exception as exc:  # the anonymisation is committed; compaction can be redone
        _log.warning("retention: compaction failed: %s", type(exc).__name__)
        return False

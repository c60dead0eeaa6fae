"""KVKK right to information (md. 11): everything stored about one person, and who accessed it.

``export_citizen`` writes one UTF-8 JSON file: the citizen row, the whole address history,
contact observations from the web export, every request with its timeline, every baby-set
application with its timeline, deliveries and delivery attempts, and the audit rows about the
person (who opened, changed, printed or exported their data, and when). The export itself is
audited (``citizen.export``). ``access_log`` is the audit part alone, for the screen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session, undefer
from sqlalchemy.sql.elements import ColumnElement

from desk_app.db import Database
from desk_app.domain.errors import NotFound
from desk_app.domain.tckn import validate_tckn
from desk_app.models import (
    Address,
    ApplicationEvent,
    AuditLog,
    BabySetApplication,
    Category,
    Channel,
    Citizen,
    ContactObservation,
    Delivery,
    DeliveryAttempt,
    Directorate,
    Mahalle,
    Request,
    RequestEvent,
    SmsMessage,
    utcnow,
)
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.files import write_file
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only, unit_of_work

FORMAT_VERSION = 1


@dataclass(frozen=True)
class AccessRow:
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str | None
    detail: str | None


@dataclass(frozen=True)
class CitizenExport:
    path: Path
    citizen_id: int
    counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "citizen_id": self.citizen_id, "counts": dict(self.counts)}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _row(obj: Any, **extra: Any) -> dict[str, Any]:
    """Every stored column of an entity, as JSON-ready values."""
    mapper = inspect(type(obj))
    data = {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}
    data.update(extra)
    return data


def _names(session: Session, model: Any, label: Any) -> dict[int, str]:
    return {int(i): str(n) for i, n in session.execute(select(model.id, label))}


def _about(citizen_id: int, requests: Sequence[int], applications: Sequence[int]) -> Any:
    """Audit rows about the person: by subject, or naming one of their records."""
    conditions: list[ColumnElement[bool]] = [
        AuditLog.subject_citizen_id == citizen_id,
        (AuditLog.entity == "citizen") & (AuditLog.entity_id == str(citizen_id)),
    ]
    if requests:
        conditions.append(
            (AuditLog.entity == "request") & AuditLog.entity_id.in_([str(i) for i in requests])
        )
    if applications:
        conditions.append(
            (AuditLog.entity == "babyset_application")
            & AuditLog.entity_id.in_([str(i) for i in applications])
        )
    return select(AuditLog).where(or_(*conditions)).order_by(AuditLog.at, AuditLog.id)


def _ids(rows: Iterable[Any]) -> list[int]:
    return [int(r.id) for r in rows]


def collect(session: Session, citizen: Citizen, *, now: datetime) -> dict[str, Any]:
    """The whole record of one person as one JSON-ready dictionary."""
    cid = citizen.id
    mahalleler = _names(session, Mahalle, Mahalle.name)
    channels = _names(session, Channel, Channel.name)
    categories = _names(session, Category, Category.name)
    directorates = _names(session, Directorate, Directorate.name)
    addresses = session.scalars(
        select(Address).where(Address.citizen_id == cid).order_by(Address.valid_from, Address.id)
    ).all()
    observations = session.scalars(
        select(ContactObservation)
        .where(ContactObservation.citizen_id == cid)
        .order_by(ContactObservation.observed_at, ContactObservation.id)
    ).all()
    requests = session.scalars(
        select(Request).where(Request.citizen_id == cid).order_by(Request.created_at, Request.id)
    ).all()
    request_events: dict[int, list[RequestEvent]] = {r.id: [] for r in requests}
    if requests:
        for ev in session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id.in_(request_events))
            .order_by(RequestEvent.at, RequestEvent.seq, RequestEvent.id)
        ):
            request_events[ev.request_id].append(ev)
    applications = session.scalars(
        select(BabySetApplication)
        .options(undefer("*"))
        .where(BabySetApplication.citizen_id == cid)
        .order_by(BabySetApplication.applied_at, BabySetApplication.id)
    ).all()
    app_ids = _ids(applications)
    app_events: dict[int, list[ApplicationEvent]] = {i: [] for i in app_ids}
    deliveries: dict[int, list[Delivery]] = {i: [] for i in app_ids}
    attempts: dict[int, list[DeliveryAttempt]] = {}
    if app_ids:
        for aev in session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id.in_(app_ids))
            .order_by(ApplicationEvent.at, ApplicationEvent.id)
        ):
            app_events[aev.application_id].append(aev)
        for d in session.scalars(
            select(Delivery)
            .where(Delivery.application_id.in_(app_ids))
            .order_by(Delivery.scheduled_date, Delivery.id)
        ):
            deliveries[d.application_id].append(d)
            attempts[d.id] = []
    if attempts:
        for at in session.scalars(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id.in_(attempts))
            .order_by(DeliveryAttempt.at, DeliveryAttempt.id)
        ):
            attempts[at.delivery_id].append(at)
    audit_rows = session.scalars(_about(cid, _ids(requests), app_ids)).all()
    sms = session.scalars(
        select(SmsMessage).where(SmsMessage.citizen_id == cid).order_by(SmsMessage.id)
    ).all()
    n_attempts = sum(len(v) for v in attempts.values())
    return {
        "format": "desk_app.citizen_export",
        "format_version": FORMAT_VERSION,
        "generated_at": now.isoformat(),
        "controller": "Çorum Belediyesi",
        "citizen": _row(citizen),
        "addresses": [
            _row(a, mahalle=mahalleler.get(a.mahalle_id or 0, a.mahalle_text)) for a in addresses
        ],
        "contact_observations": [_row(o) for o in observations],
        "requests": [
            _row(
                r,
                channel=channels.get(r.channel_id),
                category=categories.get(r.category_id or 0),
                directorate=directorates.get(r.directorate_id or 0),
                events=[_row(e) for e in request_events[r.id]],
            )
            for r in requests
        ],
        "applications": [
            _row(
                a,
                channel=channels.get(a.channel_id),
                events=[_row(e) for e in app_events[a.id]],
                deliveries=[
                    _row(d, attempts=[_row(x) for x in attempts[d.id]]) for d in deliveries[a.id]
                ],
            )
            for a in applications
        ],
        "access_log": [_row(r) for r in audit_rows],
        "sms_messages": [_row(m) for m in sms],
        "counts": {
            "addresses": len(addresses),
            "contact_observations": len(observations),
            "requests": len(requests),
            "applications": len(applications),
            "deliveries": sum(len(v) for v in deliveries.values()),
            "delivery_attempts": n_attempts,
            "access_log": len(audit_rows),
            "sms_messages": len(sms),
        },
    }


def _find(session: Session, tc: str) -> Citizen:
    number = validate_tckn(tc, field="tc_kimlik_no")
    # Supervisors and admins only (Action.EXPORT_CITIZEN): they may read the number.
    citizen = session.scalars(
        select(Citizen).options(undefer("*")).where(Citizen.tc_kimlik_no == number)
    ).first()
    if citizen is None:
        raise NotFound(
            f"T.C. Kimlik No {number} ile kayıtlı vatandaş yok (kayıt hiç açılmamış ya da "
            "saklama süresi dolduğu için anonimleştirilmiş olabilir); numarayı kontrol edin.",
            field="tc_kimlik_no",
        )
    return citizen


def _write(out: Path, data: dict[str, Any]) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    return write_file(
        out, lambda fh: fh.write(text.encode("utf-8")), suffix=".json", purpose="dışa aktarma"
    )


def export_citizen(
    db: Database, actor: Actor, tc: str, out: str | Path, *, now: datetime | None = None
) -> CitizenExport:
    """Write everything stored about the citizen with T.C. Kimlik No ``tc`` to ``out`` (JSON)
    and record the export in the audit trail (in the same transaction: no file, no record)."""
    require(actor, Action.EXPORT_CITIZEN)
    now = now or utcnow()
    target = Path(out)
    with unit_of_work(db) as session:
        citizen = _find(session, tc)
        data = collect(session, citizen, now=now)
        audit.record(
            session,
            actor,
            "citizen.export",
            "citizen",
            citizen.id,
            subject_citizen_id=citizen.id,
            new={"file": target.name, **data["counts"]},
        )
        session.flush()
        written = _write(target, data)
        try:
            session.commit()
        except BaseException:
            written.unlink(missing_ok=True)
            raise
        return CitizenExport(written, citizen.id, dict(data["counts"]))


def access_log(db: Database, actor: Actor, citizen_id: int) -> list[AccessRow]:
    """Who opened, changed, printed or exported this person's data, oldest first."""
    require(actor, Action.READ_AUDIT)
    with read_only(db) as session:
        requests = list(session.scalars(select(Request.id).where(Request.citizen_id == citizen_id)))
        apps = list(
            session.scalars(
                select(BabySetApplication.id).where(BabySetApplication.citizen_id == citizen_id)
            )
        )
        return [
            AccessRow(r.at, r.username, r.action, r.entity, r.entity_id, r.detail)
            for r in session.scalars(_about(citizen_id, requests, apps))
        ]

"""Application lists, counts and the application view.

Pages are newest first by (applied_at desc, id desc) and continue after the last row shown
(keyset). The indexes that order by applied_at start with the status ((status, applied_at);
(mahalle_id, status, applied_at, id) for one mahalle), so a page is read as one short index
walk per status (each stops after ``limit`` rows), the walks sent as one UNION ALL and merged
in Python: fast however many rows there are, on SQLite and PostgreSQL alike, in one round
trip. The filters read only this table (the mahalle and the parent's name are copied onto it).
``list_applications_before`` walks the other way (the rows just above the first one shown) and
``list_applications_at`` jumps to an offset, counted from the newest or from the oldest row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, false, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from desk_app.db import Database
from desk_app.domain.clock import local_today
from desk_app.domain.phone import format_phone
from desk_app.domain.references import format_reference, parse_reference
from desk_app.domain.states import ApplicationStatus
from desk_app.domain.text import clean, fold, like_escape
from desk_app.models import (
    Address,
    ApplicationEvent,
    BabySetApplication,
    Channel,
    Citizen,
    Mahalle,
    User,
    utcnow,
)
from desk_app.services import audit
from desk_app.services.applications.common import (
    ACTION_CANCEL,
    ACTION_DECIDE_DUPLICATE,
    ACTION_OVERRIDE,
    EVENT_KIND_LABELS,
    WAITING_STATES,
    ApplicationDetail,
    ApplicationEventView,
    DuplicateCandidate,
    not_found,
    status_label,
)
from desk_app.services.applications.duplicates import Probe, candidates
from desk_app.services.citizens import tc_access
from desk_app.services.citizens.records import full_tc
from desk_app.services.context import Actor
from desk_app.services.filters import bounded_filter
from desk_app.services.permissions import Action, allowed, require
from desk_app.services.uow import read_only, unit_of_work

MAX_PAGE = 1000
ALL_STATUSES: tuple[str, ...] = tuple(s.value for s in ApplicationStatus)


@dataclass(frozen=True)
class ApplicationFilter:
    statuses: tuple[str, ...] = ()
    mahalle_id: int | None = None
    channel_code: str | None = None
    date_from: date | None = None  # applied on or after
    date_to: date | None = None  # applied on or before
    waiting_more_than_days: int | None = None
    text: str = ""  # a reference (HGB-/web Başvuru No), a T.C. Kimlik No, or part of a name


@dataclass(frozen=True)
class ApplicationRow:
    id: int
    reference: str
    web_reference: str | None
    applied_at: date
    status: str
    status_label: str
    channel_name: str
    parent_name: str
    baby_name: str
    baby_birth_date: date
    mahalle: str
    waiting_days: int | None


def waiting_days(status: str, applied_at: date, today: date) -> int | None:
    """Days since the application for one that still waits (received, approved, duplicate)."""
    return (today - applied_at).days if status in WAITING_STATES else None


def _name_contains(session: Session, column: Any, needle: str) -> ColumnElement[bool]:
    """``needle`` (folded) occurs in a folded name column. PostgreSQL: a case-sensitive LIKE,
    which its trigram indexes of revision apl01 serve (a needle of three characters or more);
    SQLite: instr() on the row (LIKE there would match I with i)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.instr(column, needle) > 0
    return cast(ColumnElement[bool], column.like("%" + like_escape(needle) + "%", escape="\\"))


def _conditions(session: Session, f: ApplicationFilter, today: date) -> list[ColumnElement[bool]]:
    A = BabySetApplication
    conds: list[ColumnElement[bool]] = []
    # The mahalle and the parent's folded name are read on the application itself (copies
    # kept by models/babyset.py, revision apl01): a page never probes the address or citizen
    # table row by row, and one mahalle's walk goes through ix_babyset_application_mahalle_list.
    if f.mahalle_id is not None:
        conds.append(A.mahalle_id == f.mahalle_id)
    if f.channel_code:
        channel_id = session.scalar(select(Channel.id).where(Channel.code == f.channel_code))
        conds.append(A.channel_id == channel_id if channel_id is not None else false())
    if f.date_from is not None:
        conds.append(A.applied_at >= f.date_from)
    if f.date_to is not None:
        conds.append(A.applied_at <= f.date_to)
    if f.waiting_more_than_days is not None:
        conds.append(A.applied_at < today - timedelta(days=f.waiting_more_than_days))
    text = fold(bounded_filter(f.text))
    if text:
        parsed = parse_reference(text)
        digits = text.replace(" ", "")
        if parsed is not None:
            conds.append(A.reference == format_reference(*parsed))
        elif digits.isdigit() and len(digits) == 11:
            parents = select(Citizen.id).where(tc_access.citizen_tc_in(session, [digits]))
            conds.append(or_(tc_access.baby_tc_in(session, [digits]), A.citizen_id.in_(parents)))
        else:
            conds.append(
                or_(
                    A.web_reference == clean(f.text),
                    _name_contains(session, A.baby_name_folded, text),
                    _name_contains(session, A.parent_name_folded, text),
                )
            )
    return conds


def _statuses(f: ApplicationFilter) -> tuple[str, ...]:
    chosen = f.statuses or ALL_STATUSES
    if f.waiting_more_than_days is not None:
        chosen = tuple(s for s in chosen if s in WAITING_STATES)
    return tuple(s for s in ALL_STATUSES if s in chosen)


def count_applications(
    db: Database, actor: Actor, f: ApplicationFilter, *, today: date | None = None
) -> int:
    require(actor, Action.VIEW_APPLICATIONS)
    today = today or local_today()
    statuses = _statuses(f)
    if not statuses:
        return 0
    with read_only(db) as session:
        conds = _conditions(session, f, today)
        stmt = select(func.count(BabySetApplication.id)).where(
            BabySetApplication.status.in_(statuses), *conds
        )
        return session.scalar(stmt) or 0


def _page_ids(
    session: Session,
    statuses: tuple[str, ...],
    conds: list[ColumnElement[bool]],
    after: tuple[date, int] | None,
    limit: int,
    *,
    ascending: bool = False,
) -> list[tuple[date, int]]:
    """Keys after ``after`` in the page order (oldest first with ``ascending``), at most
    ``limit``: one short index walk per status, all in one statement (UNION ALL of the walks,
    each a subquery with its own ORDER BY and LIMIT), merged here. One round trip whatever the
    number of statuses."""
    A = BabySetApplication
    walks = []
    for status in statuses:
        stmt = select(A.applied_at, A.id).where(A.status == status, *conds)
        if ascending:
            if after is not None:
                day, row_id = after
                stmt = stmt.where(A.applied_at >= day, or_(A.applied_at > day, A.id > row_id))
            stmt = stmt.order_by(A.applied_at.asc(), A.id.asc()).limit(limit)
        else:
            if after is not None:
                day, row_id = after
                stmt = stmt.where(A.applied_at <= day, or_(A.applied_at < day, A.id < row_id))
            stmt = stmt.order_by(A.applied_at.desc(), A.id.desc()).limit(limit)
        walk = stmt.subquery()
        walks.append(select(walk.c.applied_at, walk.c.id))
    if not walks:
        return []
    keys = [(r[0], r[1]) for r in session.execute(union_all(*walks))]
    return sorted(keys, reverse=not ascending)[:limit]


def list_applications_after(
    db: Database,
    actor: Actor,
    f: ApplicationFilter,
    after: tuple[date, int] | None,
    limit: int,
    *,
    today: date | None = None,
) -> list[ApplicationRow]:
    """The page after ``after`` = (applied_at, id) of the last row shown (None: first page),
    newest first, at most 1000 rows."""
    require(actor, Action.VIEW_APPLICATIONS)
    today = today or local_today()
    limit = max(0, min(limit, MAX_PAGE))
    statuses = _statuses(f)
    if not statuses or limit == 0:
        return []
    with read_only(db) as session:
        conds = _conditions(session, f, today)
        merged = _page_ids(session, statuses, conds, after, limit)
        return _rows(session, [row_id for _, row_id in merged], today)


def list_applications_before(
    db: Database,
    actor: Actor,
    f: ApplicationFilter,
    before: tuple[date, int] | None,
    limit: int,
    *,
    today: date | None = None,
) -> list[ApplicationRow]:
    """The ``limit`` rows just above ``before`` = (applied_at, id) of the first row shown
    (None: the last page, the oldest rows), newest first, at most 1000 rows."""
    require(actor, Action.VIEW_APPLICATIONS)
    today = today or local_today()
    limit = max(0, min(limit, MAX_PAGE))
    statuses = _statuses(f)
    if not statuses or limit == 0:
        return []
    with read_only(db) as session:
        conds = _conditions(session, f, today)
        merged = _page_ids(session, statuses, conds, before, limit, ascending=True)
        return _rows(session, [row_id for _, row_id in reversed(merged)], today)


def list_applications_at(
    db: Database,
    actor: Actor,
    f: ApplicationFilter,
    offset: int,
    limit: int,
    *,
    from_end: bool = False,
    today: date | None = None,
) -> list[ApplicationRow]:
    """At most ``limit`` rows (1000) newest first, skipping ``offset`` newest rows; with
    ``from_end`` the rows above the ``offset`` oldest ones (the last page is ``offset=0``)."""
    require(actor, Action.VIEW_APPLICATIONS)
    today = today or local_today()
    limit = max(0, min(limit, MAX_PAGE))
    statuses = _statuses(f)
    if not statuses or limit == 0:
        return []
    A = BabySetApplication
    newest_first = (A.applied_at.desc(), A.id.desc())
    order = (A.applied_at.asc(), A.id.asc()) if from_end else newest_first
    with read_only(db) as session:
        conds = _conditions(session, f, today)
        stmt = (
            select(A.id)
            .where(A.status.in_(statuses), *conds)
            .order_by(*order)
            .offset(max(0, offset))
            .limit(limit)
        )
        ids = list(session.scalars(stmt))
        if from_end:
            ids.reverse()
        return _rows(session, ids, today)


def _rows(session: Session, ids: list[int], today: date) -> list[ApplicationRow]:
    if not ids:
        return []
    A = BabySetApplication
    stmt = (
        select(
            A,
            Citizen.first_name,
            Citizen.last_name,
            Channel.name,
            func.coalesce(Mahalle.name, Address.mahalle_text),
        )
        .join(Citizen, Citizen.id == A.citizen_id)
        .join(Channel, Channel.id == A.channel_id)
        .outerjoin(Address, Address.id == A.address_id)
        .outerjoin(Mahalle, Mahalle.id == Address.mahalle_id)
        .where(A.id.in_(ids))
    )
    by_id: dict[int, ApplicationRow] = {}
    for app, first, last, channel, mahalle in session.execute(stmt):
        by_id[app.id] = ApplicationRow(
            id=app.id,
            reference=app.reference,
            web_reference=app.web_reference,
            applied_at=app.applied_at,
            status=app.status,
            status_label=status_label(app.status),
            channel_name=channel,
            parent_name=f"{first} {last}",
            baby_name=f"{app.baby_first_name} {app.baby_last_name}",
            baby_birth_date=app.baby_birth_date,
            mahalle=mahalle or "",
            waiting_days=waiting_days(app.status, app.applied_at, today),
        )
    return [by_id[i] for i in ids if i in by_id]


# --- the application view ---------------------------------------------------------------


def _user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.full_name).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}


def _allowed_actions(actor: Actor, status: str) -> tuple[str, ...]:
    out: list[str] = []
    if status == ApplicationStatus.SUSPECTED_DUPLICATE and allowed(actor, Action.DECIDE_DUPLICATE):
        out.append(ACTION_DECIDE_DUPLICATE)
    if status == ApplicationStatus.INELIGIBLE and allowed(actor, Action.OVERRIDE_ELIGIBILITY):
        out.append(ACTION_OVERRIDE)
    if status not in (ApplicationStatus.DELIVERED, ApplicationStatus.CANCELLED) and allowed(
        actor, Action.CANCEL_APPLICATION
    ):
        out.append(ACTION_CANCEL)
    return tuple(out)


def _duplicates_of(
    session: Session, app: BabySetApplication, address: Address | None, citizen: Citizen
) -> tuple[DuplicateCandidate, ...]:
    if app.status not in (ApplicationStatus.SUSPECTED_DUPLICATE, ApplicationStatus.RECEIVED):
        return ()
    probe = Probe(
        baby_first_name=app.baby_first_name,
        baby_last_name=app.baby_last_name,
        baby_birth_date=app.baby_birth_date,
        # Its baby's number and key are matched by its id (desks cannot read them).
        same_as_id=app.id,
        same_as_has_tc=app.baby_tc_masked is not None,
        parent_citizen_id=app.citizen_id,
        # no parent_tc: the unique number names this parent_citizen_id
        parent_first_name=citizen.first_name,
        parent_last_name=citizen.last_name,
        phone_e164=app.phone_e164,
        mahalle_id=address.mahalle_id if address else None,
        mahalle_text=address.mahalle_text if address else "",
        street=address.street if address else "",
        building_no=address.building_no if address else "",
        exclude_ids=frozenset({app.id}),
    )
    return tuple(candidates(session, probe))


def build_detail(
    session: Session, actor: Actor, application_id: int, *, now: datetime | None = None
) -> ApplicationDetail:
    now = now or utcnow()
    app = session.get(BabySetApplication, application_id, populate_existing=True)
    if app is None:
        raise not_found(application_id)
    citizen = session.get(Citizen, app.citizen_id)
    assert citizen is not None
    address = session.get(Address, app.address_id) if app.address_id is not None else None
    mahalle = address.mahalle_text if address else None
    if address is not None and address.mahalle_id is not None:
        mahalle = session.scalar(select(Mahalle.name).where(Mahalle.id == address.mahalle_id))
    channel = session.get(Channel, app.channel_id)
    events = list(
        session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == app.id)
            .order_by(ApplicationEvent.at, ApplicationEvent.id)
        )
    )
    names = _user_names(
        session,
        {app.notice_recorded_by_id, app.decided_by_id, app.created_by_id}
        | {e.user_id for e in events},
    )
    full = allowed(actor, Action.VIEW_FULL_TCKN)

    baby_tc = app.baby_tc_masked
    if full and baby_tc is not None:  # supervisors and admins: the number, loaded explicitly
        baby_tc = session.scalar(
            select(BabySetApplication.baby_tc_kimlik_no).where(BabySetApplication.id == app.id)
        )

    dup_ref = None
    if app.duplicate_of_id is not None:
        other = aliased(BabySetApplication)
        dup_ref = session.scalar(select(other.reference).where(other.id == app.duplicate_of_id))
    evidence = app.eligibility_evidence
    address_text = None
    if address is not None:
        apt = f" D: {address.apartment_no}" if address.apartment_no else ""
        address_text = f"{mahalle} Mah., {address.street} No: {address.building_no}{apt}"
    return ApplicationDetail(
        id=app.id,
        reference=app.reference,
        web_reference=app.web_reference,
        status=app.status,
        status_label=status_label(app.status),
        applied_at=app.applied_at,
        waiting_days=waiting_days(app.status, app.applied_at, local_today(now)),
        channel_code=channel.code if channel else "",
        channel_name=channel.name if channel else "",
        citizen_id=citizen.id,
        parent_name=f"{citizen.first_name} {citizen.last_name}",
        parent_tc=full_tc(session, citizen) if full else citizen.tc_masked,
        parent_phone_display=format_phone(citizen.phone_e164) if citizen.phone_e164 else None,
        phone_display=format_phone(app.phone_e164) if app.phone_e164 else None,
        address_text=address_text,
        mahalle=mahalle,
        mahalle_served=address.served if address else None,
        baby_first_name=app.baby_first_name,
        baby_last_name=app.baby_last_name,
        baby_birth_date=app.baby_birth_date,
        baby_tc=baby_tc,
        notice_version=app.notice_version,
        notice_acknowledged_at=app.notice_acknowledged_at,
        notice_recorded_by_name=names.get(app.notice_recorded_by_id or -1),
        notice_source=app.notice_source,
        eligible=app.eligible,
        eligibility_reasons=tuple(
            str(f.get("message", "")) for f in (evidence or {}).get("failed", [])
        ),
        eligibility_evidence=dict(evidence) if evidence is not None else None,
        eligibility_checked_at=app.eligibility_checked_at,
        duplicate_of_id=app.duplicate_of_id,
        duplicate_of_reference=dup_ref,
        duplicate_candidates=_duplicates_of(session, app, address, citizen),
        decision_reason=app.decision_reason,
        decided_by_name=names.get(app.decided_by_id or -1),
        decided_at=app.decided_at,
        cancel_reason=app.cancel_reason,
        failed_attempts=app.failed_attempts,
        delivered_at=app.delivered_at,
        created_at=app.created_at,
        created_by_name=names.get(app.created_by_id or -1),
        events=tuple(
            ApplicationEventView(
                at=e.at,
                kind=e.kind,
                kind_label=EVENT_KIND_LABELS.get(e.kind, e.kind),
                user_name=names.get(e.user_id or -1, "Sistem"),
                old_status=e.old_status,
                new_status=e.new_status,
                new_status_label=status_label(e.new_status) if e.new_status else None,
                text=e.text,
            )
            for e in events
        ),
        allowed_actions=_allowed_actions(actor, app.status),
        version=app.version,
    )


def get_application(
    db: Database, actor: Actor, application_id: int, *, now: datetime | None = None
) -> ApplicationDetail:
    """Everything about one application, with its timeline; records the read (KVKK)."""
    require(actor, Action.VIEW_APPLICATIONS)
    with unit_of_work(db) as session:
        detail = build_detail(session, actor, application_id, now=now)
        audit.record(
            session,
            actor,
            "application.view",
            "babyset_application",
            application_id,
            subject_citizen_id=detail.citizen_id,
        )
        return detail

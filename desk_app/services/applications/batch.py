"""The web import's batch path: the rows of one chunk checked at once and written in a few
Core statements, with the same answers as registering them one by one.

``register_in_session`` costs some twenty ORM statements a row. Most rows of a web export
bring a parent the database does not know; for those the whole registration is plain data:
the checks are pure, the duplicate candidates come from a few prefetched look-ups (Başvuru
numbers, parents, babies' T.C. Kimlik Nos, phones, the birth-date window) and the writes are
one multi-row INSERT per table. Everything else (a parent already on file, whose phone and
address must be compared, or anything the batch cannot foresee) goes through the row path in
its own savepoint, after the pending batch was written, so the order of the rows and the
reference numbers are those of the row path.

A pending row that would be a candidate of the row being checked is written first (its id
and reference are part of the answer); a batch the database refuses as a whole (a concurrent
desk approved the same baby a moment ago) is rolled back to its savepoint and replayed row by
row through the row path, so a failing row is again alone in its savepoint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, func, insert, literal_column, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.clock import local_today
from desk_app.domain.eligibility import EligibilityFacts, EligibilityResult, decide
from desk_app.domain.errors import ValidationError
from desk_app.domain.references import ReferenceKind, format_reference
from desk_app.domain.states import ApplicationStatus
from desk_app.domain.tckn import mask_tckn
from desk_app.domain.text import clean, fold, skeleton
from desk_app.importing.rows import ImportRow
from desk_app.models import Address, AuditLog, BabySetApplication, Citizen, utcnow
from desk_app.models.babyset import ApplicationEvent
from desk_app.services import audit
from desk_app.services.applications.common import (
    ACTIVE_STATES,
    EVENT_ELIGIBILITY,
    EVENT_RECEIVED,
    LIVE_STATES,
    REASON_PHONE_ADDRESS,
    REASON_SAME_BABY,
    REASON_SAME_BABY_TC,
    REASON_SIMILAR_NAMES,
    ApplicationInvalid,
    DuplicateCandidate,
    baby_key,
)
from desk_app.services.applications.duplicates import (
    _COLUMNS,
    MAX_PER_CRITERION,
    NAME_WINDOW_DAYS,
    NameRow,
    NameWindowCache,
    _similar_first,
    as_candidates,
)
from desk_app.services.applications.input import checked_or_raise
from desk_app.services.applications.register import (
    _STATUS_FOR,
    _audit_values,
    _channel_id,
    _notice_version,
    current_rules,
    dup_facts,
    eligibility_text,
)
from desk_app.services.citizens import tc_access
from desk_app.services.citizens.input import _checked_or_raise
from desk_app.services.citizens.records import (
    _audit_values as _citizen_audit_values,
)
from desk_app.services.citizens.records import (
    _phone_reversed,
    _served,
    similar_names,
)
from desk_app.services.context import Actor
from desk_app.services.notify import outbox as notify
from desk_app.services.pipeline import insert_rows
from desk_app.services.references import reserve_numbers
from desk_app.services.uow import on_postgres

SOURCE_WEB = "web"
_CITIZEN = cast(Table, Citizen.__table__)
_ADDRESS = cast(Table, Address.__table__)
_APPLICATION = cast(Table, BabySetApplication.__table__)
_EVENT = cast(Table, ApplicationEvent.__table__)
_AUDIT = cast(Table, AuditLog.__table__)
CHANNEL_WEB = "WEB"


@dataclass
class AppRow:
    """A live application as the duplicate rules see it (from the database or this import)."""

    id: int
    reference: str
    status: str
    citizen_id: int
    baby_first_name: str
    baby_last_name: str
    baby_birth_date: date
    # The full number and key only where this import knows them (rows it wrote, or found by a
    # number it holds: desks cannot read them); baby_tc_masked says whether there is a number.
    baby_tc_kimlik_no: str | None
    baby_key: str
    first_name: str
    last_name: str
    baby_tc_masked: str | None = None
    phone_e164: str | None = None
    mahalle_id: int | None = None
    mahalle_text: str | None = None
    street: str | None = None
    building_no: str | None = None
    baby_skeleton: str = field(init=False, repr=False)
    baby_last_skeleton: str = field(init=False, repr=False)

    def __post_init__(self) -> None:  # as NameRow: the name rule compares these first
        self.baby_skeleton = skeleton(f"{self.baby_first_name} {self.baby_last_name}")
        self.baby_last_skeleton = skeleton(self.baby_last_name)


@dataclass
class Planned:
    """One fast row, checked, waiting to be written with its batch."""

    row: ImportRow
    citizen: dict[str, Any]
    address: dict[str, Any]
    app: dict[str, Any]  # without citizen_id, address_id, baby_key, reference (set on write)
    year: int
    found: list[DuplicateCandidate]
    decision_reasons: tuple[str, ...]
    received_text: str
    eligibility_text: str
    extra: dict[str, Any]
    names: tuple[str, str, str, str] = ("", "", "", "")  # baby first/last, parent first/last
    reference: str = ""
    app_id: int = 0


def _app_row(row: Any, with_address: bool) -> AppRow:
    out = AppRow(
        id=row.id,
        reference=row.reference,
        status=row.status,
        citizen_id=row.citizen_id,
        baby_first_name=row.baby_first_name,
        baby_last_name=row.baby_last_name,
        baby_birth_date=row.baby_birth_date,
        baby_tc_kimlik_no=None,  # set by prefetch for the rows it found by number
        baby_key=f"?{row.id}",  # likewise: no probe's key looks like this
        first_name=row.first_name,
        last_name=row.last_name,
        baby_tc_masked=row.baby_tc_masked,
    )
    if with_address:
        out.phone_e164 = row.phone_e164
        out.mahalle_id = row.mahalle_id
        out.mahalle_text = row.mahalle_text
        out.street = row.street
        out.building_no = row.building_no
    return out


_ADDRESS_COLUMNS = (
    BabySetApplication.phone_e164,
    Address.mahalle_id,
    Address.mahalle_text,
    Address.street,
    Address.building_no,
)


def _live_rows(session: Session, *conds: Any) -> list[AppRow]:
    stmt = (
        select(*_COLUMNS, *_ADDRESS_COLUMNS)
        .join(Citizen, Citizen.id == BabySetApplication.citizen_id)
        .outerjoin(Address, Address.id == BabySetApplication.address_id)
        # ``status || ''``: every caller looks rows up by a selective IN (ids, references,
        # phones, parents); SQLite chose the status index over it (25 ms instead of 2 ms for
        # a chunk's phones at 24k applications), the expression keeps it off that index.
        .where(BabySetApplication.status.concat(literal_column("''")).in_(LIVE_STATES), *conds)
        .order_by(BabySetApplication.id)
    )
    return [_app_row(r, True) for r in session.execute(stmt)]


def _masked(tc: str | None) -> str | None:
    return mask_tckn(tc) if tc else None


def _in_chunks(values: Iterable[Any], size: int = 500) -> Iterable[list[Any]]:
    items = sorted(set(values))
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Known:
    """What the chunk's rows are checked against: the database as prefetched, kept up to date
    with every application this import writes."""

    existing_refs: dict[str, str] = field(default_factory=dict)  # web reference -> HGB-...
    known_tcs: set[str] = field(default_factory=set)  # parents on file (any state)
    by_baby_tc: dict[str, list[AppRow]] = field(default_factory=dict)
    by_phone: dict[str, list[AppRow]] = field(default_factory=dict)
    by_key: dict[str, list[AppRow]] = field(default_factory=dict)

    def add(self, row: AppRow) -> None:
        if row.status not in LIVE_STATES:
            return
        if row.baby_tc_kimlik_no:
            self.by_baby_tc.setdefault(row.baby_tc_kimlik_no, []).append(row)
        if row.phone_e164:
            self.by_phone.setdefault(row.phone_e164, []).append(row)
        self.by_key.setdefault(row.baby_key, []).append(row)


def prefetch(session: Session, rows: list[ImportRow]) -> _Known:
    known = _Known()
    for refs in _in_chunks(r.web_reference for r in rows):
        known.existing_refs.update(
            (str(ref), str(own))
            for ref, own in session.execute(
                select(BabySetApplication.web_reference, BabySetApplication.reference).where(
                    BabySetApplication.web_reference.in_(refs)
                )
            )
        )
    for tcs in _in_chunks(r.parent_tc for r in rows if r.parent_tc):
        # One call per chunk; desks cannot read the number column (tc_access).
        known.known_tcs.update(tc_access.citizens_by_tc(session, tcs))
    seen: set[int] = set()

    def take(found: list[AppRow]) -> None:
        for app in found:
            if app.id not in seen:
                seen.add(app.id)
                known.add(app)

    baby_tcs = [r.baby_tc for r in rows if r.baby_tc]
    for tcs in _in_chunks(baby_tcs):
        # Desks cannot read the baby's number or key: the applications holding these numbers
        # come from tc_access (one call each per chunk), then their readable columns.
        tc_of = {
            i: tc
            for tc, ids in tc_access.applications_by_baby_tc(session, tcs).items()
            for i in ids
        }
        key_of = {
            i: k for k, ids in tc_access.applications_by_baby_key(session, tcs).items() for i in ids
        }
        found = _live_rows(session, BabySetApplication.id.in_(set(tc_of) | set(key_of)))
        for app in found:
            app.baby_tc_kimlik_no = tc_of.get(app.id)
            app.baby_key = key_of.get(app.id, app.baby_key)
        take(found)
    for phones in _in_chunks(r.phone_e164 for r in rows if r.phone_e164):
        take(_live_rows(session, BabySetApplication.phone_e164.in_(phones)))
    return known


def _first(rows: list[AppRow], keep: Callable[[AppRow], bool]) -> list[AppRow]:
    """As ``duplicates._rows``: the first MAX_PER_CRITERION by id meeting the SQL conditions."""
    return sorted((r for r in rows if keep(r)), key=lambda r: r.id)[:MAX_PER_CRITERION]


@dataclass(frozen=True)
class _Probe:
    baby_first_name: str
    baby_last_name: str
    baby_birth_date: date
    baby_tc: str | None
    parent_first_name: str
    parent_last_name: str
    phone_e164: str | None
    mahalle_id: int | None
    mahalle_text: str
    street: str
    building_no: str


def _same_address(probe: _Probe, row: AppRow) -> bool:
    if probe.mahalle_id is not None and row.mahalle_id is not None:
        same_mahalle = probe.mahalle_id == row.mahalle_id
    else:
        same_mahalle = skeleton(probe.mahalle_text) == skeleton(row.mahalle_text or "")
    return (
        same_mahalle
        and skeleton(probe.street) == skeleton(row.street or "")
        and fold(probe.building_no) == fold(row.building_no or "")
        and bool(skeleton(probe.street))
    )


def candidates_for_new_parent(
    probe: _Probe,
    by_baby_tc: dict[str, list[AppRow]],
    by_phone: dict[str, list[AppRow]],
    by_key: dict[str, list[AppRow]],
    name_rows: Iterable[NameRow | AppRow],
) -> list[DuplicateCandidate]:
    """``duplicates.candidates`` for a parent created by this registration, over rows in
    memory (the parent has no applications yet, so the look-ups by parent are skipped)."""
    found: dict[int, tuple[Any, list[str]]] = {}

    # Rows holding the probe's baby number (all found by number); any other with a number is
    # another baby.
    same_tc = {r.id for r in by_baby_tc.get(probe.baby_tc, [])} if probe.baby_tc else set()

    def add(row: Any, reason: str) -> None:
        if probe.baby_tc and row.baby_tc_masked is not None and row.id not in same_tc:
            return
        entry = found.setdefault(row.id, (row, []))
        if reason not in entry[1]:
            entry[1].append(reason)

    birth = probe.baby_birth_date
    row: NameRow | AppRow
    if probe.baby_tc:
        for row in _first(by_baby_tc.get(probe.baby_tc, []), lambda r: True):
            add(row, REASON_SAME_BABY_TC)
    if probe.phone_e164:
        for row in _first(by_phone.get(probe.phone_e164, []), lambda r: r.baby_birth_date == birth):
            if _same_address(probe, row) and _similar_first(
                probe.baby_first_name, row.baby_first_name
            ):
                add(row, REASON_PHONE_ADDRESS)
    if clean(probe.baby_first_name) and clean(probe.baby_last_name):
        baby = skeleton(f"{probe.baby_first_name} {probe.baby_last_name}")
        baby_last = skeleton(probe.baby_last_name)
        window = timedelta(days=NAME_WINDOW_DAYS)
        for row in name_rows:
            # The cheap test first: similar babies share the skeleton of the whole name or
            # of the last name (as in duplicates.candidates).
            if row.baby_skeleton != baby and row.baby_last_skeleton != baby_last:
                continue
            if abs(row.baby_birth_date - birth) > window:
                continue
            same_baby = baby == row.baby_skeleton
            similar = (
                bool(clean(probe.parent_first_name))
                and similar_names(
                    probe.parent_first_name, probe.parent_last_name, row.first_name, row.last_name
                )
                and similar_names(
                    probe.baby_first_name,
                    probe.baby_last_name,
                    row.baby_first_name,
                    row.baby_last_name,
                )
            )
            if same_baby or similar:
                add(row, REASON_SIMILAR_NAMES)
    if probe.baby_tc:
        for row in _first(by_key.get(probe.baby_tc, []), lambda r: r.status in ACTIVE_STATES):
            add(row, REASON_SAME_BABY)
    return as_candidates(found)


def _insert_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their new ids in the same order.

    PostgreSQL: one INSERT ... RETURNING a batch, ordered by SQLAlchemy. SQLite returns the
    rows of a multi-row RETURNING in no promised order, and SQLAlchemy then sends one INSERT a
    row; instead the rows go in with one executemany and are read back: the transaction holds
    SQLite's write lock from BEGIN IMMEDIATE, so every id above the largest one before is one
    of these rows, given in insertion order."""
    if on_postgres(session):
        # The ids are taken from the table's sequence first and the rows sent with them by
        # psycopg's pipelined executemany: an INSERT ... RETURNING of a thousand rows in the
        # order given is one huge statement PostgreSQL parses and plans at length.
        ids = sorted(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"table": table.name, "n": len(rows)},
            )
        )
        insert_rows(session, table, [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    if session.get_bind().dialect.name != "sqlite":
        return list(
            session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            ).scalars()
        )
    before = session.scalar(select(func.max(table.c.id))) or 0
    session.execute(insert(table), rows)
    ids = list(session.scalars(select(table.c.id).where(table.c.id > before).order_by(table.c.id)))
    if len(ids) != len(rows):  # another writer: never with the write lock held
        raise RuntimeError(f"{table.name}: {len(ids)} new ids for {len(rows)} rows")
    return ids


class Batch:
    """The fast rows of one chunk, checked, written together by ``write``."""

    def __init__(
        self,
        session: Session,
        actor: Actor,
        known: _Known,
        cache: NameWindowCache,
        now: datetime,
        replay: Callable[[list[Planned]], None],
    ) -> None:
        self.session = session
        self.actor = actor
        self.known = known
        self.cache = cache
        self.now = now
        self.pending: list[Planned] = []
        self.written: list[Planned] = []  # every row this batch wrote, in order
        self.pending_known = _Known()  # the pending rows, indexed as the stored ones
        self.pending_rows: list[AppRow] = []
        self.replay = replay  # rows of a refused batch, through the row path one by one
        self.served = _served(session)
        self.served_names = list(self.served)
        self.today = local_today(now)

    # --- checking ---------------------------------------------------------------------------

    def is_fast(self, row: ImportRow) -> bool:
        """A parent the database (and this import so far) does not know."""
        return bool(row.parent_tc) and row.parent_tc not in self.known.known_tcs

    def _probe(self, planned_citizen: dict[str, Any], addr: dict[str, Any], row: Any) -> _Probe:
        return _Probe(
            baby_first_name=row.first_name,
            baby_last_name=row.last_name,
            baby_birth_date=row.birth_date,
            baby_tc=row.tc_kimlik_no,
            parent_first_name=planned_citizen["first_name"],
            parent_last_name=planned_citizen["last_name"],
            phone_e164=planned_citizen["phone_e164"],
            mahalle_id=addr["mahalle_id"],
            mahalle_text=addr["mahalle_text"],
            street=addr["street"],
            building_no=addr["building_no"],
        )

    def _pending_row(self, p: Planned) -> AppRow:
        return AppRow(
            id=10**15 + len(self.pending),  # after every stored id, in the order they will get
            reference="",
            status=p.app["status"],
            citizen_id=0,
            baby_first_name=p.names[0],
            baby_last_name=p.names[1],
            baby_birth_date=p.app["baby_birth_date"],
            baby_tc_kimlik_no=p.app["baby_tc_kimlik_no"],
            baby_key=p.app["baby_tc_kimlik_no"] or f"pending:{len(self.pending)}",
            first_name=p.names[2],
            last_name=p.names[3],
            baby_tc_masked=_masked(p.app["baby_tc_kimlik_no"]),
            phone_e164=p.app["phone_e164"],
            mahalle_id=p.address["mahalle_id"],
            mahalle_text=p.address["mahalle_text"],
            street=p.address["street"],
            building_no=p.address["building_no"],
        )

    def _candidates(self, probe: _Probe) -> list[DuplicateCandidate]:
        window = timedelta(days=NAME_WINDOW_DAYS)
        birth = probe.baby_birth_date
        return candidates_for_new_parent(
            probe,
            self.known.by_baby_tc,
            self.known.by_phone,
            self.known.by_key,
            self.cache.named(
                self.session,
                birth - window,
                birth + window,
                skeleton(f"{probe.baby_first_name} {probe.baby_last_name}"),
                skeleton(probe.baby_last_name),
            ),
        )

    def _touches_pending(self, probe: _Probe) -> bool:
        """Whether a pending row would be one of the candidates of ``probe``."""
        if not self.pending_known.by_key:
            return False
        known = self.pending_known
        return bool(
            candidates_for_new_parent(
                probe, known.by_baby_tc, known.by_phone, known.by_baby_tc, self.pending_rows
            )
        )

    def plan(self, row: ImportRow) -> None:
        """Check ``row`` as ``register_in_session`` would and queue it. Raises
        ApplicationInvalid (a DomainError) exactly where the row path would."""
        from desk_app.services.applications.importer import _application_input

        session, now = self.session, self.now
        data = _application_input(row, None, "")
        checked = checked_or_raise(data, self.served_names, today=self.today)
        channel_id = _channel_id(session, data.channel_code)
        notice_version = _notice_version(session, data, SOURCE_WEB)
        assert data.parent is not None
        try:
            parent = _checked_or_raise(data.parent, self.served_names)
        except ValidationError as exc:
            raise ApplicationInvalid({exc.field or "veli": exc.message}) from exc
        if parent.address is None:
            raise ApplicationInvalid(
                {
                    "mahalle": "Velinin kayıtlı adresi yok; setin teslim edileceği adresi "
                    "(mahalle, cadde/sokak, bina no) girin."
                }
            )
        if parent.phone_e164 is None:
            raise ApplicationInvalid(
                {"telefon": "Velinin kayıtlı telefonu yok; cep telefonunu girin (05xx xxx xx xx)."}
            )
        citizen: dict[str, Any] = {
            "first_name": parent.first_name,
            "last_name": parent.last_name,
            "name_folded": fold(f"{parent.first_name} {parent.last_name}"),
            "last_name_folded": fold(parent.last_name),
            "tc_kimlik_no": parent.tc_kimlik_no,
            "phone_e164": parent.phone_e164,
            "phone_reversed": _phone_reversed(parent.phone_e164),
            "email": parent.email,
            "notes": parent.notes,
            "created_by_id": self.actor.user_id,
            "version": 1,
        }
        a = parent.address
        address: dict[str, Any] = {
            "mahalle_id": self.served.get(a.mahalle) if parent.served else None,
            "mahalle_text": clean(data.parent.mahalle)[:100],
            "street": a.street,
            "building_no": a.building_no,
            "apartment_no": a.apartment_no,
            "served": parent.served,
            "source": SOURCE_WEB,
            "valid_from": utcnow(),
            "created_by_id": self.actor.user_id,
        }
        probe = self._probe(citizen, address, checked)
        if self._touches_pending(probe):
            self.write()
        found = self._candidates(probe)
        mahalle = address["mahalle_text"]
        if address["mahalle_id"] is not None:
            mahalle = self._mahalle_names().get(address["mahalle_id"]) or mahalle
        facts = EligibilityFacts(
            applied_at=checked.applied_at,
            baby_birth_date=checked.birth_date,
            baby_tc_given=checked.tc_kimlik_no is not None,
            mahalle=mahalle,
            mahalle_served=bool(address["served"] and address["mahalle_id"] is not None),
            duplicates=dup_facts(found),
        )
        decision = decide(facts, current_rules(session), checked_at=now)
        status = _STATUS_FOR[decision.result]
        best = found[0] if decision.result is EligibilityResult.DUPLICATE else None
        ineligible = status is ApplicationStatus.INELIGIBLE
        app = {
            "web_reference": checked.web_reference,
            # The list's copies of the new address's mahalle and the parent's name.
            "mahalle_id": address["mahalle_id"],
            "parent_name_folded": citizen["name_folded"],
            "phone_e164": parent.phone_e164,
            "channel_id": channel_id,
            "applied_at": checked.applied_at,
            "baby_first_name": checked.first_name,
            "baby_last_name": checked.last_name,
            "baby_name_folded": fold(f"{checked.first_name} {checked.last_name}"),
            "baby_birth_date": checked.birth_date,
            "baby_tc_kimlik_no": checked.tc_kimlik_no,
            "notice_version": notice_version,
            "notice_acknowledged_at": now,
            "notice_recorded_by_id": self.actor.user_id,
            "notice_source": SOURCE_WEB,
            "failed_attempts": 0,
            "created_by_id": self.actor.user_id,
            "created_at": now,
            "updated_at": now,
            "status": status.value,
            "eligible": decision.eligible,
            "eligibility_evidence": decision.evidence,
            "eligibility_checked_at": now,
            "duplicate_of_id": best.application_id if best else None,
            "decision_reason": " ".join(decision.reasons) or None,
            "decided_at": now if ineligible else None,
            "decided_by_id": self.actor.user_id if ineligible else None,
            "version": 1,
        }
        extra: dict[str, Any] = {"result": decision.result.value}
        if best is not None:
            extra["duplicate_of"] = best.reference
        received = (
            f"Web sitesinden aktarıldı ({checked.web_reference})."
            if checked.web_reference
            else "Web sitesinden aktarıldı."
        )
        planned = Planned(
            row=row,
            citizen=citizen,
            address=address,
            app=app,
            year=checked.applied_at.year,
            found=found,
            decision_reasons=decision.reasons,
            received_text=received,
            eligibility_text=eligibility_text(decision),
            extra=extra,
            names=(checked.first_name, checked.last_name, parent.first_name, parent.last_name),
        )
        pending_row = self._pending_row(planned)
        self.pending.append(planned)
        if pending_row.status in LIVE_STATES:
            self.pending_known.add(pending_row)
            self.pending_rows.append(pending_row)
        if parent.tc_kimlik_no:
            self.known.known_tcs.add(parent.tc_kimlik_no)

    def _mahalle_names(self) -> dict[int, str]:
        from desk_app.models import Mahalle
        from desk_app.services.citizens.records import session_memo

        session = self.session
        return session_memo(
            session,
            "mahalle_names",
            lambda: dict(session.execute(select(Mahalle.id, Mahalle.name)).all()),
        )

    # --- writing ----------------------------------------------------------------------------

    def write(self) -> list[Planned]:
        """Write the pending rows in one savepoint and return them. When the database refuses
        the batch (a concurrent desk), nothing of it is kept and the rows are replayed one by
        one through ``replay``; the written rows returned are then none."""
        batch, self.pending = self.pending, []
        self.pending_known, self.pending_rows = _Known(), []
        if not batch:
            return []
        try:
            with self.session.begin_nested():
                self._insert(batch)
        except (IntegrityError, RuntimeError):
            for planned in batch:
                if planned.citizen["tc_kimlik_no"]:
                    self.known.known_tcs.discard(planned.citizen["tc_kimlik_no"])
            self.replay(batch)
            return []
        for planned in batch:
            self._remember(planned)
        self.written.extend(batch)
        return batch

    def _insert(self, batch: list[Planned]) -> None:
        session, actor, now = self.session, self.actor, self.now
        years: dict[int, int] = {}
        for planned in batch:
            years[planned.year] = years.get(planned.year, 0) + 1
        next_number: dict[int, int] = {}
        for year in sorted(years):
            last = reserve_numbers(session, ReferenceKind.APPLICATION, year, years[year])
            next_number[year] = last - years[year] + 1
        for planned in batch:
            planned.reference = format_reference(
                ReferenceKind.APPLICATION, planned.year, next_number[planned.year]
            )
            next_number[planned.year] += 1
        citizen_ids_list = _insert_ids(session, _CITIZEN, [p.citizen for p in batch])
        for planned, cid in zip(batch, citizen_ids_list, strict=True):
            planned.address["citizen_id"] = cid
        address_ids = _insert_ids(session, _ADDRESS, [p.address for p in batch])
        for planned, cid, aid in zip(batch, citizen_ids_list, address_ids, strict=True):
            planned.app.update(
                citizen_id=cid,
                address_id=aid,
                reference=planned.reference,
                baby_key=baby_key(
                    planned.app["baby_tc_kimlik_no"],
                    cid,
                    planned.app["baby_birth_date"],
                    planned.app["baby_first_name"],
                ),
            )
        app_ids = _insert_ids(session, _APPLICATION, [p.app for p in batch])
        events: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        username = actor.username[:50]
        for planned, aid in zip(batch, app_ids, strict=True):
            planned.app_id = aid
            app = planned.app
            events.append(
                {
                    "application_id": aid,
                    "at": now,
                    "kind": EVENT_RECEIVED,
                    "user_id": actor.user_id,
                    "old_status": None,
                    "new_status": "RECEIVED",
                    "text": planned.received_text,
                    "data": None,
                }
            )
            events.append(
                {
                    "application_id": aid,
                    "at": now,
                    "kind": EVENT_ELIGIBILITY,
                    "user_id": actor.user_id,
                    "old_status": "RECEIVED",
                    "new_status": app["status"],
                    "text": planned.eligibility_text,
                    "data": planned.extra,
                }
            )
            citizen_view = cast(Any, SimpleNamespace(**planned.citizen))
            address_view = cast(Any, SimpleNamespace(**planned.address))
            for action, entity, entity_id, values in (
                (
                    "citizen.create",
                    "citizen",
                    app["citizen_id"],
                    _citizen_audit_values(citizen_view, address_view),
                ),
                (
                    "application.create",
                    "babyset_application",
                    aid,
                    _audit_values(cast(Any, SimpleNamespace(**app))),
                ),
            ):
                audits.append(
                    {
                        "at": utcnow(),
                        "user_id": actor.user_id,
                        "username": username,
                        "action": action,
                        "entity": entity,
                        "entity_id": str(entity_id),
                        "subject_citizen_id": app["citizen_id"],
                        "old_values": None,
                        "new_values": audit.snapshot(values),
                        "detail": None,
                    }
                )
        insert_rows(session, _EVENT, events)
        insert_rows(session, _AUDIT, audits)
        notify.applications_received(
            session,
            [(p.app_id, p.app["citizen_id"], p.app.get("phone_e164"), p.reference) for p in batch],
            now,
        )

    def _remember(self, planned: Planned) -> None:
        app = planned.app
        row = AppRow(
            id=planned.app_id,
            reference=planned.reference,
            status=app["status"],
            citizen_id=app["citizen_id"],
            baby_first_name=app["baby_first_name"],
            baby_last_name=app["baby_last_name"],
            baby_birth_date=app["baby_birth_date"],
            baby_tc_kimlik_no=app["baby_tc_kimlik_no"],
            baby_key=app["baby_key"],
            first_name=planned.citizen["first_name"],
            last_name=planned.citizen["last_name"],
            baby_tc_masked=_masked(app["baby_tc_kimlik_no"]),
            phone_e164=app["phone_e164"],
            mahalle_id=planned.address["mahalle_id"],
            mahalle_text=planned.address["mahalle_text"],
            street=planned.address["street"],
            building_no=planned.address["building_no"],
        )
        self.known.add(row)
        if row.status in LIVE_STATES:
            self.cache.add(
                NameRow(
                    id=row.id,
                    reference=row.reference,
                    status=row.status,
                    citizen_id=row.citizen_id,
                    baby_first_name=row.baby_first_name,
                    baby_last_name=row.baby_last_name,
                    baby_birth_date=row.baby_birth_date,
                    baby_tc_masked=row.baby_tc_masked,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    baby_skeleton=skeleton(f"{row.baby_first_name} {row.baby_last_name}"),
                    baby_last_skeleton=skeleton(row.baby_last_name),
                )
            )

    def remember_stored(self, reference: str, parent_tc: str | None = None) -> None:
        """An application the row path just wrote (its parent found or made by ``parent_tc``):
        the later rows must see it."""
        for app in _live_rows(self.session, BabySetApplication.reference == reference):
            self.known.add(app)
            if parent_tc:
                self.known.known_tcs.update(tc_access.citizens_by_tc(self.session, [parent_tc]))

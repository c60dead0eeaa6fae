"""Suspected duplicates of an application, as the clerk types and on save.

Criteria (every one compares with applications that were not cancelled):

* the same baby T.C. Kimlik No;
* the same parent (T.C. Kimlik No or record) and the same baby birth date;
* the same phone, the same address (mahalle, street, building no) and the same birth date;
* similar names: the baby's first + last name skeletons are equal, or both the parent's and the
  baby's names are similar, with birth dates at most 3 days apart.

Twins (same parent, same birth date, baby first names that are not similar) are two babies and
are not flagged; two records carrying different baby T.C. Kimlik Nos are never flagged either.
Each criterion is one indexed query (baby TC, parent + birth date, phone, birth date range).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.address import canonical_mahalle
from desk_app.domain.errors import ValidationError
from desk_app.domain.phone import normalize_phone
from desk_app.domain.tckn import validate_tckn
from desk_app.domain.text import clean, fold, skeleton
from desk_app.models import Address, BabySetApplication, Citizen
from desk_app.services.applications.common import (
    ACTIVE_STATES,
    LIVE_STATES,
    REASON_PARENT_BIRTH,
    REASON_PHONE_ADDRESS,
    REASON_SAME_BABY,
    REASON_SAME_BABY_TC,
    REASON_SIMILAR_NAMES,
    ApplicationInput,
    DuplicateCandidate,
    baby_key,
    status_label,
)
from desk_app.services.citizens import tc_access
from desk_app.services.citizens.records import _current_address, _served, similar_names
from desk_app.services.context import Actor
from desk_app.services.permissions import Action, require
from desk_app.services.uow import read_only

NAME_WINDOW_DAYS = 3
MAX_PER_CRITERION = 50
# The name rule filters in Python: every application born in the 7-day window is read (a few
# hundred in a city of Çorum's size even over many years).
MAX_NAME_WINDOW = 5000


@dataclass(frozen=True)
class Probe:
    """What is known about the application being typed or saved."""

    baby_first_name: str = ""
    baby_last_name: str = ""
    baby_birth_date: date | None = None
    baby_tc: str | None = None
    parent_citizen_id: int | None = None
    parent_tc: str | None = None
    parent_first_name: str = ""
    parent_last_name: str = ""
    phone_e164: str | None = None
    mahalle_id: int | None = None
    mahalle_text: str = ""
    street: str = ""
    building_no: str = ""
    exclude_ids: frozenset[int] = field(default_factory=frozenset)
    # The parent was created by this very registration: no application can point at them yet,
    # so the look-ups by parent (and by a baby key made of the parent) are skipped.
    parent_is_new: bool = False
    # An application on file whose baby this is (its detail view): its baby's number and key
    # are matched by this id, as desks cannot read them (``baby_tc`` is then None).
    same_as_id: int | None = None
    same_as_has_tc: bool = False

    @property
    def key(self) -> str | None:
        if self.baby_tc:
            return self.baby_tc
        if self.parent_citizen_id is None or self.baby_birth_date is None:
            return None
        return baby_key(None, self.parent_citizen_id, self.baby_birth_date, self.baby_first_name)


_COLUMNS = (
    BabySetApplication.id,
    BabySetApplication.reference,
    BabySetApplication.status,
    BabySetApplication.citizen_id,
    BabySetApplication.baby_first_name,
    BabySetApplication.baby_last_name,
    BabySetApplication.baby_birth_date,
    BabySetApplication.baby_tc_masked,  # only whether it has a number: desks cannot read it
    Citizen.first_name,
    Citizen.last_name,
)


def _rows(
    session: Session,
    *conds: ColumnElement[bool],
    address: bool = False,
    limit: int = MAX_PER_CRITERION,
) -> list[Any]:
    stmt = (
        select(
            *_COLUMNS, Address.mahalle_id, Address.mahalle_text, Address.street, Address.building_no
        )
        .join(Citizen, Citizen.id == BabySetApplication.citizen_id)
        .outerjoin(Address, Address.id == BabySetApplication.address_id)
        if address
        else select(*_COLUMNS).join(Citizen, Citizen.id == BabySetApplication.citizen_id)
    )
    stmt = stmt.where(BabySetApplication.status.in_(LIVE_STATES), *conds)
    return list(session.execute(stmt.order_by(BabySetApplication.id).limit(limit)))


def _similar_first(a: str, b: str) -> bool:
    """Baby first names that may be one name (blank: not known yet, so maybe)."""
    if not clean(a) or not clean(b):
        return True
    return similar_names(a, "x", b, "x")


def _same_address(probe: Probe, row: Any) -> bool:
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


NAME_CACHE_KEY = "desk_app.name_window_cache"


@dataclass(frozen=True)
class NameRow:
    """A live application as the similar-names check sees it, skeletons computed once."""

    id: int
    reference: str
    status: str
    citizen_id: int
    baby_first_name: str
    baby_last_name: str
    baby_birth_date: date
    baby_tc_masked: str | None
    first_name: str
    last_name: str
    baby_skeleton: str
    baby_last_skeleton: str

    @classmethod
    def of(cls, row: Any) -> NameRow:
        return cls(
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


class NameWindowCache:
    """Live applications by the baby's birth date, read once per day and kept up to date by
    the caller (an import registers thousands of applications; the desk reads the window
    each time). Put it in ``session.info[NAME_CACHE_KEY]`` for ``candidates`` to use it."""

    def __init__(self, start: date | None = None, end: date | None = None) -> None:
        self._by_day: dict[date, list[NameRow]] = {}
        # The same rows by day and by skeleton (of the whole name and of the last name): the
        # name rule only looks further at rows sharing one of them (``named``).
        self._by_name: dict[date, dict[str, list[NameRow]]] = {}
        self._span = (start, end)  # read in one query on first use (an import knows its dates)

    def rows(self, session: Session, start: date, end: date) -> list[NameRow]:
        first, last = self._span
        if first is not None and last is not None:
            self._span = (None, None)
            window = timedelta(days=NAME_WINDOW_DAYS)
            self.rows(session, first - window, last + window)
        missing = [
            start + timedelta(days=i)
            for i in range((end - start).days + 1)
            if start + timedelta(days=i) not in self._by_day
        ]
        if missing:
            wanted = set(missing)
            for day in missing:
                self._by_day[day] = []
                self._by_name[day] = {}
            for row in _rows(
                session,
                BabySetApplication.baby_birth_date >= missing[0],
                BabySetApplication.baby_birth_date <= missing[-1],
                limit=1_000_000,
            ):
                if row.baby_birth_date in wanted:
                    self._keep(NameRow.of(row))
        out: list[NameRow] = []
        for i in range((end - start).days + 1):
            out += self._by_day[start + timedelta(days=i)]
        return out

    def named(
        self, session: Session, start: date, end: date, baby_skeleton: str, last_skeleton: str
    ) -> list[NameRow]:
        """The rows of ``rows(session, start, end)`` whose whole-name skeleton is
        ``baby_skeleton`` or whose last-name skeleton is ``last_skeleton`` (a row may come
        twice); the others never pass the name rule's first test."""
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        if self._span[0] is not None or any(day not in self._by_name for day in days):
            self.rows(session, start, end)  # reads what is missing
        out: list[NameRow] = []
        for day in days:
            names = self._by_name[day]
            out += names.get(baby_skeleton, ())
            if last_skeleton != baby_skeleton:
                out += names.get(last_skeleton, ())
        return out

    def _keep(self, row: NameRow) -> None:
        self._by_day[row.baby_birth_date].append(row)
        names = self._by_name[row.baby_birth_date]
        names.setdefault(row.baby_skeleton, []).append(row)
        if row.baby_last_skeleton != row.baby_skeleton:
            names.setdefault(row.baby_last_skeleton, []).append(row)

    def copy(self) -> NameWindowCache:
        """An independent copy (a dry run's chunk adds rows that its rollback takes back)."""
        other = NameWindowCache()
        other._span = self._span
        other._by_day = {day: list(rows) for day, rows in self._by_day.items()}
        other._by_name = {
            day: {key: list(rows) for key, rows in names.items()}
            for day, names in self._by_name.items()
        }
        return other

    def add(self, row: NameRow) -> None:
        if row.baby_birth_date in self._by_day:
            self._keep(row)


def as_candidates(found: dict[int, tuple[Any, list[str]]]) -> list[DuplicateCandidate]:
    """The rows found with their reasons, active ones first, then by how many reasons."""
    out = [
        DuplicateCandidate(
            application_id=row.id,
            reference=row.reference,
            status=row.status,
            status_label=status_label(row.status),
            parent_name=f"{row.first_name} {row.last_name}",
            baby_name=f"{row.baby_first_name} {row.baby_last_name}",
            baby_birth_date=row.baby_birth_date,
            reasons=tuple(reasons),
        )
        for row, reasons in found.values()
    ]
    out.sort(key=lambda c: (c.status not in ACTIVE_STATES, -len(c.reasons), c.application_id))
    return out


def candidates(session: Session, probe: Probe) -> list[DuplicateCandidate]:
    """Suspected duplicates of ``probe``, best first (the one holding the set, most reasons)."""
    found: dict[int, tuple[Any, list[str]]] = {}
    # The rows carrying the probe's baby number, found through tc_access (desks cannot read
    # the numbers): any other row with a number is another baby.
    same_tc: set[int] = set()
    tc_cond: ColumnElement[bool] | None = None
    if probe.baby_tc:
        tc_cond = tc_access.baby_tc_in(session, [probe.baby_tc])
    elif probe.same_as_id is not None and probe.same_as_has_tc:
        tc_cond = tc_access.same_baby_tc_as(session, probe.same_as_id)

    def add(row: Any, reason: str) -> None:
        if row.id in probe.exclude_ids:
            return
        if tc_cond is not None and row.baby_tc_masked is not None and row.id not in same_tc:
            return  # two different identity numbers: two babies
        entry = found.setdefault(row.id, (row, []))
        if reason not in entry[1]:
            entry[1].append(reason)

    birth = probe.baby_birth_date
    if tc_cond is not None:
        tc_rows = _rows(session, tc_cond)
        same_tc.update(row.id for row in tc_rows)
        for row in tc_rows:
            add(row, REASON_SAME_BABY_TC)
    if birth is not None:
        parent_ids: set[int] = set()
        if probe.parent_citizen_id is not None:
            parent_ids.add(probe.parent_citizen_id)
        if probe.parent_tc:
            parent_ids.update(
                session.scalars(
                    select(Citizen.id).where(tc_access.citizen_tc_in(session, [probe.parent_tc]))
                )
            )
        if parent_ids and not probe.parent_is_new:
            for row in _rows(
                session,
                BabySetApplication.citizen_id.in_(parent_ids),
                BabySetApplication.baby_birth_date == birth,
            ):
                if _similar_first(probe.baby_first_name, row.baby_first_name):
                    add(row, REASON_PARENT_BIRTH)
        if probe.phone_e164:
            for row in _rows(
                session,
                BabySetApplication.phone_e164 == probe.phone_e164,
                BabySetApplication.baby_birth_date == birth,
                address=True,
            ):
                if _same_address(probe, row) and _similar_first(
                    probe.baby_first_name, row.baby_first_name
                ):
                    add(row, REASON_PHONE_ADDRESS)
        if clean(probe.baby_first_name) and clean(probe.baby_last_name):
            window = timedelta(days=NAME_WINDOW_DAYS)
            baby = skeleton(f"{probe.baby_first_name} {probe.baby_last_name}")
            baby_last = skeleton(probe.baby_last_name)
            cache = session.info.get(NAME_CACHE_KEY)
            rows = (
                cache.named(session, birth - window, birth + window, baby, baby_last)
                if isinstance(cache, NameWindowCache)
                else (
                    NameRow.of(r)
                    for r in _rows(
                        session,
                        BabySetApplication.baby_birth_date >= birth - window,
                        BabySetApplication.baby_birth_date <= birth + window,
                        limit=MAX_NAME_WINDOW,
                    )
                )
            )
            for row in rows:
                # Similar babies share the skeleton of the whole name or of the last name
                # (similar_names); anything else is ruled out before the slower comparisons.
                if row.baby_skeleton != baby and row.baby_last_skeleton != baby_last:
                    continue
                same_baby = baby == row.baby_skeleton
                similar = (
                    bool(clean(probe.parent_first_name))
                    and similar_names(
                        probe.parent_first_name,
                        probe.parent_last_name,
                        row.first_name,
                        row.last_name,
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
    key = probe.key
    key_cond: ColumnElement[bool] | None = None
    if probe.same_as_id is not None:
        key_cond = tc_access.same_baby_key_as(session, probe.same_as_id)
    elif key is not None and (probe.baby_tc or not probe.parent_is_new):
        key_cond = tc_access.baby_key_in(session, [key])
    if key_cond is not None:
        for row in _rows(session, key_cond, BabySetApplication.status.in_(ACTIVE_STATES)):
            add(row, REASON_SAME_BABY)
    return as_candidates(found)


# --- as the clerk types -----------------------------------------------------------------


def _lenient_tc(value: str) -> str | None:
    try:
        return validate_tckn(value) if value.strip() else None
    except ValidationError:
        return None


def _lenient_phone(value: str) -> str | None:
    try:
        return normalize_phone(value) if value.strip() else None
    except ValidationError:
        return None


def probe_from_input(session: Session, data: ApplicationInput) -> Probe:
    """A probe from a form that may be half typed (invalid parts are simply not used)."""
    parent_id = data.parent_citizen_id
    values: dict[str, Any] = {}
    if data.parent is not None:
        p = data.parent
        values.update(
            parent_tc=_lenient_tc(p.tc_kimlik_no),
            parent_first_name=p.first_name,
            parent_last_name=p.last_name,
            phone_e164=_lenient_phone(p.phone),
            mahalle_text=clean(p.mahalle),
            street=clean(p.street),
            building_no=clean(p.building_no),
        )
        served = _served(session)
        canonical = canonical_mahalle(p.mahalle, served)
        values["mahalle_id"] = served.get(canonical) if canonical is not None else None
        if parent_id is None and values["parent_tc"]:
            parent_id = session.scalar(
                select(Citizen.id).where(tc_access.citizen_tc_in(session, [values["parent_tc"]]))
            )
    elif parent_id is not None:
        citizen = session.get(Citizen, parent_id)
        if citizen is not None:
            address = _current_address(session, parent_id)
            values.update(  # no parent_tc: the unique number names this parent_citizen_id
                parent_first_name=citizen.first_name,
                parent_last_name=citizen.last_name,
                phone_e164=citizen.phone_e164,
            )
            if address is not None:
                values.update(
                    mahalle_id=address.mahalle_id,
                    mahalle_text=address.mahalle_text,
                    street=address.street,
                    building_no=address.building_no,
                )
    return Probe(
        baby_first_name=data.baby_first_name,
        baby_last_name=data.baby_last_name,
        baby_birth_date=data.baby_birth_date,
        baby_tc=_lenient_tc(data.baby_tc_kimlik_no),
        parent_citizen_id=parent_id,
        **values,
    )


def find_duplicates(db: Database, actor: Actor, data: ApplicationInput) -> list[DuplicateCandidate]:
    """Suspected duplicates of the application on the form, best first (no audit row: it
    runs on every keystroke and shows no personal data beyond names and references)."""
    require(actor, Action.REGISTER_APPLICATION)
    with read_only(db) as session:
        return candidates(session, probe_from_input(session, data))

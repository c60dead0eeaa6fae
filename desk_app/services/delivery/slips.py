"""The paper loop: printing a day's route sheets and QR-coded slips, reprints that void the old
slip, reading a scanned slip back, confirming its outcome once, and the desk pickup receipt.

A slip's token is ``HGB1-<delivery id>-<print serial>-<MAC>`` (desk_app.domain.slip_token),
signed with the installation's key: no personal data is in it. Printing raises the delivery's
print serial, so only the newest slip of a delivery verifies; the print is audited per
delivery (who printed whose data). The PDF is rendered before anything is written; the serials
are then raised in one transaction that refuses to go on if another desk printed the same
deliveries meanwhile, and only then is the file put in place.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from desk_app.db import Database
from desk_app.domain.clock import LOCAL_TZ, local_date
from desk_app.domain.errors import Conflict, DomainError, NotFound, ValidationError
from desk_app.domain.phone import format_phone
from desk_app.domain.slip_token import (
    SlipKey,
    TokenError,
    make_short_code,
    make_token,
    new_secret,
    parse_any,
)
from desk_app.domain.states import DeliveryKind, DeliveryOutcome
from desk_app.domain.text import clean, fold, sort_key
from desk_app.models import (
    BabySetApplication,
    Citizen,
    Delivery,
    DeliveryAttempt,
    InstallationSecret,
    SetEdition,
    Team,
    TeamDay,
    User,
    utcnow,
)
from desk_app.services import audit
from desk_app.services.context import Actor
from desk_app.services.delivery.common import (
    BOOKED,
    DONE,
    DeliveryRow,
    OutcomeInput,
    dialect_insert,
    outcome_label,
    window_text,
)
from desk_app.services.delivery.outcomes import AlreadyRecorded, SlipVoided, record_outcome
from desk_app.services.delivery.plan import delivery_row, delivery_rows, in_route_order
from desk_app.services.files import staged_file
from desk_app.services.permissions import Action, require
from desk_app.services.uow import on_postgres, read_only, unit_of_work

SECRET_NAME = "slip_token_key"
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
PageSize = Literal["A4", "A5"]

# Why a scanned slip is refused (``ScanResult.reason``).
REASON_MALFORMED = "malformed"
REASON_FORGED = "forged"
REASON_UNKNOWN = "unknown"
REASON_VOIDED = "voided"
REASON_USED = "used"
REASON_CANCELLED = "cancelled"
REASON_INVALID = "invalid"
REASON_LABELS: dict[str, str] = {
    REASON_MALFORMED: "Okunamayan kod",
    REASON_FORGED: "Sahte ya da hatalı kod",
    REASON_UNKNOWN: "Bilinmeyen teslimat",
    REASON_VOIDED: "Geçersiz fiş (yeniden basılmış)",
    REASON_USED: "Daha önce işlenmiş fiş",
    REASON_CANCELLED: "İptal edilmiş teslimat",
    REASON_INVALID: "Eksik ya da hatalı bilgi",
}


# --- the installation's key ---------------------------------------------------------------


class _ServerKey:
    """The slip key of a PostgreSQL database: no application role may read it (revision sec01);
    the server signs (``desk_slip_mac``, only a delivery's current or next print) and verifies
    (``desk_slip_verify``). MACs are fetched before the PDF is drawn (``prefetch``)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._macs: dict[tuple[int, int], str] = {}

    def prefetch(self, pairs: Sequence[tuple[int, int]]) -> None:
        missing = [p for p in pairs if p not in self._macs]
        if not missing:
            return
        with self._engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT d, s, desk_slip_mac(d, s) FROM unnest("
                    "CAST(:ids AS bigint[]), CAST(:serials AS integer[])) AS t(d, s)"
                ),
                {"ids": [d for d, _ in missing], "serials": [s for _, s in missing]},
            )
            for d, s, mac in rows:
                self._macs[(int(d), int(s))] = str(mac)

    def mac(self, delivery_id: int, serial: int) -> str:
        self.prefetch([(delivery_id, serial)])
        return self._macs[(delivery_id, serial)]

    def verify(self, delivery_id: int, serial: int, mac: str) -> bool:
        with self._engine.connect() as conn:
            return bool(
                conn.execute(
                    text("SELECT desk_slip_verify(:d, :s, :m)"),
                    {"d": delivery_id, "s": serial, "m": mac},
                ).scalar()
            )


def slip_secret(session: Session) -> SlipKey:
    """The key that signs slip tokens, made once per database (two desks starting at once
    end with the same key). On PostgreSQL the server keeps it (``_ServerKey``)."""
    if on_postgres(session):
        return _ServerKey(session.get_bind())
    stored = session.get(InstallationSecret, SECRET_NAME)
    if stored is None:
        with session.begin_nested():
            session.execute(
                dialect_insert(session, InstallationSecret)
                .values(name=SECRET_NAME, value=new_secret().hex(), created_at=utcnow())
                .on_conflict_do_nothing(index_elements=["name"])
            )
        stored = session.get(InstallationSecret, SECRET_NAME, populate_existing=True)
        assert stored is not None
    return bytes.fromhex(stored.value)


# --- printing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintSummary:
    path: Path
    pages: int
    slips: int
    route_sheets: int
    deliveries: tuple[int, ...]
    reprinted: tuple[int, ...]  # deliveries whose earlier slip is now void


@dataclass
class _Planned:
    row: DeliveryRow
    serial: int  # the serial the new slip carries
    citizen_id: int
    baby_name: str
    edition_name: str
    contents: tuple[str, ...]
    team_members: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    phone: str = ""  # the whole number, printed on the team's route sheet only


def _gather(session: Session, rows: Sequence[DeliveryRow]) -> list[_Planned]:
    ids = [r.id for r in rows]
    apps = {
        d_id: (citizen_id, f"{first} {last}", format_phone(phone) if phone else "")
        for d_id, citizen_id, first, last, phone in session.execute(
            select(
                Delivery.id,
                BabySetApplication.citizen_id,
                BabySetApplication.baby_first_name,
                BabySetApplication.baby_last_name,
                Citizen.phone_e164,
            )
            .join(BabySetApplication, BabySetApplication.id == Delivery.application_id)
            .join(Citizen, Citizen.id == BabySetApplication.citizen_id)
            .where(Delivery.id.in_(ids))
        )
    }
    editions = {
        e.name: tuple(line for line in e.contents.splitlines() if line.strip())
        for e in session.scalars(select(SetEdition))
    }
    members = {t.name: t.members for t in session.scalars(select(Team))}
    return [
        _Planned(
            row=r,
            serial=r.print_serial + 1,
            citizen_id=apps[r.id][0],
            baby_name=apps[r.id][1],
            edition_name=r.edition_name or "Hoş Geldin Bebek seti",
            contents=editions.get(r.edition_name or "", ()),
            team_members=members.get(r.team_name or "", ""),
            phone=apps[r.id][2],
        )
        for r in rows
    ]


def _slip(secret: SlipKey, p: _Planned, printed: date) -> Any:
    from desk_app.printing.model import SlipData

    r = p.row
    pickup = r.kind == DeliveryKind.PICKUP.value
    return SlipData(
        delivery_id=r.id,
        token=make_token(secret, r.id, p.serial),
        short_code=make_short_code(secret, r.id, p.serial),
        slip_reference=r.reference,
        print_date=printed,
        recipient_name=r.parent_name,
        phone_masked=r.phone_masked,
        mahalle=r.mahalle,
        street=r.street,
        building_no=r.building_no,
        apartment_no=r.apartment_no,
        delivery_date=r.day,
        kind=DeliveryKind(r.kind),
        edition_name=p.edition_name,
        edition_contents=p.contents,
        team_name=r.team_name or "",
        pickup_window=(
            f"Gönül Kapısı, {window_text(r.start_time, r.end_time)}"
            if pickup and r.start_time and r.end_time
            else ""
        ),
        route_order=r.route_order,
        baby_name=p.baby_name,
        print_serial=p.serial,
    )


def _batches(
    secret: SlipKey, planned: list[_Planned], now: datetime
) -> list[tuple[Any, list[Any]]]:
    from desk_app.printing.model import RouteRow, RouteSheetData

    groups: dict[tuple[date, str], list[_Planned]] = {}
    for p in planned:
        groups.setdefault((p.row.day, p.row.team_name or ""), []).append(p)
    out = []
    for (day, team), items in sorted(groups.items(), key=lambda kv: (kv[0][0], sort_key(kv[0][1]))):
        items.sort(key=lambda p: (p.row.route_order, p.row.id))
        slips = [_slip(secret, p, local_date(now)) for p in items]
        members = tuple(m.strip() for m in items[0].team_members.split(",") if m.strip())
        sheet = RouteSheetData(
            team_name=team,
            day=day,
            members=members,
            rows=tuple(
                RouteRow.from_slip(s, phone=p.phone) for s, p in zip(slips, items, strict=True)
            ),
            printed_at=now.astimezone(LOCAL_TZ),
        )
        out.append((sheet, slips))
    return out


def _team_filter(session: Session, team_name: str | None) -> list[Any]:
    if not team_name:
        return []
    wanted = fold(team_name)
    team = next((t for t in session.scalars(select(Team)) if fold(t.name) == wanted), None)
    if team is None:
        names = ", ".join(sorted((t.name for t in session.scalars(select(Team))), key=sort_key))
        raise ValidationError(
            f"‘{team_name}’ adında bir ekip yok; ekipler: {names or '(tanımlı ekip yok)'}.", "ekip"
        )
    return [TeamDay.team_id == team.id]


def _commit_print(
    db: Database, actor: Actor, planned: list[_Planned], now: datetime, what: str
) -> tuple[int, ...]:
    """Raise the serials (only where nobody printed meanwhile) and audit each print."""
    reprinted = []
    with unit_of_work(db) as session:
        for p in planned:
            result = session.execute(
                update(Delivery)
                .where(
                    Delivery.id == p.row.id,
                    Delivery.print_serial == p.serial - 1,
                    Delivery.status == BOOKED,
                )
                .values(print_serial=p.serial, printed_at=now)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) != 1:
                raise Conflict(
                    f"{p.row.reference} fişi bu arada başka bir masada basıldı ya da teslimat "
                    "değişti; hiçbir fiş geçerli sayılmadı. Yeniden yazdırın.",
                    "fis",
                )
            if p.serial > 1:
                reprinted.append(p.row.id)
            audit.record(
                session,
                actor,
                "slip.reprint" if p.serial > 1 else "slip.print",
                "delivery",
                p.row.id,
                old={"print_serial": p.serial - 1} if p.serial > 1 else None,
                new={"print_serial": p.serial},
                detail=what,
                subject_citizen_id=p.citizen_id,
            )
    return tuple(reprinted)


def print_slips(
    db: Database,
    actor: Actor,
    out: str | Path,
    *,
    day_from: date,
    day_to: date | None = None,
    team_name: str | None = None,
    page_size: PageSize = "A4",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    now: datetime | None = None,
) -> PrintSummary:
    """Route sheets and slips of the booked home deliveries from ``day_from`` to ``day_to``
    (one team, or every team), each team's sheet before its slips. Deliveries printed before
    get a new slip and their old one is void. ``PrintCancelled`` leaves everything as it was."""
    require(actor, Action.PRINT_SLIPS)
    now = now or utcnow()
    day_to = day_to or day_from
    if day_to < day_from:
        raise ValidationError("Bitiş günü başlangıç gününden önce olamaz.", "tarih")
    if (day_to - day_from).days > 31:
        raise ValidationError("En fazla 31 günlük fiş bir seferde basılabilir.", "tarih")
    with read_only(db) as session:
        secret = slip_secret(session) if _has_secret(session) else None
        rows = in_route_order(
            delivery_rows(
                session,
                Delivery.status == BOOKED,
                Delivery.kind == DeliveryKind.HOME.value,
                Delivery.scheduled_date >= day_from,
                Delivery.scheduled_date <= day_to,
                *_team_filter(session, team_name),
            )
        )
        planned = _gather(session, rows)
    if secret is None:
        with unit_of_work(db) as session:
            secret = slip_secret(session)
    return _print(
        db,
        actor,
        out,
        planned,
        secret,
        page_size,
        progress,
        cancelled,
        now,
        "batch",
        route_sheets=True,
    )


def reprint_slips(
    db: Database,
    actor: Actor,
    delivery_ids: Sequence[int],
    out: str | Path,
    *,
    page_size: PageSize = "A4",
    now: datetime | None = None,
) -> PrintSummary:
    """New slips for chosen deliveries (a slip was lost or torn): the old ones are void."""
    require(actor, Action.PRINT_SLIPS)
    now = now or utcnow()
    with read_only(db) as session:
        rows = delivery_rows(session, Delivery.id.in_(list(delivery_ids)))
        not_booked = [r.reference for r in rows if r.status != BOOKED]
        if not_booked:
            raise ValidationError(
                "Sonucu girilmiş teslimatın fişi yeniden basılamaz: " + ", ".join(not_booked),
                "fis",
            )
        if len(rows) != len(set(delivery_ids)):
            raise NotFound("Seçilen teslimatlardan biri bulunamadı; listeyi yenileyin.")
        planned = _gather(session, rows)
    with unit_of_work(db) as session:
        secret = slip_secret(session)
    return _print(
        db, actor, out, planned, secret, page_size, None, None, now, "reprint", route_sheets=False
    )


def _has_secret(session: Session) -> bool:
    if on_postgres(session):
        return True  # made by the migration; no application role may look at it
    return session.get(InstallationSecret, SECRET_NAME) is not None


def _print(
    db: Database,
    actor: Actor,
    out: str | Path,
    planned: list[_Planned],
    secret: SlipKey,
    page_size: PageSize,
    progress: Progress | None,
    cancelled: Cancelled | None,
    now: datetime,
    what: str,
    *,
    route_sheets: bool,
) -> PrintSummary:
    from desk_app.printing.render import render_batch, render_slips

    if isinstance(secret, _ServerKey):
        secret.prefetch([(p.row.id, p.serial) for p in planned])
    batches = _batches(secret, planned, now) if route_sheets else []

    def render(fh: Any) -> int:
        if route_sheets:
            return render_batch(fh, batches, page_size, progress, cancelled)
        slips = [_slip(secret, p, local_date(now)) for p in planned]
        return render_slips(fh, slips, page_size, progress, cancelled)

    tmp, pages = staged_file(out, render, suffix=".pdf", purpose="PDF")
    try:
        reprinted = _commit_print(db, actor, planned, now, what)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out)
    return PrintSummary(
        path=Path(out),
        pages=pages,
        slips=len(planned),
        route_sheets=len(batches),
        deliveries=tuple(p.row.id for p in planned),
        reprinted=reprinted,
    )


# --- reading a slip back ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanResult:
    ok: bool
    reason: str | None  # REASON_* when refused
    message: str  # Turkish, for the clerk
    delivery: DeliveryRow | None = None
    baby_name: str = ""
    serial: int | None = None
    application_status: str | None = None
    pickup_first: bool = False

    @property
    def reference(self) -> str | None:
        return self.delivery.reference if self.delivery else None

    def to_dict(self) -> dict[str, Any]:
        d = self.delivery
        return {
            "ok": self.ok,
            "reference": d.reference if d else None,
            "reason": self.reason,
            "message": self.message,
            "delivery_id": d.id if d else None,
            "kind": d.kind if d else None,
            "day": d.day.isoformat() if d else None,
            "team": d.team_name if d else None,
            "status": d.status if d else None,
            "application_status": self.application_status,
            "pickup_first": self.pickup_first,
        }


def _refused(reason: str, message: str, row: DeliveryRow | None = None) -> ScanResult:
    return ScanResult(ok=False, reason=reason, message=message, delivery=row)


def _check(session: Session, text: str) -> ScanResult:
    secret = slip_secret(session)
    try:
        token = parse_any(text, secret)
    except TokenError as exc:
        return _refused(exc.reason, str(exc))
    delivery = session.get(Delivery, token.delivery_id)
    if delivery is None:
        return _refused(REASON_UNKNOWN, "Bu kodla eşleşen bir teslimat yok.")
    row = delivery_row(session, delivery.id)
    baby = session.scalar(
        select(BabySetApplication.baby_first_name + " " + BabySetApplication.baby_last_name).where(
            BabySetApplication.id == delivery.application_id
        )
    )
    if token.serial != delivery.print_serial:
        return _refused(
            REASON_VOIDED,
            f"Bu fiş geçersiz: {row.reference} için fiş yeniden basıldı ({delivery.print_serial}. "
            "baskı). Son basılan fişi okutun.",
            row,
        )
    if delivery.status == DONE or delivery.status == "FAILED":
        attempt = session.scalar(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id == delivery.id)
            .order_by(DeliveryAttempt.at.desc())
        )
        when = f" ({attempt.at.astimezone(LOCAL_TZ):%d.%m.%Y %H:%M})" if attempt else ""
        what = outcome_label(attempt.outcome) if attempt else row.status_label
        return _refused(
            REASON_USED,
            f"Bu fiş daha önce işlendi: {row.reference} — {what}{when}. Aynı fiş bir kez işlenir.",
            row,
        )
    if delivery.status != BOOKED:
        return _refused(
            REASON_CANCELLED, f"{row.reference} teslimatı iptal edilmiş; fiş geçersiz.", row
        )
    return ScanResult(
        ok=True,
        reason=None,
        message=f"{row.reference} — {row.parent_name}",
        delivery=row,
        baby_name=baby or "",
        serial=token.serial,
    )


def lookup_slip(db: Database, actor: Actor, text: str) -> ScanResult:
    """What a scanned (or typed) slip code refers to, or why it is refused; writes nothing
    except, once per database, the signing key."""
    require(actor, Action.RECORD_DELIVERY_OUTCOME)
    with unit_of_work(db) as session:
        return _check(session, text)


def confirm_slip(
    db: Database,
    actor: Actor,
    text: str,
    outcome: DeliveryOutcome,
    *,
    received_by: str = "",
    relation: str = "",
    note: str = "",
    at: datetime | None = None,
    now: datetime | None = None,
) -> ScanResult:
    """Record the outcome written on a scanned slip: once per slip; a void, used, forged or
    malformed code is refused with its reason and nothing is written. The first look checks
    the code; ``record_outcome`` checks the serial and the state again with the delivery row
    locked, in the transaction that writes, so a reprint landing in between voids the slip."""
    require(actor, Action.RECORD_DELIVERY_OUTCOME)
    with unit_of_work(db) as session:
        checked = _check(session, text)
    if not checked.ok or checked.delivery is None:
        return checked
    if outcome is DeliveryOutcome.DELIVERED and not clean(relation) and clean(received_by):
        relation = "Belirtilmedi"
    try:
        result = record_outcome(
            db,
            actor,
            checked.delivery.id,
            OutcomeInput(
                outcome=outcome,
                received_by=received_by,
                relation=relation,
                note=note,
                at=at,
                print_serial=checked.serial,
            ),
            now=now,
        )
    except SlipVoided as exc:
        return _refused(REASON_VOIDED, str(exc), checked.delivery)
    except AlreadyRecorded as exc:
        return _refused(REASON_USED, str(exc), checked.delivery)
    except DomainError as exc:
        return _refused(REASON_INVALID, str(exc), checked.delivery)
    label = outcome_label(outcome.value)
    return ScanResult(
        ok=True,
        reason=None,
        message=f"{result.delivery.reference}: {label}",
        delivery=result.delivery,
        baby_name=checked.baby_name,
        serial=checked.serial,
        application_status=result.application_status,
        pickup_first=result.pickup_first,
    )


# --- the desk pickup receipt ---------------------------------------------------------------------


def print_receipt(
    db: Database, actor: Actor, delivery_id: int, out: str | Path, *, page_size: PageSize = "A4"
) -> Path:
    """The hand-over record of a set given out (at the desk or by a team), two copies to sign."""
    require(actor, Action.PRINT_SLIPS)
    from desk_app.printing.model import ReceiptData
    from desk_app.printing.render import render_receipt

    with read_only(db) as session:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None:
            raise NotFound("Teslimat bulunamadı; listeyi yenileyin.")
        if delivery.status != DONE:
            raise ValidationError(
                "Tutanak yalnızca teslim edilmiş bir set için basılır; önce teslimi kaydedin.",
                "teslimat",
            )
        row = delivery_row(session, delivery_id)
        attempt = session.scalar(
            select(DeliveryAttempt)
            .where(
                DeliveryAttempt.delivery_id == delivery_id, DeliveryAttempt.outcome == "DELIVERED"
            )
            .order_by(DeliveryAttempt.at.desc())
        )
        assert attempt is not None
        desk_user = (
            session.scalar(select(User.full_name).where(User.id == attempt.confirmed_by_id))
            if attempt.confirmed_by_id
            else actor.full_name or actor.username
        )
        planned = _gather(session, [row])[0]
        receipt = ReceiptData(
            slip_reference=row.reference,
            recipient_name=row.parent_name,
            phone_masked=row.phone_masked,
            received_by=attempt.received_by or "",
            relation=attempt.relation or "",
            handed_over_at=attempt.at.astimezone(LOCAL_TZ),
            edition_name=planned.edition_name,
            edition_contents=planned.contents,
            desk_user_name=desk_user or "",
        )
        citizen_id = planned.citizen_id
    tmp, _pages = staged_file(
        out, lambda fh: render_receipt(fh, receipt, page_size), suffix=".pdf", purpose="PDF"
    )
    with unit_of_work(db) as session:
        audit.record(
            session,
            actor,
            "receipt.print",
            "delivery",
            delivery_id,
            subject_citizen_id=citizen_id,
        )
    os.replace(tmp, out)
    return Path(out)


def parse_outcome(text: str) -> DeliveryOutcome:
    """``delivered``, ``not-home``, ``wrong-address``, ``refused``, ``other`` (command line)."""
    key = text.strip().lower().replace("-", "_")
    try:
        return DeliveryOutcome(key.upper())
    except ValueError:
        raise ValidationError(
            f"‘{text}’ bir teslim sonucu değil; delivered, not-home, wrong-address, refused "
            "veya other yazın.",
            "outcome",
        ) from None
